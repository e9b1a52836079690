/** The embedded SQLite store (better-sqlite3, WAL mode, versioned schema with migrations). */
import { existsSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { UnspunError } from '../errors.js';
import type { Article } from '../types.js';
import type {
  AddOutcome,
  CandidateHit,
  PreparedArticle,
  PreparedSentence,
  Store,
  StoredSentence,
  StoreStats,
} from './index.js';

/** Migrations, in order: migration N brings the schema from version N-1 to N. Never edit a shipped one. */
const MIGRATIONS: string[] = [
  // 1: articles, sentences, fingerprint postings, key/value metadata.
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE articles (
    seq INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    hash TEXT NOT NULL,
    ext_id TEXT,
    url TEXT,
    site TEXT,
    title TEXT NOT NULL,
    published TEXT,
    byline TEXT,
    text TEXT NOT NULL,
    meta TEXT,
    ingested_at TEXT NOT NULL
  );
  CREATE INDEX articles_hash ON articles(hash);
  CREATE INDEX articles_site ON articles(site);
  CREATE TABLE sentences (
    id INTEGER PRIMARY KEY,
    article INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL
  );
  CREATE INDEX sentences_article ON sentences(article, idx);
  CREATE TABLE postings (fp INTEGER NOT NULL, sentence INTEGER NOT NULL, PRIMARY KEY (fp, sentence)) WITHOUT ROWID;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

interface ArticleRow {
  seq: number;
  key: string;
  hash: string;
  ext_id: string | null;
  url: string | null;
  site: string | null;
  title: string;
  published: string | null;
  byline: string | null;
  text: string;
  meta: string | null;
}

function rowToArticle(r: ArticleRow): Article {
  const a: Article = { key: r.key, hash: r.hash, seq: r.seq, title: r.title, text: r.text };
  if (r.ext_id !== null) a.id = r.ext_id;
  if (r.url !== null) a.url = r.url;
  if (r.site !== null) a.site = r.site;
  if (r.published !== null) a.published = r.published;
  if (r.byline !== null) a.byline = r.byline;
  if (r.meta !== null) a.meta = JSON.parse(r.meta) as Record<string, unknown>;
  return a;
}

export interface SqliteOptions {
  /** Open read-only (the file must exist). */
  readonly?: boolean;
  /** Refuse to create a new store: the file must exist. */
  mustExist?: boolean;
}

/** Open (creating and migrating if needed) a SQLite store at `path` (":memory:" for a throwaway store). */
export function openSqliteStore(path: string, opts: SqliteOptions = {}): Store {
  let db: Database.Database;
  if ((opts.mustExist || opts.readonly) && path !== ':memory:' && !existsSync(path)) {
    throw new UnspunError('NOT_FOUND', `no store at ${path}: run "unspun ingest" first, or give --db`, {
      subject: path,
    });
  }
  try {
    db = new Database(path, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
  } catch (e) {
    throw new UnspunError('STORE', `cannot open the store ${path}: ${(e as Error).message}`, {
      cause: e,
      subject: path,
    });
  }
  try {
    if (!opts.readonly) {
      // A new store gets 16 KiB pages (an existing one keeps its own): the postings B-tree is keyed by hash,
      // so every ingest batch touches pages all over it, and fewer, larger pages make those writes markedly
      // cheaper (bench/ingest.ts). Must precede the switch to WAL.
      if (isNewDatabase(db)) db.pragma(`page_size = ${NEW_STORE_PAGE_SIZE}`);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    db.pragma('cache_size = -65536');
    db.pragma('temp_store = MEMORY');
    migrate(db, path, opts.readonly ?? false);
  } catch (e) {
    db.close();
    if (e instanceof UnspunError) throw e;
    throw new UnspunError('STORE', `${path} is not an unspun store: ${(e as Error).message}`, {
      cause: e,
      subject: path,
    });
  }
  return new SqliteStore(db, path);
}

const NEW_STORE_PAGE_SIZE = 16384;

/**
 * Indexes r0..r1-1 of `fps`/`sids` in (fp, sentence) order. Fingerprints are non-negative integers below
 * 2^34 (family tag and 32-bit hash), so with fewer than 2^19 items each (fp, index) packs exactly into one
 * double and a native numeric sort does the work; anything else takes a comparison sort.
 */
function sortedRun(fps: Float64Array, sids: Float64Array, r0: number, r1: number): Iterable<number> {
  const n = r1 - r0;
  const LOCAL = 2 ** 19;
  let packable = n <= LOCAL;
  const packed = new Float64Array(packable ? n : 0);
  for (let i = 0; packable && i < n; i++) {
    const fp = fps[r0 + i]!;
    if (Number.isInteger(fp) && fp >= 0 && fp < 2 ** 34) packed[i] = fp * LOCAL + i;
    else packable = false;
  }
  const order = new Int32Array(n);
  if (packable) {
    // Within a run, sentence ids never decrease with the index, so index order breaks fp ties correctly.
    packed.sort();
    for (let i = 0; i < n; i++) order[i] = r0 + (packed[i]! % LOCAL);
    return order;
  }
  const idx = Array.from({ length: n }, (_, i) => r0 + i);
  idx.sort((a, b) => fps[a]! - fps[b]! || sids[a]! - sids[b]!);
  return idx;
}

/** An empty database (nothing written yet), whose page size can still be chosen. */
function isNewDatabase(db: Database.Database): boolean {
  return (db.pragma('page_count', { simple: true }) as number) === 0;
}

function migrate(db: Database.Database, path: string, readonly: boolean): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new UnspunError(
      'STORE_SCHEMA',
      `${path} has schema version ${version}, newer than this unspun (${SCHEMA_VERSION}): upgrade unspun`,
      { subject: path },
    );
  }
  if (version === 0) {
    // A database file that is not empty but has no version is someone else's.
    const tables = db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'`).get() as {
      n: number;
    };
    if (tables.n > 0) {
      throw new UnspunError('STORE_SCHEMA', `${path} is a SQLite database but not an unspun store`, {
        subject: path,
      });
    }
  }
  if (version === SCHEMA_VERSION) return;
  if (readonly) {
    throw new UnspunError('STORE_SCHEMA', `${path} needs a schema migration; open it writable once`, {
      subject: path,
    });
  }
  db.transaction(() => {
    for (let v = version; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v] ?? '');
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}

class SqliteStore implements Store {
  readonly kind = 'sqlite';
  readonly capabilities;
  private readonly stmts;
  private readonly insertBatch: Database.Transaction<(batch: PreparedArticle[]) => AddOutcome[]>;

  constructor(
    private readonly db: Database.Database,
    private readonly path: string,
  ) {
    this.capabilities = { persistent: path !== ':memory:' && path !== '', concurrentWriters: false };
    const readonly = db.readonly;
    this.stmts = {
      byKey: db.prepare('SELECT * FROM articles WHERE key = ?'),
      byHash: db.prepare('SELECT * FROM articles WHERE hash = ? ORDER BY seq LIMIT 1'),
      bySeq: db.prepare('SELECT * FROM articles WHERE seq = ?'),
      sentences: db.prepare(
        'SELECT id, article, idx, start, end FROM sentences WHERE article = ? ORDER BY idx',
      ),
      postings: db.prepare(
        'SELECT p.sentence AS sid, s.article AS article, s.idx AS idx FROM postings p JOIN sentences s ON s.id = p.sentence WHERE p.fp = ? LIMIT ?',
      ),
      getMeta: db.prepare('SELECT value FROM meta WHERE key = ?'),
      page: db.prepare('SELECT * FROM articles WHERE seq > ? ORDER BY seq LIMIT ?'),
      ...(readonly
        ? {}
        : {
            insertArticle: db.prepare(
              `INSERT INTO articles (key, hash, ext_id, url, site, title, published, byline, text, meta, ingested_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT(key) DO NOTHING`,
            ),
            maxSentenceId: db.prepare('SELECT max(id) AS m FROM sentences').pluck(),
            insertSentence: db.prepare(
              'INSERT INTO sentences (article, idx, start, end) VALUES (?, ?, ?, ?)',
            ),
            insertPosting: db.prepare('INSERT OR IGNORE INTO postings (fp, sentence) VALUES (?, ?)'),
            deleteSentences: db.prepare('DELETE FROM sentences WHERE article = ?'),
            deletePostingsOf: db.prepare(
              'DELETE FROM postings WHERE sentence IN (SELECT id FROM sentences WHERE article = ?)',
            ),
            setMeta: db.prepare(
              'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
            ),
          }),
    };
    this.insertBatch = db.transaction((batch: PreparedArticle[]) => {
      const now = new Date().toISOString();
      const out: AddOutcome[] = [];
      const added: { seq: number; sentences: PreparedSentence[] }[] = [];
      for (const a of batch) {
        const { input } = a;
        const info = this.stmts.insertArticle!.run(
          a.key,
          a.hash,
          input.id ?? null,
          input.url ?? null,
          input.site ?? null,
          input.title,
          input.published ?? null,
          input.byline ?? null,
          input.text,
          input.meta && Object.keys(input.meta).length > 0 ? JSON.stringify(input.meta) : null,
          now,
        );
        if (info.changes === 0) {
          const existing = this.stmts.byKey.get(a.key) as ArticleRow;
          out.push({ status: 'duplicate', key: a.key, seq: existing.seq });
          continue;
        }
        const seq = Number(info.lastInsertRowid);
        added.push({ seq, sentences: a.sentences });
        out.push({ status: 'added', key: a.key, seq });
      }
      this.writeSentencesBulk(added);
      return out;
    });
  }

  /** Rows per multi-row INSERT (sentences: 5 values a row, postings: 2). */
  private static readonly ROWS = 100;
  private readonly multiInsert = new Map<string, Database.Statement>();

  /** A cached multi-row INSERT statement of `rows` rows for `head` with `width` values a row. */
  private multi(head: string, width: number, rows: number): Database.Statement {
    const k = `${head}/${rows}`;
    let st = this.multiInsert.get(k);
    if (!st) {
      const row = `(${new Array(width).fill('?').join(', ')})`;
      st = this.db.prepare(`${head} VALUES ${new Array(rows).fill(row).join(', ')}`);
      this.multiInsert.set(k, st);
    }
    return st;
  }

  /** A writer of rows for `head`: values are buffered and sent ROWS rows per multi-row INSERT. */
  private rowWriter(
    head: string,
    width: 2 | 5,
  ): { push: (a: number, b: number, c?: number, d?: number, e?: number) => void; flush: () => void } {
    const full = this.multi(head, width, SqliteStore.ROWS);
    const buf = new Array<number>(SqliteStore.ROWS * width).fill(0);
    let n = 0;
    return {
      push: (a, b, c = 0, d = 0, e = 0) => {
        buf[n++] = a;
        buf[n++] = b;
        if (width === 5) {
          buf[n++] = c;
          buf[n++] = d;
          buf[n++] = e;
        }
        if (n === buf.length) {
          full.run(buf);
          n = 0;
        }
      },
      flush: () => {
        if (n > 0) this.multi(head, width, n / width).run(buf.slice(0, n));
        n = 0;
      },
    };
  }

  /**
   * Sentences and postings of the articles just added, in bulk: sentence ids are assigned as SQLite would
   * (max(id) + 1, in order; the batch runs inside one write transaction), sentences and postings go in with
   * multi-row INSERTs, and postings are inserted in key order (in runs of up to 2^19) so that the B-tree is
   * walked in order rather than at random.
   */
  private writeSentencesBulk(items: { seq: number; sentences: PreparedSentence[] }[]): void {
    let nextId = ((this.stmts.maxSentenceId!.get() as number | null) ?? 0) + 1;
    let count = 0;
    for (const it of items) for (const s of it.sentences) count += s.fingerprints.length;
    const fps = new Float64Array(count);
    const sids = new Float64Array(count);
    const sentences = this.rowWriter('INSERT INTO sentences (id, article, idx, start, end)', 5);
    let p = 0;
    for (const it of items) {
      for (const s of it.sentences) {
        const sid = nextId++;
        sentences.push(sid, it.seq, s.index, s.start, s.end);
        for (const fp of s.fingerprints) {
          fps[p] = fp;
          sids[p++] = sid;
        }
      }
    }
    sentences.flush();
    const postings = this.rowWriter('INSERT OR IGNORE INTO postings (fp, sentence)', 2);
    const RUN = 2 ** 19;
    for (let r0 = 0; r0 < count; r0 += RUN) {
      for (const j of sortedRun(fps, sids, r0, Math.min(count, r0 + RUN))) postings.push(fps[j]!, sids[j]!);
    }
    postings.flush();
  }

  private writeSentences(seq: number, sentences: PreparedSentence[]): void {
    for (const s of sentences) {
      const sid = Number(this.stmts.insertSentence!.run(seq, s.index, s.start, s.end).lastInsertRowid);
      for (const fp of s.fingerprints) this.stmts.insertPosting!.run(fp, sid);
    }
  }

  private writable(): void {
    if (this.db.readonly) throw new UnspunError('STORE', `the store ${this.path} is open read-only`);
  }

  async addArticles(batch: PreparedArticle[]): Promise<AddOutcome[]> {
    this.writable();
    // IMMEDIATE: take the write lock up front, so sentence ids read inside the transaction stay valid.
    return this.insertBatch.immediate(batch);
  }

  async getArticle(key: string): Promise<Article | null> {
    const r = this.stmts.byKey.get(key) as ArticleRow | undefined;
    return r ? rowToArticle(r) : null;
  }

  async getArticlesBySeq(seqs: number[]): Promise<Map<number, Article>> {
    const out = new Map<number, Article>();
    for (const s of new Set(seqs)) {
      const r = this.stmts.bySeq.get(s) as ArticleRow | undefined;
      if (r) out.set(s, rowToArticle(r));
    }
    return out;
  }

  async findByHash(hash: string): Promise<Article | null> {
    const r = this.stmts.byHash.get(hash) as ArticleRow | undefined;
    return r ? rowToArticle(r) : null;
  }

  async findCandidates(
    fingerprints: number[],
    opts: { maxPostings: number },
  ): Promise<{ hits: CandidateHit[]; skipped: number[] }> {
    const bySentence = new Map<number, CandidateHit>();
    const skipped: number[] = [];
    fingerprints.forEach((fp, qi) => {
      const rows = this.stmts.postings.all(fp, opts.maxPostings + 1) as {
        sid: number;
        article: number;
        idx: number;
      }[];
      if (rows.length > opts.maxPostings) {
        skipped.push(qi);
        return;
      }
      for (const r of rows) {
        let h = bySentence.get(r.sid);
        if (!h) {
          h = { sentenceId: r.sid, articleSeq: r.article, sentenceIndex: r.idx, shared: [] };
          bySentence.set(r.sid, h);
        }
        h.shared.push(qi);
      }
    });
    return { hits: [...bySentence.values()], skipped };
  }

  async getSentences(articleSeq: number): Promise<StoredSentence[]> {
    return (
      this.stmts.sentences.all(articleSeq) as {
        id: number;
        article: number;
        idx: number;
        start: number;
        end: number;
      }[]
    ).map((r) => ({ sentenceId: r.id, articleSeq: r.article, index: r.idx, start: r.start, end: r.end }));
  }

  async *iterateArticles(pageSize = 500): AsyncIterable<Article> {
    let after = 0;
    for (;;) {
      const rows = this.stmts.page.all(after, pageSize) as ArticleRow[];
      if (rows.length === 0) return;
      for (const r of rows) yield rowToArticle(r);
      after = rows[rows.length - 1]!.seq;
    }
  }

  async replaceFingerprints(items: { seq: number; sentences: PreparedSentence[] }[]): Promise<void> {
    this.writable();
    this.db.transaction(() => {
      for (const it of items) {
        this.stmts.deletePostingsOf!.run(it.seq);
        this.stmts.deleteSentences!.run(it.seq);
        this.writeSentences(it.seq, it.sentences);
      }
    })();
  }

  async getMeta(key: string): Promise<string | null> {
    const r = this.stmts.getMeta.get(key) as { value: string } | undefined;
    return r ? r.value : null;
  }

  async setMeta(key: string, value: string): Promise<void> {
    this.writable();
    this.stmts.setMeta!.run(key, value);
  }

  async stats(): Promise<StoreStats> {
    const one = <T>(sql: string) => this.db.prepare(sql).get() as T;
    const a = one<{ n: number; sites: number; earliest: string | null; latest: string | null }>(
      'SELECT count(*) AS n, count(DISTINCT site) AS sites, min(published) AS earliest, max(published) AS latest FROM articles',
    );
    const s = one<{ n: number }>('SELECT count(*) AS n FROM sentences');
    const topSites = this.db
      .prepare(
        'SELECT site, count(*) AS articles FROM articles WHERE site IS NOT NULL GROUP BY site ORDER BY articles DESC, site LIMIT 10',
      )
      .all() as { site: string; articles: number }[];
    let sizeBytes: number | null = null;
    if (this.capabilities.persistent) {
      sizeBytes = 0;
      for (const suffix of ['', '-wal', '-shm']) {
        try {
          sizeBytes += statSync(this.path + suffix).size;
        } catch {
          // The journal files exist only while the database is open for writing.
        }
      }
    }
    return {
      articles: a.n,
      sentences: s.n,
      sites: a.sites,
      earliest: a.earliest,
      latest: a.latest,
      sizeBytes,
      schemaVersion: SCHEMA_VERSION,
      fingerprintVersion: await this.getMeta('fingerprint_version'),
      topSites,
    };
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
