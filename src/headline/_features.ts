/**
 * Features for the headline stance model: similarity of headline and body (whole body, lead, best
 * sentences), cue words (refuting, hedging, negating, failure) near the sentences that share words
 * with the headline, and three hashed bags of words (headline, body, headline-related sentences).
 */
import { contentTokens, contentTokensOf, hash32, rawWords, stem } from './_text.js';

/** Feature-space layout; stored in the model so that a model and this code can be checked against each other. */
export interface FeatureConfig {
  idfBits: number;
  headBits: number;
  bodyBits: number;
  topBits: number;
  topSentences: number;
  leadSentences: number;
}

export const DEFAULT_FEATURE_CONFIG: FeatureConfig = {
  idfBits: 17,
  headBits: 12,
  bodyBits: 12,
  topBits: 11,
  topSentences: 3,
  leadSentences: 3,
};

function lexicon(words: string): Set<string> {
  const s = new Set<string>();
  for (const w of words.split(/\s+/)) if (w) s.add(stem(w));
  return s;
}

/** Words that dismiss a claim. */
const REFUTE = lexicon(
  'fake fakes faked fraud hoax hoaxes false falsely deny denies denied denial refute refuted refutes debunk ' +
    'debunked bogus prank pranks retract retracted retraction myth untrue satire satirical misleading ' +
    'fabricated fabrication lie lies lying incorrect wrong dismiss dismissed reject rejected disputed ' +
    'contrary doubt doubts doubtful skeptical sceptical baseless photoshopped doctored nonsense invented ' +
    'debunking spoof parody rumour-mill fiction fictional',
);
/** Words that report a claim without vouching for it. */
const HEDGE = lexicon(
  'reportedly allegedly alleged alleges claim claims claimed rumor rumors rumour rumours rumored rumoured ' +
    'unconfirmed unverified apparently purportedly purported possibly may might could appears appear seems ' +
    'seem suggests suggest speculation speculate according sources believed supposedly report reports ' +
    'unclear if whether likely unknown',
);
const NEGATE = lexicon('not no never none nothing nor neither cannot without nobody');
/** Words that report that something did not happen or did not work. */
const FAIL = lexicon(
  'fail fails failed failure unable inability collapse collapsed stall stalled missed miss abandon ' +
    'abandoned lost cancel cancelled canceled halt halted suspended refuse refused refusal deadlock impasse ' +
    'setback breakdown broke',
);
/** Headline words that claim an outcome happened or succeeded. */
const SUCCESS = lexicon(
  'achieve achieved agree agreed agreement deal reach reached success successful win won confirm confirmed ' +
    'breakthrough clarity secure secured sign signed approve approved accord settle settled resolve ' +
    'resolved solve solved progress',
);

export const CUE_KINDS = ['refute', 'hedge', 'negate', 'fail'] as const;
export type CueKind = (typeof CUE_KINDS)[number];
const CUE_SETS: Record<CueKind, Set<string>> = { refute: REFUTE, hedge: HEDGE, negate: NEGATE, fail: FAIL };

/** Counts of each cue kind among a text's words. */
export function cueCounts(text: string): Record<CueKind, number> {
  return cueCountsOf(rawWords(text));
}

function cueCountsOf(words: readonly string[]): Record<CueKind, number> {
  const c = { refute: 0, hedge: 0, negate: 0, fail: 0 };
  for (const w of words) {
    const s = stem(w);
    if (REFUTE.has(s)) c.refute++;
    if (HEDGE.has(s)) c.hedge++;
    if (NEGATE.has(w) || NEGATE.has(s)) c.negate++;
    if (FAIL.has(s)) c.fail++;
  }
  return c;
}

export function isCueWord(kind: CueKind, word: string): boolean {
  return CUE_SETS[kind].has(stem(word));
}

/** Inverse document frequencies, hashed into 2^idfBits buckets. */
export interface IdfTable {
  bits: number;
  values: Float32Array;
  /** Average body length (content tokens), for BM25. */
  avgBodyLen: number;
}

export function idfOf(idf: IdfTable, token: string): number {
  return idf.values[hash32(token, 0x1df) & ((1 << idf.bits) - 1)]!;
}

export interface SparseVec {
  idx: Int32Array;
  val: Float32Array;
}

type WVec = Map<string, number>;

function tfidfVec(tokens: string[], idf: IdfTable): WVec {
  const tf = new Map<string, number>();
  for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
  const v: WVec = new Map();
  let norm = 0;
  for (const [t, c] of tf) {
    const w = (1 + Math.log(c)) * idfOf(idf, t);
    v.set(t, w);
    norm += w * w;
  }
  norm = Math.sqrt(norm) || 1;
  for (const [t, w] of v) v.set(t, w / norm);
  return v;
}

/** Dot product of two sparse, L2-normalised weight vectors (their cosine). */
export function cosine(a: WVec, b: WVec): number {
  let s = 0;
  const [small, big] = a.size <= b.size ? [a, b] : [b, a];
  for (const [t, w] of small) {
    const u = big.get(t);
    if (u !== undefined) s += w * u;
  }
  return s;
}

