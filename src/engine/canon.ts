/** The canonicaliser used for fingerprints and retrieval: the lexicon's canonical units (aliases collapsed). */
import type { Canonicaliser, Unit } from '../fingerprint/index.js';
import { canonicalizeTokens } from '../lexicon/index.js';

/** Lexicon-backed canonicaliser: multi-word aliases are one unit; names, numbers and aliases are anchors. */
export const lexiconCanonicaliser: Canonicaliser = (tokens) => {
  const out: Unit[] = [];
  for (const c of canonicalizeTokens(tokens)) {
    if (c.kind === 'punct') continue;
    const stop = c.stop;
    const anchor = c.kind === 'number' || c.alias || (!stop && c.first > 0 && startsUpper(c.text));
    out.push({ key: c.key, anchor, stop });
  }
  return out;
};

const UPPER_RE = /^\p{Lu}/u;
/** First character is upper-case: a char-code test for ASCII, the Unicode property test otherwise. */
function startsUpper(s: string): boolean {
  const c = s.charCodeAt(0);
  if (c < 128) return c >= 65 && c <= 90;
  return UPPER_RE.test(s);
}

export function defaultCanonicaliser(): Canonicaliser {
  return lexiconCanonicaliser;
}
