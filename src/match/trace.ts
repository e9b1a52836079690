/**
 * The match stage, pure: given a checked article's sentences and what the store returned for them, decide
 * where each sentence came from. No I/O happens here; the engine runs the two batched store look-ups
 * (candidates for every sentence at once, then the candidate articles and their sentences at once) between
 * `queryFeatures`, `chooseCandidates` and `traceSentences`.
 *
 * Sources are decided by the alignment, never by fingerprints alone: retrieve candidate corpus sentences by
 * spin-robust fingerprints, align the best candidates token by token (synonym- and alias-aware), and keep the
 * sources that explain the sentence: one source, or two when a sentence merges two (stitching). Every
 * threshold is in DEFAULTS.match, with the reason for its value.
 */
import {
  type Alignment,
  type AlignOp,
  alignSentences,
  type PreparedSentence,
  prepareSentence,
} from '../align/index.js';
import { DEFAULTS } from '../defaults.js';
import { lookup } from '../entities/gazetteer.js';
import { type Canonicaliser, sentenceFeatures } from '../fingerprint/index.js';
import { sentenceShape } from '../fingerprint/shape.js';
import { lemmatize, STOPWORDS, wordInfo, wordPos } from '../lexicon/index.js';
import { fold, tokenize } from '../normalise/index.js';
import type {
  AlignmentSpan,
  ArticleRef,
  Derivation,
  RewriteEvidence,
  SourceRef,
  Substitution,
} from '../report/types.js';
import { prepareRewriteSentence } from '../rewrite/index.js';
import { maxRarity } from '../rewrite/rarity.js';
import type { CandidateHit, ShapeCount, StoredSentence } from '../store/index.js';
import type { Article, Sentence, Token } from '../types.js';
import { isBoilerplate, isFurnitureLine, isOverlayLine } from './boilerplate.js';
import { compareFigures } from './numbers.js';

/** Thresholds of the match stage (DEFAULTS.match unless overridden). */
export type MatchOptions = { [K in keyof typeof DEFAULTS.match]: number };

/** The fingerprints of every sentence of the checked article, deduplicated: one store query for all. */
export interface Query {
  features: number[];
  /** For each feature (same index), the checked sentences that have it. */
  owners: number[][];
}

export function queryFeatures(sentences: Sentence[], canon: Canonicaliser): Query {
  const features: number[] = [];
  const owners: number[][] = [];
  const index = new Map<number, number>();
  sentences.forEach((s, si) => {
    for (const f of sentenceFeatures(canon(s.tokens))) {
      let qi = index.get(f);
      if (qi === undefined) {
        qi = features.length;
        index.set(f, qi);
        features.push(f);
        owners.push([]);
      }
      owners[qi]!.push(si);
    }
  });
  return { features, owners };
}

/** A stored sentence retrieved for a checked sentence, with the number of fingerprints they share. */
export interface Candidate {
  sentenceId: number;
  seq: number;
  index: number;
  hits: number;
}

/**
 * Per checked sentence, its candidates ranked by shared fingerprints (the best `candidatesPerSentence`);
 * articles that match many sentences of the checked article rank first among equals (stitching takes runs of
 * sentences from one report). `exclude` holds store articles that must not count (the checked article itself,
 * sources published after it).
 */
