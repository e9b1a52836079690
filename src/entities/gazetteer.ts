/**
 * Gazetteer: canonical names and aliases of countries, international organisations, nationalities,
 * well-known places and public figures. Country names and aliases come from `i18n-iso-countries`
 * (official + short names) and `countries-list` (aliases, capitals); the hand lists below add what those
 * packages lack (news-style abbreviations such as "U.S.", demonyms, organisations, surname-only
 * references to public figures). Built once at module load.
 */

import { createRequire } from 'node:module';
import * as countriesList from 'countries-list';
import countries from 'i18n-iso-countries';

const require = createRequire(import.meta.url);
// The locale JSON is shipped inside the package; reading it is the stage's own data load.
const enLocale = require('i18n-iso-countries/langs/en.json') as Parameters<
  typeof countries.registerLocale
>[0];
countries.registerLocale(enLocale);

export type GazType = 'person' | 'organization' | 'place' | 'nationality';

export interface GazEntry {
  canonical: string;
  type: GazType;
  /** For places that are countries, and for nationalities: the country's canonical name. */
  country?: string | undefined;
  /** Match only with exactly this capitalisation (short acronyms: "US", "IS", "WHO"). */
  caseSensitive?: boolean | undefined;
  /** For people: 'm' | 'f' when known (pronoun agreement). */
  gender?: 'm' | 'f' | undefined;
  /** Acronyms that are also common words ("IS", "US"): accept only in a name-like context. */
  ambiguous?: boolean | undefined;
}

/** Canonical display names that differ from countries-list's `name`. */
const COUNTRY_CANONICAL: Record<string, string> = {
  CZ: 'Czech Republic',
  CD: 'Democratic Republic of the Congo',
  CG: 'Republic of the Congo',
  MK: 'North Macedonia',
  VA: 'Vatican City',
  TR: 'Turkey',
};

/** News-style aliases that neither package has (key: ISO alpha-2). */
const EXTRA_COUNTRY_ALIASES: Record<string, string[]> = {
  US: ['U.S.', 'U.S.A.', 'US', 'USA', 'America', 'United States of America', 'the States'],
  GB: ['U.K.', 'UK', 'Britain', 'Great Britain', 'United Kingdom'],
  RU: ['Russian Federation'],
  SY: ['Syrian Arab Republic'],
  KR: ['Republic of Korea'],
  KP: ['DPRK', 'Democratic People’s Republic of Korea', "Democratic People's Republic of Korea"],
  AE: ['UAE', 'U.A.E.', 'Emirates'],
  PS: ['Palestinian territories'],
  MM: ['Burma'],
  CN: ["People's Republic of China", 'People’s Republic of China', 'PRC', 'Mainland China'],
  IR: ['Persia'],
  NL: ['Holland'],
  CI: ['Ivory Coast'],
  VA: ['Vatican', 'Holy See'],
  TR: ['Türkiye', 'Turkiye'],
};

/** Country names that are also first names or common words: matched only when not part of a longer name. */
const WEAK_COUNTRY_NAMES = new Set([
  'Jordan',
  'Chad',
  'Georgia',
  'Israel',
  'Turkey',
  'Niger',
  'Guinea',
  'Man',
]);

export interface OrgSpec {
  canonical: string;
  aliases: string[];
  /** Aliases that must match case-sensitively and only in a name-like context. */
  ambiguous?: string[];
}

