/**
 * `unspun serve`: the HTTP API and the web page through the app's fetch handler (no port), every route and every
 * error code, responses validated against the served OpenAPI document; the worker pool gives the same reports as
 * the engine; a real server on a free port stops cleanly with a request in flight.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { DEFAULTS } from '../src/defaults.js';
import { createEngine, type Engine } from '../src/engine/engine.js';
import type { ErrorCode } from '../src/errors.js';
import { UnspunError } from '../src/errors.js';
import type { Report } from '../src/report/types.js';
import {
  createApp,
  inProcessRunner,
  openApiDocument,
  STATUS_OF,
  startCheckPool,
  startServer,
} from '../src/server/index.js';
import { problemFromError } from '../src/server/problem.js';
import { RateLimiter } from '../src/server/rate-limit.js';
import { repoRoot, tempDir } from './helpers/index.js';

const demo = join(repoRoot, 'examples', 'demo');
const FARM01 = readFileSync(join(demo, 'farm', 'farm-01.md'), 'utf8');
const CORPUS = [
  join(demo, 'wire'),
  ...['02', '03', '04', '05'].map((n) => join(demo, 'farm', `farm-${n}.md`)),
  join(demo, 'farm2'),
];
const TOKEN = 'test-token-0123456789';
/** A farm of the corpus that copies the wire (farm-02). */
const FARMSITE = 'bizbuzzdaily.example';

const tmp = tempDir('unspun-serve-');
const dbPath = join(tmp.dir, 'corpus.db');
let engine: Engine;
let app: ReturnType<typeof createApp>;

// --- OpenAPI validation of real responses -----------------------------------------------------------------------
const doc = openApiDocument();
const ajv = new Ajv2020({ allErrors: true, strict: false });
ajv.addSchema(doc, 'openapi');
const pointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

async function conforms(res: Response, path: string, method: 'get' | 'post'): Promise<unknown> {
  const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
  const body = await res.json();
  const responses = (doc.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)[
    path
  ]?.[method]?.responses;
  assert.ok(responses, `${method.toUpperCase()} ${path} is in the OpenAPI document`);
  assert.ok(responses[String(res.status)], `${method.toUpperCase()} ${path} documents status ${res.status}`);
  const ref = `openapi#/paths/${encodeURIComponent(pointer(path))}/${method}/responses/${res.status}/content/${encodeURIComponent(pointer(type))}/schema`;
  const validate = ajv.getSchema(ref);
  assert.ok(validate, `a schema for ${method.toUpperCase()} ${path} ${res.status} ${type}`);
  assert.ok(
    validate(body),
    `${method.toUpperCase()} ${path} ${res.status}: ${ajv.errorsText(validate.errors)}`,
  );
  return body;
}

