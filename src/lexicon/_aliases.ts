/**
 * Alias and spinner tables: country and organisation names (multi-word phrases collapse to one key), and
 * the word swaps article spinners make (specimen table: Russia -> Russian Federation, U.S. -> USA,
 * international -> worldwide/global, said -> explained), extended with common spinner thesaurus swaps.
 */

import { countries as countryList } from 'countries-list';
import countries from 'i18n-iso-countries';
import { tokenize } from '../normalise/index.js';

/**
 * Spinner synonym groups over lemmas: the first word is the canonical key. Kept small and
 * high-precision: every word here is merged by canonical(), which also feeds fingerprints.
 */
const SPINNER_GROUPS = `
v: say explain state note tell mention remark comment declare assert stress
a: international worldwide global
*: help aid assistance assist
a: big large huge massive enormous
n: country nation
n: people individual person folk
a: important crucial essential vital significant
v: show demonstrate reveal display
v: use utilize utilise employ
v: buy purchase
v: start begin commence
v: end finish conclude
v: try attempt endeavor endeavour
v: need require
v: get obtain acquire
a: many numerous
*: also additionally furthermore moreover
*: however nevertheless nonetheless
*: about approximately roughly
n: company firm business corporation enterprise
v: kill slay
*: attack assault
*: fight battle combat
n: talk negotiation discussion
n: agreement deal accord pact
n: leader chief
n: troop soldier
n: war conflict warfare
n: meeting gathering
n: problem issue
*: increase boost
n: area region zone
a: quick fast rapid swift
a: small little tiny
v: allow permit
v: continue proceed
v: reach achieve attain
v: provide supply furnish
v: want desire wish
v: think believe
*: criticise criticize
n: community society
*: support backing
`;

/** Speech verbs (lemmas) for attribution: "X said", "X explained". */
export const SPEECH_VERBS: ReadonlySet<string> = new Set(
  (
    'say explain state note tell mention remark comment declare assert stress add announce insist claim ' +
    'argue warn urge report reply respond ask acknowledge admit confirm deny suggest emphasise emphasize ' +
    'write tweet observe continue conclude recall point'
  ).split(' '),
);

/** Spinner group of a lemma: the group key and the POS it applies to (`*`: any). */
export const SPINNER_KEY = new Map<string, { key: string; pos: string }>();
for (const line of SPINNER_GROUPS.trim().split('\n')) {
  const [pos, rest] = line.split(':');
  const words = (rest ?? '').trim().split(/\s+/);
  const key = words[0]!;
  for (const w of words) if (!SPINNER_KEY.has(w)) SPINNER_KEY.set(w, { key, pos: pos!.trim() });
}

/** Our own alias list: key, then names (`|`-separated). Case-sensitive names are marked with a leading `=`. */
const OWN_ALIASES = `
united_states|United States|United States of America|U.S.|U.S.A.|USA|=US|America|U.S.A
united_kingdom|United Kingdom|U.K.|UK|Britain|Great Britain|United Kingdom of Great Britain and Northern Ireland
united_nations|United Nations|U.N.|=UN|UNO
european_union|European Union|E.U.|=EU
russia|Russia|Russian Federation
syria|Syria|Syrian Arab Republic
iran|Iran|Islamic Republic of Iran|Persia
north_korea|North Korea|DPRK|Democratic People's Republic of Korea
south_korea|South Korea|Republic of Korea|ROK
czechia|Czechia|Czech Republic
netherlands|Netherlands|Holland
myanmar|Myanmar|Burma
ivory_coast|Ivory Coast|Cote d'Ivoire
united_arab_emirates|United Arab Emirates|UAE|U.A.E.
vatican|Vatican|Holy See|Vatican City
turkey|Turkey|Turkiye|Republic of Turkey
nato|NATO|North Atlantic Treaty Organization|North Atlantic Treaty Organisation|Nato
islamic_state|Islamic State|=IS|ISIS|ISIL|Daesh|Islamic State of Iraq and the Levant
who|World Health Organization|World Health Organisation|=WHO
imf|International Monetary Fund|IMF
north_america|North America
south_america|South America
latin_america|Latin America
central_america|Central America
`;

export interface AliasPhrase {
  /** Folded word norms of the phrase (as the tokenizer folds them). */
  norms: string[];
  key: string;
  /** Only match when the surface form is exactly this (e.g. "US" but not "us"). */
  exact?: string;
}

/** Folded single-token norms that are unambiguous aliases, with their key. */
export const WORD_ALIAS = new Map<string, string>();
/** Phrases by first norm, longest first. */
export const PHRASES = new Map<string, AliasPhrase[]>();
/** Surface names per key, in table order (our own list first). */
export const ALIAS_SURFACES = new Map<string, string[]>();

function foldName(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[’‘]/g, "'")
    .toLowerCase();
}

function addAlias(key: string, name: string): void {
  const exact = name.startsWith('=');
  const surface = exact ? name.slice(1) : name;
  const norms = tokenize(surface).map((t) => t.norm);
  if (norms.length === 0) return;
  const surfaces = ALIAS_SURFACES.get(key) ?? [];
  if (!surfaces.includes(surface)) surfaces.push(surface);
  ALIAS_SURFACES.set(key, surfaces);
  if (norms.length === 1 && !exact) {
    if (!WORD_ALIAS.has(norms[0]!)) WORD_ALIAS.set(norms[0]!, key);
  }
  const first = norms[0]!;
  const list = PHRASES.get(first) ?? [];
  if (list.some((p) => p.norms.join(' ') === norms.join(' ') && p.exact === (exact ? surface : undefined)))
    return;
  const phrase: AliasPhrase = exact ? { norms, key, exact: surface } : { norms, key };
  list.push(phrase);
  list.sort((a, b) => b.norms.length - a.norms.length);
  PHRASES.set(first, list);
}

function keyOf(name: string): string {
  return foldName(name)
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

// Our own list first: it decides the keys of the big ones.
for (const line of OWN_ALIASES.trim().split('\n')) {
  const [key, ...names] = line.trim().split('|');
  if (!key) continue;
  for (const n of names) addAlias(key, n);
}
const ownKeyByName = new Map<string, string>();
for (const [norm, key] of WORD_ALIAS) ownKeyByName.set(norm, key);

// Country names from i18n-iso-countries (official and short names) and countries-list (name + aliases).
const names = countries.getNames('en', { select: 'all' }) as Record<string, string[]>;
for (const [code, list] of Object.entries(names)) {
  const extra = (countryList as Record<string, { name: string; alias?: string[] }>)[code];
  const all = [...list, ...(extra ? [extra.name, ...(extra.alias ?? [])] : [])].filter(
    (n) => !/[,()]/.test(n) && n.length > 2,
  );
  if (all.length === 0) continue;
  // Reuse our key when one of the names is already ours; else the short common name.
  let key: string | undefined;
  for (const n of all) {
    const k = ownKeyByName.get(foldName(n));
    if (k) key = k;
  }
  key ??= keyOf(extra?.name ?? all[all.length - 1]!);
  for (const n of all) {
    // All-capital short codes ("US") are ambiguous with words: only as written.
    addAlias(key, /^[A-Z]{2,3}$/.test(n) ? `=${n}` : n);
  }
}
