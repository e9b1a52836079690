/** Every input bounded, every bad input one clear line, nothing good lost (hostile-input regressions). */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createEngine } from '../src/index.js';
import { cli, repoRoot, tempDir } from './helpers/index.js';

const tmp = tempDir();
after(() => tmp.cleanup());
const file = (name: string, content: string | Buffer) => {
  const p = join(tmp.dir, name);
  writeFileSync(p, content);
  return p;
};
const rec = (i: number) =>
  JSON.stringify({
    id: `r${i}`,
    title: `Record ${i}`,
    text: `Body number ${i} of a long enough test record.`,
  });

describe('record and file limits', () => {
  it('skips a JSONL line over the record limit without holding it, and keeps the lines around it', async () => {
    const big = `{"id":"big","title":"Big","text":"${'x'.repeat(11 * 1024 * 1024)}"}`;
    const p = file('big.jsonl', `${rec(1)}\n${big}\n${rec(2)}\n`);
    const engine = createEngine({ store: ':memory:' });
    const s = await engine.ingest([p]);
    assert.equal(s.added, 2);
    assert.equal(s.rejected.length, 1);
    assert.equal(s.rejected[0]!.line, 2);
    assert.match(s.rejected[0]!.reason, /record larger than 10 MiB/);
    await engine.close();
  });

  it('refuses devices and FIFOs, also behind a symlink, without reading them', async (t) => {
    const zero = join(tmp.dir, 'zero.txt');
    symlinkSync('/dev/zero', zero);
    const r = await cli(['ingest', '--db', join(tmp.dir, 'dev.db'), zero]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /not a regular file/);
    const fifo = join(tmp.dir, 'pipe.md');
    try {
      execFileSync('mkfifo', [fifo]);
    } catch {
      t.skip('mkfifo is not available here');
      return;
    }
    const f = await cli(['ingest', '--db', join(tmp.dir, 'dev.db'), fifo]);
    assert.equal(f.code, 1);
    assert.match(f.stdout, /not a regular file/);
    const c = await cli(['check', '--no-corpus', fifo]);
    assert.equal(c.code, 1);
    assert.match(c.stderr, /not a regular file/);
  });
});

describe('CSV with malformed records', () => {
  const row = (i: number) => `r${i},Title ${i},"Body number ${i}, a long enough test record."`;
  const ingestCsv = async (name: string, lines: string[]) => {
    const engine = createEngine({ store: ':memory:' });
    const s = await engine.ingest([file(name, `id,title,text\n${lines.join('\n')}\n`)]);
    const stats = await engine.stats();
    await engine.close();
    return { s, stats };
  };

  it('skips a record with an unclosed quote and keeps the 999 good ones after and before it', async () => {
    const lines = Array.from({ length: 1000 }, (_, k) =>
      k === 499 ? 'r500,"Broken title,Body of record five hundred that never closes' : row(k + 1),
    );
    const { s, stats } = await ingestCsv('unclosed.csv', lines);
    assert.equal(s.added, 999);
    assert.equal(stats.articles, 999);
    assert.equal(s.rejected.length, 1);
    assert.equal(s.rejected[0]!.line, 501); // the header is line 1
    assert.match(s.rejected[0]!.reason, /malformed CSV record .*reading resumed on the next line/);
  });

  it('resumes after a stray quote among multi-line records, line numbers exact', async () => {
    const lines: string[] = [];
    for (let i = 1; i <= 20; i++)
      lines.push(
        i === 5 || i === 12
          ? `r${i},"Broken ${i},text with a stray "quote" inside`
          : `r${i},Title ${i},"Body number ${i},\nsecond line of body ${i}."`,
      );
    const { s } = await ingestCsv('stray.csv', lines);
    assert.equal(s.added, 18);
    assert.deepEqual(
      s.rejected.map((r) => r.line),
      [10, 23],
    );
  });

  it("rejects a broken field's next line when its fields do not match the header, not storing it", async () => {
    const lines = [row(1), 'r2,"Broken,"first line', 'stray continuation of the field', row(3)];
    const { s } = await ingestCsv('fragments.csv', lines);
    assert.equal(s.added, 2);
    assert.ok(s.rejected.length >= 1);
    for (const r of s.rejected) assert.ok(r.line === 3 || r.line === 4, JSON.stringify(r));
  });

  it('numbers a record by the line it starts on, blank lines and multi-line fields counted', async () => {
    const text =
      'id,title,text,published\nr1,One,"Body one line one,\nline two of body one.",2026-01-01\n\nr2,Two,"Body two line one,\nline two of body two.",not-a-date\n';
    const engine = createEngine({ store: ':memory:' });
    const s = await engine.ingest([file('lines.csv', text)]);
    await engine.close();
    assert.equal(s.added, 1);
    assert.equal(s.rejected[0]!.line, 5);
  });

  it('finds the header after blank lines when it resynchronises', async () => {
    const engine = createEngine({ store: ':memory:' });
    const s = await engine.ingest([
      file(
        'blank-head.csv',
        '\ntitle,text\n\nr1 title,"unclosed\nr2 title,Body two is here and long enough.\n',
      ),
    ]);
    await engine.close();
    assert.equal(s.added, 1);
    assert.deepEqual(
      s.rejected.map((r) => r.line),
      [4],
    );
  });

  it('stops after too many malformed records, saying so', async () => {
    const lines = Array.from({ length: 1500 }, (_, k) => `r${k},"bad"x,"y"z`);
    const { s } = await ingestCsv('garbage.csv', lines);
    assert.equal(s.added, 0);
    assert.equal(s.rejected.length, 1000);
    assert.match(s.rejected.at(-1)!.reason, /1000 malformed records, the rest of the file was not read/);
  });

  it('refuses a file whose header is malformed', async () => {
    const engine = createEngine({ store: ':memory:' });
    const s = await engine.ingest([file('header.csv', `id,"title,text\n${row(1)}\n`)]);
    await engine.close();
    assert.equal(s.added, 0);
    assert.match(s.rejected[0]!.reason, /in the header line; the file was not read/);
  });
});

