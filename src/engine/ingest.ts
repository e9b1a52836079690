/**
 * Ingest wiring: sources -> normalise -> fingerprint -> store, in batches, with progress and a summary.
 *
 * The CPU work (normalisation and fingerprints) runs on a pool of worker threads once an ingest is big
 * enough to repay starting them, while the main thread reads, parses and writes to the store. Results are
 * consumed in input order, so the store sees exactly the same sequence of batches as without workers; a
 * worker that fails has its work redone on the main thread.
 */

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { DEFAULTS } from '../defaults.js';
import type { Canonicaliser } from '../fingerprint/index.js';
import { duplicateReason } from '../ingest/identity.js';
import {
  type IngestItem,
  type Origin,
  type PlannedInput,
  planInputs,
  type ReadOptions,
  readInputs,
  recordToArticle,
} from '../ingest/index.js';
import type { PreparedArticle, Store } from '../store/index.js';
import type { ArticleInput } from '../types.js';
import { assertFingerprintVersion } from './_fingerprint-version.js';
import { collectGarbage } from './_gc.js';
import {
  type CoreInput,
  type CoreOutput,
  type Prepared,
  prepareAll,
  prepareCore,
  WORKER_TAG,
} from './_ingest-worker.js';
import { defaultCanonicaliser } from './canon.js';

export { articleKey, duplicateReason, urlIdentity } from '../ingest/identity.js';
export { contentHash } from './_ingest-worker.js';

function fromCore(input: ArticleInput, c: CoreOutput): PreparedArticle {
  return {
    key: c.key,
    hash: c.hash,
    input: {
      ...input,
      title: c.sameTitle ? input.title : c.title,
      text: c.sameText ? input.text : c.text,
    },
    sentences: c.sentences,
    ...(c.packedText ? { packedText: c.packedText } : {}),
  };
}

/** Normalise an article and compute its key, hash and per-sentence fingerprints. */
export function prepareArticle(
  input: ArticleInput,
  canon: Canonicaliser = defaultCanonicaliser(),
): PreparedArticle {
  return fromCore(input, prepareCore(input, canon));
}

export interface Rejection {
  file: string;
  line?: number | undefined;
  reason: string;
}

export interface IngestSummary {
  added: number;
  /** Articles stored as a new version of an article already stored (the same URL or id, another text). */
  versions: number;
  duplicates: number;
  /** Why the duplicates were duplicates: an article with the same id, the same URL, or the same content. */
  duplicatesBy: { id: number; url: number; content: number };
  rejected: Rejection[];
  /** Files inside directories skipped for their extension... */
  skippedFiles: number;
  /** ...the first of them, with the reason. */
  skipped: { file: string; reason: string }[];
  /** Records that hold no article and are no error (WARC requests, images, pages without an article)... */
  skippedRecords: number;
  /** ...counted by reason (the most frequent first, at most 20 reasons). */
  skippedReasons: { reason: string; count: number }[];
  /** Inputs that could not be read as a whole or held no article (rejections without a line): the command fails. */
  unreadInputs: number;
  files: number;
  bytes: number;
  seconds: number;
  /** Worker threads started to prepare articles (0: all on the calling thread). */
  workers: number;
}

export interface IngestProgress {
  bytesDone: number;
  bytesTotal: number;
  articles: number;
}

export interface IngestOptions extends Pick<ReadOptions, 'stdin' | 'fetch' | 'fetchLinks' | 'hostDelayMs'> {
  batchSize?: number;
  onProgress?: (p: IngestProgress) => void;
  /** A custom canonicaliser (functions cannot be sent to workers: it makes ingest run on one thread). */
  canonicaliser?: Canonicaliser;
  /**
   * Worker threads for normalisation and fingerprints: 0 runs everything on the calling thread; default one
   * per available CPU (at most 8), started only once the input is big enough to repay their start-up.
   */
  workers?: number;
}

