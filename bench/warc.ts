/**
 * WARC ingest benchmark: `npm run bench:warc [-- --pages 5000 --seed 3]`.
 *
 * Builds a WARC (gzip per record, as CC-NEWS ships) from generated news pages (bench/_gen.ts: no third-party
 * text): for every page a request record and an HTML response (the article inside a page with navigation, a
 * sidebar and a footer), and every fourth page an image response too. Then, in the same run:
 *  - baseline: read every record with warcio and decode its payload, nothing else (the floor any WARC ingest pays);
 *  - unspun: `ingest` of the file into a fresh SQLite store (extraction, normalisation, fingerprints, writes).
 * Prints records/s, pages/s and MB/s (compressed file bytes and uncompressed payload bytes) for both, the ratio,
 * and the peak RSS. The WARC is cached in bench/.cache/warc/ (rebuilt when --pages or --seed change).
 */

import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { WARCParser, WARCRecord, WARCSerializer } from 'warcio';
import { ingestPaths, openSqliteStore } from '../src/stages.js';
import { machineLine, opt, repo } from './_common.js';
import { generateArticles } from './_gen.js';

const PAGES = Number(opt('pages', '5000'));
const SEED = Number(opt('seed', '3'));
const dir = join(repo, 'bench', '.cache', 'warc');
mkdirSync(dir, { recursive: true });
const warcPath = join(dir, `gen-${PAGES}-${SEED}.warc.gz`);

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const enc = new TextEncoder();
function pageHtml(a: {
  title: string;
  text: string;
  published: string;
  site: string;
  byline: string;
}): string {
  const paras = a.text
    .split(/\n\n+/)
    .map((p) => `<p>${esc(p)}</p>`)
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(a.title)} | ${esc(a.site)}</title>
<meta property="article:published_time" content="${a.published}"><meta property="og:site_name" content="${esc(a.site)}"></head>
<body><header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/business">Business</a> <a href="/sport">Sport</a></nav></header>
<main><article><h1>${esc(a.title)}</h1><p class="byline">By ${esc(a.byline)}</p>
${paras}
</article><aside><h2>Most read</h2><ul><li><a href="/a">Markets steady</a></li><li><a href="/b">Storm warning issued</a></li></ul></aside></main>
<footer><p>Copyright ${esc(a.site)}. All rights reserved.</p></footer></body></html>`;
}

async function record(opts: Parameters<typeof WARCRecord.create>[0], body: Uint8Array): Promise<Uint8Array> {
  const r = WARCRecord.create(
    opts,
    (async function* () {
      yield body;
    })(),
  );
  return WARCSerializer.serialize(r, { gzip: true });
}

if (!existsSync(warcPath)) {
  const t0 = performance.now();
  const tmp = `${warcPath}.tmp`;
  const out = createWriteStream(tmp);
  let i = 0;
  for (const a of generateArticles(PAGES, { seed: SEED })) {
    const url = a.url;
    const date = a.published;
    const parts = [
      await record(
        {
          url,
          date,
          type: 'request',
          warcVersion: 'WARC/1.1',
          statusline: 'GET / HTTP/1.1',
          httpHeaders: { Host: new URL(url).host },
        },
        new Uint8Array(0),
      ),
      await record(
        {
          url,
          date,
          type: 'response',
          warcVersion: 'WARC/1.1',
          statusline: 'HTTP/1.1 200 OK',
          httpHeaders: { 'Content-Type': 'text/html; charset=utf-8' },
        },
        enc.encode(pageHtml(a)),
      ),
    ];
    if (i % 4 === 0)
      parts.push(
        await record(
          {
            url: `${url}/photo.jpg`,
            date,
            type: 'response',
            warcVersion: 'WARC/1.1',
            statusline: 'HTTP/1.1 200 OK',
            httpHeaders: { 'Content-Type': 'image/jpeg' },
          },
          new Uint8Array(4096).fill(7),
        ),
      );
    for (const p of parts) if (!out.write(p)) await once(out, 'drain');
    i++;
  }
  out.end();
  await once(out, 'finish');
  const { renameSync } = await import('node:fs');
  renameSync(tmp, warcPath);
  console.log(`built ${warcPath} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
const fileBytes = statSync(warcPath).size;

console.log(machineLine());

let peak = 0;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 50);

// Baseline: parse every record and read its decoded payload.
let records = 0;
let payloadBytes = 0;
const tb = performance.now();
for await (const r of new WARCParser(createReadStream(warcPath))) {
  records++;
  payloadBytes += (await r.readFully(true)).length;
}
const baseS = (performance.now() - tb) / 1000;

// unspun ingest into a fresh store.
const db = join(dir, 'bench.db');
for (const ext of ['', '-wal', '-shm']) rmSync(`${db}${ext}`, { force: true });
const store = openSqliteStore(db);
const ti = performance.now();
const s = await ingestPaths(store, [warcPath], { workers: 0 });
const ingS = (performance.now() - ti) / 1000;
await store.close();
clearInterval(sampler);

const mb = (b: number) => b / 2 ** 20;
console.log(
  `WARC: ${PAGES} pages, ${records} records, ${mb(fileBytes).toFixed(1)} MB gzip, ${mb(payloadBytes).toFixed(1)} MB of payload`,
);
console.log(
  `baseline (warcio read + decode only): ${baseS.toFixed(2)} s, ${(records / baseS).toFixed(0)} records/s, ${(mb(fileBytes) / baseS).toFixed(1)} MB/s gzip`,
);
console.log(
  `unspun ingest: ${ingS.toFixed(2)} s, ${(records / ingS).toFixed(0)} records/s, ${(s.added / ingS).toFixed(0)} pages/s, ${(mb(fileBytes) / ingS).toFixed(1)} MB/s gzip, ${(mb(payloadBytes) / ingS).toFixed(1)} MB/s payload; added ${s.added}, skipped ${s.skippedRecords} (${s.skippedReasons.map((r) => `${r.count} ${r.reason}`).join(', ')}), rejected ${s.rejected.length}`,
);
console.log(
  `ratio ingest / baseline time: ${(ingS / baseS).toFixed(1)}x; peak RSS ${mb(peak).toFixed(0)} MB`,
);
