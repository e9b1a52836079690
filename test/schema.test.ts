/** schema/report.schema.json: the engine's reports validate, broken reports do not, and the schema documents itself. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { extractEntities } from '../src/entities/index.js';
import { checkHeadline } from '../src/headline/index.js';
import { extractQuotes } from '../src/quotes/index.js';
import {
  checkArticle,
  ingestPaths,
  loadArticle,
  normaliseArticle,
  openSqliteStore,
  type Report,
  type Store,
} from '../src/stages.js';
import { sampleReport } from './fixtures/report/sample.js';
import { cli, repoRoot, tempDir } from './helpers/index.js';

const schemaPath = join(repoRoot, 'schema', 'report.schema.json');
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
const ajv = new Ajv2020({ allErrors: true, strict: true });
const validate = ajv.compile(schema);

const farmDir = join(repoRoot, 'examples', 'demo', 'farm');
const farmFiles = readdirSync(farmDir)
  .filter((f) => f.endsWith('.md'))
  .sort()
  .map((f) => join(farmDir, f));

/** The report as `unspun check --json` prints it. */
const asJson = (r: unknown) => JSON.parse(JSON.stringify(r)) as Record<string, unknown>;

function errorsOf(r: unknown): ErrorObject[] {
  return validate(r) ? [] : [...(validate.errors ?? [])];
}