/** Ingest paths into a store. Bad records are collected as rejections; nothing already stored is lost. */
export async function ingestPaths(
  store: Store,
  paths: string[],
  opts: IngestOptions = {},
): Promise<IngestSummary> {
  const t0 = performance.now();
  const plan = await planInputs(paths);
  return ingestPlanned(store, plan.inputs, {
    ...opts,
    initialRejected: plan.rejected,
    skippedFiles: plan.skipped,
    skipped: plan.skippedList,
    t0,
  });
}

/**
 * Ingest articles given as objects (a library user's own records, a feed, a generator). Each is validated like a
 * JSONL record: one without a title or text is a rejection named `<articles>:N`, not an exception.
 */
export async function ingestArticles(
  store: Store,
  articles: Iterable<ArticleInput> | AsyncIterable<ArticleInput>,
  opts: IngestOptions = {},
): Promise<IngestSummary> {
  async function* items(): AsyncIterable<IngestItem> {
    let line = 0;
    for await (const a of articles as AsyncIterable<ArticleInput>) {
      line++;
      const origin = { file: '<articles>', line };
      if (a === null || typeof a !== 'object') {
        yield { kind: 'rejected', reason: 'an article must be an object', origin };
        continue;
      }
      const parsed = recordToArticle(a as unknown as Record<string, unknown>);
      if (!parsed.ok) yield { kind: 'rejected', reason: parsed.reason, origin };
      else yield { kind: 'article', article: parsed.article, origin };
    }
  }
  return ingestItems(store, items(), opts);
}

/**
 * Ingest a stream of read items (articles, rejections, skipped records) that a caller produced itself: the
 * feed watcher reads feeds and pages and stores what it read through the same pipeline as `ingestPaths`.
 */
export async function ingestItems(
  store: Store,
  items: AsyncIterable<IngestItem>,
  opts: IngestOptions = {},
): Promise<IngestSummary> {
  const t0 = performance.now();
  return ingestPlanned(store, [{ path: '-', format: 'jsonl', size: 0 }], {
    ...opts,
    initialRejected: [],
    skippedFiles: 0,
    skipped: [],
    t0,
    source: items,
  });
}

const { chunk: CHUNK, inFlightPerWorker: IN_FLIGHT_PER_WORKER } = DEFAULTS.ingestWorkers;
const {
  minBytes: WORKERS_MIN_BYTES,
  minArticles: WORKERS_MIN_ARTICLES,
  max: MAX_WORKERS,
} = DEFAULTS.ingestWorkers;

/** One read item on its way through the pipeline; `results` holds one entry per article, in order. */
interface Chunk {
  items: IngestItem[];
  results: Promise<Prepared[]>;
}

function coreInput(a: ArticleInput): CoreInput {
  const c: CoreInput = { title: a.title, text: a.text };
  if (a.id !== undefined) c.id = a.id;
  if (a.url !== undefined) c.url = a.url;
  return c;
}

/**
 * Worker bootstrap: import _ingest-worker (whose bottom installs the message handler). When running from
 * TypeScript sources under tsx (development, tests, benchmarks), the worker registers tsx first: on Node 20
 * the loader hooks of the parent thread do not apply to workers.
 */
const WORKER_BOOT = `const { workerData } = require('node:worker_threads');
(async () => {
  if (workerData.tsx) (await import(workerData.tsx)).register();
  await import(workerData.url);
})();`;

function workerBootData(): { tag: string; url: string; tsx: string | null } {
  const fromSources = import.meta.url.endsWith('.ts');
  const url = new URL(fromSources ? './_ingest-worker.ts' : './_ingest-worker.js', import.meta.url).href;
  return { tag: WORKER_TAG, url, tsx: fromSources ? import.meta.resolve('tsx/esm/api') : null };
}

/**
 * A pool of worker threads running prepareCore. Every task settles: with the worker's results, or, if the
 * worker fails or cannot start, with results computed on this thread.
 */
class PreparePool {
  private readonly workers: {
    w: Worker;
    tasks: Map<number, { articles: CoreInput[]; done: (r: Prepared[]) => void }>;
  }[] = [];
  private next = 0;
  private seq = 0;

