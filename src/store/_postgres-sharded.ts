/**
 * The sharded PostgreSQL layout: one coordinator that unspun connects to (with the same `--db postgres://…`)
 * and shard servers that hold the rows, on PostgreSQL's own hash partitioning with `postgres_fdw` foreign
 * partitions (no extension beyond the contrib module that ships with PostgreSQL).
 *
 *   articles   PARTITION BY HASH (seq)      the article id
 *   sentences  PARTITION BY HASH (article)  co-located with their article (same modulus, same remainder)
 *   postings   PARTITION BY HASH (fp)       the fingerprint: the key of every candidate look-up
 *
 * Each of the N partitions of each table is a table on one shard (`unspun_shard.articles_p3`, ...) and a foreign
 * table attached as a partition on the coordinator; partition k lives on shard k mod S when the layout is
 * created, and can be moved later (`moveShardPartition`). The small tables (metadata, learned pairs, sentence
 * shapes, audits) stay on the coordinator. This is one-to-one with Citus for users who have it:
 * `create_distributed_table('articles', 'seq')`, `create_distributed_table('sentences', 'article',
 * colocate_with => 'articles')`, `create_distributed_table('postings', 'fp')`, the rest local or reference
 * tables (docs/scale.md).
 *
 * Constraints a partitioned table cannot hold (a unique article key across partitions, foreign keys to foreign
 * tables) are kept by the store itself: it adds articles under per-key advisory locks on the coordinator and
 * looks keys up before inserting; saveAudits checks the articles it names.
 */
import pg from 'pg';
import { UnspunError } from '../errors.js';
import { redactUrl } from './_postgres.js';

export const SHARD_SCHEMA = 'unspun_shard';

/** The column definitions of the three distributed tables (as on SQLite schema 5, without cross-table keys). */
const TABLES = {
  articles: `(
    seq BIGINT NOT NULL,
    key TEXT NOT NULL,
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
  )`,
  sentences: `(id BIGINT NOT NULL, article BIGINT NOT NULL, idx INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL)`,
  postings: `(fp BIGINT NOT NULL, sentence BIGINT NOT NULL)`,
} as const;
type Distributed = keyof typeof TABLES;

/** Indexes of one partition table on its shard. */
function shardIndexes(t: Distributed, p: number): string[] {
  const n = `${t}_p${p}`;
  switch (t) {
    case 'articles':
      return [
        `CREATE UNIQUE INDEX ${n}_seq ON ${SHARD_SCHEMA}.${n} (seq)`,
        `CREATE UNIQUE INDEX ${n}_key ON ${SHARD_SCHEMA}.${n} (key)`,
        `CREATE INDEX ${n}_hash ON ${SHARD_SCHEMA}.${n} (hash)`,
        `CREATE INDEX ${n}_site ON ${SHARD_SCHEMA}.${n} (site)`,
        `CREATE INDEX ${n}_doc ON ${SHARD_SCHEMA}.${n} (doc) WHERE doc IS NOT NULL`,
      ];
    case 'sentences':
      return [
        `CREATE UNIQUE INDEX ${n}_id ON ${SHARD_SCHEMA}.${n} (id)`,
        `CREATE INDEX ${n}_article ON ${SHARD_SCHEMA}.${n} (article, idx)`,
      ];
    case 'postings':
      return [`CREATE UNIQUE INDEX ${n}_key ON ${SHARD_SCHEMA}.${n} (fp, sentence)`];
  }
}

interface ShardConn {
  host: string;
  port: string;
  dbname: string;
  user: string;
  password: string;
  /** Other libpq connection options of the URL that postgres_fdw passes on (sslmode, certificates, ...). */
  extra: [string, string][];
}

/** Connection options a shard URL may carry and the foreign server keeps (postgres_fdw takes libpq's). */
const PASSED_OPTIONS = new Set([
  'sslmode',
  'sslrootcert',
  'sslcert',
  'sslkey',
  'sslcrl',
  'sslcompression',
  'connect_timeout',
  'application_name',
  'target_session_attrs',
  'gssencmode',
  'keepalives',
  'keepalives_idle',
]);

