/** Ingest of every input format, including broken inputs; data already stored is never lost. */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ingestPaths, openSqliteStore, type Store } from '../src/stages.js';
import { tempDir } from './helpers/index.js';

const tmp = tempDir();
after(() => tmp.cleanup());
const file = (name: string, content: string | Buffer) => {
  const p = join(tmp.dir, name);
  writeFileSync(p, content);
  return p;
};

async function all(store: Store) {
  const out = [];
  for await (const a of store.iterateArticles()) out.push(a);
  return out;
}

const PAGE = `<!doctype html><html lang="en"><head><title>Harbor strike ends | Portside Daily</title>
<meta property="og:site_name" content="Portside Daily"><meta property="article:published_time" content="2026-02-03T09:00:00Z">
<link rel="canonical" href="https://portside.example/news/strike-ends"></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<div class="share">Share on Facebook</div>
<article><h1>Harbor strike ends after nine days</h1><p class="byline">By Mara Quell</p>
<p>Dock workers in the port of Velmora voted on Tuesday to end a nine-day strike that had left more than forty container ships waiting offshore, union officials said.</p>
<p>Advertisement</p>
<p>The agreement raises hourly pay by six percent over two years and adds a night-shift allowance, according to a summary the union published after the vote.</p>
<p>Port managers said the first vessels would be unloaded by Wednesday morning and that the backlog should clear within a fortnight.</p>
<p>"Nobody wins a strike like this, but our members held together," said union secretary Ilse Marrow.</p>
</article><aside><h3>Related</h3><ul><li><a href="/a">Ferry fares rise</a></li><li><a href="/b">New crane arrives</a></li></ul></aside>
<footer>© 2026 Portside Daily. All rights reserved. Terms. Privacy.</footer></body></html>`;

