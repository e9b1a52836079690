/**
 * Speaker phrases: find the cue verb next to a quotation and the noun phrase that is its subject
 * ("…,” Smith said / said Smith / Smith said: “…” / according to Smith), then resolve that phrase to an
 * entity: by name, through a pronoun to a recent compatible person, or through a title ("the minister")
 * to a person given that title earlier.
 */

import {
  type EntityAnalysis as Analysis,
  type EntityProfile,
  type EntityWord,
  type NameMention,
  PERSON_TITLES,
} from '../entities/index.js';
import { LazySet } from '../lexicon/data.js';
import { speechVerbs } from '../lexicon/index.js';
import { lastAtOrBefore } from './_text.js';

/** Reporting verbs (all forms): the `quotes` rows of data/speech-verbs.tsv, the one speech-verb list. */
export const CUES = new LazySet(() =>
  speechVerbs()
    .filter((v) => v.uses.includes('quotes'))
    .flatMap((v) => v.forms),
);
/**
 * Phrasal cues: the verb counts only when followed by its particle ("points out", "went on", "fired
 * back", "chimed in"). Verb form → particle.
 */
export const PHRASAL_CUES = new Map<string, string>(
  (
    'point:out points:out pointed:out go:on goes:on went:on cut:in cuts:in chimed:in chimes:in ' +
    'fire:back fires:back fired:back shot:back shoots:back hit:back hits:back weighed:in weighs:in ' +
    'summed:up sums:up lashed:out wrote:back writes:back spoke:up speaks:up followed:up put:it puts:it'
  )
    .split(' ')
    .map((p) => p.split(':') as [string, string]),
);

/** Is word `i` a cue verb (a reporting verb, or a phrasal one followed by its particle)? */
export function cueAt(words: readonly EntityWord[], i: number): boolean {
  const w = words[i];
  if (!w) return false;
  // "the Washington Post", "the United States": a capitalised cue word inside a sentence is a name.
  if (w.cap && !w.initial) return false;
  const lw = w.text.toLowerCase();
  if (CUES.has(lw)) return true;
  const part = PHRASAL_CUES.get(lw);
  return part !== undefined && words[i + 1]?.text.toLowerCase() === part;
}
/** Cues that also need content to be speech (not "claimed victory", "added value"). */
export const WEAK_CUES = new Set([
  'charge',
  'charges',
  'charged',
  'maintain',
  'maintains',
  'maintained',
  'state',
  'states',
  'posted',
  'post',
  'posts',
  'continue',
  'continues',
  'continued',
  'report',
  'reports',
  'reported',
  'counter',
  'counters',
]);

const PRONOUNS = new Map<string, 'm' | 'f' | 'pl' | 'n' | 'self'>([
  ['he', 'm'],
  ['she', 'f'],
  ['they', 'pl'],
  ['it', 'n'],
  ['i', 'self'],
  ['we', 'self'],
]);

const AUX = new Set(
  'has had have would will also later then again once repeatedly previously recently often has been had been is was were later then further simply just quickly flatly privately publicly earlier separately subsequently'.split(
    ' ',
  ),
);
const DETERMINERS = new Set(
  'the a an one another two three four five several some many other his her their its this that these those both'.split(
    ' ',
  ),
);
/** Determiners that never end a noun phrase ("the two" may). */
export const ARTICLES = new Set('the a an his her their its this that these those my our your'.split(' '));
/** Words a speaker description cannot end with. */
const FUNCTION_ENDS = new Set(
  'by to of in on at for with from into about as than like over under through without via per'.split(' '),
);
const CLAUSE_BREAK = new Set(
  'and but or while as because although though when after before since if that which who whom whose where than so yet nor'.split(
    ' ',
  ),
);

export interface SpeakerPhrase {
  text: string;
  start: number;
  end: number;
  kind: 'pronoun' | 'name' | 'description';
  /** Entity of the head name, when the phrase holds a name. */
  mention?: NameMention | undefined;
  cue: string;
  cueStart: number;
}

/** A speaker phrase before its cue is attached. */
export type NounPhrase = Omit<SpeakerPhrase, 'cue' | 'cueStart'>;

/** Words of [from, to) offsets. */
export function wordsIn(words: readonly EntityWord[], from: number, to: number): EntityWord[] {
  let lo = 0;
  let hi = words.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (words[mid]!.start < from) lo = mid + 1;
    else hi = mid;
  }
  const out: EntityWord[] = [];
  for (let i = lo; i < words.length && words[i]!.start < to; i++)
    if (words[i]!.end <= to) out.push(words[i]!);
  return out;
}

