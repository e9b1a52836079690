/**
 * Sentence shapes in the SQLite store (see src/fingerprint/shape.ts): for every shape, how many articles of each
 * site hold a sentence of that shape. Lines that recur across many articles of a site are its furniture; the
 * match stage reads the counts (one batched look-up per check) to keep boilerplate out of provenance.
 *
 * Two levels, as a log-structured merge of two: ingest adds its counts to the small `shapes_recent` table; once
 * that holds an eighth of the rows of the main `shapes` table (and at least RECENT_MIN), it is folded into
 * `shapes` in key order, in the same write transaction. Almost every shape is seen once (one row per sentence),
 * so a single table keyed by shape took writes all over a B-tree of hundreds of MB at 1M articles: each ingest
 * batch dirtied nearly every page of it, and ingest slowed down as the corpus grew. Now a batch touches a small
 * table, and the big one is rewritten in order about once per eighth of growth. Readers add both levels.
 */
import type Database from 'better-sqlite3';
import { shapeTally } from './_rows.js';
import type { ShapeCount } from './index.js';

const TABLE = (name: string) => `
  CREATE TABLE IF NOT EXISTS ${name} (
    shape INTEGER NOT NULL,
    site TEXT NOT NULL,
    articles INTEGER NOT NULL,
    PRIMARY KEY (shape, site)
  ) WITHOUT ROWID;
`;

export const SHAPES_TABLE = TABLE('shapes');
/** Schema 8: the small level that ingest writes to. */
export const SHAPES_RECENT_TABLE = TABLE('shapes_recent');

/** Meta key: '1' when every stored article's shapes are counted (a store migrated from schema 2 needs reindex). */
export const SHAPES_COMPLETE = 'shapes_complete';
/** Meta keys: rows written to each level since it was last emptied (an upper bound: updates count too). */
const RECENT_ROWS = 'shapes_recent_rows';
const MAIN_ROWS = 'shapes_rows';
/** The recent level is folded into the main one past max(recentMin, main rows / mainShare) rows written. */
export interface ShapeLevels {
  recentMin: number;
  mainShare: number;
}
export const SHAPE_LEVELS: ShapeLevels = { recentMin: 200_000, mainShare: 8 };

function meta(db: Database.Database, key: string): number {
  const v = db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key) as string | undefined;
  return v === undefined ? 0 : Number(v) || 0;
}

