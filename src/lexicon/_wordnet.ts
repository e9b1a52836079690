/**
 * The shipped WordNet 3.1 selection (data/wordnet.json, built by scripts/build-lexicon.ts), read on first use
 * (a few ms), never at import. Its three tables are strings of lines, looked up in place: synsets by line
 * number, lemmas and the members without a lemma line by binary search (they are sorted); a record is parsed
 * when first asked for.
 */
import { LineIndex, readJson, SortedTable } from './data.js';

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

/** Synset lines (`pos member member …`), by synset id. */
let synsetLines: LineIndex | undefined;
const synsetCache = new Map<number, SynsetRec>();
/** Lemma lines (`lemma<TAB>pos<TAB>freq<TAB>senses`), sorted by lemma; records are parsed on first lookup. */
let lemmaLines: SortedTable | undefined;
/** Synset members without a lemma line (untagged lemmas) -> their synset ids (`member<TAB>id,id…`, base 36). */
let memberLines: SortedTable | undefined;
const lemmaCache = new Map<string, LemmaRec | null>();
const LEMMA_CACHE_MAX = 300_000;

function load(): void {
  const data = readJson<{ synsets: string; lemmas: string; members: string }>('wordnet.json');
  synsetLines = new LineIndex(data.synsets);
  lemmaLines = new SortedTable(data.lemmas);
  memberLines = new SortedTable(data.members);
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

/** The synset ids of a member without a lemma line of its own (an untagged lemma), ascending. */
function memberSynsets(lemma: string): number[] | undefined {
  const ids = memberLines!.get(lemma);
  return ids === undefined ? undefined : ids.split(',').map((x) => Number.parseInt(x, 36));
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
  if (!lemmaLines) load();
  const i = lemmaLines!.indexOf(lemma);
  let rec: LemmaRec | null = null;
  if (i >= 0) rec = parseLemma(lemmaLines!.line(i)!);
  else {
    const ids = memberSynsets(lemma);
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
  const line = synsetLines!.line(id);
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
