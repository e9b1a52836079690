import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { STOPWORDS } from '../src/lexicon/index.js';
import { tokenize } from '../src/normalise/index.js';
import { mulberry32, spinText } from '../src/spin/index.js';

const TEXT = [
  'Officials in Russia said on Tuesday that the international aid convoy had reached the besieged town after weeks of difficult talks.',
  'The engineers cleared the main road of mines and repaired two damaged bridges before the trucks arrived.',
  '"We will not stop until every family has enough food," said Maria Lopez, who leads the relief mission.',
  'Kerry said the United States would keep working with its partners to find a political solution to the long war.',
  'Local doctors reported that the hospital lacked basic medicine and that many patients needed urgent surgery.',
  'The government promised to open a second corridor next week if the ceasefire holds in the northern districts.',
].join(' ');

function contentWords(text: string): number {
  return tokenize(text).filter((t) => t.kind === 'word' && !STOPWORDS.has(t.norm) && !/^\p{Lu}/u.test(t.text))
    .length;
}

describe('spinText', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = spinText(TEXT, { rate: 0.3, seed: 42 });
    const b = spinText(TEXT, { rate: 0.3, seed: 42 });
    const c = spinText(TEXT, { rate: 0.3, seed: 43 });
    assert.deepEqual(a, b);
    assert.notEqual(a.text, c.text);
  });

  it('leaves the text alone at rate 0', () => {
    const r = spinText(TEXT, { rate: 0, seed: 1 });
    assert.equal(r.text, TEXT);
    assert.deepEqual(r.substitutions, []);
  });

  it('swaps roughly the requested share of content words', () => {
    const n = contentWords(TEXT);
    for (const rate of [0.1, 0.2, 0.4]) {
      let total = 0;
      const seeds = 20;
      for (let seed = 1; seed <= seeds; seed++)
        total += spinText(TEXT, { rate, seed, aliasRate: 0 }).substitutions.length;
      const share = total / seeds / n;
      assert.ok(share > rate * 0.5 && share < rate * 1.2, `rate ${rate}: swapped share ${share.toFixed(3)}`);
    }
  });

  it('reports substitutions at their offsets, and the output contains the spun words', () => {
    const r = spinText(TEXT, { rate: 0.4, seed: 5 });
    assert.ok(r.substitutions.length > 5);
    for (const s of r.substitutions) {
      assert.equal(TEXT.slice(s.start, s.end), s.original);
      assert.equal(r.text.slice(s.spunStart, s.spunEnd), s.spun);
    }
  });

  it('mixes swaps the lexicon knows with swaps it does not', () => {
    let known = 0;
    let unknown = 0;
    for (let seed = 1; seed <= 20; seed++) {
      for (const s of spinText(TEXT, { rate: 0.4, seed }).substitutions) {
        if (s.known) known++;
        else unknown++;
      }
    }
    assert.ok(known > 0 && unknown > 0);
    const share = unknown / (known + unknown);
    assert.ok(share > 0.15 && share < 0.5, `unknown share ${share.toFixed(3)}`);
  });

  it('drops attributions on request', () => {
    const r = spinText(TEXT, { rate: 0, seed: 3, dropAttributions: true });
    assert.equal(r.droppedAttributions, 2);
    assert.ok(!r.text.includes('Kerry said'));
    assert.ok(!r.text.includes('Maria Lopez'));
    assert.ok(r.text.includes('in Russia said'), 'a country after a preposition is not a speaker');
    assert.match(
      r.text,
      /(He|She|They) (explained|stated|noted|mentioned|remarked|commented|declared|asserted|stressed) the United States/,
    );
  });

  it('mulberry32 is a deterministic uniform generator', () => {
    const r = mulberry32(9);
    const xs = Array.from({ length: 2000 }, () => r());
    assert.ok(xs.every((x) => x >= 0 && x < 1));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    assert.ok(Math.abs(mean - 0.5) < 0.05);
    assert.equal(mulberry32(9)(), xs[0]);
  });
});
