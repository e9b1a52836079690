/**
 * The corpus audit in the SQLite store (see src/engine/audit.ts): one row per audited article and one per
 * (article, earlier source article) pair, indexed both ways so that an article's sources and its copiers are
 * one index look-up each.
 */
import type Database from 'better-sqlite3';
import { UnspunError } from '../errors.js';
import { type HeadRow, headFromRow } from './_rows.js';
import type { ArticleHead, ArticleList, ArticleListFilter, AuditRecord, SiteSummary } from './index.js';

export const AUDIT_TABLES = `
  CREATE TABLE audits (
    seq INTEGER PRIMARY KEY REFERENCES articles(seq) ON DELETE CASCADE,
    sentences INTEGER NOT NULL,
    traced INTEGER NOT NULL,
    characters INTEGER NOT NULL,
    boilerplate INTEGER NOT NULL,
    spin_rate REAL NOT NULL,
    origin INTEGER
  );
  CREATE TABLE audit_sources (
    seq INTEGER NOT NULL REFERENCES audits(seq) ON DELETE CASCADE,
    source INTEGER NOT NULL,
    sentences INTEGER NOT NULL,
    characters INTEGER NOT NULL,
    quoted INTEGER NOT NULL,
    PRIMARY KEY (seq, source)
  ) WITHOUT ROWID;
  CREATE INDEX audit_sources_source ON audit_sources(source, seq);
`;

/** The columns of an ArticleHead. */
const HEAD = 'seq, key, ext_id, url, site, site_name, published, doc, version, latest';

/** An audit record from its row and its source rows. */
function auditOf(r: AuditRow, sources: AuditRecord['sources']): AuditRecord {
  return {
    seq: r.seq,
    sentences: r.sentences,
    traced: r.traced,
    characters: r.characters,
    boilerplate: r.boilerplate,
    spinRate: r.spin_rate,
    origin: r.origin,
    sources,
  };
}

interface AuditRow {
  seq: number;
  sentences: number;
  traced: number;
  characters: number;
  boilerplate: number;
  spin_rate: number;
  origin: number | null;
}

export class SqliteAudits {
  private readonly save_: Database.Transaction<(records: AuditRecord[], stale: number[]) => void>;

  constructor(private readonly db: Database.Database) {
    const ro = db.readonly;
    const del = ro ? null : db.prepare('DELETE FROM audits WHERE seq = ?');
    const delSources = ro ? null : db.prepare('DELETE FROM audit_sources WHERE seq = ?');
    const ins = ro
      ? null
      : db.prepare(
          'INSERT INTO audits (seq, sentences, traced, characters, boilerplate, spin_rate, origin) VALUES (?, ?, ?, ?, ?, ?, ?)',
        );
    const insSource = ro
      ? null
      : db.prepare(
          'INSERT INTO audit_sources (seq, source, sentences, characters, quoted) VALUES (?, ?, ?, ?, ?)',
        );
    const exists = db.prepare('SELECT 1 FROM articles WHERE seq = ?').pluck();
    this.save_ = db.transaction((records: AuditRecord[], stale: number[]) => {
      for (const seq of stale) {
        delSources!.run(seq);
        del!.run(seq);
      }
      for (const r of records) {
        if (!exists.get(r.seq)) throw new UnspunError('STORE', `no article with seq ${r.seq} to audit`);
        delSources!.run(r.seq);
        del!.run(r.seq);
        ins!.run(r.seq, r.sentences, r.traced, r.characters, r.boilerplate, r.spinRate, r.origin);
        for (const s of r.sources) {
          if (!exists.get(s.seq)) throw new UnspunError('STORE', `no source article with seq ${s.seq}`);
          insSource!.run(r.seq, s.seq, s.sentences, s.characters, s.quoted);
        }
      }
    });
  }

  *heads(pageSize: number): Iterable<ArticleHead> {
    const page = this.db.prepare(`SELECT ${HEAD} FROM articles WHERE seq > ? ORDER BY seq LIMIT ?`);
    let after = 0;
    for (;;) {
      const rows = page.all(after, pageSize) as HeadRow[];
      if (rows.length === 0) return;
      for (const r of rows) {
        yield headFromRow(r);
      }
      after = rows[rows.length - 1]!.seq;
    }
  }