/** Hash a bag of tokens into [offset, offset + 2^bits) with log-tf * idf weights, L2-normalised. */
function hashedBag(tokens: string[], idf: IdfTable, bits: number, seed: number, offset: number): SparseVec {
  const mask = (1 << bits) - 1;
  const acc = new Map<number, number>();
  const tf = new Map<string, number>();
  for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
  for (const [t, c] of tf) {
    const h = hash32(t, seed);
    const sign = h & 0x80000000 ? -1 : 1;
    const k = offset + (h & mask);
    acc.set(k, (acc.get(k) ?? 0) + sign * (1 + Math.log(c)) * Math.min(idfOf(idf, t), 8));
  }
  const idx = [...acc.keys()].sort((x, y) => x - y);
  const val = new Float32Array(idx.length);
  let norm = 0;
  for (let i = 0; i < idx.length; i++) {
    const w = acc.get(idx[i]!)!;
    val[i] = w;
    norm += w * w;
  }
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < val.length; i++) val[i] = val[i]! / norm;
  return { idx: Int32Array.from(idx), val };
}

function bigrams(tokens: string[]): Set<string> {
  const s = new Set<string>();
  for (let i = 0; i + 1 < tokens.length; i++) s.add(tokens[i] + ' ' + tokens[i + 1]);
  return s;
}

const NUM_RE = /^\d/;

export interface HeadRep {
  text: string;
  tokens: string[];
  types: string[];
  vec: WVec;
  bigrams: Set<string>;
  numbers: string[];
  cues: Record<CueKind, number>;
  success: number;
  question: number;
  quoted: number;
  bag: SparseVec;
}

export interface BodyRep {
  sentences: string[];
  sentTokens: string[][];
  sentVecs: WVec[];
  sentCues: Record<CueKind, number>[];
  vec: WVec;
  leadVec: WVec;
  leadTypes: Set<string>;
  types: Set<string>;
  tf: Map<string, number>;
  bigrams: Set<string>;
  length: number;
  cues: Record<CueKind, number>;
  bag: SparseVec;
}

