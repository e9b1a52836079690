/** `unspun watch FEEDS`: poll news feeds and keep the corpus current until stopped. */
import type { Command } from 'commander';
import { UnspunError } from '../../errors.js';
import { neutraliseControls } from '../../report/safe-text.js';
import { type Context, DB_HELP, storeLocation } from '../_context.js';

export function register(program: Command, ctx: Context): void {
  program
    .command('watch')
    .description(
      'Poll news feeds and add what is new to the corpus, until stopped (Ctrl-C or SIGTERM finish the current ' +
        'item). FEEDS: a text file of feed URLs (one a line, optionally followed by its interval: "https://… 30m") ' +
        'or an OPML file. Conditional requests, a pause between two requests to one host, robots.txt honoured ' +
        'for pages, backoff on errors, one log line per poll; new articles are audited when the corpus has an ' +
        'audit; a watch started again resumes where it stopped.',
    )
    .argument('<feeds>', 'a watch list: a text file of feed URLs, or an OPML file')
    .option('--db <location>', DB_HELP)
    .option(
      '--interval <duration>',
      'poll each feed this often unless its line says otherwise (30s, 15m, 2h)',
      '15m',
    )
    .option('--host-delay <duration>', 'pause between two requests to one host', '1s')
    .option('--once', 'poll the feeds that are due once, then exit (for cron)')
    .option('--now', 'poll every feed now, whatever its schedule or backoff')
    .option('--no-fetch-links', 'feed items that carry only a link are skipped, not fetched')
    .option('--no-audit', 'do not audit new articles (even when the corpus has an audit)')
    .option('--allow-loopback', 'allow fetching from 127.0.0.1 / ::1 (local testing only)')
    .action(
      async (
        feeds: string,
        o: {
          db?: string;
          interval: string;
          hostDelay: string;
          once?: boolean;
          now?: boolean;
          fetchLinks: boolean;
          audit: boolean;
          allowLoopback?: boolean;
        },
      ) => {
        const [{ createEngine }, { onInterrupt }, { parseInterval }] = await Promise.all([
          import('../../engine/engine.js'),
          import('../_interrupt.js'),
          import('../../engine/watch.js'),
        ]);
        const intervalMs = parseInterval(o.interval, '--interval');
        const hostDelayMs = parseHostDelay(o.hostDelay);
        const engine = createEngine({ store: storeLocation(o.db, ctx.io.env) });
        const interrupt = onInterrupt(ctx.io.stderr, {
          what: 'the current item',
          signals: ['SIGINT', 'SIGTERM'],
        });
        try {
          const s = await engine.watch(feeds, {
            intervalMs,
            hostDelayMs,
            fetchLinks: o.fetchLinks,
            audit: o.audit,
            ...(o.once ? { once: true } : {}),
            ...(o.now ? { force: true } : {}),
            ...(o.allowLoopback ? { fetch: { allowLoopback: true } } : {}),
            signal: interrupt.signal,
            log: (line) => ctx.write(neutraliseControls(line)),
          });
          ctx.write(
            `watch ended: ${s.polls} poll(s) (${s.notModified} not modified, ${s.failedPolls} failed), ` +
              `${s.added} article(s) added, ${s.versions} updated, ${s.rejected} item(s) failed` +
              (s.disallowed ? `, ${s.disallowed} disallowed by robots.txt` : '') +
              (s.audited ? `, ${s.audited} audited` : ''),
          );
          if (o.once && s.failedPolls > 0) ctx.state.exitCode = 1;
        } finally {
          interrupt.dispose();
          await engine.close();
        }
      },
    );
}

/** A host delay: a duration with a unit, 0 allowed ("0s" for local testing). */
function parseHostDelay(v: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)\s*$/i.exec(v);
  if (!m) {
    throw new UnspunError('USAGE', `--host-delay "${v}" is not a duration (500ms, 1s, 2m)`);
  }
  return Number(m[1]) * ({ ms: 1, s: 1000, m: 60_000 }[m[2]!.toLowerCase() as 'ms' | 's' | 'm'] ?? 1);
}
