/** A progress bar on a terminal (rate and ETA); a no-op in pipes, CI and JSON mode. */
import cliProgress from 'cli-progress';
import type { IngestProgress } from '../engine/ingest.js';

export interface ProgressReporter {
  update: (p: IngestProgress) => void;
  stop: () => void;
}

export function progressReporter(stream: NodeJS.WritableStream, enabled: boolean): ProgressReporter {
  if (!enabled) return { update: () => {}, stop: () => {} };
  const t0 = performance.now();
  let bar: cliProgress.SingleBar | null = null;
  return {
    update(p) {
      if (!bar) {
        bar = new cliProgress.SingleBar(
          {
            stream,
            format:
              ' {bar} {percentage}% | {articles} articles | {rate} art/s | {mb} MB | ETA {eta_formatted}',
            hideCursor: true,
            clearOnComplete: true,
            etaBuffer: 50,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(Math.max(p.bytesTotal, 1), 0, { articles: 0, rate: 0, mb: '0.0' });
      }
      const secs = (performance.now() - t0) / 1000;
      bar.update(Math.min(p.bytesDone, Math.max(p.bytesTotal, 1)), {
        articles: p.articles,
        rate: secs > 0 ? Math.round(p.articles / secs) : 0,
        mb: (p.bytesDone / 1e6).toFixed(1),
      });
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}

/** A progress bar over a count of items (done of total), with rate and ETA; a no-op when not enabled. */
export function countReporter(
  stream: NodeJS.WritableStream,
  enabled: boolean,
  unit: string,
): { update: (done: number, total: number) => void; stop: () => void } {
  if (!enabled) return { update: () => {}, stop: () => {} };
  const t0 = performance.now();
  let bar: cliProgress.SingleBar | null = null;
  return {
    update(done, total) {
      if (!bar) {
        bar = new cliProgress.SingleBar(
          {
            stream,
            format: ` {bar} {percentage}% | {value}/{total} ${unit} | {rate} ${unit}/s | ETA {eta_formatted}`,
            hideCursor: true,
            clearOnComplete: true,
            etaBuffer: 200,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(Math.max(total, 1), 0, { rate: 0 });
      }
      const secs = (performance.now() - t0) / 1000;
      bar.setTotal(Math.max(total, 1));
      bar.update(Math.min(done, Math.max(total, 1)), { rate: secs > 0 ? Math.round(done / secs) : 0 });
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}
