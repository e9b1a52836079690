/**
 * The shipped WordNet 3.1 selection (data/wordnet.json, built by scripts/build-lexicon.ts), read and indexed
 * on first use (~30 ms), never at import.
 */
import { readJson } from './data.js';

export interface SynsetRec {
  /** n, v, a or r. */
  pos: string;
  /** Member lemmas, most frequent first (the first one is the synset's head). */
  members: string[];
}

export interface LemmaRec {
  /** POS letters, most frequent first. */
  pos: string;
  /** Total SemCor tag count over all senses. */
  freq: number;
  /** Synset ids per POS letter (same order as `pos`), in sense order; -1 where a sense was not kept. */
  senses: Int32Array[];
  /** All kept synset ids, sorted ascending (for fast intersection). */
  all: Int32Array;
}

let synsetLines: string[] | undefined;
const synsetCache = new Map<number, SynsetRec>();
let lemmaLines: string[] | undefined;
/** lemma -> line number in lemmaLines; records are parsed on first lookup. */
let lemmaIndex: Map<string, number> | undefined;
const lemmaCache = new Map<string, LemmaRec | null>();
const LEMMA_CACHE_MAX = 300_000;

function load(): void {
  const data = readJson<{ synsets: string; lemmas: string }>('wordnet.json');
  synsetLines = data.synsets.split('\n');
  lemmaLines = data.lemmas.split('\n');
  lemmaIndex = new Map();
  for (let i = 0; i < lemmaLines.length; i++) {
    const line = lemmaLines[i]!;
    lemmaIndex.set(line.slice(0, line.indexOf('\t')), i);
  }
}

function parseLemma(line: string): LemmaRec {
  const [, pos = '', freq, groups] = line.split('\t');
  const senses: Int32Array[] = [];
  const all: number[] = [];
  for (const g of (groups ?? '').split(';')) {
    const ids = g === '' ? [] : g.split(',').map((x) => (x === '_' ? -1 : Number.parseInt(x, 36)));
    senses.push(Int32Array.from(ids));
    for (const id of ids) if (id >= 0 && !all.includes(id)) all.push(id);
  }
  all.sort((a, b) => a - b);
  return { pos, freq: Number(freq), senses, all: Int32Array.from(all) };
}

/** member -> synset ids, for lemmas without a line of their own (untagged lemmas). */
let members: Map<string, number[]> | undefined;

function invert(): Map<string, number[]> {
  if (!synsetLines) load();
  const inv = new Map<string, number[]>();
  for (let id = 0; id < synsetLines!.length; id++) {
    const line = synsetLines![id]!;
    let p = line.indexOf(' ') + 1;
    while (p > 0 && p < line.length) {
      const q = line.indexOf(' ', p);
      const w = line.slice(p, q < 0 ? line.length : q);
      const list = inv.get(w);
      if (list) list.push(id);
      else inv.set(w, [id]);
      p = q < 0 ? -1 : q + 1;
    }
  }
  return inv;
}

function recFromSynsets(ids: number[]): LemmaRec {
  let pos = '';
  const senses: Int32Array[] = [];
  for (const id of ids) {
    const p = synset(id)?.pos ?? 'n';
    if (!pos.includes(p)) pos += p;
  }
  for (const p of pos) senses.push(Int32Array.from(ids.filter((id) => synset(id)?.pos === p)));
  return { pos, freq: 0, senses, all: Int32Array.from(ids).sort() };
}

export function lemmaRec(lemma: string): LemmaRec | undefined {
  const hit = lemmaCache.get(lemma);
  if (hit !== undefined) return hit ?? undefined;
  if (!lemmaIndex) load();
  const i = lemmaIndex!.get(lemma);
  let rec: LemmaRec | null = null;
  if (i !== undefined) rec = parseLemma(lemmaLines![i]!);
  else {
    members ??= invert();
    const ids = members.get(lemma);
    if (ids) rec = recFromSynsets(ids);
  }
  // Misses are cached too (every unknown word probes several candidate lemmas), so bound the cache: memory
  // must not grow with the number of distinct words in a corpus.
  if (lemmaCache.size >= LEMMA_CACHE_MAX) lemmaCache.clear();
  lemmaCache.set(lemma, rec);
  return rec ?? undefined;
}

export function synset(id: number): SynsetRec | undefined {
  const hit = synsetCache.get(id);
  if (hit) return hit;
  if (!synsetLines) load();
  const line = synsetLines![id];
  if (line === undefined) return undefined;
  const parts = line.split(' ');
  const rec = { pos: parts[0] ?? 'n', members: parts.slice(1) };
  synsetCache.set(id, rec);
  return rec;
}

export function lemmaPos(lemma: string): string | undefined {
  return lemmaRec(lemma)?.pos;
}

export function lemmaFreq(lemma: string): number {
  return lemmaRec(lemma)?.freq ?? 0;
}

/** The kept synset of a lemma's first sense in `pos` (or its most frequent POS), if that sense was kept. */
export function firstSense(lemma: string, pos?: string): number | undefined {
  const rec = lemmaRec(lemma);
  if (!rec) return undefined;
  let idx = pos ? rec.pos.indexOf(pos) : 0;
  if (idx < 0) idx = 0;
  const first = rec.senses[idx]?.[0];
  return first !== undefined && first >= 0 ? first : undefined;
}

/** Whether two ascending id arrays share an element. */
export function intersects(a: Int32Array, b: Int32Array): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) return true;
    if (x < y) i++;
    else j++;
  }
  return false;
}
