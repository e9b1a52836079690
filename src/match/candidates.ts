/**
 * Candidate selection straight from in-memory postings (the audit's sentence table): the same result as
 * `chooseCandidates(…, store.findCandidates(…).hits, …)`, without one object per hit sentence. A corpus-wide
 * audit looks up thousands of postings per article, most of them single-fingerprint noise; counting them in
 * typed arrays and building objects only for the few candidates kept per sentence is what keeps the cost of a
 * look-up down as the corpus grows.
 */
import { DEFAULTS } from '../defaults.js';
import { indexOfFingerprint, type PostingsView } from '../store/sentence-table.js';
import type { Candidate, Query } from './trace.js';

export interface PostingsChoiceOptions {
  /** Fingerprints held by more sentences are skipped (as `Store.findCandidates`). */
  maxPostings: number;
  /** Only sentences with ids up to this one (as `Store.findCandidates`). */
  maxSentenceId?: number;
  /** Articles whose sentences are retrieved at all (as `Store.findCandidates`); absent: all. */
  keep?: (articleSeq: number) => boolean;
  /** Articles retrieved but never candidates (as `chooseCandidates`). */
  exclude: { has(seq: number): boolean };
  perSentence?: number;
  /** Equal candidates in this order (as `chooseCandidates`). */
  order?: (seq: number) => number;
  /** Told once about every article retrieved (kept), excluded or not. */
  onArticle?: (articleSeq: number) => void;
}

/** Growable Int32Array scratch. */
class Ints {
  a = new Int32Array(1024);
  n = 0;
  push(v: number): void {
    if (this.n === this.a.length) {
      const g = new Int32Array(this.a.length * 2);
      g.set(this.a);
      this.a = g;
    }
    this.a[this.n++] = v;
  }
  /** Room for `n` values (the contents are not kept: callers fill it afresh). */
  reserve(n: number): void {
    if (this.a.length < n) this.a = new Int32Array(Math.max(n, this.a.length * 2));
  }
}

interface Scratch {
  view: PostingsView;
  gen: number;
  /** Per table position: 0 (not hit in this call), its slot + 1, or -1 (hit, in an article not counted); reset
   * at the end of each call (one array, not a generation and a slot: at 100,000 articles, 6 MB per thread). */
  sentenceMark: Int32Array;
  /** Positions marked -1 in this call. */
  unslotted: Ints;
  /** Per article: the generation it was seen in, and whether it is left out by `keep` (0), retrieved but
   * excluded (2) or a candidate (3). */
  articleGen: Int32Array;
  articleState: Uint8Array;
  /** Per article: hit sentences (chooseCandidates' "articleHits"). */
  articleHits: Int32Array;
  slotPos: Ints;
  pairSlot: Ints;
  pairQi: Ints;
  bucketStart: Ints;
  bucket: Ints;
  count: Ints;
  cursor: Ints;
}

let scratch: Scratch | null = null;

function scratchFor(view: PostingsView): Scratch {
  if (scratch && scratch.view === view && scratch.gen < 0x7fffffff) return scratch;
  scratch = {
    view,
    gen: 0,
    sentenceMark: new Int32Array(view.size),
    unslotted: new Ints(),
    articleGen: new Int32Array(view.articleSlots),
    articleState: new Uint8Array(view.articleSlots),
    articleHits: new Int32Array(view.articleSlots),
    slotPos: new Ints(),
    pairSlot: new Ints(),
    pairQi: new Ints(),
    bucketStart: new Ints(),
    bucket: new Ints(),
    count: new Ints(),
    cursor: new Ints(),
  };
  return scratch;
}

const LEFT_OUT = 0;
const EXCLUDED = 2;
const CANDIDATE = 3;

/**
 * Per checked sentence, its candidates ranked by shared fingerprints: `chooseCandidates` over the hits the
 * postings give for `query` (same candidates, same order).
 */
