/**
 * The rewrite stage, pure: provenance through paraphrase (an LLM or an editor rewrote the source: sentences
 * restructured, words changed, sentences merged or split), where the spin aligner (token by token, in order)
 * finds little.
 *
 * Two steps, each explainable:
 *  1. Documents: the checked article and each candidate source article become rarity-weighted bags of canonical
 *     word keys (names, figures and rare words weigh most: LLMs keep the facts and change the wording); their
 *     cosine says how related they are. Only a clearly related candidate is aligned at all, so a stock phrase
 *     shared with an article on another story never makes a source.
 *  2. Sentences: within the related candidates, each checked sentence is matched to the source sentence whose
 *     rare words it shares most (exact keys, WordNet synonyms and word-family matches counted with less weight),
 *     the similarity being the harmonic mean of both sides' weighted coverage. A second source sentence is added
 *     when it explains a further real part of the checked one (two sentences merged into one); several checked
 *     sentences may share one source sentence (one split in two).
 * Every threshold is in DEFAULTS.rewrite, with the reason for its value.
 */
import { DEFAULTS } from '../defaults.js';
import { canonicalizeTokens, synonymScore } from '../lexicon/index.js';
import { compareFigures } from '../match/numbers.js';
import type { Token } from '../types.js';
import { maxRarity, rarity } from './rarity.js';

export { maxRarity, rarity } from './rarity.js';

export type RewriteOptions = { [K in keyof typeof DEFAULTS.rewrite]: number };

/** A content word of a sentence, for paraphrase matching. */
export interface RewriteUnit {
  key: string;
  lemma: string;
  /** Surface text (first occurrence). */
  text: string;
  weight: number;
  /** A figure ("2.5", "1998", "five"). */
  number: boolean;
  /** A name (capitalised inside the sentence) or a known alias (country, organisation). */
  name: boolean;
  /** Offsets of its first occurrence (in the text the tokens were cut from). */
  start: number;
  end: number;
}

export interface RewriteSentence {
  units: RewriteUnit[];
  /** Keys of the content words inside quotation marks, when at least `quoteMinWords` are (a direct quote). */
  quoted?: ReadonlySet<string>;
  /** Sum of the units' weights. */
  weight: number;
}

const NUMBER_RE = /^\d/;
const UPPER_RE = /^\p{Lu}/u;

/** A sentence's content words, deduplicated by key, each weighed by its rarity (figures and names at least `anchorFloor`). */
export function prepareRewriteSentence(
  tokens: Token[],
  o: Pick<RewriteOptions, 'anchorFloor' | 'quoteMinWords'> = DEFAULTS.rewrite,
): RewriteSentence {
  const seen = new Map<string, RewriteUnit>();
  const quoted = new Set<string>();
  let inQuote = false;
  for (const c of canonicalizeTokens(tokens)) {
    if (c.kind === 'punct') {
      if (c.text === '\u201c') inQuote = true;
      else if (c.text === '\u201d') inQuote = false;
      else if (c.text === '"') inQuote = !inQuote;
      continue;
    }
    if (c.stop) continue;
    if (inQuote) quoted.add(c.key);
    if (seen.has(c.key)) continue;
    const number = c.kind === 'number' || NUMBER_RE.test(c.text);
    const name = c.alias || (c.first > 0 && UPPER_RE.test(c.text));
    // Single letters and bare punctuation-like tokens say nothing.
    if (!number && c.key.length < 2) continue;
    let weight = rarity(c.key);
    if (number || name) weight = Math.max(weight, o.anchorFloor * maxRarity());
    // A figure token may carry the punctuation after it ("2004,"): the fact is the figure.
    const text = number ? c.text.replace(/[.,;:]+$/, '') : c.text;
    seen.set(c.key, { key: c.key, lemma: c.lemma, text, weight, number, name, start: c.start, end: c.end });
  }
  const units = [...seen.values()];
  const out: RewriteSentence = { units, weight: units.reduce((n, u) => n + u.weight, 0) };
  if (quoted.size >= o.quoteMinWords) out.quoted = quoted;
  return out;
}

