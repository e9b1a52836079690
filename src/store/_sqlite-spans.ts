/**
 * Where the SQLite store's sentences are: one row per run of consecutive sentence ids of one article with
 * consecutive indexes (ingest gives an article's sentences consecutive ids in index order, so an article is one
 * run), holding the sentences' character offsets in a small coded blob.
 *
 * Why: the schema-1 `sentences` table kept a row per sentence plus an (article, index) index: 14 rows and 14
 * index entries an article, 516 MB at 1M generated articles (a sixth of the store), and a check located each of
 * its thousands of candidate sentences with a look-up in that 288 MB B-tree. With runs, locating a sentence is
 * one descent in a table 15 times smaller (the run holding the id is the last one starting at or before it, and
 * its article and index come from the row without decoding anything), an article's sentences come in one row,
 * and ingest writes one row an article instead of fourteen.
 *
 * Table `spans(sid0, article, n, idx0, data)`: sentence ids sid0 .. sid0 + n - 1 belong to `article` and have
 * indexes idx0 .. idx0 + n - 1 (row id = sid0); an index on `article` finds an article's runs. `data` per
 * sentence, in id order: varints of (start - previous end, zigzag-coded; "previous end" is 0 before the first
 * sentence) and (end - start, zigzag-coded). Runs never overlap: ids are never reused.
 */
import type Database from 'better-sqlite3';
import type { SentenceLiveness } from './_sqlite-postings.js';
import type { StoredSentence } from './index.js';

/** Sentences stored: a sum over the (article, n) index (schema 10), not over the runs' rows. */
export const COUNT_SQL = 'SELECT coalesce(sum(n), 0) FROM spans INDEXED BY spans_article_n';

export const SPANS_TABLE = `
  CREATE TABLE spans (
    sid0 INTEGER PRIMARY KEY,
    article INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
    n INTEGER NOT NULL,
    idx0 INTEGER NOT NULL,
    data BLOB NOT NULL
  );
  CREATE INDEX spans_article ON spans(article);
`;

/** A sentence's place in its article. */
export interface SpanSentence {
  index: number;
  start: number;
  end: number;
}

// ---------- coding ----------

function zig(v: number): number {
  return v >= 0 ? v * 2 : -v * 2 - 1;
}

function unzig(v: number): number {
  return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
}

/** The blob of a run's sentences' offsets (in id order). */
export function encodeSpans(sentences: readonly { start: number; end: number }[]): Uint8Array {
  const out = new Uint8Array(sentences.length * 2 * 10);
  let p = 0;
  const put = (x: number) => {
    let v = zig(x);
    while (v >= 128) {
      out[p++] = (v % 128) | 128;
      v = Math.floor(v / 128);
    }
    out[p++] = v;
  };
  let end = 0;
  for (const s of sentences) {
    put(s.start - end);
    put(s.end - s.start);
    end = s.end;
  }
  return out.slice(0, p);
}

/** The offsets of a run's `n` sentences. */
export function decodeSpans(data: Uint8Array, n: number): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let p = 0;
  const get = () => {
    let x = data[p++]!;
    let v = x & 127;
    let mul = 128;
    while (x >= 128) {
      x = data[p++]!;
      v += (x & 127) * mul;
      mul *= 128;
    }
    return unzig(v);
  };
  let end = 0;
  for (let i = 0; i < n; i++) {
    const start = end + get();
    end = start + get();
    out.push({ start, end });
  }
  return out;
}

/** Split sentences (in id order) into runs of consecutive indexes: [first position, length] each. */
export function runsOf(sentences: readonly { index: number }[]): [number, number][] {
  const out: [number, number][] = [];
  let from = 0;
  for (let i = 1; i <= sentences.length; i++) {
    if (i === sentences.length || sentences[i]!.index !== sentences[i - 1]!.index + 1) {
      if (i > from) out.push([from, i - from]);
      from = i;
    }
  }
  return out;
}

/** Ids per locating statement (bounded: json_each's argument is one string). */
const LOCATE_CHUNK = 20_000;

type RunRow = [sid0: number, article: number, n: number, idx0: number, data: Uint8Array];

function sentencesOfRun([sid0, article, n, idx0, data]: RunRow): StoredSentence[] {
  return decodeSpans(data, n).map((s, i) => ({
    sentenceId: sid0 + i,
    articleSeq: article,
    index: idx0 + i,
    start: s.start,
    end: s.end,
  }));
}

/** An article's sentences from its runs (usually one), in index order. */
function sentencesOfRuns(runs: RunRow[]): StoredSentence[] {
  if (runs.length === 1) return sentencesOfRun(runs[0]!);
  return runs.flatMap(sentencesOfRun).sort((a, b) => a.index - b.index || a.sentenceId - b.sentenceId);
}

