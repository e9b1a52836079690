/**
 * The sharded PostgreSQL layout against real local servers: a coordinator and two shard servers (a fourth to
 * move a partition to), each a throwaway cluster started by this test. The Store conformance suite on a sharded
 * store; rows land on every shard; the demo corpus gives the SQLite store's reports; moving a partition changes
 * no answer; a stopped shard is an error, never a partial answer. Skips, and says why, when PostgreSQL is not
 * installed.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createEngine, type Report } from '../src/index.js';
import { initShardedStore, openStore, shardStatus } from '../src/store/index.js';
import { testStore } from '../src/testing/index.js';
import { cli, repoRoot, tempDir } from './helpers/index.js';
import { type PgCluster, pgBinDir, startCluster, stopCluster } from './helpers/postgres.js';

const demo = join(repoRoot, 'examples', 'demo');
const withoutTimings = (r: Report) => ({ ...r, timings: {} });
let dbN = 0;

async function newDatabase(server: string): Promise<string> {
  const name = `unspun_s${process.pid}_${++dbN}`;
  const c = new pg.Client({ connectionString: server });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const u = new URL(server);
  u.pathname = `/${name}`;
  return u.href;
}

/** Invented articles: `n` of them, a few sentences each with their own numbers, on 7 sites. */
function generatedArticles(n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(
      JSON.stringify({
        url: `https://lamps${i % 7}.example/reports/${i}`,
        title: `Street lamps, report ${i}`,
        published: `2026-02-${String(1 + (i % 28)).padStart(2, '0')}T0${i % 10}:00:00Z`,
        text:
          `The works department of ward ${i} replaced ${i * 3 + 7} street lamps on Tuesday after a winter of failures. ` +
          `Residents of ward ${i} had reported ${i + 40} broken lamps since November, the department said. ` +
          `The repairs cost ${i * 1000 + 250} crowns and should be finished within ${2 + (i % 9)} weeks.`,
      }),
    );
  }
  return `${out.join('\n')}\n`;
}

let clusters: PgCluster[] = [];
let reason: string | null = pgBinDir()
  ? null
  : "skipped: PostgreSQL is not installed (no initdb; .ci/run installs Debian's postgresql)";
if (!reason) {
  try {
    clusters = await Promise.all([startCluster(), startCluster(), startCluster(), startCluster()]);
  } catch (e) {
    reason = `skipped: PostgreSQL clusters could not be started here (${(e as Error).message.split('\n')[0]})`;
  }
}

/** A fresh sharded store: a coordinator database on the first server, shard databases on the next two. */
async function freshSharded(partitions = 4): Promise<{ coordinator: string; shards: string[] }> {
  const [co, a, b] = clusters.map((c) => c.url);
  const coordinator = await newDatabase(co!);
  const shards = [await newDatabase(a!), await newDatabase(b!)];
  await initShardedStore({ coordinator, shards, partitions });
  return { coordinator, shards };
}