function setMeta(db: Database.Database, key: string, value: number): void {
  db.prepare(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(key, String(value));
}

/** Add the shapes of newly stored articles (each shape counted once per article). Inside a write transaction. */
export function countShapes(
  db: Database.Database,
  items: { site: string | null | undefined; shapes: (number | undefined)[] }[],
  levels: ShapeLevels = SHAPE_LEVELS,
): void {
  const tally = shapeTally(items);
  if (tally.length === 0) return;
  const up = db.prepare(
    'INSERT INTO shapes_recent (shape, site, articles) VALUES (?, ?, ?) ON CONFLICT(shape, site) DO UPDATE SET articles = articles + excluded.articles',
  );
  for (const c of tally) up.run(c.shape, c.site, c.n);
  const recent = meta(db, RECENT_ROWS) + tally.length;
  const main = meta(db, MAIN_ROWS);
  if (recent < Math.max(levels.recentMin, main / levels.mainShare)) {
    setMeta(db, RECENT_ROWS, recent);
    return;
  }
  foldRecentShapes(db);
}

/** Fold the recent level into the main one, in key order. Inside a write transaction. */
export function foldRecentShapes(db: Database.Database): void {
  db.exec(`
    INSERT INTO shapes (shape, site, articles)
      SELECT shape, site, articles FROM shapes_recent WHERE true ORDER BY shape, site
      ON CONFLICT(shape, site) DO UPDATE SET articles = articles + excluded.articles;
    DELETE FROM shapes_recent;
  `);
  setMeta(db, MAIN_ROWS, meta(db, MAIN_ROWS) + meta(db, RECENT_ROWS));
  setMeta(db, RECENT_ROWS, 0);
}

/** Record how many rows the main level holds (a migration counting an existing table). */
export function setShapeRows(db: Database.Database, rows: number): void {
  setMeta(db, MAIN_ROWS, rows);
}

/** Forget every count. Inside a write transaction. */
export function clearShapeCounts(db: Database.Database): void {
  db.exec('DELETE FROM shapes; DELETE FROM shapes_recent;');
  setMeta(db, MAIN_ROWS, 0);
  setMeta(db, RECENT_ROWS, 0);
}

/** Per-shape totals of (site, articles) rows: articles, distinct sites, articles of the top site. */
class Totals {
  readonly bySite = new Map<number, Map<string, number>>();
  add(shape: number, site: string, n: number): void {
    let m = this.bySite.get(shape);
    if (!m) {
      m = new Map();
      this.bySite.set(shape, m);
    }
    m.set(site, (m.get(site) ?? 0) + n);
  }
}

function countOf(sites: Map<string, number>): ShapeCount {
  let articles = 0;
  let top = 0;
  for (const [site, n] of sites) {
    articles += n;
    if (site !== '' && n > top) top = n;
  }
  return { articles, sites: sites.size, topSiteArticles: top };
}

/** How often each of `shapes` occurs: articles in all, distinct sites, and articles of the site holding most. */
export function readShapeCounts(db: Database.Database, shapes: number[]): Map<number, ShapeCount> {
  const totals = new Totals();
  const uniq = [...new Set(shapes)];
  for (let i = 0; i < uniq.length; i += 500) {
    const part = uniq.slice(i, i + 500);
    const marks = part.map(() => '?').join(',');
    for (const table of ['shapes', 'shapes_recent']) {
      const rows = db
        .prepare(`SELECT shape, site, articles FROM ${table} WHERE shape IN (${marks})`)
        .raw()
        .all(...part) as [number, string, number][];
      for (const [shape, site, n] of rows) totals.add(shape, site, n);
    }
  }
  const out = new Map<number, ShapeCount>();
  for (const [shape, sites] of totals.bySite) out.set(shape, countOf(sites));
  return out;
}

/**
 * The counts of the shapes that may pass `rule` (with its count at or above one of the thresholds): a superset,
 * found without reading every row into JavaScript. A shape in `minSiteArticles` articles of one site has at least
 * half of them in one level, in one row; a shape on `minSites` sites has at least half of them as rows of one
 * level. Each level is grouped by shape in SQL (its key order: no sort), and only the shapes kept are read with
 * both levels. At 100,000 articles: 0.2 s instead of 4 s for the walk of every shape.
 */
export function boilerplateCandidateCounts(
  db: Database.Database,
  rule: { minSiteArticles: number; minSites: number },
): Map<number, ShapeCount> {
  const perSite = Math.ceil(rule.minSiteArticles / 2);
  const sites = Math.ceil(rule.minSites / 2);
  const kept = new Set<number>();
  for (const table of ['shapes', 'shapes_recent']) {
    const st = db
      .prepare(`SELECT shape FROM ${table} GROUP BY shape HAVING max(articles) >= ? OR count(*) >= ?`)
      .pluck() as Database.Statement<[number, number], number>;
    for (const shape of st.iterate(perSite, sites)) kept.add(shape);
  }
  return readShapeCounts(
    db,
    [...kept].sort((a, b) => a - b),
  );
}

/**
 * Every shape with its count, in shape order: both levels walked in key order side by side (no sort, no
 * temporary table), one shape's rows at a time.
 */
export function* allShapeCounts(db: Database.Database): Generator<[number, ShapeCount]> {
  const walk = (table: string) =>
    (
      db
        .prepare(`SELECT shape, site, articles FROM ${table} ORDER BY shape, site`)
        .raw() as Database.Statement<[], [number, string, number]>
    ).iterate() as IterableIterator<[number, string, number]>;
  const a = walk('shapes');
  const b = walk('shapes_recent');
  let ra = a.next();
  let rb = b.next();
  const sites = new Map<string, number>();
  for (;;) {
    const sa = ra.done ? Number.POSITIVE_INFINITY : ra.value[0];
    const sb = rb.done ? Number.POSITIVE_INFINITY : rb.value[0];
    const shape = Math.min(sa, sb);
    if (shape === Number.POSITIVE_INFINITY) return;
    sites.clear();
    while (!ra.done && ra.value[0] === shape) {
      sites.set(ra.value[1], (sites.get(ra.value[1]) ?? 0) + ra.value[2]);
      ra = a.next();
    }
    while (!rb.done && rb.value[0] === shape) {
      sites.set(rb.value[1], (sites.get(rb.value[1]) ?? 0) + rb.value[2]);
      rb = b.next();
    }
    yield [shape, countOf(sites)];
  }
}
