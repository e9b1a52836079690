/**
 * The server's check worker threads (see check-pool.ts): each opens the store read-only (SQLite in WAL mode lets
 * readers run beside the writer, and they see what is ingested after they start) and runs the checks it is sent,
 * one at a time, so that a long check never holds up the thread that answers page loads and health checks.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { DEFAULTS } from '../defaults.js';
import { createEngine } from '../engine/engine.js';
import { isUnspunError } from '../errors.js';
import { type CheckJob, jobArticle } from './check-job.js';

export const CHECK_WORKER_TAG = 'unspun-check';

export interface CheckWorkerData {
  tag: string;
  url: string;
  tsx: string | null;
  /** The store location, or null for an engine without a corpus. */
  location: string | null;
}

export type CheckWorkerReply =
  | { id: number; report: unknown }
  | { id: number; error: { code: string | null; message: string; subject?: string } };

if (!isMainThread && parentPort && (workerData as { tag?: unknown } | null)?.tag === CHECK_WORKER_TAG) {
  const port = parentPort;
  const data = workerData as CheckWorkerData;
  const engine = createEngine({
    store: data.location,
    readonly: true,
    mustExist: true,
    cacheMb: DEFAULTS.serve.workerCacheMb,
  });
  port.on('message', async (m: { id: number; job: CheckJob }) => {
    try {
      const report = await engine.check(jobArticle(m.job.input), {
        corpus: m.job.corpus && data.location !== null,
        headline: m.job.headline,
        ...(m.job.exclude ? { exclude: m.job.exclude } : {}),
      });
      port.postMessage({ id: m.id, report } satisfies CheckWorkerReply);
    } catch (e) {
      const error = isUnspunError(e)
        ? { code: e.code, message: e.message, ...(e.subject ? { subject: e.subject } : {}) }
        : { code: null, message: e instanceof Error ? e.message : String(e) };
      port.postMessage({ id: m.id, error } satisfies CheckWorkerReply);
    }
  });
  port.postMessage({ ready: true });
}
