import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { fnc1HoldoutSplit, loadFnc1 } from '../scripts/_fnc1-data.js';
import { isUnspunError } from '../src/errors.js';
import { PyRandom } from '../src/headline/_pyrandom.js';
import { splitSentences } from '../src/headline/_text.js';
import { checkHeadline, loadHeadlineModel, STANCES, type Stance } from '../src/headline/index.js';

// Texts written for this test (invented places and people).
const BRIDGE =
  'The city council of Eastbrook voted on Tuesday to approve funding for a new pedestrian bridge over the Miller River. ' +
  'The bridge will cost 4 million dollars and construction is expected to begin next spring. ' +
  'Council members said the project would connect the two halves of the old town. ' +
  'Mayor Lena Ortiz welcomed the decision and thanked residents for their support.';
const SQUID =
  'A viral story claiming that a giant squid attacked a fishing boat off the coast of Norway is a hoax, officials said. ' +
  'The Norwegian coast guard denied that any such attack took place. ' +
  'The photos circulating online were fake and had been digitally altered, experts found. ' +
  'No boat was damaged and no fisherman was injured.';
const SINGER =
  'Pop singer Mara Vell has announced that she is pregnant with her first child, her publicist confirmed on Monday. ' +
  'Vell shared the news with fans in a video message, saying she and her husband were overjoyed. ' +
  'The baby is due in the autumn, the singer said. Vell will continue her concert tour until the summer.';
const RUMOUR =
  'Reports on social media claim that the tech company Quorra is planning to buy the streaming service Flickline for 2 billion dollars. ' +
  'Neither company has commented on the rumours. ' +
  'According to an unnamed source, talks are at an early stage and may not lead to a deal. ' +
  'Analysts said such a purchase would make sense for Quorra.';

// `accept` lists other classes allowed for a pair the shipped model finds borderline: the bridge report
// states the headline as plain fact with no confirming words, and the model splits it about evenly
// between agree and discuss (it must still not call it unrelated or refuted).
const CASES: { expect: Stance; accept?: Stance[]; headline: string; body: string }[] = [
  {
    expect: 'agree',
    accept: ['discuss'],
    headline: 'Eastbrook council approves new pedestrian bridge over Miller River',
    body: BRIDGE,
  },
  {
    expect: 'unrelated',
    headline: 'Scientists discover new species of deep-sea octopus near Antarctica',
    body: BRIDGE,
  },
  { expect: 'disagree', headline: 'Giant squid attacks fishing boat off Norway', body: SQUID },
  {
    expect: 'unrelated',
    headline: 'Eastbrook council approves new pedestrian bridge over Miller River',
    body: SQUID,
  },
  { expect: 'agree', headline: 'Pop star Mara Vell confirms she is pregnant with first child', body: SINGER },
  { expect: 'discuss', headline: 'Quorra to buy Flickline for 2 billion dollars', body: RUMOUR },
  { expect: 'unrelated', headline: 'Giant squid attacks fishing boat off Norway', body: SINGER },
];

