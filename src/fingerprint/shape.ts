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

/** A 48-bit hash of the shape (a safe integer, stored as a number). */
export function sentenceShape(sentence: string): number {
  const s = shapeText(sentence);
  // Two 32-bit FNV-1a variants (different offsets), 24 bits of the first and 24 of the second.
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x01000193) ^ (h2 >>> 15);
  }
  return (h1 >>> 8) * 2 ** 24 + (h2 >>> 8);
}
