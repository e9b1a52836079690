/** FNC-1 scoring: the official relative score, accuracy, per-class and macro F1, confusion matrix. */
import { STANCES, type Stance } from '../src/headline/index.js';

export interface Fnc1Report {
  n: number;
  fncScore: number;
  fncMax: number;
  fncRelative: number;
  accuracy: number;
  relatedAccuracy: number;
  f1: Record<Stance, number>;
  macroF1: number;
  /** confusion[gold][predicted] */
  confusion: Record<Stance, Record<Stance, number>>;
}

export function fnc1Report(gold: readonly Stance[], pred: readonly Stance[]): Fnc1Report {
  const confusion = Object.fromEntries(
    STANCES.map((g) => [g, Object.fromEntries(STANCES.map((p) => [p, 0]))]),
  ) as Record<Stance, Record<Stance, number>>;
  let score = 0;
  let max = 0;
  let correct = 0;
  let relCorrect = 0;
  for (let i = 0; i < gold.length; i++) {
    const g = gold[i]!;
    const p = pred[i]!;
    confusion[g][p]++;
    max += g === 'unrelated' ? 0.25 : 1;
    if (g === p) {
      correct++;
      score += 0.25;
      if (g !== 'unrelated') score += 0.5;
    }
    if ((g === 'unrelated') === (p === 'unrelated')) relCorrect++;
    if (g !== 'unrelated' && p !== 'unrelated') score += 0.25;
  }
  const f1 = {} as Record<Stance, number>;
  for (const c of STANCES) {
    const tp = confusion[c][c];
    let fp = 0;
    let fn = 0;
    for (const o of STANCES) {
      if (o === c) continue;
      fp += confusion[o][c];
      fn += confusion[c][o];
    }
    f1[c] = tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  const n = gold.length;
  return {
    n,
    fncScore: score,
    fncMax: max,
    fncRelative: max > 0 ? score / max : 0,
    accuracy: n ? correct / n : 0,
    relatedAccuracy: n ? relCorrect / n : 0,
    f1,
    macroF1: STANCES.reduce((s, c) => s + f1[c], 0) / STANCES.length,
    confusion,
  };
}

export function formatReport(r: Fnc1Report): string {
  const pct = (x: number) => (100 * x).toFixed(2) + ' %';
  const lines = [
    `pairs: ${r.n}`,
    `FNC score: ${r.fncScore.toFixed(2)} / ${r.fncMax.toFixed(2)} = ${pct(r.fncRelative)}`,
    `accuracy: ${pct(r.accuracy)}   related-vs-unrelated accuracy: ${pct(r.relatedAccuracy)}`,
    `F1: ${STANCES.map((c) => `${c} ${r.f1[c].toFixed(3)}`).join('  ')}   macro-F1: ${r.macroF1.toFixed(3)}`,
    'confusion (rows gold, columns predicted):',
    `${''.padEnd(10)}${STANCES.map((c) => c.padStart(10)).join('')}`,
    ...STANCES.map(
      (g) => `${g.padEnd(10)}${STANCES.map((p) => String(r.confusion[g][p]).padStart(10)).join('')}`,
    ),
  ];
  return lines.join('\n');
}
