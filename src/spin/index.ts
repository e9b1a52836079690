/**
 * A seeded article spinner for benchmarks and tests: it does what content farms do to wire copy.
 *
 * - Content words are swapped, at `rate` (share of content words), for first-sense WordNet synonyms or
 *   spinner-table swaps (said -> explained, international -> worldwide), inflected like the original.
 * - Alias names are swapped for another name of the same entity (Russia -> Russian Federation, U.S. -> USA).
 * - With `dropAttributions`, "NAME said" / "said NAME" becomes "he explained" (speaker dropped).
 *
 * Honesty caveat: the aligner's lexicon is built from the same WordNet, so a spinner that only used WordNet
 * synonyms would test the lexicon against itself. A share `unknownShare` (default 0.3) of the word swaps is
 * therefore drawn from a different resource the lexicon does not merge: WordNet hypernyms, similar-to and
 * see-also neighbours (data/related.json, read on first use), kept only when synonymScore() says the pair is
 * unrelated (< 0.8). Each reported substitution says whether the lexicon knows it (`known`), so a
 * benchmark can score known and unknown swaps separately.
 */

import { readJson } from '../lexicon/data.js';
import {
  aliasSurfaces,
  type CanonToken,
  canonicalizeTokens,
  inflect,
  isSpeechVerb,
  type Reading,
  readings,
  STOPWORDS,
  synonymScore,
  synonymsOf,
  wordPos,
} from '../lexicon/index.js';
import { tokenize } from '../normalise/index.js';
import type { Token } from '../types.js';

export interface SpinOptions {
  /** Share of content words to swap, 0..0.4 (higher is allowed but unrealistic). */
  rate: number;
  seed: number;
  /** Rewrite "NAME said" / "said NAME" as "he explained". */
  dropAttributions?: boolean;
  /** Share of word swaps drawn from words the lexicon does not know as synonyms (default 0.3). */
  unknownShare?: number;
  /** Probability of swapping a known alias name (default: rate). */
  aliasRate?: number;
}

export interface SpinSubstitution {
  original: string;
  spun: string;
  /** The lexicon knows the pair (synonymScore >= 0.8). */
  known: boolean;
  /** Offsets of the original in the input text. */
  start: number;
  end: number;
  /** Offsets of the replacement in the output text. */
  spunStart: number;
  spunEnd: number;
}

export interface SpinResult {
  text: string;
  substitutions: SpinSubstitution[];
  droppedAttributions: number;
}

/** mulberry32: a small, fast, seeded PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let relatedMap: Map<string, string[]> | undefined;

/** Non-synonym neighbours of a lemma in one POS (hypernyms, similar-to, see-also, verb group). */
function relatedWords(lemma: string, pos: string): string[] {
  if (!relatedMap) {
    relatedMap = new Map();
    const related = readJson<{ related: string }>('related.json');
    for (const line of related.related.split('\n')) {
      const [l, p, words] = line.split('\t');
      if (l && p && words) relatedMap.set(`${l}|${p}`, words.split(' '));
    }
  }
  return relatedMap.get(`${lemma}|${pos}`) ?? [];
}

const PRONOUNS = ['he', 'he', 'he', 'she', 'she', 'they'];
/** Words after which a capitalised run can be a speaker ("and Kerry said"; not "in Russia said"). */
const CLAUSE_JOINERS = new Set([
  'and',
  'but',
  'while',
  'as',
  'when',
  'after',
  'because',
  'though',
  'although',
]);

function matchCase(original: string, replacement: string): string {
  if (original.length > 1 && original === original.toUpperCase() && /\p{Lu}/u.test(original)) {
    return replacement.toUpperCase();
  }
  if (/^\p{Lu}/u.test(original)) return replacement.charAt(0).toUpperCase() + replacement.slice(1);
  return replacement;
}

function pick<T>(rand: () => number, list: readonly T[]): T | undefined {
  if (list.length === 0) return undefined;
  return list[Math.floor(rand() * list.length)];
}

interface Edit {
  start: number;
  end: number;
  text: string;
  original: string;
  /** Counted as an attribution drop, not a substitution. */
  drop?: boolean;
}

const NOT_NAMES = new Set(
  (
    'monday tuesday wednesday thursday friday saturday sunday january february march april may june july ' +
    'august september october november december'
  ).split(' '),
);

function isName(t: Token | undefined): boolean {
  return (
    t !== undefined &&
    t.kind === 'word' &&
    /^\p{Lu}\p{Ll}/u.test(t.text) &&
    !STOPWORDS.has(t.norm) &&
    !NOT_NAMES.has(t.norm)
  );
}

/** Sentence-initial tokens (first token, or after . ! ? and optional quotes). */
function sentenceStarts(tokens: Token[]): Set<number> {
  const out = new Set<number>([0]);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'punct' && /[.!?]/.test(t.text)) {
      let j = i + 1;
      while (j < tokens.length && tokens[j]!.kind === 'punct') j++;
      out.add(j);
    }
  }
  return out;
}

