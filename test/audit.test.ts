/**
 * The corpus audit, the copy network and batch check, on the demo corpus (examples/demo: wires, farms copying
 * them, and farm2/, a farm copying the farms) and on small corpora built here.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { DirectedGraph } from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import { defaultCanonicaliser } from '../src/engine/canon.js';
import {
  type ArticleInput,
  type AuditLine,
  createEngine,
  type Engine,
  type Network,
  UnspunError,
} from '../src/index.js';
import { chooseFromPostings } from '../src/match/candidates.js';
import { chooseCandidates, queryFeatures } from '../src/match/index.js';
import { networkCsv, networkGexf, networkGraphml, networkTable } from '../src/report/network.js';
import { DEFAULTS, normaliseArticle, openSqliteStore } from '../src/stages.js';
import { cli, repoRoot, tempDir } from './helpers/index.js';

const demo = join(repoRoot, 'examples', 'demo');
const WIRES = join(demo, 'wire');
const FARMS = ['01', '02', '03', '04', '05'].map((n) => join(demo, 'farm', `farm-${n}.md`));
const FARM2 = join(demo, 'farm2');
const tmp = tempDir('unspun-audit-');
after(() => tmp.cleanup());
let dbN = 0;
const freshDb = () => join(tmp.dir, `c${++dbN}.db`);

async function lines(engine: Engine, filter = {}): Promise<AuditLine[]> {
  const out: AuditLine[] = [];
  for await (const l of engine.auditResults(filter)) out.push(l);
  return out;
}

const byUrl = (ls: AuditLine[], part: string) => {
  const l = ls.find((x) => x.url?.includes(part));
  assert.ok(l, `no audit line for ${part}`);
  return l;
};

describe('audit on the demo corpus', () => {
  const db = freshDb();
  const engine = createEngine({ store: db });
  after(() => engine.close());
  let inOrder: AuditLine[] = [];

  it('traces each farm to the outlets it copied and the second-tier farm to the first farm', async () => {
    await engine.ingest([WIRES, ...FARMS, FARM2]);
    const s = await engine.audit();
    assert.equal(s.articles, 24);
    assert.equal(s.audited, 24);
    assert.equal(s.reaudited, 0);
    assert.equal(s.interrupted, false);
    inOrder = await lines(engine);
    assert.equal(inOrder.length, 24);
    // In publication order.
    const times = inOrder.map((l) => Date.parse(l.published ?? ''));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => a - b),
    );
    const farm1 = byUrl(inOrder, 'worldnewsnow24.example');
    const farm1Sites = new Set(farm1.sources.map((x) => x.site));
    assert.ok(farm1Sites.has('meridianpress.example') && farm1Sites.has('northwire.example'));
    assert.ok(/meridianpress|northwire/.test(farm1.origin ?? ''), `origin ${farm1.origin}`);
    assert.ok(farm1.copiedShare >= 0.7, `copied share ${farm1.copiedShare}`);
    assert.ok(farm1.spinRate > 0.1, `spin rate ${farm1.spinRate}`);
    const second = byUrl(inOrder, 'trendzdaily.example/world/peace');
    assert.equal(second.origin, farm1.id, 'the second-tier farm copied the first farm, not the wires');
    const maro = byUrl(inOrder, 'trendzdaily.example/world/maro');
    // Most of it from the first farm's piece (the origin is the earliest substantial source: the wire it used).
    assert.equal(maro.sources[0]?.site, 'newsflashhub.example');
    // Shares are of the article's sentences and every source is earlier.
    for (const l of inOrder) {
      for (const src of l.sources) {
        assert.ok(Date.parse(src.published ?? '') <= Date.parse(l.published ?? ''), `${l.id} <- ${src.id}`);
        assert.equal(src.share, Math.round((src.sentences / l.sentences) * 1000) / 1000);
      }
    }
    // The first report of each story has no source.
    assert.deepEqual(inOrder[0]?.sources, []);
  });

  it('audits nothing on a second run, and everything again with full', async () => {
    const again = await engine.audit();
    assert.equal(again.audited, 0);
    assert.equal(again.upToDate, 24);
    const full = await engine.audit({ full: true });
    assert.equal(full.reset, 'full');
    assert.equal(full.audited, 24);
    assert.deepEqual(await lines(engine), inOrder);
  });

  it('gives the same audit whatever order the corpus was ingested in (late arrivals re-audit)', async () => {
    const other = createEngine({ store: freshDb() });
    try {
      // The farms first (audited with nothing to copy from), then the wires they copied arrive.
      await other.ingest([FARM2, ...[...FARMS].reverse()]);
      const first = await other.audit();
      assert.equal(first.audited, 7);
      await other.ingest([WIRES]);
      const second = await other.audit();
      assert.ok(second.reaudited >= 5, `re-audited ${second.reaudited}`);
      assert.equal(second.audited, 17 + second.reaudited);
      assert.deepEqual(await lines(other), inOrder);
    } finally {
      await other.close();
    }
  });

  it('gives the same audit when the postings are over the memory budget (look-ups in the store)', async () => {
    const other = createEngine({ store: freshDb() });
    const budget = DEFAULTS.audit as { memoryPostings: number };
    const saved = budget.memoryPostings;
    try {
      await other.ingest([WIRES, ...FARMS, FARM2]);
      budget.memoryPostings = 1;
      for (const workers of [0, 2]) {
        const s = await other.audit({ workers, full: true });
        assert.equal(s.audited, 24);
        assert.deepEqual(await lines(other), inOrder, `${workers} workers`);
      }
    } finally {
      budget.memoryPostings = saved;
      await other.close();
    }
  });

  it('gives the same audit on worker threads', async () => {
    const other = createEngine({ store: freshDb() });
    try {
      await other.ingest([WIRES, ...FARMS, FARM2]);
      const s = await other.audit({ workers: 2, batchSize: 7 });
      assert.equal(s.workers, 2);
      assert.equal(s.audited, 24);
      assert.deepEqual(await lines(other), inOrder);
    } finally {
      await other.close();
    }
  });

  it('keeps committed batches when interrupted, and the next run resumes', async () => {
    const other = createEngine({ store: freshDb() });
    try {
      await other.ingest([WIRES, ...FARMS, FARM2]);
      let checks = 0;
      // Aborted once the first batch is done.
      const signal = {
        get aborted() {
          return ++checks > 1;
        },
      } as AbortSignal;
      const cut = await other.audit({ batchSize: 5, signal });
      assert.equal(cut.interrupted, true);
      assert.equal(cut.audited, 5);
      assert.equal((await lines(other)).length, 5);
      const rest = await other.audit({ batchSize: 5 });
      assert.equal(rest.interrupted, false);
      assert.equal(rest.upToDate, 5);
      assert.equal(rest.audited, 19);
      assert.deepEqual(await lines(other), inOrder);
    } finally {
      await other.close();
    }
  });

  it('filters by site and dates, and refuses filters that cannot select', async () => {
    const farmOnly = await lines(engine, { site: 'trendzdaily.example' });
    assert.deepEqual(
      farmOnly.map((l) => l.site),
      ['trendzdaily.example', 'trendzdaily.example'],
    );
    const day = await lines(engine, { since: '2026-03-16', until: '2026-03-16' });
    assert.ok(day.length > 0);
    for (const l of day) assert.ok(l.published?.startsWith('2026-03-16'), l.published ?? 'undated');
    await assert.rejects(
      engine.audit({ since: '2026-03-20', until: '2026-03-01' }),
      (e: unknown) => e instanceof UnspunError && e.code === 'USAGE' && /after/.test(e.message),
    );
    await assert.rejects(
      engine.audit({ since: 'last week' }),
      (e: unknown) => e instanceof UnspunError && e.code === 'USAGE',
    );
    await assert.rejects(
      engine.network({ site: 'no-such-site.example' }),
      (e: unknown) => e instanceof UnspunError && e.code === 'NOT_FOUND',
    );
    // A filtered audit on a fully audited corpus changes nothing.
    const s = await engine.audit({ site: 'northwire.example' });
    assert.equal(s.audited, 0);
    assert.equal(s.selected, 4);
  });

  it('builds the site network: copier -> source, no same-site edges, wire services as syndication', async () => {
    const net = await engine.network();
    assert.equal(net.audited, 24);
    assert.equal(net.note, null);
    const edge = (from: string, to: string) => net.edges.find((e) => e.from === from && e.to === to);
    const farmToFarm = edge('trendzdaily.example', 'worldnewsnow24.example');
    assert.ok(farmToFarm, 'the second-tier farm copies the first');
    assert.equal(farmToFarm.articles, 1);
    assert.equal(farmToFarm.share, 0.5);
    assert.ok(
      farmToFarm.medianLagHours !== null &&
        farmToFarm.medianLagHours > 12 &&
        farmToFarm.medianLagHours < 13.5,
    );
    assert.equal(farmToFarm.examples[0]?.source.url?.includes('worldnewsnow24'), true);
    assert.ok(edge('worldnewsnow24.example', 'meridianpress.example'));
    assert.ok(edge('worldnewsnow24.example', 'northwire.example'));
    assert.equal(
      edge('worldnewsnow24.example', 'trendzdaily.example'),
      undefined,
      'direction: copier to source',
    );
    for (const e of net.edges) {
      assert.notEqual(e.from, e.to);
      assert.equal(e.syndication, false);
    }
    // Independent reports of one event by different outlets are not copies.
    const outlets = ['meridianpress', 'northwire', 'globaldispatch', 'harborbroadcasting', 'capitalledger'];
    for (const e of net.edges) {
      assert.ok(!outlets.some((o) => e.from.startsWith(o)), `an outlet copies: ${e.from} -> ${e.to}`);
    }
    const site = net.sites.find((s) => s.site === 'trendzdaily.example');
    assert.deepEqual(site?.copiedShare, 1);
    assert.equal(net.sites.find((s) => s.site === 'worldnewsnow24.example')?.copiedFrom, 1);
    const wired = await engine.network({ wireServices: ['Meridian Press', 'northwire.example'] });
    const synd = wired.edges.filter((e) => e.syndication).map((e) => e.to);
    assert.ok(synd.length > 0);
    assert.ok(
      synd.every((t) => t === 'meridianpress.example' || t === 'northwire.example'),
      synd.join(),
    );
    assert.equal((await engine.network({ minArticles: 2 })).edges.length, 0);
    assert.equal((await engine.network({ minArticles: 2 })).note, 'no site copies another in the selection');
  });

  it('leaves sites out of the network and the audit results on request, never out of the audit', async () => {
    const full = await engine.network();
    assert.ok(full.edges.some((e) => e.from === 'trendzdaily.example'));
    // Without the first farm, the second-tier farm copies nobody, and the first farm is no site of the network.
    const net = await engine.network({ excludeSites: ['worldnewsnow24.example'] });
    assert.ok(!net.sites.some((x) => x.site === 'worldnewsnow24.example'));
    assert.ok(
      net.edges.every((e) => e.from !== 'worldnewsnow24.example' && e.to !== 'worldnewsnow24.example'),
    );
    assert.equal(
      net.edges.find((e) => e.from === 'trendzdaily.example' && e.to === 'worldnewsnow24.example'),
      undefined,
    );
    assert.equal(
      net.articles,
      full.articles - full.sites.find((x) => x.site === 'worldnewsnow24.example')!.articles,
    );
    const only = await engine.network({ onlySites: ['trendzdaily.example', 'worldnewsnow24.example'] });
    assert.deepEqual(only.sites.map((x) => x.site).sort(), ['trendzdaily.example', 'worldnewsnow24.example']);
    assert.deepEqual(
      only.edges.map((e) => `${e.from}>${e.to}`),
      ['trendzdaily.example>worldnewsnow24.example'],
    );
    // Audit results: the farm's lines are gone, and no line names it as a source or origin.
    const ls = await lines(engine, { excludeSites: ['worldnewsnow24.example'] });
    assert.ok(ls.every((l) => !l.url?.includes('worldnewsnow24')));
    for (const l of ls) {
      assert.ok(
        l.sources.every((x) => !x.url?.includes('worldnewsnow24')),
        JSON.stringify(l),
      );
      assert.ok(!l.origin?.includes('worldnewsnow24'));
      assert.ok(l.traced <= l.sentences);
    }
    // A misspelt site is an error, not a silent no-op; the CLI says so in one line.
    await assert.rejects(
      engine.network({ excludeSites: ['wordlnewsnow24.example'] }),
      /no article of site "wordlnewsnow24\.example"/,
    );
    const r = await cli(['network', '--db', db, '--exclude-site', 'worldnewsnow24.example', '--csv']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!r.stdout.includes('worldnewsnow24'));
    const bad = await cli(['audit', '--db', db, '--only-site', 'nowhere.example']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^unspun: no article of site "nowhere\.example" in the corpus\n$/);
  });

  it('exports the network as GEXF and GraphML that parse back, CSV and a table', async () => {
    const net = await engine.network();
    const g = parseGexf(DirectedGraph, networkGexf(net));
    assert.equal(g.order, net.sites.length);
    assert.equal(g.size, net.edges.length);
    assert.ok(g.hasDirectedEdge('trendzdaily.example', 'worldnewsnow24.example'));
    const graphml = networkGraphml(net);
    assert.equal((graphml.match(/<edge /g) ?? []).length, net.edges.length);
    assert.equal((graphml.match(/<node /g) ?? []).length, net.sites.length);
    const csv = networkCsv(net).trimEnd().split('\n');
    assert.equal(csv.length, net.edges.length + 1);
    assert.match(csv[0] ?? '', /^from,to,articles,sentences,share,median_lag_hours/);
    assert.match(networkTable(net), /trendzdaily\.example\s+-> worldnewsnow24\.example/);
  });
});

describe('audit edge cases', () => {
  it('an empty corpus: nothing to audit, an empty network with a note', async () => {
    const engine = createEngine({ store: freshDb() });
    try {
      const s = await engine.audit();
      assert.equal(s.articles, 0);
      const net = await engine.network();
      assert.deepEqual([net.sites, net.edges, net.note], [[], [], 'the corpus is empty']);
    } finally {
      await engine.close();
    }
  });

  it('network before any audit is a NO_AUDIT error that says what to run', async () => {
    const engine = createEngine({ store: freshDb() });
    try {
      await engine.ingest([WIRES]);
      await assert.rejects(
        engine.network(),
        (e: unknown) => e instanceof UnspunError && e.code === 'NO_AUDIT' && /unspun audit/.test(e.message),
      );
    } finally {
      await engine.close();
    }
  });

  it('undated articles come after dated ones, by key, and are counted', async () => {
    const engine = createEngine({ store: freshDb() });
    const body =
      'The harbour authority in Port Wendle closed the northern pier on Monday after inspectors found cracks in ' +
      'three support columns. Repairs are expected to take at least six weeks, a spokesman said. Ferry services ' +
      'to the outer islands will run from the southern terminal until the work is finished.';
    const arts: ArticleInput[] = [
      { id: 'z-undated', url: 'https://copier.example/z', title: 'Pier shut', text: body },
      {
        id: 'b-dated',
        url: 'https://origin.example/b',
        title: 'Pier closed',
        text: body,
        published: '2026-02-02',
      },
      { id: 'a-undated', url: 'https://copier2.example/a', title: 'Pier', text: body },
    ];
    try {
      await engine.ingest(arts);
      const s = await engine.audit();
      assert.equal(s.undated, 2);
      const ls = await lines(engine);
      assert.deepEqual(
        ls.map((l) => [l.id, l.origin]),
        [
          ['id:b-dated', null],
          ['id:a-undated', 'id:b-dated'],
          ['id:z-undated', 'id:b-dated'],
        ],
      );
      // A date filter leaves undated articles out.
      assert.equal((await lines(engine, { since: '2026-01-01' })).length, 1);
    } finally {
      await engine.close();
    }
  });

  it('two outlets quoting the same speaker word for word are traced, but are not a copy relation', async () => {
    const engine = createEngine({ store: freshDb() });
    const q1 =
      '"We will rebuild every home the river took, and we will start with the families who lost everything," the governor said.';
    const q2 =
      '"Nobody in this valley will spend the winter in a tent while I am in office," she told the crowd at the school gym.';
    const arts: ArticleInput[] = [
      {
        id: 'first',
        url: 'https://valleypost.example/a',
        title: 'Governor promises to rebuild flooded valley',
        published: '2026-04-02T10:00:00Z',
        text: `Governor Ana Ruiz toured the flooded villages of the Tarn valley on Thursday and met families in emergency shelters. ${q1} The state has set aside 40 million euros for repairs. ${q2} Engineers will inspect the two damaged bridges next week.`,
      },
      {
        id: 'second',
        url: 'https://mountainherald.example/b',
        title: 'Ruiz vows no one will winter in tents',
        published: '2026-04-02T15:00:00Z',
        text: `Visiting shelters in the Tarn valley, Ana Ruiz spoke to residents whose houses were ruined by last week's floods. ${q1} Her office did not say how the reconstruction would be financed. ${q2} Opposition lawmakers called the visit a photo opportunity.`,
      },
    ];
    try {
      await engine.ingest(arts);
      await engine.audit();
      const ls = await lines(engine);
      const second = ls.find((l) => l.id === 'id:second')!;
      assert.deepEqual(
        second.sources.map((s) => [s.id, s.sentences, s.quoted]),
        [['id:first', 2, 2]],
      );
      const net = await engine.network();
      assert.deepEqual(net.edges, []);
      assert.equal(net.note, 'no site copies another in the selection');
    } finally {
      await engine.close();
    }
  });

  it('re-audits everything when the matching rules change', async () => {
    const db = freshDb();
    const engine = createEngine({ store: db });
    try {
      await engine.ingest(FARMS.slice(0, 2));
      await engine.audit();
      const store = await engine.store();
      await store.setMeta('audit_version', 'an older rule set');
      const s = await engine.audit();
      assert.equal(s.reset, 'rules-changed');
      assert.equal(s.audited, 2);
    } finally {
      await engine.close();
    }
  });
});

describe('network output is safe with hostile site names', () => {
  const hostile = '=HYPERLINK("http://x")\u001b]0;owned\u0007<b>&';
  const net: Network = {
    articles: 2,
    audited: 2,
    note: null,
    sites: [
      {
        site: hostile,
        name: hostile,
        articles: 1,
        copiedShare: 1,
        copiedFrom: 0,
        wire: false,
        topSources: [],
        topCopiers: [],
        timeline: [{ month: '2026-03', articles: 1, copying: 1 }],
      },
      {
        site: 'origin.example',
        name: null,
        articles: 1,
        copiedShare: 0,
        copiedFrom: 1,
        wire: false,
        topSources: [],
        topCopiers: [],
        timeline: [{ month: 'undated', articles: 1, copying: 0 }],
      },
    ],
    edges: [
      {
        from: hostile,
        to: 'origin.example',
        articles: 1,
        sentences: 3,
        share: 1,
        medianLagHours: 2,
        maxLagHours: 2,
        firstSeen: '2026-01-01',
        lastSeen: '2026-01-01',
        spinRate: 0.2,
        syndication: false,
        examples: [
          {
            copy: { id: 'id:c', url: '-cmd|x', published: null },
            source: { id: 'id:o', url: 'https://origin.example/o', published: null },
          },
        ],
      },
    ],
  };

  it('no control character in any format, no formula in CSV, escaped XML', () => {
    for (const out of [networkTable(net), networkCsv(net), networkGexf(net), networkGraphml(net)]) {
      assert.equal(/[\u0000-\u0008\u000b-\u001f\u007f]/.test(out), false, 'a control character got through');
    }
    const csv = networkCsv(net);
    assert.ok(!/(^|,)[=+\-@]/m.test(csv), csv);
    assert.ok(!networkGraphml(net).includes('<b>'));
    assert.ok(!networkGexf(net).includes('<b>'));
    const g = parseGexf(DirectedGraph, networkGexf(net));
    assert.equal(g.size, 1);
  });
});

describe('CLI: audit, network, check --batch', () => {
  const db = freshDb();

  it('audit prints a summary, then one JSON line per article; network a table and Gephi files', async () => {
    const ing = await cli(['ingest', WIRES, ...FARMS, FARM2, '--db', db]);
    assert.equal(ing.code, 0, ing.stderr);
    const a = await cli(['audit', '--db', db]);
    assert.equal(a.code, 0, a.stderr);
    assert.match(a.stdout, /^audited 24 article\(s\)/);
    assert.match(a.stdout, /order: articles are ordered by publication time/);
    const j = await cli(['audit', '--db', db, '--json']);
    assert.equal(j.code, 0, j.stderr);
    const ls = j.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as AuditLine);
    assert.equal(ls.length, 24);
    assert.deepEqual(Object.keys(ls[0]!), [
      'id',
      'url',
      'site',
      'published',
      'sentences',
      'traced',
      'origin',
      'sources',
      'copiedShare',
      'spinRate',
    ]);
    const n = await cli(['network', '--db', db]);
    assert.equal(n.code, 0, n.stderr);
    assert.match(n.stdout, /copier\s+copied from\s+articles/);
    for (const fmt of ['--gexf', '--graphml']) {
      const x = await cli(['network', '--db', db, fmt]);
      assert.equal(x.code, 0, x.stderr);
      assert.match(x.stdout, /^<\?xml/);
    }
    const js = await cli(['network', '--db', db, '--json']);
    const net = JSON.parse(js.stdout) as Network;
    // Both outputs follow their published schemas (and a broken one does not).
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    const schema = (name: string) => JSON.parse(readFileSync(join(repoRoot, 'schema', name), 'utf8'));
    const lineOk = ajv.compile(schema('audit-line.schema.json'));
    const netOk = ajv.compile(schema('network.schema.json'));
    for (const l of ls) assert.ok(lineOk(l), JSON.stringify(lineOk.errors));
    assert.ok(netOk(net), JSON.stringify(netOk.errors));
    assert.equal(lineOk({ ...ls[0], copiedShare: 2 }), false);
    assert.equal(netOk({ ...net, edges: [{ ...net.edges[0], to: undefined }] }), false);
    assert.ok(net.edges.some((e) => e.from === 'trendzdaily.example' && e.to === 'worldnewsnow24.example'));
  });

  it('a batch report is the same report as a single check (the corpus loaded once gives the same answers)', async () => {
    const engine = createEngine({ store: db });
    try {
      const strip = (r: { timings?: unknown }) => ({ ...r, timings: null });
      const batch = [];
      for await (const it of engine.checkBatch([join(demo, 'farm')])) {
        assert.ok('report' in it, JSON.stringify(it));
        batch.push(strip(it.report));
      }
      assert.equal(batch.length, 7);
      const single = [];
      for (const f of [
        'farm-01.html',
        'farm-01.md',
        'farm-01.txt',
        ...FARMS.slice(1).map((p) => p.split('/').pop()!),
      ])
        single.push(strip(await engine.check(join(demo, 'farm', f))));
      assert.deepEqual(batch, single);
    } finally {
      await engine.close();
    }
  });

  it('bad filters and formats: one line, usage exit 2 or not-found exit 1', async () => {
    const r1 = await cli(['audit', '--db', db, '--since', '2026-03-20', '--until', '2026-03-01']);
    assert.equal(r1.code, 2);
    assert.equal(r1.stderr.trim().split('\n').length, 1);
    const r2 = await cli(['network', '--db', db, '--site', 'nowhere.example']);
    assert.equal(r2.code, 2, 'network has no --site option');
    const r3 = await cli(['audit', '--db', db, '--site', 'nowhere.example']);
    assert.equal(r3.code, 1);
    assert.match(r3.stderr, /^unspun: no article of site "nowhere\.example" in the corpus\n$/);
    const r4 = await cli(['network', '--db', db, '--json', '--csv']);
    assert.equal(r4.code, 2);
    const r5 = await cli(['network', '--db', db, '--min-articles', '0']);
    assert.equal(r5.code, 2);
    const r6 = await cli(['audit', '--db', join(tmp.dir, 'missing.db')]);
    assert.equal(r6.code, 1);
    assert.equal(r6.stderr.trim().split('\n').length, 1);
  });

  it('check --batch: one report per line, errors as data, exit 1 when any item failed', async () => {
    const good = JSON.stringify({
      title: 'Halvard talks end without a deal',
      text:
        "Carnesia's administration and the Northern Council rebels failed on Saturday to reach a ceasefire " +
        'for Halvard after almost 11 hours of United Nations-brokered talks in the Portuguese capital.',
    });
    const stdin = `${good}\nnot json\n\n{"title":"no body"}\n${good}\n`;
    const r = await cli(['check', '--batch', '-', '--db', db], { stdin });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /2 of 4 item\(s\) failed/);
    const out = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(out.length, 4);
    assert.equal(out[0].version, 1);
    assert.ok(out[0].sentences[0].sources.length > 0, 'traced against the corpus');
    assert.deepEqual([out[1].line, out[1].error.code], [2, 'BAD_INPUT']);
    assert.deepEqual([out[2].line, out[2].error.code], [4, 'BAD_INPUT']);
    assert.equal(out[3].article.headline, 'Halvard talks end without a deal');
    const dir = await cli(['check', '--batch', FARM2, '--db', db]);
    assert.equal(dir.code, 0, dir.stderr);
    assert.equal(dir.stdout.trimEnd().split('\n').length, 2);
    const both = await cli(['check', FARMS[0]!, '--batch', FARM2]);
    assert.equal(both.code, 2);
    const none = await cli(['check', '--batch', join(tmp.dir, 'nope.jsonl'), '--no-corpus']);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /no such file/);
  });
});

describe('network: sibling copies', () => {
  it('a source that copied another source of the article, which gave at least as much, is a sibling', async () => {
    const { isSibling } = await import('../src/engine/network.js');
    // The article took 4 sentences from the wire (1) and 2 from a farm (2) that itself copied the wire.
    const article = new Map([
      [1, 4],
      [2, 2],
    ]);
    assert.equal(isSibling({ seq: 2, sentences: 2 }, article, new Map([[1, 5]])), true);
    // A farm that copies a farm: most sentences from the farm, the unchanged ones named in the wire.
    const farm2 = new Map([
      [1, 1],
      [2, 5],
    ]);
    assert.equal(isSibling({ seq: 2, sentences: 5 }, farm2, new Map([[1, 5]])), false);
    // The wire itself has no sources; a source with no audit is never a sibling.
    assert.equal(isSibling({ seq: 1, sentences: 4 }, article, new Map()), false);
    assert.equal(isSibling({ seq: 2, sentences: 2 }, article, undefined), false);
  });
});

describe('audit as the corpus grows', () => {
  it('equals a fresh audit when a shared line becomes too common (its fingerprints stop being looked up)', async () => {
    // 180 short articles of 12 sites; each repeats one line (so its fingerprints pass the 150-posting cap only
    // once the second half arrives) and copies two sentences of the article before it.
    let x = 7;
    const rnd = () => {
      x = (x * 1103515245 + 12345) % 2147483648;
      return x / 2147483648;
    };
    const syl = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'to', 've', 'di', 'po', 'ga', 'hu', 'fe', 'zi', 'bo'];
    const word = () => Array.from({ length: 3 }, () => syl[Math.floor(rnd() * syl.length)]!).join('');
    const sentence = () =>
      `The ${Array.from({ length: 14 }, word).join(' ')} ${Math.floor(rnd() * 9000) + 1000}.`;
    const shared =
      'Officials from the regional water board will publish the full inspection report next month.';
    const arts: ArticleInput[] = [];
    let prev: string[] = [];
    for (let i = 0; i < 180; i++) {
      const own = [sentence(), sentence(), sentence()];
      const body = [own[0]!, ...prev.slice(0, 2), shared, own[1]!, own[2]!];
      arts.push({
        id: `a${i}`,
        url: `https://site${i % 12}.example/${i}`,
        title: `Report ${i}`,
        published: new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString(),
        text: body.join(' '),
      });
      prev = own;
    }
    const grown = createEngine({ store: freshDb() });
    const fresh = createEngine({ store: freshDb() });
    try {
      await grown.ingest(arts.slice(0, 100));
      await grown.audit({ workers: 0 });
      await grown.ingest(arts.slice(100));
      const s = await grown.audit({ workers: 0 });
      assert.ok(s.reaudited > 0, 'audited articles holding the newly common line are audited again');
      await fresh.ingest(arts);
      await fresh.audit({ workers: 0 });
      const a = await lines(grown);
      const b = await lines(fresh);
      assert.equal(a.length, 180);
      assert.deepEqual(a, b);
      // Each article names the one before it (the copied sentences), never an older one through the shared line.
      const last = a.find((l) => l.id === 'id:a150')!;
      assert.deepEqual(
        last.sources.map((s) => s.id),
        ['id:a149'],
      );
    } finally {
      await grown.close();
      await fresh.close();
    }
  });
});

describe('candidates counted from in-memory postings (the audit)', () => {
  it('are the candidates chooseCandidates picks from the store look-up, for every demo article', async () => {
    const db = freshDb();
    const engine = createEngine({ store: db });
    await engine.ingest([WIRES, ...FARMS, FARM2]);
    await engine.close();
    const store = await openSqliteStore(db);
    try {
      const table = await store.sentenceTable({
        maxPostings: DEFAULTS.maxPostings,
        postingsUpToSentences: 1_000_000,
      });
      const view = table.postingsView();
      assert.ok(view, 'the table holds its postings');
      const maxSeq = await store.maxSeq();
      const arts = await store.getArticlesBySeq(Array.from({ length: maxSeq }, (_, i) => i + 1));
      assert.equal(arts.size, 24);
      // Equal candidates ordered against the store order, so that the order function decides ties.
      const order = (seq: number) => -seq;
      let compared = 0;
      for (const a of arts.values()) {
        const doc = normaliseArticle(a);
        const query = queryFeatures(doc.sentences, defaultCanonicaliser());
        const n = doc.sentences.length;
        const variants = [
          { exclude: new Set([a.seq]), perSentence: DEFAULTS.candidatesPerSentence },
          // keep: only articles before it are retrieved; exclude some of those; few candidates per sentence
          {
            keep: (seq: number) => seq < a.seq,
            exclude: new Set([1, 5, 9]),
            perSentence: 2,
          },
        ];
        for (const v of variants) {
          const { hits } = await store.findCandidates(query.features, {
            maxPostings: DEFAULTS.maxPostings,
            ...(v.keep ? { keep: v.keep } : {}),
          });
          const expected = chooseCandidates(n, query, hits, v.exclude, v.perSentence, order);
          const seen: number[] = [];
          const got = chooseFromPostings(view, query, n, {
            maxPostings: DEFAULTS.maxPostings,
            ...(v.keep ? { keep: v.keep } : {}),
            exclude: v.exclude,
            perSentence: v.perSentence,
            order,
            onArticle: (seq) => seen.push(seq),
          });
          assert.deepEqual(got, expected, `article ${a.seq}`);
          assert.deepEqual(
            seen.sort((x, y) => x - y),
            [...new Set(hits.map((h) => h.articleSeq))].sort((x, y) => x - y),
          );
          compared += expected.flat().length;
        }
      }
      assert.ok(compared > 100, `only ${compared} candidates compared`);
      // A `keep` that throws midway leaves no marks behind: the next look-up gives the same candidates.
      const a = [...arts.values()].at(-1)!;
      const doc = normaliseArticle(a);
      const query = queryFeatures(doc.sentences, defaultCanonicaliser());
      const opts = { maxPostings: DEFAULTS.maxPostings, exclude: new Set([a.seq]), order };
      const first = chooseFromPostings(view, query, doc.sentences.length, opts);
      let calls = 0;
      assert.throws(() =>
        chooseFromPostings(view, query, doc.sentences.length, {
          ...opts,
          keep: () => {
            if (++calls > 3) throw new Error('stop');
            return true;
          },
        }),
      );
      assert.deepEqual(chooseFromPostings(view, query, doc.sentences.length, opts), first);
    } finally {
      await store.close();
    }
  });
});
