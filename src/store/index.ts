/**
 * The Store port: everything the pipeline needs from a corpus database. SQLite (embedded, the default) is the
 * first adapter; a server database implements the same interface and passes the same conformance suite
 * (test/store-conformance.test.ts). Methods are async so that network-backed stores fit.
 */
import { UnspunError } from '../errors.js';
import type { Article, ArticleInput } from '../types.js';
import type { SentenceTable } from './sentence-table.js';

/** An article ready to be stored: its key and hash computed, its sentences and fingerprints attached. */
export interface PreparedArticle {
  key: string;
  hash: string;
  input: ArticleInput;
  sentences: PreparedSentence[];
  /**
   * `input.text` as `packText` encodes it at rest, when that is a compressed buffer: computed by an ingest worker
   * for a store whose capabilities say `packsText`, so that the writing thread does not deflate. Must be exactly
   * `packText(input.text)`.
   */
  packedText?: Uint8Array;
}

export { packText } from './_text.js';

export interface PreparedSentence {
  index: number;
  start: number;
  end: number;
  /** Fingerprints (non-negative safe integers) of the robust feature families of this sentence. */
  fingerprints: number[];
  /** The sentence's shape (src/fingerprint/shape.ts), counted per site to learn boilerplate. */
  shape?: number;
}

/**
 * What storing an article did: added it; found it already stored (the same key and the same content as one of
 * its versions); or stored it as a new **version** of the article with that key (the same URL or id, another
 * text: an updated report), linked to the version it replaces (`previous`).
 */
export type AddOutcome =
  | { status: 'added'; key: string; seq: number }
  | { status: 'duplicate'; key: string; seq: number }
  | { status: 'version'; key: string; seq: number; version: number; previous: number };

/** One stored version of an article (`Store.versionsOf`). */
export interface ArticleVersion {
  seq: number;
  /** 1 for the first text stored under the key, then 2, 3, ... */
  version: number;
  hash: string;
  /** When this version was stored (ISO time). */
  ingestedAt: string;
  /** The newest version (the one `getArticle` returns). */
  latest: boolean;
}

/** A stored sentence that shares fingerprints with a query sentence. */
export interface CandidateHit {
  sentenceId: number;
  articleSeq: number;
  sentenceIndex: number;
  /** The query fingerprints it shares (indexes into the query list). */
  shared: number[];
}

export { SentenceTable } from './sentence-table.js';

export interface StoredSentence {
  sentenceId: number;
  articleSeq: number;
  index: number;
  start: number;
  end: number;
}

/** How often a sentence shape occurs in the corpus (src/fingerprint/shape.ts). */
export interface ShapeCount {
  /** Articles holding a sentence of the shape, in all. */
  articles: number;
  /** Distinct sites among them (articles without a site count as one). */
  sites: number;
  /** Articles of the one site that holds the shape most often (articles without a site not counted). */
  topSiteArticles: number;
}

export interface LearnedPair {
  original: string;
  spun: string;
  /** Times the pair was recovered, and in how many distinct articles. */
  count: number;
  articles: number;
}

export interface StoreStats {
  /** Articles (each counted once, whatever its number of versions). */
  articles: number;
  /** Earlier versions kept besides the newest ones (texts replaced by a later version of the same article). */
  versions: number;
  /** Articles with more than one version. */
  versionedArticles: number;
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
  /**
   * The fingerprint index, where the store keeps it in segments (the SQLite store): postings held (including
   * those of deleted sentences not yet merged away) and segments a look-up probes.
   */
  index?: { postings: number; segments: number };
}

/** An article's identity and date, without its text (for corpus-wide ordering: the audit). */
export interface ArticleHead {
  seq: number;
  /** The article's key, the same for all its versions. */
  key: string;
  /** Which version this is, set only when the article has several (1 = the first). */
  version?: number;
  /** False on a version that a later one replaced (absent on the newest). */
  latest?: false;
  id?: string;
  url?: string;
  site?: string;
  siteName?: string;
  published?: string;
}

