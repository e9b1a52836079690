/**
 * unspun, the library. The root export is the engine, the report types and the errors:
 *
 *   import { createEngine } from 'unspun';
 *   const engine = createEngine({ store: './corpus.db' });
 *   await engine.ingest(['./articles/']);
 *   const report = await engine.check('./suspect.html');
 *   await engine.close();
 *
 * Stages, stores and test helpers are subpath exports: `unspun/stages`, `unspun/store`, `unspun/store/sqlite`,
 * `unspun/testing`. Importing this module loads no database driver, NLP library or HTML parser: the engine loads
 * them on first use.
 */
export { DEFAULTS, type Defaults } from './defaults.js';
export type { AuditFilter, AuditLine, AuditOptions, AuditSummary } from './engine/audit.js';
export type { BatchItem, BatchItemOrigin, BatchOptions, BatchProgress } from './engine/batch.js';
export type { ArticleView, CorpusArticleRef } from './engine/corpus.js';
export {
  createEngine,
  type Engine,
  type EngineCheckOptions,
  type EngineOptions,
} from './engine/engine.js';
export type { IngestOptions, IngestProgress, IngestSummary, Rejection } from './engine/ingest.js';
export type { ArticleRef, Network, NetworkEdge, NetworkOptions, NetworkSite } from './engine/network.js';
export type { ReindexSummary } from './engine/reindex.js';
export { describeError, type ErrorCode, isUnspunError, UnspunError } from './errors.js';
export type * from './report/types.js';
export type {
  ArticleHead,
  ArticleList,
  AuditRecord,
  LearnedPair,
  SiteSummary,
  Store,
  StoreStats,
} from './store/index.js';
export type * from './types.js';
