/**
 * LLM-rewrite provenance benchmark: `npm run bench:rewrites [-- --split dev|holdout|all --limit N --styles a,b]`.
 *
 * Data: ../shared/rewrites/politifact-chatgpt (real news articles and ChatGPT rewrites of each in four styles;
 * document-level truth). The corpus holds the originals (except an "absent" tenth, whose rewrites must get no
 * source: no wrong likely origin) plus the autoblog-2016 posts as distractors (real 2016 news on other
 * stories). Each rewrite is checked against it as a user would (`checkArticle` with the store).
 *
 * Splits, fixed by the original's number so that no story is in two: hold-out = number % 5 == 0 (never used
 * while developing), absent = number % 10 == 7 (not ingested), dev = the rest.
 *
 * Measures, per style:
 *  - document level: the true original is the top-ranked source (report.summary.sources[0]); "+related" also
 *    counts the document-level related article (summary.relatedArticles) when no sentence was traced; baselines in the
 *    same pass: exact 5-word shingles (documents ranked by shared shingles) and MinHash-LSH over word 3-grams
 *    (128 hashes, 32 bands of 4; candidates ranked by estimated Jaccard);
 *  - sentence level, against a silver alignment built independently of the engine (crude stems, no lexicon): a
 *    rewrite sentence "has a source sentence" when at least half of its content stems (and at least 3) occur
 *    in one original sentence; recall = such sentences traced to that sentence (or to one sharing half of its
 *    stems with it: splits and merges); sentence precision = of the traced sentences that have a silver source
 *    sentence, those traced to it; article precision = traced sentences whose source is in the true original
 *    (over all traced sentences: a paraphrase the silver alignment misses is judged by its article only);
 *  - the likely origin named (summary.likelyOrigin) is the true original;
 *  - absent originals: rewrites given any source, and a likely origin (false origins);
 *  - check latency (mean ms per rewrite).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  checkArticle,
  fold,
  ingestPaths,
  normaliseArticle,
  openSqliteStore,
  type Store,
} from '../src/stages.js';
import { grams, minhash } from './_baselines.js';
import { flag, opt, repo } from './_common.js';

const dataDir = resolve(repo, '..', 'shared', 'rewrites', 'politifact-chatgpt');
const blogDir = resolve(repo, '..', 'shared', 'corpora', 'autoblog-2016', '_posts');
const SPLIT = opt('split', 'dev');
const LIMIT = Number(opt('limit', '0'));
const STYLES = opt('styles', 'neutral,objective,sensational,emotionally_triggering').split(',');
const VERBOSE = flag('verbose');

if (!existsSync(join(dataDir, 'rewrites.jsonl'))) {
  console.log(`bench:rewrites skipped: ${dataDir} is absent (the development data lives in ../shared).`);
  process.exit(0);
}

interface Original {
  id: string;
  text: string;
}
interface Rewrite {
  id: string;
  source: string;
  style: string;
  text: string;
}
const readJsonl = <T>(p: string): T[] =>
  readFileSync(p, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
const originals = readJsonl<Original>(join(dataDir, 'originals.jsonl'));
const rewrites = readJsonl<Rewrite>(join(dataDir, 'rewrites.jsonl'));
const numberOf = (id: string) => Number(id.match(/(\d+)$/)?.[1] ?? -1);
const splitOf = (id: string) => {
  const n = numberOf(id);
  return n % 5 === 0 ? 'holdout' : n % 10 === 7 ? 'absent' : 'dev';
};
const titleOf = (text: string) => {
  const first = text.split(/(?<=[.!?])\s/)[0] ?? text;
  return first.length > 90 ? `${first.slice(0, 87)}...` : first;
};

// --- the corpus (cached: rebuilt when absent) ---
const cacheDir = join(repo, 'bench', '.cache');
mkdirSync(cacheDir, { recursive: true });
const dbPath = join(cacheDir, 'rewrites-corpus.db');
const fresh = !existsSync(dbPath) || flag('rebuild');
if (fresh) {
  rmSync(dbPath, { force: true });
  rmSync(`${dbPath}-wal`, { force: true });
  rmSync(`${dbPath}-shm`, { force: true });
}
const store: Store = openSqliteStore(dbPath);
if (fresh) {
  const jsonl = join(cacheDir, 'rewrites-originals.jsonl');
  writeFileSync(
    jsonl,
    originals
      .filter((o) => splitOf(o.id) !== 'absent')
      .map((o) =>
        JSON.stringify({ id: o.id, title: titleOf(o.text), text: o.text, site: 'politifact-source' }),
      )
      .join('\n'),
  );
  const paths = [jsonl];
  if (existsSync(blogDir)) paths.push(blogDir);
  const t0 = performance.now();
  const s = await ingestPaths(store, paths);
  console.log(`corpus: ${s.added} articles ingested in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  rmSync(jsonl);
}

// --- silver sentence alignment (independent of the engine: crude stems, a small stopword list) ---
const STOP = new Set(
  'a an the and or but if of to in on at by for with from as is are was were be been being it its this that these those he she they we you i his her their our your my not no so than then there here which who whom whose what when where why how also has have had do does did will would can could should may might must said says say about into over after before more most very just'.split(
    ' ',
  ),
);
const stem = (w: string) => w.replace(/(?:ing|ed|es|s|ly)$/, '').slice(0, 7);
const stems = (text: string) =>
  new Set((fold(text).match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => !STOP.has(w) && w.length > 1).map(stem));
const overlap = (a: Set<string>, b: Set<string>) => {
  let n = 0;
  for (const x of a) if (b.has(x)) n++;
  return n;
};
const sentencesOf = (text: string) => normaliseArticle({ title: '', text }).sentences.map((s) => s.text);

// --- baselines ---
const HASHES = 128;
const BANDS = 32;
const corpusDocs: { id: string; text: string }[] = [];
for await (const a of store.iterateArticles()) corpusDocs.push({ id: a.id ?? a.key, text: a.text });
const shingleIndex = new Map<string, string[]>();
const lsh = new Map<string, string[]>();
const sigs = new Map<string, Uint32Array>();
for (const d of corpusDocs) {
  for (const g of grams(d.text, 5)) {
    const l = shingleIndex.get(g);
    if (l) l.push(d.id);
    else shingleIndex.set(g, [d.id]);
  }
  const sig = minhash(grams(d.text, 3));
  sigs.set(d.id, sig);
  const r = HASHES / BANDS;
  for (let b = 0; b < BANDS; b++) {
    const k = `${b}:${[...sig.slice(b * r, b * r + r)].join(',')}`;
    const l = lsh.get(k);
    if (l) l.push(d.id);
    else lsh.set(k, [d.id]);
  }
}
const topShingle = (text: string): string | null => {
  const counts = new Map<string, number>();
  for (const g of grams(text, 5))
    for (const id of shingleIndex.get(g) ?? []) counts.set(id, (counts.get(id) ?? 0) + 1);
  let best: string | null = null;
  let bc = 0;
  for (const [id, c] of counts) if (c > bc) [best, bc] = [id, c];
  return best;
};
const topMinhash = (text: string): string | null => {
  const sig = minhash(grams(text, 3));
  const r = HASHES / BANDS;
  const cands = new Set<string>();
  for (let b = 0; b < BANDS; b++)
    for (const id of lsh.get(`${b}:${[...sig.slice(b * r, b * r + r)].join(',')}`) ?? []) cands.add(id);
  let best: string | null = null;
  let bj = 0;
  for (const id of cands) {
    const o = sigs.get(id)!;
    let eq = 0;
    for (let k = 0; k < HASHES; k++) if (o[k] === sig[k]) eq++;
    if (eq > bj) [best, bj] = [id, eq];
  }
  return best;
};

// --- run ---
const origById = new Map(originals.map((o) => [o.id, o]));
// Some originals are the same text (one press release behind several fact-checks): any of them is a right
// answer. Equivalent = at least 80 % of the shorter one's word 8-grams occur in the other.
const equivalent = new Map<string, Set<string>>(originals.map((o) => [o.id, new Set([o.id])]));
{
  const g8 = originals.map((o) => grams(o.text, 8));
  for (let i = 0; i < originals.length; i++)
    for (let j = i + 1; j < originals.length; j++) {
      let c = 0;
      for (const x of g8[i]!) if (g8[j]!.has(x)) c++;
      if (c >= 0.75 * Math.max(1, Math.min(g8[i]!.size, g8[j]!.size))) {
        equivalent.get(originals[i]!.id)!.add(originals[j]!.id);
        equivalent.get(originals[j]!.id)!.add(originals[i]!.id);
      }
    }
}
const isRight = (source: string, id: string | null | undefined) =>
  id != null && equivalent.get(source)!.has(id);
const chosen = rewrites.filter(
  (r) =>
    STYLES.includes(r.style) &&
    (SPLIT === 'all' ? splitOf(r.source) !== 'absent' : splitOf(r.source) === SPLIT),
);
// Rewrites whose original is not in the corpus (nor any text equivalent to it): they must get no source.
const absent = rewrites.filter(
  (r) =>
    STYLES.includes(r.style) &&
    splitOf(r.source) === 'absent' &&
    [...equivalent.get(r.source)!].every((e) => splitOf(e) === 'absent'),
);
const run = LIMIT > 0 ? chosen.slice(0, LIMIT) : chosen;

interface Tally {
  n: number;
  top1: number;
  /** Top-ranked source, or the document-level related article when no sentence was traced. */
  top1Doc: number;
  /** The likely origin named is the true original. */
  origin: number;
  shingle: number;
  minhash: number;
  goldSentences: number;
  recalled: number;
  traced: number;
  tracedWithGold: number;
  tracedRight: number;
  tracedArticleRight: number;
  derivations: Record<string, number>;
  ms: number;
}
const tally = new Map<string, Tally>();
const get = (style: string): Tally => {
  const old = tally.get(style);
  if (old) return old;
  const t: Tally = {
    n: 0,
    top1: 0,
    top1Doc: 0,
    origin: 0,
    shingle: 0,
    minhash: 0,
    goldSentences: 0,
    recalled: 0,
    traced: 0,
    tracedWithGold: 0,
    tracedRight: 0,
    tracedArticleRight: 0,
    derivations: {},
    ms: 0,
  };
  tally.set(style, t);
  return t;
};

