/**
 * Training of the headline stance perceptron on FNC-1 pairs: IDF table, features, standardisation,
 * and mini-batch Adam with class weights, hidden-unit dropout and decoupled weight decay. Seeded with
 * the Python-compatible Mersenne Twister, so a run is reproducible bit for bit on one machine.
 * The forward pass is the shipped model's own (src/headline/_mlp.ts, through train-api.ts); only dropout
 * and the backward pass are training's.
 */
import { STANCES, type Stance } from '../src/headline/index.js';
import {
  type BodyRep,
  bodyRep,
  contentTokens,
  DEFAULT_FEATURE_CONFIG,
  DENSE_FEATURES,
  encodeIdf,
  encodeMlp,
  type FeatureConfig,
  forward,
  type HeadlineModelFile,
  type HeadRep,
  hash32,
  headRep,
  type IdfTable,
  type MlpParams,
  MODEL_FORMAT,
  MODEL_VERSION,
  outputLayer,
  PyRandom,
  pairFeatures,
  preActivation,
  type SparseVec,
  sparseWidth,
  splitSentences,
  stageBuffers,
  stanceScores,
} from '../src/headline/train-api.js';
import type { Fnc1Data, Fnc1Pair } from './_fnc1-data.js';

export interface TrainOptions {
  seed: number;
  hidden: number;
  epochs: number;
  batch: number;
  lr: number;
  weightDecay: number;
  dropout: number;
  /** Class weight = (n / (4 * n_c)) ^ classWeightPower. */
  classWeightPower: number;
  features: FeatureConfig;
}

/** Stage 2 (agree / disagree / discuss among related pairs). */
export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  seed: 20160826,
  hidden: 128,
  epochs: 10,
  batch: 32,
  lr: 0.002,
  weightDecay: 1e-3,
  dropout: 0.5,
  classWeightPower: 0.5,
  features: DEFAULT_FEATURE_CONFIG,
};

/** Stage 1 (related vs unrelated from the dense similarity and cue features). */
export const DEFAULT_RELATE_OPTIONS: TrainOptions = {
  ...DEFAULT_TRAIN_OPTIONS,
  seed: 20160827,
  hidden: 16,
  epochs: 8,
  dropout: 0.1,
  classWeightPower: 0.5,
};

export interface Example {
  dense: Float32Array;
  sparse: SparseVec[];
  label: number;
}

/** IDF over the training bodies and distinct training headlines, hashed into 2^bits buckets. */
export function buildIdf(data: Fnc1Data, pairs: readonly Fnc1Pair[], bits: number): IdfTable {
  const mask = (1 << bits) - 1;
  const df = new Float64Array(1 << bits);
  let nDocs = 0;
  let bodyLen = 0;
  const bodyIds = new Set(pairs.map((p) => p.bodyId));
  const addDoc = (tokens: string[]) => {
    nDocs++;
    const seen = new Set<number>();
    for (const t of tokens) seen.add(hash32(t, 0x1df) & mask);
    for (const k of seen) df[k] = df[k]! + 1;
  };
  for (const id of bodyIds) {
    const toks = contentTokens(data.bodies.get(id)!);
    bodyLen += toks.length;
    addDoc(toks);
  }
  for (const h of new Set(pairs.map((p) => p.headline))) addDoc(contentTokens(h));
  const values = new Float32Array(1 << bits);
  for (let i = 0; i < values.length; i++) values[i] = Math.log((nDocs + 1) / (df[i]! + 1)) + 1;
  return { bits, values, avgBodyLen: bodyIds.size ? bodyLen / bodyIds.size : 1 };
}

export class FeatureCache {
  private readonly heads = new Map<string, HeadRep>();
  private readonly bodies = new Map<number, BodyRep>();
  constructor(
    private readonly data: Fnc1Data,
    private readonly idf: IdfTable,
    private readonly cfg: FeatureConfig,
  ) {}
  example(p: Fnc1Pair): Example {
    let h = this.heads.get(p.headline);
    if (!h) {
      h = headRep(p.headline, this.idf, this.cfg);
      this.heads.set(p.headline, h);
    }
    let b = this.bodies.get(p.bodyId);
    if (!b) {
      b = bodyRep(splitSentences(this.data.bodies.get(p.bodyId)!), this.idf, this.cfg);
      this.bodies.set(p.bodyId, b);
    }
    const f = pairFeatures(h, b, this.idf, this.cfg);
    return { dense: f.dense, sparse: [h.bag, b.bag, f.top], label: STANCES.indexOf(p.stance) };
  }
}

