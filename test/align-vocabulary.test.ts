/**
 * Regression: the aligner's word-id table used to be cleared after 1,000,000 distinct words, after which new
 * words re-used the ids of words in sentences prepared earlier, so unrelated sentences matched. This file runs
 * in a process of its own (node --test), so the first sentence prepared here gets the first ids.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alignSentences, prepareSentence } from '../src/align/index.js';
import { tokenize } from '../src/normalise/index.js';

/** Distinct made-up words ("qb", "qc", ...), from letters that no lemmatizer rule strips as a suffix. */
const LETTERS = 'bcfhjkmpqtvwxz';
function word(n: number): string {
  let s = 'q';
  do {
    s += LETTERS[n % LETTERS.length];
    n = Math.floor(n / LETTERS.length);
  } while (n > 0);
  return s;
}

describe('word ids in a long-lived process', () => {
  it('never compares sentences through re-used ids once a million words were seen', () => {
    let k = 0;
    const sentence = (n: number) => tokenize(Array.from({ length: n }, () => word(k++)).join(' '));
    const a = prepareSentence(sentence(10));
    // Exactly enough new words to fill the old table to its limit, so b's words came next.
    let left = 1_000_001 - 10;
    while (left > 0) {
      const n = Math.min(1000, left);
      prepareSentence(sentence(n));
      left -= n;
    }
    const b = prepareSentence(sentence(10));
    const al = alignSentences(a, b);
    assert.ok(al.similarity < 0.2, `two sentences sharing no word scored ${al.similarity}`);
    assert.ok(!al.ops.some((o) => o.op === 'copy'), 'no word of one sentence is in the other');
    // And a sentence prepared long ago still matches its copy prepared now.
    const again = prepareSentence(tokenize(a.units.map((u) => u.text).join(' ')));
    assert.equal(alignSentences(a, again).similarity, 1);
  });
});
