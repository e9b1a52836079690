/**
 * Predicates of the opposite-predicate table (data/headline-opposites.tsv) in a tokenised sentence, with
 * whether each is negated, hypothetical or used as a noun.
 */
import { NUMBER_WORDS } from './_claims-numbers.js';
import { lemma, type Tok } from './_claims-tokens.js';
import { claimWords, type Entry } from './_claims-words.js';

export interface Mention {
  entry: Entry;
  /** Token range [i, j]. */
  i: number;
  j: number;
  clause: number;
  negated: boolean;
  hypothetical: boolean;
  /** Used as a noun ("the cut", "further hikes"). */
  nominal: boolean;
}

function matchWord(t: Tok | undefined, w: string, particles: ReadonlySet<string>): boolean {
  if (t === undefined || t.kind !== 'w') return false;
  return t.norm === w || (!particles.has(w) && lemma(t.norm) === w);
}

/** The table's predicates in a sentence, in token order. */
export function mentionsIn(toks: readonly Tok[]): Mention[] {
  const W = claimWords();
  const table = W.entries;
  const out: Mention[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.kind !== 'w') continue;
    const entries = table.get(lemma(t.norm));
    if (entries === undefined) continue;
    for (const entry of entries) {
      const j = matchRest(toks, i, entry.words, W.particles);
      if (j < 0) continue;
      if (entry.words.length === 1 && W.notPredicate.get(entry.words[0]!)?.includes(toks[i + 1]?.norm ?? ''))
        continue;
      out.push({
        entry,
        i,
        j,
        clause: t.clause,
        negated: negatedAt(toks, i, W.negations),
        hypothetical: hypotheticalAt(toks, i),
        nominal: W.determiners.has(toks[i - 1]?.norm ?? ''),
      });
    }
  }
  return out;
}

/** Index of the last token of a multi-word entry starting at token i, or -1. */
function matchRest(
  toks: readonly Tok[],
  i: number,
  words: readonly string[],
  particles: ReadonlySet<string>,
): number {
  let k = i;
  for (let w = 1; w < words.length; w++) {
    const want = words[w]!;
    if (want === '*') {
      const next = words[w + 1]!;
      let found = -1;
      for (let g = k + 1; g <= k + 6 && g < toks.length; g++) {
        if (toks[g]!.clause !== toks[i]!.clause) break;
        if (matchWord(toks[g], next, particles)) {
          found = g;
          break;
        }
      }
      if (found < 0) return -1;
      k = found;
      w++;
      continue;
    }
    const t = toks[k + 1];
    if (!matchWord(t, want, particles) || t!.clause !== toks[i]!.clause) return -1;
    k++;
  }
  return k;
}

/** A negation in the three words before token i of its clause ("did not cut", "has never won"). */
function negatedAt(toks: readonly Tok[], i: number, negations: ReadonlySet<string>): boolean {
  for (let k = i - 1; k >= 0 && k >= i - 3; k--) {
    const t = toks[k]!;
    if (t.clause !== toks[i]!.clause) break;
    if (negations.has(t.norm)) return true;
  }
  return false;
}

/** A modal or a hedge ("expected to", "could") in the four words before token i of its clause. */
export function hypotheticalAt(toks: readonly Tok[], i: number): boolean {
  const W = claimWords();
  let k = i - 1;
  for (; k >= 0 && toks[k]!.clause === toks[i]!.clause; k--) {
    const t = toks[k]!;
    if (k < i - 4) continue;
    if (W.modals.has(t.norm)) return true;
    if (t.norm === 'to' && W.hedgeBeforeTo.has(toks[k - 1]?.norm ?? '')) return true;
  }
  // A conditional clause: "when the violence stops", "if talks fail", "until the strike ends".
  return W.conditional.has(toks[k + 1]?.norm ?? '');
}

/** A percentage, or "to"/"by" and a figure, within four words after token j ("fall 3 %", "rise to 5.2"). */
export function figureAfter(ht: readonly Tok[], j: number): boolean {
  for (let k = j + 1; k <= j + 4 && k < ht.length; k++) {
    const t = ht[k]!;
    if (t.clause !== ht[j]!.clause) return false;
    if (t.kind !== 'n' && !NUMBER_WORDS.has(t.norm)) continue;
    const next = ht[k + 1]?.norm ?? '';
    const prev = ht[k - 1]?.norm ?? '';
    return (
      next === '%' ||
      next === 'percent' ||
      next === 'per' ||
      next === 'points' ||
      prev === 'to' ||
      prev === 'by'
    );
  }
  return false;
}