/** One article's audit (src/engine/audit.ts): where its sentences came from among earlier articles. */
export interface AuditRecord {
  seq: number;
  /** Sentences of the article, and how many were traced to an earlier article. */
  sentences: number;
  traced: number;
  /** Characters of the article's sentences (the denominator of a source's text share). */
  characters: number;
  /** Boilerplate sentences (learned furniture, left out of provenance). */
  boilerplate: number;
  /** Content words swapped in the traced sentences, over content words aligned. */
  spinRate: number;
  /** The likely origin (seq), or null. */
  origin: number | null;
  /**
   * The earlier articles its sentences were traced to, with how many sentences and characters each gave, and
   * how many of those sentences are mostly a direct quotation (independent reports quote a speaker verbatim).
   */
  sources: { seq: number; sentences: number; characters: number; quoted: number }[];
}

/** A page of the article list (`Store.listArticles`). */
export interface ArticleListFilter {
  /** Only this site (its key). */
  site?: string;
  /** Only titles containing this text (case-insensitive). */
  q?: string;
  limit: number;
  offset: number;
}

export interface ArticleList {
  /** Articles matching the filter, in all. */
  total: number;
  /** This page: newest first (undated last), then latest ingested first. */
  items: (ArticleHead & { title: string })[];
}

/** A site of the corpus with its article count and date range. */
export interface SiteSummary {
  site: string;
  name: string | null;
  articles: number;
  earliest: string | null;
  latest: string | null;
}

export interface StoreCapabilities {
  /** Data survives the process (false for in-memory stores). */
  persistent: boolean;
  /** Several processes may write at once. */
  concurrentWriters: boolean;
  /** Article text is kept as `packText` encodes it: ingest workers then compress it (`PreparedArticle.packedText`)
   * off the thread that writes the store. */
  packsText?: boolean;
}

