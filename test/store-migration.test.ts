/** A store written by schema 1 (unspun 0.1.0) is migrated on open: site keys, URL keys, learned pairs. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { createEngine } from '../src/index.js';
import { SCHEMA_VERSION } from '../src/store/sqlite.js';
import { tempDir } from './helpers/index.js';

const tmp = tempDir();
after(() => tmp.cleanup());

/** The schema of version 1, as unspun 0.1.0 created it. */
const V1 = `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE articles (seq INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, hash TEXT NOT NULL, ext_id TEXT,
    url TEXT, site TEXT, title TEXT NOT NULL, published TEXT, byline TEXT, text TEXT NOT NULL, meta TEXT,
    ingested_at TEXT NOT NULL);
  CREATE INDEX articles_hash ON articles(hash);
  CREATE INDEX articles_site ON articles(site);
  CREATE TABLE sentences (id INTEGER PRIMARY KEY, article INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
    idx INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL);
  CREATE INDEX sentences_article ON sentences(article, idx);
  CREATE TABLE postings (fp INTEGER NOT NULL, sentence INTEGER NOT NULL, PRIMARY KEY (fp, sentence)) WITHOUT ROWID;
  PRAGMA user_version = 1;
`;

describe('schema migration 1 -> 2', () => {
  it('keeps every article, gives site keys and names, fixes URL keys and moves learned pairs into tables', async () => {
    const path = join(tmp.dir, 'v1.db');
    const db = new Database(path);
    db.exec(V1);
    const ins = db.prepare(
      `INSERT INTO articles (key, hash, url, site, title, text, ingested_at) VALUES (?, ?, ?, ?, ?, ?, '2026-01-01')`,
    );
    ins.run(
      'url:https://wire.example/s?id=1&',
      'h1',
      'https://wire.example/s?id=1&#038;x=2',
      'wire.example',
      'One',
      'Text one.',
    );
    ins.run(
      'url:https://www.ledger.example/b',
      'h2',
      'https://www.ledger.example/b',
      'Capital Ledger',
      'Two',
      'Text two.',
    );
    ins.run('hash:h3', 'h3', null, 'Harbor Broadcasting', 'Three', 'Text three.');
    db.prepare(`INSERT INTO meta (key, value) VALUES ('learned_spins', ?)`).run(
      JSON.stringify({ pairs: [{ original: 'said', spun: 'explained', count: 6, articles: 3 }] }),
    );
    db.close();

    const engine = createEngine({ store: path, mustExist: true });
    const store = await engine.store();
    const rows = [];
    for await (const a of store.iterateArticles()) rows.push(a);
    assert.deepEqual(
      rows.map((a) => [a.key, a.url ?? null, a.site ?? null, a.siteName ?? null]),
      [
        [
          'url:https://wire.example/s?id=1&x=2',
          'https://wire.example/s?id=1&x=2',
          'wire.example',
          'wire.example',
        ],
        [
          'url:https://www.ledger.example/b',
          'https://www.ledger.example/b',
          'ledger.example',
          'Capital Ledger',
        ],
        ['hash:h3', null, 'harbor-broadcasting', 'Harbor Broadcasting'],
      ],
    );
    assert.deepEqual(await store.learnedPairs(), [
      { original: 'said', spun: 'explained', count: 6, articles: 3 },
    ]);
    assert.equal((await store.stats()).schemaVersion, SCHEMA_VERSION);
    // Shapes (boilerplate learning) of an existing corpus are unknown until a reindex counts them.
    assert.equal((await engine.stats()).boilerplateLines, null);
    assert.equal(await store.shapeCounts([1]), null);
    await engine.reindex();
    assert.equal((await engine.stats()).boilerplateLines, 0);
    assert.ok(await store.shapeCounts([1]));
    await engine.close();
  });
});
