/** Loading the headline model: the shipped weights, or a model file given by path. */
import { fileURLToPath } from 'node:url';
import { type HeadlineModel, readModelFile } from './_model.js';

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
