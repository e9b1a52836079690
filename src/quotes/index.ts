/**
 * Quotes: who said what. Direct quotations (every quote-mark style), partial quotes, scare quotes and
 * indirect speech ("X said that …", "according to X"), each with its cue verb and its speaker: the
 * phrase as written and the entity it resolves to (by name, pronoun or title) with a confidence.
 * A quote whose speaker cannot be found in the article gets `speaker: null`; a guess, when one can be
 * made, goes in the separate `guess` field with `resolvedVia: 'guess'`.
 *
 * Attribution conventions read: “…,” X said / said X (also after an appositive or a trailing clause:
 * "“…” before spring, said X"); X said: “…”; a clause ending in a colon ("X gloated:", "X called them
 * out:" closing the previous paragraph); transcript style "X: “…”"; "“…,” X fumed" / "“…!” beamed X" with
 * verbs outside the cue list; phrasal cues ("pointed out", "went on", "put it"); a short attribution
 * sentence right after the quote ("“…?” X asked."); "X agreed. “…”"; "in the words of X", "From X:";
 * participles sharing the sentence subject ("X shrugged it off, telling reporters, “…”"); naming verbs
 * for partial quotes ("X called the plan “a disgrace”"); a "— X." credit paragraph; quotations that run
 * over paragraphs or continue in the same paragraph; first person ("I asked") as the unnamed writer.
 */

import { analyseEntities, type Entity, type EntityAnalysis, type EntityProfile } from '../entities/index.js';
import type { NormalisedArticle } from '../types.js';
import { findSpeakerPhrase, looksLikeName } from './_attribute.js';
import { indirectSpeech } from './_indirect.js';
import { findQuoteSpans, type QuoteSpan } from './_spans.js';
import {
  type Activation,
  activations,
  resolvePronoun,
  resolveTitle,
  type SpeakerMemory,
  type SpeakerPhrase,
} from './_speaker.js';
import { countWords, paragraphsOf, paraSlice, sentenceAt } from './_text.js';

export interface Speaker {
  /** The speaker as written ("he", "the official", "Al Jazeera’s James Bays"). */
  text: string;
  /** Canonical name of the entity it resolves to; null for an unnamed source ("a senior official"). */
  canonical: string | null;
  resolvedVia: 'name' | 'pronoun' | 'title' | 'guess';
  confidence: number;
  /** Offsets of `text` in doc.text (absent for guesses). */
  start?: number | undefined;
  end?: number | undefined;
}

export interface Quote {
  /** The quoted content (quote marks excluded) or, for indirect speech, the reported clause. */
  text: string;
  start: number;
  end: number;
  kind: 'direct' | 'partial' | 'scare' | 'indirect';
  cue: string | null;
  speaker: Speaker | null;
  /** A guess at the speaker of an unattributed quote, always marked resolvedVia 'guess'. */
  guess?: Speaker | undefined;
  sentenceIndex: number;
}

/** Scare quotes outside reported speech: at most this many words (inside reported speech: 2). */
const SCARE_MAX_WORDS = 4;

/** A quote being built, with what its attribution steps have found. */
interface Work {
  span: QuoteSpan | null;
  quote: Quote;
  phrase: SpeakerPhrase | null;
  entity: EntityProfile | null;
  unresolvedPronoun: boolean;
}

