/** The match stage: pure decisions on what the store returned (see trace.ts). */

export { compareFigures, figureValue, type NumberRelation } from './numbers.js';
export { quoteProvenance } from './quotes.js';
export {
  labelDerivation,
  needsRewriteStage,
  prepareArticle,
  type RelatedArticle,
  type RewriteArticle,
  type RewriteTraceOptions,
  relatedArticles,
  rewriteCandidates,
  siteTemplateLines,
  traceRewrites,
  untracedDocumentSource,
} from './rewrite.js';
export { isSubstantialSource, summarise, type TimeRule } from './summary.js';
export { isLater, timeFilter } from './time.js';
export {
  articleRef,
  type Candidate,
  candidateArticles,
  chooseCandidates,
  type Loaded,
  type MatchOptions,
  type Query,
  queryFeatures,
  type SentenceTrace,
  SourceSentenceCache,
  strongCandidates,
  traceSentences,
  untraced,
} from './trace.js';
