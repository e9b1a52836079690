/**
 * Token-level alignment of a (possibly spun) target sentence against a source sentence (or several source
 * sentences concatenated): a Needleman-Wunsch DP over canonical units (alias phrases are one unit) whose
 * match score knows aliases, spinner swaps, WordNet synonyms and spelling variants, followed by a pass that
 * turns short unmatched stretches between copied anchors into substitutions the lexicon does not know.
 *
 * Cost: O(n·m) time with reused typed arrays; prepare a sentence once (prepareSentence) when it is aligned
 * against many others.
 */
import {
  type CanonToken,
  canonicalizeTokens,
  infoScore,
  isSpeechVerb,
  SUBJECT_PRONOUNS,
  unitInfo,
  type WordInfo,
} from '../lexicon/index.js';
import type { Token } from '../types.js';

// ---------------------------------------------------------------------------------------------------------
// Tunables (one place).

type AlignKey =
  | 'weightContent'
  | 'weightStop'
  | 'weightPunct'
  | 'weightNumber'
  | 'minMatch'
  | 'mismatchCost'
  | 'gapCost'
  | 'crossCost'
  | 'maxSubRun'
  | 'maxSubUnits'
  | 'minChainWeight'
  | 'maxBridge'
  | 'minFlank'
  | 'weightCommon'
  | 'unknownCredit'
  | 'weakChainCredit'
  | 'minAttributionSimilarity';

export const ALIGN_DEFAULTS: { readonly [K in AlignKey]: number } = {
  /** Unit weights: how much a unit counts for coverage and in the DP. */
  weightContent: 1,
  weightStop: 0.3,
  weightPunct: 0.05,
  weightNumber: 1.2,
  /** Stock news words (speech verbs, weekdays, months, "statement", "officials"): common in unrelated pairs. */
  weightCommon: 0.5,
  /** A pair counts as a known match when its synonym score is at least this. */
  minMatch: 0.8,
  /** DP: a match gains 2·w·score; a mismatch of two words costs this·w; a gap costs this·w. */
  mismatchCost: 0.6,
  gapCost: 0.4,
  /** Cost of pairing a function word with a content word, or a word with a number. */
  crossCost: 1.5,
  /** Largest unknown substitution (content units per side) accepted between anchors. */
  maxSubRun: 2,
  /** Largest unknown substitution in units per side (function words and punctuation included). */
  maxSubUnits: 4,
  /** A pure insertion/deletion of at most this many function words / punctuation marks does not break a chain. */
  maxBridge: 2,
  /** Anchor weight a chain of copies must reach for the unknown substitutions inside it to count. */
  minChainWeight: 2,
  /** Anchor weight needed on each side of an unknown substitution (unless that side is a sentence edge). */
  minFlank: 0.6,
  /** Coverage credit of anchors in a chain lighter than minChainWeight (chance overlap). */
  weakChainCredit: 0.5,
  /** Coverage credit of a unit inside an unknown substitution (a known one counts its score). */
  unknownCredit: 0.5,
  /** Dropped attributions are only reported for pairs at least this similar. */
  minAttributionSimilarity: 0.4,
};

export type AlignOptions = Partial<Record<AlignKey, number>>;

// ---------------------------------------------------------------------------------------------------------
// Public types.

export interface Span {
  text: string;
  start: number;
  end: number;
}

export interface AlignOp {
  op: 'copy' | 'substitute' | 'insert' | 'delete';
  source?: Span;
  target?: Span;
  /** For substitutions: the pair is a known alias / synonym / inflection / spelling variant. */
  known?: boolean;
  /** For known substitutions: the synonym score (alias 1, lemma 0.9, spinner 0.85, WordNet 0.8). */
  score?: number;
}

export interface Substitution {
  original: string;
  spun: string;
  known: boolean;
}

