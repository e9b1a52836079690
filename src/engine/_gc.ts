/**
 * A full garbage collection on demand, for the long batch loops (ingest, reindex). V8 puts off major collections
 * while memory is plentiful, so a loop that builds and drops a large batch again and again carries several
 * batches' garbage at its peak: at the moment a batch is committed and dropped is the cheapest time to collect,
 * since little is live then (BENCHMARKS.md, "A collection after each batch").
 *
 * Node exposes `gc` only with `--expose-gc`; the flag is set at run time and the function taken from a fresh
 * context (the flag applies to contexts created after it). Where that is not possible, collecting is a no-op.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | null | undefined;

function gcFunction(): (() => void) | null {
  if (gc !== undefined) return gc;
  const own = (globalThis as { gc?: unknown }).gc;
  if (typeof own === 'function') {
    gc = own as () => void;
    return gc;
  }
  try {
    setFlagsFromString('--expose-gc');
    const f: unknown = runInNewContext('gc');
    gc = typeof f === 'function' ? (f as () => void) : null;
  } catch {
    gc = null;
  }
  return gc;
}

/** Run a full collection now, if this runtime allows it; returns whether it ran. */
export function collectGarbage(): boolean {
  const f = gcFunction();
  if (!f) return false;
  f();
  return true;
}
