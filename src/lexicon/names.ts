/**
 * The name table: the one source of truth for the names of countries, organisations, nationalities and
 * regions. The lexicon turns it into canonical keys for matching (and the spinner's alias swaps); the entity
 * gazetteer (src/entities) into typed entities with a canonical display name. Both read it through
 * `nameTable()`, so "Mainland China", "UNO" or "the States" name the same entity on both sides.
 *
 * Sources: data/names.tsv (our own rows: news-style abbreviations, organisations, demonyms), on top of the
 * country names of `i18n-iso-countries` (official and short names) and `countries-list` (name and aliases).
 * Built on first call, once per process.
 */
import { createRequire } from 'node:module';
import { fold } from '../normalise/index.js';
import { once, readRows } from './data.js';

export type NameType = 'country' | 'organization' | 'nationality' | 'region';

export interface NameForm {
  text: string;
  /** Matches only as written ("US", not "us"). */
  exact: boolean;
  /** Also a common word ("IS", "WHO"): the gazetteer takes it only in a name context. Implies `exact`. */
  ambiguous: boolean;
  /** Came from the country packages, not from data/names.tsv. */
  fromPackage: boolean;
}

export interface NameEntry {
  /** The lexicon's canonical key ("united_states"). */
  key: string;
  type: NameType;
  /** Display name ("United States"). */
  canonical: string;
  /** Countries: ISO 3166-1 alpha-2 code. */
  code?: string | undefined;
  /** Countries and nationalities: the country's canonical name. */
  country?: string | undefined;
  /** All names, data/names.tsv's first (in its order), then the packages'. */
  names: NameForm[];
}

/** The lexicon key of a name: folded, non-alphanumerics to `_` ("Côte d'Ivoire" -> "cote_d_ivoire"). */
export function nameKey(name: string): string {
  return fold(name)
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

function parseForm(raw: string, fromPackage: boolean): NameForm {
  const mark = raw.charAt(0);
  const ambiguous = mark === '!';
  const exact = ambiguous || mark === '=';
  return { text: exact ? raw.slice(1) : raw, exact, ambiguous, fromPackage };
}

interface CountryPackages {
  /** ISO code -> official and short English names (i18n-iso-countries). */
  names: Record<string, string[]>;
  /** ISO code -> countries-list record. */
  extra: Record<string, { name: string; alias?: string[]; capital?: string }>;
}

/** The two country packages, loaded on first use (their English locale is a data file too). */
export const countryPackages = once((): CountryPackages => {
  const require = createRequire(import.meta.url);
  // The library without its 80 locales (its Node entry registers them all: 40 ms), then the English one.
  const countries = require('i18n-iso-countries/index.js') as typeof import('i18n-iso-countries');
  countries.registerLocale(require('i18n-iso-countries/langs/en.json'));
  const list = require('countries-list') as typeof import('countries-list');
  return {
    names: countries.getNames('en', { select: 'all' }) as Record<string, string[]>,
    extra: list.countries as CountryPackages['extra'],
  };
});

/** Every entry: countries in the packages' order (our rows merged in), then the other rows in file order. */
export const nameTable = once((): readonly NameEntry[] => {
  const byCode = new Map<string, NameEntry>();
  const others: NameEntry[] = [];
  /** Folded name -> key, for the rows' country names (a package country that shares one takes its key). */
  const countryKeyByName = new Map<string, string>();
  for (const [key = '-', type, canonical = '', country = '-', names = ''] of readRows('names.tsv')) {
    const entry: NameEntry = {
      key: key === '-' ? nameKey(canonical) : key,
      type: type as NameType,
      canonical,
      names: names.split('|').map((n) => parseForm(n, false)),
    };
    if (type === 'country') {
      entry.code = country;
      entry.country = canonical;
      byCode.set(country, entry);
      for (const n of entry.names) countryKeyByName.set(fold(n.text), entry.key);
    } else {
      if (country !== '-') entry.country = country;
      others.push(entry);
    }
  }
  const pkg = countryPackages();
  const countries: NameEntry[] = [];
  for (const [code, list] of Object.entries(pkg.names)) {
    const cl = pkg.extra[code];
    const all = [...list, ...(cl ? [cl.name, ...(cl.alias ?? [])] : [])].filter(
      (n) => !/[,()]/.test(n) && n.length > 2,
    );
    let entry = byCode.get(code);
    if (!entry) {
      if (all.length === 0) continue;
      let key: string | undefined;
      for (const n of all) key = countryKeyByName.get(fold(n)) ?? key;
      const canonical = cl?.name ?? list[list.length - 1] ?? code;
      entry = {
        key: key ?? nameKey(cl?.name ?? all[all.length - 1]!),
        type: 'country',
        canonical,
        code,
        country: canonical,
        names: [],
      };
    }
    // All-capital short codes ("US") are ambiguous with words: only as written.
    for (const n of all) entry.names.push(parseForm(/^[A-Z]{2,3}$/.test(n) ? `=${n}` : n, true));
    countries.push(entry);
  }
  return [...countries, ...others];
});
