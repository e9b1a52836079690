import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  type Fnc1Data,
  fnc1HoldoutSplit,
  fnc1Stories,
  loadFnc1,
  pairsInFolds,
  STORY_FOLDS,
  storyFolds,
} from '../scripts/_fnc1-data.js';
import { isUnspunError } from '../src/errors.js';
import { PyRandom } from '../src/headline/_pyrandom.js';
import { splitSentences } from '../src/headline/_text.js';
import {
  type BatchItem,
  type BatchResult,
  checkClaims,
  checkHeadline,
  decideVerdict,
  loadHeadlineModel,
  readFncPairs,
  readHeadlinePairsJsonl,
  STANCES,
  type Stance,
  scoreHeadlinePairs,
} from '../src/headline/index.js';

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

describe('FNC-1 story split (stories never on both sides)', () => {
  // Invented data: three stories, linked by their related pairs, plus a headline worded twice (one story) and
  // unrelated pairs across stories.
  const bodies = new Map<number, string>([
    [
      1,
      'The mayor of Pellan opened a new bridge over the Ardent river on Monday morning after two years of work.',
    ],
    [2, 'A new bridge over the Ardent river in Pellan was opened by the mayor, officials said on Monday.'],
    [
      3,
      'A comet will pass close to Earth next week and will be visible without a telescope, astronomers say.',
    ],
    [4, 'The football club of Castelmar sold its stadium to a property company for an undisclosed sum.'],
    [
      5,
      'Castelmar football club has sold its stadium, the club confirmed in a statement on its website today.',
    ],
  ]);
  const data: Fnc1Data = {
    bodies,
    pairs: [
      { headline: 'Pellan mayor opens bridge', bodyId: 1, stance: 'agree' },
      { headline: 'Pellan mayor opens bridge', bodyId: 2, stance: 'discuss' },
      { headline: 'Comet to pass close to Earth', bodyId: 3, stance: 'agree' },
      { headline: 'Comet to pass very close to Earth', bodyId: 1, stance: 'unrelated' },
      { headline: 'Castelmar club sells stadium', bodyId: 4, stance: 'agree' },
      { headline: 'Castelmar club sells stadium', bodyId: 5, stance: 'disagree' },
      { headline: 'Castelmar club sells stadium', bodyId: 3, stance: 'unrelated' },
      { headline: 'Pellan mayor opens bridge', bodyId: 5, stance: 'unrelated' },
    ],
  };

  test('related pairs and near-identical headlines make one story; unrelated pairs join nothing', () => {
    const s = fnc1Stories(data);
    assert.equal(s.count, 3);
    assert.equal(s.ofBody.get(1), s.ofBody.get(2));
    assert.equal(s.ofBody.get(4), s.ofBody.get(5));
    assert.notEqual(s.ofBody.get(1), s.ofBody.get(3));
    assert.equal(s.ofHeadline.get('Comet to pass very close to Earth'), s.ofBody.get(3));
  });

  test('a fold holds whole stories, and a pair across the split is on neither side', () => {
    const s = fnc1Stories(data);
    const fold = storyFolds(data, s, 3, 7);
    assert.deepEqual([...new Set(fold)].sort(), [0, 1, 2]);
    const sides = [0, 1, 2].map((f) => pairsInFolds(data, s, fold, new Set([f])));
    // 5 pairs within a story; the 3 unrelated pairs join headlines and bodies of different stories
    assert.equal(
      sides.reduce((n, side) => n + side.length, 0),
      5,
    );
    for (const side of sides) {
      const heads = new Set(side.map((p) => s.ofHeadline.get(p.headline)));
      const bods = new Set(side.map((p) => s.ofBody.get(p.bodyId)));
      assert.equal(heads.size, 1);
      assert.deepEqual([...bods], [...heads]);
    }
  });

  test('on FNC-1 training data: no story, headline or body on both sides of the story hold-out', (t) => {
    const fnc1 = fileURLToPath(new URL('../../shared/fnc1', import.meta.url));
    if (!existsSync(join(fnc1, 'train_bodies.csv'))) {
      t.skip(`FNC-1 data not found at ${fnc1}`);
      return;
    }
    const real = loadFnc1(fnc1);
    const s = fnc1Stories(real);
    const fold = storyFolds(real, s);
    const hold = pairsInFolds(real, s, fold, new Set([0]));
    const train = pairsInFolds(real, s, fold, new Set([...Array(STORY_FOLDS).keys()].filter((f) => f !== 0)));
    assert.ok(s.count > 100 && hold.length > 2000 && train.length > 20_000);
    const trainHeads = new Set(train.map((p) => p.headline));
    const trainBodies = new Set(train.map((p) => p.bodyId));
    assert.ok(hold.every((p) => !trainHeads.has(p.headline) && !trainBodies.has(p.bodyId)));
  });
});

