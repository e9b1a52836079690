/**
 * Generated news-like articles as JSONL on standard output (bench/_gen.ts: seeded, same corpus for the same
 * seed as the benchmarks' files), to feed a big ingest without keeping the input on disk:
 *
 *   npx tsx bench/gen.ts --articles 1000000 --seed 1 | node bin/unspun.js ingest - --db big.db
 *
 * `--skip K` starts at the K-th article of that sequence (to continue an interrupted run).
 */
import { ArticleGenerator } from './_gen.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : dflt;
};
const count = (name: string, dflt: string): number => {
  const v = Number(opt(name, dflt));
  if (!Number.isSafeInteger(v) || v < 0) {
    console.error(`bench/gen: --${name} must be a whole number ≥ 0, not "${opt(name, dflt)}"`);
    process.exit(2);
  }
  return v;
};
const N = count('articles', '100000');
const SEED = count('seed', '1');
const SKIP = count('skip', '0');

/** Resolves when `out` can take more, or is closed. */
function drained(out: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
  });
}

async function main(): Promise<void> {
  const out = process.stdout;
  let closed = false;
  // A reader that stops early (head, a failed ingest) is not an error of ours.
  out.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    closed = true;
  });
  const g = new ArticleGenerator({ seed: SEED });
  let buf = '';
  for (let i = 0; i < N + SKIP && !closed; i++) {
    const a = g.next();
    if (i < SKIP) continue;
    buf += `${JSON.stringify(a)}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await drained(out);
      buf = '';
    }
  }
  if (!closed) out.write(buf);
}

main().catch((e) => {
  console.error(`bench/gen: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