export function chooseCandidates(
  sentenceCount: number,
  query: Query,
  hits: CandidateHit[],
  exclude: { has(seq: number): boolean },
  perSentence: number = DEFAULTS.candidatesPerSentence,
  /** Equal candidates in this order (the audit's publication order, so that ingest order never decides);
   * otherwise in the order they were stored. */
  order?: (seq: number) => number,
): Candidate[][] {
  const bySentence: Map<number, Candidate>[] = Array.from({ length: sentenceCount }, () => new Map());
  const articleHits = new Map<number, number>();
  // Many hits share an article: ask `exclude` once per article.
  const excluded = new Map<number, boolean>();
  for (const h of hits) {
    let out = excluded.get(h.articleSeq);
    if (out === undefined) {
      out = exclude.has(h.articleSeq);
      excluded.set(h.articleSeq, out);
    }
    if (out) continue;
    for (const qi of h.shared) {
      for (const si of query.owners[qi]!) {
        const m = bySentence[si]!;
        const c = m.get(h.sentenceId);
        if (c) c.hits++;
        else
          m.set(h.sentenceId, {
            sentenceId: h.sentenceId,
            seq: h.articleSeq,
            index: h.sentenceIndex,
            hits: 1,
          });
      }
    }
    articleHits.set(h.articleSeq, (articleHits.get(h.articleSeq) ?? 0) + 1);
  }
  const ranks = new Map<number, number>();
  const rankOf = (seq: number) => {
    let r = ranks.get(seq);
    if (r === undefined) {
      r = order ? order(seq) : 0;
      ranks.set(seq, r);
    }
    return r;
  };
  return bySentence.map((m) => {
    let list = [...m.values()];
    // Only candidates with at least the perSentence-th most shared fingerprints can be among the first
    // perSentence: the others are left out before sorting (the result is the same, the sort much shorter).
    if (list.length > perSentence) {
      const byHits = list.map((c) => c.hits).sort((a, b) => b - a);
      const least = byHits[perSentence - 1]!;
      list = list.filter((c) => c.hits >= least);
    }
    const keyed = list.map((c) => ({ c, article: articleHits.get(c.seq) ?? 0, rank: rankOf(c.seq) }));
    keyed.sort(
      (a, b) =>
        b.c.hits - a.c.hits || b.article - a.article || a.rank - b.rank || a.c.sentenceId - b.c.sentenceId,
    );
    return keyed.slice(0, perSentence).map((k) => k.c);
  });
}

/**
 * The candidates `traceSentences` would align when none is skipped: those sharing at least
 * `candidateMinHitShare` of the best candidate's fingerprints, and of those sharing a single one, the first
 * `singleHitCandidates`. Called before loading, it saves loading the
 * articles of retrieval noise; the result of `traceSentences` is the same (a sentence with the text of a kept
 * candidate shares its fingerprints, so it is kept too).
 */
export function strongCandidates(
  chosen: Candidate[][],
  share: number = DEFAULTS.match.candidateMinHitShare,
  single: number = DEFAULTS.match.singleHitCandidates,
): Candidate[][] {
  return chosen.map((list) => {
    const min = Math.max(1, Math.floor((list[0]?.hits ?? 0) * share));
    const end = list.findIndex((c, i) => c.hits < min || (c.hits <= 1 && i >= single));
    return end < 0 ? list : list.slice(0, end);
  });
}

/** The candidate articles whose text and sentences the store must return for `traceSentences`. */
export function candidateArticles(chosen: Candidate[][]): number[] {
  return [...new Set(chosen.flat().map((c) => c.seq))];
}

/** What the store returned for the candidate articles. */
export interface Loaded {
  articles: Map<number, Article>;
  sentences: Map<number, StoredSentence[]>;
}

export interface SentenceTrace {
  sources: (SourceRef & { seq: number })[];
  substitutions: Substitution[];
  alignment: AlignmentSpan[];
  droppedAttribution: { original: string; spun: string } | null;
  /** Content words copied or swapped, and of those swapped (for the spin rate). */
  alignedWords: number;
  swappedWords: number;
  /** The checked sentence is boilerplate learned from the corpus (see boilerplate.ts): not traced. */
  boilerplate: boolean;
  /** The user's exclusions took this sentence's match out: a quotation, or a match too short. */
  excluded?: 'quote' | 'short';
  /** How a traced sentence was derived (set by rewrite.ts). */
  derivation?: Derivation;
  /** For a rewritten sentence: what it shares with its source(s). */
  rewrite?: RewriteEvidence;
}

/** The trace of a sentence with no source. */
export function untraced(): SentenceTrace {
  return {
    sources: [],
    substitutions: [],
    alignment: [],
    droppedAttribution: null,
    alignedWords: 0,
    swappedWords: 0,
    boilerplate: false,
  };
}

interface SourceSentence {
  seq: number;
  index: number;
  start: number;
  end: number;
  text: string;
  tokens: Token[];
  prepared: PreparedSentence;
  /** Learned furniture (boilerplate) by the shapes the trace was given; computed on first use. */
  furniture?: boolean;
}