for (const [i, rw] of run.entries()) {
  const t = get(rw.style);
  const orig = origById.get(rw.source)!;
  const origSents = sentencesOf(orig.text).map((s) => ({ text: s, stems: stems(s) }));
  const t0 = performance.now();
  const report = await checkArticle({ title: titleOf(rw.text), text: rw.text }, { store, headline: false });
  t.ms += performance.now() - t0;
  t.n++;
  const top = report.summary.sources[0]?.articleId ?? null;
  if (isRight(rw.source, top)) t.top1++;
  if (isRight(rw.source, top ?? report.summary.relatedArticles?.[0]?.articleId ?? null)) t.top1Doc++;
  if (isRight(rw.source, report.summary.likelyOrigin?.articleId ?? null)) t.origin++;
  else if (VERBOSE) console.log(`miss ${rw.id}: top ${top}`);
  if (isRight(rw.source, topShingle(rw.text))) t.shingle++;
  if (isRight(rw.source, topMinhash(rw.text))) t.minhash++;
  for (const s of report.sentences) {
    const st = stems(s.text);
    let gold: { text: string; stems: Set<string> } | null = null;
    let best = 0;
    for (const o of origSents) {
      const n = overlap(st, o.stems);
      if (n > best) [gold, best] = [o, n];
    }
    const hasGold = gold !== null && best >= 3 && best >= st.size / 2;
    if (hasGold) t.goldSentences++;
    if (s.sources.length > 0) {
      t.traced++;
      const d = s.derivation ?? 'untyped';
      t.derivations[d] = (t.derivations[d] ?? 0) + 1;
      const right = s.sources.filter((src) => isRight(rw.source, src.articleId));
      if (right.length > 0) t.tracedArticleRight++;
      const isGold = (src: { text: string }) =>
        src.text === gold!.text || overlap(stems(src.text), gold!.stems) >= Math.max(2, gold!.stems.size / 2);
      if (hasGold) {
        t.tracedWithGold++;
        if (right.some(isGold)) {
          t.recalled++;
          t.tracedRight++;
        } else if (VERBOSE)
          console.log(
            `  wrong: ${s.text}\n   <- ${s.sources[0]?.articleId}: ${s.sources[0]?.text}\n   gold: ${gold!.text}`,
          );
      }
    }
  }
  if ((i + 1) % 100 === 0) process.stderr.write(`  ${i + 1}/${run.length}\n`);
}

