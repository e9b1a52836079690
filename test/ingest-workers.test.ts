/** Ingest on worker threads stores exactly what single-threaded ingest stores, in the same order. */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ingestPaths, openSqliteStore, type Store } from '../src/stages.js';
import { tempDir } from './helpers/index.js';

const tmp = tempDir();
after(() => tmp.cleanup());

const PLACES = ['Varno', 'Kestrel Bay', 'Oudmark', 'Lisk', 'Palmera'];
const NOUNS = [
  'harbour',
  'council',
  'budget',
  'railway',
  'hospital',
  'election',
  'bridge',
  'school',
  'tariff',
];
const VERBS = ['approved', 'delayed', 'rejected', 'expanded', 'questioned', 'funded', 'reviewed'];

/** Small deterministic articles written for this test, with a few broken records between them. */
function corpus(n: number): string {
  let seed = 7;
  const r = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const of = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const sentences: string[] = [];
    for (let s = 0; s < 4 + (i % 5); s++) {
      sentences.push(
        `The ${of(NOUNS)} in ${of(PLACES)} was ${of(VERBS)} on Monday after ${10 + Math.floor(r() * 90)} residents ` +
          `wrote to the ${of(NOUNS)} office, “we were never asked,” said ${of(PLACES)} mayor Ana Drel.`,
      );
    }
    const rec: Record<string, unknown> = {
      title: `${of(NOUNS)} ${of(VERBS)} in ${of(PLACES)}`,
      text: sentences.join(' '),
    };
    if (i % 3 === 0) rec.id = `w-${i}`;
    else if (i % 3 === 1) rec.url = `https://desk.example/${i}`;
    lines.push(JSON.stringify(rec));
    if (i % 17 === 4) lines.push('{"title": broken');
    if (i % 23 === 9) lines.push(JSON.stringify({ id: `empty-${i}`, title: 'No body' }));
    if (i % 29 === 3) lines.push(lines[lines.length - 1]!); // a duplicate record
  }
  return `${lines.join('\n')}\n`;
}

async function dump(store: Store) {
  const articles = [];
  for await (const a of store.iterateArticles()) {
    const sentences = await store.getSentences(a.seq);
    articles.push({ key: a.key, seq: a.seq, hash: a.hash, title: a.title, text: a.text, sentences });
  }
  return articles;
}

describe('ingest with worker threads', () => {
  it('stores the same articles, sentences, fingerprints and rejections as single-threaded ingest', async () => {
    const input = join(tmp.dir, 'corpus.jsonl');
    writeFileSync(input, corpus(300));
    const one = openSqliteStore(join(tmp.dir, 'one.db'));
    const two = openSqliteStore(join(tmp.dir, 'two.db'));
    try {
      const s1 = await ingestPaths(one, [input], { workers: 0, batchSize: 41 });
      const s2 = await ingestPaths(two, [input], { workers: 2, batchSize: 41 });
      assert.ok(s1.added > 250, `added ${s1.added}`);
      assert.ok(s1.duplicates > 0 && s1.rejected.length > 10);
      assert.equal(s1.workers, 0);
      assert.equal(s2.workers, 2);
      assert.equal(s2.added, s1.added);
      assert.equal(s2.duplicates, s1.duplicates);
      assert.deepEqual(s2.rejected, s1.rejected);
      const d1 = await dump(one);
      const d2 = await dump(two);
      assert.equal(d2.length, d1.length);
      assert.deepEqual(d2, d1);
      // Retrieval sees the same postings: look up every fingerprint of a few sentences.
      const { prepareArticle } = await import('../src/stages.js');
      for (const a of d1.filter((_, i) => i % 37 === 0)) {
        const fps = prepareArticle({ title: a.title, text: a.text }).sentences.flatMap((s) => s.fingerprints);
        const h1 = await one.findCandidates(fps, { maxPostings: 1000 });
        const h2 = await two.findCandidates(fps, { maxPostings: 1000 });
        assert.ok(h1.hits.length > 0);
        assert.deepEqual(h2, h1);
      }
      // Ingesting again is idempotent on both paths.
      const again = await ingestPaths(two, [input], { workers: 2 });
      assert.equal(again.added, 0);
      assert.equal(again.duplicates, s1.added + s1.duplicates);
    } finally {
      await one.close();
      await two.close();
    }
  });
});
