/** The canonicaliser used for fingerprints and retrieval: the lexicon's canonical units (aliases collapsed). */
import type { Canonicaliser, Unit } from '../fingerprint/index.js';
import { canonicalizeTokens } from '../lexicon/index.js';

/** Lexicon-backed canonicaliser: multi-word aliases are one unit; names, numbers and aliases are anchors. */
export const lexiconCanonicaliser: Canonicaliser = (tokens) => {
  const out: Unit[] = [];
  for (const c of canonicalizeTokens(tokens)) {
    if (c.kind === 'punct') continue;
    const stop = c.stop;
    const anchor = c.kind === 'number' || c.alias || (!stop && c.first > 0 && /^\p{Lu}/u.test(c.text));
    out.push({ key: c.key, anchor, stop });
  }
  return out;
};

export function defaultCanonicaliser(): Canonicaliser {
  return lexiconCanonicaliser;
}
