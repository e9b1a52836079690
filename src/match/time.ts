/**
 * Time: a source must be published before the article it is said to be the source of. With a dated article,
 * source articles dated after it are left out; undated source articles are kept (they may be earlier) and
 * counted, so the report can say so. An undated article is not limited. Dates given as a day only cover the
 * whole day: a source dated "2016-09-01" may be the source of an article published at 09:00 that day.
 */
import type { Article } from '../types.js';
import type { TimeRule } from './summary.js';

/** True when `published` is later than `limit` (ISO 8601 dates or date-times). */
export function isLater(published: string, limit: string): boolean {
  if (published.length === 10 || limit.length === 10) return published.slice(0, 10) > limit.slice(0, 10);
  const a = Date.parse(published);
  const b = Date.parse(limit);
  return Number.isNaN(a) || Number.isNaN(b) ? published > limit : a > b;
}

/** The candidate articles to leave out for being later than the checked article, and the rule applied. */
export function timeFilter(
  articles: ReadonlyMap<number, Article>,
  notAfter: string | null | undefined,
): { later: Set<number>; rule: TimeRule } {
  const later = new Set<number>();
  let undated = 0;
  if (!notAfter) return { later, rule: { notAfter: null, undatedSources: 0 } };
  for (const [seq, a] of articles) {
    if (!a.published) undated++;
    else if (isLater(a.published, notAfter)) later.add(seq);
  }
  return { later, rule: { notAfter, undatedSources: undated } };
}