export function chooseFromPostings(
  view: PostingsView,
  query: Query,
  sentenceCount: number,
  opts: PostingsChoiceOptions,
): Candidate[][] {
  const s = scratchFor(view);
  const gen = ++s.gen;
  const perSentence = opts.perSentence ?? DEFAULTS.candidatesPerSentence;
  const { fps, offsets, sids, pos, articles, indexes, common } = view;
  const limit = opts.maxSentenceId ?? Number.POSITIVE_INFINITY;
  const { keep, exclude, onArticle } = opts;
  s.slotPos.n = 0;
  s.pairSlot.n = 0;
  s.pairQi.n = 0;

  // 1. The postings of the query's fingerprints, ascending (as a store's look-up): hit sentences get a slot,
  // and every (slot, query fingerprint) pair is kept.
  const asked: number[] = [];
  for (let qi = 0; qi < query.features.length; qi++) if (!common.has(query.features[qi]!)) asked.push(qi);
  asked.sort((a, b) => query.features[a]! - query.features[b]!);
  let lastFp = Number.NaN;
  try {
    for (const qi of asked) {
      const fp = query.features[qi]!;
      if (fp === lastFp) continue;
      lastFp = fp;
      const at = indexOfFingerprint(fps, fp);
      if (at < 0) continue;
      const from = offsets[at]!;
      const to = offsets[at + 1]!;
      if (to - from > opts.maxPostings) continue;
      for (let k = from; k < to; k++) {
        const sid = sids[k]!;
        if (sid > limit) break;
        const p = sid < pos.length ? pos[sid]! : -1;
        if (p < 0) continue;
        let slot = s.sentenceMark[p]! - 1;
        if (slot === -1) {
          const article = articles[p]!;
          let state: number;
          if (s.articleGen[article] !== gen) {
            s.articleGen[article] = gen;
            if (keep && !keep(article)) state = LEFT_OUT;
            else {
              onArticle?.(article);
              state = exclude.has(article) ? EXCLUDED : CANDIDATE;
              s.articleHits[article] = 0;
            }
            s.articleState[article] = state;
          } else state = s.articleState[article]!;
          if (state !== CANDIDATE) {
            // Not counted: marked, so that its other postings are passed over at once.
            s.sentenceMark[p] = -1;
            s.unslotted.push(p);
            continue;
          }
          slot = s.slotPos.n;
          s.sentenceMark[p] = slot + 1;
          s.slotPos.push(p);
          s.articleHits[article]!++;
        }
        if (slot < 0) continue;
        s.pairSlot.push(slot);
        s.pairQi.push(qi);
      }
    }
  } finally {
    // The marks back to 0 for the next call (also when `keep` or `exclude` threw).
    for (let i = 0; i < s.slotPos.n; i++) s.sentenceMark[s.slotPos.a[i]!] = 0;
    for (let i = 0; i < s.unslotted.n; i++) s.sentenceMark[s.unslotted.a[i]!] = 0;
    s.unslotted.n = 0;
  }

  // 2. The pairs per checked sentence (a fingerprint counts for every sentence that has it).
  const starts = s.bucketStart;
  starts.reserve(sentenceCount + 1);
  starts.a.fill(0, 0, sentenceCount + 1);
  const pairs = s.pairSlot.n;
  for (let k = 0; k < pairs; k++) for (const si of query.owners[s.pairQi.a[k]!]!) starts.a[si + 1]!++;
  for (let si = 0; si < sentenceCount; si++) starts.a[si + 1]! += starts.a[si]!;
  const total = starts.a[sentenceCount]!;
  s.bucket.reserve(total);
  s.cursor.reserve(sentenceCount + 1);
  const fill = s.cursor.a;
  fill.set(starts.a.subarray(0, sentenceCount), 0);
  for (let k = 0; k < pairs; k++) {
    const slot = s.pairSlot.a[k]!;
    for (const si of query.owners[s.pairQi.a[k]!]!) s.bucket.a[fill[si]!++] = slot;
  }

  // 3. Per checked sentence, count and rank (objects only for the candidates kept).
  const slots = s.slotPos.n;
  s.count.reserve(slots);
  const count = s.count.a;
  count.fill(0, 0, slots);
  const order = opts.order;
  const out: Candidate[][] = [];
  const distinct: number[] = [];
  for (let si = 0; si < sentenceCount; si++) {
    distinct.length = 0;
    const a = starts.a[si]!;
    const b = starts.a[si + 1]!;
    for (let k = a; k < b; k++) {
      const slot = s.bucket.a[k]!;
      if (count[slot]! === 0) distinct.push(slot);
      count[slot]!++;
    }
    let list = distinct;
    if (list.length > perSentence) {
      const byHits = list.map((slot) => count[slot]!).sort((x, y) => y - x);
      const least = byHits[perSentence - 1]!;
      list = list.filter((slot) => count[slot]! >= least);
    }
    const keyed = list.map((slot) => {
      const p = s.slotPos.a[slot]!;
      const seq = articles[p]!;
      return {
        slot,
        hits: count[slot]!,
        article: s.articleHits[seq]!,
        rank: order ? order(seq) : 0,
        sid: view.ids[p]!,
        seq,
        index: indexes[p]!,
      };
    });
    keyed.sort((x, y) => y.hits - x.hits || y.article - x.article || x.rank - y.rank || x.sid - y.sid);
    out.push(
      keyed
        .slice(0, perSentence)
        .map((k) => ({ sentenceId: k.sid, seq: k.seq, index: k.index, hits: k.hits })),
    );
    for (const slot of distinct) count[slot] = 0;
  }
  return out;
}