export interface Alignment {
  /** Ops in sentence order (source and target both increase). */
  ops: AlignOp[];
  /** In [0, 1]: harmonic mean of the two coverages. */
  similarity: number;
  /** Share of the source's weight that is copied or substituted. */
  coverageSource: number;
  /** Share of the target's weight that is copied or substituted. */
  coverageTarget: number;
  substitutions: Substitution[];
  /** A named speaker in the source that became a pronoun (or vanished) in the target. */
  droppedAttribution?: { original: string; spun: string };
  /** Merged offset ranges of the source units that were used (copied or substituted). */
  sourceUsed: { start: number; end: number }[];
}

/** A sentence analysed once for alignment. */
export interface PreparedSentence {
  units: CanonToken[];
  infos: WordInfo[];
  weights: Float64Array;
  keyIds: Int32Array;
  /** The word-id table the ids come from: ids of two sentences are comparable only within one table. */
  vocab: Vocabulary;
  /** 0 punct, 1 function word, 2 content word, 3 number. */
  classes: Uint8Array;
  totalWeight: number;
}

// ---------------------------------------------------------------------------------------------------------
// Preparation.

/**
 * A word-id table. Ids are stable for the life of the table; when it grows past its limit a fresh table
 * replaces it for new sentences, and sentences prepared against an older table are re-mapped (from their
 * unit keys) before they are compared, so two sentences are never compared through different tables.
 */
export class Vocabulary {
  private readonly ids = new Map<string, number>();
  constructor(readonly limit = 1_000_000) {}
  get size(): number {
    return this.ids.size;
  }
  get full(): boolean {
    return this.ids.size >= this.limit;
  }
  id(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.ids.size + 1;
      this.ids.set(key, id);
    }
    return id;
  }
}

let currentVocab = new Vocabulary();

/** The table new sentences are prepared against (a fresh one once the current one is full). */
function activeVocabulary(): Vocabulary {
  if (currentVocab.full) currentVocab = new Vocabulary(currentVocab.limit);
  return currentVocab;
}

/** For tests: the limit of the word-id table used from now on (a fresh table is started). */
export function resetVocabulary(limit = 1_000_000): void {
  currentVocab = new Vocabulary(limit);
}

/** `p` with ids from `vocab` (a copy; `p` itself is left as it is). */
function inVocabulary(p: PreparedSentence, vocab: Vocabulary): PreparedSentence {
  const ids = new Int32Array(p.units.length);
  for (let i = 0; i < p.units.length; i++) ids[i] = vocab.id(p.units[i]!.key);
  return { ...p, keyIds: ids, vocab };
}

/** Words every news report uses: they alone do not make two sentences related. */
const COMMON_NEWS = new Set(
  (
    'monday tuesday wednesday thursday friday saturday sunday january february march april may june july ' +
    'august september october november december today yesterday tomorrow week weekend month year day ' +
    'statement statements official officials spokesman spokeswoman spokesperson reporters reporter news ' +
    'conference agency according percent per cent people time times government mr mrs ms'
  ).split(' '),
);

function isCommonNewsWord(norm: string): boolean {
  return COMMON_NEWS.has(norm) || isSpeechVerb(norm);
}

const P_PUNCT = 0;
const P_STOP = 1;
const P_CONTENT = 2;
const P_NUMBER = 3;

/** Analyse a token list once (canonical units, weights); pass the result to alignSentences. */
export function prepareSentence(tokens: Token[], opts: AlignOptions = {}): PreparedSentence {
  const o = { ...ALIGN_DEFAULTS, ...opts };
  const units = canonicalizeTokens(tokens);
  const n = units.length;
  const infos: WordInfo[] = new Array(n);
  const weights = new Float64Array(n);
  const ids = new Int32Array(n);
  const classes = new Uint8Array(n);
  const vocab = activeVocabulary();
  let total = 0;
  for (let i = 0; i < n; i++) {
    const u = units[i]!;
    const info = unitInfo(u);
    infos[i] = info;
    // unitInfo's key is the unit's key: its id is looked up once per word and table.
    if (info.idTable !== vocab) {
      info.keyId = vocab.id(u.key);
      info.idTable = vocab;
    }
    ids[i] = info.keyId;
    const c = u.kind === 'punct' ? P_PUNCT : u.kind === 'number' ? P_NUMBER : u.stop ? P_STOP : P_CONTENT;
    classes[i] = c;
    const w =
      c === P_PUNCT
        ? o.weightPunct
        : c === P_STOP
          ? o.weightStop
          : c === P_NUMBER
            ? o.weightNumber
            : isCommonNewsWord(u.norm)
              ? o.weightCommon
              : o.weightContent;
    weights[i] = w;
    total += w;
  }
  return { units, infos, weights, keyIds: ids, vocab, classes, totalWeight: total };
}