function connOf(url: string): ShardConn {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UnspunError('USAGE', `"${redactUrl(url)}" is not a PostgreSQL URL`);
  }
  if (!/^postgres(ql)?:$/.test(u.protocol)) {
    throw new UnspunError('USAGE', `a shard must be a postgres:// URL: ${redactUrl(url)}`);
  }
  const extra: [string, string][] = [];
  for (const [k, v] of u.searchParams) {
    if (PASSED_OPTIONS.has(k)) extra.push([k, v]);
    else if (k !== 'password' && k !== 'user') {
      throw new UnspunError('USAGE', `the shard URL option "${k}" is not one postgres_fdw can pass on`);
    }
  }
  return {
    host: u.hostname,
    port: u.port || '5432',
    dbname: decodeURIComponent(u.pathname.slice(1)) || 'postgres',
    user: decodeURIComponent(u.username) || u.searchParams.get('user') || 'postgres',
    password: decodeURIComponent(u.password) || u.searchParams.get('password') || '',
    extra,
  };
}

async function withClient<T>(url: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  c.on('error', () => {});
  try {
    await c.connect();
  } catch (e) {
    throw new UnspunError(
      'STORE',
      `cannot connect to ${redactUrl(url)}: ${(e as Error).message.split('\n')[0]}`,
      {
        cause: e,
      },
    );
  }
  try {
    return await work(c);
  } finally {
    await c.end().catch(() => {});
  }
}

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The coordinator's SQL for its schema in the sharded layout (run inside the migration transaction). */
export function coordinatorSchema(partitions: number, placement: number[]): string[] {
  const out: string[] = [
    `CREATE SEQUENCE article_seqs`,
    `CREATE SEQUENCE sentence_ids`,
    `CREATE TABLE articles ${TABLES.articles.replace('seq BIGINT NOT NULL', "seq BIGINT NOT NULL DEFAULT nextval('article_seqs')")} PARTITION BY HASH (seq)`,
    `CREATE TABLE sentences ${TABLES.sentences} PARTITION BY HASH (article)`,
    `CREATE TABLE postings ${TABLES.postings} PARTITION BY HASH (fp)`,
  ];
  for (const t of Object.keys(TABLES) as Distributed[]) {
    for (let p = 0; p < partitions; p++) {
      out.push(foreignPartition(t, p, partitions, placement[p]!));
    }
  }
  out.push(
    `CREATE TABLE learned_pairs (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, original TEXT NOT NULL, spun TEXT NOT NULL, norm TEXT NOT NULL UNIQUE)`,
    `CREATE TABLE learned_sources (pair BIGINT NOT NULL REFERENCES learned_pairs(id) ON DELETE CASCADE, article TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (pair, article))`,
    `CREATE TABLE shapes (shape BIGINT NOT NULL, site TEXT NOT NULL, articles INTEGER NOT NULL, PRIMARY KEY (shape, site))`,
    `CREATE TABLE audits (seq BIGINT PRIMARY KEY, sentences INTEGER NOT NULL, traced INTEGER NOT NULL, characters INTEGER NOT NULL, boilerplate INTEGER NOT NULL, spin_rate DOUBLE PRECISION NOT NULL, origin BIGINT)`,
    `CREATE TABLE audit_sources (seq BIGINT NOT NULL REFERENCES audits(seq) ON DELETE CASCADE, source BIGINT NOT NULL, sentences INTEGER NOT NULL, characters INTEGER NOT NULL, quoted INTEGER NOT NULL, PRIMARY KEY (seq, source))`,
    `CREATE INDEX audit_sources_source ON audit_sources(source, seq)`,
    `INSERT INTO meta (key, value) VALUES ('shapes_complete', '1'), ('layout', 'sharded'), ('partitions', '${partitions}')`,
  );
  return out;
}

function foreignPartition(t: Distributed, p: number, partitions: number, shard: number): string {
  return `CREATE FOREIGN TABLE ${t}_p${p} PARTITION OF ${t} FOR VALUES WITH (MODULUS ${partitions}, REMAINDER ${p})
    SERVER unspun_shard_${shard} OPTIONS (schema_name '${SHARD_SCHEMA}', table_name '${t}_p${p}')`;
}

/**
 * Create the partition tables `parts` of every distributed table on one shard. Tables that exist already are
 * used when they are empty (a move tried again, a partition moved back to a server that kept its old, emptied
 * tables); tables holding rows are refused, never mixed.
 */
