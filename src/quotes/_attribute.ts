/**
 * Attribution of one quotation span: the cue and speaker phrase around it. The conventions are tried in
 * a fixed order, each a step of its own: a credit line, a cue after the quotation, a cue before it, then
 * attributions without a listed cue verb.
 */
import {
  type EntityAnalysis,
  type EntityWord,
  isCommonWord,
  isDayOrMonth,
  isStrictFunctionWord,
  PERSON_TITLES,
} from '../entities/index.js';
import type { NormalisedArticle, Sentence } from '../types.js';
import type { QuoteSpan } from './_spans.js';
import {
  ARTICLES,
  cueAt,
  type SpeakerPhrase,
  sentenceSubject,
  subjectAfter,
  subjectBefore,
  subjectEndingAt,
  wordsIn,
} from './_speaker.js';
import { countWords, sentenceAt } from './_text.js';

/** Words between a quote and its cue verb, at most. */
const MAX_GAP_WORDS = 12;
/** The same when the words after the quote start with a name and an appositive. */
const MAX_GAP_WORDS_APPOSITIVE = 32;

/** A quotation span and the stretches of text around it where its attribution may be. */
interface Around {
  a: EntityAnalysis;
  doc: NormalisedArticle;
  text: string;
  words: readonly EntityWord[];
  span: QuoteSpan;
  /** Index of the sentence holding the opening mark, that sentence, and the one holding the closing mark. */
  si: number;
  sent: Sentence;
  endSent: Sentence;
  /** Where the attribution after the quotation must end (offset). */
  ceil: number;
  /** Words from the closing mark to `ceil`. */
  afterWords: EntityWord[];
  /** Where the attribution before the quotation may start (offset). */
  floor: number;
  /** Words from `floor` to the opening mark. */
  beforeWords: EntityWord[];
}

/** Cue and speaker around a quotation span: after it first (“…,” X said), then before it (X said: “…”). */
export function findSpeakerPhrase(
  a: EntityAnalysis,
  doc: NormalisedArticle,
  span: QuoteSpan,
  spans: QuoteSpan[],
): SpeakerPhrase | null {
  const q = around(a, doc, span, spans);
  return (
    creditParagraph(q) ??
    dashCredit(q) ??
    cueAfter(q) ??
    cueBefore(q) ??
    unlistedVerbAfter(q) ??
    subjectAndVerbAfter(q) ??
    cueSentenceBefore(q) ??
    namedSource(q) ??
    transcriptName(q) ??
    introducingClause(q)
  );
}

function around(a: EntityAnalysis, doc: NormalisedArticle, span: QuoteSpan, spans: QuoteSpan[]): Around {
  const si = sentenceAt(doc, span.open);
  const sent = doc.sentences[si]!;
  const endSent = doc.sentences[sentenceAt(doc, Math.max(span.open, span.close - 1))]!;
  const ceil = ceilAfter(a, doc, span, spans, endSent);
  const floor = floorBefore(doc, span, spans, sent);
  let beforeWords = wordsIn(a.words, floor, span.open);
  const prevSent = doc.sentences[si - 1];
  let before = floor;
  if (
    beforeWords.length === 0 &&
    prevSent &&
    prevSent.paragraph >= sent.paragraph - 1 &&
    /:\s*$/.test(doc.text.slice(prevSent.start, prevSent.end))
  ) {
    before = prevSent.start;
    beforeWords = wordsIn(a.words, before, prevSent.end);
  }
  return {
    a,
    doc,
    text: doc.text,
    words: a.words,
    span,
    si,
    sent,
    endSent,
    ceil,
    afterWords: wordsIn(a.words, span.close, ceil),
    floor: before,
    beforeWords,
  };
}

/**
 * After: words up to the end of the sentence that holds the closing mark, or the next quote; when the
 * quote ends its sentence ("…?” Graham asked.), the attribution is the next sentence of the paragraph.
 */
function ceilAfter(
  a: EntityAnalysis,
  doc: NormalisedArticle,
  span: QuoteSpan,
  spans: QuoteSpan[],
  endSent: Sentence,
): number {
  const text = doc.text;
  const nextQuote = spans.find((q) => q.open >= span.close);
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
  return ceil;
}