/** A problem answer: the right status and code, problem+json, one line, no stack trace. */
async function isProblem(res: Response, status: number, code: string): Promise<Record<string, unknown>> {
  assert.equal(res.status, status, `status for ${code}`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
  const p = (await res.json()) as Record<string, unknown>;
  assert.equal(p.code, code);
  assert.equal(p.status, status);
  assert.equal(typeof p.detail, 'string');
  assert.doesNotMatch(String(p.detail), /\n|\s at \S+ \(|node:internal|\.ts:\d+/);
  const validate = ajv.getSchema('openapi#/components/schemas/Problem')!;
  assert.ok(validate(p), ajv.errorsText(validate.errors));
  return p;
}

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

const withoutTimings = (r: Report) => ({ ...r, timings: {} });

before(async () => {
  engine = createEngine({ store: dbPath });
  await engine.ingest(CORPUS);
  await engine.audit();
  app = createApp({
    engine,
    runner: inProcessRunner(engine, { timeoutMs: 60_000, queueMax: 16 }),
    token: TOKEN,
    rateLimit: { perMinute: 0, burst: 0 },
  });
});

after(async () => {
  await engine.close();
  tmp.cleanup();
});

describe('the HTTP API', () => {
  it('serves a valid OpenAPI 3.1 document and a health check', async () => {
    const res = await app.request('/openapi.json');
    assert.equal(res.status, 200);
    const d = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    assert.equal(d.openapi, '3.1.0');
    for (const p of ['/api/check', '/api/articles/{id}', '/api/network', '/api/ingest', '/healthz']) {
      assert.ok(d.paths[p], p);
    }
    const h = (await conforms(await app.request('/healthz'), '/healthz', 'get')) as Record<string, unknown>;
    assert.equal(h.status, 'ok');
    assert.equal(h.readOnly, false);
  });

  it('POST /api/check gives the same report as the engine, with a permalink', async () => {
    const res = await app.request('/api/check', json({ text: FARM01 }));
    assert.equal(res.status, 200);
    const location = res.headers.get('content-location') ?? '';
    assert.match(location, /^\/reports\/[\w-]{22}$/);
    const report = (await conforms(res, '/api/check', 'post')) as Report;
    const direct = await engine.check({
      ...(await import('../src/server/check-job.js')).jobArticle({ kind: 'text', text: FARM01 }),
    });
    assert.deepEqual(withoutTimings(report), withoutTimings(JSON.parse(JSON.stringify(direct))));
    assert.ok(report.summary.tracedSentences > 5, 'farm-01 is traced to the wire');
    assert.ok(report.summary.substitutionMap.length > 0);
    // The permalink: the same report as JSON and as a page.
    const again = await app.request(`/api${location}`);
    assert.deepEqual(await conforms(again, '/api/reports/{id}', 'get'), report);
    const page = await app.request(location);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /class="unspun-report side-by-side"/);
    assert.match(html, /<mark[^>]*title="[^"]+"/);
    assert.match(html, /href="\/articles\/id%3A|href="\/articles\/url%3A/);
    // The same input again is the same permalink.
    const twice = await app.request('/api/check', json({ text: FARM01 }));
    assert.equal(twice.headers.get('content-location'), location);
  });

  it('takes headline and body, or an HTML page, and answers the options', async () => {
    const [head, ...rest] = FARM01.replace(/^---[\s\S]*?---\n/, '').split('\n');
    const hb = await app.request(
      '/api/check',
      json({
        headline: 'Talks end without a deal',
        body: rest.join('\n'),
        published: '2026-03-16',
        headlineCheck: false,
      }),
    );
    const r1 = (await conforms(hb, '/api/check', 'post')) as Report;
    assert.equal(r1.article.headline, 'Talks end without a deal');
    assert.equal(r1.headline, null);
    assert.ok(head !== undefined);
    const page = `<!doctype html><html><head><title>Ceasefire talks stall</title></head><body><article><h1>Ceasefire talks stall</h1>${rest
      .filter((l) => l.trim())
      .map((l) => `<p>${l.replace(/[<&]/g, '')}</p>`)
      .join('')}</article></body></html>`;
    const r2 = (await conforms(
      await app.request('/api/check', json({ html: page, corpus: false })),
      '/api/check',
      'post',
    )) as Report;
    assert.equal(r2.summary.corpus, false);
    assert.equal(
      r2.sentences.every((s) => s.status === 'unchecked'),
      true,
    );
  });

  it('fetches a URL through the address guard', async () => {
    const server: Server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        '<html><head><title>Port strike ends</title></head><body><article><h1>Port strike ends</h1><p>Dock workers returned to work on Monday after a nine day strike over pay, the union said.</p><p>The port authority said ships would be cleared by the weekend.</p></article></body></html>',
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/story`;
    try {
      await isProblem(await app.request('/api/check', json({ url })), 422, 'FETCH_BLOCKED');
      await isProblem(
        await app.request('/api/check', json({ url: 'http://169.254.169.254/latest/meta-data/' })),
        422,
        'FETCH_BLOCKED',
      );
      const local = createApp({
        engine,
        runner: inProcessRunner(engine, { timeoutMs: 60_000, queueMax: 4 }),
        fetch: { allowLoopback: true },
      });
      const r = (await conforms(
        await local.request('/api/check', json({ url })),
        '/api/check',
        'post',
      )) as Report;
      assert.equal(r.article.headline, 'Port strike ends');
      assert.equal(r.article.url, url);
    } finally {
      server.close();
    }
  });

  it('answers bad requests with problem details carrying the error code', async () => {
    await isProblem(
      await app.request('/api/check', { method: 'POST', body: 'text' }),
      415,
      'UNSUPPORTED_FORMAT',
    );
    await isProblem(
      await app.request('/api/check', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"text":',
      }),
      400,
      'BAD_INPUT',
    );
    await isProblem(await app.request('/api/check', json([1, 2])), 400, 'BAD_INPUT');
    await isProblem(await app.request('/api/check', json({})), 400, 'BAD_INPUT');
    await isProblem(
      await app.request('/api/check', json({ text: 'A\n\nB', html: '<p>x</p>' })),
      400,
      'BAD_INPUT',
    );
    await isProblem(await app.request('/api/check', json({ text: 42 })), 400, 'BAD_INPUT');
    await isProblem(await app.request('/api/check', json({ text: '   ' })), 400, 'BAD_INPUT');
    await isProblem(await app.request('/api/check', json({ text: 'x', corpus: 'yes' })), 400, 'BAD_INPUT');
    await isProblem(await app.request('/api/check', json({ url: 'file:///etc/passwd' })), 400, 'BAD_INPUT');
    await isProblem(await app.request('/api/nothing-here'), 404, 'NOT_FOUND');
    await isProblem(await app.request('/api/reports/unknown'), 404, 'NOT_FOUND');
    await isProblem(await app.request('/api/articles/no-such-article'), 404, 'NOT_FOUND');
    await isProblem(await app.request('/api/sites/no-such-site.example'), 404, 'NOT_FOUND');
    await isProblem(await app.request('/api/articles?page=0'), 400, 'USAGE');
    await isProblem(await app.request('/api/articles?pageSize=abc'), 400, 'USAGE');
    await isProblem(await app.request('/api/network?since=last-week'), 400, 'USAGE');
  });

  it('limits sizes, rates, queue and time', async () => {
    const small = createApp({
      engine,
      runner: inProcessRunner(engine, { timeoutMs: 60_000, queueMax: 4 }),
      maxCheckBytes: 1000,
      token: TOKEN,
      maxIngestBytes: 2000,
    });
    await isProblem(
      await small.request('/api/check', json({ text: `Headline\n\n${'word '.repeat(400)}` })),
      413,
      'TOO_LARGE',
    );
    const limited = createApp({
      engine,
      runner: inProcessRunner(engine, { timeoutMs: 60_000, queueMax: 4 }),
      rateLimit: { perMinute: 1, burst: 1 },
    });
    assert.equal(
      (await limited.request('/api/check', json({ text: 'Headline\n\nOne sentence here.' }))).status,
      200,
    );
    const res = await limited.request('/api/check', json({ text: 'Headline\n\nAnother sentence here.' }));
    await isProblem(res, 429, 'RATE_LIMITED');
    assert.match(res.headers.get('retry-after') ?? '', /^\d+$/);
    const full = createApp({ engine, runner: inProcessRunner(engine, { timeoutMs: 60_000, queueMax: 0 }) });
    await isProblem(await full.request('/api/check', json({ text: 'Headline\n\nBody text.' })), 503, 'BUSY');
    const slow = createApp({ engine, runner: inProcessRunner(engine, { timeoutMs: 1, queueMax: 4 }) });
    await isProblem(await slow.request('/api/check', json({ text: FARM01 })), 503, 'TIMEOUT');
  });

  it('never shows an internal error: a generic 500 problem, logged on the server', async () => {
    const lines: string[] = [];
    const broken = createApp({
      engine,
      runner: {
        workers: 0,
        run: () => Promise.reject(new TypeError('secret internal detail at /srv/app.js:12')),
        load: () => ({ running: 0, queued: 0 }),
        close: async () => {},
      },
      log: (l) => lines.push(l),
    });
    const p = await isProblem(
      await broken.request('/api/check', json({ text: 'Headline\n\nBody.' })),
      500,
      'INTERNAL',
    );
    assert.doesNotMatch(String(p.detail), /secret/);
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /secret internal detail/);
  });

  it('maps every error code to a fixed HTTP status', () => {
    const codes = Object.keys(STATUS_OF).filter((c) => c !== 'INTERNAL') as ErrorCode[];
    assert.equal(codes.length, 19);
    for (const code of codes) {
      const p = problemFromError(new UnspunError(code, `about ${code}`));
      assert.equal(p.status, STATUS_OF[code]);
      assert.equal(p.code, code);
      assert.ok(p.status >= 400 && p.status < 600);
    }
    assert.equal(problemFromError(new Error('x')).status, 500);
  });

  it('browses the corpus: articles, one article with sources and copiers, sites, the network, stats', async () => {
    const list = (await conforms(await app.request('/api/articles?pageSize=5'), '/api/articles', 'get')) as {
      total: number;
      pages: number;
      items: { id: string; site: string }[];
    };
    const total = (await engine.stats()).articles;
    assert.equal(list.total, total);
    assert.equal(list.items.length, 5);
    assert.equal(list.pages, Math.ceil(total / 5));
    const bySite = (await conforms(
      await app.request('/api/articles?site=trendzdaily.example'),
      '/api/articles',
      'get',
    )) as { items: { site: string }[] };
    assert.ok(bySite.items.length > 0 && bySite.items.every((a) => a.site === 'trendzdaily.example'));
    // A farm article: traced to the wire, with copy evidence.
    const farm = (await engine.articles({ site: FARMSITE })).items[0]!;
    const view = (await conforms(
      await app.request(`/api/articles/${encodeURIComponent(farm.key)}`),
      '/api/articles/{id}',
      'get',
    )) as { audit: { sources: { site: string; copyEvidence: boolean }[] } };
    assert.ok(view.audit.sources.some((s) => s.copyEvidence));
    // Its main source has it among its copiers.
    const source = view.audit.sources[0] as unknown as { id: string };
    const sv = (await conforms(
      await app.request(`/api/articles/${encodeURIComponent(source.id)}`),
      '/api/articles/{id}',
      'get',
    )) as { copiers: { id: string }[]; copiersTotal: number };
    assert.ok(sv.copiers.some((c) => c.id === farm.key));
    const sites = (await conforms(await app.request('/api/sites'), '/api/sites', 'get')) as {
      site: string;
    }[];
    assert.ok(sites.some((s) => s.site === 'trendzdaily.example'));
    const site = (await conforms(
      await app.request('/api/sites/trendzdaily.example'),
      '/api/sites/{site}',
      'get',
    )) as { copiesFrom: { to: string }[]; network: { timeline: unknown[] } };
    assert.ok(site.copiesFrom.length > 0);
    assert.ok(site.network.timeline.length > 0);
    const net = (await conforms(await app.request('/api/network'), '/api/network', 'get')) as {
      edges: { from: string }[];
    };
    assert.ok(net.edges.some((e) => e.from === 'trendzdaily.example'));
    await conforms(await app.request('/api/network?minArticles=2'), '/api/network', 'get');
    // Leave out the site the first edge points to: no edge points there any more, and it is no site of the network.
    const gone = (net as unknown as { edges: { to: string }[] }).edges[0]!.to;
    const without = (await conforms(
      await app.request(`/api/network?excludeSite=${encodeURIComponent(gone.toUpperCase())}`),
      '/api/network',
      'get',
    )) as { sites: { site: string }[]; edges: { from: string; to: string }[] };
    assert.ok(!without.sites.some((x) => x.site === gone));
    assert.ok(without.edges.every((e) => e.to !== gone && e.from !== gone));
    await isProblem(await app.request('/api/network?onlySite=nowhere.example'), 404, 'NOT_FOUND');
    const stats = (await conforms(await app.request('/api/stats'), '/api/stats', 'get')) as {
      articles: number;
    };
    assert.equal(stats.articles, total);
  });

  it('says NO_AUDIT for the network of a corpus without an audit', async () => {
    const t = tempDir('unspun-serve-noaudit-');
    const e2 = createEngine({ store: join(t.dir, 'c.db') });
    try {
      await e2.ingest([join(demo, 'wire')]);
      const a2 = createApp({ engine: e2, runner: inProcessRunner(e2, { timeoutMs: 60_000, queueMax: 4 }) });
      const p = await isProblem(await a2.request('/api/network'), 404, 'NO_AUDIT');
      assert.match(String(p.detail), /unspun audit/);
      const page = await a2.request('/network');
      assert.equal(page.status, 200);
      assert.match(await page.text(), /no audit yet/);
    } finally {
      await e2.close();
      t.cleanup();
    }
  });

  it('ingests JSON Lines only with the token; a read-only server says so', async () => {
    const line = (n: number) =>
      JSON.stringify({
        id: `api-${n}`,
        url: `https://example.org/api/${n}`,
        title: `Reservoir levels ${n}`,
        published: '2026-05-01',
        text: `Reservoir levels in the northern valley fell for the ${n}th week in a row, the water board said. Farmers were asked to cut irrigation by a fifth until the autumn rains arrive.`,
      });
    const body = `${line(1)}\n${line(2)}\n{"broken":\n`;
    const readOnly = createApp({
      engine,
      runner: inProcessRunner(engine, { timeoutMs: 60_000, queueMax: 4 }),
    });
    await isProblem(await readOnly.request('/api/ingest', { method: 'POST', body }), 403, 'READ_ONLY');
    assert.equal(
      ((await (await readOnly.request('/healthz')).json()) as { readOnly: boolean }).readOnly,
      true,
    );
    await isProblem(await app.request('/api/ingest', { method: 'POST', body }), 401, 'UNAUTHORIZED');
    await isProblem(
      await app.request('/api/ingest', {
        method: 'POST',
        body,
        headers: { authorization: 'Bearer wrong-token-000' },
      }),
      401,
      'UNAUTHORIZED',
    );
    const ok = await app.request('/api/ingest', {
      method: 'POST',
      body,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/x-ndjson' },
    });
    const summary = (await conforms(ok, '/api/ingest', 'post')) as { added: number; rejected: unknown[] };
    assert.equal(summary.added, 2);
    assert.equal(summary.rejected.length, 1);
    assert.ok(await engine.article('id:api-1'));
    // Over the size limit: the whole lines before the cut are stored, and the answer says so.
    const small = createApp({
      engine,
      runner: inProcessRunner(engine, { timeoutMs: 60_000, queueMax: 4 }),
      token: TOKEN,
      maxIngestBytes: line(3).length + 10,
    });
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode(`${line(3)}\n`));
        c.enqueue(new TextEncoder().encode(`${line(4)}\n`));
        c.close();
      },
    });
    const cut = await small.request('/api/ingest', {
      method: 'POST',
      body: stream,
      headers: { authorization: `Bearer ${TOKEN}` },
      duplex: 'half',
    } as RequestInit);
    const p = await isProblem(cut, 413, 'TOO_LARGE');
    assert.equal((p.summary as { added: number; truncated: boolean }).added, 1);
    assert.ok(await engine.article('id:api-3'));
    assert.equal(await engine.article('id:api-4'), null);
    const declared = await small.request('/api/ingest', {
      method: 'POST',
      body: `${line(5)}\n${line(6)}\n`,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-length': '100000' },
    });
    await isProblem(declared, 413, 'TOO_LARGE');
  });
});

