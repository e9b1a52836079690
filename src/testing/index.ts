/**
 * `unspun/testing`: the Store conformance suite. Every Store adapter must pass it; an adapter's own tests call
 * `testStore(name, open)` with a function that opens a fresh, empty store:
 *
 *   import { testStore } from 'unspun/testing';
 *   testStore('my backend', () => openMyStore(freshLocation()));
 *
 * It registers node:test suites, so it runs under `node --test`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UnspunError } from '../errors.js';
import {
  type AddOutcome,
  type ArticleHead,
  type PreparedArticle,
  SentenceTable,
  type Store,
} from '../store/index.js';
import { indexOfFingerprint } from '../store/sentence-table.js';

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
      { index: 0, start: 0, end: 20, fingerprints: [1000 + n, 7], shape: 5000 + n },
      { index: 1, start: 21, end: 42, fingerprints: [2000 + n, 7], shape: 77 },
    ],
  };
}

export function testStore(name: string, open: () => Store | Promise<Store>): void {
  const S = { open };
  describe(`Store conformance: ${name}`, () => {
    it('adds, deduplicates by key, and reads back everything it stored', async () => {
      const store = await S.open();
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

    it('stores another text under a stored key as a new version, linked to the one it replaces', async () => {
      const store = await S.open();
      const [first] = await store.addArticles([article(1)]);
      const v2 = {
        ...article(1, { title: 'Title 1, updated', text: 'First sentence of 1. A new sentence.' }),
      };
      v2.hash = 'h1-v2';
      const v3 = { ...article(1, { title: 'Title 1, updated again' }) };
      v3.hash = 'h1-v3';
      // v2, then v2 again (a duplicate), then the first text again (a duplicate of version 1), then v3.
      const out = await store.addArticles([v2, v2, article(1), v3]);
      assert.deepEqual(
        out.map((o) => o.status),
        ['version', 'duplicate', 'duplicate', 'version'],
      );
      const [o2, d2, d1, o3] = out as [AddOutcome, AddOutcome, AddOutcome, AddOutcome];
      assert.ok(o2.status === 'version' && o3.status === 'version');
      assert.equal(o2.version, 2);
      assert.equal(o2.previous, first!.seq);
      assert.equal(o3.version, 3);
      assert.equal(o3.previous, o2.seq);
      assert.equal(d2.seq, o2.seq, 'the same text again is a duplicate of that version');
      assert.equal(d1.seq, first!.seq, 'the first text again is a duplicate of version 1');
      assert.equal(o2.key, 'id:a1');
      // getArticle gives the newest version; every version keeps its own text, seq and number.
      const latest = await store.getArticle('id:a1');
      assert.equal(latest?.title, 'Title 1, updated again');
      assert.equal(latest?.seq, o3.seq);
      assert.equal(latest?.version, 3);
      assert.equal(latest?.latest, undefined);
      const vs = await store.versionsOf('id:a1');
      assert.deepEqual(
        vs.map((v) => [v.seq, v.version, v.hash, v.latest]),
        [
          [first!.seq, 1, 'h1', false],
          [o2.seq, 2, 'h1-v2', false],
          [o3.seq, 3, 'h1-v3', true],
        ],
      );
      assert.ok(vs.every((v) => !Number.isNaN(Date.parse(v.ingestedAt))));
      const older = (await store.getArticlesBySeq([first!.seq, o2.seq])).get(o2.seq);
      assert.equal(older?.key, 'id:a1', 'every version has the article key');
      assert.equal(older?.version, 2);
      assert.equal(older?.latest, false);
      assert.equal((await store.findByHash('h1-v2'))?.seq, o2.seq);
      // Each version's sentences are stored and retrievable (a copier may have taken an older text).
      assert.equal((await store.getSentences(o2.seq)).length, 2);
      const heads: ArticleHead[] = [];
      for await (const h of store.iterateHeads()) heads.push(h);
      assert.deepEqual(
        heads.map((h) => [h.key, h.version, h.latest]),
        [
          ['id:a1', 1, false],
          ['id:a1', 2, false],
          ['id:a1', 3, undefined],
        ],
      );
      // An article stored once has no version number.
      await store.addArticles([article(2)]);
      assert.equal((await store.getArticle('id:a2'))?.version, undefined);
      assert.deepEqual(
        (await store.versionsOf('id:a2')).map((v) => [v.version, v.latest]),
        [[1, true]],
      );
      assert.deepEqual(await store.versionsOf('id:nope'), []);
      // The article is counted once: in stats, lists and sites.
      const st = await store.stats();
      assert.equal(st.articles, 2);
      assert.equal(st.versions, 2);
      assert.equal(st.versionedArticles, 1);
      const list = await store.listArticles({ limit: 10, offset: 0 });
      assert.equal(list.total, 2);
      assert.deepEqual(list.items.map((i) => i.title).sort(), ['Title 1, updated again', 'Title 2']);
      const sites = await store.listSites();
      assert.equal(
        sites.reduce((n, x) => n + x.articles, 0),
        2,
      );
      await store.close();
    });

    it('retrieves candidate sentences by shared fingerprints and skips over-common ones', async () => {
      const store = await S.open();
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

    it('keeps only the articles asked for, counting every posting towards the cap', async () => {
      const store = await S.open();
      await store.addArticles([article(1), article(2), article(3)]);
      const seq2 = (await store.getArticle('id:a2'))!.seq;
      const table = await store.sentenceTable({ maxPostings: 6 });
      // A table holding the postings (where the store can) locates the same, also from shared memory...
      const withPostings = await store.sentenceTable({ maxPostings: 6, postingsUpToSentences: 1000 });
      const sharedTable = SentenceTable.fromData(withPostings.toShared().data);
      // ...and its postings are the store's: a fingerprint's sentence ids, ascending.
      for (const t of [withPostings, sharedTable]) {
        const v = t.postingsView();
        if (!v) continue;
        for (const fp of [7, 1001, 2002, 999]) {
          const i = indexOfFingerprint(v.fps, fp);
          const held: number[] = i < 0 ? [] : [...v.sids.subarray(v.offsets[i]!, v.offsets[i + 1]!)];
          const hits = (await store.findCandidates([fp], { maxPostings: 6 })).hits;
          assert.deepEqual(
            held,
            hits.map((h) => h.sentenceId).sort((a, b) => a - b),
            `fingerprint ${fp}`,
          );
        }
      }
      for (const extra of [{}, { table }, { table: withPostings }, { table: sharedTable }]) {
        const all = await store.findCandidates([7], { maxPostings: 6, ...extra });
        assert.equal(all.hits.length, 6, 'fingerprint 7 is in two sentences of each of the three articles');
        const kept = await store.findCandidates([7], {
          maxPostings: 6,
          keep: (seq) => seq !== seq2,
          ...extra,
        });
        assert.deepEqual(kept.skipped, []);
        assert.equal(kept.hits.length, 4);
        assert.ok(kept.hits.every((h) => h.articleSeq !== seq2));
        // Left-out postings still count: 6 postings are over a cap of 5 whatever is kept.
        const capped = await store.findCandidates([7], { maxPostings: 5, keep: (seq) => seq !== seq2 });
        assert.deepEqual(capped.skipped, [0]);
        assert.equal(capped.hits.length, 0);
        // Several fingerprints, one shared by two query positions' sentences: the same hits as the store's.
        const plain = await store.findCandidates([1001, 7, 2002, 999], { maxPostings: 6 });
        const got = await store.findCandidates([1001, 7, 2002, 999], { maxPostings: 6, ...extra });
        const view = (r: typeof plain) =>
          r.hits.map((h) => `${h.articleSeq}:${h.sentenceIndex}:${[...h.shared].sort().join(',')}`).sort();
        assert.deepEqual(view(got), view(plain));
        assert.deepEqual(got.skipped, plain.skipped);
        // No sentence above maxSentenceId (with a table).
        if ('table' in extra) {
          const sid = plain.hits.map((h) => h.sentenceId).sort((a, b) => a - b)[2]!;
          const below = await store.findCandidates([1001, 7, 2002], {
            maxPostings: 6,
            maxSentenceId: sid,
            ...extra,
          });
          assert.ok(below.hits.length > 0 && below.hits.every((h) => h.sentenceId <= sid));
        }
      }
      // Over the cap: the table's common fingerprints (a table made with a lower cap skips fingerprint 7).
      const low = await store.sentenceTable({ maxPostings: 5, postingsUpToSentences: 1000 });
      assert.deepEqual((await store.findCandidates([7, 1001], { maxPostings: 5, table: low })).skipped, [0]);
      // Over the caller's budget (more sentences than it allows): no postings in memory, the same answers.
      const over = await store.sentenceTable({ maxPostings: 5, postingsUpToSentences: 1 });
      assert.equal(over.hasPostings, false);
      assert.deepEqual((await store.findCandidates([7, 1001], { maxPostings: 5, table: over })).skipped, [0]);
      await store.close();
    });

    it('replaces fingerprints, iterates in ingest order, keeps metadata and reports stats', async () => {
      const store = await S.open();
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
      await store.setMeta('watch:https://b.example/feed', '{}');
      await store.setMeta('watch:https://a.example/feed', '{}');
      await store.setMeta('watchful', 'x');
      assert.deepEqual(await store.metaKeys('watch:'), [
        'watch:https://a.example/feed',
        'watch:https://b.example/feed',
      ]);
      assert.deepEqual(await store.metaKeys('nothing:'), []);
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
      const store = await S.open();
      await store.addArticles([article(1)]);
      const bad = article(2);
      (bad.input as { title: unknown }).title = null; // violates NOT NULL in the middle of the batch
      await assert.rejects(store.addArticles([article(3), bad]));
      const keys: string[] = [];
      for await (const a of store.iterateArticles()) keys.push(a.key);
      assert.deepEqual(keys, ['id:a1'], 'the failed batch left nothing behind and lost nothing');
      await store.close();
    });

    it('returns the sentences of many articles in one call', async () => {
      const store = await S.open();
      const out = await store.addArticles([article(1), article(2), article(3)]);
      const seqs = out.map((o) => o.seq);
      const m = await store.getSentencesOf([...seqs, 999_999]);
      for (const seq of seqs) {
        assert.deepEqual(
          (m.get(seq) ?? []).map((s) => [s.index, s.start, s.end]),
          (await store.getSentences(seq)).map((s) => [s.index, s.start, s.end]),
        );
      }
      assert.deepEqual(m.get(999_999) ?? [], []);
      await store.close();
    });

    it('stores the site key and display name apart', async () => {
      const store = await S.open();
      await store.addArticles([article(1, { site: 'ledger.example', siteName: 'Capital Ledger' })]);
      const a = await store.getArticle('id:a1');
      assert.equal(a?.site, 'ledger.example');
      assert.equal(a?.siteName, 'Capital Ledger');
      await store.close();
    });

    it('learns spinner pairs per distinct article, replacing what a re-learned article gave', async () => {
      const store = await S.open();
      assert.deepEqual(await store.learnedPairs(), []);
      assert.equal(
        await store.learnPairs('hash:x', [
          { original: 'said', spun: 'explained', count: 2 },
          { original: 'talks', spun: 'negotiations', count: 1 },
        ]),
        2,
      );
      // The same article learned again counts once, with its new counts.
      assert.equal(await store.learnPairs('hash:x', [{ original: 'said', spun: 'explained', count: 3 }]), 0);
      assert.equal(await store.learnPairs('hash:y', [{ original: 'Said', spun: 'Explained', count: 1 }]), 0);
      const pairs = await store.learnedPairs();
      assert.deepEqual(
        pairs.map((p) => [p.original.toLowerCase(), p.spun.toLowerCase(), p.count, p.articles]),
        [['said', 'explained', 4, 2]],
        'talks -> negotiations is gone: the only article that gave it was re-learned without it',
      );
      await store.close();
    });

    it('counts sentence shapes per site, once per article, and forgets them on request', async () => {
      const store = await S.open();
      await store.addArticles([article(1), article(2), article(3), article(4), article(4)]);
      const counts = await store.shapeCounts([77, 5001, 999]);
      assert.ok(counts, 'a new store counts shapes from the start');
      // Shape 77 is in articles 1-4, whose sites are site1, site2, site0, site1 (n % 3).
      assert.deepEqual(counts.get(77), { articles: 4, sites: 3, topSiteArticles: 2 });
      assert.deepEqual(counts.get(5001), { articles: 1, sites: 1, topSiteArticles: 1 });
      assert.equal(counts.has(999), false);
      assert.equal(await store.boilerplateShapes({ minSiteArticles: 2, minArticles: 100, minSites: 100 }), 1);
      await store.clearShapes();
      assert.equal(await store.shapeCounts([77]), null, 'incomplete counts are not used');
      await store.replaceFingerprints([{ seq: 1, sentences: article(1).sentences }]);
      await store.markShapesComplete();
      assert.deepEqual((await store.shapeCounts([77]))?.get(77), {
        articles: 1,
        sites: 1,
        topSiteArticles: 1,
      });
      await store.close();
    });

    it('lists article heads and keeps audits: replaced, dropped as stale, cascaded, iterated in seq order', async () => {
      const store = await S.open();
      const out = await store.addArticles([article(1), article(2), article(3, { url: undefined })]);
      const [s1, s2, s3] = out.map((o) => o.seq) as [number, number, number];
      const heads = [];
      for await (const h of store.iterateHeads(2)) heads.push(h);
      assert.deepEqual(
        heads.map((h) => [h.seq, h.key, h.id, h.url, h.site, h.published]),
        [
          [s1, 'id:a1', 'a1', 'https://site1.example/1', 'site1.example', '2026-01-02'],
          [s2, 'id:a2', 'a2', 'https://site2.example/2', 'site2.example', '2026-01-03'],
          [s3, 'id:a3', 'a3', undefined, 'site0.example', '2026-01-04'],
        ],
      );
      assert.equal(await store.maxSeq(), Math.max(s1, s2, s3));
      assert.equal((await store.auditedSeqs()).size, 0);
      const rec = (
        seq: number,
        sources: { seq: number; sentences: number; characters: number; quoted: number }[],
      ) => ({
        seq,
        sentences: 2,
        traced: sources.length ? 2 : 0,
        characters: 42,
        boilerplate: 0,
        spinRate: 0.25,
        origin: sources[0]?.seq ?? null,
        sources,
      });
      await store.saveAudits([rec(s1, []), rec(s2, [{ seq: s1, sentences: 2, characters: 40, quoted: 1 }])]);
      await store.saveAudits([rec(s3, [{ seq: s1, sentences: 1, characters: 20, quoted: 0 }])]);
      assert.deepEqual([...(await store.auditedSeqs())].sort(), [s1, s2, s3].sort());
      assert.deepEqual(await store.copiersOf(s1), [
        { seq: s2, sentences: 2 },
        { seq: s3, sentences: 1 },
      ]);
      const all = [];
      for await (const a of store.iterateAudits(1)) all.push(a);
      assert.deepEqual(all, [
        rec(s1, []),
        rec(s2, [{ seq: s1, sentences: 2, characters: 40, quoted: 1 }]),
        rec(s3, [{ seq: s1, sentences: 1, characters: 20, quoted: 0 }]),
      ]);
      // Saving again replaces; stale audits are dropped in the same transaction.
      await store.saveAudits([rec(s2, [])], [s3]);
      assert.deepEqual(await store.copiersOf(s1), []);
      assert.equal((await store.auditedSeqs()).has(s3), false);
      const got = await store.getAudits([s2, s3, s2]);
      assert.deepEqual([...got.keys()], [s2]);
      assert.deepEqual(got.get(s2), rec(s2, []));
      // A batch naming an unknown article fails whole, leaving what was stored.
      await assert.rejects(store.saveAudits([rec(s3, []), rec(99_999, [])]), UnspunError);
      assert.equal((await store.auditedSeqs()).has(s3), false);
      await store.dropAudits([s2]);
      assert.deepEqual([...(await store.auditedSeqs())], [s1]);
      await store.dropAudits('all');
      assert.equal((await store.auditedSeqs()).size, 0);
      await store.close();
    });

    it('lists articles newest first by site and title text, a page at a time, and lists sites', async () => {
      const store = await S.open();
      // Sites: n % 3 → site1 has 1, 4, 7; site2 has 2, 5; site0 has 3, 6 (and 6 undated).
      await store.addArticles(
        [1, 2, 3, 4, 5, 6, 7].map((n) => article(n, n === 6 ? { published: undefined } : {})),
      );
      const all = await store.listArticles({ limit: 100, offset: 0 });
      assert.equal(all.total, 7);
      assert.deepEqual(
        all.items.map((i) => i.id),
        ['a7', 'a5', 'a4', 'a3', 'a2', 'a1', 'a6'],
      );
      assert.equal(all.items[0]!.title, 'Title 7');
      const page = await store.listArticles({ site: 'site1.example', limit: 2, offset: 1 });
      assert.equal(page.total, 3);
      assert.deepEqual(
        page.items.map((i) => [i.id, i.site, i.url]),
        [
          ['a4', 'site1.example', 'https://site1.example/4'],
          ['a1', 'site1.example', 'https://site1.example/1'],
        ],
      );
      const q = await store.listArticles({ q: 'TITLE 5', limit: 10, offset: 0 });
      assert.deepEqual(
        q.items.map((i) => i.id),
        ['a5'],
      );
      assert.equal((await store.listArticles({ q: "%' OR 1=1 --", limit: 10, offset: 0 })).total, 0);
      assert.deepEqual(
        (await store.listSites()).map((s) => [s.site, s.articles, s.earliest, s.latest]),
        [
          ['site1.example', 3, '2026-01-02', '2026-01-08'],
          ['site0.example', 2, '2026-01-04', '2026-01-04'],
          ['site2.example', 2, '2026-01-03', '2026-01-06'],
        ],
      );
      await store.close();
    });

    it('fails with an UnspunError carrying a code, never a driver error', async () => {
      const store = await S.open();
      await store.close();
      await assert.rejects(store.getArticle('id:a1'), (e: unknown) => {
        assert.ok(e instanceof UnspunError, `got ${String(e)}`);
        assert.equal(e.code, 'STORE');
        return true;
      });
    });
  });
}
