/**
 * Headline check: the stance of an article body towards its headline (FNC-1 classes: agree,
 * disagree, discuss, unrelated) with a probability per class and the body sentences that bear on it.
 * A small perceptron over similarity, cue-word and hashed bag-of-words features; CPU only, no
 * pretrained language model. Weights: models/headline.json (see scripts/train-headline.ts).
 */
import { fileURLToPath } from 'node:url';
import { type HeadlineModel, type HeadlineVerdict, readModelFile } from './_model.js';

export type {
  HeadlineEvidence,
  HeadlineModel,
  HeadlinePair,
  HeadlineVerdict,
  Stance,
} from './_model.js';
export { STANCES } from './_model.js';

/** Path of the shipped weights (the same from src/headline/ and dist/headline/). */
export function defaultHeadlineModelPath(): string {
  return fileURLToPath(new URL('../../models/headline.json', import.meta.url));
}

/** Load a headline model (default: the shipped models/headline.json). Throws UnspunError('MODEL') if missing or corrupt. */
export function loadHeadlineModel(path: string = defaultHeadlineModelPath()): HeadlineModel {
  return readModelFile(path);
}

let shipped: HeadlineModel | undefined;

/** The shipped model, loaded once. */
export function defaultHeadlineModel(): HeadlineModel {
  shipped ??= loadHeadlineModel();
  return shipped;
}

/** Stance of a body, given as its sentences, towards a headline. */
export function checkHeadline(
  headline: string,
  bodySentences: readonly string[],
  model: HeadlineModel = defaultHeadlineModel(),
): HeadlineVerdict {
  return model.predictSentences(headline, bodySentences);
}
