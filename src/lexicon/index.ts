/**
 * Lexicon: canonical keys for spin-robust matching (aliases, spinner swaps, WordNet synonyms), cheap
 * lemmatisation, synonym scores and the stopword list.
 *
 * Data (data/, read on first use, never at import; see data/README.md): wordnet.json is a compact selection
 * of WordNet 3.1 (≈1 MB, built and documented by scripts/build-lexicon.ts, committed); aliases come from the
 * name table (names.ts: data/names.tsv, i18n-iso-countries, countries-list), which the entity gazetteer
 * shares; spinner swaps from the specimen's table plus common thesaurus swaps.
 */
import { editDistance, tokenize } from '../normalise/index.js';
import type { Token } from '../types.js';
import { type AliasPhrase, aliasTables, SPEECH_VERBS, speechVerbs, spinnerKeys } from './_aliases.js';
import { type Form, inflect, lemmatize, type Reading, readings } from './_morph.js';
import { STOPWORDS, SUBJECT_PRONOUNS } from './_stopwords.js';
import { firstSense, intersects, lemmaFreq, lemmaPos, lemmaRec, synset } from './_wordnet.js';

export { type NameEntry, type NameForm, type NameType, nameKey, nameTable } from './names.js';
export type { Form, Reading };
export { inflect, lemmatize, readings, SPEECH_VERBS, STOPWORDS, SUBJECT_PRONOUNS, speechVerbs };

/** Scores returned by synonymScore (one place, documented). */
export const SCORE = {
  exact: 1,
  /** Two names of one entity (Russia / Russian Federation, U.S. / USA). */
  alias: 1,
  /** Same lemma, other inflection (said / says). */
  lemma: 0.9,
  /** Spinner table swap (said / explained, international / worldwide). */
  spinner: 0.85,
  /** Spelling variant of a name (Darayya / Daraya). */
  spelling: 0.85,
  /** Shares a WordNet synonym set (first 8 senses). */
  wordnet: 0.8,
} as const;

/** A token, or a multi-word alias phrase collapsed into one unit, with its canonical key. */
export interface CanonToken {
  /** Surface text (tokens joined with single spaces where the text had a gap). */
  text: string;
  /** Folded form (joined norms for a phrase). */
  norm: string;
  /** Canonical key: equal keys mean "the same word for matching". */
  key: string;
  /** Lemma of a word; the key of an alias phrase. */
  lemma: string;
  /** Offsets: first token's start to last token's end. */
  start: number;
  end: number;
  kind: Token['kind'];
  /** Index range [first, last] of the tokens this unit covers. */
  first: number;
  last: number;
  /** A known alias (country, organisation), single- or multi-word. */
  alias: boolean;
  /** A function word. */
  stop: boolean;
}

/** Everything the matcher needs to know about one folded word (cached). */
export interface WordInfo {
  norm: string;
  key: string;
  lemma: string;
  /** All lemmas of all readings (for spelling/lemma tests). */
  lemmas: string[];
  /** Kept WordNet synset ids of all readings, ascending. */
  syn: Int32Array;
  stop: boolean;
  alias: boolean;
  /** The lemma is a WordNet lemma. */
  inWordNet: boolean;
  /** The aligner's word id of `key` in `idTable` (src/align: kept here so that a word is looked up once). */
  keyId: number;
  idTable: object | null;
}

const EMPTY = new Int32Array(0);
const NUMBER_RE = /^[$€£]?\d/;
const cache = new Map<string, WordInfo>();
const CACHE_MAX = 200_000;

/** Spinner group key of a lemma read as part of speech `pos` (n, v, a, r; '' when unknown). */
function spinnerKey(lemma: string, pos: string): string | undefined {
  const g = spinnerKeys().get(lemma);
  if (!g) return undefined;
  return g.pos === '*' || (pos !== '' && pos.includes(g.pos)) ? g.key : undefined;
}

