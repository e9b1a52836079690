/**
 * A store unspun did not create is never modified; an empty file is no store for commands that read; a
 * read-only store (file and folder not writable) serves every command that only reads.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { cli, repoRoot, tempDir } from './helpers/index.js';

const tmp = tempDir();
after(() => {
  chmodSync(tmp.dir, 0o700);
  tmp.cleanup();
});
const bin = join(repoRoot, 'bin', 'unspun.js');
const wire = join(repoRoot, 'examples', 'demo', 'wire');
const farm = join(repoRoot, 'examples', 'demo', 'farm', 'farm-01.md');
const digest = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

describe('a store unspun did not create', () => {
  it('is refused by every command, byte for byte unchanged (journal mode included)', async () => {
    const p = join(tmp.dir, 'foreign.db');
    const db = new Database(p);
    db.exec('CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES (1)');
    db.close();
    const before = digest(p);
    for (const args of [
      ['stats', '--db', p],
      ['check', '--db', p, farm],
      ['ingest', '--db', p, wire],
      ['reindex', '--db', p],
      ['audit', '--db', p],
      ['network', '--db', p],
    ]) {
      const r = await cli(args);
      assert.equal(r.code, 1, args.join(' '));
      const out = r.stdout + r.stderr;
      assert.match(out, /foreign\.db is a SQLite database but not an unspun store/, args.join(' '));
      assert.equal(out.trim().split('\n').length, 1, out);
      assert.equal(digest(p), before, `${args[0]} changed the file`);
    }
  });

  it('does not write a schema into an empty file when only reading', async () => {
    const p = join(tmp.dir, 'empty.db');
    writeFileSync(p, '');
    for (const args of [
      ['stats', '--db', p],
      ['check', '--db', p, farm],
      ['network', '--db', p],
    ]) {
      const r = await cli(args);
      assert.equal(r.code, 1, args.join(' '));
      assert.match(r.stderr, /empty\.db is empty, not an unspun store/);
      assert.equal(statSync(p).size, 0);
    }
    // ingest may turn an empty file into a store
    const r = await cli(['ingest', '--db', p, wire]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(statSync(p).size > 0);
  });

  it('refuses a file that is not SQLite at all, unchanged', async () => {
    const p = join(tmp.dir, 'notes.db');
    writeFileSync(p, 'these are my notes, not a database\n'.repeat(200));
    const before = digest(p);
    for (const cmd of ['stats', 'ingest']) {
      const r = await cli(cmd === 'ingest' ? [cmd, '--db', p, wire] : [cmd, '--db', p]);
      assert.equal(r.code, 1);
      assert.match(r.stdout + r.stderr, /notes\.db is not an unspun store/);
      assert.equal(digest(p), before);
    }
  });
});

describe('a read-only store', () => {
  it('is left in rollback-journal mode by a writer that closes it', async () => {
    const p = join(tmp.dir, 'closed.db');
    assert.equal((await cli(['ingest', '--db', p, wire])).code, 0);
    const db = new Database(p, { readonly: true });
    assert.equal(db.pragma('journal_mode', { simple: true }), 'delete');
    db.close();
  });

  it('serves stats, check and network, and refuses ingest in one line, unchanged', (t) => {
    // The folder and the file are made read-only. root ignores permissions, so as root the commands run
    // as the unprivileged user "nobody" (uid 65534), which needs to reach the folder.
    const dir = join(tmp.dir, 'ro');
    const p = join(dir, 'corpus.db');
    mkdirSync(dir);
    const made = spawnSync(process.execPath, [bin, 'ingest', '--db', p, wire], { encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    const asRoot = process.getuid?.() === 0;
    let prefix: string[] = [];
    if (asRoot) {
      const probe = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'true']);
      if (probe.status !== 0) {
        t.skip('running as root without setpriv: a read-only file cannot be simulated here');
        return;
      }
      prefix = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];
      chmodSync(tmp.dir, 0o755);
    }
    chmodSync(p, 0o444);
    chmodSync(dir, 0o555);
    try {
      const before = digest(p);
      const run = (args: string[]) => {
        const argv = [...prefix, process.execPath, bin, ...args];
        return spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8' });
      };
      const stats = run(['stats', '--db', p, '--json']);
      assert.equal(stats.status, 0, stats.stderr);
      assert.equal((JSON.parse(stats.stdout) as { articles: number }).articles, 17);
      const check = run(['check', '--db', p, '--json', farm]);
      assert.equal(check.status, 0, check.stderr);
      const report = JSON.parse(check.stdout) as { summary: { likelyOrigin?: { site?: string } } };
      assert.equal(report.summary.likelyOrigin?.site, 'northwire.example');
      const net = run(['network', '--db', p]);
      assert.equal(net.status, 1);
      assert.match(net.stderr, /no audit yet/);
      const ingest = run(['ingest', '--db', p, farm]);
      assert.equal(ingest.status, 1);
      assert.match(ingest.stdout + ingest.stderr, /cannot write to the store .*read-only/);
      assert.doesNotMatch(ingest.stderr, /\n\s+at /);
      assert.equal(digest(p), before);
    } finally {
      chmodSync(dir, 0o755);
      chmodSync(p, 0o644);
    }
  });
});
