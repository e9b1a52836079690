/** `unspun compact`: merge the fingerprint index into one segment (after a large ingest). */
import type { Command } from 'commander';
import { type Context, DB_HELP, storeLocation } from '../_context.js';

export function register(program: Command, ctx: Context): void {
  program
    .command('compact')
    .description(
      'Merge the fingerprint index into one segment: checks then probe it once per fingerprint instead of once per segment (worth it after a large ingest; answers do not change).',
    )
    .option('--db <location>', DB_HELP)
    .option('--json', 'print the summary as JSON')
    .action(async (o: { db?: string; json?: boolean }) => {
      const { createEngine } = await import('../../engine/engine.js');
      const engine = createEngine({ store: storeLocation(o.db, ctx.io.env), mustExist: true });
      try {
        const r = await engine.compact();
        if (o.json) ctx.write(JSON.stringify(r, null, 2));
        else if (r === null)
          ctx.write('nothing to compact: this store keeps its fingerprint index in one table');
        else
          ctx.write(
            `index: ${r.postings} fingerprint postings, ${r.segmentsBefore} -> ${r.segmentsAfter} segment(s) in ${r.seconds.toFixed(1)} s`,
          );
      } finally {
        await engine.close();
      }
    });
}
