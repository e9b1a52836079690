/**
 * WARC ingest: archives built here with warcio's serializer (gzip per record, uncompressed, whole-file gzip),
 * HTML responses among requests, images and failed responses, chunked and gzip-encoded bodies, a latin-1 page,
 * a truncated last record and a record with a wrong length. All page text is invented for these tests.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { WARCRecord, WARCSerializer } from 'warcio';
import { createEngine, type Engine } from '../src/index.js';
import { cli, tempDir } from './helpers/index.js';

const tmp = tempDir('unspun-warc-');
after(() => tmp.cleanup());

const page = (title: string, body: string, head = '') =>
  `<!doctype html><html><head>${head}<title>${title}</title></head><body><article><h1>${title}</h1><p>${body}</p><p>The harbour office said more details would follow on Monday after the inspection.</p></article></body></html>`;

interface Rec {
  url: string;
  type?: 'response' | 'request' | 'metadata';
  status?: string;
  headers?: Record<string, string>;
  body: Uint8Array | string;
}
async function serialize(r: Rec, gzip: boolean): Promise<Buffer> {
  const body = typeof r.body === 'string' ? new TextEncoder().encode(r.body) : r.body;
  const record = WARCRecord.create(
    {
      url: r.url,
      date: '2026-03-01T10:00:00Z',
      type: r.type ?? 'response',
      warcVersion: 'WARC/1.1',
      ...(r.type === 'metadata'
        ? {}
        : {
            httpHeaders: r.headers ?? { 'Content-Type': 'text/html; charset=utf-8' },
            statusline: r.type === 'request' ? 'GET / HTTP/1.1' : `HTTP/1.1 ${r.status ?? '200 OK'}`,
          }),
    },
    (async function* () {
      yield body;
    })(),
  );
  return Buffer.from(await WARCSerializer.serialize(record, { gzip }));
}
async function warc(name: string, recs: Rec[], mode: 'per-record' | 'plain' | 'whole'): Promise<string> {
  const parts = await Promise.all(recs.map((r) => serialize(r, mode === 'per-record')));
  const all = Buffer.concat(parts);
  const p = join(tmp.dir, name);
  writeFileSync(p, mode === 'whole' ? gzipSync(all) : all);
  return p;
}

/** The stored article of a URL (an article without an id is keyed by its URL). */
const stored = async (engine: Engine, url: string) => (await engine.store()).getArticle(`url:${url}`);

const RECORDS: Rec[] = [
  {
    url: 'https://harbour.example/news/ferry-fares',
    body: page(
      'Ferry fares rise on the island routes',
      'Ferry fares on the island routes will rise by nine percent from April, the operator said on Friday.',
      '<meta property="article:published_time" content="2026-02-27T08:00:00Z">',
    ),
  },
  { url: 'https://harbour.example/news/ferry-fares', type: 'request', body: '' },
  {
    url: 'https://harbour.example/img/ferry.png',
    headers: { 'Content-Type': 'image/png' },
    body: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]),
  },
  {
    url: 'https://harbour.example/missing',
    status: '404 Not Found',
    body: page('Not found', 'Nothing here.'),
  },
  {
    url: 'https://harbour.example/news/pier-repairs',
    body: page(
      'Pier repairs to start in May',
      'Repairs to the north pier will start in May and last until the autumn, the council confirmed.',
    ),
  },
  { url: 'https://harbour.example/', body: '<html><head><title>Home</title></head><body></body></html>' },
  { url: 'urn:meta', type: 'metadata', body: 'fetchTimeMs: 120' },
];