// --- evidence: scoped contradictions (texts written for this test; invented places) ---

const RIVER = [
  'Delegations from Norvia and Castelmar met for a third round of talks in the lakeside town of Pellan on Thursday.',
  'The two neighbours failed to reach a final agreement on sharing the water of the Ardent river after eleven hours of negotiations.',
  'The quarrel over the river is not new, and farmers on both sides have complained about dry summers for a decade.',
  'Officials said another meeting could take place next month.',
  'Castelmar has built two dams upstream since 2019, which Norvia says cut the flow to its fields.',
].join(' ');
const RIVER_FAILURE = 1;
const RIVER_NOT_NEW = 2;

describe('headline evidence', () => {
  const model = loadHeadlineModel();

  test('a success headline over a failure body: the failure sentence is the contradicting evidence', () => {
    const v = model.predict('Norvia and Castelmar reach breakthrough deal on river water', RIVER);
    const contra = v.evidence.filter((e) => e.role === 'contradicts');
    assert.deepEqual(
      contra.map((e) => e.index),
      [RIVER_FAILURE],
    );
    assert.match(v.summary, /goes against|failure|failed/);
    assert.equal(contra[0]!.sentence, splitSentences(RIVER)[RIVER_FAILURE]);
    assert.match(v.summary, /goes against|does not support|contradicts/);
  });

  test('the failure sentence is found even when it shares no word with the headline but the topic', () => {
    // "The two neighbours failed to reach a final agreement": only the body's topic links it to the headline.
    const v = model.predict('Norvia and Castelmar achieve clarity on Pellan accord', RIVER);
    assert.ok(
      v.evidence.some((e) => e.role === 'contradicts' && e.index === RIVER_FAILURE),
      JSON.stringify(v.evidence),
    );
  });

  test('a bare "not" that negates nothing the headline claims is not a contradiction', () => {
    for (const h of [
      'Norvia and Castelmar reach breakthrough deal on river water',
      'Farmers on the Ardent river complain about dry summers',
    ]) {
      const v = model.predict(h, RIVER);
      assert.ok(!v.evidence.some((e) => e.role === 'contradicts' && e.index === RIVER_NOT_NEW), h);
    }
  });

  test('"not only" and "no less than" are not negations of the claim', () => {
    const body =
      'The Kelby bakery did not only win the national bread prize this year, it also took the cake award. ' +
      'No less than four judges tasted the winning loaf at the fair in Ostwick.';
    const v = model.predict('Kelby bakery wins national bread prize', body);
    assert.ok(!v.evidence.some((e) => e.role === 'contradicts'), JSON.stringify(v.evidence));
  });

  test('a negation that governs the headline claim is a contradiction', () => {
    const body =
      'The mayor of Dunmore has not approved the plan for a new stadium on the harbour front, her office said on Monday. ' +
      'The stadium plan was drawn up by a group of local businesses last year. ' +
      'Supporters say the stadium would bring visitors to the harbour all year round.';
    const v = model.predict('Dunmore mayor approves harbour stadium plan', body);
    // (The model itself calls this pair agree: its features see the shared words, not the negation. The
    // evidence and summary say what goes against the headline; the stance is left to the model.)
    const c = v.evidence.find((e) => e.role === 'contradicts');
    assert.equal(c?.index, 0);
    assert.match(v.summary, /goes against|does not support|contradicts/);
    const approve = model.predict(
      'Dunmore mayor approves harbour stadium plan',
      body.replace('has not approved', 'has approved'),
    );
    assert.ok(!approve.evidence.some((e) => e.role === 'contradicts'), JSON.stringify(approve.evidence));
  });

  test('when the headline itself reports the failure, failure sentences do not contradict it', () => {
    for (const h of [
      'Norvia and Castelmar water talks collapse',
      'Norvia and Castelmar river talks end without a deal',
    ]) {
      const v = model.predict(h, RIVER);
      assert.ok(!v.evidence.some((e) => e.role === 'contradicts'), `${h}: ${JSON.stringify(v.evidence)}`);
    }
  });

  test('a failure headline is shown the sentence that reports the failure first', () => {
    const v = model.predict('Norvia and Castelmar water talks collapse', RIVER);
    assert.equal(v.evidence[0]?.index, RIVER_FAILURE);
    assert.notEqual(v.evidence[0]?.role, 'contradicts');
  });

  test('a headline that debunks a claim is not contradicted by the body debunking it too', () => {
    const v = model.predict('No, the giant squid did not attack a fishing boat off Norway', SQUID);
    assert.ok(!v.evidence.some((e) => e.role === 'contradicts'), JSON.stringify(v.evidence));
  });

  test('every evidence sentence is a body sentence, at most 3, none twice', () => {
    for (const c of CASES) {
      const v = model.predict(c.headline, c.body);
      const sentences = splitSentences(c.body);
      assert.ok(v.evidence.length <= 3);
      for (const e of v.evidence) assert.equal(sentences[e.index], e.sentence);
      assert.equal(new Set(v.evidence.map((e) => e.index)).size, v.evidence.length);
    }
  });

  const specimen = fileURLToPath(new URL('../../shared/specimen/specimen.txt', import.meta.url));
  test('specimen: the body does not support the headline, shown by the failure-to-agree sentence', (t) => {
    if (!existsSync(specimen)) {
      t.skip(`specimen not found at ${specimen}`);
      return;
    }
    const [headline = '', ...rest] = readFileSync(specimen, 'utf8').split('\n');
    const body = rest.join('\n');
    const v = model.predict(headline, body);
    assert.notEqual(v.stance, 'agree');
    assert.match(v.summary, /does not support|contradicts/);
    const contra = v.evidence.filter((e) => e.role === 'contradicts');
    // the sentence that reports failing to reach an agreement (found by its words, not copied here)
    assert.ok(
      contra.some((e) => /\bfailed to reach\b/.test(e.sentence) && /\bagreement\b/.test(e.sentence)),
      JSON.stringify(v.evidence),
    );
    assert.match(v.summary, /failure|failed/);
  });
});

