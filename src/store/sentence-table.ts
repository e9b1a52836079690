/**
 * Where every stored sentence is (article, index, offsets), in compact typed arrays: for long scans over the
 * whole corpus (the audit) that look up the candidates of many articles. With it, a store answers a
 * fingerprint look-up from its postings alone, without joining each posting to its sentence row, and skips the
 * fingerprints it knew to be too common without looking them up. About 24 bytes
 * a sentence (1.5 million sentences, 100,000 articles: 36 MB).
 *
 * Optionally it also holds the postings themselves (`withPostings`): every fingerprint held by at most
 * `maxPostings` sentences and its sentence ids, about 8 bytes a posting (100,000 generated articles: 9 million
 * postings, 71 MB), so that look-ups never reach the store. Its arrays can live in shared memory
 * (`toShared`), so that worker threads use one copy (`fromData`).
 */
import type { StoredSentence } from './index.js';

/** The arrays of a table (plain data: what a worker thread receives). */
export interface SentenceTableData {
  /** Sentences in (article, index) order. */
  ids: Int32Array;
  articles: Int32Array;
  indexes: Int32Array;
  starts: Int32Array;
  ends: Int32Array;
  /** Position of a sentence id in the arrays above (-1: none)... */
  pos: Int32Array;
  /** ...and of an article's first sentence (its sentences run to the next article's first). */
  first: Int32Array;
  /** Fingerprints held by more sentences than the look-ups allow when the table was made, ascending. */
  common: Float64Array;
  /** The postings of every other fingerprint: fingerprints ascending, and for the i-th, the sentence ids
   * sids[offsets[i]..offsets[i+1]) ascending. */
  postings?: { fps: Float64Array; offsets: Int32Array; sids: Int32Array; maxPostings: number };
}

/** A table's arrays with its postings, read-only by contract (src/match/candidates.ts reads them directly). A
 * fingerprint's sentence ids are `sids[offsets[i]..offsets[i + 1])`, ascending, for `i = indexOfFingerprint`. */
export interface PostingsView {
  ids: Int32Array;
  articles: Int32Array;
  indexes: Int32Array;
  pos: Int32Array;
  fps: Float64Array;
  offsets: Int32Array;
  sids: Int32Array;
  common: ReadonlySet<number>;
  /** Sentences in the table, and the size an array indexed by article seq needs. */
  size: number;
  articleSlots: number;
}

/** Position of `fp` in the ascending `fps` (binary search), -1 when absent. */
export function indexOfFingerprint(fps: Float64Array, fp: number): number {
  let lo = 0;
  let hi = fps.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = fps[mid]!;
    if (v === fp) return mid;
    if (v < fp) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** A growable typed array (doubling), trimmed at the end. */
class Grow<T extends Int32Array | Float64Array> {
  n = 0;
  constructor(
    public a: T,
    private readonly make: (n: number) => T,
  ) {}
  push(v: number): void {
    if (this.n === this.a.length) {
      const g = this.make(this.a.length * 2);
      g.set(this.a);
      this.a = g;
    }
    this.a[this.n++] = v;
  }
  done(): T {
    return this.a.slice(0, this.n) as T;
  }
}

const int32 = (n: number) => new Int32Array(n);
const float64 = (n: number) => new Float64Array(n);

/** The same typed array in shared memory (a copy, unless it already is). */
function shared<T extends Int32Array | Float64Array>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const s = new (a.constructor as new (b: SharedArrayBuffer) => T)(new SharedArrayBuffer(a.byteLength));
  s.set(a);
  return s;
}

export class SentenceTable {
  private readonly ids: Int32Array;
  private readonly articles: Int32Array;
  private readonly indexes: Int32Array;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly pos: Int32Array;
  private readonly first: Int32Array;
  readonly size: number;
  /** Fingerprints held by more sentences than the look-ups allow, when the table was made. */
  readonly common: ReadonlySet<number>;
  /** Whether the table holds the postings (`postingsView`). */
  readonly hasPostings: boolean;

  /** Build from rows in (article, index) order: [id, article, index, start, end]. */
  static fromRows(
    rows: Iterable<readonly [number, number, number, number, number]>,
    common: ReadonlySet<number> = new Set(),
  ): SentenceTable {
    const cols = [0, 1, 2, 3, 4].map(() => new Grow(new Int32Array(1024), int32));
    let maxId = 0;
    let maxSeq = 0;
    for (const r of rows) {
      for (let k = 0; k < 5; k++) cols[k]!.push(r[k]!);
      if (r[0] > maxId) maxId = r[0];
      if (r[1] > maxSeq) maxSeq = r[1];
    }
    const [ids, articles, indexes, starts, ends] = cols.map((c) => c.done()) as [
      Int32Array,
      Int32Array,
      Int32Array,
      Int32Array,
      Int32Array,
    ];
    const pos = new Int32Array(maxId + 1).fill(-1);
    const first = new Int32Array(maxSeq + 2).fill(-1);
    for (let i = 0; i < ids.length; i++) {
      pos[ids[i]!] = i;
      const a = articles[i]!;
      if (first[a] === -1) first[a] = i;
    }
    return new SentenceTable({
      ids,
      articles,
      indexes,
      starts,
      ends,
      pos,
      first,
      common: Float64Array.from([...common].sort((a, b) => a - b)),
    });
  }

