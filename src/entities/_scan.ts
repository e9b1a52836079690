/**
 * Entity analysis: find name mentions (gazetteer n-grams, then capitalised sequences classified by
 * context), then group them into entities with one canonical form per entity.
 *
 * Heuristics and thresholds are at the top; everything is deterministic and per-article.
 */

import { LazySet } from '../lexicon/data.js';
import { speechVerbs } from '../lexicon/index.js';
import { editDistance, fold } from '../normalise/index.js';
import type { NormalisedArticle } from '../types.js';
import {
  firstNameGender,
  isCommonWord,
  isDayOrMonth,
  isDemonym,
  isFunctionWord,
  isStrictFunctionWord,
  lexPlace,
  tokenizeWords,
  type Word,
} from './_lex.js';
import {
  type GazType,
  isWeakName,
  lookup,
  maxGazWords,
  ORG_HEADS,
  PERSON_AFTER,
  PERSON_TITLES,
  PLACE_CUES,
  PLACE_HEADS,
} from './gazetteer.js';

/** Minimum folded length for edit-distance spelling variants ("Darayya"/"Daraya"). */
const MIN_VARIANT_LEN = 5;
/** Words after a name that make it a speaker, hence a person or an organisation (data/speech-verbs.tsv). */
export const CUE_WORDS = new LazySet(() =>
  speechVerbs().flatMap((v) => (v.uses.includes('scanner') ? v.forms : [])),
);
const NAME_PARTICLES =
  /^(?:al|el|bin|ibn|abu|de|da|di|del|della|der|den|van|von|le|la|du|dos|das|ter|ul|St\.)$/;
const PLACE_PREPS = new Set(['in', 'near', 'outside', 'from', 'to', 'across', 'into', 'at']);
const ORG_CONNECTORS = new Set(['of', 'for', 'on', 'and', 'the', 'de']);

export type EntityType = GazType;

export interface Mention {
  text: string;
  start: number;
  end: number;
  type: EntityType;
  /** Canonical form before cross-mention unification. */
  canonical: string;
  /** Came from the gazetteer (canonical is authoritative). */
  gaz: boolean;
  /** Words of the mention (indices into the word list). */
  w0: number;
  w1: number;
  gender?: 'm' | 'f' | undefined;
  /** Role words seen right before the name ("President", "Foreign Minister") or in apposition. */
  titles: string[];
  country?: string | undefined;
  entity: number;
  /** A lone unknown capitalised word: its type is decided from the rest of the article. */
  weak?: boolean | undefined;
  /** Context hints for weak mentions: after a place preposition / before a speech verb or a person cue. */
  ctxPlace?: boolean | undefined;
  ctxSpeaker?: boolean | undefined;
  /** A weak mention that starts its sentence: kept only as a short reference to a person of the article. */
  initial?: boolean | undefined;
}

export interface InternalEntity {
  id: number;
  canonical: string;
  type: EntityType;
  mentions: Mention[];
  gender?: 'm' | 'f' | undefined;
  titles: Set<string>;
  country?: string | undefined;
}

export interface Analysis {
  words: Word[];
  mentions: Mention[];
  entities: InternalEntity[];
  /** Word index → mention covering it. */
  mentionAt: Map<number, Mention>;
}

const cache = new WeakMap<NormalisedArticle, Analysis>();

export function analyse(doc: NormalisedArticle): Analysis {
  const hit = cache.get(doc);
  if (hit) return hit;
  const words = tokenizeWords(doc);
  const mentions: Mention[] = [];
  const claimed = new Set<number>();
  gazetteerPass(doc.text, words, mentions, claimed);
  sequencePass(doc.text, words, mentions, claimed);
  mentions.sort((a, b) => a.start - b.start);
  const entities = unify(mentions);
  const mentionAt = new Map<number, Mention>();
  for (const m of mentions) for (let i = m.w0; i <= m.w1; i++) mentionAt.set(i, m);
  const out = { words, mentions, entities, mentionAt };
  cache.set(doc, out);
  return out;
}