describe('the web page (server-rendered)', () => {
  const noInlineScript = (html: string) => {
    for (const m of html.matchAll(/<script\b[^>]*>/g)) assert.match(m[0], /\ssrc="\/assets\/app\.js"/);
    assert.doesNotMatch(html, /\son[a-z]+=/i);
    assert.doesNotMatch(html, /\sstyle=/i);
  };

  it('serves every page with a strict Content-Security-Policy and no inline script or style', async () => {
    const farm = (await engine.articles({ site: FARMSITE })).items[0]!;
    for (const path of [
      '/',
      '/articles',
      '/articles?q=ceasefire',
      `/articles/${encodeURIComponent(farm.key)}`,
      '/sites',
      '/sites/trendzdaily.example',
      '/network',
    ]) {
      const res = await app.request(path);
      assert.equal(res.status, 200, path);
      const csp = res.headers.get('content-security-policy') ?? '';
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /script-src 'self'(;|$)/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
      const html = await res.text();
      assert.match(html, /^<!doctype html>/);
      assert.match(html, /<html lang="en">/);
      assert.match(html, /<main id="main"/);
      noInlineScript(html);
    }
    const css = await app.request('/assets/app.css');
    assert.match(css.headers.get('content-type') ?? '', /text\/css/);
    const js = await app.request('/assets/app.js');
    assert.match(js.headers.get('content-type') ?? '', /javascript/);
    assert.ok((await js.text()).length > 10_000, 'the bundled script is built');
  });

  it('checks pasted text and an uploaded file from the form, and re-renders the form on an error', async () => {
    const form = new FormData();
    form.set('text', FARM01);
    form.set('corpus', '1');
    const res = await app.request('/check', { method: 'POST', body: form });
    assert.equal(res.status, 303);
    const location = res.headers.get('location') ?? '';
    assert.match(location, /^\/reports\//);
    const page = await (await app.request(location)).text();
    assert.match(page, /Halvard breakthrough/);
    assert.match(page, /data-view-switch/);
    noInlineScript(page);

    const upload = new FormData();
    upload.set('file', new File([FARM01], 'farm.md', { type: 'text/markdown' }));
    upload.set('corpus', '1');
    const up = await app.request('/check', { method: 'POST', body: upload });
    assert.equal(up.status, 303);
    // The same article pasted or uploaded is the same report.
    assert.equal(up.headers.get('location'), location);

    const empty = await app.request('/check', { method: 'POST', body: new FormData() });
    assert.equal(empty.status, 400);
    const html = await empty.text();
    assert.match(html, /role="alert"/);
    assert.match(html, /paste an article/);

    const hostile = new FormData();
    hostile.set('text', '<script>alert(1)</script>');
    hostile.set('url', '"><img src=x onerror=alert(1)>');
    const bad = await app.request('/check', { method: 'POST', body: hostile });
    const badHtml = await bad.text();
    assert.doesNotMatch(badHtml, /<script>alert|<img src=x/);
    assert.match(badHtml, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });

  it('re-opens the report of a stored article at a stable address', async () => {
    const farm = (await engine.articles({ site: FARMSITE })).items[0]!;
    const path = `/articles/${encodeURIComponent(farm.key)}/check`;
    const one = await app.request(path);
    assert.equal(one.status, 200);
    const html = await one.text();
    assert.match(html, /checked against the rest of the corpus/);
    assert.match(html, new RegExp(`Permalink: <a href="${path.replace(/[%/.]/g, (c) => `\\${c}`)}"`));
    const jsonLink = /href="(\/api\/reports\/[^"]+)"/.exec(html)?.[1];
    assert.ok(jsonLink);
    const rep = (await (await app.request(jsonLink)).json()) as Report;
    assert.deepEqual(rep.summary.selfInCorpus, { articleId: farm.key });
  });

  it('answers unknown pages with an HTML 404', async () => {
    const res = await app.request('/no/such/page');
    assert.equal(res.status, 404);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    assert.match(await res.text(), /Not found/);
  });
});

