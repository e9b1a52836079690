/**
 * Check speed against corpus size: `npm run bench:check [-- --sizes 10000,100000,1000000 --queries 100]`, or
 * against an existing store: `npm run bench:check -- --store PATH` (the store is only read; e.g. the 1M store
 * `npm run bench:ingest -- --keep` leaves behind).
 *
 * For each size, a generated corpus (bench/_gen.ts, seeded) is ingested into a fresh SQLite store; then
 * content-farm articles made from it (20 sentences: five from each of four corpus articles, spun at 30 %) and
 * unseen articles (20 sentences with no source in the corpus) are checked. Reported: p50, p90 and p99 wall time
 * of `engine.check` with the corpus (headline model off; provenance, quotes and entities on), the provenance
 * stage's median, and the baseline measured in the same run: the same check with no corpus (ratio = with corpus
 * / without).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../src/index.js';
import { mulberry32, spinText } from '../src/spin/index.js';
import { normaliseArticle } from '../src/stages.js';
import { ArticleGenerator, writeJsonl } from './_gen.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : dflt;
};
const SIZES = opt('sizes', '10000,100000')
  .split(',')
  .map((s) => Number(s));
const QUERIES = Number(opt('queries', '100'));
const STORE = opt('store', '');

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
};

async function main(): Promise<void> {
  const rows: string[] = [];
  for (const size of STORE ? [0] : SIZES) {
    const dir = mkdtempSync(join(tmpdir(), 'unspun-bench-check-'));
    try {
      let t = performance.now();
      let engine: ReturnType<typeof createEngine>;
      if (STORE) {
        engine = createEngine({ store: STORE, readonly: true });
        await engine.store();
        console.error(`store ${STORE} opened in ${(performance.now() - t).toFixed(0)} ms`);
      } else {
        const jsonl = join(dir, 'corpus.jsonl');
        await writeJsonl(jsonl, size, { seed: 11 });
        const genS = (performance.now() - t) / 1000;
        engine = createEngine({ store: join(dir, 'corpus.db') });
        t = performance.now();
        const added = (await engine.ingest([jsonl])).added;
        const ingS = (performance.now() - t) / 1000;
        console.error(
          `size ${size}: generated in ${genS.toFixed(0)} s, ingested ${added} in ${ingS.toFixed(0)} s`,
        );
      }
      const bare = createEngine();
      const store = await engine.store();
      const stats = await store.stats();
      const added = stats.articles;

      // Queries: farms from corpus articles, and unseen articles.
      const rand = mulberry32(5);
      const seqs: number[] = [];
      for (let i = 0; i < QUERIES * 2; i++) seqs.push(1 + Math.floor(rand() * added));
      const arts = await store.getArticlesBySeq(seqs);
      const queries: { title: string; text: string; kind: 'farm' | 'unseen' }[] = [];
      for (let i = 0; i + 3 < seqs.length && queries.length < QUERIES / 2; i += 4) {
        const parts: string[] = [];
        for (const seq of seqs.slice(i, i + 4)) {
          const a = arts.get(seq);
          if (!a) continue;
          const ss = normaliseArticle(a).sentences.slice(0, 5);
          for (const s of ss)
            parts.push(spinText(s.text, { rate: 0.3, seed: Math.floor(rand() * 1e9) }).text);
        }
        queries.push({ title: 'Farm', text: parts.join('\n\n'), kind: 'farm' });
      }
      // Unseen: 20 sentences of articles the corpus never saw (generator seed 999).
      const fresh = new ArticleGenerator({ seed: 999 });
      while (queries.length < QUERIES) {
        const parts: string[] = [];
        while (parts.length < 20) {
          const a = fresh.next();
          for (const s of normaliseArticle(a).sentences) if (parts.length < 20) parts.push(s.text);
        }
        queries.push({ title: 'Unseen', text: parts.join('\n\n'), kind: 'unseen' });
      }
      // Warm up (module caches, SQLite page cache), then measure.
      for (const q of queries.slice(0, 3)) await engine.check(q, { headline: false });
      const withCorpus: number[] = [];
      const provenance: number[] = [];
      const without: number[] = [];
      let traced = 0;
      for (const q of queries) {
        t = performance.now();
        const r = await engine.check(q, { headline: false });
        withCorpus.push(performance.now() - t);
        provenance.push(r.timings.provenance ?? 0);
        if (q.kind === 'farm') traced += r.summary.tracedSentenceShare;
        t = performance.now();
        await bare.check(q, { headline: false });
        without.push(performance.now() - t);
      }
      const med = pct(withCorpus, 0.5);
      const base = pct(without, 0.5);
      rows.push(
        `| ${stats.articles.toLocaleString('en-US')} | ${stats.sentences.toLocaleString('en-US')} | ${((stats.sizeBytes ?? 0) / 1e9).toFixed(2)} GB | ${med.toFixed(1)} | ${pct(withCorpus, 0.9).toFixed(1)} | ${pct(withCorpus, 0.99).toFixed(1)} | ${pct(provenance, 0.5).toFixed(1)} | ${base.toFixed(1)} | ${(med / base).toFixed(2)}× | ${((100 * traced) / (QUERIES / 2)).toFixed(0)} % |`,
      );
      await engine.close();
      await bare.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log(
    [
      `Check speed, ${new Date().toISOString().slice(0, 10)}, ${QUERIES} queries of 20 sentences per size (half farms spun at 30 %, half unseen articles), headline model off.`,
      '',
      '| corpus articles | sentences | store size | check median ms | check p90 ms | check p99 ms | provenance stage median ms | baseline: no-corpus check median ms | ratio | farm sentences traced |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...rows,
    ].join('\n'),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
