/**
 * The PostgreSQL store (node-postgres, a connection pool; bulk rows through COPY with pg-copy-streams). Same
 * Store interface and conformance suite as the SQLite store. Everything lives in the schema `unspun` of the
 * database the URL names, so that unspun's tables never mix with a user's own; the schema is versioned and
 * migrated on open (inside a transaction, under an advisory lock, so that two processes opening a new database
 * at once do not both create it), and refused when it is newer than this program. Writers may run at once: a
 * batch takes a transaction-scoped advisory lock on each article key it adds (in key order, so two batches
 * never deadlock), which makes "stored already / new version / new" exact under concurrency; sentence ids come
 * from a sequence.
 */
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { UnspunError } from '../errors.js';
import type { Article } from '../types.js';
import { type ArticleRow, articleFromRow, type HeadRow, headFromRow, shapeTally } from './_rows.js';
import type {
  AddOutcome,
  ArticleHead,
  ArticleList,
  ArticleListFilter,
  ArticleVersion,
  AuditRecord,
  CandidateHit,
  LearnedPair,
  OpenStoreOptions,
  PreparedArticle,
  PreparedSentence,
  ShapeCount,
  SiteSummary,
  Store,
  StoreCapabilities,
  StoredSentence,
  StoreStats,
} from './index.js';
import { redactLocation } from './index.js';
import { SentenceTable } from './sentence-table.js';

const SCHEMA = 'unspun';
/** The advisory lock key that serialises schema creation and migrations (any constant unique to unspun). */
const MIGRATION_LOCK = 74_657_110;
const SHAPES_COMPLETE = 'shapes_complete';

/** Migrations, in order (migration N brings the schema from N-1 to N). Never edit a shipped one. */
const MIGRATIONS: string[] = [
  // 1: the whole model of SQLite schema 5: articles (with versions), sentences, postings, learned pairs,
  // sentence shapes, audits.
  `
  CREATE TABLE articles (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    doc TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    latest BOOLEAN NOT NULL DEFAULT TRUE,
    hash TEXT NOT NULL,
    ext_id TEXT,
    url TEXT,
    site TEXT,
    site_name TEXT,
    title TEXT NOT NULL,
    published TEXT,
    byline TEXT,
    text TEXT NOT NULL,
    meta TEXT,
    ingested_at TEXT NOT NULL
  );
  CREATE INDEX articles_hash ON articles(hash);
  CREATE INDEX articles_site ON articles(site);
  CREATE INDEX articles_doc ON articles(doc) WHERE doc IS NOT NULL;
  CREATE SEQUENCE sentence_ids;
  CREATE TABLE sentences (
    id BIGINT PRIMARY KEY,
    article BIGINT NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL
  );
  CREATE INDEX sentences_article ON sentences(article, idx);
  CREATE TABLE postings (fp BIGINT NOT NULL, sentence BIGINT NOT NULL, PRIMARY KEY (fp, sentence));
  CREATE TABLE learned_pairs (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    original TEXT NOT NULL,
    spun TEXT NOT NULL,
    norm TEXT NOT NULL UNIQUE
  );
  CREATE TABLE learned_sources (
    pair BIGINT NOT NULL REFERENCES learned_pairs(id) ON DELETE CASCADE,
    article TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (pair, article)
  );
  CREATE TABLE shapes (
    shape BIGINT NOT NULL,
    site TEXT NOT NULL,
    articles INTEGER NOT NULL,
    PRIMARY KEY (shape, site)
  );
  CREATE TABLE audits (
    seq BIGINT PRIMARY KEY REFERENCES articles(seq) ON DELETE CASCADE,
    sentences INTEGER NOT NULL,
    traced INTEGER NOT NULL,
    characters INTEGER NOT NULL,
    boilerplate INTEGER NOT NULL,
    spin_rate DOUBLE PRECISION NOT NULL,
    origin BIGINT
  );
  CREATE TABLE audit_sources (
    seq BIGINT NOT NULL REFERENCES audits(seq) ON DELETE CASCADE,
    source BIGINT NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
    sentences INTEGER NOT NULL,
    characters INTEGER NOT NULL,
    quoted INTEGER NOT NULL,
    PRIMARY KEY (seq, source)
  );
  CREATE INDEX audit_sources_source ON audit_sources(source, seq);
  INSERT INTO meta (key, value) VALUES ('${SHAPES_COMPLETE}', '1');
  `,
];

export const PG_SCHEMA_VERSION = MIGRATIONS.length;

/** A location with any password removed, for messages (see store/index.ts). */
export function redactUrl(url: string): string {
  return redactLocation(url);
}

/** A one-line message for a connection failure (refused, unknown host, wrong password, missing database). */
function connectionError(e: unknown, name: string): UnspunError {
  const err = e as { code?: string; message?: string; address?: string; port?: number };
  const why =
    err.code === 'ECONNREFUSED'
      ? 'connection refused (is the server running, on that host and port?)'
      : err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN'
        ? 'unknown host'
        : err.code === 'ETIMEDOUT'
          ? 'no answer (timed out)'
          : err.code === '28P01' || err.code === '28000'
            ? (err.message ?? 'authentication failed')
            : err.code === '3D000'
              ? `${err.message ?? 'the database does not exist'} (create it first, e.g. createdb)`
              : (err.message ?? String(e)).split('\n')[0]!;
  return new UnspunError('STORE', `cannot open the PostgreSQL store ${name}: ${why}`, {
    cause: e,
    subject: name,
  });
}

