/**
 * Headline claim checks: concrete conflicts between what a headline claims and what its body says, beside
 * the stance model (they change no stance or score; they feed the plain-language `verdict`).
 *
 *  - number: a figure in the headline ("death toll passes 100", "shares rise 3 %") that the body gives
 *    differently for the same quantity (same casualty class, or the same noun/unit near it), with no body
 *    figure matching it (approximations, "more than", "at least" and ranges allowed). A figure the body
 *    simply does not give is not reported.
 *  - antonym: the headline's predicate ("hikes", "accept", "ends") against the opposite predicate in a body
 *    clause about the same subject ("slashed", "rejected", "will run ... longer"), when no body sentence
 *    about that subject uses the headline's predicate (or one of its synonyms). A curated table of news
 *    predicates; words are matched by lemma (src/lexicon).
 *  - outcome: the headline claims an achievement (deal, agreement, breakthrough, clarity, win) while a
 *    central body sentence reports that it failed or did not happen ("failed to reach", "concluded without
 *    agreement"; found by the scoped rules of _evidence.ts), or the headline reports a failure
 *    ("evacuation collapses") of something the body says went ahead.
 *
 * Every check is conservative: it needs a body sentence that says something else about the same thing.
 */
import { lemmatize } from '../lexicon/index.js';
import type { ContradictionKind, HeadlineEvidence, Stance } from './_evidence.js';
import { isCueWord } from './_features.js';
import { foldText, stem } from './_text.js';

export type ClaimKind = 'number' | 'antonym' | 'outcome' | 'missing-entity';

/** A headline claim the body conflicts with. */
export interface HeadlineClaim {
  kind: ClaimKind;
  /** The headline words checked ("death toll passes 100", "hikes"). */
  headline: string;
  /** The body words in conflict ("At least 23 people have perished", "slashed"); null when the body lacks it. */
  body: string | null;
  /** Index (0-based) of the body sentence holding `body`, or null. */
  sentenceIndex: number | null;
  /** One plain sentence for people. */
  message: string;
}

/** What the stance model's evidence rules already found (see _evidence.ts); optional. */
export interface ClaimContext {
  /** Body sentences that deny or report the failure of something the headline claims, strongest first. */
  contradictions?: readonly { index: number; kind: ContradictionKind; clash: boolean }[];
  /** Similarity of each body sentence to the headline (0..1). */
  sims?: ArrayLike<number>;
}

// ---------------------------------------------------------------------------------------------------
// Tokens

interface Tok {
  /** Surface text. */
  text: string;
  /** Folded (lower case, no diacritics, "n't" -> "not"). */
  norm: string;
  start: number;
  end: number;
  kind: 'w' | 'n' | 's' | 'p';
  /** Clause number within the sentence. */
  clause: number;
}

