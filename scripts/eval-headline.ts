/**
 * Evaluate a headline stance model on the official FNC-1 hold-out split (337 Body IDs, 9,622 pairs).
 *
 *   npm run eval:headline                                   # models/headline-holdout.json, data ../shared/fnc1
 *   npm run eval:headline -- --model path.json --data dir
 *   npm run eval:headline -- --model /tmp/strict.json         # a --strict model: unseen bodies x unseen headlines
 *   npm run eval:headline -- --model models/headline-story.json  # a --split story model: unseen stories
 *
 * A story model (train:headline --split story) is evaluated on story fold 0 (stories whose headlines and
 * bodies it never saw); a story-dev model on the fold it was validated on (scripts/_fnc1-data.ts).
 *
 * Refuses a model whose metadata says it was trained on the hold-out (models/headline.json is trained on
 * all the training data); pass --force to run anyway (the numbers then mean nothing).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadHeadlineModel, type Stance } from '../src/headline/index.js';
import { fnc1Stories, fnc1StrictSplit, loadFnc1, pairsInFolds, storyFolds } from './_fnc1-data.js';
import { fnc1Report, formatReport } from './_fnc1-metrics.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values: args } = parseArgs({
  options: {
    data: { type: 'string', default: resolve(root, '..', 'shared', 'fnc1') },
    model: { type: 'string', default: resolve(root, 'models', 'headline-holdout.json') },
    force: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});

const tLoad = performance.now();
const model = loadHeadlineModel(args.model);
const loadMs = performance.now() - tLoad;
const split = String(model.info.split);
const storyFold = /^fnc1-story(?:-dev)?-(\d)$/.exec(split);
if (split !== 'fnc1-holdout-80' && split !== 'fnc1-strict' && !storyFold && !args.force) {
  console.error(
    `model ${args.model} was trained on ${JSON.stringify(split)}, not on the 80 % part only: evaluating it on the hold-out would be meaningless.\n` +
      'Train one with: npm run train:headline -- --holdout   (or --split story; or pass --force)',
  );
  process.exit(2);
}

const data = loadFnc1(args.data);
const { trainIds, holdoutIds, holdoutHeadlines } = fnc1StrictSplit(data);
// A strict model is evaluated on hold-out bodies x hold-out headlines; a story model on its held-out story
// fold; any other on the official hold-out.
const strict = split === 'fnc1-strict';
const storyPairs = (fold: number) => {
  const stories = fnc1Stories(data);
  return pairsInFolds(data, stories, storyFolds(data, stories), new Set([fold]));
};
const hold = storyFold
  ? storyPairs(Number(storyFold[1]))
  : data.pairs.filter((p) => holdoutIds.has(p.bodyId) && (!strict || holdoutHeadlines.has(p.headline)));
const pairs = hold.map((p) => ({ headline: p.headline, body: data.bodies.get(p.bodyId)! }));
console.log(`model: ${args.model} (${String(model.info.split)}, ${String(model.info.pairs)} training pairs)`);
console.log(
  `hold-out${strict ? ' (strict: unseen bodies and unseen headlines)' : storyFold ? ` (story fold ${storyFold[1]}: unseen stories)` : ''}: ${new Set(hold.map((p) => p.bodyId)).size} bodies, ${hold.length} pairs (model load ${loadMs.toFixed(0)} ms)`,
);

const t0 = performance.now();
const verdicts = model.predictBatch(pairs);
const coldMs = performance.now() - t0;
const t1 = performance.now();
model.predictBatch(pairs);
const warmMs = performance.now() - t1;

const gold = hold.map((p) => p.stance);
const pred = verdicts.map((v) => v.stance);
const report = fnc1Report(gold, pred);
console.log(formatReport(report));
console.log(
  `inference: ${(coldMs / hold.length).toFixed(3)} ms/pair first pass (body features computed once per body, ` +
    `${(coldMs / 1000).toFixed(2)} s total); ${(warmMs / hold.length).toFixed(3)} ms/pair with cached features`,
);

// Evidence: how often a verdict shows a sentence that goes against the headline, by gold stance. High for
// disagree and low for agree is good (the evidence rules do not change stances; see src/headline/_evidence.ts).
const contraByGold = Object.fromEntries(
  (['agree', 'disagree', 'discuss', 'unrelated'] as const).map((g) => {
    const idx = gold.map((s, i) => (s === g ? i : -1)).filter((i) => i >= 0);
    const withContra = idx.filter((i) => verdicts[i]!.evidence.some((e) => e.role === 'contradicts')).length;
    return [g, idx.length ? withContra / idx.length : 0];
  }),
) as Record<Stance, number>;
console.log(
  `\npairs whose evidence has a contradicting sentence, by gold stance: ${Object.entries(contraByGold)
    .map(([g, x]) => `${g} ${(100 * x).toFixed(1)} %`)
    .join('  ')}`,
);

// Plain-language verdict (stance combined with the headline claim checks, src/headline/_claims.ts): share of
// pairs called contradicted, and share with a claim check firing, by gold stance. High for disagree and
// low for agree is good; the claim checks change no stance.
const shareByGold = (f: (i: number) => boolean) =>
  Object.fromEntries(
    (['agree', 'disagree', 'discuss', 'unrelated'] as const).map((g) => {
      const idx = gold.map((s, i) => (s === g ? i : -1)).filter((i) => i >= 0);
      return [g, idx.length ? idx.filter(f).length / idx.length : 0];
    }),
  ) as Record<Stance, number>;
const fmtShares = (r: Record<Stance, number>) =>
  Object.entries(r)
    .map(([g, x]) => `${g} ${(100 * x).toFixed(1)} %`)
    .join('  ');
const contradictedByGold = shareByGold((i) => verdicts[i]!.verdict === 'contradicted');
const claimsByGold = shareByGold((i) => verdicts[i]!.claims.length > 0);
console.log(`verdict "contradicted", by gold stance: ${fmtShares(contradictedByGold)}`);
console.log(`a headline claim check fires, by gold stance: ${fmtShares(claimsByGold)}`);

// What a reader of the verdict is told: a gold disagree pair should not be called supported (contradicted
// or not-supported are both a warning), and a gold agree pair should not be called contradicted.
const warnedByGold = shareByGold(
  (i) => verdicts[i]!.verdict === 'contradicted' || verdicts[i]!.verdict === 'not-supported',
);
console.log(`verdict "contradicted" or "not-supported", by gold stance: ${fmtShares(warnedByGold)}`);

// Harder slice: hold-out pairs whose headline never occurs with a training body (for a story model every pair is
// unseen, so the slice is the report above and is not printed again).
const seenHeadlines = new Set(data.pairs.filter((p) => trainIds.has(p.bodyId)).map((p) => p.headline));
const unseen = storyFold
  ? []
  : hold.map((p, i) => ({ p, i })).filter(({ p }) => !seenHeadlines.has(p.headline));
let unseenReport: ReturnType<typeof fnc1Report> | undefined;
if (unseen.length) {
  unseenReport = fnc1Report(
    unseen.map(({ p }) => p.stance),
    unseen.map(({ i }) => pred[i]! as Stance),
  );
  console.log(`\nhold-out pairs whose headline is not in the training part (${unseen.length}):`);
  console.log(formatReport(unseenReport));
}
if (args.json)
  console.log(
    JSON.stringify({
      report,
      unseenReport,
      contraByGold,
      contradictedByGold,
      claimsByGold,
      warnedByGold,
      coldMs,
      warmMs,
      n: hold.length,
    }),
  );
