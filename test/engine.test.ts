/** The engine: the one object every shell (CLI, server, benchmarks, library users) works through. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createEngine, isUnspunError, UnspunError } from '../src/index.js';
import { openStore } from '../src/store/index.js';
import { repoRoot, tempDir } from './helpers/index.js';

const tmp = tempDir();
after(() => tmp.cleanup());
const demo = join(repoRoot, 'examples', 'demo');

const code = (c: string) => (e: unknown) => {
  assert.ok(isUnspunError(e), `not an UnspunError: ${String(e)}`);
  assert.equal(e.code, c, e.message);
  return true;
};

describe('createEngine', () => {
  it('opens nothing until it is used, and a store location may be a path, sqlite:PATH or :memory:', async () => {
    const path = join(tmp.dir, 'lazy.db');
    const engine = createEngine({ store: `sqlite:${path}` });
    const { existsSync } = await import('node:fs');
    assert.equal(existsSync(path), false, 'creating the engine opened nothing');
    const s = await engine.ingest([join(demo, 'wire')]);
    assert.equal(s.added, 17);
    assert.equal(existsSync(path), true);
    await engine.close();
    await engine.close(); // idempotent
    await assert.rejects(engine.stats(), code('USAGE'));
    const again = createEngine({ store: path, mustExist: true });
    assert.equal((await again.stats()).articles, 17);
    await again.close();
  });

  it('checks a path, an article object and standard input the same way, and traces against the corpus', async () => {
    const engine = createEngine({ store: ':memory:' });
    await engine.ingest([join(demo, 'wire')]);
    const file = join(demo, 'farm', 'farm-01.md');
    const byPath = await engine.check(file, { headline: false });
    const { readFileSync } = await import('node:fs');
    const byStdin = await engine.check('-', {
      headline: false,
      readStdin: async () => readFileSync(file, 'utf8'),
    });
    const strip = (r: typeof byPath) => JSON.stringify({ ...r, timings: {} });
    assert.equal(strip(byStdin), strip(byPath));
    assert.ok(byPath.summary.tracedSentences >= 5, JSON.stringify(byPath.summary));
    assert.ok(byPath.summary.likelyOrigin);
    assert.equal(byPath.summary.likelyOrigin.siteKey, byPath.summary.likelyOrigin.site);
    const byObject = await engine.check(
      { title: byPath.article.headline, text: byPath.article.text },
      { headline: false },
    );
    assert.equal(byObject.summary.tracedSentences, byPath.summary.tracedSentences);
    const noCorpus = await engine.check(file, { corpus: false, headline: false });
    assert.equal(noCorpus.summary.corpus, false);
    assert.ok(noCorpus.sentences.every((s) => s.status === 'unchecked'));
    await engine.close();
  });

  it('runs without a corpus, and says so when asked for one', async () => {
    const engine = createEngine();
    assert.equal(engine.location, null);
    const r = await engine.check({
      title: 'Harbour reopens',
      text: 'The harbour reopened on Monday, officials said.',
    });
    assert.equal(r.summary.corpus, false);
    assert.ok(r.headline, 'the headline check runs');
    await assert.rejects(engine.stats(), code('USAGE'));
    await assert.rejects(engine.check(r.article.text, { learn: true }), code('USAGE'));
    await engine.close();
  });

  it('ingests article objects, rejecting bad ones as data, and counts duplicates by reason', async () => {
    const engine = createEngine({ store: ':memory:' });
    async function* articles() {
      yield { title: 'One', text: 'The first body is long enough to be stored as an article.', id: 'a' };
      yield { title: '', text: '' };
      yield {
        title: 'One again',
        text: 'The first body is long enough to be stored as an article.',
        id: 'a',
      };
      yield { title: 'One', text: 'The first body is long enough to be stored as an article.', id: 'a' };
    }
    const s = await engine.ingest(articles());
    assert.equal(s.added, 1);
    assert.equal(s.versions, 1, 'the same id with another title is a new version');
    assert.deepEqual(s.duplicatesBy, { id: 1, url: 0, content: 0 });
    assert.equal(s.rejected.length, 1);
    assert.match(s.rejected[0]!.file, /<articles>/);
    await engine.close();
  });

  it('refuses locations it cannot open with a coded one-line error', async () => {
    // Nothing listens on port 1: refused at once.
    await assert.rejects(openStore('postgres://u:secret@127.0.0.1:1/x'), (e: unknown) => {
      assert.ok(e instanceof UnspunError);
      assert.equal(e.code, 'STORE');
      assert.match(
        e.message,
        /^cannot open the PostgreSQL store postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/x: connection refused/,
      );
      assert.doesNotMatch(e.message, /secret/, 'the password is not repeated');
      return true;
    });
    // Passwords in every form a PostgreSQL URL can carry them are kept out of messages.
    for (const url of [
      'postgres://u@127.0.0.1:1/db?password=hunter2',
      'postgres://:hunter2@127.0.0.1:1/db',
      'postgres://u:hun@ter2@127.0.0.1:1/db',
      'postgresql://u:hunter2@127.0.0.1:1/db?sslpassword=hunter2',
    ]) {
      await assert.rejects(openStore(url), (e: unknown) => {
        assert.ok(e instanceof UnspunError && e.code === 'STORE', String(e));
        assert.doesNotMatch(`${e.message} ${e.subject}`, /hunter2|ter2/, url);
        return true;
      });
    }
    await assert.rejects(openStore('ftp://x/y.db'), code('USAGE'));
    await assert.rejects(openStore(''), code('USAGE'));
    const missing = createEngine({ store: join(tmp.dir, 'nope.db'), mustExist: true });
    await assert.rejects(missing.stats(), code('NOT_FOUND'));
    await missing.close();
  });

  it('keeps a Store it was given open when asked to (ownStore: false)', async () => {
    const store = await openStore(':memory:');
    const engine = createEngine({ store, ownStore: false });
    assert.equal(engine.location, '(store)');
    await engine.ingest([{ title: 'Kept', text: 'A body long enough to be an article of its own, surely.' }]);
    await engine.close();
    assert.equal((await store.stats()).articles, 1, 'the store is still open');
    await store.close();
  });
});
