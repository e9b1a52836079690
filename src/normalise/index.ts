/**
 * Normalisation that every later stage uses: Unicode, quote/dash folding, sentence segmentation tuned on
 * news text, and tokens with character offsets.
 *
 * Offsets: `normaliseText` may change the text (NFC, line endings, invisible characters), so every offset in
 * a NormalisedArticle refers to `NormalisedArticle.text`, never to the raw input.
 */
import type { NormalisedArticle, Sentence, Token } from '../types.js';

export { editDistance } from './_distance.js';

// ---------------------------------------------------------------------------------------------------------
// Tunables and word lists (compiled once).

const words = (list: string): Set<string> => new Set(list.split(/\s+/).filter(Boolean));

/** Abbreviations that are never the end of a sentence (titles, months before a day, "vs."). */
const NEVER_FINAL = words(
  'mr mrs ms dr prof gen sen rep gov lt col maj capt cpt sgt cmdr adm brig pres rev hon fr sr mt ft nos vs v jan feb mar apr jun jul aug sep sept oct nov dec approx dept est fig supt e.g i.e cf al ave blvd rd op ex atty insp det cpl pvt messrs',
);

/** Abbreviations that may end a sentence: split after them only if the next word looks like a sentence start. */
const MAYBE_FINAL = words(
  'st inc corp ltd co llc plc jr etc bros a.m p.m u.s u.k u.n e.u u.s.a d.c n.y l.a u.a.e gmt ph.d b.c a.d',
);

/** Nouns that continue a name after a country/organisation abbreviation ("U.S. Senate", "U.N. envoy"). */
const AFTER_ACRONYM = new Set(
  (
    'senate house congress army navy air marines marine forces force military troops embassy ambassador envoy ' +
    'state department treasury government president officials official court supreme attorney open citizens ' +
    'border coast dollar dollars economy markets market stocks trade secretary council general assembly ' +
    'security mission peacekeepers agency agencies commission parliament special representative delegation ' +
    'district federal national central prime foreign defense defence finance health trade interior home'
  ).split(' '),
);
/** Words that typically follow the subject of a new sentence. */
const AFTER_SUBJECT = words(
  'could would will shall should may might must can cannot is are was were has have had does did do said says ' +
    'rose fell added told announced reported expects expected plans planned began started opened closed',
);
const ACRONYMS = new Set(['u.s', 'u.k', 'u.n', 'e.u', 'u.s.a', 'u.a.e', 'd.c', 'n.y', 'l.a']);
const TIME_ABBR = new Set(['a.m', 'p.m']);
/** After "p.m." a day, month or time zone continues the sentence ("3 p.m. Friday", "9 a.m. EST"). */
const AFTER_TIME =
  /^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|[a-z]{1,2}t|gmt|utc|local)$/i;
/** "?" or "!" inside a quote followed by "Name said" does not end the sentence. */
const NAME_ATTRIBUTION_RE =
  /^(?:\p{Lu}[\p{L}.'’-]*\s+){1,4}(?:said|says|asked|asks|told|added|shouted|yelled|cried|replied|wrote|tweeted|insisted|wondered|demanded|explained|stated|noted|declared)\b/u;

/** Words that commonly start a sentence; after an ambiguous abbreviation they decide for a split. */
const SENTENCE_STARTERS = new Set(
  (
    'the a an he she it they we i you this that these those there his her its their our my your in on at ' +
    'but and or so yet if when while after before as since although though however meanwhile officials ' +
    'some many most several no one two three four five six seven eight nine ten last earlier later then ' +
    'according for from with by during despite under among us what who why how where which also still ' +
    'both each neither either another other such'
  ).split(' '),
);

const CLOSERS = new Set(['"', "'", '”', '’', '»', ')', ']', '}', '›']);
const OPENERS = new Set(['"', "'", '“', '‘', '«', '(', '[', '{', '‹']);
const TERMINALS = new Set(['.', '?', '!', '…']);
const TERMINAL_RE = /[.?!…]/g;

/** "GENEVA (Reuters) -", "WASHINGTON —", "LISBON, Portugal (AP) --", "KYIV, Ukraine, March 3 (Wire) -" */
const DATELINE_RE =
  /^((?:[A-Z][A-Z.'\u2019/-]*(?:[ ][A-Z][A-Z.'\u2019/-]*)*)(?:,[ ][A-Z][A-Za-z.]+(?:[ ][A-Z][A-Za-z.]+)*)?(?:,[ ][A-Z][a-z]{2,8}\.?[ ]\d{1,2})?(?:[ ]?\([^)\n]{1,40}\))?)[ ]*(?:-{1,2}|–|—)[ ]+/u;

