/** `unspun audit`: trace every article of the corpus against the articles published before it. */
import type { Command } from 'commander';
import { neutraliseControls } from '../../report/safe-text.js';
import { type Context, collect, DB_HELP, showProgress, storeLocation } from '../_context.js';

interface AuditCliOptions {
  db?: string;
  since?: string;
  until?: string;
  site?: string;
  excludeSite: string[];
  onlySite: string[];
  full?: boolean;
  json?: boolean;
  progress: boolean;
}

export function register(program: Command, ctx: Context): void {
  program
    .command('audit')
    .description(
      'Trace every article of the corpus against the articles published before it and store the result ' +
        '(incremental: a second run audits only what is new, and what a late-arriving earlier article changes). ' +
        'Then "unspun network" shows who copies whom.',
    )
    .option('--db <location>', DB_HELP)
    .option('--since <date>', 'only articles published on or after this date (YYYY-MM-DD or ISO date-time)')
    .option('--until <date>', 'only articles published on or before this date (a date alone: the whole day)')
    .option('--site <site>', 'only articles of this site (its key, e.g. example.com, or its name)')
    .option(
      '--exclude-site <site>',
      'leave this site out of the results: its articles not listed, not counted as a source (repeatable; everything is still audited)',
      collect,
      [],
    )
    .option('--only-site <site>', 'keep only these sites in the results (repeatable)', collect, [])
    .option('--full', 'forget the stored audit and audit the whole corpus again')
    .option(
      '--json',
      'print one JSON line per selected audited article (schema: schema/audit-line.schema.json), no summary',
    )
    .option('--no-progress', 'never show a progress bar')
    .action(async (o: AuditCliOptions) => {
      const [{ createEngine }, { countReporter }, { onInterrupt }] = await Promise.all([
        import('../../engine/engine.js'),
        import('../_progress.js'),
        import('../_interrupt.js'),
      ]);
      const engine = createEngine({ store: storeLocation(o.db, ctx.io.env), mustExist: true });
      const progress = countReporter(ctx.io.stderr, showProgress(ctx, o.progress), 'articles');
      const interrupt = onInterrupt(ctx.io.stderr);
      const filter = {
        ...(o.since !== undefined ? { since: o.since } : {}),
        ...(o.until !== undefined ? { until: o.until } : {}),
        ...(o.site !== undefined ? { site: o.site } : {}),
        ...(o.excludeSite.length ? { excludeSites: o.excludeSite } : {}),
        ...(o.onlySite.length ? { onlySites: o.onlySite } : {}),
      };
      try {
        const s = await engine.audit({
          ...filter,
          ...(o.full ? { full: true } : {}),
          onProgress: progress.update,
          signal: interrupt.signal,
        });
        progress.stop();
        if (o.json) {
          for await (const line of engine.auditResults(filter)) ctx.write(JSON.stringify(line));
        } else {
          if (s.reset === 'rules-changed')
            ctx.write('the matching rules changed since the last audit: the whole corpus was audited again');
          if (s.articles === 0)
            ctx.write('the corpus is empty: nothing to audit (add articles with "unspun ingest")');
          else if (s.selected === 0)
            ctx.write(`no article of the ${s.articles} in the corpus matches the filters`);
          else {
            ctx.write(
              `audited ${s.audited} article(s) in ${s.seconds.toFixed(1)} s` +
                (s.reaudited
                  ? ` (${s.reaudited} again: an earlier-published article arrived after them)`
                  : '') +
                `; ${s.upToDate} already up to date; ${s.selected} selected of ${s.articles}`,
            );
            let copying = 0;
            let withOrigin = 0;
            let total = 0;
            for await (const line of engine.auditResults(filter)) {
              total++;
              if (line.traced > 0) copying++;
              if (line.origin !== null) withOrigin++;
            }
            ctx.write(
              `${copying} of ${total} audited article(s) took sentences from earlier articles; ${withOrigin} have a likely origin`,
            );
            if (s.undated) ctx.write(`${s.undated} undated article(s): ordered after all dated ones, by key`);
            ctx.write(`order: ${s.order}`);
            if (!s.interrupted && copying > 0)
              ctx.write('next: "unspun network" shows which sites copy which');
          }
        }
        if (s.interrupted) {
          ctx.io.stderr.write(
            neutraliseControls(
              `unspun: audit interrupted: ${s.audited} article(s) audited and saved; run it again to resume\n`,
            ),
          );
          ctx.state.exitCode = 130;
        }
      } finally {
        progress.stop();
        interrupt.dispose();
        await engine.close();
      }
    });
}
