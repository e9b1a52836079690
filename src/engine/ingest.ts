/** Ingest wiring: sources -> normalise -> fingerprint -> store, in batches, with progress and a summary. */
import { createHash } from 'node:crypto';
import { DEFAULTS } from '../defaults.js';
import { UnspunError } from '../errors.js';
import {
  type Canonicaliser,
  FINGERPRINT_VERSION,
  sampleFeatures,
  sentenceFeatures,
} from '../fingerprint/index.js';
import {
  type IngestItem,
  type PlannedInput,
  planInputs,
  type ReadOptions,
  readInputs,
} from '../ingest/index.js';
import { canonicalForHash, normaliseArticle } from '../normalise/index.js';
import type { PreparedArticle, Store } from '../store/index.js';
import type { ArticleInput } from '../types.js';
import { defaultCanonicaliser } from './canon.js';

export function contentHash(title: string, text: string): string {
  return createHash('sha256').update(canonicalForHash(title, text)).digest('hex').slice(0, 32);
}

/** Identity of an article: its external id, else its URL (without fragment), else its content hash. */
export function articleKey(a: ArticleInput, hash: string): string {
  if (a.id) return `id:${a.id}`;
  if (a.url) return `url:${a.url.replace(/#.*$/, '')}`;
  return `hash:${hash}`;
}

/** Normalise an article and compute its key, hash and per-sentence fingerprints. */
export function prepareArticle(
  input: ArticleInput,
  canon: Canonicaliser = defaultCanonicaliser(),
): PreparedArticle {
  const hash = contentHash(input.title, input.text);
  const doc = normaliseArticle(input);
  // Store the normalised text so sentence offsets stay valid against what is stored.
  const stored: ArticleInput = { ...input, title: doc.headline, text: doc.text };
  return {
    key: articleKey(input, hash),
    hash,
    input: stored,
    sentences: doc.sentences.map((s) => ({
      index: s.index,
      start: s.start,
      end: s.end,
      fingerprints: sampleFeatures(sentenceFeatures(canon(s.tokens))),
    })),
  };
}

export interface Rejection {
  file: string;
  line?: number | undefined;
  reason: string;
}

export interface IngestSummary {
  added: number;
  duplicates: number;
  rejected: Rejection[];
  /** Files inside directories skipped for their extension. */
  skippedFiles: number;
  files: number;
  bytes: number;
  seconds: number;
}

export interface IngestProgress {
  bytesDone: number;
  bytesTotal: number;
  articles: number;
}

export interface IngestOptions extends Pick<ReadOptions, 'stdin'> {
  batchSize?: number;
  onProgress?: (p: IngestProgress) => void;
  canonicaliser?: Canonicaliser;
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
    t0,
  });
}

async function ingestPlanned(
  store: Store,
  inputs: PlannedInput[],
  opts: IngestOptions & { initialRejected: IngestItem[]; skippedFiles: number; t0: number },
): Promise<IngestSummary> {
  const canon = opts.canonicaliser ?? defaultCanonicaliser();
  await ensureFingerprintVersion(store);
  const summary: IngestSummary = {
    added: 0,
    duplicates: 0,
    rejected: [],
    skippedFiles: opts.skippedFiles,
    files: inputs.length,
    bytes: 0,
    seconds: 0,
  };
  for (const r of opts.initialRejected) {
    if (r.kind === 'rejected')
      summary.rejected.push({ file: r.origin.file, line: r.origin.line, reason: r.reason });
  }
  const bytesTotal = inputs.reduce((n, i) => n + i.size, 0);
  let lastReport = 0;
  const report = (force = false) => {
    const now = performance.now();
    if (!opts.onProgress || (!force && now - lastReport < 100)) return;
    lastReport = now;
    opts.onProgress({ bytesDone: summary.bytes, bytesTotal, articles: summary.added + summary.duplicates });
  };
  const batchSize = opts.batchSize ?? DEFAULTS.ingestBatch;
  let batch: PreparedArticle[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const outcomes = await store.addArticles(batch);
    for (const o of outcomes) {
      if (o.status === 'added') summary.added++;
      else summary.duplicates++;
    }
    batch = [];
    report();
  };
  const readOpts: ReadOptions = {
    onBytes: (n) => {
      summary.bytes += n;
    },
  };
  if (opts.stdin) readOpts.stdin = opts.stdin;
  for await (const item of readInputs(inputs, readOpts)) {
    if (item.kind === 'rejected') {
      summary.rejected.push({ file: item.origin.file, line: item.origin.line, reason: item.reason });
      continue;
    }
    try {
      batch.push(prepareArticle(item.article, canon));
    } catch (e) {
      summary.rejected.push({
        file: item.origin.file,
        line: item.origin.line,
        reason: `could not be normalised: ${(e as Error).message}`,
      });
    }
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  report(true);
  summary.seconds = (performance.now() - opts.t0) / 1000;
  return summary;
}

/** Record the fingerprint version on a new store; refuse to mix versions in an existing one. */
async function ensureFingerprintVersion(store: Store): Promise<void> {
  const v = await store.getMeta('fingerprint_version');
  if (v === null) await store.setMeta('fingerprint_version', FINGERPRINT_VERSION);
  else if (v !== FINGERPRINT_VERSION) {
    throw new UnspunError(
      'STORE_SCHEMA',
      `the store's fingerprints are version ${v}, this unspun writes ${FINGERPRINT_VERSION}: run "unspun reindex" first`,
    );
  }
}