const WORD_RE =
  /(?:[A-Za-z]\.){2,}(?![A-Za-z])|\$?\d[\d,]*(?:\.\d+)?%?|[\p{L}\p{M}][\p{L}\p{M}\p{N}]*(?:['’-][\p{L}\p{M}\p{N}]+)*|[^\s\p{L}\p{M}\p{N}]/gu;

// ---------------------------------------------------------------------------------------------------------
// Text normalisation and folding.

/**
 * Unicode NFC, line endings to \n, non-breaking and odd spaces to a plain space, zero-width characters and
 * soft hyphens removed, trailing spaces trimmed per line, a close glyph run into the text made a paragraph. Quotes and dashes are kept as written (the quote
 * extractor needs their direction); `fold` folds them for matching.
 */
export function normaliseText(raw: string): string {
  return (
    raw
      .normalize('NFC')
      .replace(/\r\n?/g, '\n')
      .replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, '')
      .replace(/[\u00A0\u2000-\u200A\u202F\u205F\u3000\t]/g, ' ')
      .replace(/[ ]+\n/g, '\n')
      // A close-button glyph the scraper ran into the text ("... officials. × 101 Things ...") opens an overlay (a
      // pop-up advertisement, a newsletter box): it starts a paragraph of its own, so that the overlay is never
      // glued to the sentence before it (see match/boilerplate.ts, isOverlayLine). A multiplication ("3 × 4") is left.
      .replace(/([^\d\s])[ ]+([\u00D7\u2715\u2716\u2A2F])[ ]+(?=[\p{Lu}\d])/gu, '$1\n\n$2 ')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  );
}

const QUOTE_DASH_FOLD: Record<string, string> = {
  '“': '"',
  '”': '"',
  '„': '"',
  '‟': '"',
  '«': '"',
  '»': '"',
  '″': '"',
  '‘': "'",
  '’': "'",
  '‚': "'",
  '‛': "'",
  '‹': "'",
  '›': "'",
  '′': "'",
  '`': "'",
  '–': '-',
  '—': '-',
  '―': '-',
  '‐': '-',
  '‑': '-',
  '‒': '-',
  '−': '-',
  '…': '...',
};
const FOLD_RE = /[“”„‟«»″‘’‚‛‹›′`–—―‐‑‒−…]/g;

/** Any character outside plain ASCII, or the backtick (the one ASCII character `fold` rewrites). */
const NOT_PLAIN_ASCII_RE = /[^\x00-\x5f\x61-\x7f]/;
const NON_ASCII_RE = /[^\x00-\x7f]/;
const MARKS_RE = /\p{M}+/gu;

/** Lower-case, quote/dash folded, diacritics stripped: the form used for matching. */
export function fold(s: string): string {
  // Fast path (most news text): plain ASCII is only lower-cased; NFKD and mark removal leave it unchanged.
  if (!NOT_PLAIN_ASCII_RE.test(s)) return s.toLowerCase();
  const q = s.replace(FOLD_RE, (c) => QUOTE_DASH_FOLD[c] ?? c);
  if (!NON_ASCII_RE.test(q)) return q.toLowerCase();
  return q.normalize('NFKD').replace(MARKS_RE, '').toLowerCase();
}

// ---------------------------------------------------------------------------------------------------------
// Tokens.

const LETTER_OR_MARK_RE = /[\p{L}\p{M}]/u;

/** `fold` of a string known to be ASCII: only the backtick changes besides case. */
function foldAscii(s: string): string {
  return s === '`' ? "'" : s.toLowerCase();
}

function pushToken(out: Token[], t: string, at: number, ascii: boolean): void {
  const c = t.charCodeAt(t.charCodeAt(0) === 36 /* $ */ ? 1 : 0);
  const c0 = t.charCodeAt(0);
  const kind: Token['kind'] =
    c >= 48 && c <= 57
      ? 'number'
      : (c0 >= 97 && c0 <= 122) || (c0 >= 65 && c0 <= 90)
        ? 'word'
        : c0 < 128
          ? 'punct'
          : LETTER_OR_MARK_RE.test(t[0] ?? '')
            ? 'word'
            : 'punct';
  // Split a possessive "'s" off its word ("Russia’s" -> "Russia" + "’s") so the name matches on its own.
  const n = t.length;
  const sc = n > 3 && kind === 'word' ? t.charCodeAt(n - 1) : 0;
  const ac = sc === 115 || sc === 83 ? t.charCodeAt(n - 2) : 0;
  if (ac === 39 || ac === 0x2019) {
    const w = t.slice(0, n - 2);
    out.push({ text: w, norm: ascii ? foldAscii(w) : fold(w), start: at, end: at + w.length, kind });
    out.push({ text: t.slice(n - 2), norm: "'s", start: at + w.length, end: at + n, kind: 'word' });
  } else {
    out.push({ text: t, norm: ascii ? foldAscii(t) : fold(t), start: at, end: at + n, kind });
  }
}

const isLetter = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
const isDigit = (c: number) => c >= 48 && c <= 57;
const isAlnum = (c: number) => isLetter(c) || isDigit(c);

/**
 * End (exclusive) of the WORD_RE match that starts at `i` on an ASCII character `c` that is not white
 * space, or -1 when the match may involve non-ASCII characters (then WORD_RE itself decides). Mirrors the
 * regular expression's alternatives in order: dotted initials, numbers, words, one punctuation mark.
 */
function asciiTokenEnd(text: string, i: number, c: number): number {
  const n = text.length;
  if (isLetter(c)) {
    // (?:[A-Za-z]\.){2,}(?![A-Za-z])
    let j = i;
    let k = 0;
    while (j + 1 < n && isLetter(text.charCodeAt(j)) && text.charCodeAt(j + 1) === 46) {
      j += 2;
      k++;
    }
    if (k >= 2 && !(j < n && isLetter(text.charCodeAt(j)))) return j;
    // [\p{L}\p{M}][\p{L}\p{M}\p{N}]*(?:['’-][\p{L}\p{M}\p{N}]+)*
    j = i + 1;
    for (;;) {
      while (j < n && isAlnum(text.charCodeAt(j))) j++;
      if (j >= n) return j;
      const d = text.charCodeAt(j);
      if (d >= 128) return -1; // a non-ASCII letter, mark or apostrophe may continue the word
      if (d !== 39 && d !== 45) return j;
      if (j + 1 >= n) return j;
      const e = text.charCodeAt(j + 1);
      if (e >= 128) return -1;
      if (!isAlnum(e)) return j;
      j += 2;
    }
  }
  if (isDigit(c) || (c === 36 && i + 1 < n && isDigit(text.charCodeAt(i + 1)))) {
    // \$?\d[\d,]*(?:\.\d+)?%?
    let j = c === 36 ? i + 2 : i + 1;
    while (j < n && (isDigit(text.charCodeAt(j)) || text.charCodeAt(j) === 44)) j++;
    if (j + 1 < n && text.charCodeAt(j) === 46 && isDigit(text.charCodeAt(j + 1))) {
      j += 2;
      while (j < n && isDigit(text.charCodeAt(j))) j++;
    }
    if (j < n && text.charCodeAt(j) === 37) j++;
    return j;
  }
  return i + 1; // [^\s\p{L}\p{M}\p{N}]: one ASCII punctuation mark or symbol
}

/**
 * Cut text into word, number and punctuation tokens with offsets (plus `offset`) into the text: the matches
 * of WORD_RE, found by a hand-written scanner for ASCII text and by the regular expression elsewhere.
 */
export function tokenize(text: string, offset = 0): Token[] {
  const out: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      if (c === 32 || (c >= 9 && c <= 13)) {
        i++;
        continue;
      }
      const end = asciiTokenEnd(text, i, c);
      if (end >= 0) {
        pushToken(out, text.slice(i, end), i + offset, true);
        i = end;
        continue;
      }
    }
    WORD_RE.lastIndex = i;
    const m = WORD_RE.exec(text);
    if (m === null) break;
    pushToken(out, m[0], m.index + offset, false);
    i = m.index + m[0].length;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Sentences.

export interface SentenceSpan {
  start: number;
  end: number;
  paragraph: number;
}

/** Paragraph spans: blank lines always separate; a single newline does too unless the line ends mid-sentence. */
function paragraphs(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const lines: { start: number; end: number }[] = [];
  let pos = 0;
  for (const line of text.split('\n')) {
    lines.push({ start: pos, end: pos + line.length });
    pos += line.length + 1;
  }
  let cur: { start: number; end: number } | null = null;
  for (const l of lines) {
    const body = text.slice(l.start, l.end);
    if (body.trim() === '') {
      if (cur) out.push(cur);
      cur = null;
      continue;
    }
    if (cur) {
      const prev = text.slice(cur.start, cur.end).trimEnd();
      const next = body.trimStart();
      // A hard-wrapped line: the previous line ends without terminal punctuation and this one starts lower-case.
      const midSentence = /[\p{L}\p{N},;:]$/u.test(prev) && /^[\p{Ll}\p{N}(]/u.test(next);
      if (midSentence) {
        cur.end = l.end;
        continue;
      }
      out.push(cur);
    }
    const lead = body.length - body.trimStart().length;
    cur = { start: l.start + lead, end: l.end };
  }
  if (cur) out.push(cur);
  return out;
}

/** The word (letters and inner dots) that ends just before position `dot` in `text`. */
function wordBefore(text: string, dot: number): string {
  let i = dot;
  while (i > 0 && /[\p{L}\p{M}.]/u.test(text[i - 1] ?? '')) i--;
  return text.slice(i, dot);
}

function nextWord(text: string, from: number): string {
  const m = /^[\s"'“‘«([]*([\p{L}\p{N}][\p{L}\p{N}'’-]*)/u.exec(text.slice(from, from + 60));
  return m?.[1] ?? '';
}

/** Decide whether a terminal at `i` (with closers up to `j`) ends a sentence whose next text starts at `k`. */
function isBoundary(text: string, i: number, k: number, end: number): boolean {
  if (k >= end) return true;
  const ch = text[i];
  const next = text[k] ?? '';
  const nextIsUpper = /[\p{Lu}\p{N}]/u.test(next);
  const nextIsOpener = OPENERS.has(next);
  const nextIsLower = /\p{Ll}/u.test(next);
  if (nextIsLower) return false; // "Why now?" she asked. / "...etc. and" / "p.m. on"
  if (!nextIsUpper && !nextIsOpener && !/[-–—•*]/.test(next)) return false;
  if (ch !== '.') {
    // "Who pays?" Delgado said.  — only when the terminal sits inside a closing quote.
    const closedQuote = k > i + 1 && /["”’']/.test(text.slice(i + 1, k));
    return !(closedQuote && NAME_ATTRIBUTION_RE.test(text.slice(k, k + 80)));
  }
  // A full stop: look at the word it ends.
  const w = wordBefore(text, i);
  const wl = w.toLowerCase();
  // A list number at the start of a line: "1. A 7 percent raise."
  if (w === '' && /(?:^|\n)[ ]*\d{1,2}$/.test(text.slice(Math.max(0, i - 5), i))) return false;
  if (w === '') return true;
  if (/^\p{Lu}$/u.test(w)) {
    // A single capital letter: an initial ("John F. Kennedy"), unless the next word clearly starts a sentence.
    return SENTENCE_STARTERS.has(nextWord(text, k).toLowerCase()) && /^\p{Lu}\p{Ll}/u.test(nextWord(text, k));
  }
  if (NEVER_FINAL.has(wl)) {
    // "Gen. Smith", "Jan. 5", "vs. Spain": never a boundary.
    return false;
  }
  // "No. 2" is an abbreviation; "she said no." is a word.
  if (wl === 'no') return !/\d/.test(next);
  if (MAYBE_FINAL.has(wl) || /^(?:\p{L}\.)+\p{L}$/u.test(w)) {
    const nw = nextWord(text, k);
    const nl = nw.toLowerCase();
    if (nextIsOpener || SENTENCE_STARTERS.has(nl)) return true;
    // "at 2:30 p.m. Reporters were…" splits, "3 p.m. Friday" does not.
    if (TIME_ABBR.has(wl)) return !AFTER_TIME.test(nw);
    // "in the U.S. Trading could…" splits, "the U.S. Senate" does not.
    if (ACRONYMS.has(wl)) {
      if (!/^\p{Lu}\p{Ll}+$/u.test(nw) || AFTER_ACRONYM.has(nl)) return false;
      // "the U.N. Syria envoy" continues; "in the U.S. Trading could start" is a new sentence: decide on the
      // word after next, which for a new sentence is usually an auxiliary or a reporting verb.
      const after =
        /^[\s\p{L}\p{N}'’-]*?\s+([\p{L}'’]+)/u.exec(text.slice(k + nw.length, k + nw.length + 40))?.[1] ?? '';
      return AFTER_SUBJECT.has(after.toLowerCase());
    }
    return false;
  }
  return true;
}

/** Sentence spans (trimmed) over the whole text, never crossing a paragraph break. */
export function segmentSentences(text: string): SentenceSpan[] {
  const out: SentenceSpan[] = [];
  const paras = paragraphs(text);
  paras.forEach((p, paragraph) => {
    let sStart = p.start;
    let i = p.start;
    while (i < p.end) {
      // Jump to the next terminal ("." "?" "!" "…"): nothing else can end a sentence.
      TERMINAL_RE.lastIndex = i;
      const t = TERMINAL_RE.exec(text);
      if (t === null || t.index >= p.end) break;
      i = t.index;
      // Swallow runs of terminals ("?!", "...") and closing quotes/brackets.
      let j = i + 1;
      while (j < p.end && (TERMINALS.has(text[j] ?? '') || CLOSERS.has(text[j] ?? ''))) j++;
      // A terminal glued to the next character ("3.5", "example.com", "U.S.") is not a boundary.
      if (j < p.end && !/\s/.test(text[j] ?? '')) {
        i = j;
        continue;
      }
      let k = j;
      while (k < p.end && /\s/.test(text[k] ?? '')) k++;
      if (isBoundary(text, i, k, p.end)) {
        pushSpan(text, out, sStart, j, paragraph);
        sStart = k;
      }
      i = k;
    }
    pushSpan(text, out, sStart, p.end, paragraph);
  });
  return out;
}

function pushSpan(text: string, out: SentenceSpan[], start: number, end: number, paragraph: number): void {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s] ?? '')) s++;
  while (e > s && /\s/.test(text[e - 1] ?? '')) e--;
  if (e > s) out.push({ start: s, end: e, paragraph });
}