function phraseFrom(a: Analysis, text: string, first: EntityWord, last: EntityWord): NounPhrase {
  const span = text.slice(first.start, last.end);
  const pr = PRONOUNS.get(span.toLowerCase());
  if (first === last && pr) return { text: span, start: first.start, end: last.end, kind: 'pronoun' };
  // A name inside the phrase: take the first person mention, else the first organisation.
  let best: NameMention | undefined;
  let ownerOfRole = false;
  for (let i = first.i; i <= last.i; i++) {
    const m = a.mentionAt.get(i);
    if (!m || m.type === 'nationality' || m.type === 'place') continue;
    // "Clinton’s spokesman", "Trump’s lawyer": the owner of a role is not the speaker.
    const owner =
      a.words[m.w1]!.poss && i <= last.i && PERSON_TITLES.has(a.words[m.w1 + 1]?.text.toLowerCase() ?? '');
    if (owner) {
      ownerOfRole = true;
      i = m.w1;
      continue;
    }
    if (!best || (best.type !== 'person' && m.type === 'person')) best = m;
    i = m.w1;
  }
  if (!best && ownerOfRole) return { text: span, start: first.start, end: last.end, kind: 'description' };
  if (best) return { text: span, start: first.start, end: last.end, kind: 'name', mention: best };
  const only = a.mentionAt.get(first.i);
  if (only && only.type === 'place' && only.w0 === first.i && only.w1 === last.i)
    return { text: span, start: first.start, end: last.end, kind: 'name', mention: only };
  return { text: span, start: first.start, end: last.end, kind: 'description' };
}

