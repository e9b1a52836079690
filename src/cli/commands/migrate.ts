/** `unspun migrate --from A --to B`: copy a corpus between stores (SQLite file <-> PostgreSQL). */
import type { Command } from 'commander';
import { type Context, nonNegativeInt, positiveInt, showProgress } from '../_context.js';

export function register(program: Command, ctx: Context): void {
  program
    .command('migrate')
    .description(
      'Copy a corpus from one store to another (a SQLite file and a PostgreSQL database, either way): every ' +
        'article and version in the order they were stored, the learned spinner pairs and the watch state. ' +
        'Fingerprints are computed again; the audit is not copied (run "unspun audit" on the target). The ' +
        'source is only read.',
    )
    .requiredOption('--from <location>', 'the store to copy: a file path, sqlite:PATH or postgres://…')
    .requiredOption(
      '--to <location>',
      'the store to copy into (created when new): a file path, sqlite:PATH or postgres://…',
    )
    .option('--batch <n>', 'articles per transaction', (v) => positiveInt(v, '--batch'), 2000)
    .option('--workers <n>', 'worker threads for fingerprints (0 = none)', (v) =>
      nonNegativeInt(v, '--workers'),
    )
    .option('--json', 'print the summary as JSON')
    .option('--no-progress', 'never show a progress bar')
    .action(
      async (o: {
        from: string;
        to: string;
        batch: number;
        workers?: number;
        json?: boolean;
        progress: boolean;
      }) => {
        const [{ createEngine }, { progressReporter }] = await Promise.all([
          import('../../engine/engine.js'),
          import('../_progress.js'),
        ]);
        const engine = createEngine({ store: o.from, mustExist: true, readonly: true });
        const progress = progressReporter(ctx.io.stderr, showProgress(ctx, o.progress && !o.json));
        try {
          const s = await engine.migrate(o.to, {
            batchSize: o.batch,
            ...(o.workers !== undefined ? { workers: o.workers } : {}),
            onProgress: (done, total) =>
              progress.update({ bytesDone: done, bytesTotal: total, articles: done }),
          });
          progress.stop();
          if (o.json) ctx.write(JSON.stringify(s, null, 2));
          else {
            ctx.write(
              `copied ${s.read} stored article text(s) in ${s.seconds.toFixed(1)} s: ${s.added} added, ${s.versions} as versions, ` +
                `${s.duplicates} already in the target, ${s.rejected.length} rejected; ${s.learnedPairs} learned pair(s), ` +
                `${s.watchStates} watched feed(s)`,
            );
            ctx.write('the audit is not copied: run "unspun audit --db TARGET" to compute it there');
          }
          if (s.rejected.length > 0) ctx.state.exitCode = 1;
        } finally {
          progress.stop();
          await engine.close();
        }
      },
    );
}