const ORGS: OrgSpec[] = [
  { canonical: 'United Nations', aliases: ['U.N.', 'UN', 'United Nations Organization'] },
  { canonical: 'UN Security Council', aliases: ['U.N. Security Council', 'United Nations Security Council'] },
  { canonical: 'UN General Assembly', aliases: ['U.N. General Assembly', 'United Nations General Assembly'] },
  { canonical: 'UNHCR', aliases: ['U.N. refugee agency', 'UN refugee agency', 'U.N.H.C.R.'] },
  { canonical: 'UNICEF', aliases: ['Unicef'] },
  { canonical: 'NATO', aliases: ['Nato', 'N.A.T.O.', 'North Atlantic Treaty Organization'] },
  { canonical: 'European Union', aliases: ['EU', 'E.U.'] },
  { canonical: 'European Commission', aliases: [] },
  { canonical: 'European Central Bank', aliases: ['ECB'] },
  { canonical: 'African Union', aliases: ['AU'] },
  { canonical: 'Arab League', aliases: [] },
  {
    canonical: 'Islamic State',
    aliases: [
      'ISIS',
      'ISIL',
      'Daesh',
      'Islamic State group',
      'Islamic State of Iraq and the Levant',
      'Islamic State of Iraq and Syria',
    ],
    ambiguous: ['IS'],
  },
  {
    canonical: 'al-Qaeda',
    aliases: ['al Qaeda', 'Al Qaeda', 'Al-Qaeda', 'al-Qaida', 'Al-Qaida', 'al Qaida'],
  },
  {
    canonical: 'Nusra Front',
    aliases: [
      'al-Nusra Front',
      'Al-Nusra Front',
      'Jabhat al-Nusra',
      'Nusra',
      'al-Nusra',
      'Jabhat Fateh al-Sham',
    ],
  },
  { canonical: 'Hezbollah', aliases: ['Hizbollah', 'Hizballah'] },
  { canonical: 'Hamas', aliases: [] },
  { canonical: 'Taliban', aliases: [] },
  { canonical: 'Free Syrian Army', aliases: ['FSA'] },
  { canonical: 'Syrian Democratic Forces', aliases: ['SDF'] },
  { canonical: 'YPG', aliases: ['People’s Protection Units', "People's Protection Units"] },
  { canonical: 'PKK', aliases: ['Kurdistan Workers’ Party', "Kurdistan Workers' Party"] },
  { canonical: 'Al Jazeera', aliases: ['Al-Jazeera', 'Aljazeera'] },
  { canonical: 'Reuters', aliases: [] },
  { canonical: 'Associated Press', aliases: ['AP', 'The Associated Press'] },
  { canonical: 'Agence France-Presse', aliases: ['AFP', 'Agence France Presse'] },
  { canonical: 'BBC', aliases: ['British Broadcasting Corporation'] },
  { canonical: 'CNN', aliases: [] },
  { canonical: 'Fox News', aliases: [] },
  { canonical: 'MSNBC', aliases: [] },
  { canonical: 'NBC', aliases: ['NBC News'] },
  { canonical: 'CBS', aliases: ['CBS News'] },
  { canonical: 'ABC', aliases: ['ABC News'] },
  { canonical: 'NPR', aliases: [] },
  { canonical: 'Voice of America', aliases: ['VOA'] },
  { canonical: 'The New York Times', aliases: ['New York Times', 'NYT'] },
  { canonical: 'The Washington Post', aliases: ['Washington Post'] },
  { canonical: 'The Wall Street Journal', aliases: ['Wall Street Journal', 'WSJ'] },
  { canonical: 'Eurasia Group', aliases: [] },
  { canonical: 'World Bank', aliases: [] },
  { canonical: 'International Monetary Fund', aliases: ['IMF'] },
  { canonical: 'World Health Organization', aliases: ['World Health Organisation'], ambiguous: ['WHO'] },
  { canonical: 'World Trade Organization', aliases: ['WTO', 'World Trade Organisation'] },
  { canonical: 'OPEC', aliases: [] },
  { canonical: 'Red Cross', aliases: ['International Committee of the Red Cross', 'ICRC'] },
  { canonical: 'Amnesty International', aliases: [] },
  { canonical: 'Human Rights Watch', aliases: ['HRW'] },
  { canonical: 'Pentagon', aliases: [] },
  { canonical: 'White House', aliases: [] },
  { canonical: 'Kremlin', aliases: [] },
  {
    canonical: 'State Department',
    aliases: ['U.S. State Department', 'US State Department', 'Department of State'],
  },
  { canonical: 'Congress', aliases: ['U.S. Congress', 'US Congress'] },
  { canonical: 'Senate', aliases: ['U.S. Senate', 'US Senate'] },
  { canonical: 'House of Representatives', aliases: [] },
  { canonical: 'Supreme Court', aliases: ['U.S. Supreme Court', 'US Supreme Court'] },
  { canonical: 'FBI', aliases: ['F.B.I.', 'Federal Bureau of Investigation'] },
  { canonical: 'CIA', aliases: ['C.I.A.', 'Central Intelligence Agency'] },
  { canonical: 'NSA', aliases: ['N.S.A.', 'National Security Agency'] },
  { canonical: 'Democratic Party', aliases: ['Democratic National Committee', 'DNC'] },
  { canonical: 'Republican Party', aliases: ['GOP', 'G.O.P.', 'Republican National Committee', 'RNC'] },
  { canonical: 'Federal Reserve', aliases: ['the Fed'] },
  { canonical: 'Interpol', aliases: [] },
  { canonical: 'Syrian Observatory for Human Rights', aliases: [] },
  { canonical: 'Secret Service', aliases: [] },
  { canonical: 'Greenpeace', aliases: [] },
  { canonical: 'Doctors Without Borders', aliases: ['Médecins Sans Frontières', 'MSF'] },
];

