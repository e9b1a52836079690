/**
 * The engine: one object that owns a store, the headline model and the caches for the life of a process, with
 * the operations every shell (the CLI, the HTTP server, the benchmarks, a library user) calls. Everything heavy
 * (the store's driver, the pipeline stages, word lists and models) is loaded on first use, not when this module
 * is imported, so `unspun --help` and a library import stay fast.
 */
import { DEFAULTS } from '../defaults.js';
import { UnspunError } from '../errors.js';
import type { HeadlineModel } from '../headline/index.js';
import type { Report } from '../report/types.js';
import type { ArticleList, SiteSummary, Store, StoreStats } from '../store/index.js';
import type { ArticleInput } from '../types.js';
import type { AuditFilter, AuditLine, AuditOptions, AuditSummary } from './audit.js';
import type { BatchItem, BatchOptions } from './batch.js';
import type { ArticleView } from './corpus.js';
import type { IngestOptions, IngestSummary } from './ingest.js';
import type { MigrateOptions, MigrateSummary } from './migrate.js';
import type { Network, NetworkOptions } from './network.js';
import type { ReindexSummary } from './reindex.js';
import type { WatchFeed, WatchOptions, WatchSummary } from './watch.js';

export interface EngineOptions {
  /**
   * The corpus: a Store, or where to open one (a file path, `sqlite:PATH`, `:memory:`); null or absent for an
   * engine without a corpus (checks that need none). A store passed in is closed by `close()` unless
   * `ownStore` is false.
   */
  store?: Store | string | null;
  /** With a location: refuse to create a store that does not exist yet (for work that only reads). */
  mustExist?: boolean;
  /** With a location: open the store read-only. */
  readonly?: boolean;
  /** With a SQLite location: the connection's page cache, MB (default DEFAULTS.sqliteCacheMb, or
   * DEFAULTS.sqliteReadCacheMb when read-only). */
  cacheMb?: number;
  /** Close a Store passed in `store` when the engine closes (default true). */
  ownStore?: boolean;
  /** The headline model: loaded weights, or a path to a weights file; default the shipped model. */
  headlineModel?: HeadlineModel | string;
}

export interface EngineCheckOptions {
  /** Trace against the corpus (default true when the engine has one). */
  corpus?: boolean;
  /** Run the headline check (default true). */
  headline?: boolean;
  /** Add the recovered substitutions to the store's learned pairs (needs a writable corpus). */
  learn?: boolean;
  /** Reading standard input, when `article` is "-". */
  readStdin?: () => Promise<string>;
  /** For an http(s) URL: fetch limits, and `allowLoopback` for local testing. */
  fetch?: import('../ingest/fetch.js').FetchOptions;
  /** Wall-clock budget for reading, extracting and analysing the article, in ms (default
   * DEFAULTS.limits.articleBudgetMs); past it the check fails with TIMEOUT. */
  budgetMs?: number;
  /** What not to count as provenance: quotations, short matches, sites, sources after a date, boilerplate. */
  exclude?: import('./check.js').Exclusions;
}

export interface Engine {
  /** Where the engine's store is, as given (null without a corpus, "(store)" for a Store object). */
  readonly location: string | null;
  /** The store, opened on first use. Throws USAGE when the engine has no corpus. */
  store(): Promise<Store>;
  /**
   * Add articles to the corpus: paths (files, directories, "-" for JSONL on `opts.stdin`) or article objects
   * (any iterable or async iterable of ArticleInput).
   */
  ingest(
    input: string[] | Iterable<ArticleInput> | AsyncIterable<ArticleInput>,
    opts?: IngestOptions,
  ): Promise<IngestSummary>;
  /** Check one article: an ArticleInput, or a file path, an http(s) URL, or "-". */
  check(article: ArticleInput | string, opts?: EngineCheckOptions): Promise<Report>;
  /** Add a report's recovered substitutions to the learned pairs (counted once per distinct article). */
  learn(report: Report): Promise<number>;
  /** Rebuild every stored sentence's fingerprints with this version's algorithm. */
  reindex(opts?: {
    batchSize?: number;
    onProgress?: (done: number, total: number) => void;
  }): Promise<ReindexSummary>;
  /**
   * Merge the store's fingerprint index into one segment (after a large ingest: fewer probes per check); null
   * when the store keeps its index in one table (nothing to merge).
   */
  compact(): Promise<{
    segmentsBefore: number;
    segmentsAfter: number;
    postings: number;
    seconds: number;
  } | null>;
  /**
   * Trace every article of the corpus against the articles published before it and store the result
   * (incremental: a second run audits only what is new or affected by late arrivals).
   */
  audit(opts?: AuditOptions): Promise<AuditSummary>;
  /** The stored audits of the selected articles, in publication order (what `unspun audit --json` prints). */
  auditResults(filter?: AuditFilter): AsyncIterable<AuditLine>;
  /** The site copy network built from the stored audit. */
  network(opts?: NetworkOptions): Promise<Network>;
  /**
   * Poll news feeds and store what is new, until `opts.signal` is aborted (or once, with `opts.once`): feed
   * URLs, or the path of a watch list (a text file of URLs or an OPML file). See src/engine/watch.ts.
   */
  watch(feeds: WatchFeed[] | string, opts?: WatchOptions): Promise<WatchSummary>;
  /**
   * Copy this engine's corpus into another store (a location such as `postgres://…` or a file path, created when
   * new): articles with their versions, learned pairs, watch state. See src/engine/migrate.ts.
   */
  migrate(to: string, opts?: MigrateOptions): Promise<MigrateSummary>;
  /**
   * Check many articles (paths as `ingest` reads them: JSONL/CSV records, directories, "-" for JSONL on
   * `opts.stdin`), one report or one error per article, in input order.
   */
  checkBatch(
    paths: string[],
    opts?: BatchOptions & Omit<EngineCheckOptions, 'readStdin' | 'fetch'>,
  ): AsyncIterable<BatchItem>;
  /** One stored article (by its id, the key reports give) with its audit's sources and its copiers; null when absent. */
  article(id: string, opts?: { copiers?: number }): Promise<ArticleView | null>;
  /** A page (1-based) of stored articles, newest first, filtered by site key and title text. */
  articles(filter?: {
    site?: string;
    q?: string;
    page?: number;
    pageSize?: number;
  }): Promise<ArticleList & { page: number; pageSize: number; pages: number }>;
  /** Every site of the corpus with its article count and date range, most articles first. */
  sites(): Promise<SiteSummary[]>;
  /** What the corpus holds, and how many boilerplate lines it has learned (null until its shapes are counted). */
  stats(): Promise<StoreStats & { boilerplateLines: number | null }>;
  /** Release the store (idempotent). */
  close(): Promise<void>;
}

