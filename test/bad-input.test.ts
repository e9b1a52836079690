/**
 * A generated corpus of bad inputs (seeded, 1,000 cases over every input format, WARC included): truncations, random and
 * control bytes, wrong encodings, binary files, empty files, wrong field types, deep and giant structures, YAML
 * alias bombs, broken CSV quoting. For each case, `ingest` and (for single-article formats) `check` must:
 * exit with the documented code (0 only when every input was read and something came of it), print each
 * failure as one line (no stack trace), keep JSON output valid, and leave the store exactly as it was plus what
 * the summary says was added (row counts, and PRAGMA integrity_check every 100 cases and at the end).
 * Every 100 cases the live heap (after a full garbage collection) must stay under 512 MB. The slowest case is
 * reported as a diagnostic (no timed assertion: the bounds themselves are tested in ingest-limits.test.ts).
 * All text is generated or invented here.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import Database from 'better-sqlite3';
import { cli, repoRoot, tempDir } from './helpers/index.js';

const tmp = tempDir('unspun-bad-');
/** A full garbage collection (V8's gc exposed for this test only). */
const collect = (() => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  return () => gc();
})();
after(() => tmp.cleanup());
const CASES = 1000;
const SEED = 20261202;

/** mulberry32: a small seeded PRNG. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
  };
}

const WORDS =
  'harbour council ferry storm budget minister river bridge vote court miners rescue grain tariff school clinic'.split(
    ' ',
  );
function sentence(r: ReturnType<typeof rng>, i: number): string {
  const w = Array.from({ length: 8 + r.int(10) }, () => r.pick(WORDS));
  return `The ${w.join(' ')} number ${i} said on Tuesday.`;
}
function body(r: ReturnType<typeof rng>, n: number): string {
  return Array.from({ length: n }, (_, i) => sentence(r, i)).join(' ');
}

type Ext = 'txt' | 'md' | 'html' | 'json' | 'jsonl' | 'csv' | 'warc';
const EXTS: Ext[] = ['txt', 'md', 'html', 'json', 'jsonl', 'csv', 'warc'];

/** A valid document of each format, from generated text. */
function valid(r: ReturnType<typeof rng>, ext: Ext, k: number): string {
  const title = `Generated report ${k} on ${r.pick(WORDS)}`;
  const text = body(r, 3 + r.int(5));
  const rec = {
    id: `case-${k}`,
    url: `https://example.org/a/${k}?x=1&y=2`,
    title,
    text,
    published: '2026-02-01',
  };
  switch (ext) {
    case 'txt':
      return `${title}\n\n${text}\n`;
    case 'md':
      return `---\ntitle: "${title}"\nurl: ${rec.url}\npublished: 2026-02-01\n---\n${text}\n`;
    case 'html':
      return `<!doctype html><html><head><title>${title}</title></head><body><article><h1>${title}</h1><p>${text}</p></article></body></html>`;
    case 'json':
      return JSON.stringify(rec);
    case 'jsonl':
      return `${[0, 1, 2].map((j) => JSON.stringify({ ...rec, id: `case-${k}-${j}`, url: `${rec.url}&j=${j}` })).join('\n')}\n`;
    case 'csv':
      return `id,url,title,text,published\n${[0, 1, 2].map((j) => `case-${k}-${j},${rec.url}&j=${j},"${title}","${text}",2026-02-01`).join('\n')}\n`;
    case 'warc':
      return [0, 1]
        .map((j) =>
          warcRecord(
            `${rec.url}&j=${j}`,
            `<!doctype html><html><head><title>${title} ${j}</title></head><body><article><h1>${title} ${j}</h1><p>${text}</p></article></body></html>`,
          ),
        )
        .join('');
  }
}

/** One WARC/1.1 response record holding an HTML page (written by hand: the format is headers and a length). */
function warcRecord(url: string, html: string): string {
  const http = `HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${html}`;
  const length = Buffer.byteLength(http);
  return `WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: ${url}\r\nWARC-Date: 2026-02-01T00:00:00Z\r\nWARC-Record-ID: <urn:uuid:${url.length}>\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: ${length}\r\n\r\n${http}\r\n\r\n`;
}

type Mutation = (r: ReturnType<typeof rng>, b: Buffer, ext: Ext) => Buffer;
const randomBytes = (r: ReturnType<typeof rng>, n: number) =>
  Buffer.from(Array.from({ length: n }, () => r.int(256)));