describe('where checks run', () => {
  it('the worker pool gives the same report as the engine, and stops a check past its time limit', async () => {
    const pool = await startCheckPool(dbPath, { workers: 1, timeoutMs: 60_000, queueMax: 8 });
    assert.ok(pool, 'a worker starts');
    try {
      const job = { input: { kind: 'text' as const, text: FARM01 }, corpus: true, headline: true };
      const [a, b] = await Promise.all([pool.run(job), pool.run({ ...job, headline: false })]);
      const direct = await inProcessRunner(engine, { timeoutMs: 60_000, queueMax: 4 }).run(job);
      assert.deepEqual(withoutTimings(a), withoutTimings(JSON.parse(JSON.stringify(direct))));
      assert.equal(b.headline, null);
      await assert.rejects(
        pool.run({ input: { kind: 'text', text: '' }, corpus: true, headline: true }),
        (e: unknown) => e instanceof UnspunError && e.code === 'BAD_INPUT',
      );
    } finally {
      await pool.close();
    }
    const tight = await startCheckPool(dbPath, { workers: 1, timeoutMs: 5, queueMax: 8 });
    assert.ok(tight);
    try {
      const job = { input: { kind: 'text' as const, text: FARM01 }, corpus: true, headline: true };
      await assert.rejects(tight.run(job), (e: unknown) => e instanceof UnspunError && e.code === 'TIMEOUT');
      // The stopped worker is replaced.
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(tight.workers, 1);
    } finally {
      await tight.close();
    }
  });

  it('the rate limiter refills over time and forgets the oldest clients first', () => {
    let now = 0;
    const rl = new RateLimiter({ perMinute: 60, burst: 2 }, 2, () => now);
    assert.equal(rl.take('a'), 0);
    assert.equal(rl.take('a'), 0);
    assert.equal(rl.take('a'), 1);
    now += 1000;
    assert.equal(rl.take('a'), 0);
    assert.equal(rl.take('b'), 0);
    assert.equal(rl.take('c'), 0);
    // "a" was forgotten (the table holds 2 clients): it starts with a full bucket.
    assert.equal(rl.take('a'), 0);
    assert.equal(new RateLimiter({ perMinute: 0, burst: 0 }).take('x'), 0);
  });
});

