/**
 * `stats` on the SQLite store reads indexes, never the article rows: at millions of articles a scan of the stored
 * texts took minutes (114 s at 5M). The plan of every statement it runs is checked on a real store.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { createEngine } from '../src/index.js';
import { STATS_SQL } from '../src/store/_sqlite.js';
import { COUNT_SQL } from '../src/store/_sqlite-spans.js';
import { tempDir } from './helpers/index.js';

const tmp = tempDir();
after(() => tmp.cleanup());

describe('store stats at scale', () => {
  it('answers every figure from an index (no scan of article rows), with the right values', async () => {
    const path = join(tmp.dir, 'stats.db');
    const input = join(tmp.dir, 'in.jsonl');
    const rec = (id: string, site: string, published: string, text: string) =>
      JSON.stringify({ id, url: `https://${site}/${id}`, title: `Story ${id}`, published, text });
    const rows: [string, string, string, string][] = [
      [
        'a',
        'one.example',
        '2026-03-02',
        'The harbour bridge reopened on Monday after repairs. Traffic was light.',
      ],
      [
        'b',
        'two.example',
        '2025-11-30',
        'A council vote on the budget was delayed again. Members gave no reason.',
      ],
      [
        'c',
        'one.example',
        '2026-05-17',
        'Rain closed three schools in the valley. Classes resume on Thursday.',
      ],
      // A second version of article a (same key, new text), ingested afterwards.
      [
        'a',
        'one.example',
        '2026-03-02',
        'The harbour bridge reopened on Tuesday after repairs. Traffic was heavy.',
      ],
    ];
    const engine = createEngine({ store: path });
    for (const batch of [rows.slice(0, 3), rows.slice(3)]) {
      writeFileSync(input, batch.map((r) => rec(...r)).join('\n'));
      await engine.ingest([input]);
    }
    const st = await (await engine.store()).stats();
    assert.deepEqual(
      [st.articles, st.versions, st.versionedArticles, st.sites, st.earliest, st.latest],
      [3, 1, 1, 2, '2025-11-30', '2026-05-17'],
    );
    assert.equal(st.sentences, 8);
    assert.deepEqual(st.topSites, [
      { site: 'one.example', articles: 2 },
      { site: 'two.example', articles: 1 },
    ]);
    await engine.close();

    const db = new Database(path, { readonly: true });
    try {
      for (const sql of [...Object.values(STATS_SQL), COUNT_SQL]) {
        const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map(
          (r) => r.detail,
        );
        // A full pass is only allowed over a covering index; a search must use an index.
        for (const step of plan) {
          if (/^SCAN (articles|spans)\b/.test(step))
            assert.match(step, /COVERING INDEX/, `${sql}\n  reads rows: ${step}`);
          if (/^SEARCH (articles|spans)\b/.test(step)) assert.match(step, /INDEX/, `${sql}\n  ${step}`);
        }
        assert.ok(
          plan.some((s) => /articles|spans/.test(s)),
          `${sql}: no plan step on the table`,
        );
      }
    } finally {
      db.close();
    }
  });
});