/** The noun phrase that ends right before offset `pos` (skipping a parenthetical such as "(D-Mo.)"). */
function npEndingBefore(a: Analysis, text: string, pos: number, floor: number): NounPhrase | null {
  let p = pos;
  while (p > floor && /\s/.test(text[p - 1]!)) p--;
  if (text[p - 1] === ')') {
    const open = text.lastIndexOf('(', p - 1);
    if (open < floor || p - open > 60) return null;
    p = open;
    while (p > floor && /\s/.test(text[p - 1]!)) p--;
  }
  const j = lastAtOrBefore(a.words, (w) => w.end, p);
  if (j < 0 || a.words[j]!.start < floor) return null;
  const w = a.words[j]!;
  const gap = text.slice(w.end, p);
  if (gap !== '' && !(w.poss && /^['’]s$/.test(gap)) && !/^\.$/.test(gap)) return null;
  return subjectEndingAt(a, text, j, floor);
}

const PARTICIPLE_CUES =
  /^(?:saying|adding|noting|arguing|explaining|declaring|insisting|warning|writing|telling|tweeting|asserting|asking|claiming|stressing|continuing|replying|responding|calling|suggesting|acknowledging|admitting|promising|vowing|urging|joking|quipping)$/;
const CLAUSE_OPENERS = new Set(
  'during after before in on at when as while although though despite since for with without from by under if because later earlier still but and yet so speaking asked pressed'.split(
    ' ',
  ),
);

/** Does the text between words `m` and `m + 1` hold a comma? */
function commaAfter(words: readonly EntityWord[], text: string, m: number): boolean {
  return /,/.test(text.slice(words[m]!.end, words[m + 1]?.start ?? words[m]!.end));
}

/**
 * Where the main clause of the sentence holding word `c` starts: the sentence start (not before `floor`),
 * past at most two leading adverbial or participial clauses ("During the debate, Trump …", "Smiling
 * broadly, she …").
 */
function mainClauseStart(a: Analysis, text: string, c: number, floor: number): number {
  const words = a.words;
  const sent = words[c]!.sent;
  let k = c;
  while (k > 0 && words[k - 1]!.sent === sent && words[k - 1]!.start >= floor) k--;
  for (let tries = 0; tries < 2; tries++) {
    const lw0 = words[k]!.text.toLowerCase();
    // "Here in Columbia, Sanders …", "Last week, she …": a short lead phrase without a verb.
    let shortLead = false;
    for (let m = k; m < c && m < k + 6; m++) {
      const wm = words[m]!;
      if (m > k && /^\p{Ll}+(?:ed|s)$/u.test(wm.text)) break;
      if (a.mentionAt.get(m)?.type === 'person' || PRONOUNS.has(wm.text.toLowerCase())) break;
      if (commaAfter(words, text, m)) {
        shortLead = m > k || /^(?:here|there|now|today|yesterday|meanwhile|instead|still|again)$/.test(lw0);
        break;
      }
    }
    if (!shortLead && !CLAUSE_OPENERS.has(lw0) && !/^\p{Ll}*(?:ing|ed)$/u.test(lw0) && !/ly$/.test(lw0))
      break;
    let m = k;
    while (m < c && m < k + 16 && !commaAfter(words, text, m)) m++;
    if (m < c && m < k + 16) k = m + 1;
    else break;
  }
  return k;
}

/** The subject of the sentence holding word index `c`: a pronoun or a name, at the clause start. */
export function sentenceSubject(a: Analysis, text: string, c: number, floor: number): NounPhrase | null {
  const words = a.words;
  const k = mainClauseStart(a, text, c, floor);
  for (let i = k; i < c && i < k + 8; i++) {
    const w = words[i]!;
    const lw = w.text.toLowerCase();
    if (PRONOUNS.has(lw)) return phraseFrom(a, text, w, w);
    const m = a.mentionAt.get(i);
    if (m && (m.type === 'person' || m.type === 'organization')) {
      const p = subjectEndingAt(a, text, m.w1, floor);
      if (p) return p;
    }
    if (!DETERMINERS.has(lw) && !w.cap && !PERSON_TITLES.has(lw))
      return describedSubject(a, text, k, i, c, floor);
  }
  return null;
}

/**
 * The subject of a clause starting at word `k` whose word `i` is the first lower-case word that is neither
 * a determiner nor a title: a description up to its verb, or a person named after some modifiers.
 */
function describedSubject(
  a: Analysis,
  text: string,
  k: number,
  i: number,
  c: number,
  floor: number,
): NounPhrase | null {
  const words = a.words;
  const lw = words[i]!.text.toLowerCase();
  // "The Vermont senator emailed …", "Ryan’s campaign shrugged …": a description up to its verb.
  if (i > k && /^\p{Ll}+(?:ed|s)$/u.test(lw) && !PERSON_TITLES.has(lw) && !/ss$/.test(lw)) {
    const p = subjectEndingAt(a, text, i - 1, floor);
    if (p && p.kind !== 'pronoun' && p.start === words[k]!.start) return p;
  }
  // "the al-Qaeda-linked extremist cleric Anwar X, …": modifiers before a name, no verb or comma.
  if (DETERMINERS.has(words[k]!.text.toLowerCase()) || words[k]!.cap) {
    for (let q = i; q < c && q < k + 12; q++) {
      const wq = words[q]!;
      if (/[,;:]/.test(text.slice(words[q - 1]!.end, wq.start)) || CLAUSE_BREAK.has(wq.text.toLowerCase()))
        break;
      if (/^\p{Ll}+(?:ed|s)$/u.test(wq.text) && !PERSON_TITLES.has(wq.text)) break;
      const mq = a.mentionAt.get(q);
      if (mq && mq.type === 'person') return subjectEndingAt(a, text, mq.w1, floor);
    }
  }
  return null;
}

/** The last word before cue `c` once auxiliaries and adverbs ("has also", "flatly") are skipped. */
function lastWordBeforeAuxiliaries(a: Analysis, text: string, c: number, floor: number): number {
  const words = a.words;
  const cue = words[c]!;
  let j = c - 1;
  while (
    j >= 0 &&
    words[j]!.start >= floor &&
    words[j]!.sent === cue.sent &&
    (AUX.has(words[j]!.text.toLowerCase()) || /ly$/.test(words[j]!.text)) &&
    !words[j]!.cap &&
    /^\s+$/.test(text.slice(words[j]!.end, words[j + 1]!.start))
  )
    j--;
  return j;
}

/**
 * The subject phrase that ends right before the cue word at index `c` (skipping auxiliaries and adverbs),
 * reaching back no further than `floor` (an offset). Handles parentheticals ("Rep. X (D-Md.) said"),
 * appositives ("Smith, a spokesman for X, said") and participle cues ("Trump attacked …, saying").
 */
export function subjectBefore(a: Analysis, text: string, c: number, floor: number): SpeakerPhrase | null {
  const words = a.words;
  const cue = words[c]!;
  const withCue = (p: NounPhrase | null): SpeakerPhrase | null =>
    p ? { ...p, cue: cue.text, cueStart: cue.start } : null;
  const j = lastWordBeforeAuxiliaries(a, text, c, floor);
  if (j < 0 || words[j]!.start < floor || words[j]!.sent !== cue.sent) return null;
  const after = words[j + 1]!;
  // Quote marks closing a partial quote before the cue do not count ("…''top secret,'' saying").
  const gap = text.slice(words[j]!.end + (words[j]!.poss ? 2 : 0), after.start).replace(/[”"’']+/g, '');
  const lj = words[j]!.text.toLowerCase();
  const participle = PARTICIPLE_CUES.test(cue.text.toLowerCase());
  // "… shook her head and said", "… began by saying", "… emailed supporters saying": the cue shares the
  // subject of the sentence.
  if (
    /^\s+$/.test(gap) &&
    (/^(?:and|then|but|or|by|before|after|upon|while|when|as|to)$/.test(lj) || (participle && j === c - 1))
  ) {
    if (participle && /^as$/.test(lj)) return null; // "quoted X as saying": X, not the subject
    return withCue(sentenceSubject(a, text, c, floor));
  }
  // "X said, adding that …": the subject of the earlier cue; else the sentence subject.
  if (/,\s*$/.test(gap) && participle)
    return withCue(earlierCueSubject(a, text, c, floor) ?? sentenceSubject(a, text, c, floor));
  if (/^\s+$/.test(gap)) return withCue(subjectEndingAt(a, text, j, floor));
  if (/^\.?\)\s+$/.test(gap))
    return withCue(npEndingBefore(a, text, words[j]!.end + gap.trimEnd().length, floor));
  if (/^\.?\)?\s*,\s*$/.test(gap))
    return withCue(appositiveSubject(a, text, words[j]!.end + gap.indexOf(','), floor));
  return null;
}

/** For a participle cue `c` after a comma: the subject of a finite cue earlier in the sentence. */
function earlierCueSubject(a: Analysis, text: string, c: number, floor: number): NounPhrase | null {
  const words = a.words;
  const cue = words[c]!;
  for (let k = c - 1; k >= 0 && words[k]!.sent === cue.sent && words[k]!.start >= floor; k--) {
    if (
      k < c - 1 &&
      cueAt(words, k) &&
      !PARTICIPLE_CUES.test(words[k]!.text.toLowerCase()) &&
      !ARTICLES.has(words[k - 1]?.text.toLowerCase() ?? '')
    ) {
      const p = subjectBefore(a, text, k, floor) ?? subjectAfter(a, text, k, cue.start);
      // "his recent remarks …, saying": a noun, not the earlier cue; fall back to the sentence subject.
      if (p && (p.kind !== 'description' || p.mention)) return p;
      break;
    }
  }
  return null;
}

/**
 * The subject before an appositive that ends with the comma at `firstComma`: walk back comma by comma (at
 * most 3, 320 characters) to a name or pronoun.
 */
function appositiveSubject(a: Analysis, text: string, firstComma: number, floor: number): NounPhrase | null {
  let pos = firstComma;
  let fallback: NounPhrase | null = null;
  for (let tries = 0; tries < 3; tries++) {
    const cp = text.lastIndexOf(',', pos - 1);
    const dashP = Math.max(text.lastIndexOf('--', pos - 1), text.lastIndexOf('—', pos - 1));
    const stop = Math.max(cp, dashP);
    if (stop < floor || pos - stop > 320) break;
    const np = npEndingBefore(a, text, stop, floor);
    if (np && (np.kind === 'pronoun' || (np.kind === 'name' && np.mention?.type === 'person'))) return np;
    if (np && np.kind === 'name' && !fallback) fallback = np;
    pos = stop;
  }
  // "A U.N. spokesman, Farhan Idris, said": the person named right before the last comma.
  const np = npEndingBefore(a, text, firstComma, floor);
  if (np && np.kind === 'name' && np.mention?.type === 'person') return np;
  return fallback;
}

/** A noun phrase that ends at word j: pronoun, name (with titles), or "the/a … role" description. */
export function subjectEndingAt(a: Analysis, text: string, j: number, floor: number): NounPhrase | null {
  const words = a.words;
  const w = words[j]!;
  const lw = w.text.toLowerCase();
  if (PRONOUNS.has(lw)) return phraseFrom(a, text, w, w);
  const m0 = a.mentionAt.get(j);
  const prepBefore =
    m0 && m0.type === 'place' && m0.w0 > 0 && /^(?:in|of|from|at|for)$/.test(words[m0.w0 - 1]!.text);
  if (m0 && !prepBefore) return phraseFrom(a, text, words[titledNameStart(a, text, m0.w0, j, floor)]!, w);
  const k = prepBefore ? m0.w0 : j;
  if (w.cap && !CLAUSE_BREAK.has(lw) && !prepBefore) {
    // Unknown capitalised run (a name the entity pass did not type).
    return phraseFrom(a, text, words[capitalisedRunStart(a, text, k, floor)]!, w);
  }
  // Description: back to a determiner, at most 8 words, no clause break or verb in between.
  if (ARTICLES.has(lw) || CLAUSE_BREAK.has(lw) || FUNCTION_ENDS.has(lw)) return null;
  const h = descriptionStart(a, text, k, j, floor);
  const head = words[h]!;
  // A bare plural or role noun ("officials", "sources", "analysts") is a description too.
  if (!DETERMINERS.has(head.text.toLowerCase()) && h === j && !/s$/.test(lw) && !PERSON_TITLES.has(lw))
    return null;
  return phraseFrom(a, text, head, w);
}

/**
 * First word of a name starting at word `k0` with its titles and a determiner ("Russian Foreign Minister
 * Sergey Lavrov", "the economist X"); `j` is the last word of the phrase.
 */
function titledNameStart(a: Analysis, text: string, k0: number, j: number, floor: number): number {
  const words = a.words;
  const sent = words[j]!.sent;
  let k = k0;
  while (k > 0 && words[k - 1]!.start >= floor && words[k - 1]!.sent === sent) {
    const pw = words[k - 1]!;
    if (!/^\s+$/.test(text.slice(pw.end, words[k]!.start)) && !pw.poss) break;
    const pl = pw.text.toLowerCase();
    if (
      PERSON_TITLES.has(pl) ||
      pw.cap ||
      DETERMINERS.has(pl) ||
      /^(?:senior|former|top|chief|deputy|foreign|prime|vice|acting)$/.test(pl)
    ) {
      k--;
      if (DETERMINERS.has(pl)) break;
    } else break;
  }
  return k;
}

/** First word of the run of capitalised words, separated by spaces only, that ends at word `k`. */
function capitalisedRunStart(a: Analysis, text: string, k0: number, floor: number): number {
  const words = a.words;
  const sent = words[k0]!.sent;
  let k = k0;
  while (
    k > 0 &&
    words[k - 1]!.cap &&
    words[k - 1]!.sent === sent &&
    words[k - 1]!.start >= floor &&
    /^\s+$/.test(text.slice(words[k - 1]!.end, words[k]!.start))
  )
    k--;
  return k;
}

/**
 * First word of a description from word `k0` back to a determiner: at most 8 words, no clause break, all in
 * the sentence of word `j`.
 */
function descriptionStart(a: Analysis, text: string, k0: number, j: number, floor: number): number {
  const words = a.words;
  const sent = words[j]!.sent;
  let k = k0;
  let steps = 0;
  while (k > 0 && steps < 8) {
    const cur = words[k]!;
    if (DETERMINERS.has(cur.text.toLowerCase())) break;
    const pw = words[k - 1]!;
    if (pw.sent !== sent || pw.start < floor) break;
    if (
      !/^\s+$/.test(text.slice(pw.end, cur.start)) &&
      !pw.poss &&
      !/^[-–]$/.test(text.slice(pw.end, cur.start))
    )
      break;
    const pl = pw.text.toLowerCase();
    if (CLAUSE_BREAK.has(pl) || PRONOUNS.has(pl) || CUES.has(pl)) break;
    k--;
    steps++;
  }
  return k;
}

/** The phrase right after a cue ("said John Smith, …", "added the official"), ending at a comma or the sentence end. */
export function subjectAfter(a: Analysis, text: string, c: number, ceil: number): SpeakerPhrase | null {
  const words = a.words;
  const cue = words[c]!;
  const first = words[c + 1];
  if (!first || first.sent !== cue.sent || first.end > ceil) return null;
  if (!/^\s+$/.test(text.slice(cue.end, first.start))) return null;
  const fl = first.text.toLowerCase();
  if (CLAUSE_BREAK.has(fl) || /^(?:on|in|at|to|of|for|with|by|during|after|before|about|that)$/.test(fl))
    return null;
  if (PRONOUNS.has(fl)) return { ...phraseFrom(a, text, first, first), cue: cue.text, cueStart: cue.start };
  let k = c + 1;
  let steps = 0;
  while (k + 1 < words.length && steps < 9) {
    const nx = words[k + 1]!;
    if (nx.sent !== cue.sent || nx.end > ceil) break;
    const gap = text.slice(words[k]!.end, nx.start);
    if (!/^\s+$/.test(gap) && !words[k]!.poss) break;
    const nl = nx.text.toLowerCase();
    if (CLAUSE_BREAK.has(nl) || /^(?:on|in|at|during|after|before|about|told|said)$/.test(nl)) break;
    k++;
    steps++;
  }
  const p = phraseFrom(a, text, first, words[k]!);
  if (
    p.kind === 'description' &&
    !DETERMINERS.has(fl) &&
    !first.cap &&
    !/s$/.test(fl) &&
    !PERSON_TITLES.has(fl)
  )
    return null;
  return { ...p, cue: cue.text, cueStart: cue.start };
}

// ---------------------------------------------------------------------------------------------
// Resolution
// ---------------------------------------------------------------------------------------------

export interface Resolution {
  entity: EntityProfile | null;
  via: 'name' | 'pronoun' | 'title';
  confidence: number;
}

export interface SpeakerMemory {
  /** Entity id → offset of the last time it was a speaker or subject. */
  lastSpoke: Map<number, number>;
}

function genderOk(e: EntityProfile, g: 'm' | 'f' | 'pl' | 'n' | 'self'): boolean {
  if (g === 'm' || g === 'f') return e.type === 'person' && (e.gender === undefined || e.gender === g);
  if (g === 'pl' || g === 'n') return e.type === 'organization';
  return false;
}

/** Is the mention in a salient position: sentence subject, or right before a verb/cue? */
function salient(a: Analysis, w0: number, w1: number): boolean {
  const words = a.words;
  const next = words[w1 + 1];
  let k = w0;
  while (
    k > 0 &&
    words[k - 1]!.sent === words[w0]!.sent &&
    (words[k - 1]!.cap ||
      PERSON_TITLES.has(words[k - 1]!.text.toLowerCase()) ||
      DETERMINERS.has(words[k - 1]!.text.toLowerCase()))
  )
    k--;
  if (words[k]!.initial) return true;
  if (k > 0 && CLAUSE_OPENERS_SUBJ.has(words[k - 1]!.text.toLowerCase())) return true;
  if (next && next.sent === words[w1]!.sent) {
    const nl = next.text.toLowerCase();
    if (
      CUES.has(nl) ||
      AUX.has(nl) ||
      /^(?:is|was|has|had|did|does|can|could|will|would|should|may|might|must)$/.test(nl)
    )
      return true;
    if (/ed$/.test(nl) && !next.cap) return true;
  }
  return false;
}
const CLAUSE_OPENERS_SUBJ = new Set([
  'and',
  'but',
  'when',
  'as',
  'while',
  'because',
  'although',
  'that',
  'where',
  'after',
  'before',
  'since',
  'if',
]);

export interface Activation {
  entity: EntityProfile;
  start: number;
  sent: number;
  paragraph: number;
  salient: boolean;
}

const SUBJ_PRONOUNS = new Map<string, 'm' | 'f'>([
  ['he', 'm'],
  ['she', 'f'],
  ['him', 'm'],
  ['his', 'm'],
  ['her', 'f'],
  ['hers', 'f'],
]);

/** Pronoun antecedent window, in sentences, for salient antecedents (non-salient: same or previous sentence). */
const PRONOUN_WINDOW = 4;
/** Salient antecedents also count up to this many paragraphs back. */
const SALIENT_PARAGRAPHS = 2;
/** The only person of the pronoun's gender named this many paragraphs back is its antecedent. */
const UNIQUE_PARAGRAPHS = 4;

function findAntecedent(
  acts: readonly Activation[],
  g: 'm' | 'f' | 'pl' | 'n',
  at: number,
  sent: number,
  paragraph: number,
): { act: Activation; confidence: number } | null {
  let only: Activation | null = null;
  let onlySalient = false;
  let rivals = 0;
  for (let i = acts.length - 1; i >= 0; i--) {
    const act = acts[i]!;
    if (act.start >= at) continue;
    const dist = sent - act.sent;
    const pd = paragraph - act.paragraph;
    if (pd > UNIQUE_PARAGRAPHS) break;
    if (!genderOk(act.entity, g)) continue;
    if (only === null) only = act;
    else if (act.entity !== only.entity) rivals++;
    if (act.entity === only.entity && act.salient) onlySalient = true;
    if (dist > PRONOUN_WINDOW && pd > SALIENT_PARAGRAPHS) continue;
    if (dist <= 1) return { act, confidence: dist === 0 ? 0.85 : 0.8 };
    if (act.salient) return { act, confidence: 0.7 };
  }
  // "she said" where one woman only is named in the last paragraphs, as a subject or speaker: her.
  if (only && onlySalient && rivals === 0 && (g === 'm' || g === 'f') && only.entity.gender === g)
    return { act: only, confidence: 0.65 };
  return null;
}

/**
 * Mentions of people and organisations in text order, with third-person pronouns outside quotations
 * resolved on the way (each resolved pronoun re-activates its antecedent), so a speaker pronoun can
 * reach through a chain of "he … his … he".
 */
export function activations(
  a: Analysis,
  sentences: readonly { start: number; end: number; paragraph: number }[],
  inQuote: (at: number) => boolean,
): Activation[] {
  const acts: Activation[] = [];
  const words = a.words;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const m = a.mentionAt.get(i);
    if (m && m.w0 === i) {
      const e = a.profiles[m.entity];
      if (e && (e.type === 'person' || e.type === 'organization'))
        acts.push({
          entity: e,
          start: m.start,
          sent: w.sent,
          paragraph: w.paragraph,
          salient: salient(a, m.w0, m.w1) && !inQuote(m.start),
        });
      i = m.w1;
      continue;
    }
    const g = SUBJ_PRONOUNS.get(w.text.toLowerCase());
    if (!g || inQuote(w.start)) continue;
    const r = findAntecedent(acts, g, w.start, w.sent, w.paragraph);
    if (r) {
      const isSubj = w.text.toLowerCase() === 'he' || w.text.toLowerCase() === 'she';
      acts.push({
        entity: r.act.entity,
        start: w.start,
        sent: w.sent,
        paragraph: w.paragraph,
        salient: isSubj,
      });
    }
  }
  void sentences;
  return acts;
}

/**
 * Resolve a speaker pronoun at offset `at` to the most recent compatible person: anywhere in the same or
 * the previous sentence, or up to PRONOUN_WINDOW sentences back (same or previous 2 paragraphs) when that
 * person was a sentence subject or speaker. Returns null when there is no such antecedent.
 */
export function resolvePronoun(
  acts: readonly Activation[],
  pronoun: string,
  at: number,
  sent: number,
  paragraph: number,
  mem: SpeakerMemory,
): Resolution | null {
  const g = PRONOUNS.get(pronoun.toLowerCase());
  if (!g || g === 'self') return null;
  const spoke = acts.map((act) =>
    (mem.lastSpoke.get(act.entity.id) ?? -1) >= act.start - 1 ? { ...act, salient: true } : act,
  );
  const r = findAntecedent(spoke, g, at, sent, paragraph);
  return r ? { entity: r.act.entity, via: 'pronoun', confidence: r.confidence } : null;
}

/** Resolve a description ("the official", "the minister") to a person given that role earlier. */
export function resolveTitle(a: Analysis, desc: string, at: number): Resolution {
  const toks = desc.toLowerCase().split(/\s+/);
  const definite = toks[0] === 'the';
  const roles = toks.filter((t) => PERSON_TITLES.has(t));
  const hasRole = (e: EntityProfile, role: string): boolean =>
    e.titles.has(role) || [...e.titles].some((t) => t.split(' ').pop() === role);
  if (definite && roles.length > 0) {
    const role = roles[roles.length - 1]!;
    let best: EntityProfile | null = null;
    let bestAt = -1;
    for (const e of a.profiles) {
      if (e.type !== 'person' || !hasRole(e, role)) continue;
      const first = e.mentions.find((m) => m.start < at);
      if (first && first.start > bestAt) {
        best = e;
        bestAt = first.start;
      }
    }
    if (best) return { entity: best, via: 'title', confidence: 0.75 };
  }
  return { entity: null, via: 'title', confidence: 0.6 };
}