/** Words (Latin letters; other scripts are left out), numbers, currency and percent signs, clause punctuation. */
const TOKEN_RE =
  /[A-Za-z\u00c0-\u024f]+(?:['\u2019][A-Za-z\u00c0-\u024f]+)*|\d+(?:[.,]\d+)*|[%$\u20ac\u00a3\u00a5]|[,;:()!?"\u201c\u201d\u2013\u2014-]/g;
/** Words that open a new clause inside a sentence. */
const CLAUSE_WORDS = new Set([
  'but',
  'while',
  'whereas',
  'although',
  'though',
  'after',
  'before',
  'because',
  'since',
  'when',
  'amid',
  'despite',
  'unless',
  'until',
  'which',
  'if',
  'whether',
]);
const CLAUSE_PUNCT = new Set([
  ',',
  ';',
  ':',
  '(',
  ')',
  '\u2013',
  '\u2014',
  '"',
  '\u201c',
  '\u201d',
  '!',
  '?',
]);

function tokenize(text: string, headline = false): Tok[] {
  const out: Tok[] = [];
  let clause = 0;
  const re = new RegExp(TOKEN_RE.source, 'g');
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const t = m[0];
    const start = m.index;
    const c = t.charCodeAt(0);
    if (c >= 48 && c <= 57) {
      out.push({ text: t, norm: t, start, end: start + t.length, kind: 'n', clause });
      continue;
    }
    if (t.length === 1 && SYMBOLS.includes(t)) {
      out.push({ text: t, norm: t, start, end: start + t.length, kind: 's', clause });
      continue;
    }
    if (t.length === 1 && PUNCT.includes(t)) {
      // A hyphen between two numbers is a range, not a clause break.
      if (t === '-' || t === '\u2013')
        out.push({ text: t, norm: '-', start, end: start + 1, kind: 'p', clause });
      else if (CLAUSE_PUNCT.has(t)) clause++;
      continue;
    }
    // Plain ASCII words only need lower-casing (most of them; folding is the slow part).
    const low = t.toLowerCase();
    let norm = ASCII_WORD.test(low) ? low : foldText(t).replace(/\u2019/g, "'");
    if (norm.includes("'")) {
      if (norm.endsWith("n't")) norm = norm === "can't" ? 'cannot' : 'not';
      else norm = norm.replace(/'s$/, '').replace(/'/g, '');
    }
    if (CLAUSE_WORDS.has(norm) || (headline && HEAD_CLAUSE_WORDS.has(norm))) clause++;
    out.push({ text: t, norm, start, end: start + t.length, kind: 'w', clause });
  }
  return out;
}
const SYMBOLS = '%$\u20ac\u00a3\u00a5';
const PUNCT = ',;:()!?"\u201c\u201d\u2013\u2014-';
const ASCII_WORD = /^[a-z]+$/;
/** In headlines, these also start a new clause ("Talks collapse as rebels walk out"). */
const HEAD_CLAUSE_WORDS = new Set(['as', 'with', 'and']);

const lemmaCache = new Map<string, string>();
function lemma(norm: string): string {
  let l = lemmaCache.get(norm);
  if (l === undefined) {
    l = /^[a-z]+$/.test(norm) ? lemmatize(norm) : norm;
    if (lemmaCache.size > 50_000) lemmaCache.clear();
    lemmaCache.set(norm, l);
  }
  return l;
}

const STOP = new Set(
  (
    'a an the and or but if of at by for with about against between into through during before after above ' +
    'below to from up down in out on off over under again further then once here there when where why how all ' +
    'any both each few more most other some such only own same so than too very can will just should now ' +
    'i me my we our you your he him his she her it its they them their what which who whom this that these ' +
    'those am is are was were be been being have has had having do does did doing would could as also said ' +
    'says say new mr mrs ms its may might must shall report reports reported according amid despite as'
  ).split(' '),
);

const isContent = (t: Tok): boolean => t.kind === 'w' && t.norm.length > 1 && !STOP.has(t.norm);

/** Surface text from token i to token j (inclusive) of a text. */
const span = (text: string, toks: readonly Tok[], i: number, j: number): string =>
  text.slice(toks[i]!.start, toks[j]!.end);

// ---------------------------------------------------------------------------------------------------
// Predicates and their opposites

/**
 * Pairs of opposite news predicates: `a b | c d` means each of a, b is the opposite of each of c, d.
 * Entries are lemmas; `go_ahead` is a phrase; `*` skips up to three words ("run * longer"). A group
 * marked `!` is about success against failure (reported as kind `outcome`); one marked `~` about amounts
 * going up or down (checked only for subjects that are amounts, or with a figure: "shares fall 3 %").
 */
const OPPOSITES = [
  'raise hike increase lift boost | cut slash lower reduce trim decrease',
  '~rise climb gain jump soar surge rally rebound increase grow | fall drop slide decline slump plunge tumble sink dip decrease shrink',
  '~expand grow | shrink contract',
  'accept approve endorse ratify | reject refuse veto block turn_down vote_down vote_against',
  'win | lose',
  'beat | miss',
  'end stop halt call_off | continue extend resume prolong go_on carry_on drag_on run_*_longer last_*_longer',
  'open reopen | close shut',
  'resign quit step_down | stay_on remain_in_office',
  'convict | acquit',
  'strengthen | weaken',
  'tighten | ease loosen relax',
  'die | survive',
  '! collapse fail falter founder break_down fall_through fall_apart scrap cancel abandon | succeed go_ahead proceed be_*_outcome be_*_success be_*_achievement go_smoothly go_to_plan',
];

interface Entry {
  group: number;
  side: 0 | 1;
  /** Lemmas (or '*'), first one is the lookup key. */
  words: string[];
}

const ENTRIES = new Map<string, Entry[]>();
/** Groups about success against failure (marked `!`). */
const OUTCOME_GROUPS = new Set<number>();
/** Groups about amounts going up or down (marked `~`). */
const QUANTITY_GROUPS = new Set<number>();
OPPOSITES.forEach((line, group) => {
  let l = line;
  if (l.startsWith('!')) {
    OUTCOME_GROUPS.add(group);
    l = l.slice(1);
  }
  if (l.startsWith('~')) {
    QUANTITY_GROUPS.add(group);
    l = l.slice(1);
  }
  const sides = l.split('|');
  sides.forEach((side, s) => {
    for (const e of side.trim().split(/\s+/)) {
      const words = e.split('_');
      const list = ENTRIES.get(words[0]!) ?? [];
      list.push({ group, side: s as 0 | 1, words });
      ENTRIES.set(words[0]!, list);
    }
  });
});

/** Words that make the next predicate hypothetical ("could cut", "is expected to cut"). */
const MODALS = new Set(['could', 'may', 'might', 'would', 'should', 'can', 'if', 'whether']);
const HEDGE_BEFORE_TO = new Set([
  'expected',
  'likely',
  'unlikely',
  'poised',
  'set',
  'plan',
  'plans',
  'planned',
  'planning',
  'threaten',
  'threatens',
  'threatened',
  'want',
  'wants',
  'wanted',
  'seek',
  'seeks',
  'sought',
  'hope',
  'hopes',
  'hoped',
  'aim',
  'aims',
  'try',
  'tries',
  'tried',
  'trying',
  'propose',
  'proposed',
  'proposes',
  'consider',
  'considering',
  'ready',
  'prepared',
  'urged',
  'urge',
  'urges',
  'called',
  'calls',
  'vowed',
  'vows',
  'pledged',
  'promised',
  'due',
  'able',
  'ought',
  'need',
  'needs',
]);
const NEGATIONS = new Set(['not', 'no', 'never', 'cannot', 'nor', 'neither', 'without', 'failed', 'refused']);
const DETERMINERS = new Set([
  'the',
  'a',
  'an',
  'its',
  'their',
  'his',
  'her',
  'this',
  'that',
  'these',
  'those',
  'any',
  'further',
  'first',
  'another',
  'latest',
  'recent',
  'second',
  'third',
  'last',
  'of',
]);
/** Word-level particles matched by their folded form, not lemma. */
const PARTICLES = new Set(['down', 'off', 'on', 'ahead', 'through', 'apart', 'out', 'up', 'to', 'against']);

interface Mention {
  entry: Entry;
  /** Token range [i, j]. */
  i: number;
  j: number;
  clause: number;
  negated: boolean;
  hypothetical: boolean;
  /** Used as a noun ("the cut", "further hikes"). */
  nominal: boolean;
}

function matchWord(t: Tok | undefined, w: string): boolean {
  if (t === undefined || t.kind !== 'w') return false;
  return t.norm === w || (!PARTICLES.has(w) && lemma(t.norm) === w);
}

function mentionsIn(toks: readonly Tok[]): Mention[] {
  const out: Mention[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.kind !== 'w') continue;
    const entries = ENTRIES.get(lemma(t.norm));
    if (entries === undefined) continue;
    for (const entry of entries) {
      const j = matchRest(toks, i, entry.words);
      if (j < 0) continue;
      if (entry.words.length === 1 && NOT_PREDICATE[entry.words[0]!]?.includes(toks[i + 1]?.norm ?? ''))
        continue;
      out.push({
        entry,
        i,
        j,
        clause: t.clause,
        negated: negatedAt(toks, i),
        hypothetical: hypotheticalAt(toks, i),
        nominal: DETERMINERS.has(toks[i - 1]?.norm ?? ''),
      });
    }
  }
  return out;
}

/** Index of the last token of a multi-word entry starting at token i, or -1. */
function matchRest(toks: readonly Tok[], i: number, words: readonly string[]): number {
  let k = i;
  for (let w = 1; w < words.length; w++) {
    const want = words[w]!;
    if (want === '*') {
      const next = words[w + 1]!;
      let found = -1;
      for (let g = k + 1; g <= k + 6 && g < toks.length; g++) {
        if (toks[g]!.clause !== toks[i]!.clause) break;
        if (matchWord(toks[g], next)) {
          found = g;
          break;
        }
      }
      if (found < 0) return -1;
      k = found;
      w++;
      continue;
    }
    const t = toks[k + 1];
    if (!matchWord(t, want) || t!.clause !== toks[i]!.clause) return -1;
    k++;
  }
  return k;
}