describe('headline stance model (shipped weights)', () => {
  const model = loadHeadlineModel();

  test('the shipped model loads and says how it was trained', () => {
    assert.equal(model.info.split, 'fnc1-all');
    assert.equal(typeof model.info.pairs, 'number');
  });

  for (const c of CASES) {
    test(`${c.expect}: "${c.headline}"`, () => {
      const v = model.predict(c.headline, c.body);
      if (c.accept) {
        assert.ok([c.expect, ...c.accept].includes(v.stance), `got ${v.stance}`);
        assert.ok(v.scores[c.expect] > 0.25, `${c.expect} score ${v.scores[c.expect]}`);
      } else {
        assert.equal(v.stance, c.expect);
      }
      const total = STANCES.reduce((s, k) => s + v.scores[k], 0);
      assert.ok(Math.abs(total - 1) < 1e-9, `scores sum to ${total}`);
      for (const k of STANCES) assert.ok(v.scores[k] <= v.scores[v.stance]);
      assert.ok(v.summary.length > 0);
      // stable: same input, same scores (also from a freshly loaded model)
      assert.deepEqual(model.predict(c.headline, c.body), v);
      assert.deepEqual(loadHeadlineModel().predict(c.headline, c.body).scores, v.scores);
    });
  }

  test('a refuting body gives contradicting evidence sentences from the body', () => {
    const v = model.predict('Giant squid attacks fishing boat off Norway', SQUID);
    const sentences = splitSentences(SQUID);
    assert.ok(v.evidence.length > 0);
    assert.ok(v.evidence.some((e) => e.role === 'contradicts'));
    for (const e of v.evidence) assert.equal(sentences[e.index], e.sentence);
    assert.match(v.summary, /contradicts/);
  });

  test('an agreeing body gives supporting evidence, strongest first', () => {
    const v = model.predict('Pop star Mara Vell confirms she is pregnant with first child', SINGER);
    assert.equal(v.stance, 'agree');
    assert.equal(v.evidence[0]?.role, 'supports');
    assert.equal(v.evidence[0]?.index, 0);
    for (let i = 1; i < v.evidence.length; i++) assert.ok(v.evidence[i - 1]!.score >= v.evidence[i]!.score);
  });

  test('checkHeadline takes pre-split sentences and agrees with predict', () => {
    const headline = 'Giant squid attacks fishing boat off Norway';
    const v = checkHeadline(headline, splitSentences(SQUID), model);
    assert.equal(v.stance, 'disagree');
    assert.deepEqual(v.scores, model.predict(headline, SQUID).scores);
    assert.equal(checkHeadline(headline, splitSentences(SQUID)).stance, 'disagree'); // default model
  });

  test('an empty body is unrelated', () => {
    const v = model.predict('Giant squid attacks fishing boat off Norway', '');
    assert.equal(v.stance, 'unrelated');
    assert.deepEqual(v.evidence, []);
  });

  test('predictBatch matches predict', () => {
    const batch = model.predictBatch(CASES.map((c) => ({ headline: c.headline, body: c.body })));
    assert.deepEqual(
      batch.map((v) => v.scores),
      CASES.map((c) => model.predict(c.headline, c.body).scores),
    );
  });
});

describe('headline model file errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'unspun-headline-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const expectModelError = (path: string) =>
    assert.throws(
      () => loadHeadlineModel(path),
      (e: unknown) => isUnspunError(e) && e.code === 'MODEL' && e.subject === path,
    );

  test('a missing file is a MODEL error', () => expectModelError(join(dir, 'nope.json')));

  test('a file that is not JSON is a MODEL error', () => {
    const p = join(dir, 'garbage.json');
    writeFileSync(p, '{"format": "unspun-headline-stance", "version": 1, ');
    expectModelError(p);
  });

  test('a model with truncated weights is a MODEL error', () => {
    const shipped = JSON.parse(
      readFileSync(fileURLToPath(new URL('../models/headline.json', import.meta.url)), 'utf8'),
    );
    shipped.stance.w1.data = shipped.stance.w1.data.slice(0, 1000);
    const p = join(dir, 'truncated.json');
    writeFileSync(p, JSON.stringify(shipped));
    expectModelError(p);
  });

  test('a file of another format is a MODEL error', () => {
    const p = join(dir, 'other.json');
    writeFileSync(p, JSON.stringify({ format: 'something-else', version: 1 }));
    expectModelError(p);
  });
});

describe('Python-compatible random (for the official FNC-1 split)', () => {
  test('matches CPython 3 random.seed / getrandbits / random / shuffle', () => {
    // Reference values printed by CPython 3.11.
    const r = new PyRandom(1489215);
    assert.equal(r.nextUint32(), 1950891578);
    assert.equal(r.random(), 0.5956984527162513);
    assert.equal(r.getrandbits(7), 50);
    const ids = Array.from({ length: 20 }, (_, i) => i);
    new PyRandom(42).shuffle(ids);
    assert.deepEqual(ids, [19, 5, 14, 4, 9, 13, 15, 18, 6, 12, 17, 10, 1, 11, 2, 16, 7, 8, 0, 3]);
  });

  const fnc1 = fileURLToPath(new URL('../../shared/fnc1', import.meta.url));
  test('reproduces the official FNC-1 hold-out split (337 bodies, 9,622 pairs)', (t) => {
    if (!existsSync(join(fnc1, 'train_bodies.csv'))) {
      t.skip(`FNC-1 data not found at ${fnc1}`);
      return;
    }
    const data = loadFnc1(fnc1);
    const { trainIds, holdoutIds } = fnc1HoldoutSplit(data);
    assert.equal(holdoutIds.size, 337);
    assert.equal(trainIds.size, 1346);
    assert.equal(data.pairs.filter((p) => holdoutIds.has(p.bodyId)).length, 9622);
  });
});
