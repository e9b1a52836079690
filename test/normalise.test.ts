import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { type SegmenterCase, scoreSegmenter } from '../src/normalise/eval.js';
import { fold, normaliseArticle, normaliseText, tokenize } from '../src/stages.js';

const cases = JSON.parse(
  readFileSync(new URL('./fixtures/segmenter/cases.json', import.meta.url), 'utf8'),
) as SegmenterCase[];

describe('normalise', () => {
  it('folds quotes, dashes, case and diacritics for matching', () => {
    assert.equal(fold('“Café” — São Paulo’s'), '"cafe" - sao paulo\'s');
    assert.equal(normaliseText('a\u00a0b\r\nc\u200b\n\n\n\nd  \n'), 'a b\nc\n\nd');
  });

  it('cuts tokens with offsets into the text, possessives split off', () => {
    const text = 'The U.S. paid $1,200.50 to Russia’s “friends”.';
    const toks = tokenize(text);
    for (const t of toks) assert.equal(text.slice(t.start, t.end), t.text);
    assert.deepEqual(
      toks.map((t) => t.text),
      ['The', 'U.S.', 'paid', '$1,200.50', 'to', 'Russia', '’s', '“', 'friends', '”', '.'],
    );
    assert.equal(toks[3]?.kind, 'number');
    assert.equal(toks[5]?.norm, 'russia');
  });

  it('keeps a dateline out of the first sentence and offsets point into the normalised text', () => {
    const doc = normaliseArticle({
      title: '  Talks  end ',
      text: 'GENEVA (Wire) - Gen. Ana Ruiz met Sen. Bo Lee at 3 p.m. Friday. "Why now?" she asked. It ended.',
    });
    assert.equal(doc.headline, 'Talks end');
    assert.equal(doc.dateline?.text, 'GENEVA (Wire) -');
    assert.deepEqual(
      doc.sentences.map((s) => s.text),
      ['Gen. Ana Ruiz met Sen. Bo Lee at 3 p.m. Friday.', '"Why now?" she asked.', 'It ended.'],
    );
    for (const s of doc.sentences) {
      assert.equal(doc.text.slice(s.start, s.end), s.text);
      for (const t of s.tokens) assert.equal(doc.text.slice(t.start, t.end), t.text);
    }
  });

  it(`segments the ${cases.length} hand-written hard news cases (floor: 97 % exact, boundary F1 0.98)`, () => {
    assert.ok(cases.length >= 40);
    const s = scoreSegmenter(cases);
    assert.ok(
      s.exactCases / s.cases >= 0.97,
      `only ${s.exactCases}/${s.cases}: ${s.failures.map((f) => f.id)}`,
    );
    assert.ok(s.f1 >= 0.98, `boundary F1 ${s.f1}`);
    assert.equal(s.datelines.correct, s.datelines.expected);
  });
});