/**
 * Before: from the start of the sentence holding the opening mark. A quotation earlier in the sentence
 * bounds the search, unless it is a short title or scare quote ("a class called “Perception”, writing: “…”").
 */
function floorBefore(doc: NormalisedArticle, span: QuoteSpan, spans: QuoteSpan[], sent: Sentence): number {
  const prevQuote = [...spans].reverse().find((q) => q.close <= span.open);
  if (
    prevQuote &&
    prevQuote.close > sent.start &&
    countWords(doc.text.slice(prevQuote.start, prevQuote.end)) > 4
  )
    return prevQuote.close;
  return sent.start;
}

/** A phrase that names its speaker and has no cue word (credit lines, transcript names). */
function bareName(
  text: string,
  start: number,
  end: number,
  mention: SpeakerPhrase['mention'],
  cue: string,
  cueStart: number,
): SpeakerPhrase {
  return { text: text.slice(start, end), start, end, kind: 'name', mention, cue, cueStart };
}

/** “…” on its own, then a paragraph "— Name." (a credit line, fact-check style). */
function creditParagraph({ a, doc, text, words, span, endSent }: Around): SpeakerPhrase | null {
  const nextPara = doc.sentences.find((x) => x.paragraph === endSent.paragraph + 1);
  if (!nextPara || !/^\s*[.!?…]*\s*$/.test(text.slice(span.close, endSent.end))) return null;
  if (endSent.end > span.close + 2) return null;
  const credit = /^[―—–-]{1,2}\s*(\p{Lu}[\p{L}.’' -]{1,60}?)\.?\s*$/u.exec(
    text.slice(nextPara.start, nextPara.end),
  );
  if (!credit) return null;
  const s0 = nextPara.start + credit[0].indexOf(credit[1]!);
  const ws = wordsIn(words, s0, s0 + credit[1]!.length);
  const m = ws[0] ? a.mentionAt.get(ws[0].i) : undefined;
  const last = ws[ws.length - 1];
  if (last && m && (m.type === 'person' || m.type === 'organization'))
    return bareName(text, s0, last.end, m, '', s0);
  return null;
}

/** “…” ― Name (a dash credit line). */
function dashCredit({ a, text, words, span, ceil }: Around): SpeakerPhrase | null {
  const dash = /^\s*[―—–-]{1,2}\s*/.exec(text.slice(span.close, ceil));
  if (!dash) return null;
  const w0 = wordsIn(words, span.close + dash[0].length, ceil)[0];
  const m = w0 ? a.mentionAt.get(w0.i) : undefined;
  if (!w0?.cap || (m && (m.type === 'nationality' || m.type === 'place'))) return null;
  let k = w0.i;
  while (
    words[k + 1] &&
    words[k + 1]!.cap &&
    words[k + 1]!.end <= ceil &&
    /^\s+$/.test(text.slice(words[k]!.end, words[k + 1]!.start))
  )
    k++;
  const last = m ? words[m.w1]! : words[k]!;
  return bareName(text, w0.start, last.end, m, '', w0.start);
}

/** “…,” X said / said X / X, a professor, said / according to X, within a few words after the quotation. */
function cueAfter({ a, text, words, span, ceil, afterWords }: Around): SpeakerPhrase | null {
  const startGap = text.slice(span.close, Math.min(ceil, span.close + 3));
  if (/^\s*[.!?]\s*$/.test(text.slice(span.close, afterWords[0]?.start ?? ceil)) && !/[,—–-]/.test(startGap))
    return null;
  // "“…,” Jane Roe, a professor of law at the state university, said": an appositive after the name
  // widens the window.
  const appositive = /^[^,!?;:]{0,60}[\p{L}.)],\s/u.test(text.slice(span.close, ceil).replace(/^[\s,]+/, ''));
  const gapMax = appositive ? MAX_GAP_WORDS_APPOSITIVE : MAX_GAP_WORDS;
  for (let k = 0; k < Math.min(afterWords.length, gapMax); k++) {
    const w = afterWords[k]!;
    const lw = w.text.toLowerCase();
    if (lw === 'according' && afterWords[k + 1]?.text === 'to') {
      const p = subjectAfter(a, text, afterWords[k + 1]!.i, ceil);
      return p ? { ...p, cue: 'according to', cueStart: w.start } : null;
    }
    if (!cueAt(words, w.i)) continue;
    // "the report concluded": a cue word right after a determiner is a noun.
    if (k > 0 && ARTICLES.has(afterWords[k - 1]!.text.toLowerCase())) continue;
    if (k === 0) return subjectAfter(a, text, w.i, ceil);
    // "“…” that the plan fails, said Jane Roe": after a comma the cue is inverted, its subject follows.
    // ("“…,” Roe, a former candidate, told CBS": a subject right after the quote stays the subject.)
    const inverted = /,\s*$/.test(text.slice(afterWords[k - 1]!.end, w.start)) && INVERTING_CUE.test(lw);
    const before = subjectBefore(a, text, w.i, span.close);
    const after = inverted ? subjectAfter(a, text, w.i, ceil) : null;
    if (before && before.start === afterWords[0]!.start) return before;
    return (after && (after.kind === 'name' || after.kind === 'pronoun') ? after : null) ?? before ?? after;
  }
  return null;
}

