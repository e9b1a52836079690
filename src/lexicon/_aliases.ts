/**
 * Alias and spinner tables: country and organisation names (multi-word phrases collapse to one key), the
 * word swaps article spinners make and the speech verbs. All read from data/ on first use.
 */

import { tokenize } from '../normalise/index.js';
import { LazySet, once, readRows } from './data.js';
import { type NameEntry, type NameForm, nameTable } from './names.js';

/** Spinner group of a lemma: the group key and the POS it applies to (`*`: any). */
export interface SpinnerGroup {
  key: string;
  pos: string;
}

/**
 * Spinner synonym groups over lemmas (data/spinner-synonyms.tsv): lemma -> its group's first word (the
 * canonical key) and part of speech. Kept small and high-precision: every word is merged by canonical(), which
 * also feeds fingerprints.
 */
export const spinnerKeys = once((): ReadonlyMap<string, SpinnerGroup> => {
  const out = new Map<string, SpinnerGroup>();
  for (const [pos = '*', words = ''] of readRows('spinner-synonyms.tsv')) {
    const list = words.split(/\s+/);
    const key = list[0]!;
    for (const w of list) if (!out.has(w)) out.set(w, { key, pos });
  }
  return out;
});

/** One row of data/speech-verbs.tsv. */
interface SpeechVerb {
  lemma: string;
  /** Finite forms that mark a speaker right after a name ("said", "notes"). */
  forms: string[];
  uses: string[];
}

/** The speech verbs (data/speech-verbs.tsv): the one list of reporting verbs. */
export const speechVerbs = once((): readonly SpeechVerb[] =>
  readRows('speech-verbs.tsv').map(([lemma = '', forms = '', uses = '']) => ({
    lemma,
    forms: forms.split(' ').filter(Boolean),
    uses: uses.split(' ').filter(Boolean),
  })),
);

/** Speech verbs (lemmas) for attribution: "X said", "X explained" (the rows used by the lexicon). */
export const SPEECH_VERBS = new LazySet(() =>
  speechVerbs()
    .filter((v) => v.uses.includes('lexicon'))
    .map((v) => v.lemma),
);

export interface AliasPhrase {
  /** Folded word norms of the phrase (as the tokenizer folds them). */
  norms: string[];
  key: string;
  /** Only match when the surface form is exactly this (e.g. "US" but not "us"). */
  exact?: string;
}

export interface AliasTables {
  /** Folded single-token norms that are unambiguous aliases, with their key. */
  word: Map<string, string>;
  /** Phrases by first norm, longest first. */
  phrases: Map<string, AliasPhrase[]>;
  /** Surface names per key, in table order (data/names.tsv's first). */
  surfaces: Map<string, string[]>;
}

function addAlias(t: AliasTables, key: string, form: NameForm): void {
  const surface = form.text;
  const exact = form.exact;
  const norms = tokenize(surface).map((x) => x.norm);
  if (norms.length === 0) return;
  // A name with its article ("the States") is no drop-in replacement for another name: not a surface.
  if (!/^the\s/i.test(surface)) {
    const surfaces = t.surfaces.get(key) ?? [];
    if (!surfaces.includes(surface)) surfaces.push(surface);
    t.surfaces.set(key, surfaces);
  }
  if (norms.length === 1 && !exact) {
    if (!t.word.has(norms[0]!)) t.word.set(norms[0]!, key);
  }
  const first = norms[0]!;
  const list = t.phrases.get(first) ?? [];
  if (list.some((p) => p.norms.join(' ') === norms.join(' ') && p.exact === (exact ? surface : undefined)))
    return;
  const phrase: AliasPhrase = exact ? { norms, key, exact: surface } : { norms, key };
  list.push(phrase);
  list.sort((a, b) => b.norms.length - a.norms.length);
  t.phrases.set(first, list);
}

/**
 * Whether the lexicon matches an entry's names as one word: countries and regions, and organisations known
 * by several names. Nationalities are not aliases for matching (the adjective and the plural noun are
 * different words; the lemmatiser relates "Syrian" and "Syrians").
 */
function forMatching(e: NameEntry): boolean {
  return e.type === 'country' || e.type === 'region' || (e.type === 'organization' && e.names.length > 1);
}

/** The alias tables of the name table (src/lexicon/names.ts), built on first use. */
export const aliasTables = once((): AliasTables => {
  const t: AliasTables = { word: new Map(), phrases: new Map(), surfaces: new Map() };
  const entries = nameTable().filter(forMatching);
  // Our own names first (they decide the single-word keys), then the country packages'.
  for (const e of entries) for (const n of e.names) if (!n.fromPackage) addAlias(t, e.key, n);
  for (const e of entries) for (const n of e.names) if (n.fromPackage) addAlias(t, e.key, n);
  return t;
});