/** A document as a weighted bag of keys (each key once), for relatedness. */
export interface DocProfile {
  weights: Map<string, number>;
  norm: number;
}

const SENTENCE_END = /^[.!?"'\u201d\u2019:;]$/u;

/**
 * A whole text's profile in one pass (no sentence split): each content key once, weighed as
 * `prepareRewriteSentence` weighs it, a capitalised word after a sentence end not counting as a name.
 */
export function textProfile(
  tokens: Token[],
  o: Pick<RewriteOptions, 'anchorFloor'> = DEFAULTS.rewrite,
): DocProfile {
  const weights = new Map<string, number>();
  const floor = o.anchorFloor * maxRarity();
  for (const c of canonicalizeTokens(tokens)) {
    if (c.kind === 'punct' || c.stop || weights.has(c.key)) continue;
    const number = c.kind === 'number' || NUMBER_RE.test(c.text);
    if (!number && c.key.length < 2) continue;
    const prev = c.first > 0 ? tokens[c.first - 1]!.text : '.';
    const name = c.alias || (!SENTENCE_END.test(prev) && UPPER_RE.test(c.text));
    let weight = rarity(c.key);
    if (number || name) weight = Math.max(weight, floor);
    weights.set(c.key, weight);
  }
  let sq = 0;
  for (const w of weights.values()) sq += w * w;
  return { weights, norm: Math.sqrt(sq) };
}

/** Cosine of two documents' weighted key sets, in [0, 1]. */
export function relatedness(a: DocProfile, b: DocProfile): number {
  if (a.norm === 0 || b.norm === 0) return 0;
  const [small, large] = a.weights.size <= b.weights.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [k, w] of small.weights) {
    const v = large.weights.get(k);
    if (v !== undefined) dot += w * v;
  }
  return dot / (a.norm * b.norm);
}

/** How one checked sentence matches one source sentence. */
export interface SentenceMatch {
  similarity: number;
  /** Weighted share of the checked sentence's words found in the source, and the reverse. */
  coverageQuery: number;
  coverageSource: number;
  /** Per unit of the checked sentence: the credit it got (0: unmatched), and the source unit it matched. */
  credit: number[];
  matched: (RewriteUnit | null)[];
}

/** Partial credit for a word matched by meaning or word family rather than by key. */
function softCredit(
  a: RewriteUnit,
  b: RewriteUnit,
  o: Pick<RewriteOptions, 'synonymCredit' | 'familyCredit'>,
): number {
  if (a.number || b.number) return 0;
  // Word family: "unity" / "united", "investigate" / "investigation".
  if (a.lemma.length >= 5 && b.lemma.length >= 5 && a.lemma.slice(0, 5) === b.lemma.slice(0, 5))
    return o.familyCredit;
  return synonymScore(a.lemma, b.lemma) >= 0.8 ? o.synonymCredit : 0;
}

