/**
 * The `unspun` command line: a thin shell that parses arguments, calls the engine and renders. `runMain` is the
 * only place that prints errors or sets the exit code. Exit codes: 0 ok, 1 I/O or data error, 2 wrong usage.
 */
import { Command, CommanderError, Option } from 'commander';
import { DEFAULTS } from '../defaults.js';
import { checkArticle } from '../engine/check.js';
import { ingestPaths } from '../engine/ingest.js';
import { learnFromReport } from '../engine/learn.js';
import { loadArticle } from '../engine/load.js';
import { reindexStore } from '../engine/reindex.js';
import { describeError, isUnspunError, UnspunError } from '../errors.js';
import {
  loadHeadlineModel,
  readFncPairs,
  readHeadlinePairsJsonl,
  scoreHeadlinePairs,
} from '../headline/index.js';
import { renderHtml } from '../report/html.js';
import { renderTerminal } from '../report/terminal.js';
import { openSqliteStore, type Store } from '../store/index.js';
import { progressReporter } from './_progress.js';

const VERSION = '0.1.0';

interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & AsyncIterable<Buffer>;
  env: NodeJS.ProcessEnv;
}

function dbPath(opt: string | undefined, env: NodeJS.ProcessEnv): string {
  return opt ?? env.UNSPUN_DB ?? DEFAULTS.dbPath;
}

async function readAll(stream: AsyncIterable<Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8');
}

function useColor(io: Io, flag: boolean | undefined): boolean {
  if (flag === false || io.env.NO_COLOR) return false;
  return Boolean(io.stdout.isTTY) || flag === true;
}

function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Open the store for a command; `mustExist` refuses to create an empty one by accident. */
function openStore(path: string, mustExist: boolean): Store {
  return openSqliteStore(path, { mustExist });
}

