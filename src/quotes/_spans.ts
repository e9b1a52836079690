/**
 * Quotation spans: every run of text between quote marks, for every quote style in news copy —
 * curly “…”, straight "…", NYT-style ''…'', guillemets «…», low-high „…“, and top-level single quotes
 * ‘…’ / '…' (British style). Single quotes inside a double-quoted span are nested quotes and stay part of
 * it. A quote left open at the end of a paragraph ends there; when the next paragraph opens with a quote
 * mark it is the news convention for a quotation running over several paragraphs (`continued`).
 */

export interface QuoteSpan {
  /** Offset of the opening mark. */
  open: number;
  /** Content offsets (marks excluded, whitespace trimmed). */
  start: number;
  end: number;
  /** Offset just after the closing mark (= paragraph end when unclosed). */
  close: number;
  closed: boolean;
  paragraph: number;
  /** Continues a quotation left open at the end of the previous paragraph. */
  continued: boolean;
  /** Single-quoted at top level. */
  single: boolean;
}

export interface ParagraphSpan {
  start: number;
  end: number;
  index: number;
}

const MAX_SINGLE_LEN = 400;

function isLetter(c: string | undefined): boolean {
  return c !== undefined && /[\p{L}\p{N}]/u.test(c);
}

function isSpaceOrStart(c: string | undefined): boolean {
  return c === undefined || /[\s([{—–-]/.test(c);
}

/** Opening double mark at i: returns its length, or 0. */
function doubleOpenAt(text: string, i: number, pEnd: number): number {
  const c = text[i];
  if (c === '“' || c === '«' || c === '„') return 1;
  if (c === "'" && text[i + 1] === "'" && i + 2 <= pEnd) {
    // NYT '': opening when at a word start.
    return isSpaceOrStart(text[i - 1]) || /[:,]/.test(text[i - 1] ?? '') ? 2 : 0;
  }
  if (c === '"') return 1;
  if (c === '”' && isSpaceOrStart(text[i - 1]) && isLetter(text[i + 1])) return 1; // mis-encoded opener
  return 0;
}

/** Closing double mark at i for an opener `o`: its length, or 0. */
function doubleCloseAt(text: string, i: number, o: string): number {
  const c = text[i];
  if (o === '«') return c === '»' ? 1 : 0;
  if (o === "''") return c === "'" && text[i + 1] === "'" ? 2 : 0;
  if (c === '”' || c === '"') return 1;
  if (c === '“' && o !== '"' && !isSpaceOrStart(text[i - 1]) && !isLetter(text[i + 1])) return 1; // mis-encoded closer
  if (o === '„' && c === '“') return 1;
  return 0;
}

function trimSpan(text: string, s: number, e: number): [number, number] {
  while (s < e && /\s/.test(text[s] ?? '')) s++;
  while (e > s && /\s/.test(text[e - 1] ?? '')) e--;
  return [s, e];
}

/** Find a top-level single-quote closer for an opener at `i`, within the paragraph. */
function singleCloseFrom(text: string, i: number, pEnd: number): number {
  const limit = Math.min(pEnd, i + MAX_SINGLE_LEN);
  for (let k = i + 2; k < limit; k++) {
    const c = text[k];
    if (c !== '’' && c !== "'") continue;
    if (text[k + 1] === "'" || text[k - 1] === "'") continue;
    const before = text[k - 1];
    const after = text[k + 1];
    if (before === undefined || /\s/.test(before)) continue;
    if (isLetter(after)) continue; // apostrophe inside a word: don’t, it’s
    if (
      before === 's' &&
      after === ' ' &&
      /^\s+\p{Ll}/u.test(text.slice(k + 1, k + 4)) &&
      !/[,.!?]/.test(before)
    ) {
      // "voters’ concerns": a plural possessive, unless nothing else closes the quote.
      continue;
    }
    return k;
  }
  return -1;
}

/** All quotation spans, paragraph by paragraph. */
export function findQuoteSpans(text: string, paragraphs: readonly ParagraphSpan[]): QuoteSpan[] {
  const out: QuoteSpan[] = [];
  let openAtEnd = false;
  for (const p of paragraphs) {
    let i = p.start;
    let firstInPara = true;
    const prevOpen = openAtEnd;
    openAtEnd = false;
    while (i < p.end) {
      const n = doubleOpenAt(text, i, p.end);
      if (n > 0) {
        const o = text.slice(i, i + n);
        // A straight " or '' right after a letter (closing style) with nothing open: a stray mark.
        if ((o === '"' || o === "''") && isLetter(text[i - 1]) && !isLetter(text[i + n])) {
          i += n;
          continue;
        }
        let k = i + n;
        let closeLen = 0;
        for (; k < p.end; k++) {
          closeLen = doubleCloseAt(text, k, o);
          if (closeLen > 0) break;
        }
        const closed = closeLen > 0;
        const [s, e] = trimSpan(text, i + n, closed ? k : p.end);
        const continued = firstInPara && prevOpen && text.slice(p.start, i).trim() === '';
        if (e > s)
          out.push({
            open: i,
            start: s,
            end: e,
            close: closed ? k + closeLen : p.end,
            closed,
            paragraph: p.index,
            continued,
            single: false,
          });
        if (!closed) openAtEnd = true;
        firstInPara = false;
        i = closed ? k + closeLen : p.end;
        continue;
      }
      const c = text[i];
      if (
        (c === '‘' || c === "'") &&
        text[i + 1] !== "'" &&
        isSpaceOrStart(text[i - 1]) &&
        isLetter(text[i + 1])
      ) {
        // '90s, 'em: not quotes.
        if (/^['‘](?:\d\d?s?\b|em\b|cause\b|til\b|n\b)/.test(text.slice(i, i + 7))) {
          i++;
          continue;
        }
        const k = singleCloseFrom(text, i, p.end);
        if (k > 0) {
          const [s, e] = trimSpan(text, i + 1, k);
          if (e > s)
            out.push({
              open: i,
              start: s,
              end: e,
              close: k + 1,
              closed: true,
              paragraph: p.index,
              continued: false,
              single: true,
            });
          firstInPara = false;
          i = k + 1;
          continue;
        }
      }
      i++;
    }
  }
  return out;
}