export function headRep(headline: string, idf: IdfTable, cfg: FeatureConfig): HeadRep {
  const tokens = contentTokens(headline);
  const types = [...new Set(tokens)];
  const bagTokens = [...tokens, ...[...bigrams(tokens)]];
  let success = 0;
  for (const t of tokens) if (SUCCESS.has(t)) success = 1;
  return {
    text: headline,
    tokens,
    types,
    vec: tfidfVec(tokens, idf),
    bigrams: bigrams(tokens),
    numbers: types.filter((t) => NUM_RE.test(t)),
    cues: cueCounts(headline),
    success,
    question: /\?/.test(headline) ? 1 : 0,
    quoted: /["'\u2018\u2019\u201c\u201d]/.test(headline) ? 1 : 0,
    bag: hashedBag(bagTokens, idf, cfg.headBits, 0x4ead, 0),
  };
}

export function bodyRep(sentences: string[], idf: IdfTable, cfg: FeatureConfig): BodyRep {
  const words = sentences.map(rawWords);
  const sentTokens = words.map(contentTokensOf);
  const all = sentTokens.flat();
  const lead = sentTokens.slice(0, cfg.leadSentences).flat();
  const tf = new Map<string, number>();
  for (const t of all) tf.set(t, (tf.get(t) ?? 0) + 1);
  const sentCues = words.map(cueCountsOf);
  const cues = { refute: 0, hedge: 0, negate: 0, fail: 0 };
  for (const c of sentCues) for (const k of CUE_KINDS) cues[k] += c[k];
  return {
    sentences,
    sentTokens,
    sentVecs: sentTokens.map((t) => tfidfVec(t, idf)),
    sentCues,
    vec: tfidfVec(all, idf),
    leadVec: tfidfVec(lead, idf),
    leadTypes: new Set(lead),
    types: new Set(all),
    tf,
    bigrams: bigrams(all),
    length: all.length,
    cues,
    bag: hashedBag(all, idf, cfg.bodyBits, 0xb0d1, 1 << cfg.headBits),
  };
}

/** Per-sentence similarity to the headline (TF-IDF cosine). */
export function sentenceSimilarities(h: HeadRep, b: BodyRep): Float64Array {
  const out = new Float64Array(b.sentVecs.length);
  for (let i = 0; i < out.length; i++) out[i] = cosine(h.vec, b.sentVecs[i]!);
  return out;
}

export const DENSE_FEATURES = 44;

export interface PairFeatures {
  dense: Float32Array;
  /** Hashed bag of the sentences most similar to the headline (offset after head and body blocks). */
  top: SparseVec;
  sims: Float64Array;
  /** Sentence indices by decreasing similarity. */
  order: number[];
}

/** All features of one headline/body pair. */
export function pairFeatures(h: HeadRep, b: BodyRep, idf: IdfTable, cfg: FeatureConfig): PairFeatures {
  const d = new Float32Array(DENSE_FEATURES);
  const sims = sentenceSimilarities(h, b);
  const order = [...sims.keys()].sort((x, y) => sims[y]! - sims[x]! || x - y);
  const top = order.slice(0, cfg.topSentences);
  const nSent = Math.max(1, b.sentences.length);
  let k = 0;
  // similarity
  d[k++] = cosine(h.vec, b.vec);
  d[k++] = order.length ? sims[order[0]!]! : 0;
  let topMean = 0;
  for (const i of top) topMean += sims[i]!;
  d[k++] = top.length ? topMean / top.length : 0;
  d[k++] = cosine(h.vec, b.leadVec);
  const nTypes = Math.max(1, h.types.length);
  let inBody = 0;
  let inLead = 0;
  let idfAll = 0;
  let idfIn = 0;
  for (const t of h.types) {
    const w = idfOf(idf, t);
    idfAll += w;
    if (b.types.has(t)) {
      inBody++;
      idfIn += w;
    }
    if (b.leadTypes.has(t)) inLead++;
  }
  d[k++] = inBody / nTypes;
  d[k++] = idfAll > 0 ? idfIn / idfAll : 0;
  d[k++] = inLead / nTypes;
  let bi = 0;
  for (const g of h.bigrams) if (b.bigrams.has(g)) bi++;
  d[k++] = h.bigrams.size ? bi / h.bigrams.size : 0;
  let overl = 0;
  const hset = new Set(h.types);
  for (const st of b.sentTokens) {
    let c = 0;
    for (const t of new Set(st)) if (hset.has(t)) c++;
    if (c >= 2) overl++;
  }
  d[k++] = overl / nSent;
  // BM25 of the headline against the body
  let bm = 0;
  const k1 = 1.2;
  const bb = 0.75;
  const norm = k1 * (1 - bb + (bb * b.length) / Math.max(1, idf.avgBodyLen));
  for (const t of h.types) {
    const f = b.tf.get(t) ?? 0;
    if (f > 0) bm += (idfOf(idf, t) * (f * (k1 + 1))) / (f + norm);
  }
  d[k++] = Math.log1p(bm);
  d[k++] = Math.log1p(bm / nTypes);
  let numIn = 0;
  for (const n of h.numbers) if (b.types.has(n)) numIn++;
  d[k++] = h.numbers.length ? numIn / h.numbers.length : 0;
  d[k++] = h.numbers.length ? 1 : 0;
  // cues in the body: overall, in the most related sentences, weighted by similarity, in the lead
  for (const kind of CUE_KINDS) {
    let inTop = 0;
    let weighted = 0;
    let lead = 0;
    for (const i of top) inTop += b.sentCues[i]![kind];
    for (let i = 0; i < b.sentCues.length; i++) {
      weighted += sims[i]! * b.sentCues[i]![kind];
      if (i < cfg.leadSentences) lead += b.sentCues[i]![kind];
    }
    d[k++] = Math.log1p(b.cues[kind]);
    d[k++] = Math.log1p(b.cues[kind]) / Math.log(2 + nSent);
    d[k++] = Math.log1p(inTop);
    d[k++] = Math.log1p(weighted);
    d[k++] = Math.log1p(lead);
  }
  // the headline itself
  for (const kind of CUE_KINDS) d[k++] = h.cues[kind] > 0 ? 1 : 0;
  d[k++] = h.success;
  d[k++] = h.question;
  d[k++] = h.quoted;
  // a headline claiming success against related sentences reporting failure or negation
  let failTop = 0;
  for (const i of top) failTop += b.sentCues[i]!.fail + b.sentCues[i]!.negate;
  d[k++] = h.success * Math.log1p(failTop);
  d[k++] = Math.log1p(h.tokens.length);
  d[k++] = Math.log1p(b.length);
  d[k++] = Math.log1p(nSent);
  if (k !== DENSE_FEATURES) throw new Error(`headline features: wrote ${k}, expected ${DENSE_FEATURES}`);
  // bag of the most related sentences (words plus cue markers)
  const topTokens: string[] = [];
  for (const i of top) {
    if ((sims[i] ?? 0) <= 0) continue;
    for (const t of b.sentTokens[i]!) topTokens.push(t);
    for (const kind of CUE_KINDS) if (b.sentCues[i]![kind] > 0) topTokens.push('#cue:' + kind);
  }
  const topBag = hashedBag(topTokens, idf, cfg.topBits, 0x7055, (1 << cfg.headBits) + (1 << cfg.bodyBits));
  return { dense: d, top: topBag, sims, order };
}

/** Width of the sparse part of the input (head, body and top-sentence blocks). */
export function sparseWidth(cfg: FeatureConfig): number {
  return (1 << cfg.headBits) + (1 << cfg.bodyBits) + (1 << cfg.topBits);
}
