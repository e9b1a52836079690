/**
 * Spinner substitutions learned from corpus alignments. `check --learn` adds the (original -> spun) pairs that
 * provenance recovered to a table kept in the store; pairs seen often enough, in enough different articles,
 * join the built-in spinner signatures of the corpus-free self-evidence checks.
 */
import type { Report } from '../report/types.js';
import type { Store } from '../store/index.js';

const META_KEY = 'learned_spins';

export interface LearnedPair {
  original: string;
  spun: string;
  /** Times the pair was recovered, and in how many checked articles. */
  count: number;
  articles: number;
}

export async function loadLearnedPairs(store: Store): Promise<LearnedPair[]> {
  const raw = await store.getMeta(META_KEY);
  if (!raw) return [];
  try {
    const data = JSON.parse(raw) as { pairs?: LearnedPair[] };
    return Array.isArray(data.pairs) ? data.pairs : [];
  } catch {
    return [];
  }
}

/** Add a report's recovered substitutions (one article) to the store's learned pairs. */
export async function learnFromReport(store: Store, report: Report): Promise<number> {
  const pairs = await loadLearnedPairs(store);
  const byKey = new Map(pairs.map((p) => [`${p.original.toLowerCase()}\u0000${p.spun.toLowerCase()}`, p]));
  let added = 0;
  for (const m of report.summary.substitutionMap) {
    // Single letters, numbers and pronoun swaps (dropped attributions) are not spinner vocabulary.
    if (m.spun.length < 3 || /^\d/.test(m.spun) || /^(?:he|she|they|it|we)$/i.test(m.spun)) continue;
    const key = `${m.original.toLowerCase()}\u0000${m.spun.toLowerCase()}`;
    const p = byKey.get(key);
    if (p) {
      p.count += m.count;
      p.articles += 1;
    } else {
      const fresh = { original: m.original, spun: m.spun, count: m.count, articles: 1 };
      byKey.set(key, fresh);
      added++;
    }
  }
  const all = [...byKey.values()].sort((a, b) => b.articles - a.articles || b.count - a.count).slice(0, 5000);
  await store.setMeta(META_KEY, JSON.stringify({ pairs: all }));
  return added;
}

/** Pairs seen in at least `minArticles` different articles: strong enough to flag on their own. */
export function trustedPairs(pairs: LearnedPair[], minArticles = 3): LearnedPair[] {
  return pairs.filter((p) => p.articles >= minArticles);
}