// --- headline claim checks (src/headline/_claims.ts) ---

// Texts written for these tests (invented places, people and figures).
const QUAKE =
  'At least 57 people were killed when an earthquake struck the hill town of Sarvik in Varnia on Monday, the civil defence agency said. ' +
  'Rescue teams were still searching collapsed buildings in the old town. ' +
  'Some 3,000 people spent the night in tents.';
const QUAKE_MORE =
  'An earthquake struck the hill town of Sarvik in Varnia on Monday. ' +
  'The quake has killed 104 people, officials said late on Tuesday. ' +
  'Rescue teams were still searching collapsed buildings in the old town.';
const TOLVIK_UP =
  'Shares in the shipbuilder Tolvik rose 3.1 percent on Monday after it won a naval order. ' +
  'The wider market was flat. Analysts said the order would fill its yards until 2029.';
const TOLVIK_DOWN =
  'Shares in the shipbuilder Tolvik fell 2.2 percent on Monday after it lost a naval order, even as the wider market gained. ' +
  'Analysts said the yards would need new work by next year.';
const ORVANE =
  'The chemicals group Orvane agreed to buy the paper maker Delta Mills for $2.1 billion, the companies said on Friday. ' +
  'The deal still needs the approval of regulators. Delta Mills employs about 4,000 people.';
