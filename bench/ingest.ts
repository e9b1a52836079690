/**
 * Ingest benchmark: throughput (articles/s, MB/s) and peak memory of `unspun ingest` on generated JSONL.
 *
 *   npm run bench:ingest -- [--articles N] [--sizes a,b,...] [--out DIR] [--keep] [--seed S]
 *
 * Generates synthetic news-like corpora (bench/_gen.ts) of several sizes (default N/10, N/2 and N, with
 * N = 100000), then runs each step in a child process of its own so its peak RSS is measured cleanly:
 *  - baseline (on the N corpus): the same reader (streamed JSONL, JSON.parse, record checks) and the same
 *    store writes (`addArticles` in batches of the same size), but no normalisation, no segmentation, no
 *    fingerprints and no postings: the I/O floor that ingest cannot beat;
 *  - minhash (on the first `--minhash-articles` of the N corpus, default min(N, 100000)): document-level
 *    MinHash + LSH indexing as datasketch does it, written in TypeScript: the same reader, word 5-shingles of the
 *    title and text, 128 permutations of one 32-bit shingle hash, 32 bands of 4 rows, each band's key appended
 *    to an in-memory bucket table (in memory as datasketch's default; capped because a 1M-document table would
 *    not fit the 1 GB budget);
 *  - ingest (on every size): `ingestPaths` from src/engine/ingest.ts into a fresh SQLite store, the code path
 *    of `unspun ingest`. Flatness: the ingest rate over each tenth of the input is printed too.
 * Prints a table and the ratio of ingest to baseline throughput measured in this run, and peak RSS per size
 * (flat memory means peak RSS does not grow with the corpus). `--keep` keeps the corpora and stores in DIR
 * (corpora found there with the same size and seed are reused).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeJsonl } from './_gen.js';

const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));

interface ChildResult {
  mode: 'ingest' | 'baseline' | 'minhash';
  articles: number;
  added: number;
  rejected: number;
  bytes: number;
  seconds: number;
  /** Peak resident set size of the child, bytes (getrusage ru_maxrss). */
  peakRss: number;
  /** Peak heap used seen by sampling every 50 ms, bytes. */
  peakHeap: number;
  dbBytes: number;
  /** RSS (bytes) when 10 %, 20 %, ... 100 % of the input had been read (ingest runs only). */
  rssByProgress: number[];
  /** The highest RSS seen by sampling every 50 ms, and the share of the input read at that moment. */
  peakRssSample: number;
  peakRssAt: number;
  /** Seconds since the start when 10 %, 20 %, ... 100 % of the input had been read (ingest runs only). */
  timeByProgress: number[];
  /** Articles read by then. */
  addedByProgress: number[];
  /** CPU time of the whole child process (all threads), seconds. */
  cpuSeconds: number;
  /** Worker threads the ingest used. */
  workers: number;
}

function dbSize(db: string): number {
  let n = 0;
  for (const s of ['', '-wal', '-shm']) if (existsSync(db + s)) n += statSync(db + s).size;
  return n;
}

// ---------------------------------------------------------------------------------------------------------
// Child side: one measured run.

/** 32-bit FNV-1a of a string (bench/_baselines.ts has a seeded one, but importing it loads the engine from
 * src/stages.ts into every child, and a child measuring another checkout must not hold two engines). */
function fnv32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * Document-level MinHash + LSH, datasketch-style: 128 permutations (a * h + b over 32 bits, odd a) of one
 * 32-bit hash per word 5-shingle, the signature split into 32 bands of 4 rows; each band's hash goes into that
 * band's bucket table with the document's number. Returns the buckets' total size (so nothing is optimised away).
 */
class MinHashLsh {
  static readonly PERMS = 128;
  static readonly BANDS = 32;
  private readonly a = new Uint32Array(MinHashLsh.PERMS);
  private readonly b = new Uint32Array(MinHashLsh.PERMS);
  private readonly tables = Array.from({ length: MinHashLsh.BANDS }, () => new Map<number, number[]>());
  private readonly sig = new Uint32Array(MinHashLsh.PERMS);
  constructor(seed: number) {
    let x = seed >>> 0 || 1;
    const next = () => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return x >>> 0;
    };
    for (let k = 0; k < MinHashLsh.PERMS; k++) {
      this.a[k] = next() | 1;
      this.b[k] = next();
    }
  }
  insert(doc: number, text: string): void {
    const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
    const sig = this.sig.fill(0xffffffff);
    const seen = new Set<number>();
    for (let i = 0; i + 5 <= Math.max(words.length, 5); i++) {
      const h = fnv32(words.slice(i, i + 5).join(' '));
      if (seen.has(h)) continue;
      seen.add(h);
      for (let k = 0; k < MinHashLsh.PERMS; k++) {
        const v = (Math.imul(this.a[k]!, h) + this.b[k]!) >>> 0;
        if (v < sig[k]!) sig[k] = v;
      }
    }
    const rows = MinHashLsh.PERMS / MinHashLsh.BANDS;
    for (let band = 0; band < MinHashLsh.BANDS; band++) {
      let h = 0x811c9dc5;
      for (let r = 0; r < rows; r++) h = Math.imul(h ^ sig[band * rows + r]!, 0x01000193);
      const t = this.tables[band]!;
      const key = h >>> 0;
      const list = t.get(key);
      if (list) list.push(doc);
      else t.set(key, [doc]);
    }
  }
  size(): number {
    let n = 0;
    for (const t of this.tables) n += t.size;
    return n;
  }
}

