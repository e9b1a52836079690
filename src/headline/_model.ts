/** The headline stance model: file format (encode/decode), prediction and evidence. */
import { readFileSync } from 'node:fs';
import { UnspunError } from '../errors.js';
import {
  checkClaims,
  decideVerdict,
  type HeadlineClaim,
  type PlainVerdict,
  withClaimEvidence,
} from './_claims.js';
import { type HeadlineEvidence, type Stance, selectEvidence, summarise } from './_evidence.js';
import {
  type BodyRep,
  bodyRep,
  DENSE_FEATURES,
  type FeatureConfig,
  type HeadRep,
  headRep,
  type IdfTable,
  pairFeatures,
  sparseWidth,
} from './_features.js';
import { type MlpParams, type StageBuffers, stageBuffers, stanceScores } from './_mlp.js';
import { splitSentences } from './_text.js';

export type { ClaimKind, HeadlineClaim, PlainVerdict } from './_claims.js';
export type { ContradictionKind, HeadlineEvidence, Stance } from './_evidence.js';
export const STANCES: readonly Stance[] = ['agree', 'disagree', 'discuss', 'unrelated'];

export interface HeadlineVerdict {
  stance: Stance;
  /** Probability of each stance (sums to 1). */
  scores: Record<Stance, number>;
  /**
   * Body sentences that bear most on the headline (at most 3): the sentences of `claims` first
   * (`contradicts`), then sentences that go against the claim (`contradicts`; after the supporting ones
   * when the stance is agree), then sentences that repeat a failure or denial the headline reports, then
   * the most similar ones.
   */
  evidence: HeadlineEvidence[];
  /**
   * The decision for people, from the stance and the claim checks: `contradicted` (a claim check found a
   * body sentence in conflict with the headline, or the stance is disagree and an evidence sentence goes
   * against the claim), `not-supported` (discuss, disagree without such a sentence, or agree while a related
   * sentence disputes the claim or reports its failure), `supported`, `unrelated`. Without evidence selection
   * (batch `evidence: false`) the verdict follows the stance alone.
   * The stance and scores stay the model's own.
   */
  verdict: PlainVerdict;
  /** Headline claims the body conflicts with (numbers, opposite predicates, denied outcomes), body order. */
  claims: HeadlineClaim[];
  /** The verdict in plain words (agrees with `verdict`). */
  summary: string;
}

export interface HeadlinePair {
  headline: string;
  body: string;
}

export interface HeadlineModel {
  /** Stance of a body (plain text, sentences split internally) towards a headline. */
  predict(headline: string, body: string): HeadlineVerdict;
  /** Same as predict, for a body already split into sentences. */
  predictSentences(headline: string, sentences: readonly string[]): HeadlineVerdict;
  /** Many pairs; features of repeated bodies and headlines are computed once. */
  predictBatch(pairs: readonly HeadlinePair[], opts?: BatchOptions): HeadlineVerdict[];
  /** A cache of body features for predictBatch, kept by the caller across calls (least recently used out). */
  bodyCache(maxBodies: number): BodyCache;
  /** How the model was trained (from the model file). */
  readonly info: Readonly<Record<string, unknown>>;
}

export interface BatchOptions {
  /**
   * Select evidence sentences, run the claim checks and word the summary (default true). Without it,
   * evidence and claims are empty, the verdict follows the stance alone and the summary is the stance's
   * plain one: faster when only the stance and scores are wanted.
   */
  evidence?: boolean;
  /** Where to keep body features between calls (from this model's bodyCache()); default: the model's own, 256 bodies. */
  cache?: BodyCache;
}

/** Body features kept between predictBatch calls. max 0 keeps nothing (every pair's body is analysed anew). */
export interface BodyCache {
  readonly max: number;
  readonly size: number;
  clear(): void;
}

export const MODEL_FORMAT = 'unspun-headline-stance';
export const MODEL_VERSION = 1;

export interface MlpFile {
  inputs: number;
  hidden: number;
  outputs: number;
  w1: { scales: string; data: string };
  b1: number[];
  w2: number[];
  b2: number[];
}