const BANK_CUT =
  'The central bank of Estmark cut its benchmark interest rate by half a point to 2.5 percent on Thursday. ' +
  'Governor Ilse Marten said inflation had eased faster than expected. ' +
  'Most economists had expected the bank to keep rates on hold.';
const BANK_RAISE =
  'The central bank of Estmark raised its benchmark interest rate by a quarter point on Thursday, a year after it last cut it. ' +
  'Governor Ilse Marten said inflation was still too high.';
const REFINERY =
  'Workers at the Lakeside refinery rejected the pay offer from the owners on Wednesday, their union said. ' +
  'The union had asked for a rise of 6 percent. A strike ballot will be held next month.';
const FERRY =
  'The ferry strike in the Ostra islands will continue into next week after talks between the crews and the operator broke up on Sunday. ' +
  'Islanders have been without a mainland service for nine days.';
const FERRY_ENDED =
  'The ferry strike in the Ostra islands ended on Sunday after the crews and the operator signed a new contract. ' +
  'Union leaders said the strike could resume if the operator broke its word.';
const TRADE =
  'Negotiators from Pellia and Gorvan failed to reach a deal on farm tariffs on Tuesday after two days of talks in Brenmouth. ' +
  'Both sides said they would meet again in the spring. Farm exports between the two countries have halved since 2024.';
const VACCINE =
  'The vaccination drive in Orlen province was the main success of the health ministry this year, officials said. ' +
  'Mobile teams reached 40,000 children in remote valleys by the end of October.';

/** Claims of a headline over a body given as text (no model). */
const claimsOf = (headline: string, body: string) => checkClaims(headline, splitSentences(body));

