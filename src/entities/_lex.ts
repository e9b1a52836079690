/**
 * Word-level helpers shared by the entity and quote stages: a small tokenizer with offsets (names need
 * abbreviations such as "U.S." and possessives split off, which a general tokenizer may not do), and
 * lexicon look-ups through compromise's built-in lexicon (first names with gender, word classes), shipped as
 * data/word-classes.tsv (built by scripts/build-word-classes.ts) so that the library itself is not loaded.
 */
import { lazyList, once, readData, SortedTable } from '../lexicon/data.js';
import type { NormalisedArticle } from '../types.js';

export interface Word {
  /** Surface without a possessive ending. */
  text: string;
  start: number;
  end: number;
  /** Followed by a possessive ’s / 's (not included in `text`/`end`). */
  poss: boolean;
  /** Index of the sentence holding this word (-1 when outside every sentence). */
  sent: number;
  paragraph: number;
  /** First word of its sentence, or first word after an opening quote mark / colon. */
  initial: boolean;
  /** Starts with an upper-case letter (or is an "al-"-style name particle joined to one). */
  cap: boolean;
  /** Index into the word list. */
  i: number;
}

// Abbreviations with dots, titles with dots, words with inner hyphens/apostrophes, numbers.
const WORD_RE =
  /(?:\p{Lu}\.){2,}|\b(?:St|Mr|Mrs|Ms|Dr|Jr|Sr|Gen|Sen|Rep|Gov|Lt|Col|Prof|Rev|Capt|Sgt|Maj|Adm|Mt|Ft|Inc|Corp|Ltd|Co|Sens|Reps)\.|\p{Lu}\.(?=\s+\p{Lu})|\p{L}[\p{L}\p{M}\p{N}]*(?:[-'’‘][\p{L}\p{N}][\p{L}\p{M}\p{N}]*)*|\p{N}+(?:[.,:]\p{N}+)*/gu;

const OPENERS = /[“"‘«„(:—–]\s*$|''\s*$/;

export function tokenizeWords(doc: NormalisedArticle): Word[] {
  const text = doc.text;
  const words: Word[] = [];
  const sents = doc.sentences;
  let si = 0;
  for (const m of text.matchAll(WORD_RE)) {
    const start = m.index;
    let t = m[0];
    let poss = false;
    // "Nations-brokered", "Russia-backed", "U.N.-led": the name is the part before the hyphen.
    const modifier = /^(\p{Lu}[\p{L}\p{M}.’']*)-\p{Ll}+$/u.exec(t);
    if (modifier) t = modifier[1]!;
    if (/^\p{Lu}/u.test(t) && /[’'](s)$/.test(t) && t.length > 3) {
      t = t.slice(0, -2);
      poss = true;
    }
    while (si < sents.length && sents[si]!.end <= start) si++;
    const s = sents[si];
    const inSent = s !== undefined && s.start <= start;
    const prev = words[words.length - 1];
    const sameSent = prev !== undefined && prev.sent === (inSent ? si : -1);
    const between = sameSent ? text.slice(prev.end + (prev.poss ? 2 : 0), start) : '';
    const initial = !sameSent || OPENERS.test(between);
    const cap = /^\p{Lu}/u.test(t) || /^(?:al|el|bin|ibn|abu|ul)-\p{Lu}/u.test(t);
    words.push({
      text: t,
      start,
      end: start + t.length,
      poss,
      sent: inSent ? si : -1,
      paragraph: s?.paragraph ?? 0,
      initial,
      cap,
      i: words.length,
    });
  }
  return words;
}

/** compromise's built-in lexicon (word -> comma-separated tags), read on first use. */
const lexicon = once(() => new SortedTable(readData('word-classes.tsv')));
/** Tag lists of the words looked up so far. */
const tagCache = new Map<string, readonly string[]>();

const NO_TAGS: readonly string[] = [];

function tagsOf(word: string): readonly string[] {
  const w = word.toLowerCase();
  let tags = tagCache.get(w);
  if (tags === undefined) {
    const raw = lexicon().get(w);
    tags = raw ? raw.split(',') : NO_TAGS;
    tagCache.set(w, tags);
  }
  return tags;
}

/** 'm' | 'f' when the word is a first name of that gender in compromise's lexicon. */
export function firstNameGender(word: string): 'm' | 'f' | 'u' | null {
  const tags = tagsOf(word);
  if (tags.includes('MaleName')) return 'm';
  if (tags.includes('FemaleName')) return 'f';
  if (tags.includes('FirstName')) return 'u';
  return null;
}

const FUNCTION_TAGS = new Set([
  'Determiner',
  'Conjunction',
  'Preposition',
  'Pronoun',
  'Adverb',
  'QuestionWord',
  'Modal',
  'Copula',
  'PastTense',
  'PresentTense',
  'Infinitive',
  'Gerund',
  'Participle',
  'Expression',
  'Reflexive',
  'Possessive',
  'WeekDay',
  'Month',
  'Date',
  'Duration',
  'TextValue',
  'Cardinal',
  'Ordinal',
]);
const NAME_TAGS = new Set([
  'FirstName',
  'MaleName',
  'FemaleName',
  'LastName',
  'Person',
  'City',
  'Country',
  'Place',
  'Region',
  'Organization',
  'SportsTeam',
  'ProperNoun',
  'Demonym',
]);

/** Not a name, and either tagged with one of `classes` or a name stopword. */
function inClasses(word: string, classes: ReadonlySet<string>): boolean {
  const tags = tagsOf(word);
  if (tags.some((t) => NAME_TAGS.has(t))) return false;
  return tags.some((t) => classes.has(t)) || STOP.has(word.toLowerCase());
}

/** A function word / verb / date word: never the start of a name. */
export function isFunctionWord(word: string): boolean {
  return inClasses(word, FUNCTION_TAGS);
}

const STRICT_TAGS = new Set([
  'Determiner',
  'Conjunction',
  'Preposition',
  'Pronoun',
  'QuestionWord',
  'Modal',
  'Copula',
]);

/** A closed-class word (determiner, preposition, pronoun …), never part of a name. */
export function isStrictFunctionWord(word: string): boolean {
  return inClasses(word, STRICT_TAGS);
}

/** A common English word (any class) that is not also a name. */
export function isCommonWord(word: string): boolean {
  const tags = tagsOf(word);
  if (tags.some((t) => NAME_TAGS.has(t))) return false;
  if (tags.length > 0) return true;
  const w = word.toLowerCase();
  return STOP.has(w) || /(?:ing|ly|ness|ment|tion|sion|ity|ism|ist|ive|ous|able|ible|ful|less)$/.test(w);
}

/** compromise's lexicon knows this word as a demonym ("Nicaraguan"). */
export function isDemonym(word: string): boolean {
  return tagsOf(word).includes('Demonym');
}

/** compromise's lexicon knows this word as a city, country or region. */
export function lexPlace(word: string): boolean {
  const tags = tagsOf(word);
  return (
    tags.includes('City') ||
    tags.includes('Country') ||
    tags.includes('Region') ||
    (tags.includes('Place') && !tags.includes('Person'))
  );
}

export function isDayOrMonth(word: string): boolean {
  return /^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?$/.test(
    word,
  );
}

/**
 * Words never part of a name, whatever their case (data/name-stopwords.tsv, read on first use): the entity
 * scanner's closed-class list, on top of compromise's word classes. Not the lexicon's function words.
 */
const STOP = lazyList('name-stopwords.tsv');
