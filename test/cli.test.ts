/** End-to-end CLI: the real `bin/unspun.js` (built) and the in-process runner, exit codes and messages. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { cli, repoRoot, tempDir } from './helpers/index.js';
import { sentencesTableFromSpans } from './helpers/schema.js';

const tmp = tempDir();
after(() => tmp.cleanup());
const demo = join(repoRoot, 'examples', 'demo');

describe('cli', () => {
  it('compact merges the index into one segment and checks answer the same', async () => {
    const db = join(tmp.dir, 'compact.db');
    // Three articles a transaction: several postings segments.
    const ing = await cli(['ingest', '--db', db, '--batch', '3', join(demo, 'wire')]);
    assert.equal(ing.code, 0, ing.stderr);
    const segments = async () => JSON.parse((await cli(['stats', '--db', db, '--json'])).stdout).index;
    const before = await segments();
    assert.ok(before.segments > 1, `${before.segments} segment(s) after ingesting in batches`);
    const farm = join(demo, 'farm', 'farm-01.md');
    const report = async () => {
      const r = JSON.parse((await cli(['check', '--db', db, farm, '--json'])).stdout);
      delete r.timings;
      return r;
    };
    const first = await report();
    const c = await cli(['compact', '--db', db]);
    assert.equal(c.code, 0, c.stderr);
    assert.match(
      c.stdout,
      new RegExp(
        `^index: ${before.postings} fingerprint postings, ${before.segments} -> 1 segment\\(s\\) in `,
      ),
    );
    assert.deepEqual(await segments(), { postings: before.postings, segments: 1 });
    assert.deepEqual(await report(), first);
    const missing = await cli(['compact', '--db', join(tmp.dir, 'none.db')]);
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr.trim().split('\n').length, 1, missing.stderr);
  });

  it('an older store is refused read-only with a pointer to compact, which upgrades it', async () => {
    const db = join(tmp.dir, 'schema8.db');
    const ing = await cli(['ingest', '--db', db, join(demo, 'wire')]);
    assert.equal(ing.code, 0, ing.stderr);
    const farm = join(demo, 'farm', 'farm-01.md');
    const report = async () => {
      const r = await cli(['check', '--db', db, farm, '--json']);
      return {
        code: r.code,
        stderr: r.stderr,
        report: r.code === 0 ? { ...JSON.parse(r.stdout), timings: null } : null,
      };
    };
    const current = await report();
    assert.equal(current.code, 0, current.stderr);
    // As schema 8 kept it: a row per sentence.
    const old = new Database(db);
    sentencesTableFromSpans(old);
    old.pragma('user_version = 8');
    old.close();
    const refused = await report();
    assert.equal(refused.code, 1);
    assert.equal(refused.stderr.trim().split('\n').length, 1, refused.stderr);
    assert.match(refused.stderr, /one-time schema upgrade: run "unspun compact --db /);
    const c = await cli(['compact', '--db', db]);
    assert.equal(c.code, 0, c.stderr);
    assert.deepEqual(await report(), current);
  });

  it('ingests the demo corpus, reports stats, checks a farm article (text and JSON)', async () => {
    const db = join(tmp.dir, 'demo.db');
    const ing = await cli(['ingest', '--db', db, join(demo, 'wire')]);
    assert.equal(ing.code, 0, ing.stderr);
    assert.match(ing.stdout, /17 added, 0 duplicate\(s\), 0 rejected/);
    const again = await cli(['ingest', '--db', db, join(demo, 'wire'), '--json']);
    assert.equal(JSON.parse(again.stdout).duplicates, 17);
    const st = await cli(['stats', '--db', db, '--json']);
    const stats = JSON.parse(st.stdout);
    assert.equal(stats.articles, 17);
    assert.equal(stats.sites, 5);
    assert.ok(stats.earliest.startsWith('2026-03-1'));
    assert.equal(stats.boilerplateLines, 0, 'the demo wires share no recurring line');
    assert.match((await cli(['stats', '--db', db])).stdout, /^boilerplate: 0 recurring line\(s\)/m);
    // One ingest batch: one postings segment, every sentence's sampled fingerprints in it.
    assert.equal(stats.index.segments, 1);
    assert.ok(stats.index.postings > stats.sentences, `${stats.index.postings} postings`);
    assert.match(
      (await cli(['stats', '--db', db])).stdout,
      new RegExp(`^index: +${stats.index.postings} fingerprint postings in 1 segment\\(s\\)$`, 'm'),
    );
    const chk = await cli(['check', '--db', db, join(demo, 'farm', 'farm-01.md'), '--json']);
    assert.equal(chk.code, 0, chk.stderr);
    const report = JSON.parse(chk.stdout);
    assert.equal(report.version, 1);
    assert.match(report.article.headline, /Halvard breakthrough/);
    assert.ok(report.sentences.length >= 8);
    for (const s of report.sentences) assert.equal(report.article.text.slice(s.start, s.end), s.text);
    const text = await cli(['check', '--db', db, join(demo, 'farm', 'farm-01.md'), '--no-color']);
    assert.match(text.stdout, /Sentences/);
    assert.equal(text.stdout.includes('\u001b['), false, 'no colour codes when asked for none');
    const html = await cli(['check', '--db', db, join(demo, 'farm', 'farm-01.md'), '--html']);
    assert.equal(html.code, 0, html.stderr);
    assert.match(html.stdout, /^<!doctype html>/i);
    assert.match(html.stdout, /Halvard breakthrough/);
    const both = await cli(['check', join(demo, 'farm', 'farm-01.md'), '--html', '--json']);
    assert.equal(both.code, 2);
  });

  it('uses UNSPUN_DB, reads - from stdin, and fails clearly on bad usage and bad input', async () => {
    const db = join(tmp.dir, 'env.db');
    const lines = `${JSON.stringify({ id: 'e1', title: 'Env one', text: 'Text one here.' })}\n`;
    const ing = await cli(['ingest', '-'], { stdin: lines, env: { UNSPUN_DB: db } });
    assert.equal(ing.code, 0, ing.stderr);
    assert.ok(existsSync(db));
    const chk = await cli(['check', '-', '--json', '--no-corpus'], {
      stdin: 'A headline\nA body sentence. Another one.\n',
    });
    assert.equal(JSON.parse(chk.stdout).sentences.length, 2);

    const unknown = await cli(['frobnicate']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command/);
    const missingArg = await cli(['check']);
    assert.equal(missingArg.code, 2);
    const badBatch = await cli(['ingest', '--batch', 'zero', 'x']);
    assert.equal(badBatch.code, 2);
    assert.match(badBatch.stderr, /--batch must be a positive integer/);
    const noStore = await cli(['stats', '--db', join(tmp.dir, 'nope.db')]);
    assert.equal(noStore.code, 1);
    assert.match(noStore.stderr, /no store at .*nope\.db/);
    const missing = await cli(['check', join(tmp.dir, 'missing.txt'), '--no-corpus']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /missing\.txt/);
    const bin = join(tmp.dir, 'bin.txt');
    writeFileSync(bin, Buffer.from([0, 1, 2, 3]));
    const binary = await cli(['check', bin, '--no-corpus']);
    assert.equal(binary.code, 1);
    assert.match(binary.stderr, /binary/);
    const notDb = join(tmp.dir, 'not-a-db.db');
    writeFileSync(notDb, 'hello, I am not SQLite');
    const bad = await cli(['stats', '--db', notDb]);
    assert.equal(bad.code, 1);
    assert.doesNotMatch(bad.stderr, /at .*\.js:\d+/, 'no stack trace');
    const allBad = await cli(['ingest', '--db', db, bin]);
    assert.equal(allBad.code, 1, 'nothing ingested and something rejected: exit 1');
    const after = JSON.parse((await cli(['stats', '--db', db, '--json'])).stdout);
    assert.equal(after.articles, 1, 'a failed ingest lost nothing');
  });

  it('refuses a corpus indexed with other fingerprints until reindexed', async () => {
    const { openSqliteStore } = await import('../src/stages.js');
    const db = join(tmp.dir, 'old.db');
    assert.equal((await cli(['ingest', '--db', db, join(demo, 'wire')])).code, 0);
    const store = openSqliteStore(db);
    await store.setMeta('fingerprint_version', 'fp0-old');
    await store.close();
    const farm = join(demo, 'farm', 'farm-01.md');
    const refused = await cli(['check', '--db', db, farm, '--json']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /unspun reindex/);
    const re = await cli(['reindex', '--db', db, '--json']);
    assert.equal(re.code, 0, re.stderr);
    assert.equal(JSON.parse(re.stdout).articles, 17);
    const ok = await cli(['check', '--db', db, farm, '--json']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.ok(JSON.parse(ok.stdout).summary.tracedSentences >= 7);
  });

  it('scores headline/body pairs in bulk, in input order, from JSONL and from FNC-1 CSVs', async () => {
    const pairs = [
      {
        id: 'a',
        headline: 'Council approves the new river bridge',
        body: 'The city council voted on Monday to approve a new bridge over the river. Building starts in spring.',
      },
      {
        id: 'b',
        headline: 'Aliens land in the main square',
        body: 'The central bank kept interest rates unchanged on Thursday, citing slower inflation.',
      },
    ];
    const input = `${JSON.stringify(pairs[0])}\n{oops\n${JSON.stringify(pairs[1])}\n`;
    const r = await cli(['headline', '-', '--no-progress'], { stdin: input });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(
      lines.map((l) => l.line),
      [1, 2, 3],
    );
    assert.equal(lines[0].id, 'a');
    assert.match(lines[1].error, /invalid JSON/);
    assert.equal(lines[2].stance, 'unrelated');
    for (const l of [lines[0], lines[2]]) {
      const total = Object.values(l.scores as Record<string, number>).reduce((x, y) => x + y, 0);
      assert.ok(Math.abs(total - 1) < 1e-3);
    }
    assert.match(r.stderr, /line 2: invalid JSON/);
    const stances = join(tmp.dir, 'stances.csv');
    const bodies = join(tmp.dir, 'bodies.csv');
    writeFileSync(
      stances,
      `Headline,Body ID,Stance\n"${pairs[1]!.headline}",7,unrelated\n"${pairs[0]!.headline}",3,agree\n`,
    );
    writeFileSync(bodies, `Body ID,articleBody\n3,"${pairs[0]!.body}"\n7,"${pairs[1]!.body}"\n`);
    const f = await cli(['headline', '--stances', stances, '--bodies', bodies, '--no-progress']);
    assert.equal(f.code, 0, f.stderr);
    const out = f.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(out.length, 2);
    assert.equal(out[0].stance, 'unrelated');
    assert.match(f.stderr, /against the labels given: accuracy/);
    const bad = await cli(['headline', '--stances', stances]);
    assert.equal(bad.code, 2);
  });

  it('runs as a real process: --help, --version, usage error exit 2', () => {
    const bin = join(repoRoot, 'bin', 'unspun.js');
    if (!existsSync(join(repoRoot, 'dist', 'cli', 'main.js'))) {
      assert.fail('dist/ is missing: the test command builds first (npm test)');
    }
    const help = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    assert.equal(help.status, 0);
    for (const cmd of ['ingest', 'stats', 'check']) assert.match(help.stdout, new RegExp(`\\b${cmd}\\b`));
    const ingestHelp = spawnSync(process.execPath, [bin, 'ingest', '--help'], { encoding: 'utf8' });
    assert.match(ingestHelp.stdout, /--db <location>/);
    const version = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
    assert.match(version.stdout.trim(), /^\d+\.\d+\.\d+$/);
    const usage = spawnSync(process.execPath, [bin, 'stats', '--bogus'], { encoding: 'utf8' });
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /unknown option/);
  });
});
