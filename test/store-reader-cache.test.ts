/**
 * A SQLite reader keeps the sentence runs and the fingerprints it found too common in memory between look-ups
 * (src/store/_sqlite.ts `readerCache`). Whatever changes the data, through another connection or its own, its
 * answers must stay those of a reader that keeps nothing.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DEFAULTS } from '../src/defaults.js';
import type { PreparedArticle, Store } from '../src/store/index.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import { tempDir } from './helpers/index.js';

const tmp = tempDir();
after(() => tmp.cleanup());

/** Article n: two sentences; the first holds fingerprint 7 (in every article: common) and 100 + n % 4. */
function article(
  n: number,
  fps: number[][] = [
    [7, 100 + (n % 4)],
    [7, 1000 + n],
  ],
): PreparedArticle {
  return {
    key: `id:a${n}`,
    hash: `h${n}`,
    input: { id: `a${n}`, title: `Title ${n}`, text: `First sentence of ${n}. Second sentence of ${n}.` },
    sentences: fps.map((f, i) => ({ index: i, start: i * 20, end: i * 20 + 18, fingerprints: f })),
  };
}

const ASKED = [7, 100, 101, 102, 103, 1001, 1002, 1005, 2000, 2001];
const LIMIT = 6;

async function answer(store: Store) {
  const r = await store.findCandidates(ASKED, { maxPostings: LIMIT });
  const hits = r.hits
    .map((h) => [h.sentenceId, h.articleSeq, h.sentenceIndex, [...h.shared].sort((a, b) => a - b)] as const)
    .sort((a, b) => a[0] - b[0]);
  return { hits, skipped: r.skipped };
}

/** The reader's answers, asked enough times for it to cache, against a reader opened afresh. */
async function same(reader: Store, path: string, note: string) {
  const fresh = openSqliteStore(path, { readonly: true });
  const want = await answer(fresh);
  await fresh.close();
  for (let i = 0; i < 4; i++) assert.deepEqual(await answer(reader), want, `${note} (look-up ${i + 1})`);
  return want;
}

describe('SQLite reader cache', () => {
  it('follows writes by another connection and by its own', async () => {
    // Runs read two at a time: reading them takes several look-ups, and writes land between the steps.
    const tuning = DEFAULTS.sqliteReader as { runChunk: number };
    const chunk = tuning.runChunk;
    tuning.runChunk = 2;
    try {
      await followsWrites();
    } finally {
      tuning.runChunk = chunk;
    }
  });
});

async function followsWrites(): Promise<void> {
  {
    const path = join(tmp.dir, 'reader.db');
    const writer = openSqliteStore(path);
    await writer.addArticles(Array.from({ length: 8 }, (_, i) => article(i + 1)));
    const reader = openSqliteStore(path, { readonly: true });

    let got = await same(reader, path, 'at first');
    assert.deepEqual(got.skipped, [0], 'fingerprint 7 is too common');
    assert.ok(got.hits.some((h) => h[1] === 1));

    // Another connection adds articles: their sentences are found, with the right article and index.
    await writer.addArticles([article(9, [[2000], [2001, 100]])]);
    got = await same(reader, path, 'after an addition');
    assert.ok(got.hits.some((h) => h[1] === 9 && h[2] === 1));

    // It replaces fingerprints (sentence ids change): old ids are gone, new ones located; fingerprint 7 stops
    // being common once most articles lose it.
    await writer.replaceFingerprints(
      [1, 2, 3, 4, 5].map((seq) => ({
        seq,
        sentences: [
          { index: 0, start: 0, end: 18, fingerprints: [2000 + seq] },
          { index: 1, start: 20, end: 38, fingerprints: [1000 + seq] },
        ],
      })),
    );
    got = await same(reader, path, 'after replaced fingerprints');
    assert.deepEqual(got.skipped, [], 'fingerprint 7 is no longer too common');
    assert.ok(got.hits.some((h) => h[1] === 1 && h[3].includes(ASKED.indexOf(2001))));

    // The writer's own look-ups across its own writes.
    const own = async (note: string) => {
      const fresh = openSqliteStore(path, { readonly: true });
      const want = await answer(fresh);
      await fresh.close();
      for (let i = 0; i < 4; i++) assert.deepEqual(await answer(writer), want, `${note} (look-up ${i + 1})`);
    };
    await own('the writer, before writing');
    await writer.addArticles([article(10, [[7, 1002], [1005]]), article(11), article(12)]);
    await own('the writer, after adding');
    await writer.replaceFingerprints([
      { seq: 10, sentences: [{ index: 0, start: 0, end: 18, fingerprints: [103] }] },
    ]);
    await own('the writer, after replacing');
    await same(reader, path, 'the reader, at the end');
    await reader.close();
    await writer.close();
  }
}