export interface Store {
  readonly kind: string;
  readonly capabilities: StoreCapabilities;
  /**
   * Add a batch atomically: either every new article of the batch is stored or none is. An article whose key is
   * stored with another text becomes a new version of it; with the text of one of its versions, a duplicate.
   */
  addArticles(batch: PreparedArticle[]): Promise<AddOutcome[]>;
  /** The article with this key: its newest version. */
  getArticle(key: string): Promise<Article | null>;
  /** Every stored version of the article with this key, oldest first (empty when there is none). */
  versionsOf(key: string): Promise<ArticleVersion[]>;
  getArticlesBySeq(seqs: number[]): Promise<Map<number, Article>>;
  /** Find an article whose content hash is `hash` (used to tell that a checked article is itself stored). */
  findByHash(hash: string): Promise<Article | null>;
  /**
   * Sentences sharing fingerprints with the query. Fingerprints held by more than `maxPostings` sentences are
   * too common to discriminate and are ignored (reported in `skipped`).
   */
  findCandidates(
    fingerprints: number[],
    opts: {
      maxPostings: number;
      /** Locate sentences here instead of in the store (see `sentenceTable`); sentences it lacks are left out. */
      table?: SentenceTable;
      /** Only sentences of the articles this accepts become hits (the audit leaves out articles after the one it
       * traces). Every posting still counts towards `maxPostings`, so what is skipped does not depend on it. */
      keep?: (articleSeq: number) => boolean;
      /** With `table`: no sentence above this id is kept, and postings above it are not even read (the table's
       * common fingerprints, taken when it was made, then decide what is over `maxPostings`). */
      maxSentenceId?: number;
    },
  ): Promise<{ hits: CandidateHit[]; skipped: number[] }>;
  /**
   * Where every stored sentence is, loaded at once, and which fingerprints are held by more than `maxPostings`
   * sentences (for scans over the whole corpus: the audit).
   */
  sentenceTable(opts: {
    maxPostings: number;
    /** Also hold the postings in memory (`SentenceTable.postingsView`: the audit counts hits there, without
     * queries), when the store has at most this many sentences (the caller's memory budget); a store that cannot,
     * or has more, leaves them out (`SentenceTable.hasPostings`). `findCandidates` reads the store either way. */
    postingsUpToSentences?: number;
  }): Promise<SentenceTable>;
  /** Fingerprints held by more than `maxPostings` sentences (ignored by look-ups), in ascending order. */
  commonFingerprints(maxPostings: number): Promise<number[]>;
  /** The articles holding a sentence with any of these fingerprints, in seq order. */
  articlesWithFingerprints(fingerprints: number[]): Promise<number[]>;
  getSentences(articleSeq: number): Promise<StoredSentence[]>;
  /** The sentences of several articles in one call (one look-up per checked article, not one per source). */
  getSentencesOf(articleSeqs: number[]): Promise<Map<number, StoredSentence[]>>;
  /** All articles in ingest order, in pages (for corpus-wide work such as re-indexing). */
  iterateArticles(pageSize?: number): AsyncIterable<Article>;
  /** Replace the fingerprints of every sentence of the given articles (after a fingerprint algorithm change). */
  replaceFingerprints(items: { seq: number; sentences: PreparedSentence[] }[]): Promise<void>;
  /**
   * Record the spinner substitutions recovered from one article (`article` is its stable identity), in one
   * transaction. Learning the same article again replaces what it contributed before: pairs count distinct
   * articles, never check runs. Returns how many pairs were new to the table.
   */
  learnPairs(article: string, pairs: { original: string; spun: string; count: number }[]): Promise<number>;
  /** Every learned pair with its total count and the number of distinct articles it was recovered from. */
  learnedPairs(): Promise<LearnedPair[]>;
  /**
   * How often each sentence shape occurs (boilerplate learning); null when the store has not counted the shapes
   * of every article (a store migrated from an older schema: `unspun reindex` counts them).
   */
  shapeCounts(shapes: number[]): Promise<Map<number, ShapeCount> | null>;
  /** Forget every shape count (before a reindex recounts them); counts are unusable until marked complete. */
  clearShapes(): Promise<void>;
  /** Every stored article's shapes are counted (after a reindex): `shapeCounts` answers again. */
  markShapesComplete(): Promise<void>;
  /**
   * Merge the fingerprint index into one segment, where the store keeps it in segments (SQLite): a look-up then
   * probes it once per fingerprint instead of once per segment. Answers do not change. Absent on stores whose
   * index is one table.
   */
  compactIndex?(): Promise<{ segmentsBefore: number; segmentsAfter: number; postings: number }>;
  /** How many distinct lines the boilerplate rule marks, or null when shapes are not counted. */
  boilerplateShapes(rule: {
    minSiteArticles: number;
    minArticles: number;
    minSites: number;
  }): Promise<number | null>;
  /**
   * The counts of every shape that the rule makes boilerplate (null until the shapes are counted): loaded once
   * by a scan over the corpus, instead of a look-up per article.
   */
  boilerplateShapeCounts(rule: {
    minSiteArticles: number;
    minArticles: number;
    minSites: number;
  }): Promise<Map<number, ShapeCount> | null>;
  /** Every article's identity and date (no text), in pages of ingest order. */
  iterateHeads(pageSize?: number): AsyncIterable<ArticleHead>;
  /** The highest article seq stored (0 when empty). */
  maxSeq(): Promise<number>;
  /** The seqs of the articles that have an audit. */
  auditedSeqs(): Promise<Set<number>>;
  /**
   * Store audits in one transaction, replacing any earlier audit of the same articles, and drop the audits of
   * `stale` (articles to be audited again). Foreign seqs are refused with a STORE error.
   */
  saveAudits(records: AuditRecord[], stale?: number[]): Promise<void>;
  /** Forget audits: of the given articles, or all of them. */
  dropAudits(seqs: number[] | 'all'): Promise<void>;
  /** Every stored audit, in seq order, in pages. */
  iterateAudits(pageSize?: number): AsyncIterable<AuditRecord>;
  /** The stored audits of these articles (those without one are absent from the map). */
  getAudits(seqs: number[]): Promise<Map<number, AuditRecord>>;
  /** A page of articles (newest versions only), newest first, filtered by site and title text. */
  listArticles(filter: ArticleListFilter): Promise<ArticleList>;
  /** Every site with its article count and date range, most articles first (articles without a site left out). */
  listSites(): Promise<SiteSummary[]>;
  /** The audits of articles that took sentences from `seq` (its copiers), as (copier seq, sentences). */
  copiersOf(seq: number): Promise<{ seq: number; sentences: number }[]>;
  getMeta(key: string): Promise<string | null>;
  /** The metadata keys that start with `prefix`, in order. */
  metaKeys(prefix: string): Promise<string[]>;
  setMeta(key: string, value: string): Promise<void>;
  stats(): Promise<StoreStats>;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** Refuse to create a new store: it must exist (commands that only read). */
  mustExist?: boolean;
  /** Open read-only. */
  readonly?: boolean;
  /** SQLite: the connection's page cache, MB (default DEFAULTS.sqliteCacheMb, read-only
   * DEFAULTS.sqliteReadCacheMb); ignored by PostgreSQL. */
  cacheMb?: number;
}

