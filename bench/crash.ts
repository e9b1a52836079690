/**
 * Crash safety: `npm run bench:crash [-- --trials 100 --articles 4000 --seed 5 --workers 0|2]`.
 *
 * Ingests a generated JSONL corpus (bench/_gen.ts) with the real CLI (bin/unspun.js, built) and kills it with
 * SIGKILL at a random moment, TRIALS times, each time into a fresh store. After each kill: PRAGMA
 * integrity_check must say ok and `unspun stats` must read the store; then the same ingest is run again to the
 * end, and the final store must hold exactly what an uninterrupted ingest stores (articles, sentences,
 * fingerprint postings, sites), and the second run must report no rejected record. Kill moments are drawn
 * uniformly over the length of an uninterrupted run (measured first), so they fall in every phase: opening and
 * migrating the store, reading, batches being written, the final index work, closing.
 * Prints the machine, the counts, and how many kills landed before the first batch was committed, in the
 * middle, and after the end; exits 1 on any failure.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { machineLine, opt, repo } from './_common.js';
import { prng, writeJsonl } from './_gen.js';

const TRIALS = Number(opt('trials', '100'));
const ARTICLES = Number(opt('articles', '4000'));
const SEED = Number(opt('seed', '5'));
const WORKERS = opt('workers', '0');
// Small batches: many commits, so that kills land between and inside them (the default of 5,000 would make one).
const BATCH = opt('batch', '250');
const bin = join(repo, 'bin', 'unspun.js');
if (!existsSync(join(repo, 'dist', 'cli', 'main.js'))) {
  console.error('bench:crash needs the built CLI: run "npm run build" first');
  process.exit(1);
}
const dir = join(repo, 'bench', '.cache', 'crash');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const input = join(dir, 'input.jsonl');
const { bytes } = await writeJsonl(input, ARTICLES, { seed: SEED });
const ingestArgs = (db: string) => [
  bin,
  'ingest',
  '--db',
  db,
  '--no-progress',
  '--json',
  '--workers',
  WORKERS,
  '--batch',
  BATCH,
  input,
];

console.log(machineLine());
console.log(
  `input: ${ARTICLES} generated articles (seed ${SEED}), ${(bytes / 2 ** 20).toFixed(1)} MB JSONL; workers ${WORKERS}, batches of ${BATCH}; ${TRIALS} kills`,
);

interface Counts {
  articles: number;
  sentences: number;
  postings: number;
  sites: number;
}
function counts(db: string): Counts {
  const d = new Database(db, { readonly: true });
  try {
    const n = (sql: string) => (d.prepare(sql).get() as { n: number }).n;
    return {
      articles: n('SELECT count(*) AS n FROM articles'),
      sentences: n('SELECT coalesce(sum(n), 0) AS n FROM spans'),
      postings: n('SELECT coalesce(sum(postings), 0) AS n FROM pseg'),
      sites: n('SELECT count(DISTINCT site) AS n FROM articles'),
    };
  } finally {
    d.close();
  }
}
function integrity(db: string): string {
  const d = new Database(db, { readonly: true });
  try {
    return String(d.pragma('integrity_check', { simple: true }));
  } finally {
    d.close();
  }
}
const same = (a: Counts, b: Counts) => JSON.stringify(a) === JSON.stringify(b);

// The reference: one uninterrupted ingest, timed.
const refDb = join(dir, 'reference.db');
const t0 = performance.now();
const ref = spawnSync(process.execPath, ingestArgs(refDb), { encoding: 'utf8' });
const fullMs = performance.now() - t0;
if (ref.status !== 0) {
  console.error(`the reference ingest failed: ${ref.stderr}`);
  process.exit(1);
}
const expected = counts(refDb);
console.log(`uninterrupted ingest: ${(fullMs / 1000).toFixed(2)} s, ${JSON.stringify(expected)}`);

const rand = prng(SEED * 7919);
let failures = 0;
const landed = { empty: 0, partial: 0, complete: 0, noStore: 0 };
const tStart = performance.now();
for (let t = 0; t < TRIALS; t++) {
  const db = join(dir, `trial-${t}.db`);
  const killAt = rand() * fullMs * 1.05;
  const child = spawn(process.execPath, ingestArgs(db), { stdio: ['ignore', 'ignore', 'pipe'] });
  const timer = setTimeout(() => child.kill('SIGKILL'), killAt);
  await new Promise<void>((done) => child.on('close', () => done()));
  clearTimeout(timer);
  const fail = (why: string) => {
    failures++;
    console.log(`  trial ${t} (kill at ${killAt.toFixed(0)} ms): FAILED: ${why}`);
  };
  if (!existsSync(db)) {
    landed.noStore++;
  } else {
    const ok = integrity(db);
    if (ok !== 'ok') {
      fail(`integrity_check after the kill: ${ok}`);
      continue;
    }
    const stats = spawnSync(process.execPath, [bin, 'stats', '--db', db, '--json'], { encoding: 'utf8' });
    // A store killed before its schema was committed is an empty file, which stats refuses in one line.
    const emptyFile = /is empty, not an unspun store/.test(stats.stderr);
    if (stats.status !== 0 && !emptyFile) {
      fail(`stats after the kill: ${stats.stderr.trim()}`);
      continue;
    }
    const c = emptyFile ? { articles: 0 } : counts(db);
    if (c.articles === 0) landed.empty++;
    else if (c.articles < expected.articles) landed.partial++;
    else landed.complete++;
  }
  const again = spawnSync(process.execPath, ingestArgs(db), { encoding: 'utf8' });
  if (again.status !== 0) {
    fail(`the second ingest failed: ${again.stderr.trim()}`);
    continue;
  }
  const summary = JSON.parse(again.stdout) as { added: number; duplicates: number; rejected: unknown[] };
  if (summary.rejected.length > 0) fail(`the second ingest rejected ${summary.rejected.length} record(s)`);
  if (summary.added + summary.duplicates !== ARTICLES)
    fail(`the second ingest saw ${summary.added + summary.duplicates} of ${ARTICLES} articles`);
  const final = counts(db);
  if (!same(final, expected))
    fail(`final counts ${JSON.stringify(final)} differ from ${JSON.stringify(expected)}`);
  const ok = integrity(db);
  if (ok !== 'ok') fail(`integrity_check at the end: ${ok}`);
  for (const ext of ['', '-wal', '-shm']) rmSync(`${db}${ext}`, { force: true });
  if ((t + 1) % 10 === 0) process.stderr.write(`  ${t + 1}/${TRIALS}\n`);
}
console.log(
  `kills: ${TRIALS} (before any store file existed ${landed.noStore}, store empty ${landed.empty}, part of the input stored ${landed.partial}, all stored ${landed.complete}); failures: ${failures}; ${((performance.now() - tStart) / 1000).toFixed(0)} s`,
);
process.exit(failures > 0 ? 1 : 0);
