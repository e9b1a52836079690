/**
 * Start-up benchmark: whole-process wall time of the built CLI, as a user sees it.
 *
 *   npm run bench:startup -- [--articles N] [--runs R] [--build] [--file PATH]
 *
 * Cases, each run R times (default 7) after one untimed warm-up, the cases interleaved round by round so
 * machine noise falls on all of them alike:
 *  - baseline: `node -e ""`, bare Node start-up, measured in the same run;
 *  - `unspun --help`;
 *  - `unspun check FILE --no-corpus` (FILE: examples/demo/farm/farm-01.md);
 *  - `unspun check FILE --db STORE`, STORE holding N generated articles (default 100,000).
 * Prints median, min and max per case, the median less the baseline (unspun's own cost), the ratio to the
 * baseline, and the target beside each.
 *
 * The store is generated once (bench/_gen.ts, seed 1) by piping JSONL into `unspun ingest - --db …` and cached
 * in bench/.cache/ (gitignored), keyed by size and seed; delete the folder to rebuild it. The CLI runs from
 * dist/ (bin/unspun.js): build first (`npm run build`), or pass --build.
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateArticles } from './_gen.js';

const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
const bin = join(repoRoot, 'bin', 'unspun.js');
const cacheDir = join(repoRoot, 'bench', '.cache');
const SEED = 1;

interface Args {
  articles: number;
  runs: number;
  build: boolean;
  file: string;
}

function parseArgs(argv: string[]): Args {
  const a: Args = {
    articles: 100_000,
    runs: 7,
    build: false,
    file: join(repoRoot, 'examples', 'demo', 'farm', 'farm-01.md'),
  };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = argv[i + 1];
    if (k === '--articles' && v) a.articles = Number(v.replace(/_/g, '')) | 0;
    else if (k === '--runs' && v) a.runs = Number(v) | 0;
    else if (k === '--file' && v) a.file = resolve(v);
    else if (k === '--build') {
      a.build = true;
      continue;
    } else {
      console.error('usage: npm run bench:startup -- [--articles N] [--runs R] [--build] [--file PATH]');
      process.exit(2);
    }
    i++;
  }
  if (!(a.articles > 0) || !(a.runs > 0)) {
    console.error('--articles and --runs take positive integers');
    process.exit(2);
  }
  return a;
}

/** Newest modification time under a folder (ms). */
function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p));
    else if (e.isFile()) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

function ensureBuilt(build: boolean): void {
  if (build) {
    console.error('building (npm run build) …');
    const r = spawnSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'inherit' });
    if (r.status !== 0) {
      console.error('npm run build failed: fix the build, then rerun.');
      process.exit(1);
    }
    return;
  }
  const main = join(repoRoot, 'dist', 'cli', 'main.js');
  if (!existsSync(main)) {
    console.error(
      'dist/ is missing: the benchmark runs the built CLI. Run `npm run build` first, or pass --build.',
    );
    process.exit(1);
  }
  if (newest(join(repoRoot, 'src')) > newest(join(repoRoot, 'dist')))
    console.error('warning: src/ is newer than dist/: timing a stale build (pass --build to rebuild first).');
}

function dbFiles(db: string): string[] {
  return ['', '-wal', '-shm'].map((s) => db + s);
}