/**
 * Source sentences prepared for alignment, kept across traces (least recently used dropped beyond `max`): a
 * corpus audit meets the same source sentences again and again, since copies cluster around a few reports.
 * The boilerplate flag is cached too, so one cache serves one set of shapes (one audit run).
 */
export class SourceSentenceCache {
  private readonly map = new Map<number, SourceSentence>();
  constructor(private readonly max: number) {}
  get(sentenceId: number): SourceSentence | undefined {
    const s = this.map.get(sentenceId);
    if (s) {
      this.map.delete(sentenceId);
      this.map.set(sentenceId, s);
    }
    return s;
  }
  set(sentenceId: number, s: SourceSentence): void {
    this.map.set(sentenceId, s);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as number);
  }
}

/** Shift token offsets (to concatenate sentences of different articles without offset clashes). */
function shifted(tokens: Token[], by: number): Token[] {
  return tokens.map((t) => ({ ...t, start: t.start + by, end: t.end + by }));
}

const MERGE_SHIFT = 1e9;

/** Pronouns and determiners that may stand where a name stood (a dropped attribution), not a name clash. */
const NOT_A_NAME = /^(?:he|she|they|it|we|i|you|his|her|their|its|the|a|an|this|that|these|those)$/i;

/**
 * Two different names in the same position ("Apple did not immediately respond…" / "Esquire did not…") mean a
 * different fact told in the same stock words, not a spun copy: spinners leave names alone (aliases and
 * pronouns aside, which the lexicon and the attribution check know).
 */
function nameClash(a: Alignment, sourceStart: number, targetStart: number): boolean {
  for (const op of a.ops) {
    if (op.op !== 'substitute' || op.known || !op.source || !op.target) continue;
    const capS = /^\p{Lu}/u.test(op.source.text) && op.source.start > sourceStart;
    const capT = /^\p{Lu}/u.test(op.target.text) && op.target.start > targetStart;
    const initialPair = op.source.start === sourceStart && op.target.start === targetStart;
    const bothNames = /^\p{Lu}/u.test(op.source.text) && /^\p{Lu}/u.test(op.target.text);
    if (NOT_A_NAME.test(op.source.text) || NOT_A_NAME.test(op.target.text)) continue;
    if (shareWord(op.source.text, op.target.text)) continue;
    if (isKnownAliasLike(op.source.text) || isKnownAliasLike(op.target.text)) continue;
    if (
      (capS && capT) ||
      (initialPair && bothNames && isLikelyName(op.source.text) && isLikelyName(op.target.text))
    ) {
      return true;
    }
  }
  return false;
}

/** A capitalised sentence-initial word is a name when the dictionary does not know it ("According" is a word). */
function isLikelyName(w: string): boolean {
  return wordPos(lemmatize(fold(w))) === '';
}

/**
 * Known places, nationalities, organisations and aliases swap legitimately ("U.S." -> "American"). Only names
 * count: a word whose key differs from itself because it is a dictionary word ("Tucker" -> "exhaust") is not one.
 */
function isKnownAliasLike(w: string): boolean {
  return lookup(w) !== undefined || wordInfo(fold(w)).alias;
}

/** A figure in the checked sentence that states a different value than its source's ("55.6k" / "1.1k"). */
function numberMismatch(a: Alignment): boolean {
  for (const op of a.ops) {
    if (op.op !== 'substitute' || !op.source || !op.target) continue;
    if (compareFigures(op.source.text, op.target.text) === 'mismatch') return true;
  }
  return false;
}

/** Two spans that share a word ("U.N.-brokered" / "United Nations-brokered") are not different names. */
function shareWord(a: string, b: string): boolean {
  const wa = new Set(
    fold(a)
      .split(/[^\p{L}\p{N}]+/u)
      .filter((x) => x.length > 2),
  );
  return fold(b)
    .split(/[^\p{L}\p{N}]+/u)
    .some((x) => wa.has(x));
}

/** Content words of the checked sentence that the alignment explains (copied or swapped), pieces of links aside. */
function explainedWords(a: Alignment): number {
  const links = linkOps(a);
  let n = 0;
  for (const op of a.ops)
    if (
      (op.op === 'copy' || op.op === 'substitute') &&
      op.target &&
      !links.has(op) &&
      /\p{L}{2,}|\d/u.test(op.target.text)
    )
      n++;
  return n;
}