const MUTATIONS: Record<string, Mutation> = {
  truncate: (r, b) => b.subarray(0, r.int(b.length)),
  randomBytes: (r, b) => {
    const at = r.int(b.length + 1);
    return Buffer.concat([b.subarray(0, at), randomBytes(r, 1 + r.int(64)), b.subarray(at)]);
  },
  controls: (r, b) => {
    const junk = [
      '\u001b]0;pwned\u0007',
      '\u001b[2J\u001b[H',
      '\u0000',
      '\u0008\u0008\u0008',
      '\u202e',
      '\r',
    ];
    const s = b.toString('utf8');
    const at = r.int(s.length + 1);
    return Buffer.from(s.slice(0, at) + r.pick(junk) + s.slice(at));
  },
  latin1: (_r, b) => Buffer.from(b.toString('utf8').replace(/e/g, 'é'), 'latin1'),
  utf16: (r, b) => {
    const u = Buffer.from(b.toString('utf8'), 'utf16le');
    return r.next() < 0.5 ? Buffer.concat([Buffer.from([0xff, 0xfe]), u]) : u;
  },
  binary: (r) => randomBytes(r, 1 + r.int(4096)),
  empty: (r) => Buffer.from(r.pick(['', ' ', '\n\n\n', '\uFEFF', '---\n---\n'])),
  flipBytes: (r, b) => {
    const c = Buffer.from(b);
    for (let i = 0; i < 1 + r.int(8) && c.length > 0; i++) c[r.int(c.length)] = r.int(256);
    return c;
  },
  wrongTypes: (r, _b, ext) => {
    const rec = r.pick([
      { title: 123, text: { a: 1 } },
      { title: ['x'], text: 'Body that is long enough to be read as an article body here.' },
      { title: 'Bad date', text: 'A body sentence that is long enough.', published: 'not a date' },
      { title: 'Bad date', text: 'A body sentence that is long enough.', publish_date: { $date: 'soon' } },
      { title: 'Odd URL', url: 'javascript:alert(1)', text: 'A body sentence that is long enough.' },
      { title: 'Big id', id: 'i'.repeat(100_000), text: 'A body sentence that is long enough.' },
      null,
      [],
      'a string',
      42,
    ]);
    if (ext === 'jsonl') return Buffer.from(`${JSON.stringify(rec)}\n`);
    if (ext === 'csv') return Buffer.from('title,text\n123,"{""a"":1}"\n,\n');
    return Buffer.from(JSON.stringify(rec));
  },
  deepNesting: (r, _b, ext) => {
    const n = 300 + r.int(1000); // past the depth limit (256); 20,000 levels are tested in ingest-limits
    if (ext === 'html' || ext === 'txt' || ext === 'md')
      return Buffer.from(
        `<html><body>${'<div>'.repeat(n)}<p>Deep paragraph text.</p>${'</div>'.repeat(n)}</body></html>`,
      );
    if (ext === 'csv') return Buffer.from(`title,text\n"${'"'.repeat(n)}",x\n`);
    return Buffer.from(`${'['.repeat(n)}${']'.repeat(n)}\n`);
  },
  giantLine: (r, _b, ext) => {
    const t = body(r, 500 + r.int(1000)); // 50-150 KB of text in one record or line (11 MB: ingest-limits)
    if (ext === 'jsonl') return Buffer.from(`${JSON.stringify({ title: 'Giant', text: t })}\n`);
    if (ext === 'csv') return Buffer.from(`title,text\nGiant,"${t}"\n`);
    if (ext === 'json') return Buffer.from(JSON.stringify({ title: 'Giant', text: t }));
    return Buffer.from(`Giant\n\n${t}\n`);
  },
  yamlBomb: () =>
    Buffer.from(
      `---\ntitle: Bomb\na: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n---\nA body sentence that is long enough to be an article.\n`,
    ),
  csvQuotes: (r, b) => {
    const s = b.toString('utf8').split('\n');
    const i = 1 + r.int(Math.max(1, s.length - 1));
    s[i] = `${s[i] ?? ''}"unclosed`;
    return Buffer.from(s.join('\n'));
  },
};
const NAMES = Object.keys(MUTATIONS);

interface Case {
  k: number;
  ext: Ext;
  mutations: string[];
  file: string;
}

function makeCases(): Case[] {
  const r = rng(SEED);
  const cases: Case[] = [];
  for (let k = 0; k < CASES; k++) {
    const ext = EXTS[k % EXTS.length]!;
    let b = Buffer.from(valid(r, ext, k));
    const mutations: string[] = [];
    for (let m = 0; m < 1 + r.int(3); m++) {
      const name = r.pick(NAMES);
      mutations.push(name);
      b = Buffer.from(MUTATIONS[name]!(r, b, ext));
    }
    const file = join(tmp.dir, `case-${k}.${ext}`);
    writeFileSync(file, b);
    cases.push({ k, ext, mutations, file });
  }
  return cases;
}