export function matchSentences(
  q: RewriteSentence,
  s: RewriteSentence,
  o: Pick<RewriteOptions, 'synonymCredit' | 'familyCredit' | 'softAbove'> = DEFAULTS.rewrite,
): SentenceMatch {
  const credit = new Array<number>(q.units.length).fill(0);
  const matched = new Array<RewriteUnit | null>(q.units.length).fill(null);
  if (q.weight === 0 || s.weight === 0)
    return { similarity: 0, coverageQuery: 0, coverageSource: 0, credit, matched };
  const byKey = new Map<string, RewriteUnit>();
  for (const u of s.units) byKey.set(u.key, u);
  const used = new Set<string>();
  let mq = 0;
  q.units.forEach((u, i) => {
    const v = byKey.get(u.key);
    if (v) {
      credit[i] = 1;
      matched[i] = v;
      used.add(v.key);
      mq += u.weight;
    }
  });
  // Soft matches only where the exact ones already show a relation (they cost a dictionary look-up per pair).
  if (mq / q.weight >= o.softAbove) {
    q.units.forEach((u, i) => {
      if (credit[i]! > 0) return;
      let best = 0;
      let bestUnit: RewriteUnit | null = null;
      for (const v of s.units) {
        if (used.has(v.key)) continue;
        const c = softCredit(u, v, o);
        if (c > best) [best, bestUnit] = [c, v];
      }
      if (bestUnit) {
        credit[i] = best;
        matched[i] = bestUnit;
        used.add(bestUnit.key);
        mq += best * u.weight;
      }
    });
  }
  let ms = 0;
  q.units.forEach((_u, i) => {
    const v = matched[i];
    if (v) ms += credit[i]! * v.weight;
  });
  const coverageQuery = mq / q.weight;
  const coverageSource = ms / s.weight;
  const similarity =
    coverageQuery + coverageSource > 0
      ? (2 * coverageQuery * coverageSource) / (coverageQuery + coverageSource)
      : 0;
  return { similarity, coverageQuery, coverageSource, credit, matched };
}

/**
 * The two sentences state different figures: the checked one has a figure its source lacks while the source has
 * one it lacks, and no such pair is the same figure written differently or rounded ("1998" / "1995", "$2.5
 * billion" / "$693 million"). Another fact told in the same words, as the spin stage rules too.
 */
export function figureConflict(q: RewriteSentence, s: RewriteSentence, m: SentenceMatch): boolean {
  const qOnly = q.units.filter((u, i) => u.number && m.credit[i] === 0);
  if (qOnly.length === 0) return false;
  const matched = new Set(m.matched.filter((u): u is RewriteUnit => u !== null).map((u) => u.key));
  const sOnly = s.units.filter((u) => u.number && !matched.has(u.key));
  if (sOnly.length === 0) return false;
  return !qOnly.some((a) => sOnly.some((b) => compareFigures(b.text, a.text) !== 'mismatch'));
}

/**
 * Both sentences quote someone directly and the quotes share too few words: two different statements (another
 * remark in the same frame, "X said on Sunday: ..."). Rewriters keep quotes, or turn them into reported speech.
 */
export function quoteConflict(
  q: RewriteSentence,
  s: RewriteSentence,
  o: Pick<RewriteOptions, 'quoteMinOverlap'> = DEFAULTS.rewrite,
): boolean {
  if (!q.quoted || !s.quoted) return false;
  let shared = 0;
  for (const k of q.quoted) if (s.quoted.has(k)) shared++;
  return shared < o.quoteMinOverlap * Math.min(q.quoted.size, s.quoted.size);
}

/** Share of a sentence's other words matched at which a different name makes it another fact. */
const NAME_CONFLICT_REST = 0.7;

/**
 * The two sentences name different people or bodies: each names someone the other does not, and neither is the
 * other's only name ("Hunter's family" / "Tucker's family"). Spinners and LLMs keep names; this is another fact.
 */
export function nameConflict(q: RewriteSentence, s: RewriteSentence, m: SentenceMatch): boolean {
  const qOnly = q.units.filter((u, i) => u.name && m.credit[i] === 0);
  if (qOnly.length === 0) return false;
  // Only where the rest of the sentence is the same (the same words told of someone else): a looser paraphrase
  // with an extra name is judged by its similarity.
  let rest = 0;
  let restMatched = 0;
  q.units.forEach((u, i) => {
    if (u.name) return;
    rest += u.weight;
    restMatched += m.credit[i]! * u.weight;
  });
  if (rest === 0 || restMatched / rest < NAME_CONFLICT_REST) return false;
  const matched = new Set(m.matched.filter((u): u is RewriteUnit => u !== null).map((u) => u.key));
  return s.units.some((u) => u.name && !matched.has(u.key));
}

/** A candidate source article, prepared. */
export interface RewriteSource<T> {
  /** Caller's handle for the article. */
  ref: T;
  sentences: { ref: number; prepared: RewriteSentence }[];
  /** The similarity a sentence of this article needs (default: the options' sentenceThreshold). */
  sentenceThreshold?: number;
}

