/**
 * Entities: people, organisations, places/countries and nationalities named in an article, each with its
 * mentions (offsets into the normalised body text) and one canonical form that unifies aliases
 * ("Russian Federation" = "Russia", "U.S." = "USA" = "United States"), spelling variants within the article
 * ("Darayya" = "Daraya") and short references ("Kerry" = "John Kerry").
 */
import type { NormalisedArticle } from '../types.js';
import { analyse } from './_scan.js';

export { type AliasGroup, type AliasInconsistency, aliasGroups, findAliasInconsistencies } from './_alias.js';
export { isCommonWord, isDayOrMonth, isStrictFunctionWord } from './_lex.js';
export { PERSON_TITLES } from './gazetteer.js';

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

/** A word of the body text, as the entity stage tokenised it. */
export interface EntityWord {
  /** Surface without a possessive ending. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** Followed by a possessive ’s / 's (not included in `text`/`end`). */
  readonly poss: boolean;
  /** Index of the sentence holding this word (-1 when outside every sentence). */
  readonly sent: number;
  readonly paragraph: number;
  /** First word of its sentence, or first word after an opening quote mark / colon. */
  readonly initial: boolean;
  /** Starts with an upper-case letter (or is an "al-"-style name particle joined to one). */
  readonly cap: boolean;
  /** Index into `EntityAnalysis.words`. */
  readonly i: number;
}

/** One name mention, as a span of words. */
export interface NameMention {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly type: Entity['type'];
  /** Canonical form of this mention alone (before it was unified with the others of its entity). */
  readonly canonical: string;
  /** First and last word of the mention (indices into `EntityAnalysis.words`). */
  readonly w0: number;
  readonly w1: number;
  /** Index of its entity in `EntityAnalysis.entities` / `profiles`. */
  readonly entity: number;
}

/** What the entity stage knows of an entity beyond `Entity`: gender and the roles it was given. */
export interface EntityProfile {
  /** Index in `EntityAnalysis.entities` / `profiles`. */
  readonly id: number;
  readonly canonical: string;
  readonly type: Entity['type'];
  readonly mentions: readonly NameMention[];
  readonly gender?: 'm' | 'f' | undefined;
  /** Role words seen with its mentions ("minister", "foreign minister"). */
  readonly titles: ReadonlySet<string>;
}

/**
 * The entity stage's output for one document, computed once and passed on to later stages (quotes): the
 * entities, plus the words and name spans they were found in.
 */
export interface EntityAnalysis {
  /** Entities of the article body, in order of first mention (what `extractEntities` returns). */
  readonly entities: Entity[];
  /** Same order as `entities`. */
  readonly profiles: readonly EntityProfile[];
  readonly words: readonly EntityWord[];
  /** Word index → the name mention covering it. */
  readonly mentionAt: ReadonlyMap<number, NameMention>;
}

/** The entity analysis of the article body. Pure; deterministic. */
export function analyseEntities(doc: NormalisedArticle): EntityAnalysis {
  const a = analyse(doc);
  const entities = a.entities.map((e) => {
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
  return { entities, profiles: a.entities, words: a.words, mentionAt: a.mentionAt };
}

/** Entities of the article body, in order of first mention. Pure; deterministic. */
export function extractEntities(doc: NormalisedArticle): Entity[] {
  return analyseEntities(doc).entities;
}