/** "NAME said" / "said NAME" spans, as [first token, last token, name on the left]. */
function attributions(tokens: Token[], starts: Set<number>): [number, number, boolean][] {
  const out: [number, number, boolean][] = [];
  for (let v = 0; v < tokens.length; v++) {
    const t = tokens[v]!;
    if (t.kind !== 'word' || !isSpeechVerb(t.norm) || readings(t.norm)[0]!.form !== 'ed') continue;
    // Name on the left: a run of up to 3 capitalised words, preceded by a boundary or a lower-case word.
    let f = v - 1;
    while (f >= 0 && v - f <= 3 && isName(tokens[f])) f--;
    const first = f + 1;
    if (first < v) {
      const before = tokens[f];
      const ok =
        before === undefined ||
        starts.has(first) ||
        before.kind === 'punct' ||
        CLAUSE_JOINERS.has(before.norm);
      if (ok) {
        out.push([first, v, true]);
        continue;
      }
    }
    // Name on the right: '"...," said Kerry.'
    let l = v + 1;
    while (l < tokens.length && l - v <= 3 && isName(tokens[l])) l++;
    if (l > v + 1 && (l >= tokens.length || tokens[l]!.kind === 'punct') && !starts.has(v)) {
      out.push([v, l - 1, false]);
    }
  }
  return out;
}

/** Spin a text deterministically (same text, options and seed -> same output). */
export function spinText(text: string, opts: SpinOptions): SpinResult {
  const rand = mulberry32(opts.seed);
  const rate = Math.max(0, opts.rate);
  const unknownShare = opts.unknownShare ?? 0.3;
  const aliasRate = opts.aliasRate ?? rate;
  const tokens = tokenize(text);
  const starts = sentenceStarts(tokens);
  const edits: Edit[] = [];
  const claimed = new Uint8Array(tokens.length);
  let dropped = 0;

  if (opts.dropAttributions) {
    for (const [first, last, nameLeft] of attributions(tokens, starts)) {
      let free = true;
      for (let i = first; i <= last; i++) if (claimed[i]) free = false;
      if (!free) continue;
      const verbs = synonymsOf('say', 'v').filter((w) => w !== 'tell');
      const verb = inflect(pick(rand, verbs) ?? 'explain', 'ed');
      const pronoun = pick(rand, PRONOUNS) ?? 'he';
      const atStart = nameLeft ? starts.has(first) : false;
      const spun = `${atStart ? pronoun.charAt(0).toUpperCase() + pronoun.slice(1) : pronoun} ${verb}`;
      const s = tokens[first]!.start;
      const e = tokens[last]!.end;
      edits.push({ start: s, end: e, text: spun, original: text.slice(s, e), drop: true });
      for (let i = first; i <= last; i++) claimed[i] = 1;
      dropped++;
    }
  }

  // Word swaps: `rate` is a share of all content words (non-function words that are not names); the swaps
  // are drawn among the words that have a substitute, so short texts get round(rate * content words).
  const eligible: { u: CanonToken; r: Reading; pos: string; known: string[]; unknown: string[] }[] = [];
  let contentWords = 0;
  for (const u of canonicalizeTokens(tokens)) {
    if (claimed[u.first]) continue;
    if (u.alias) {
      if (rand() >= aliasRate) continue;
      // Another name of the same entity, at most three words ("Russian Federation", "USA").
      const options = aliasSurfaces(u.key).filter(
        (n) => n.toLowerCase() !== u.text.toLowerCase() && n.split(' ').length <= 3,
      );
      const choice = pick(rand, options);
      if (!choice) continue;
      edits.push({ start: u.start, end: u.end, text: choice, original: u.text });
      continue;
    }
    if (u.kind !== 'word' || u.stop) continue;
    // Names keep their form: skip capitalised words that are not sentence-initial.
    if (/^\p{Lu}/u.test(u.text) && !starts.has(u.first)) continue;
    contentWords++;
    if (u.text.length < 3 || /\p{Lu}/u.test(u.text.slice(1)) || /['-]/.test(u.text)) continue;
    const r = readings(u.norm)[0]!;
    const pos = r.form === 'base' ? wordPos(r.lemma).charAt(0) : r.pos;
    if (pos === '') continue;
    const known = synonymsOf(r.lemma, pos).filter((w) => !w.includes('-'));
    const unknown = relatedWords(r.lemma, pos).filter((w) => synonymScore(w, r.lemma) < 0.8);
    if (known.length > 0 || unknown.length > 0) eligible.push({ u, r, pos, known, unknown });
  }
  // Seeded choice of round(rate * contentWords) eligible words (partial Fisher-Yates).
  const want = Math.min(eligible.length, Math.round(rate * contentWords));
  for (let k = 0; k < want; k++) {
    const j = k + Math.floor(rand() * (eligible.length - k));
    [eligible[k], eligible[j]] = [eligible[j]!, eligible[k]!];
  }
  for (const { u, r, pos, known, unknown } of eligible.slice(0, want).sort((x, y) => x.u.start - y.u.start)) {
    const useUnknown = rand() < unknownShare;
    const first = useUnknown ? unknown : known;
    const second = useUnknown ? known : unknown;
    const lemma = pick(rand, first.length > 0 ? first : second);
    if (!lemma) continue;
    const spun = matchCase(u.text, inflect(lemma, r.form, pos));
    if (spun.toLowerCase() === u.norm) continue;
    edits.push({ start: u.start, end: u.end, text: spun, original: u.text });
  }

  edits.sort((x, y) => x.start - y.start);
  let out = '';
  let pos = 0;
  const substitutions: SpinSubstitution[] = [];
  for (const e of edits) {
    if (e.start < pos) continue;
    out += text.slice(pos, e.start);
    const spunStart = out.length;
    out += e.text;
    pos = e.end;
    if (!e.drop) {
      substitutions.push({
        original: e.original,
        spun: e.text,
        known: synonymScore(e.original, e.text) >= 0.8,
        start: e.start,
        end: e.end,
        spunStart,
        spunEnd: out.length,
      });
    }
  }
  out += text.slice(pos);
  return { text: out, substitutions, droppedAttributions: dropped };
}
