/**
 * `check URL`: fetched with a timeout and a size limit; clear errors for non-HTML, HTTP errors and huge pages; the
 * address guard refuses private, loopback, link-local and metadata addresses before any connection (tested on
 * resolved addresses and IP literals, with no traffic to those ranges: the local test server is on loopback,
 * reached only with allowLoopback).
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { addressRefusal, guardedLookup } from '../src/ingest/fetch.js';
import { fetchArticle, isUnspunError } from '../src/stages.js';
import { cli } from './helpers/index.js';

const PAGE = `<!doctype html><html><head><title>Ferry fares rise | Coast Herald</title>
<meta property="article:published_time" content="2026-04-02T08:00:00Z"></head><body>
<nav>Home | News | Sport</nav><article><h1>Ferry fares rise</h1>
<p>Ferry fares on the island routes will rise by four percent from May, the operator said on Tuesday.</p>
<p>The company blamed higher fuel costs and said winter timetables would not change.</p>
<p>Passenger groups said the increase was the third in two years and called for a review.</p></article></body></html>`;

const LOCAL = { allowLoopback: true };
const code = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'no error';
  } catch (e) {
    return isUnspunError(e) ? e.code : String(e);
  }
};

const LATIN1_PAGE = `<!doctype html><html><head><title>Café naïve opens</title></head><body><article><h1>Café naïve opens</h1><p>The café on the quay, naïve as it sounds, opened its doors on Friday to a long queue of curious neighbours.</p><p>Its owner said the menu would change with the seasons and the catch of the day.</p></article></body></html>`;

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
    } else if (req.url === '/to-private') {
      res.writeHead(302, { location: 'http://10.1.2.3/secret' });
      res.end();
    } else if (req.url === '/to-metadata') {
      res.writeHead(301, { location: 'http://169.254.169.254/latest/meta-data/' });
      res.end();
    } else if (req.url === '/latin1-header' || req.url === '/latin1-meta') {
      const meta = req.url === '/latin1-meta' ? '<meta charset="windows-1252">' : '';
      res.writeHead(200, {
        'content-type': req.url === '/latin1-header' ? 'text/html; charset=ISO-8859-1' : 'text/html',
      });
      res.end(Buffer.from(LATIN1_PAGE.replace('<head>', `<head>${meta}`), 'latin1'));
    } else if (req.url === '/to-article') {
      res.writeHead(302, { location: '/article' });
      res.end();
    } else if (req.url === '/loop') {
      res.writeHead(302, { location: '/loop' });
      res.end();
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
    const a = await fetchArticle(`${base}/article`, LOCAL);
    assert.equal(a.title, 'Ferry fares rise');
    assert.equal(a.url, `${base}/article`);
    assert.equal(a.published, '2026-04-02T08:00:00.000Z');
    assert.match(a.text, /^Ferry fares on the island routes/);
    assert.equal(a.text.includes('Home | News'), false);
  });

  it('gives typed errors: not HTML, HTTP error, too large, timeout, too many redirects', async () => {
    assert.equal(await code(fetchArticle(`${base}/json`, LOCAL)), 'FETCH_NOT_HTML');
    assert.equal(await code(fetchArticle(`${base}/missing`, LOCAL)), 'FETCH_FAILED');
    assert.equal(await code(fetchArticle(`${base}/huge`, { ...LOCAL, maxBytes: 1000 })), 'FETCH_TOO_LARGE');
    assert.equal(await code(fetchArticle(`${base}/slow`, { ...LOCAL, timeoutMs: 200 })), 'FETCH_FAILED');
    assert.equal(await code(fetchArticle(`${base}/loop`, LOCAL)), 'FETCH_FAILED');
    assert.equal(await code(fetchArticle('ftp://example.com/x')), 'FETCH_BLOCKED');
    assert.equal(await code(fetchArticle('http://exa mple.com/')), 'BAD_INPUT');
  });

  it('reads the page in its own charset: the response header first, else its meta tag', async () => {
    for (const path of ['/latin1-header', '/latin1-meta']) {
      const a = await fetchArticle(`${base}${path}`, LOCAL);
      assert.equal(a.title, 'Café naïve opens', path);
      assert.match(a.text, /The café on the quay, naïve as it sounds/, path);
    }
  });

  it('follows a redirect to the same host and reports the final URL', async () => {
    const a = await fetchArticle(`${base}/to-article`, LOCAL);
    assert.equal(a.title, 'Ferry fares rise');
    assert.equal(a.url, `${base}/article`);
  });
});

describe('the address guard', () => {
  it('refuses every non-public range and lets public unicast addresses through', () => {
    const refused = [
      '127.0.0.1',
      '127.8.9.10',
      '10.0.0.1',
      '172.16.5.4',
      '192.168.1.1',
      '169.254.169.254', // AWS, GCP, Azure metadata
      '100.100.100.200', // Alibaba metadata (shared address space)
      '100.64.0.1',
      '0.0.0.0',
      '255.255.255.255',
      '224.0.0.1',
      '240.0.0.1',
      '::1',
      '::',
      'fe80::1',
      'fd00:ec2::254', // AWS metadata over IPv6
      'fc00::1',
      '::ffff:10.0.0.1',
      '::ffff:127.0.0.1',
      'ff02::1',
      '2002:a00:1::', // 6to4 wrapping 10.0.0.1
      '64:ff9b::a00:1', // NAT64 wrapping 10.0.0.1
      'not-an-ip',
    ];
    for (const a of refused) assert.notEqual(addressRefusal(a), null, `${a} should be refused`);
    for (const a of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:93.184.216.34']) {
      assert.equal(addressRefusal(a), null, `${a} should be allowed`);
    }
    assert.match(addressRefusal('169.254.169.254') ?? '', /link-local/);
    assert.equal(addressRefusal('127.0.0.1', { allowLoopback: true }), null);
    assert.equal(addressRefusal('::1', { allowLoopback: true }), null);
    assert.notEqual(addressRefusal('10.0.0.1', { allowLoopback: true }), null);
  });

  it('refuses a name when any of its resolved addresses is private (checked inside the connection lookup)', async () => {
    const fake = (map: Record<string, string[]>) => async (h: string) => map[h] ?? [];
    const lookup = guardedLookup({
      resolve: fake({ 'rebind.example': ['93.184.216.34', '10.0.0.7'], 'ok.example': ['93.184.216.34'] }),
    });
    const run = (host: string, all: boolean) =>
      new Promise<{ err: Error | null; address: unknown }>((r) =>
        lookup(host, { all }, (err, address) => r({ err, address })),
      );
    const bad = await run('rebind.example', true);
    assert.match(bad.err?.message ?? '', /rebind\.example resolves to 10\.0\.0\.7 is a private address/);
    const good = await run('ok.example', true);
    assert.equal(good.err, null);
    assert.deepEqual(good.address, [{ address: '93.184.216.34', family: 4 }]);
    assert.equal((await run('ok.example', false)).address, '93.184.216.34');
    assert.match((await run('none.example', true)).err?.message ?? '', /has no address/);
  });

  it('refuses loopback, private and metadata URLs before connecting, also after a redirect', async () => {
    const err = async (p: Promise<unknown>) => {
      try {
        await p;
        return 'no error';
      } catch (e) {
        return isUnspunError(e) ? `${e.code}: ${e.message}` : String(e);
      }
    };
    // The test server is on loopback: refused without allowLoopback, by the literal check.
    assert.match(await err(fetchArticle(`${base}/article`)), /^FETCH_BLOCKED: .*loopback/);
    // "localhost" is a name: refused inside the connection's lookup.
    const port = new URL(base).port;
    assert.match(
      await err(fetchArticle(`http://localhost:${port}/article`)),
      /^FETCH_BLOCKED: .*localhost resolves to/,
    );
    assert.match(await err(fetchArticle('http://[::ffff:169.254.169.254]/')), /^FETCH_BLOCKED/);
    assert.match(await err(fetchArticle('http://user:pw@93.184.216.34/')), /^FETCH_BLOCKED: .*credentials/);
    // A public-looking first hop that redirects into private space is refused at the redirect.
    assert.match(
      await err(fetchArticle(`${base}/to-private`, LOCAL)),
      /^FETCH_BLOCKED: refused to fetch http:\/\/10\.1\.2\.3\/secret/,
    );
    assert.match(
      await err(fetchArticle(`${base}/to-metadata`, LOCAL)),
      /^FETCH_BLOCKED: .*169\.254\.169\.254.*link-local/,
    );
  });

  it('unspun check URL prints the report; a bad URL exits 1 with a one-line message', async () => {
    const ok = await cli(['check', `${base}/article`, '--no-corpus', '--json', '--allow-loopback']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(JSON.parse(ok.stdout).article.headline, 'Ferry fares rise');
    const bad = await cli(['check', `${base}/json`, '--no-corpus', '--allow-loopback']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^unspun: .*is not an HTML page \(content-type: application\/json\)\n$/);
    const blocked = await cli(['check', `${base}/article`, '--no-corpus']);
    assert.equal(blocked.code, 1);
    assert.match(blocked.stderr, /^unspun: refused to fetch .*loopback address\n$/);
  });
});
