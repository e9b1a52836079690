/**
 * The Store conformance suite: every Store adapter must pass it. Add an adapter to STORES to run it here.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openSqliteStore, type PreparedArticle, type Store } from '../src/index.js';
import { tempDir } from './helpers/index.js';

const tmp = tempDir();
after(() => tmp.cleanup());

const STORES: { name: string; open: () => Store }[] = [
  { name: 'sqlite (memory)', open: () => openSqliteStore(':memory:') },
  {
    name: 'sqlite (file)',
    open: () => openSqliteStore(join(tmp.dir, `c-${Math.random().toString(36).slice(2)}.db`)),
  },
];

function article(n: number, over: Partial<PreparedArticle['input']> = {}): PreparedArticle {
  return {
    key: `id:a${n}`,
    hash: `h${n}`,
    input: {
      id: `a${n}`,
      url: `https://site${n % 3}.example/${n}`,
      site: `site${n % 3}.example`,
      title: `Title ${n}`,
      published: `2026-01-${String((n % 28) + 1).padStart(2, '0')}`,
      text: `First sentence of ${n}. Second sentence of ${n}.`,
      meta: { n },
      ...over,
    },
    sentences: [
      { index: 0, start: 0, end: 20, fingerprints: [1000 + n, 7] },
      { index: 1, start: 21, end: 42, fingerprints: [2000 + n, 7] },
    ],
  };
}

for (const S of STORES) {
  describe(`Store conformance: ${S.name}`, () => {
    it('adds, deduplicates by key, and reads back everything it stored', async () => {
      const store = S.open();
      const out = await store.addArticles([article(1), article(2), article(1)]);
      assert.deepEqual(
        out.map((o) => o.status),
        ['added', 'added', 'duplicate'],
      );
      const again = await store.addArticles([article(2)]);
      assert.equal(again[0]?.status, 'duplicate');
      assert.equal(again[0]?.seq, out[1]?.seq);
      const a = await store.getArticle('id:a1');
      assert.ok(a);
      assert.equal(a.title, 'Title 1');
      assert.equal(a.id, 'a1');
      assert.equal(a.url, 'https://site1.example/1');
      assert.equal(a.published, '2026-01-02');
      assert.deepEqual(a.meta, { n: 1 });
      assert.equal(await store.getArticle('id:nope'), null);
      const bySeq = await store.getArticlesBySeq([out[0]!.seq, out[1]!.seq, 999]);
      assert.equal(bySeq.size, 2);
      assert.equal((await store.findByHash('h2'))?.key, 'id:a2');
      await store.close();
    });

    it('retrieves candidate sentences by shared fingerprints and skips over-common ones', async () => {
      const store = S.open();
      await store.addArticles([article(1), article(2), article(3)]);
      const { hits, skipped } = await store.findCandidates([1001, 2002, 7], { maxPostings: 4 });
      assert.deepEqual(skipped, [2], 'fingerprint 7 is in 6 sentences, over the cap of 4');
      const ids = hits.map((h) => `${h.articleSeq}:${h.sentenceIndex}`).sort();
      assert.equal(ids.length, 2);
      const h1 = hits.find((h) => h.sentenceIndex === 0)!;
      assert.deepEqual(h1.shared, [0]);
      const sents = await store.getSentences(h1.articleSeq);
      assert.deepEqual(
        sents.map((s) => [s.index, s.start, s.end]),
        [
          [0, 0, 20],
          [1, 21, 42],
        ],
      );
      await store.close();
    });

    it('replaces fingerprints, iterates in ingest order, keeps metadata and reports stats', async () => {
      const store = S.open();
      await store.addArticles([
        article(1),
        article(2),
        article(3, { published: undefined, site: undefined }),
      ]);
      const seq1 = (await store.getArticle('id:a1'))!.seq;
      await store.replaceFingerprints([
        { seq: seq1, sentences: [{ index: 0, start: 0, end: 42, fingerprints: [42] }] },
      ]);
      assert.equal((await store.findCandidates([1001], { maxPostings: 10 })).hits.length, 0);
      assert.equal((await store.findCandidates([42], { maxPostings: 10 })).hits[0]?.articleSeq, seq1);
      const keys: string[] = [];
      for await (const a of store.iterateArticles(2)) keys.push(a.key);
      assert.deepEqual(keys, ['id:a1', 'id:a2', 'id:a3']);
      await store.setMeta('k', 'v1');
      await store.setMeta('k', 'v2');
      assert.equal(await store.getMeta('k'), 'v2');
      assert.equal(await store.getMeta('missing'), null);
      const st = await store.stats();
      assert.equal(st.articles, 3);
      assert.equal(st.sentences, 5);
      assert.equal(st.sites, 2);
      assert.equal(st.earliest, '2026-01-02');
      assert.equal(st.latest, '2026-01-03');
      if (store.capabilities.persistent) assert.ok((st.sizeBytes ?? 0) > 0);
      await store.close();
    });

    it('keeps what was stored when a batch fails part-way (atomic batches)', async () => {
      const store = S.open();
      await store.addArticles([article(1)]);
      const bad = article(2);
      (bad.input as { title: unknown }).title = null; // violates NOT NULL in the middle of the batch
      await assert.rejects(store.addArticles([article(3), bad]));
      const keys: string[] = [];
      for await (const a of store.iterateArticles()) keys.push(a.key);
      assert.deepEqual(keys, ['id:a1'], 'the failed batch left nothing behind and lost nothing');
      await store.close();
    });
  });
}
