/**
 * The name table: the one source of truth for the names of countries, organisations, nationalities and
 * regions. The lexicon turns it into canonical keys for matching (and the spinner's alias swaps); the entity
 * gazetteer (src/entities) into typed entities with a canonical display name. Both read it through
 * `nameTable()`, so "Mainland China", "UNO" or "the States" name the same entity on both sides.
 *
 * Sources: data/names.tsv (our own rows: news-style abbreviations, organisations, demonyms), on top of the
 * country names of `i18n-iso-countries` (official and short names) and `countries-list` (name and aliases),
 * shipped as data/countries.tsv (scripts/build-countries.ts) so that neither package loads at run time.
 * Built on first call, once per process.
 */
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

type CountryRecord = { name: string; alias?: string[]; capital?: string };

export interface CountryPackages {
  /** ISO code -> official and short English names (i18n-iso-countries), in the package's order. */
  names: Record<string, string[]>;
  /** ISO code -> countries-list record (the fields read here), in the package's order. */
  extra: Record<string, CountryRecord>;
}

const list = (s: string): string[] => (s === '' ? [] : s.split('|'));

/**
 * The rows of data/countries.tsv for the two packages' data (scripts/build-countries.ts writes them): code,
 * position in `names` (- when absent), names, countries-list name (- when no record), aliases (- when none
 * given), capital (- when none given); in `extra`'s order, then the codes only `names` has.
 */
export function countryRows(names: CountryPackages['names'], extra: CountryPackages['extra']): string[][] {
  const pos = new Map(Object.keys(names).map((code, i) => [code, i]));
  const codes = [...Object.keys(extra), ...Object.keys(names).filter((c) => !Object.hasOwn(extra, c))];
  return codes.map((code) => {
    const cl = Object.hasOwn(extra, code) ? extra[code] : undefined;
    const own = Object.hasOwn(names, code) ? names[code] : undefined;
    return [
      code,
      own ? String(pos.get(code)) : '-',
      own ? own.join('|') : '-',
      cl ? cl.name : '-',
      cl?.alias ? cl.alias.join('|') : '-',
      cl ? (cl.capital ?? '-') : '-',
    ];
  });
}

/** The two country packages' data, from data/countries.tsv, read on first use. */
export const countryPackages = once((): CountryPackages => {
  const ordered: [number, string, string[]][] = [];
  const extra: CountryPackages['extra'] = {};
  for (const [code = '', pos = '-', own = '', name = '-', alias = '-', capital = ''] of readRows(
    'countries.tsv',
  )) {
    if (pos !== '-') ordered.push([Number(pos), code, list(own)]);
    if (name === '-') continue;
    const rec: CountryRecord = { name };
    if (alias !== '-') rec.alias = list(alias);
    if (capital !== '-') rec.capital = capital;
    extra[code] = rec;
  }
  const names: CountryPackages['names'] = {};
  for (const [, code, own] of ordered.sort((a, b) => a[0] - b[0])) names[code] = own;
  return { names, extra };
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
