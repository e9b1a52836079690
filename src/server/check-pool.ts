/**
 * Where the server's checks run. A check is CPU-bound for tens to hundreds of milliseconds; run on the thread
 * that answers requests, it would freeze page loads and health checks while it runs. With a store in a file the
 * checks go to worker threads (each with its own read-only connection); otherwise (an in-memory store, or no
 * worker could start) they run on the main thread one at a time. Either way the queue is bounded (a full queue is
 * a BUSY answer, not unbounded memory) and each check has a time limit (a worker past it is stopped and replaced).
 */
import { availableParallelism } from 'node:os';
import type { Engine } from '../engine/engine.js';
import { WORKER_BOOT, workerModule } from '../engine/worker-boot.js';
import { type ErrorCode, UnspunError } from '../errors.js';
import type { Report } from '../report/types.js';
import type { CheckJob } from './check-job.js';
import { jobArticle } from './check-job.js';

export interface CheckRunner {
  /** Worker threads running checks (0: the main thread). */
  readonly workers: number;
  run(job: CheckJob): Promise<Report>;
  /** Checks running and waiting now. */
  load(): { running: number; queued: number };
  close(): Promise<void>;
}

export interface RunnerOptions {
  /** Time limit of one check, from the moment it is queued, in ms. */
  timeoutMs: number;
  /** Checks waiting beyond those running; more are refused with BUSY. */
  queueMax: number;
}

interface Pending {
  job: CheckJob;
  resolve: (r: Report) => void;
  reject: (e: unknown) => void;
  timer: NodeJS.Timeout;
  settled: boolean;
}

const busy = (queueMax: number) =>
  new UnspunError('BUSY', `the server is busy (${queueMax} checks waiting); try again in a few seconds`);
const timedOut = (ms: number) =>
  new UnspunError('TIMEOUT', `the check took longer than ${Math.round(ms / 1000)} s and was stopped`);

/** Checks on the calling thread, one at a time, in arrival order. */
export function inProcessRunner(engine: Engine, opts: RunnerOptions): CheckRunner {
  const queue: Pending[] = [];
  let running: Pending | null = null;
  const started = new WeakMap<Pending, number>();
  const pump = () => {
    if (running) return;
    const next = queue.shift();
    if (!next) return;
    running = next;
    // Let the event loop answer what is waiting before the next CPU-bound check starts.
    setImmediate(async () => {
      try {
        const report = await engine.check(jobArticle(next.job.input), {
          corpus: next.job.corpus && engine.location !== null,
          headline: next.job.headline,
          ...(next.job.exclude ? { exclude: next.job.exclude } : {}),
        });
        // A check on this thread cannot be interrupted (its timer cannot fire while it runs): an answer that
        // comes after the limit is refused all the same, so the limit means the same on both runners.
        if (Date.now() - (started.get(next) ?? 0) > opts.timeoutMs) {
          settle(next, () => next.reject(timedOut(opts.timeoutMs)));
        } else settle(next, () => next.resolve(report));
      } catch (e) {
        settle(next, () => next.reject(e));
      } finally {
        running = null;
        pump();
      }
    });
  };
  return {
    workers: 0,
    run(job) {
      if (queue.length >= opts.queueMax) return Promise.reject(busy(opts.queueMax));
      // A check already running on this thread cannot be stopped at its limit; its answer is dropped.
      const { promise, pending } = enqueue(queue, job, opts);
      started.set(pending, Date.now());
      pump();
      return promise;
    },
    load: () => ({ running: running ? 1 : 0, queued: queue.length }),
    async close() {
      for (const p of queue.splice(0))
        settle(p, () => p.reject(new UnspunError('BUSY', 'the server is stopping')));
    },
  };
}

/** Queue a job with its time limit; `onTimeout` runs after the job is dropped from the queue and rejected. */
function enqueue(
  queue: Pending[],
  job: CheckJob,
  opts: RunnerOptions,
  onTimeout: (p: Pending) => void = () => {},
): { promise: Promise<Report>; pending: Pending } {
  let pending!: Pending;
  const promise = new Promise<Report>((resolve, reject) => {
    pending = {
      job,
      resolve,
      reject,
      settled: false,
      timer: setTimeout(() => {
        const at = queue.indexOf(pending);
        if (at >= 0) queue.splice(at, 1);
        settle(pending, () => reject(timedOut(opts.timeoutMs)));
        onTimeout(pending);
      }, opts.timeoutMs),
    };
    queue.push(pending);
  });
  return { promise, pending };
}

