/** Offsets and counts over the normalised text shared by the quote steps. */
import type { NormalisedArticle } from '../types.js';
import type { ParagraphSpan } from './_spans.js';

const WORD_COUNT_RE = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;

export function countWords(s: string): number {
  return s.match(WORD_COUNT_RE)?.length ?? 0;
}

/** In `items` sorted by `key`: the index of the last one whose key is at most `pos` (-1 if none). */
export function lastAtOrBefore<T>(items: readonly T[], key: (x: T) => number, pos: number): number {
  let lo = 0;
  let hi = items.length - 1;
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (key(items[mid]!) <= pos) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}

/** Index of the sentence holding `offset` (the last one starting at or before it; 0 if none). */
export function sentenceAt(doc: NormalisedArticle, offset: number): number {
  return Math.max(
    0,
    lastAtOrBefore(doc.sentences, (s) => s.start, offset),
  );
}

export function paragraphsOf(doc: NormalisedArticle): ParagraphSpan[] {
  const out: ParagraphSpan[] = [];
  for (const s of doc.sentences) {
    const last = out[out.length - 1];
    if (last && last.index === s.paragraph) last.end = s.end;
    else out.push({ start: s.start, end: s.end, index: s.paragraph });
  }
  return out;
}

export function paraSlice(doc: NormalisedArticle, paragraph: number): string {
  const ss = doc.sentences.filter((s) => s.paragraph === paragraph);
  if (ss.length === 0) return '';
  return doc.text.slice(ss[0]!.start, ss[ss.length - 1]!.end);
}
