/** Spinner substitutions learned from corpus alignments become self-evidence once seen in enough articles. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { learnFromReport, loadLearnedPairs, trustedPairs } from '../src/engine/learn.js';
import { checkArticle, ingestPaths, loadArticle, openSqliteStore } from '../src/index.js';
import { repoRoot } from './helpers/index.js';

const demo = join(repoRoot, 'examples', 'demo');

describe('learned spinner substitutions', () => {
  it('records the pairs recovered by provenance and flags trusted ones in later checks', async () => {
    const store = openSqliteStore(':memory:');
    await ingestPaths(store, [join(demo, 'wire')]);
    const farms = ['farm-01.md', 'farm-02.md', 'farm-03.md', 'farm-04.md'];
    const reports = [];
    for (const f of farms) {
      const r = await checkArticle(await loadArticle(join(demo, 'farm', f)), { store, headline: false });
      reports.push(r);
      await learnFromReport(store, r);
    }
    const pairs = await loadLearnedPairs(store);
    const total = reports.reduce((n, r) => n + r.summary.substitutionMap.length, 0);
    assert.ok(pairs.length > 10 && pairs.length <= total);
    assert.ok(
      !pairs.some((p) => /^(he|she|they)$/i.test(p.spun)),
      'pronoun swaps are not spinner vocabulary',
    );
    // Learning the same article again counts it again: the table counts observations.
    const before = pairs.find((p) => p.articles >= 1)!;
    await learnFromReport(store, reports[0]!);
    const again = (await loadLearnedPairs(store)).find(
      (p) => p.original === before.original && p.spun === before.spun,
    )!;
    assert.ok(again.count >= before.count);
    // A pair seen in 3+ articles is trusted and flagged in an article checked against the corpus.
    const trusted = trustedPairs(await loadLearnedPairs(store));
    assert.ok(trusted.length > 0, JSON.stringify(pairs.slice(0, 10)));
    const t = trusted[0]!;
    const probe = await checkArticle(
      { title: 'A probe', text: `Nothing here comes from the corpus, but it uses the word ${t.spun} once.` },
      { store, headline: false },
    );
    assert.ok(
      probe.selfEvidence.some(
        (e) => e.kind === 'known-spin' && e.forms[1] === t.spun && /learned/.test(e.message),
      ),
      JSON.stringify(probe.selfEvidence),
    );
    await store.close();
  });
});