export function denseStats(examples: readonly Example[]): { mean: Float32Array; std: Float32Array } {
  const mean = new Float64Array(DENSE_FEATURES);
  const sq = new Float64Array(DENSE_FEATURES);
  for (const e of examples) for (let i = 0; i < DENSE_FEATURES; i++) mean[i] = mean[i]! + e.dense[i]!;
  for (let i = 0; i < DENSE_FEATURES; i++) mean[i] = mean[i]! / Math.max(1, examples.length);
  for (const e of examples)
    for (let i = 0; i < DENSE_FEATURES; i++) sq[i] = sq[i]! + (e.dense[i]! - mean[i]!) ** 2;
  const std = new Float32Array(DENSE_FEATURES);
  for (let i = 0; i < DENSE_FEATURES; i++) {
    const s = Math.sqrt(sq[i]! / Math.max(1, examples.length));
    std[i] = s > 1e-6 ? s : 1;
  }
  return { mean: Float32Array.from(mean), std };
}

/** Two-stage prediction as in the shipped model: P(unrelated) from stage 1, the rest split by stage 2. */
export function predictStances(relate: MlpParams, stance: MlpParams, examples: readonly Example[]): Stance[] {
  const buf = stageBuffers(relate, stance);
  const scores = new Float64Array(4);
  return examples.map((e) => {
    stanceScores(relate, stance, e.dense, e.sparse, buf, scores);
    let best = 3;
    for (let c = 0; c < 3; c++) if (scores[c]! > scores[best]!) best = c;
    return STANCES[best]!;
  });
}

/** Examples for stage 1 (dense only; label 0 related, 1 unrelated). */
export function relateExamples(examples: readonly Example[]): Example[] {
  return examples.map((e) => ({ dense: e.dense, sparse: [], label: e.label === 3 ? 1 : 0 }));
}

/** Examples for stage 2 (related pairs only; labels agree 0, disagree 1, discuss 2). */
export function stanceExamples(examples: readonly Example[]): Example[] {
  return examples.filter((e) => e.label !== 3);
}

