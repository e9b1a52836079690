/**
 * Regressions of the engine redesign: article identity (URLs with entity references and query strings), why a
 * duplicate is a duplicate, and one site rule (key + display name) for every input format.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createEngine } from '../src/index.js';
import { type Store, siteIdentity } from '../src/stages.js';
import { cli, tempDir } from './helpers/index.js';

const tmp = tempDir();
after(() => tmp.cleanup());

async function all(store: Store) {
  const out = [];
  for await (const a of store.iterateArticles()) out.push(a);
  return out;
}

const post = (url: string, n: number) =>
  `---\npost_title: "Report number ${n}"\noriginal_link: "${url}"\n---\n` +
  `<p>Paragraph ${n} of a scraped wire story about the harbour, long enough to be an article body.</p>`;

describe('article identity', () => {
  it('keeps four WordPress links that differ only after &#038; as four articles, and says why a duplicate is one', async () => {
    const dir = join(tmp.dir, 'wp');
    mkdirSync(dir);
    const urls = [
      'https://wire.example/story?id=1&#038;utm_source=feed',
      'https://wire.example/story?id=2&#038;utm_source=feed',
      'https://wire.example/story?id=3&#038;utm_source=feed',
      'https://wire.example/story?id=4&#038;utm_source=feed',
    ];
    urls.forEach((u, i) => {
      writeFileSync(join(dir, `p${i}.md`), post(u, i));
    });
    // A true fragment names a part of the same page: that one is the same article as p0 (the same text: a
    // duplicate; another text would be a new version of it).
    writeFileSync(
      join(dir, 'p9.md'),
      post('https://wire.example/story?id=1&#038;utm_source=feed#comments', 0),
    );
    const db = join(tmp.dir, 'wp.db');
    const r = await cli(['ingest', '--db', db, dir]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /4 added, 1 duplicate\(s\) \(same URL: 1\)/);
    const engine = createEngine({ store: db });
    const stored = await all(await engine.store());
    assert.deepEqual(stored.map((a) => a.url).sort(), urls.map((u) => u.replace('&#038;', '&')).sort());
    await engine.close();
  });

  it('counts duplicates by reason in the JSON summary', async () => {
    const engine = createEngine({ store: ':memory:' });
    const a = {
      title: 'Same story',
      text: 'A body that is long enough to be stored as an article of its own.',
    };
    const s = await engine.ingest([
      { ...a, id: 'x1' },
      { ...a, id: 'x1', title: 'Edited' },
      { ...a, id: 'x1' },
      { ...a, url: 'https://n.example/a' },
      { ...a, url: 'https://n.example/a#top' },
      a,
      { ...a },
    ]);
    assert.equal(s.added, 3);
    assert.equal(s.versions, 1, 'the same id with an edited title is a new version');
    assert.deepEqual(s.duplicatesBy, { id: 1, url: 1, content: 1 });
    await engine.close();
  });
});

describe('one site rule for every format', () => {
  it('gives the registrable host as the key and the given or page name for display', () => {
    assert.deepEqual(siteIdentity({ url: 'https://www.reuters.com/world/x', given: 'Reuters' }), {
      site: 'reuters.com',
      siteName: 'Reuters',
    });
    assert.equal(siteIdentity({ url: 'https://m.bbc.co.uk/news/1' }).site, 'bbc.co.uk');
    assert.equal(siteIdentity({ url: 'https://mobile.nytimes.com/a' }).site, 'nytimes.com');
    assert.equal(siteIdentity({ url: 'https://amp.example.com/a' }).site, 'example.com');
    assert.equal(siteIdentity({ url: 'https://someone.blogspot.com/p' }).site, 'someone.blogspot.com');
    assert.deepEqual(siteIdentity({ given: 'Capital Ledger' }), {
      site: 'capital-ledger',
      siteName: 'Capital Ledger',
    });
    assert.deepEqual(siteIdentity({ given: 'www.ledger.example' }), {
      site: 'ledger.example',
      siteName: 'www.ledger.example',
    });
    assert.deepEqual(siteIdentity({}), { site: undefined, siteName: undefined });
  });

  it('names the same outlet the same way from .html, .md with an HTML body, .jsonl and .csv', async () => {
    const dir = join(tmp.dir, 'sites');
    mkdirSync(dir);
    const body = (n: number) =>
      `<p>Dock workers in the port voted on Tuesday to end a strike, report ${n} says, after nine long days of talks.</p>` +
      `<p>The agreement raises pay by six percent over two years and adds a night allowance, the union said.</p>`;
    writeFileSync(
      join(dir, 'a.html'),
      `<!doctype html><html><head><title>Strike ends</title><meta property="og:site_name" content="WIRED">` +
        `<link rel="canonical" href="https://www.wired.example/a"></head><body><article><h1>Strike ends</h1>${body(1)}</article></body></html>`,
    );
    writeFileSync(
      join(dir, 'b.md'),
      `---\ntitle: Strike ends again\nurl: https://m.wired.example/b\n---\n<html><head><meta property="og:site_name" content="Wired"></head><body>${body(2)}</body></html>`,
    );
    writeFileSync(
      join(dir, 'c.jsonl'),
      `${JSON.stringify({ url: 'https://wired.example/c', title: 'Strike ends a third time', html: body(3) })}\n`,
    );
    writeFileSync(
      join(dir, 'd.csv'),
      `url,title,text\nhttps://www.wired.example/d,Strike ends a fourth time,"Dock workers voted to end a strike, report four says, after nine long days."\n`,
    );
    const engine = createEngine({ store: ':memory:' });
    const s = await engine.ingest([dir]);
    assert.equal(s.added, 4, JSON.stringify(s.rejected));
    const stored = await all(await engine.store());
    assert.deepEqual(
      stored.map((a) => a.site),
      ['wired.example', 'wired.example', 'wired.example', 'wired.example'],
    );
    assert.deepEqual(
      stored.map((a) => a.siteName),
      ['WIRED', 'Wired', 'wired.example', 'wired.example'],
    );
    assert.equal((await (await engine.store()).stats()).sites, 1);
    await engine.close();
  });
});