function adjacent(text: string, a: Word, b: Word): boolean {
  if (a.sent !== b.sent || a.poss) return false;
  return /^[ \t]+$/.test(text.slice(a.end, b.start)) || (a.end === b.start && false);
}

function upperRatio(words: Word[], sent: number): number {
  let n = 0;
  let up = 0;
  for (const w of words) {
    if (w.sent !== sent || !/\p{L}/u.test(w.text)) continue;
    n++;
    if (w.text === w.text.toUpperCase()) up++;
  }
  return n === 0 ? 0 : up / n;
}

function gazetteerPass(text: string, words: Word[], out: Mention[], claimed: Set<number>): void {
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (!w.cap || claimed.has(i)) continue;
    let maxN = 1;
    const maxWords = maxGazWords();
    while (
      maxN < maxWords &&
      i + maxN < words.length &&
      adjacent(text, words[i + maxN - 1]!, words[i + maxN]!) &&
      (words[i + maxN]!.cap || /^(?:of|and|the|group|party|for|de|al)$/.test(words[i + maxN]!.text))
    )
      maxN++;
    for (let n = maxN; n >= 1; n--) {
      const last = words[i + n - 1]!;
      const surface = text.slice(w.start, last.end);
      const e = lookup(surface);
      if (!e) continue;
      if (n > 1 && !/^\p{Lu}/u.test(last.text) && !/^(?:group|party)$/.test(last.text)) continue;
      if (
        e.ambiguous &&
        (upperRatio(words, w.sent) > 0.5 || (w.initial && n === 1 && !isNameContext(words, i)))
      )
        break;
      // Part of a longer name: "Jordan Peterson", "Kerry Washington".
      const prev = words[i - 1];
      const next = words[i + n];
      if (e.type !== 'nationality') {
        const nextCap = next?.cap && adjacent(text, last, next) && !lookup(next.text);
        const prevFirst =
          prev?.cap &&
          adjacent(text, prev, w) &&
          !claimed.has(prev.i) &&
          firstNameGender(prev.text) !== null &&
          !lookup(prev.text);
        if (prevFirst) break;
        if (nextCap && (isWeakName(surface) || firstNameGender(next.text) === null) && isWeakName(surface))
          break;
        if (
          nextCap &&
          e.type === 'place' &&
          n === 1 &&
          !isTitleWord(next.text) &&
          !ORG_HEADS.has(next.text.toLowerCase())
        )
          break;
      }
      for (let k = i; k < i + n; k++) claimed.add(k);
      const startsThe = /^the\s/i.test(surface) && !/^the\s/i.test(e.canonical);
      const s0 = startsThe ? words[i + 1]! : w;
      out.push({
        text: text.slice(s0.start, last.end),
        start: s0.start,
        end: last.end,
        type: e.type,
        canonical: e.canonical,
        gaz: true,
        w0: s0.i,
        w1: last.i,
        titles: [],
        country: e.country,
        entity: -1,
      });
      i += n - 1;
      break;
    }
  }
}

function isNameContext(words: Word[], i: number): boolean {
  const next = words[i + 1];
  return (
    next !== undefined &&
    /^(?:fighters?|militants?|group|jihadists?|extremists?|forces|-held|-controlled)$/.test(next.text)
  );
}

function isTitleWord(w: string): boolean {
  return PERSON_TITLES.has(w.toLowerCase());
}

/** Strip leading titles ("President", "Foreign Minister", "Mr.") from a capitalised word run. */
function stripTitles(words: Word[], a: number, b: number): { a: number; titles: string[] } {
  const titles: string[] = [];
  while (a < b) {
    const w = words[a]!.text.toLowerCase();
    const two = a + 1 < b ? `${w} ${words[a + 1]!.text.toLowerCase()}` : '';
    if (two && PERSON_TITLES.has(two)) {
      titles.push(two);
      a += 2;
    } else if (
      PERSON_TITLES.has(w) ||
      /^(?:foreign|defence|defense|finance|interior|deputy|vice|acting|former|prime|chief|senior|state|general)$/.test(
        w,
      )
    ) {
      if (PERSON_TITLES.has(w)) titles.push(w);
      a++;
    } else break;
  }
  return { a, titles };
}

