/**
 * The Store port: everything the pipeline needs from a corpus database. SQLite (embedded, the default) is the
 * first adapter; a server database implements the same interface and passes the same conformance suite
 * (test/store-conformance.test.ts). Methods are async so that network-backed stores fit.
 */
import type { Article, ArticleInput } from '../types.js';

/** An article ready to be stored: its key and hash computed, its sentences and fingerprints attached. */
export interface PreparedArticle {
  key: string;
  hash: string;
  input: ArticleInput;
  sentences: PreparedSentence[];
}

export interface PreparedSentence {
  index: number;
  start: number;
  end: number;
  /** Fingerprints (non-negative safe integers) of the robust feature families of this sentence. */
  fingerprints: number[];
}

export type AddOutcome =
  | { status: 'added'; key: string; seq: number }
  | { status: 'duplicate'; key: string; seq: number };

/** A stored sentence that shares fingerprints with a query sentence. */
export interface CandidateHit {
  sentenceId: number;
  articleSeq: number;
  sentenceIndex: number;
  /** The query fingerprints it shares (indexes into the query list). */
  shared: number[];
}

export interface StoredSentence {
  sentenceId: number;
  articleSeq: number;
  index: number;
  start: number;
  end: number;
}

export interface StoreStats {
  articles: number;
  sentences: number;
  sites: number;
  /** Earliest and latest `published` dates, ISO strings, or null when no article has a date. */
  earliest: string | null;
  latest: string | null;
  /** Bytes used on disk (database and its journal), or null when the store cannot tell. */
  sizeBytes: number | null;
  schemaVersion: number;
  fingerprintVersion: string | null;
  topSites: { site: string; articles: number }[];
}

export interface StoreCapabilities {
  /** Data survives the process (false for in-memory stores). */
  persistent: boolean;
  /** Several processes may write at once. */
  concurrentWriters: boolean;
}

export interface Store {
  readonly kind: string;
  readonly capabilities: StoreCapabilities;
  /** Add a batch atomically: either every new article of the batch is stored or none is. */
  addArticles(batch: PreparedArticle[]): Promise<AddOutcome[]>;
  getArticle(key: string): Promise<Article | null>;
  getArticlesBySeq(seqs: number[]): Promise<Map<number, Article>>;
  /** Find an article whose content hash is `hash` (used to tell that a checked article is itself stored). */
  findByHash(hash: string): Promise<Article | null>;
  /**
   * Sentences sharing fingerprints with the query. Fingerprints held by more than `maxPostings` sentences are
   * too common to discriminate and are ignored (reported in `skipped`).
   */
  findCandidates(
    fingerprints: number[],
    opts: { maxPostings: number },
  ): Promise<{ hits: CandidateHit[]; skipped: number[] }>;
  getSentences(articleSeq: number): Promise<StoredSentence[]>;
  /** All articles in ingest order, in pages (for corpus-wide work such as re-indexing). */
  iterateArticles(pageSize?: number): AsyncIterable<Article>;
  /** Replace the fingerprints of every sentence of the given articles (after a fingerprint algorithm change). */
  replaceFingerprints(items: { seq: number; sentences: PreparedSentence[] }[]): Promise<void>;
  getMeta(key: string): Promise<string | null>;
  setMeta(key: string, value: string): Promise<void>;
  stats(): Promise<StoreStats>;
  close(): Promise<void>;
}

export { openSqliteStore, SCHEMA_VERSION } from './_sqlite.js';