const counts = (db: string) => {
  const d = new Database(db, { readonly: true });
  try {
    const a = d.prepare('SELECT count(*) AS n FROM articles').get() as { n: number };
    const s = d.prepare('SELECT coalesce(sum(n), 0) AS n FROM spans').get() as { n: number };
    return { articles: a.n, sentences: s.n };
  } finally {
    d.close();
  }
};
const integrity = (db: string) => {
  const d = new Database(db, { readonly: true });
  try {
    return d.pragma('integrity_check', { simple: true });
  } finally {
    d.close();
  }
};
const STACK = /\n\s+at |Error: .*\n\s+at |node:internal/;
const oneLineErrors = (stderr: string, what: string) => {
  for (const line of stderr.split('\n').filter(Boolean)) assert.match(line, /^unspun: /, `${what}: ${line}`);
  assert.doesNotMatch(stderr, STACK, what);
};

describe(`bad inputs (${CASES} generated cases, seed ${SEED})`, () => {
  it('every case: documented exit code, one-line errors, valid JSON, store unchanged but for what was added', async (t) => {
    const db = join(tmp.dir, 'store.db');
    const seed = await cli([
      'ingest',
      '--db',
      db,
      '--no-progress',
      join(repoRoot, 'examples', 'demo', 'wire'),
    ]);
    assert.equal(seed.code, 0, seed.stderr);
    const cases = makeCases();
    let slowest = { ms: 0, k: -1 };
    let heap = 0;
    let liveMax = 0;
    const byMutation: Record<string, number> = {};
    for (const c of cases) {
      const what = `case ${c.k} (.${c.ext}: ${c.mutations.join(' + ')})`;
      for (const m of c.mutations) byMutation[m] = (byMutation[m] ?? 0) + 1;
      const before = counts(db);
      const t0 = performance.now();
      const r = await cli(['ingest', '--db', db, '--json', '--no-progress', c.file]);
      assert.ok(r.code === 0 || r.code === 1, `${what}: exit ${r.code}`);
      oneLineErrors(r.stderr, what);
      const summary = JSON.parse(r.stdout) as { added: number; duplicates: number };
      // 0 only when the input was read and gave something; nothing at all fails the command.
      if (summary.added + summary.duplicates === 0) assert.equal(r.code, 1, what);
      const after = counts(db);
      assert.equal(after.articles, before.articles + summary.added, `${what}: article rows`);
      if (summary.added === 0) assert.equal(after.sentences, before.sentences, `${what}: sentence rows`);
      if (c.ext !== 'jsonl' && c.ext !== 'csv' && c.ext !== 'warc') {
        const k = await cli(['check', '--no-corpus', '--json', c.file]);
        assert.ok(k.code === 0 || k.code === 1, `${what}: check exit ${k.code}`);
        oneLineErrors(k.stderr, `${what} (check)`);
        if (k.code === 0) JSON.parse(k.stdout);
        else assert.equal(k.stdout, '', `${what}: check failed but printed a report`);
      }
      const ms = performance.now() - t0;
      if (ms > slowest.ms) slowest = { ms, k: c.k };
      if (process.env.BAD_INPUT_TRACE)
        console.log(`${ms.toFixed(0)}\t${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)}\t${what}`);
      heap = Math.max(heap, process.memoryUsage().heapUsed);
      if (c.k % 100 === 99) {
        assert.equal(integrity(db), 'ok', `integrity after ${what}`);
        // Live memory, garbage collected first: nothing a bad input left behind may pile up.
        collect();
        const live = process.memoryUsage().heapUsed;
        liveMax = Math.max(liveMax, live);
        assert.ok(live < 512 * 2 ** 20, `live heap ${(live / 2 ** 20).toFixed(0)} MB after ${what}`);
      }
    }
    assert.equal(integrity(db), 'ok');
    // every kind of damage was generated
    for (const n of NAMES) assert.ok((byMutation[n] ?? 0) >= 20, `${n}: ${byMutation[n]} cases`);
    t.diagnostic(
      `slowest case ${slowest.k}: ${slowest.ms.toFixed(0)} ms; largest heap seen (garbage included) ${(heap / 1024 ** 2).toFixed(0)} MB, live after collection at most ${(liveMax / 1024 ** 2).toFixed(0)} MB; cases per mutation ${JSON.stringify(byMutation)}`,
    );
  });
});