describe('ingest', () => {
  it('reads .txt, .md with front matter, .html, .jsonl and .csv, and keeps unknown fields as metadata', async () => {
    const d = join(tmp.dir, 'formats');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(d, 'sub'), { recursive: true });
    writeFileSync(
      join(d, 'a.txt'),
      '\n\nFlood waters recede in Tarn valley\nRescue crews reached the last cut-off village on Monday. Roads reopened later.\n',
    );
    writeFileSync(
      join(d, 'sub', 'b.md'),
      '---\ntitle: Central bank holds rates\nurl: https://ledger.example/rates\npublished: 2026-03-01T10:00:00Z\nsection: economy\n---\nThe central bank kept its main rate at 4.5 percent on Thursday.\n',
    );
    writeFileSync(join(d, 'c.html'), PAGE);
    writeFileSync(
      join(d, 'd.jsonl'),
      `${JSON.stringify({ id: 'j1', url: 'https://wire.example/1', site: 'wire.example', title: 'One', published: '2026-01-05', text: 'Body one is here.', desk: 'world' })}\n` +
        `${JSON.stringify({ id: 'j2', title: 'Two', html: '<p>Body two is in <b>HTML</b>.</p>' })}\n`,
    );
    writeFileSync(
      join(d, 'e.csv'),
      'id,url,site,title,published,text,lang\nc1,https://x.example/c1,x.example,"Quoted, title",2026-01-07T08:00:00Z,"Line one.\nLine two, with ""quotes"".",en\n',
    );
    writeFileSync(join(d, 'ignored.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    const store = openSqliteStore(':memory:');
    const s = await ingestPaths(store, [d]);
    assert.equal(s.added, 6, JSON.stringify(s.rejected));
    assert.equal(s.rejected.length, 0);
    assert.equal(s.skippedFiles, 1);
    const arts = await all(store);
    const by = (t: string) => arts.find((a) => a.title === t)!;
    assert.equal(by('Flood waters recede in Tarn valley').text.startsWith('Rescue crews'), true);
    const md = by('Central bank holds rates');
    assert.equal(md.url, 'https://ledger.example/rates');
    assert.equal(md.site, 'ledger.example');
    assert.equal(md.published, '2026-03-01T10:00:00.000Z');
    assert.deepEqual(md.meta, { section: 'economy' });
    const html = by('Harbor strike ends after nine days');
    assert.equal(html.site, 'portside.example');
    assert.equal(html.siteName, 'Portside Daily');
    assert.equal(html.published, '2026-02-03T09:00:00.000Z');
    assert.equal(html.url, 'https://portside.example/news/strike-ends');
    assert.match(html.text, /^Dock workers in the port of Velmora/);
    assert.match(html.text, /Ilse Marrow\.$/);
    for (const chrome of ['Advertisement', 'Share on Facebook', 'Related', 'All rights reserved', 'Home']) {
      assert.equal(html.text.includes(chrome), false, `page chrome "${chrome}" leaked into the text`);
    }
    assert.deepEqual(by('One').meta, { desk: 'world' });
    assert.equal(by('Two').text, 'Body two is in HTML.');
    const csv = by('Quoted, title');
    assert.equal(csv.text, 'Line one.\nLine two, with "quotes".');
    assert.deepEqual(csv.meta, { lang: 'en' });
  });

  it('is idempotent: by id, else URL, else content hash', async () => {
    const p = file(
      'idem.jsonl',
      [
        JSON.stringify({ id: 'x', title: 'A', text: 'Same id.' }),
        JSON.stringify({ id: 'x', title: 'A changed', text: 'Same id, other text.' }),
        JSON.stringify({ url: 'https://u.example/1', title: 'B', text: 'Same URL.' }),
        JSON.stringify({ url: 'https://u.example/1', title: 'B2', text: 'Same URL again.' }),
        JSON.stringify({ title: 'C', text: 'No id, no URL.' }),
        JSON.stringify({ title: 'C', text: 'No id,   no URL.' }),
      ].join('\n'),
    );
    const store = openSqliteStore(':memory:');
    const s1 = await ingestPaths(store, [p]);
    // The same id or URL with another text is a new version; the same content without id or URL a duplicate.
    assert.deepEqual([s1.added, s1.versions, s1.duplicates], [3, 2, 1]);
    const s2 = await ingestPaths(store, [p]);
    assert.deepEqual([s2.added, s2.versions, s2.duplicates], [0, 0, 6]);
  });

  it('reports bad records with file and line, skips them and keeps going', async () => {
    const p = file(
      'bad.jsonl',
      Buffer.concat([
        Buffer.from(`${JSON.stringify({ id: 'ok1', title: 'Fine', text: 'Fine text.' })}\n`),
        Buffer.from('{"id": "broken", "title": \n'),
        Buffer.from([0x7b, 0x22, 0x69, 0x64, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d, 0x0a]),
        Buffer.from(
          `${JSON.stringify({ id: 'nodate', title: 'T', published: 'last Tuesday', text: 'x.' })}\n`,
        ),
        Buffer.from(`${JSON.stringify({ id: 'notext', title: 'T' })}\n`),
        Buffer.from('[1,2,3]\n'),
        Buffer.from(`${JSON.stringify({ id: 'ok2', title: 'Also fine', text: 'More text.' })}\n`),
        Buffer.from('{"id": "truncated", "title": "cut off at the end of the fi'),
      ]),
    );
    const store = openSqliteStore(':memory:');
    await ingestPaths(store, [
      file('first.jsonl', JSON.stringify({ id: 'kept', title: 'Kept', text: 'Stored first.' })),
    ]);
    const s = await ingestPaths(store, [p]);
    assert.equal(s.added, 2);
    const lines = s.rejected.map((r) => [r.line, r.reason.split(' ')[0]]);
    assert.deepEqual(lines, [
      [2, 'invalid'],
      [3, 'line'],
      [4, '"published"'],
      [5, 'no'],
      [6, 'a'],
      [8, 'invalid'],
    ]);
    assert.ok(s.rejected.every((r) => r.file === p));
    assert.deepEqual(
      (await all(store)).map((a) => a.id),
      ['kept', 'ok1', 'ok2'],
    );
  });

  it('rejects empty, binary, invalid UTF-8 and unsupported files with reasons, and missing paths', async () => {
    const empty = file('empty.txt', '');
    const blank = file('blank.md', '\n\n   \n');
    const bin = file('binary.txt', Buffer.from([0x00, 0x01, 0x02, 0x03, 0xff, 0x00]));
    const latin1 = file('latin1.txt', Buffer.from('Caf\xe9 news\nBody text caf\xe9.\n', 'latin1'));
    const unsupported = file('data.yaml', 'a: 1');
    const notFeed = file('data.xml', '<rss/>');
    const headOnly = file('head.txt', 'Only a headline\n');
    const store = openSqliteStore(':memory:');
    const s = await ingestPaths(store, [
      empty,
      blank,
      bin,
      latin1,
      unsupported,
      notFeed,
      headOnly,
      join(tmp.dir, 'missing.txt'),
    ]);
    assert.equal(s.added, 0);
    const reasons = Object.fromEntries(s.rejected.map((r) => [r.file.split('/').pop(), r.reason]));
    assert.match(reasons['empty.txt']!, /empty document/);
    assert.match(reasons['blank.md']!, /empty document/);
    assert.match(reasons['binary.txt']!, /binary/);
    assert.match(reasons['latin1.txt']!, /not valid UTF-8/);
    assert.match(reasons['data.yaml']!, /unsupported file type/);
    assert.match(reasons['data.xml']!, /is not an RSS or Atom feed/);
    assert.match(reasons['head.txt']!, /no body/);
    assert.match(reasons['missing.txt']!, /no such file/);
  });

  it('extracts the article of a 20 MB HTML page (mostly script and markup)', async () => {
    const para =
      '<p>The council met again on Monday to discuss the bridge repairs and the budget for the coming year.</p>\n';
    const script = `<script>var data = "${'x'.repeat(18 * 1024 * 1024)}";</script>`;
    const p = file(
      'big.html',
      `<html><head><title>Big page</title>${script}</head><body><article><h1>Big page</h1>${para.repeat(3000)}</article></body></html>`,
    );
    const store = openSqliteStore(':memory:');
    const s = await ingestPaths(store, [p]);
    assert.equal(s.added, 1, JSON.stringify(s.rejected));
    const [a] = await all(store);
    assert.equal(a!.title, 'Big page');
    assert.ok(a!.text.length > 250_000);
    assert.doesNotMatch(a!.text, /xxxx/);
  });

  it('reads JSONL from standard input', async () => {
    const { Readable } = await import('node:stream');
    const lines = [1, 2, 3].map(
      (i) => `${JSON.stringify({ id: `s${i}`, title: `S${i}`, text: `Text ${i}.` })}\n`,
    );
    const store = openSqliteStore(':memory:');
    const s = await ingestPaths(store, ['-'], { stdin: Readable.from(lines.map((l) => Buffer.from(l))) });
    assert.equal(s.added, 3);
  });
});
