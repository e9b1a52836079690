/**
 * Starting a worker thread on one of unspun's own modules, from the built files or (tests, benchmarks under tsx)
 * from the sources. On Node 20 the parent's loader hooks do not apply to workers, so under tsx the worker registers
 * tsx itself before importing the module (whose bottom installs its message handler).
 */
export const WORKER_BOOT = `const { workerData } = require('node:worker_threads');
(async () => {
  if (workerData.tsx) (await import(workerData.tsx)).register();
  await import(workerData.url);
})();`;

/** The worker data that WORKER_BOOT needs for `module` (a path without extension, relative to `base`). */
export function workerModule(module: string, base: string): { url: string; tsx: string | null } {
  const fromSources = base.endsWith('.ts');
  return {
    url: new URL(`${module}${fromSources ? '.ts' : '.js'}`, base).href,
    tsx: fromSources ? import.meta.resolve('tsx/esm/api') : null,
  };
}
