/** Baselines the provenance benchmarks measure in the same run: exact word shingles and MinHash signatures. */
import { fold } from '../src/stages.js';

export const words = (t: string): string[] => fold(t).match(/[\p{L}\p{N}]+/gu) ?? [];

/** The set of word n-grams of a text. */
export function grams(t: string, n: number): Set<string> {
  const w = words(t);
  const out = new Set<string>();
  for (let i = 0; i + n <= w.length; i++) out.add(w.slice(i, i + n).join(' '));
  return out;
}

function fnv(s: string, seed: number): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A MinHash signature of a set (`hashes` seeded FNV-1a hashes, the minimum of each). */
export function minhash(set: Set<string>, hashes = 128): Uint32Array {
  const sig = new Uint32Array(hashes).fill(0xffffffff);
  for (const g of set) for (let k = 0; k < hashes; k++) sig[k] = Math.min(sig[k]!, fnv(g, k * 0x9e3779b1));
  return sig;
}

/** Estimated Jaccard similarity of two signatures. */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
  let eq = 0;
  for (let k = 0; k < a.length; k++) if (a[k] === b[k]) eq++;
  return eq / a.length;
}