/** A negation in the three words before token i of its clause ("did not cut", "has never won"). */
function negatedAt(toks: readonly Tok[], i: number): boolean {
  for (let k = i - 1; k >= 0 && k >= i - 3; k--) {
    const t = toks[k]!;
    if (t.clause !== toks[i]!.clause) break;
    if (NEGATIONS.has(t.norm)) return true;
  }
  return false;
}

/** A modal or a hedge ("expected to", "could") in the four words before token i of its clause. */
function hypotheticalAt(toks: readonly Tok[], i: number): boolean {
  let k = i - 1;
  for (; k >= 0 && toks[k]!.clause === toks[i]!.clause; k--) {
    const t = toks[k]!;
    if (k < i - 4) continue;
    if (MODALS.has(t.norm)) return true;
    if (t.norm === 'to' && HEDGE_BEFORE_TO.has(toks[k - 1]?.norm ?? '')) return true;
  }
  // A conditional clause: "when the violence stops", "if talks fail", "until the strike ends".
  return CONDITIONAL.has(toks[k + 1]?.norm ?? '');
}
const BE = new Set(['is', 'are', 'was', 'were', 'be', 'been', 'being', 'keeps', 'keep']);
const CONDITIONAL = new Set(['if', 'when', 'unless', 'until', 'whether', 'once']);

/** Phrasal uses that are not the predicate: "end up", "fall pregnant", "drop out", "close to". */
const NOT_PREDICATE: Record<string, readonly string[]> = {
  end: ['up'],
  fall: ['pregnant', 'ill', 'sick', 'short', 'asleep', 'silent', 'victim', 'prey', 'foul', 'behind', 'in'],
  drop: ['out', 'off', 'by'],
  close: ['to', 'in', 'on', 'by', 'ranks'],
  open: ['fire', 'up'],
  lift: ['off'],
  cut: ['off', 'ties', 'short'],
  win: ['over'],
  lose: ['weight', 'sight', 'track', 'touch'],
  beat: ['up'],
  miss: ['out'],
  raise: ['questions', 'concerns', 'fears', 'doubts', 'awareness', 'eyebrows', 'alarm'],
  break: ['ground'],
  stop: ['by'],
  pass: ['away'],
};

/** Nouns that name the same thing in news ("strike" / "walkout"): lemma -> group key. */
const SAME_THING = new Map<string, string>();
for (const line of [
  'strike walkout stoppage',
  'deal agreement accord pact offer proposal',
  'ceasefire truce',
  'talk negotiation',
  'rate interest',
  'share stock',
  'troop soldier force',
  'company firm',
  'evacuation evacuate',
  'election vote',
  'price cost',
]) {
  const words = line.split(' ');
  for (const w of words) SAME_THING.set(w, words[0]!);
}
function thing(l: string): string {
  return SAME_THING.get(l) ?? l;
}
/** Subjects that go up and down. */
const QUANTITIES = new Set(
  (
    'share stock price rate inflation sale profit unemployment jobless index market pound dollar euro yen yuan ' +
    'currency yield export import output growth number toll temperature demand supply production value revenue ' +
    'earnings oil gold bitcoin bond wage salary pay cost spending debt deficit population rating poll approval ' +
    'turnout enrolment enrollment crime attendance level figure estimate forecast gdp economy loss income ' +
    'budget fare rent premium tariff tax'
  )
    .split(' ')
    .map(thing),
);