function assertValid(r: unknown, label: string): void {
  const errors = errorsOf(asJson(r));
  assert.deepEqual(
    errors.map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`),
    [],
    `${label} does not match the schema`,
  );
}

/** What the schema cannot say: offsets point at the text they claim to. */
function assertOffsets(r: Report, label: string): void {
  const t = r.article.text;
  const span = (x: { text: string; start: number; end: number }, what: string) =>
    assert.equal(t.slice(x.start, x.end), x.text, `${label}: ${what} offsets`);
  for (const s of r.sentences) {
    span(s, `sentence ${s.index}`);
    for (const a of s.alignment ?? [])
      if (a.text !== undefined && a.start !== undefined && a.end !== undefined)
        span({ text: a.text, start: a.start, end: a.end }, `alignment of sentence ${s.index}`);
    for (const src of s.sources)
      assert.equal(src.end - src.start, src.text.length, `${label}: source offsets`);
  }
  for (const e of r.entities ?? []) for (const m of e.mentions) span(m, `entity ${e.canonical}`);
  for (const q of r.quotes ?? []) {
    span(q, 'quote');
    const sp = q.speaker;
    if (sp?.start !== undefined && sp.end !== undefined)
      span({ text: sp.text, start: sp.start, end: sp.end }, 'speaker');
  }
  for (const e of r.selfEvidence) for (const m of e.mentions ?? []) span(m, `self-evidence ${e.kind}`);
}

/** Every object schema that lists `properties` gives each property a description. */
function undocumented(node: unknown, path: string, out: string[]): string[] {
  if (Array.isArray(node)) {
    for (const [i, n] of node.entries()) undocumented(n, `${path}/${i}`, out);
  } else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.properties && typeof o.properties === 'object') {
      for (const [k, v] of Object.entries(o.properties as Record<string, Record<string, unknown>>)) {
        const d = v.description;
        if (typeof d !== 'string' || d.length < 10) out.push(`${path}/properties/${k}`);
      }
    }
    for (const [k, v] of Object.entries(o)) undocumented(v, `${path}/${k}`, out);
  }
  return out;
}

describe('report schema', () => {
  it('is a strict draft 2020-12 schema with a description on every property', () => {
    assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
    assert.equal(schema.additionalProperties, false);
    assert.deepEqual(undocumented(schema, '#', []), []);
  });

  it('requires every top-level field of the Report type', () => {
    assert.deepEqual([...(schema.required as string[])].sort(), Object.keys(sampleReport()).sort());
  });

  it('accepts the hand-built sample report (every section filled)', () => {
    const r = sampleReport();
    assertValid(r, 'sample report');
    assertOffsets(r, 'sample report');
  });

  describe('reports of the demo farm articles', () => {
    let store: Store;
    before(async () => {
      store = openSqliteStore(':memory:');
      const summary = await ingestPaths(store, [join(repoRoot, 'examples', 'demo', 'wire')]);
      assert.ok(summary.added > 0, 'the demo wire corpus was ingested');
    });
    after(async () => {
      await store.close();
    });

    it('has farm articles to check', () => assert.ok(farmFiles.length >= 5));

    for (const file of farmFiles) {
      const name = file.slice(farmDir.length + 1);
      it(`${name}: valid without a corpus`, async () => {
        const r = await checkArticle(await loadArticle(file));
        assertValid(r, name);
        assertOffsets(r, name);
        assert.equal(r.summary.corpus, false);
        assert.ok(r.sentences.every((s) => s.status === 'unchecked' && s.sources.length === 0));
      });
      it(`${name}: valid with the demo wire corpus`, async () => {
        const r = await checkArticle(await loadArticle(file), { store });
        assertValid(r, `${name} (corpus)`);
        assertOffsets(r, `${name} (corpus)`);
        assert.equal(r.summary.corpus, true);
        assert.ok(r.sentences.every((s) => s.status !== 'unchecked'));
      });
    }
  });

  it('accepts what `unspun check --json` prints, with and without a corpus', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const db = join(dir, 'corpus.db');
      const ingested = await cli([
        'ingest',
        join(repoRoot, 'examples', 'demo', 'wire'),
        '--db',
        db,
        '--no-progress',
      ]);
      assert.equal(ingested.code, 0, ingested.stderr);
      for (const args of [['--no-corpus'], ['--db', db]]) {
        const out = await cli(['check', farmFiles[0]!, '--json', ...args]);
        assert.equal(out.code, 0, out.stderr);
        const r = JSON.parse(out.stdout) as Report;
        assertValid(r, `unspun check --json ${args.join(' ')}`);
        assert.equal(r.summary.corpus, args[0] === '--db');
      }
    } finally {
      cleanup();
    }
  });

  it('accepts a report with headline, entities and quotes filled by the real stages', async () => {
    const input = await loadArticle(farmFiles[0]!);
    const base = await checkArticle(input, { headline: false });
    const doc = normaliseArticle(input);
    const entities = extractEntities(doc);
    const quotes = extractQuotes(doc, entities);
    const headline = checkHeadline(
      doc.headline,
      doc.sentences.map((s) => s.text),
    );
    assert.ok(entities.length > 0 && quotes.length > 0, 'the demo article has entities and quotes');
    const r: Report = { ...base, headline, entities, quotes };
    assertValid(r, 'stage-filled report');
    assertOffsets(r, 'stage-filled report');
  });

  describe('rejects broken reports', () => {
    const valid = () => asJson(sampleReport()) as unknown as Report;
    const rejected = (r: Report, path: string, keyword: string) => {
      const errors = errorsOf(asJson(r));
      assert.ok(errors.length > 0, `expected a validation error at ${path}`);
      assert.ok(
        errors.some((e) => e.instancePath === path && e.keyword === keyword),
        `expected ${keyword} at ${path}, got ${errors.map((e) => `${e.instancePath} ${e.keyword}`).join('; ')}`,
      );
    };

    it('a sentence without its text', () => {
      const r = valid();
      delete (r.sentences[0] as Partial<Report['sentences'][number]>).text;
      rejected(r, '/sentences/0', 'required');
    });
    it('a similarity above 1', () => {
      const r = valid();
      r.sentences[0]!.sources[0]!.similarity = 1.5;
      rejected(r, '/sentences/0/sources/0/similarity', 'maximum');
    });
    it('an unknown sentence status', () => {
      const r = valid();
      (r.sentences[1] as { status: string }).status = 'maybe';
      rejected(r, '/sentences/1/status', 'enum');
    });
    it('an accidental field at the top level, on a sentence or on a source', () => {
      for (const [mutate, path] of [
        [(r: Report) => Object.assign(r, { debug: true }), ''],
        [(r: Report) => Object.assign(r.sentences[0]!, { seq: 3 }), '/sentences/0'],
        [(r: Report) => Object.assign(r.sentences[0]!.sources[0]!, { seq: 3 }), '/sentences/0/sources/0'],
      ] as const) {
        const r = valid();
        mutate(r);
        rejected(r, path, 'additionalProperties');
      }
    });
    it('a negative offset, a missing source URL key and a wrong version', () => {
      let r = valid();
      r.sentences[2]!.start = -1;
      rejected(r, '/sentences/2/start', 'minimum');
      r = valid();
      delete (r.sentences[2]!.sources[1] as Partial<Report['sentences'][number]['sources'][number]>).url;
      rejected(r, '/sentences/2/sources/1', 'required');
      r = valid();
      (r as { version: number }).version = 2;
      rejected(r, '/version', 'const');
    });
    it('an unknown headline stance, probability above 1, unknown quote kind or speaker resolution', () => {
      let r = valid();
      (r.headline as { stance: string }).stance = 'neutral';
      rejected(r, '/headline/stance', 'enum');
      r = valid();
      r.headline!.scores.agree = 1.2;
      rejected(r, '/headline/scores/agree', 'maximum');
      r = valid();
      (r.quotes![0] as { kind: string }).kind = 'quote';
      rejected(r, '/quotes/0/kind', 'enum');
      r = valid();
      (r.quotes![1]!.speaker as { resolvedVia: string }).resolvedVia = 'magic';
      rejected(r, '/quotes/1/speaker/resolvedVia', 'enum');
      r = valid();
      (r.entities![0] as { type: string }).type = 'animal';
      rejected(r, '/entities/0/type', 'enum');
    });
    it('an alignment op or self-evidence kind that does not exist', () => {
      let r = valid();
      (r.sentences[0]!.alignment![0] as { op: string }).op = 'swap';
      rejected(r, '/sentences/0/alignment/0/op', 'enum');
      r = valid();
      (r.selfEvidence[0] as { kind: string }).kind = 'typo';
      rejected(r, '/selfEvidence/0/kind', 'enum');
    });
  });
});
