/**
 * Headline claim checks: concrete conflicts between what a headline claims and what its body says, beside
 * the stance model (they change no stance or score; they feed the plain-language `verdict`).
 *
 *  - number: a figure in the headline ("death toll passes 100", "shares rise 3 %") that the body gives
 *    differently for the same quantity (same casualty class, or the same noun/unit near it), with no body
 *    figure matching it (approximations, "more than", "at least" and ranges allowed). A figure the body
 *    simply does not give is not reported.
 *  - antonym: the headline's predicate ("hikes", "accept", "ends") against the opposite predicate in a body
 *    clause about the same subject ("slashed", "rejected", "will run ... longer"), when no body sentence
 *    about that subject uses the headline's predicate (or one of its synonyms). A curated table of news
 *    predicates (data/headline-opposites.tsv); words are matched by lemma (src/lexicon).
 *  - outcome: the headline claims an achievement (deal, agreement, breakthrough, clarity, win) while a
 *    central body sentence reports that it failed or did not happen ("failed to reach", "concluded without
 *    agreement"; found by the scoped rules of _evidence.ts), or the headline reports a failure
 *    ("evacuation collapses") of something the body says went ahead.
 *
 * Every check is conservative: it needs a body sentence that says something else about the same thing.
 *
 * Parts: _claims-tokens.ts (tokens, lemmas), _claims-words.ts (word tables, read lazily from
 * data/headline-claim-words.tsv and data/headline-opposites.tsv), _claims-numbers.ts (figures),
 * _claims-predicates.ts (predicates of the opposites table), _claims-body.ts (body sentences analysed once),
 * one file per check (_claims-number-check.ts, _claims-opposite-check.ts, _claims-outcome-check.ts) and the
 * verdict policy (_claims-verdict.ts). This file is the entry: the types and checkClaims.
 */
import { analyse } from './_claims-body.js';
import { numberClaims } from './_claims-number-check.js';
import { antonymClaims } from './_claims-opposite-check.js';
import { outcomeClaims } from './_claims-outcome-check.js';
import { tokenize } from './_claims-tokens.js';
import type { ContradictionKind } from './_evidence.js';

export { decideVerdict, type PlainVerdict, withClaimEvidence } from './_claims-verdict.js';

export type ClaimKind = 'number' | 'antonym' | 'outcome' | 'missing-entity';

/** A headline claim the body conflicts with. */
export interface HeadlineClaim {
  kind: ClaimKind;
  /** The headline words checked ("death toll passes 100", "hikes"). */
  headline: string;
  /** The body words in conflict ("At least 23 people have perished", "slashed"); null when the body lacks it. */
  body: string | null;
  /** Index (0-based) of the body sentence holding `body`, or null. */
  sentenceIndex: number | null;
  /** One plain sentence for people. */
  message: string;
}

/** What the stance model's evidence rules already found (see _evidence.ts); optional. */
export interface ClaimContext {
  /** Body sentences that deny or report the failure of something the headline claims, strongest first. */
  contradictions?: readonly { index: number; kind: ContradictionKind; clash: boolean }[];
  /** Similarity of each body sentence to the headline (0..1). */
  sims?: ArrayLike<number>;
}

/**
 * Claims of a headline that its body (given as sentences) conflicts with: numbers, opposite predicates,
 * denied outcomes. Empty when nothing conflicts. `ctx` passes what the stance model's evidence rules found
 * (needed for the outcome check; without it only numbers and predicates are checked).
 */
export function checkClaims(
  headline: string,
  sentences: readonly string[],
  ctx: ClaimContext = {},
): HeadlineClaim[] {
  const ht = tokenize(headline, true);
  if (ht.length === 0 || sentences.length === 0) return [];
  const body = analyse(sentences);
  const out = [
    ...numberClaims(headline, ht, body, sentences, ctx.sims),
    ...antonymClaims(headline, ht, body, sentences),
  ];
  // One outcome claim is enough: a predicate check that already found the failure says it better.
  if (!out.some((c) => c.kind === 'outcome')) out.push(...outcomeClaims(headline, ht, body, sentences, ctx));
  return out.sort((a, b) => (a.sentenceIndex ?? 1e9) - (b.sentenceIndex ?? 1e9));
}