function computeKey(norm: string, rs: Reading[]): string {
  const alias = aliasTables().word.get(norm);
  if (alias) return alias;
  if (NUMBER_RE.test(norm)) return norm.replace(/,/g, '');
  if (STOPWORDS.has(norm)) return spinnerKey(norm, '') ?? norm;
  const best = rs[0]!;
  // Base forms take the lemma's most frequent POS ("state" is a noun, "stated" a verb).
  const pos = best.form === 'base' ? (lemmaPos(best.lemma) ?? '').charAt(0) : best.pos;
  const spin = spinnerKey(best.lemma, pos);
  if (spin) return spin;
  const ss = firstSense(best.lemma, pos || undefined);
  const rec = ss === undefined ? undefined : synset(ss);
  if (rec) {
    // The most frequent member whose own first sense is this synset ("stated" -> "say"), so a word is
    // never keyed to a head that mostly means something else ("news" is not keyed to "word").
    for (const m of rec.members) {
      if (m === best.lemma || firstSense(m, rec.pos) === ss) return spinnerKey(m, rec.pos) ?? m;
    }
  }
  return best.lemma;
}

/**
 * A direct-mapped cache in front of `cache`: most tokens hit here (93 % on generated news text) instead of
 * probing the large Map, which costs a few cache misses per lookup. Slots are chosen by an FNV-1a hash of
 * the word; a slot keeps the last word that mapped to it.
 */
const HOT_BITS = 16;
const HOT_MASK = (1 << HOT_BITS) - 1;
const hotKeys: (string | undefined)[] = new Array(1 << HOT_BITS).fill(undefined);
const hotInfo: (WordInfo | undefined)[] = new Array(1 << HOT_BITS).fill(undefined);
/** PHRASES.get(key) for the word in the slot (the alias phrases it may start). */
const hotPhrases: (AliasPhrase[] | undefined)[] = new Array(1 << HOT_BITS).fill(undefined);

function fillHot(slot: number, norm: string, info: WordInfo): void {
  hotKeys[slot] = norm;
  hotInfo[slot] = info;
  hotPhrases[slot] = aliasTables().phrases.get(norm);
}

function hotSlot(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h ^ (h >>> 15)) & HOT_MASK;
}

/** Cached analysis of a folded lower-case word. */
export function wordInfo(norm: string): WordInfo {
  const slot = hotSlot(norm);
  if (hotKeys[slot] === norm) return hotInfo[slot]!;
  const hit = cache.get(norm);
  if (hit) {
    fillHot(slot, norm, hit);
    return hit;
  }
  const stop = STOPWORDS.has(norm);
  const isNum = NUMBER_RE.test(norm);
  const rs: Reading[] = isNum ? [{ lemma: norm, form: 'base', pos: '' }] : readings(norm);
  const lemmas = [...new Set(rs.map((r) => r.lemma))];
  let syn = EMPTY;
  if (!stop && !isNum) {
    const ids: number[] = [];
    for (const l of lemmas) {
      const rec = lemmaRec(l);
      if (rec) for (const id of rec.all) ids.push(id);
    }
    if (ids.length > 0) syn = Int32Array.from(new Set(ids)).sort();
  }
  const info: WordInfo = {
    norm,
    key: computeKey(norm, rs),
    lemma: rs[0]!.lemma,
    lemmas,
    syn,
    stop,
    alias: aliasTables().word.has(norm),
    inWordNet: lemmaRec(rs[0]!.lemma) !== undefined,
    keyId: 0,
    idTable: null,
  };
  if (cache.size >= CACHE_MAX) {
    cache.clear();
    hotKeys.fill(undefined);
    hotInfo.fill(undefined);
    hotPhrases.fill(undefined);
  }
  cache.set(norm, info);
  return info;
}