function sequencePass(text: string, words: Word[], out: Mention[], claimed: Set<number>): void {
  let i = 0;
  while (i < words.length) {
    const w = words[i]!;
    if (!w.cap || claimed.has(i) || /^\p{N}/u.test(w.text)) {
      i++;
      continue;
    }
    // Grow a run of capitalised words, name particles, and "of"-style connectors inside org names.
    let j = i;
    while (j + 1 < words.length && adjacent(text, words[j]!, words[j + 1]!) && !claimed.has(j + 1)) {
      const nx = words[j + 1]!;
      if (nx.cap && !/^\p{N}/u.test(nx.text)) {
        j++;
        continue;
      }
      if (NAME_PARTICLES.test(nx.text) && words[j + 2]?.cap && adjacent(text, nx, words[j + 2]!)) {
        j += 2;
        continue;
      }
      if (
        ORG_CONNECTORS.has(nx.text) &&
        ORG_HEADS.has(words[j]!.text.toLowerCase()) &&
        words[j + 2]?.cap &&
        adjacent(text, nx, words[j + 2]!) &&
        !claimed.has(j + 2)
      ) {
        j += 2;
        continue;
      }
      break;
    }
    classifyRun(text, words, i, j + 1, out, claimed);
    i = j + 1;
  }
}

