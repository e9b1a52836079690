/**
 * The HTTP API and the web page, as one Hono app over one engine: a fetch handler, so tests call it without a
 * port (`app.request(...)`) and `unspun serve` hands it to a Node HTTP server (index.ts). The checks run where the
 * runner puts them (worker threads for a store in a file, check-pool.ts).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { DEFAULTS } from '../defaults.js';
import type { Exclusions } from '../engine/check.js';
import { headRef } from '../engine/corpus.js';
import type { Engine } from '../engine/engine.js';
import type { Network } from '../engine/network.js';
import { UnspunError } from '../errors.js';
import { type FetchOptions, fetchArticle, isUrl } from '../ingest/fetch.js';
import { normaliseDate } from '../ingest/index.js';
import { REPORT_CSS } from '../report/html.js';
import type { Report } from '../report/types.js';
import type { StoreStats } from '../store/index.js';
import type { CheckInput, CheckJob } from './check-job.js';
import type { CheckRunner } from './check-pool.js';
import { openApiDocument, PACKAGE_ROOT } from './openapi.js';
import * as pages from './pages.js';
import { type Problem, problemFromError, problemOf, problemResponse } from './problem.js';
import { type RateLimit, RateLimiter } from './rate-limit.js';
import { WEB_CSS } from './web-css.js';

export const SERVER_VERSION = '0.1.0';

export interface AppOptions {
  engine: Engine;
  /** Where checks run (check-pool.ts). */
  runner: CheckRunner;
  /** The token that writes need (`Authorization: Bearer TOKEN`); null or absent: the server is read-only. */
  token?: string | null;
  /** The client a request counts against for the rate limit (default: one client for all). */
  clientKey?: (c: Context) => string;
  rateLimit?: RateLimit;
  maxCheckBytes?: number;
  maxIngestBytes?: number;
  /** Options for checks by URL (tests allow loopback). */
  fetch?: FetchOptions;
  /** Errors that are not UnspunErrors are logged here (one line each). */
  log?: (line: string) => void;
}

/** The server's assets: the bundled script (built by scripts/build-web.ts) and the stylesheet. */
function loadScript(): string {
  try {
    return readFileSync(`${PACKAGE_ROOT}dist/web/app.js`, 'utf8');
  } catch {
    return '/* unspun: the web script is not built (npm run build); the pages work without it. */\n';
  }
}

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Reports kept for their permalinks, least recently used first out. */
class ReportCache {
  private readonly map = new Map<string, { report: Report; from: { id: string } | null }>();
  constructor(private readonly max: number) {}
  get(id: string) {
    const v = this.map.get(id);
    if (v) {
      this.map.delete(id);
      this.map.set(id, v);
    }
    return v;
  }
  set(id: string, v: { report: Report; from: { id: string } | null }) {
    this.map.delete(id);
    this.map.set(id, v);
    while (this.map.size > this.max) {
      const oldest = this.map.keys().next().value;
      if (oldest === undefined) break;
      this.map.delete(oldest);
    }
  }
}

const digest = (s: string) => createHash('sha256').update(s).digest();

function intParam(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value)) throw new UnspunError('USAGE', `${name} must be a whole number`);
  const n = Number(value);
  if (n < min || n > max) throw new UnspunError('USAGE', `${name} must be between ${min} and ${max}`);
  return n;
}

function optString(body: Record<string, unknown>, key: string, maxLength = 10_000): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new UnspunError('BAD_INPUT', `"${key}" must be a string`);
  if (v.length > maxLength)
    throw new UnspunError('BAD_INPUT', `"${key}" is longer than ${maxLength} characters`);
  return v;
}

function optBool(body: Record<string, unknown>, key: string): boolean | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new UnspunError('BAD_INPUT', `"${key}" must be true or false`);
  return v;
}