/**
 * Canonical key of a folded lower-case token: aliases ("russia", "usa", "u.s." -> one key), spinner
 * swaps ("said", "explained", "stated" -> "say"; "worldwide", "global" -> "international"), else the
 * head word of the lemma's most frequent WordNet synonym set, else the lemma. Numbers lose thousands
 * separators; function words map to themselves. Multi-word aliases need canonicalizeTokens().
 */
export function canonical(norm: string): string {
  return wordInfo(norm).key;
}

function spellingVariant(ia: WordInfo, ib: WordInfo): boolean {
  const a = ia.norm;
  const b = ib.norm;
  if (a === b || a.length < 5 || b.length < 5 || a.charCodeAt(0) !== b.charCodeAt(0)) return false;
  if ((ia.inWordNet && ib.inWordNet) || ia.stop || ib.stop) return false;
  const limit = Math.min(a.length, b.length) >= 9 ? 2 : 1;
  return editDistance(a, b, limit) <= limit;
}

/**
 * Spelling variants of one name (Darayya / Daraya): long enough, same first letter, one edit apart (two for
 * long words), and not two different dictionary words (form / from, state / stake).
 */
export function isSpellingVariant(a: string, b: string): boolean {
  return spellingVariant(wordInfo(a), wordInfo(b));
}

/** Synonym score of two analysed words; 0 when unrelated. */
export function infoScore(a: WordInfo, b: WordInfo): number {
  if (a.norm === b.norm) return SCORE.exact;
  if (a.key === b.key) {
    if (a.alias || b.alias) return SCORE.alias;
    if (a.lemma === b.lemma) return SCORE.lemma;
    if (a.stop || b.stop) return SCORE.spinner;
    const spin = spinnerKeys();
    return spin.has(a.lemma) || spin.has(b.lemma) ? SCORE.spinner : SCORE.wordnet;
  }
  if (a.stop || b.stop) return 0;
  for (const l of a.lemmas) if (b.lemmas.includes(l)) return SCORE.lemma;
  if (a.syn.length > 0 && b.syn.length > 0 && intersects(a.syn, b.syn)) return SCORE.wordnet;
  if (spellingVariant(a, b)) return SCORE.spelling;
  return 0;
}

/** Analysis of a word or alias phrase given as text; undefined when it is several units. */
function phraseInfo(s: string): WordInfo | undefined {
  const units = canonicalizeTokens(tokenize(s));
  if (units.length !== 1) return undefined;
  return unitInfo(units[0]!);
}

/** Analysis of a canonical unit: a word's cached WordInfo, or an alias phrase as one pseudo-word. */
export function unitInfo(u: CanonToken): WordInfo {
  if (u.kind === 'word' && u.first === u.last && u.key === wordInfo(u.norm).key) return wordInfo(u.norm);
  return {
    norm: u.norm,
    key: u.key,
    lemma: u.key,
    lemmas: [u.key],
    syn: EMPTY,
    stop: u.stop,
    alias: u.alias,
    inWordNet: false,
    keyId: 0,
    idTable: null,
  };
}

/**
 * How interchangeable two words (or alias phrases) are, in [0, 1]: exact 1, alias 1 ("Russia",
 * "Russian Federation"), same lemma 0.9 ("said", "says"), spinner swap 0.85 ("said", "explained"),
 * spelling variant 0.85, shared WordNet synonym set 0.8 ("help", "aid"), unrelated 0.
 * Inputs may be surface text; they are folded.
 */
export function synonymScore(a: string, b: string): number {
  const ia = phraseInfo(a);
  const ib = phraseInfo(b);
  if (!ia || !ib) return 0;
  return infoScore(ia, ib);
}

/** Whether two words (or alias phrases) are interchangeable for matching: synonymScore >= 0.8. */
export function areSynonyms(a: string, b: string): boolean {
  return synonymScore(a, b) >= SCORE.wordnet;
}

