/**
 * Turning a current SQLite store back into what older schemas kept, for migration tests.
 */
import type Database from 'better-sqlite3';
import { decodeSpans } from '../../src/store/_sqlite-spans.js';

/**
 * Schema 9 -> 8: the sentence runs become the per-sentence `sentences` table with its (article, idx) index again
 * (the caller sets user_version to the schema it is imitating).
 */
export function sentencesTableFromSpans(db: Database.Database): void {
  db.exec(`CREATE TABLE sentences (
    id INTEGER PRIMARY KEY,
    article INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL
  );
  CREATE INDEX sentences_article ON sentences(article, idx);`);
  const ins = db.prepare('INSERT INTO sentences (id, article, idx, start, end) VALUES (?, ?, ?, ?, ?)');
  const runs = db.prepare('SELECT sid0, article, n, idx0, data FROM spans ORDER BY sid0').raw().all() as [
    number,
    number,
    number,
    number,
    Uint8Array,
  ][];
  db.transaction(() => {
    for (const [sid0, article, n, idx0, data] of runs) {
      const spans = decodeSpans(data, n);
      for (let i = 0; i < n; i++) ins.run(sid0 + i, article, idx0 + i, spans[i]!.start, spans[i]!.end);
    }
  })();
  db.exec('DROP TABLE spans;');
}
