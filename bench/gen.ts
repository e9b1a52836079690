/**
 * Generated news-like articles as JSONL on standard output (bench/_gen.ts: seeded, same corpus for the same
 * seed as the benchmarks' files), to feed a big ingest without keeping the input on disk:
 *
 *   npx tsx bench/gen.ts --articles 1000000 --seed 1 | node bin/unspun.js ingest - --db big.db
 *
 * `--skip K` starts at the K-th article of that sequence (to continue an interrupted run).
 */
import { writeJsonlTo } from './_gen.js';

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

async function main(): Promise<void> {
  // A reader that stops early (head, a failed ingest) is not an error of ours: writing stops once stdout closes.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
  await writeJsonlTo(process.stdout, N, { seed: SEED, skip: SKIP });
}

main().catch((e) => {
  console.error(`bench/gen: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
