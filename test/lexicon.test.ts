import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  areSynonyms,
  canonical,
  canonicalizeTokens,
  isSpeechVerb,
  lemmatize,
  STOPWORDS,
  synonymScore,
  synonymsOf,
} from '../src/lexicon/index.js';
import { tokenize } from '../src/normalise/index.js';

describe('lexicon: canonical keys', () => {
  it('collapses speech verbs, in any inflection', () => {
    for (const w of ['said', 'says', 'saying', 'explained', 'stated', 'noted', 'told', 'remarked']) {
      assert.equal(canonical(w), canonical('say'), w);
    }
  });
  it('collapses spinner synonyms and country aliases', () => {
    assert.equal(canonical('worldwide'), canonical('international'));
    assert.equal(canonical('global'), canonical('international'));
    assert.equal(canonical('assistance'), canonical('help'));
    assert.equal(canonical('aid'), canonical('help'));
    assert.equal(canonical('usa'), canonical('u.s.'));
    assert.equal(canonical('america'), canonical('usa'));
    assert.equal(canonical('britain'), canonical('u.k.'));
  });
  it('keeps unrelated words apart and does not merge by rare senses', () => {
    assert.notEqual(canonical('house'), canonical('dog'));
    assert.notEqual(canonical('news'), canonical('word'));
    assert.notEqual(canonical('state'), canonical('say'), 'the noun "state" is not a speech verb');
    assert.equal(canonical('the'), 'the');
    assert.equal(canonical('1,000'), '1000');
  });
  it('does not take the pronoun "us" for the country', () => {
    assert.notEqual(canonical('us'), canonical('usa'));
  });
});

describe('lexicon: multi-word units', () => {
  it('turns alias phrases into one unit with the full span', () => {
    const text =
      'The Russian Federation and the United States of America met the U.S. envoy and US troops; give us time.';
    const units = canonicalizeTokens(tokenize(text));
    const rf = units.find((u) => u.text === 'Russian Federation');
    assert.ok(rf, 'Russian Federation is one unit');
    assert.equal(rf.key, canonical('russia'));
    assert.equal(text.slice(rf.start, rf.end), 'Russian Federation');
    assert.equal(rf.last - rf.first, 1);
    const usa = units.find((u) => u.text === 'United States of America');
    assert.ok(usa);
    assert.equal(usa.key, canonical('usa'));
    const us1 = units.find((u) => u.text === 'U.S.');
    const us2 = units.find((u) => u.text === 'US');
    assert.equal(us1?.key, usa.key);
    assert.equal(us2?.key, usa.key);
    const pron = units.find((u) => u.text === 'us');
    assert.equal(pron?.alias, false);
    assert.notEqual(pron?.key, usa.key);
  });
  it('prefers the longest alias ("South America" is not the United States)', () => {
    const units = canonicalizeTokens(tokenize('They flew to South America.'));
    const sa = units.find((u) => u.text === 'South America');
    assert.ok(sa);
    assert.notEqual(sa.key, canonical('usa'));
  });
});

describe('lexicon: synonym scores', () => {
  it('scores exact, alias, lemma, spinner and WordNet pairs', () => {
    assert.equal(synonymScore('talks', 'talks'), 1);
    assert.equal(synonymScore('Russia', 'Russian Federation'), 1);
    assert.equal(synonymScore('U.S.', 'USA'), 1);
    assert.equal(synonymScore('said', 'says'), 0.9);
    assert.equal(synonymScore('said', 'explained'), 0.85);
    assert.ok(synonymScore('comprehensive', 'broad') === 0);
    assert.ok(synonymScore('purchase', 'buy') >= 0.8);
    assert.ok(synonymScore('car', 'automobile') >= 0.8, 'WordNet synset');
    assert.equal(synonymScore('house', 'dog'), 0);
  });
  it('knows spelling variants of names but not of dictionary words', () => {
    assert.ok(areSynonyms('Darayya', 'Daraya'));
    assert.equal(areSynonyms('form', 'from'), false);
    assert.equal(areSynonyms('state', 'stake'), false);
  });
  it('lists spinner synonyms of a lemma', () => {
    assert.ok(synonymsOf('say', 'v').includes('explain'));
    assert.ok(synonymsOf('international').includes('worldwide'));
  });
});

describe('lexicon: lemmatisation and word lists', () => {
  it('lemmatises regular and irregular forms', () => {
    const cases: [string, string][] = [
      ['said', 'say'],
      ['told', 'tell'],
      ['went', 'go'],
      ['children', 'child'],
      ['talks', 'talk'],
      ['stopped', 'stop'],
      ['running', 'run'],
      ['hoped', 'hope'],
      ['tried', 'try'],
      ['countries', 'country'],
      ['news', 'news'],
      ['better', 'good'],
    ];
    for (const [w, l] of cases) assert.equal(lemmatize(w), l, w);
  });
  it('exports stopwords and speech verbs', () => {
    for (const w of ['the', 'of', 'and', 'he', 'was', "'s"]) assert.ok(STOPWORDS.has(w), w);
    assert.equal(STOPWORDS.has('talks'), false);
    assert.ok(isSpeechVerb('explained'));
    assert.ok(isSpeechVerb('says'));
    assert.equal(isSpeechVerb('convoy'), false);
  });
});
