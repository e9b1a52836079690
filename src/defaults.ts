/** Every tunable of unspun, with its documented default. Change them here, not at the call sites. */
export const DEFAULTS = {
  /** Default store path when neither --db nor UNSPUN_DB is given. */
  dbPath: './unspun.db',
  /** Articles per store transaction during ingest. Large on purpose: each commit rewrites the postings pages
   * it touched, which are spread over the whole index, so fewer, bigger commits are much faster (BENCHMARKS.md). */
  ingestBatch: 5000,
  /** Largest single document (HTML/text file or fetched page) accepted, in bytes. */
  maxDocumentBytes: 50 * 1024 * 1024,
  /** Pages larger than this (characters) skip Readability, whose cost grows faster than linearly, for the
   * linear structural extractor (article/main/body minus navigation, sidebars and other page furniture). */
  readabilityMaxChars: 4_000_000,
  /** Fetch: time limit and size limit for `unspun check URL`. */
  fetchTimeoutMs: 15_000,
  fetchMaxBytes: 10 * 1024 * 1024,
  /** Fingerprints kept per stored sentence (bottom-k sample over all feature families). */
  fingerprintsPerSentence: 12,
  /** A fingerprint shared by more stored sentences than this is too common to retrieve with. */
  maxPostings: 150,
  /** Candidate sentences aligned per query sentence. */
  candidatesPerSentence: 12,
  /** Alignment similarity at or above which a corpus sentence is reported as a source. */
  sourceThreshold: 0.6,
  /** A sentence is only attributed when at least this many of its words are explained by the source. */
  minExplainedWords: 4,
} as const;

export type Defaults = typeof DEFAULTS;
