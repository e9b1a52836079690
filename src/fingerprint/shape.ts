/**
 * The shape of a sentence: its words folded to lower case, every figure replaced by "#", punctuation dropped
 * ("1.1k SHARES Share Tweet" and "55.6k shares, share tweet" have one shape: "#k shares share tweet"). Lines
 * that keep the same shape across many articles of a site are its furniture (share counters, image credits,
 * newsletter pitches, disclaimers): boilerplate, which is neither provenance nor evidence of copying.
 */
import { fold } from '../normalise/index.js';

/** The normalised text of a sentence's shape (for tests and explanations). */
export function shapeText(sentence: string): string {
  return fold(sentence)
    .replace(/\d+(?:[.,]\d+)*/g, '#')
    .replace(/[^\p{L}\p{N}#]+/gu, ' ')
    .trim();
}

// Two 32-bit FNV-1a variants (different offsets); the shape keeps 24 bits of each.
const H1 = 0x811c9dc5;
const H2 = 0x01000193 ^ 0x5bd1e995;
const PRIME = 0x01000193;

/** A 48-bit hash of `shapeText(sentence)` (a safe integer, stored as a number). */
export function sentenceShape(sentence: string): number {
  // Ingest computes one shape per stored sentence, so ASCII letters, figures and punctuation (with the
  // non-ASCII spaces, quotes and dashes of news text) are hashed in one pass with no intermediate strings; a
  // sentence with any other character goes through `shapeText`. Both give the same hash (tested).
  let h1 = H1;
  let h2 = H2;
  let started = false;
  let space = false;
  const n = sentence.length;
  let i = 0;
  while (i < n) {
    let c = sentence.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      // A figure: digits, optionally grouped or with decimals ("1,200.5"), becomes one "#".
      i++;
      while (i < n) {
        const d = sentence.charCodeAt(i);
        if (d >= 48 && d <= 57) i++;
        else if ((d === 46 || d === 44) && i + 1 < n && isDigit(sentence.charCodeAt(i + 1))) i += 2;
        else break;
      }
      c = 35; // '#'
    } else {
      i++;
      if (c >= 65 && c <= 90) c += 32;
      else if (c > 0x7f && !isSeparator(c)) return hashString(shapeText(sentence));
      else if (!((c >= 97 && c <= 122) || c === 35)) {
        space = started;
        continue;
      }
    }
    if (space) {
      h1 = Math.imul(h1 ^ 32, PRIME);
      h2 = Math.imul(h2 ^ 32, PRIME) ^ (h2 >>> 15);
      space = false;
    }
    h1 = Math.imul(h1 ^ c, PRIME);
    h2 = Math.imul(h2 ^ c, PRIME) ^ (h2 >>> 15);
    started = true;
  }
  return (h1 >>> 8) * 2 ** 24 + (h2 >>> 8);
}

/** Non-ASCII characters that fold to punctuation or space: no-break space and General Punctuation. */
function isSeparator(c: number): boolean {
  return c === 0xa0 || (c >= 0x2000 && c <= 0x206f);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The shape hash of an already normalised shape text. */
function hashString(s: string): number {
  let h1 = H1;
  let h2 = H2;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, PRIME);
    h2 = Math.imul(h2 ^ c, PRIME) ^ (h2 >>> 15);
  }
  return (h1 >>> 8) * 2 ** 24 + (h2 >>> 8);
}

/** @internal The reference definition: the hash of `shapeText` (the fast path must agree with it). */
export function sentenceShapeReference(sentence: string): number {
  return hashString(shapeText(sentence));
}
