/** Shared test helpers: temp dirs, the ../shared locator, an in-process CLI runner. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { run } from '../../src/cli/main.js';

export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const sharedDir = resolve(repoRoot, '..', 'shared');

/** The ../shared folder when present, else null (callers skip with a clear message). */
export function shared(sub = ''): string | null {
  const p = join(sharedDir, sub);
  return existsSync(p) ? p : null;
}
export const SHARED_MISSING = 'skipped: ../shared is not present (evaluation data lives there)';

export function tempDir(prefix = 'unspun-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Run the CLI in-process; returns exit code and captured output. */
export async function cli(
  args: string[],
  opts: { stdin?: string; env?: Record<string, string> } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (c) => {
    stdout += c;
  });
  err.on('data', (c) => {
    stderr += c;
  });
  const stdin = new PassThrough();
  stdin.end(opts.stdin ?? '');
  const code = await run(args, {
    stdout: out,
    stderr: err,
    stdin: stdin as unknown as NodeJS.ReadableStream & AsyncIterable<Buffer>,
    env: { ...(opts.env ?? {}) },
  });
  return { code, stdout, stderr };
}
