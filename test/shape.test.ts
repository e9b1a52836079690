/**
 * Sentence shapes (the boilerplate key): the one-pass hash used at ingest agrees with the reference definition,
 * the hash of `shapeText`, on every kind of character news text holds. All text here is invented.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sentenceShape, sentenceShapeReference, shapeText } from '../src/fingerprint/shape.js';

const CASES = [
  '',
  '   ',
  '...!!',
  '1.1k SHARES Share Tweet',
  '55.6k shares, share tweet',
  'Prices rose 3.5% to $1,200.50 on 12/03/2024.',
  'Version 1.2.3, then 1. and .5 and 1,, and 4,5,6',
  'Tag #news and ##double # alone',
  '\u201cWe will not wait,\u201d she said \u2014 twice\u2026',
  'A\u00a0no-break\u2009thin\u200bzero-width space',
  'Caf\u00e9 owner Jos\u00e9 \u00d6zt\u00fcrk met \u0391\u03b8\u03ae\u03bd\u03b1',
  'Full-width \uff11\uff12 digits and superscript x\u00b2',
  'Back`tick and soft\u00adhyphen',
  'Tabs\tand\nnewlines\r\nmixed',
  'Emoji \ud83d\ude00 between words',
  'UPPER lower MiXeD 42',
];

describe('sentence shapes', () => {
  it('has one shape for a share counter whatever its figures and case', () => {
    assert.equal(shapeText('1.1k SHARES Share Tweet'), '#k shares share tweet');
    assert.equal(sentenceShape('1.1k SHARES Share Tweet'), sentenceShape('55.6k shares, share tweet'));
    assert.notEqual(sentenceShape('1.1k shares'), sentenceShape('1.1k likes'));
  });

  it('agrees with the reference hash on hand-picked text', () => {
    for (const s of CASES) assert.equal(sentenceShape(s), sentenceShapeReference(s), JSON.stringify(s));
  });

  it('agrees with the reference hash on 20,000 seeded random strings', () => {
    const ascii = [...'abcXYZ0123456789 .,;:#-\'"`!?()$%\t\n'];
    const alphabet = [
      ...ascii,
      '\u00a0',
      '\u2014',
      '\u2019',
      '\u201c',
      '\u2026',
      '\u200b',
      '\u00e9',
      '\u00df',
      '\u0661',
      '\uff15',
      '\u00b2',
      '\u00ad',
    ];
    let seed = 12345;
    const rand = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    for (let k = 0; k < 20_000; k++) {
      const len = Math.floor(rand() * 40);
      // Most strings ASCII only (the fast path), some with the non-ASCII characters mixed in.
      const pool = rand() < 0.5 ? ascii.length : alphabet.length;
      let s = '';
      for (let i = 0; i < len; i++) s += alphabet[Math.floor(rand() * pool)];
      assert.equal(sentenceShape(s), sentenceShapeReference(s), JSON.stringify(s));
    }
  });
});
