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

import { isCommonWord, isDayOrMonth, isStrictFunctionWord, type Word } from '../entities/_lex.js';
import { type Analysis, analyse, type InternalEntity } from '../entities/_scan.js';
import { PERSON_TITLES } from '../entities/gazetteer.js';
import type { Entity } from '../entities/index.js';
import type { NormalisedArticle } from '../types.js';
import { findQuoteSpans, type ParagraphSpan, type QuoteSpan } from './_spans.js';
import {
  ARTICLES,
  activations,
  CUES,
  cueAt,
  resolvePronoun,
  resolveTitle,
  type SpeakerMemory,
  type SpeakerPhrase,
  sentenceSubject,
  subjectAfter,
  subjectBefore,
  subjectEndingAt,
  WEAK_CUES,
  wordsIn,
} from './_speaker.js';

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
/** Words between a quote and its cue verb, at most. */
const MAX_GAP_WORDS = 12;
/** The same when the words after the quote start with a name and an appositive. */
const MAX_GAP_WORDS_APPOSITIVE = 32;

const WORD_COUNT_RE = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;

function countWords(s: string): number {
  return s.match(WORD_COUNT_RE)?.length ?? 0;
}

function paragraphsOf(doc: NormalisedArticle): ParagraphSpan[] {
  const out: ParagraphSpan[] = [];
  for (const s of doc.sentences) {
    const last = out[out.length - 1];
    if (last && last.index === s.paragraph) last.end = s.end;
    else out.push({ start: s.start, end: s.end, index: s.paragraph });
  }
  return out;
}

function sentenceAt(doc: NormalisedArticle, offset: number): number {
  const ss = doc.sentences;
  let lo = 0;
  let hi = ss.length - 1;
  let ans = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ss[mid]!.start <= offset) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}