async function child(
  mode: string,
  input: string,
  db: string,
  engineRoot: string,
  limit: number,
): Promise<void> {
  const ingestMod = (await import(
    pathToFileURL(join(engineRoot, 'src/engine/ingest.ts')).href
  )) as typeof import('../src/engine/ingest.js');
  // The SQLite adapter has its own module since the engine redesign; older checkouts export it from the port.
  const sqliteModule = existsSync(join(engineRoot, 'src/store/sqlite.ts'))
    ? 'src/store/sqlite.ts'
    : 'src/store/index.ts';
  const storeMod = (await import(
    pathToFileURL(join(engineRoot, sqliteModule)).href
  )) as typeof import('../src/store/sqlite.js');
  const ingestSrc = (await import(
    pathToFileURL(join(engineRoot, 'src/ingest/index.ts')).href
  )) as typeof import('../src/ingest/index.js');
  const { DEFAULTS } = (await import(
    pathToFileURL(join(engineRoot, 'src/defaults.ts')).href
  )) as typeof import('../src/defaults.js');
  for (const s of ['', '-wal', '-shm']) rmSync(db + s, { force: true });
  let peakHeap = 0;
  let peakRssSample = 0;
  let peakRssAt = 0;
  let progress = 0;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    if (m.rss > peakRssSample) {
      peakRssSample = m.rss;
      peakRssAt = progress;
    }
  }, 50);
  const store = storeMod.openSqliteStore(db);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let added = 0;
  let rejected = 0;
  let bytes = 0;
  const rssByProgress: number[] = [];
  const timeByProgress: number[] = [];
  const addedByProgress: number[] = [];
  let workers = 0;
  if (mode === 'minhash') {
    const plan = await ingestSrc.planInputs([input]);
    const lsh = new MinHashLsh(1);
    for await (const item of ingestSrc.readInputs(plan.inputs, { onBytes: (n) => (bytes += n) })) {
      if (item.kind !== 'article') {
        if (item.kind === 'rejected') rejected++;
        continue;
      }
      lsh.insert(added++, `${item.article.title}\n${item.article.text}`);
      if (added >= limit) break;
    }
    if (lsh.size() === 0) throw new Error('minhash baseline indexed nothing');
  } else if (mode === 'ingest') {
    const s = await ingestMod.ingestPaths(store, [input], {
      onProgress: (p) => {
        if (p.bytesTotal > 0) progress = p.bytesDone / p.bytesTotal;
        while (p.bytesTotal > 0 && p.bytesDone >= ((rssByProgress.length + 1) / 10) * p.bytesTotal) {
          rssByProgress.push(process.memoryUsage().rss);
          timeByProgress.push((performance.now() - t0) / 1000);
          addedByProgress.push(p.articles);
        }
      },
    });
    added = s.added;
    rejected = s.rejected.length;
    bytes = s.bytes;
    workers = s.workers;
  } else {
    const plan = await ingestSrc.planInputs([input]);
    let batch: import('../src/store/index.js').PreparedArticle[] = [];
    const flush = async () => {
      for (const o of await store.addArticles(batch)) if (o.status === 'added') added++;
      batch = [];
    };
    for await (const item of ingestSrc.readInputs(plan.inputs, { onBytes: (n) => (bytes += n) })) {
      if (item.kind !== 'article') {
        if (item.kind === 'rejected') rejected++;
        continue;
      }
      const a = item.article;
      const hash = createHash('sha256').update(a.title).update(a.text).digest('hex').slice(0, 32);
      batch.push({ key: ingestMod.articleKey(a, hash), hash, input: a, sentences: [] });
      if (batch.length >= DEFAULTS.ingestBatch) await flush();
    }
    await flush();
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  await store.close();
  clearInterval(sampler);
  const out: ChildResult = {
    mode: mode as ChildResult['mode'],
    articles: added + rejected,
    added,
    rejected,
    bytes,
    seconds,
    peakRss: process.resourceUsage().maxRSS * 1024,
    peakHeap,
    dbBytes: dbSize(db),
    rssByProgress,
    peakRssSample,
    peakRssAt,
    timeByProgress,
    addedByProgress,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    workers,
  };
  process.stdout.write(`\n@@RESULT ${JSON.stringify(out)}\n`);
}