  audited(): Set<number> {
    return new Set(this.db.prepare('SELECT seq FROM audits').pluck().all() as number[]);
  }

  save(records: AuditRecord[], stale: number[]): void {
    this.save_.immediate(records, stale);
  }

  drop(seqs: number[] | 'all'): void {
    if (seqs === 'all') {
      this.db.transaction(() => {
        this.db.prepare('DELETE FROM audit_sources').run();
        this.db.prepare('DELETE FROM audits').run();
      })();
      return;
    }
    this.save_.immediate([], seqs);
  }

  *iterate(pageSize: number): Iterable<AuditRecord> {
    const page = this.db.prepare('SELECT * FROM audits WHERE seq > ? ORDER BY seq LIMIT ?');
    const sources = this.db.prepare(
      'SELECT seq, source, sentences, characters, quoted FROM audit_sources WHERE seq >= ? AND seq <= ? ORDER BY seq, source',
    );
    let after = 0;
    for (;;) {
      const rows = page.all(after, pageSize) as AuditRow[];
      if (rows.length === 0) return;
      const first = rows[0]!.seq;
      const last = rows[rows.length - 1]!.seq;
      const bySeq = new Map<number, AuditRecord['sources']>();
      for (const s of sources.all(first, last) as {
        seq: number;
        source: number;
        sentences: number;
        characters: number;
        quoted: number;
      }[]) {
        let list = bySeq.get(s.seq);
        if (!list) {
          list = [];
          bySeq.set(s.seq, list);
        }
        list.push({ seq: s.source, sentences: s.sentences, characters: s.characters, quoted: s.quoted });
      }
      for (const r of rows) yield auditOf(r, bySeq.get(r.seq) ?? []);
      after = last;
    }
  }

  getAudits(seqs: number[]): Map<number, AuditRecord> {
    const out = new Map<number, AuditRecord>();
    const one = this.db.prepare('SELECT * FROM audits WHERE seq = ?');
    const sources = this.db.prepare(
      'SELECT source, sentences, characters, quoted FROM audit_sources WHERE seq = ? ORDER BY source',
    );
    for (const seq of new Set(seqs)) {
      const r = one.get(seq) as AuditRow | undefined;
      if (!r) continue;
      const list = sources.all(seq) as {
        source: number;
        sentences: number;
        characters: number;
        quoted: number;
      }[];
      out.set(
        seq,
        auditOf(
          r,
          list.map((x) => ({
            seq: x.source,
            sentences: x.sentences,
            characters: x.characters,
            quoted: x.quoted,
          })),
        ),
      );
    }
    return out;
  }

  listArticles(filter: ArticleListFilter): ArticleList {
    const where: string[] = ['latest = 1'];
    const args: (string | number)[] = [];
    if (filter.site !== undefined) {
      where.push('site = ?');
      args.push(filter.site);
    }
    if (filter.q) {
      where.push('instr(lower(title), lower(?)) > 0');
      args.push(filter.q);
    }
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = this.db
      .prepare(`SELECT count(*) FROM articles ${w}`)
      .pluck()
      .get(...args) as number;
    const rows = this.db
      .prepare(
        `SELECT ${HEAD}, title FROM articles ${w}
         ORDER BY published IS NULL, published DESC, seq DESC LIMIT ? OFFSET ?`,
      )
      .all(...args, filter.limit, filter.offset) as (HeadRow & { title: string })[];
    return { total, items: rows.map((r) => ({ ...headFromRow(r), title: r.title })) };
  }

  listSites(): SiteSummary[] {
    const rows = this.db
      .prepare(
        `SELECT site, max(site_name) AS name, count(*) AS articles, min(published) AS earliest, max(published) AS latest
         FROM articles WHERE site IS NOT NULL AND latest = 1 GROUP BY site ORDER BY articles DESC, site`,
      )
      .all() as {
      site: string;
      name: string | null;
      articles: number;
      earliest: string | null;
      latest: string | null;
    }[];
    return rows;
  }

  copiersOf(seq: number): { seq: number; sentences: number }[] {
    return this.db
      .prepare('SELECT seq, sentences FROM audit_sources WHERE source = ? ORDER BY seq')
      .all(seq) as { seq: number; sentences: number }[];
  }
}