async function createOnShard(url: string, parts: number[]): Promise<void> {
  await withClient(url, async (c) => {
    await c.query('BEGIN');
    await c.query(`CREATE SCHEMA IF NOT EXISTS ${SHARD_SCHEMA}`);
    for (const p of parts) {
      for (const t of Object.keys(TABLES) as Distributed[]) {
        const name = `${SHARD_SCHEMA}.${t}_p${p}`;
        const exists = await c.query(`SELECT to_regclass($1) IS NOT NULL AS e`, [name]);
        if (exists.rows[0].e) {
          const rows = await c.query(`SELECT 1 FROM ${name} LIMIT 1`);
          if (rows.rowCount) {
            throw new UnspunError(
              'USAGE',
              `${redactUrl(url)} holds rows in ${name} already: drop that table (or move the partition elsewhere)`,
            );
          }
          continue;
        }
        await c.query(`CREATE TABLE ${name} ${TABLES[t]}`);
        for (const ix of shardIndexes(t, p)) await c.query(ix);
      }
    }
    await c.query('COMMIT');
  });
}

/** Register a shard server on the coordinator (postgres_fdw server and user mapping). */
async function registerShard(c: pg.Client, i: number, url: string): Promise<void> {
  const s = connOf(url);
  await c.query(
    `CREATE SERVER unspun_shard_${i} FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host ${lit(s.host)}, port ${lit(s.port)}, dbname ${lit(s.dbname)}, use_remote_estimate 'true', fetch_size '10000', batch_size '1000', async_capable 'true'${s.extra.map(([k, v]) => `, ${k} ${lit(v)}`).join('')})`,
  );
  await c.query(
    `CREATE USER MAPPING FOR CURRENT_USER SERVER unspun_shard_${i} OPTIONS (user ${lit(s.user)}, password ${lit(s.password)})`,
  );
}

export interface ShardedInit {
  coordinator: string;
  shards: string[];
  partitions: number;
}

/**
 * Create the sharded layout: the partition tables on each shard, then on the coordinator the foreign servers,
 * the partitioned tables with their foreign partitions and the local tables. The coordinator must hold no
 * unspun store yet. Partition k goes to shard k mod S.
 */
