/**
 * News feeds: RSS 2.0, Atom 1.0 and JSON Feed, from files and from URLs served by a test server on 127.0.0.1;
 * items with full content ingested from the feed, items with only a link fetched through the address guard,
 * per-item failures, a feed that is an HTML page, the item cap. All text is invented for these tests.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createEngine, type Engine } from '../src/index.js';
import { DEFAULTS } from '../src/stages.js';
import { cli, tempDir } from './helpers/index.js';

const tmp = tempDir('unspun-feeds-');
const LONG = (topic: string) =>
  `<p>The ${topic} council voted on Tuesday evening to approve the new harbour budget after a debate that lasted most of the afternoon.</p>` +
  `<p>Members said the ${topic} plan would repair the north pier, dredge the channel and add two berths for the island ferries.</p>` +
  `<p>Work is due to start in the spring, and the ${topic} harbour master said traffic would be kept moving throughout the repairs.</p>` +
  `<p>Fishermen's groups welcomed the vote but asked for a say in the timetable, which the ${topic} council promised to publish in March.</p>`;
const PAGE = (title: string, body: string) =>
  `<!doctype html><html><head><title>${title}</title><meta property="article:published_time" content="2026-04-02T08:00:00Z"></head><body><article><h1>${title}</h1>${body}</article></body></html>`;
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

let server: Server;
let base = '';
const rss = () => `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Harbour Gazette</title><link>${base}/</link><description>News</description>
<item><title>Council approves harbour budget</title><link>${base}/news/budget</link><guid>${base}/news/budget</guid><pubDate>Tue, 31 Mar 2026 18:00:00 GMT</pubDate><description>Short summary.</description><content:encoded>${esc(LONG('Easton'))}</content:encoded></item>
<item><title>Ferry timetable changes</title><link>${base}/news/ferry</link><guid>${base}/news/ferry</guid><pubDate>Wed, 01 Apr 2026 09:00:00 GMT</pubDate><description>The ferry timetable changes next week.</description></item>
<item><title>Gone</title><link>${base}/news/gone</link><description>Removed.</description></item>
<item><title>Inside job</title><link>http://10.1.2.3/secret</link><description>Private.</description></item>
<item><title>No link</title><description>Only a line.</description></item>
</channel></rss>`;
const atom = () => `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Quay Post</title><id>urn:quay</id><updated>2026-04-02T10:00:00Z</updated>
<entry><title>Quay market reopens</title><id>urn:quay:1</id><link href="${base}/quay/market"/><updated>2026-04-02T10:00:00Z</updated><content type="html">${esc(LONG('Westport'))}</content></entry>
</feed>`;
const jsonFeed = () =>
  JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: 'Pier Daily',
    items: [
      {
        id: 'pier-1',
        url: `${base}/pier/1`,
        title: 'Pier lights replaced',
        date_published: '2026-04-03T07:00:00Z',
        content_html: LONG('Northby'),
      },
    ],
  });

before(async () => {
  server = createServer((req, res) => {
    const send = (type: string, body: string, status = 200) => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    if (req.url === '/feed.rss') send('application/rss+xml', rss());
    else if (req.url === '/atom') send('application/atom+xml', atom());
    else if (req.url === '/feed.json') send('application/feed+json', jsonFeed());
    else if (req.url === '/news/ferry')
      send('text/html; charset=utf-8', PAGE('Ferry timetable changes from Monday', LONG('Ferry')));
    else if (req.url === '/page') send('text/html', PAGE('A single page', LONG('Single')));
    else send('text/plain', 'not here', 404);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
  tmp.cleanup();
});

const ingest = async (inputs: string[], opts: { fetchLinks?: boolean } = {}) => {
  const engine = createEngine({ store: ':memory:' });
  const s = await engine.ingest(inputs, { fetch: { allowLoopback: true }, hostDelayMs: 0, ...opts });
  return { engine, s };
};
const stored = async (engine: Engine, key: string) => (await engine.store()).getArticle(key);

describe('news feeds', () => {
  it('ingests an RSS feed by URL: full items from the feed, link-only items fetched, each failure one line', async () => {
    const { engine, s } = await ingest([`${base}/feed.rss`]);
    assert.equal(s.added, 2, JSON.stringify(s));
    const budget = await stored(engine, `url:${base}/news/budget`);
    assert.equal(budget?.title, 'Council approves harbour budget');
    assert.equal(budget?.published, '2026-03-31T18:00:00.000Z');
    assert.match(budget?.text ?? '', /Easton council voted/);
    const ferry = await stored(engine, `url:${base}/news/ferry`);
    assert.equal(ferry?.title, 'Ferry timetable changes from Monday');
    const reasons = s.rejected.map((r) => `${r.line}: ${r.reason}`);
    assert.equal(reasons.length, 2, reasons.join('\n'));
    assert.match(reasons[0]!, /^3: .*news\/gone: .*HTTP 404/);
    assert.match(reasons[1]!, /^4: http:\/\/10\.1\.2\.3\/secret: refused to fetch/);
    assert.equal(s.skippedRecords, 1);
    assert.match(s.skippedReasons[0]!.reason, /no article text and no web link/);
    await engine.close();
  });

  it('stops fetching after too many failures in a row, and past the fetch cap, saying so per item', async () => {
    const f = DEFAULTS.feeds as { maxFailuresInARow: number; maxLinkFetches: number };
    const kept = { ...f };
    f.maxFailuresInARow = 1;
    try {
      const { engine, s } = await ingest([`${base}/feed.rss`]);
      assert.match(s.rejected.at(-1)!.reason, /secret: not fetched: 1 page fetches failed in a row/);
      await engine.close();
      f.maxFailuresInARow = kept.maxFailuresInARow;
      f.maxLinkFetches = 1;
      const again = await ingest([`${base}/feed.rss`]);
      assert.match(again.s.rejected.at(-1)!.reason, /not fetched: 1 pages already fetched for this feed/);
      await again.engine.close();
    } finally {
      Object.assign(f, kept);
    }
  });

  it('skips link-only items without fetching them when asked', async () => {
    const { engine, s } = await ingest([`${base}/feed.rss`], { fetchLinks: false });
    assert.equal(s.added, 1);
    assert.equal(s.rejected.length, 0);
    assert.equal(s.skippedRecords, 4);
    await engine.close();
  });

  it('reads Atom and JSON Feed, by URL and from files, and a page URL as one article', async () => {
    writeFileSync(join(tmp.dir, 'quay.atom'), atom());
    writeFileSync(join(tmp.dir, 'pier.json'), jsonFeed());
    const { engine, s } = await ingest([
      `${base}/atom`,
      `${base}/feed.json`,
      join(tmp.dir, 'quay.atom'),
      join(tmp.dir, 'pier.json'),
      `${base}/page`,
    ]);
    // the files hold the same items as the URLs: duplicates
    assert.equal(s.added, 3, JSON.stringify(s));
    assert.equal(s.duplicates, 2);
    assert.equal((await stored(engine, 'id:urn:quay:1'))?.title, 'Quay market reopens');
    assert.equal((await stored(engine, 'id:pier-1'))?.published, '2026-04-03T07:00:00.000Z');
    assert.equal((await stored(engine, `url:${base}/page`))?.title, 'A single page');
    await engine.close();
  });

  it('refuses an HTML page given as a feed file, and says how many items it did not read', async () => {
    writeFileSync(join(tmp.dir, 'page.xml'), PAGE('Not a feed', '<p>Hello.</p>'));
    const r = await cli(['ingest', '--db', join(tmp.dir, 'x.db'), join(tmp.dir, 'page.xml')]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /page\.xml: .*is not an RSS or Atom feed \(an HTML page, not a feed\)/);
    const m = DEFAULTS.feeds as { maxItems: number };
    const kept = m.maxItems;
    m.maxItems = 2;
    try {
      writeFileSync(join(tmp.dir, 'big.rss'), rss());
      const { engine, s } = await ingest([join(tmp.dir, 'big.rss')]);
      assert.match(s.rejected.at(-1)!.reason, /the feed has 3 more item\(s\) than the 2 read/);
      await engine.close();
    } finally {
      m.maxItems = kept;
    }
  });

  it('unspun ingest URL works from the command line, with loopback allowed for the test server', async () => {
    const r = await cli([
      'ingest',
      '--db',
      join(tmp.dir, 'cli.db'),
      '--allow-loopback',
      '--no-fetch-links',
      `${base}/feed.rss`,
    ]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /1 added/);
    const refused = await cli(['ingest', '--db', join(tmp.dir, 'cli2.db'), `${base}/feed.rss`]);
    assert.equal(refused.code, 1);
    assert.match(refused.stdout, /refused to fetch/);
  });
});