/** A percentage, or "to"/"by" and a figure, within four words after token j ("fall 3 %", "rise to 5.2"). */
function figureAfter(ht: readonly Tok[], j: number): boolean {
  for (let k = j + 1; k <= j + 4 && k < ht.length; k++) {
    const t = ht[k]!;
    if (t.clause !== ht[j]!.clause) return false;
    if (t.kind !== 'n' && !NUMBER_WORDS.has(t.norm)) continue;
    const next = ht[k + 1]?.norm ?? '';
    const prev = ht[k - 1]?.norm ?? '';
    return (
      next === '%' ||
      next === 'percent' ||
      next === 'per' ||
      next === 'points' ||
      prev === 'to' ||
      prev === 'by'
    );
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------
// Numbers

type NumClass = 'deaths' | 'injured' | 'missing' | 'arrested' | 'displaced';

interface Figure {
  /** The stated value or range. */
  lo: number;
  hi: number;
  /** Comparator before it: at least ("more than 100"), at most ("nearly", "up to"), about, or none. */
  cmp: 'ge' | 'le' | 'about' | 'eq';
  /** The stated value. */
  value: number;
  /** 'pct' (percent), 'pp' (percentage points), 'bp', 'money:<currency>', 'count'. */
  unit: string;
  cls: NumClass | null;
  /** Lemma of the noun counted (count figures): "bus" in "23 buses". */
  noun: string | null;
  /** Token range covering the comparator, the figure and its unit/class word. */
  i: number;
  j: number;
  /** Token index of the number itself. */
  at: number;
  clause: number;
}

const NUMBER_WORDS = new Map<string, number>(
  (
    'one 1 two 2 three 3 four 4 five 5 six 6 seven 7 eight 8 nine 9 ten 10 eleven 11 twelve 12 thirteen 13 ' +
    'fourteen 14 fifteen 15 sixteen 16 seventeen 17 eighteen 18 nineteen 19 twenty 20 thirty 30 forty 40 ' +
    'fifty 50 sixty 60 seventy 70 eighty 80 ninety 90 dozen 12'
  )
    .split(/\s+/)
    .reduce<[string, number][]>((acc, x, k, a) => {
      if (k % 2 === 0) acc.push([x, Number(a[k + 1])]);
      return acc;
    }, []),
);
const MONTHS = new Set(
  'january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec'.split(
    ' ',
  ),
);
const SCALES = new Map<string, number>([
  ['hundred', 100],
  ['thousand', 1e3],
  ['million', 1e6],
  ['millions', 1e6],
  ['m', 1e6],
  ['mn', 1e6],
  ['billion', 1e9],
  ['bn', 1e9],
  ['b', 1e9],
  ['trillion', 1e12],
  ['k', 1e3],
  ['tn', 1e12],
]);
const CURRENCY_SYMBOL: Record<string, string> = {
  $: 'usd',
  '\u20ac': 'eur',
  '\u00a3': 'gbp',
  '\u00a5': 'jpy',
};
const CURRENCY_WORD = new Map<string, string>([
  ['dollar', 'usd'],
  ['dollars', 'usd'],
  ['euro', 'eur'],
  ['euros', 'eur'],
  ['pound', 'gbp'],
  ['pounds', 'gbp'],
  ['yen', 'jpy'],
  ['yuan', 'cny'],
]);
const CLASS_WORDS = new Map<string, NumClass>();
for (const [cls, words] of [
  ['deaths', 'die dead death kill toll fatality fatalities perish slay slain drown murder massacre lives'],
  ['injured', 'injure injured wound wounded hurt injury injuries'],
  ['missing', 'missing unaccounted'],
  ['arrested', 'arrest arrested detain detained detainee'],
  [
    'displaced',
    'evacuate evacuated evacuee displace displaced homeless flee fled refugee shelter sheltering',
  ],
] as [NumClass, string][]) {
  for (const w of words.split(' ')) CLASS_WORDS.set(w, cls);
}
const classOf = (t: Tok | undefined): NumClass | undefined =>
  t === undefined || t.kind !== 'w' ? undefined : (CLASS_WORDS.get(t.norm) ?? CLASS_WORDS.get(lemma(t.norm)));

/** Comparators before a figure: >= (at least), <= (up to), ~ (about). */
const AT_LEAST = new Set([
  'over',
  'above',
  'exceed',
  'exceeds',
  'exceeded',
  'pass',
  'passes',
  'passed',
  'surpass',
  'surpasses',
  'surpassed',
  'top',
  'tops',
  'topped',
  'past',
  'beyond',
  'upwards',
]);
const AT_MOST = new Set(['under', 'below', 'nearly', 'almost']);
const ABOUT = new Set([
  'about',
  'around',
  'roughly',
  'approximately',
  'some',
  'estimated',
  'approx',
  'circa',
]);
/** Nouns that do not identify a quantity by themselves ("23 people": people doing what?). */
const VAGUE_NOUNS = new Set(
  'people person man men woman women child children resident residents time times year years month months week weeks day days hour hours minute minutes percent cent point points other others more of'.split(
    ' ',
  ),
);

function readNumber(toks: readonly Tok[], i: number): { value: number; end: number } | null {
  const t = toks[i]!;
  let value: number;
  let end = i;
  if (t.kind === 'n') {
    const s = t.norm;
    // "1,200" (thousands) vs "3,5" (decimal comma, rare in English news): commas followed by 3 digits are thousands.
    if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) value = Number(s.replace(/,/g, ''));
    else if (/^\d+(\.\d+)?$/.test(s)) value = Number(s);
    else return null;
  } else if (t.kind === 'w' && NUMBER_WORDS.has(t.norm)) {
    value = NUMBER_WORDS.get(t.norm)!;
    // "twenty three" ("twenty-three" is two tokens around a hyphen).
    const a = toks[i + 1];
    const b = toks[i + 2];
    if (value >= 20 && value % 10 === 0) {
      if (a?.norm === '-' && b && NUMBER_WORDS.has(b.norm) && NUMBER_WORDS.get(b.norm)! < 10) {
        value += NUMBER_WORDS.get(b.norm)!;
        end = i + 2;
      } else if (a && NUMBER_WORDS.has(a.norm) && NUMBER_WORDS.get(a.norm)! < 10) {
        value += NUMBER_WORDS.get(a.norm)!;
        end = i + 1;
      }
    }
  } else return null;
  for (;;) {
    const s = toks[end + 1];
    const scale = s?.kind === 'w' ? SCALES.get(s.norm) : undefined;
    if (scale === undefined) break;
    // A lone "m", "b" or "k" counts only right after digits ("$5m", "$300K").
    if (s!.norm.length === 1 && (t.kind !== 'n' || s!.start !== toks[end]!.end)) break;
    value *= scale;
    end++;
  }
  return { value, end };
}

function figuresIn(toks: readonly Tok[]): Figure[] {
  const out: Figure[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.kind !== 'n' && !(t.kind === 'w' && NUMBER_WORDS.has(t.norm))) continue;
    const prev = toks[i - 1];
    // "one of", "the one", "no one": not a count.
    if (t.kind === 'w' && (t.norm === 'one' || t.norm === 'dozen') && !classOf(toks[i + 1])) {
      if (t.norm === 'one' || prev?.norm !== 'a') continue;
    }
    const read = readNumber(toks, i);
    if (read === null) continue;
    let { value, end } = read;
    const next = toks[end + 1];
    // Times ("7 a.m.", "9:40"), years, ordinals, and figures glued to letters are skipped.
    if (next && /^(am|pm|a|p|gmt|utc|bst|cet|est)$/.test(next.norm) && next.start === toks[end]!.end + 1)
      continue;
    if (next?.norm === 'a' && toks[end + 2]?.norm === 'm') continue;
    if (t.kind === 'n' && /^\d{4}$/.test(t.norm) && value >= 1900 && value <= 2100) continue;
    // Dates: "September 25", "25 September".
    if (MONTHS.has(prev?.norm ?? '') || MONTHS.has(next?.norm ?? '')) continue;
    if (next && (next.norm === 'st' || next.norm === 'nd' || next.norm === 'rd' || next.norm === 'th'))
      continue;
    let lo = value;
    let hi = value;
    let first = i;
    // Ranges: "20-30", "20 to 30", "between 20 and 30".
    let last = end;
    const r1 = toks[end + 1];
    if (r1 && (r1.norm === '-' || r1.norm === 'to' || (r1.norm === 'and' && prev?.norm === 'between'))) {
      const k = end + 2;
      if (toks[k] && (toks[k]!.kind === 'n' || NUMBER_WORDS.has(toks[k]!.norm))) {
        const r = readNumber(toks, k);
        if (r && r.value > value) {
          // "20 to 30 million": the scale applies to both.
          if (r.end > k && value < r.value / 1000) {
            for (let g = k + 1; g <= r.end; g++) lo *= SCALES.get(toks[g]!.norm) ?? 1;
          }
          hi = r.value;
          value = r.value;
          last = r.end;
          end = r.end;
        }
      }
    }
    // Comparator: the word(s) before the figure.
    let cmp: Figure['cmp'] = 'eq';
    // (skipping a currency symbol: "up to $5,000")
    const sym = toks[i - 1]?.kind === 's' ? 1 : 0;
    const p1 = toks[i - 1 - sym]?.norm ?? '';
    const p2 = toks[i - 2 - sym]?.norm ?? '';
    if ((p1 === 'than' && (p2 === 'more' || p2 === 'over')) || (p1 === 'least' && p2 === 'at')) {
      cmp = 'ge';
      first = i - 2 - sym;
    } else if ((p1 === 'than' && (p2 === 'less' || p2 === 'fewer')) || (p1 === 'to' && p2 === 'up')) {
      cmp = 'le';
      first = i - 2 - sym;
    } else if (AT_LEAST.has(p1) || (p1 === 'of' && p2 === 'excess')) {
      cmp = 'ge';
      first = i - 1 - sym;
    } else if (AT_MOST.has(p1)) {
      cmp = 'le';
      first = i - 1 - sym;
    } else if (ABOUT.has(p1) || (p1 === 'an' && p2 === 'estimated') || (p1 === 'to' && p2 === 'close')) {
      cmp = 'about';
      first = (p1 === 'an' || p1 === 'to' ? i - 2 : i - 1) - sym;
    }
    // Unit.
    let unit = 'count';
    const u = toks[end + 1];
    const before = toks[i - 1];
    if (u?.norm === '%' || u?.norm === 'percent' || u?.norm === 'pct') {
      unit = 'pct';
      last = end + 1;
    } else if (u?.norm === 'per' && toks[end + 2]?.norm === 'cent') {
      unit = 'pct';
      last = end + 2;
    } else if (u?.norm === 'percentage' && /^points?$/.test(toks[end + 2]?.norm ?? '')) {
      unit = 'pp';
      last = end + 2;
    } else if (u?.norm === 'basis' && /^points?$/.test(toks[end + 2]?.norm ?? '')) {
      unit = 'bp';
      last = end + 2;
    } else if (before?.kind === 's' && CURRENCY_SYMBOL[before.norm]) {
      unit = `money:${CURRENCY_SYMBOL[before.norm]}`;
      first = Math.min(first, i - 1);
    } else if (u && CURRENCY_WORD.has(u.norm)) {
      unit = `money:${CURRENCY_WORD.get(u.norm)}`;
      last = end + 1;
    }
    // Class (for counts): the nearest class word within three words before or five after, same clause.
    let cls: NumClass | null = null;
    let noun: string | null = null;
    if (unit === 'count') {
      let best = 99;
      for (let k = Math.max(0, i - 3); k <= Math.min(toks.length - 1, end + 5); k++) {
        if (k >= i && k <= end) continue;
        const tk = toks[k]!;
        if (tk.clause !== t.clause) continue;
        const c = classOf(tk);
        if (c === undefined) continue;
        // A class word after a figure belongs to the figure only if no other figure comes between.
        const d = k < i ? i - k : k - end;
        if (d < best) {
          best = d;
          cls = c;
          if (k > end) last = Math.max(last, k);
          else first = Math.min(first, k);
        }
      }
      const n = toks[end + 1];
      if (n?.kind === 'w' && !STOP.has(n.norm) && !VAGUE_NOUNS.has(n.norm) && !SCALES.has(n.norm)) {
        noun = lemma(n.norm);
        if (cls === null) last = Math.max(last, end + 1);
      }
    }
    out.push({
      lo,
      hi,
      cmp,
      value,
      unit,
      cls,
      noun,
      i: first,
      j: last,
      at: i,
      clause: t.clause,
    });
    i = end;
  }
  return out;
}

