/** `unspun network`: which sites copy which, from the stored audit. */
import type { Command } from 'commander';
import { UnspunError } from '../../errors.js';
import { Option } from '../_commander.js';
import { type Context, collect, DB_HELP, positiveInt, storeLocation } from '../_context.js';

interface NetworkCliOptions {
  db?: string;
  since?: string;
  until?: string;
  minArticles: number;
  excludeSite: string[];
  onlySite: string[];
  limit: number;
  wire?: string;
  json?: boolean;
  csv?: boolean;
  gexf?: boolean;
  graphml?: boolean;
}

export function register(program: Command, ctx: Context): void {
  program
    .command('network')
    .description(
      'Show the site copy network built by "unspun audit": an edge goes from the copying site to the site it ' +
        'copied from, with articles, sentences, share, lag, spin rate and examples. Edges to wire services are ' +
        'marked as syndication.',
    )
    .option('--db <location>', DB_HELP)
    .option('--since <date>', 'only copier articles published on or after this date')
    .option(
      '--until <date>',
      'only copier articles published on or before this date (a date alone: the whole day)',
    )
    .option(
      '--min-articles <n>',
      'leave out edges with fewer copier articles',
      (v) => positiveInt(v, '--min-articles'),
      1,
    )
    .option(
      '--exclude-site <site>',
      'leave this site out: its articles are neither copiers nor sources (repeatable)',
      collect,
      [],
    )
    .option('--only-site <site>', 'keep only these sites (repeatable)', collect, [])
    .option('--limit <n>', 'rows in the terminal table', (v) => positiveInt(v, '--limit'), 30)
    .option(
      '--wire <sites>',
      'comma-separated wire services (site keys or names) instead of the default list (AP, Reuters, AFP, ...)',
    )
    .addOption(
      new Option('--json', 'JSON (schema: schema/network.schema.json)').conflicts(['csv', 'gexf', 'graphml']),
    )
    .addOption(new Option('--csv', 'the edges as CSV').conflicts(['gexf', 'graphml']))
    .addOption(new Option('--gexf', 'GEXF, for Gephi').conflicts(['graphml']))
    .option('--graphml', 'GraphML (yEd, Gephi, NetworkX, igraph)')
    .action(async (o: NetworkCliOptions) => {
      const wire = o.wire
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (o.wire !== undefined && (!wire || wire.length === 0))
        throw new UnspunError('USAGE', '--wire needs at least one site');
      const [{ createEngine }, report] = await Promise.all([
        import('../../engine/engine.js'),
        import('../../report/network.js'),
      ]);
      const engine = createEngine({
        store: storeLocation(o.db, ctx.io.env),
        mustExist: true,
        readonly: true,
      });
      try {
        const net = await engine.network({
          ...(o.since !== undefined ? { since: o.since } : {}),
          ...(o.until !== undefined ? { until: o.until } : {}),
          minArticles: o.minArticles,
          ...(o.excludeSite.length ? { excludeSites: o.excludeSite } : {}),
          ...(o.onlySite.length ? { onlySites: o.onlySite } : {}),
          ...(wire ? { wireServices: wire } : {}),
        });
        if (o.json) ctx.write(JSON.stringify(net, null, 2));
        else if (o.csv) ctx.write(report.networkCsv(net));
        else if (o.gexf) ctx.write(report.networkGexf(net));
        else if (o.graphml) ctx.write(report.networkGraphml(net));
        else ctx.write(report.networkTable(net, { limit: o.limit }));
      } finally {
        await engine.close();
      }
    });
}
