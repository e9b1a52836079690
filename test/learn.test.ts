/** Spinner substitutions learned from corpus alignments become self-evidence once seen in enough articles. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createEngine } from '../src/index.js';
import { repoRoot } from './helpers/index.js';

const demo = join(repoRoot, 'examples', 'demo');

describe('learned spinner substitutions', () => {
  it('records the pairs recovered by provenance, per distinct article, and flags trusted ones later', async () => {
    const engine = createEngine({ store: ':memory:' });
    await engine.ingest([join(demo, 'wire')]);
    const store = await engine.store();
    const farms = ['farm-01.md', 'farm-02.md', 'farm-03.md', 'farm-04.md'];
    const reports = [];
    for (const f of farms) {
      reports.push(await engine.check(join(demo, 'farm', f), { headline: false, learn: true }));
    }
    const pairs = await store.learnedPairs();
    const total = reports.reduce((n, r) => n + r.summary.substitutionMap.length, 0);
    assert.ok(pairs.length > 10 && pairs.length <= total);
    assert.ok(
      !pairs.some((p) => /^(he|she|they)$/i.test(p.spun)),
      'pronoun swaps are not spinner vocabulary',
    );
    assert.ok(pairs.every((p) => p.articles >= 1 && p.articles <= farms.length));
    // Checking (and learning) the same article again changes nothing: pairs count distinct articles.
    const snapshot = JSON.stringify(pairs);
    await engine.check(join(demo, 'farm', 'farm-01.md'), { headline: false, learn: true });
    await engine.check(join(demo, 'farm', 'farm-01.md'), { headline: false, learn: true });
    assert.equal(JSON.stringify(await store.learnedPairs()), snapshot);
    // A pair seen in 3+ articles is trusted and flagged in an article checked against the corpus.
    const trusted = pairs.filter((p) => p.articles >= 3);
    assert.ok(trusted.length > 0, JSON.stringify(pairs.slice(0, 10)));
    const t = trusted[0]!;
    const probe = await engine.check(
      { title: 'A probe', text: `Nothing here comes from the corpus, but it uses the word ${t.spun} once.` },
      { headline: false },
    );
    assert.ok(
      probe.selfEvidence.some(
        (e) => e.kind === 'known-spin' && e.forms[1] === t.spun && /learned/.test(e.message),
      ),
      JSON.stringify(probe.selfEvidence),
    );
    // A pair from fewer articles is not flagged on its own.
    const weak = pairs.find((p) => p.articles < 3 && !trusted.some((x) => x.spun === p.spun));
    if (weak) {
      const probe2 = await engine.check(
        { title: 'Another probe', text: `Nothing here comes from the corpus; it says ${weak.spun} once.` },
        { headline: false },
      );
      assert.ok(
        !probe2.selfEvidence.some((e) => e.kind === 'known-spin' && /learned/.test(e.message)),
        JSON.stringify(probe2.selfEvidence),
      );
    }
    await engine.close();
  });
});
