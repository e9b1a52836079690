/** The body side of the headline claim checks: each sentence analysed once (cached per body). */
import { type Figure, figuresIn } from './_claims-numbers.js';
import { type Mention, mentionsIn } from './_claims-predicates.js';
import { isContent, lemma, type Tok, tokenize } from './_claims-tokens.js';
import { thing } from './_claims-words.js';

export interface SentenceInfo {
  toks: Tok[];
  mentions: Mention[];
  figures: Figure[];
  /** Lemmas (as same-thing keys) of the content words, per clause and for the whole sentence. */
  words: Set<string>;
}

const bodyCache = new WeakMap<readonly string[], SentenceInfo[]>();

export function analyse(sentences: readonly string[]): SentenceInfo[] {
  let b = bodyCache.get(sentences);
  if (b === undefined) {
    b = sentences.map((s) => {
      const toks = tokenize(s);
      const words = new Set<string>();
      for (const t of toks) if (isContent(t)) words.add(thing(lemma(t.norm)));
      return { toks, mentions: mentionsIn(toks), figures: figuresIn(toks), words };
    });
    bodyCache.set(sentences, b);
  }
  return b;
}

/** Same-thing keys of the content words of one clause of a sentence (tokens from..to-1). */
export function clauseWords(
  info: SentenceInfo,
  clause: number,
  from = 0,
  to = Number.MAX_SAFE_INTEGER,
): Set<string> {
  const s = new Set<string>();
  for (let k = from; k < Math.min(to, info.toks.length); k++) {
    const t = info.toks[k]!;
    if (t.clause === clause && isContent(t)) s.add(thing(lemma(t.norm)));
  }
  return s;
}

/** How many lead sentences count as central. */
const CENTRAL = 3;

/** The central body sentences: the lead, and the one most similar to the headline. */
export function centralSentences(n: number, sims: ArrayLike<number> | undefined): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i < Math.min(CENTRAL, n); i++) out.add(i);
  if (sims) {
    let m = 0;
    let top = -1;
    for (let i = 0; i < Math.min(n, sims.length); i++) if ((sims[i] ?? 0) > m) [m, top] = [sims[i] ?? 0, i];
    if (top >= 0) out.add(top);
  }
  return out;
}

/** Words in curly quotes, for claim messages. */
export const quoted = (s: string): string => `\u201c${s}\u201d`;