/** The JSON shape of a model file. Weights are base64: W1 as int8 with one float32 scale per input row. */
export interface HeadlineModelFile {
  format: typeof MODEL_FORMAT;
  version: typeof MODEL_VERSION;
  labels: Stance[];
  features: FeatureConfig & { dense: number };
  idf: { bits: number; avgBodyLen: number; scale: number; data: string };
  norm: { mean: number[]; std: number[] };
  /** Stage 1: related vs unrelated, from the dense features only (outputs: related, unrelated). */
  relate: MlpFile;
  /** Stage 2: agree / disagree / discuss among related pairs, from all features. */
  stance: MlpFile;
  training: Record<string, unknown>;
}

const b64 = (u: Uint8Array): string => Buffer.from(u.buffer, u.byteOffset, u.byteLength).toString('base64');

function fromB64(s: string): Uint8Array {
  const buf = Buffer.from(s, 'base64');
  const out = new Uint8Array(buf.length);
  out.set(buf);
  return out;
}

/** Quantise the IDF table to one byte per bucket. */
export function encodeIdf(idf: IdfTable): HeadlineModelFile['idf'] {
  const scale = 24;
  const q = new Uint8Array(idf.values.length);
  for (let i = 0; i < q.length; i++) q[i] = Math.max(0, Math.min(255, Math.round(idf.values[i]! * scale)));
  return { bits: idf.bits, avgBodyLen: idf.avgBodyLen, scale, data: b64(q) };
}

export function decodeIdf(e: HeadlineModelFile['idf']): IdfTable {
  const q = fromB64(e.data);
  if (q.length !== 1 << e.bits) throw new Error(`idf table has ${q.length} buckets, expected ${1 << e.bits}`);
  const values = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) values[i] = q[i]! / e.scale;
  return { bits: e.bits, values, avgBodyLen: e.avgBodyLen };
}

/** Quantise W1 row by row to int8 (symmetric, scale = max |w| / 127). */
export function encodeMlp(p: MlpParams): MlpFile {
  const scales = new Float32Array(p.inputs);
  const q = new Int8Array(p.inputs * p.hidden);
  for (let i = 0; i < p.inputs; i++) {
    let m = 0;
    for (let j = 0; j < p.hidden; j++) m = Math.max(m, Math.abs(p.w1[i * p.hidden + j]!));
    const s = m > 0 ? m / 127 : 1;
    scales[i] = s;
    for (let j = 0; j < p.hidden; j++) q[i * p.hidden + j] = Math.round(p.w1[i * p.hidden + j]! / s);
  }
  const r = (a: Float32Array) => Array.from(a, (x) => Number(x.toPrecision(7)));
  return {
    inputs: p.inputs,
    hidden: p.hidden,
    outputs: p.outputs,
    w1: { scales: b64(new Uint8Array(scales.buffer)), data: b64(new Uint8Array(q.buffer)) },
    b1: r(p.b1),
    w2: r(p.w2),
    b2: r(p.b2),
  };
}

export function decodeMlp(e: MlpFile): MlpParams {
  const { inputs, hidden, outputs } = e;
  const sBytes = fromB64(e.w1.scales);
  const qBytes = fromB64(e.w1.data);
  if (sBytes.length !== inputs * 4) throw new Error('W1 scales have the wrong length');
  if (qBytes.length !== inputs * hidden) throw new Error('W1 has the wrong length');
  if (e.b1.length !== hidden || e.w2.length !== hidden * outputs || e.b2.length !== outputs) {
    throw new Error('layer sizes do not match');
  }
  const scales = new Float32Array(sBytes.buffer, 0, inputs);
  const q = new Int8Array(qBytes.buffer, 0, inputs * hidden);
  const w1 = new Float32Array(inputs * hidden);
  for (let i = 0; i < inputs; i++) {
    const s = scales[i]!;
    if (!Number.isFinite(s)) throw new Error('W1 scale is not finite');
    for (let j = 0; j < hidden; j++) w1[i * hidden + j] = q[i * hidden + j]! * s;
  }
  return {
    inputs,
    hidden,
    outputs,
    w1,
    b1: Float32Array.from(e.b1),
    w2: Float32Array.from(e.w2),
    b2: Float32Array.from(e.b2),
  };
}