function joinText(tokens: Token[], first: number, last: number): string {
  let s = tokens[first]!.text;
  for (let i = first + 1; i <= last; i++) {
    const t = tokens[i]!;
    s += (t.start > tokens[i - 1]!.end ? ' ' : '') + t.text;
  }
  return s;
}

/**
 * Canonical units of a token list: alias phrases ("Russian Federation", "United States of America", "U.S.")
 * become one unit spanning their tokens; every other token is one unit with canonical(norm) as key.
 */
export function canonicalizeTokens(tokens: Token[]): CanonToken[] {
  const out: CanonToken[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    // Words: their analysis and the alias phrases they may start, from the hot cache when possible.
    let info: WordInfo | undefined;
    let phrases: AliasPhrase[] | undefined;
    if (t.kind !== 'punct') {
      const slot = hotSlot(t.norm);
      if (hotKeys[slot] !== t.norm) fillHot(slot, t.norm, wordInfo(t.norm));
      info = hotInfo[slot]!;
      phrases = hotPhrases[slot];
    }
    let matched = false;
    if (phrases) {
      for (const p of phrases) {
        const n = p.norms.length;
        if (i + n > tokens.length) continue;
        let ok = true;
        for (let k = 0; k < n && ok; k++) ok = tokens[i + k]!.norm === p.norms[k];
        if (!ok) continue;
        const last = i + n - 1;
        const text = joinText(tokens, i, last);
        if (p.exact !== undefined && text !== p.exact) continue;
        out.push({
          text,
          norm: p.norms.join(' '),
          key: p.key,
          lemma: p.key,
          start: t.start,
          end: tokens[last]!.end,
          kind: 'word',
          first: i,
          last,
          alias: true,
          stop: false,
        });
        i = last;
        matched = true;
        break;
      }
    }
    if (matched) continue;
    out.push({
      text: t.text,
      norm: t.norm,
      key: info ? info.key : t.norm,
      lemma: info ? info.lemma : t.norm,
      start: t.start,
      end: t.end,
      kind: t.kind,
      first: i,
      last: i,
      alias: info ? info.alias : false,
      stop: info ? info.stop : false,
    });
  }
  return out;
}

/** Whether a folded word is a form of a speech verb ("said", "explains", "noted", "told"). */
export function isSpeechVerb(norm: string): boolean {
  const info = wordInfo(norm);
  if (info.stop) return false;
  for (const l of info.lemmas) if (SPEECH_VERBS.has(l)) return true;
  return false;
}

/**
 * Synonyms a spinner would pick for a lemma: its spinner-table group, then the other members of its first
 * WordNet sense in `pos` (n, v, a, r; default its most frequent POS). Single words only, most frequent first.
 */
export function synonymsOf(lemma: string, pos?: string): string[] {
  const out: string[] = [];
  const groups = spinnerKeys();
  const key = groups.get(lemma);
  if (key && (pos === undefined || key.pos === '*' || key.pos === pos)) {
    for (const [w, g] of groups) if (g.key === key.key && w !== lemma && !out.includes(w)) out.push(w);
  }
  const ss = firstSense(lemma, pos);
  const rec = ss === undefined ? undefined : synset(ss);
  if (rec && (pos === undefined || rec.pos === pos)) {
    for (const m of rec.members) if (m !== lemma && !out.includes(m)) out.push(m);
  }
  return out;
}

/** Other surface names of an alias key ("russia" -> ["Russia", "Russian Federation"]). */
export function aliasSurfaces(key: string): readonly string[] {
  return aliasTables().surfaces.get(key) ?? [];
}

/** WordNet frequency (SemCor tag count) of a lemma; 0 when unknown. */
export function wordFrequency(lemma: string): number {
  return lemmaFreq(lemma);
}

/** POS letters of a WordNet lemma, most frequent first (n, v, a, r), or '' when unknown. */
export function wordPos(lemma: string): string {
  return lemmaRec(lemma)?.pos ?? '';
}
