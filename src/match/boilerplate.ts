/**
 * Boilerplate learned from the corpus: a sentence shape (src/fingerprint/shape.ts) that recurs across many
 * articles of one site is that site's furniture (share counters, image credits, newsletter pitches,
 * disclaimers); one that recurs across many articles of many sites is a stock line ("This is a developing
 * story"). Such lines are neither provenance nor evidence of copying: a checked sentence of that shape is marked
 * boilerplate (not traced), and a corpus sentence of that shape is never a source.
 *
 * Copies of one news story also repeat its sentences across sites, so the corpus-wide rule asks for far more
 * articles and sites than copying produces, and the per-site rule counts articles of one site, where a story
 * appears once (or a few times, as updated versions).
 */
import { DEFAULTS } from '../defaults.js';
import type { ShapeCount } from '../store/index.js';

export type BoilerplateOptions = typeof DEFAULTS.boilerplate;

export function isBoilerplate(
  c: ShapeCount | undefined,
  o: BoilerplateOptions = DEFAULTS.boilerplate,
): boolean {
  if (!c) return false;
  return c.topSiteArticles >= o.minSiteArticles || (c.articles >= o.minArticles && c.sites >= o.minSites);
}