/** The "exclude" object of a check request: each field checked, one line for what is wrong. */
function optExclusions(v: unknown): Exclusions | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v))
    throw new UnspunError('BAD_INPUT', '"exclude" must be an object');
  const o = v as Record<string, unknown>;
  const known = new Set(['quotes', 'minWords', 'sites', 'onlySites', 'before', 'boilerplate']);
  for (const k of Object.keys(o))
    if (!known.has(k))
      throw new UnspunError('BAD_INPUT', `"exclude" has an unknown field "${k.slice(0, 40)}"`);
  const sites = (key: 'sites' | 'onlySites'): string[] | undefined => {
    const x = o[key];
    if (x === undefined) return undefined;
    if (!Array.isArray(x) || x.length > 100 || !x.every((s) => typeof s === 'string' && s.length <= 300))
      throw new UnspunError('BAD_INPUT', `"exclude.${key}" must be a list of at most 100 site names`);
    return x as string[];
  };
  const ex: Exclusions = {};
  const quotes = optBool(o, 'quotes');
  if (quotes !== undefined) ex.quotes = quotes;
  const boilerplate = optBool(o, 'boilerplate');
  if (boilerplate !== undefined) ex.boilerplate = boilerplate;
  if (o.minWords !== undefined) {
    if (!Number.isInteger(o.minWords) || (o.minWords as number) < 1 || (o.minWords as number) > 1000)
      throw new UnspunError('BAD_INPUT', '"exclude.minWords" must be a whole number from 1 to 1000');
    ex.minWords = o.minWords as number;
  }
  const s1 = sites('sites');
  if (s1) ex.sites = s1;
  const s2 = sites('onlySites');
  if (s2) ex.onlySites = s2;
  if (o.before !== undefined) {
    if (typeof o.before !== 'string' || o.before.length > 100 || !normaliseDate(o.before))
      throw new UnspunError('BAD_INPUT', '"exclude.before" must be an ISO 8601 date');
    ex.before = o.before;
  }
  return ex;
}

