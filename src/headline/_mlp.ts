/** A one-hidden-layer perceptron over a dense block plus sparse blocks; forward pass only (inference). */
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
 * Hidden activations (after ReLU) for a dense vector occupying inputs [0, dense.length) and sparse
 * vectors whose indices are offset by dense.length.
 */
export function hiddenLayer(
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
  for (let j = 0; j < H; j++) if (out[j]! < 0) out[j] = 0;
}

/** Softmax probabilities from hidden activations. */
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
