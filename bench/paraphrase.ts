/**
 * Sentence matching through editorial rewriting: `npm run bench:paraphrase`.
 *
 * Data: ../shared/paraphrase/msrp-train (4,076 sentence pairs from different outlets' reports of one story,
 * judged paraphrase or not; the negatives are hard: same story, overlapping words, other facts). Each pair is
 * a one-sentence "source" and a one-sentence "checked" text. Reported: recall on paraphrase pairs and the
 * false-match rate on non-paraphrase pairs, for
 *  - the rewrite stage's sentence decision (src/rewrite alignRewrites: similarity, shared-weight and word-count
 *    gates, as a check applies them inside a related article),
 *  - the spin aligner's decision (src/align at the match stage's source threshold),
 *  - baselines measured in the same pass: exact 5-word shingles (any shared) and MinHash over word 3-grams
 *    (128 hashes; estimated Jaccard >= 0.5, the usual near-duplicate cut).
 * Timing: pairs per second of the rewrite decision against the shingle baseline (ratio).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { alignSentences, prepareSentence } from '../src/align/index.js';
import { DEFAULTS } from '../src/defaults.js';
import { alignRewrites, prepareRewriteSentence } from '../src/rewrite/index.js';
import { tokenize } from '../src/stages.js';
import { grams, jaccard, minhash } from './_baselines.js';

const repo = resolve(new URL('..', import.meta.url).pathname);
const file = join(repo, '..', 'shared', 'paraphrase', 'msrp-train', 'pairs.jsonl');
if (!existsSync(file)) {
  console.log(`bench:paraphrase skipped: ${file} is absent (the development data lives in ../shared).`);
  process.exit(0);
}
interface Pair {
  paraphrase: boolean;
  s1: string;
  s2: string;
}
const pairs = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Pair);

type Method = 'rewrite' | 'spin' | 'rewrite or spin' | 'shingle-5' | 'minhash-0.5';
const methods: Method[] = ['rewrite', 'spin', 'rewrite or spin', 'shingle-5', 'minhash-0.5'];
const hit = new Map<Method, { pos: number; neg: number }>(methods.map((m) => [m, { pos: 0, neg: 0 }]));
const time = new Map<Method, number>(methods.map((m) => [m, 0]));
let positives = 0;
let negatives = 0;

for (const p of pairs) {
  if (p.paraphrase) positives++;
  else negatives++;
  const add = (m: Method, yes: boolean) => {
    if (!yes) return;
    const h = hit.get(m)!;
    if (p.paraphrase) h.pos++;
    else h.neg++;
  };
  let t = performance.now();
  const src = prepareRewriteSentence(tokenize(p.s1));
  const [rw] = alignRewrites(
    [prepareRewriteSentence(tokenize(p.s2))],
    [{ ref: 0, sentences: [{ ref: 0, prepared: src }] }],
    () => true,
  );
  time.set('rewrite', time.get('rewrite')! + performance.now() - t);
  t = performance.now();
  const al = alignSentences(prepareSentence(tokenize(p.s1)), prepareSentence(tokenize(p.s2)));
  const spin = al.similarity >= DEFAULTS.match.sourceThreshold;
  time.set('spin', time.get('spin')! + performance.now() - t);
  add('rewrite', rw != null);
  add('spin', spin);
  add('rewrite or spin', rw != null || spin);
  t = performance.now();
  const g1 = grams(p.s1, 5);
  add(
    'shingle-5',
    [...grams(p.s2, 5)].some((g) => g1.has(g)),
  );
  time.set('shingle-5', time.get('shingle-5')! + performance.now() - t);
  t = performance.now();
  const a = minhash(grams(p.s1, 3));
  const b = minhash(grams(p.s2, 3));
  add('minhash-0.5', jaccard(a, b) >= 0.5);
  time.set('minhash-0.5', time.get('minhash-0.5')! + performance.now() - t);
}

const pct = (a: number, b: number) => `${((100 * a) / Math.max(b, 1)).toFixed(1)} %`;
console.log(`MSRP train: ${positives} paraphrase pairs, ${negatives} non-paraphrase pairs`);
console.log('method              recall (paraphrases)   false matches (non-paraphrases)   µs/pair');
for (const m of methods) {
  const h = hit.get(m)!;
  const us = m === 'rewrite or spin' ? '' : ((1000 * time.get(m)!) / pairs.length).toFixed(0);
  console.log(
    `${m.padEnd(20)}${pct(h.pos, positives).padStart(12)}${pct(h.neg, negatives).padStart(30)}${us.padStart(14)}`,
  );
}
const ratio = time.get('rewrite')! / time.get('shingle-5')!;
console.log(`rewrite decision cost: ${ratio.toFixed(1)}x the shingle baseline's per pair (same run)`);