describe('headline claim checks', () => {
  test('number: a different casualty figure for the same toll is a conflict', () => {
    const c = claimsOf('Varnia quake death toll passes 300', QUAKE);
    assert.equal(c.length, 1, JSON.stringify(c));
    assert.equal(c[0]!.kind, 'number');
    assert.equal(c[0]!.headline, 'death toll passes 300');
    assert.equal(c[0]!.body, 'At least 57 people were killed');
    assert.equal(c[0]!.sentenceIndex, 0);
    assert.match(c[0]!.message, /“death toll passes 300”.*“At least 57 people were killed” \(sentence 1\)/);
  });

  test('number: approximations, "more than" and rounding are not conflicts', () => {
    assert.deepEqual(claimsOf('More than 100 dead in Varnia earthquake', QUAKE_MORE), []);
    assert.deepEqual(claimsOf('Varnia earthquake kills about 100', QUAKE_MORE), []);
    assert.deepEqual(claimsOf('Tolvik shares rise 3 %', TOLVIK_UP), []);
    assert.deepEqual(claimsOf('Tolvik shares jump 3 percent on naval order', TOLVIK_UP), []);
    // A figure the body does not give at all is not a conflict.
    assert.deepEqual(claimsOf('Varnia quake leaves 5,000 homeless', QUAKE_MORE), []);
  });

  test('number: an amount and a percentage given differently for the same thing', () => {
    const c = claimsOf('Orvane buys Delta Mills for $5 billion', ORVANE);
    assert.deepEqual(
      c.map((x) => [x.kind, x.headline, x.body, x.sentenceIndex]),
      [['number', '$5 billion', '$2.1 billion', 0]],
    );
    const p = claimsOf('Tolvik shares rise 8 percent on naval order', TOLVIK_UP);
    assert.deepEqual(
      p.map((x) => [x.kind, x.headline, x.body]),
      [['number', '8 percent', '3.1 percent']],
    );
  });

  test('antonym: the opposite predicate about the same subject and object is a conflict', () => {
    const c = claimsOf('Estmark central bank raises interest rates', BANK_CUT);
    assert.deepEqual(
      c.map((x) => [x.kind, x.headline, x.body, x.sentenceIndex]),
      [['antonym', 'raises', 'cut', 0]],
    );
    const r = claimsOf('Lakeside refinery workers accept pay offer', REFINERY);
    assert.deepEqual(
      r.map((x) => [x.kind, x.headline, x.body]),
      [['antonym', 'accept', 'rejected']],
    );
    const f = claimsOf('Ostra ferry strike ends', FERRY);
    assert.deepEqual(
      f.map((x) => [x.kind, x.headline, x.body]),
      [['antonym', 'ends', 'continue']],
    );
  });

  test('antonym: not when the body also says what the headline says, or only says it might happen', () => {
    // "raised ..., a year after it last cut it": the body reports the raise.
    assert.deepEqual(claimsOf('Estmark central bank raises interest rates', BANK_RAISE), []);
    // "the strike could resume if ...": hypothetical, and the body says it ended.
    assert.deepEqual(claimsOf('Ostra ferry strike ends', FERRY_ENDED), []);
    // "even as the wider market gained": another subject.
    assert.deepEqual(claimsOf('Tolvik shares fall 2 percent', TOLVIK_DOWN), []);
    // Idioms and other subjects are not predicates to check.
    assert.deepEqual(claimsOf('Tolvik chief drops plan to sell yards', TOLVIK_UP), []);
  });

  test('outcome: a claimed deal over a body that reports the talks failed', () => {
    const model = loadHeadlineModel();
    const v = model.predict('Pellia and Gorvan reach breakthrough deal on farm tariffs', TRADE);
    const c = v.claims.find((x) => x.kind === 'outcome');
    assert.ok(c, JSON.stringify(v.claims));
    assert.equal(c.headline, 'reach breakthrough deal');
    assert.equal(c.body, 'failed to reach a deal');
    assert.equal(c.sentenceIndex, 0);
    assert.equal(v.verdict, 'contradicted');
    assert.match(v.summary, /^the body contradicts the headline: .*“failed to reach a deal” \(sentence 1\)/);
    // A headline that itself reports the failure is not contradicted by it.
    const w = model.predict('Pellia and Gorvan talks end without deal on farm tariffs', TRADE);
    assert.deepEqual(w.claims, []);
    assert.notEqual(w.verdict, 'contradicted');
  });

  test('outcome: a failure headline over a body that calls the thing a success', () => {
    const c = claimsOf('Orlen vaccination drive collapses', VACCINE);
    assert.deepEqual(
      c.map((x) => [x.kind, x.headline, x.sentenceIndex]),
      [['outcome', 'collapses', 0]],
    );
    assert.match(c[0]!.body ?? '', /vaccination drive in Orlen province was the main success/);
  });

  test('verdict: stance and scores stay the model’s; verdict and summary follow the claims', () => {
    const model = loadHeadlineModel();
    const h = 'Estmark central bank raises interest rates';
    const v = model.predict(h, BANK_CUT);
    assert.ok(v.claims.some((c) => c.kind === 'antonym'));
    assert.equal(v.verdict, 'contradicted');
    assert.match(
      v.summary,
      /^the body contradicts the headline: the headline says “raises”, the body says “cut” \(sentence 1\)/,
    );
    // The stance and scores are those of the model alone (the fast path runs no claim check).
    const fast = model.predictBatch([{ headline: h, body: BANK_CUT }], { evidence: false })[0]!;
    assert.equal(fast.stance, v.stance);
    assert.deepEqual(fast.scores, v.scores);
    assert.deepEqual(fast.claims, []);
    // A supported headline.
    const ok = model.predict('Estmark central bank cuts interest rates', BANK_CUT);
    assert.deepEqual(ok.claims, []);
    if (ok.stance === 'agree' && !ok.evidence.some((e) => e.role === 'contradicts'))
      assert.equal(ok.verdict, 'supported');
    assert.notEqual(ok.verdict, 'contradicted');
  });

  test('decideVerdict: the rules', () => {
    const claim = {
      kind: 'antonym' as const,
      headline: 'raises',
      body: 'cut',
      sentenceIndex: 0,
      message: 'the headline says “raises”, the body says “cut” (sentence 1)',
    };
    const ev = (kind: 'refute' | 'fail' | 'negate') => [
      { sentence: 'x', index: 2, role: 'contradicts' as const, score: 0.2, kind },
    ];
    assert.equal(decideVerdict('unrelated', [], [claim], 'u').verdict, 'unrelated');
    assert.equal(decideVerdict('agree', [], [claim], 'a').verdict, 'contradicted');
    // disagree is "contradicted" with a body sentence that goes against the claim, a warning without one
    assert.equal(decideVerdict('disagree', ev('refute'), [], 'd').verdict, 'contradicted');
    assert.equal(decideVerdict('disagree', [], [], 'd').verdict, 'not-supported');
    assert.match(decideVerdict('disagree', [], [], 'd').summary, /not called contradicted/);
    // stance-only scoring (no evidence selected): the stance alone decides
    assert.equal(decideVerdict('disagree', [], [], 'd', false).verdict, 'contradicted');
    assert.equal(decideVerdict('discuss', [], [], 'd').verdict, 'not-supported');
    assert.equal(decideVerdict('agree', ev('fail'), [], 'a').verdict, 'not-supported');
    assert.equal(decideVerdict('agree', ev('refute'), [], 'a').verdict, 'not-supported');
    assert.equal(decideVerdict('agree', ev('negate'), [], 'a').verdict, 'supported');
    assert.equal(decideVerdict('agree', [], [], 'a').verdict, 'supported');
    assert.match(decideVerdict('agree', ev('fail'), [], 'a').summary, /does not clearly support.*sentence 3/);
  });

  const farmDir = fileURLToPath(new URL('../examples/demo/farm/', import.meta.url));
  const readFarm = (name: string) => {
    const text = readFileSync(join(farmDir, name), 'utf8');
    const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
    assert.ok(m, `${name} has front matter`);
    const title = /^title:\s*"(.*)"\s*$/m.exec(m[1]!)?.[1] ?? '';
    return { title, sentences: splitSentences(m[2]!) };
  };
  const FARMS: [string, RegExp][] = [
    ['farm-01.md', /failed on Saturday to reach a ceasefire/],
    ['farm-02.md', /run at least 48 hours longer|without agreement|turning down/],
    ['farm-03.md', /At least 23 people have perished/],
    ['farm-04.md', /slashed/],
    ['farm-05.md', /The evacuation was the only tangible outcome/],
  ];
  for (const [name, shown] of FARMS) {
    test(`demo ${name}: the headline is not supported, and the conflicting claim is shown`, () => {
      const { title, sentences } = readFarm(name);
      const v = checkHeadline(title, sentences);
      assert.ok(v.verdict === 'contradicted' || v.verdict === 'not-supported', `${v.verdict}: ${v.summary}`);
      assert.ok(v.claims.length > 0, JSON.stringify(v));
      assert.ok(
        v.claims.some((c) => c.body !== null && shown.test(c.body)),
        JSON.stringify(v.claims),
      );
      for (const c of v.claims) {
        if (c.sentenceIndex !== null) assert.ok(sentences[c.sentenceIndex]!.includes(c.body ?? ''));
        assert.ok(title.includes(c.headline), `${c.headline} is headline text`);
      }
      assert.ok(v.summary.includes(v.claims[0]!.message), v.summary);
      // The claim's sentence is shown first among the evidence, as contradicting the headline.
      assert.equal(v.evidence[0]?.role, 'contradicts');
      assert.equal(v.evidence[0]?.index, v.claims.find((c) => c.sentenceIndex !== null)?.sentenceIndex);
    });
  }
});

