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

/** Stories of FNC-1: which story each headline and each body belongs to. */
export interface Fnc1Stories {
  ofHeadline: Map<string, number>;
  ofBody: Map<number, number>;
  count: number;
}

function words(s: string): string[] {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9 ]+/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
}

/**
 * Stories: the connected parts of the graph whose nodes are headlines and bodies and whose edges are the
 * related pairs (agree, disagree, discuss: a body reporting the claim of that headline), then merged where
 * two parts share near-identical headlines (Jaccard of their words of 3+ letters >= 0.6: one claim worded
 * twice, or one template over two names) or near-identical bodies (one body holds >= 30 % of the other's
 * 8-word runs: one article filed twice). Unrelated pairs join nothing: FNC-1 made them by pairing a headline
 * with a body of another story.
 */
export function fnc1Stories(data: Fnc1Data): Fnc1Stories {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    for (let p = parent.get(r); p !== undefined && p !== r; p = parent.get(r)) r = p;
    for (let y = x; y !== r; ) {
      const next = parent.get(y)!;
      parent.set(y, r);
      y = next;
    }
    return r;
  };
  const union = (a: string, b: string) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };
  const headlines = [...new Set(data.pairs.map((p) => p.headline))];
  for (const h of headlines) parent.set(`h:${h}`, `h:${h}`);
  for (const id of data.bodies.keys()) parent.set(`b:${id}`, `b:${id}`);
  for (const p of data.pairs) if (p.stance !== 'unrelated') union(`h:${p.headline}`, `b:${p.bodyId}`);
  // near-identical headlines
  const hw = headlines.map((h) => new Set(words(h).filter((w) => w.length > 2)));
  for (let i = 0; i < headlines.length; i++) {
    for (let j = i + 1; j < headlines.length; j++) {
      const a = hw[i]!;
      const b = hw[j]!;
      let inter = 0;
      for (const w of a) if (b.has(w)) inter++;
      const union_ = a.size + b.size - inter;
      if (union_ > 0 && inter / union_ >= 0.6) union(`h:${headlines[i]}`, `h:${headlines[j]}`);
    }
  }
  // near-identical bodies, through an index of their 8-word runs (runs in more than 50 bodies are skipped)
  const ids = [...data.bodies.keys()];
  const runs = ids.map((id) => {
    const w = words(data.bodies.get(id)!);
    const s = new Set<string>();
    for (let i = 0; i + 8 <= w.length; i++) s.add(w.slice(i, i + 8).join(' '));
    return s;
  });
  const index = new Map<string, number[]>();
  runs.forEach((s, i) => {
    for (const g of s) {
      const l = index.get(g);
      if (l) l.push(i);
      else index.set(g, [i]);
    }
  });
  const tried = new Set<number>();
  for (const list of index.values()) {
    if (list.length > 50) continue;
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        const i = list[x]!;
        const j = list[y]!;
        const key = i * ids.length + j;
        if (tried.has(key)) continue;
        tried.add(key);
        if (find(`b:${ids[i]}`) === find(`b:${ids[j]}`)) continue;
        let inter = 0;
        for (const g of runs[i]!) if (runs[j]!.has(g)) inter++;
        if (inter / Math.max(1, Math.min(runs[i]!.size, runs[j]!.size)) >= 0.3)
          union(`b:${ids[i]}`, `b:${ids[j]}`);
      }
    }
  }
  const number = new Map<string, number>();
  const storyOf = (node: string) => {
    const r = find(node);
    const n = number.get(r);
    if (n !== undefined) return n;
    number.set(r, number.size);
    return number.size - 1;
  };
  const ofHeadline = new Map<string, number>();
  for (const h of headlines) ofHeadline.set(h, storyOf(`h:${h}`));
  const ofBody = new Map<number, number>();
  for (const id of ids) ofBody.set(id, storyOf(`b:${id}`));
  return { ofHeadline, ofBody, count: number.size };
}

export const STORY_FOLDS = 5;

/**
 * Stories dealt into `folds` folds of about equal size in related pairs: stories shuffled (seeded), then the
 * largest first, each to the fold with the fewest related pairs so far. Returns the fold of each story.
 */
export function storyFolds(
  data: Fnc1Data,
  stories: Fnc1Stories,
  folds = STORY_FOLDS,
  seed = FNC1_SPLIT_SEED,
): number[] {
  const related = new Array<number>(stories.count).fill(0);
  for (const p of data.pairs) if (p.stance !== 'unrelated') related[stories.ofHeadline.get(p.headline)!]!++;
  const order = [...related.keys()];
  new PyRandom(seed).shuffle(order);
  order.sort((a, b) => related[b]! - related[a]!);
  const size = new Array<number>(folds).fill(0);
  const fold = new Array<number>(stories.count).fill(0);
  for (const s of order) {
    let best = 0;
    for (let f = 1; f < folds; f++) if (size[f]! < size[best]!) best = f;
    fold[s] = best;
    size[best]! += related[s]!;
  }
  return fold;
}

/**
 * Pairs whose headline and body both belong to stories of the given folds. A pair whose headline and body
 * fall on different sides (an unrelated pair across the split) is in neither side.
 */
export function pairsInFolds(
  data: Fnc1Data,
  stories: Fnc1Stories,
  fold: readonly number[],
  folds: ReadonlySet<number>,
): Fnc1Pair[] {
  return data.pairs.filter(
    (p) =>
      folds.has(fold[stories.ofHeadline.get(p.headline)!]!) &&
      folds.has(fold[stories.ofBody.get(p.bodyId)!]!),
  );
}