/** Demonyms (adjective + plural forms) → canonical nationality and its country. */
const NATIONALITIES: Array<[string, string[], string | null]> = [
  ['American', ['Americans'], 'United States'],
  ['Russian', ['Russians'], 'Russia'],
  ['Syrian', ['Syrians'], 'Syria'],
  ['Turkish', ['Turks', 'Turk'], 'Turkey'],
  ['Iranian', ['Iranians'], 'Iran'],
  ['Iraqi', ['Iraqis'], 'Iraq'],
  ['Kurdish', ['Kurds', 'Kurd'], null],
  ['British', ['Briton', 'Britons', 'Brits'], 'United Kingdom'],
  ['English', [], 'United Kingdom'],
  ['Scottish', ['Scots'], 'United Kingdom'],
  ['Welsh', [], 'United Kingdom'],
  ['Irish', [], 'Ireland'],
  ['French', ['Frenchman', 'Frenchwoman'], 'France'],
  ['German', ['Germans'], 'Germany'],
  ['Italian', ['Italians'], 'Italy'],
  ['Spanish', ['Spaniards', 'Spaniard'], 'Spain'],
  ['Portuguese', [], 'Portugal'],
  ['Dutch', [], 'Netherlands'],
  ['Belgian', ['Belgians'], 'Belgium'],
  ['Swiss', [], 'Switzerland'],
  ['Austrian', ['Austrians'], 'Austria'],
  ['Swedish', ['Swedes'], 'Sweden'],
  ['Norwegian', ['Norwegians'], 'Norway'],
  ['Danish', ['Danes'], 'Denmark'],
  ['Finnish', ['Finns'], 'Finland'],
  ['Polish', ['Poles'], 'Poland'],
  ['Czech', ['Czechs'], 'Czech Republic'],
  ['Hungarian', ['Hungarians'], 'Hungary'],
  ['Greek', ['Greeks'], 'Greece'],
  ['Romanian', ['Romanians'], 'Romania'],
  ['Bulgarian', ['Bulgarians'], 'Bulgaria'],
  ['Serbian', ['Serbs', 'Serb'], 'Serbia'],
  ['Croatian', ['Croats', 'Croat'], 'Croatia'],
  ['Ukrainian', ['Ukrainians'], 'Ukraine'],
  ['Belarusian', ['Belarusians'], 'Belarus'],
  ['Armenian', ['Armenians'], 'Armenia'],
  ['Azerbaijani', ['Azerbaijanis'], 'Azerbaijan'],
  ['Chinese', [], 'China'],
  ['Japanese', [], 'Japan'],
  ['Korean', ['Koreans'], null],
  ['North Korean', ['North Koreans'], 'North Korea'],
  ['South Korean', ['South Koreans'], 'South Korea'],
  ['Taiwanese', [], 'Taiwan'],
  ['Vietnamese', [], 'Vietnam'],
  ['Thai', [], 'Thailand'],
  ['Filipino', ['Filipinos'], 'Philippines'],
  ['Indonesian', ['Indonesians'], 'Indonesia'],
  ['Malaysian', ['Malaysians'], 'Malaysia'],
  ['Indian', ['Indians'], 'India'],
  ['Pakistani', ['Pakistanis'], 'Pakistan'],
  ['Afghan', ['Afghans'], 'Afghanistan'],
  ['Bangladeshi', ['Bangladeshis'], 'Bangladesh'],
  ['Israeli', ['Israelis'], 'Israel'],
  ['Palestinian', ['Palestinians'], 'Palestine'],
  ['Lebanese', [], 'Lebanon'],
  ['Jordanian', ['Jordanians'], 'Jordan'],
  ['Saudi', ['Saudis'], 'Saudi Arabia'],
  ['Egyptian', ['Egyptians'], 'Egypt'],
  ['Libyan', ['Libyans'], 'Libya'],
  ['Tunisian', ['Tunisians'], 'Tunisia'],
  ['Algerian', ['Algerians'], 'Algeria'],
  ['Moroccan', ['Moroccans'], 'Morocco'],
  ['Qatari', ['Qataris'], 'Qatar'],
  ['Emirati', ['Emiratis'], 'United Arab Emirates'],
  ['Yemeni', ['Yemenis'], 'Yemen'],
  ['Omani', ['Omanis'], 'Oman'],
  ['Kuwaiti', ['Kuwaitis'], 'Kuwait'],
  ['Nigerian', ['Nigerians'], 'Nigeria'],
  ['Kenyan', ['Kenyans'], 'Kenya'],
  ['Ethiopian', ['Ethiopians'], 'Ethiopia'],
  ['Somali', ['Somalis'], 'Somalia'],
  ['Sudanese', [], 'Sudan'],
  ['South African', ['South Africans'], 'South Africa'],
  ['Mexican', ['Mexicans'], 'Mexico'],
  ['Canadian', ['Canadians'], 'Canada'],
  ['Brazilian', ['Brazilians'], 'Brazil'],
  ['Argentine', ['Argentinian', 'Argentines', 'Argentinians'], 'Argentina'],
  ['Venezuelan', ['Venezuelans'], 'Venezuela'],
  ['Colombian', ['Colombians'], 'Colombia'],
  ['Cuban', ['Cubans'], 'Cuba'],
  ['Chilean', ['Chileans'], 'Chile'],
  ['Peruvian', ['Peruvians'], 'Peru'],
  ['Australian', ['Australians'], 'Australia'],
  ['New Zealander', ['New Zealanders'], 'New Zealand'],
  ['European', ['Europeans'], null],
  ['Arab', ['Arabs'], null],
  ['African', ['Africans'], null],
  ['Asian', ['Asians'], null],
];

