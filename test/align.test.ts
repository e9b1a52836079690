import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alignSentences, prepareSentence } from '../src/align/index.js';
import { tokenize } from '../src/normalise/index.js';

const ORIGINAL =
  'Officials in Russia said on Tuesday that the international aid convoy had reached the besieged town after weeks of difficult talks.';
// 7 of 17 content words swapped (~40%): aliases, spinner swaps, WordNet synonyms and one swap no lexicon knows.
const SPUN =
  'Officials in the Russian Federation explained on Tuesday that the worldwide assistance convoy had arrived at the besieged town after weeks of hard negotiations.';

describe('alignSentences', () => {
  it('aligns an exact copy as copies only, similarity 1', () => {
    const t = tokenize(ORIGINAL);
    const al = alignSentences(t, tokenize(ORIGINAL));
    assert.ok(al.ops.every((o) => o.op === 'copy'));
    assert.equal(al.ops.length, t.length);
    assert.equal(al.similarity, 1);
    assert.deepEqual(al.substitutions, []);
    assert.equal(al.droppedAttribution, undefined);
  });

  it('keeps token offsets of both sides', () => {
    const src = tokenize(ORIGINAL, 100);
    const tgt = tokenize(SPUN, 5000);
    const al = alignSentences(src, tgt);
    const sub = al.ops.find((o) => o.op === 'substitute' && o.source?.text === 'Russia');
    assert.ok(sub?.source && sub.target);
    assert.equal(ORIGINAL.slice(sub.source.start - 100, sub.source.end - 100), 'Russia');
    assert.equal(SPUN.slice(sub.target.start - 5000, sub.target.end - 5000), 'Russian Federation');
  });

  it('recovers the substitutions of a spun copy and still scores it high', () => {
    const al = alignSentences(tokenize(ORIGINAL), tokenize(SPUN));
    assert.ok(al.similarity > 0.6, `similarity ${al.similarity}`);
    const pairs = al.substitutions.map((s) => `${s.original} -> ${s.spun}${s.known ? '' : ' ?'}`);
    for (const p of [
      'Russia -> Russian Federation',
      'said -> explained',
      'international -> worldwide',
      'aid -> assistance',
      'talks -> negotiations',
      'difficult -> hard',
      'reached -> arrived at ?',
    ]) {
      assert.ok(pairs.includes(p), `missing ${p} in ${pairs.join(', ')}`);
    }
    assert.equal(al.sourceUsed.length, 1, 'the whole source sentence is used');
  });

  it('reports an unknown 1:1 substitution between copied anchors', () => {
    const al = alignSentences(
      tokenize('The committee will publish its final report on the budget next month.'),
      tokenize('The committee will publish its final dossier on the budget next month.'),
    );
    assert.deepEqual(al.substitutions, [{ original: 'report', spun: 'dossier', known: false }]);
    assert.ok(al.similarity > 0.9);
  });

  it('detects a dropped attribution (name + speech verb -> pronoun + synonym)', () => {
    const al = alignSentences(
      tokenize('Kerry said the two sides would keep working on a plan to end the fighting.'),
      tokenize('He explained the two sides would continue working on a scheme to end the fighting.'),
    );
    assert.deepEqual(al.droppedAttribution, { original: 'Kerry said', spun: 'He explained' });
    assert.ok(al.similarity > 0.6);
  });

  it('detects a speaker removed after the verb', () => {
    const al = alignSentences(
      tokenize('"There is no deal for the sake of a deal," said Foreign Minister Maria Lopez.'),
      tokenize('"There is no deal for the sake of a deal," she stated.'),
    );
    assert.ok(al.droppedAttribution);
    assert.match(al.droppedAttribution.original, /said Foreign Minister Maria Lopez/);
    assert.equal(al.droppedAttribution.spun, 'she stated');
  });

  it('does not report a dropped attribution when the speaker is kept', () => {
    const al = alignSentences(
      tokenize('Kerry said the two sides would keep working on a plan.'),
      tokenize('Kerry explained the two sides would keep working on a plan.'),
    );
    assert.equal(al.droppedAttribution, undefined);
  });

  it('scores an independent sentence about the same event low', () => {
    const al = alignSentences(
      tokenize('Kerry said the two sides would keep working on a plan to end the fighting in the north.'),
      tokenize(
        'The foreign ministers of both countries met for almost ten hours in Geneva without a breakthrough.',
      ),
    );
    assert.ok(al.similarity < 0.35, `similarity ${al.similarity}`);
  });

  it('scores a sentence that shares only a stock phrase low', () => {
    const al = alignSentences(
      tokenize(
        'The ministry said in a statement on Friday that grain exports rose by 12 percent in the first quarter.',
      ),
      tokenize(
        'Rescue teams pulled three survivors from the rubble overnight, police said in a statement on Friday.',
      ),
    );
    assert.ok(al.similarity < 0.35, `similarity ${al.similarity}`);
    assert.equal(
      al.substitutions.filter((s) => !s.known).length,
      0,
      'no unknown substitutions from chance anchors',
    );
  });

  it('aligns a merged sentence against two source sentences concatenated', () => {
    const s1 = 'The convoy left the capital at dawn carrying food and medicine for the town.';
    const s2 = 'Aid workers said the road had been cleared of mines by army engineers.';
    const src = [...tokenize(s1, 0), ...tokenize(s2, s1.length + 1)];
    const target =
      'The convoy left the capital at dawn, and relief workers explained the road had been cleared of mines.';
    const al = alignSentences(src, tokenize(target));
    assert.ok(al.coverageTarget > 0.75, `coverageTarget ${al.coverageTarget}`);
    // Both source sentences contributed: used ranges fall in each.
    assert.ok(al.sourceUsed.some((r) => r.end <= s1.length));
    assert.ok(al.sourceUsed.some((r) => r.start > s1.length));
    const fromSecond = al.ops.filter((o) => o.source && o.source.start > s1.length && o.op !== 'delete');
    assert.ok(fromSecond.some((o) => o.source?.text === 'mines'));
    assert.ok(al.ops.some((o) => o.op === 'delete' && o.source?.text === 'medicine'));
  });

  it('accepts prepared sentences and gives the same result', () => {
    const a = prepareSentence(tokenize(ORIGINAL));
    const b = prepareSentence(tokenize(SPUN));
    const x = alignSentences(a, b);
    const y = alignSentences(tokenize(ORIGINAL), tokenize(SPUN));
    assert.deepEqual(x, y);
  });
});
