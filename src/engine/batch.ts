/**
 * Batch check: many articles checked in one process, against one open store and one loaded model, each giving
 * the same report as a single `check`. Inputs are those `ingest` reads (JSONL and CSV record by record, a
 * directory's article files, `-` for JSONL on standard input); a bad record or a failed check is an item with an
 * error, never the end of the batch.
 */
import { describeError, isUnspunError } from '../errors.js';
import { type PlannedInput, planInputs, readInputs } from '../ingest/index.js';
import type { Report } from '../report/types.js';
import type { ArticleInput } from '../types.js';

export interface BatchItemOrigin {
  /** 1-based position of the item in the batch (the line of the output it is on). */
  item: number;
  file: string;
  /** 1-based line or record start in the file, when the input has lines (JSONL, CSV). */
  line?: number;
}

export type BatchItem =
  | { origin: BatchItemOrigin; report: Report }
  | { origin: BatchItemOrigin; error: { code: string; message: string } };

export interface BatchProgress {
  bytesDone: number;
  bytesTotal: number;
  articles: number;
}

export interface BatchOptions {
  stdin?: AsyncIterable<Buffer>;
  onProgress?: (p: BatchProgress) => void;
  /** Stop after the item in progress. */
  signal?: AbortSignal;
}

/**
 * Check every article of the inputs with `check` (one article → one report). Yields items in input order.
 * Inputs that cannot be read at all (a missing file, an unsupported type) are items with an error too.
 */
export async function* checkBatch(
  paths: string[],
  check: (article: ArticleInput) => Promise<Report>,
  opts: BatchOptions = {},
): AsyncGenerator<BatchItem> {
  const plan = await planInputs(paths);
  let item = 0;
  for (const r of plan.rejected) {
    if (r.kind !== 'rejected') continue;
    item++;
    yield { origin: { item, file: r.origin.file }, error: { code: 'BAD_INPUT', message: r.reason } };
  }
  const bytesTotal = plan.inputs.reduce((n, i: PlannedInput) => n + i.size, 0);
  let bytesDone = 0;
  let articles = 0;
  const progress = () => opts.onProgress?.({ bytesDone, bytesTotal, articles });
  const reader = readInputs(plan.inputs, {
    onBytes: (n) => {
      bytesDone += n;
    },
    ...(opts.stdin ? { stdin: opts.stdin } : {}),
  });
  for await (const it of reader) {
    if (opts.signal?.aborted) break;
    // Records holding no article (a WARC request record, an image) are not items.
    if (it.kind === 'skipped') continue;
    item++;
    const origin: BatchItemOrigin = {
      item,
      file: it.origin.file,
      ...(it.origin.line !== undefined ? { line: it.origin.line } : {}),
    };
    if (it.kind === 'rejected') {
      yield { origin, error: { code: 'BAD_INPUT', message: it.reason } };
      continue;
    }
    try {
      const report = await check(it.article);
      articles++;
      yield { origin, report };
    } catch (e) {
      yield {
        origin,
        error: { code: isUnspunError(e) ? e.code : 'INTERNAL', message: describeError(e) },
      };
    }
    progress();
  }
  progress();
}
