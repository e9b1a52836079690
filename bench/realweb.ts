/**
 * Real-web provenance benchmark: `npm run bench:realweb [-- --set fake|real --limit N --rebuild --show]`.
 *
 * Data (../shared, evaluation only): the FakeNewsNet v1 articles of 2016 (corpora/fakenewsnet-v1/Data:
 * BuzzFeed and PolitiFact, "fake" and "real", mostly September 2016) and the autoblog-2016 posts (real scraper
 * output, Jan-Jul 2016). The corpus = the autoblog posts + the FakeNewsNet "real" articles (cached in
 * bench/.cache/realweb-corpus.db; --rebuild rebuilds it). Every "fake" article is checked against it as a user
 * would (`checkArticle` with the store and the article's publish date, so that only sources published before
 * it count when both are dated). There is no gold: what is traced is judged by people.
 *
 * Printed: articles checked, articles with a traced sentence, traced sentences, articles with a likely origin,
 * sources and likely origins dated after the checked article (must be 0), derivations; then, from the
 * judgement files, the precision of traced sentences and the wrong likely origins.
 *
 * `--set real` checks the FakeNewsNet "real" articles instead, each against the corpus without itself: several
 * outlets' reports of the same events, and reprints (judgements in real-judgements.tsv and real-origins.tsv).
 *
 * Judgement files (ids, indexes, numbers and judgements only: never third-party text):
 *  - bench/realweb/judgements.tsv: one row per traced sentence (article, sentence, source, similarity,
 *    derivation, judgement); judgement is `correct` (the same statement, copied, spun or rewritten from that
 *    source or a copy of it), `wrong` (another statement or story, a generic frame, a name swap) or
 *    `boilerplate` (share widgets, credits, disclaimers, newsletter pitches); empty = not judged. Rewritten
 *    on every full run: judgements are kept for the same (article, sentence, source); judged rows that are no
 *    longer traced stay at the end with derivation `untraced` (and count in no precision).
 *  - bench/realweb/origins.tsv: one row per likely origin (article, origin, judgement: `correct` or `wrong`,
 *    current: `yes`; judged origins that are no longer the article's origin stay at the end with `no`).
 *  precision = correct / (correct + wrong + boilerplate) over the judged rows of the current run.
 *
 * --show prints, for reviewing only (the terminal, never a file), each traced sentence with its source sentence
 * and each likely origin, numbered as in the judgement files. --limit N checks the first N fake articles (the
 * judgement files are then read but not rewritten).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  type ArticleInput,
  checkArticle,
  ingestArticles,
  ingestPaths,
  isLater,
  recordToArticle,
} from '../src/stages.js';
import { cachedStore, flag, fnnDir, machineLine, opt, readFakeNewsNet, repo } from './_common.js';

const LIMIT = Number(opt('limit', '0'));
/** fake: the issue's set (FakeNewsNet "fake" articles); real: the FakeNewsNet "real" articles, each checked against
 * the corpus without itself (reports of the same events by several outlets, and reprints). */
const SET = opt('set', 'fake') as 'fake' | 'real';
if (SET !== 'fake' && SET !== 'real') {
  console.error(`bench:realweb: --set is fake or real, not "${SET}"`);
  process.exit(2);
}
const SHOW = flag('show');
const blogDir = resolve(repo, '..', 'shared', 'corpora', 'autoblog-2016', '_posts');
const outDir = join(repo, 'bench', 'realweb');
const judgementsPath = join(outDir, SET === 'real' ? 'real-judgements.tsv' : 'judgements.tsv');
const originsPath = join(outDir, SET === 'real' ? 'real-origins.tsv' : 'origins.tsv');

if (!existsSync(fnnDir) || !existsSync(blogDir)) {
  console.log(`bench:realweb skipped: ${fnnDir} or ${blogDir} is absent (the data lives in ../shared).`);
  process.exit(0);
}

