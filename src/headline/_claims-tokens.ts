/** Tokens of the headline claim checks: words, numbers, signs and clause numbers; lemmas (cached). */
import { lemmatize } from '../lexicon/index.js';
import { fold } from '../normalise/index.js';
import { claimWords } from './_claims-words.js';

export interface Tok {
  /** Surface text. */
  text: string;
  /** Folded (lower case, no diacritics, "n't" -> "not"). */
  norm: string;
  start: number;
  end: number;
  kind: 'w' | 'n' | 's' | 'p';
  /** Clause number within the sentence. */
  clause: number;
}

/** Words (Latin letters; other scripts are left out), numbers, currency and percent signs, clause punctuation. */
const TOKEN_RE =
  /[A-Za-z\u00c0-\u024f]+(?:['\u2019][A-Za-z\u00c0-\u024f]+)*|\d+(?:[.,]\d+)*|[%$\u20ac\u00a3\u00a5]|[,;:()!?"\u201c\u201d\u2013\u2014-]/g;
const SYMBOLS = '%$\u20ac\u00a3\u00a5';
const PUNCT = ',;:()!?"\u201c\u201d\u2013\u2014-';
/** Punctuation that ends a clause (all of PUNCT but the hyphen). */
const CLAUSE_PUNCT = new Set(',;:()\u2013\u2014"\u201c\u201d!?');

export function tokenize(text: string, headline = false): Tok[] {
  const { clauseWords, headClauseWords } = claimWords();
  const out: Tok[] = [];
  let clause = 0;
  const re = new RegExp(TOKEN_RE.source, 'g');
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const t = m[0];
    const start = m.index;
    const c = t.charCodeAt(0);
    if (c >= 48 && c <= 57) {
      out.push({ text: t, norm: t, start, end: start + t.length, kind: 'n', clause });
      continue;
    }
    if (t.length === 1 && SYMBOLS.includes(t)) {
      out.push({ text: t, norm: t, start, end: start + t.length, kind: 's', clause });
      continue;
    }
    if (t.length === 1 && PUNCT.includes(t)) {
      // A hyphen between two numbers is a range, not a clause break.
      if (t === '-' || t === '\u2013')
        out.push({ text: t, norm: '-', start, end: start + 1, kind: 'p', clause });
      else if (CLAUSE_PUNCT.has(t)) clause++;
      continue;
    }
    // Folded: lower case, no diacritics, curly apostrophe straight.
    let norm = fold(t);
    if (norm.includes("'")) {
      if (norm.endsWith("n't")) norm = norm === "can't" ? 'cannot' : 'not';
      else norm = norm.replace(/'s$/, '').replace(/'/g, '');
    }
    if (clauseWords.has(norm) || (headline && headClauseWords.has(norm))) clause++;
    out.push({ text: t, norm, start, end: start + t.length, kind: 'w', clause });
  }
  return out;
}

const lemmaCache = new Map<string, string>();
export function lemma(norm: string): string {
  let l = lemmaCache.get(norm);
  if (l === undefined) {
    l = /^[a-z]+$/.test(norm) ? lemmatize(norm) : norm;
    if (lemmaCache.size > 50_000) lemmaCache.clear();
    lemmaCache.set(norm, l);
  }
  return l;
}

export const isContent = (t: Tok): boolean =>
  t.kind === 'w' && t.norm.length > 1 && !claimWords().stop.has(t.norm);

/** Surface text from token i to token j (inclusive) of a text. */
export const span = (text: string, toks: readonly Tok[], i: number, j: number): string =>
  text.slice(toks[i]!.start, toks[j]!.end);

/** Whether two sets share an element. */
export const meets = (a: ReadonlySet<string>, b: ReadonlySet<string>): boolean => {
  for (const x of a) if (b.has(x)) return true;
  return false;
};
