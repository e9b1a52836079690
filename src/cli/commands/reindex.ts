/** `unspun reindex`: rebuild the corpus's fingerprints after an upgrade changed the algorithm. */
import type { Command } from 'commander';
import { type Context, DB_HELP, showProgress, storeLocation } from '../_context.js';

export function register(program: Command, ctx: Context): void {
  program
    .command('reindex')
    .description(
      "Rebuild the corpus's fingerprints with this version's algorithm (needed after an upgrade changes it).",
    )
    .option('--db <location>', DB_HELP)
    .option('--json', 'print the summary as JSON')
    .action(async (o: { db?: string; json?: boolean }) => {
      const [{ createEngine }, { progressReporter }] = await Promise.all([
        import('../../engine/engine.js'),
        import('../_progress.js'),
      ]);
      const engine = createEngine({ store: storeLocation(o.db, ctx.io.env), mustExist: true });
      try {
        const progress = progressReporter(ctx.io.stderr, showProgress(ctx, !o.json));
        let r: Awaited<ReturnType<typeof engine.reindex>>;
        try {
          r = await engine.reindex({
            onProgress: (done, total) =>
              progress.update({ bytesDone: done, bytesTotal: total, articles: done }),
          });
        } finally {
          progress.stop();
        }
        if (o.json) ctx.write(JSON.stringify(r, null, 2));
        else
          ctx.write(
            `reindexed ${r.articles} article(s) in ${r.seconds.toFixed(1)} s: fingerprints ${r.from ?? '-'} -> ${r.to}`,
          );
      } finally {
        await engine.close();
      }
    });
}