function classifyRun(
  text: string,
  words: Word[],
  a0: number,
  b: number,
  out: Mention[],
  claimed: Set<number>,
): void {
  let a = a0;
  // Function words and days/months are not names; a sentence-initial verb or adverb is not either
  // ("While", "The", "Asked"), but mid-sentence capitalised words are ("Lee Park").
  while (a < b) {
    const w = words[a]!;
    if (isDayOrMonth(w.text) || isStrictFunctionWord(w.text) || (w.initial && isFunctionWord(w.text))) a++;
    else break;
  }
  const prevWord = words[a0 - 1];
  const { a: a2, titles } = stripTitles(words, a, b);
  a = a2;
  // A title inside the run: "Transit Chief Omar Fell", "Party Chairman Li Wen".
  for (let k = b - 2; k > a; k--) {
    if (isTitleWord(words[k]!.text) && b - (k + 1) <= 3 && words[k + 1]!.cap) {
      titles.push(words[k]!.text.toLowerCase());
      a = k + 1;
      break;
    }
  }
  // A lower-case role word right before the name: "analyst Jane Doe", "the official John Smith".
  const roleBefore = words[a - 1];
  if (
    roleBefore &&
    a === a0 &&
    !roleBefore.cap &&
    roleBefore.sent === words[a0]!.sent &&
    isTitleWord(roleBefore.text)
  )
    titles.push(roleBefore.text.toLowerCase());
  while (b > a && (isDayOrMonth(words[b - 1]!.text) || isStrictFunctionWord(words[b - 1]!.text))) b--;
  if (a >= b) return;
  const first = words[a]!;
  const last = words[b - 1]!;
  const surface = text.slice(first.start, last.end);
  const n = b - a;
  const lower = last.text.toLowerCase();
  const after = words[b];
  const afterAdj = after !== undefined && after.sent === last.sent;
  const before = words[a - 1];
  const before2 = words[a - 2];
  let type: EntityType | null = null;
  let canonical = surface;
  let gender: 'm' | 'f' | undefined;
  let weak = false;
  let initialWeak = false;
  // "the Obama administration": a person cue right after a name that follows "the". Not a possessive
  // ("Carnesia's administration" is a country's), and not without the article ("Kobani administration").
  const personAfter =
    afterAdj &&
    !isDemonym(last.text) &&
    !last.poss &&
    before !== undefined &&
    /^the$/i.test(before.text) &&
    PERSON_AFTER.has(after.text) &&
    /^\s+$/.test(text.slice(last.end, after.start));
  const g = lookup(surface);
  if (g) {
    type = g.type;
    canonical = g.canonical;
  } else if (ORG_HEADS.has(lower) && n > 1) {
    type = 'organization';
  } else if (PLACE_HEADS.has(lower) && n > 1) {
    // "Sorn Ridge", "Lenmouth Harbour", "Tahrir Square": a geographic head word names a place.
    type = 'place';
  } else if (n === 1 && /\p{Ll}(?:bank|corp|soft|tech|air|com|net|media)$/u.test(first.text)) {
    type = 'organization';
  } else if (lexPlace(surface)) {
    type = 'place';
  } else if (n >= 2 && firstNameGender(first.text) !== null && !ORG_HEADS.has(lower)) {
    type = 'person';
    const fg = firstNameGender(first.text);
    if (fg === 'm' || fg === 'f') gender = fg;
  } else if (titles.length > 0 && n <= 4 && !ORG_HEADS.has(lower)) {
    type = 'person';
  } else if (
    before !== undefined &&
    before.sent === first.sent &&
    ((before.text === 'of' && before2 !== undefined && PLACE_CUES.has(before2.text.toLowerCase())) ||
      (PLACE_CUES.has(before.text.toLowerCase()) && !before.cap && adjacent(text, before, first)))
  ) {
    type = 'place';
  } else if (afterAdj && PLACE_CUES.has(after.text.toLowerCase()) && !after.cap && n <= 3) {
    type = 'place';
  } else if (
    afterAdj &&
    CUE_WORDS.has(after.text) &&
    n <= 3 &&
    // "Observers say …": a common noun capitalised only because it starts the sentence.
    !(n === 1 && first.initial && isCommonWord(first.text))
  ) {
    type = 'person';
  } else if (personAfter && n <= 3 && !(first.initial && isCommonWord(first.text))) {
    type = 'person';
  } else if (
    before !== undefined &&
    before.sent === first.sent &&
    PLACE_PREPS.has(before.text) &&
    n <= 2 &&
    !(first.initial && isCommonWord(first.text)) &&
    !isCommonWord(first.text)
  ) {
    type = 'place';
  } else if (n >= 2 && !isCommonWord(first.text) && !isCommonWord(last.text) && /\p{Ll}/u.test(surface)) {
    // Two or more unknown capitalised words: most often a person's name in news copy.
    type = 'person';
  } else if (n === 1 && !first.initial && !isCommonWord(first.text) && /\p{Ll}/u.test(first.text)) {
    // A lone unknown capitalised word mid-sentence: typed later from the rest of the article.
    type = 'person';
    weak = true;
  } else if (n === 1 && !isCommonWord(first.text) && /\p{Ll}/u.test(first.text)) {
    // The same, starting its sentence ("Cameron described …"): only a short reference to a person named
    // elsewhere in the article, decided in unify().
    type = 'person';
    weak = true;
    initialWeak = true;
  } else if (n >= 2 && !isCommonWord(last.text) && !ORG_HEADS.has(lower) && /\p{Ll}/u.test(last.text)) {
    type = 'person';
  } else if (
    n >= 2 &&
    n <= 3 &&
    !first.initial &&
    !isCommonWord(first.text) &&
    !ORG_HEADS.has(lower) &&
    /\p{Ll}/u.test(surface)
  ) {
    type = 'person';
  }
  if (!type) return;
  if (
    type === 'person' &&
    titles.some((t) => /^(?:mrs\.?|ms\.?|queen|princess|chairwoman|spokeswoman|congresswoman)$/.test(t))
  )
    gender = 'f';
  if (
    type === 'person' &&
    titles.some((t) => /^(?:mr\.?|king|prince|chairman|spokesman|congressman)$/.test(t))
  )
    gender = gender ?? 'm';
  void prevWord;
  for (let k = a; k < b; k++) claimed.add(k);
  out.push({
    text: surface,
    start: first.start,
    end: last.end,
    type,
    canonical,
    gaz: g !== undefined,
    w0: a,
    w1: b - 1,
    gender,
    titles,
    country: g?.country,
    entity: -1,
    weak,
    ctxPlace:
      before !== undefined &&
      before.sent === first.sent &&
      (PLACE_PREPS.has(before.text) ||
        before.text === 'of' ||
        (before.text === 'the' &&
          before2 !== undefined &&
          (PLACE_PREPS.has(before2.text) || before2.text === 'of'))),
    ctxSpeaker:
      personAfter ||
      (afterAdj && CUE_WORDS.has(after.text) && /^\s+$/.test(text.slice(last.end, after.start))),
    initial: initialWeak || undefined,
  });
}