/** A web address or a bare domain with a path, as the checked sentence's glued tokens spell it. */
const LINK = /(?:[a-z][a-z0-9+.-]*:\/\/|\bwww\.)|\b[\p{L}\d-]+\.[a-z]{2,}\/\S/iu;

/**
 * The ops whose checked-sentence tokens belong to a link ("http", "politi", "co", "1", … of http://politi.co/1…):
 * the tokeniser splits a link into pieces, and two lines that share a site's short-link prefix ("Learn more:
 * http://politi.co/…", "Playbook http://politi.co/…") share the site, not a statement. Tokens written together
 * with no space between them are one glued run; a run that spells a link marks all its tokens.
 */
function linkOps(a: Alignment): Set<AlignOp> {
  const out = new Set<AlignOp>();
  let run: AlignOp[] = [];
  let text = '';
  let end = -1;
  const close = () => {
    if (run.length > 1 && LINK.test(text)) for (const op of run) out.add(op);
    run = [];
    text = '';
  };
  for (const op of a.ops) {
    const t = op.target;
    if (!t) continue;
    if (t.start !== end) close();
    run.push(op);
    text += t.text;
    end = t.end;
  }
  close();
  return out;
}

/**
 * All the checked sentence's words that the source explains are names ("Transportation Security Administration
 * (@tsa)", a handle or caption line, inside "The Transportation Security Administration has full confidence in
 * ..."; "Polls show Trump leading in New York" for "He also called Trump a big, loud New York bully"): two
 * sentences that share names and nothing else say the same names, not the same thing. Function words inside a name
 * ("Bank of England") do not count; a figure or a lower-case word, copied or swapped for a synonym, breaks the rule.
 * Pieces of a link count as nothing. Only asked when the source leaves much of the sentence unexplained (a short line copied whole is a copy).
 */
function onlyNames(a: Alignment): boolean {
  const links = linkOps(a);
  let names = 0;
  for (const op of a.ops) {
    const t = op.target?.text;
    // Punctuation, single letters and function words neither make a name nor break one.
    if (t === undefined || !/\p{L}{2,}|\d/u.test(t) || (!/\d/.test(t) && STOPWORDS.has(fold(t)))) continue;
    // Words the source does not explain, and words swapped for ones the lexicon does not relate to them (the
    // source's words in that place, not evidence), say nothing for or against.
    if (links.has(op) || op.op === 'insert' || op.op === 'delete' || (op.op === 'substitute' && !op.known))
      continue;
    if (/\d/.test(t) || !/^\p{Lu}/u.test(t)) return false;
    names++;
  }
  return names > 0;
}

/** A source is accepted when the alignment explains the sentence: similar overall, or a split source. */
function explains(a: Alignment, o: MatchOptions, sourceStart: number, targetStart: number): boolean {
  // Too little text to attribute ("Video loading", "Yikes.").
  if (explainedWords(a) < o.minExplainedWords) return false;
  if (nameClash(a, sourceStart, targetStart)) return false;
  if (numberMismatch(a)) return false;
  if (a.coverageTarget < o.nameOnlyBelowCoverage && onlyNames(a)) return false;
  if (a.similarity >= o.sourceThreshold) return true;
  // A source sentence split in two, or trimmed (a clause or the speaker cut): the source explains most of the
  // checked sentence but the checked sentence uses only part of the source (so the similarity, a harmonic
  // mean of both coverages, can be under the threshold).
  return a.coverageTarget >= o.splitTargetCoverage && a.coverageSource >= o.splitSourceCoverage;
}

/**
 * Align each checked sentence with its candidates and keep the sources that explain it. Pure: `loaded` is what
 * the store returned for `candidateArticles(chosen)`.
 */
