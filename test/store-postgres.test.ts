/**
 * The PostgreSQL store against a real server (test/helpers/postgres.ts: the one .ci/run started, else a
 * throwaway cluster of this test's own): the same conformance suite as SQLite, then its own tests: schema
 * versions, two ingests at once, a connection that drops mid-ingest, bad locations in one line, every command
 * with the same answers as the SQLite store. Skips, and says why, only when PostgreSQL is not installed.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createEngine, type Report } from '../src/index.js';
import { openStore } from '../src/store/index.js';
import { testStore } from '../src/testing/index.js';
import { cli, repoRoot, tempDir } from './helpers/index.js';
import { pgServer } from './helpers/postgres.js';

const server = await pgServer();
const demo = join(repoRoot, 'examples', 'demo');
const tmp = tempDir('unspun-pg-');

/** Invented articles: `n` of them, each of a few sentences with its own numbers. */
function articles(n: number, tag: string): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(
      JSON.stringify({
        id: `${tag}-${i}`,
        url: `https://site${i % 7}.example/${tag}/${i}`,
        title: `Report ${tag} ${i}`,
        published: `2026-0${1 + (i % 9)}-1${i % 10}`,
        text:
          `The council of district ${i} met on Monday to discuss ${i * 3} new street lamps for the ${tag} quarter. ` +
          `Residents said ${i + 17} lamps had failed during the winter and asked for repairs before the spring. ` +
          `The mayor promised a plan within ${i % 12} weeks and a budget of ${i * 1000 + 500} crowns.`,
      }),
    );
  }
  return `${out.join('\n')}\n`;
}

async function sql<T extends pg.QueryResultRow>(
  url: string,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(text, params)).rows;
  } finally {
    await c.end();
  }
}

/** Run the built CLI as a real process. */
function unspun(
  args: string[],
  opts: { stdin?: boolean } = {},
): {
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
  stdin: import('node:stream').Writable | null;
} {
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'unspun.js'), ...args], {
    stdio: [opts.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  // A write after the process exited is not this test's failure.
  child.stdin?.on('error', () => {});
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c) => {
    stdout += c;
  });
  child.stderr?.on('data', (c) => {
    stderr += c;
  });
  return {
    done: new Promise((r) => child.on('exit', (code) => r({ code, stdout, stderr }))),
    stdin: child.stdin,
  };
}

const withoutTimings = (r: Report) => ({ ...r, timings: {} });