/**
 * The values a figure allows. A headline's "more than 100" is anything from 100 up; a body's "at least 23"
 * is the figure it reports (23, give or take a little), not a licence for any larger number.
 */
function interval(f: Figure, head: boolean): [number, number] {
  const slack = Math.max(0.05 * Math.abs(f.value), precisionOf(f.value) / 2);
  switch (f.cmp) {
    case 'ge':
      return [f.lo, head ? Number.POSITIVE_INFINITY : f.hi * 1.3 + 3];
    case 'le':
      return [head ? 0 : f.lo * 0.8, f.hi];
    case 'about':
      return [f.lo * 0.85, f.hi * 1.15];
    default:
      return [f.lo - slack, f.hi + slack];
  }
}

/**
 * Whether a body figure can be the headline's figure: overlapping ranges, or the same digits with a
 * thousand-fold scale word dropped ("$800" and "$800 million": a slip, not another figure).
 */
function compatible(h: Figure, b: Figure): boolean {
  const [hl, hh] = interval(h, true);
  const [bl, bh] = interval(b, false);
  if (bl <= hh && hl <= bh) return true;
  const r = Math.max(h.value, b.value) / Math.min(h.value, b.value);
  return r >= 1000 && [1e3, 1e6, 1e9, 1e12].some((x) => Math.abs(r / x - 1) < 1e-9);
}

function precisionOf(v: number): number {
  if (Number.isInteger(v)) {
    // 1,200 -> 100 slack... keep it to units for small numbers and to the last non-zero digit otherwise.
    let p = 1;
    while (v !== 0 && v % (p * 10) === 0 && p < 1e12) p *= 10;
    return Math.min(p, Math.max(1, Math.abs(v) / 10));
  }
  const dec = String(v).split('.')[1]?.length ?? 0;
  return 10 ** -dec;
}

/** The same quantity: same unit, and the same casualty class or the same counted noun. */
function sameKind(h: Figure, b: Figure): boolean {
  if (h.unit !== b.unit) return false;
  if (h.unit !== 'count') return true;
  if (h.cls !== null) return b.cls === h.cls;
  return h.noun !== null && b.noun !== null && thing(h.noun) === thing(b.noun);
}

// ---------------------------------------------------------------------------------------------------
// Body analysis (cached per body)

interface SentenceInfo {
  toks: Tok[];
  mentions: Mention[];
  figures: Figure[];
  /** Lemmas (as same-thing keys) of the content words, per clause and for the whole sentence. */
  words: Set<string>;
}

const bodyCache = new WeakMap<readonly string[], SentenceInfo[]>();