/** Train the perceptron; `onEpoch` sees the parameters after each epoch (for hold-out monitoring). */
export function trainMlp(
  examples: readonly Example[],
  inputs: number,
  classes: number,
  opt: TrainOptions,
  onEpoch?: (epoch: number, p: MlpParams, loss: number) => void,
): MlpParams {
  const rng = new PyRandom(opt.seed);
  const H = opt.hidden;
  const O = classes;
  const p: MlpParams = {
    inputs,
    hidden: H,
    outputs: O,
    w1: new Float32Array(inputs * H),
    b1: new Float32Array(H),
    w2: new Float32Array(H * O),
    b2: new Float32Array(O),
  };
  const a1 = 0.05;
  for (let i = 0; i < p.w1.length; i++) p.w1[i] = (rng.random() * 2 - 1) * a1;
  const a2 = Math.sqrt(6 / (H + O));
  for (let i = 0; i < p.w2.length; i++) p.w2[i] = (rng.random() * 2 - 1) * a2;
  for (let j = 0; j < H; j++) p.b1[j] = 0.01;

  const counts = new Float64Array(O);
  for (const e of examples) counts[e.label] = counts[e.label]! + 1;
  const cw = Array.from(counts, (c) => (c > 0 ? (examples.length / (O * c)) ** opt.classWeightPower : 0));

  // gradients and Adam moments
  const g1 = new Float32Array(inputs * H);
  const m1 = new Float32Array(inputs * H);
  const v1 = new Float32Array(inputs * H);
  const gb1 = new Float64Array(H);
  const mb1 = new Float64Array(H);
  const vb1 = new Float64Array(H);
  const g2 = new Float64Array(H * O);
  const m2 = new Float64Array(H * O);
  const v2 = new Float64Array(H * O);
  const gb2 = new Float64Array(O);
  const mb2 = new Float64Array(O);
  const vb2 = new Float64Array(O);
  const touched = new Uint8Array(inputs);
  const rows: number[] = [];
  const z = new Float32Array(H);
  const hid = new Float32Array(H);
  const mask = new Float32Array(H);
  const out = new Float64Array(O);
  const dh = new Float64Array(H);
  const b1 = 0.9;
  const b2 = 0.999;
  const eps = 1e-8;
  let t = 0;
  const order = examples.map((_, i) => i);

  const touch = (r: number) => {
    if (!touched[r]) {
      touched[r] = 1;
      rows.push(r);
    }
  };

  for (let epoch = 1; epoch <= opt.epochs; epoch++) {
    rng.shuffle(order);
    let lossSum = 0;
    for (let start = 0; start < order.length; start += opt.batch) {
      const end = Math.min(order.length, start + opt.batch);
      for (let k = start; k < end; k++) {
        const e = examples[order[k]!]!;
        // forward: the model's own layers, with dropout (inverted) on the hidden units
        preActivation(p, e.dense, e.sparse, z);
        for (let j = 0; j < H; j++) {
          mask[j] = rng.random() < opt.dropout ? 0 : 1 / (1 - opt.dropout);
          hid[j] = z[j]! > 0 ? z[j]! * mask[j]! : 0;
        }
        outputLayer(p, hid, out);
        const w = cw[e.label]!;
        lossSum += -w * Math.log(Math.max(1e-12, out[e.label]!));
        // backward
        for (let c = 0; c < O; c++) out[c] = w * (out[c]! - (c === e.label ? 1 : 0));
        for (let c = 0; c < O; c++) gb2[c] = gb2[c]! + out[c]!;
        for (let j = 0; j < H; j++) {
          let s = 0;
          for (let c = 0; c < O; c++) {
            g2[j * O + c] = g2[j * O + c]! + hid[j]! * out[c]!;
            s += p.w2[j * O + c]! * out[c]!;
          }
          dh[j] = z[j]! > 0 ? s * mask[j]! : 0;
          gb1[j] = gb1[j]! + dh[j]!;
        }
        const backRow = (r: number, x: number) => {
          touch(r);
          const row = r * H;
          for (let j = 0; j < H; j++) g1[row + j] = g1[row + j]! + x * dh[j]!;
        };
        for (let i = 0; i < e.dense.length; i++) backRow(i, e.dense[i]!);
        for (const s of e.sparse)
          for (let n = 0; n < s.idx.length; n++) backRow(e.dense.length + s.idx[n]!, s.val[n]!);
      }
      // Adam step (lazy for W1: only rows seen in this batch), decoupled weight decay on weights
      t++;
      const n = end - start;
      const lrT = (opt.lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
      const decay = 1 - opt.lr * opt.weightDecay;
      for (const r of rows) {
        const row = r * H;
        for (let j = 0; j < H; j++) {
          const q = row + j;
          const g = g1[q]! / n;
          m1[q] = b1 * m1[q]! + (1 - b1) * g;
          v1[q] = b2 * v1[q]! + (1 - b2) * g * g;
          p.w1[q] = p.w1[q]! * decay - (lrT * m1[q]!) / (Math.sqrt(v1[q]!) + eps);
          g1[q] = 0;
        }
        touched[r] = 0;
      }
      rows.length = 0;
      const step = (w: Float32Array, g: Float64Array, m: Float64Array, v: Float64Array, wd: boolean) => {
        for (let q = 0; q < w.length; q++) {
          const gg = g[q]! / n;
          m[q] = b1 * m[q]! + (1 - b1) * gg;
          v[q] = b2 * v[q]! + (1 - b2) * gg * gg;
          w[q] = w[q]! * (wd ? decay : 1) - (lrT * m[q]!) / (Math.sqrt(v[q]!) + eps);
          g[q] = 0;
        }
      };
      step(p.w2, g2, m2, v2, true);
      step(p.b1, gb1, mb1, vb1, false);
      step(p.b2, gb2, mb2, vb2, false);
    }
    onEpoch?.(epoch, p, lossSum / order.length);
  }
  return p;
}

export function modelFile(
  relate: MlpParams,
  stance: MlpParams,
  idf: IdfTable,
  stats: { mean: Float32Array; std: Float32Array },
  cfg: FeatureConfig,
  training: Record<string, unknown>,
): HeadlineModelFile {
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    labels: [...STANCES],
    features: { ...cfg, dense: DENSE_FEATURES },
    idf: encodeIdf(idf),
    norm: {
      mean: Array.from(stats.mean, (x) => Number(x.toPrecision(7))),
      std: Array.from(stats.std, (x) => Number(x.toPrecision(7))),
    },
    relate: encodeMlp(relate),
    stance: encodeMlp(stance),
    training,
  };
}

export { forward, sparseWidth };