describe('unspun serve (a real server)', () => {
  it('listens on localhost, answers, and stops with a request in flight finishing', async () => {
    const server = await startServer({
      store: dbPath,
      port: 0,
      workers: 1,
      rateLimit: { perMinute: 0, burst: 0 },
    });
    try {
      assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const h = (await (await fetch(`${server.url}/healthz`)).json()) as { checks: { workers: number } };
      assert.equal(h.checks.workers, 1);
      const inflight = fetch(`${server.url}/api/check`, json({ text: FARM01 }));
      await new Promise((r) => setTimeout(r, 30));
      const closing = server.close();
      const res = await inflight;
      assert.equal(res.status, 200);
      await closing;
      await assert.rejects(fetch(`${server.url}/healthz`));
    } finally {
      await server.close();
    }
  });

  it('refuses to start read-only on a store that does not exist, in one line', async () => {
    await assert.rejects(
      startServer({ store: join(tmp.dir, 'missing.db'), port: 0 }),
      (e: unknown) => e instanceof UnspunError && !/\n/.test(e.message),
    );
    assert.equal(DEFAULTS.serve.host, '127.0.0.1');
  });
});

describe('unspun serve (the command)', () => {
  it('prints its address, serves, and exits 0 on SIGTERM after closing; bad options are one line, exit 2', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(
      process.execPath,
      [join(repoRoot, 'bin', 'unspun.js'), 'serve', '--db', dbPath, '--port', '0', '--workers', '1'],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, UNSPUN_TOKEN: '' } },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c;
    });
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        stdout += c;
        const m = /serving (http:\/\/127\.0\.0\.1:\d+) \(read-only/.exec(stdout);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
    const h = (await (await fetch(`${url}/healthz`)).json()) as { readOnly: boolean };
    assert.equal(h.readOnly, true);
    const exit = new Promise<number | null>((r) => child.once('exit', r));
    child.kill('SIGTERM');
    assert.equal(await exit, 0);
    assert.match(stderr, /stopping/);

    const { cli } = await import('./helpers/index.js');
    const bad = await cli(['serve', '--db', dbPath, '--port', 'eighty']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^unspun: --port must be 0 or a positive integer, got "eighty"\n$/);
    const short = await cli(['serve', '--db', dbPath, '--token', 'short']);
    assert.equal(short.code, 2);
    assert.match(short.stderr, /^unspun: the token must be at least 12 characters\n$/);
    const missing = await cli(['serve', '--db', join(tmp.dir, 'nope.db'), '--port', '0']);
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr.split('\n').length, 2, missing.stderr);
  });
});