function isPrepared(x: Token[] | PreparedSentence): x is PreparedSentence {
  return !Array.isArray(x);
}

// ---------------------------------------------------------------------------------------------------------
// DP buffers (grown on demand, reused across calls).

let scoreBuf = new Float64Array(1024);
let traceBuf = new Uint8Array(1024);
let simBuf = new Float32Array(1024);

const T_DIAG = 1;
const T_UP = 2; // source unit deleted
const T_LEFT = 3; // target unit inserted

/** Pair similarity in [0, 1] (0 = unrelated) of source unit i and target unit j. */
function pairSim(a: PreparedSentence, i: number, b: PreparedSentence, j: number): number {
  const ca = a.classes[i]!;
  const cb = b.classes[j]!;
  if (a.keyIds[i] === b.keyIds[j]) {
    return a.units[i]!.norm === b.units[j]!.norm ? 1 : infoScore(a.infos[i]!, b.infos[j]!) || 0.85;
  }
  if (ca !== P_CONTENT || cb !== P_CONTENT) return 0;
  return infoScore(a.infos[i]!, b.infos[j]!);
}

/**
 * Align a target sentence against a source sentence (or several source sentences' tokens concatenated, for
 * a merged sentence: the ops' source offsets tell which source tokens were used).
 */
export function alignSentences(
  source: Token[] | PreparedSentence,
  target: Token[] | PreparedSentence,
  opts: AlignOptions = {},
): Alignment {
  const o = { ...ALIGN_DEFAULTS, ...opts };
  let a = isPrepared(source) ? source : prepareSentence(source, opts);
  const b = isPrepared(target) ? target : prepareSentence(target, opts);
  // Ids are comparable only within one table: re-map the sentence prepared against the older one.
  if (a.vocab !== b.vocab) a = inVocabulary(a, b.vocab);
  const n = a.units.length;
  const m = b.units.length;
  const cols = m + 1;
  const size = (n + 1) * cols;
  if (scoreBuf.length < size) {
    scoreBuf = new Float64Array(size * 2);
    traceBuf = new Uint8Array(size * 2);
  }
  if (simBuf.length < n * m) simBuf = new Float32Array(n * m * 2);
  const S = scoreBuf;
  const T = traceBuf;
  const sim = simBuf;
  const wa = a.weights;
  const wb = b.weights;
  const ca = a.classes;
  const cb = b.classes;
  const gap = o.gapCost;
  const minMatch = o.minMatch;
  const mismatchCost = o.mismatchCost;
  const crossCost = o.crossCost;
  const ka = a.keyIds;
  const kb = b.keyIds;
  const ia = a.infos;
  const ib = b.infos;

  S[0] = 0;
  T[0] = 0;
  for (let j = 1; j <= m; j++) {
    S[j] = S[j - 1]! - gap * wb[j - 1]!;
    T[j] = T_LEFT;
  }
  for (let i = 1; i <= n; i++) {
    const row = i * cols;
    const prev = row - cols;
    const wi = wa[i - 1]!;
    const ci = ca[i - 1]!;
    S[row] = S[prev]! - gap * wi;
    T[row] = T_UP;
    for (let j = 1; j <= m; j++) {
      const wj = wb[j - 1]!;
      const cj = cb[j - 1]!;
      // Pair similarity, inlined for the common cases: same key, or not two content words (then 0).
      let s = 0;
      if (ka[i - 1] === kb[j - 1]) s = pairSim(a, i - 1, b, j - 1);
      else if (ci === P_CONTENT && cj === P_CONTENT) s = infoScore(ia[i - 1]!, ib[j - 1]!);
      sim[(i - 1) * m + (j - 1)] = s;
      const w = (wi + wj) * 0.5;
      let gain: number;
      if (s >= minMatch) gain = 2 * w * s;
      else if (ci === cj) gain = -mismatchCost * w;
      else gain = -crossCost * Math.max(wi, wj);
      let best = S[prev + j - 1]! + gain;
      let tr = T_DIAG;
      const up = S[prev + j]! - gap * wi;
      if (up > best) {
        best = up;
        tr = T_UP;
      }
      const left = S[row + j - 1]! - gap * wj;
      if (left > best) {
        best = left;
        tr = T_LEFT;
      }
      S[row + j] = best;
      T[row + j] = tr;
    }
  }

  // Traceback into steps: [i, j] with -1 for a gap side.
  const steps: number[] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const tr = i === 0 ? T_LEFT : j === 0 ? T_UP : T[i * cols + j]!;
    if (tr === T_DIAG) {
      steps.push(i - 1, j - 1);
      i--;
      j--;
    } else if (tr === T_UP) {
      steps.push(i - 1, -1);
      i--;
    } else {
      steps.push(-1, j - 1);
      j--;
    }
  }
  const len = steps.length / 2;
  const si = new Int32Array(len);
  const sj = new Int32Array(len);
  for (let k = 0; k < len; k++) {
    si[k] = steps[(len - 1 - k) * 2]!;
    sj[k] = steps[(len - 1 - k) * 2 + 1]!;
  }
  return buildAlignment(a, b, si, sj, sim, o);
}

