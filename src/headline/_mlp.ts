/**
 * A one-hidden-layer perceptron over a dense block plus sparse blocks: the forward pass, shared by inference
 * (_model.ts) and training (scripts/_fnc1-train.ts, through train-api.ts), so the two cannot drift apart.
 */
import type { SparseVec } from './_features.js';

export interface MlpParams {
  inputs: number;
  hidden: number;
  outputs: number;
  /** inputs x hidden, row-major by input (a sparse input touches one contiguous row). */
  w1: Float32Array;
  b1: Float32Array;
  /** hidden x outputs, row-major by hidden unit. */
  w2: Float32Array;
  b2: Float32Array;
}

/**
 * Hidden pre-activations (before ReLU) for a dense vector occupying inputs [0, dense.length) and sparse
 * vectors whose indices are offset by dense.length.
 */
export function preActivation(
  p: MlpParams,
  dense: Float32Array,
  sparse: readonly SparseVec[],
  out: Float32Array,
): void {
  const H = p.hidden;
  out.set(p.b1);
  for (let i = 0; i < dense.length; i++) {
    const x = dense[i]!;
    if (x === 0) continue;
    const row = i * H;
    for (let j = 0; j < H; j++) out[j] = out[j]! + x * p.w1[row + j]!;
  }
  const off = dense.length;
  for (const s of sparse) {
    for (let n = 0; n < s.idx.length; n++) {
      const x = s.val[n]!;
      const row = (off + s.idx[n]!) * H;
      for (let j = 0; j < H; j++) out[j] = out[j]! + x * p.w1[row + j]!;
    }
  }
}

/** Hidden activations (after ReLU); inputs as for preActivation. */
export function hiddenLayer(
  p: MlpParams,
  dense: Float32Array,
  sparse: readonly SparseVec[],
  out: Float32Array,
): void {
  preActivation(p, dense, sparse, out);
  for (let j = 0; j < p.hidden; j++) if (out[j]! < 0) out[j] = 0;
}

/** Softmax probabilities from hidden activations (zero activations are skipped: dropped units cost nothing). */
export function outputLayer(p: MlpParams, h: Float32Array, out: Float64Array): void {
  const O = p.outputs;
  for (let c = 0; c < O; c++) out[c] = p.b2[c]!;
  for (let j = 0; j < p.hidden; j++) {
    const a = h[j]!;
    if (a === 0) continue;
    const row = j * O;
    for (let c = 0; c < O; c++) out[c] = out[c]! + a * p.w2[row + c]!;
  }
  let m = -Infinity;
  for (let c = 0; c < O; c++) m = Math.max(m, out[c]!);
  let z = 0;
  for (let c = 0; c < O; c++) {
    out[c] = Math.exp(out[c]! - m);
    z += out[c]!;
  }
  for (let c = 0; c < O; c++) out[c] = out[c]! / z;
}

/** Class probabilities for one input (no dropout): `hidden` is scratch space of p.hidden units. */
export function forward(
  p: MlpParams,
  dense: Float32Array,
  sparse: readonly SparseVec[],
  hidden: Float32Array,
  out: Float64Array,
): void {
  hiddenLayer(p, dense, sparse, hidden);
  outputLayer(p, hidden, out);
}

/** Scratch buffers for stanceScores, sized for one pair of networks. */
export interface StageBuffers {
  h1: Float32Array;
  h2: Float32Array;
  p1: Float64Array;
  p2: Float64Array;
}

export function stageBuffers(relate: MlpParams, stance: MlpParams): StageBuffers {
  return {
    h1: new Float32Array(relate.hidden),
    h2: new Float32Array(stance.hidden),
    p1: new Float64Array(relate.outputs),
    p2: new Float64Array(stance.outputs),
  };
}

/**
 * The two-stage decision: stage 1 (`relate`, dense features only) gives P(related) and P(unrelated); stage 2
 * (`stance`, all features) splits the related mass into agree, disagree, discuss. Writes the four
 * probabilities (agree, disagree, discuss, unrelated) to `out`.
 */
export function stanceScores(
  relate: MlpParams,
  stance: MlpParams,
  dense: Float32Array,
  sparse: readonly SparseVec[],
  buf: StageBuffers,
  out: Float64Array,
): void {
  forward(relate, dense, [], buf.h1, buf.p1);
  forward(stance, dense, sparse, buf.h2, buf.p2);
  const related = buf.p1[0]!;
  out[0] = related * buf.p2[0]!;
  out[1] = related * buf.p2[1]!;
  out[2] = related * buf.p2[2]!;
  out[3] = buf.p1[1]!;
}
