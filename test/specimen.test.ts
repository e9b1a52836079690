/**
 * The product's first user story: the specimen (../shared/specimen) checked with no corpus must report what its
 * README lists. Skips when ../shared is absent (a user's fresh clone).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkArticle, loadArticle } from '../src/stages.js';
import { SHARED_MISSING, shared } from './helpers/index.js';

const dir = shared('specimen');

describe('specimen, checked with no corpus', { skip: dir ? false : SHARED_MISSING }, () => {
  it('reports the unsupported headline, alias inconsistencies, spinner swaps, entities and the unattributed quote', async () => {
    const report = await checkArticle(await loadArticle(join(dir!, 'specimen.txt')));
    // Headline: the body does not support it, with the failure sentence as evidence.
    assert.ok(report.headline);
    assert.notEqual(report.headline.stance, 'agree');
    assert.match(report.headline.summary, /does not support|contradicts/);
    assert.ok(
      report.headline.evidence.some(
        (e) => e.role === 'contradicts' && /failed to reach a comprehensive agreement/.test(e.sentence),
      ),
      'the failure sentence is shown as evidence',
    );
    // Alias inconsistencies.
    const inconsistent = report.selfEvidence.filter(
      (e) => e.kind !== 'known-spin' && e.kind !== 'unattributed-quote',
    );
    const has = (...forms: string[]) => inconsistent.some((e) => forms.every((f) => e.forms.includes(f)));
    assert.ok(has('Russia', 'Russian Federation'), 'Russia / Russian Federation');
    assert.ok(has('United States', 'USA', 'US'), 'United States / USA / US');
    assert.ok(has('Darayya', 'Daraya'), 'Darayya / Daraya');
    // Known spinner substitutions present.
    const spins = report.selfEvidence.filter((e) => e.kind === 'known-spin').map((e) => e.forms[1]);
    for (const s of ['Russian Federation', 'USA', 'worldwide community'])
      assert.ok(spins.includes(s), `spin ${s}`);
    // The quote with only a pronoun speaker is unattributed (a guess may be offered, marked as one).
    const q = report.quotes!.find((x) =>
      x.text.startsWith('We don’t want to have a deal for the sake of the deal'),
    );
    assert.ok(q);
    assert.equal(q.speaker, null);
    if (q.guess) assert.equal(q.guess.resolvedVia, 'guess');
    assert.ok(report.selfEvidence.some((e) => e.kind === 'unattributed-quote' && e.forms[0] === q.text));
    // Entities, aliases unified.
    const canon = new Set(report.entities!.map((e) => e.canonical));
    for (const name of [
      'Kerry', // the specimen names him by surname only
      'Lavrov',
      'Bashar al-Assad',
      'Barack Obama',
      'James Bays',
      'Cliff Kupchan',
      'Al Jazeera',
      'Eurasia Group',
      'United Nations',
      'Islamic State',
      'Syria',
      'Russia',
      'United States',
      'Turkey',
      'Iran',
      'Geneva',
      'Damascus',
      'Jarabulus',
    ]) {
      assert.ok(canon.has(name), `entity ${name}`);
    }
    const russia = report.entities!.find((e) => e.canonical === 'Russia')!;
    assert.ok(russia.aliases.includes('Russian Federation'));
    const daraya = report.entities!.find((e) => e.aliases.includes('Darayya'))!;
    assert.ok(daraya.aliases.includes('Daraya'));
  });
});