interface Work {
  span: QuoteSpan | null;
  quote: Quote;
  phrase: SpeakerPhrase | null;
  entity: InternalEntity | null;
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

/** Cue and speaker around a quotation span: after it first (“…,” X said), then before it (X said: “…”). */
function findSpeakerPhrase(
  a: Analysis,
  doc: NormalisedArticle,
  span: QuoteSpan,
  spans: QuoteSpan[],
): SpeakerPhrase | null {
  const text = doc.text;
  const words = a.words;
  const si = sentenceAt(doc, span.open);
  const sent = doc.sentences[si]!;
  const endSent = doc.sentences[sentenceAt(doc, Math.max(span.open, span.close - 1))]!;
  const nextQuote = spans.find((q) => q.open >= span.close);
  const prevQuote = [...spans].reverse().find((q) => q.close <= span.open);
  // After: words up to the end of the sentence that holds the closing mark, or the next quote; when the
  // quote ends its sentence ("…?” Graham asked.), the attribution is the next sentence of the paragraph.
  let ceil = endSent.end;
  const nextSent = doc.sentences[endSent.index + 1];
  if (
    nextSent &&
    nextSent.paragraph === endSent.paragraph &&
    /^[\s.!?…]*$/.test(text.slice(span.close, endSent.end)) &&
    /[?!.,…—–-]$/.test(text.slice(span.start, span.end)) &&
    !/^[“"‘'«]/.test(text.slice(nextSent.start, nextSent.start + 1)) &&
    shortAttribution(a, text, nextSent)
  )
    ceil = nextSent.end;
  if (nextQuote && nextQuote.open < ceil) ceil = nextQuote.open;
  // “…” on its own, then a paragraph "— Name." (a credit line, fact-check style).
  const nextPara = doc.sentences.find((x) => x.paragraph === endSent.paragraph + 1);
  if (
    nextPara &&
    /^\s*[.!?…]*\s*$/.test(text.slice(span.close, endSent.end)) &&
    endSent.end <= span.close + 2
  ) {
    const credit = /^[―—–-]{1,2}\s*(\p{Lu}[\p{L}.’' -]{1,60}?)\.?\s*$/u.exec(
      text.slice(nextPara.start, nextPara.end),
    );
    if (credit) {
      const s0 = nextPara.start + credit[0].indexOf(credit[1]!);
      const ws = wordsIn(words, s0, s0 + credit[1]!.length);
      const m = ws[0] ? a.mentionAt.get(ws[0].i) : undefined;
      const last = ws[ws.length - 1];
      if (last && m && (m.type === 'person' || m.type === 'organization'))
        return {
          text: text.slice(s0, last.end),
          start: s0,
          end: last.end,
          kind: 'name',
          mention: m,
          cue: '',
          cueStart: s0,
        };
    }
  }
  // “…” ― Name (a dash credit line).
  const dash = /^\s*[―—–-]{1,2}\s*/.exec(text.slice(span.close, ceil));
  if (dash) {
    const w0 = wordsIn(words, span.close + dash[0].length, ceil)[0];
    const m = w0 ? a.mentionAt.get(w0.i) : undefined;
    if (w0?.cap && !(m && (m.type === 'nationality' || m.type === 'place'))) {
      let k = w0.i;
      while (
        words[k + 1] &&
        words[k + 1]!.cap &&
        words[k + 1]!.end <= ceil &&
        /^\s+$/.test(text.slice(words[k]!.end, words[k + 1]!.start))
      )
        k++;
      const last = m ? words[m.w1]! : words[k]!;
      return {
        text: text.slice(w0.start, last.end),
        start: w0.start,
        end: last.end,
        kind: 'name',
        mention: m,
        cue: '',
        cueStart: w0.start,
      };
    }
  }
  const startGap = text.slice(span.close, Math.min(ceil, span.close + 3));
  const afterWords = wordsIn(words, span.close, ceil);
  if (
    !/^\s*[.!?]\s*$/.test(text.slice(span.close, afterWords[0]?.start ?? ceil)) ||
    /[,—–-]/.test(startGap)
  ) {
    // "“…,” Jane Roe, a professor of law at the state university, said": an appositive after the name
    // widens the window.
    const appositive = /^[^,!?;:]{0,60}[\p{L}.)],\s/u.test(
      text.slice(span.close, ceil).replace(/^[\s,]+/, ''),
    );
    const gapMax = appositive ? MAX_GAP_WORDS_APPOSITIVE : MAX_GAP_WORDS;
    for (let k = 0; k < Math.min(afterWords.length, gapMax); k++) {
      const w = afterWords[k]!;
      const lw = w.text.toLowerCase();
      if (lw === 'according' && afterWords[k + 1]?.text === 'to') {
        const p = subjectAfter(a, text, afterWords[k + 1]!.i, ceil);
        if (p) return { ...p, cue: 'according to', cueStart: w.start };
        break;
      }
      if (!cueAt(words, w.i)) continue;
      // "the report concluded": a cue word right after a determiner is a noun.
      if (k > 0 && ARTICLES.has(afterWords[k - 1]!.text.toLowerCase())) continue;
      if (k === 0) {
        const p = subjectAfter(a, text, w.i, ceil);
        if (p) return p;
        break;
      }
      // "“…” that the plan fails, said Jane Roe": after a comma the cue is inverted, its subject follows.
      // ("“…,” Roe, a former candidate, told CBS": a subject right after the quote stays the subject.)
      const inverted = /,\s*$/.test(text.slice(afterWords[k - 1]!.end, w.start)) && INVERTING_CUE.test(lw);
      const before = subjectBefore(a, text, w.i, span.close);
      const after = inverted ? subjectAfter(a, text, w.i, ceil) : null;
      const p =
        before && before.start === afterWords[0]!.start
          ? before
          : ((after && (after.kind === 'name' || after.kind === 'pronoun') ? after : null) ??
            before ??
            after);
      if (p) return p;
      break;
    }
  }
  // Before: the last cue in the sentence before the opening mark (or in the previous sentence if it ends with ":").
  let floor = sent.start;
  // A quotation earlier in the sentence bounds the search, unless it is a short title or scare quote
  // ("a class called “Perception”, writing: “…”").
  if (prevQuote && prevQuote.close > floor && countWords(text.slice(prevQuote.start, prevQuote.end)) > 4)
    floor = prevQuote.close;
  let beforeWords = wordsIn(words, floor, span.open);
  const prevSent = doc.sentences[si - 1];
  if (
    beforeWords.length === 0 &&
    prevSent &&
    prevSent.paragraph >= sent.paragraph - 1 &&
    /:\s*$/.test(text.slice(prevSent.start, prevSent.end))
  ) {
    floor = prevSent.start;
    beforeWords = wordsIn(words, floor, prevSent.end);
  }
  for (let k = beforeWords.length - 1; k >= 0; k--) {
    const w = beforeWords[k]!;
    const lw = w.text.toLowerCase();
    if (lw === 'to' && beforeWords[k - 1]?.text.toLowerCase() === 'according') {
      const p = subjectAfter(a, text, w.i, span.open);
      if (p) return { ...p, cue: 'according to', cueStart: beforeWords[k - 1]!.start };
      continue;
    }
    if (NAMING_CUES.has(lw)) {
      // "Roe called the plan “a disgrace”": a naming verb reports words only with a named subject.
      const p = subjectBefore(a, text, w.i, floor);
      if (p && (p.kind === 'pronoun' || (p.kind === 'name' && p.mention)) && !/^(?:i|we|it)$/i.test(p.text))
        return p;
      continue;
    }
    if (!cueAt(words, w.i)) continue;
    const p =
      subjectBefore(a, text, w.i, floor) ??
      (INVERTING_CUE.test(lw) ? subjectAfter(a, text, w.i, span.open) : null);
    if (p) return p;
  }
  const after0 = afterWords[0];
  // "“…!” beamed Jane Roe": an unlisted verb right after the quote, then a name.
  if (
    after0 &&
    verbLike(after0) &&
    /[,?!—–-]$/.test(text.slice(span.start, span.end)) &&
    /^\s*[,—–-]?\s*$/.test(text.slice(span.close, after0.start))
  ) {
    const p = subjectAfter(a, text, after0.i, ceil);
    if (p && p.kind === 'name' && p.mention?.type === 'person') return p;
  }
  // No reporting verb after the quote either: "“…,” Roe fumed." — a subject and a verb right after a
  // quotation that ends with a comma, question or exclamation mark.
  if (
    after0 &&
    /[,?!—–-]$/.test(text.slice(span.start, span.end)) &&
    /^\s*[,—–-]?\s*$/.test(text.slice(span.close, after0.start))
  ) {
    for (let k = 1; k < Math.min(afterWords.length, 8); k++) {
      const v = afterWords[k]!;
      if (!verbLike(v)) continue;
      const p = subjectBefore(a, text, v.i, span.close);
      if (p && p.start === after0.start && namedSubject(p)) return { ...p, cue: v.text, cueStart: v.start };
      break;
    }
  }
  // No reporting verb: a clause that introduces the quotation with a colon ("Mr. Roe gloated: “…”",
  // "Roe called them on it:" closing the previous paragraph) or with a verb and a comma ("Roe cracked, “…”")
  // gives its subject.
  const lastW = beforeWords[beforeWords.length - 1];
  const tail = lastW ? text.slice(lastW.end, span.open) : '';
  // "Roe disagreed. “…”": a quote opening a sentence right after a short sentence that ends with a cue.
  const prevS = doc.sentences[si - 1];
  if (beforeWords.length === 0 && prevS && prevS.paragraph === sent.paragraph) {
    const pw = wordsIn(words, prevS.start, prevS.end);
    const lastP = pw[pw.length - 1];
    if (
      lastP &&
      pw.length <= 12 &&
      cueAt(words, lastP.i) &&
      !/["“”]/.test(text.slice(prevS.start, prevS.end)) &&
      /^[.:]\s*$/.test(text.slice(lastP.end, prevS.end))
    ) {
      const p = subjectBefore(a, text, lastP.i, prevS.start);
      if (p && namedSubject(p)) return p;
    }
  }
  // "in the words of a senior adviser, “…”", "From the report: “…”", "More from Jones: “…”".
  const lead = text.slice(floor, span.open);
  const wordsOf = /\bin the words of\s+([^,:“"]{2,80}?)\s*[,:]?\s*$/i.exec(lead);
  const fromX = /(?:^|[.\-–—]\s+|\bmore\s+)from\s+([^,:“"]{2,60}?)\s*:\s*$/i.exec(lead);
  const src = wordsOf ?? fromX;
  if (src) {
    const s0 = floor + src.index + src[0].indexOf(src[1]!, src[0].search(/\b(?:of|from)\s/i));
    const ws = wordsIn(words, s0, s0 + src[1]!.length);
    const last = ws[ws.length - 1];
    if (last) {
      const p = subjectEndingAt(a, text, last.i, s0);
      if (p && (p.kind === 'name' || /^(?:the|a|an)\s/i.test(p.text)))
        return { ...p, cue: wordsOf ? 'in the words of' : 'from', cueStart: floor + src.index };
    }
  }
  // "Clinton: “…”" (transcript style): a name alone before the colon.
  if (lastW && /^\s*:\s*$/.test(tail)) {
    const m = a.mentionAt.get(lastW.i);
    const first = beforeWords[0]!;
    if (m && (m.type === 'person' || m.type === 'organization') && m.w1 === lastW.i) {
      let k = m.w0;
      while (k > first.i && (words[k - 1]!.cap || PERSON_TITLES.has(words[k - 1]!.text.toLowerCase()))) k--;
      if (k === first.i)
        return {
          text: text.slice(first.start, lastW.end),
          start: first.start,
          end: lastW.end,
          kind: 'name',
          mention: m,
          cue: ':',
          cueStart: lastW.end,
        };
    }
  }
  if (lastW && beforeWords.length >= 2 && /^\s*[:,]\s*$/.test(tail) && !INSIDE_QUOTE_TAIL.test(tail)) {
    let p: SpeakerPhrase | null = null;
    if (/:/.test(tail)) {
      const subj = sentenceSubject(a, text, lastW.i, floor);
      if (subj) p = { ...subj, cue: '', cueStart: lastW.start };
    } else if (verbLike(lastW)) {
      p = subjectBefore(a, text, lastW.i, floor);
    }
    if (p && namedSubject(p)) return p;
  }
  return null;
}

/** Naming verbs: a cue for a partial quote only ("Roe called the plan “a disgrace”"). */
const NAMING_CUES = new Set(
  'called calls dubbed dubs labeled labelled labels labeling labelling branded brands termed terms describing described'.split(
    ' ',
  ),
);

/**
 * A sentence that can only be the attribution of the quotation before it ("Smith said.", "he added on
 * Monday."): short, a cue among its last words, no quotation of its own and no colon introducing one.
 */
function shortAttribution(a: Analysis, text: string, s: { start: number; end: number }): boolean {
  const body = text.slice(s.start, s.end);
  if (/["“”«»]|''|:\s*$/.test(body)) return false;
  const ws = wordsIn(a.words, s.start, s.end);
  if (ws.length === 0 || ws.length > 20) return false;
  for (const w of ws) {
    if (!cueAt(a.words, w.i)) continue;
    // The cue ends its clause or takes only a prepositional phrase ("said of the plan", "went on, as if …");
    // "he said he had …" or "he added that …" report something new.
    const rest = text.slice(w.end, s.end);
    if (!ATTRIBUTION_TAIL.test(rest)) continue;
    // …and its subject opens the sentence ("This sort of opining, CNN claimed, violates …" does not).
    const p = subjectBefore(a, text, w.i, s.start);
    return p !== null && p.start === ws[0]!.start;
  }
  return false;
}
const ATTRIBUTION_TAIL =
  /^\s*(?:(?:back|on|in|out|up|again|later|then|simply|flatly|quietly|loudly)\b)?\s*(?:[,.;!?—–-]|$|(?:of|to|in|on|at|during|after|before|about|with|while|as|when|from|via|through)\b)/;

/** A speaker phrase that names someone: a pronoun, a recognised name, or a capitalised name-like run. */
function namedSubject(p: SpeakerPhrase): boolean {
  return p.kind !== 'description' || p.mention !== undefined || looksLikeName(p.text);
}

/** One to four capitalised words, the last neither a common word nor a day or month: a name. */
function looksLikeName(s: string): boolean {
  const ws = s.split(/\s+/);
  if (ws.length > 4 || !ws.every((x) => /^\p{Lu}[\p{L}’'.]*(?:-\p{Lu}[\p{L}’'.]*)*$/u.test(x))) return false;
  if (isStrictFunctionWord(ws[0]!)) return false; // "As Vulture", "The Rainmakers"
  const last = ws[ws.length - 1]!.replace(/[’']s$/, '');
  if (ws.length === 1 && /(?:ers|ists|ians|ans|ors)$/.test(last)) return false; // "Pollsters", "Republicans"
  return !isCommonWord(last) && !isDayOrMonth(last) && !PERSON_TITLES.has(last.toLowerCase());
}

/** A lower-case word that looks like a finite verb ("fumed", "gloats"). */
function verbLike(x: Word | undefined): boolean {
  return x !== undefined && !x.cap && /^\p{Ll}{3,}(?:ed|s)$/u.test(x.text) && !/(?:ss|us|is)$/.test(x.text);
}

/** Cues whose subject may follow them ("said Jane Roe: “…”"); never "told X", "asking X". */
const INVERTING_CUE =
  /^(?:said|says|say|added|adds|wrote|writes|continued|continues|explained|explains|declared|recalled|noted|notes|warned|insisted|argued|replied|responded|answered|concluded|concludes|observed|remarked|quipped|joked|tweeted|stated|reported|announced)$/;
const INSIDE_QUOTE_TAIL = /["“”]/;

/** Quotations and indirect speech of the article body, in text order. Pure; deterministic. */
export function extractQuotes(doc: NormalisedArticle, entities?: readonly Entity[]): Quote[] {
  const a = analyse(doc);
  const text = doc.text;
  const spans = findQuoteSpans(text, paragraphsOf(doc));
  const mem: SpeakerMemory = { lastSpoke: new Map() };
  const inQuote = (at: number): boolean => spans.some((q) => at >= q.start && at < q.end);
  const acts = activations(a, doc.sentences, inQuote);
  const canonicalOf = (e: InternalEntity): string => {
    if (entities) {
      const m0 = e.mentions[0]!;
      const ext = entities.find((x) => x.mentions.some((m) => m.start === m0.start));
      if (ext) return ext.canonical;
    }
    return e.canonical;
  };
  const work: Work[] = [];
  for (const span of spans) {
    const phrase = findSpeakerPhrase(a, doc, span, spans);
    const kind = classify(doc, span, phrase);
    const sentenceIndex = sentenceAt(doc, span.start);
    const quote: Quote = {
      text: text.slice(span.start, span.end),
      start: span.start,
      end: span.end,
      kind,
      cue: null,
      speaker: null,
      sentenceIndex,
    };
    work.push({
      span,
      quote,
      phrase: kind === 'scare' ? null : phrase,
      entity: null,
      unresolvedPronoun: false,
    });
  }
  for (const iq of indirectSpeech(a, doc, spans))
    work.push({ span: null, ...iq, entity: null, unresolvedPronoun: false });
  work.sort((p, q) => p.quote.start - q.quote.start);

  // Resolve in text order so pronouns can use earlier speakers.
  for (const w of work) {
    const p = w.phrase;
    if (!p) continue;
    w.quote.cue = p.cue;
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
      const e = a.entities[p.mention.entity] ?? null;
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
    if (w.entity) mem.lastSpoke.set(w.entity.id, p.start);
  }

  // Quotes with no speaker phrase of their own: continuation of the previous quotation of the same
  // paragraph (or of a quotation running on from the previous paragraph), or of a split quotation whose
  // attribution comes after it.
  const direct = work.filter((w) => w.span && w.quote.kind !== 'scare');
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
  // A paragraph that is only a quotation, right after a paragraph with an attributed speaker.
  for (let i = 0; i < direct.length; i++) {
    const w = direct[i]!;
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
  // Unattributed quotes: offer the article's most quoted named speaker as a guess.
  const counts = new Map<number, number>();
  for (const w of work)
    if (w.entity && w.entity.type === 'person') counts.set(w.entity.id, (counts.get(w.entity.id) ?? 0) + 1);
  let top: InternalEntity | null = null;
  let topN = 0;
  for (const [id, n] of counts) {
    if (n > topN) {
      topN = n;
      top = a.entities[id] ?? null;
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
  return work.map((w) => w.quote);
}

function paraSlice(doc: NormalisedArticle, paragraph: number): string {
  const ss = doc.sentences.filter((s) => s.paragraph === paragraph);
  if (ss.length === 0) return '';
  return doc.text.slice(ss[0]!.start, ss[ss.length - 1]!.end);
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

// ---------------------------------------------------------------------------------------------
// Indirect speech
// ---------------------------------------------------------------------------------------------

function insideAny(spans: QuoteSpan[], at: number): boolean {
  return spans.some((s) => at >= s.open && at < s.close);
}

/** "X said (that) …", "…, X said.", "according to X, …" outside quotation marks. */
function indirectSpeech(
  a: Analysis,
  doc: NormalisedArticle,
  spans: QuoteSpan[],
): Array<{ quote: Quote; phrase: SpeakerPhrase }> {
  const text = doc.text;
  const out: Array<{ quote: Quote; phrase: SpeakerPhrase }> = [];
  for (const s of doc.sentences) {
    if (spans.some((q) => q.open <= s.start && q.close >= s.end)) continue;
    const ws = wordsIn(a.words, s.start, s.end);
    for (let k = 0; k < ws.length; k++) {
      const w = ws[k]!;
      if (insideAny(spans, w.start)) continue;
      const lw = w.text.toLowerCase();
      // according to X, CONTENT  |  CONTENT, according to X.
      if (lw === 'according' && ws[k + 1]?.text === 'to') {
        const p = subjectAfter(a, text, ws[k + 1]!.i, s.end);
        if (!p) continue;
        const phrase = { ...p, cue: 'according to', cueStart: w.start };
        const before = text.slice(s.start, w.start).replace(/[\s,;—–-]+$/, '');
        const afterStart = text.slice(p.end, s.end).search(/[^\s,]/);
        const content =
          countWords(before) >= 3
            ? { start: s.start, end: s.start + before.length }
            : afterStart >= 0
              ? { start: p.end + afterStart, end: s.end }
              : null;
        if (!content) continue;
        out.push(mk(doc, content.start, content.end, phrase));
        break;
      }
      if (!CUES.has(lw) || WEAK_CUES.has(lw)) continue;
      const tail = text.slice(w.end, s.end);
      // CONTENT, X said.
      const p0 = subjectBefore(a, text, w.i, s.start);
      const lead = p0 ? text.slice(s.start, p0.start) : '';
      if (
        p0 &&
        /,\s*$/.test(lead) &&
        /^\s*(?:[^,.]{0,25})?[.!?]?["”’]?\s*$/.test(tail) &&
        !/\bthat\b/.test(tail) &&
        !/,/.test(text.slice(p0.end, w.start)) &&
        countWords(lead) >= 4
      ) {
        const e = s.start + lead.replace(/[\s,]+$/, '').length;
        if (!insideAny(spans, s.start) || !insideAny(spans, e - 1)) out.push(mk(doc, s.start, e, p0));
        break;
      }
      // X said (that) CONTENT.
      const p = p0 ?? null;
      if (!p) continue;
      let m =
        /^\s+(?:(?:to\s+)?(?:reporters|journalists|the\s+\w+|\p{Lu}[\p{L}.’']*(?:\s+\p{Lu}[\p{L}.’']*)*|him|her|them|us|me)\s+)?(?:on\s+\p{Lu}\w+\s+|in\s+an?\s+\w+(?:\s+\w+)?\s+|(?:last|this)\s+\w+\s+)?(?:that\s+)?/u.exec(
          tail,
        );
      if (lw.startsWith('tell') || lw === 'told') {
        m = /^\s+(?:\S+\s+){1,3}?(?:that\s+)?/u.exec(tail) ?? m;
        if (!/^\s+(?:reporters|journalists|\p{Lu}|him|her|them|us|me|the|a|an|his|her|their)/u.test(tail))
          continue;
      }
      if (!m) continue;
      const cs = w.end + m[0].length;
      const rest = text.slice(cs, s.end);
      if (/^["“‘'«]/.test(rest)) continue; // a direct quotation already handled
      if (!/^that\b/.test(tail.trim()) && !/\bthat\s*$/.test(m[0]) && countWords(rest) < 3) continue;
      if (/^[,.:;]/.test(rest)) continue;
      if (/^(?:for|about|of|on|in|with|to|at|by|from|into|after|before|during)\b/i.test(rest)) continue;
      if (/^ask/.test(lw) && !/^(?:whether|if|why|how|what|when|where|who|that)\b/i.test(rest)) continue;
      const ce =
        s.end -
        (/[.!?]["”’]?$/.test(text.slice(cs, s.end))
          ? text.slice(cs, s.end).match(/[.!?]["”’]?$/)![0].length
          : 0);
      if (ce - cs < 8) continue;
      out.push(mk(doc, cs, ce, p));
      break;
    }
  }
  return out;
}

function mk(
  doc: NormalisedArticle,
  start: number,
  end: number,
  phrase: SpeakerPhrase,
): { quote: Quote; phrase: SpeakerPhrase } {
  return {
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
  };
}

export { findQuoteSpans, type QuoteSpan } from './_spans.js';

/**
 * Direct quotations whose speaker the rules could not find in the article (`speaker === null`), in text
 * order — the "who said it?" gaps a reader should be wary of. A `guess` does not count as a speaker.
 */
export function unattributedQuotes(quotes: readonly Quote[]): Quote[] {
  return quotes.filter((q) => q.kind === 'direct' && q.speaker === null);
}