/** Ingest N generated articles into a new store through the CLI (`ingest -`), then move it into place. */
async function buildStore(db: string, n: number): Promise<void> {
  mkdirSync(cacheDir, { recursive: true });
  const tmp = `${db}.partial`;
  for (const f of dbFiles(tmp)) rmSync(f, { force: true });
  const t0 = performance.now();
  console.error(
    `generating and ingesting ${n.toLocaleString('en-US')} articles into ${db} (cached for reruns) …`,
  );
  const child = spawn(process.execPath, [bin, 'ingest', '-', '--db', tmp, '--no-progress', '--json'], {
    cwd: repoRoot,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => {
    out += c;
  });
  const exited = once(child, 'close');
  let buf = '';
  let i = 0;
  for (const a of generateArticles(n, { seed: SEED })) {
    buf += `${JSON.stringify(a)}\n`;
    if (++i % 10_000 === 0) console.error(`  generated ${i.toLocaleString('en-US')}`);
    if (buf.length > 1 << 20) {
      if (!child.stdin.write(buf)) await once(child.stdin, 'drain');
      buf = '';
    }
  }
  child.stdin.end(buf);
  const [code] = (await exited) as [number | null];
  if (code !== 0) {
    for (const f of dbFiles(tmp)) rmSync(f, { force: true });
    throw new Error(`unspun ingest exited with ${code}`);
  }
  for (const [from, to] of dbFiles(tmp).map((f, k) => [f, dbFiles(db)[k]!] as const))
    if (existsSync(from)) renameSync(from, to);
  console.error(
    `  store ready in ${((performance.now() - t0) / 1000).toFixed(0)} s: ${out.trim().slice(0, 300)}`,
  );
}

interface Case {
  name: string;
  argv: string[];
  /** Target median wall time, ms (none for the baseline). */
  target?: number;
}

/** Wall time of one whole process, ms; throws when it fails. */
function timeOnce(c: Case): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, c.argv, { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - t0;
  if (r.status !== 0)
    throw new Error(`${c.name} exited with ${r.status}: ${r.stderr?.toString().trim().slice(0, 500)}`);
  return ms;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  ensureBuilt(args.build);
  if (!existsSync(args.file)) throw new Error(`no such article file: ${args.file}`);
  const db = join(cacheDir, `startup-${args.articles}-s${SEED}.db`);
  if (!existsSync(db)) await buildStore(db, args.articles);

  const corpusCase: Case = {
    name: `check --db (${args.articles.toLocaleString('en-US')} articles)`,
    argv: [bin, 'check', args.file, '--db', db],
    target: 700,
  };
  // A store cached by an older build may be refused (fingerprint or schema version): rebuild it once.
  try {
    timeOnce(corpusCase);
  } catch (e) {
    console.error(`the cached store fails (${(e as Error).message.split('\n')[0]}): rebuilding it`);
    for (const f of dbFiles(db)) rmSync(f, { force: true });
    await buildStore(db, args.articles);
  }

  const cases: Case[] = [
    { name: 'baseline: node -e ""', argv: ['-e', ''] },
    { name: 'unspun --help', argv: [bin, '--help'], target: 150 },
    { name: 'check --no-corpus', argv: [bin, 'check', args.file, '--no-corpus'], target: 500 },
    corpusCase,
  ];
  const times = cases.map(() => [] as number[]);
  for (const c of cases) timeOnce(c); // warm-up: file-system cache, SQLite pages
  for (let r = 0; r < args.runs; r++) for (const [k, c] of cases.entries()) times[k]!.push(timeOnce(c));

  const base = median(times[0]!);
  const rows = cases.map((c, k) => {
    const ts = times[k]!;
    const med = median(ts);
    const own = k === 0 ? '' : (med - base).toFixed(0);
    const ratio = k === 0 ? '' : `${(med / base).toFixed(1)}×`;
    const target = c.target === undefined ? '' : `≤ ${c.target}`;
    const verdict =
      c.target === undefined ? '' : med <= c.target ? 'met' : `over by ${(med - c.target).toFixed(0)}`;
    return `| ${c.name} | ${med.toFixed(0)} | ${Math.min(...ts).toFixed(0)} | ${Math.max(...ts).toFixed(0)} | ${own} | ${ratio} | ${target} | ${verdict} |`;
  });
  const la = loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
  console.log(
    [
      `Start-up, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} cores (load ${la}), ${args.runs} runs per case after a warm-up; article ${args.file.replace(`${repoRoot}/`, '')}; store ${args.articles.toLocaleString('en-US')} generated articles.`,
      '',
      '| case | median ms | min ms | max ms | median − baseline ms | ratio to baseline | target ms | |',
      '|---|---:|---:|---:|---:|---:|---:|---|',
      ...rows,
    ].join('\n'),
  );
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