/** Surname (or usual short reference) → full name of public figures, for articles that never give it. */
const PEOPLE: Array<[string, string, 'm' | 'f']> = [
  ['Kerry', 'John Kerry', 'm'],
  ['Lavrov', 'Sergey Lavrov', 'm'],
  ['Assad', 'Bashar al-Assad', 'm'],
  ['Obama', 'Barack Obama', 'm'],
  ['Putin', 'Vladimir Putin', 'm'],
  ['Medvedev', 'Dmitry Medvedev', 'm'],
  ['Peskov', 'Dmitry Peskov', 'm'],
  ['Erdogan', 'Recep Tayyip Erdogan', 'm'],
  ['Erdoğan', 'Recep Tayyip Erdogan', 'm'],
  ['Rouhani', 'Hassan Rouhani', 'm'],
  ['Khamenei', 'Ali Khamenei', 'm'],
  ['Zarif', 'Mohammad Javad Zarif', 'm'],
  ['Netanyahu', 'Benjamin Netanyahu', 'm'],
  ['Abbas', 'Mahmoud Abbas', 'm'],
  ['Merkel', 'Angela Merkel', 'f'],
  ['Hollande', 'François Hollande', 'm'],
  ['Macron', 'Emmanuel Macron', 'm'],
  ['Cameron', 'David Cameron', 'm'],
  ['Trump', 'Donald Trump', 'm'],
  ['Clinton', 'Hillary Clinton', 'f'],
  ['Sanders', 'Bernie Sanders', 'm'],
  ['Cruz', 'Ted Cruz', 'm'],
  ['Rubio', 'Marco Rubio', 'm'],
  ['Kasich', 'John Kasich', 'm'],
  ['Pence', 'Mike Pence', 'm'],
  ['Kaine', 'Tim Kaine', 'm'],
  ['Biden', 'Joe Biden', 'm'],
  ['Pelosi', 'Nancy Pelosi', 'f'],
  ['McConnell', 'Mitch McConnell', 'm'],
  ['Priebus', 'Reince Priebus', 'm'],
  ['Podesta', 'John Podesta', 'm'],
  ['Conway', 'Kellyanne Conway', 'f'],
  ['Manafort', 'Paul Manafort', 'm'],
  ['Comey', 'James Comey', 'm'],
  ['Giuliani', 'Rudy Giuliani', 'm'],
  ['Xi', 'Xi Jinping', 'm'],
  ['Modi', 'Narendra Modi', 'm'],
  ['Zelensky', 'Volodymyr Zelensky', 'm'],
  ['Zelenskyy', 'Volodymyr Zelensky', 'm'],
  ['Poroshenko', 'Petro Poroshenko', 'm'],
  ['Guterres', 'António Guterres', 'm'],
  ['Stoltenberg', 'Jens Stoltenberg', 'm'],
  ['Juncker', 'Jean-Claude Juncker', 'm'],
  ['Mogherini', 'Federica Mogherini', 'f'],
  ['de Mistura', 'Staffan de Mistura', 'm'],
  ['Tillerson', 'Rex Tillerson', 'm'],
  ['Pompeo', 'Mike Pompeo', 'm'],
  ['Blinken', 'Antony Blinken', 'm'],
  ['Mattis', 'Jim Mattis', 'm'],
];

