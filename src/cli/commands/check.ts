/** `unspun check ARTICLE`: the full report on one article. */
import { type Command, Option } from 'commander';
import { UnspunError } from '../../errors.js';
import { type Context, exists, readAll, storeLocation } from '../_context.js';

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
    .argument('<article>', 'file (.txt, .md, .html, .json), http(s) URL, or -')
    .option('--db <location>', 'store holding the corpus to trace against (a file path, sqlite:PATH)')
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
        const location = storeLocation(o.db, ctx.io.env);
        // Without --db or $UNSPUN_DB, the default store is used only when it exists.
        const useCorpus = o.corpus && Boolean(o.db || ctx.io.env.UNSPUN_DB || (await exists(location)));
        if (o.learn && !useCorpus) throw new UnspunError('USAGE', '--learn needs a corpus (--db)');
        const { createEngine } = await import('../../engine/engine.js');
        const engine = createEngine({ store: useCorpus ? location : null, mustExist: true });
        try {
          const report = await engine.check(arg, {
            corpus: useCorpus,
            ...(o.learn ? { learn: true } : {}),
            readStdin: () => readAll(ctx.io.stdin),
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