// --- batch reading and scoring ---

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** A byte stream cut into small chunks, so that lines and UTF-8 characters straddle chunk boundaries. */
async function* chunked(bytes: Buffer, size = 7): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe('headline batch: JSONL reading', () => {
  const lines = [
    JSON.stringify({ id: 'a', headline: 'Giant squid attacks fishing boat off Norway', body: SQUID }),
    '',
    '{"headline": "broken JSON", "body": ',
    JSON.stringify({ headline: 'Only a headline here' }),
    JSON.stringify(['not', 'an', 'object']),
    JSON.stringify({
      headline: 'Pop star Mara Vell is pregnant – café news',
      body: SINGER,
      stance: 'agree',
      id: 7,
    }),
  ];

  test('good lines become pairs, bad lines are reported with their line number, nothing aborts', async () => {
    const bytes = Buffer.concat([
      Buffer.from(lines.join('\r\n') + '\n'),
      Buffer.from([0xff, 0xfe, 0x7b, 0x0a]), // line 7: not UTF-8
      Buffer.from(JSON.stringify({ title: 'Title works too', text: 'And text for the body.' })), // line 8, no newline
    ]);
    const items = await collect(readHeadlinePairsJsonl(chunked(bytes), 'pairs.jsonl'));
    assert.deepEqual(
      items.map((i) => [i.line, i.ok]),
      [
        [1, true],
        [3, false],
        [4, false],
        [5, false],
        [6, true],
        [7, false],
        [8, true],
      ],
    );
    const [first, , missing, notObject, sixth, utf, last] = items;
    assert.ok(first?.ok && first.pair.id === 'a' && first.pair.body === SQUID);
    assert.ok(missing && !missing.ok && /"body"/.test(missing.reason));
    assert.ok(notObject && !notObject.ok && /object/.test(notObject.reason));
    assert.ok(items[1] && !items[1].ok && /invalid JSON/.test(items[1].reason));
    assert.ok(
      sixth?.ok &&
        sixth.pair.headline.includes('café') &&
        sixth.pair.label === 'agree' &&
        sixth.pair.id === 7,
    );
    assert.ok(utf && !utf.ok && /UTF-8/.test(utf.reason));
    assert.ok(last?.ok && last.pair.headline === 'Title works too');
  });

  test('a failing stream ends with one reported error', async () => {
    async function* failing(): AsyncGenerator<Buffer> {
      yield Buffer.from(lines[0] + '\n');
      throw new Error('disk on fire');
    }
    const items = await collect(readHeadlinePairsJsonl(failing(), 'x.jsonl'));
    assert.equal(items.length, 2);
    assert.ok(items[0]?.ok);
    assert.ok(items[1] && !items[1].ok && /x\.jsonl.*disk on fire/.test(items[1].reason));
  });
});