/** Standardise dense features in place with the training mean/std. */
export function standardise(d: Float32Array, mean: ArrayLike<number>, std: ArrayLike<number>): void {
  for (let i = 0; i < d.length; i++) d[i] = (d[i]! - mean[i]!) / std[i]!;
}

class LruCache<V> {
  private readonly m = new Map<string, V>();
  constructor(readonly max: number) {}
  get size(): number {
    return this.m.size;
  }
  clear(): void {
    this.m.clear();
  }
  get(k: string, make: () => V): V {
    if (this.max <= 0) return make();
    const v = this.m.get(k);
    if (v !== undefined) {
      this.m.delete(k);
      this.m.set(k, v);
      return v;
    }
    const n = make();
    this.m.set(k, n);
    if (this.m.size > this.max) this.m.delete(this.m.keys().next().value as string);
    return n;
  }
}

class MlpHeadlineModel implements HeadlineModel {
  readonly info: Readonly<Record<string, unknown>>;
  private readonly heads = new LruCache<HeadRep>(1024);
  private readonly bodies = new LruCache<BodyRep>(256);
  /** Caches made by this model (body features depend on the model's IDF table and feature layout). */
  private readonly caches = new WeakSet<object>([this.bodies]);
  private readonly buf: StageBuffers;
  private readonly probs = new Float64Array(4);

  constructor(
    private readonly cfg: FeatureConfig,
    private readonly idf: IdfTable,
    private readonly mean: Float32Array,
    private readonly std: Float32Array,
    private readonly relate: MlpParams,
    private readonly stance: MlpParams,
    training: Record<string, unknown>,
  ) {
    this.info = Object.freeze({ ...training });
    this.buf = stageBuffers(relate, stance);
  }

  predict(headline: string, body: string): HeadlineVerdict {
    const b = this.bodies.get(body, () => bodyRep(splitSentences(body), this.idf, this.cfg));
    return this.verdict(headline, b);
  }

  predictSentences(headline: string, sentences: readonly string[]): HeadlineVerdict {
    const clean = sentences.map((s) => s.trim()).filter((s) => s.length > 0);
    const b = this.bodies.get('\u0000' + clean.join('\n'), () => bodyRep(clean, this.idf, this.cfg));
    return this.verdict(headline, b);
  }

  predictBatch(pairs: readonly HeadlinePair[], opts: BatchOptions = {}): HeadlineVerdict[] {
    const cache = opts.cache ?? this.bodies;
    if (!(cache instanceof LruCache) || !this.caches.has(cache)) {
      throw new TypeError('predictBatch: the cache was not made by this model (use model.bodyCache())');
    }
    const store = cache as LruCache<BodyRep>;
    const evidence = opts.evidence ?? true;
    // Features of every distinct body in the batch are computed once, whatever the order of the pairs
    // (unless the cache keeps nothing: then every pair is analysed on its own).
    const local = store.max > 0 ? new Map<string, BodyRep>() : null;
    return pairs.map((p) => {
      let b = local?.get(p.body);
      if (b === undefined) {
        b = store.get(p.body, () => bodyRep(splitSentences(p.body), this.idf, this.cfg));
        local?.set(p.body, b);
      }
      return this.verdict(p.headline, b, evidence);
    });
  }

  bodyCache(maxBodies: number): BodyCache {
    const c = new LruCache<BodyRep>(Math.max(0, Math.floor(maxBodies)));
    this.caches.add(c);
    return c;
  }