function analyse(sentences: readonly string[]): SentenceInfo[] {
  let b = bodyCache.get(sentences);
  if (b === undefined) {
    b = sentences.map((s) => {
      const toks = tokenize(s);
      const words = new Set<string>();
      for (const t of toks) if (isContent(t)) words.add(thing(lemma(t.norm)));
      return { toks, mentions: mentionsIn(toks), figures: figuresIn(toks), words };
    });
    bodyCache.set(sentences, b);
  }
  return b;
}

// ---------------------------------------------------------------------------------------------------
// Checks

const q = (s: string) => `\u201c${s}\u201d`;

/** The central body sentences: the lead, and the one most similar to the headline. */
function centralSentences(n: number, sims: ArrayLike<number> | undefined): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i < Math.min(CENTRAL, n); i++) out.add(i);
  if (sims) {
    let m = 0;
    let top = -1;
    for (let i = 0; i < Math.min(n, sims.length); i++) if ((sims[i] ?? 0) > m) [m, top] = [sims[i] ?? 0, i];
    if (top >= 0) out.add(top);
  }
  return out;
}

function numberClaims(
  headline: string,
  ht: Tok[],
  body: SentenceInfo[],
  sentences: readonly string[],
  central: Set<number>,
): HeadlineClaim[] {
  const out: HeadlineClaim[] = [];
  const hFigs = figuresIn(ht);
  for (const h of hFigs) {
    // Only figures that say what they count: a casualty class, a counted noun, or a percentage/amount
    // tied to a headline noun; not a part ("another 26 are missing").
    if (h.unit === 'count' && h.cls === null && h.noun === null) continue;
    if (PARTIAL.has(ht[h.i - 1]?.norm ?? '')) continue;
    // What the figure is about: headline nouns near it (not predicates such as "rise").
    const topic = new Set<string>();
    for (let k = Math.max(0, h.i - 4); k <= Math.min(ht.length - 1, h.j + 4); k++) {
      const t = ht[k]!;
      if (t.clause === h.clause && isContent(t) && !ENTRIES.has(lemma(t.norm)))
        topic.add(thing(lemma(t.norm)));
    }
    let matched = false;
    let conflict: { s: number; f: Figure } | null = null;
    for (let s = 0; s < body.length && !matched; s++) {
      const info = body[s]!;
      for (const f of info.figures) {
        // Loose test for a match (any figure of the same unit and class), strict test for a conflict.
        const sameUnit =
          f.unit === h.unit &&
          (h.unit !== 'count' ||
            h.cls === null ||
            f.cls === h.cls ||
            (f.cls === null && info.toks.some((t) => classOf(t) === h.cls)));
        if (sameUnit && compatible(h, f)) {
          matched = true;
          break;
        }
        // A conflict: the same quantity, in a central sentence, not another of the headline's figures.
        if (conflict !== null || !central.has(s) || !sameKind(h, f)) continue;
        if (hFigs.some((o) => o !== h && o.unit === f.unit && compatible(o, f))) continue;
        // A counted noun ("6 militants") conflicts only with a count of the same noun.
        if (h.noun !== null && (f.noun === null || thing(f.noun) !== thing(h.noun))) continue;
        if (h.unit !== 'count' || h.cls === null) {
          // Percentages, amounts and counted nouns: the body must name the headline's topic next to it.
          let near = false;
          for (let k = Math.max(0, f.i - 4); k <= Math.min(info.toks.length - 1, f.j + 4) && !near; k++) {
            const t = info.toks[k]!;
            near = t.clause === f.clause && isContent(t) && topic.has(thing(lemma(t.norm)));
          }
          if (!near) continue;
        }
        conflict = { s, f };
      }
    }
    if (matched || conflict === null) continue;
    const hs = span(headline, ht, h.i, h.j);
    const info = body[conflict.s]!;
    const bs = span(sentences[conflict.s]!, info.toks, conflict.f.i, conflict.f.j);
    out.push({
      kind: 'number',
      headline: hs,
      body: bs,
      sentenceIndex: conflict.s,
      message: `the headline says ${q(hs)}, the body says ${q(bs)} (sentence ${conflict.s + 1})`,
    });
  }
  return out;
}
/** Before a figure, these make it a part of a larger count. */
const PARTIAL = new Set(['another', 'additional', 'other', 'further', 'extra', 'of']);

interface HeadPredicate {
  m: Mention;
  subject: Set<string>;
  object: Set<string>;
}

function headPredicates(ht: Tok[]): HeadPredicate[] {
  const out: HeadPredicate[] = [];
  for (const m of mentionsIn(ht)) {
    if (m.negated || m.hypothetical) continue;
    // "Continuing violence ...": a participle before its noun is not the headline's predicate.
    if (ht[m.i]!.norm.endsWith('ing') && !BE.has(ht[m.i - 1]?.norm ?? '')) continue;
    const subject = new Set<string>();
    const object = new Set<string>();
    for (let k = m.i - 1; k >= 0 && ht[k]!.clause === m.clause && subject.size < 5; k--) {
      const t = ht[k]!;
      if (isContent(t) && !ENTRIES.has(lemma(t.norm))) subject.add(thing(lemma(t.norm)));
    }
    for (let k = m.j + 1; k < ht.length && ht[k]!.clause === m.clause && object.size < 4; k++) {
      const t = ht[k]!;
      if (t.norm === 'to' || t.norm === 'in' || t.norm === 'on' || t.norm === 'for' || t.norm === 'after')
        break;
      if (isContent(t)) object.add(thing(lemma(t.norm)));
    }
    out.push({ m, subject, object });
  }
  return out;
}

function clauseWords(
  info: SentenceInfo,
  clause: number,
  from = 0,
  to = Number.MAX_SAFE_INTEGER,
): Set<string> {
  const s = new Set<string>();
  for (let k = from; k < Math.min(to, info.toks.length); k++) {
    const t = info.toks[k]!;
    if (t.clause === clause && isContent(t)) s.add(thing(lemma(t.norm)));
  }
  return s;
}

const meets = (a: Set<string>, b: Set<string>): boolean => {
  for (const x of a) if (b.has(x)) return true;
  return false;
};

