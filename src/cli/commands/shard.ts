/** `unspun shard init|status|move`: the sharded PostgreSQL layout (docs/scale.md). */
import type { Command } from 'commander';
import { UnspunError } from '../../errors.js';
import { neutraliseControls } from '../../report/safe-text.js';
import { type Context, collect, positiveInt, storeLocation } from '../_context.js';

export function register(program: Command, ctx: Context): void {
  const shard = program
    .command('shard')
    .description(
      'The sharded PostgreSQL layout: a coordinator (the --db every command uses) and shard servers holding the ' +
        'rows, on PostgreSQL hash partitioning with postgres_fdw (see docs/scale.md).',
    );
  shard
    .command('init')
    .description('Create a sharded store: partition tables on each shard, the coordinator over them.')
    .option('--db <location>', 'the coordinator: postgres://user:password@host/db (default $UNSPUN_DB)')
    .option(
      '--shard <url>',
      'a shard server: postgres://user:password@host/db (repeatable; at least one)',
      collect,
      [],
    )
    .option(
      '--partitions <n>',
      'hash partitions of each table (at least one per shard)',
      (v) => positiveInt(v, '--partitions'),
      8,
    )
    .action(async (o: { db?: string; shard: string[]; partitions: number }) => {
      const coordinator = postgresOnly(storeLocation(o.db, ctx.io.env));
      if (o.shard.length === 0) throw new UnspunError('USAGE', 'give at least one --shard postgres://…');
      const { initShardedStore } = await import('../../store/index.js');
      await initShardedStore({ coordinator, shards: o.shard, partitions: o.partitions });
      ctx.write(`created a sharded store: ${o.partitions} partitions over ${o.shard.length} shard(s)`);
    });
  shard
    .command('status')
    .description('Where each partition lives, and its rows.')
    .option('--db <location>', 'the coordinator (default $UNSPUN_DB)')
    .option('--json', 'as JSON')
    .action(async (o: { db?: string; json?: boolean }) => {
      const { shardStatus } = await import('../../store/index.js');
      const s = await shardStatus(postgresOnly(storeLocation(o.db, ctx.io.env)));
      if (o.json) {
        ctx.write(JSON.stringify(s, null, 2));
        return;
      }
      ctx.write(`${s.partitions} partition(s) of articles, sentences and postings`);
      for (const sh of s.shards) {
        const rows = (t: string) =>
          s.rows.filter((r) => r.server === sh.server && r.table === t).reduce((n, r) => n + r.rows, 0);
        ctx.write(
          neutraliseControls(
            `  ${sh.server} ${sh.address}: partitions ${sh.partitions.join(', ')}; ${rows('articles')} article rows, ${rows('sentences')} sentences, ${rows('postings')} postings`,
          ),
        );
      }
    });
  shard
    .command('move')
    .description(
      'Move one partition of every table to another shard server (writers wait during the switch).',
    )
    .option('--db <location>', 'the coordinator (default $UNSPUN_DB)')
    .requiredOption('--partition <n>', 'the partition number (see "unspun shard status")', (v) => Number(v))
    .requiredOption('--to <url>', 'the server to move it to: postgres://user:password@host/db')
    .action(async (o: { db?: string; partition: number; to: string }) => {
      const { moveShardPartition } = await import('../../store/index.js');
      const r = await moveShardPartition(postgresOnly(storeLocation(o.db, ctx.io.env)), o.partition, o.to);
      ctx.write(
        `moved partition ${o.partition} from ${r.from} to ${r.to}; the old tables stay on ${r.from} (schema unspun_shard, *_p${o.partition}): drop them when satisfied`,
      );
    });
}

function postgresOnly(loc: string): string {
  if (!/^postgres(ql)?:\/\//i.test(loc)) {
    throw new UnspunError(
      'USAGE',
      'a sharded store lives in PostgreSQL: give --db postgres://… (the coordinator)',
    );
  }
  return loc;
}
