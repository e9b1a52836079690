/**
 * Article versions (issue 14): the same URL or id stored with another text is a new version, linked to the one
 * it replaces, never dropped; an identical re-ingest is still a duplicate. Check reports say which version a
 * sentence was taken from; an article is never its own source through another version; the audit and the
 * network count an article once; stats shows versions. All text is invented for these tests.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { createEngine, type Engine } from '../src/index.js';
import { cli, repoRoot, tempDir } from './helpers/index.js';

const tmp = tempDir('unspun-versions-');
const db = join(tmp.dir, 'corpus.db');
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(
  JSON.parse(readFileSync(join(repoRoot, 'schema', 'report.schema.json'), 'utf8')) as object,
);

const A =
  'Engineers closed the Varnholm rail tunnel on Monday after water seeped through a crack in its northern wall.';
const B =
  'The regional transport office said about 14,000 commuters a day would take replacement buses until the repair.';
const C =
  'Divers from the Lindqvist marine survey company will inspect the crack on Wednesday morning at low tide.';
const B2 =
  'Transport director Maren Solberg said on Tuesday that the tunnel could reopen within nine days if the seal holds.';
const D =
  'A second crack, about forty centimetres long, was found near the southern portal during the overnight inspection.';

const WIRE_URL = 'https://wire.example/varnholm-tunnel';
const v1 = {
  url: WIRE_URL,
  site: 'wire.example',
  title: 'Varnholm tunnel closed after leak',
  published: '2026-05-04T08:00:00Z',
  text: `${A} ${B} ${C}`,
};
const v2 = { ...v1, title: 'Varnholm tunnel could reopen within nine days', text: `${A} ${B2} ${C} ${D}` };

let engine: Engine;
before(async () => {
  engine = createEngine({ store: db });
  const first = await engine.ingest([
    v1,
    {
      url: 'https://other.example/weather',
      site: 'other.example',
      title: 'Weather',
      published: '2026-05-01T08:00:00Z',
      text: 'Heavy rain is expected along the western fjords for the rest of the week, forecasters at the met office said.',
    },
  ]);
  assert.equal(first.added, 2);
  // A farm copied the first text on Monday evening.
  await engine.ingest([
    {
      url: 'https://farm.example/tunnel',
      site: 'farm.example',
      title: 'Tunnel shut',
      published: '2026-05-04T20:00:00Z',
      text: `${A} ${B}`,
    },
  ]);
});
after(async () => {
  await engine.close();
  tmp.cleanup();
});

describe('article versions', () => {
  it('stores another text under the same URL as a new version, and an identical one as a duplicate', async () => {
    const s = await engine.ingest([v2]);
    assert.equal(s.added, 0);
    assert.equal(s.versions, 1);
    assert.equal(s.duplicates, 0);
    const again = await engine.ingest([v2, v1]);
    assert.equal(again.versions, 0);
    assert.equal(again.duplicates, 2, 'both texts are stored already: duplicates of versions 2 and 1');
    assert.deepEqual(again.duplicatesBy, { id: 0, url: 2, content: 0 });
    const st = await engine.stats();
    assert.equal(st.articles, 3, 'the wire article counts once');
    assert.equal(st.versions, 1);
    assert.equal(st.versionedArticles, 1);
    const store = await engine.store();
    const vs = await store.versionsOf(`url:${WIRE_URL}`);
    assert.deepEqual(
      vs.map((v) => [v.version, v.latest]),
      [
        [1, false],
        [2, true],
      ],
    );
    assert.equal((await store.getArticle(`url:${WIRE_URL}`))?.title, v2.title);
  });

  it('says which version of a source a sentence was taken from', async () => {
    const report = await engine.check({
      url: 'https://copycat.example/tunnel',
      title: 'Tunnel news',
      published: '2026-05-06T10:00:00Z',
      text: `${B} ${D}`,
    });
    assert.ok(validate(report), JSON.stringify(validate.errors));
    const [sb, sd] = report.sentences;
    assert.equal(sb?.status, 'traced');
    const fromWire = (sen: typeof sb) => sen?.sources.find((x) => x.siteKey === 'wire.example');
    // B is only in the first text (the farm copied it too; the wire's first version is the earlier source).
    assert.equal(fromWire(sb)?.version, 1);
    assert.equal(fromWire(sb)?.latestVersion, false);
    assert.equal(sd?.status, 'traced');
    assert.equal(fromWire(sd)?.version, 2);
    assert.equal(fromWire(sd)?.latestVersion, undefined);
    // One contribution for the wire article, whichever versions gave its sentences.
    const wire = report.summary.sources.filter((c) => c.siteKey === 'wire.example');
    assert.equal(wire.length, 1);
    assert.equal(wire[0]?.sentences, 2);
  });

  it('never traces an article to another version of itself', async () => {
    // A third text under the same URL, not stored: its first two sentences are in both stored versions.
    const report = await engine.check({ ...v1, title: 'Varnholm tunnel: update', text: `${A} ${B2} ${C}` });
    for (const s of report.sentences) {
      assert.ok(
        s.sources.every((x) => x.url !== WIRE_URL),
        `sentence ${s.index} traced to its own article: ${JSON.stringify(s.sources)}`,
      );
    }
    assert.ok(report.summary.selfInCorpus, 'the article is known to the corpus');
  });

  it('audits an article once (its newest version) and counts it once in the network', async () => {
    await engine.audit({ workers: 0 });
    const lines = [];
    for await (const l of engine.auditResults()) lines.push(l);
    assert.equal(lines.filter((l) => l.id === `url:${WIRE_URL}`).length, 1);
    assert.equal(lines.length, 3, 'three articles, four stored texts');
    const farm = lines.find((l) => l.site === 'farm.example');
    assert.equal(farm?.sources.length, 1);
    assert.equal(farm?.sources[0]?.id, `url:${WIRE_URL}`);
    assert.equal(farm?.sources[0]?.sentences, 2);
    const net = await engine.network();
    const wireSite = net.sites.find((s) => s.site === 'wire.example');
    assert.equal(wireSite?.articles, 1);
    assert.equal(net.articles, 3);
    // A later version arrives: the replaced version's audit is dropped, the new one audited.
    await engine.ingest([
      { ...v2, text: `${v2.text} Trains are expected to run again on the nineteenth of May.` },
    ]);
    await engine.audit({ workers: 0 });
    const after: string[] = [];
    for await (const l of engine.auditResults()) after.push(l.id);
    assert.equal(after.filter((id) => id === `url:${WIRE_URL}`).length, 1);
    assert.equal(after.length, 3);
    const view = await engine.article(`url:${WIRE_URL}`);
    assert.ok(
      view?.copiers.some((c) => c.site === 'farm.example'),
      'the farm copied an earlier version',
    );
    assert.deepEqual(
      view?.versions.map((v) => [v.version, v.title, v.latest]),
      [
        [1, v1.title, false],
        [2, v2.title, false],
        [3, v2.title, true],
      ],
    );
    const single = await engine.article('url:https://farm.example/tunnel');
    assert.deepEqual(single?.versions, []);
  });

  it('prints versions in ingest and stats', async () => {
    const file = join(tmp.dir, 'update.jsonl');
    writeFileSync(
      file,
      `${JSON.stringify({ ...v2, text: `${v2.text} The repair crew worked through the night.` })}\n`,
    );
    await engine.close();
    const ing = await cli(['ingest', file, '--db', db, '--no-progress']);
    assert.equal(ing.code, 0, ing.stderr);
    assert.match(ing.stdout, /0 added, 1 new version\(s\) of stored articles, 0 duplicate\(s\)/);
    const st = await cli(['stats', '--db', db]);
    assert.match(st.stdout, /articles: {2}3 \(1 updated: 3 earlier version\(s\) kept besides the newest\)/);
    engine = createEngine({ store: db });
  });
});
