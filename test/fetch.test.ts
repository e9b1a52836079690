/** `check URL`: fetched with a timeout and a size limit; clear errors for non-HTML, HTTP errors and huge pages. */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { fetchArticle, isUnspunError } from '../src/stages.js';
import { cli } from './helpers/index.js';

const PAGE = `<!doctype html><html><head><title>Ferry fares rise | Coast Herald</title>
<meta property="article:published_time" content="2026-04-02T08:00:00Z"></head><body>
<nav>Home | News | Sport</nav><article><h1>Ferry fares rise</h1>
<p>Ferry fares on the island routes will rise by four percent from May, the operator said on Tuesday.</p>
<p>The company blamed higher fuel costs and said winter timetables would not change.</p>
<p>Passenger groups said the increase was the third in two years and called for a review.</p></article></body></html>`;

let server: Server;
let base = '';
before(async () => {
  server = createServer((req, res) => {
    if (req.url === '/article') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(PAGE);
    } else if (req.url === '/json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"a":1}');
    } else if (req.url === '/huge') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<html><body>${'x'.repeat(3000)}</body></html>`);
    } else if (req.url === '/slow') {
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(PAGE);
      }, 2000);
    } else {
      res.writeHead(404);
      res.end('not here');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

describe('fetching an article by URL', () => {
  it('extracts the article with its URL and date', async () => {
    const a = await fetchArticle(`${base}/article`);
    assert.equal(a.title, 'Ferry fares rise');
    assert.equal(a.url, `${base}/article`);
    assert.equal(a.published, '2026-04-02T08:00:00.000Z');
    assert.match(a.text, /^Ferry fares on the island routes/);
    assert.equal(a.text.includes('Home | News'), false);
  });

  it('gives typed errors: not HTML, HTTP error, too large, timeout', async () => {
    const code = async (p: Promise<unknown>) => {
      try {
        await p;
        return 'no error';
      } catch (e) {
        return isUnspunError(e) ? e.code : String(e);
      }
    };
    assert.equal(await code(fetchArticle(`${base}/json`)), 'FETCH_NOT_HTML');
    assert.equal(await code(fetchArticle(`${base}/missing`)), 'FETCH_FAILED');
    assert.equal(await code(fetchArticle(`${base}/huge`, { maxBytes: 1000 })), 'FETCH_TOO_LARGE');
    assert.equal(await code(fetchArticle(`${base}/slow`, { timeoutMs: 200 })), 'FETCH_FAILED');
  });

  it('unspun check URL prints the report; a bad URL exits 1 with a one-line message', async () => {
    const ok = await cli(['check', `${base}/article`, '--no-corpus', '--json']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(JSON.parse(ok.stdout).article.headline, 'Ferry fares rise');
    const bad = await cli(['check', `${base}/json`, '--no-corpus']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^unspun: .*is not an HTML page \(content-type: application\/json\)\n$/);
  });
});
