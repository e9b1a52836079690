/**
 * `unspun/stages`: the pipeline stages one by one (normalise, align, entities, quotes, headline, match, ingest
 * readers, report renderers) and the engine's building blocks, for users who compose their own pipeline. Most
 * users want the root export, `createEngine`.
 */

export { type Alignment, alignSentences } from './align/index.js';
export { DEFAULTS } from './defaults.js';
export { type CheckOptions, checkArticle } from './engine/check.js';
export {
  articleKey,
  contentHash,
  type IngestOptions,
  type IngestProgress,
  type IngestSummary,
  ingestArticles,
  ingestPaths,
  prepareArticle,
  type Rejection,
} from './engine/ingest.js';
export { learnFromReport, loadLearnedPairs, trustedPairs } from './engine/learn.js';
export { articleFromContent, loadArticle } from './engine/load.js';
export { type ReindexSummary, reindexStore } from './engine/reindex.js';
export { type Entity, extractEntities, findAliasInconsistencies } from './entities/index.js';
export { describeError, type ErrorCode, isUnspunError, UnspunError } from './errors.js';
export { FINGERPRINT_VERSION, sampleFeatures, sentenceFeatures } from './fingerprint/index.js';
export {
  checkClaims,
  checkHeadline,
  type HeadlineModel,
  type HeadlineVerdict,
  loadHeadlineModel,
  readFncPairs,
  readHeadlinePairsJsonl,
  type Stance,
  scoreHeadlinePairs,
} from './headline/index.js';
export { fetchArticle } from './ingest/fetch.js';
export { cleanUrl, duplicateReason, urlIdentity } from './ingest/identity.js';
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
export { siteIdentity, siteKeyOfHost, siteKeyOfName } from './ingest/site.js';
export * from './match/index.js';
export { fold, normaliseArticle, normaliseText, segmentSentences, tokenize } from './normalise/index.js';
export { extractQuotes, type Quote } from './quotes/index.js';
export * from './report/index.js';
export { findSpinnerSignatures, SPINNER_SIGNATURES } from './selfevidence/index.js';
export { spinText } from './spin/index.js';
export * from './store/index.js';
export { openSqliteStore, SCHEMA_VERSION } from './store/sqlite.js';
export type * from './types.js';
