/**
 * Batch headline scoring benchmark.
 *
 *   npx tsx bench/headline.ts                       # 25,000 FNC-1 pairs from ../shared/fnc1 when present, else synthetic
 *   npx tsx bench/headline.ts --synthetic --pairs 50000
 *   npx tsx bench/headline.ts --baseline-pairs 5000
 *
 * Times scoreHeadlinePairs (stance + scores, body features cached per distinct body) and, in the same run,
 * on the first --baseline-pairs pairs: the baseline, the same model with no body cache (every pair's body
 * analysed anew); and, bodies cached, stance-only against full verdicts with evidence sentences (what
 * `unspun check` computes per article).
 * FNC-1 text is read at run time only; synthetic pairs are generated here from invented words.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  type BatchItem,
  type HeadlinePair,
  loadHeadlineModel,
  readFncPairs,
  scoreHeadlinePairs,
} from '../src/headline/index.js';
import { mulberry32 } from '../src/spin/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values: args } = parseArgs({
  options: {
    pairs: { type: 'string', default: '25000' },
    data: { type: 'string', default: resolve(root, '..', 'shared', 'fnc1') },
    synthetic: { type: 'boolean', default: false },
    'baseline-pairs': { type: 'string', default: '2000' },
    'batch-size': { type: 'string', default: '1000' },
  },
});
const N = Number(args.pairs);
const B = Math.min(N, Number(args['baseline-pairs']));
const batchSize = Number(args['batch-size']);

/** Deterministic pseudo-random numbers (mulberry32, shared with the spinner). */
const rng = mulberry32;

/** Synthetic pairs: 1,700 bodies of 8-20 sentences over invented words; headlines related or not. */
function syntheticPairs(n: number): BatchItem[] {
  const r = rng(20240901);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)]!;
  const syl = [
    'ka',
    'lo',
    'mi',
    'ne',
    'ru',
    'sa',
    'to',
    'vi',
    'ber',
    'dan',
    'gol',
    'mar',
    'pel',
    'tor',
    'zen',
  ];
  const vocab = Array.from({ length: 6000 }, () =>
    Array.from({ length: 2 + Math.floor(r() * 2) }, () => pick(syl)).join(''),
  );
  const glue = ['the', 'of', 'and', 'said', 'in', 'on', 'not', 'after', 'failed to', 'reportedly', 'a'];
  const sentence = (topic: string[]) => {
    const len = 10 + Math.floor(r() * 18);
    const w = Array.from({ length: len }, () =>
      r() < 0.3 ? pick(glue) : r() < 0.5 ? pick(topic) : pick(vocab),
    );
    return w[0]!.charAt(0).toUpperCase() + w.join(' ').slice(1) + '.';
  };
  const bodies = Array.from({ length: 1700 }, () => {
    const topic = Array.from({ length: 12 }, () => pick(vocab));
    const text = Array.from({ length: 8 + Math.floor(r() * 13) }, () => sentence(topic)).join(' ');
    return { topic, text };
  });
  return Array.from({ length: n }, (_, i) => {
    const b = pick(bodies);
    const words = r() < 0.3 ? b.topic : pick(bodies).topic;
    const headline = Array.from({ length: 6 + Math.floor(r() * 6) }, () => pick(words)).join(' ');
    return { ok: true as const, line: i + 1, pair: { headline, body: b.text } };
  });
}

async function take(it: AsyncIterable<BatchItem>, n: number): Promise<BatchItem[]> {
  const out: BatchItem[] = [];
  if (n <= 0) return out;
  for await (const x of it) {
    out.push(x);
    if (out.length >= n) break;
  }
  return out;
}

async function* limit(it: AsyncIterable<BatchItem>, n: number): AsyncGenerator<BatchItem> {
  let k = 0;
  for await (const x of it) {
    if (k++ >= n) return;
    yield x;
  }
}

const stances = join(args.data, 'train_stances.csv');
const bodiesCsv = join(args.data, 'train_bodies.csv');
const useFnc = !args.synthetic && existsSync(stances) && existsSync(bodiesCsv);

const tLoad = performance.now();
const model = loadHeadlineModel();
const loadMs = performance.now() - tLoad;

const tRead = performance.now();
const items = useFnc ? await take(readFncPairs(stances, bodiesCsv), N) : syntheticPairs(N);
const readMs = performance.now() - tRead;
const pairs: HeadlinePair[] = items.flatMap((i) => (i.ok ? [i.pair] : []));
const distinct = new Set(pairs.map((p) => p.body)).size;
console.log(
  `${items.length} pairs (${useFnc ? `FNC-1 ${stances}` : 'synthetic'}), ${distinct} distinct bodies; ` +
    `model load ${loadMs.toFixed(0)} ms; ${useFnc ? 'reading CSV' : 'generating'} ${readMs.toFixed(0)} ms`,
);

let peakRss = process.memoryUsage().rss;
const t0 = performance.now();
let n = 0;
const counts: Record<string, number> = {};
for await (const r of scoreHeadlinePairs(items, {
  model,
  batchSize,
  onProgress: () => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  },
})) {
  n++;
  const k = 'stance' in r ? r.stance : 'error';
  counts[k] = (counts[k] ?? 0) + 1;
}
const scoreMs = performance.now() - t0;
const msPair = scoreMs / n;
console.log(
  `scoreHeadlinePairs: ${n} pairs in ${(scoreMs / 1000).toFixed(2)} s = ${Math.round(n / (scoreMs / 1000))} pairs/s, ` +
    `${msPair.toFixed(3)} ms/pair (batch ${batchSize}); peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB; ` +
    JSON.stringify(counts),
);

if (useFnc) {
  // Reading and scoring streamed together, as `unspun headline --fnc` does.
  const t = performance.now();
  let m = 0;
  for await (const _ of scoreHeadlinePairs(limit(readFncPairs(stances, bodiesCsv), N), { model, batchSize }))
    m++;
  const ms = performance.now() - t;
  console.log(
    `read + score, streamed: ${m} pairs in ${(ms / 1000).toFixed(2)} s = ${Math.round(m / (ms / 1000))} pairs/s`,
  );
}

// Baselines on the first B pairs, same run, same machine.
const sample = pairs.slice(0, B);
const noCache = model.bodyCache(0);
const tb = performance.now();
for (const p of sample) model.predictBatch([p], { evidence: false, cache: noCache });
const baseMs = (performance.now() - tb) / sample.length;
console.log(
  `baseline, same model without the body cache: ${baseMs.toFixed(3)} ms/pair on ${sample.length} pairs ` +
    `(${Math.round(1000 / baseMs)} pairs/s; ${((baseMs * n) / 1000).toFixed(1)} s projected for ${n}) -> ` +
    `batch scoring is ${(baseMs / msPair).toFixed(1)}x faster`,
);
const warm = model.bodyCache(4096);
model.predictBatch(sample, { evidence: false, cache: warm });
const tw = performance.now();
model.predictBatch(sample, { evidence: false, cache: warm });
const warmMs = (performance.now() - tw) / sample.length;
const tf = performance.now();
model.predictBatch(sample, { cache: warm });
const fullMs = (performance.now() - tf) / sample.length;
console.log(
  `with body features already cached, on ${sample.length} pairs: stance and scores ${warmMs.toFixed(3)} ms/pair; ` +
    `full verdicts with evidence sentences ${fullMs.toFixed(3)} ms/pair`,
);
