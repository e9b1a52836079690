/** `unspun check ARTICLE`: the full report on one article. */
import type { Command } from 'commander';
import { UnspunError } from '../../errors.js';
import { Option } from '../_commander.js';
import {
  type Context,
  collect,
  exists,
  positiveInt,
  readAll,
  showProgress,
  storeLocation,
} from '../_context.js';

function useColor(ctx: Context, flag: boolean | undefined): boolean {
  if (flag === false || ctx.io.env.NO_COLOR) return false;
  return Boolean(ctx.io.stdout.isTTY) || flag === true;
}

export function register(program: Command, ctx: Context): void {
  program
    .command('check')
    .description(
      'Check one article (a file, a URL, or - for standard input): its sentences, where each came from in the ' +
        'corpus, what a spinner changed, the headline, quotes and entities.',
    )
    .argument('[article]', 'file (.txt, .md, .html, .json), http(s) URL, or -')
    .option(
      '--batch <input>',
      'check many articles in one process: a .jsonl/.csv file, a directory, or - (JSONL on standard input); ' +
        'prints one JSON report per line, or {"line", "file", "error"} for an item that failed (exit 1 if any did)',
    )
    .option('--no-progress', 'never show a progress bar (--batch)')
    .option(
      '--db <location>',
      'store holding the corpus to trace against (a file path, sqlite:PATH or postgres://…)',
    )
    .option('--no-corpus', 'run only the checks that need no corpus')
    .option(
      '--learn',
      "add the spinner substitutions this check recovers to the corpus's learned table (pairs seen in 3+ articles are then flagged without a source)",
    )
    .option(
      '--allow-loopback',
      'let an http(s) URL on this machine (127.0.0.1, ::1, localhost) be fetched: for local testing only; private and link-local addresses stay refused',
    )
    .option('--exclude-quotes', 'do not trace sentences that are mostly quotation')
    .option('--min-words <n>', 'drop matches that explain fewer words than this', (v) =>
      positiveInt(v, '--min-words'),
    )
    .option(
      '--exclude-site <site>',
      'never take this site as a source (repeatable; a site key or name)',
      collect,
      [],
    )
    .option('--only-site <site>', 'only take these sites as sources (repeatable)', collect, [])
    .option('--before <date>', "only sources published up to this date (default: the article's own date)")
    .option('--include-boilerplate', 'trace boilerplate lines (share counters, credits) like any line')
    .option('--json', 'print the report as JSON (schema: schema/report.schema.json)')
    .option('--html', 'print the report as a standalone HTML page')
    .addOption(new Option('--color', 'force colour').conflicts('noColor'))
    .option('--no-color', 'no colour')
    .action(
      async (
        arg: string | undefined,
        o: {
          db?: string;
          corpus: boolean;
          learn?: boolean;
          json?: boolean;
          html?: boolean;
          color?: boolean;
          batch?: string;
          allowLoopback?: boolean;
          progress: boolean;
        } & ExclusionFlags,
      ) => {
        if (o.batch !== undefined) {
          if (arg !== undefined)
            throw new UnspunError('USAGE', 'give either an article or --batch INPUT, not both');
          if (o.html) throw new UnspunError('USAGE', '--batch writes JSON lines; --html is for one article');
          return checkBatch(ctx, o.batch, o);
        }
        if (arg === undefined) throw new UnspunError('USAGE', "missing required argument 'article'");
        if (o.json && o.html) throw new UnspunError('USAGE', 'choose one of --json and --html');
        const location = storeLocation(o.db, ctx.io.env);
        // Without --db or $UNSPUN_DB, the default store is used only when it exists.
        const useCorpus = o.corpus && Boolean(o.db || ctx.io.env.UNSPUN_DB || (await exists(location)));
        if (o.learn && !useCorpus) throw new UnspunError('USAGE', '--learn needs a corpus (--db)');
        const { createEngine } = await import('../../engine/engine.js');
        const engine = createEngine({
          store: useCorpus ? location : null,
          mustExist: true,
          readonly: !o.learn,
        });
        try {
          const exclude = exclusions(o);
          const report = await engine.check(arg, {
            corpus: useCorpus,
            ...(exclude ? { exclude } : {}),
            ...(o.learn ? { learn: true } : {}),
            readStdin: () => readAll(ctx.io.stdin),
            ...(o.allowLoopback ? { fetch: { allowLoopback: true } } : {}),
          });
          if (o.json) ctx.write(JSON.stringify(report, null, 2));
          else if (o.html) ctx.write((await import('../../report/html.js')).renderHtml(report));
          else
            ctx.write(
              (await import('../../report/terminal.js')).renderTerminal(report, {
                color: useColor(ctx, o.color),
              }),
            );
        } finally {
          await engine.close();
        }
      },
    );
}

