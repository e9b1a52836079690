/**
 * The two-level shape counts of the SQLite store (src/store/_sqlite-shapes.ts) against a plain model: with tiny
 * levels, so that the recent table is folded into the main one many times, every read (the batched look-up and
 * the full walk) must give the counts a single table would.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { createEngine } from '../src/index.js';
import { mulberry32 } from '../src/spin/index.js';
import { tempDir } from './helpers/index.js';
import { sentencesTableFromSpans } from './helpers/schema.js';

const tmp = tempDir();
after(() => tmp.cleanup());

import { isBoilerplate } from '../src/match/boilerplate.js';
import {
  allShapeCounts,
  boilerplateCandidateCounts,
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
      // The boilerplate shapes found from the pre-selected candidates are those of the full walk, for rules
      // whose thresholds are odd and even, reachable by one level alone or only by both.
      for (const rule of [
        { minSiteArticles: 2, minArticles: 3, minSites: 2 },
        { minSiteArticles: 3, minArticles: 5, minSites: 3 },
        { minSiteArticles: 5, minArticles: 6, minSites: 4 },
      ]) {
        const full = [...want].filter(([, c]) => isBoilerplate(c, rule)).map(([sh]) => sh);
        const fast = [...boilerplateCandidateCounts(db, rule)]
          .filter(([, c]) => isBoilerplate(c, rule))
          .map(([sh]) => sh);
        assert.deepEqual(
          fast.sort((a, b) => a - b),
          full.sort((a, b) => a - b),
        );
        if (batch === 39) assert.ok(full.length > 0, `rule ${JSON.stringify(rule)} finds some shapes`);
      }
    }
    assert.ok(folds >= 5, `the recent level was folded ${folds} times`);
    const main = db.prepare('SELECT count(*) FROM shapes').pluck().get() as number;
    assert.ok(main > 0, 'the main level holds rows');
  });

  it('a schema-7 store (one shapes table) upgrades with its counts kept and its size recorded', async () => {
    const path = join(tmp.dir, 'v7.db');
    const engine = createEngine({ store: path });
    const line = 'Subscribe to our newsletter for the latest updates from the valley.';
    await engine.ingest(
      [1, 2, 3].map((i) => ({
        id: `a${i}`,
        url: `https://valley.example/${i}`,
        title: `Story ${i}`,
        text: `The mill reopened on day ${i} after repairs to its wheel. ${line}`,
      })),
    );
    const store = await engine.store();
    assert.ok((await store.shapeCounts([])) !== null, 'shape counts are complete on a fresh store');
    await engine.close();
    // As schema 7 kept them: every count in the one table.
    const db = new Database(path);
    const expected = db
      .prepare(
        'SELECT shape, site, sum(articles) FROM (SELECT * FROM shapes UNION ALL SELECT * FROM shapes_recent) GROUP BY shape, site ORDER BY shape, site',
      )
      .raw()
      .all();
    assert.ok(expected.length >= 2, 'the articles left shape counts');
    db.exec(`
      INSERT INTO shapes SELECT * FROM shapes_recent WHERE true ON CONFLICT(shape, site) DO UPDATE SET articles = articles + excluded.articles;
      DROP TABLE shapes_recent;
      DELETE FROM meta WHERE key IN ('shapes_rows', 'shapes_recent_rows');
    `);
    sentencesTableFromSpans(db);
    db.pragma('user_version = 7');
    db.close();
    const again = createEngine({ store: path });
    await again.store();
    await again.close();
    const check = new Database(path, { readonly: true });
    assert.deepEqual(
      check
        .prepare(
          'SELECT shape, site, sum(articles) FROM (SELECT * FROM shapes UNION ALL SELECT * FROM shapes_recent) GROUP BY shape, site ORDER BY shape, site',
        )
        .raw()
        .all(),
      expected,
    );
    assert.equal(
      Number(check.prepare(`SELECT value FROM meta WHERE key = 'shapes_rows'`).pluck().get()),
      expected.length,
    );
    check.close();
  });
});