describe('WARC ingest', () => {
  for (const mode of ['per-record', 'plain', 'whole'] as const) {
    it(`reads the HTML pages of a ${mode === 'plain' ? 'plain' : mode === 'whole' ? 'whole-file gzip' : 'gzip-per-record'} WARC, skipping the rest with reasons`, async () => {
      const p = await warc(`crawl-${mode}.warc${mode === 'plain' ? '' : '.gz'}`, RECORDS, mode);
      const engine = createEngine({ store: ':memory:' });
      const s = await engine.ingest([p]);
      assert.equal(s.added, 2, JSON.stringify(s));
      assert.deepEqual(s.rejected, []);
      assert.equal(s.skippedRecords, 5);
      const reasons = s.skippedReasons.map((r) => r.reason).join(' | ');
      for (const why of [
        /a request record/,
        /not an HTML page \(image\/png\)/,
        /HTTP status 404/,
        /a metadata record/,
        /no article text/,
      ])
        assert.match(reasons, why);
      const page1 = await stored(engine, 'https://harbour.example/news/ferry-fares');
      assert.equal(page1?.title, 'Ferry fares rise on the island routes');
      // the page's own date wins; the fetch date is kept, and dates a page that has none
      assert.equal(page1?.published, '2026-02-27T08:00:00.000Z');
      assert.equal(page1?.meta?.fetched, '2026-03-01T10:00:00.000Z');
      const page2 = await stored(engine, 'https://harbour.example/news/pier-repairs');
      assert.equal(page2?.published, '2026-03-01T10:00:00.000Z');
      await engine.close();
    });
  }

  it('decodes chunked, gzip-encoded bodies and honours the declared charset', async () => {
    const html = Buffer.from(
      page('Café naïve opens on the quay', 'The café on the quay opened on Friday to a long queue.'),
      'latin1',
    );
    const gz = gzipSync(html);
    const chunked = Buffer.concat([
      Buffer.from(`${gz.length.toString(16)}\r\n`),
      gz,
      Buffer.from('\r\n0\r\n\r\n'),
    ]);
    const p = await warc(
      'encoded.warc.gz',
      [
        {
          url: 'https://quay.example/cafe',
          headers: {
            'Content-Type': 'text/html; charset=ISO-8859-1',
            'Content-Encoding': 'gzip',
            'Transfer-Encoding': 'chunked',
          },
          body: chunked,
        },
      ],
      'per-record',
    );
    const engine = createEngine({ store: ':memory:' });
    const s = await engine.ingest([p]);
    assert.equal(s.added, 1, JSON.stringify(s));
    const a = await stored(engine, 'https://quay.example/cafe');
    assert.equal(a?.title, 'Café naïve opens on the quay');
    await engine.close();
  });

  it('keeps what was read before a truncated last record, and says where it stopped', async () => {
    const full = await warc('whole.warc', RECORDS, 'plain');
    const { readFileSync } = await import('node:fs');
    const bytes = readFileSync(full);
    const p = join(tmp.dir, 'truncated.warc');
    // cut inside the last HTML response (record 6 of 7 is the empty home page; the metadata record follows)
    writeFileSync(p, bytes.subarray(0, bytes.length - 60));
    const engine = createEngine({ store: ':memory:' });
    const s = await engine.ingest([p]);
    assert.equal(s.added, 2, JSON.stringify(s));
    assert.equal(s.rejected.length, 1, JSON.stringify(s));
    assert.match(s.rejected[0]!.reason, /record 7 has no Content-Length \(a truncated file/);
    await engine.close();
    const r = await cli(['ingest', '--db', join(tmp.dir, 'cut.db'), p]);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
    assert.match(r.stdout, /2 added/);
  });

  it('refuses a page cut inside its body, keeping the pages before it', async () => {
    const full = await warc('five.warc', RECORDS.slice(0, 5), 'plain');
    const { readFileSync } = await import('node:fs');
    const bytes = readFileSync(full);
    const p = join(tmp.dir, 'cut-body.warc');
    writeFileSync(p, bytes.subarray(0, bytes.length - 100));
    const engine = createEngine({ store: ':memory:' });
    const s = await engine.ingest([p]);
    assert.equal(s.added, 1, JSON.stringify(s));
    assert.equal(await stored(engine, 'https://harbour.example/news/pier-repairs'), null);
    assert.equal(s.rejected[0]!.line, 5);
    assert.match(s.rejected[0]!.reason, /record 5 is cut short/);
    await engine.close();
  });

  it('refuses damaged data after a record with a wrong length, keeping the records before it', async () => {
    const good = await serialize(RECORDS[0]!, false);
    const second = (await serialize(RECORDS[4]!, false)).toString('latin1');
    const lying = Buffer.from(
      second.replace(/Content-Length: (\d+)/, (_m, n) => `Content-Length: ${Number(n) + 5000}`),
      'latin1',
    );
    const third = await serialize(RECORDS[2]!, false);
    const p = join(tmp.dir, 'lying.warc');
    writeFileSync(p, Buffer.concat([good, lying, third]));
    const engine = createEngine({ store: ':memory:' });
    const s = await engine.ingest([p]);
    // the record that claims 5,000 more bytes swallows the one after it and runs into the end of the file
    assert.equal(s.added, 1, JSON.stringify(s));
    const a = await stored(engine, 'https://harbour.example/news/ferry-fares');
    assert.equal(a?.title, 'Ferry fares rise on the island routes');
    assert.equal(s.rejected.length, 1);
    assert.equal(s.rejected[0]!.line, 2);
    assert.match(s.rejected[0]!.reason, /record 2 is cut short \(\d+ byte\(s\) missing/);
    await engine.close();
  });

  it('reads an HTML document archived as a resource record (no HTTP exchange), skipping other resources', async () => {
    const resource = (url: string, type: string, body: string) =>
      WARCSerializer.serialize(
        WARCRecord.create(
          {
            url,
            date: '2026-03-02T10:00:00Z',
            type: 'resource',
            warcVersion: 'WARC/1.1',
            warcHeaders: { 'Content-Type': type },
          },
          (async function* () {
            yield new TextEncoder().encode(body);
          })(),
        ),
        { gzip: true },
      );
    const p = join(tmp.dir, 'resource.warc.gz');
    writeFileSync(
      p,
      Buffer.concat([
        Buffer.from(
          await resource(
            'https://harbour.example/news/pier-repairs',
            'text/html; charset=utf-8',
            RECORDS[4]!.body as string,
          ),
        ),
        Buffer.from(await resource('https://harbour.example/notes.txt', 'text/plain', 'Plain notes.')),
      ]),
    );
    const engine = createEngine({ store: ':memory:' });
    const s = await engine.ingest([p]);
    assert.equal(s.added, 1, JSON.stringify(s));
    assert.equal(
      (await stored(engine, 'https://harbour.example/news/pier-repairs'))?.title,
      'Pier repairs to start in May',
    );
    assert.deepEqual(s.skippedReasons, [{ reason: 'not an HTML page (text/plain)', count: 1 }]);
    await engine.close();
  });

  it('says in one line that a record is longer than its Content-Length, and reads on (nothing on the console)', async () => {
    const first = (await serialize(RECORDS[0]!, false)).toString('latin1');
    // Two bytes of the body are left outside the declared length.
    const short = Buffer.from(
      first.replace(/Content-Length: (\d+)/, (_m, n) => `Content-Length: ${Number(n) - 2}`),
      'latin1',
    );
    const p = join(tmp.dir, 'short-length.warc');
    writeFileSync(p, Buffer.concat([short, await serialize(RECORDS[4]!, false)]));
    const engine = createEngine({ store: ':memory:' });
    const warned: unknown[] = [];
    const warn = console.warn;
    console.warn = (...a: unknown[]) => warned.push(a);
    let s: Awaited<ReturnType<Engine['ingest']>>;
    try {
      s = await engine.ingest([p]);
    } finally {
      console.warn = warn;
    }
    assert.deepEqual(warned, []);
    assert.equal(s.added, 2, JSON.stringify(s));
    assert.equal(s.rejected.length, 1);
    assert.match(
      s.rejected[0]!.reason,
      /^record 1 is longer than its Content-Length says \(2 byte\(s\) before the next record\); reading went on$/,
    );
    await engine.close();
  });

  it('stops at corrupt gzip data in one line, keeping the records before it', async () => {
    const first = await serialize(RECORDS[0]!, true);
    const second = Buffer.from(await serialize(RECORDS[4]!, true));
    for (let i = 20; i < second.length - 20; i += 7) second[i] = second[i]! ^ 0x5a;
    const p = join(tmp.dir, 'corrupt.warc.gz');
    writeFileSync(p, Buffer.concat([first, second]));
    const r = await cli(['ingest', '--db', join(tmp.dir, 'corrupt.db'), '--json', p]);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
    const s = JSON.parse(r.stdout) as { added: number; rejected: { line: number; reason: string }[] };
    assert.equal(s.added, 1);
    assert.equal(s.rejected.length, 1);
    assert.match(s.rejected[0]!.reason, /\d+ byte\(s\) after record 1 could not be read \(corrupt gzip/);
  });

  it('refuses a gzip-encoded body that inflates past the page limit without holding it, and a record the file ends in', async () => {
    const bomb = gzipSync(Buffer.alloc(12 * 2 ** 20, 0x20));
    const p = await warc(
      'bomb.warc',
      [
        RECORDS[0]!,
        {
          url: 'https://x.example/bomb',
          headers: { 'Content-Type': 'text/html', 'Content-Encoding': 'gzip' },
          body: bomb,
        },
      ],
      'plain',
    );
    const engine = createEngine({ store: ':memory:' });
    const s = await engine.ingest([p]);
    assert.equal(s.added, 1);
    assert.match(s.rejected[0]!.reason, /record 2 decodes to more than 10 MiB/);
    await engine.close();
    // a response whose status line is damaged and whose file ends inside it: skipped, then reported as cut short
    // (warcio's own skip would never return there)
    const whole = readFileSync(await warc('one.warc', [RECORDS[0]!], 'plain')).toString('latin1');
    const damaged = join(tmp.dir, 'damaged.warc');
    writeFileSync(
      damaged,
      Buffer.from(whole.replace('HTTP/1.1 200 OK', 'HTTP/1.1 2n0 OK').slice(0, -300), 'latin1'),
    );
    const e2 = createEngine({ store: ':memory:' });
    const s2 = await e2.ingest([damaged]);
    assert.equal(s2.added, 0);
    assert.match(s2.rejected[0]!.reason, /record 1 is cut short/);
    await e2.close();
  });

  it('fails the command when a WARC holds no article, listing why records were skipped', async () => {
    const p = await warc('images.warc.gz', [RECORDS[2]!, RECORDS[1]!], 'per-record');
    const r = await cli(['ingest', '--db', join(tmp.dir, 'img.db'), p]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /0 added/);
    assert.match(r.stdout, /2 record\(s\) with no article skipped/);
    assert.match(r.stdout, /skipped 1 record\(s\): not an HTML page \(image\/png\)/);
    const c = await cli(['check', p]);
    assert.equal(c.code, 1);
    assert.match(c.stderr, /check reads one article; ingest a WARC archive/);
  });
});