// ---------------------------------------------------------------------------------------------------------
// From a DP path to ops, substitutions and coverage.

type Opts = Record<AlignKey, number>;

function span(p: PreparedSentence, from: number, to: number): Span {
  const u0 = p.units[from]!;
  let text = u0.text;
  for (let k = from + 1; k <= to; k++) {
    const u = p.units[k]!;
    text += (u.start > p.units[k - 1]!.end ? ' ' : '') + u.text;
  }
  return { text, start: u0.start, end: p.units[to]!.end };
}

interface Region {
  /** Path step range [from, to) between two anchors. */
  from: number;
  to: number;
  src: number[];
  tgt: number[];
  accepted: boolean;
  /** Only a few function words / punctuation inserted or deleted: joins a chain without being a substitution. */
  bridge: boolean;
}

function buildAlignment(
  a: PreparedSentence,
  b: PreparedSentence,
  si: Int32Array,
  sj: Int32Array,
  sim: Float32Array,
  o: Opts,
): Alignment {
  const m = b.units.length;
  const len = si.length;
  // Anchor steps: diagonal with a known match.
  const anchorSim = new Float32Array(len);
  for (let k = 0; k < len; k++) {
    const x = si[k]!;
    const y = sj[k]!;
    if (x >= 0 && y >= 0) {
      const s = sim[x * m + y]!;
      if (s >= o.minMatch) anchorSim[k] = s;
    }
  }
  // Regions between anchors, and chains of anchors joined by short regions.
  const regions: Region[] = [];
  let k = 0;
  while (k < len) {
    if (anchorSim[k]! > 0) {
      k++;
      continue;
    }
    const from = k;
    const src: number[] = [];
    const tgt: number[] = [];
    while (k < len && anchorSim[k] === 0) {
      if (si[k]! >= 0) src.push(si[k]!);
      if (sj[k]! >= 0) tgt.push(sj[k]!);
      k++;
    }
    const light =
      src.every((x) => a.classes[x]! <= P_STOP) &&
      tgt.every((y) => b.classes[y]! <= P_STOP) &&
      src.length + tgt.length <= o.maxBridge;
    regions.push({
      from,
      to: k,
      src,
      tgt,
      accepted: false,
      bridge: light && (src.length === 0 || tgt.length === 0),
    });
  }
  const contentCount = (p: PreparedSentence, idx: number[]) => {
    let c = 0;
    for (const x of idx) if (p.classes[x]! >= P_CONTENT) c++;
    return c;
  };
  const hasAnchorBefore = (r: Region) => r.from > 0;
  const hasAnchorAfter = (r: Region) => r.to < len;
  for (const r of regions) {
    const cs = contentCount(a, r.src);
    const ct = contentCount(b, r.tgt);
    const wordsS = r.src.filter((x) => a.classes[x]! !== P_PUNCT).length;
    const wordsT = r.tgt.filter((x) => b.classes[x]! !== P_PUNCT).length;
    if (wordsS === 0 || wordsT === 0) continue;
    if (cs > o.maxSubRun || ct > o.maxSubRun || wordsS > o.maxSubUnits || wordsT > o.maxSubUnits) continue;
    if (cs === 0 && ct === 0 && (wordsS > 1 || wordsT > 1)) continue;
    // Flanked by anchors, or at an edge of both sentences with an anchor on the other side.
    const before = hasAnchorBefore(r);
    const after = hasAnchorAfter(r);
    if (!before && !after) continue;
    r.accepted = true;
  }
  // Each candidate needs copied context: anchors (through other candidate regions, not across rejected
  // ones) weighing at least minFlank on each side, unless that side is a sentence edge, and minChainWeight
  // in all. This keeps chance matches of function words from making substitutions of unrelated words.
  const regionAt = new Int32Array(len).fill(-1);
  regions.forEach((r, idx) => {
    for (let q = r.from; q < r.to; q++) regionAt[q] = idx;
  });
  const anchorW = new Float64Array(len);
  const punctOnly = new Uint8Array(len);
  for (let q = 0; q < len; q++) {
    const x = si[q]!;
    const y = sj[q]!;
    if (anchorSim[q]! > 0) anchorW[q] = Math.min(a.weights[x]!, b.weights[y]!) * anchorSim[q]!;
    punctOnly[q] = (x < 0 || a.classes[x] === P_PUNCT) && (y < 0 || b.classes[y] === P_PUNCT) ? 1 : 0;
  }
  const joins = (q: number): boolean => {
    const r = regions[regionAt[q]!]!;
    return r.accepted || r.bridge;
  };
  const flank = (from: number, dir: -1 | 1): { weight: number; edge: boolean } => {
    let weight = 0;
    let edge = true;
    for (let q = from; q >= 0 && q < len; q += dir) {
      if (!punctOnly[q]) edge = false;
      if (anchorSim[q]! > 0) weight += anchorW[q]!;
      else if (!joins(q)) break;
    }
    // Edge: nothing but punctuation between the region and the sentence boundary.
    let onlyPunct = true;
    for (let q = from; q >= 0 && q < len && onlyPunct; q += dir) if (!punctOnly[q]) onlyPunct = false;
    return { weight, edge: edge || onlyPunct };
  };
  const verdict = regions.map((r) => {
    if (!r.accepted) return false;
    const left = flank(r.from - 1, -1);
    const right = flank(r.to, 1);
    if (!left.edge && left.weight < o.minFlank) return false;
    if (!right.edge && right.weight < o.minFlank) return false;
    return left.weight + right.weight >= o.minChainWeight;
  });
  regions.forEach((r, idx) => {
    r.accepted = verdict[idx]!;
  });
  // Chains of anchors (joined by accepted substitutions): a light chain is chance overlap (a lone "the",
  // "said") and earns only weakChainCredit of its coverage.
  const credit = new Float64Array(len).fill(1);
  for (let q = 0; q < len; ) {
    if (anchorSim[q] === 0 && !joins(q)) {
      q++;
      continue;
    }
    let end = q;
    let weight = 0;
    while (end < len && (anchorSim[end]! > 0 || joins(end))) {
      weight += anchorW[end]!;
      end++;
    }
    if (weight < o.minChainWeight) for (let x = q; x < end; x++) credit[x] = o.weakChainCredit;
    q = end;
  }

  // Emit ops in path order.
  const ops: AlignOp[] = [];
  const substitutions: Substitution[] = [];
  let coveredS = 0;
  let coveredT = 0;
  const usedS: number[] = [];
  const regionIdx = new Map<number, Region>();
  for (const r of regions) regionIdx.set(r.from, r);
  let q = 0;
  while (q < len) {
    const r = regionIdx.get(q);
    if (r) {
      if (r.accepted) {
        const srcW = r.src.filter((x) => a.classes[x]! !== P_PUNCT);
        const tgtW = r.tgt.filter((x) => b.classes[x]! !== P_PUNCT);
        const s0 = Math.min(...srcW);
        const s1 = Math.max(...srcW);
        const t0 = Math.min(...tgtW);
        const t1 = Math.max(...tgtW);
        // Punctuation at the region's edges stays outside the substitution.
        for (const x of r.src)
          if (a.classes[x] === P_PUNCT && x < s0) ops.push({ op: 'delete', source: span(a, x, x) });
        for (const y of r.tgt)
          if (b.classes[y] === P_PUNCT && y < t0) ops.push({ op: 'insert', target: span(b, y, y) });
        const sSpan = span(a, s0, s1);
        const tSpan = span(b, t0, t1);
        ops.push({ op: 'substitute', source: sSpan, target: tSpan, known: false });
        substitutions.push({ original: sSpan.text, spun: tSpan.text, known: false });
        for (let x = s0; x <= s1; x++) {
          coveredS += a.weights[x]! * o.unknownCredit;
          usedS.push(x);
        }
        for (let y = t0; y <= t1; y++) coveredT += b.weights[y]! * o.unknownCredit;
        for (const x of r.src)
          if (a.classes[x] === P_PUNCT && x > s1) ops.push({ op: 'delete', source: span(a, x, x) });
        for (const y of r.tgt)
          if (b.classes[y] === P_PUNCT && y > t1) ops.push({ op: 'insert', target: span(b, y, y) });
      } else {
        for (let p = r.from; p < r.to; p++) {
          if (si[p]! >= 0) ops.push({ op: 'delete', source: span(a, si[p]!, si[p]!) });
          if (sj[p]! >= 0) ops.push({ op: 'insert', target: span(b, sj[p]!, sj[p]!) });
        }
      }
      q = r.to;
      continue;
    }
    const x = si[q]!;
    const y = sj[q]!;
    const s = anchorSim[q]!;
    const sSpan = span(a, x, x);
    const tSpan = span(b, y, y);
    if (a.units[x]!.norm === b.units[y]!.norm) ops.push({ op: 'copy', source: sSpan, target: tSpan });
    else {
      ops.push({ op: 'substitute', source: sSpan, target: tSpan, known: true, score: s });
      substitutions.push({ original: sSpan.text, spun: tSpan.text, known: true });
    }
    coveredS += a.weights[x]! * s * credit[q]!;
    coveredT += b.weights[y]! * s * credit[q]!;
    usedS.push(x);
    q++;
  }

  const coverageSource = a.totalWeight > 0 ? Math.min(1, coveredS / a.totalWeight) : 0;
  const coverageTarget = b.totalWeight > 0 ? Math.min(1, coveredT / b.totalWeight) : 0;
  const similarity =
    coverageSource + coverageTarget > 0
      ? (2 * coverageSource * coverageTarget) / (coverageSource + coverageTarget)
      : 0;
  const result: Alignment = {
    ops,
    similarity,
    coverageSource,
    coverageTarget,
    substitutions,
    sourceUsed: mergeUsed(a, usedS),
  };
  if (similarity >= o.minAttributionSimilarity) {
    const dropped = findDroppedAttribution(a, b, si, sj, anchorSim);
    if (dropped) result.droppedAttribution = dropped;
  }
  return result;
}

