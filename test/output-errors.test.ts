/** A full disk or a closed pipe on standard output ends unspun with one line (or quietly), never a stack trace. */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from './helpers/index.js';

const bin = join(repoRoot, 'bin', 'unspun.js');
const farm = join(repoRoot, 'examples', 'demo', 'farm', 'farm-01.md');

describe('output errors', () => {
  it('says "no space left on device" in one line when stdout is /dev/full', {
    skip: !existsSync('/dev/full') && 'no /dev/full here',
  }, () => {
    const r = spawnSync(process.execPath, [bin, 'check', '--no-corpus', farm], {
      stdio: ['ignore', openSync('/dev/full', 'w'), 'pipe'],
      encoding: 'utf8',
    });
    assert.equal(r.status, 1);
    assert.equal(r.stderr.trim(), 'unspun: cannot write output: no space left on device');
  });

  it('stops quietly when the reader of its output goes away', async () => {
    const child = spawn(process.execPath, [bin, 'check', '--no-corpus', farm], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c) => {
      stderr += c;
    });
    // Read the first chunk, then close the pipe, as `| head -1` does.
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    assert.doesNotMatch(stderr, /\n\s+at |Error:/, stderr);
    assert.ok(code === 0 || code === 1, `exit code ${code}`);
  });
});
