/**
 * Entities: people, organisations, places/countries and nationalities named in an article, each with its
 * mentions (offsets into the normalised body text) and one canonical form that unifies aliases
 * ("Russian Federation" = "Russia", "U.S." = "USA" = "United States"), spelling variants within the article
 * ("Darayya" = "Daraya") and short references ("Kerry" = "John Kerry").
 */
import type { NormalisedArticle } from '../types.js';
import { analyse } from './_scan.js';

export { type AliasGroup, type AliasInconsistency, aliasGroups, findAliasInconsistencies } from './_alias.js';

export interface EntityMention {
  text: string;
  start: number;
  end: number;
}

export interface Entity {
  /** Surface form of the first mention. */
  text: string;
  canonical: string;
  type: 'person' | 'organization' | 'place' | 'nationality';
  mentions: EntityMention[];
  /** Distinct surface forms, in order of first appearance. */
  aliases: string[];
}

/** Entities of the article body, in order of first mention. Pure; deterministic. */
export function extractEntities(doc: NormalisedArticle): Entity[] {
  return analyse(doc).entities.map((e) => {
    const mentions = e.mentions.map((m) => ({ text: m.text, start: m.start, end: m.end }));
    const aliases: string[] = [];
    for (const m of mentions) if (!aliases.includes(m.text)) aliases.push(m.text);
    return {
      text: mentions[0]?.text ?? e.canonical,
      canonical: e.canonical,
      type: e.type,
      mentions,
      aliases,
    };
  });
}