let falseOrigins = 0;
let falseRelated = 0;
let falseLikely = 0;
for (const rw of absent) {
  const report = await checkArticle({ title: titleOf(rw.text), text: rw.text }, { store, headline: false });
  if (report.summary.sources.length > 0) {
    falseOrigins++;
    if (VERBOSE) console.log(`false origin ${rw.id}: ${report.summary.sources[0]?.articleId}`);
  }
  if (report.summary.likelyOrigin) falseLikely++;
  const rel = report.summary.relatedArticles?.[0];
  if (rel) {
    falseRelated++;
    if (VERBOSE) console.log(`related (document level) ${rw.id}: ${rel.articleId} ${rel.relatedness}`);
  }
}

const pct = (a: number, b: number) => `${((100 * a) / Math.max(b, 1)).toFixed(1)} %`;
console.log(
  `\nsplit ${SPLIT}: ${run.length} rewrites of ${new Set(run.map((r) => r.source)).size} originals; corpus ${corpusDocs.length} articles`,
);
console.log(
  'style                   n   top-1  +related   origin  shingle  minhash | gold-sents  recall   precision (article)  ms/check',
);
const all = get('__all');
for (const [style, t] of tally) {
  if (style === '__all') continue;
  for (const k of Object.keys(t) as (keyof Tally)[]) {
    if (k === 'derivations')
      for (const [d, v] of Object.entries(t.derivations)) all.derivations[d] = (all.derivations[d] ?? 0) + v;
    else (all[k] as number) += t[k] as number;
  }
}
for (const [style, t] of [...tally].filter(([s]) => s !== '__all').concat([['all', all]])) {
  console.log(
    `${style.padEnd(22)} ${String(t.n).padStart(3)}  ${pct(t.top1, t.n).padStart(7)} ${pct(t.top1Doc, t.n).padStart(8)} ${pct(t.origin, t.n).padStart(8)} ${pct(t.shingle, t.n).padStart(8)} ${pct(t.minhash, t.n).padStart(8)} | ${String(t.goldSentences).padStart(9)} ${pct(t.recalled, t.goldSentences).padStart(8)} ${pct(t.tracedRight, t.tracedWithGold).padStart(9)} (${pct(t.tracedArticleRight, t.traced)})  ${(t.ms / Math.max(t.n, 1)).toFixed(1)}`,
  );
}
console.log(`derivations of traced sentences: ${JSON.stringify(all.derivations)}`);
console.log(
  `absent originals: ${falseOrigins} of ${absent.length} rewrites given a source (should be 0), ${falseLikely} a likely origin; ${falseRelated} given a related article (document level; an original with a near-identical text in the corpus is a right answer)`,
);
await store.close();