export function traceSentences(
  sentences: Sentence[],
  chosen: Candidate[][],
  loaded: Loaded,
  opts: Partial<MatchOptions> & {
    /** Source articles that may not be sources (published after the checked article: see time.ts). */
    skip?: ReadonlySet<number>;
    /** How often sentence shapes occur in the corpus (boilerplate.ts); absent: no boilerplate is known. */
    shapes?: ReadonlyMap<number, ShapeCount>;
    /** Prepared source sentences kept from earlier traces (with the same shapes). */
    sourceCache?: SourceSentenceCache;
    /** Source articles published at the same time in this order (else in the order they were stored). */
    order?: (seq: number) => number;
    /** false: page furniture recognised by its form is traced like any line (the user's choice). */
    furniture?: boolean;
  } = {},
): SentenceTrace[] {
  const o: MatchOptions = { ...DEFAULTS.match, ...opts };
  const skip = opts.skip ?? new Set<number>();
  const { articles } = loaded;
  const sourceCache = opts.sourceCache ?? new Map<number, SourceSentence>();
  const earlier = (a: number, b: number) => earlierOf(articles, a, b, opts.order);
  const candidateText = (c: Candidate): string | null => {
    const cached = sourceCache.get(c.sentenceId);
    if (cached) return cached.text;
    const art = articles.get(c.seq);
    const span = loaded.sentences.get(c.seq)?.find((s) => s.sentenceId === c.sentenceId);
    return art && span ? art.text.slice(span.start, span.end) : null;
  };
  const sourceSentence = (c: Candidate): SourceSentence | null => {
    const cached = sourceCache.get(c.sentenceId);
    if (cached) return cached;
    const art = articles.get(c.seq);
    const span = loaded.sentences.get(c.seq)?.find((s) => s.sentenceId === c.sentenceId);
    if (!art || !span) return null;
    const text = art.text.slice(span.start, span.end);
    const tokens = tokenize(text, span.start);
    const s: SourceSentence = {
      seq: c.seq,
      index: span.index,
      start: span.start,
      end: span.end,
      text,
      tokens,
      prepared: prepareSentence(tokens),
    };
    sourceCache.set(c.sentenceId, s);
    return s;
  };

  // 4. Align and decide.
  const shapes = opts.shapes;
  const byForm = opts.furniture !== false;
  const furniture = (text: string) =>
    (byForm && (isFurnitureLine(text) || isOverlayLine(text))) ||
    (shapes !== undefined && isBoilerplate(shapes.get(sentenceShape(text))));
  // What each traced sentence shares with its sources, for the support rule below.
  const shared: Shared[] = [];
  const traces = sentences.map((sentence, si): SentenceTrace => {
    const empty = untraced();
    if (furniture(sentence.text)) return { ...empty, boilerplate: true };
    const target = prepareSentence(sentence.tokens);
    const scored: { src: SourceSentence; al: Alignment }[] = [];
    // Candidates come in order of shared fingerprints. Those sharing far fewer than the best are noise; once a
    // near-copy is found, only candidates as strong as it (other copies of the same sentence) are still aligned.
    // The same sentence in several articles (syndicated copies, verbatim re-posts) aligns the same way with
    // this one, and of equally good sources the earliest is named: only the earliest of each text is aligned.
    const list: Candidate[] = [];
    const byText = new Map<string, number>();
    let rank = 0;
    for (const c of chosen[si]!) {
      if (skip.has(c.seq)) continue;
      if (c.hits <= 1 && rank >= o.singleHitCandidates) break;
      rank++;
      const text = candidateText(c);
      const k = text === null ? undefined : byText.get(text);
      if (k === undefined) {
        if (text !== null) byText.set(text, list.length);
        list.push(c);
      } else if (earlier(c.seq, list[k]!.seq) < 0) list[k] = c;
    }
    const topHits = list[0]?.hits ?? 0;
    let found: { hits: number } | null = null;
    for (const c of list) {
      if (c.hits < Math.max(1, Math.floor(topHits * o.candidateMinHitShare))) break;
      if (found && c.hits < found.hits) break;
      const src = sourceSentence(c);
      if (!src) continue;
      src.furniture ??= furniture(src.text);
      if (src.furniture) continue;
      const al = alignSentences(src.prepared, target);
      scored.push({ src, al });
      if (!found && al.similarity >= o.nearCopySimilarity && al.coverageTarget >= o.nearCopyCoverage)
        found = { hits: c.hits };
    }
    scored.sort((a, b) => b.al.similarity - a.al.similarity || earlier(a.src.seq, b.src.seq));
    const accepted = scored.filter((x) => explains(x.al, o, x.src.start, sentence.start));
    if (accepted.length === 0) return empty;
    // Among near-equal sources (the same sentence in a wire story and its update, or in several copies),
    // prefer the earliest: it is the likelier origin.
    const top = accepted[0]!.al.similarity;
    const near = accepted.filter((x) => x.al.similarity >= top - o.nearEqualSimilarity);
    near.sort((a, b) => earlier(a.src.seq, b.src.seq) || b.al.similarity - a.al.similarity);
    let best = near[0]!;
    let used: { src: SourceSentence; al: Alignment }[] = [best];
    let final = best.al;

    // A merged sentence: a second source explains what the first leaves uncovered.
    if (best.al.coverageTarget < o.mergeBelowCoverage) {
      let bestMerge: { al: Alignment; other: { src: SourceSentence; al: Alignment }; order: 0 | 1 } | null =
        null;
      for (const other of scored) {
        // The second source must explain a real part of the sentence on its own, not a few shared words.
        if (
          other === best ||
          other.src === best.src ||
          other.al.coverageTarget < o.mergeOtherTargetCoverage ||
          other.al.coverageSource < o.mergeOtherSourceCoverage
        ) {
          continue;
        }
        for (const order of [0, 1] as const) {
          const first = order === 0 ? best.src : other.src;
          const second = order === 0 ? other.src : best.src;
          const merged = alignSentences(
            prepareSentence([...first.tokens, ...shifted(second.tokens, MERGE_SHIFT)]),
            target,
          );
          if (merged.coverageTarget < best.al.coverageTarget + o.mergeMinGain) continue;
          // Used ranges are merged across the seam, so a range may start in the first source and end in the second.
          const usesBoth =
            merged.sourceUsed.some((u) => u.start < MERGE_SHIFT) &&
            merged.sourceUsed.some((u) => u.end > MERGE_SHIFT);
          if (!usesBoth) continue;
          if (!bestMerge || merged.coverageTarget > bestMerge.al.coverageTarget)
            bestMerge = { al: merged, other, order };
        }
      }
      if (bestMerge) {
        used = bestMerge.order === 0 ? [best, bestMerge.other] : [bestMerge.other, best];
        final = unshiftAlignment(bestMerge.al);
        best = used[0]!;
      }
    }

    const ops: AlignmentSpan[] = final.ops.map((op) => {
      const span: AlignmentSpan = { op: op.op };
      if (op.target) {
        span.text = op.target.text;
        span.start = op.target.start;
        span.end = op.target.end;
      }
      if (op.source) span.sourceText = op.source.text;
      return span;
    });
    const { aligned, swapped } = spinCounts(final);
    shared[si] = {
      // Weighed only for a trace no other sentence supports (most traces of a copy are supported).
      evidence: () =>
        contentEvidence(
          sentence.tokens,
          used.flatMap((u) => u.src.tokens),
        ),
      sources: used.map((u) => ({ seq: u.src.seq, start: u.src.start })),
    };
    return {
      sources: used.map(({ src, al }) =>
        sourceRef(
          src.seq,
          articles.get(src.seq)!,
          src,
          round(used.length > 1 ? al.similarity : final.similarity),
        ),
      ),
      substitutions: final.substitutions.map((s) => {
        const sub: Substitution = { original: s.original, spun: s.spun, known: s.known };
        // A figure written differently or rounded is a number change, not a spinner's word swap.
        if (compareFigures(s.original, s.spun) !== null) sub.kind = 'number';
        return sub;
      }),
      alignment: ops,
      droppedAttribution: final.droppedAttribution ?? null,
      alignedWords: aligned,
      swappedWords: swapped,
      boilerplate: false,
    };
  });
  return supportedOnly(traces, shared, o);
}