const tStart = performance.now();
console.log(machineLine());

// --- the corpus (cached) ---
const { store, fresh } = cachedStore('realweb-corpus', flag('rebuild'));
if (fresh) {
  const t0 = performance.now();
  const blog = await ingestPaths(store, [blogDir]);
  const real = await ingestArticles(
    store,
    readFakeNewsNet('real').map((a) => a.record as unknown as ArticleInput),
  );
  console.log(
    `corpus built: autoblog ${blog.added} added (${blog.duplicates} duplicates, ${blog.rejected.length} rejected), FakeNewsNet real ${real.added} added (${real.duplicates} duplicates, ${real.rejected.length} rejected) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}
const stats = await store.stats();
console.log(
  `corpus: ${stats.articles} articles, ${stats.sentences} sentences, dated ${stats.earliest ?? '-'} to ${stats.latest ?? '-'}`,
);

// --- judgement files ---
type Row = Record<string, string>;
function readTsv(path: string): Row[] {
  if (!existsSync(path)) return [];
  const [head, ...lines] = readFileSync(path, 'utf8').split('\n');
  const cols = (head ?? '').split('\t');
  return lines
    .filter((l) => l.trim())
    .map((l) => {
      const cells = l.split('\t');
      return Object.fromEntries(cols.map((c, i) => [c, (cells[i] ?? '').trim()]));
    });
}
const writeTsv = (path: string, cols: string[], rows: Row[]) =>
  writeFileSync(
    path,
    `${[cols.join('\t'), ...rows.map((r) => cols.map((c) => r[c] ?? '').join('\t'))].join('\n')}\n`,
  );
const sentKey = (r: Row) => `${r.article}\u0000${r.sentence}\u0000${r.source}`;
const originKey = (r: Row) => `${r.article}\u0000${r.origin}`;
const oldJudgements = readTsv(judgementsPath);
const oldOrigins = readTsv(originsPath);
const judged = new Map(oldJudgements.filter((r) => r.judgement).map((r) => [sentKey(r), r.judgement!]));
const judgedOrigins = new Map(oldOrigins.filter((r) => r.judgement).map((r) => [originKey(r), r.judgement!]));
const JUDGEMENTS = new Set(['correct', 'wrong', 'boilerplate']);
for (const [k, v] of judged)
  if (!JUDGEMENTS.has(v))
    throw new Error(`judgements.tsv: unknown judgement "${v}" (${k.replaceAll('\u0000', ' ')})`);
for (const [k, v] of judgedOrigins)
  if (v !== 'correct' && v !== 'wrong')
    throw new Error(`origins.tsv: unknown judgement "${v}" (${k.replaceAll('\u0000', ' ')})`);

// --- run ---
const fakes = readFakeNewsNet(SET);
const run = LIMIT > 0 ? fakes.slice(0, LIMIT) : fakes;
const rows: Row[] = [];
const originRows: Row[] = [];
const derivations: Record<string, number> = {};
const bySourceKind: Record<string, number> = {};
let checked = 0;
let dated = 0;
let rejected = 0;
let sentencesChecked = 0;
let withTrace = 0;
let withOrigin = 0;
/** Articles given a related article at document level (summary.relatedArticles), with the ids. */
const withRelated: string[] = [];
let futureSources = 0;
let futureOrigins = 0;
let undatedPairs = 0;
let selfInCorpus = 0;
let checkMs = 0;
const kindOf = (id: string) =>
  /^id:(BuzzFeed|PolitiFact)_Real_/.test(id) || /^(BuzzFeed|PolitiFact)_Real_/.test(id)
    ? 'fakenewsnet-real'
    : 'autoblog';
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
const day = (d: string | null | undefined) => (d ? d.slice(0, 16) : 'undated');

for (const [i, fa] of run.entries()) {
  const parsed = recordToArticle(fa.record);
  if (!parsed.ok) {
    rejected++;
    console.log(`  ${fa.id}: not checkable (${parsed.reason})`);
    continue;
  }
  const input = parsed.article;
  checked++;
  if (input.published) dated++;
  const t0 = performance.now();
  const report = await checkArticle(input, { store, headline: false });
  for (const r of report.summary.relatedArticles ?? [])
    withRelated.push(`${fa.id} -> ${r.articleId} (${r.relatedness})`);
  checkMs += performance.now() - t0;
  sentencesChecked += report.sentences.length;
  if (report.summary.selfInCorpus) selfInCorpus++;
  const published = report.article.published;
  const later = (p: string | null | undefined) => Boolean(published && p && isLater(p, published));
  const traced = report.sentences.filter((s) => s.sources.length > 0);
  if (traced.length > 0) withTrace++;
  const origin = report.summary.likelyOrigin;
  if (origin) {
    withOrigin++;
    if (later(origin.published)) futureOrigins++;
    originRows.push({
      article: fa.id,
      origin: origin.articleId,
      judgement: judgedOrigins.get(`${fa.id}\u0000${origin.articleId}`) ?? '',
      current: 'yes',
    });
  }
  for (const src of report.summary.sources) if (later(src.published)) futureSources++;
  if (SHOW && traced.length > 0) {
    console.log(`\n=== ${fa.id} (${day(published)}) ${oneLine(report.article.headline)}`);
    console.log(`    url: ${report.article.url ?? '-'}`);
    if (origin)
      console.log(
        `    likely origin [origins.tsv row ${originRows.length}]: ${origin.articleId} (${day(origin.published)}) ${oneLine(origin.title ?? '')}`,
      );
    else console.log('    likely origin: none');
  }
  for (const s of traced) {
    const src = s.sources[0]!;
    for (const x of s.sources) {
      if (later(x.published)) futureSources++;
      if (!published || !x.published) undatedPairs++;
    }
    const d = s.derivation ?? 'untyped';
    derivations[d] = (derivations[d] ?? 0) + 1;
    const kind = kindOf(src.articleId);
    bySourceKind[kind] = (bySourceKind[kind] ?? 0) + 1;
    const row: Row = {
      article: fa.id,
      sentence: String(s.index),
      source: src.articleId,
      similarity: src.similarity.toFixed(2),
      derivation: d,
      judgement: '',
    };
    row.judgement = judged.get(sentKey(row)) ?? '';
    rows.push(row);
    if (SHOW) {
      console.log(
        `\n  [row ${rows.length}] s${s.index} ${d} sim ${row.similarity}${row.judgement ? ` (judged ${row.judgement})` : ''}`,
      );
      console.log(`    > ${oneLine(s.text)}`);
      for (const x of s.sources)
        console.log(
          `    < ${x.articleId} (${day(x.published)}) ${x.similarity.toFixed(2)}: ${oneLine(x.text)}`,
        );
    }
  }
  if ((i + 1) % 25 === 0) process.stderr.write(`  ${i + 1}/${run.length}\n`);
}
await store.close();

// Judged rows no longer traced are kept (their judgements are people's work), after the current ones.
const current = new Set(rows.map(sentKey));
const stale = oldJudgements.filter((r) => r.judgement && !current.has(sentKey(r)));
// ...of which those of the articles checked in this run (all of them without --limit), for the figures.
const ran = new Set(run.map((a) => a.id));
const staleHere = stale.filter((r) => ran.has(r.article ?? ''));
if (LIMIT === 0) {
  mkdirSync(outDir, { recursive: true });
  writeTsv(
    judgementsPath,
    ['article', 'sentence', 'source', 'similarity', 'derivation', 'judgement'],
    [...rows, ...stale.map((r) => ({ ...r, similarity: '', derivation: 'untraced' }))],
  );
  const currentOrigins = new Set(originRows.map(originKey));
  const staleOrigins = oldOrigins.filter((r) => r.judgement && !currentOrigins.has(originKey(r)));
  writeTsv(
    originsPath,
    ['article', 'origin', 'judgement', 'current'],
    [...originRows, ...staleOrigins.map((r) => ({ ...r, current: 'no' }))],
  );
}

// --- figures ---
const count = (rs: Row[], j: string) => rs.filter((r) => r.judgement === j).length;
const pct = (a: number, b: number) => `${((100 * a) / Math.max(b, 1)).toFixed(1)} %`;
const tracedTotal = rows.length;
console.log(
  `\nchecked ${checked} FakeNewsNet ${SET} articles (${dated} dated, ${rejected} not checkable, ${sentencesChecked} sentences) against ${stats.articles} corpus articles`,
);
console.log(
  `articles found in the corpus themselves (the same text among the "real" ones: never their own source): ${selfInCorpus}`,
);
console.log(`articles with a traced sentence: ${withTrace} (${pct(withTrace, checked)})`);
console.log(
  `traced sentences: ${tracedTotal} (${pct(tracedTotal, sentencesChecked)} of sentences); best source in ${JSON.stringify(bySourceKind)}`,
);
console.log(`articles with a likely origin: ${withOrigin}`);
console.log(
  `articles given a related article (document level, no sentence traced): ${withRelated.length}${withRelated.length ? ` (${withRelated.join('; ')})` : ''}`,
);
console.log(
  `sources dated after the checked article: ${futureSources}; likely origins dated after it: ${futureOrigins} (both must be 0); source pairs with an undated side: ${undatedPairs}`,
);
console.log(`derivations: ${JSON.stringify(derivations)}`);
const c = count(rows, 'correct');
const w = count(rows, 'wrong');
const b = count(rows, 'boilerplate');
console.log(
  `judged traced sentences: ${c + w + b} of ${tracedTotal} (correct ${c}, wrong ${w}, boilerplate ${b}); precision ${(c / Math.max(c + w + b, 1)).toFixed(3)}` +
    (staleHere.length > 0
      ? `; judged rows no longer traced: ${staleHere.length} (correct ${count(staleHere, 'correct')}, wrong ${count(staleHere, 'wrong')}, boilerplate ${count(staleHere, 'boilerplate')})`
      : ''),
);
// The BuzzFeed half is the development set (rules are looked at and adjusted on it); the PolitiFact half is
// held out (reported, never tuned on).
for (const [name, prefix] of [
  ['dev (BuzzFeed)', 'BuzzFeed_'],
  ['hold-out (PolitiFact)', 'PolitiFact_'],
] as const) {
  const rs = rows.filter((r) => r.article?.startsWith(prefix));
  const gone = staleHere.filter((r) => r.article?.startsWith(prefix));
  const [cc, ww, bb] = ['correct', 'wrong', 'boilerplate'].map((j) => count(rs, j));
  const os = originRows.filter((r) => r.article?.startsWith(prefix));
  console.log(
    `  ${name}: traced ${rs.length}, judged ${cc! + ww! + bb!} (correct ${cc}, wrong ${ww}, boilerplate ${bb}), precision ${(cc! / Math.max(cc! + ww! + bb!, 1)).toFixed(3)}; judged correct no longer traced ${count(gone, 'correct')}; likely origins ${os.length} (wrong ${count(os, 'wrong')}, unjudged ${os.filter((r) => !r.judgement).length})`,
  );
}
const oc = count(originRows, 'correct');
const ow = count(originRows, 'wrong');
console.log(
  `judged likely origins: ${oc + ow} of ${originRows.length}; wrong likely origins: ${ow}${LIMIT > 0 ? ' (--limit: judgement files not rewritten)' : ''}`,
);
console.log(
  `time: ${(checkMs / Math.max(checked, 1)).toFixed(0)} ms per check, ${((performance.now() - tStart) / 1000).toFixed(1)} s in all`,
);
