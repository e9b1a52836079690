/** unspun, the library: everything the CLI and the HTTP server use. */
export { DEFAULTS } from './defaults.js';
export { type CheckOptions, checkArticle } from './engine/check.js';
export {
  articleKey,
  contentHash,
  type IngestOptions,
  type IngestProgress,
  type IngestSummary,
  ingestPaths,
  prepareArticle,
  type Rejection,
} from './engine/ingest.js';
export { articleFromContent, loadArticle } from './engine/load.js';
export { type ReindexSummary, reindexStore } from './engine/reindex.js';
export { describeError, type ErrorCode, isUnspunError, UnspunError } from './errors.js';
export { FINGERPRINT_VERSION, sampleFeatures, sentenceFeatures } from './fingerprint/index.js';
export { fetchArticle } from './ingest/fetch.js';
export {
  extractHtmlArticle,
  htmlDocumentToArticle,
  type IngestItem,
  normaliseDate,
  planInputs,
  readInputs,
  recordToArticle,
  textDocumentToArticle,
} from './ingest/index.js';
export { fold, normaliseArticle, normaliseText, segmentSentences, tokenize } from './normalise/index.js';
export * from './report/index.js';
export * from './store/index.js';
export type * from './types.js';
