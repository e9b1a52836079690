/**
 * Alias groups and alias inconsistencies: one article naming the same entity in two surface forms of
 * the kind a synonym spinner (or a stitcher of several wire reports) produces. A full name followed by
 * its surname or its usual acronym ("John Kerry" … "Kerry", "United Nations" … "U.N.") is ordinary style
 * and not reported; two full names (Russia / Russian Federation), two abbreviations (US / USA / U.S.) or
 * two spellings (Darayya / Daraya) are.
 */

import { editDistance } from '../normalise/index.js';
import { foldName, variantKey } from './_scan.js';
import type { Entity, EntityMention } from './index.js';

export interface AliasForm {
  text: string;
  count: number;
  /** Offset of the first mention with this form. */
  firstStart: number;
}

export interface AliasGroup {
  canonical: string;
  type: Entity['type'];
  /** Distinct surface forms (possessives and a leading "the" dropped), in order of first appearance. */
  forms: AliasForm[];
}

export interface AliasInconsistency {
  canonical: string;
  type: Entity['type'];
  /** Why the forms are suspicious: two different full names, two abbreviation styles, or two spellings. */
  reason: 'alias' | 'abbreviation' | 'spelling';
  /** All distinct surface forms of the entity in this article, in order of first appearance. */
  forms: string[];
  mentions: EntityMention[];
}

function cleanForm(s: string): string {
  return s.replace(/^the\s+/i, '').replace(/['’]s$/, '');
}

function isAcronym(s: string): boolean {
  return /^(?:\p{Lu}\.?){2,6}$/u.test(s);
}

function tokenSet(s: string): string[] {
  return foldName(s).split(' ').filter(Boolean);
}

/** True when every token of `a` is a token of `b` (a short reference to a longer name). */
function isSubName(a: string, b: string): boolean {
  const ta = tokenSet(a);
  const tb = new Set(tokenSet(b));
  return ta.length < tb.size && ta.every((t) => tb.has(t));
}

/** Entities named by two or more distinct surface forms in this article. */
export function aliasGroups(entities: readonly Entity[]): AliasGroup[] {
  const out: AliasGroup[] = [];
  for (const e of entities) {
    const forms = new Map<string, AliasForm>();
    for (const m of e.mentions) {
      const f = cleanForm(m.text);
      const cur = forms.get(f);
      if (cur) cur.count++;
      else forms.set(f, { text: f, count: 1, firstStart: m.start });
    }
    if (forms.size < 2) continue;
    out.push({
      canonical: e.canonical,
      type: e.type,
      forms: [...forms.values()].sort((a, b) => a.firstStart - b.firstStart),
    });
  }
  return out;
}

/** Alias groups whose forms a spinner or a stitcher would produce (see the module comment). */
export function findAliasInconsistencies(entities: readonly Entity[]): AliasInconsistency[] {
  const out: AliasInconsistency[] = [];
  const byCanonical = new Map(entities.map((e) => [`${e.type}\u0000${e.canonical}`, e]));
  for (const g of aliasGroups(entities)) {
    if (g.type === 'nationality') continue;
    const texts = g.forms.map((f) => f.text);
    const acronyms = texts.filter(isAcronym);
    const full = texts.filter((t) => !isAcronym(t));
    const fullReduced = full.filter((t) => !full.some((o) => o !== t && isSubName(t, o)));
    let reason: AliasInconsistency['reason'] | null = null;
    if (fullReduced.length >= 2) {
      const [a, b] = fullReduced;
      const fa = foldName(a!);
      const fb = foldName(b!);
      reason = variantKey(a!) === variantKey(b!) || editDistance(fa, fb, 2) <= 2 ? 'spelling' : 'alias';
      if (g.type === 'person' && reason === 'alias') reason = null; // "Hillary" vs "Mrs. Clinton": style
    } else if (acronyms.length >= 2) {
      reason = 'abbreviation';
    }
    if (!reason) continue;
    const e = byCanonical.get(`${g.type}\u0000${g.canonical}`);
    out.push({
      canonical: g.canonical,
      type: g.type,
      reason,
      forms: texts,
      mentions: e ? e.mentions.map((m) => ({ ...m })) : [],
    });
  }
  return out;
}