describe('headline batch: scoring', () => {
  const model = loadHeadlineModel();
  const bodies = [BRIDGE, SQUID, SINGER, RUMOUR];
  const items: BatchItem[] = [];
  for (let i = 0; i < 23; i++) {
    const c = CASES[i % CASES.length]!;
    if (i % 5 === 3) items.push({ ok: false, line: i + 1, reason: `bad line ${i + 1}` });
    else items.push({ ok: true, line: i + 1, pair: { headline: c.headline, body: bodies[i % 4]!, id: i } });
  }

  test('one result per item, in input order, across batches; errors passed through', async () => {
    const progress: number[] = [];
    const out = await collect(
      scoreHeadlinePairs(
        (async function* () {
          yield* items;
        })(),
        { model, batchSize: 4, cacheBodies: 2, onProgress: (n) => progress.push(n) },
      ),
    );
    assert.deepEqual(
      out.map((r) => r.line),
      items.map((i) => i.line),
    );
    assert.deepEqual(progress, [4, 8, 12, 16, 20, 23]);
    for (const [k, r] of out.entries()) {
      const item = items[k]!;
      if (!item.ok) {
        assert.deepEqual(r, { line: item.line, error: item.reason });
        continue;
      }
      assert.ok(!('error' in r));
      const want = model.predict(item.pair.headline, item.pair.body);
      assert.equal(r.stance, want.stance);
      assert.deepEqual(r.scores, want.scores);
      assert.equal(r.id, item.pair.id);
    }
  });

  test('the body cache does not change results (no cache, tiny cache, default)', async () => {
    const run = async (opts: { batchSize?: number; cacheBodies?: number }): Promise<BatchResult[]> =>
      collect(scoreHeadlinePairs(items, { model, ...opts }));
    const a = await run({});
    assert.deepEqual(await run({ cacheBodies: 0, batchSize: 1 }), a);
    assert.deepEqual(await run({ cacheBodies: 1, batchSize: 3 }), a);
  });

  test('scoring without evidence gives the same stance and scores as a full verdict', () => {
    const pairs = CASES.map((c) => ({ headline: c.headline, body: c.body }));
    const fast = model.predictBatch(pairs, { evidence: false, cache: model.bodyCache(0) });
    const full = model.predictBatch(pairs);
    assert.deepEqual(
      fast.map((v) => [v.stance, v.scores]),
      full.map((v) => [v.stance, v.scores]),
    );
    for (const v of fast) assert.deepEqual(v.evidence, []);
    assert.throws(() => model.predictBatch(pairs, { cache: loadHeadlineModel().bodyCache(4) }), TypeError);
  });
});

