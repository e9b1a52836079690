/**
 * Train the headline stance model on FNC-1.
 *
 *   npm run train:headline -- --data ../shared/fnc1             # all 49,972 pairs -> models/headline.json
 *   npm run train:headline -- --data ../shared/fnc1 --holdout   # the official 80 % only -> models/headline-holdout.json
 *   npm run train:headline -- --strict --out /tmp/strict.json   # 80 % bodies x 80 % headlines (harder estimate)
 *
 * With --holdout (or --strict) the hold-out metrics are printed after every epoch (model selection happens there).
 * Seeded: the same data, options and machine give the same weights.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { STANCES } from '../src/headline/index.js';
import { DENSE_FEATURES } from '../src/headline/train-api.js';
import {
  fnc1Stories,
  fnc1StrictSplit,
  loadFnc1,
  pairsInFolds,
  STORY_FOLDS,
  storyFolds,
} from './_fnc1-data.js';
import { fnc1Report, formatReport } from './_fnc1-metrics.js';
import {
  buildIdf,
  DEFAULT_RELATE_OPTIONS,
  DEFAULT_TRAIN_OPTIONS,
  denseStats,
  type Example,
  FeatureCache,
  forward,
  modelFile,
  predictStances,
  relateExamples,
  sparseWidth,
  stanceExamples,
  type TrainOptions,
  trainMlp,
} from './_fnc1-train.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values: args } = parseArgs({
  options: {
    data: { type: 'string', default: resolve(root, '..', 'shared', 'fnc1') },
    holdout: { type: 'boolean', default: false },
    strict: { type: 'boolean', default: false },
    split: { type: 'string' },
    fold: { type: 'string' },
    out: { type: 'string' },
    seed: { type: 'string' },
    epochs: { type: 'string' },
    hidden: { type: 'string' },
    lr: { type: 'string' },
    dropout: { type: 'string' },
    'weight-decay': { type: 'string' },
    'class-weight-power': { type: 'string' },
    batch: { type: 'string' },
    'relate-epochs': { type: 'string' },
    'relate-hidden': { type: 'string' },
  },
});

const num = (s: string | undefined, d: number) => (s === undefined ? d : Number(s));
const opt: TrainOptions = {
  ...DEFAULT_TRAIN_OPTIONS,
  seed: num(args.seed, DEFAULT_TRAIN_OPTIONS.seed),
  epochs: num(args.epochs, DEFAULT_TRAIN_OPTIONS.epochs),
  hidden: num(args.hidden, DEFAULT_TRAIN_OPTIONS.hidden),
  lr: num(args.lr, DEFAULT_TRAIN_OPTIONS.lr),
  dropout: num(args.dropout, DEFAULT_TRAIN_OPTIONS.dropout),
  weightDecay: num(args['weight-decay'], DEFAULT_TRAIN_OPTIONS.weightDecay),
  classWeightPower: num(args['class-weight-power'], DEFAULT_TRAIN_OPTIONS.classWeightPower),
  batch: num(args.batch, DEFAULT_TRAIN_OPTIONS.batch),
};
const relOpt: TrainOptions = {
  ...DEFAULT_RELATE_OPTIONS,
  epochs: num(args['relate-epochs'], DEFAULT_RELATE_OPTIONS.epochs),
  hidden: num(args['relate-hidden'], DEFAULT_RELATE_OPTIONS.hidden),
};
const t0 = performance.now();
const data = loadFnc1(args.data);
const split = fnc1StrictSplit(data);
if (args.split !== undefined && args.split !== 'story' && args.split !== 'story-dev') {
  console.error(`--split: expected story or story-dev, got ${JSON.stringify(args.split)}`);
  process.exit(2);
}
const storyMode = args.split;
// Story split (scripts/_fnc1-data.ts): fold 0 is the story hold-out (reported, never used to choose);
// story-dev trains on folds 1-4 less the --fold one (1-4) and validates on it (used to choose).
let storyTrain: number[] = [];
let storyHold: number[] = [];
if (storyMode) {
  const fold = Number(args.fold ?? '1');
  if (storyMode === 'story-dev' && !(Number.isInteger(fold) && fold >= 1 && fold < STORY_FOLDS)) {
    console.error(`--fold: expected 1-${STORY_FOLDS - 1}`);
    process.exit(2);
  }
  storyHold = storyMode === 'story' ? [0] : [fold];
  storyTrain = [...Array(STORY_FOLDS).keys()].filter((f) => f !== 0 && !storyHold.includes(f));
}
const stories = storyMode ? fnc1Stories(data) : undefined;
const folds = stories ? storyFolds(data, stories) : [];
const trainPairs = stories
  ? pairsInFolds(data, stories, folds, new Set(storyTrain))
  : args.strict
    ? data.pairs.filter((p) => split.trainIds.has(p.bodyId) && !split.holdoutHeadlines.has(p.headline))
    : args.holdout
      ? data.pairs.filter((p) => split.trainIds.has(p.bodyId))
      : data.pairs;
const holdPairs = stories
  ? pairsInFolds(data, stories, folds, new Set(storyHold))
  : data.pairs.filter(
      (p) => split.holdoutIds.has(p.bodyId) && (!args.strict || split.holdoutHeadlines.has(p.headline)),
    );
const monitor = args.holdout || args.strict || storyMode !== undefined;
const splitName = storyMode
  ? `fnc1-${storyMode}-${storyHold.join('')}`
  : args.strict
    ? 'fnc1-strict'
    : args.holdout
      ? 'fnc1-holdout-80'
      : 'fnc1-all';
console.log(
  `FNC-1: ${data.bodies.size} bodies, ${data.pairs.length} pairs; training on ${trainPairs.length} pairs (${splitName})` +
    (stories ? `; ${stories.count} stories, evaluating on ${holdPairs.length} pairs` : ''),
);

const out = resolve(
  args.out ??
    resolve(
      root,
      'models',
      storyMode
        ? `headline-${storyMode}.json`
        : args.strict
          ? 'headline-strict.json'
          : args.holdout
            ? 'headline-holdout.json'
            : 'headline.json',
    ),
);

const cfg = opt.features;
const idf = buildIdf(data, trainPairs, cfg.idfBits);
const cache = new FeatureCache(data, idf, cfg);
const train: Example[] = trainPairs.map((p) => cache.example(p));
const stats = denseStats(train);
const norm = (e: Example) => {
  for (let i = 0; i < DENSE_FEATURES; i++) e.dense[i] = (e.dense[i]! - stats.mean[i]!) / stats.std[i]!;
};
train.forEach(norm);
const hold: Example[] = monitor ? holdPairs.map((p) => cache.example(p)) : [];
hold.forEach(norm);
const tFeat = performance.now();
console.log(`features: ${((tFeat - t0) / 1000).toFixed(1)} s`);

const holdGold = hold.map((e) => STANCES[e.label]!);
console.log(`stage 1 (related vs unrelated, ${relOpt.hidden} hidden units, dense features)`);
const relate = trainMlp(relateExamples(train), DENSE_FEATURES, 2, relOpt, (epoch, _p, loss) => {
  console.log(
    `  epoch ${epoch}: loss ${loss.toFixed(4)}  ${((performance.now() - tFeat) / 1000).toFixed(1)} s`,
  );
});
const holdRel = relateExamples(hold);
if (hold.length) {
  const h1 = new Float32Array(relate.hidden);
  const o1 = new Float64Array(2);
  let ok = 0;
  for (const e of holdRel) {
    forward(relate, e.dense, e.sparse, h1, o1);
    if ((o1[1]! > o1[0]! ? 1 : 0) === e.label) ok++;
  }
  console.log(`  hold-out related-vs-unrelated accuracy ${((100 * ok) / holdRel.length).toFixed(2)} %`);
}
console.log(`stage 2 (agree/disagree/discuss, ${opt.hidden} hidden units, all features)`);
const inputs = DENSE_FEATURES + sparseWidth(cfg);
const stance = trainMlp(stanceExamples(train), inputs, 3, opt, (epoch, p, loss) => {
  let line = `  epoch ${epoch}: loss ${loss.toFixed(4)}  ${((performance.now() - tFeat) / 1000).toFixed(1)} s`;
  if (hold.length) {
    const r = fnc1Report(holdGold, predictStances(relate, p, hold));
    line += `  hold-out FNC ${(100 * r.fncRelative).toFixed(2)} %  macro-F1 ${r.macroF1.toFixed(3)}  F1 ${STANCES.map((c) => r.f1[c].toFixed(3)).join('/')}`;
  }
  console.log(line);
});
const seconds = (performance.now() - t0) / 1000;

const file = modelFile(relate, stance, idf, stats, cfg, {
  data: 'FNC-1 train_bodies.csv + train_stances.csv',
  split: splitName,
  pairs: trainPairs.length,
  note: storyMode
    ? `trained on story folds ${storyTrain.join(', ')} of ${STORY_FOLDS} (story split, see scripts/_fnc1-data.ts)`
    : args.strict
      ? 'trained on the official 80 % bodies x 80 % of the headlines (strict split, see scripts/_fnc1-data.ts)'
      : args.holdout
        ? 'trained on the official 80 % part only (Body IDs, seed 1489215): valid for hold-out evaluation'
        : 'trained on all training pairs, hold-out included: do not evaluate on the hold-out',
  stage1: { ...relOpt, features: undefined },
  stage2: { ...opt, features: undefined },
  trainSeconds: Number(seconds.toFixed(1)),
});
const json = JSON.stringify(file);
writeFileSync(out, json + '\n');
console.log(`trained in ${seconds.toFixed(1)} s; wrote ${out} (${(json.length / 1024).toFixed(0)} KiB)`);
if (hold.length) {
  const r = fnc1Report(holdGold, predictStances(relate, stance, hold));
  console.log('hold-out (float weights, before int8 quantisation):\n' + formatReport(r));
}