export interface RewriteTrace<T> {
  /** One source sentence, or two when the checked sentence merges two. */
  sources: { article: T; sentence: number; similarity: number }[];
  similarity: number;
  coverage: number;
  /** Facts the checked sentence shares with its source(s): names and figures (surface text, checked side). */
  /** (Units of the checked sentence: a name of several words is several units, see `factPhrases`.) */
  sharedNames: RewriteUnit[];
  sharedNumbers: RewriteUnit[];
  /** Words the checked sentence shares by meaning only (original -> rewritten), for the explanation. */
  rewordings: { original: string; rewritten: string }[];
}

/**
 * Trace the checked sentences (those `wanted`) through the related source articles, most related first. Pure.
 * A sentence is traced when its best source sentence is similar enough and the shared words weigh enough.
 */
export function alignRewrites<T>(
  query: readonly RewriteSentence[],
  sources: readonly RewriteSource<T>[],
  wanted: (index: number) => boolean,
  o: RewriteOptions = DEFAULTS.rewrite,
): (RewriteTrace<T> | null)[] {
  return query.map((q, qi) => {
    if (!wanted(qi) || q.units.length < o.minUnits) return null;
    const all: { src: RewriteSource<T>; si: number; m: SentenceMatch }[] = [];
    for (const src of sources) {
      src.sentences.forEach((s, si) => {
        const m = matchSentences(q, s.prepared, o);
        if (
          m.similarity <= 0 ||
          figureConflict(q, s.prepared, m) ||
          nameConflict(q, s.prepared, m) ||
          quoteConflict(q, s.prepared, o)
        )
          return;
        all.push({ src, si, m });
      });
    }
    // The most similar (the first of equals).
    const top = all.reduce<(typeof all)[number] | null>(
      (b, c) => (!b || c.m.similarity > b.m.similarity ? c : b),
      null,
    );
    if (!top) return null;
    const sharedWeight = (m: SentenceMatch) => q.units.reduce((n, u, i) => n + m.credit[i]! * u.weight, 0);
    const strong = (m: SentenceMatch, src: RewriteSource<T>) =>
      m.similarity >= (src.sentenceThreshold ?? o.sentenceThreshold) ||
      (m.coverageQuery >= o.splitQueryCoverage && m.coverageSource >= o.splitSourceCoverage);
    // A person's name and "said" make no shared sentence: beyond the names and figures, the words must share
    // weight, unless the sentences share many facts (a ministry, a river, a toll and a day, reworded around them).
    // At least one of those words is used in both, not only matched by meaning: names and synonyms alone ("McCain,
    // with his trademark passion" / "Sen. McCain likes to talk about earmarks": one meaning of each) share no
    // statement. A capitalised first word is a name when its match in the source is one ("McCain, ..." / "Sen.
    // McCain").
    const fact = (m: SentenceMatch, u: RewriteUnit, i: number) =>
      u.name || u.number || m.matched[i]?.name === true;
    const sharedWords = (m: SentenceMatch) => {
      let weight = 0;
      let own = false;
      q.units.forEach((u, i) => {
        if (fact(m, u, i) || m.credit[i] === 0) return;
        weight += m.credit[i]! * u.weight;
        if (m.matched[i]?.lemma === u.lemma) own = true;
      });
      return own ? weight : 0;
    };
    // Facts are counted by phrases: a run of names and figures next to each other is one fact ("Senate Majority
    // Leader Mitch McConnell" is one person, "Harlow County Water Board" one body), so a title and a name with
    // "said Sunday" around them never make four shared facts.
    const sharedFacts = (m: SentenceMatch) => {
      const units = q.units
        .filter((u, i) => fact(m, u, i) && m.credit[i]! > 0)
        .sort((a, b) => a.start - b.start);
      return units.filter((u, k) => k === 0 || u.start - units[k - 1]!.end > 2).length;
    };
    const shareOk = (m: SentenceMatch) =>
      sharedWeight(m) >= o.minSharedWeight &&
      (sharedWords(m) >= o.minSharedWordWeight || sharedFacts(m) >= o.minSharedFacts) &&
      m.credit.filter((c) => c > 0).length >= o.minSharedWords;
    let used = [top];
    let credit = top.m.credit.slice();
    let matchedUnits = top.m.matched.slice();
    // A merged sentence: a second source sentence covers a further real part of it.
    if (top.m.coverageQuery < o.mergeBelowCoverage) {
      let bestGain = 0;
      let second: (typeof all)[number] | null = null;
      for (const c of all) {
        if (c === top || c.m.coverageSource < o.mergeOtherSourceCoverage) continue;
        let gain = 0;
        q.units.forEach((u, i) => {
          if (c.m.credit[i]! > credit[i]!) gain += (c.m.credit[i]! - credit[i]!) * u.weight;
        });
        gain /= q.weight;
        if (gain > bestGain) [bestGain, second] = [gain, c];
      }
      if (second && bestGain >= o.mergeMinGain) {
        const s2 = second;
        used = [top, s2];
        credit = credit.map((c, i) => Math.max(c, s2.m.credit[i]!));
        matchedUnits = matchedUnits.map((m, i) =>
          s2.m.credit[i]! > (top.m.credit[i] ?? 0) ? s2.m.matched[i]! : m,
        );
      }
    }
    const coverage = q.units.reduce((n, u, i) => n + credit[i]! * u.weight, 0) / q.weight;
    const merged =
      used.length > 1 &&
      coverage >= o.mergedCoverage &&
      used.every((u) => u.m.similarity >= o.mergePartSimilarity);
    if (!merged && !(strong(top.m, top.src) && shareOk(top.m))) return null;
    if (merged && !shareOk({ ...top.m, credit })) return null;
    const sharedNames: RewriteUnit[] = [];
    const sharedNumbers: RewriteUnit[] = [];
    const rewordings: { original: string; rewritten: string }[] = [];
    q.units.forEach((u, i) => {
      const m = matchedUnits[i];
      if (!m || credit[i] === 0) return;
      if (credit[i]! < 1) rewordings.push({ original: m.text, rewritten: u.text });
      else if (u.number) sharedNumbers.push(u);
      else if (u.name) sharedNames.push(u);
    });
    return {
      sources: used.map((u) => ({
        article: u.src.ref,
        sentence: u.src.sentences[u.si]!.ref,
        similarity: round(u.m.similarity),
      })),
      similarity: round(
        merged
          ? (2 * coverage * avg(used.map((u) => u.m.coverageSource))) /
              (coverage + avg(used.map((u) => u.m.coverageSource)))
          : top.m.similarity,
      ),
      coverage: round(coverage),
      sharedNames,
      sharedNumbers,
      rewordings,
    };
  });
}

/**
 * Units as phrases of `text` (whose first character is at offset `base`): units in a row with only spaces or an
 * abbreviation's full stop between them are one phrase ("Leila" "Haddad" -> "Leila Haddad", "St" "Aldric" ->
 * "St. Aldric"); a figure's trailing punctuation is left out.
 */
export function factPhrases(units: readonly RewriteUnit[], text: string, base: number): string[] {
  const sorted = [...units].sort((a, b) => a.start - b.start);
  const out: string[] = [];
  let first: RewriteUnit | null = null;
  let last: RewriteUnit | null = null;
  const flush = () => {
    if (!first || !last) return;
    out.push(
      first === last ? first.text : text.slice(first.start - base, last.end - base).replace(/[.,;:]+$/, ''),
    );
  };
  for (const u of sorted) {
    if (last && /^\.?\s+$/.test(text.slice(last.end - base, u.start - base))) {
      last = u;
      continue;
    }
    flush();
    first = last = u;
  }
  flush();
  return out;
}

const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);
const round = (x: number) => Math.round(x * 1000) / 1000;
