/**
 * Stores benchmark: SQLite vs PostgreSQL vs PostgreSQL sharded over 2 servers, on this machine.
 *
 *   npm run bench:postgres [-- --articles 20000 --checks 40 --seed 5]
 *
 * Starts three throwaway PostgreSQL clusters (test/helpers/postgres.ts: initdb in temporary directories,
 * 127.0.0.1): one holds the single PostgreSQL store and the sharded store's coordinator, the other two its
 * shards (4 partitions). The same generated corpus (bench/_gen.ts, no third-party text) is ingested into each
 * store (SQLite first: the baseline of the ratios), then the same checks run against each (articles built from
 * stored ones: their first sentences word-swapped, so each check looks candidates up and aligns them), then an
 * aggregation that the copy network needs (sentences per site: articles joined to sentences, grouped) runs on
 * the coordinator with partition-wise join and aggregate on (pushed down to the shards) and off (rows pulled to
 * the coordinator). Prints rates, median latencies, ratios, and the bytes per posting in PostgreSQL.
 */
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { createEngine } from '../src/index.js';
import { initShardedStore } from '../src/store/index.js';
import { startCluster, stopCluster } from '../test/helpers/postgres.js';
import { machineLine, opt, repo } from './_common.js';
import { generateArticles, writeJsonl } from './_gen.js';

const N = Number(opt('articles', '20000'));
const CHECKS = Number(opt('checks', '40'));
const SEED = Number(opt('seed', '5'));

async function sql<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(text)).rows;
  } finally {
    await c.end();
  }
}

async function newDb(server: string, name: string): Promise<string> {
  await sql(server, `CREATE DATABASE ${name}`);
  const u = new URL(server);
  u.pathname = `/${name}`;
  return u.href;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Checked articles: a stored article's first four sentences with every fifth long word swapped. */
function checkInputs(): { title: string; text: string }[] {
  const out: { title: string; text: string }[] = [];
  const step = Math.max(1, Math.floor(N / CHECKS));
  let i = 0;
  for (const a of generateArticles(N, { seed: SEED })) {
    if (i++ % step !== 0 || out.length >= CHECKS) continue;
    const sentences = a.text.split(/(?<=[.!?])\s+/).slice(0, 4);
    let w = 0;
    const text = sentences
      .join(' ')
      .replace(/\b[a-z]{6,}\b/g, (m) => (++w % 5 === 0 ? `${m.slice(0, -1)}e` : m));
    out.push({ title: `${a.title} (rewritten)`, text });
  }
  return out;
}

console.log(machineLine());
const file = join(repo, 'bench', '.cache', `pg-gen-${N}-${SEED}.jsonl`);
const { bytes } = await writeJsonl(file, N, { seed: SEED });
console.log(`corpus: ${N} generated articles, ${(bytes / 2 ** 20).toFixed(1)} MB JSONL`);
const clusters = await Promise.all([startCluster(), startCluster(), startCluster()]);
const results: { store: string; ingestS: number; rate: number; checkMs: number }[] = [];
try {
  const [c0, c1, c2] = clusters.map((c) => c.url) as [string, string, string];
  const single = await newDb(c0, 'bench_single');
  const coordinator = await newDb(c0, 'bench_coord');
  await initShardedStore({
    coordinator,
    shards: [await newDb(c1, 'bench_shard'), await newDb(c2, 'bench_shard')],
    partitions: 4,
  });
  const lite = join(repo, 'bench', '.cache', 'pg-bench-sqlite.db');
  rmSync(lite, { force: true });
  const inputs = checkInputs();
  for (const [name, location] of [
    ['SQLite (baseline)', lite],
    ['PostgreSQL', single],
    ['PostgreSQL, 2 shards', coordinator],
  ] as const) {
    const engine = createEngine({ store: location });
    const t0 = performance.now();
    const s = await engine.ingest([file]);
    const ingestS = (performance.now() - t0) / 1000;
    if (s.added !== N) throw new Error(`${name}: added ${s.added} of ${N}`);
    await engine.check(inputs[0]!, { headline: false }); // warm-up
    const times: number[] = [];
    let traced = 0;
    for (const input of inputs) {
      const t = performance.now();
      const r = await engine.check(input, { headline: false });
      times.push(performance.now() - t);
      traced += r.summary.tracedSentences;
    }
    await engine.close();
    results.push({ store: name, ingestS, rate: N / ingestS, checkMs: median(times) });
    console.log(
      `${name}: ingest ${ingestS.toFixed(1)} s (${(N / ingestS).toFixed(0)} articles/s); check median ${median(times).toFixed(1)} ms (min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)}) over ${times.length}, ${traced} sentences traced`,
    );
  }
  const base = results[0]!;
  console.log(
    '\n| store | ingest s | articles/s | ratio | check median ms | ratio |\n|---|---:|---:|---:|---:|---:|',
  );
  for (const r of results) {
    console.log(
      `| ${r.store} | ${r.ingestS.toFixed(1)} | ${r.rate.toFixed(0)} | ${(base.ingestS / r.ingestS).toFixed(2)}x | ${r.checkMs.toFixed(1)} | ${(r.checkMs / base.checkMs).toFixed(2)}x |`,
    );
  }
  // Bytes per posting and per article in the single PostgreSQL store (heap and indexes), and in SQLite.
  const [pgSize] = await sql<{ postings: string; rows: string; total: string }>(
    single,
    `SELECT pg_total_relation_size('unspun.postings') AS postings, (SELECT count(*) FROM unspun.postings) AS rows,
     (SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'unspun' AND c.relkind IN ('r', 'm')) AS total`,
  );
  const rows = Number(pgSize!.rows);
  console.log(
    `\nPostgreSQL: ${rows} postings (${(rows / N).toFixed(0)} per article), ${(Number(pgSize!.postings) / rows).toFixed(1)} bytes per posting with its index; whole store ${(Number(pgSize!.total) / N / 1024).toFixed(1)} KiB per article (SQLite file: ${(statSync(lite).size / N / 1024).toFixed(1)} KiB per article)`,
  );
  // The network's per-site aggregation: pushed down to the shards, or rows pulled to the coordinator.
  const agg = `SELECT a.site, count(*) FROM unspun.articles a JOIN unspun.sentences s ON s.article = a.seq GROUP BY a.site`;
  for (const [label, on] of [
    ['pulled to the coordinator (baseline)', 'off'],
    ['pushed down to the shards', 'on'],
  ] as const) {
    const ms: number[] = [];
    for (let i = 0; i < 3; i++) {
      const c = new pg.Client({ connectionString: coordinator });
      await c.connect();
      await c.query(`SET enable_partitionwise_join = ${on}; SET enable_partitionwise_aggregate = ${on}`);
      const t = performance.now();
      await c.query(agg);
      ms.push(performance.now() - t);
      await c.end();
    }
    console.log(`sentences per site, ${label}: median ${median(ms).toFixed(0)} ms of 3`);
  }
} finally {
  for (const c of clusters) await stopCluster(c.dir);
}