/**
 * Every run's first id, article, length and first index, in memory (about 12 bytes a run, one run an article as
 * ingest writes them), for a reader that locates thousands of ids per look-up: a binary search instead of a
 * B-tree descent through SQLite per id. Built by a long-lived reader (`SqliteSpans.locate`), never at open.
 */
export class RunDirectory {
  /** Runs in id order, as `RunDirectoryLoader` reads them (or `load`). */
  constructor(
    private readonly sid0: Uint32Array | Float64Array,
    private readonly article: Uint32Array | Float64Array,
    private readonly n: Uint32Array,
    /** First indexes other than 0 (by position), rare: ingest numbers an article's sentences from 0. */
    private readonly idx0: Map<number, number>,
    readonly runs: number,
  ) {}

  /** Read every run in id order, in one read transaction; null when the store holds more than `maxRuns`. */
  static load(db: Database.Database, maxRuns: number, chunk = 100_000): RunDirectory | null {
    return db.transaction(() => {
      const loader = RunDirectoryLoader.start(db, maxRuns);
      if (!loader) return null;
      for (;;) {
        const dir = loader.step(db, chunk);
        if (dir) return dir;
      }
    })();
  }

  /** As `SqliteSpans.locate`, for ids in ascending order. */
  locateSorted(ids: readonly number[], out: Map<number, [article: number, index: number]>): void {
    const { sid0, article, n, idx0, runs } = this;
    let lo = 0;
    for (const id of ids) {
      // The last run starting at or before id, searched from the previous one (ids ascend).
      let hi = runs - 1;
      if (lo > hi || sid0[lo]! > id) continue;
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if (sid0[mid]! <= id) lo = mid;
        else hi = mid - 1;
      }
      const off = id - sid0[lo]!;
      if (off < n[lo]!) out.set(id, [article[lo]!, (idx0.get(lo) ?? 0) + off]);
    }
  }

  /** Bytes held. */
  get bytes(): number {
    return this.sid0.byteLength + this.article.byteLength + this.n.byteLength + this.idx0.size * 40;
  }
}

/**
 * Reads the runs `chunk` at a time (each step one statement, in id order from where the last stopped), so that a
 * reader serving checks spreads the reading over several look-ups instead of stalling one for a second or more.
 * The caller drops the loader when the data changes between steps (the steps then no longer read one table).
 */
export class RunDirectoryLoader {
  private sid0: Float64Array;
  private article: Float64Array;
  private n: Uint32Array;
  private readonly idx0 = new Map<number, number>();
  private size = 0;
  /** The last id read (ids are positive). */
  private after = -1;

  private constructor(capacity: number) {
    this.sid0 = new Float64Array(capacity);
    this.article = new Float64Array(capacity);
    this.n = new Uint32Array(capacity);
  }

  /** A loader sized for the store's runs, or null when there are more than `maxRuns`. */
  static start(db: Database.Database, maxRuns: number): RunDirectoryLoader | null {
    const count = db.prepare('SELECT count(*) FROM spans INDEXED BY spans_article_n').pluck().get() as number;
    return count > maxRuns ? null : new RunDirectoryLoader(Math.max(16, count));
  }

  /** Read the next `chunk` runs; the directory once every run is read, else null. */
  step(db: Database.Database, chunk: number): RunDirectory | null {
    const rows = db
      .prepare('SELECT sid0, article, n, idx0 FROM spans WHERE sid0 > ? ORDER BY sid0 LIMIT ?')
      .raw() as Database.Statement<[number, number], [number, number, number, number]>;
    let read = 0;
    for (const [s, a, len, first] of rows.iterate(this.after, chunk)) {
      if (this.size === this.sid0.length) this.grow();
      const i = this.size++;
      this.sid0[i] = s;
      this.article[i] = a;
      this.n[i] = Math.min(len, 0xffffffff);
      if (first !== 0) this.idx0.set(i, first);
      this.after = s;
      read++;
    }
    return read < chunk ? this.finish() : null;
  }

  private grow(): void {
    const cap = this.sid0.length * 2;
    const sid0 = new Float64Array(cap);
    sid0.set(this.sid0);
    this.sid0 = sid0;
    const article = new Float64Array(cap);
    article.set(this.article);
    this.article = article;
    const n = new Uint32Array(cap);
    n.set(this.n);
    this.n = n;
  }