  private verdict(headline: string, b: BodyRep, withEvidence = true): HeadlineVerdict {
    const h = this.heads.get(headline, () => headRep(headline, this.idf, this.cfg));
    const f = pairFeatures(h, b, this.idf, this.cfg);
    standardise(f.dense, this.mean, this.std);
    const p = this.probs;
    stanceScores(this.relate, this.stance, f.dense, [h.bag, b.bag, f.top], this.buf, p);
    const scores: Record<Stance, number> = {
      agree: p[0]!,
      disagree: p[1]!,
      discuss: p[2]!,
      unrelated: p[3]!,
    };
    // An empty headline or body has nothing to compare.
    if (h.tokens.length === 0 || b.length === 0) {
      for (const s of STANCES) scores[s] = s === 'unrelated' ? 1 : 0;
    }
    let best: Stance = 'unrelated';
    for (const s of STANCES) if (scores[s] > scores[best]) best = s;
    if (!withEvidence) {
      const d = decideVerdict(best, [], [], summarise(best, null, h), false);
      return { stance: best, scores, evidence: [], verdict: d.verdict, claims: [], summary: d.summary };
    }
    const x = selectEvidence(h, b, f, best);
    const claims =
      best === 'unrelated'
        ? []
        : checkClaims(h.text, b.sentences, { contradictions: x.contradictions, sims: f.sims });
    const d = decideVerdict(best, x.evidence, claims, summarise(best, x.contradiction, h));
    const evidence = withClaimEvidence(x.evidence, claims, b.sentences, f.sims);
    return { stance: best, scores, evidence, verdict: d.verdict, claims, summary: d.summary };
  }
}

/** Build a model from a parsed model file; throws plain Errors on shape problems. */
export function modelFromFile(j: unknown): HeadlineModel {
  if (typeof j !== 'object' || j === null) throw new Error('not a JSON object');
  const m = j as HeadlineModelFile;
  if (m.format !== MODEL_FORMAT)
    throw new Error(`format is ${JSON.stringify(m.format)}, expected ${MODEL_FORMAT}`);
  if (m.version !== MODEL_VERSION)
    throw new Error(`version ${m.version} is not supported (expected ${MODEL_VERSION})`);
  if (JSON.stringify(m.labels) !== JSON.stringify(STANCES)) throw new Error('labels do not match');
  const cfg: FeatureConfig = {
    idfBits: m.features.idfBits,
    headBits: m.features.headBits,
    bodyBits: m.features.bodyBits,
    topBits: m.features.topBits,
    topSentences: m.features.topSentences,
    leadSentences: m.features.leadSentences,
  };
  if (m.features.dense !== DENSE_FEATURES) {
    throw new Error(`model has ${m.features.dense} dense features, this code computes ${DENSE_FEATURES}`);
  }
  const relate = decodeMlp(m.relate);
  const stance = decodeMlp(m.stance);
  if (relate.inputs !== DENSE_FEATURES || relate.outputs !== 2)
    throw new Error('stage-1 network has the wrong shape');
  if (stance.inputs !== DENSE_FEATURES + sparseWidth(cfg) || stance.outputs !== 3) {
    throw new Error('stage-2 network size does not match the feature layout');
  }
  if (m.norm.mean.length !== DENSE_FEATURES || m.norm.std.length !== DENSE_FEATURES) {
    throw new Error('normalisation vectors have the wrong length');
  }
  const idf = decodeIdf(m.idf);
  if (idf.bits !== cfg.idfBits) throw new Error('idf table size does not match');
  return new MlpHeadlineModel(
    cfg,
    idf,
    Float32Array.from(m.norm.mean),
    Float32Array.from(m.norm.std, (s) => (s > 1e-6 ? s : 1)),
    relate,
    stance,
    m.training ?? {},
  );
}

/** Read and check a model file; every failure is an UnspunError with code MODEL. */
export function readModelFile(path: string): HeadlineModel {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UnspunError(
      'MODEL',
      `headline model not found or unreadable at ${path} (train one with: npm run train:headline)`,
      { cause: e, subject: path },
    );
  }
  try {
    return modelFromFile(JSON.parse(text));
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new UnspunError('MODEL', `headline model at ${path} is corrupt or incompatible: ${why}`, {
      cause: e,
      subject: path,
    });
  }
}