function antonymClaims(headline: string, ht: Tok[], body: SentenceInfo[], sentences: readonly string[]) {
  const out: HeadlineClaim[] = [];
  const seen = new Set<number>();
  for (const p of headPredicates(ht)) {
    const { group, side } = p.m.entry;
    if (seen.has(group)) continue;
    const args = new Set([...p.subject, ...p.object]);
    if (args.size === 0) continue;
    // Rising and falling are about quantities ("shares fall 3 %"), not idioms ("fall pregnant", "drop $300 on").
    if (QUANTITY_GROUPS.has(group) && !meets(p.subject, QUANTITIES) && !figureAfter(ht, p.m.j)) continue;
    let pro = false;
    let anti: { s: number; m: Mention } | null = null;
    for (let s = 0; s < body.length && !pro; s++) {
      const info = body[s]!;
      // A sentence about the headline's subject or object that uses the headline's predicate: the
      // body says what the headline says (or says it could happen); nothing to report.
      const about = meets(args, info.words);
      if (!about) continue;
      for (const m of info.mentions) {
        if (m.entry.group !== group || m.negated) continue;
        if (m.entry.side === side) {
          pro = true;
          break;
        }
        if (anti !== null || m.hypothetical || m.nominal) continue;
        // The opposite predicate must be said of the headline's subject and object (those it names) in the
        // same clause, one of them before it (the subject, or the object of a passive): "Government forces
        // lost control of Tarsk to the rebels" does not say that the rebels lost.
        const inClause = clauseWords(info, m.clause);
        const before = clauseWords(info, m.clause, 0, m.i);
        const ok =
          (p.subject.size === 0 || meets(p.subject, inClause)) &&
          (p.object.size === 0 || meets(p.object, inClause)) &&
          (meets(p.subject, before) || meets(p.object, before));
        if (ok) anti = { s, m };
      }
    }
    if (pro || anti === null) continue;
    seen.add(group);
    const hs = span(headline, ht, p.m.i, p.m.j);
    const info = body[anti.s]!;
    // Show the subject with a copula pattern ("The evacuation was the only tangible outcome").
    const bi = anti.m.entry.words[0] === 'be' ? subjectStart(info, anti.m) : anti.m.i;
    const bs = span(sentences[anti.s]!, info.toks, bi, anti.m.j);
    out.push({
      kind: OUTCOME_GROUPS.has(group) ? 'outcome' : 'antonym',
      headline: hs,
      body: bs,
      sentenceIndex: anti.s,
      message: `the headline says ${q(hs)}, the body says ${q(bs)} (sentence ${anti.s + 1})`,
    });
  }
  return out;
}

/** Start of the noun phrase before token m.i ("The evacuation" in "The evacuation was ..."). */
function subjectStart(info: SentenceInfo, m: Mention): number {
  let k = m.i;
  while (k > 0 && m.i - k < 8 && info.toks[k - 1]!.clause === m.clause && info.toks[k - 1]!.kind === 'w') k--;
  return k;
}

/** Headline outcome words (the stems _evidence.ts uses) and body failure cues. */
const OUTCOME_STEMS = new Set(
  (
    'achieve achieved achievement agree agreed agreement deal reach reached success successful succeed ' +
    'succeeded win won victory breakthrough clarity secure secured sign signed approve approved approval accord ' +
    'settle settled settlement resolve resolved resolution solve solved solution progress consensus ' +
    'compromise pact treaty truce ceasefire forge forged struck conclude concluded'
  )
    .split(' ')
    .map(stem),
);
const FAIL_CUES = new Set(
  (
    'fail fails failed failing failure unable inability unsuccessful collapse collapsed collapses stall stalled ' +
    'stalls stalemate deadlock deadlocked impasse breakdown fruitless futile elusive scuttled derailed thwarted ' +
    'faltered foundered not no never without nor neither cannot refused rejected abandoned'
  ).split(' '),
);
/** Headline outcome words that are too weak alone to claim an achievement ("strike" is also a walkout). */
const WEAK_OUTCOME = new Set(['strike', 'struck', 'plan', 'sign', 'signed', 'clear', 'confirm', 'confirmed']);
const CENTRAL = 3;
/** Headline words that attribute or question the claim. */
const HEAD_HEDGE = new Set([
  'says',
  'say',
  'said',
  'claims',
  'claim',
  'announces',
  'denies',
  'deny',
  'ignored',
  'jeopardy',
  'alleged',
  'hopes',
  'hope',
  'eyes',
  'nears',
  'close',
]);
/** Headline words that doubt or undo a claimed outcome ("ceasefire doubts", "truce breached"). */
const HEAD_DOUBT = new Set(
  'doubt question breach violate fade shatter crumble hope bid push seek urge call threaten risk near close'.split(
    ' ',
  ),
);

/** Negations that can govern an outcome ("without agreement", "did not reach a deal"). */
const NEGATORS = new Set(['not', 'no', 'never', 'without', 'cannot', 'nor', 'neither']);
/** After these, a failure word is about something else ("failed to confirm", "no comment"). */
const NOT_A_FAILURE = new Set([
  'verify',
  'confirm',
  'comment',
  'contact',
  'independently',
  'only',
  'just',
  'immediately',
]);

/** A failure or negation cue governing an outcome word within a clause: token range, or null. */
function deniedOutcome(toks: readonly Tok[]): [number, number] | null {
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k]!;
    if (!FAIL_CUES.has(t.norm) || NEGATORS.has(toks[k - 1]?.norm ?? '') || hypotheticalAt(toks, k)) continue;
    let content = 0;
    let to = -1;
    for (let g = k + 1; g < toks.length && g <= k + 7 && toks[g]!.clause === t.clause; g++) {
      const w = toks[g]!;
      if (w.kind !== 'w') continue;
      if (g === k + 1 && (NOT_A_FAILURE.has(w.norm) || NOT_A_FAILURE.has(lemma(w.norm)))) break;
      if (OUTCOME_STEMS.has(stem(w.norm)) && !WEAK_OUTCOME.has(w.norm)) to = g;
      else if (isContent(w) && w.norm !== 'yet' && w.norm !== 'final') {
        if (to >= 0) break;
        if (++content > 2) break;
      }
    }
    if (to >= 0) return [NEGATORS.has(t.norm) && k > 0 && toks[k - 1]!.kind === 'w' ? k - 1 : k, to];
  }
  return null;
}