/**
 * Content evidence of a trace: the rarity-weighted content words (names and figures at least a floor) the checked
 * sentence shares with its source(s), in units of the rarest word's weight. A generic frame ("You can't make
 * this stuff up.", "did not immediately respond to a request for comment") shares only common words.
 */
function contentEvidence(target: Token[], source: Token[]): number {
  const keys = new Set(prepareRewriteSentence(source).units.map((u) => u.key));
  let w = 0;
  for (const u of prepareRewriteSentence(target).units) if (keys.has(u.key)) w += u.weight;
  return w / maxRarity();
}

/**
 * The support rule: a source article is named for a sentence only when it explains another sentence of the
 * article too (through another of its sentences: one source line matched three times is one piece of evidence),
 * or when what the two sentences share is rare enough to stand alone (DEFAULTS.match.isolatedMinEvidence).
 * Copies take many sentences from a source; a lone match on a generic frame, a stock formula or a widget is
 * what unrelated articles share.
 */
/** A traced sentence's sources, and (on demand) the content evidence it shares with them. */
interface Shared {
  evidence: () => number;
  sources: { seq: number; start: number }[];
}

function supportedOnly(
  traces: SentenceTrace[],
  shared: (Shared | undefined)[],
  o: MatchOptions,
): SentenceTrace[] {
  // For each source article, the (source sentence, checked sentence) pairs that use it.
  const uses = new Map<number, { start: number; by: number }[]>();
  shared.forEach((sh, i) => {
    for (const src of sh?.sources ?? []) {
      const list = uses.get(src.seq) ?? [];
      if (list.length === 0) uses.set(src.seq, list);
      list.push({ start: src.start, by: i });
    }
  });
  return traces.map((t, i) => {
    const sh = shared[i];
    if (!sh) return t;
    const supported = sh.sources.some((src) => {
      const own = new Set(sh.sources.filter((x) => x.seq === src.seq).map((x) => x.start));
      return uses.get(src.seq)!.some((u) => u.by !== i && !own.has(u.start));
    });
    return supported || sh.evidence() >= o.isolatedMinEvidence ? t : untraced();
  });
}

