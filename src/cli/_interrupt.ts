/**
 * Ctrl-C during long work: the first SIGINT asks the work to stop after what it is doing (committed work is
 * kept), a second one ends the process at once. A long-running command (`watch`) also stops on SIGTERM.
 */
export function onInterrupt(
  stderr: NodeJS.WritableStream,
  opts: { what?: string; signals?: NodeJS.Signals[] } = {},
): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const what = opts.what ?? 'the current batch';
  const signals = opts.signals ?? ['SIGINT'];
  const handler = () => {
    if (controller.signal.aborted) process.exit(130);
    stderr.write(`\nunspun: stopping after ${what} (press Ctrl-C again to quit now)\n`);
    controller.abort();
  };
  for (const s of signals) process.on(s, handler);
  return {
    signal: controller.signal,
    dispose: () => {
      for (const s of signals) process.off(s, handler);
    },
  };
}
