/** `unspun stats`: what the corpus holds. */
import type { Command } from 'commander';
import { type Context, DB_HELP, fmtBytes, storeLocation } from '../_context.js';

export function register(program: Command, ctx: Context): void {
  program
    .command('stats')
    .description('Show what the corpus holds: articles, sites, date range, store size.')
    .option('--db <location>', DB_HELP)
    .option('--json', 'print as JSON')
    .action(async (o: { db?: string; json?: boolean }) => {
      const { createEngine } = await import('../../engine/engine.js');
      const engine = createEngine({
        store: storeLocation(o.db, ctx.io.env),
        mustExist: true,
        readonly: true,
      });
      try {
        const s = await engine.stats();
        if (o.json) ctx.write(JSON.stringify(s, null, 2));
        else {
          ctx.write(
            `articles:  ${s.articles}` +
              (s.versions
                ? ` (${s.versionedArticles} updated: ${s.versions} earlier version(s) kept besides the newest)`
                : ''),
          );
          ctx.write(`sentences: ${s.sentences}`);
          ctx.write(`sites:     ${s.sites}`);
          ctx.write(`dates:     ${s.earliest ?? '-'} … ${s.latest ?? '-'}`);
          ctx.write(`size:      ${s.sizeBytes === null ? '-' : fmtBytes(s.sizeBytes)}`);
          ctx.write(`schema:    v${s.schemaVersion}, fingerprints ${s.fingerprintVersion ?? '-'}`);
          if (s.index) {
            ctx.write(
              `index:     ${s.index.postings} fingerprint postings in ${s.index.segments} segment(s)`,
            );
          }
          ctx.write(
            `boilerplate: ${s.boilerplateLines === null ? 'not counted yet (run "unspun reindex")' : `${s.boilerplateLines} recurring line(s), never traced`}`,
          );
          if (s.topSites.length) {
            ctx.write('top sites:');
            for (const t of s.topSites) ctx.write(`  ${String(t.articles).padStart(7)}  ${t.site}`);
          }
        }
      } finally {
        await engine.close();
      }
    });
}
