/**
 * The two-level shape counts of the SQLite store (src/store/_sqlite-shapes.ts) against a plain model: with tiny
 * levels, so that the recent table is folded into the main one many times, every read (the batched look-up and
 * the full walk) must give the counts a single table would.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { mulberry32 } from '../src/spin/index.js';
import {
  allShapeCounts,
  clearShapeCounts,
  countShapes,
  readShapeCounts,
  SHAPES_RECENT_TABLE,
  SHAPES_TABLE,
} from '../src/store/_sqlite-shapes.js';

type Count = { articles: number; sites: number; topSiteArticles: number };

function model(rows: Map<number, Map<string, number>>): Map<number, Count> {
  const out = new Map<number, Count>();
  for (const [shape, sites] of rows) {
    let articles = 0;
    let top = 0;
    for (const [site, n] of sites) {
      articles += n;
      if (site !== '' && n > top) top = n;
    }
    out.set(shape, { articles, sites: sites.size, topSiteArticles: top });
  }
  return out;
}

describe('shape counts in two levels', () => {
  it('read the same as one table, across many folds and a clear', () => {
    const db = new Database(':memory:');
    db.exec(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT); ${SHAPES_TABLE} ${SHAPES_RECENT_TABLE}`);
    const levels = { recentMin: 7, mainShare: 3 };
    const rand = mulberry32(42);
    let truth = new Map<number, Map<string, number>>();
    let folds = 0;
    for (let batch = 0; batch < 60; batch++) {
      if (batch === 40) {
        db.transaction(() => clearShapeCounts(db))();
        truth = new Map();
      }
      const items: { site: string | undefined; shapes: (number | undefined)[] }[] = [];
      for (let a = 0; a < 1 + Math.floor(rand() * 4); a++) {
        const site = rand() < 0.2 ? undefined : `site${Math.floor(rand() * 3)}`;
        const shapes: (number | undefined)[] = [];
        for (let k = 0; k < Math.floor(rand() * 6); k++)
          shapes.push(rand() < 0.1 ? undefined : Math.floor(rand() * 40));
        items.push({ site, shapes });
        for (const sh of new Set(shapes)) {
          if (sh === undefined) continue;
          const m = truth.get(sh) ?? new Map<string, number>();
          m.set(site ?? '', (m.get(site ?? '') ?? 0) + 1);
          truth.set(sh, m);
        }
      }
      const recentBefore = db.prepare('SELECT count(*) FROM shapes_recent').pluck().get() as number;
      db.transaction(() => countShapes(db, items, levels))();
      const recentAfter = db.prepare('SELECT count(*) FROM shapes_recent').pluck().get() as number;
      if (recentAfter < recentBefore || (recentAfter === 0 && recentBefore + items.length > 0)) folds++;
      const want = model(truth);
      const asked = [...Array(45).keys()];
      const got = readShapeCounts(db, asked);
      assert.deepEqual(
        new Map([...got].sort((x, y) => x[0] - y[0])),
        new Map([...want].sort((x, y) => x[0] - y[0])),
      );
      const walked = new Map([...allShapeCounts(db)].map(([s, c]) => [s, { ...c }]));
      assert.deepEqual(walked, new Map([...want].sort((x, y) => x[0] - y[0])));
    }
    assert.ok(folds >= 5, `the recent level was folded ${folds} times`);
    const main = db.prepare('SELECT count(*) FROM shapes').pluck().get() as number;
    assert.ok(main > 0, 'the main level holds rows');
  });
});
