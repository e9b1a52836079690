/**
 * `unspun migrate` between SQLite stores (the PostgreSQL directions are in store-postgres.test.ts): two corpora
 * migrated into one keep both sets of learned pairs; the same store written two ways is refused. Invented text.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createEngine } from '../src/index.js';
import { cli, tempDir } from './helpers/index.js';

const tmp = tempDir('unspun-migrate-');
after(() => tmp.cleanup());

const article = (n: number) => ({
  url: `https://valley${n % 3}.example/story/${n}`,
  title: `Valley story ${n}`,
  text: `The valley council of district ${n} voted on Monday to repair ${n + 4} bridges over the river before the autumn floods.`,
});

describe('migrate between SQLite stores', () => {
  it('adds the learned pairs of two corpora migrated into one, and copies every article', async () => {
    const a = join(tmp.dir, 'a.db');
    const b = join(tmp.dir, 'b.db');
    for (const [db, n0, pair] of [
      [a, 0, { original: 'said', spun: 'stated', count: 3 }],
      [b, 10, { original: 'said', spun: 'stated', count: 2 }],
    ] as const) {
      const e = createEngine({ store: db });
      await e.ingest([article(n0), article(n0 + 1)]);
      await (await e.store()).learnPairs(`id:${n0}`, [pair]);
      await e.close();
    }
    const target = join(tmp.dir, 't.db');
    for (const src of [a, b]) {
      const r = await cli(['migrate', '--from', src, '--to', target]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /copied 2 stored article text\(s\)/);
    }
    // Migrating a again changes nothing: its articles are duplicates, its pairs replace themselves.
    const again = await cli(['migrate', '--from', a, '--to', target]);
    assert.match(again.stdout, /0 added, 0 as versions, 2 already in the target/);
    const e = createEngine({ store: target });
    assert.equal((await e.stats()).articles, 4);
    assert.deepEqual(await (await e.store()).learnedPairs(), [
      { original: 'said', spun: 'stated', count: 5, articles: 2 },
    ]);
    await e.close();
  });

  it('refuses the same store written two ways', async () => {
    const a = join(tmp.dir, 'same.db');
    const e = createEngine({ store: a });
    await e.ingest([article(1)]);
    await e.close();
    for (const to of [a, `sqlite:${a}`, join(tmp.dir, '.', 'same.db')]) {
      const r = await cli(['migrate', '--from', a, '--to', to]);
      assert.equal(r.code, 2, to);
      assert.match(r.stderr, /^unspun: the source and the target of a migration are the same store\n$/);
    }
  });
});