/** Titles and roles that precede or describe a person ("President", "the minister"). */
export const PERSON_TITLES = new Set(
  [
    'president',
    'vice president',
    'prime minister',
    'minister',
    'foreign minister',
    'defence minister',
    'defense minister',
    'secretary',
    'secretary of state',
    'secretary-general',
    'secretary general',
    'chancellor',
    'senator',
    'sen.',
    'rep.',
    'representative',
    'congressman',
    'congresswoman',
    'governor',
    'gov.',
    'mayor',
    'ambassador',
    'envoy',
    'general',
    'gen.',
    'colonel',
    'col.',
    'lt.',
    'admiral',
    'judge',
    'justice',
    'king',
    'queen',
    'prince',
    'princess',
    'pope',
    'sheikh',
    'mr.',
    'mrs.',
    'ms.',
    'mr',
    'mrs',
    'ms',
    'dr.',
    'dr',
    'professor',
    'prof.',
    'rev.',
    'chairman',
    'chairwoman',
    'chair',
    'spokesman',
    'spokeswoman',
    'spokesperson',
    'official',
    'leader',
    'commander',
    'director',
    'chief',
    'ceo',
    'analyst',
    'economist',
    'correspondent',
    'reporter',
    'candidate',
    'nominee',
    'adviser',
    'advisor',
    'aide',
    'diplomat',
    'lawmaker',
    'pollster',
    'strategist',
    'manager',
    'founder',
    'attorney',
    'lawyer',
    'activist',
    'researcher',
    'expert',
    'author',
    'mr',
  ].map((s) => s.toLowerCase()),
);

/** Words that end an organisation name ("Eurasia Group", "Ministry of Defence"). */
export const ORG_HEADS = new Set([
  'group',
  'party',
  'ministry',
  'department',
  'council',
  'committee',
  'commission',
  'agency',
  'organization',
  'organisation',
  'bank',
  'university',
  'college',
  'institute',
  'institution',
  'foundation',
  'association',
  'union',
  'federation',
  'company',
  'corporation',
  'corp',
  'corp.',
  'inc',
  'inc.',
  'ltd',
  'ltd.',
  'llc',
  'co.',
  'forces',
  'army',
  'navy',
  'front',
  'brigade',
  'brigades',
  'movement',
  'network',
  'news',
  'times',
  'post',
  'journal',
  'herald',
  'tribune',
  'press',
  'service',
  'office',
  'bureau',
  'board',
  'court',
  'parliament',
  'assembly',
  'league',
  'club',
  'center',
  'centre',
  'fund',
  'trust',
  'alliance',
  'coalition',
  'campaign',
  'administration',
  'government',
  'police',
  'guard',
  'observatory',
  'watch',
  'international',
  'media',
  'television',
  'radio',
  'magazine',
  'airlines',
  'airways',
  'school',
  'hospital',
  'authority',
  'command',
  'senate',
  'congress',
  'cabinet',
  'caucus',
  'pac',
  'project',
  'society',
  'industries',
  'holdings',
  'partners',
  'capital',
  'group.',
]);

