/**
 * `unspun watch` (issue 14): feeds polled from a watch list (text or OPML) against feed and page servers on
 * 127.0.0.1: conditional requests (ETag, Last-Modified), only new or changed items read, robots.txt honoured
 * for pages, a failing feed backed off (Retry-After honoured) while the others go on, state kept in the store
 * (a second watch resumes), new articles audited, a running watch stopped by SIGTERM. All text is invented.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseInterval, readWatchList } from '../src/engine/watch.js';
import { createEngine } from '../src/index.js';
import { cli, repoRoot, tempDir } from './helpers/index.js';

const tmp = tempDir('unspun-watch-');
const para = (place: string, n: number) =>
  `<p>The ${place} district council met on Thursday to discuss the flooding of the lower town after the storm of week ${n}.</p>` +
  `<p>Residents of ${place} told the meeting that the drains on the market street had been blocked for months before the storm.</p>` +
  `<p>The council agreed to pay for new pumps and said a report on the ${place} drains would be published within six weeks.</p>` +
  `<p>Shop owners in ${place} asked for help with repairs, and the mayor promised a fund for businesses hit by the water.</p>`;
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const page = (title: string, body: string) =>
  `<!doctype html><html><head><title>${title}</title><meta property="article:published_time" content="2026-06-02T08:00:00Z"></head><body><article><h1>${title}</h1>${body}</article></body></html>`;

let server: Server;
let base = '';
/** Requests seen, by path, and how many were answered 304. */
const hits = new Map<string, number>();
let notModifiedAnswers = 0;
/** The feed's version: bumping it changes the first item's text (an updated report) and the ETag. */
let feedVersion = 1;
const rss = () => `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Valley Courier</title><link>${base}/</link><description>News</description>
<item><title>Council pays for new pumps${feedVersion > 1 ? ' (updated)' : ''}</title><link>${base}/news/pumps</link><guid>${base}/news/pumps</guid><pubDate>Thu, 04 Jun 2026 18:00:00 GMT</pubDate><content:encoded>${esc(para('Ellerby', feedVersion))}</content:encoded></item>
<item><title>Market street reopens</title><link>${base}/news/market</link><guid>${base}/news/market</guid><pubDate>Fri, 05 Jun 2026 09:00:00 GMT</pubDate><description>The market street reopens.</description></item>
<item><title>Private memo</title><link>${base}/private/memo</link><guid>${base}/private/memo</guid><description>A memo.</description></item>
</channel></rss>`;

function count(req: IncomingMessage): string {
  const path = (req.url ?? '/').split('?')[0]!;
  hits.set(path, (hits.get(path) ?? 0) + 1);
  return path;
}

before(async () => {
  server = createServer((req, res) => {
    const path = count(req);
    if (path === '/feed.xml') {
      const etag = `"v${feedVersion}"`;
      if (req.headers['if-none-match'] === etag) {
        notModifiedAnswers++;
        res.writeHead(304, { etag });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml', etag });
      res.end(rss());
    } else if (path === '/dated.xml') {
      const lm = 'Thu, 04 Jun 2026 18:00:00 GMT';
      if (req.headers['if-modified-since'] === lm) {
        notModifiedAnswers++;
        res.writeHead(304, { 'last-modified': lm });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'last-modified': lm });
      res.end(
        `<?xml version="1.0"?><rss version="2.0"><channel><title>Hill Times</title><item><title>Hill road closed</title><link>${base}/hill/road</link><guid>hill-1</guid><description>${esc(para('Hillcote', 1))}</description></item></channel></rss>`,
      );
    } else if (path === '/robots.txt') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('User-agent: *\nDisallow: /private/\n');
    } else if (path === '/news/market') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page('Market street reopens', para('Marwick', 2)));
    } else if (path === '/loop.xml') {
      res.writeHead(302, { location: '/loop.xml' });
      res.end();
    } else if (path === '/slow.xml') {
      // Never answers: the watch's time limit ends the poll (the socket is closed when the server stops).
      setTimeout(() => res.destroy(), 5000).unref();
    } else if (path === '/page-not-feed.xml') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><html><head><title>Home</title></head><body><p>Welcome.</p></body></html>');
    } else if (path === '/flaky.xml') {
      // An unchanging feed whose one link-only item's page fails the first time it is asked for.
      if (req.headers['if-none-match'] === '"f1"') {
        notModifiedAnswers++;
        res.writeHead(304, { etag: '"f1"' });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"f1"' });
      res.end(
        `<?xml version="1.0"?><rss version="2.0"><channel><title>Flaky</title><item><title>Flood barrier tested</title><link>${base}/news/flaky</link><guid>flaky-1</guid><description>Short.</description></item></channel></rss>`,
      );
    } else if (path === '/news/flaky') {
      if ((hits.get(path) ?? 0) === 1) {
        res.writeHead(503, { 'content-type': 'text/plain' });
        res.end('busy');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page('Flood barrier tested', para('Fenwick', 3)));
    } else if (path === '/busy.xml') {
      res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '7200' });
      res.end('busy');
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
  tmp.cleanup();
});

