/**
 * Ctrl-C during long work: the first SIGINT asks the work to stop after what it is doing (committed work is
 * kept), a second one ends the process at once.
 */
export function onInterrupt(stderr: NodeJS.WritableStream): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const handler = () => {
    if (controller.signal.aborted) process.exit(130);
    stderr.write('\nunspun: stopping after the current batch (press Ctrl-C again to quit now)\n');
    controller.abort();
  };
  process.on('SIGINT', handler);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', handler) };
}