export async function initSharded(o: ShardedInit, schemaVersion: number): Promise<void> {
  if (o.shards.length < 1) throw new UnspunError('USAGE', 'a sharded store needs at least one shard');
  if (!Number.isInteger(o.partitions) || o.partitions < o.shards.length || o.partitions > 1024) {
    throw new UnspunError(
      'USAGE',
      `--partitions must be a whole number from the number of shards (${o.shards.length}) to 1024`,
    );
  }
  const placement = Array.from({ length: o.partitions }, (_, p) => p % o.shards.length);
  await withClient(o.coordinator, async (c) => {
    const exists = await c.query(`SELECT 1 FROM pg_namespace WHERE nspname = 'unspun'`);
    if (exists.rowCount) {
      throw new UnspunError('USAGE', `${redactUrl(o.coordinator)} already holds an unspun store`);
    }
  });
  for (let i = 0; i < o.shards.length; i++) {
    await withClient(o.shards[i]!, async (c) => {
      const exists = await c.query(`SELECT 1 FROM pg_namespace WHERE nspname = '${SHARD_SCHEMA}'`);
      if (exists.rowCount)
        throw new UnspunError('USAGE', `${redactUrl(o.shards[i]!)} already holds unspun shard tables`);
    });
    await createOnShard(
      o.shards[i]!,
      placement.flatMap((s, p) => (s === i ? [p] : [])),
    );
  }
  await withClient(o.coordinator, async (c) => {
    await c.query('BEGIN');
    await c.query('CREATE EXTENSION IF NOT EXISTS postgres_fdw');
    for (let i = 0; i < o.shards.length; i++) await registerShard(c, i, o.shards[i]!);
    await c.query('CREATE SCHEMA unspun');
    await c.query('SET LOCAL search_path = unspun');
    await c.query(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
    for (const sql of coordinatorSchema(o.partitions, placement)) await c.query(sql);
    await c.query(`INSERT INTO meta (key, value) VALUES ('schema_version', '${schemaVersion}')`);
    await c.query('COMMIT');
  });
}

export interface ShardStatus {
  partitions: number;
  /** Per shard server: its address (no password) and the partitions it holds, with their rows. */
  shards: { server: string; address: string; partitions: number[] }[];
  rows: { table: Distributed; partition: number; server: string; rows: number }[];
}

/**
 * Where each partition lives (from the coordinator's catalog) and, unless `counts` is false, how many rows each
 * holds (a count per partition, run on its shard: slow on a large store).
 */
export async function shardStatus(coordinator: string, counts = true): Promise<ShardStatus> {
  return withClient(coordinator, async (c) => {
    const parts = await c.query<{ table: string; server: string; options: string[] }>(
      `SELECT c.relname AS table, s.srvname AS server, s.srvoptions AS options
       FROM pg_foreign_table f JOIN pg_class c ON c.oid = f.ftrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_foreign_server s ON s.oid = f.ftserver WHERE n.nspname = 'unspun' ORDER BY c.relname`,
    );
    const byServer = new Map<string, { address: string; partitions: Set<number> }>();
    const rows: ShardStatus['rows'] = [];
    let partitions = 0;
    for (const r of parts.rows) {
      const m = /^(articles|sentences|postings)_p(\d+)$/.exec(r.table);
      if (!m) continue;
      const p = Number(m[2]);
      partitions = Math.max(partitions, p + 1);
      const opt = Object.fromEntries(r.options.map((x) => x.split('=', 2) as [string, string]));
      const address = `${opt.host}:${opt.port}/${opt.dbname}`;
      let e = byServer.get(r.server);
      if (!e) {
        e = { address, partitions: new Set() };
        byServer.set(r.server, e);
      }
      e.partitions.add(p);
      if (counts) {
        const n = await c.query<{ n: string }>(`SELECT count(*) AS n FROM unspun.${r.table}`);
        rows.push({ table: m[1] as Distributed, partition: p, server: r.server, rows: Number(n.rows[0]!.n) });
      }
    }
    return {
      partitions,
      shards: [...byServer].map(([server, e]) => ({
        server,
        address: e.address,
        partitions: [...e.partitions].sort((a, b) => a - b),
      })),
      rows,
    };
  });
}

/**
 * Move partition `p` of every distributed table to another shard server (`to`, registered on the coordinator
 * when new): create its tables there, copy the rows through the coordinator, then, in one coordinator
 * transaction that holds the tables' locks, detach the old foreign partitions and attach the new ones. Writers
 * wait during the switch; readers see the old partition or the new one, never neither. The old tables are left
 * on the old shard (drop them when satisfied: the command prints how).
 */
export async function moveShardPartition(
  coordinator: string,
  p: number,
  to: string,
): Promise<{ from: string; to: string }> {
  const status = await shardStatus(coordinator, false);
  if (!Number.isInteger(p) || p < 0 || p >= status.partitions) {
    throw new UnspunError(
      'USAGE',
      `no partition ${p} (the store has ${status.partitions}: 0 to ${status.partitions - 1})`,
    );
  }
  const from = status.shards.find((s) => s.partitions.includes(p))!;
  const target = connOf(to);
  const targetAddress = `${target.host}:${target.port}/${target.dbname}`;
  if (targetAddress === from.address)
    throw new UnspunError('USAGE', `partition ${p} is already on ${targetAddress}`);
  let server = status.shards.find((s) => s.address === targetAddress)?.server;
  await createOnShard(to, [p]);
  await withClient(coordinator, async (c) => {
    await c.query('SET search_path = unspun');
    if (!server) {
      const n = await c.query<{ n: string }>(
        `SELECT count(*) AS n FROM pg_foreign_server WHERE srvname LIKE 'unspun_shard_%'`,
      );
      const i = Number(n.rows[0]!.n);
      await registerShard(c, i, to);
      server = `unspun_shard_${i}`;
    }
    await c.query('BEGIN');
    // Writers wait from here to the switch, so the copy is complete.
    await c.query('LOCK TABLE articles, sentences, postings IN EXCLUSIVE MODE');
    for (const t of Object.keys(TABLES) as Distributed[]) {
      const name = `${t}_p${p}`;
      await c.query(
        `CREATE FOREIGN TABLE ${name}_moving ${TABLES[t]} SERVER ${server} OPTIONS (schema_name '${SHARD_SCHEMA}', table_name '${name}')`,
      );
      await c.query(`INSERT INTO ${name}_moving SELECT * FROM ${name}`);
      await c.query(`ALTER TABLE ${t} DETACH PARTITION ${name}`);
      await c.query(`DROP FOREIGN TABLE ${name}`);
      await c.query(`ALTER FOREIGN TABLE ${name}_moving RENAME TO ${name}`);
      await c.query(
        `ALTER TABLE ${t} ATTACH PARTITION ${name} FOR VALUES WITH (MODULUS ${status.partitions}, REMAINDER ${p})`,
      );
    }
    await c.query('COMMIT');
  });
  return { from: from.address, to: targetAddress };
}