// ---------------------------------------------------------------------------------------------
// Unification
// ---------------------------------------------------------------------------------------------

/** A name folded for comparison: `fold`, then apostrophes and dots dropped, "al-" dropped, hyphens to spaces. */
export function foldName(s: string): string {
  return fold(s)
    .replace(/['.]/g, '')
    .replace(/^(?:al|el)[- ]/, '')
    .replace(/[-\s]+/g, ' ')
    .trim();
}

/** Spelling key: doubled letters collapsed, common transliteration pairs folded. */
export function variantKey(s: string): string {
  return foldName(s)
    .replace(/\s+/g, '')
    .replace(/ou/g, 'u')
    .replace(/ph/g, 'f')
    .replace(/kh/g, 'h')
    .replace(/(?<=.)y/g, 'i')
    .replace(/ee/g, 'i')
    .replace(/(\p{L})\1+/gu, '$1');
}

function lastNameKey(canonical: string): string {
  const parts = canonical
    .split(/\s+/)
    .filter((p) => !NAME_PARTICLES.test(p) && !/^(?:Jr\.?|Sr\.?|II|III|IV)$/.test(p));
  return foldName(parts[parts.length - 1] ?? canonical);
}

function unify(mentions: Mention[]): InternalEntity[] {
  // 1. Person full names (≥2 words) define people; shorter references attach to the latest full name
  //    with the same surname (or first name).
  const fullBySurname = new Map<string, Mention[]>();
  for (const m of mentions) {
    if (m.type !== 'person') continue;
    if (m.canonical.split(/\s+/).length >= 2) {
      const k = lastNameKey(m.canonical);
      const list = fullBySurname.get(k) ?? [];
      list.push(m);
      fullBySurname.set(k, list);
    }
  }
  for (const m of mentions) {
    if (m.type !== 'person' && !(m.type === 'place' && !m.gaz)) continue;
    if (m.canonical.split(/\s+/).length >= 2 && m.type === 'person') continue;
    const k = lastNameKey(m.canonical);
    // "Mr. Trump" is not "Ivana Trump": a short reference with a gendered title keeps to that gender.
    // (Only among several: a lone "Lindsey Graham" stays the match for "Mr. Graham".)
    const all = fullBySurname.get(k);
    const same = all?.filter((f) => !m.gender || !f.gender || f.gender === m.gender);
    const fulls = same && same.length > 0 ? same : all;
    if (fulls && fulls.length > 0) {
      const before = fulls.filter((f) => f.start < m.start);
      const pick = before[before.length - 1] ?? fulls[0]!;
      m.canonical = pick.canonical;
      m.type = 'person';
      m.gender = m.gender ?? pick.gender;
    }
  }
  // Lone unknown capitalised words: a surname of a person named in full (done above), a spelling variant
  // of another entity, or typed by their contexts (after "in"/"of" → place; before "said" → person).
  const strong = mentions.filter((m) => !m.weak || m.canonical.includes(' '));
  const kept = mentions.filter((m) => {
    if (!m.weak || m.canonical.includes(' ')) return true;
    // A sentence-initial one that step 1 did not attach to a full name is dropped.
    if (m.initial) return false;
    if (fullBySurname.has(lastNameKey(m.canonical))) return true;
    const vk = variantKey(m.canonical);
    const fm = foldName(m.canonical);
    const partner = strong.find(
      (o) =>
        o.type !== 'nationality' &&
        (variantKey(o.canonical) === vk ||
          (fm.length >= MIN_VARIANT_LEN + 1 &&
            fm[0] === foldName(o.canonical)[0] &&
            editDistance(fm, foldName(o.canonical), 1) === 1)),
    );
    if (partner) {
      m.type = partner.type;
      return true;
    }
    const same = mentions.filter((o) => o.weak && o.canonical === m.canonical);
    if (same.some((o) => o.ctxSpeaker || o.titles.length > 0)) return true;
    if (same.some((o) => o.ctxPlace)) {
      m.type = 'place';
      m.weak = false;
      return true;
    }
    return true; // undecided: see below
  });
  // Second chance for undecided weak words: a spelling variant of a place typed by context above.
  const supported = (m: Mention): boolean =>
    !m.weak ||
    m.type !== 'person' ||
    m.ctxSpeaker === true ||
    fullBySurname.has(lastNameKey(m.canonical)) ||
    mentions.some((o) => o !== m && o.canonical === m.canonical && (o.ctxSpeaker || o.titles.length > 0));
  const decided = kept.filter(supported);
  const undecided = kept.filter((m) => !decided.includes(m));
  for (const m of undecided) {
    const fm = foldName(m.canonical);
    const partner = decided.find(
      (o) =>
        o.type === 'place' &&
        (variantKey(o.canonical) === variantKey(m.canonical) ||
          (fm.length >= MIN_VARIANT_LEN + 1 &&
            fm[0] === foldName(o.canonical)[0] &&
            editDistance(fm, foldName(o.canonical), 1) === 1)),
    );
    if (partner) {
      m.type = 'place';
      decided.push(m);
    }
  }
  kept.length = 0;
  kept.push(...decided);
  mentions.length = 0;
  mentions.push(...kept);

  // 2. Group by (type, canonical); then merge spelling variants of non-gazetteer names.
  const groups = new Map<string, Mention[]>();
  for (const m of mentions) {
    const k = `${m.type}\u0000${m.canonical}`;
    const list = groups.get(k) ?? [];
    list.push(m);
    groups.set(k, list);
  }
  const list = [...groups.values()];
  const parent = list.map((_, i) => i);
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r]!;
    parent[i] = r;
    return r;
  };
  for (let x = 0; x < list.length; x++) {
    for (let y = x + 1; y < list.length; y++) {
      const A = list[x]![0]!;
      const B = list[y]![0]!;
      if (A.type !== B.type) continue;
      if (A.gaz && B.gaz) continue;
      const ka = variantKey(A.canonical);
      const kb = variantKey(B.canonical);
      const fa = foldName(A.canonical);
      const fb = foldName(B.canonical);
      const similar =
        ka === kb ||
        (Math.min(fa.length, fb.length) >= MIN_VARIANT_LEN + 1 &&
          fa[0] === fb[0] &&
          editDistance(fa, fb, 1) === 1);
      if (similar) parent[find(y)] = find(x);
    }
  }
  const merged = new Map<number, Mention[]>();
  list.forEach((g, i) => {
    const r = find(i);
    const cur = merged.get(r) ?? [];
    cur.push(...g);
    merged.set(r, cur);
  });
  const entities: InternalEntity[] = [];
  for (const ms of merged.values()) {
    ms.sort((p, q) => p.start - q.start);
    // Canonical: the gazetteer's if any, else the most frequent form (ties: the first).
    const gazM = ms.find((m) => m.gaz);
    let canonical = gazM?.canonical;
    if (!canonical) {
      const counts = new Map<string, number>();
      for (const m of ms) counts.set(m.canonical, (counts.get(m.canonical) ?? 0) + 1);
      let best = ms[0]!.canonical;
      for (const m of ms) if ((counts.get(m.canonical) ?? 0) > (counts.get(best) ?? 0)) best = m.canonical;
      canonical = best;
    }
    const id = entities.length;
    const titles = new Set<string>();
    let gender: 'm' | 'f' | undefined;
    for (const m of ms) {
      m.entity = id;
      for (const t of m.titles) titles.add(t);
      gender = gender ?? m.gender;
    }
    entities.push({
      id,
      canonical,
      type: ms[0]!.type,
      mentions: ms,
      gender,
      titles,
      country: ms[0]!.country,
    });
  }
  entities.sort((p, q) => p.mentions[0]!.start - q.mentions[0]!.start);
  entities.forEach((e, i) => {
    e.id = i;
    for (const m of e.mentions) m.entity = i;
  });
  return entities;
}