function mergeUsed(a: PreparedSentence, used: number[]): { start: number; end: number }[] {
  const set = new Set(used);
  const sorted = [...set].sort((x, y) => x - y);
  const out: { start: number; end: number }[] = [];
  for (const x of sorted) {
    const u = a.units[x]!;
    const last = out[out.length - 1];
    // Adjacent used units (or used units around one unused punctuation mark) form one range.
    const joins = set.has(x - 1) || (a.classes[x - 1] === P_PUNCT && set.has(x - 2));
    if (last && joins) last.end = u.end;
    else out.push({ start: u.start, end: u.end });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Dropped attribution: "Kerry said" -> "he explained" (or the name is gone).

function isNameUnit(p: PreparedSentence, x: number): boolean {
  const u = p.units[x];
  if (u?.kind !== 'word' || u.stop) return false;
  return /^\p{Lu}/u.test(u.text) && !SUBJECT_PRONOUNS.has(u.norm);
}

/** The run of name units ending at x (going left) or starting at x (going right). */
function nameRun(p: PreparedSentence, x: number, dir: -1 | 1): [number, number] | undefined {
  if (!isNameUnit(p, x)) return undefined;
  let y = x;
  while (isNameUnit(p, y + dir)) y += dir;
  return dir < 0 ? [y, x] : [x, y];
}

function findDroppedAttribution(
  a: PreparedSentence,
  b: PreparedSentence,
  si: Int32Array,
  sj: Int32Array,
  anchorSim: Float32Array,
): { original: string; spun: string } | undefined {
  const len = si.length;
  // Target position of every source unit (-1: deleted), and source position of every target unit.
  const tOf = new Int32Array(a.units.length).fill(-1);
  for (let k = 0; k < len; k++) if (si[k]! >= 0 && sj[k]! >= 0) tOf[si[k]!] = sj[k]!;
  for (let k = 0; k < len; k++) {
    const v = si[k]!;
    if (v < 0 || !isSpeechVerb(a.units[v]!.norm)) continue;
    // The target's speech verb: the DP's partner of v, else the first speech verb between the anchors
    // around v ("Bloomberg News reported" -> "She asserted" may be aligned with gaps).
    let tv = sj[k]!;
    if (tv < 0 || !isSpeechVerb(b.units[tv]!.norm)) {
      tv = -1;
      let lo = k;
      while (lo > 0 && anchorSim[lo - 1] === 0) lo--;
      let hi = k;
      while (hi < len - 1 && anchorSim[hi + 1] === 0) hi++;
      for (let q = lo; q <= hi && tv < 0; q++) {
        const y = sj[q]!;
        if (y >= 0 && isSpeechVerb(b.units[y]!.norm)) tv = y;
      }
      if (tv < 0) continue;
    }
    for (const dir of [-1, 1] as const) {
      const run = nameRun(a, v + dir, dir);
      if (!run) continue;
      const [r0, r1] = run;
      // Is the name still in the target (copied or aliased)?
      let kept = false;
      for (let x = r0; x <= r1; x++) {
        const y = tOf[x]!;
        if (y >= 0 && a.keyIds[x] === b.keyIds[y]) kept = true;
      }
      if (kept) continue;
      // A pronoun next to the target's speech verb ("he explained", "explained she"), else the name is gone.
      let py = -1;
      for (const d of [dir, -dir]) {
        const tu = b.units[tv + d];
        if (tu !== undefined && SUBJECT_PRONOUNS.has(tu.norm)) {
          py = tv + d;
          break;
        }
      }
      const orig = dir < 0 ? span(a, r0, v) : span(a, v, r1);
      const spun = py < 0 ? span(b, tv, tv) : span(b, Math.min(py, tv), Math.max(py, tv));
      return { original: orig.text, spun: spun.text };
    }
  }
  return undefined;
}