export function buildProgram(io: Io, state: { exitCode: number } = { exitCode: 0 }): Command {
  const program = new Command();
  const write = (s: string) => io.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
  program
    .name('unspun')
    .description(
      'Trace spun, stitched and re-headlined news articles back to their sources.\n' +
        'Corpus: an embedded SQLite file (--db PATH, or $UNSPUN_DB, default ./unspun.db).',
    )
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .exitOverride();

  program
    .command('ingest')
    .description(
      'Add articles to the corpus. PATH: .txt/.md (first line = headline, optional YAML front matter), .html, ' +
        '.jsonl, .csv (fields id, url, site, title, published, text|html), a directory (recursive), or - for JSONL on stdin.',
    )
    .argument('<paths...>', 'files, directories, or - for standard input')
    .option('--db <path>', 'store file')
    .option('--json', 'print the summary as JSON')
    .option('--no-progress', 'never show a progress bar')
    .option('--batch <n>', 'articles per transaction', (v) => positiveInt(v, '--batch'), DEFAULTS.ingestBatch)
    .option(
      '--workers <n>',
      'worker threads for normalisation and fingerprints (default: one per core, up to 8, for large inputs; 0 = none)',
      (v) => nonNegativeInt(v, '--workers'),
    )
    .action(
      async (
        paths: string[],
        o: { db?: string; json?: boolean; progress: boolean; batch: number; workers?: number },
      ) => {
        const store = openStore(dbPath(o.db, io.env), false);
        const progress = progressReporter(
          io.stderr,
          o.progress && !o.json && Boolean(io.stderr.isTTY) && !io.env.CI,
        );
        try {
          const summary = await ingestPaths(store, paths, {
            batchSize: o.batch,
            ...(o.workers !== undefined ? { workers: o.workers } : {}),
            onProgress: progress.update,
            stdin: io.stdin,
          });
          progress.stop();
          if (o.json) write(JSON.stringify(summary, null, 2));
          else {
            write(
              `ingested ${summary.files} input(s), ${fmtBytes(summary.bytes)} in ${summary.seconds.toFixed(1)} s: ` +
                `${summary.added} added, ${summary.duplicates} duplicate(s), ${summary.rejected.length} rejected` +
                (summary.skippedFiles ? `, ${summary.skippedFiles} file(s) of other types skipped` : ''),
            );
            const shown = summary.rejected.slice(0, 20);
            for (const r of shown) write(`  rejected ${r.file}${r.line ? `:${r.line}` : ''}: ${r.reason}`);
            if (summary.rejected.length > shown.length) {
              write(`  … and ${summary.rejected.length - shown.length} more (use --json for all)`);
            }
          }
          if (summary.added + summary.duplicates === 0 && summary.rejected.length > 0) state.exitCode = 1;
        } finally {
          progress.stop();
          await store.close();
        }
      },
    );

  program
    .command('reindex')
    .description(
      "Rebuild the corpus's fingerprints with this version's algorithm (needed after an upgrade changes it).",
    )
    .option('--db <path>', 'store file')
    .option('--json', 'print the summary as JSON')
    .action(async (o: { db?: string; json?: boolean }) => {
      const store = openStore(dbPath(o.db, io.env), true);
      try {
        const progress = progressReporter(io.stderr, !o.json && Boolean(io.stderr.isTTY) && !io.env.CI);
        let r: Awaited<ReturnType<typeof reindexStore>>;
        try {
          r = await reindexStore(store, {
            onProgress: (done, total) =>
              progress.update({ bytesDone: done, bytesTotal: total, articles: done }),
          });
        } finally {
          progress.stop();
        }
        if (o.json) write(JSON.stringify(r, null, 2));
        else
          write(
            `reindexed ${r.articles} article(s) in ${r.seconds.toFixed(1)} s: fingerprints ${r.from ?? '-'} -> ${r.to}`,
          );
      } finally {
        await store.close();
      }
    });

  program
    .command('stats')
    .description('Show what the corpus holds: articles, sites, date range, store size.')
    .option('--db <path>', 'store file')
    .option('--json', 'print as JSON')
    .action(async (o: { db?: string; json?: boolean }) => {
      const store = openStore(dbPath(o.db, io.env), true);
      try {
        const s = await store.stats();
        if (o.json) write(JSON.stringify(s, null, 2));
        else {
          write(`articles:  ${s.articles}`);
          write(`sentences: ${s.sentences}`);
          write(`sites:     ${s.sites}`);
          write(`dates:     ${s.earliest ?? '-'} … ${s.latest ?? '-'}`);
          write(`size:      ${s.sizeBytes === null ? '-' : fmtBytes(s.sizeBytes)}`);
          write(`schema:    v${s.schemaVersion}, fingerprints ${s.fingerprintVersion ?? '-'}`);
          if (s.topSites.length) {
            write('top sites:');
            for (const t of s.topSites) write(`  ${String(t.articles).padStart(7)}  ${t.site}`);
          }
        }
      } finally {
        await store.close();
      }
    });

  program
    .command('check')
    .description(
      'Check one article (a file, a URL, or - for standard input): its sentences, where each came from in the ' +
        'corpus, what a spinner changed, the headline, quotes and entities.',
    )
    .argument('<article>', 'file (.txt, .md, .html, .json), http(s) URL, or -')
    .option('--db <path>', 'store file holding the corpus to trace against')
    .option('--no-corpus', 'run only the checks that need no corpus')
    .option(
      '--learn',
      "add the spinner substitutions this check recovers to the corpus's learned table (pairs seen in 3+ articles are then flagged without a source)",
    )
    .option('--json', 'print the report as JSON (schema: schema/report.schema.json)')
    .option('--html', 'print the report as a standalone HTML page')
    .addOption(new Option('--color', 'force colour').conflicts('noColor'))
    .option('--no-color', 'no colour')
    .action(
      async (
        arg: string,
        o: { db?: string; corpus: boolean; learn?: boolean; json?: boolean; html?: boolean; color?: boolean },
      ) => {
        if (o.json && o.html) throw new UnspunError('USAGE', 'choose one of --json and --html');
        const input = await loadArticle(arg, { readStdin: () => readAll(io.stdin) });
        let store: Store | null = null;
        const path = dbPath(o.db, io.env);
        if (o.corpus && (o.db || io.env.UNSPUN_DB || (await exists(path)))) store = openStore(path, true);
        try {
          if (o.learn && !store) throw new UnspunError('USAGE', '--learn needs a corpus (--db)');
          const report = await checkArticle(input, { store });
          if (o.learn && store) await learnFromReport(store, report);
          if (o.json) write(JSON.stringify(report, null, 2));
          else if (o.html) write(renderHtml(report));
          else write(renderTerminal(report, { color: useColor(io, o.color) }));
        } finally {
          await store?.close();
        }
      },
    );

  program
    .command('headline')
    .description(
      'Score headline/body pairs in bulk: does each body support its headline (agree, disagree, discuss, unrelated)? ' +
        'Reads JSONL lines with "headline" and "body" (FILE or - for standard input), or FNC-1 CSVs with ' +
        '--stances and --bodies; writes one JSONL line per pair, in input order, with "stance" and "scores".',
    )
    .argument('[file]', 'JSONL file, or - for standard input (default when no --stances)')
    .option('--stances <file>', 'FNC-1 stances CSV (Headline, Body ID[, Stance])')
    .option('--bodies <file>', 'FNC-1 bodies CSV (Body ID, articleBody)')
    .option('--model <file>', 'headline model weights (default: the shipped model)')
    .option('--no-progress', 'never show a progress bar')
    .action(
      async (
        file: string | undefined,
        o: { stances?: string; bodies?: string; model?: string; progress: boolean },
      ) => {
        if (Boolean(o.stances) !== Boolean(o.bodies)) {
          throw new UnspunError('USAGE', '--stances and --bodies go together');
        }
        if (o.stances && file)
          throw new UnspunError('USAGE', 'give either a JSONL file or --stances/--bodies, not both');
        const model = o.model ? loadHeadlineModel(o.model) : undefined;
        const source = o.stances
          ? readFncPairs(o.stances, o.bodies!)
          : file && file !== '-'
            ? readHeadlinePairsJsonl(await openForReading(file), file)
            : readHeadlinePairsJsonl(io.stdin, '<stdin>');
        const showBar = o.progress && Boolean(io.stderr.isTTY) && !io.env.CI;
        const progress = progressReporter(io.stderr, showBar);
        const t0 = performance.now();
        let n = 0;
        let errors = 0;
        const stats = new StanceTally();
        try {
          for await (const r of scoreHeadlinePairs(source, {
            ...(model ? { model } : {}),
            onProgress: (done) => progress.update({ bytesDone: done, bytesTotal: 0, articles: done }),
          })) {
            n++;
            if ('error' in r) {
              errors++;
              io.stderr.write(`unspun: line ${r.line}: ${r.error}\n`);
              write(
                JSON.stringify({ line: r.line, ...(r.id !== undefined ? { id: r.id } : {}), error: r.error }),
              );
              continue;
            }
            if (r.label) stats.add(r.label, r.stance);
            const out: Record<string, unknown> = { line: r.line };
            if (r.id !== undefined) out.id = r.id;
            out.stance = r.stance;
            out.scores = Object.fromEntries(
              Object.entries(r.scores).map(([k, v]) => [k, Math.round(v * 1e6) / 1e6]),
            );
            write(JSON.stringify(out));
          }
        } finally {
          progress.stop();
        }
        const secs = (performance.now() - t0) / 1000;
        io.stderr.write(
          `scored ${n - errors} pair(s) in ${secs.toFixed(1)} s` +
            (errors ? `, ${errors} bad line(s)` : '') +
            (stats.total ? `; against the labels given: ${stats.describe()}` : '') +
            '\n',
        );
        if (n > 0 && errors === n) state.exitCode = 1;
      },
    );

  return program;
}