  /** A table over arrays made elsewhere (`data` of another table, possibly in another thread). */
  static fromData(data: SentenceTableData): SentenceTable {
    return new SentenceTable(data);
  }

  private constructor(readonly data: SentenceTableData) {
    this.ids = data.ids;
    this.articles = data.articles;
    this.indexes = data.indexes;
    this.starts = data.starts;
    this.ends = data.ends;
    this.pos = data.pos;
    this.first = data.first;
    this.size = data.ids.length;
    this.common = new Set(data.common);
    this.hasPostings = data.postings !== undefined;
  }

  /**
   * This table with the postings read from `rows`, [fingerprint, sentence id] in (fingerprint, sentence) order;
   * fingerprints held by more than `maxPostings` sentences become the table's common fingerprints.
   */
  withPostings(rows: Iterable<readonly [number, number]>, maxPostings: number): SentenceTable {
    const fps = new Grow(new Float64Array(1024), float64);
    const offsets = new Grow(new Int32Array(1024), int32);
    const sids = new Grow(new Int32Array(4096), int32);
    const common: number[] = [];
    let current = Number.NaN;
    let start = 0;
    const close = () => {
      if (Number.isNaN(current)) return;
      if (sids.n - start > maxPostings) {
        common.push(current);
        sids.n = start;
      } else {
        fps.push(current);
        offsets.push(start);
      }
    };
    for (const [fp, sid] of rows) {
      if (fp !== current) {
        close();
        current = fp;
        start = sids.n;
      }
      sids.push(sid);
    }
    close();
    offsets.push(sids.n);
    return new SentenceTable({
      ...this.data,
      common: Float64Array.from(common),
      postings: { fps: fps.done(), offsets: offsets.done(), sids: sids.done(), maxPostings },
    });
  }

  /** This table with these common fingerprints (and no postings). */
  withCommon(common: Iterable<number>): SentenceTable {
    const { postings: _, ...rest } = this.data;
    return new SentenceTable({ ...rest, common: Float64Array.from([...common].sort((a, b) => a - b)) });
  }

  /** This table with its arrays in shared memory (for worker threads: `fromData(table.data)` there). */
  toShared(): SentenceTable {
    const d = this.data;
    return new SentenceTable({
      ids: shared(d.ids),
      articles: shared(d.articles),
      indexes: shared(d.indexes),
      starts: shared(d.starts),
      ends: shared(d.ends),
      pos: shared(d.pos),
      first: shared(d.first),
      common: shared(d.common),
      ...(d.postings
        ? {
            postings: {
              fps: shared(d.postings.fps),
              offsets: shared(d.postings.offsets),
              sids: shared(d.postings.sids),
              maxPostings: d.postings.maxPostings,
            },
          }
        : {}),
    });
  }

  private view?: PostingsView;

  /** The arrays with the postings, for look-ups that count hits in place (src/match/candidates.ts); undefined
   * when the table holds no postings. */
  postingsView(): PostingsView | undefined {
    const p = this.data.postings;
    if (!p) return undefined;
    this.view ??= {
      ids: this.ids,
      articles: this.articles,
      indexes: this.indexes,
      pos: this.pos,
      fps: p.fps,
      offsets: p.offsets,
      sids: p.sids,
      common: this.common,
      size: this.size,
      articleSlots: this.first.length,
    };
    return this.view;
  }

  /** The article and index of a sentence id, or undefined when the table does not hold it. */
  locate(sentenceId: number): { article: number; index: number } | undefined {
    const p = sentenceId < this.pos.length ? this.pos[sentenceId]! : -1;
    return p < 0 ? undefined : { article: this.articles[p]!, index: this.indexes[p]! };
  }

  /** The article of a sentence id (-1 when the table does not hold it). */
  articleOf(sentenceId: number): number {
    const p = sentenceId < this.pos.length ? this.pos[sentenceId]! : -1;
    return p < 0 ? -1 : this.articles[p]!;
  }

  /** Index within its article of a sentence the table holds. */
  indexOf(sentenceId: number): number {
    return this.indexes[this.pos[sentenceId]!]!;
  }

  /** The highest sentence id of an article (-1 when the table does not hold it). */
  lastSentenceOf(articleSeq: number): number {
    let i = articleSeq < this.first.length ? this.first[articleSeq]! : -1;
    let max = -1;
    if (i < 0) return max;
    for (; i < this.size && this.articles[i] === articleSeq; i++) if (this.ids[i]! > max) max = this.ids[i]!;
    return max;
  }

  /** The sentences of an article, in order (empty when the table does not hold it). */
  sentencesOf(articleSeq: number): StoredSentence[] {
    const out: StoredSentence[] = [];
    let i = articleSeq < this.first.length ? this.first[articleSeq]! : -1;
    if (i < 0) return out;
    for (; i < this.size && this.articles[i] === articleSeq; i++) {
      out.push({
        sentenceId: this.ids[i]!,
        articleSeq,
        index: this.indexes[i]!,
        start: this.starts[i]!,
        end: this.ends[i]!,
      });
    }
    return out;
  }
}