/** A dateline at the very start of a body ("GENEVA (Reuters) - "), as offsets [start, end) including the dash. */
export function findDateline(text: string): { text: string; start: number; end: number } | undefined {
  const m = DATELINE_RE.exec(text.slice(0, 160));
  if (!m) return undefined;
  const place = m[1] ?? '';
  // Require a real upper-case place word (at least 3 capitals in a row) so "A - B" style text is not taken.
  if (!/\p{Lu}{3,}/u.test(place) && !/\p{Lu}{2,}\s*\(/u.test(place)) return undefined;
  return { text: m[0].trimEnd(), start: 0, end: m[0].length };
}

// ---------------------------------------------------------------------------------------------------------
// Articles.

/** Normalise an article: headline, body text, dateline, sentences with tokens. */
export function normaliseArticle(input: { title: string; text: string }): NormalisedArticle {
  const headline = normaliseText(input.title).replace(/\s+/g, ' ');
  const text = normaliseText(input.text);
  const dateline = findDateline(text);
  // Segment with the dateline blanked out (same length, so offsets hold): its abbreviations ("ST. LOUIS, Mo.")
  // must not create sentence breaks.
  const spans = segmentSentences(dateline ? ' '.repeat(dateline.end) + text.slice(dateline.end) : text);
  const sentences: Sentence[] = [];
  for (const sp of spans) {
    let start = sp.start;
    if (dateline && start < dateline.end && sp.end > dateline.end) start = dateline.end;
    const sText = text.slice(start, sp.end);
    sentences.push({
      index: sentences.length,
      text: sText,
      start,
      end: sp.end,
      paragraph: sp.paragraph,
      tokens: tokenize(sText, start),
    });
  }
  return { headline, text, dateline, sentences };
}

/** Content hash input: folded, whitespace-collapsed headline + text, so trivial re-encodings hash the same. */
export function canonicalForHash(title: string, text: string): string {
  return fold(`${title}\n${text}`).replace(/\s+/g, ' ').trim();
}