/** Create an engine. Nothing is opened or loaded until an operation needs it. */
export function createEngine(opts: EngineOptions = {}): Engine {
  const given = opts.store ?? null;
  const location = given === null ? null : typeof given === 'string' ? given : '(store)';
  let opening: Promise<Store> | null =
    typeof given === 'object' && given !== null ? Promise.resolve(given) : null;
  let closed = false;
  let model: Promise<HeadlineModel | undefined> | null = null;

  const store = (): Promise<Store> => {
    if (closed) return Promise.reject(new UnspunError('USAGE', 'the engine is closed'));
    if (given === null) return Promise.reject(new UnspunError('USAGE', 'this engine has no corpus (store)'));
    if (!opening) {
      const loc = given as string;
      opening = import('../store/index.js').then(({ openStore }) =>
        openStore(loc, {
          ...(opts.mustExist !== undefined ? { mustExist: opts.mustExist } : {}),
          ...(opts.readonly !== undefined ? { readonly: opts.readonly } : {}),
          ...(opts.cacheMb !== undefined ? { cacheMb: opts.cacheMb } : {}),
        }),
      );
      // A failed open is not cached: the next call tries again (the file may have appeared).
      opening.catch(() => {
        opening = null;
      });
    }
    return opening;
  };

  const headlineModel = (): Promise<HeadlineModel | undefined> => {
    if (!model) {
      const m = opts.headlineModel;
      model =
        typeof m === 'string'
          ? import('../headline/index.js').then(({ loadHeadlineModel }) => loadHeadlineModel(m))
          : Promise.resolve(m);
    }
    return model;
  };

  const engine: Engine = {
    location,
    store,

    async ingest(input, ingestOpts = {}) {
      const s = await store();
      const ing = await import('./ingest.js');
      if (Array.isArray(input) && input.every((x) => typeof x === 'string')) {
        return ing.ingestPaths(s, input as string[], ingestOpts);
      }
      return ing.ingestArticles(s, input as Iterable<ArticleInput>, ingestOpts);
    },

    async check(article, checkOpts = {}) {
      const useCorpus = checkOpts.corpus ?? given !== null;
      if (checkOpts.learn && !useCorpus) throw new UnspunError('USAGE', 'learning needs a corpus (a store)');
      const [{ checkArticle }, { loadArticle }] = await Promise.all([
        import('./check.js'),
        import('./load.js'),
      ]);
      const startedAt = performance.now();
      const input =
        typeof article === 'string'
          ? await loadArticle(article, {
              ...(checkOpts.readStdin ? { readStdin: checkOpts.readStdin } : {}),
              ...(checkOpts.fetch ? { fetch: checkOpts.fetch } : {}),
            })
          : article;
      const s = useCorpus ? await store() : null;
      const m = checkOpts.headline === false ? undefined : await headlineModel();
      const report = await checkArticle(input, {
        store: s,
        startedAt,
        ...(checkOpts.budgetMs !== undefined ? { budgetMs: checkOpts.budgetMs } : {}),
        ...(checkOpts.exclude ? { exclude: checkOpts.exclude } : {}),
        ...(checkOpts.headline === false ? { headline: false } : {}),
        ...(m ? { headlineModel: m } : {}),
      });
      if (checkOpts.learn && s) await engine.learn(report);
      return report;
    },

    async learn(report) {
      const s = await store();
      const { learnFromReport } = await import('./learn.js');
      return learnFromReport(s, report);
    },

    async reindex(reindexOpts = {}) {
      const s = await store();
      const { reindexStore } = await import('./reindex.js');
      return reindexStore(s, { batchSize: DEFAULTS.ingestBatch, ...reindexOpts });
    },

    async compact() {
      const s = await store();
      if (!s.compactIndex) return null;
      const t0 = performance.now();
      const r = await s.compactIndex();
      return { ...r, seconds: (performance.now() - t0) / 1000 };
    },

    async audit(auditOpts = {}) {
      const s = await store();
      const { auditCorpus } = await import('./audit.js');
      // Worker threads open the same store file read-only.
      return auditCorpus(s, { ...auditOpts, location: typeof opts.store === 'string' ? location : null });
    },

    async watch(feeds, watchOpts = {}) {
      const { readWatchList, watchFeeds } = await import('./watch.js');
      const list = typeof feeds === 'string' ? await readWatchList(feeds) : feeds;
      const s = await store();
      return watchFeeds(s, list, {
        ...watchOpts,
        location: typeof opts.store === 'string' ? location : null,
      });
    },

    async migrate(to, migrateOpts = {}) {
      const from = await store();
      const [{ migrateCorpus }, { openStore }] = await Promise.all([
        import('./migrate.js'),
        import('../store/index.js'),
      ]);
      if (typeof given === 'string' && (await storeIdentity(given)) === (await storeIdentity(to))) {
        throw new UnspunError('USAGE', 'the source and the target of a migration are the same store');
      }
      const target = await openStore(to);
      try {
        return await migrateCorpus(from, target, {
          ...migrateOpts,
          sourceName: await storeIdentity(given as string),
        });
      } finally {
        await target.close();
      }
    },

    async *auditResults(filter = {}) {
      const s = await store();
      const { auditResults } = await import('./audit.js');
      yield* auditResults(s, filter);
    },

    async *checkBatch(paths, batchOpts = {}) {
      const [{ checkBatch }, { checkArticle, loadCorpusView }] = await Promise.all([
        import('./batch.js'),
        import('./check.js'),
      ]);
      const { stdin, onProgress, signal, ...checkOpts } = batchOpts;
      const useCorpus = checkOpts.corpus ?? given !== null;
      if (checkOpts.learn && !useCorpus) throw new UnspunError('USAGE', 'learning needs a corpus (a store)');
      // The store and the model are opened once, and the corpus's sentence locations loaded once (on the
      // first article), for the whole batch.
      const s = useCorpus ? await store() : null;
      const m = checkOpts.headline === false ? undefined : await headlineModel();
      let view: Promise<Awaited<ReturnType<typeof loadCorpusView>>> | null = null;
      const checkOne = async (a: ArticleInput) => {
        if (s) view ??= loadCorpusView(s);
        const report = await checkArticle(a, {
          store: s,
          ...(view ? { view: await view } : {}),
          ...(checkOpts.exclude ? { exclude: checkOpts.exclude } : {}),
          ...(checkOpts.headline === false ? { headline: false } : {}),
          ...(m ? { headlineModel: m } : {}),
        });
        if (checkOpts.learn && s) await engine.learn(report);
        return report;
      };
      yield* checkBatch(paths, checkOne, {
        ...(stdin ? { stdin } : {}),
        ...(onProgress ? { onProgress } : {}),
        ...(signal ? { signal } : {}),
      });
    },

    async network(networkOpts = {}) {
      const s = await store();
      const { buildNetwork } = await import('./network.js');
      return buildNetwork(s, networkOpts);
    },

    async article(id, viewOpts = {}) {
      const s = await store();
      const { articleView } = await import('./corpus.js');
      return articleView(s, id, viewOpts);
    },

    async articles(filter = {}) {
      const s = await store();
      const { articlePage } = await import('./corpus.js');
      return articlePage(s, filter);
    },

    async sites() {
      return (await store()).listSites();
    },

    async stats() {
      const s = await store();
      return { ...(await s.stats()), boilerplateLines: await s.boilerplateShapes(DEFAULTS.boilerplate) };
    },

    async close() {
      if (closed) return;
      closed = true;
      if (opening && opts.ownStore !== false) {
        const s = await opening.catch(() => null);
        await s?.close();
      }
    },
  };
  return engine;
}

/**
 * What a store location points at, whatever way it is written: a PostgreSQL URL as host, port and database; a
 * file as its real path (`sqlite:x.db`, `./x.db` and `/abs/x.db` are one store).
 */
async function storeIdentity(location: string): Promise<string> {
  const loc = location.trim();
  if (/^postgres(?:ql)?:\/\//i.test(loc)) {
    try {
      const u = new URL(loc);
      return `postgres:${u.hostname.toLowerCase()}:${u.port || '5432'}/${decodeURIComponent(u.pathname.slice(1))}`;
    } catch {
      return loc;
    }
  }
  const path = loc.replace(/^sqlite:(?:\/\/)?/i, '');
  if (path === '' || path === ':memory:') return `memory:${Math.random()}`;
  const [{ resolve }, { realpath }] = await Promise.all([import('node:path'), import('node:fs/promises')]);
  return realpath(path).catch(() => resolve(path));
}
