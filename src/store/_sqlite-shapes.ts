/**
 * Sentence shapes in the SQLite store (see src/fingerprint/shape.ts): for every shape, how many articles of each
 * site hold a sentence of that shape. Lines that recur across many articles of a site are its furniture; the
 * match stage reads the counts (one batched look-up per check) to keep boilerplate out of provenance.
 */
import type Database from 'better-sqlite3';
import { shapeTally } from './_rows.js';
import type { ShapeCount } from './index.js';

export const SHAPES_TABLE = `
  CREATE TABLE IF NOT EXISTS shapes (
    shape INTEGER NOT NULL,
    site TEXT NOT NULL,
    articles INTEGER NOT NULL,
    PRIMARY KEY (shape, site)
  ) WITHOUT ROWID;
`;

/** Meta key: '1' when every stored article's shapes are counted (a store migrated from schema 2 needs reindex). */
export const SHAPES_COMPLETE = 'shapes_complete';

/** Add the shapes of newly stored articles (each shape counted once per article). */
export function countShapes(
  db: Database.Database,
  items: { site: string | null | undefined; shapes: (number | undefined)[] }[],
): void {
  const tally = shapeTally(items);
  if (tally.length === 0) return;
  const up = db.prepare(
    'INSERT INTO shapes (shape, site, articles) VALUES (?, ?, ?) ON CONFLICT(shape, site) DO UPDATE SET articles = articles + excluded.articles',
  );
  for (const c of tally) up.run(c.shape, c.site, c.n);
}

/** How often each of `shapes` occurs: articles in all, distinct sites, and articles of the site holding most. */
export function readShapeCounts(db: Database.Database, shapes: number[]): Map<number, ShapeCount> {
  const out = new Map<number, ShapeCount>();
  const uniq = [...new Set(shapes)];
  for (let i = 0; i < uniq.length; i += 500) {
    const part = uniq.slice(i, i + 500);
    const rows = db
      .prepare(
        `SELECT shape, sum(articles) AS articles, count(*) AS sites, max(CASE WHEN site = '' THEN 0 ELSE articles END) AS top
         FROM shapes WHERE shape IN (${part.map(() => '?').join(',')}) GROUP BY shape`,
      )
      .all(...part) as { shape: number; articles: number; sites: number; top: number }[];
    for (const r of rows) out.set(r.shape, { articles: r.articles, sites: r.sites, topSiteArticles: r.top });
  }
  return out;
}
