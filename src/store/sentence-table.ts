/**
 * Where every stored sentence is (article, index, offsets), in compact typed arrays: for long scans over the
 * whole corpus (the audit) that look up the candidates of many articles. With it, a store answers a
 * fingerprint look-up from its postings alone, without joining each posting to its sentence row, and skips the
 * fingerprints it knew to be too common without looking them up. About 24 bytes
 * a sentence (1.5 million sentences, 100,000 articles: 36 MB).
 */
import type { StoredSentence } from './index.js';

export class SentenceTable {
  /** Sentences in (article, index) order. */
  private readonly ids: Int32Array;
  private readonly articles: Int32Array;
  private readonly indexes: Int32Array;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  /** Position of a sentence id in the arrays above (-1: none)... */
  private readonly pos: Int32Array;
  /** ...and of an article's first sentence (its sentences run to the next article's first). */
  private readonly first: Int32Array;
  readonly size: number;

  /** Build from rows in (article, index) order: [id, article, index, start, end]. */
  static fromRows(
    rows: Iterable<readonly [number, number, number, number, number]>,
    common: ReadonlySet<number> = new Set(),
  ): SentenceTable {
    let cap = 1024;
    let n = 0;
    let cols = [0, 1, 2, 3, 4].map(() => new Int32Array(cap));
    let maxId = 0;
    let maxSeq = 0;
    for (const r of rows) {
      if (n === cap) {
        cap *= 2;
        cols = cols.map((c) => {
          const g = new Int32Array(cap);
          g.set(c);
          return g;
        });
      }
      for (let k = 0; k < 5; k++) cols[k]![n] = r[k]!;
      if (r[0] > maxId) maxId = r[0];
      if (r[1] > maxSeq) maxSeq = r[1];
      n++;
    }
    return new SentenceTable(
      cols.map((c) => c.slice(0, n)) as [Int32Array, Int32Array, Int32Array, Int32Array, Int32Array],
      maxId,
      maxSeq,
      common,
    );
  }

  private constructor(
    [ids, articles, indexes, starts, ends]: [Int32Array, Int32Array, Int32Array, Int32Array, Int32Array],
    maxId: number,
    maxSeq: number,
    /** Fingerprints held by more sentences than the look-ups allow, when the table was made. */
    readonly common: ReadonlySet<number>,
  ) {
    this.ids = ids;
    this.articles = articles;
    this.indexes = indexes;
    this.starts = starts;
    this.ends = ends;
    this.size = ids.length;
    this.pos = new Int32Array(maxId + 1).fill(-1);
    this.first = new Int32Array(maxSeq + 2).fill(-1);
    for (let i = 0; i < this.size; i++) {
      this.pos[ids[i]!] = i;
      const a = articles[i]!;
      if (this.first[a] === -1) this.first[a] = i;
    }
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