/** Open (creating the schema and migrating if needed) the PostgreSQL store at `url`. */
export async function openPostgresStore(url: string, opts: OpenStoreOptions = {}): Promise<Store> {
  const name = redactUrl(url);
  const readonly = opts.readonly ?? false;
  const pool = new pg.Pool({
    connectionString: url,
    max: 4,
    connectionTimeoutMillis: 10_000,
    // BIGINT columns (seqs, sentence ids, fingerprints < 2^53) as numbers, not strings.
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as never,
    },
    // Partition-wise joins and aggregates: on a sharded store, work grouped by the partition key (fingerprint
    // counts) or joining co-located partitions runs on the shards (no effect on unpartitioned tables).
    options: `-c search_path=${SCHEMA} -c enable_partitionwise_join=on -c enable_partitionwise_aggregate=on${readonly ? ' -c default_transaction_read_only=on' : ''}`,
  });
  // An idle client that loses its connection must not crash the process: the next query fails instead.
  pool.on('error', () => {});
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (e) {
    await pool.end().catch(() => {});
    throw connectionError(e, name);
  }
  try {
    await migrate(client, name, readonly, opts.mustExist ?? false);
  } catch (e) {
    client.release();
    await pool.end().catch(() => {});
    if (e instanceof UnspunError) throw e;
    throw new UnspunError('STORE', `store ${name}: ${(e as Error).message.split('\n')[0]}`, {
      cause: e,
      subject: name,
    });
  }
  // The sequence article seqs come from: the identity column's (single server), or the coordinator's own one.
  const seqName = (
    await client.query<{ s: string | null }>(
      `SELECT coalesce(pg_get_serial_sequence('${SCHEMA}.articles', 'seq'), '${SCHEMA}.article_seqs') AS s`,
    )
  ).rows[0]!.s!;
  const sharded =
    (await client.query(`SELECT 1 FROM ${SCHEMA}.meta WHERE key = 'layout' AND value = 'sharded'`))
      .rowCount === 1;
  client.release();
  return new PostgresStore(pool, readonly, seqName, sharded);
}

