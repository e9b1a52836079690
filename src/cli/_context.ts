/** What every command of the CLI shares: the streams, the exit-code state, and small helpers. */
import { DEFAULTS } from '../defaults.js';
import { UnspunError } from '../errors.js';

export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & AsyncIterable<Buffer>;
  env: NodeJS.ProcessEnv;
}

export interface Context {
  io: Io;
  state: { exitCode: number };
  /** Write a line (a newline is added when missing). */
  write: (s: string) => void;
}

/** The store location: --db, else $UNSPUN_DB, else the default file. */
/** Help text of every command's `--db <location>` option. */
export const DB_HELP =
  'store: a file path, sqlite:PATH or postgres://user:password@host/db (default $UNSPUN_DB, else ./unspun.db)';

export function storeLocation(opt: string | undefined, env: NodeJS.ProcessEnv): string {
  return opt ?? env.UNSPUN_DB ?? DEFAULTS.dbPath;
}

/** A progress bar goes to a terminal only, never to pipes or CI logs. */
export function showProgress(ctx: Context, wanted = true): boolean {
  return wanted && Boolean(ctx.io.stderr.isTTY) && !ctx.io.env.CI;
}

export async function readAll(stream: AsyncIterable<Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8');
}

export function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function nonNegativeInt(v: string, name: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0)
    throw new UnspunError('USAGE', `${name} must be 0 or a positive integer, got "${v}"`);
  return n;
}

export function positiveInt(v: string, name: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0)
    throw new UnspunError('USAGE', `${name} must be a positive integer, got "${v}"`);
  return n;
}

export async function exists(p: string): Promise<boolean> {
  const { access } = await import('node:fs/promises');
  return access(p).then(
    () => true,
    () => false,
  );
}

/** A repeatable option's values, in order (commander's collector: `--exclude-site a --exclude-site b`). */
export const collect = (v: string, acc: string[]): string[] => [...acc, v];
