/**
 * Load test of `unspun serve`: `npm run bench:serve [-- --articles N --seed S --seconds T --connections C
 * --workers W --held H]`.
 *
 * A synthetic news world (bench/_copyworld.ts: wires, outlets, farms that spin and stitch) of N + H articles; the
 * first N by publication time are the corpus (built once into bench/.cache/), the last H are the articles checked:
 * new farm and outlet stories against an existing corpus, as a fact-checker would paste them. The server runs as
 * its own process (`unspun serve`, the built CLI); autocannon drives `POST /api/check` with C concurrent clients
 * for T seconds, every request a different article (no report cache hit). Meanwhile a probe loads `/healthz` and
 * the check page every 250 ms, and the server's RSS is sampled every second.
 *
 * Two runs in the same process, the same corpus and the same requests: the baseline with the checks on the
 * server's main thread (--workers 0), then the default (check worker threads). The ratio lines compare them.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { createEngine } from '../src/index.js';
import { generateWorld, inputOf } from './_copyworld.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : dflt;
};
const N = Number(opt('articles', '100000'));
const SEED = Number(opt('seed', '29'));
const HELD = Number(opt('held', '2000'));
const SECONDS = Number(opt('seconds', '60'));
const CONNECTIONS = Number(opt('connections', '32'));
const WORKERS = opt('workers', '');

const out = (s = '') => process.stdout.write(`${s}\n`);

interface CheckBody {
  headline: string;
  body: string;
  url: string;
  site: string;
  published: string;
}

async function corpus(): Promise<{ db: string; requests: CheckBody[] }> {
  const world = generateWorld({ articles: N + HELD, seed: SEED });
  const ordered = [...world.articles].sort(
    (a, b) => a.published.localeCompare(b.published) || a.id.localeCompare(b.id),
  );
  const stored = ordered.slice(0, ordered.length - HELD);
  const held = ordered.slice(ordered.length - HELD);
  const dir = join('bench', '.cache');
  mkdirSync(dir, { recursive: true });
  const db = join(dir, `serve-${N}-${SEED}.db`);
  if (!existsSync(db)) {
    out(`building the corpus: ${stored.length} articles into ${db} (once; cached)`);
    const tmp = `${db}.building`;
    rmSync(tmp, { force: true });
    const engine = createEngine({ store: tmp });
    const t0 = Date.now();
    await engine.ingest(stored.map(inputOf));
    await engine.close();
    renameSync(tmp, db);
    for (const suffix of ['-wal', '-shm']) rmSync(`${tmp}${suffix}`, { force: true });
    out(`  built in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  const requests = held.map((a) => ({
    headline: a.title,
    body: a.text,
    url: a.url,
    site: a.site,
    published: a.published,
  }));
  return { db, requests };
}

function startServer(db: string, workers: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const argv = ['bin/unspun.js', 'serve', '--db', db, '--port', '0', '--rate-limit', '0'];
    if (workers !== '') argv.push('--workers', workers);
    const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let buf = '';
    child.stdout!.on('data', (c: Buffer) => {
      buf += c.toString();
      const m = /serving (http:\/\/\S+)/.exec(buf);
      if (m) resolve({ child, url: m[1]! });
    });
    child.stderr!.on('data', (c: Buffer) => process.stderr.write(c));
    child.on('exit', (code) => reject(new Error(`the server exited (${code}) before it listened`)));
  });
}

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

interface RunResult {
  label: string;
  workers: number;
  requests: number;
  perSecond: number;
  errors: number;
  non2xx: number;
  p50: number;
  p99: number;
  healthP50: number;
  healthP99: number;
  healthMax: number;
  pageP99: number;
  probeFailures: number;
  rssStart: number;
  rssPeak: number;
}

/**
 * The n-th request body: the held-out articles in turn, each time with its own byline, so that no two requests
 * are the same input (the server keeps reports of identical inputs for their permalinks).
 */
const bodyOf = (requests: CheckBody[], n: number) =>
  JSON.stringify({ ...requests[n % requests.length]!, byline: `Load test request ${n}` });

async function run(label: string, db: string, requests: CheckBody[], workers: string): Promise<RunResult> {
  const { child, url } = await startServer(db, workers);
  const pid = child.pid!;
  const health = (await (await fetch(`${url}/healthz`)).json()) as { checks: { workers: number } };
  // Warm up: the store's pages and the models, as a running server has them.
  for (let i = 0; i < 8; i++) {
    await fetch(`${url}/api/check`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: bodyOf(requests, 1_000_000 + i),
    });
  }
  const rssStart = rssMb(pid);
  let rssPeak = rssStart;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, rssMb(pid));
  }, 1000);
  const healthMs: number[] = [];
  const pageMs: number[] = [];
  let probeFailures = 0;
  let probing = true;
  const probe = (async () => {
    while (probing) {
      for (const [path, into] of [
        ['/healthz', healthMs],
        ['/', pageMs],
      ] as const) {
        const t = performance.now();
        try {
          const r = await fetch(`${url}${path}`, { signal: AbortSignal.timeout(30_000) });
          await r.arrayBuffer();
          if (!r.ok) probeFailures++;
          into.push(performance.now() - t);
        } catch {
          probeFailures++;
        }
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  let next = 8;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    timeout: 60,
    requests: [
      {
        method: 'POST',
        path: '/api/check',
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: bodyOf(requests, next++) }),
      },
    ],
  });
  probing = false;
  await probe;
  clearInterval(sampler);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  return {
    label,
    workers: health.checks.workers,
    requests: result.requests.total,
    perSecond: result.requests.average,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    p50: result.latency.p50,
    p99: result.latency.p99,
    healthP50: pct(healthMs, 50),
    healthP99: pct(healthMs, 99),
    healthMax: Math.max(...healthMs),
    pageP99: pct(pageMs, 99),
    probeFailures,
    rssStart,
    rssPeak,
  };
}

const { db, requests } = await corpus();
out(
  `machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`,
);
out(
  `corpus: ${N} articles (seed ${SEED}); ${requests.length} held-out articles checked; ${CONNECTIONS} clients, ${SECONDS} s`,
);
const base = await run('baseline: checks on the main thread', db, requests, '0');
const pool = await run('check worker threads', db, requests, WORKERS);
const f = (x: number, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : '-');
out();
out(
  '| run | workers | checks | checks/s | errors | non-2xx | p50 ms | p99 ms | /healthz p50 / p99 / max ms | page p99 ms | RSS start → peak MB |',
);
out('|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of [base, pool]) {
  out(
    `| ${r.label} | ${r.workers} | ${r.requests} | ${f(r.perSecond, 1)} | ${r.errors + r.probeFailures} | ${r.non2xx} | ${f(r.p50)} | ${f(r.p99)} | ${f(r.healthP50, 1)} / ${f(r.healthP99, 1)} / ${f(r.healthMax, 1)} | ${f(r.pageP99, 1)} | ${f(r.rssStart)} → ${f(r.rssPeak)} |`,
  );
}
out();
out(
  `ratio (workers / baseline): throughput ${f(pool.perSecond / base.perSecond, 2)}x, check p99 ${f(pool.p99 / base.p99, 2)}x, /healthz p99 ${f(pool.healthP99 / base.healthP99, 3)}x`,
);