async function migrate(
  client: pg.PoolClient,
  name: string,
  readonly: boolean,
  mustExist: boolean,
): Promise<void> {
  const exists = async () =>
    (await client.query(`SELECT 1 FROM pg_namespace WHERE nspname = $1`, [SCHEMA])).rowCount === 1;
  const version = async (): Promise<number | null> => {
    const meta = await client.query(`SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = 'meta'`, [
      SCHEMA,
    ]);
    if (meta.rowCount === 0) return null;
    const r = await client.query(`SELECT value FROM meta WHERE key = 'schema_version'`);
    return r.rowCount === 0 ? null : Number(r.rows[0].value);
  };
  const check = (v: number | null) => {
    if (v === null) {
      throw new UnspunError(
        'STORE',
        `the database of ${name} has a schema "${SCHEMA}" that unspun did not create: refusing to use it`,
        { subject: name },
      );
    }
    if (v > PG_SCHEMA_VERSION) {
      throw new UnspunError(
        'STORE_SCHEMA',
        `${name} has schema version ${v}, newer than this unspun (${PG_SCHEMA_VERSION}): upgrade unspun`,
        { subject: name },
      );
    }
  };
  if (readonly || mustExist) {
    if (!(await exists())) {
      throw new UnspunError('NOT_FOUND', `no unspun store in ${name}: run "unspun ingest" first`, {
        subject: name,
      });
    }
    const v = await version();
    check(v);
    if (v! < PG_SCHEMA_VERSION && readonly) {
      throw new UnspunError(
        'STORE_SCHEMA',
        `${name} has schema version ${v}, older than this unspun (${PG_SCHEMA_VERSION}): run a writing command (ingest) to upgrade it`,
        { subject: name },
      );
    }
    if (readonly) return;
  }
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    let v: number;
    if (!(await exists())) {
      await client.query(`CREATE SCHEMA ${SCHEMA}`);
      await client.query(`CREATE TABLE ${SCHEMA}.meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
      await client.query(`INSERT INTO ${SCHEMA}.meta (key, value) VALUES ('schema_version', '0')`);
      v = 0;
    } else {
      const got = await version();
      check(got);
      v = got!;
    }
    for (; v < PG_SCHEMA_VERSION; v++) {
      await client.query(MIGRATIONS[v]!);
      await client.query(`UPDATE meta SET value = $1 WHERE key = 'schema_version'`, [String(v + 1)]);
    }
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  }
}

const HEAD = 'seq, key, doc, version, latest, ext_id, url, site, site_name, published';

/** The case-folded identity of a learned pair (PostgreSQL text cannot hold NUL: a unit separator joins them). */
/**
 * PostgreSQL text cannot hold U+0000 (SQLite can): it is stored as U+FFFD, one code unit for one, so that every
 * offset into the text stays right. undefined is stored as NULL.
 */
function nul<T extends string | undefined | null>(s: T): string | null {
  if (s === undefined || s === null) return null;
  return s.includes('\u0000') ? s.replace(/\u0000/g, '\uFFFD') : s;
}

/** Query parameters with U+0000 made storable in every string, also inside arrays (see `nul`). */
function cleanParams(params: unknown[]): unknown[] {
  return params.map((p) =>
    typeof p === 'string'
      ? nul(p)
      : Array.isArray(p)
        ? p.map((x) => (typeof x === 'string' ? nul(x) : x))
        : p,
  );
}

function pairNorm(original: string, spun: string): string {
  return `${original.toLowerCase()}\u001f${spun.toLowerCase()}`;
}

/** A COPY row writer for whole numbers (no escaping needed). */
function numberRows(rows: Iterable<readonly number[]>): AsyncGenerator<string> {
  return (async function* () {
    let buf = '';
    for (const r of rows) {
      buf += `${r.join('\t')}\n`;
      if (buf.length > 1 << 16) {
        yield buf;
        buf = '';
      }
    }
    if (buf) yield buf;
  })();
}

class PostgresStore implements Store {
  readonly kind = 'postgres';
  readonly capabilities: StoreCapabilities = { persistent: true, concurrentWriters: true };
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly readonly: boolean,
    /** The sequence of article seqs. */
    private readonly articleSeqs: string,
    /** The sharded layout (src/store/_postgres-sharded.ts). */
    private readonly sharded: boolean,
  ) {}

  private async q<R extends pg.QueryResultRow = Record<string, unknown>>(
    sql: string,
    params: unknown[] = [],
  ): Promise<R[]> {
    if (this.closed) throw new UnspunError('STORE', 'the store is closed');
    return (await this.pool.query<R>(sql, cleanParams(params))).rows;
  }

  /**
   * A connection of the pool. A connection the server drops between two statements reports it as an 'error'
   * event: listened to here, so that the next statement fails (and the transaction is rolled back by the
   * server) instead of the event crashing the process.
   */
  private async checkout(): Promise<pg.PoolClient> {
    const c = await this.pool.connect();
    if (c.listenerCount('error') === 0) {
      c.on('error', () => {});
      // Every text parameter of every statement on it is made storable (see `nul`).
      const query = c.query.bind(c) as (...a: unknown[]) => unknown;
      (c as unknown as { query: (...a: unknown[]) => unknown }).query = (
        text: unknown,
        params?: unknown,
        ...rest: unknown[]
      ) =>
        typeof text === 'string' && Array.isArray(params)
          ? query(text, cleanParams(params), ...rest)
          : query(text, params, ...rest);
    }
    return c;
  }

  /** Run `work` in one transaction on one connection (rolled back when it throws). */
  private async tx<T>(work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    if (this.closed) throw new UnspunError('STORE', 'the store is closed');
    if (this.readonly) throw new UnspunError('STORE', 'the store was opened read-only');
    const c = await this.checkout();
    let broken = false;
    try {
      await c.query('BEGIN');
      const out = await work(c);
      await c.query('COMMIT');
      return out;
    } catch (e) {
      // A connection that cannot roll back is dropped from the pool, not handed to the next caller.
      await c.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw e;
    } finally {
      c.release(broken);
    }
  }

  async addArticles(batch: PreparedArticle[]): Promise<AddOutcome[]> {
    if (batch.length === 0) return [];
    return this.tx(async (c) => {
      // Writers adding the same keys take turns (the lock is held to the end of the transaction).
      const keys = [...new Set(batch.map((a) => nul(a.key)!))].sort();
      await c.query('SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest($1::text[]) AS k', [
        keys,
      ]);
      // What is stored under these keys, in one look-up (a sharded layout has no unique key to lean on: the
      // look-up under the keys' locks is what makes "new / duplicate / new version" exact).
      type Known = { version: number; hash: string } & ({ seq: number } | { row: number });
      const known = new Map<string, Known[]>();
      for (const r of (
        await c.query<{ k: string; seq: number; version: number; hash: string }>(
          `SELECT coalesce(doc, key) AS k, seq, version, hash FROM articles
           WHERE key = ANY($1::text[]) OR doc = ANY($1::text[]) ORDER BY version`,
          [keys],
        )
      ).rows) {
        const l = known.get(r.k) ?? [];
        l.push({ seq: r.seq, version: r.version, hash: r.hash });
        known.set(r.k, l);
      }
      // Decide each article; new rows get their seqs afterwards, in one call.
      const rows: { a: PreparedArticle; key: string; version: number; prev: Known | null }[] = [];
      const decided: ({ dup: number } | { dupRow: number } | { row: number })[] = [];
      for (const a of batch) {
        const key = nul(a.key)!;
        const versions = known.get(key) ?? [];
        const same = versions.find((v) => v.hash === a.hash);
        if (same) {
          decided.push('seq' in same ? { dup: same.seq } : { dupRow: same.row });
          continue;
        }
        const prev = versions[versions.length - 1] ?? null;
        rows.push({ a, key, version: prev ? prev.version + 1 : 1, prev });
        versions.push({ row: rows.length - 1, version: prev ? prev.version + 1 : 1, hash: a.hash });
        known.set(key, versions);
        decided.push({ row: rows.length - 1 });
      }
      const seqs =
        rows.length === 0
          ? []
          : (
              await c.query<{ seq: number }>(
                `SELECT nextval($1::regclass) AS seq FROM generate_series(1, $2)`,
                [this.articleSeqs, rows.length],
              )
            ).rows.map((r) => r.seq);
      const seqOf = (k: Known) => ('seq' in k ? k.seq : seqs[k.row]!);
      if (rows.length > 0) {
        const now = new Date().toISOString();
        const col = <T>(f: (r: (typeof rows)[number]) => T) => rows.map(f);
        await c.query(
          `INSERT INTO articles (seq, key, doc, version, latest, hash, ext_id, url, site, site_name, title, published, byline, text, meta, ingested_at)
           OVERRIDING SYSTEM VALUE
           SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::int[], $5::boolean[], $6::text[], $7::text[], $8::text[],
             $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[])`,
          [
            seqs,
            col((r) => (r.version === 1 ? r.key : `v${r.version}:${r.key}`)),
            col((r) => (r.version === 1 ? null : r.key)),
            col((r) => r.version),
            // The newest text of its key: no later row of this batch has the same key.
            rows.map((r, i) => !rows.some((x, j) => j > i && x.key === r.key)),
            col((r) => r.a.hash),
            col((r) => r.a.input.id ?? null),
            col((r) => r.a.input.url ?? null),
            col((r) => r.a.input.site ?? null),
            col((r) => r.a.input.siteName ?? null),
            col((r) => r.a.input.title),
            col((r) => r.a.input.published ?? null),
            col((r) => r.a.input.byline ?? null),
            col((r) => r.a.input.text),
            col((r) =>
              r.a.input.meta && Object.keys(r.a.input.meta).length > 0
                ? JSON.stringify(r.a.input.meta)
                : null,
            ),
            col(() => now),
          ],
        );
        // Versions stored before this batch that a row of it replaces.
        const replaced = rows.flatMap((r) => (r.prev && 'seq' in r.prev ? [r.prev.seq] : []));
        if (replaced.length) {
          await c.query('UPDATE articles SET latest = FALSE WHERE seq = ANY($1::bigint[]) AND latest', [
            replaced,
          ]);
        }
        await writeSentences(
          c,
          rows.map((r, i) => ({ seq: seqs[i]!, sentences: r.a.sentences })),
          this.sharded,
        );
        // Later versions are not counted for boilerplate learning (as in the SQLite store).
        await countShapes(
          c,
          rows
            .filter((r) => r.version === 1)
            .map((r) => ({ site: r.a.input.site, shapes: r.a.sentences.map((s) => s.shape) })),
        );
      }
      return batch.map((a, i): AddOutcome => {
        const d = decided[i]!;
        if ('dup' in d) return { status: 'duplicate', key: a.key, seq: d.dup };
        // A text repeated within the batch is a duplicate of its first occurrence.
        if ('dupRow' in d) return { status: 'duplicate', key: a.key, seq: seqs[d.dupRow]! };
        const r = rows[d.row]!;
        return r.version === 1
          ? { status: 'added', key: a.key, seq: seqs[d.row]! }
          : {
              status: 'version',
              key: a.key,
              seq: seqs[d.row]!,
              version: r.version,
              previous: seqOf(r.prev!),
            };
      });
    });
  }

  async getArticle(key: string): Promise<Article | null> {
    const r = await this.q<ArticleRow>('SELECT * FROM articles WHERE (key = $1 OR doc = $1) AND latest', [
      key,
    ]);
    return r[0] ? articleFromRow(r[0]) : null;
  }

  async versionsOf(key: string): Promise<ArticleVersion[]> {
    const rows = await this.q<{
      seq: number;
      version: number;
      hash: string;
      ingested_at: string;
      latest: boolean;
    }>(
      'SELECT seq, version, hash, ingested_at, latest FROM articles WHERE key = $1 OR doc = $1 ORDER BY version',
      [nul(key)],
    );
    return rows.map((v) => ({
      seq: v.seq,
      version: v.version,
      hash: v.hash,
      ingestedAt: v.ingested_at,
      latest: v.latest,
    }));
  }

  async getArticlesBySeq(seqs: number[]): Promise<Map<number, Article>> {
    const out = new Map<number, Article>();
    if (seqs.length === 0) return out;
    for (const r of await this.q<ArticleRow>('SELECT * FROM articles WHERE seq = ANY($1::bigint[])', [
      [...new Set(seqs)],
    ]))
      out.set(r.seq, articleFromRow(r));
    return out;
  }

  async findByHash(hash: string): Promise<Article | null> {
    const r = await this.q<ArticleRow>('SELECT * FROM articles WHERE hash = $1 ORDER BY seq LIMIT 1', [hash]);
    return r[0] ? articleFromRow(r[0]) : null;
  }

  async findCandidates(
    fingerprints: number[],
    opts: {
      maxPostings: number;
      table?: SentenceTable;
      keep?: (articleSeq: number) => boolean;
      /** Honoured as a filter only (the look-up is one statement either way). */
      maxSentenceId?: number;
    },
  ): Promise<{ hits: CandidateHit[]; skipped: number[] }> {
    const bySentence = new Map<number, CandidateHit>();
    const skipped: number[] = [];
    const slot = new Map<number, number>();
    const asked: number[] = [];
    const table = opts.table;
    fingerprints.forEach((fp, qi) => {
      if (table?.common.has(fp)) skipped.push(qi);
      else if (!slot.has(fp)) {
        slot.set(fp, qi);
        asked.push(fp);
      }
    });
    // Owners of a fingerprint asked twice (the same fingerprint at two query positions).
    const positions = new Map<number, number[]>();
    fingerprints.forEach((fp, qi) => {
      if (table?.common.has(fp)) return;
      const l = positions.get(fp);
      if (l) l.push(qi);
      else positions.set(fp, [qi]);
    });
    if (asked.length > 0) {
      let rows: { fp: number; sentence: number; article: number; idx: number }[];
      let tooCommon = new Set<number>();
      if (this.sharded) ({ rows, tooCommon } = await this.shardedCandidates(asked, opts.maxPostings));
      else {
        // One round trip: at most maxPostings + 1 postings per fingerprint (one more tells it is too common).
        rows = await this.q<{ fp: number; sentence: number; article: number; idx: number }>(
          `SELECT q.fp, x.sentence, s.article, s.idx FROM unnest($1::bigint[]) AS q(fp)
           CROSS JOIN LATERAL (SELECT sentence FROM postings WHERE fp = q.fp LIMIT $2) x
           JOIN sentences s ON s.id = x.sentence`,
          [asked, opts.maxPostings + 1],
        );
      }
      for (const fp of tooCommon) skipped.push(...positions.get(fp)!);
      const perFp = new Map<number, { sentence: number; article: number; idx: number }[]>();
      for (const r of rows) {
        let l = perFp.get(r.fp);
        if (!l) {
          l = [];
          perFp.set(r.fp, l);
        }
        l.push(r);
      }
      for (const [fp, list] of perFp) {
        const qis = positions.get(fp)!;
        if (list.length > opts.maxPostings) {
          skipped.push(...qis);
          continue;
        }
        for (const r of list) {
          let h = bySentence.get(r.sentence);
          if (!h) {
            if (
              (table && table.articleOf(r.sentence) < 0) ||
              (opts.keep && !opts.keep(r.article)) ||
              (opts.maxSentenceId !== undefined && r.sentence > opts.maxSentenceId)
            )
              continue;
            h = { sentenceId: r.sentence, articleSeq: r.article, sentenceIndex: r.idx, shared: [] };
            bySentence.set(r.sentence, h);
          }
          h.shared.push(...qis);
        }
      }
    }
    for (const h of bySentence.values()) h.shared.sort((a, b) => a - b);
    skipped.sort((a, b) => a - b);
    return { hits: [...bySentence.values()], skipped };
  }

  /**
   * Candidates on the sharded layout in two statements, each one remote query per partition (a per-fingerprint
   * look-up would be a round trip to a shard per fingerprint): the postings of every asked fingerprint, then
   * where their sentences are. Fingerprints over the cap are dropped before the second.
   */
  private async shardedCandidates(
    asked: number[],
    maxPostings: number,
  ): Promise<{
    rows: { fp: number; sentence: number; article: number; idx: number }[];
    tooCommon: Set<number>;
  }> {
    // Counted first, grouped by the partition key (so each shard counts its own), and only fingerprints within the
    // cap are fetched: a boilerplate fingerprint held by millions of sentences never leaves its shard.
    const counts = await this.q<{ fp: number; n: number }>(
      'SELECT fp, count(*)::int AS n FROM postings WHERE fp = ANY($1::bigint[]) GROUP BY fp',
      [asked],
    );
    const tooCommon = new Set(counts.filter((c) => c.n > maxPostings).map((c) => c.fp));
    const wanted = counts.filter((c) => c.n <= maxPostings).map((c) => c.fp);
    const kept =
      wanted.length === 0
        ? []
        : await this.q<{ fp: number; sentence: number }>(
            'SELECT fp, sentence FROM postings WHERE fp = ANY($1::bigint[])',
            [wanted],
          );
    const where = new Map(
      (
        await this.q<{ id: number; article: number; idx: number }>(
          'SELECT id, article, idx FROM sentences WHERE id = ANY($1::bigint[])',
          [[...new Set(kept.map((p) => p.sentence))]],
        )
      ).map((r) => [r.id, r]),
    );
    const out: { fp: number; sentence: number; article: number; idx: number }[] = [];
    for (const p of kept) {
      const w = where.get(p.sentence);
      if (w) out.push({ fp: p.fp, sentence: p.sentence, article: w.article, idx: w.idx });
    }
    return { rows: out, tooCommon };
  }

  async sentenceTable(opts: { maxPostings: number }): Promise<SentenceTable> {
    if (this.closed) throw new UnspunError('STORE', 'the store is closed');
    const c = await this.checkout();
    const cols: number[][] = [[], [], [], [], []];
    try {
      const stream = c.query(
        copyTo('COPY (SELECT id, article, idx, start, "end" FROM sentences ORDER BY article, idx) TO STDOUT'),
      );
      let rest = '';
      await pipeline(
        stream,
        new Transform({
          transform(chunk: Buffer, _enc, done) {
            const text = rest + chunk.toString('utf8');
            const lines = text.split('\n');
            rest = lines.pop() ?? '';
            for (const line of lines) {
              const f = line.split('\t');
              for (let k = 0; k < 5; k++) cols[k]!.push(Number(f[k]));
            }
            done();
          },
        }),
      );
    } finally {
      c.release();
    }
    const n = cols[0]!.length;
    const rows = (function* () {
      for (let i = 0; i < n; i++)
        yield [cols[0]![i]!, cols[1]![i]!, cols[2]![i]!, cols[3]![i]!, cols[4]![i]!] as const;
    })();
    return SentenceTable.fromRows(rows, new Set(await this.commonFingerprints(opts.maxPostings)));
  }

  async commonFingerprints(maxPostings: number): Promise<number[]> {
    return (
      await this.q<{ fp: number }>('SELECT fp FROM postings GROUP BY fp HAVING count(*) > $1 ORDER BY fp', [
        maxPostings,
      ])
    ).map((r) => r.fp);
  }

  async articlesWithFingerprints(fingerprints: number[]): Promise<number[]> {
    if (fingerprints.length === 0) return [];
    return (
      await this.q<{ article: number }>(
        'SELECT DISTINCT s.article FROM postings p JOIN sentences s ON s.id = p.sentence WHERE p.fp = ANY($1::bigint[]) ORDER BY s.article',
        [fingerprints],
      )
    ).map((r) => r.article);
  }

  async getSentences(articleSeq: number): Promise<StoredSentence[]> {
    return (await this.getSentencesOf([articleSeq])).get(articleSeq) ?? [];
  }

  async getSentencesOf(articleSeqs: number[]): Promise<Map<number, StoredSentence[]>> {
    const out = new Map<number, StoredSentence[]>();
    const seqs = [...new Set(articleSeqs)];
    if (seqs.length === 0) return out;
    for (const s of seqs) out.set(s, []);
    const rows = await this.q<{ id: number; article: number; idx: number; start: number; end: number }>(
      'SELECT id, article, idx, start, "end" FROM sentences WHERE article = ANY($1::bigint[]) ORDER BY article, idx',
      [seqs],
    );
    for (const r of rows)
      out
        .get(r.article)!
        .push({ sentenceId: r.id, articleSeq: r.article, index: r.idx, start: r.start, end: r.end });
    return out;
  }

  async *iterateArticles(pageSize = 500): AsyncIterable<Article> {
    let after = 0;
    for (;;) {
      const rows = await this.q<ArticleRow>('SELECT * FROM articles WHERE seq > $1 ORDER BY seq LIMIT $2', [
        after,
        pageSize,
      ]);
      if (rows.length === 0) return;
      for (const r of rows) yield articleFromRow(r);
      after = rows[rows.length - 1]!.seq;
    }
  }

  async replaceFingerprints(items: { seq: number; sentences: PreparedSentence[] }[]): Promise<void> {
    await this.tx(async (c) => {
      const seqs = items.map((i) => i.seq);
      await c.query(
        'DELETE FROM postings WHERE sentence IN (SELECT id FROM sentences WHERE article = ANY($1::bigint[]))',
        [seqs],
      );
      await c.query('DELETE FROM sentences WHERE article = ANY($1::bigint[])', [seqs]);
      await writeSentences(c, items, this.sharded);
      const firsts = new Map(
        (
          await c.query<{ seq: number; site: string | null }>(
            'SELECT seq, site FROM articles WHERE seq = ANY($1::bigint[]) AND version = 1',
            [seqs],
          )
        ).rows.map((r) => [r.seq, r.site]),
      );
      await countShapes(
        c,
        items
          .filter((it) => firsts.has(it.seq))
          .map((it) => ({ site: firsts.get(it.seq) ?? undefined, shapes: it.sentences.map((s) => s.shape) })),
      );
    });
  }

  async learnPairs(
    article: string,
    pairs: { original: string; spun: string; count: number }[],
  ): Promise<number> {
    return this.tx(async (c) => {
      article = nul(article)!;
      await c.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 1))', [`learn:${article}`]);
      let fresh = 0;
      await c.query('DELETE FROM learned_sources WHERE article = $1', [article]);
      for (const p of pairs) {
        const norm = nul(pairNorm(p.original, p.spun));
        const ins = await c.query(
          'INSERT INTO learned_pairs (original, spun, norm) VALUES ($1, $2, $3) ON CONFLICT (norm) DO NOTHING',
          [nul(p.original), nul(p.spun), norm],
        );
        fresh += ins.rowCount ?? 0;
        await c.query(
          `INSERT INTO learned_sources (pair, article, count) SELECT id, $2, $3 FROM learned_pairs WHERE norm = $1
           ON CONFLICT (pair, article) DO UPDATE SET count = learned_sources.count + excluded.count`,
          [norm, article, p.count],
        );
      }
      await c.query(
        'DELETE FROM learned_pairs p WHERE NOT EXISTS (SELECT 1 FROM learned_sources s WHERE s.pair = p.id)',
      );
      return fresh;
    });
  }

  async learnedPairs(): Promise<LearnedPair[]> {
    return this.q<LearnedPair>(
      `SELECT p.original AS original, p.spun AS spun, sum(s.count)::int AS count, count(*)::int AS articles
       FROM learned_pairs p JOIN learned_sources s ON s.pair = p.id
       GROUP BY p.id ORDER BY articles DESC, count DESC, p.original COLLATE "C"`,
    );
  }

  async shapeCounts(shapes: number[]): Promise<Map<number, ShapeCount> | null> {
    if ((await this.getMeta(SHAPES_COMPLETE)) !== '1') return null;
    const out = new Map<number, ShapeCount>();
    const uniq = [...new Set(shapes)];
    if (uniq.length === 0) return out;
    const rows = await this.q<{ shape: number; a: number; s: number; t: number }>(
      `SELECT shape, sum(articles)::int AS a, count(*)::int AS s, max(CASE WHEN site = '' THEN 0 ELSE articles END)::int AS t
       FROM shapes WHERE shape = ANY($1::bigint[]) GROUP BY shape`,
      [uniq],
    );
    for (const r of rows) out.set(r.shape, { articles: r.a, sites: r.s, topSiteArticles: r.t });
    return out;
  }

  async clearShapes(): Promise<void> {
    await this.tx(async (c) => {
      await c.query('DELETE FROM shapes');
      await setMeta(c, SHAPES_COMPLETE, '0');
    });
  }

  async markShapesComplete(): Promise<void> {
    await this.setMeta(SHAPES_COMPLETE, '1');
  }

  private boilerplateSql(select: string): string {
    return `SELECT ${select} FROM (
      SELECT shape, sum(articles)::int AS a, count(*)::int AS s, max(CASE WHEN site = '' THEN 0 ELSE articles END)::int AS t
      FROM shapes GROUP BY shape) x WHERE t >= $1 OR (a >= $2 AND s >= $3)`;
  }

  async boilerplateShapes(rule: {
    minSiteArticles: number;
    minArticles: number;
    minSites: number;
  }): Promise<number | null> {
    if ((await this.getMeta(SHAPES_COMPLETE)) !== '1') return null;
    const r = await this.q<{ n: number }>(this.boilerplateSql('count(*)::int AS n'), [
      rule.minSiteArticles,
      rule.minArticles,
      rule.minSites,
    ]);
    return r[0]?.n ?? 0;
  }

  async boilerplateShapeCounts(rule: {
    minSiteArticles: number;
    minArticles: number;
    minSites: number;
  }): Promise<Map<number, ShapeCount> | null> {
    if ((await this.getMeta(SHAPES_COMPLETE)) !== '1') return null;
    const rows = await this.q<{ shape: number; a: number; s: number; t: number }>(
      this.boilerplateSql('shape, a, s, t'),
      [rule.minSiteArticles, rule.minArticles, rule.minSites],
    );
    return new Map(rows.map((r) => [r.shape, { articles: r.a, sites: r.s, topSiteArticles: r.t }]));
  }

  async *iterateHeads(pageSize = 5000): AsyncIterable<ArticleHead> {
    let after = 0;
    for (;;) {
      const rows = await this.q<HeadRow>(
        `SELECT ${HEAD} FROM articles WHERE seq > $1 ORDER BY seq LIMIT $2`,
        [after, pageSize],
      );
      if (rows.length === 0) return;
      for (const r of rows) yield headFromRow(r);
      after = rows[rows.length - 1]!.seq;
    }
  }

  async maxSeq(): Promise<number> {
    return (await this.q<{ m: number | null }>('SELECT max(seq) AS m FROM articles'))[0]?.m ?? 0;
  }

  async auditedSeqs(): Promise<Set<number>> {
    return new Set((await this.q<{ seq: number }>('SELECT seq FROM audits')).map((r) => r.seq));
  }

  async saveAudits(records: AuditRecord[], stale: number[] = []): Promise<void> {
    await this.tx(async (c) => {
      if (stale.length) await c.query('DELETE FROM audits WHERE seq = ANY($1::bigint[])', [stale]);
      if (records.length === 0) return;
      const seqs = records.map((r) => r.seq);
      const known = new Set(
        (
          await c.query<{ seq: number }>('SELECT seq FROM articles WHERE seq = ANY($1::bigint[])', [
            [...new Set([...seqs, ...records.flatMap((r) => r.sources.map((s) => s.seq))])],
          ])
        ).rows.map((r) => r.seq),
      );
      for (const r of records) {
        if (!known.has(r.seq)) throw new UnspunError('STORE', `no article with seq ${r.seq}`);
        for (const s of r.sources)
          if (!known.has(s.seq)) throw new UnspunError('STORE', `no source article with seq ${s.seq}`);
      }
      await c.query('DELETE FROM audits WHERE seq = ANY($1::bigint[])', [seqs]);
      await c.query(
        `INSERT INTO audits (seq, sentences, traced, characters, boilerplate, spin_rate, origin)
         SELECT * FROM unnest($1::bigint[], $2::int[], $3::int[], $4::int[], $5::int[], $6::float8[], $7::bigint[])`,
        [
          seqs,
          records.map((r) => r.sentences),
          records.map((r) => r.traced),
          records.map((r) => r.characters),
          records.map((r) => r.boilerplate),
          records.map((r) => r.spinRate),
          records.map((r) => r.origin),
        ],
      );
      const src = records.flatMap((r) =>
        r.sources.map((s) => [r.seq, s.seq, s.sentences, s.characters, s.quoted]),
      );
      if (src.length) {
        await c.query(
          `INSERT INTO audit_sources (seq, source, sentences, characters, quoted)
           SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::int[], $4::int[], $5::int[])`,
          [0, 1, 2, 3, 4].map((k) => src.map((row) => row[k])),
        );
      }
    });
  }

  async dropAudits(seqs: number[] | 'all'): Promise<void> {
    await this.tx(async (c) => {
      if (seqs === 'all') await c.query('DELETE FROM audits');
      else if (seqs.length) await c.query('DELETE FROM audits WHERE seq = ANY($1::bigint[])', [seqs]);
    });
  }

  private async auditsOf(where: string, params: unknown[]): Promise<AuditRecord[]> {
    const rows = await this.q<{
      seq: number;
      sentences: number;
      traced: number;
      characters: number;
      boilerplate: number;
      spin_rate: number;
      origin: number | null;
    }>(`SELECT * FROM audits ${where}`, params);
    if (rows.length === 0) return [];
    const sources = await this.q<{
      seq: number;
      source: number;
      sentences: number;
      characters: number;
      quoted: number;
    }>(
      'SELECT seq, source, sentences, characters, quoted FROM audit_sources WHERE seq = ANY($1::bigint[]) ORDER BY seq, source',
      [rows.map((r) => r.seq)],
    );
    const bySeq = new Map<number, AuditRecord['sources']>();
    for (const s of sources) {
      let l = bySeq.get(s.seq);
      if (!l) {
        l = [];
        bySeq.set(s.seq, l);
      }
      l.push({ seq: s.source, sentences: s.sentences, characters: s.characters, quoted: s.quoted });
    }
    return rows.map((r) => ({
      seq: r.seq,
      sentences: r.sentences,
      traced: r.traced,
      characters: r.characters,
      boilerplate: r.boilerplate,
      spinRate: r.spin_rate,
      origin: r.origin,
      sources: bySeq.get(r.seq) ?? [],
    }));
  }

  async *iterateAudits(pageSize = 2000): AsyncIterable<AuditRecord> {
    let after = 0;
    for (;;) {
      const page = await this.auditsOf('WHERE seq > $1 ORDER BY seq LIMIT $2', [after, pageSize]);
      if (page.length === 0) return;
      yield* page;
      after = page[page.length - 1]!.seq;
    }
  }

  async getAudits(seqs: number[]): Promise<Map<number, AuditRecord>> {
    const out = new Map<number, AuditRecord>();
    if (seqs.length === 0) return out;
    for (const r of await this.auditsOf('WHERE seq = ANY($1::bigint[]) ORDER BY seq', [[...new Set(seqs)]]))
      out.set(r.seq, r);
    return out;
  }

  async listArticles(filter: ArticleListFilter): Promise<ArticleList> {
    const where = ['latest'];
    const params: unknown[] = [];
    if (filter.site !== undefined) {
      params.push(filter.site);
      where.push(`site = $${params.length}`);
    }
    if (filter.q) {
      params.push(filter.q);
      where.push(`strpos(lower(title), lower($${params.length})) > 0`);
    }
    const w = `WHERE ${where.join(' AND ')}`;
    const total = (await this.q<{ n: number }>(`SELECT count(*)::int AS n FROM articles ${w}`, params))[0]!.n;
    const rows = await this.q<HeadRow & { title: string }>(
      `SELECT ${HEAD}, title FROM articles ${w}
       ORDER BY published IS NULL, published DESC, seq DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, filter.limit, filter.offset],
    );
    return { total, items: rows.map((r) => ({ ...headFromRow(r), title: r.title })) };
  }

  async listSites(): Promise<SiteSummary[]> {
    return this.q<SiteSummary>(
      `SELECT site, max(site_name) AS name, count(*)::int AS articles, min(published) AS earliest, max(published) AS latest
       FROM articles WHERE site IS NOT NULL AND latest GROUP BY site ORDER BY articles DESC, site COLLATE "C"`,
    );
  }

  async copiersOf(seq: number): Promise<{ seq: number; sentences: number }[]> {
    return this.q<{ seq: number; sentences: number }>(
      'SELECT seq, sentences FROM audit_sources WHERE source = $1 ORDER BY seq',
      [seq],
    );
  }

  async getMeta(key: string): Promise<string | null> {
    const r = await this.q<{ value: string }>('SELECT value FROM meta WHERE key = $1', [key]);
    return r[0]?.value ?? null;
  }

  async metaKeys(prefix: string): Promise<string[]> {
    return (
      await this.q<{ key: string }>(
        'SELECT key FROM meta WHERE left(key, length($1)) = $1 ORDER BY key COLLATE "C"',
        [prefix],
      )
    ).map((r) => r.key);
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.tx((c) => setMeta(c, key, value));
  }

  async stats(): Promise<StoreStats> {
    const a = (
      await this.q<{
        n: number;
        rows: number;
        versioned: number;
        sites: number;
        earliest: string | null;
        latest: string | null;
      }>(
        `SELECT count(*) FILTER (WHERE latest)::int AS n, count(*)::int AS rows,
         count(*) FILTER (WHERE latest AND version > 1)::int AS versioned, count(DISTINCT site)::int AS sites,
         min(published) AS earliest, max(published) AS latest FROM articles`,
      )
    )[0]!;
    const s = (await this.q<{ n: number }>('SELECT count(*)::int AS n FROM sentences'))[0]!;
    const topSites = await this.q<{ site: string; articles: number }>(
      `SELECT site, count(*)::int AS articles FROM articles WHERE site IS NOT NULL AND latest
       GROUP BY site ORDER BY articles DESC, site COLLATE "C" LIMIT 10`,
    );
    const size = (
      await this.q<{ b: number }>(
        `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint AS b FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind IN ('r', 'm')`,
        [SCHEMA],
      )
    )[0]!;
    return {
      articles: a.n,
      versions: a.rows - a.n,
      versionedArticles: a.versioned,
      sentences: s.n,
      sites: a.sites,
      earliest: a.earliest,
      latest: a.latest,
      sizeBytes: size.b,
      schemaVersion: PG_SCHEMA_VERSION,
      fingerprintVersion: await this.getMeta('fingerprint_version'),
      topSites,
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

async function setMeta(c: pg.PoolClient, key: string, value: string): Promise<void> {
  await c.query(
    'INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    [key, value],
  );
}

/** Sentences and postings of the given articles through COPY; sentence ids from the sequence. */
async function writeSentences(
  c: pg.PoolClient,
  items: { seq: number; sentences: PreparedSentence[] }[],
  sharded: boolean,
): Promise<void> {
  const count = items.reduce((n, it) => n + it.sentences.length, 0);
  if (count === 0) return;
  const ids = (
    await c.query<{ id: number }>("SELECT nextval('sentence_ids') AS id FROM generate_series(1, $1)", [count])
  ).rows.map((r) => r.id);
  const sentenceRows: number[][] = [];
  const postingRows: number[][] = [];
  let k = 0;
  for (const it of items) {
    for (const s of it.sentences) {
      const sid = ids[k++]!;
      sentenceRows.push([sid, it.seq, s.index, s.start, s.end]);
      for (const fp of new Set(s.fingerprints)) postingRows.push([fp, sid]);
    }
  }
  if (!sharded) {
    await pipeline(
      numberRows(sentenceRows),
      c.query(copyFrom('COPY sentences (id, article, idx, start, "end") FROM STDIN')),
    );
    if (postingRows.length) {
      await pipeline(numberRows(postingRows), c.query(copyFrom('COPY postings (fp, sentence) FROM STDIN')));
    }
    return;
  }
  // Sharded: COPY routes each row to its foreign partition one remote INSERT at a time (PostgreSQL 15), while an
  // INSERT ... SELECT is sent to the shards in batches (the servers' batch_size).
  const CHUNK = 50_000;
  const columns = (rows: number[][], width: number) =>
    Array.from({ length: width }, (_, k) => rows.map((r) => r[k]!));
  for (let i = 0; i < sentenceRows.length; i += CHUNK) {
    await c.query(
      'INSERT INTO sentences (id, article, idx, start, "end") SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::int[], $4::int[], $5::int[])',
      columns(sentenceRows.slice(i, i + CHUNK), 5),
    );
  }
  for (let i = 0; i < postingRows.length; i += CHUNK) {
    await c.query(
      'INSERT INTO postings (fp, sentence) SELECT * FROM unnest($1::bigint[], $2::bigint[])',
      columns(postingRows.slice(i, i + CHUNK), 2),
    );
  }
}

/** Add the shapes of newly stored articles (each shape counted once per article). */
async function countShapes(
  c: pg.PoolClient,
  items: { site: string | null | undefined; shapes: (number | undefined)[] }[],
): Promise<void> {
  const list = shapeTally(items);
  if (list.length === 0) return;
  await c.query(
    `INSERT INTO shapes (shape, site, articles) SELECT * FROM unnest($1::bigint[], $2::text[], $3::int[])
     ON CONFLICT (shape, site) DO UPDATE SET articles = shapes.articles + excluded.articles`,
    [list.map((x) => x.shape), list.map((x) => x.site), list.map((x) => x.n)],
  );
}