/** How a report names a stored article (its key, URL, site, date and title). */
export function articleRef(art: Article): ArticleRef {
  return {
    articleId: art.id ?? art.key,
    url: art.url ?? null,
    site: art.siteName ?? art.site ?? null,
    siteKey: art.site ?? null,
    published: art.published ?? null,
    title: art.title,
  };
}

/** A source sentence as a report cites it. */
export function sourceRef(
  seq: number,
  art: Article,
  span: { start: number; end: number },
  similarity: number,
): SourceRef & { seq: number } {
  const ref: SourceRef & { seq: number } = {
    seq,
    ...articleRef(art),
    text: art.text.slice(span.start, span.end),
    start: span.start,
    end: span.end,
    similarity,
  };
  if (art.version !== undefined) ref.version = art.version;
  if (art.latest === false) ref.latestVersion = false;
  return ref;
}

function unshiftAlignment(a: Alignment): Alignment {
  const fix = <T extends { start: number; end: number }>(s: T): T =>
    s.start >= MERGE_SHIFT ? { ...s, start: s.start - MERGE_SHIFT, end: s.end - MERGE_SHIFT } : s;
  return {
    ...a,
    ops: a.ops.map((op) => (op.source ? { ...op, source: fix(op.source) } : op)),
    sourceUsed: a.sourceUsed.map(fix),
  };
}

/** Order by publication date (undated last), then by ingest order. */
/** Content words an alignment copied or swapped, and of those swapped (figures written differently are not swaps). */
function spinCounts(al: Alignment): { aligned: number; swapped: number } {
  let aligned = 0;
  let swapped = 0;
  for (const op of al.ops) {
    if (op.op === 'copy' && op.target && /\p{L}{3,}/u.test(op.target.text)) aligned++;
    if (
      op.op === 'substitute' &&
      !(op.source && op.target && compareFigures(op.source.text, op.target.text))
    ) {
      aligned++;
      swapped++;
    }
  }
  return { aligned, swapped };
}

function earlierOf(
  articles: Map<number, Article>,
  a: number,
  b: number,
  order?: (seq: number) => number,
): number {
  const pa = articles.get(a)?.published ?? '9999';
  const pb = articles.get(b)?.published ?? '9999';
  return pa < pb ? -1 : pa > pb ? 1 : order ? order(a) - order(b) || a - b : a - b;
}

const round = (x: number) => Math.round(x * 1000) / 1000;