/** X said: “…” / according to X, “…” / X called the plan “…”: the last cue before the opening mark. */
function cueBefore({ a, text, words, span, floor, beforeWords }: Around): SpeakerPhrase | null {
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
  return null;
}

/** Does the quotation end with , ? ! or a dash, with the next word right after its closing mark? */
function followedByWord({ text, span, afterWords }: Around): boolean {
  const after0 = afterWords[0];
  return (
    after0 !== undefined &&
    /[,?!—–-]$/.test(text.slice(span.start, span.end)) &&
    /^\s*[,—–-]?\s*$/.test(text.slice(span.close, after0.start))
  );
}

/** "“…!” beamed Jane Roe": an unlisted verb right after the quote, then a name. */
function unlistedVerbAfter(q: Around): SpeakerPhrase | null {
  const after0 = q.afterWords[0];
  if (!after0 || !verbLike(after0) || !followedByWord(q)) return null;
  const p = subjectAfter(q.a, q.text, after0.i, q.ceil);
  return p && p.kind === 'name' && p.mention?.type === 'person' ? p : null;
}

/**
 * No reporting verb after the quote either: "“…,” Roe fumed." — a subject and a verb right after a
 * quotation that ends with a comma, question or exclamation mark.
 */
function subjectAndVerbAfter(q: Around): SpeakerPhrase | null {
  if (!followedByWord(q)) return null;
  const { afterWords } = q;
  for (let k = 1; k < Math.min(afterWords.length, 8); k++) {
    const v = afterWords[k]!;
    if (!verbLike(v)) continue;
    const p = subjectBefore(q.a, q.text, v.i, q.span.close);
    if (p && p.start === afterWords[0]!.start && namedSubject(p))
      return { ...p, cue: v.text, cueStart: v.start };
    return null;
  }
  return null;
}

/** "Roe disagreed. “…”": a quote opening a sentence right after a short sentence that ends with a cue. */
function cueSentenceBefore({ a, doc, text, words, si, sent, beforeWords }: Around): SpeakerPhrase | null {
  const prevS = doc.sentences[si - 1];
  if (beforeWords.length > 0 || !prevS || prevS.paragraph !== sent.paragraph) return null;
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
  return null;
}