export function createApp(opts: AppOptions): Hono {
  const { engine, runner } = opts;
  const token = opts.token ? digest(opts.token) : null;
  const readOnly = token === null;
  const maxCheckBytes = opts.maxCheckBytes ?? DEFAULTS.serve.maxCheckBytes;
  const maxIngestBytes = opts.maxIngestBytes ?? DEFAULTS.serve.maxIngestBytes;
  const limiter = new RateLimiter(opts.rateLimit ?? DEFAULTS.serve.rateLimit);
  const clientKey = opts.clientKey ?? (() => 'local');
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const reports = new ReportCache(DEFAULTS.serve.reportCache);
  const hasCorpus = engine.location !== null;
  const script = loadScript();
  const css = `${REPORT_CSS}\n${WEB_CSS}\n`;
  const fetchOpts = opts.fetch ?? {};

  // Corpus figures and the network are cached; the network is rebuilt when the corpus or its audit changes.
  let statsCache: { at: number; value: Promise<StoreStats> } | null = null;
  const stats = async (): Promise<StoreStats | null> => {
    if (!hasCorpus) return null;
    if (!statsCache || Date.now() - statsCache.at > 10_000) {
      const value = engine.store().then((s) => s.stats());
      value.catch(() => {
        statsCache = null;
      });
      statsCache = { at: Date.now(), value };
    }
    return statsCache.value;
  };
  let networkCache: { key: string; at: number; value: Promise<Network> } | null = null;
  const corpusVersion = async (): Promise<string> => {
    const s = await engine.store();
    const [max, watermark, version] = await Promise.all([
      s.maxSeq(),
      s.getMeta('audit_watermark'),
      s.getMeta('audit_version'),
    ]);
    return `${max}|${watermark}|${version}`;
  };
  const network = async (): Promise<Network> => {
    if (!hasCorpus) throw new UnspunError('NO_AUDIT', 'this server has no corpus');
    const key = await corpusVersion();
    if (
      !networkCache ||
      networkCache.key !== key ||
      Date.now() - networkCache.at > DEFAULTS.serve.networkCacheMs
    ) {
      const value = engine.network();
      networkCache = { key, at: Date.now(), value };
      value.catch(() => {
        networkCache = null;
      });
    }
    return networkCache.value;
  };
  const networkOrNull = async (): Promise<Network | null> => {
    try {
      return await network();
    } catch (e) {
      if (e instanceof UnspunError && e.code === 'NO_AUDIT') return null;
      throw e;
    }
  };

  const requireCorpus = () => {
    if (!hasCorpus) throw new UnspunError('NOT_FOUND', 'this server has no corpus');
  };
  const rateLimited = (c: Context) => {
    const wait = limiter.take(clientKey(c));
    if (wait > 0) {
      throw Object.assign(new UnspunError('RATE_LIMITED', `too many requests; try again in ${wait} s`), {
        retryAfter: wait,
      });
    }
  };

  /** Run a check (deduplicated by its input: the same input gives the same permalink). */
  const check = async (
    job: CheckJob,
    from: { id: string } | null = null,
  ): Promise<{ id: string; report: Report }> => {
    // Line ends as the browser or the file gave them do not make another report (forms send CRLF).
    if (job.input.kind === 'text')
      job = { ...job, input: { kind: 'text', text: job.input.text.replace(/\r\n?/g, '\n') } };
    if (job.input.kind === 'html')
      job = { ...job, input: { ...job.input, html: job.input.html.replace(/\r\n?/g, '\n') } };
    const id = createHash('sha256').update(JSON.stringify(job)).digest('base64url').slice(0, 22);
    const known = reports.get(id);
    if (known) return { id, report: known.report };
    const report = await runner.run(job);
    reports.set(id, { report, from });
    return { id, report };
  };

  const isApi = (c: Context) => c.req.path.startsWith('/api/') || c.req.path === '/healthz';
  const problemAnswer = (c: Context, p: Problem, extra: Record<string, string> = {}) => {
    if (isApi(c) || c.req.path === '/openapi.json') return problemResponse(p, extra);
    return c.html(pages.errorPage(p, { readOnly }), p.status as 400, extra);
  };

  const app = new Hono();

  app.use('*', async (c, next) => {
    await next();
    c.header('Content-Security-Policy', CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('Cross-Origin-Opener-Policy', 'same-origin');
    if (!c.res.headers.has('cache-control')) c.header('Cache-Control', 'no-store');
  });

  app.onError((err, c) => {
    const p = problemFromError(err);
    if (p.code === 'INTERNAL')
      log(`unspun serve: ${c.req.method} ${c.req.path}: ${err.stack ?? err.message}`);
    const retry = (err as { retryAfter?: number }).retryAfter;
    return problemAnswer(c, p, retry ? { 'Retry-After': String(retry) } : {});
  });
  app.notFound((c) => problemAnswer(c, problemOf('NOT_FOUND', `nothing at ${c.req.path}`)));

  const limitBody = (max: number) =>
    bodyLimit({
      maxSize: max,
      onError: () => {
        throw new UnspunError('TOO_LARGE', `the request is larger than ${max} bytes`);
      },
    });

  // --- assets -------------------------------------------------------------------------------------------------
  app.get('/assets/app.js', (c) =>
    c.body(script, 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=300',
    }),
  );
  app.get('/assets/app.css', (c) =>
    c.body(css, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=300' }),
  );
  app.get('/favicon.ico', (c) => c.body(null, 204));

  // --- API ------------------------------------------------------------------------------------------------------
  app.get('/healthz', (c) =>
    c.json({
      status: 'ok' as const,
      version: SERVER_VERSION,
      corpus: hasCorpus,
      readOnly,
      checks: { workers: runner.workers, ...runner.load() },
    }),
  );
  app.get('/openapi.json', (c) => c.json(openApiDocument()));

  app.post('/api/check', limitBody(maxCheckBytes), async (c) => {
    rateLimited(c);
    if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) {
      throw new UnspunError(
        'UNSUPPORTED_FORMAT',
        'send the article as JSON (content-type: application/json)',
      );
    }
    let body: unknown;
    try {
      body = await c.req.json();
    } catch (e) {
      if (e instanceof UnspunError) throw e;
      throw new UnspunError('BAD_INPUT', 'the body is not valid JSON');
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      throw new UnspunError('BAD_INPUT', 'the body must be a JSON object');
    }
    const b = body as Record<string, unknown>;
    const big = maxCheckBytes;
    const text = optString(b, 'text', big);
    const headline = optString(b, 'headline');
    const bodyText = optString(b, 'body', big);
    const html = optString(b, 'html', big);
    const url = optString(b, 'url', 4096);
    const site = optString(b, 'site', 500);
    const published = optString(b, 'published', 100);
    const byline = optString(b, 'byline', 1000);
    const corpus = optBool(b, 'corpus') ?? true;
    const headlineCheck = optBool(b, 'headlineCheck') ?? true;
    const exclude = optExclusions(b.exclude);
    const given = [
      text !== undefined,
      bodyText !== undefined || headline !== undefined,
      html !== undefined,
    ].filter(Boolean).length;
    if (given > 1) throw new UnspunError('BAD_INPUT', 'give one of "text", "headline" and "body", or "html"');
    let input: CheckInput;
    if (text !== undefined) {
      if (!text.trim()) throw new UnspunError('BAD_INPUT', '"text" is empty');
      input = { kind: 'text', text };
    } else if (bodyText !== undefined || headline !== undefined) {
      input = {
        kind: 'record',
        record: {
          title: headline ?? '',
          text: bodyText ?? '',
          ...(url ? { url } : {}),
          ...(site ? { site } : {}),
          ...(published ? { published } : {}),
          ...(byline ? { byline } : {}),
        },
      };
    } else if (html !== undefined) {
      input = { kind: 'html', html, ...(url ? { url } : {}) };
    } else if (url !== undefined) {
      if (!isUrl(url)) throw new UnspunError('BAD_INPUT', '"url" must be an http(s) address');
      input = { kind: 'article', article: await fetchArticle(url, fetchOpts) };
    } else {
      throw new UnspunError(
        'BAD_INPUT',
        'give the article as "text", "headline" and "body", "html", or "url"',
      );
    }
    const { id, report } = await check({
      input,
      corpus: corpus && hasCorpus,
      headline: headlineCheck,
      ...(exclude ? { exclude } : {}),
    });
    c.header('Content-Location', `/reports/${id}`);
    return c.json(report);
  });

  app.get('/api/reports/:id', (c) => {
    const r = reports.get(c.req.param('id'));
    if (!r) throw new UnspunError('NOT_FOUND', 'no such report: reports are kept while the server runs');
    return c.json(r.report);
  });

  app.get('/api/articles', async (c) => {
    requireCorpus();
    const q = c.req.query();
    const list = await engine.articles({
      ...(q.site ? { site: q.site } : {}),
      ...(q.q ? { q: q.q.slice(0, 200) } : {}),
      page: intParam(q.page, 'page', 1, 1_000_000) ?? 1,
      pageSize: intParam(q.pageSize, 'pageSize', 1, 200) ?? DEFAULTS.serve.pageSize,
    });
    return c.json({
      total: list.total,
      page: list.page,
      pageSize: list.pageSize,
      pages: list.pages,
      items: list.items.map(headRef),
    });
  });

  app.get('/api/articles/:id', async (c) => {
    requireCorpus();
    const v = await engine.article(c.req.param('id'), { copiers: DEFAULTS.serve.copiersShown });
    if (!v) throw new UnspunError('NOT_FOUND', 'no such article in the corpus');
    return c.json(v);
  });

  app.get('/api/sites', async (c) => {
    requireCorpus();
    return c.json(await engine.sites());
  });

  const siteView = async (site: string): Promise<pages.SiteView> => {
    requireCorpus();
    const summary = (await engine.sites()).find((s) => s.site === site);
    if (!summary) throw new UnspunError('NOT_FOUND', 'no such site in the corpus');
    const net = await networkOrNull();
    return {
      site: summary,
      network: net?.sites.find((s) => s.site === site) ?? null,
      copiesFrom: net?.edges.filter((x) => x.from === site) ?? [],
      copiedBy: net?.edges.filter((x) => x.to === site) ?? [],
      recent: await engine.articles({ site, pageSize: 20 }),
    };
  };

  app.get('/api/sites/:site', async (c) => {
    const v = await siteView(c.req.param('site'));
    return c.json({
      ...v,
      recent: {
        ...v.recent,
        items: v.recent.items.map(headRef),
      },
    });
  });

  app.get('/api/network', async (c) => {
    const q = c.req.query();
    const minArticles = intParam(q.minArticles, 'minArticles', 1, 1_000_000);
    const excludeSites = (c.req.queries('excludeSite') ?? []).slice(0, 100);
    const onlySites = (c.req.queries('onlySite') ?? []).slice(0, 100);
    if (q.since || q.until || minArticles || excludeSites.length || onlySites.length) {
      requireCorpus();
      // A filtered network is built for the request: it counts against the rate limit.
      rateLimited(c);
      return c.json(
        await engine.network({
          ...(q.since ? { since: q.since } : {}),
          ...(q.until ? { until: q.until } : {}),
          ...(minArticles ? { minArticles } : {}),
          ...(excludeSites.length ? { excludeSites } : {}),
          ...(onlySites.length ? { onlySites } : {}),
        }),
      );
    }
    return c.json(await network());
  });

  app.get('/api/stats', async (c) => {
    requireCorpus();
    const s = await engine.stats();
    return c.json(s);
  });

  app.post('/api/ingest', async (c) => {
    if (readOnly) {
      throw new UnspunError(
        'READ_ONLY',
        'this server is read-only: start it with --token (or UNSPUN_TOKEN) to ingest',
      );
    }
    const auth = c.req.header('authorization') ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(auth);
    if (!m || !timingSafeEqual(digest(m[1]!.trim()), token!)) {
      throw Object.assign(
        new UnspunError('UNAUTHORIZED', 'a valid "Authorization: Bearer TOKEN" header is needed'),
        {
          retryAfter: 0,
        },
      );
    }
    rateLimited(c);
    requireCorpus();
    const declared = Number(c.req.header('content-length') ?? '0');
    if (declared > maxIngestBytes) {
      throw new UnspunError(
        'TOO_LARGE',
        `the request is larger than ${maxIngestBytes} bytes: send it in parts`,
      );
    }
    const raw = c.req.raw.body;
    if (!raw) throw new UnspunError('BAD_INPUT', 'the body is empty: send JSON Lines, one article per line');
    let read = 0;
    let truncated = false;
    // The body is read as a stream and cut at the limit; the records read before the cut are stored.
    async function* limited(): AsyncIterable<Buffer> {
      for await (const chunk of Readable.fromWeb(
        raw as import('node:stream/web').ReadableStream<Uint8Array>,
      )) {
        const buf = chunk as Buffer;
        if (read + buf.length > maxIngestBytes) {
          truncated = true;
          // Keep whole lines only.
          const room = buf.subarray(0, maxIngestBytes - read);
          const nl = room.lastIndexOf(10);
          if (nl >= 0) yield room.subarray(0, nl + 1);
          return;
        }
        read += buf.length;
        yield buf;
      }
    }
    const summary = await engine.ingest(['-'], { stdin: limited() });
    statsCache = null;
    const out = {
      added: summary.added,
      versions: summary.versions,
      duplicates: summary.duplicates,
      duplicatesBy: summary.duplicatesBy,
      rejected: summary.rejected.map((r) => ({
        file: r.file,
        ...(r.line !== undefined ? { line: r.line } : {}),
        reason: r.reason,
      })),
      ...(truncated ? { truncated: true } : {}),
    };
    if (truncated) {
      return c.json(
        {
          ...problemOf(
            'TOO_LARGE',
            `the body is larger than ${maxIngestBytes} bytes: the ${summary.added} article(s) before the cut were stored; send the rest in another request`,
          ),
          summary: out,
        },
        413,
        { 'content-type': 'application/problem+json; charset=utf-8' },
      );
    }
    return c.json(out);
  });

  app.all('/api/*', () => {
    throw new UnspunError('NOT_FOUND', 'no such API route (see /openapi.json)');
  });

  // --- pages ----------------------------------------------------------------------------------------------------
  app.get('/', async (c) =>
    c.html(pages.checkPage({ stats: await stats(), readOnly, maxBytes: maxCheckBytes })),
  );

  app.post('/check', limitBody(maxCheckBytes + 64 * 1024), async (c) => {
    const form = await c.req.parseBody().catch(() => {
      throw new UnspunError('BAD_INPUT', 'the form could not be read');
    });
    const text = typeof form.text === 'string' ? form.text : '';
    const url = typeof form.url === 'string' ? form.url.trim() : '';
    const file = form.file instanceof File && form.file.size > 0 ? form.file : null;
    const corpus = form.corpus === '1' && hasCorpus;
    const values = { text, url, corpus };
    try {
      rateLimited(c);
      let input: CheckInput;
      if (file) {
        const content = await file.text();
        if (!content.trim()) throw new UnspunError('BAD_INPUT', `${file.name} is empty`);
        input =
          /\.html?$/i.test(file.name) || /html/i.test(file.type)
            ? { kind: 'html', html: content }
            : { kind: 'text', text: content };
      } else if (text.trim()) {
        input = { kind: 'text', text };
      } else if (url) {
        if (!isUrl(url))
          throw new UnspunError('BAD_INPUT', 'the address must start with http:// or https://');
        input = { kind: 'article', article: await fetchArticle(url, fetchOpts) };
      } else {
        throw new UnspunError('BAD_INPUT', 'paste an article, choose a file or give an address');
      }
      const { id } = await check({ input, corpus, headline: true });
      return c.redirect(`/reports/${id}`, 303);
    } catch (e) {
      const p = problemFromError(e);
      if (p.code === 'INTERNAL') log(`unspun serve: POST /check: ${(e as Error).stack ?? String(e)}`);
      return c.html(
        pages.checkPage({ stats: await stats(), readOnly, maxBytes: maxCheckBytes, error: p, values }),
        p.status as 400,
      );
    }
  });

  app.get('/reports/:id', (c) => {
    const id = c.req.param('id');
    const r = reports.get(id);
    if (!r) {
      throw new UnspunError(
        'NOT_FOUND',
        'this report is no longer kept (reports of pasted text last while the server runs; reports of stored articles can be re-opened from the article page)',
      );
    }
    return c.html(pages.reportPage(r.report, { id, permalink: `/reports/${id}`, from: r.from, readOnly }));
  });

  app.get('/articles', async (c) => {
    requireCorpus();
    const q = c.req.query();
    const filter = { ...(q.site ? { site: q.site } : {}), ...(q.q ? { q: q.q.slice(0, 200) } : {}) };
    const list = await engine.articles({
      ...filter,
      page: intParam(q.page, 'page', 1, 1_000_000) ?? 1,
      pageSize: DEFAULTS.serve.pageSize,
    });
    return c.html(pages.articlesPage(list, filter, { readOnly }));
  });

  app.get('/articles/:id', async (c) => {
    requireCorpus();
    const v = await engine.article(c.req.param('id'), { copiers: DEFAULTS.serve.copiersShown });
    if (!v) throw new UnspunError('NOT_FOUND', 'no such article in the corpus');
    return c.html(pages.articlePage(v, { readOnly }));
  });

  // The permalink of a stored article's report: checked against the rest of the corpus when opened.
  app.get('/articles/:id/check', async (c) => {
    requireCorpus();
    const id = c.req.param('id');
    const a = await (await engine.store()).getArticle(id);
    if (!a) throw new UnspunError('NOT_FOUND', 'no such article in the corpus');
    rateLimited(c);
    const { key: _k, hash: _h, seq: _s, ...input } = a;
    const checked = await check(
      { input: { kind: 'article', article: input }, corpus: true, headline: true },
      { id },
    );
    const permalink = `${pages.articlePath(id)}/check`;
    return c.html(pages.reportPage(checked.report, { id: checked.id, permalink, from: { id }, readOnly }));
  });

  app.get('/sites', async (c) => {
    requireCorpus();
    const [sites, net] = await Promise.all([engine.sites(), networkOrNull()]);
    return c.html(pages.sitesPage(sites, net, { readOnly }));
  });

  app.get('/sites/:site', async (c) =>
    c.html(pages.sitePage(await siteView(c.req.param('site')), { readOnly })),
  );

  app.get('/network', async (c) => {
    if (!hasCorpus) return c.html(pages.networkPage(null, 'This server has no corpus.', { readOnly }));
    let net: Network | null = null;
    let note: string | null = null;
    try {
      net = await network();
    } catch (e) {
      if (!(e instanceof UnspunError && e.code === 'NO_AUDIT')) throw e;
      note = 'The corpus has no audit yet: run "unspun audit" to build the copy network.';
    }
    return c.html(pages.networkPage(net, note, { readOnly }));
  });

  return app;
}