// ---------------------------------------------------------------------------------------------------------
// Parent side.

function runChild(
  mode: string,
  input: string,
  db: string,
  engineRoot: string,
  limit = 0,
): Promise<ChildResult> {
  return new Promise((res, rej) => {
    const p = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        fileURLToPath(import.meta.url),
        '--child',
        mode,
        input,
        db,
        engineRoot,
        String(limit),
      ],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    p.on('error', rej);
    p.on('close', (code) => {
      const m = /@@RESULT (.*)/.exec(out);
      if (code !== 0 || !m)
        rej(new Error(`child ${mode} ${input} failed (exit ${code}): ${out.slice(-2000)}`));
      else res(JSON.parse(m[1]!) as ChildResult);
    });
  });
}

interface Args {
  articles: number;
  sizes: number[];
  out: string | undefined;
  keep: boolean;
  seed: number;
  minhashArticles: number;
  engineRoot: string;
}

function parseArgs(argv: string[]): Args {
  const a: Args = {
    articles: 100_000,
    sizes: [],
    out: undefined,
    keep: false,
    seed: 1,
    minhashArticles: 0,
    engineRoot: repoRoot,
  };
  const num = (v: string | undefined, name: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} needs a positive integer, got ${v}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (k === '--articles') a.articles = num(argv[++i], k);
    else if (k === '--sizes') a.sizes = (argv[++i] ?? '').split(',').map((s) => num(s, '--sizes'));
    else if (k === '--out') a.out = argv[++i];
    else if (k === '--keep') a.keep = true;
    else if (k === '--seed') a.seed = num(argv[++i], k);
    else if (k === '--minhash-articles') a.minhashArticles = num(argv[++i], k);
    // Measure another checkout's engine (for before/after comparisons): a directory with src/ and node_modules.
    else if (k === '--engine-root') a.engineRoot = resolve(argv[++i] ?? '.');
    else if (k === '--help' || k === '-h') {
      console.log(
        'usage: npm run bench:ingest -- [--articles N] [--sizes a,b,...] [--out DIR] [--keep] [--seed S] [--minhash-articles M]',
      );
      process.exit(0);
    } else throw new Error(`unknown option ${k}`);
  }
  if (a.sizes.length === 0) {
    a.sizes = [Math.round(a.articles / 10), Math.round(a.articles / 2), a.articles].filter((n) => n > 0);
  }
  a.sizes = [...new Set([...a.sizes, a.articles])].sort((x, y) => x - y);
  return a;
}