/** "in the words of a senior adviser, “…”", "From the report: “…”", "More from Jones: “…”". */
function namedSource({ a, text, words, span, floor }: Around): SpeakerPhrase | null {
  const lead = text.slice(floor, span.open);
  const wordsOf = /\bin the words of\s+([^,:“"]{2,80}?)\s*[,:]?\s*$/i.exec(lead);
  const fromX = /(?:^|[.\-–—]\s+|\bmore\s+)from\s+([^,:“"]{2,60}?)\s*:\s*$/i.exec(lead);
  const src = wordsOf ?? fromX;
  if (!src) return null;
  const s0 = floor + src.index + src[0].indexOf(src[1]!, src[0].search(/\b(?:of|from)\s/i));
  const ws = wordsIn(words, s0, s0 + src[1]!.length);
  const last = ws[ws.length - 1];
  if (!last) return null;
  const p = subjectEndingAt(a, text, last.i, s0);
  if (p && (p.kind === 'name' || /^(?:the|a|an)\s/i.test(p.text)))
    return { ...p, cue: wordsOf ? 'in the words of' : 'from', cueStart: floor + src.index };
  return null;
}

/** The last word before the opening mark and what lies between them. */
function lastBefore({ text, span, beforeWords }: Around): { lastW: EntityWord | undefined; tail: string } {
  const lastW = beforeWords[beforeWords.length - 1];
  return { lastW, tail: lastW ? text.slice(lastW.end, span.open) : '' };
}

/** "Clinton: “…”" (transcript style): a name alone before the colon. */
function transcriptName(q: Around): SpeakerPhrase | null {
  const { a, text, words, beforeWords } = q;
  const { lastW, tail } = lastBefore(q);
  if (!lastW || !/^\s*:\s*$/.test(tail)) return null;
  const m = a.mentionAt.get(lastW.i);
  const first = beforeWords[0]!;
  if (!m || (m.type !== 'person' && m.type !== 'organization') || m.w1 !== lastW.i) return null;
  let k = m.w0;
  while (k > first.i && (words[k - 1]!.cap || PERSON_TITLES.has(words[k - 1]!.text.toLowerCase()))) k--;
  return k === first.i ? bareName(text, first.start, lastW.end, m, ':', lastW.end) : null;
}

/**
 * No reporting verb: a clause that introduces the quotation with a colon ("Mr. Roe gloated: “…”", "Roe
 * called them on it:" closing the previous paragraph) or with a verb and a comma ("Roe cracked, “…”")
 * gives its subject.
 */
function introducingClause(q: Around): SpeakerPhrase | null {
  const { a, text, floor, beforeWords } = q;
  const { lastW, tail } = lastBefore(q);
  if (!lastW || beforeWords.length < 2 || !/^\s*[:,]\s*$/.test(tail) || INSIDE_QUOTE_TAIL.test(tail))
    return null;
  let p: SpeakerPhrase | null = null;
  if (/:/.test(tail)) {
    const subj = sentenceSubject(a, text, lastW.i, floor);
    if (subj) p = { ...subj, cue: '', cueStart: lastW.start };
  } else if (verbLike(lastW)) {
    p = subjectBefore(a, text, lastW.i, floor);
  }
  return p && namedSubject(p) ? p : null;
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
function shortAttribution(a: EntityAnalysis, text: string, s: { start: number; end: number }): boolean {
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
export function looksLikeName(s: string): boolean {
  const ws = s.split(/\s+/);
  if (ws.length > 4 || !ws.every((x) => /^\p{Lu}[\p{L}’'.]*(?:-\p{Lu}[\p{L}’'.]*)*$/u.test(x))) return false;
  if (isStrictFunctionWord(ws[0]!)) return false; // "As Vulture", "The Rainmakers"
  const last = ws[ws.length - 1]!.replace(/[’']s$/, '');
  if (ws.length === 1 && /(?:ers|ists|ians|ans|ors)$/.test(last)) return false; // "Pollsters", "Republicans"
  return !isCommonWord(last) && !isDayOrMonth(last) && !PERSON_TITLES.has(last.toLowerCase());
}

/** A lower-case word that looks like a finite verb ("fumed", "gloats"). */
function verbLike(x: EntityWord | undefined): boolean {
  return x !== undefined && !x.cap && /^\p{Ll}{3,}(?:ed|s)$/u.test(x.text) && !/(?:ss|us|is)$/.test(x.text);
}

/** Cues whose subject may follow them ("said Jane Roe: “…”"); never "told X", "asking X". */
const INVERTING_CUE =
  /^(?:said|says|say|added|adds|wrote|writes|continued|continues|explained|explains|declared|recalled|noted|notes|warned|insisted|argued|replied|responded|answered|concluded|concludes|observed|remarked|quipped|joked|tweeted|stated|reported|announced)$/;
const INSIDE_QUOTE_TAIL = /["“”]/;