function classify(doc: NormalisedArticle, span: QuoteSpan, phrase: SpeakerPhrase | null): Quote['kind'] {
  const hasCue = phrase !== null;
  // "“…”, said X" / "“…” X said": attributed right after the closing mark.
  const attributedAfter =
    phrase !== null &&
    phrase.cueStart >= span.close &&
    !/[.!?]/.test(doc.text.slice(span.close, Math.min(phrase.cueStart, phrase.start)));
  const text = doc.text;
  const content = text.slice(span.start, span.end);
  const n = countWords(content);
  const s = doc.sentences[sentenceAt(doc, span.open)]!;
  const lead = text.slice(s.start, span.open).trim();
  const innerPunct = /[.?!,;:…—–-]$/.test(content);
  const introduced = INTRODUCED_RE.test(text.slice(Math.max(0, span.open - 40), span.open));
  const atStart =
    lead === '' ||
    /^[“"‘'«]+$/.test(lead) ||
    span.continued ||
    (/[:;—–-]$/.test(lead) && n > SCARE_MAX_WORDS);
  if (introduced || atStart)
    return n <= 2 && !innerPunct && !introduced && !span.continued && !attributedAfter ? 'scare' : 'direct';
  if (innerPunct && n >= 4 && /^\p{Lu}/u.test(content)) return 'direct';
  // Inside reported speech ("X said the plan was “dead on arrival”"): a partial quote from 3 words on.
  // "a man yelled “Stay there!”": an exclamation or question with a speaker is speech.
  if (hasCue && /[!?]$/.test(content)) return 'direct';
  if (hasCue) return n <= 2 ? 'scare' : 'partial';
  return n <= SCARE_MAX_WORDS ? 'scare' : 'partial';
}

const INTRODUCED_RE =
  /(?:\b(?:said|says|say|told|tells|added|adds|asked|wrote|writes|declared|stated|explained|tweeted|replied|insisted|continued|saying|adding|asking|writing|tweeting|reported|reports)\b[^.!?“”"]{0,25}[,:]|\b(?:said|says|told|added|asked|wrote|declared|saying|adding))\s*$/i;

/**
 * Quotations and indirect speech of the article body, in text order. Pure; deterministic.
 *
 * Pass the document's entity analysis (`analyseEntities(doc)`) so the entity stage runs once per document.
 * Still accepted: the entities of `extractEntities(doc)` (speaker canonicals are taken from them), or
 * nothing (the analysis is then computed here).
 */
export function extractQuotes(
  doc: NormalisedArticle,
  entities?: EntityAnalysis | readonly Entity[],
): Quote[] {
  const given = entities === undefined || isEntityList(entities) ? undefined : entities;
  const a = given ?? analyseEntities(doc);
  const canonicalOf = isEntityList(entities) ? canonicalFrom(entities) : (e: EntityProfile) => e.canonical;
  const spans = quoteSpansOf(doc);
  const work = [...quotationWork(a, doc, spans), ...indirectWork(a, doc, spans)];
  work.sort((p, q) => p.quote.start - q.quote.start);
  const inQuote = (at: number): boolean => spans.some((q) => at >= q.start && at < q.end);
  resolveSpeakers(a, doc, work, activations(a, doc.sentences, inQuote), canonicalOf);
  const direct = work.filter((w) => w.span && w.quote.kind !== 'scare');
  continueSpeakers(doc, direct);
  quoteParagraphSpeakers(doc, direct, work);
  guessSpeakers(a, work, canonicalOf);
  return work.map((w) => w.quote);
}

function isEntityList(x: EntityAnalysis | readonly Entity[] | undefined): x is readonly Entity[] {
  return Array.isArray(x);
}

/** Canonical name of an entity as given in `entities` (matched by its first mention). */
function canonicalFrom(entities: readonly Entity[]): (e: EntityProfile) => string {
  return (e) => {
    const m0 = e.mentions[0]!;
    const ext = entities.find((x) => x.mentions.some((m) => m.start === m0.start));
    return ext ? ext.canonical : e.canonical;
  };
}

/** Quotation spans with their kind and speaker phrase (none for scare quotes). */
function quotationWork(a: EntityAnalysis, doc: NormalisedArticle, spans: QuoteSpan[]): Work[] {
  return spans.map((span) => {
    const phrase = findSpeakerPhrase(a, doc, span, spans);
    const kind = classify(doc, span, phrase);
    const quote: Quote = {
      text: doc.text.slice(span.start, span.end),
      start: span.start,
      end: span.end,
      kind,
      cue: null,
      speaker: null,
      sentenceIndex: sentenceAt(doc, span.start),
    };
    return { span, quote, phrase: kind === 'scare' ? null : phrase, entity: null, unresolvedPronoun: false };
  });
}

/** Indirect speech with its speaker phrase. */
function indirectWork(a: EntityAnalysis, doc: NormalisedArticle, spans: QuoteSpan[]): Work[] {
  return indirectSpeech(a, doc.text, doc.sentences, spans).map(({ start, end, phrase }) => ({
    span: null,
    quote: {
      text: doc.text.slice(start, end),
      start,
      end,
      kind: 'indirect',
      cue: phrase.cue,
      speaker: null,
      sentenceIndex: sentenceAt(doc, start),
    },
    phrase,
    entity: null,
    unresolvedPronoun: false,
  }));
}

/** Resolve each speaker phrase to a speaker, in text order so pronouns can use earlier speakers. */
function resolveSpeakers(
  a: EntityAnalysis,
  doc: NormalisedArticle,
  work: Work[],
  acts: Activation[],
  canonicalOf: (e: EntityProfile) => string,
): void {
  const mem: SpeakerMemory = { lastSpoke: new Map() };
  for (const w of work) {
    const p = w.phrase;
    if (!p) continue;
    w.quote.cue = p.cue;
    resolveSpeaker(a, doc, w, p, acts, mem, canonicalOf);
    if (w.entity) mem.lastSpoke.set(w.entity.id, p.start);
  }
}

/** By pronoun (the writer for "I"/"we"), by name, as an untyped name, or by title. */
function resolveSpeaker(
  a: EntityAnalysis,
  doc: NormalisedArticle,
  w: Work,
  p: SpeakerPhrase,
  acts: Activation[],
  mem: SpeakerMemory,
  canonicalOf: (e: EntityProfile) => string,
): void {
  const sent = w.quote.sentenceIndex;
  const para = doc.sentences[sent]?.paragraph ?? 0;
  if (p.kind === 'pronoun' && /^(?:i|we)$/i.test(p.text)) {
    // First person outside the quotation: the writer (or the writers) of the piece, unnamed.
    w.quote.speaker = sp(p, null, 'pronoun', 0.6);
  } else if (p.kind === 'pronoun') {
    const r = resolvePronoun(acts, p.text, p.start, sent, para, mem);
    if (r?.entity) {
      w.entity = r.entity;
      w.quote.speaker = sp(p, canonicalOf(r.entity), 'pronoun', r.confidence);
    } else w.unresolvedPronoun = true;
  } else if (p.kind === 'name' && p.mention) {
    const e = a.profiles[p.mention.entity] ?? null;
    w.entity = e;
    w.quote.speaker = sp(p, e ? canonicalOf(e) : p.mention.canonical, 'name', 0.95);
  } else if (looksLikeName(p.text)) {
    // A capitalised name the entity pass did not type ("LeVell", "Roland Z") as the subject of a cue.
    w.quote.speaker = sp(p, p.text, 'name', 0.7);
  } else {
    const r = resolveTitle(a, p.text, p.start);
    w.entity = r.entity;
    w.quote.speaker = sp(p, r.entity ? canonicalOf(r.entity) : null, 'title', r.confidence);
  }
}

/**
 * Quotations with no speaker phrase of their own: continuation of the previous quotation of the same
 * paragraph (or of a quotation running on from the previous paragraph), or of a split quotation whose
 * attribution comes after it.
 */
function continueSpeakers(doc: NormalisedArticle, direct: Work[]): void {
  for (let i = 0; i < direct.length; i++) {
    const w = direct[i]!;
    if (w.quote.speaker || w.unresolvedPronoun) continue;
    const next = direct[i + 1];
    if (next?.span?.continued && next.quote.speaker && !w.span!.closed) {
      inherit(w, next, 0.9);
      continue;
    }
    const prev = direct[i - 1];
    if (!prev?.quote.speaker || !prev.span) continue;
    const prevEnd = Math.max(
      sentenceAt(doc, Math.max(prev.span.start, prev.span.close - 1)),
      prev.phrase ? sentenceAt(doc, prev.phrase.start) : 0,
    );
    const sameParaNear = prev.span.paragraph === w.span!.paragraph && w.quote.sentenceIndex - prevEnd <= 2;
    if (w.span!.continued || sameParaNear) inherit(w, prev, 0.9);
  }
}

/** A paragraph that is only a quotation, right after a paragraph with an attributed speaker. */
function quoteParagraphSpeakers(doc: NormalisedArticle, direct: Work[], work: Work[]): void {
  for (const w of direct) {
    if (w.quote.speaker || w.unresolvedPronoun || w.quote.kind !== 'direct') continue;
    const para = w.span!.paragraph;
    const prevAttrib = [...work].filter((o) => o.quote.speaker && o.quote.start < w.quote.start).pop();
    if (!prevAttrib) continue;
    const pp = doc.sentences[prevAttrib.quote.sentenceIndex]?.paragraph ?? -9;
    const paraText = paraSlice(doc, para);
    const onlyQuote =
      paraText.replace(/[“”"'‘’«»\s]/g, '').length <= w.quote.text.replace(/[“”"'‘’«»\s]/g, '').length + 3;
    if (pp === para - 1 && onlyQuote) inherit(w, prevAttrib, 0.7);
  }
}

/** Unattributed quotes: offer the article's most quoted named speaker as a guess. */
function guessSpeakers(a: EntityAnalysis, work: Work[], canonicalOf: (e: EntityProfile) => string): void {
  const counts = new Map<number, number>();
  for (const w of work)
    if (w.entity && w.entity.type === 'person') counts.set(w.entity.id, (counts.get(w.entity.id) ?? 0) + 1);
  let top: EntityProfile | null = null;
  let topN = 0;
  for (const [id, n] of counts) {
    if (n > topN) {
      topN = n;
      top = a.profiles[id] ?? null;
    }
  }
  for (const w of work) {
    if (w.quote.speaker || w.quote.kind === 'scare') continue;
    if (w.phrase && !w.quote.cue) w.quote.cue = w.phrase.cue;
    if (top)
      w.quote.guess = {
        text: top.canonical,
        canonical: canonicalOf(top),
        resolvedVia: 'guess',
        confidence: 0.3,
      };
  }
}

function inherit(w: Work, from: Work, factor: number): void {
  const s = from.quote.speaker!;
  w.quote.speaker = { ...s, confidence: Math.round(s.confidence * factor * 100) / 100 };
  w.quote.cue = w.quote.cue ?? from.quote.cue;
  w.entity = from.entity;
}

function sp(
  p: SpeakerPhrase,
  canonical: string | null,
  via: Speaker['resolvedVia'],
  confidence: number,
): Speaker {
  return { text: p.text, canonical, resolvedVia: via, confidence, start: p.start, end: p.end };
}

export { findQuoteSpans, type QuoteSpan } from './_spans.js';

/** The quotation spans of a normalised article (a quote may run over several sentences and paragraphs). */
export function quoteSpansOf(doc: NormalisedArticle): QuoteSpan[] {
  return findQuoteSpans(doc.text, paragraphsOf(doc));
}

/** A sentence is mostly a direct quotation from this share of its letters inside quotation spans on. */
export const MOSTLY_QUOTED_SHARE = 0.6;

/** The share of a sentence's letters (and digits) that lie inside the quotation `spans` of the text. */
export function quotedShare(
  text: string,
  s: { start: number; end: number },
  spans: readonly QuoteSpan[],
): number {
  const LETTER = /[\p{L}\p{N}]/u;
  const inside = spans.filter((q) => q.end > s.start && q.start < s.end);
  let letters = 0;
  let quoted = 0;
  for (let i = s.start; i < s.end; i++) {
    if (!LETTER.test(text[i]!)) continue;
    letters++;
    if (inside.some((q) => i >= q.start && i < q.end)) quoted++;
  }
  return letters === 0 ? 0 : quoted / letters;
}

/**
 * Direct quotations whose speaker the rules could not find in the article (`speaker === null`), in text
 * order — the "who said it?" gaps a reader should be wary of. A `guess` does not count as a speaker.
 */
export function unattributedQuotes(quotes: readonly Quote[]): Quote[] {
  return quotes.filter((q) => q.kind === 'direct' && q.speaker === null);
}
