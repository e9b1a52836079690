/**
 * The `unspun` command line: a thin shell over the engine (src/engine/engine.ts). Each command lives in its own
 * file under commands/ and loads the engine, the store driver and the renderers only when it runs, so that
 * `unspun --help` starts fast. `run` is the only place that prints errors or sets the exit code. Exit codes:
 * 0 ok, 1 an I/O or data error, 2 wrong usage.
 */

import { describeError, isUnspunError } from '../errors.js';
import { neutraliseControls } from '../report/safe-text.js';
import { Command, CommanderError } from './_commander.js';
import type { Context, Io } from './_context.js';
import * as audit from './commands/audit.js';
import * as check from './commands/check.js';
import * as compact from './commands/compact.js';
import * as headline from './commands/headline.js';
import * as ingest from './commands/ingest.js';
import * as migrate from './commands/migrate.js';
import * as network from './commands/network.js';
import * as reindex from './commands/reindex.js';
import * as serve from './commands/serve.js';
import * as shard from './commands/shard.js';
import * as stats from './commands/stats.js';
import * as watch from './commands/watch.js';

export type { Io };

const VERSION = '0.1.0';

/** A message as one safe line: file names and input text in it may hold control characters or newlines. */
function oneLine(s: string): string {
  return neutraliseControls(s.replace(/\s*\n\s*/g, ' '));
}

export function buildProgram(io: Io, state: { exitCode: number } = { exitCode: 0 }): Command {
  const program = new Command();
  const ctx: Context = { io, state, write: (s: string) => io.stdout.write(s.endsWith('\n') ? s : `${s}\n`) };
  program
    .name('unspun')
    .description(
      'Trace spun, stitched and re-headlined news articles back to their sources.\n' +
        'Corpus: an embedded SQLite file (--db PATH or sqlite:PATH, or $UNSPUN_DB, default ./unspun.db), or a PostgreSQL database (--db postgres://user:password@host/db).',
    )
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .exitOverride();
  for (const command of [
    ingest,
    watch,
    reindex,
    compact,
    stats,
    check,
    headline,
    audit,
    network,
    serve,
    migrate,
    shard,
  ])
    command.register(program, ctx);
  return program;
}

/** Run the CLI with the given streams; resolves to the exit code. */
export async function run(argv: string[], io: Io): Promise<number> {
  const state = { exitCode: 0 };
  const program = buildProgram(io, state);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return state.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version are not errors; commander has already printed its one-line message.
      if (
        e.code === 'commander.helpDisplayed' ||
        e.code === 'commander.version' ||
        e.code === 'commander.help'
      )
        return 0;
      return 2;
    }
    if (isUnspunError(e)) {
      io.stderr.write(`unspun: ${oneLine(e.message)}\n`);
      return e.code === 'USAGE' ? 2 : 1;
    }
    io.stderr.write(`unspun: unexpected error: ${oneLine(describeError(e))}\n`);
    if (io.env.UNSPUN_DEBUG) io.stderr.write(`${(e as Error).stack ?? ''}\n`);
    return 1;
  }
}

/**
 * Output that cannot be written ends the process with one line, never a stack trace: a closed pipe
 * (`unspun stats | head -1`) quietly, as other Unix tools do; a full disk or another write error with exit 1.
 */
function guardOutput(stream: NodeJS.WriteStream): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    const reason = e.code === 'ENOSPC' ? 'no space left on device' : (e.message.split('\n')[0] ?? String(e));
    try {
      if (stream !== process.stderr) process.stderr.write(`unspun: cannot write output: ${reason}\n`);
    } catch {
      // stderr itself is gone: nothing more can be said.
    }
    process.exit(1);
  });
}

export async function runMain(argv: string[]): Promise<void> {
  guardOutput(process.stdout);
  guardOutput(process.stderr);
  const code = await run(argv, {
    stdout: process.stdout,
    stderr: process.stderr,
    // Opened only by a command that reads it (making the stream costs a few ms at every start).
    get stdin() {
      return process.stdin as NodeJS.ReadableStream & AsyncIterable<Buffer>;
    },
    env: process.env,
  });
  process.exitCode = code;
}
