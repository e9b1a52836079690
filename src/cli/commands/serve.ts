/** `unspun serve`: the HTTP API and the web page. */
import type { Command } from 'commander';
import { UnspunError } from '../../errors.js';
import { type Context, DB_HELP, nonNegativeInt, storeLocation } from '../_context.js';

export function register(program: Command, ctx: Context): void {
  program
    .command('serve')
    .description(
      'Serve the HTTP API (/openapi.json) and the web page over one corpus. Listens on 127.0.0.1 by default; read-only unless a token is set.',
    )
    .option('--db <location>', DB_HELP)
    .option(
      '--host <host>',
      'address to listen on (127.0.0.1; 0.0.0.0 exposes the server to the network)',
      '127.0.0.1',
    )
    .option('--port <n>', 'port (0: any free port)', '8080')
    .option(
      '--token <token>',
      'token that writes (POST /api/ingest) need as "Authorization: Bearer TOKEN" (default $UNSPUN_TOKEN)',
    )
    .option(
      '--workers <n>',
      'check worker threads (0: checks on the main thread; default one per core, at most 4)',
    )
    .option('--rate-limit <n>', 'checks and ingests per client per minute (0: no limit)', '120')
    .option('--allow-loopback', 'let checks by URL fetch from this machine (local testing only)')
    .action(
      async (o: {
        db?: string;
        host: string;
        port: string;
        token?: string;
        workers?: string;
        rateLimit: string;
        allowLoopback?: boolean;
      }) => {
        const port = nonNegativeInt(o.port, '--port');
        if (port > 65535) throw new UnspunError('USAGE', '--port must be at most 65535');
        const token = o.token || ctx.io.env.UNSPUN_TOKEN || null;
        if (token !== null && token.length < 12) {
          throw new UnspunError('USAGE', 'the token must be at least 12 characters');
        }
        const perMinute = nonNegativeInt(o.rateLimit, '--rate-limit');
        const { startServer } = await import('../../server/index.js');
        const server = await startServer({
          store: storeLocation(o.db, ctx.io.env),
          host: o.host,
          port,
          token,
          ...(o.workers !== undefined ? { workers: nonNegativeInt(o.workers, '--workers') } : {}),
          rateLimit: { perMinute, burst: Math.max(1, Math.min(30, perMinute)) },
          ...(o.allowLoopback ? { fetch: { allowLoopback: true } } : {}),
          log: (line) => ctx.io.stderr.write(`${line}\n`),
        });
        ctx.write(
          `unspun: serving ${server.url} (${token ? 'ingest needs the token' : 'read-only'}; Ctrl-C stops)`,
        );
        if (o.host !== '127.0.0.1' && o.host !== 'localhost' && o.host !== '::1') {
          ctx.io.stderr.write(
            `unspun: warning: listening on ${o.host}: other machines can reach this server\n`,
          );
        }
        await new Promise<void>((resolve) => {
          let stopping = false;
          const stop = () => {
            // A second Ctrl-C ends the process at once.
            if (stopping) process.exit(130);
            stopping = true;
            ctx.io.stderr.write('unspun: stopping (finishing requests in flight)\n');
            void server.close().then(() => {
              process.off('SIGINT', stop);
              process.off('SIGTERM', stop);
              resolve();
            });
          };
          process.on('SIGINT', stop);
          process.on('SIGTERM', stop);
        });
      },
    );
}