describe('nesting, length and time bounds', () => {
  it('flattens nesting past the depth limit, keeping the text and the paragraph breaks', async () => {
    const { boundHtml } = await import('../src/ingest/_flatten.js');
    const deep = `<html><body>${'<div>'.repeat(20_000)}<p>First deep paragraph.</p><p>Second one.</p>${'</div>'.repeat(20_000)}<p>After.</p></body></html>`;
    const b = boundHtml(deep, 256);
    assert.equal(b.depth, 256);
    assert.equal(b.flattened, 20_000 - 254 + 2); // html and body take two of the 256 levels
    assert.match(b.html, /First deep paragraph\.<br>[^<]*<br>Second one\./);
    // a page within the limit is returned as it is, unclosed <p>s and scripts with tags in them included
    const normal =
      '<html><body><p>one<p>two<script>if (a<b) document.write("<div>")</script><div><p>three</div></body></html>';
    // (an open <p> is closed by the next <p> only when it is the current element: the count may run high, never low)
    const n = boundHtml(normal, 5);
    assert.equal(n.flattened, 0);
    assert.equal(n.html, normal);
    // pages that hide their depth from a tag pattern: a <p> left open before every <div>, a tag that never
    // closes, quoted attribute values holding ">"
    const pDiv = `<html><title>T</title><body>${'<p>word <div>'.repeat(2000)}`;
    assert.ok(boundHtml(pDiv, 256).flattened > 3000);
    assert.equal(boundHtml('<a'.repeat(160_000), 256).elements, 0);
    const quoted = `<html><body>${'<div title="x > y <z">'.repeat(3000)}text${'</div>'.repeat(3000)}`;
    assert.equal(boundHtml(quoted, 256).flattened, 3000 - 254);
  });

  it('checks a page of 20,000 nested elements, its text intact', async () => {
    const page = `<html><head><title>Deep page</title></head><body>${'<div>'.repeat(20_000)}<p>The council approved the new bridge budget on Tuesday evening after a long debate.</p>${'</div>'.repeat(20_000)}</body></html>`;
    const engine = createEngine();
    const r = await engine.check(file('deep.html', page), { corpus: false, headline: false });
    await engine.close();
    assert.deepEqual(
      r.sentences.map((x) => x.text),
      ['The council approved the new bridge budget on Tuesday evening after a long debate.'],
    );
  });

  it('refuses a page with more elements than the limit, in one line', async () => {
    const engine = createEngine();
    const page = `<html><head><title>Huge</title></head><body>${'<p>Row of a huge page.</p>'.repeat(100_001)}</body></html>`;
    await assert.rejects(
      engine.check(file('huge.html', page), { corpus: false }),
      /has 100,005 elements, over the limit of 100,000/,
    );
    await engine.close();
    const store = createEngine({ store: ':memory:' });
    const s = await store.ingest([file('huge.jsonl', `${JSON.stringify({ title: 'Huge', html: page })}\n`)]);
    assert.equal(s.added, 0);
    assert.match(s.rejected[0]!.reason, /elements, over the limit/);
    await store.close();
  });

  it('refuses an article text over the length limit, naming the limit', async () => {
    const engine = createEngine();
    const long = `A title\n\n${'Word after word in a sentence. '.repeat(40_000)}`;
    await assert.rejects(
      engine.check(file('long.txt', long), { corpus: false }),
      /over the limit of 1,000,000/,
    );
    const page = `<html><head><title>Long</title></head><body><article>${'<p>Word after word in a sentence, and more words after them.</p>'.repeat(20_000)}</article></body></html>`;
    await assert.rejects(
      engine.check(file('long.html', page), { corpus: false }),
      /over the limit of 1,000,000/,
    );
    await engine.close();
  });

  it('fails with TIMEOUT past the time budget, between stages', async () => {
    const engine = createEngine();
    await assert.rejects(
      engine.check(join(repoRoot, 'examples', 'demo', 'farm', 'farm-01.md'), { corpus: false, budgetMs: 0 }),
      (e: Error & { code?: string }) => e.code === 'TIMEOUT' && /budget/.test(e.message),
    );
    await engine.close();
  });
});

