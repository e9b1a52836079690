/**
 * Spinner substitutions learned from corpus alignments. `check --learn` adds the (original -> spun) pairs that
 * provenance recovered to tables kept in the store, counted per distinct checked article (a second check of the
 * same article replaces its contribution); pairs seen in enough different articles join the built-in spinner
 * signatures of the corpus-free self-evidence checks.
 */
import { DEFAULTS } from '../defaults.js';
import type { Report } from '../report/types.js';
import type { LearnedPair, Store } from '../store/index.js';
import { contentHash } from './_ingest-worker.js';

export type { LearnedPair };

/** Every pair the store has learned, most widely seen first. */
export function loadLearnedPairs(store: Store): Promise<LearnedPair[]> {
  return store.learnedPairs();
}

/** The identity a report's article is learned under: its content, so re-checks of one article count once. */
export function learnedArticleId(report: Report): string {
  return `hash:${contentHash(report.article.headline, report.article.text)}`;
}

/** Add a report's recovered substitutions (one article) to the store's learned pairs; returns the new pairs. */
export function learnFromReport(store: Store, report: Report): Promise<number> {
  const pairs = report.summary.substitutionMap
    // Single letters, numbers and pronoun swaps (dropped attributions) are not spinner vocabulary.
    .filter(
      (m) =>
        !(
          m.spun.length < DEFAULTS.match.learnedMinLength ||
          /^\d/.test(m.spun) ||
          /^(?:he|she|they|it|we)$/i.test(m.spun)
        ),
    )
    .map((m) => ({ original: m.original, spun: m.spun, count: m.count }));
  return store.learnPairs(learnedArticleId(report), pairs);
}

/** Pairs seen in at least `minArticles` different articles: strong enough to flag on their own. */
export function trustedPairs(
  pairs: LearnedPair[],
  minArticles: number = DEFAULTS.match.learnedMinArticles,
): LearnedPair[] {
  return pairs.filter((p) => p.articles >= minArticles);
}
