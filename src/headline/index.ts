/**
 * Headline check: the stance of an article body towards its headline (FNC-1 classes: agree,
 * disagree, discuss, unrelated) with a probability per class and the body sentences that bear on it.
 * A small perceptron over similarity, cue-word and hashed bag-of-words features; CPU only, no
 * pretrained language model. Weights: models/headline.json (see scripts/train-headline.ts).
 * Evidence sentences are chosen by scoped rules (src/headline/_evidence.ts); batch scoring of many
 * pairs (JSONL, FNC-1 CSV) is in src/headline/batch.ts.
 */
import { defaultHeadlineModel } from './_load.js';
import type { HeadlineModel, HeadlineVerdict } from './_model.js';

export { type ClaimContext, checkClaims, decideVerdict } from './_claims.js';
export type { ContradictionKind } from './_evidence.js';
export { defaultHeadlineModel, defaultHeadlineModelPath, loadHeadlineModel } from './_load.js';
export type {
  BatchOptions,
  BodyCache,
  ClaimKind,
  HeadlineClaim,
  HeadlineEvidence,
  HeadlineModel,
  HeadlinePair,
  HeadlineVerdict,
  PlainVerdict,
  Stance,
} from './_model.js';
export { STANCES } from './_model.js';
export {
  type BatchItem,
  type BatchPair,
  type BatchResult,
  readFncPairs,
  readHeadlinePairsJsonl,
  recordToPair,
  type ScoreOptions,
  scoreHeadlinePairs,
} from './batch.js';

/** Stance of a body, given as its sentences, towards a headline. */
export function checkHeadline(
  headline: string,
  bodySentences: readonly string[],
  model: HeadlineModel = defaultHeadlineModel(),
): HeadlineVerdict {
  return model.predictSentences(headline, bodySentences);
}