/** Words preceding an unknown capitalised name that make it a place ("the town of X"). */
export const PLACE_CUES = new Set([
  'town',
  'city',
  'village',
  'suburb',
  'province',
  'region',
  'district',
  'state',
  'county',
  'capital',
  'port',
  'island',
  'neighbourhood',
  'neighborhood',
  'area',
  'governorate',
  'municipality',
  'valley',
  'enclave',
  'river',
  'lake',
  'sea',
  'bay',
  'gulf',
  'mountains',
  'peninsula',
  'strait',
  'coast',
]);

/** Well-known cities and regions not covered by capitals (kept short: names, not a world gazetteer). */
const PLACES: string[] = [
  'Geneva',
  'Aleppo',
  'Homs',
  'Hama',
  'Idlib',
  'Raqqa',
  'Deir ez-Zor',
  'Palmyra',
  'Latakia',
  'Mosul',
  'Fallujah',
  'Basra',
  'Kirkuk',
  'Erbil',
  'Istanbul',
  'Gaziantep',
  'Gaza',
  'West Bank',
  'Jerusalem',
  'Tel Aviv',
  'Crimea',
  'Donbas',
  'Kharkiv',
  'Odesa',
  'Odessa',
  'St Petersburg',
  'St. Petersburg',
  'New York',
  'New York City',
  'Los Angeles',
  'Chicago',
  'San Francisco',
  'Boston',
  'Miami',
  'Houston',
  'Dallas',
  'Philadelphia',
  'Detroit',
  'Atlanta',
  'Seattle',
  'Denver',
  'Las Vegas',
  'Cleveland',
  'Manchester',
  'Birmingham',
  'Glasgow',
  'Edinburgh',
  'Frankfurt',
  'Munich',
  'Hamburg',
  'Milan',
  'Barcelona',
  'Shanghai',
  'Hong Kong',
  'Mumbai',
  'Dubai',
  'Sydney',
  'Toronto',
  'Vancouver',
  'Montreal',
  'Middle East',
  'Europe',
  'Asia',
  'Africa',
  'Latin America',
  'North America',
  'South America',
  'Kurdistan',
  'Golan Heights',
  'Sinai',
  'Balkans',
  'Caucasus',
  'Scotland',
  'England',
  'Wales',
  'Northern Ireland',
  'Washington',
  'Washington, D.C.',
  'Capitol Hill',
  'Wall Street',
  'Silicon Valley',
  'Davos',
  'Brussels',
  'Strasbourg',
  'The Hague',
  // U.S. states (political news)
  'Alabama',
  'Alaska',
  'Arizona',
  'Arkansas',
  'California',
  'Colorado',
  'Connecticut',
  'Delaware',
  'Florida',
  'Hawaii',
  'Idaho',
  'Illinois',
  'Indiana',
  'Iowa',
  'Kansas',
  'Kentucky',
  'Louisiana',
  'Maine',
  'Maryland',
  'Massachusetts',
  'Michigan',
  'Minnesota',
  'Mississippi',
  'Missouri',
  'Montana',
  'Nebraska',
  'Nevada',
  'New Hampshire',
  'New Jersey',
  'New Mexico',
  'North Carolina',
  'North Dakota',
  'Ohio',
  'Oklahoma',
  'Oregon',
  'Pennsylvania',
  'Rhode Island',
  'South Carolina',
  'South Dakota',
  'Tennessee',
  'Texas',
  'Utah',
  'Vermont',
  'Virginia',
  'West Virginia',
  'Wisconsin',
  'Wyoming',
];

// ---------------------------------------------------------------------------------------------
// Index
// ---------------------------------------------------------------------------------------------