if ('skip' in server) {
  describe('PostgreSQL store', () => {
    it('runs against a real PostgreSQL server', { skip: server.skip }, () => {});
  });
} else {
  after(async () => {
    await server.stop();
    tmp.cleanup();
  });
  testStore('postgres', async () => openStore(await server.newDatabase()));

  describe('PostgreSQL store', () => {
    it('records its schema version, refuses a newer one and a schema it did not create, in one line', async () => {
      const url = await server.newDatabase();
      const store = await openStore(url);
      assert.equal((await store.stats()).schemaVersion, 1);
      await store.close();
      const [v] = await sql<{ value: string }>(
        url,
        "SELECT value FROM unspun.meta WHERE key = 'schema_version'",
      );
      assert.equal(v?.value, '1');
      await sql(url, "UPDATE unspun.meta SET value = '99' WHERE key = 'schema_version'");
      const r = await cli(['stats', '--db', url]);
      assert.equal(r.code, 1);
      assert.match(
        r.stderr,
        /^unspun: .* has schema version 99, newer than this unspun \(1\): upgrade unspun\n$/,
      );
      assert.ok(!r.stderr.includes('unspun-test'), 'the password is never printed');
      const foreign = await server.newDatabase();
      await sql(foreign, 'CREATE SCHEMA unspun; CREATE TABLE unspun.things (id int)');
      const f = await cli(['ingest', '--db', foreign, join(demo, 'wire')]);
      assert.equal(f.code, 1);
      assert.match(f.stderr, /schema "unspun" that unspun did not create: refusing to use it\n$/);
      assert.deepEqual(await sql(foreign, 'SELECT * FROM unspun.things'), []);
      const empty = await server.newDatabase();
      const s = await cli(['stats', '--db', empty]);
      assert.equal(s.code, 1);
      assert.match(s.stderr, /^unspun: no unspun store in .*: run "unspun ingest" first\n$/);
    });

    it('stores text holding U+0000 (which PostgreSQL text cannot) as U+FFFD, offsets unchanged', async () => {
      const url = await server.newDatabase();
      const engine = createEngine({ store: url });
      const text =
        'A body with a stray \u0000 byte from a broken scraper, long enough to be stored as an article.';
      const s = await engine.ingest([{ id: 'nul\u0000id', title: 'Nul\u0000 title', text }]);
      assert.equal(s.added, 1, JSON.stringify(s.rejected));
      const a = await (await engine.store()).getArticle('id:nul\u0000id');
      assert.equal(a?.text.length, text.length);
      assert.equal(a?.text, text.replace('\u0000', '\uFFFD'));
      assert.equal(
        (await engine.ingest([{ id: 'nul\u0000id', title: 'Nul\u0000 title', text }])).duplicates,
        1,
      );
      await engine.close();
    });

    it('fails in one line for a wrong password, an unreachable server and a missing database', async () => {
      const good = new URL(server.url);
      const wrong = new URL(server.url);
      wrong.password = 'not-the-password';
      const cases: [string, RegExp][] = [
        [wrong.href, /password authentication failed for user "postgres"/],
        ['postgres://postgres@127.0.0.1:1/postgres', /connection refused/],
        [
          `${good.protocol}//${good.username}:${good.password}@${good.host}/no_such_database_here`,
          /database "no_such_database_here" does not exist/,
        ],
      ];
      for (const [url, why] of cases) {
        const r = await cli(['stats', '--db', url]);
        assert.equal(r.code, 1, url);
        assert.match(r.stderr, why);
        assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
        assert.ok(!r.stderr.includes('not-the-password') && !r.stderr.includes('unspun-test'), r.stderr);
      }
    });

    it('takes two ingests at once: no duplicate, no article lost', async () => {
      const url = await server.newDatabase();
      const a = join(tmp.dir, 'a.jsonl');
      const b = join(tmp.dir, 'b.jsonl');
      // 300 articles in common, 100 of each file's own.
      writeFileSync(a, articles(300, 'common') + articles(100, 'only-a'));
      writeFileSync(b, articles(100, 'only-b') + articles(300, 'common'));
      const [ra, rb] = await Promise.all([
        unspun(['ingest', a, '--db', url, '--batch', '25', '--workers', '0']).done,
        unspun(['ingest', b, '--db', url, '--batch', '25', '--workers', '0']).done,
      ]);
      assert.equal(ra.code, 0, ra.stderr);
      assert.equal(rb.code, 0, rb.stderr);
      const [n] = await sql<{ n: number; keys: number }>(
        url,
        'SELECT count(*)::int AS n, count(DISTINCT key)::int AS keys FROM unspun.articles',
      );
      assert.deepEqual(n, { n: 500, keys: 500 });
      const added = (s: string) => Number(/(\d+) added/.exec(s)?.[1]);
      const dup = (s: string) => Number(/(\d+) duplicate/.exec(s)?.[1]);
      assert.equal(added(ra.stdout) + added(rb.stdout), 500);
      assert.equal(dup(ra.stdout) + dup(rb.stdout), 300);
      const [orphans] = await sql<{ n: number }>(
        url,
        'SELECT count(*)::int AS n FROM unspun.articles a WHERE NOT EXISTS (SELECT 1 FROM unspun.sentences s WHERE s.article = a.seq)',
      );
      assert.equal(orphans?.n, 0);
    });

    it('fails in one line when the connection drops mid-ingest, keeping only whole batches', async () => {
      const url = await server.newDatabase();
      const file = join(tmp.dir, 'big.jsonl');
      const all = articles(4000, 'big');
      writeFileSync(file, all);
      const lines = all.split('\n');
      const dbName = new URL(url).pathname.slice(1);
      // The input streams in through stdin and the second half is held back until the connections are cut, so
      // the ingest is always still running then (a file could be done before the cut on a fast machine).
      const run = unspun(['ingest', '-', '--db', url, '--batch', '50', '--workers', '0', '--no-progress'], {
        stdin: true,
      });
      run.stdin!.write(`${lines.slice(0, 2000).join('\n')}\n`);
      // Wait until some batches are in, then cut every connection of the ingest.
      for (let i = 0; i < 600; i++) {
        const [r] = await sql<{ n: number }>(url, 'SELECT count(*)::int AS n FROM unspun.articles').catch(
          () => [{ n: 0 }],
        );
        if ((r?.n ?? 0) >= 200) break;
        await new Promise((res) => setTimeout(res, 50));
      }
      await sql(
        server.url,
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [dbName],
      );
      run.stdin!.end(lines.slice(2000).join('\n'));
      const r = await run.done;
      assert.equal(r.code, 1, r.stdout);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(
        r.stderr,
        /^unspun: store postgres:\/\/postgres:\*\*\*@.*: .*(terminat|Connection|connection)/i,
      );
      const [n] = await sql<{ n: number; orphans: number }>(
        url,
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM unspun.sentences s WHERE s.article = a.seq))::int AS orphans
         FROM unspun.articles a`,
      );
      assert.ok(n!.n >= 200 && n!.n < 4000, `stored ${n!.n}`);
      assert.equal(n!.n % 50, 0, 'whole batches only');
      assert.equal(n!.orphans, 0);
      // The next ingest completes the corpus.
      const again = await unspun(['ingest', file, '--db', url, '--batch', '500', '--workers', '0']).done;
      assert.equal(again.code, 0, again.stderr);
      const [m] = await sql<{ n: number }>(url, 'SELECT count(*)::int AS n FROM unspun.articles');
      assert.equal(m?.n, 4000);
    });

    describe('every command, with the answers of the SQLite store', () => {
      let url = '';
      const lite = join(tmp.dir, 'demo.db');
      const liteDemo = lite;
      const inputs = [join(demo, 'wire'), join(demo, 'farm'), join(demo, 'farm2')];
      before(async () => {
        url = await server.newDatabase();
        for (const db of [url, lite]) {
          const r = await cli(['ingest', ...inputs, '--db', db, '--workers', '0']);
          assert.equal(r.code, 0, r.stderr);
        }
      });

      it('ingest, stats, check, check --batch', async () => {
        const [p, l] = await Promise.all([
          createEngine({ store: url }).stats(),
          createEngine({ store: lite }).stats(),
        ]);
        assert.equal(p.articles, l.articles);
        assert.equal(p.sentences, l.sentences);
        assert.deepEqual(p.topSites, l.topSites);
        assert.equal(p.boilerplateLines, l.boilerplateLines);
        const farm = join(demo, 'farm', 'farm-01.md');
        const rp = await cli(['check', farm, '--db', url, '--json']);
        const rl = await cli(['check', farm, '--db', lite, '--json']);
        assert.equal(rp.code, 0, rp.stderr);
        assert.deepEqual(withoutTimings(JSON.parse(rp.stdout)), withoutTimings(JSON.parse(rl.stdout)));
        const report = JSON.parse(rp.stdout) as Report;
        assert.ok(report.summary.tracedSentences > 0);
        const st = await cli(['stats', '--db', url]);
        assert.match(st.stdout, /^articles: {2}\d+/m);
        // One postings table, no segments: stats has no index line and compact has nothing to do.
        assert.equal(p.index, undefined);
        assert.doesNotMatch(st.stdout, /^index:/m);
        const c = await cli(['compact', '--db', url]);
        assert.equal(c.code, 0, c.stderr);
        assert.match(c.stdout, /^nothing to compact: this store keeps its fingerprint index in one table$/m);
      });

      it('migrate: SQLite -> PostgreSQL -> SQLite keeps articles, versions, learned pairs and watch state', async () => {
        // A copy of the SQLite corpus, given a second version of one article, learned pairs and a watch state.
        const lite = join(tmp.dir, 'demo-copy.db');
        copyFileSync(liteDemo, lite);
        const src = createEngine({ store: lite });
        const first = (await src.articles({ pageSize: 1 })).items[0]!;
        const a = (await (await src.store()).getArticle(first.key))!;
        const v = await src.ingest([
          {
            ...(a.id ? { id: a.id } : {}),
            ...(a.url ? { url: a.url } : {}),
            title: `${a.title} (corrected)`,
            text: `${a.text} A correction was added later.`,
          },
        ]);
        assert.equal(v.versions, 1);
        await (await src.store()).learnPairs('id:x', [{ original: 'said', spun: 'stated', count: 2 }]);
        await (await src.store()).learnPairs('id:y', [{ original: 'said', spun: 'stated', count: 1 }]);
        await (await src.store()).setMeta('watch:https://feeds.example/rss', '{"next":1}');
        const before = await src.stats();
        const pairs = await (await src.store()).learnedPairs();
        await src.close();
        const target = await server.newDatabase();
        const r = await cli(['migrate', '--from', lite, '--to', target]);
        assert.equal(r.code, 0, r.stderr);
        assert.match(
          r.stdout,
          new RegExp(`copied ${before.articles + before.versions} stored article text\\(s\\)`),
        );
        const back = join(tmp.dir, 'back.db');
        const r2 = await cli(['migrate', '--from', target, '--to', back, '--json']);
        assert.equal(r2.code, 0, r2.stderr);
        for (const loc of [target, back]) {
          const e = createEngine({ store: loc });
          const st = await e.stats();
          assert.equal(st.articles, before.articles, loc);
          assert.equal(st.versions, 1);
          assert.equal(st.sentences, before.sentences);
          assert.deepEqual(await (await e.store()).learnedPairs(), pairs);
          assert.equal(await (await e.store()).getMeta('watch:https://feeds.example/rss'), '{"next":1}');
          const farm = join(demo, 'farm', 'farm-02.md');
          const rl = await cli(['check', farm, '--db', lite, '--json']);
          const rm = await cli(['check', farm, '--db', loc, '--json']);
          assert.deepEqual(withoutTimings(JSON.parse(rm.stdout)), withoutTimings(JSON.parse(rl.stdout)));
          await e.close();
        }
        const same = await cli(['migrate', '--from', lite, '--to', lite]);
        assert.equal(same.code, 2);
        assert.match(same.stderr, /the source and the target of a migration are the same store/);
      });

      it('serve: the HTTP API over the PostgreSQL store', async () => {
        const { createApp, inProcessRunner } = await import('../src/server/index.js');
        const engine = createEngine({ store: url });
        const app = createApp({
          engine,
          runner: inProcessRunner(engine, { timeoutMs: 60_000, queueMax: 4 }),
          rateLimit: { perMinute: 0, burst: 0 },
        });
        const st = (await (await app.request('/api/stats')).json()) as { articles: number };
        assert.equal(st.articles, (await createEngine({ store: lite }).stats()).articles);
        const text = readFileSync(join(demo, 'farm', 'farm-01.md'), 'utf8');
        const res = await app.request('/api/check', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ text }),
        });
        assert.equal(res.status, 200);
        const report = (await res.json()) as Report;
        assert.ok(report.summary.tracedSentences > 0);
        await engine.close();
      });

      it('watch: feeds polled into the PostgreSQL store, and resumed from its state', async () => {
        const { createServer } = await import('node:http');
        const body = (n: number) =>
          `<p>The harbour board of district ${n} approved new cranes for the container quay on Thursday after a long debate.</p>` +
          `<p>Dock workers said ${n + 12} cranes had broken down during the winter storms and asked for faster repairs.</p>` +
          `<p>The board promised that the first of the new cranes would arrive within ${n + 3} weeks of the vote.</p>` +
          `<p>Shipping lines using the quay welcomed the decision and said waiting times for ships had doubled since January.</p>`;
        const feed = (base: string) =>
          `<?xml version="1.0"?><rss version="2.0"><channel><title>Quay News</title>${[1, 2]
            .map(
              (n) =>
                `<item><title>Cranes ${n}</title><link>${base}/cranes/${n}</link><guid>${base}/cranes/${n}</guid><description>${body(n).replace(/</g, '&lt;')}</description></item>`,
            )
            .join('')}</channel></rss>`;
        const srv = createServer((req, res) => {
          if (req.headers['if-none-match'] === '"q1"') {
            res.writeHead(304, { etag: '"q1"' });
            res.end();
            return;
          }
          res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"q1"' });
          res.end(feed(`http://127.0.0.1:${(srv.address() as { port: number }).port}`));
        });
        await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
        const feedUrl = `http://127.0.0.1:${(srv.address() as { port: number }).port}/feed.xml`;
        try {
          const db = await server.newDatabase();
          const opts = { hostDelayMs: 0, fetch: { allowLoopback: true }, once: true, force: true };
          const e1 = createEngine({ store: db });
          const first = await e1.watch([{ url: feedUrl }], opts);
          assert.equal(first.added, 2);
          await e1.close();
          const e2 = createEngine({ store: db });
          const second = await e2.watch([{ url: feedUrl }], opts);
          assert.equal(second.notModified, 1, 'the validators were kept in the PostgreSQL store');
          assert.deepEqual(await (await e2.store()).metaKeys('watch:'), [`watch:${feedUrl}`]);
          await e2.close();
        } finally {
          srv.close();
        }
      });

      it('audit, network, reindex', async () => {
        for (const db of [url, lite]) {
          const r = await cli(['audit', '--db', db, '--no-progress']);
          assert.equal(r.code, 0, r.stderr);
        }
        const ap = await cli(['audit', '--db', url, '--json']);
        const al = await cli(['audit', '--db', lite, '--json']);
        assert.equal(ap.stdout, al.stdout);
        const np = await cli(['network', '--db', url, '--json']);
        const nl = await cli(['network', '--db', lite, '--json']);
        assert.equal(np.code, 0, np.stderr);
        assert.deepEqual(JSON.parse(np.stdout), JSON.parse(nl.stdout));
        assert.ok((JSON.parse(np.stdout) as { edges: unknown[] }).edges.length > 0);
        const ri = await cli(['reindex', '--db', url]);
        assert.equal(ri.code, 0, ri.stderr);
        const again = await cli(['network', '--db', url, '--json']);
        assert.deepEqual(JSON.parse(again.stdout), JSON.parse(nl.stdout));
      });
    });
  });
}
