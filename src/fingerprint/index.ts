/**
 * Fingerprints that survive spinning. Several feature families are computed per sentence over canonical
 * units (aliases and common spinner synonyms mapped to one key):
 *  - A: "anchors", the immutables spinners leave alone (names, numbers, quoted words), as ordered pairs;
 *  - S: the function-word skeleton (the order of stopwords), as 4-grams with the gap sizes bucketed;
 *  - C: canonical content-word bigrams (die under heavy spinning, but precise when they survive).
 * A stored sentence keeps a bottom-k sample of its features (k = DEFAULTS.fingerprintsPerSentence); a query
 * sentence uses all of its features, so the expected number of hits is k times the share of the source's
 * features that survived in the query.
 */
import { DEFAULTS } from '../defaults.js';
import type { Token } from '../types.js';

/** Bump when the features change: stores record it and `unspun reindex` rebuilds their fingerprints. */
export const FINGERPRINT_VERSION = 'fp3-names';

export interface Unit {
  /** Canonical key (aliases and synonyms collapsed). */
  key: string;
  /** A name, number or similar token that spinners leave alone. */
  anchor: boolean;
  stop: boolean;
}

/** Turns a sentence's tokens into canonical units (supplied by the engine: src/engine/canon.ts, over the lexicon). */
export type Canonicaliser = (tokens: Token[]) => Unit[];

const FNV_OFFSET = 0x811c9dc5;

/** Continue a 32-bit FNV-1a hash over the characters of `s`. */
function fnv(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}

/** Continue a 32-bit FNV-1a hash over one character code. */
function fnvChar(h: number, c: number): number {
  return Math.imul(h ^ c, 0x01000193);
}

/** A family tag and a 32-bit hash as one safe non-negative integer. */
function tagged(family: number, h: number): number {
  return family * 0x100000000 + (h >>> 0);
}

const FAMILY_ANCHOR = 1;
const FAMILY_SKELETON = 2;
const FAMILY_CONTENT = 3;
const BAR = 124; // '|'
const SPACE = 32;

/**
 * All features of one sentence (deduplicated). Each feature is the 32-bit FNV-1a hash of a short string
 * ("a|b" for anchor pairs, "0the 1of 3a 0to" for skeleton 4-grams, "a b" for content bigrams) tagged with
 * its family; the hashes are computed incrementally, without building the strings.
 */
export function sentenceFeatures(units: Unit[]): number[] {
  const anchors: string[] = [];
  const content: string[] = [];
  // Skeleton: stopwords with the number of content words between them bucketed (0, 1, 2, 3+).
  const skelGap: number[] = [];
  const skelKey: string[] = [];
  let gap = 0;
  for (const u of units) {
    if (u.anchor) anchors.push(u.key);
    if (u.stop) {
      skelGap.push(48 + Math.min(gap, 3));
      skelKey.push(u.key);
      gap = 0;
    } else {
      gap++;
      content.push(u.key);
    }
  }
  // Deduplicate in first-seen order: a linear scan for the usual few dozen features, a Set beyond that.
  const bound = anchors.length + skelKey.length + content.length;
  const out: number[] = [];
  const seen = bound > 64 ? new Set<number>() : null;
  const add = (f: number) => {
    if (seen) {
      if (seen.has(f)) return;
      seen.add(f);
    } else if (out.includes(f)) return;
    out.push(f);
  };
  for (let i = 0; i + 1 < anchors.length; i++)
    add(tagged(FAMILY_ANCHOR, fnv(fnvChar(fnv(FNV_OFFSET, anchors[i]!), BAR), anchors[i + 1]!)));
  if (anchors.length === 1 && units.length >= 6) add(tagged(FAMILY_ANCHOR, fnv(FNV_OFFSET, anchors[0]!)));
  for (let i = 0; i + 4 <= skelKey.length; i++) {
    let h = FNV_OFFSET;
    for (let j = i; j < i + 4; j++) {
      if (j > i) h = fnvChar(h, SPACE);
      h = fnv(fnvChar(h, skelGap[j]!), skelKey[j]!);
    }
    add(tagged(FAMILY_SKELETON, h));
  }
  for (let i = 0; i + 1 < content.length; i++)
    add(tagged(FAMILY_CONTENT, fnv(fnvChar(fnv(FNV_OFFSET, content[i]!), SPACE), content[i + 1]!)));
  return out;
}

/** The bottom-k sample of a sentence's features, for storage. */
export function sampleFeatures(features: number[], k: number = DEFAULTS.fingerprintsPerSentence): number[] {
  if (features.length <= k) return [...features].sort((a, b) => a - b);
  // Order by a re-mixed value so the sample is not biased towards one family (family is in the high bits).
  // Ties keep input order: pack (mix, index) into one double (mix < 2^32, index < 2^20) and sort numerically.
  if (features.length < 2 ** 20) {
    const keyed = new Float64Array(features.length);
    for (let i = 0; i < features.length; i++) keyed[i] = mix(features[i]!) * 2 ** 20 + i;
    keyed.sort();
    const out = new Array<number>(k);
    for (let i = 0; i < k; i++) out[i] = features[keyed[i]! % 2 ** 20]!;
    return out;
  }
  const keyed = features.map((f) => [mix(f), f] as const);
  keyed.sort((a, b) => a[0] - b[0]);
  return keyed.slice(0, k).map((x) => x[1]);
}

function mix(f: number): number {
  let h = (f >>> 0) ^ Math.floor(f / 0x100000000);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