  /** Ids and article numbers in 4 bytes each when they fit (they do below 4 billion sentences). */
  private finish(): RunDirectory {
    const size = this.size;
    const narrow = (a: Float64Array): Uint32Array | Float64Array => {
      for (let i = 0; i < size; i++) if (a[i]! > 0xffffffff || a[i]! < 0) return a.slice(0, size);
      return Uint32Array.from(a.subarray(0, size));
    };
    return new RunDirectory(narrow(this.sid0), narrow(this.article), this.n.slice(0, size), this.idx0, size);
  }
}

/** The runs of sentence ids in the `spans` table. Write methods must run inside the caller's write transaction. */
export class SqliteSpans {
  private readonly st;
  private countSt: Database.Statement | null = null;

  constructor(private readonly db: Database.Database) {
    this.st = {
      // For each id (a JSON array), the run that may hold it: the last one starting at or before it.
      locate: db
        .prepare(
          `SELECT j.value, s.sid0, s.article, s.n, s.idx0 FROM json_each(?) j, spans s
           WHERE s.sid0 = (SELECT max(sid0) FROM spans WHERE sid0 <= j.value)`,
        )
        .raw(),
      ofArticle: db
        .prepare('SELECT sid0, article, n, idx0, data FROM spans WHERE article = ? ORDER BY sid0')
        .raw(),
      last: db.prepare('SELECT sid0 + n - 1 FROM spans ORDER BY sid0 DESC LIMIT 1').pluck(),
      // Runs overlapping lo..hi: those starting in it, and the one before it when it reaches into it.
      overlapping: db
        .prepare(
          `SELECT sid0, n FROM spans
           WHERE sid0 >= coalesce((SELECT sid0 FROM spans WHERE sid0 <= @lo ORDER BY sid0 DESC LIMIT 1), @lo)
             AND sid0 <= @hi ORDER BY sid0`,
        )
        .raw(),
      all: db.prepare('SELECT sid0, article, n, idx0, data FROM spans ORDER BY article, sid0').raw(),
      ...(db.readonly
        ? {}
        : {
            insert: db.prepare('INSERT INTO spans (sid0, article, n, idx0, data) VALUES (?, ?, ?, ?, ?)'),
            idsOf: db.prepare('SELECT sid0, n FROM spans WHERE article = ?').raw(),
            deleteOf: db.prepare('DELETE FROM spans WHERE article = ?'),
          }),
    };
  }

  /** Store an article's sentences with ids sid0, sid0 + 1, ... (in the order given). */
  add(sid0: number, article: number, sentences: readonly SpanSentence[]): void {
    for (const [from, n] of runsOf(sentences)) {
      const run = sentences.slice(from, from + n);
      this.st.insert!.run(sid0 + from, article, n, run[0]!.index, encodeSpans(run));
    }
  }

  /** The largest sentence id stored (0 when none). */
  maxId(): number {
    return (this.st.last.get() as number | undefined) ?? 0;
  }

  /** Sentences stored (prepared when first asked: the index it reads comes with a later migration than the runs). */
  count(): number {
    this.countSt ??= this.db.prepare(COUNT_SQL).pluck();
    return this.countSt.get() as number;
  }

  /** For each of `ids` that exists: its article and index (from `dir` when given: it must be current). */
  locate(ids: Iterable<number>, dir?: RunDirectory | null): Map<number, [article: number, index: number]> {
    const out = new Map<number, [number, number]>();
    const list = [...ids];
    // One statement for all the ids (a statement per id costs more in the driver than the look-up itself), in
    // id order, so that the look-ups walk the table forwards.
    list.sort((a, b) => a - b);
    if (dir) {
      dir.locateSorted(list, out);
      return out;
    }
    for (let i = 0; i < list.length; i += LOCATE_CHUNK) {
      const part = list.slice(i, i + LOCATE_CHUNK);
      for (const [id, sid0, article, n, idx0] of this.st.locate.all(JSON.stringify(part)) as [
        number,
        number,
        number,
        number,
        number,
      ][]) {
        if (id < sid0 + n) out.set(id, [article, idx0 + id - sid0]);
      }
    }
    return out;
  }

  /** The ids among `ids` that exist. */
  live(ids: Iterable<number>): Set<number> {
    return new Set(this.locate(ids).keys());
  }

  /** Every existing id in lo..hi, ascending. */
  *liveIn(lo: number, hi: number): Generator<number> {
    for (const [sid0, n] of this.st.overlapping.iterate({ lo, hi }) as IterableIterator<[number, number]>) {
      const from = Math.max(lo, sid0);
      const to = Math.min(hi, sid0 + n - 1);
      for (let id = from; id <= to; id++) yield id;
    }
  }

  /** Whether any id in lo..hi exists. */
  anyLiveIn(lo: number, hi: number): boolean {
    for (const _ of this.liveIn(lo, hi)) return true;
    return false;
  }