describe('headline batch: FNC-1 CSV pairs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'unspun-fnc-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const bodies = join(dir, 'bodies.csv');
  const stances = join(dir, 'stances.csv');
  // a quoted body with a comma, a doubled quote and a line break; Body IDs out of order
  writeFileSync(
    bodies,
    'Body ID,articleBody\n' +
      `12,"${SQUID.replace('hoax,', 'hoax,\n')}"\n` +
      `3,"Pop singer Mara Vell said ""yes"" to a tour. ${SINGER}"\n`,
  );
  writeFileSync(
    stances,
    'Headline,Body ID,Stance\n' +
      'Giant squid attacks fishing boat off Norway,12,disagree\n' +
      '"Mara Vell, pop star, is pregnant",3,agree\n' +
      'A headline whose body is missing,99,unrelated\n' +
      'Giant squid attacks fishing boat off Norway,3,unrelated\n' +
      'A headline with a made-up stance,3,maybe\n',
  );

  test('pairs are joined with their bodies, in file order, with line numbers and gold labels', async () => {
    const items = await collect(readFncPairs(stances, bodies));
    assert.deepEqual(
      items.map((i) => [i.line, i.ok]),
      [
        [2, true],
        [3, true],
        [4, false],
        [5, true],
        [6, false],
      ],
    );
    const [squid, mara, missing, cross, unknown] = items;
    assert.ok(squid?.ok && squid.pair.body.includes('hoax,\n') && squid.pair.id === 12);
    assert.equal(squid.pair.label, 'disagree');
    assert.ok(mara?.ok && mara.pair.headline === 'Mara Vell, pop star, is pregnant');
    assert.ok(mara.pair.body.startsWith('Pop singer Mara Vell said "yes"'));
    assert.ok(missing && !missing.ok && /99/.test(missing.reason));
    assert.ok(cross?.ok && cross.pair.id === 3 && cross.pair.label === 'unrelated');
    assert.ok(unknown && !unknown.ok && /maybe/.test(unknown.reason));

    const scored = await collect(scoreHeadlinePairs(readFncPairs(stances, bodies), { batchSize: 2 }));
    assert.deepEqual(
      scored.map((r) => r.line),
      [2, 3, 4, 5, 6],
    );
    const first = scored[0]!;
    assert.ok('stance' in first && first.stance === 'disagree' && first.label === 'disagree');
    assert.ok('error' in scored[2]!);
  });

  test('a missing file is a NOT_FOUND error', async () => {
    await assert.rejects(
      collect(readFncPairs(stances, join(dir, 'nope.csv'))),
      (e: unknown) => isUnspunError(e) && e.code === 'NOT_FOUND',
    );
  });
});
