/**
 * Writes data/countries.tsv: the country names the name table (src/lexicon/names.ts) and the gazetteer take from
 * two npm packages, `i18n-iso-countries` (English official and short names) and `countries-list` (name, aliases,
 * capital). Shipping them as one small table spares loading both packages and their data at every start (~10
 * ms); test/data-tables.test.ts checks that the table is what this script writes from the installed packages, so
 * rerun it after upgrading either:
 *
 *   npm run build:countries
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { countryRows } from '../src/lexicon/names.js';

const require = createRequire(import.meta.url);
const countries = require('i18n-iso-countries/index.js') as typeof import('i18n-iso-countries');
countries.registerLocale(require('i18n-iso-countries/langs/en.json'));
const list = require('countries-list') as typeof import('countries-list');
const version = (pkg: string): string =>
  (
    JSON.parse(
      readFileSync(fileURLToPath(new URL(`../node_modules/${pkg}/package.json`, import.meta.url)), 'utf8'),
    ) as { version: string }
  ).version;
const iso = { version: version('i18n-iso-countries') };
const cl = { version: version('countries-list') };

const rows = countryRows(
  countries.getNames('en', { select: 'all' }) as Record<string, string[]>,
  list.countries as Record<string, { name: string; alias?: string[]; capital?: string }>,
);
const out = [
  `# Country names from i18n-iso-countries ${iso.version} (English locale, all names) and countries-list ${cl.version} (name, aliases, capital); npm, MIT licence.`,
  '# Written by scripts/build-countries.ts (npm run build:countries); read by src/lexicon/names.ts. Do not edit by hand: our own names go in names.tsv.',
  "# Columns: ISO code; position in i18n-iso-countries' order (- when it has no names); its names; countries-list's name (- when it has no record); aliases; capital.",
  '# Rows in countries-list order; lists are |-separated (- for none).',
  ...rows.map((r) => r.join('\t')),
].join('\n');
const path = fileURLToPath(new URL('../data/countries.tsv', import.meta.url));
writeFileSync(path, `${out}\n`);
console.log(`wrote ${rows.length} countries to ${path}`);
