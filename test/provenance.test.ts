/**
 * Provenance on the demo corpus, scored against its ground truth (examples/demo/TRUTH.json, written with the
 * corpus): every farm sentence traced to the right wire sentence, new text left untraced, the spinner's
 * substitutions recovered, dropped speakers called out.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import {
  checkArticle,
  ingestPaths,
  loadArticle,
  openSqliteStore,
  type Report,
  type Store,
} from '../src/stages.js';
import { repoRoot } from './helpers/index.js';

const demo = join(repoRoot, 'examples', 'demo');
interface TruthSentence {
  text: string;
  sources: { file: string; sentence: string; alsoIn?: string[] }[];
  substitutions?: [string, string][];
  droppedSpeaker?: string | null;
  boilerplate?: boolean;
}
const truth = JSON.parse(readFileSync(join(demo, 'TRUTH.json'), 'utf8')) as {
  farms: Record<string, { sentences: TruthSentence[] }>;
  wires: Record<string, unknown>;
};

let store: Store;
const urlOf = new Map<string, string>();
const reports = new Map<string, Report>();

before(async () => {
  store = openSqliteStore(':memory:');
  const s = await ingestPaths(store, [join(demo, 'wire')]);
  assert.equal(s.added, 17);
  for (const file of Object.keys(truth.wires)) {
    const a = await loadArticle(join(demo, file));
    urlOf.set(file, a.url!);
  }
  for (const file of Object.keys(truth.farms)) {
    reports.set(file, await checkArticle(await loadArticle(join(demo, file)), { store, headline: false }));
  }
});

describe('provenance on the demo corpus', () => {
  it('traces farm sentences to the right wire sentence and leaves new text untraced', () => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    let newRight = 0;
    let newTotal = 0;
    const wrong: string[] = [];
    for (const [file, farm] of Object.entries(truth.farms)) {
      const r = reports.get(file)!;
      for (const ts of farm.sentences) {
        if (ts.boilerplate) continue;
        const got = r.sentences.find((s) => s.text === ts.text);
        assert.ok(got, `${file}: sentence not segmented as in the truth: ${ts.text}`);
        const gotUrls = new Set(got.sources.map((s) => s.url));
        if (ts.sources.length === 0) {
          newTotal++;
          if (got.sources.length === 0) newRight++;
          else {
            fp += got.sources.length;
            wrong.push(`${file}: new text traced: ${ts.text}`);
          }
          continue;
        }
        for (const src of ts.sources) {
          const ok = [src.file, ...(src.alsoIn ?? [])].some((f) => gotUrls.has(urlOf.get(f)!));
          if (ok) tp++;
          else {
            fn++;
            wrong.push(`${file}: missed ${src.file}: ${ts.text}`);
          }
          const files = [src.file, ...(src.alsoIn ?? [])];
          const sourceText: string | undefined = got.sources.find((g) =>
            files.some((f) => g.url === urlOf.get(f)),
          )?.text;
          if (ok) assert.equal(sourceText, src.sentence, 'the source sentence is reported exactly');
        }
        const expectedUrls = new Set(
          ts.sources.flatMap((s) => [s.file, ...(s.alsoIn ?? [])]).map((f) => urlOf.get(f)),
        );
        for (const u of gotUrls) if (!expectedUrls.has(u!)) fp++;
      }
    }
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    assert.ok(
      precision >= 0.95 && recall >= 0.95,
      `precision ${precision}, recall ${recall}\n${wrong.join('\n')}`,
    );
    assert.equal(newRight, newTotal, wrong.join('\n'));
  });

  it('recovers the substitution pairs', () => {
    let expected = 0;
    let found = 0;
    let reported = 0;
    let correct = 0;
    for (const [file, farm] of Object.entries(truth.farms)) {
      const r = reports.get(file)!;
      for (const ts of farm.sentences) {
        const got = r.sentences.find((s) => s.text === ts.text);
        if (!got || ts.sources.length === 0) continue;
        const exp = new Set(
          (ts.substitutions ?? []).map(([o, s]) => `${o.toLowerCase()}→${s.toLowerCase()}`),
        );
        const gotPairs = new Set(
          got.substitutions.map((s) => `${s.original.toLowerCase()}→${s.spun.toLowerCase()}`),
        );
        expected += exp.size;
        reported += gotPairs.size;
        for (const e of exp) if (gotPairs.has(e)) found++;
        for (const g of gotPairs) if (exp.has(g)) correct++;
      }
    }
    const recall = found / expected;
    const precision = correct / reported;
    assert.ok(recall >= 0.8, `substitution recall ${recall} (${found}/${expected})`);
    assert.ok(precision >= 0.8, `substitution precision ${precision} (${correct}/${reported})`);
  });

  it('calls out every dropped speaker, and each farm is a composite with its earliest source as origin', () => {
    for (const [file, farm] of Object.entries(truth.farms)) {
      const r = reports.get(file)!;
      for (const ts of farm.sentences.filter((s) => s.droppedSpeaker)) {
        const got = r.sentences.find((s) => s.text === ts.text)!;
        assert.ok(
          got.droppedAttribution,
          `${file}: dropped speaker ${ts.droppedSpeaker} not reported: ${ts.text}`,
        );
        assert.match(got.droppedAttribution.original, new RegExp(ts.droppedSpeaker!));
      }
      assert.equal(r.summary.composite, true, `${file} is stitched from several wires`);
      assert.ok(r.summary.likelyOrigin);
      const dates = r.summary.sources.map((s) => s.published ?? '');
      assert.ok(r.summary.sources.length >= 2);
      assert.ok(r.summary.substitutionMap.length > 0 && r.summary.spinRate > 0.05);
      assert.ok(dates.every((d) => d >= '2026-03-13'));
    }
  });

  it('rarely traces a wire report to the independent reports of other outlets on the same event', async () => {
    // Each wire checked against the corpus without itself: its sources may only be its own outlet's versions.
    // Outlets on the same event share facts, names, numbers and sometimes the same quote: a false-trace rate
    // near zero is the target (the benchmark measures it on real articles).
    let sentences = 0;
    const falseTraces: string[] = [];
    for (const file of Object.keys(truth.wires)) {
      const a = await loadArticle(join(demo, file));
      const r = await checkArticle(a, { store, headline: false });
      assert.ok(r.summary.selfInCorpus, `${file} is recognised as being in the corpus`);
      const host = new URL(a.url!).hostname;
      for (const s of r.sentences) {
        sentences++;
        for (const src of s.sources) {
          if (new URL(src.url!).hostname !== host) falseTraces.push(`${file}: "${s.text}" -> "${src.text}"`);
        }
      }
    }
    assert.ok(sentences > 100);
    assert.ok(
      falseTraces.length / sentences <= 0.01,
      `${falseTraces.length}/${sentences}:\n${falseTraces.join('\n')}`,
    );
  });

  it('reports both sources of a merged sentence and the one source of a split sentence', async () => {
    const s2 = openSqliteStore(':memory:');
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const f = join(mkdtempSync(join(tmpdir(), 'unspun-merge-')), 'c.jsonl');
    writeFileSync(
      f,
      [
        {
          id: 'a',
          title: 'Port strike',
          published: '2026-03-01',
          site: 'wire-a.example',
          text: 'Dock workers at the port of Velmora walked out on Monday after talks with the harbour authority collapsed over pay. The union said the strike would last at least three days.',
        },
        {
          id: 'b',
          title: 'Strike hits exports',
          published: '2026-03-02',
          site: 'wire-b.example',
          text: 'Grain exporters warned that ships were already queuing outside the breakwater. The strike is expected to delay wheat shipments to North Africa by up to a week, traders said.',
        },
      ]
        .map((x) => JSON.stringify(x))
        .join('\n'),
    );
    await ingestPaths(s2, [f]);
    const r = await checkArticle(
      {
        title: 'Farm',
        text:
          'Dock workers at the port of Velmora walked out on Monday. Talks with the harbour authority had collapsed over pay.\n\n' +
          'The strike is expected to delay wheat shipments to North Africa by up to a week, and the union said the walkout would last at least three days.',
      },
      { store: s2, headline: false },
    );
    const [split1, split2, merged] = r.sentences;
    assert.deepEqual(
      split1!.sources.map((x) => x.articleId),
      ['a'],
    );
    assert.deepEqual(
      split2!.sources.map((x) => x.articleId),
      ['a'],
    );
    assert.equal(
      split1!.sources[0]!.text,
      split2!.sources[0]!.text,
      'both halves come from the same source sentence',
    );
    assert.deepEqual(merged!.sources.map((x) => x.articleId).sort(), ['a', 'b']);
    assert.equal(r.summary.composite, true);
    await s2.close();
  });
});