async function corpus(dir: string, n: number, seed: number): Promise<{ path: string; bytes: number }> {
  const path = join(dir, `corpus-${n}-s${seed}.jsonl`);
  const sidecar = `${path}.done`;
  if (existsSync(path) && existsSync(sidecar)) {
    const info = JSON.parse(readFileSync(sidecar, 'utf8')) as { bytes: number };
    if (statSync(path).size === info.bytes) return { path, bytes: info.bytes };
  }
  const t = performance.now();
  const { bytes } = await writeJsonl(path, n, { seed });
  writeFileSync(sidecar, JSON.stringify({ n, seed, bytes }));
  console.error(
    `generated ${n} articles (${(bytes / 1e6).toFixed(1)} MB) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  return { path, bytes };
}

const mb = (b: number) => (b / 1e6).toFixed(1);

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const dir = args.out ? resolve(args.out) : mkdtempSync(join(tmpdir(), 'unspun-bench-ingest-'));
  mkdirSync(dir, { recursive: true });
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `machine: ${cpus().length} cores (${cpu}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}`,
  );
  console.log(`corpus sizes: ${args.sizes.join(', ')} articles (seed ${args.seed}); work dir ${dir}`);
  try {
    const corpora = new Map<number, { path: string; bytes: number }>();
    for (const n of args.sizes) corpora.set(n, await corpus(dir, n, args.seed));
    const big = corpora.get(args.articles)!;

    const db = (name: string) => join(dir, `${name}.db`);
    const drop = (p: string) => {
      if (!args.keep) for (const s of ['', '-wal', '-shm']) rmSync(p + s, { force: true });
    };
    const load = () => loadavg()[0]!.toFixed(2);
    const loads: string[] = [];
    let before = load();
    const base = await runChild('baseline', big.path, db(`baseline-${args.articles}`), args.engineRoot);
    loads.push(`baseline ${before}/${load()}`);
    drop(db(`baseline-${args.articles}`));
    const mhN = args.minhashArticles || Math.min(args.articles, 100_000);
    before = load();
    const mh = await runChild('minhash', big.path, db('minhash'), args.engineRoot, mhN);
    loads.push(`minhash ${before}/${load()}`);
    drop(db('minhash'));
    const runs: ChildResult[] = [];
    for (const n of args.sizes) {
      before = load();
      const r = await runChild('ingest', corpora.get(n)!.path, db(`ingest-${n}`), args.engineRoot);
      loads.push(`ingest ${n} ${before}/${load()}`);
      drop(db(`ingest-${n}`));
      runs.push(r);
      console.error(`ingest ${n}: ${(r.added / r.seconds).toFixed(0)} articles/s`);
    }

    const cols: [string, number][] = [
      ['run', 10],
      ['articles', 8],
      ['MB in', 7],
      ['seconds', 8],
      ['articles/s', 10],
      ['MB/s', 6],
      ['CPU s', 7],
      ['art/CPU-s', 9],
      ['threads', 7],
      ['peak RSS', 9],
      ['peak heap', 9],
      ['DB MB', 7],
    ];
    const line = (vals: string[]) =>
      vals.map((v, i) => (i === 0 ? v.padEnd(cols[i]![1]) : v.padStart(cols[i]![1]))).join(' ');
    const row = (label: string, r: ChildResult) =>
      line([
        label,
        String(r.articles),
        mb(r.bytes),
        r.seconds.toFixed(1),
        (r.added / r.seconds).toFixed(0),
        (r.bytes / 1e6 / r.seconds).toFixed(2),
        r.cpuSeconds.toFixed(1),
        (r.added / r.cpuSeconds).toFixed(0),
        r.mode === 'ingest' ? String(1 + (r.workers ?? 0)) : '1',
        mb(r.peakRss),
        mb(r.peakHeap),
        mb(r.dbBytes),
      ]);
    console.log('');
    console.log(line(cols.map((c) => c[0])));
    console.log(row('baseline', base));
    console.log(row('minhash', mh));
    for (const r of runs) console.log(row('ingest', r));
    const full = runs[runs.length - 1]!;
    const ratio = full.added / full.seconds / (base.added / base.seconds);
    console.log('');
    console.log(
      `ingest throughput at ${args.articles} articles: ${(full.added / full.seconds).toFixed(0)} articles/s, ` +
        `${(full.bytes / 1e6 / full.seconds).toFixed(2)} MB/s`,
    );
    console.log(
      `ratio ingest / baseline (read+parse+store, no analysis): ${ratio.toFixed(3)} ` +
        `(ingest takes ${(1 / ratio).toFixed(2)}x the baseline's time)`,
    );
    const mhRatio = full.added / full.seconds / (mh.added / mh.seconds);
    console.log(
      `ratio ingest / MinHash+LSH (128 permutations, ${mh.added} articles): ${mhRatio.toFixed(3)} ` +
        `(MinHash+LSH: ${(mh.added / mh.seconds).toFixed(0)} articles/s, ${(mh.added / mh.cpuSeconds).toFixed(0)} per CPU-second)`,
    );
    for (const r of runs) {
      const rates = r.timeByProgress.map((t, i) => {
        const dt = t - (i === 0 ? 0 : r.timeByProgress[i - 1]!);
        const da = r.addedByProgress[i]! - (i === 0 ? 0 : r.addedByProgress[i - 1]!);
        return dt > 0 ? (da / dt).toFixed(0) : '-';
      });
      console.log(`ingest ${r.articles}: articles/s over each tenth of the input: ${rates.join(', ')}`);
    }
    const rss = runs.map((r) => r.peakRss);
    console.log(
      `peak RSS by corpus size: ${runs.map((r) => `${r.articles}: ${mb(r.peakRss)} MB`).join(', ')}; ` +
        `largest/smallest ${(Math.max(...rss) / Math.min(...rss)).toFixed(2)}`,
    );
    console.log(
      `RSS during the ${args.articles}-article run at 10 %, 20 %, ... of the input (MB): ` +
        full.rssByProgress.map((b) => mb(b)).join(', '),
    );
    for (const r of runs) {
      console.log(
        `ingest ${r.articles}: highest RSS sampled every 50 ms ${mb(r.peakRssSample)} MB, with ${(100 * r.peakRssAt).toFixed(1)} % of the input read`,
      );
    }
    console.log(
      `1-minute load average before/after each run (other processes share the CPUs): ${loads.join('; ')}`,
    );
    if (full.rejected > 0) console.log(`warning: ${full.rejected} records were rejected`);
  } finally {
    if (!args.keep) rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') {
  const [, , , mode = '', input = '', db = '', engineRoot = repoRoot, limit = '0'] = process.argv;
  await child(mode, input, db, engineRoot, Number(limit));
} else {
  await main();
}
