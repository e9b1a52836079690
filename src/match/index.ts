/** The match stage: pure decisions on what the store returned (see trace.ts). */
export { quoteProvenance } from './quotes.js';
export { summarise } from './summary.js';
export {
  type Candidate,
  candidateArticles,
  chooseCandidates,
  type Loaded,
  type MatchOptions,
  type Query,
  queryFeatures,
  type SentenceTrace,
  traceSentences,
} from './trace.js';
