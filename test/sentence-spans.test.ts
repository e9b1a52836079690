/**
 * Sentence runs in the SQLite store (src/store/_sqlite-spans.ts): coding, locating ids across runs, liveness
 * ranges, and migration 9 from the per-sentence table (the same sentences and the same look-ups after it).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { createEngine } from '../src/index.js';
import { mulberry32 } from '../src/spin/index.js';
import {
  decodeSpans,
  encodeSpans,
  RunDirectory,
  runsOf,
  SPANS_TABLE,
  SqliteSpans,
} from '../src/store/_sqlite-spans.js';
import { tempDir } from './helpers/index.js';
import { sentencesTableFromSpans } from './helpers/schema.js';

const tmp = tempDir();
after(() => tmp.cleanup());

function spansDb(): Database.Database {
  const db = new Database(':memory:');
  // The runs as schema 10 indexes them (its migration replaces the article index by one holding the counts).
  db.exec(
    `CREATE TABLE articles (seq INTEGER PRIMARY KEY); ${SPANS_TABLE} CREATE INDEX spans_article_n ON spans(article, n);`,
  );
  return db;
}

describe('sentence runs', () => {
  it('code any offsets, including large values, and split indexes into consecutive runs', () => {
    const random = mulberry32(3);
    for (let t = 0; t < 200; t++) {
      const list = Array.from({ length: 1 + Math.floor(random() * 30) }, () => {
        const start = Math.floor(random() * 2 ** 40);
        return {
          index: Math.floor(random() * 1000) - 5,
          start,
          end: start + Math.floor(random() * 5000),
        };
      });
      assert.deepEqual(
        decodeSpans(encodeSpans(list), list.length),
        list.map((x) => ({ start: x.start, end: x.end })),
      );
    }
    // The usual case costs two bytes a sentence.
    const usual = [0, 1, 2, 3].map((i) => ({ index: i, start: i * 60, end: i * 60 + 58 }));
    assert.equal(encodeSpans(usual).length, 8);
    // Runs of consecutive indexes.
    assert.deepEqual(runsOf([0, 1, 2, 5, 6, 6, 3].map((index) => ({ index }))), [
      [0, 3],
      [3, 2],
      [5, 1],
      [6, 1],
    ]);
    assert.deepEqual(runsOf([]), []);
  });

  it('locate ids from the runs held in memory as from the table: gaps, later runs, first indexes, wide ids', () => {
    const random = mulberry32(11);
    for (const base of [1, 2 ** 32 - 50, 2 ** 40]) {
      const db = spansDb();
      const spans = new SqliteSpans(db);
      let sid = base;
      for (let article = 1; article <= 300; article++) {
        db.prepare('INSERT INTO articles (seq) VALUES (?)').run(article);
        sid += Math.floor(random() * 3); // gaps (deleted articles)
        const first = random() < 0.1 ? 1 + Math.floor(random() * 5) : 0;
        const n = Math.floor(random() * 6);
        const list = Array.from({ length: n }, (_, i) => ({
          index: first + i,
          start: i * 10,
          end: i * 10 + 9,
        }));
        // Now and then an index skips: the article gets a second run.
        if (n > 2 && random() < 0.2) list[n - 1]!.index += 3;
        spans.add(sid, article, list);
        sid += n;
      }
      const dir = RunDirectory.load(db, 1000);
      // Read 7 runs at a time (many steps, the last one short or empty) and 300 at once: the same directory.
      const chunked = RunDirectory.load(db, 1000, 7);
      assert.ok(dir && chunked, 'loaded under its bound');
      assert.equal(dir.runs, chunked.runs);
      assert.equal(RunDirectory.load(db, 10), null, 'not loaded over its bound');
      for (let t = 0; t < 20; t++) {
        const ids = Array.from({ length: 200 }, () => base - 3 + Math.floor(random() * (sid - base + 6)));
        const want = [...spans.locate(ids)].sort((a, b) => a[0] - b[0]);
        assert.deepEqual(
          [...spans.locate(ids, dir)].sort((a, b) => a[0] - b[0]),
          want,
        );
        assert.deepEqual(
          [...spans.locate(ids, chunked)].sort((a, b) => a[0] - b[0]),
          want,
        );
      }
      assert.deepEqual([...spans.locate([], dir)], []);
    }
    // No runs at all.
    const empty = spansDb();
    assert.deepEqual([...new SqliteSpans(empty).locate([1, 2], RunDirectory.load(empty, 10))], []);
  });

  it('locate ids, find an article’s sentences and say which ids exist, across runs and gaps', () => {
    const db = spansDb();
    db.exec('INSERT INTO articles (seq) VALUES (1), (2), (3)');
    const spans = new SqliteSpans(db);
    const s = (index: number) => ({ index, start: index * 10, end: index * 10 + 9 });
    spans.add(10, 1, [s(0), s(1), s(2)]); // ids 10-12
    spans.add(13, 2, [s(0), s(1)]); // 13-14
    spans.add(20, 3, [s(2), s(3)]); // 20-21: a second run of article 3, after a gap
    spans.add(17, 3, [s(0), s(1)]); // 17-18
    spans.add(30, 1, []); // nothing stored
    assert.equal(spans.maxId(), 21);
    assert.equal(spans.count(), 9);
    assert.deepEqual(
      [...spans.locate([21, 9, 10, 12, 13, 15, 16, 17, 19, 22, 14])].sort((a, b) => a[0] - b[0]),
      [
        [10, [1, 0]],
        [12, [1, 2]],
        [13, [2, 0]],
        [14, [2, 1]],
        [17, [3, 0]],
        [21, [3, 3]],
      ],
    );
    assert.deepEqual(
      spans.ofArticle(3).map((x) => [x.sentenceId, x.index, x.start]),
      [
        [17, 0, 0],
        [18, 1, 10],
        [20, 2, 20],
        [21, 3, 30],
      ],
    );
    const of = spans.ofArticles([2, 4, 2]);
    assert.deepEqual([...of.keys()], [2, 4]);
    assert.deepEqual(
      of.get(2)!.map((x) => x.sentenceId),
      [13, 14],
    );
    assert.deepEqual(of.get(4), []);
    assert.deepEqual([...spans.liveIn(11, 19)], [11, 12, 13, 14, 17, 18]);
    assert.deepEqual([...spans.liveIn(15, 16)], []);
    assert.equal(spans.anyLiveIn(15, 16), false);
    assert.equal(spans.anyLiveIn(19, 20), true);
    assert.equal(spans.anyLiveIn(22, 100), false);
    assert.deepEqual(
      Array.from(spans.all(), (r) => [...r]),
      [
        [10, 1, 0, 0, 9],
        [11, 1, 1, 10, 19],
        [12, 1, 2, 20, 29],
        [13, 2, 0, 0, 9],
        [14, 2, 1, 10, 19],
        [17, 3, 0, 0, 9],
        [18, 3, 1, 10, 19],
        [20, 3, 2, 20, 29],
        [21, 3, 3, 30, 39],
      ],
    );
    assert.deepEqual(
      spans.idsOf(3).sort((a, b) => a - b),
      [17, 18, 20, 21],
    );
    spans.deleteOf(3);
    assert.deepEqual([...spans.live([13, 17, 21])], [13]);
    assert.equal(spans.maxId(), 14);
    // Indexes that skip or repeat (a caller's choice) become runs of their own, located and listed alike.
    db.exec('INSERT INTO articles (seq) VALUES (4)');
    spans.add(40, 4, [s(0), s(2), s(2), s(3)]);
    assert.deepEqual(db.prepare('SELECT sid0, n, idx0 FROM spans WHERE article = 4').raw().all(), [
      [40, 1, 0],
      [41, 1, 2],
      [42, 2, 2],
    ]);
    assert.deepEqual(
      [...spans.locate([43, 41, 42, 40])].sort((a, b) => a[0] - b[0]),
      [
        [40, [4, 0]],
        [41, [4, 2]],
        [42, [4, 2]],
        [43, [4, 3]],
      ],
    );
    assert.deepEqual(
      spans.ofArticle(4).map((x) => [x.sentenceId, x.index]),
      [
        [40, 0],
        [41, 2],
        [42, 2],
        [43, 3],
      ],
    );
  });

  it('migration 9 turns the per-sentence table into runs with the same sentences and look-ups', async () => {
    const path = join(tmp.dir, 'v8.db');
    const engine = createEngine({ store: path });
    const base = 'The harbour authority said on Monday that the northern pier would close for repairs.';
    await engine.ingest([
      {
        id: 'a',
        title: 'Pier',
        text: `${base} Ferries will use the southern berth. Work is due to end in May.`,
      },
      { id: 'b', title: 'Pier again', text: `Officials confirmed it. ${base} Traders objected to the plan.` },
      { id: 'c', title: 'Other', text: 'A library opened in the old town hall. It has a reading room.' },
    ]);
    const before = await engine.store();
    const seqs = [1, 2, 3];
    const sentencesBefore = await before.getSentencesOf(seqs);
    const report = async (e: ReturnType<typeof createEngine>) =>
      (
        await e.check(
          { title: 'Pier', text: `${base} Ferries will use the southern berth.` },
          { headline: false },
        )
      ).sentences.map((s) => s.sources.map((x) => [x.articleId, x.start, x.end, x.similarity]));
    const checkBefore = await report(engine);
    await engine.close();
    const db = new Database(path);
    sentencesTableFromSpans(db);
    db.pragma('user_version = 8');
    db.close();
    const again = createEngine({ store: path });
    const store = await again.store();
    assert.deepEqual(await store.getSentencesOf(seqs), sentencesBefore);
    assert.deepEqual(await report(again), checkBefore);
    assert.ok(checkBefore.flat().length >= 2, 'the fixture must trace the checked sentence');
    await again.close();
    const after = new Database(path, { readonly: true });
    assert.equal(
      after.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'sentences'`).pluck().get(),
      0,
    );
    assert.deepEqual(after.prepare('SELECT article, n FROM spans ORDER BY sid0').raw().all(), [
      [1, 3],
      [2, 3],
      [3, 2],
    ]);
    after.close();
  });
});