  /** The sentence ids of an article. */
  idsOf(article: number): number[] {
    const out: number[] = [];
    for (const [sid0, n] of this.st.idsOf!.all(article) as [number, number][])
      for (let i = 0; i < n; i++) out.push(sid0 + i);
    return out;
  }

  /** Forget an article's sentences. */
  deleteOf(article: number): void {
    this.st.deleteOf!.run(article);
  }

  /** An article's sentences in index order. */
  ofArticle(article: number): StoredSentence[] {
    const runs = this.st.ofArticle.all(article) as RunRow[];
    return runs.length === 0 ? [] : sentencesOfRuns(runs);
  }

  /** The sentences of several articles (an empty list for an article with none). */
  ofArticles(articles: readonly number[]): Map<number, StoredSentence[]> {
    const out = new Map<number, StoredSentence[]>();
    const seqs = [...new Set(articles)];
    for (let i = 0; i < seqs.length; i += 500) {
      const part = seqs.slice(i, i + 500);
      const rows = this.db
        .prepare(
          `SELECT sid0, article, n, idx0, data FROM spans WHERE article IN (${part.map(() => '?').join(',')}) ORDER BY article, sid0`,
        )
        .raw()
        .all(...part) as RunRow[];
      const runs = new Map<number, RunRow[]>();
      for (const r of rows) {
        const list = runs.get(r[1]);
        if (list) list.push(r);
        else runs.set(r[1], [r]);
      }
      for (const seq of part) {
        const list = runs.get(seq);
        out.set(seq, list ? sentencesOfRuns(list) : []);
      }
    }
    return out;
  }

  /** Every sentence as [id, article, index, start, end], in (article, index) order. */
  *all(): Generator<[number, number, number, number, number]> {
    const row: [number, number, number, number, number] = [0, 0, 0, 0, 0];
    let runs: RunRow[] = [];
    const flush = function* () {
      for (const s of sentencesOfRuns(runs)) {
        row[0] = s.sentenceId;
        row[1] = s.articleSeq;
        row[2] = s.index;
        row[3] = s.start;
        row[4] = s.end;
        yield row;
      }
      runs = [];
    };
    for (const r of this.st.all.iterate() as IterableIterator<RunRow>) {
      if (runs.length > 0 && runs[0]![1] !== r[1]) yield* flush();
      runs.push(r);
    }
    if (runs.length > 0) yield* flush();
  }
}

/** Which sentences exist, from the per-sentence table of schemas 1 to 8 (for the migrations that run before 9). */
export function legacySentenceLiveness(db: Database.Database): SentenceLiveness {
  const liveIn = db.prepare('SELECT id FROM sentences WHERE id BETWEEN ? AND ?').pluck();
  const anyLiveIn = db.prepare('SELECT 1 FROM sentences WHERE id BETWEEN ? AND ? LIMIT 1').pluck();
  const liveOf = db.prepare('SELECT id FROM sentences WHERE id IN (SELECT value FROM json_each(?))').pluck();
  return {
    liveIn: (lo, hi) => liveIn.iterate(lo, hi) as IterableIterator<number>,
    anyLiveIn: (lo, hi) => anyLiveIn.get(lo, hi) !== undefined,
    live: (ids) => new Set(liveOf.all(JSON.stringify([...ids])) as number[]),
  };
}

/**
 * Migration 9: the per-sentence `sentences` table becomes runs, read in id order a page at a time; a run ends
 * where the next id is not the next number, belongs to another article or has not the next index.
 */
export function migrateSentencesToSpans(db: Database.Database): void {
  db.exec(SPANS_TABLE);
  const insert = db.prepare('INSERT INTO spans (sid0, article, n, idx0, data) VALUES (?, ?, ?, ?, ?)');
  const page = db
    .prepare('SELECT id, article, idx, start, end FROM sentences WHERE id > ? ORDER BY id LIMIT ?')
    .raw();
  const PAGE = 50_000;
  let sid0 = 0;
  let article = 0;
  let last = 0;
  let run: SpanSentence[] = [];
  const flush = () => {
    if (run.length > 0) insert.run(sid0, article, run.length, run[0]!.index, encodeSpans(run));
    run = [];
  };
  let after = Number.MIN_SAFE_INTEGER;
  for (;;) {
    const rows = page.all(after, PAGE) as [number, number, number, number, number][];
    for (const [id, a, index, start, end] of rows) {
      if (run.length === 0 || a !== article || id !== last + 1 || index !== run[run.length - 1]!.index + 1) {
        flush();
        sid0 = id;
        article = a;
      }
      run.push({ index, start, end });
      last = id;
    }
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]![0];
  }
  flush();
  db.exec('DROP INDEX sentences_article; DROP TABLE sentences;');
}
