/**
 * The SQLite store's postings as merged segments (src/store/_sqlite-postings.ts), against a plain model: what
 * is looked up and scanned is exactly what was added, minus the sentences deleted since, through many merges
 * (small segment sizes here, so that tiers fill), deletions and a full compaction.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { createEngine } from '../src/index.js';
import { mulberry32 } from '../src/spin/index.js';
import { FP_LIMIT, POSTINGS_TABLES, SqlitePostings } from '../src/store/_sqlite-postings.js';
import { legacySentenceLiveness } from '../src/store/_sqlite-spans.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import { tempDir } from './helpers/index.js';
import { sentencesTableFromSpans } from './helpers/schema.js';

const tmp = tempDir();
after(() => tmp.cleanup());

function freshDb(): Database.Database {
  const db = new Database(':memory:');
  db.exec(`CREATE TABLE sentences (id INTEGER PRIMARY KEY, article INTEGER NOT NULL, idx INTEGER NOT NULL,
    start INTEGER NOT NULL, end INTEGER NOT NULL); ${POSTINGS_TABLES}`);
  return db;
}

describe('postings segments', () => {
  it('look-ups and scans match a plain model through merges, deletions and compaction', () => {
    const random = mulberry32(7);
    const db = freshDb();
    const postings = new SqlitePostings(db, legacySentenceLiveness(db), {
      tier: 3,
      base: 40,
      blockBytes: 48,
      longList: 4,
    });
    // A pool of fingerprints: some shared by many sentences, the extremes of the range included.
    const pool = [0, 1, 2, FP_LIMIT - 1, 2 ** 32, 2 ** 33 + 5];
    for (let i = 0; i < 300; i++) pool.push(Math.floor(random() * FP_LIMIT));
    const model = new Map<number, Set<number>>(); // sentence id -> fingerprints
    const addSentence = db.prepare(
      'INSERT INTO sentences (id, article, idx, start, end) VALUES (?, ?, 0, 0, 1)',
    );
    const deleteSentence = db.prepare('DELETE FROM sentences WHERE id = ?');
    let nextId = 1;
    let sawMerge = false;
    let sawDeadDrop = false;
    const check = (maxSid = Number.MAX_SAFE_INTEGER) => {
      const expected = new Map<number, number[]>();
      for (const [sid, fps] of [...model].sort((a, b) => a[0] - b[0])) {
        if (sid > maxSid) continue;
        for (const fp of fps) {
          const list = expected.get(fp) ?? [];
          list.push(sid);
          expected.set(fp, list);
        }
      }
      const asked = [...pool, 12345, FP_LIMIT, -1, 1.5];
      const got = postings.lookup(asked, maxSid);
      assert.deepEqual(
        new Map([...got].sort((a, b) => a[0] - b[0])),
        new Map([...expected].sort((a, b) => a[0] - b[0])),
      );
      if (maxSid === Number.MAX_SAFE_INTEGER) {
        // Capped look-ups: lists longer than the limit are only named, the others as above.
        for (const limit of [1, 3, 1000]) {
          const capped = postings.lookupCapped(asked, limit);
          const lists = [...expected].filter(([, l]) => l.length <= limit).sort((a, b) => a[0] - b[0]);
          const common = [...expected].filter(([, l]) => l.length > limit).map(([fp]) => fp);
          assert.deepEqual(new Map([...capped.lists].sort((a, b) => a[0] - b[0])), new Map(lists));
          assert.deepEqual(
            capped.common.sort((a, b) => a - b),
            common.sort((a, b) => a - b),
          );
        }
        const scanned: [number, number[]][] = [];
        for (const [fp, sids] of postings.groups()) scanned.push([fp, sids.slice()]);
        assert.deepEqual(
          scanned,
          [...expected].sort((a, b) => a[0] - b[0]),
        );
      }
    };
    for (let round = 0; round < 60; round++) {
      db.transaction(() => {
        const n = 1 + Math.floor(random() * 12);
        const fps: number[] = [];
        const sids: number[] = [];
        for (let k = 0; k < n; k++) {
          const sid = nextId++;
          addSentence.run(sid, sid);
          const mine = new Set<number>();
          const m = 1 + Math.floor(random() * 6);
          for (let j = 0; j < m; j++) {
            const fp = pool[Math.floor(random() ** 2 * pool.length)]!;
            fps.push(fp); // duplicates within a sentence are stored once
            sids.push(sid);
            mine.add(fp);
          }
          model.set(sid, mine);
        }
        postings.add(Float64Array.from(fps), Float64Array.from(sids), fps.length);
        if (round % 7 === 6) {
          // Delete some sentences (as a re-index does): a random run and a few scattered ones.
          const ids = [...model.keys()];
          const start = Math.floor(random() * ids.length);
          const gone = ids.slice(start, start + 1 + Math.floor(random() * 15));
          for (let k = 0; k < 3; k++) gone.push(ids[Math.floor(random() * ids.length)]!);
          const unique = [...new Set(gone)];
          for (const id of unique) {
            deleteSentence.run(id);
            model.delete(id);
          }
          const before = postings.segments().length;
          postings.sentencesDeleted(unique);
          if (postings.segments().length < before) sawDeadDrop = true;
        }
      })();
      if (postings.segments().some((s) => s.tier > 0)) sawMerge = true;
      check();
      if (round % 10 === 9) check(Math.floor(nextId / 2));
      // Tiers bound the number of segments: fewer than `tier` in each tier.
      assert.ok(postings.segments().length <= 2 * 6, `${postings.segments().length} segments`);
    }
    assert.ok(sawMerge, 'the test never filled a tier');
    assert.ok(
      sawDeadDrop || postings.segments().some((s) => s.dead > 0),
      'the test never deleted an indexed sentence',
    );
    db.transaction(() => postings.compact())();
    assert.equal(postings.segments().length, 1);
    assert.equal(postings.segments()[0]!.dead, 0);
    check();
    const live = [...model.values()].reduce((n, fps) => n + fps.size, 0);
    assert.equal(postings.count(), live);
  });

  it('refuses a fingerprint outside [0, 2^34) with a store error and writes nothing', () => {
    const db = freshDb();
    const postings = new SqlitePostings(db, legacySentenceLiveness(db));
    for (const bad of [FP_LIMIT, -1, 0.5]) {
      assert.throws(
        () => db.transaction(() => postings.add(Float64Array.from([3, bad]), Float64Array.from([1, 1]), 2))(),
        (e: Error & { code?: string }) => e.code === 'STORE' && /outside/.test(e.message),
      );
    }
    assert.equal(postings.segments().length, 0);
  });
});

describe('schema migration to segmented postings', () => {
  it('turns the postings B-tree of an older store into one segment with the same postings', async () => {
    const path = join(tmp.dir, 'v5.db');
    // A store as the previous schema made it: create with this unspun, then put the old table back.
    const made = openSqliteStore(path);
    await made.close();
    const db = new Database(path);
    sentencesTableFromSpans(db);
    db.exec(`DROP TABLE pseg; DROP TABLE pblock;
      CREATE TABLE postings (fp INTEGER NOT NULL, sentence INTEGER NOT NULL, PRIMARY KEY (fp, sentence)) WITHOUT ROWID;
      INSERT INTO articles (seq, key, hash, title, text, ingested_at) VALUES (1, 'a', 'h1', 't', 'one. two.', '2026-01-01'),
        (2, 'b', 'h2', 't', 'three.', '2026-01-01');
      INSERT INTO sentences (id, article, idx, start, end) VALUES (1, 1, 0, 0, 4), (2, 1, 1, 5, 9), (3, 2, 0, 0, 6);
      PRAGMA user_version = 5;`);
    const rows: [number, number][] = [];
    for (let i = 0; i < 120_000; i++) rows.push([(i * 7919) % 100_003, 1 + (i % 3)]);
    const ins = db.prepare('INSERT OR IGNORE INTO postings (fp, sentence) VALUES (?, ?)');
    db.transaction(() => {
      for (const [fp, sid] of rows) ins.run(fp, sid);
    })();
    const expected = db.prepare('SELECT count(*) FROM postings').pluck().get() as number;
    db.close();
    const store = openSqliteStore(path);
    const asked = [0, 7919, 15_838, 99_999_999];
    const hits = await store.findCandidates(asked, { maxPostings: 10 });
    const model = new Map<number, Set<number>>();
    for (const [fp, sid] of rows) model.set(fp, (model.get(fp) ?? new Set()).add(sid));
    const where: Record<number, [number, number]> = { 1: [1, 0], 2: [1, 1], 3: [2, 0] };
    const want = new Map<number, number[]>();
    asked.forEach((fp, qi) => {
      for (const sid of model.get(fp) ?? []) want.set(sid, [...(want.get(sid) ?? []), qi]);
    });
    assert.ok(want.size >= 2, 'the fixture must share fingerprints');
    assert.deepEqual(
      hits.hits.map((h) => [h.sentenceId, h.articleSeq, h.sentenceIndex, [...h.shared].sort()]).sort(),
      [...want].map(([sid, qis]) => [sid, ...where[sid]!, qis.sort()]).sort(),
    );
    await store.close();
    const after = new Database(path, { readonly: true });
    assert.equal(
      after.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'postings'`).pluck().get(),
      0,
    );
    assert.equal(after.prepare('SELECT sum(postings) FROM pseg').pluck().get(), expected);
    after.close();
  });
});

describe('article text at rest', () => {
  it('is stored deflated when long, read back unchanged, and older plain rows are compressed on upgrade', async () => {
    const path = join(tmp.dir, 'text.db');
    const long = `${'The council voted on Tuesday to close the old bridge for repairs. '.repeat(12)}Café — naïve “quotes” 日本.`;
    const engine = createEngine({ store: path });
    await engine.ingest([
      { id: 'long', title: 'Bridge', text: long },
      { id: 'short', title: 'Short', text: 'A short note.' },
    ]);
    const store = await engine.store();
    assert.equal((await store.getArticle('id:long'))?.text, long);
    assert.equal((await store.getArticle('id:short'))?.text, 'A short note.');
    await engine.close();
    const db = new Database(path);
    const kinds = db.prepare('SELECT ext_id, typeof(text) FROM articles ORDER BY seq').raw().all();
    assert.deepEqual(kinds, [
      ['long', 'blob'],
      ['short', 'text'],
    ]);
    // As schema 6 stored it: plain text. Opening migrates it to compressed, with the same text.
    db.prepare(`UPDATE articles SET text = ? WHERE ext_id = 'long'`).run(long);
    sentencesTableFromSpans(db);
    db.pragma('user_version = 6');
    db.close();
    const again = createEngine({ store: path });
    assert.equal((await (await again.store()).getArticle('id:long'))?.text, long);
    await again.close();
    const check = new Database(path, { readonly: true });
    assert.equal(
      check.prepare(`SELECT typeof(text) FROM articles WHERE ext_id = 'long'`).pluck().get(),
      'blob',
    );
    check.close();
  });
});
