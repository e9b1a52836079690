/**
 * Development aid for the headline claim checks (src/headline/_claims.ts and its _claims-*.ts parts): how often they fire on the
 * FNC-1 *training* part, by gold stance, with examples, so that the checks can be tuned without looking at
 * the hold-out (which scripts/eval-headline.ts reports on).
 *
 *   npx tsx scripts/dev-claims.ts [--kind number|antonym|outcome] [--gold agree] [--show 20] [--data dir]
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkClaims, loadHeadlineModel, type Stance } from '../src/headline/index.js';
import { splitSentences } from '../src/headline/train-api.js';
import { fnc1StrictSplit, loadFnc1 } from './_fnc1-data.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values: args } = parseArgs({
  options: {
    data: { type: 'string', default: resolve(root, '..', 'shared', 'fnc1') },
    model: { type: 'string', default: resolve(root, 'models', 'headline-holdout.json') },
    kind: { type: 'string' },
    gold: { type: 'string', default: 'agree' },
    show: { type: 'string', default: '0' },
  },
});
const model = loadHeadlineModel(args.model);
const data = loadFnc1(args.data);
const { trainIds } = fnc1StrictSplit(data);
const pairs = data.pairs.filter((p) => trainIds.has(p.bodyId) && p.stance !== 'unrelated');
const t0 = performance.now();
const verdicts = model.predictBatch(
  pairs.map((p) => ({ headline: p.headline, body: data.bodies.get(p.bodyId)! })),
);
const ms = performance.now() - t0;
console.log(
  `training-part related pairs: ${pairs.length} (${(ms / pairs.length).toFixed(3)} ms/pair with evidence and claims)`,
);
for (const g of ['agree', 'disagree', 'discuss'] as Stance[]) {
  const idx = pairs.map((p, i) => (p.stance === g ? i : -1)).filter((i) => i >= 0);
  const share = (f: (i: number) => boolean) => `${((100 * idx.filter(f).length) / idx.length).toFixed(1)} %`;
  const kinds = ['number', 'antonym', 'outcome'].map(
    (k) => `${k} ${share((i) => verdicts[i]!.claims.some((c) => c.kind === k))}`,
  );
  console.log(
    `${g.padEnd(9)} n=${idx.length}  contradicted ${share((i) => verdicts[i]!.verdict === 'contradicted')}  ` +
      `not-supported ${share((i) => verdicts[i]!.verdict === 'not-supported')}  claims: ${kinds.join('  ')}`,
  );
}
// Cost of the claim checks alone, per article, on fresh (uncached) bodies: one headline per body.
{
  const one = new Map<number, string>();
  for (const p of pairs) if (!one.has(p.bodyId)) one.set(p.bodyId, p.headline);
  const items = [...one].map(([id, headline]) => ({
    headline,
    sentences: splitSentences(data.bodies.get(id)!),
  }));
  const run = () => {
    const t = performance.now();
    let n = 0;
    for (const it of items) n += checkClaims(it.headline, [...it.sentences]).length;
    return { per: (performance.now() - t) / items.length, n };
  };
  const { per, n: fired } = run();
  const again = run().per;
  const nSent = items.reduce((a, it) => a + it.sentences.length, 0) / items.length;
  console.log(
    `claim checks alone: ${per.toFixed(3)} ms/article (${items.length} bodies, ${nSent.toFixed(1)} sentences on average, first pass; ${fired} claims); ${again.toFixed(3)} ms/article on a second pass (word cache warm, bodies analysed anew)`,
  );
}
const show = Number(args.show);
let n = 0;
const seenHead = new Set<string>();
for (let i = 0; i < pairs.length && n < show; i++) {
  const p = pairs[i]!;
  const v = verdicts[i]!;
  if (p.stance !== args.gold) continue;
  const c = v.claims.find((x) => !args.kind || x.kind === args.kind);
  if (!c || seenHead.has(p.headline + c.body)) continue;
  seenHead.add(p.headline + c.body);
  n++;
  const body = data.bodies.get(p.bodyId)!;
  console.log(`\n[${p.stance} -> ${v.stance}] ${p.headline}\n  ${c.kind}: ${c.message}`);
  const sent = c.body ? body.split(/\n/).find((l) => l.includes(c.body!)) : undefined;
  if (sent) console.log(`  > ${sent.slice(0, 300)}`);
}
