/**
 * A real PostgreSQL server for the tests: the one `.ci/run` started (its URL in UNSPUN_TEST_PG), else a
 * throwaway cluster of our own: `initdb` into a temporary directory (as the `postgres` user when run as root:
 * PostgreSQL refuses to run as root), `pg_ctl start` on 127.0.0.1 at a free port, password authentication over
 * TCP, stopped and deleted at the end. When no PostgreSQL binaries are found, `pgServer()` says why and the
 * tests skip with that message.
 *
 * Also runnable: `tsx test/helpers/postgres.ts start DIR` prints the URL of a cluster kept in DIR;
 * `tsx test/helpers/postgres.ts stop DIR` stops it (what .ci/run does around `npm test`).
 */
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const PASSWORD = 'unspun-test';

/** The directory of PostgreSQL's server programs (initdb, pg_ctl), or null. */
export function pgBinDir(): string | null {
  const fromEnv = process.env.PG_BINDIR;
  if (fromEnv && existsSync(join(fromEnv, 'initdb'))) return fromEnv;
  // Debian keeps them out of PATH, one folder per major version: take the newest.
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(root, versions[0], 'bin');
  }
  for (const dir of (process.env.PATH ?? '').split(':'))
    if (dir && existsSync(join(dir, 'initdb'))) return dir;
  return null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Run a server program, as the postgres user when we are root. */
async function asServerUser(bin: string, args: string[]): Promise<void> {
  if (process.getuid?.() === 0) {
    const user = (await run('id', ['-u', 'postgres']).catch(() => null)) ? 'postgres' : 'nobody';
    await run('setpriv', [
      `--reuid=${user}`,
      `--regid=${user === 'nobody' ? 'nogroup' : user}`,
      '--clear-groups',
      bin,
      ...args,
    ]);
  } else await run(bin, args);
}

export interface PgCluster {
  /** A superuser URL (password authentication) to the `postgres` database. */
  url: string;
  dir: string;
}

/** Start a throwaway cluster in `dir` (created when missing). */
export async function startCluster(dir = mkdtempSync(join(tmpdir(), 'unspun-pg-'))): Promise<PgCluster> {
  const bin = pgBinDir();
  if (!bin) throw new Error('no PostgreSQL server programs (initdb) found');
  mkdirSync(dir, { recursive: true });
  if (process.getuid?.() === 0) {
    const user = (await run('id', ['-u', 'postgres']).catch(() => null)) ? 'postgres' : 'nobody';
    await run('chown', ['-R', user, dir]);
  }
  const data = join(dir, 'data');
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, `${PASSWORD}\n`, { mode: 0o644 });
  await asServerUser(join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '--pwfile',
    pwfile,
    '--auth-local=trust',
    '--auth-host=scram-sha-256',
    '-E',
    'UTF8',
    '--locale=C',
    '--no-sync',
  ]);
  const port = await freePort();
  await asServerUser(join(bin, 'pg_ctl'), [
    '-D',
    data,
    '-l',
    join(dir, 'log'),
    '-o',
    `-h 127.0.0.1 -p ${port} -k ${dir} -F -c max_connections=200`,
    '-w',
    '-t',
    '60',
    'start',
  ]);
  const url = `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`;
  writeFileSync(join(dir, 'url'), url);
  return { url, dir };
}

export async function stopCluster(dir: string): Promise<void> {
  const bin = pgBinDir();
  if (bin && existsSync(join(dir, 'data', 'postmaster.pid'))) {
    await asServerUser(join(bin, 'pg_ctl'), ['-D', join(dir, 'data'), '-m', 'immediate', '-w', 'stop']).catch(
      () => {},
    );
  }
  rmSync(dir, { recursive: true, force: true });
}

export interface PgServer {
  /** A superuser URL to the server's `postgres` database. */
  url: string;
  /** A new, empty database on the server: its URL. */
  newDatabase(): Promise<string>;
  stop(): Promise<void>;
}

let dbCounter = 0;

/** The test server: UNSPUN_TEST_PG, else a cluster of our own; or the reason there is none. */
export async function pgServer(): Promise<PgServer | { skip: string }> {
  let url = process.env.UNSPUN_TEST_PG;
  let own: PgCluster | null = null;
  if (!url) {
    if (!pgBinDir()) {
      return {
        skip: "skipped: PostgreSQL is not installed (no initdb; .ci/run installs Debian's postgresql)",
      };
    }
    try {
      own = await startCluster();
      url = own.url;
    } catch (e) {
      return {
        skip: `skipped: a PostgreSQL cluster could not be started here (${(e as Error).message.split('\n')[0]})`,
      };
    }
  }
  const admin = url;
  return {
    url: admin,
    async newDatabase() {
      const name = `unspun_t${process.pid}_${++dbCounter}_${Math.random().toString(36).slice(2, 8)}`;
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      try {
        await c.query(`CREATE DATABASE ${name}`);
      } finally {
        await c.end();
      }
      const u = new URL(admin);
      u.pathname = `/${name}`;
      return u.href;
    },
    async stop() {
      if (own) await stopCluster(own.dir);
    },
  };
}

// `tsx test/helpers/postgres.ts start|stop DIR`
if (process.argv[1] && /helpers[\\/]postgres\.ts$/.test(process.argv[1])) {
  const [cmd, dir] = process.argv.slice(2);
  if (cmd === 'start' && dir) {
    const c = await startCluster(dir);
    process.stdout.write(`${c.url}\n`);
  } else if (cmd === 'stop' && dir) {
    const url = existsSync(join(dir, 'url')) ? readFileSync(join(dir, 'url'), 'utf8') : '';
    await stopCluster(dir);
    process.stdout.write(`stopped ${url.replace(/:[^:@/]*@/, ':***@')}\n`);
  } else {
    process.stderr.write('usage: tsx test/helpers/postgres.ts start|stop DIR\n');
    process.exitCode = 2;
  }
}