/** `check --batch`: one JSON report (or error) per line, in input order. */
async function checkBatch(
  ctx: Context,
  input: string,
  o: { db?: string; corpus: boolean; learn?: boolean; progress: boolean } & ExclusionFlags,
): Promise<void> {
  const location = storeLocation(o.db, ctx.io.env);
  const useCorpus = o.corpus && Boolean(o.db || ctx.io.env.UNSPUN_DB || (await exists(location)));
  if (o.learn && !useCorpus) throw new UnspunError('USAGE', '--learn needs a corpus (--db)');
  if (input !== '-' && !(await exists(input))) {
    throw new UnspunError('NOT_FOUND', `${input}: no such file or directory`, { subject: input });
  }
  const [{ createEngine }, { progressReporter }, { onInterrupt }] = await Promise.all([
    import('../../engine/engine.js'),
    import('../_progress.js'),
    import('../_interrupt.js'),
  ]);
  const engine = createEngine({ store: useCorpus ? location : null, mustExist: true, readonly: !o.learn });
  const progress = progressReporter(ctx.io.stderr, showProgress(ctx, o.progress));
  const interrupt = onInterrupt(ctx.io.stderr);
  let failed = 0;
  let checked = 0;
  try {
    const exclude = exclusions(o);
    for await (const it of engine.checkBatch([input], {
      corpus: useCorpus,
      ...(exclude ? { exclude } : {}),
      ...(o.learn ? { learn: true } : {}),
      stdin: ctx.io.stdin,
      onProgress: progress.update,
      signal: interrupt.signal,
    })) {
      if ('report' in it) {
        checked++;
        ctx.write(JSON.stringify(it.report));
      } else {
        failed++;
        ctx.write(
          JSON.stringify({
            line: it.origin.line ?? it.origin.item,
            item: it.origin.item,
            file: it.origin.file,
            error: it.error,
          }),
        );
      }
    }
    progress.stop();
    if (interrupt.signal.aborted) {
      ctx.io.stderr.write(`unspun: batch interrupted after ${checked + failed} item(s)\n`);
      ctx.state.exitCode = 130;
    } else if (failed > 0) {
      ctx.io.stderr.write(
        `unspun: ${failed} of ${checked + failed} item(s) failed (see their "error" lines)\n`,
      );
      ctx.state.exitCode = 1;
    } else if (checked === 0) {
      ctx.io.stderr.write('unspun: no article in the batch input\n');
      ctx.state.exitCode = 1;
    }
  } finally {
    progress.stop();
    interrupt.dispose();
    await engine.close();
  }
}

interface ExclusionFlags {
  excludeQuotes?: boolean;
  minWords?: number;
  excludeSite: string[];
  onlySite: string[];
  before?: string;
  includeBoilerplate?: boolean;
}

/** The check's exclusions from its flags (undefined when none is set). */
function exclusions(o: ExclusionFlags): import('../../engine/check.js').Exclusions | undefined {
  // Checked here, once, before any work (with --no-corpus or --batch the date would otherwise go unread).
  if (
    o.before !== undefined &&
    !/^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(o.before.trim())
  )
    throw new UnspunError(
      'USAGE',
      `--before: "${o.before}" is not a date (use an ISO 8601 date such as 2026-03-01)`,
    );
  const ex: import('../../engine/check.js').Exclusions = {
    ...(o.excludeQuotes ? { quotes: true } : {}),
    ...(o.minWords ? { minWords: o.minWords } : {}),
    ...(o.excludeSite.length ? { sites: o.excludeSite } : {}),
    ...(o.onlySite.length ? { onlySites: o.onlySite } : {}),
    ...(o.before ? { before: o.before } : {}),
    ...(o.includeBoilerplate ? { boilerplate: false } : {}),
  };
  return Object.keys(ex).length > 0 ? ex : undefined;
}
