/**
 * Exclusions on check (issue 14): quotations, short matches, sites left out or the only sites allowed, a date
 * limit, boilerplate traced on request; in the report (status "excluded", the exclusion note), the CLI flags and
 * batch check. All text is invented for these tests.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { createEngine, type Engine, type Report } from '../src/index.js';
import { cli, repoRoot, tempDir } from './helpers/index.js';

const tmp = tempDir('unspun-excl-');
const db = join(tmp.dir, 'corpus.db');
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(
  JSON.parse(readFileSync(join(repoRoot, 'schema', 'report.schema.json'), 'utf8')) as object,
);

const WIRE =
  'The harbour council approved a budget of 4.2 million crowns for the north pier on Tuesday evening. ' +
  '"We will rebuild the pier before the winter storms arrive on our coast," the harbour master Ilse Varga told reporters. ' +
  'Work on the channel is due to start in April and should take about eleven months to finish. ' +
  'Featured image via Harbour Photo Agency';
const BLOG =
  'Fishermen on the east quay said the dredging plan ignored their moorings and asked for a hearing this month. ' +
  'The cooperative wants the channel work paused until the spring herring season has ended for the year. ' +
  'Featured image via Harbour Photo Agency';
const CHECKED = {
  title: 'Pier money approved',
  published: '2026-03-10T12:00:00Z',
  text:
    'The harbour council approved a budget of 4.2 million crowns for the north pier on Tuesday evening. ' +
    '"We will rebuild the pier before the winter storms arrive on our coast," the harbour master Ilse Varga told reporters. ' +
    'Fishermen on the east quay said the dredging plan ignored their moorings and asked for a hearing this month. ' +
    'Featured image via Harbour Photo Agency',
};

let engine: Engine;
before(async () => {
  engine = createEngine({ store: db });
  await engine.ingest([
    {
      id: 'wire-1',
      url: 'https://wire.example/pier',
      site: 'wire.example',
      title: 'Pier budget',
      published: '2026-03-03T09:00:00Z',
      text: WIRE,
    },
    {
      id: 'blog-1',
      url: 'https://quayblog.example/fishermen',
      site: 'quayblog.example',
      title: 'Fishermen',
      published: '2026-03-05T09:00:00Z',
      text: BLOG,
    },
  ]);
});
after(async () => {
  await engine.close();
  tmp.cleanup();
});

const check = (
  exclude?: Parameters<Engine['check']>[1] extends infer O
    ? O extends { exclude?: infer E }
      ? E
      : never
    : never,
) => engine.check(CHECKED, { headline: false, ...(exclude ? { exclude } : {}) });
const statuses = (r: Report) => r.sentences.map((s) => (s.excluded ? `${s.status}:${s.excluded}` : s.status));
const siteOf = (r: Report, i: number) => r.sentences[i]!.sources[0]?.siteKey ?? null;

describe('exclusions', () => {
  it('traces everything but boilerplate by default, with no exclusion note', async () => {
    const r = await check();
    assert.deepEqual(statuses(r), ['traced', 'traced', 'traced', 'boilerplate']);
    assert.equal(r.summary.exclusionNote, undefined);
    assert.ok(validate(r), JSON.stringify(validate.errors));
  });

  it('leaves out quotations, and says so', async () => {
    const r = await check({ quotes: true });
    assert.deepEqual(statuses(r), ['traced', 'excluded:quote', 'traced', 'boilerplate']);
    assert.equal(r.summary.exclusionNote, 'sentences that are mostly quotation');
    assert.ok(validate(r), JSON.stringify(validate.errors));
  });

  it('leaves out every sentence of a quotation that runs over several sentences', async () => {
    const e = createEngine({ store: ':memory:' });
    const quote =
      '"We will rebuild the north pier before the winter storms arrive on the coast. The channel will be dredged by the end of the summer and the ferries will run again," Varga said.';
    await e.ingest([
      {
        id: 'q',
        title: 'Pier',
        text: `The council met on Monday night to vote on the harbour plan. ${quote}`,
      },
    ]);
    const r = await e.check(
      { title: 'Pier plan', text: `Readers asked what comes next for the harbour town this year. ${quote}` },
      { headline: false, exclude: { quotes: true } },
    );
    assert.deepEqual(statuses(r), ['new', 'excluded:quote', 'excluded:quote']);
    await e.close();
  });

  it('leaves out sites, or keeps only some', async () => {
    const without = await check({ sites: ['WIRE.example'] });
    assert.deepEqual(statuses(without), ['new', 'new', 'traced', 'boilerplate']);
    assert.equal(siteOf(without, 2), 'quayblog.example');
    assert.match(without.summary.exclusionNote ?? '', /sources from WIRE\.example/);
    const only = await check({ onlySites: ['wire.example'] });
    assert.deepEqual(statuses(only), ['traced', 'traced', 'new', 'boilerplate']);
  });

  it('takes only sources up to a date given, instead of the article date', async () => {
    const r = await check({ before: '2026-03-04' });
    assert.deepEqual(statuses(r), ['traced', 'traced', 'new', 'boilerplate']);
    assert.match(r.summary.timeNote ?? '', /up to the date given \(2026-03-04/);
    await assert.rejects(check({ before: 'next tuesday' }), /is not a date/);
    // a later date never widens the article's own limit
    const later = await check({ before: '2027-01-01' });
    assert.match(later.summary.timeNote ?? '', /up to the article's date \(2026-03-10/);
  });

  it('drops matches shorter than a minimum, and traces boilerplate when asked', async () => {
    // 17, 21 and 19 words matched: a minimum of 18 takes the first out
    const short = await check({ minWords: 18 });
    assert.deepEqual(statuses(short), ['excluded:short', 'traced', 'traced', 'boilerplate']);
    assert.match(short.summary.exclusionNote ?? '', /fewer than 18 words/);
    const all = await check({ boilerplate: false });
    assert.equal(all.sentences[3]!.status, 'traced');
  });

  it('takes the same exclusions as flags on the command line, in check and check --batch', async () => {
    const file = join(tmp.dir, 'checked.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, JSON.stringify(CHECKED));
    const r = await cli([
      'check',
      '--db',
      db,
      '--json',
      '--exclude-quotes',
      '--exclude-site',
      'wire.example',
      '--exclude-site',
      'none.example',
      file,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const rep = JSON.parse(r.stdout) as Report;
    // the quotation's only source is left out, so it has none to exclude
    assert.deepEqual(statuses(rep), ['new', 'new', 'traced', 'boilerplate']);
    assert.match(rep.summary.exclusionNote ?? '', /quotation; sources from wire\.example, none\.example/);
    const jsonl = join(tmp.dir, 'batch.jsonl');
    writeFileSync(jsonl, `${JSON.stringify(CHECKED)}\n`);
    const b = await cli([
      'check',
      '--db',
      db,
      '--batch',
      jsonl,
      '--only-site',
      'quayblog.example',
      '--no-progress',
    ]);
    assert.equal(b.code, 0, b.stderr);
    assert.deepEqual(statuses(JSON.parse(b.stdout.trim()) as Report), [
      'new',
      'new',
      'traced',
      'boilerplate',
    ]);
    const bad = await cli(['check', '--db', db, '--before', 'soon', file]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^unspun: --before: "soon" is not a date/);
    const badN = await cli(['check', '--db', db, '--min-words', 'ten', file]);
    assert.equal(badN.code, 2);
  });

  it('takes them in POST /api/check as "exclude", and refuses a bad one in one line', async () => {
    const { createApp, inProcessRunner } = await import('../src/server/index.js');
    const app = createApp({ engine, runner: inProcessRunner(engine, { timeoutMs: 60_000, queueMax: 4 }) });
    const post = (body: unknown) =>
      app.request('/api/check', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const ok = await post({
      headline: CHECKED.title,
      body: CHECKED.text,
      published: CHECKED.published,
      exclude: { quotes: true, minWords: 18 },
    });
    assert.equal(ok.status, 200);
    const r = (await ok.json()) as Report;
    assert.deepEqual(statuses(r), ['excluded:short', 'excluded:quote', 'traced', 'boilerplate']);
    for (const exclude of [
      { minWords: 0 },
      { sites: 'wire.example' },
      { before: 'soon' },
      { colour: true },
      [],
    ]) {
      const bad = await post({ text: 'A title\n\nA body sentence that is long enough.', exclude });
      assert.equal(bad.status, 400, JSON.stringify(exclude));
      assert.match(((await bad.json()) as { detail: string }).detail, /"exclude/);
    }
  });
});
