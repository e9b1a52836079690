/**
 * Gazetteer: canonical names and aliases of countries, international organisations, nationalities and
 * well-known places. Countries, organisations, nationalities and regions come from the name table that the
 * lexicon shares (src/lexicon/names.ts: data/names.tsv over i18n-iso-countries and countries-list);
 * capitals from countries-list; other places from data/places.tsv; the cue lists (titles, organisation and
 * place heads) from data/entity-cues.tsv. People are not listed: they come from the text (the scanner's
 * cues: titles, speech verbs, first names). Everything is read and indexed on first use, never at import.
 */

import { LazySet, once, readRows } from '../lexicon/data.js';
import { countryPackages, type NameEntry, nameTable } from '../lexicon/names.js';
import { fold } from '../normalise/index.js';

export type GazType = 'person' | 'organization' | 'place' | 'nationality';

export interface GazEntry {
  canonical: string;
  type: GazType;
  /** The name table's key (the lexicon's canonical key), for entries from the shared name table. */
  key?: string | undefined;
  /** For places that are countries, and for nationalities: the country's canonical name. */
  country?: string | undefined;
  /** Match only with exactly this capitalisation (short acronyms: "US", "IS", "WHO"). */
  caseSensitive?: boolean | undefined;
  /** Acronyms that are also common words ("IS", "US"): accept only in a name-like context. */
  ambiguous?: boolean | undefined;
}

/** One list of data/entity-cues.tsv, loaded on first use. */
function cueList(list: string): LazySet<string> {
  return new LazySet(() => entityCues().get(list) ?? []);
}

const entityCues = once(() => {
  const out = new Map<string, string[]>();
  for (const [list = '', entry = ''] of readRows('entity-cues.tsv')) {
    const l = out.get(list) ?? [];
    l.push(entry);
    out.set(list, l);
  }
  return out;
});

/** Titles and roles that precede or describe a person ("President", "the minister"), lower-case. */
export const PERSON_TITLES = cueList('title');
/** Words that end an organisation name ("Eurasia Group", "Ministry of Defence"). */
export const ORG_HEADS = cueList('org-head');
/** Words preceding an unknown capitalised name that make it a place ("the town of X"). */
export const PLACE_CUES = cueList('place-cue');
/** Last words that make a capitalised sequence a place name ("Sorn Ridge", "Tahrir Square"). */
export const PLACE_HEADS = cueList('place-head');
/** Country names that are also first names or common words: matched only when not part of a longer name. */
const WEAK_NAMES = cueList('weak-name');
/** Words right after a lone unknown name that make it a person ("the Obama administration", "Assad's regime"). */
export const PERSON_AFTER = cueList('person-after');

// ---------------------------------------------------------------------------------------------
// Index
// ---------------------------------------------------------------------------------------------

/** Lookup key: folded (lower case, diacritics and curly quotes folded), a leading "the " dropped. */
export function gazKey(s: string): string {
  return fold(s.normalize('NFC')).replace(/^the\s+/, '');
}

interface Index {
  byKey: Map<string, GazEntry>;
  byExact: Map<string, GazEntry>;
  /** Longest name in words: bounds the n-gram scan. */
  maxWords: number;
}

/** Short all-caps acronyms must match exactly ("US" is not "us"). */
function isShortAcronym(s: string): boolean {
  return /^[A-Z]{2,4}$/.test(s);
}

const TYPE: Record<NameEntry['type'], GazType> = {
  country: 'place',
  region: 'place',
  organization: 'organization',
  nationality: 'nationality',
};

const index = once((): Index => {
  const ix: Index = { byKey: new Map(), byExact: new Map(), maxWords: 1 };
  const add = (name: string, entry: GazEntry, exact = false): void => {
    // "the States", "the Fed": the article is not part of the name.
    const n = name.trim().replace(/^the\s+/i, '');
    if (!n || /[,()]/.test(n)) return;
    ix.maxWords = Math.max(ix.maxWords, n.split(/\s+/).length);
    if (exact) {
      if (!ix.byExact.has(n)) ix.byExact.set(n, entry);
      return;
    }
    const k = gazKey(n);
    if (!ix.byKey.has(k)) ix.byKey.set(k, entry);
  };
  const addAuto = (name: string, entry: GazEntry): void => {
    if (isShortAcronym(name)) add(name, { ...entry, caseSensitive: true }, true);
    else add(name, entry);
  };
  const addEntry = (e: NameEntry): void => {
    const entry: GazEntry = { canonical: e.canonical, type: TYPE[e.type], key: e.key, country: e.country };
    addAuto(e.canonical, entry);
    for (const n of e.names) {
      if (n.exact) add(n.text, { ...entry, caseSensitive: true, ambiguous: n.ambiguous || undefined }, true);
      else addAuto(n.text, entry);
    }
  };
  const table = nameTable();
  for (const e of table) if (e.type === 'country') addEntry(e);
  for (const cl of Object.values(countryPackages().extra)) {
    if (!cl.capital) continue;
    const cap = cl.capital.normalize('NFC');
    addAuto(cap, { canonical: cap, type: 'place' });
  }
  for (const [name = '', canonical] of readRows('places.tsv'))
    addAuto(name, { canonical: canonical ?? name, type: 'place' });
  for (const e of table) if (e.type === 'region') addEntry(e);
  for (const e of table) if (e.type === 'organization') addEntry(e);
  for (const e of table) if (e.type === 'nationality') addEntry(e);
  return ix;
});

/** Longest gazetteer name in words: bounds the n-gram scan. */
export function maxGazWords(): number {
  return index().maxWords;
}

/** Look a surface form up: exact (case-sensitive acronyms) first, then case-insensitively. */
export function lookup(surface: string): GazEntry | undefined {
  const ix = index();
  const exact = ix.byExact.get(surface.normalize('NFC'));
  if (exact) return exact;
  if (isShortAcronym(surface)) return undefined;
  return ix.byKey.get(gazKey(surface));
}

/** Is this a country name that is also a common first name or word ("Jordan", "Chad")? */
export function isWeakName(surface: string): boolean {
  return WEAK_NAMES.has(surface);
}

/** All canonical country names (for tests and the alias checks). */
export function countryCanonicals(): string[] {
  return [...new Set(nameTable().flatMap((e) => (e.type === 'country' ? [e.canonical] : [])))];
}