/** Lookup key: NFC, lower case, curly apostrophes folded, "the " dropped. Case-sensitive entries keep case. */
export function gazKey(s: string): string {
  return s
    .normalize('NFC')
    .replace(/[’‘`]/g, "'")
    .replace(/^the\s+/i, '')
    .toLowerCase();
}

const byKey = new Map<string, GazEntry>();
const byExact = new Map<string, GazEntry>();
/** Longest gazetteer name in words: bounds the n-gram scan. */
export let MAX_GAZ_WORDS = 1;

function add(name: string, entry: GazEntry, exact = false): void {
  const n = name.trim();
  if (!n || /[,()]/.test(n)) return;
  MAX_GAZ_WORDS = Math.max(MAX_GAZ_WORDS, n.split(/\s+/).length);
  if (exact) {
    if (!byExact.has(n)) byExact.set(n, entry);
    return;
  }
  const k = gazKey(n);
  if (!byKey.has(k)) byKey.set(k, entry);
}

/** Short all-caps acronyms must match exactly ("US" is not "us"). */
function isShortAcronym(s: string): boolean {
  return /^[A-Z]{2,4}$/.test(s);
}

function addAuto(name: string, entry: GazEntry): void {
  if (isShortAcronym(name)) add(name, { ...entry, caseSensitive: true }, true);
  else add(name, entry);
}

// People first: a surname entry never overrides a country or org with the same key.
const countryNames = countries.getNames('en', { select: 'all' }) as Record<string, string[]>;
const clCountries = countriesList.countries as Record<
  string,
  { name: string; alias?: string[]; capital?: string }
>;
const countryCanonicalByCode = new Map<string, string>();
for (const [code, names] of Object.entries(countryNames)) {
  const cl = clCountries[code];
  const canonical = COUNTRY_CANONICAL[code] ?? cl?.name ?? names[names.length - 1] ?? code;
  countryCanonicalByCode.set(code, canonical);
  const entry: GazEntry = { canonical, type: 'place', country: canonical };
  addAuto(canonical, entry);
  for (const n of EXTRA_COUNTRY_ALIASES[code] ?? []) addAuto(n, entry);
  for (const n of names) addAuto(n, entry);
  for (const n of cl?.alias ?? []) addAuto(n, entry);
}
for (const cl of Object.values(clCountries)) {
  if (!cl.capital) continue;
  const cap = cl.capital.normalize('NFC');
  addAuto(cap, { canonical: cap, type: 'place' });
  const plain = cap.normalize('NFD').replace(/\p{M}/gu, '');
  if (plain !== cap) addAuto(plain, { canonical: cap, type: 'place' });
}
addAuto('Washington D.C.', { canonical: 'Washington', type: 'place' });
for (const p of PLACES)
  addAuto(p, { canonical: p.replace(/^Washington, D\.C\.$/, 'Washington'), type: 'place' });
for (const o of ORGS) {
  const entry: GazEntry = { canonical: o.canonical, type: 'organization' };
  addAuto(o.canonical, entry);
  for (const a of o.aliases) addAuto(a, entry);
  for (const a of o.ambiguous ?? []) add(a, { ...entry, caseSensitive: true, ambiguous: true }, true);
}
for (const [adj, forms, country] of NATIONALITIES) {
  const entry: GazEntry = { canonical: adj, type: 'nationality', country: country ?? undefined };
  addAuto(adj, entry);
  for (const f of forms) addAuto(f, entry);
}
// "US" is ambiguous with the pronoun only in all-caps text; handled by the scanner (case-sensitive match).

const peopleBySurname = new Map<string, { canonical: string; gender: 'm' | 'f' }>();
for (const [surname, full, gender] of PEOPLE) {
  peopleBySurname.set(gazKey(surname), { canonical: full, gender });
  peopleBySurname.set(gazKey(full), { canonical: full, gender });
}

/** Look a surface form up: exact (case-sensitive acronyms) first, then case-insensitively. */
export function lookup(surface: string): GazEntry | undefined {
  const exact = byExact.get(surface.normalize('NFC'));
  if (exact) return exact;
  if (isShortAcronym(surface)) return undefined;
  return byKey.get(gazKey(surface));
}

/** A public figure known by this surname or full name. */
export function lookupPerson(surface: string): { canonical: string; gender: 'm' | 'f' } | undefined {
  return peopleBySurname.get(gazKey(surface));
}

/** Is this a country name that is also a common first name or word ("Jordan", "Chad")? */
export function isWeakName(surface: string): boolean {
  return WEAK_COUNTRY_NAMES.has(surface);
}

/** All canonical country names (for tests and the alias checks). */
export function countryCanonicals(): string[] {
  return [...new Set(countryCanonicalByCode.values())];
}