describe('encodings', () => {
  const page = (meta: string) =>
    `<!doctype html><html><head>${meta}<title>Café naïve opens</title></head><body><article><h1>Café naïve opens</h1><p>The café on the quay, naïve as it sounds, opened its doors on Friday to a long queue of curious neighbours.</p></article></body></html>`;

  it('reads an HTML file in the charset its meta tag declares', async () => {
    const engine = createEngine();
    for (const [name, meta] of [
      ['meta-charset.html', '<meta charset="iso-8859-1">'],
      ['http-equiv.html', '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'],
    ] as const) {
      const r = await engine.check(file(name, Buffer.from(page(meta), 'latin1')), {
        corpus: false,
        headline: false,
      });
      assert.equal(r.article.headline, 'Café naïve opens', name);
    }
    // a latin-1 page that declares nothing is not valid UTF-8: refused in one line
    await assert.rejects(
      engine.check(file('undeclared.html', Buffer.from(page(''), 'latin1')), { corpus: false }),
      /is not valid UTF-8 text/,
    );
    await assert.rejects(
      engine.check(file('unknown.html', page('<meta charset="klingon-8">')), { corpus: false }),
      /declares an unknown charset "klingon-8"/,
    );
    await engine.close();
  });

  it('reads UTF-16 text with a byte-order mark', async () => {
    const engine = createEngine();
    const text = 'Café naïve opens\n\nThe café on the quay opened its doors on Friday to a long queue.';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const r = await engine.check(file('utf16.txt', le), { corpus: false, headline: false });
    assert.equal(r.article.headline, 'Café naïve opens');
    await engine.close();
  });
});

describe('exit codes and messages', () => {
  it('fails when a named input is missing, even if the others were ingested', async () => {
    const good = file('good.jsonl', `${rec(1)}\n`);
    const r = await cli(['ingest', '--db', join(tmp.dir, 'exit.db'), good, join(tmp.dir, 'missing.jsonl')]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /1 added/);
    assert.match(r.stdout, /missing\.jsonl: no such file/);
  });

  it('fails on a folder with nothing to ingest, naming what was skipped and why', async () => {
    const dir = join(tmp.dir, 'nothing');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.pdf'), 'x');
    writeFileSync(join(dir, 'data.xml'), '<x/>');
    const r = await cli(['ingest', '--db', join(tmp.dir, 'nothing.db'), dir]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /skipped .*data\.xml: not an article file type/);
    assert.match(r.stdout, /skipped .*notes\.pdf/);
  });

  it('says in one line that check reads one article when given a folder', async () => {
    const r = await cli(['check', '--no-corpus', tmp.dir]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /is a directory/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });
});

describe('FakeNewsNet-style .json articles', () => {
  it('ingests one article per file, or an array, with epoch and {"$date"} dates', async () => {
    const one = file(
      'one.json',
      JSON.stringify({
        title: 'Lighthouse keeper retires after forty years',
        text: 'The last keeper of the Corran lighthouse retired on Friday after forty years of service.',
        url: 'https://www.coastnews.example/lighthouse',
        source: 'Coast News',
        publish_date: 1_473_724_800,
        authors: ['A. Writer'],
      }),
    );
    const many = file(
      'many.json',
      JSON.stringify([
        {
          title: 'Ferry route reopens',
          text: 'The island ferry route reopened on Monday after a month of repairs to the pier.',
          publish_date: { $date: '2016-09-14T08:00:00Z' },
        },
        {
          title: 'Harbour fees rise',
          text: 'Harbour fees will rise by three percent next year, the port board said on Tuesday.',
          publish_date: { $date: 1_473_840_000_000 },
        },
        'not an article',
      ]),
    );
    const engine = createEngine({ store: ':memory:' });
    const s = await engine.ingest([one, many]);
    assert.equal(s.added, 3, JSON.stringify(s.rejected));
    assert.equal(s.rejected.length, 1);
    const stored = [];
    for await (const a of (await engine.store()).iterateArticles()) stored.push(a);
    assert.equal(stored[0]!.published, '2016-09-13T00:00:00.000Z');
    assert.equal(stored[0]!.site, 'coastnews.example');
    assert.equal(stored[0]!.siteName, 'Coast News');
    assert.deepEqual(stored[0]!.meta, { authors: ['A. Writer'] });
    assert.equal(stored[1]!.published, '2016-09-14T08:00:00.000Z');
    assert.equal(stored[2]!.published, '2016-09-14T08:00:00.000Z');
    const report = await engine.check(one, { headline: false });
    assert.equal(report.article.published, '2016-09-13T00:00:00.000Z');
    await engine.close();
  });
});