/**
 * Open the store at `location`, choosing the backend from it: a file path (`./corpus.db`), `sqlite:PATH`,
 * `:memory:`, or a PostgreSQL URL (`postgres://user:password@host:port/database`, `postgresql://…`). The
 * backend's code (and its driver) is loaded only when a store of its kind is opened.
 */
export async function openStore(location: string, opts: OpenStoreOptions = {}): Promise<Store> {
  const loc = location.trim();
  if (loc === '') throw new UnspunError('USAGE', 'no store location given');
  if (/^postgres(?:ql)?:\/\//i.test(loc)) {
    const { openPostgresStore } = await import('./_postgres.js');
    return withStoreErrors(await openPostgresStore(loc, opts), redact(loc));
  }
  const scheme = /^([a-z][a-z0-9+.-]*):(?!\\)/i.exec(loc);
  let path = loc;
  if (scheme && scheme[1]!.length > 1) {
    if (scheme[1]!.toLowerCase() !== 'sqlite') {
      throw new UnspunError(
        'USAGE',
        `unknown store location "${redact(loc)}": give a file path, sqlite:PATH or :memory:`,
      );
    }
    path = loc.slice(scheme[0].length).replace(/^\/\//, '') || ':memory:';
  }
  const { openSqliteStore } = await import('./_sqlite.js');
  return withStoreErrors(openSqliteStore(path, opts), path);
}

/**
 * A location with every password removed, for messages: the password of the user part (also when it holds an
 * "@" or the user part is empty) and `password` / `sslpassword` query parameters.
 */
export function redactLocation(loc: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(loc)) return loc;
  try {
    const u = new URL(loc);
    if (u.password) u.password = '***';
    for (const k of [...u.searchParams.keys()]) if (/password/i.test(k)) u.searchParams.set(k, '***');
    return u.href.replace(/%2A%2A%2A/g, '***');
  } catch {
    // Not a URL the parser accepts: cut everything between "//" and the last "@" but the user name.
    return loc.replace(/\/\/([^:/@]*):[^/]*@/, '//$1:***@').replace(/(password=)[^&]*/gi, '$1***');
  }
}
const redact = redactLocation;

/**
 * The store with every failure of its backend (a driver error, a full disk, a lock) turned into an UnspunError
 * with code STORE, the store's name and the backend's message, and the original error as its cause. Errors that
 * already are UnspunErrors pass unchanged.
 */
export function withStoreErrors(store: Store, name: string): Store {
  const wrap = (e: unknown): never => {
    if (e instanceof UnspunError) throw e;
    const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new UnspunError('STORE', `store ${name}: ${msg}`, { cause: e, subject: name });
  };
  return new Proxy(store, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (typeof v !== 'function') return v;
      if (prop === 'iterateArticles' || prop === 'iterateHeads' || prop === 'iterateAudits') {
        return async function* (this: unknown, ...args: unknown[]) {
          try {
            yield* (v as (...a: unknown[]) => AsyncIterable<unknown>).apply(target, args);
          } catch (e) {
            wrap(e);
          }
        };
      }
      return (...args: unknown[]) => {
        try {
          const r = (v as (...a: unknown[]) => unknown).apply(target, args);
          return r instanceof Promise ? r.catch(wrap) : r;
        } catch (e) {
          return wrap(e);
        }
      };
    },
  });
}

/**
 * The sharded PostgreSQL layout (src/store/_postgres-sharded.ts): create it on a coordinator and its shards,
 * see where each partition is, move a partition to another server. The store opened on the coordinator with
 * `openStore('postgres://…')` is used as any other; nothing else changes.
 */
export async function initShardedStore(o: {
  coordinator: string;
  shards: string[];
  partitions: number;
}): Promise<void> {
  const [{ initSharded }, { PG_SCHEMA_VERSION }] = await Promise.all([
    import('./_postgres-sharded.js'),
    import('./_postgres.js'),
  ]);
  await initSharded(o, PG_SCHEMA_VERSION);
}

export async function shardStatus(coordinator: string) {
  const { shardStatus } = await import('./_postgres-sharded.js');
  return shardStatus(coordinator);
}

export async function moveShardPartition(coordinator: string, partition: number, to: string) {
  const { moveShardPartition } = await import('./_postgres-sharded.js');
  return moveShardPartition(coordinator, partition, to);
}