  constructor(
    size: number,
    private readonly canon: Canonicaliser,
    /** Workers also compress each text for a store that keeps it packed (StoreCapabilities.packsText). */
    private readonly pack: boolean,
  ) {
    for (let i = 0; i < size; i++) {
      let w: Worker;
      try {
        w = new Worker(WORKER_BOOT, {
          eval: true,
          workerData: workerBootData(),
          resourceLimits: { maxOldGenerationSizeMb: DEFAULTS.ingestWorkers.heapMb },
        });
      } catch {
        break; // Workers unavailable here (e.g. unsupported exec options): the main thread does the work.
      }
      const slot = { w, tasks: new Map<number, { articles: CoreInput[]; done: (r: Prepared[]) => void }>() };
      const fail = () => {
        const i = this.workers.indexOf(slot);
        if (i >= 0) this.workers.splice(i, 1);
        for (const t of slot.tasks.values()) t.done(prepareAll(t.articles, this.canon));
        slot.tasks.clear();
        void w.terminate();
      };
      w.on('message', (m: { id: number; results: Prepared[] }) => {
        const t = slot.tasks.get(m.id);
        if (!t) return;
        slot.tasks.delete(m.id);
        t.done(m.results);
      });
      w.on('error', fail);
      w.on('exit', fail);
      w.on('messageerror', fail);
      this.workers.push(slot);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  run(articles: CoreInput[]): Promise<Prepared[]> {
    const slot = this.workers[this.next++ % Math.max(1, this.workers.length)];
    if (!slot) return Promise.resolve(prepareAll(articles, this.canon));
    const id = this.seq++;
    return new Promise((done) => {
      slot.tasks.set(id, { articles, done });
      try {
        slot.w.postMessage({ id, articles, pack: this.pack });
      } catch {
        slot.tasks.delete(id);
        done(prepareAll(articles, this.canon));
      }
    });
  }

  async close(): Promise<void> {
    const ws = this.workers.splice(0);
    await Promise.all(ws.map((s) => s.w.terminate()));
  }
}

async function ingestPlanned(
  store: Store,
  inputs: PlannedInput[],
  opts: IngestOptions & {
    initialRejected: IngestItem[];
    skippedFiles: number;
    skipped: { file: string; reason: string }[];
    t0: number;
    /** Items to ingest instead of reading `inputs` (articles given as objects). */
    source?: AsyncIterable<IngestItem>;
  },
): Promise<IngestSummary> {
  const canon = opts.canonicaliser ?? defaultCanonicaliser();
  await assertFingerprintVersion(store, { claimIfNew: true });
  const summary: IngestSummary = {
    added: 0,
    versions: 0,
    duplicates: 0,
    duplicatesBy: { id: 0, url: 0, content: 0 },
    rejected: [],
    skippedFiles: opts.skippedFiles,
    skipped: opts.skipped,
    skippedRecords: 0,
    skippedReasons: [],
    unreadInputs: 0,
    files: inputs.length,
    bytes: 0,
    seconds: 0,
    workers: 0,
  };
  const skipReasons = new Map<string, number>();
  const reject = (origin: Origin, reason: string) =>
    summary.rejected.push({ file: origin.file, line: origin.line, reason });
  for (const r of opts.initialRejected) if (r.kind === 'rejected') reject(r.origin, r.reason);
  const bytesTotal = inputs.reduce((n, i) => n + i.size, 0);
  let lastReport = 0;
  const report = (force = false) => {
    const now = performance.now();
    if (!opts.onProgress || (!force && now - lastReport < DEFAULTS.progressIntervalMs)) return;
    lastReport = now;
    opts.onProgress({
      bytesDone: summary.bytes,
      bytesTotal,
      articles: summary.added + summary.versions + summary.duplicates + batch.length,
    });
  };
  const batchSize = opts.batchSize ?? DEFAULTS.ingestBatch;
  let batch: PreparedArticle[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const outcomes = await store.addArticles(batch);
    for (const o of outcomes) {
      if (o.status === 'added') summary.added++;
      else if (o.status === 'version') summary.versions++;
      else {
        summary.duplicates++;
        summary.duplicatesBy[duplicateReason(o.key)]++;
      }
    }
    batch = [];
    if (DEFAULTS.ingestCollectGarbage) collectGarbage();
    report();
  };

  // Workers: only with the built-in canonicaliser, and only when the input is big enough.
  const maxWorkers =
    opts.canonicaliser !== undefined
      ? 0
      : Math.max(0, Math.min(opts.workers ?? availableParallelism(), MAX_WORKERS));
  let pool: PreparePool | null = null;
  let articlesRead = 0;
  const startPool = () => {
    if (pool === null && maxWorkers > 0) {
      pool = new PreparePool(maxWorkers, canon, store.capabilities.packsText === true);
      summary.workers = pool.size;
    }
  };
  // Sizes are known for files (start now or never); standard input starts them once it proves long.
  const sizeUnknown = inputs.some((i) => i.path === '-');
  if (bytesTotal >= WORKERS_MIN_BYTES || (opts.workers !== undefined && opts.workers > 0)) startPool();

  // Chunks in input order; each is consumed (its articles batched, its rejections recorded) in that order.
  const pending: Chunk[] = [];
  let current: IngestItem[] = [];
  const dispatch = () => {
    if (current.length === 0) return;
    const items = current;
    current = [];
    const articles: CoreInput[] = [];
    for (const it of items) if (it.kind === 'article') articles.push(coreInput(it.article));
    const p = pool as PreparePool | null;
    const results = p && p.size > 0 ? p.run(articles) : Promise.resolve(prepareAll(articles, canon));
    pending.push({ items, results });
  };
  const consume = async (chunk: Chunk) => {
    const results = await chunk.results;
    let k = 0;
    for (const it of chunk.items) {
      if (it.kind === 'rejected') {
        reject(it.origin, it.reason);
        continue;
      }
      if (it.kind === 'skipped') {
        summary.skippedRecords++;
        // Reasons are counted by their kind (HTTP status, content type): the first 200 distinct ones.
        const why = it.reason;
        if (skipReasons.has(why) || skipReasons.size < 200)
          skipReasons.set(why, (skipReasons.get(why) ?? 0) + 1);
        continue;
      }
      const r = results[k++];
      if (r?.ok) batch.push(fromCore(it.article, r.c));
      else reject(it.origin, `could not be normalised: ${r ? r.error : 'no result'}`);
      if (batch.length >= batchSize) await flush();
    }
    report();
  };
  const window = () => {
    const p = pool as PreparePool | null;
    return p && p.size > 0 ? p.size * IN_FLIGHT_PER_WORKER : 0;
  };

  const readOpts: ReadOptions = {
    onBytes: (n) => {
      summary.bytes += n;
    },
  };
  if (opts.stdin) readOpts.stdin = opts.stdin;
  if (opts.fetch) readOpts.fetch = opts.fetch;
  if (opts.fetchLinks !== undefined) readOpts.fetchLinks = opts.fetchLinks;
  if (opts.hostDelayMs !== undefined) readOpts.hostDelayMs = opts.hostDelayMs;
  try {
    for await (const item of opts.source ?? readInputs(inputs, readOpts)) {
      current.push(item);
      if (item.kind === 'article' && ++articlesRead === WORKERS_MIN_ARTICLES && sizeUnknown) startPool();
      if (current.length >= CHUNK) dispatch();
      while (pending.length > window()) await consume(pending.shift()!);
    }
    dispatch();
    while (pending.length > 0) await consume(pending.shift()!);
    await flush();
  } finally {
    await (pool as PreparePool | null)?.close();
  }
  report(true);
  summary.skippedReasons = [...skipReasons]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count)
    .slice(0, 20);
  summary.unreadInputs = summary.rejected.filter(
    (r) => r.line === undefined && r.file !== '<articles>',
  ).length;
  summary.seconds = (performance.now() - opts.t0) / 1000;
  return summary;
}
