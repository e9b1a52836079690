/** The embedded SQLite store (better-sqlite3, WAL mode, versioned schema with migrations). */
import { existsSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { DEFAULTS } from '../defaults.js';
import { UnspunError } from '../errors.js';
import { articleKey, cleanUrl } from '../ingest/identity.js';
import { siteIdentity } from '../ingest/site.js';
import { isBoilerplate } from '../match/boilerplate.js';
import type { Article } from '../types.js';
import { type ArticleRow, articleFromRow } from './_rows.js';
import { AUDIT_TABLES, SqliteAudits } from './_sqlite-audits.js';
import { POSTINGS_TABLES, SqlitePostings } from './_sqlite-postings.js';
import {
  boilerplateCandidateCounts,
  clearShapeCounts,
  countShapes,
  readShapeCounts,
  SHAPES_COMPLETE,
  SHAPES_RECENT_TABLE,
  SHAPES_TABLE,
  setShapeRows,
} from './_sqlite-shapes.js';
import {
  legacySentenceLiveness,
  migrateSentencesToSpans,
  type RunDirectory,
  RunDirectoryLoader,
  SqliteSpans,
} from './_sqlite-spans.js';
import { packText } from './_text.js';
import type {
  AddOutcome,
  ArticleHead,
  ArticleList,
  ArticleListFilter,
  ArticleVersion,
  AuditRecord,
  CandidateHit,
  LearnedPair,
  PreparedArticle,
  PreparedSentence,
  ShapeCount,
  SiteSummary,
  Store,
  StoredSentence,
  StoreStats,
} from './index.js';
import { SentenceTable } from './sentence-table.js';

/**
 * Migrations, in order: migration N brings the schema from version N-1 to N. Never edit a shipped one. A
 * migration is SQL, or a function for steps that need code (run inside the same transaction).
 */
const MIGRATIONS: (string | ((db: Database.Database) => void))[] = [
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
  // 2: site keys and display names; URL keys with entity references decoded and only the true fragment
  // dropped; learned spinner substitutions in tables, counted per distinct article.
  migrateToV2,
  // 3: sentence shapes per site, to learn boilerplate (an existing corpus is counted by `unspun reindex`).
  (db) => {
    db.exec(SHAPES_TABLE);
    const empty = (db.prepare('SELECT count(*) FROM articles').pluck().get() as number) === 0;
    db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(
      SHAPES_COMPLETE,
      empty ? '1' : '0',
    );
  },
  // 4: the corpus audit: per article, its traced sentences and the earlier articles they came from.
  AUDIT_TABLES,
  // 5: article versions. The first version keeps the article's key as its row key (doc NULL); a later version
  // N has the row key "vN:" + key and doc = key. `latest` marks the newest version of each article.
  `
  ALTER TABLE articles ADD COLUMN doc TEXT;
  ALTER TABLE articles ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
  ALTER TABLE articles ADD COLUMN latest INTEGER NOT NULL DEFAULT 1;
  CREATE INDEX articles_doc ON articles(doc) WHERE doc IS NOT NULL;
  `,
  // 6: postings as immutable segments of coded blocks merged by size tier (src/store/_sqlite-postings.ts)
  // instead of one (fp, sentence) B-tree: the old postings become one segment, in key order.
  migratePostingsToSegments,
  // 7: article text stored compressed (src/store/_text.ts): a BLOB in the text column is deflated UTF-8. The
  // texts already stored are compressed here.
  (db) => {
    db.function('unspun_pack_text', (t: unknown) => (typeof t === 'string' ? packText(t) : t));
    db.exec(`UPDATE articles SET text = unspun_pack_text(text) WHERE typeof(text) = 'text'`);
  },
  // 8: shape counts in two levels (src/store/_sqlite-shapes.ts): ingest writes to a small table folded into the
  // main one in key order, instead of updating rows all over the main one. The main level's size is recorded
  // once, so that folds come at the right pace on an upgraded store.
  (db) => {
    db.exec(SHAPES_RECENT_TABLE);
    setShapeRows(db, db.prepare('SELECT count(*) FROM shapes').pluck().get() as number);
  },
  // 9: sentences as runs of consecutive ids, one row an article (src/store/_sqlite-spans.ts), instead of a row
  // and an index entry per sentence.
  migrateSentencesToSpans,
  // 10: what `stats` reads without reading the articles: the site index also holds `latest` (article and site
  // counts from the index alone), an index on the publication date (earliest and latest by one descent each), and
  // the sentence runs' article index their sentence counts. (IF [NOT] EXISTS: tests imitate older schemas by
  // taking tables back, and an index of a table they keep would otherwise already exist.)
  `
  CREATE INDEX IF NOT EXISTS articles_site_latest ON articles(site, latest);
  DROP INDEX IF EXISTS articles_site;
  CREATE INDEX IF NOT EXISTS articles_published ON articles(published);
  CREATE INDEX IF NOT EXISTS spans_article_n ON spans(article, n);
  DROP INDEX IF EXISTS spans_article;
  `,
];

/** Migration 6: the postings B-tree, read in key order a page at a time, becomes one segment. */
function migratePostingsToSegments(db: Database.Database): void {
  db.exec(POSTINGS_TABLES);
  const postings = new SqlitePostings(db, legacySentenceLiveness(db));
  const first = db.prepare('SELECT fp, sentence FROM postings ORDER BY fp, sentence LIMIT ?').raw();
  const after = db
    .prepare('SELECT fp, sentence FROM postings WHERE (fp, sentence) > (?, ?) ORDER BY fp, sentence LIMIT ?')
    .raw();
  const PAGE = 50_000;
  postings.addSorted((push) => {
    let rows = first.all(PAGE) as [number, number][];
    while (rows.length > 0) {
      for (const [fp, sid] of rows) push(fp, sid);
      if (rows.length < PAGE) break;
      const [fp, sid] = rows[rows.length - 1]!;
      rows = after.all(fp, sid, PAGE) as [number, number][];
    }
  });
  db.exec('DROP TABLE postings');
}

function migrateToV2(db: Database.Database): void {
  db.exec(`
    ALTER TABLE articles ADD COLUMN site_name TEXT;
    CREATE TABLE learned_pairs (
      id INTEGER PRIMARY KEY,
      original TEXT NOT NULL,
      spun TEXT NOT NULL,
      norm TEXT NOT NULL UNIQUE
    );
    CREATE TABLE learned_sources (
      pair INTEGER NOT NULL REFERENCES learned_pairs(id) ON DELETE CASCADE,
      article TEXT NOT NULL,
      count INTEGER NOT NULL,
      PRIMARY KEY (pair, article)
    ) WITHOUT ROWID;
  `);
  const rows = db.prepare('SELECT seq, key, ext_id, url, site, hash FROM articles').all() as {
    seq: number;
    key: string;
    ext_id: string | null;
    url: string | null;
    site: string | null;
    hash: string;
  }[];
  const update = db.prepare('UPDATE articles SET key = ?, url = ?, site = ?, site_name = ? WHERE seq = ?');
  const taken = db.prepare('SELECT seq FROM articles WHERE key = ?').pluck();
  for (const r of rows) {
    const url = r.url === null ? null : (cleanUrl(r.url) ?? null);
    const id = siteIdentity({ url: url ?? undefined, given: r.site ?? undefined });
    let key = articleKey({ id: r.ext_id ?? undefined, url: url ?? undefined }, r.hash);
    const holder = taken.get(key) as number | undefined;
    if (holder !== undefined && holder !== r.seq) key = r.key;
    update.run(key, url, id.site ?? null, id.siteName ?? null, r.seq);
  }
  // Learned pairs kept as JSON in meta (schema 1): each pair's article count becomes that many anonymous sources.
  const raw = db.prepare(`SELECT value FROM meta WHERE key = 'learned_spins'`).pluck().get() as
    | string
    | undefined;
  if (raw) {
    let pairs: { original: string; spun: string; count: number; articles: number }[] = [];
    try {
      const data = JSON.parse(raw) as { pairs?: typeof pairs };
      if (Array.isArray(data.pairs)) pairs = data.pairs;
    } catch {
      // An unreadable table is dropped: learned pairs are a cache of alignments, re-learned by `check --learn`.
    }
    const addPair = db.prepare(
      'INSERT INTO learned_pairs (original, spun, norm) VALUES (?, ?, ?) ON CONFLICT(norm) DO NOTHING',
    );
    const pairId = db.prepare('SELECT id FROM learned_pairs WHERE norm = ?').pluck();
    const addSource = db.prepare(
      'INSERT OR IGNORE INTO learned_sources (pair, article, count) VALUES (?, ?, ?)',
    );
    for (const p of pairs) {
      if (typeof p.original !== 'string' || typeof p.spun !== 'string') continue;
      const norm = pairNorm(p.original, p.spun);
      addPair.run(p.original, p.spun, norm);
      const id = pairId.get(norm) as number;
      const n = Math.max(1, Math.floor(Number(p.articles) || 1));
      const per = Math.max(1, Math.round((Number(p.count) || n) / n));
      for (let i = 0; i < n; i++) addSource.run(id, `legacy:${i}`, per);
    }
    db.prepare(`DELETE FROM meta WHERE key = 'learned_spins'`).run();
  }
}

/** The case-folded identity of a learned (original, spun) pair. */
function pairNorm(original: string, spun: string): string {
  return `${original.toLowerCase()}\u0000${spun.toLowerCase()}`;
}

export const SCHEMA_VERSION = MIGRATIONS.length;

interface VersionRow {
  seq: number;
  version: number;
  hash: string;
  ingested_at: string;
  latest: number;
}

/** The row key of version `n` (> 1) of the article with key `key` (no article key starts with "v<digit>"). */
export function versionRowKey(key: string, n: number): string {
  return `v${n}:${key}`;
}

export interface SqliteOptions {
  /** Open read-only (the file must exist). */
  readonly?: boolean;
  /** Refuse to create a new store: the file must exist. */
  mustExist?: boolean;
  /** SQLite page cache of this connection, MB (default DEFAULTS.sqliteCacheMb). */
  cacheMb?: number;
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
    // Whose file is it? Decided before anything is written: a foreign database (or, for commands that only
    // read, an empty file) is refused untouched, its journal mode included.
    refuseForeign(db, path, Boolean(opts.mustExist || opts.readonly));
    if (!opts.readonly) {
      // A new store gets 16 KiB pages (an existing one keeps its own): postings blocks (~1 KB) and article rows
      // pack several to a page, and fewer, larger pages make bulk writes cheaper (bench/ingest.ts). Must precede
      // the switch to WAL.
      if (isNewDatabase(db)) db.pragma(`page_size = ${NEW_STORE_PAGE_SIZE}`);
      // A store left in rollback-journal mode (see close) goes back to WAL, unless another process is reading it
      // right now: then it stays in rollback-journal mode for this run (writes still work, waiting for readers).
      try {
        db.pragma('journal_mode = WAL');
      } catch (e) {
        if (!/^SQLITE_BUSY|^SQLITE_LOCKED/.test(String((e as { code?: unknown }).code))) throw e;
      }
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    const cacheMb = opts.cacheMb ?? (opts.readonly ? DEFAULTS.sqliteReadCacheMb : DEFAULTS.sqliteCacheMb);
    db.pragma(`cache_size = -${Math.max(1, Math.round(cacheMb * 1024))}`);
    // Temporary tables, sorts and statement journals go to temporary files once they outgrow the cache (SQLite's
    // default). In memory, one statement that rewrites much of a big table kept a journal of every page it
    // touched: folding the recent shape counts into the main level at 1M articles (~1M rows into 11M) peaked at
    // ~470 MB more RSS (maxRSS 523 vs 113 MB for the same fold with temporary files, which also ran faster).
    db.pragma('temp_store = FILE');
    migrate(db, path, opts.readonly ?? false);
  } catch (e) {
    db.close();
    if (e instanceof UnspunError) throw e;
    if (/^SQLITE_BUSY|^SQLITE_LOCKED/.test(String((e as { code?: unknown }).code))) {
      throw new UnspunError('STORE', `the store ${path} is in use by another process (locked); try again`, {
        cause: e,
        subject: path,
      });
    }
    if (/^SQLITE_READONLY/.test(String((e as { code?: unknown }).code))) {
      throw new UnspunError(
        'STORE',
        `cannot write to the store ${path}: the file or its folder is read-only (commands that only read, such as check and stats, can use it)`,
        { cause: e, subject: path },
      );
    }
    throw new UnspunError('STORE', `${path} is not an unspun store: ${(e as Error).message}`, {
      cause: e,
      subject: path,
    });
  }
  return new SqliteStore(db, path);
}

const NEW_STORE_PAGE_SIZE = 16384;

/** An empty database (nothing written yet), whose page size can still be chosen. */
function isNewDatabase(db: Database.Database): boolean {
  return (db.pragma('page_count', { simple: true }) as number) === 0;
}

/**
 * Refuse a database that unspun did not create (tables but no schema version) and, when `mustExist`, an empty
 * one (a 0-byte file is a valid empty SQLite database, but no store): only reads, so the file is unchanged.
 */
function refuseForeign(db: Database.Database, path: string, mustExist: boolean): void {
  if (path === ':memory:') return;
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version !== 0) return;
  const tables = db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'`).get() as {
    n: number;
  };
  if (tables.n > 0) {
    throw new UnspunError('STORE_SCHEMA', `${path} is a SQLite database but not an unspun store`, {
      subject: path,
    });
  }
  if (mustExist) {
    throw new UnspunError(
      'STORE_SCHEMA',
      `${path} is empty, not an unspun store: run "unspun ingest --db ${path} ..." to create one`,
      { subject: path },
    );
  }
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
  if (version === SCHEMA_VERSION) return;
  if (readonly) {
    throw new UnspunError(
      'STORE_SCHEMA',
      `${path} was made by an older unspun and needs a one-time schema upgrade: run "unspun compact --db ${path}" (or any command that writes to it)`,
      { subject: path },
    );
  }
  db.transaction(() => {
    for (let v = version; v < SCHEMA_VERSION; v++) {
      const m = MIGRATIONS[v]!;
      if (typeof m === 'string') db.exec(m);
      else m(db);
    }
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}

/**
 * What `stats` asks, each answered from an index, never from the article rows (a scan of millions of stored texts
 * takes minutes): counts from the (site, latest) index, dates by one descent each in the date index, versioned
 * articles from the partial index of later versions (test/store-stats.test.ts checks the plans).
 */
export const STATS_SQL = {
  counts:
    'SELECT coalesce(sum(latest), 0) AS n, count(*) AS rows, count(DISTINCT site) AS sites FROM articles',
  dates:
    'SELECT (SELECT min(published) FROM articles) AS earliest, (SELECT max(published) FROM articles) AS latest',
  versioned: 'SELECT count(*) FROM articles WHERE doc IS NOT NULL AND latest = 1 AND version > 1',
  topSites:
    'SELECT site, count(*) AS articles FROM articles WHERE site IS NOT NULL AND latest = 1 GROUP BY site ORDER BY articles DESC, site LIMIT 10',
} as const;

interface ReaderCache {
  /** total_changes() and data_version when the cache was filled. */
  version: string;
  /** Time spent locating ids with statements since then, and the bound on the runs to read instead. */
  locateMs: number;
  articles: number | null;
  runs: RunDirectory | null;
  /** The runs being read, a chunk per look-up, until `runs` is set. */
  loader: RunDirectoryLoader | null;
  /** Fingerprints held by more than `commonLimit` sentences. */
  common: Set<number>;
  commonLimit: number;
}

class SqliteStore implements Store {
  readonly kind = 'sqlite';
  readonly capabilities;
  private readonly stmts;
  private readonly insertBatch: Database.Transaction<(batch: PreparedArticle[]) => AddOutcome[]>;
  private readonly audits: SqliteAudits;
  private readonly postings: SqlitePostings;
  private readonly spans: SqliteSpans;
  /** What a reader keeps between look-ups while the data does not change (see `readerCache`). */
  private readonly reader: ReaderCache = {
    version: '',
    locateMs: 0,
    articles: null,
    runs: null,
    loader: null,
    common: new Set(),
    commonLimit: -1,
  };
  private versionStmt: Database.Statement | null = null;

  constructor(
    private readonly db: Database.Database,
    private readonly path: string,
  ) {
    this.capabilities = {
      persistent: path !== ':memory:' && path !== '',
      concurrentWriters: false,
      packsText: true,
    };
    this.audits = new SqliteAudits(db);
    this.spans = new SqliteSpans(db);
    this.postings = new SqlitePostings(db, this.spans);
    const readonly = db.readonly;
    this.stmts = {
      byKey: db.prepare('SELECT * FROM articles WHERE (key = @k OR doc = @k) AND latest = 1'),
      versions: db.prepare(
        'SELECT seq, version, hash, ingested_at, latest FROM articles WHERE key = @k OR doc = @k ORDER BY version',
      ),
      byHash: db.prepare('SELECT * FROM articles WHERE hash = ? ORDER BY seq LIMIT 1'),
      bySeq: db.prepare('SELECT * FROM articles WHERE seq = ?'),
      getMeta: db.prepare('SELECT value FROM meta WHERE key = ?'),
      page: db.prepare('SELECT * FROM articles WHERE seq > ? ORDER BY seq LIMIT ?'),
      ...(readonly
        ? {}
        : {
            insertArticle: db.prepare(
              `INSERT INTO articles (key, hash, ext_id, url, site, site_name, title, published, byline, text, meta, ingested_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT(key) DO NOTHING`,
            ),
            insertVersion: db.prepare(
              `INSERT INTO articles (key, doc, version, hash, ext_id, url, site, site_name, title, published, byline, text, meta, ingested_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            ),
            supersede: db.prepare('UPDATE articles SET latest = 0 WHERE seq = ?'),
            setMeta: db.prepare(
              'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
            ),
          }),
    };
    this.insertBatch = db.transaction((batch: PreparedArticle[]) => {
      const now = new Date().toISOString();
      const out: AddOutcome[] = [];
      const shapeItems: { site: string | undefined; shapes: (number | undefined)[] }[] = [];
      const added: { seq: number; sentences: PreparedSentence[] }[] = [];
      for (const a of batch) {
        const { input } = a;
        const row = [
          a.key,
          a.hash,
          input.id ?? null,
          input.url ?? null,
          input.site ?? null,
          input.siteName ?? null,
          input.title,
          input.published ?? null,
          input.byline ?? null,
          a.packedText
            ? Buffer.from(a.packedText.buffer, a.packedText.byteOffset, a.packedText.byteLength)
            : packText(input.text),
          input.meta && Object.keys(input.meta).length > 0 ? JSON.stringify(input.meta) : null,
          now,
        ];
        const info = this.stmts.insertArticle!.run(...row);
        if (info.changes === 0) {
          // The key is stored: the same text as one of its versions is a duplicate, another text a new version.
          const versions = this.stmts.versions.all({ k: a.key }) as VersionRow[];
          const same = versions.find((v) => v.hash === a.hash);
          if (same || versions.length === 0) {
            out.push({ status: 'duplicate', key: a.key, seq: (same ?? versions[0])?.seq ?? 0 });
            continue;
          }
          const last = versions[versions.length - 1]!;
          const version = last.version + 1;
          const vinfo = this.stmts.insertVersion!.run(
            versionRowKey(a.key, version),
            a.key,
            version,
            ...row.slice(1),
          );
          for (const v of versions) if (v.latest) this.stmts.supersede!.run(v.seq);
          const seq = Number(vinfo.lastInsertRowid);
          // A later version's lines are not counted again for boilerplate learning: an article updated twenty
          // times would otherwise make its own sentences look like its site's furniture.
          added.push({ seq, sentences: a.sentences });
          out.push({ status: 'version', key: a.key, seq, version, previous: last.seq });
          continue;
        }
        const seq = Number(info.lastInsertRowid);
        added.push({ seq, sentences: a.sentences });
        shapeItems.push({ site: input.site, shapes: a.sentences.map((s) => s.shape) });
        out.push({ status: 'added', key: a.key, seq });
      }
      this.writeSentencesBulk(added);
      countShapes(this.db, shapeItems);
      return out;
    });
  }

  /**
   * Sentences and postings of the articles just added (or re-indexed), in bulk: sentence ids are assigned in
   * order after every id a sentence or a posting ever had (the batch runs inside one write transaction, so
   * they stay valid), each article's sentences go in as one run (src/store/_sqlite-spans.ts), and the postings
   * become one new segment (src/store/_sqlite-postings.ts), written sequentially whatever the size of the store.
   */
  private writeSentencesBulk(items: { seq: number; sentences: PreparedSentence[] }[]): void {
    let nextId = Math.max(this.spans.maxId(), this.postings.maxSentenceId()) + 1;
    let count = 0;
    for (const it of items) for (const s of it.sentences) count += s.fingerprints.length;
    const fps = new Float64Array(count);
    const sids = new Float64Array(count);
    let p = 0;
    for (const it of items) {
      this.spans.add(nextId, it.seq, it.sentences);
      for (const s of it.sentences) {
        const sid = nextId++;
        for (const fp of s.fingerprints) {
          fps[p] = fp;
          sids[p++] = sid;
        }
      }
    }
    this.postings.add(fps, sids, count);
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
    const r = this.stmts.byKey.get({ k: key }) as ArticleRow | undefined;
    return r ? articleFromRow(r) : null;
  }

  async versionsOf(key: string): Promise<ArticleVersion[]> {
    return (this.stmts.versions.all({ k: key }) as VersionRow[]).map((v) => ({
      seq: v.seq,
      version: v.version,
      hash: v.hash,
      ingestedAt: v.ingested_at,
      latest: v.latest === 1,
    }));
  }

  async getArticlesBySeq(seqs: number[]): Promise<Map<number, Article>> {
    const out = new Map<number, Article>();
    for (const s of new Set(seqs)) {
      const r = this.stmts.bySeq.get(s) as ArticleRow | undefined;
      if (r) out.set(s, articleFromRow(r));
    }
    return out;
  }

  async findByHash(hash: string): Promise<Article | null> {
    const r = this.stmts.byHash.get(hash) as ArticleRow | undefined;
    return r ? articleFromRow(r) : null;
  }

  async findCandidates(
    fingerprints: number[],
    opts: {
      maxPostings: number;
      table?: SentenceTable;
      keep?: (articleSeq: number) => boolean;
      maxSentenceId?: number;
    },
  ): Promise<{ hits: CandidateHit[]; skipped: number[] }> {
    const bySentence = new Map<number, CandidateHit>();
    const skipped: number[] = [];
    const table = opts.table;
    const keep = opts.keep;
    // One statement for all the query's fingerprints (a block look-up per segment and fingerprint). With a
    // table, sentences are located in memory and fingerprints it knows to be too common are not looked up.
    const asked: number[] = [];
    const slot = new Map<number, number>();
    fingerprints.forEach((fp, qi) => {
      if (table?.common.has(fp)) skipped.push(qi);
      else if (!slot.has(fp)) {
        slot.set(fp, qi);
        asked.push(fp);
      }
    });
    if (asked.length === 0) return { hits: [], skipped };
    let lists: Map<number, number[]>;
    // Without a table: each candidate sentence's article and index, read from the sentence runs.
    let where = new Map<number, [number, number]>();
    if (table) {
      lists = this.postings.lookup(asked, opts.maxSentenceId);
      for (const [fp, sids] of lists) {
        if (sids.length > opts.maxPostings) {
          skipped.push(slot.get(fp)!);
          lists.delete(fp);
        }
      }
    } else {
      // Too common fingerprints are only counted, not decoded; those found too common by an earlier look-up on
      // the same data are not looked up again.
      const cache = this.readerCache(opts.maxPostings);
      let probe = asked;
      if (cache.common.size > 0) {
        probe = [];
        for (const fp of asked) {
          if (cache.common.has(fp)) skipped.push(slot.get(fp)!);
          else probe.push(fp);
        }
      }
      const capped = this.postings.lookupCapped(probe, opts.maxPostings);
      lists = capped.lists;
      for (const fp of capped.common) {
        skipped.push(slot.get(fp)!);
        if (cache.common.size < DEFAULTS.sqliteReader.commonFingerprints) cache.common.add(fp);
      }
      const wanted = new Set<number>();
      for (const sids of lists.values()) for (const sid of sids) wanted.add(sid);
      const t = cache.runs ? 0 : performance.now();
      where = this.spans.locate(wanted, cache.runs);
      if (!cache.runs) cache.locateMs += performance.now() - t;
    }
    for (const [fp, sids] of lists) {
      const qi = slot.get(fp)!;
      for (const sid of sids) {
        let h = bySentence.get(sid);
        if (!h) {
          let article: number;
          let index: number;
          if (table) {
            article = table.articleOf(sid);
            if (article < 0) continue;
            index = table.indexOf(sid);
          } else {
            const w = where.get(sid);
            if (!w) continue;
            [article, index] = w;
          }
          if (keep && !keep(article)) continue;
          h = { sentenceId: sid, articleSeq: article, sentenceIndex: index, shared: [] };
          bySentence.set(sid, h);
        }
        h.shared.push(qi);
      }
    }
    skipped.sort((a, b) => a - b);
    return { hits: [...bySentence.values()], skipped };
  }

  /**
   * The reader's cache, emptied whenever the data may have changed: a commit by another connection moves
   * `PRAGMA data_version`, a write through this one moves `total_changes()` (rolled-back writes too). Once the
   * look-ups on unchanged data have spent as long locating ids as reading the sentence runs would take (a server, a
   * long batch; never a one-shot check), the runs are held in memory, when there are at most `maxRuns` of them.
   */
  private readerCache(commonLimit: number): ReaderCache {
    this.versionStmt ??= this.db
      .prepare('SELECT total_changes(), (SELECT data_version FROM pragma_data_version())')
      .raw();
    const [changes, version] = this.versionStmt.get() as [number, number];
    const key = `${changes}:${version}`;
    const r = this.reader;
    if (key !== r.version || commonLimit !== r.commonLimit) {
      r.version = key;
      r.locateMs = 0;
      r.articles = null;
      r.runs = null;
      r.loader = null;
      r.common.clear();
      r.commonLimit = commonLimit;
    }
    // Rent or buy: the runs are read (about a microsecond each) once the look-ups have spent as long locating
    // ids with statements as reading them would take, so a few checks never pay for it and many pay at most twice.
    // The runs are read a chunk per look-up (about 0.1 s each), so that no one check stalls for the whole read.
    const o = DEFAULTS.sqliteReader;
    if (r.runs === null && r.loader === null && r.locateMs >= o.runLoadMsPerArticle * this.articlesBound(r)) {
      r.loader = RunDirectoryLoader.start(this.db, o.maxRuns);
      if (r.loader === null) r.locateMs = Number.NEGATIVE_INFINITY; // over the bound: not asked again
    }
    if (r.loader) {
      r.runs = r.loader.step(this.db, o.runChunk);
      if (r.runs) r.loader = null;
    }
    return r;
  }

  /** An upper bound on the sentence runs (the largest article number), once per data version. */
  private articlesBound(r: ReaderCache): number {
    r.articles ??= (this.db.prepare('SELECT max(article) FROM spans').pluck().get() as number | null) ?? 0;
    return r.articles;
  }

  async getSentences(articleSeq: number): Promise<StoredSentence[]> {
    return this.spans.ofArticle(articleSeq);
  }

  async sentenceTable(opts: { maxPostings: number; postingsUpToSentences?: number }): Promise<SentenceTable> {
    const table = SentenceTable.fromRows(this.spans.all());
    if (opts.postingsUpToSentences === undefined || table.size > opts.postingsUpToSentences)
      return table.withCommon(await this.commonFingerprints(opts.maxPostings));
    // One pass over the postings in key order (fingerprint, sentence): no sort, and the common fingerprints
    // come with it. Postings of sentences the table does not hold (deleted by a re-index) are left out.
    const groups = this.postings.groups((sid) => table.articleOf(sid) >= 0);
    function* pairs(): Generator<[number, number]> {
      const pair: [number, number] = [0, 0];
      for (const [fp, sids] of groups) {
        pair[0] = fp;
        for (const sid of sids) {
          pair[1] = sid;
          yield pair;
        }
      }
    }
    return table.withPostings(pairs(), opts.maxPostings);
  }

  async commonFingerprints(maxPostings: number): Promise<number[]> {
    const out: number[] = [];
    for (const [fp, sids] of this.postings.groups()) if (sids.length > maxPostings) out.push(fp);
    return out;
  }

  async articlesWithFingerprints(fingerprints: number[]): Promise<number[]> {
    if (fingerprints.length === 0) return [];
    const ids = new Set<number>();
    for (const sids of this.postings.lookup(fingerprints).values()) for (const id of sids) ids.add(id);
    if (ids.size === 0) return [];
    const articles = new Set<number>();
    for (const [article] of this.spans.locate(ids).values()) articles.add(article);
    return [...articles].sort((a, b) => a - b);
  }

  async getSentencesOf(articleSeqs: number[]): Promise<Map<number, StoredSentence[]>> {
    return this.spans.ofArticles(articleSeqs);
  }

  async learnPairs(
    article: string,
    pairs: { original: string; spun: string; count: number }[],
  ): Promise<number> {
    this.writable();
    return this.db
      .transaction(() => {
        let fresh = 0;
        this.db.prepare('DELETE FROM learned_sources WHERE article = ?').run(article);
        const addPair = this.db.prepare(
          'INSERT INTO learned_pairs (original, spun, norm) VALUES (?, ?, ?) ON CONFLICT(norm) DO NOTHING',
        );
        const pairId = this.db.prepare('SELECT id FROM learned_pairs WHERE norm = ?').pluck();
        const addSource = this.db.prepare(
          'INSERT INTO learned_sources (pair, article, count) VALUES (?, ?, ?) ON CONFLICT(pair, article) DO UPDATE SET count = count + excluded.count',
        );
        for (const p of pairs) {
          const norm = pairNorm(p.original, p.spun);
          fresh += addPair.run(p.original, p.spun, norm).changes;
          addSource.run(pairId.get(norm) as number, article, p.count);
        }
        // Pairs no article supports any more (the article was re-learned without them) are dropped.
        this.db
          .prepare('DELETE FROM learned_pairs WHERE id NOT IN (SELECT DISTINCT pair FROM learned_sources)')
          .run();
        return fresh;
      })
      .immediate();
  }

  async learnedPairs(): Promise<LearnedPair[]> {
    return this.db
      .prepare(
        `SELECT p.original AS original, p.spun AS spun, sum(s.count) AS count, count(*) AS articles
         FROM learned_pairs p JOIN learned_sources s ON s.pair = p.id
         GROUP BY p.id ORDER BY articles DESC, count DESC, p.original`,
      )
      .all() as LearnedPair[];
  }

  async *iterateArticles(pageSize = 500): AsyncIterable<Article> {
    let after = 0;
    for (;;) {
      const rows = this.stmts.page.all(after, pageSize) as ArticleRow[];
      if (rows.length === 0) return;
      for (const r of rows) yield articleFromRow(r);
      after = rows[rows.length - 1]!.seq;
    }
  }

  async replaceFingerprints(items: { seq: number; sentences: PreparedSentence[] }[]): Promise<void> {
    this.writable();
    const siteOf = this.db.prepare('SELECT site, version FROM articles WHERE seq = ?');
    this.db.transaction(() => {
      const shapeItems: { site: string | null; shapes: (number | undefined)[] }[] = [];
      const deleted: number[] = [];
      for (const it of items) {
        for (const id of this.spans.idsOf(it.seq)) deleted.push(id);
        this.spans.deleteOf(it.seq);
        const at = siteOf.get(it.seq) as { site: string | null; version: number } | undefined;
        // Later versions are not counted for boilerplate learning (as at ingest).
        if (at && at.version === 1)
          shapeItems.push({ site: at.site, shapes: it.sentences.map((s) => s.shape) });
      }
      this.writeSentencesBulk(items);
      this.postings.sentencesDeleted(deleted);
      countShapes(this.db, shapeItems);
    })();
  }

  async clearShapes(): Promise<void> {
    this.writable();
    this.db.transaction(() => {
      clearShapeCounts(this.db);
      this.stmts.setMeta!.run(SHAPES_COMPLETE, '0');
    })();
  }

  async compactIndex(): Promise<{ segmentsBefore: number; segmentsAfter: number; postings: number }> {
    this.writable();
    const segmentsBefore = this.postings.segments().length;
    this.db.transaction(() => this.postings.compact()).immediate();
    return {
      segmentsBefore,
      segmentsAfter: this.postings.segments().length,
      postings: this.postings.count(),
    };
  }

  async markShapesComplete(): Promise<void> {
    this.writable();
    this.stmts.setMeta!.run(SHAPES_COMPLETE, '1');
  }

  async shapeCounts(shapes: number[]): Promise<Map<number, ShapeCount> | null> {
    if ((await this.getMeta(SHAPES_COMPLETE)) !== '1') return null;
    return readShapeCounts(this.db, shapes);
  }

  async boilerplateShapes(rule: {
    minSiteArticles: number;
    minArticles: number;
    minSites: number;
  }): Promise<number | null> {
    if ((await this.getMeta(SHAPES_COMPLETE)) !== '1') return null;
    let n = 0;
    for (const c of boilerplateCandidateCounts(this.db, rule).values()) if (isBoilerplate(c, rule)) n++;
    return n;
  }

  async boilerplateShapeCounts(rule: {
    minSiteArticles: number;
    minArticles: number;
    minSites: number;
  }): Promise<Map<number, ShapeCount> | null> {
    if ((await this.getMeta(SHAPES_COMPLETE)) !== '1') return null;
    const out = new Map<number, ShapeCount>();
    for (const [shape, c] of boilerplateCandidateCounts(this.db, rule))
      if (isBoilerplate(c, rule)) out.set(shape, c);
    return out;
  }

  async *iterateHeads(pageSize = 5000): AsyncIterable<ArticleHead> {
    yield* this.audits.heads(pageSize);
  }

  async maxSeq(): Promise<number> {
    return (this.db.prepare('SELECT max(seq) FROM articles').pluck().get() as number | null) ?? 0;
  }

  async auditedSeqs(): Promise<Set<number>> {
    return this.audits.audited();
  }

  async saveAudits(records: AuditRecord[], stale: number[] = []): Promise<void> {
    this.writable();
    this.audits.save(records, stale);
  }

  async dropAudits(seqs: number[] | 'all'): Promise<void> {
    this.writable();
    this.audits.drop(seqs);
  }

  async *iterateAudits(pageSize = 2000): AsyncIterable<AuditRecord> {
    yield* this.audits.iterate(pageSize);
  }

  async getAudits(seqs: number[]): Promise<Map<number, AuditRecord>> {
    return this.audits.getAudits(seqs);
  }

  async listArticles(filter: ArticleListFilter): Promise<ArticleList> {
    return this.audits.listArticles(filter);
  }

  async listSites(): Promise<SiteSummary[]> {
    return this.audits.listSites();
  }

  async copiersOf(seq: number): Promise<{ seq: number; sentences: number }[]> {
    return this.audits.copiersOf(seq);
  }

  async getMeta(key: string): Promise<string | null> {
    const r = this.stmts.getMeta.get(key) as { value: string } | undefined;
    return r ? r.value : null;
  }

  async metaKeys(prefix: string): Promise<string[]> {
    return this.db
      .prepare('SELECT key FROM meta WHERE substr(key, 1, length(@p)) = @p ORDER BY key')
      .pluck()
      .all({ p: prefix }) as string[];
  }

  async setMeta(key: string, value: string): Promise<void> {
    this.writable();
    this.stmts.setMeta!.run(key, value);
  }

  async stats(): Promise<StoreStats> {
    const one = <T>(sql: string) => this.db.prepare(sql).get() as T;
    const a = one<{ n: number; rows: number; sites: number }>(STATS_SQL.counts);
    const dates = one<{ earliest: string | null; latest: string | null }>(STATS_SQL.dates);
    const versioned = this.db.prepare(STATS_SQL.versioned).pluck().get() as number;
    const sentences = this.spans.count();
    const topSites = this.db.prepare(STATS_SQL.topSites).all() as { site: string; articles: number }[];
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
      articles: a.n ?? 0,
      versions: (a.rows ?? 0) - (a.n ?? 0),
      versionedArticles: versioned,
      sentences,
      sites: a.sites,
      earliest: dates.earliest,
      latest: dates.latest,
      sizeBytes,
      schemaVersion: SCHEMA_VERSION,
      fingerprintVersion: await this.getMeta('fingerprint_version'),
      topSites,
      index: { postings: this.postings.count(), segments: this.postings.segments().length },
    };
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    if (!this.db.readonly && this.path !== ':memory:') {
      // Leave the file in rollback-journal mode when nobody else has it open, so that it can be read where
      // nothing can be written (a read-only file or folder, an archive, a read-only mount): a WAL database
      // cannot be opened there without its -shm file. The next writer switches back to WAL. With another
      // connection open the switch is refused at once (no wait) and the file stays in WAL mode.
      try {
        this.db.pragma('busy_timeout = 0');
        this.db.pragma('journal_mode = DELETE');
      } catch {
        // Busy: another connection has the store open; WAL mode is kept.
      }
    }
    this.db.close();
  }
}