const fast = { hostDelayMs: 0, fetch: { allowLoopback: true }, force: true };

describe('watch lists', () => {
  it('reads a text list with per-feed intervals and comments, and an OPML file', async () => {
    const txt = join(tmp.dir, 'feeds.txt');
    writeFileSync(
      txt,
      '# my feeds\n\nhttps://a.example/feed.xml\nhttps://b.example/rss 30m  # slow one\n' +
        'https://c.example/atom interval=2h\nhttps://a.example/feed.xml\n',
    );
    assert.deepEqual(await readWatchList(txt), [
      { url: 'https://a.example/feed.xml' },
      { url: 'https://b.example/rss', intervalMs: 30 * 60_000 },
      { url: 'https://c.example/atom', intervalMs: 2 * 3_600_000 },
    ]);
    const opml = join(tmp.dir, 'feeds.opml');
    writeFileSync(
      opml,
      '<?xml version="1.0"?><opml version="2.0"><head><title>News</title></head><body>' +
        '<outline text="Local"><outline text="A" type="rss" xmlUrl="https://a.example/feed.xml"/>' +
        '<outline text="B" type="rss" xmlUrl="https://b.example/rss" interval="45m"/></outline></body></opml>',
    );
    assert.deepEqual(await readWatchList(opml), [
      { url: 'https://a.example/feed.xml' },
      { url: 'https://b.example/rss', intervalMs: 45 * 60_000 },
    ]);
  });

  it('refuses a bad line, a bad interval and an empty list in one line each', async () => {
    const bad = join(tmp.dir, 'bad.txt');
    writeFileSync(bad, 'https://a.example/feed.xml\nnot a url\n');
    await assert.rejects(readWatchList(bad), /bad\.txt:2: "not" is not a URL/);
    writeFileSync(bad, 'ftp://a.example/feed.xml\n');
    await assert.rejects(readWatchList(bad), /only http and https/);
    writeFileSync(bad, 'https://a.example/feed.xml 15\n');
    await assert.rejects(readWatchList(bad), /give a number and a unit/);
    writeFileSync(bad, '# nothing\n');
    await assert.rejects(readWatchList(bad), /names no feed/);
    assert.throws(() => parseInterval('10ms'), /shorter than 1 s/);
    assert.throws(() => parseInterval('30d'), /longer than 7 days/);
    assert.equal(parseInterval('15m'), 900_000);
    const r = await cli(['watch', join(tmp.dir, 'missing.txt'), '--db', join(tmp.dir, 'x.db')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^unspun: cannot read the watch list .*missing\.txt/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });
});

describe('watch', () => {
  const db = join(tmp.dir, 'watch.db');

  it('polls each feed: articles from the feed and from pages, robots.txt honoured, a failing feed backed off', async () => {
    const engine = createEngine({ store: db });
    const log: string[] = [];
    const s = await engine.watch(
      [{ url: `${base}/feed.xml` }, { url: `${base}/gone.xml` }, { url: `${base}/busy.xml` }],
      { ...fast, once: true, log: (l) => log.push(l) },
    );
    assert.equal(s.polls, 3);
    assert.equal(s.added, 2, 'the full-content item and the fetched page');
    assert.equal(s.disallowed, 1);
    assert.equal(s.failedPolls, 2);
    assert.equal(hits.get('/private/memo'), undefined, 'a page robots.txt disallows is never requested');
    assert.equal(hits.get('/robots.txt'), 1);
    assert.match(
      log[0]!,
      /feed\.xml: 3 item\(s\): 2 new, 0 updated, 0 already stored, 1 disallowed by robots\.txt; next poll in 15m$/,
    );
    assert.match(
      log[1]!,
      /gone\.xml: failed: cannot fetch .*HTTP 404.*; next poll in 30m \(1 failure\(s\) in a row\)$/,
    );
    // The server asked for two hours: more than the backoff.
    assert.match(log[2]!, /busy\.xml: failed: .*HTTP 503.*; next poll in 2h \(1 failure\(s\) in a row\)$/);
    const store = await engine.store();
    const state = JSON.parse((await store.getMeta(`watch:${base}/gone.xml`))!) as {
      failures: number;
      next: number;
    };
    assert.equal(state.failures, 1);
    assert.ok(state.next > Date.now() + 25 * 60_000, 'the failed feed is due again only after its backoff');
    // Run again by cron (--once without --now): the failed feed is not due yet, and is left alone.
    const goneHits = hits.get('/gone.xml');
    const cron = await engine.watch([{ url: `${base}/gone.xml` }], {
      hostDelayMs: 0,
      fetch: { allowLoopback: true },
      once: true,
      log: (l) => log.push(l),
    });
    assert.equal(cron.polls, 0);
    assert.equal(hits.get('/gone.xml'), goneHits);
    assert.match(log.at(-1)!, /1 feed\(s\) not due yet \(the next in 30m; --now polls them anyway\)/);
    const titles = (await engine.articles()).items.map((i) => i.title).sort();
    assert.deepEqual(titles, ['Council pays for new pumps', 'Market street reopens']);
    await engine.close();
  });

  it('resumes: a conditional request answered 304, no page fetched again; a changed item becomes a version', async () => {
    const engine = createEngine({ store: db });
    const log: string[] = [];
    const before304 = notModifiedAnswers;
    const s = await engine.watch([{ url: `${base}/feed.xml` }], {
      ...fast,
      once: true,
      log: (l) => log.push(l),
    });
    assert.equal(s.notModified, 1);
    assert.equal(notModifiedAnswers, before304 + 1);
    assert.match(log[0]!, /resuming: 1 of 1 feed\(s\) polled before/);
    assert.match(log[1]!, /feed\.xml: not modified; next poll in 15m$/);
    // The first item is updated: the feed changes, only that item is read again, as a new version.
    feedVersion = 2;
    const pageHits = hits.get('/news/market');
    const s2 = await engine.watch([{ url: `${base}/feed.xml` }], {
      ...fast,
      once: true,
      log: (l) => log.push(l),
    });
    assert.equal(s2.versions, 1);
    assert.equal(s2.added, 0);
    assert.equal(hits.get('/news/market'), pageHits, 'an unchanged link-only item is not fetched again');
    // The disallowed item was remembered: it is not asked about again.
    assert.match(log.at(-1)!, /3 item\(s\): 0 new, 1 updated, 2 already stored; next poll in 15m$/);
    const st = await engine.stats();
    assert.equal(st.versions, 1);
    await engine.close();
  });

  it('uses Last-Modified when the server gives no ETag, and audits new articles when the corpus has an audit', async () => {
    const engine = createEngine({ store: db });
    await engine.audit({ workers: 0 });
    const log: string[] = [];
    const s = await engine.watch([{ url: `${base}/dated.xml` }], {
      ...fast,
      once: true,
      log: (l) => log.push(l),
    });
    assert.equal(s.added, 1);
    assert.equal(s.audited, 1);
    assert.ok(
      log.some((l) => / audit: 1 article\(s\) audited/.test(l)),
      log.join('\n'),
    );
    const again = await engine.watch([{ url: `${base}/dated.xml` }], {
      ...fast,
      once: true,
      log: (l) => log.push(l),
    });
    assert.equal(again.notModified, 1);
    await engine.close();
  });

  it('fails a poll in one line for an endless redirect, a slow server and an HTML page, and goes on', async () => {
    const engine = createEngine({ store: join(tmp.dir, 'bad-feeds.db') });
    const log: string[] = [];
    const s = await engine.watch(
      [
        { url: `${base}/loop.xml` },
        { url: `${base}/slow.xml` },
        { url: `${base}/page-not-feed.xml` },
        { url: `${base}/dated.xml` },
      ],
      { ...fast, fetch: { allowLoopback: true, timeoutMs: 500 }, once: true, log: (l) => log.push(l) },
    );
    assert.equal(s.failedPolls, 3);
    assert.equal(s.added, 1, 'the good feed after the bad ones is read');
    assert.match(log[0]!, /loop\.xml: failed: cannot fetch .*more than \d+ redirects; next poll in 30m/);
    assert.match(log[1]!, /slow\.xml: failed: cannot fetch .*no answer within 0\.5 s; next poll in 30m/);
    assert.match(
      log[2]!,
      /page-not-feed\.xml: failed: .*not an RSS or Atom feed \(an HTML page, not a feed\)/,
    );
    assert.ok(log.every((l) => !l.includes('\n')));
    await engine.close();
  });

  it('tries a failed page again at the next poll even though the feed did not change (no 304 until done)', async () => {
    const engine = createEngine({ store: join(tmp.dir, 'flaky.db') });
    const log: string[] = [];
    const first = await engine.watch([{ url: `${base}/flaky.xml` }], {
      ...fast,
      once: true,
      log: (l) => log.push(l),
    });
    assert.equal(first.rejected, 1);
    assert.equal(first.added, 0);
    const second = await engine.watch([{ url: `${base}/flaky.xml` }], {
      ...fast,
      once: true,
      log: (l) => log.push(l),
    });
    assert.equal(second.notModified, 0, 'the feed was read again, not answered 304');
    assert.equal(second.added, 1, 'the page was fetched again and stored');
    const third = await engine.watch([{ url: `${base}/flaky.xml` }], {
      ...fast,
      once: true,
      log: (l) => log.push(l),
    });
    assert.equal(third.notModified, 1, 'with everything read, the next poll is conditional again');
    await engine.close();
  });

  it('polls on schedule until stopped, then returns', async () => {
    const engine = createEngine({ store: join(tmp.dir, 'loop.db') });
    const controller = new AbortController();
    const log: string[] = [];
    let polls = 0;
    const done = engine.watch([{ url: `${base}/feed.xml`, intervalMs: 1000 }], {
      ...fast,
      signal: controller.signal,
      log: (l) => {
        log.push(l);
        if (/feed\.xml:/.test(l) && ++polls === 2) controller.abort();
      },
    });
    const s = await done;
    assert.equal(s.polls, 2);
    assert.match(log[1]!, /not modified/);
    await engine.close();
  });

  it('stops on SIGTERM with exit code 0 and a closing line (the CLI)', async () => {
    const list = join(tmp.dir, 'list.txt');
    writeFileSync(list, `${base}/feed.xml 30s\n`);
    const child = spawn(
      process.execPath,
      [
        join(repoRoot, 'bin', 'unspun.js'),
        'watch',
        list,
        '--db',
        join(tmp.dir, 'cli.db'),
        '--allow-loopback',
        '--host-delay',
        '0s',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stderr.on('data', (c) => {
      err += c;
    });
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (c) => {
        out += c;
        if (/feed\.xml: 3 item/.test(out)) resolve();
      });
    });
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    assert.equal(code, 0, err);
    assert.match(out, /watch ended: 1 poll\(s\)/);
    assert.match(err, /stopping after the current item/);
  });
});