function outcomeClaims(
  headline: string,
  ht: Tok[],
  body: SentenceInfo[],
  sentences: readonly string[],
  ctx: ClaimContext,
): HeadlineClaim[] {
  const hw = ht.findIndex(
    (t) => t.kind === 'w' && !WEAK_OUTCOME.has(t.norm) && OUTCOME_STEMS.has(stem(t.norm)),
  );
  if (hw < 0) return [];
  // The headline itself must not deny, doubt or report failure ("talks end without deal", "truce doubts"),
  // nor put the outcome in scare quotes ("'ceasefire'").
  if (ht.some((t) => FAIL_CUES.has(t.norm) || HEAD_DOUBT.has(lemma(t.norm)))) return [];
  if (/['‘"“]$/.test(headline.slice(0, ht[hw]!.start).trimEnd())) return [];
  // An attributed or hedged claim ("Nigeria says it has deal", "truce claim") is not the headline's own.
  if (
    ht.some(
      (t) =>
        t.kind === 'w' &&
        (HEAD_HEDGE.has(t.norm) || isCueWord('hedge', t.norm) || isCueWord('refute', t.norm)),
    )
  )
    return [];
  for (const i of [...centralSentences(body.length, ctx.sims)].sort((a, b) => a - b)) {
    const info = body[i];
    if (info === undefined) continue;
    // On topic: shares a word with the headline (or was found by the evidence rules, which check that).
    if (ctx.sims && !(ctx.sims[i]! > 0) && !ctx.contradictions?.some((c) => c.index === i)) continue;
    const r = deniedOutcome(info.toks);
    if (r === null) continue;
    // The claimed outcome: its words in the headline clause ("reach breakthrough deal", "achieve clarity").
    let he = hw;
    for (let k = hw + 1; k < ht.length && k <= hw + 3 && ht[k]!.clause === ht[hw]!.clause; k++) {
      if (ht[k]!.kind === 'w' && OUTCOME_STEMS.has(stem(ht[k]!.norm))) he = k;
    }
    const hs = span(headline, ht, hw, he);
    const bs = span(sentences[i]!, info.toks, r[0], r[1]);
    return [
      {
        kind: 'outcome',
        headline: hs,
        body: bs,
        sentenceIndex: i,
        message: `the headline claims ${q(hs)}, the body says ${q(bs)} (sentence ${i + 1})`,
      },
    ];
  }
  return [];
}

/**
 * Claims of a headline that its body (given as sentences) conflicts with: numbers, opposite predicates,
 * denied outcomes. Empty when nothing conflicts. `ctx` passes what the stance model's evidence rules found
 * (needed for the outcome check; without it only numbers and predicates are checked).
 */
export function checkClaims(
  headline: string,
  sentences: readonly string[],
  ctx: ClaimContext = {},
): HeadlineClaim[] {
  const ht = tokenize(headline, true);
  if (ht.length === 0 || sentences.length === 0) return [];
  const body = analyse(sentences);
  const out = [
    ...numberClaims(headline, ht, body, sentences, centralSentences(body.length, ctx.sims)),
    ...antonymClaims(headline, ht, body, sentences),
  ];
  // One outcome claim is enough: a predicate check that already found the failure says it better.
  if (!out.some((c) => c.kind === 'outcome')) out.push(...outcomeClaims(headline, ht, body, sentences, ctx));
  return out.sort((a, b) => (a.sentenceIndex ?? 1e9) - (b.sentenceIndex ?? 1e9));
}

// ---------------------------------------------------------------------------------------------------
// The plain-language verdict

/** The decision for people: the model's stance combined with the claim checks. */
export type PlainVerdict = 'supported' | 'not-supported' | 'contradicted' | 'unrelated';

/**
 * Combine the model's stance, its evidence and the claim checks into a verdict and a summary that agrees
 * with it. unrelated: the model says so. contradicted: a claim check found a body sentence in conflict, or
 * the model says disagree. not-supported: the model says discuss, or agree while a related sentence
 * dismisses the claim or reports its failure (evidence kind refute or fail), or a claim is missing from the
 * body. supported: otherwise. `stanceSummary` is the model's own wording of its stance.
 */
export function decideVerdict(
  stance: Stance,
  evidence: readonly HeadlineEvidence[],
  claims: readonly HeadlineClaim[],
  stanceSummary: string,
): { verdict: PlainVerdict; summary: string } {
  if (stance === 'unrelated') return { verdict: 'unrelated', summary: stanceSummary };
  const found = claims.filter((c) => c.sentenceIndex !== null);
  if (found.length > 0) {
    const more =
      found.length > 1 ? ` (and ${found.length - 1} more conflict${found.length > 2 ? 's' : ''})` : '';
    return {
      verdict: 'contradicted',
      summary: `the body contradicts the headline: ${found[0]!.message}${more}`,
    };
  }
  if (stance === 'disagree') return { verdict: 'contradicted', summary: stanceSummary };
  if (stance === 'discuss') return { verdict: 'not-supported', summary: stanceSummary };
  const against = evidence.find(
    (e) => e.role === 'contradicts' && (e.kind === 'refute' || e.kind === 'fail'),
  );
  if (against) {
    const why = against.kind === 'refute' ? 'disputes the claim' : 'reports a failure';
    return {
      verdict: 'not-supported',
      summary: `the body does not clearly support the headline: a related sentence ${why} (sentence ${against.index + 1})`,
    };
  }
  const missing = claims[0];
  if (missing) {
    return {
      verdict: 'not-supported',
      summary: `the body does not support the headline: ${missing.message}`,
    };
  }
  return { verdict: 'supported', summary: stanceSummary };
}

/**
 * The evidence list with the sentences of the claims first, as `contradicts` (at most 3 in all): a claim's
 * sentence goes against the headline whatever the stance model made of it.
 */
export function withClaimEvidence(
  evidence: readonly HeadlineEvidence[],
  claims: readonly HeadlineClaim[],
  sentences: readonly string[],
  sims: ArrayLike<number>,
): HeadlineEvidence[] {
  const idx = [...new Set(claims.map((c) => c.sentenceIndex).filter((i): i is number => i !== null))];
  if (idx.length === 0) return [...evidence];
  const out: HeadlineEvidence[] = idx.slice(0, 3).map((i) => {
    const had = evidence.find((e) => e.index === i);
    const kind = had?.role === 'contradicts' ? had.kind : undefined;
    return {
      sentence: sentences[i]!,
      index: i,
      role: 'contradicts',
      score: had?.score ?? Math.round((sims[i] ?? 0) * 1000) / 1000,
      ...(kind ? { kind } : {}),
    };
  });
  for (const e of evidence) if (out.length < 3 && !idx.includes(e.index)) out.push(e);
  return out;
}
