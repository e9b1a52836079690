/** FNC-1 training data: CSV loading and the official 80/20 hold-out split (by Body ID, seed 1489215). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Stance } from '../src/headline/index.js';
import { PyRandom } from '../src/headline/train-api.js';

export interface Fnc1Pair {
  headline: string;
  bodyId: number;
  stance: Stance;
}

export interface Fnc1Data {
  /** Body ID -> text, in file order. */
  bodies: Map<number, string>;
  pairs: Fnc1Pair[];
}

const STANCE_SET = new Set(['agree', 'disagree', 'discuss', 'unrelated']);

export function loadFnc1(dir: string): Fnc1Data {
  const bodyRows = parse(readFileSync(join(dir, 'train_bodies.csv'), 'utf8'), {
    columns: true,
    skip_empty_lines: true,
  }) as Record<string, string>[];
  const bodies = new Map<number, string>();
  for (const r of bodyRows) bodies.set(Number(r['Body ID']), r.articleBody ?? '');
  const stanceRows = parse(readFileSync(join(dir, 'train_stances.csv'), 'utf8'), {
    columns: true,
    skip_empty_lines: true,
  }) as Record<string, string>[];
  const pairs: Fnc1Pair[] = stanceRows.map((r) => {
    const stance = r.Stance ?? '';
    if (!STANCE_SET.has(stance)) throw new Error(`unknown stance ${JSON.stringify(stance)}`);
    const bodyId = Number(r['Body ID']);
    if (!bodies.has(bodyId)) throw new Error(`stance row refers to missing body ${bodyId}`);
    return { headline: r.Headline ?? '', bodyId, stance: stance as Stance };
  });
  return { bodies, pairs };
}

export const FNC1_SPLIT_SEED = 1489215;

/**
 * The FNC-1 baseline's generate_test_splits.py: body IDs in file order, random.seed(1489215),
 * random.shuffle(ids), the first int(0.8 * n) are training ids, the rest the hold-out.
 */
export function fnc1HoldoutSplit(data: Fnc1Data): { trainIds: Set<number>; holdoutIds: Set<number> } {
  const ids = [...data.bodies.keys()];
  new PyRandom(FNC1_SPLIT_SEED).shuffle(ids);
  const cut = Math.floor(0.8 * ids.length);
  return { trainIds: new Set(ids.slice(0, cut)), holdoutIds: new Set(ids.slice(cut)) };
}

/**
 * A stricter split for a second, harder estimate (not the official one): the official body split, and
 * also 20 % of the distinct headlines (in order of first appearance, shuffled with the same seed) held
 * out. Train on training bodies x training headlines; evaluate on hold-out bodies x hold-out headlines,
 * so that neither the body nor the headline of an evaluated pair was seen in training.
 */
export function fnc1StrictSplit(data: Fnc1Data): {
  trainIds: Set<number>;
  holdoutIds: Set<number>;
  holdoutHeadlines: Set<string>;
} {
  const { trainIds, holdoutIds } = fnc1HoldoutSplit(data);
  const headlines = [...new Set(data.pairs.map((p) => p.headline))];
  new PyRandom(FNC1_SPLIT_SEED).shuffle(headlines);
  const cut = Math.floor(0.8 * headlines.length);
  return { trainIds, holdoutIds, holdoutHeadlines: new Set(headlines.slice(cut)) };
}
