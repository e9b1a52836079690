/**
 * False traces on unrelated news: `npm run bench:unrelated [-- --limit N --rebuild --show]`.
 *
 * Data (../shared, evaluation only): the corpus = the FNC-1 training bodies (fnc1/train_bodies.csv: 1,683
 * news bodies of 2014-2015 stories, from the Emergent data set; the FNC-1 competition test set is never used)
 * and the checked articles = the FakeNewsNet v1 articles (corpora/fakenewsnet-v1/Data: BuzzFeed and PolitiFact,
 * fake and real, mostly September 2016). Other years, other stories: no checked sentence has a source in this
 * corpus, so every sentence given one is a false trace (a generic frame, a stock phrase, boilerplate), to be read
 * with --show. The corpus is cached in bench/.cache/unrelated-corpus.db (--rebuild rebuilds it).
 *
 * Printed: sentences checked, sentences given a source and their rate (target <= 0.1 %), articles with a
 * traced sentence, articles given a likely origin (should be 0), derivations. --show prints each traced
 * sentence with its source sentence (the terminal only, never a file); --limit N checks the first N articles.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { type ArticleInput, checkArticle, ingestArticles, recordToArticle } from '../src/stages.js';
import { cachedStore, flag, fnnDir, machineLine, opt, readFakeNewsNet, repo } from './_common.js';

const LIMIT = Number(opt('limit', '0'));
const SHOW = flag('show');
const bodiesCsv = resolve(repo, '..', 'shared', 'fnc1', 'train_bodies.csv');

if (!existsSync(fnnDir) || !existsSync(bodiesCsv)) {
  console.log(`bench:unrelated skipped: ${fnnDir} or ${bodiesCsv} is absent (the data lives in ../shared).`);
  process.exit(0);
}

const tStart = performance.now();
console.log(machineLine());

// --- the corpus: FNC-1 training bodies (cached) ---
const { store, fresh } = cachedStore('unrelated-corpus', flag('rebuild'));
if (fresh) {
  const t0 = performance.now();
  const bodies = parseCsv(readFileSync(bodiesCsv, 'utf8'), {
    columns: true,
    skip_empty_lines: true,
  }) as Record<string, string>[];
  const s = await ingestArticles(
    store,
    bodies.map((b) => ({
      id: `fnc1-body-${b['Body ID']}`,
      title: `FNC-1 body ${b['Body ID']}`,
      text: b.articleBody ?? '',
    })),
  );
  console.log(
    `corpus built: ${s.added} FNC-1 training bodies added (${s.duplicates} duplicates, ${s.rejected.length} rejected) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}
const stats = await store.stats();
console.log(`corpus: ${stats.articles} articles, ${stats.sentences} sentences`);

// --- the checked articles: FakeNewsNet, fake and real ---
// BuzzFeed's fake then real articles, then PolitiFact's.
const checkedArticles = [...readFakeNewsNet('fake'), ...readFakeNewsNet('real')].sort(
  (a, b) => Number(a.id.startsWith('PolitiFact')) - Number(b.id.startsWith('PolitiFact')),
);
const run = LIMIT > 0 ? checkedArticles.slice(0, LIMIT) : checkedArticles;

let checked = 0;
let rejected = 0;
let sentences = 0;
let traced = 0;
let withTrace = 0;
let withOrigin = 0;
/** Articles given a related article at document level (summary.relatedArticles), with the ids. */
const withRelated: string[] = [];
let checkMs = 0;
// BuzzFeed articles are the development half (rules are looked at on them); PolitiFact is held out.
const half = { dev: { sentences: 0, traced: 0 }, holdout: { sentences: 0, traced: 0 } };
const derivations: Record<string, number> = {};
const years: Record<string, number> = {};
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
for (const [i, a] of run.entries()) {
  const parsed = recordToArticle(a.record);
  if (!parsed.ok) {
    rejected++;
    continue;
  }
  const input: ArticleInput = parsed.article;
  checked++;
  const y = input.published?.slice(0, 4) ?? 'undated';
  years[y] = (years[y] ?? 0) + 1;
  const t0 = performance.now();
  const report = await checkArticle(input, { store, headline: false });
  for (const r of report.summary.relatedArticles ?? [])
    withRelated.push(`${a.id} -> ${r.articleId} (${r.relatedness})`);
  checkMs += performance.now() - t0;
  sentences += report.sentences.length;
  const hits = report.sentences.filter((s) => s.sources.length > 0);
  traced += hits.length;
  if (hits.length > 0) withTrace++;
  const h = a.id.startsWith('BuzzFeed_') ? half.dev : half.holdout;
  h.sentences += report.sentences.length;
  h.traced += hits.length;
  const origin = report.summary.likelyOrigin;
  if (origin) withOrigin++;
  for (const s of hits) {
    const d = s.derivation ?? 'untyped';
    derivations[d] = (derivations[d] ?? 0) + 1;
  }
  if (SHOW && hits.length > 0) {
    console.log(`\n=== ${a.id}${origin ? ` (likely origin: ${origin.articleId})` : ''}`);
    for (const s of hits) {
      const src = s.sources[0]!;
      console.log(`  s${s.index} ${s.derivation ?? 'untyped'} sim ${src.similarity.toFixed(2)}`);
      console.log(`    > ${oneLine(s.text)}`);
      for (const x of s.sources)
        console.log(`    < ${x.articleId} ${x.similarity.toFixed(2)}: ${oneLine(x.text)}`);
    }
  }
  if ((i + 1) % 50 === 0) process.stderr.write(`  ${i + 1}/${run.length}\n`);
}
await store.close();

console.log(
  `\nchecked ${checked} FakeNewsNet articles (fake and real; by year ${JSON.stringify(years)}; ${rejected} without text) against ${stats.articles} FNC-1 training bodies`,
);
console.log(`sentences checked: ${sentences}`);
console.log(
  `sentences given a source: ${traced} (rate ${((100 * traced) / Math.max(sentences, 1)).toFixed(3)} %; target <= 0.1 %)`,
);
for (const [name, h] of [
  ['dev (BuzzFeed)', half.dev],
  ['hold-out (PolitiFact)', half.holdout],
] as const)
  console.log(
    `  ${name}: ${h.traced} of ${h.sentences} sentences (${((100 * h.traced) / Math.max(h.sentences, 1)).toFixed(3)} %)`,
  );
console.log(`articles with a traced sentence: ${withTrace}; articles given a likely origin: ${withOrigin}`);
console.log(
  `articles given a related article (document level; every one is false here): ${withRelated.length}${withRelated.length ? ` (${withRelated.join('; ')})` : ''}`,
);
console.log(`derivations: ${JSON.stringify(derivations)}`);
console.log(
  `time: ${(checkMs / Math.max(checked, 1)).toFixed(0)} ms per check, ${((performance.now() - tStart) / 1000).toFixed(1)} s in all`,
);