/** Accuracy and FNC-1 score over pairs that came with a gold label. */
class StanceTally {
  total = 0;
  right = 0;
  earned = 0;
  max = 0;
  add(gold: string, pred: string): void {
    this.total++;
    if (gold === pred) this.right++;
    const related = (s: string) => s !== 'unrelated';
    this.max += gold === 'unrelated' ? 0.25 : 1;
    if (related(gold) === related(pred)) this.earned += 0.25;
    if (related(gold) && gold === pred) this.earned += 0.75;
  }
  describe(): string {
    return `accuracy ${((100 * this.right) / this.total).toFixed(2)} %, FNC score ${((100 * this.earned) / this.max).toFixed(2)} %`;
  }
}

async function openForReading(path: string): Promise<AsyncIterable<Buffer>> {
  const { createReadStream } = await import('node:fs');
  const { stat } = await import('node:fs/promises');
  const st = await stat(path).catch((e: NodeJS.ErrnoException) => {
    throw new UnspunError('IO', `cannot read ${path}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`, {
      subject: path,
    });
  });
  if (st.isDirectory())
    throw new UnspunError('BAD_INPUT', `${path} is a directory, not a JSONL file`, { subject: path });
  return createReadStream(path);
}

async function exists(p: string): Promise<boolean> {
  const { access } = await import('node:fs/promises');
  return access(p).then(
    () => true,
    () => false,
  );
}

function nonNegativeInt(v: string, name: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0)
    throw new UnspunError('USAGE', `${name} must be 0 or a positive integer, got "${v}"`);
  return n;
}

function positiveInt(v: string, name: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0)
    throw new UnspunError('USAGE', `${name} must be a positive integer, got "${v}"`);
  return n;
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
      io.stderr.write(`unspun: ${e.message}\n`);
      return e.code === 'USAGE' ? 2 : 1;
    }
    io.stderr.write(`unspun: unexpected error: ${describeError(e)}\n`);
    if (io.env.UNSPUN_DEBUG) io.stderr.write(`${(e as Error).stack ?? ''}\n`);
    return 1;
  }
}

export async function runMain(argv: string[]): Promise<void> {
  const code = await run(argv, {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin as NodeJS.ReadableStream & AsyncIterable<Buffer>,
    env: process.env,
  });
  process.exitCode = code;
}