function settle(p: Pending, fn: () => void): void {
  if (p.settled) return;
  p.settled = true;
  clearTimeout(p.timer);
  fn();
}

/**
 * Worker threads for checks against the store at `location` (null: checks without a corpus). Null when no worker
 * could start (the caller then runs checks in process).
 */
export async function startCheckPool(
  location: string | null,
  opts: RunnerOptions & { workers?: number },
): Promise<CheckRunner | null> {
  const wanted = Math.max(0, Math.floor(opts.workers ?? Math.min(4, availableParallelism())));
  if (wanted === 0 || location === ':memory:') return null;
  const { Worker } = await import('node:worker_threads');
  const { CHECK_WORKER_TAG } = await import('./_check-worker.js');
  const data = { tag: CHECK_WORKER_TAG, ...workerModule('./_check-worker', import.meta.url), location };

  type Slot = { w: InstanceType<typeof Worker>; current: { id: number; p: Pending } | null };
  const slots: Slot[] = [];
  const queue: Pending[] = [];
  let nextId = 0;
  let closing = false;
  let failures = 0;

  const spawn = (): Slot | null => {
    let w: InstanceType<typeof Worker>;
    try {
      w = new Worker(WORKER_BOOT, { eval: true, workerData: data });
    } catch {
      return null;
    }
    const slot: Slot = { w, current: null };
    w.on('message', (m: import('./_check-worker.js').CheckWorkerReply | { ready: true }) => {
      if ('ready' in m) {
        failures = 0;
        return;
      }
      const cur = slot.current;
      if (!cur || cur.id !== m.id) return;
      slot.current = null;
      if ('report' in m) settle(cur.p, () => cur.p.resolve(m.report as Report));
      else {
        const err = m.error.code
          ? new UnspunError(
              m.error.code as ErrorCode,
              m.error.message,
              m.error.subject ? { subject: m.error.subject } : {},
            )
          : new Error(m.error.message);
        settle(cur.p, () => cur.p.reject(err));
      }
      pump();
    });
    const lost = () => {
      const at = slots.indexOf(slot);
      if (at < 0) return;
      slots.splice(at, 1);
      const cur = slot.current;
      slot.current = null;
      if (cur) settle(cur.p, () => cur.p.reject(new Error('a check worker stopped unexpectedly')));
      if (!closing && ++failures <= 3) {
        const again = spawn();
        if (again) slots.push(again);
      }
      if (slots.length === 0) {
        for (const p of queue.splice(0)) settle(p, () => p.reject(new Error('no check worker could start')));
      }
      pump();
    };
    w.on('error', lost);
    w.on('exit', lost);
    w.on('messageerror', lost);
    return slot;
  };

  const pump = () => {
    for (const slot of slots) {
      if (slot.current) continue;
      let p = queue.shift();
      while (p?.settled) p = queue.shift();
      if (!p) return;
      const id = nextId++;
      slot.current = { id, p };
      slot.w.postMessage({ id, job: p.job });
    }
  };

  for (let i = 0; i < wanted; i++) {
    const s = spawn();
    if (s) slots.push(s);
  }
  if (slots.length === 0) return null;

  return {
    get workers() {
      return slots.length;
    },
    run(job) {
      if (closing) return Promise.reject(new UnspunError('BUSY', 'the server is stopping'));
      if (slots.length === 0) return Promise.reject(new Error('no check worker is running'));
      if (queue.length >= opts.queueMax) return Promise.reject(busy(opts.queueMax));
      const { promise } = enqueue(queue, job, opts, (p) => {
        // A worker still on it is stopped; `lost` replaces it.
        const slot = slots.find((s) => s.current?.p === p);
        if (slot) {
          slot.current = null;
          failures = 0;
          void slot.w.terminate();
        }
      });
      pump();
      return promise;
    },
    load: () => ({ running: slots.filter((s) => s.current).length, queued: queue.length }),
    async close() {
      closing = true;
      for (const p of queue.splice(0))
        settle(p, () => p.reject(new UnspunError('BUSY', 'the server is stopping')));
      const ws = slots.splice(0);
      for (const s of ws) s.w.removeAllListeners('exit');
      await Promise.all(ws.map((s) => s.w.terminate()));
    },
  };
}
