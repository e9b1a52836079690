/**
 * `unspun serve`: the HTTP API and the web page in one process over one engine. Listens on localhost by default;
 * stops cleanly (in-flight requests finish, then the check workers and the store are closed).
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { DEFAULTS } from '../defaults.js';
import { createEngine, type Engine } from '../engine/engine.js';
import { UnspunError } from '../errors.js';
import type { FetchOptions } from '../ingest/fetch.js';
import { createApp } from './app.js';
import { type CheckRunner, inProcessRunner, startCheckPool } from './check-pool.js';
import type { RateLimit } from './rate-limit.js';

export { type AppOptions, createApp } from './app.js';
export { type CheckRunner, inProcessRunner, startCheckPool } from './check-pool.js';
export { openApiDocument } from './openapi.js';
export { STATUS_OF } from './problem.js';

export interface ServeOptions {
  /** The store location (a file path, sqlite:PATH); null for a server without a corpus. */
  store: string | null;
  host?: string;
  port?: number;
  token?: string | null;
  /** Check worker threads (0: on the main thread; default one per core, at most 4). */
  workers?: number;
  rateLimit?: RateLimit;
  fetch?: FetchOptions;
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  engine: Engine;
  runner: CheckRunner;
  /** Stop accepting, let in-flight requests finish (up to DEFAULTS.serve.shutdownMs), close workers and store. */
  close(): Promise<void>;
}

export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const host = opts.host ?? DEFAULTS.serve.host;
  const port = opts.port ?? DEFAULTS.serve.port;
  const writable = Boolean(opts.token);
  // A read-only server needs a corpus that exists; a server that takes ingests may start an empty one.
  const engine = createEngine({
    store: opts.store,
    ...(writable ? {} : { mustExist: true, readonly: true }),
  });
  if (opts.store !== null) await engine.store();
  const limits = {
    timeoutMs: DEFAULTS.serve.checkTimeoutMs,
    queueMax: DEFAULTS.serve.checkQueue,
  };
  const pool = await startCheckPool(opts.store, {
    ...limits,
    ...(opts.workers !== undefined
      ? { workers: opts.workers }
      : DEFAULTS.serve.checkWorkers !== null
        ? { workers: DEFAULTS.serve.checkWorkers }
        : {}),
  });
  const runner = pool ?? inProcessRunner(engine, limits);
  const app = createApp({
    engine,
    runner,
    token: opts.token ?? null,
    clientKey: (c) => {
      try {
        return getConnInfo(c).remote.address ?? 'unknown';
      } catch {
        return 'unknown';
      }
    },
    ...(opts.rateLimit ? { rateLimit: opts.rateLimit } : {}),
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    ...(opts.log ? { log: opts.log } : {}),
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve(
      {
        fetch: app.fetch,
        hostname: host,
        port,
        serverOptions: { requestTimeout: DEFAULTS.serve.requestTimeoutMs },
      },
      () => resolve(s),
    );
    s.once('error', (e: NodeJS.ErrnoException) => {
      const why =
        e.code === 'EADDRINUSE'
          ? `port ${port} on ${host} is in use (choose another with --port)`
          : e.code === 'EACCES'
            ? `no permission to listen on ${host}:${port}`
            : e.message;
      reject(new UnspunError('USAGE', `cannot start the server: ${why}`));
    });
  }).catch(async (e) => {
    await runner.close();
    await engine.close();
    throw e;
  });
  const addr = server.address() as AddressInfo;
  const shownHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${shownHost}:${addr.port}`,
    engine,
    runner,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          const force = setTimeout(() => {
            (server as import('node:http').Server).closeAllConnections?.();
          }, DEFAULTS.serve.shutdownMs);
          force.unref();
          server.close(() => {
            clearTimeout(force);
            resolve();
          });
          (server as import('node:http').Server).closeIdleConnections?.();
        });
        await runner.close();
        await engine.close();
      })();
      return closing;
    },
  };
}
