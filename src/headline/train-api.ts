/**
 * The headline model's internals that the repository's scripts need (training, the FNC-1 split, development
 * aids): features, the perceptron's forward pass, the model file encoding, the Python-compatible random
 * generator and the text handling the features are built on. Not part of the package's public API
 * (src/index.ts does not re-export it). Training fits the networks with the very forward pass inference
 * runs (_mlp.ts), so the two cannot drift apart.
 */
/** The model's features (all of _features.ts: representations, dense and hashed sparse features). */
export * from './_features.js';
export {
  forward,
  type MlpParams,
  outputLayer,
  preActivation,
  type StageBuffers,
  stageBuffers,
  stanceScores,
} from './_mlp.js';
export { encodeIdf, encodeMlp, type HeadlineModelFile, MODEL_FORMAT, MODEL_VERSION } from './_model.js';
export { PyRandom } from './_pyrandom.js';
export { contentTokens, hash32, splitSentences } from './_text.js';