if (reason) {
  describe('sharded PostgreSQL store', () => {
    it('runs on real local PostgreSQL servers', { skip: reason }, () => {});
  });
} else {
  const tmp = tempDir('unspun-shard-');
  after(async () => {
    for (const c of clusters) await stopCluster(c.dir);
    tmp.cleanup();
  });

  testStore('postgres (sharded: coordinator + 2 shards)', async () =>
    openStore((await freshSharded()).coordinator),
  );

  describe('sharded PostgreSQL store', () => {
    let coordinator = '';
    const lite = join(tmp.dir, 'demo.db');
    const inputs = [join(demo, 'wire'), join(demo, 'farm'), join(demo, 'farm2')];
    before(async () => {
      coordinator = (await freshSharded(4)).coordinator;
      // The demo corpus and a generated one (invented street-lamp reports, 400 of them, on 7 sites).
      const generated = join(tmp.dir, 'generated.jsonl');
      writeFileSync(generated, generatedArticles(400));
      for (const db of [coordinator, lite]) {
        const r = await cli(['ingest', ...inputs, generated, '--db', db, '--workers', '0']);
        assert.equal(r.code, 0, r.stderr);
        const a = await cli(['audit', '--db', db, '--no-progress']);
        assert.equal(a.code, 0, a.stderr);
      }
    });

    it('puts rows on every shard, every table', async () => {
      const s = await shardStatus(coordinator);
      assert.equal(s.partitions, 4);
      assert.equal(s.shards.length, 2);
      for (const sh of s.shards) {
        for (const t of ['articles', 'sentences', 'postings'] as const) {
          const rows = s.rows
            .filter((r) => r.server === sh.server && r.table === t)
            .reduce((n, r) => n + r.rows, 0);
          assert.ok(rows > 0, `${t} on ${sh.server}`);
        }
      }
      const total = s.rows.filter((r) => r.table === 'articles').reduce((n, r) => n + r.rows, 0);
      assert.equal(total, (await createEngine({ store: lite }).stats()).articles);
      const st = await cli(['shard', 'status', '--db', coordinator]);
      assert.equal(st.code, 0, st.stderr);
      assert.match(
        st.stdout,
        /^4 partition\(s\) of articles, sentences and postings\n {2}unspun_shard_0 127\.0\.0\.1:\d+\/unspun_s\d+_\d+: partitions 0, 2; \d+ article rows/,
      );
    });

    it('answers as the SQLite store does: check, audit, network', async () => {
      for (const farm of ['farm-01.md', 'farm-03.md']) {
        const p = await cli(['check', join(demo, 'farm', farm), '--db', coordinator, '--json']);
        const l = await cli(['check', join(demo, 'farm', farm), '--db', lite, '--json']);
        assert.equal(p.code, 0, p.stderr);
        assert.deepEqual(withoutTimings(JSON.parse(p.stdout)), withoutTimings(JSON.parse(l.stdout)));
      }
      const ap = await cli(['audit', '--db', coordinator, '--json']);
      const al = await cli(['audit', '--db', lite, '--json']);
      assert.equal(ap.stdout, al.stdout);
      const np = await cli(['network', '--db', coordinator, '--json']);
      const nl = await cli(['network', '--db', lite, '--json']);
      assert.deepEqual(JSON.parse(np.stdout), JSON.parse(nl.stdout));
    });

    it('moves a partition to another server without changing an answer', async () => {
      const before = await cli(['check', join(demo, 'farm', 'farm-02.md'), '--db', coordinator, '--json']);
      const netBefore = await cli(['network', '--db', coordinator, '--json']);
      const target = await newDatabase(clusters[3]!.url);
      const mv = await cli(['shard', 'move', '--db', coordinator, '--partition', '1', '--to', target]);
      assert.equal(mv.code, 0, mv.stderr);
      assert.match(mv.stdout, /^moved partition 1 from 127\.0\.0\.1:\d+\/\S+ to 127\.0\.0\.1:\d+\/\S+;/);
      const s = await shardStatus(coordinator);
      const third = s.shards.find((x) => x.address.endsWith(new URL(target).pathname));
      assert.deepEqual(third?.partitions, [1]);
      assert.ok(s.rows.filter((r) => r.partition === 1).every((r) => r.server === third!.server));
      const after = await cli(['check', join(demo, 'farm', 'farm-02.md'), '--db', coordinator, '--json']);
      assert.deepEqual(withoutTimings(JSON.parse(after.stdout)), withoutTimings(JSON.parse(before.stdout)));
      const netAfter = await cli(['network', '--db', coordinator, '--json']);
      assert.deepEqual(JSON.parse(netAfter.stdout), JSON.parse(netBefore.stdout));
      // New articles are stored through the moved partition as through the others.
      const more = await cli(['ingest', join(demo, 'rewrite'), '--db', coordinator, '--workers', '0']);
      assert.equal(more.code, 0, more.stderr);
      const s2 = await shardStatus(coordinator);
      const rows = s2.rows.filter((r) => r.table === 'articles').reduce((n, r) => n + r.rows, 0);
      const st = await createEngine({ store: coordinator }).stats();
      assert.equal(rows, st.articles + st.versions);
      assert.ok(st.articles > (await createEngine({ store: lite }).stats()).articles);
    });

    it('fails in one line when a shard is down, never with a partial answer', async () => {
      // Stop the second shard server (it holds partitions 3 and, before the move, 1).
      await stopCluster(clusters[2]!.dir);
      for (const args of [
        ['check', join(demo, 'farm', 'farm-01.md'), '--db', coordinator, '--json'],
        ['stats', '--db', coordinator],
        ['network', '--db', coordinator, '--json'],
      ]) {
        const r = await cli(args);
        assert.equal(r.code, 1, `${args[0]}: ${r.stdout.slice(0, 200)}`);
        assert.equal(r.stdout, '', 'no partial answer');
        assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
        assert.match(r.stderr, /^unspun: .*(could not connect|connection|Connection refused|unspun_shard)/i);
        assert.ok(!r.stderr.includes('unspun-test'), 'no password');
      }
    });
  });
}
