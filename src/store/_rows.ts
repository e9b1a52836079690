/**
 * What both database stores (SQLite and PostgreSQL) share: reading an article row (and its head) into the
 * store's types, and tallying the sentence shapes of newly stored articles. The two schemas have the same
 * columns; only `latest` is a 0/1 integer in SQLite and a boolean in PostgreSQL.
 */
import type { Article } from '../types.js';
import { unpackText } from './_text.js';
import type { ArticleHead } from './index.js';

export interface HeadRow {
  seq: number;
  key: string;
  doc: string | null;
  version: number;
  latest: number | boolean;
  ext_id: string | null;
  url: string | null;
  site: string | null;
  site_name: string | null;
  published: string | null;
}

export interface ArticleRow extends HeadRow {
  hash: string;
  title: string;
  byline: string | null;
  /** Plain, or compressed by the SQLite store (src/store/_text.ts). */
  text: string | Uint8Array;
  meta: string | null;
}

/** The article key is the first version's (`doc`); a version number only when the article has several. */
export function headFromRow(r: HeadRow): ArticleHead {
  const latest = r.latest === true || r.latest === 1;
  const h: ArticleHead = { seq: r.seq, key: r.doc ?? r.key };
  if (r.version > 1 || !latest) h.version = r.version;
  if (!latest) h.latest = false;
  if (r.ext_id !== null) h.id = r.ext_id;
  if (r.url !== null) h.url = r.url;
  if (r.site !== null) h.site = r.site;
  if (r.site_name !== null) h.siteName = r.site_name;
  if (r.published !== null) h.published = r.published;
  return h;
}

export function articleFromRow(r: ArticleRow): Article {
  const { seq, key, version, latest, id, url, site, siteName, published } = headFromRow(r);
  const a: Article = { key, hash: r.hash, seq, title: r.title, text: unpackText(r.text) };
  if (version !== undefined) a.version = version;
  if (latest !== undefined) a.latest = latest;
  if (id !== undefined) a.id = id;
  if (url !== undefined) a.url = url;
  if (site !== undefined) a.site = site;
  if (siteName !== undefined) a.siteName = siteName;
  if (published !== undefined) a.published = published;
  if (r.byline !== null) a.byline = r.byline;
  if (r.meta !== null) a.meta = JSON.parse(r.meta) as Record<string, unknown>;
  return a;
}

/**
 * The shapes of newly stored articles as (shape, site, articles) rows to add to the shape counts: each shape
 * counted once per article, articles without a site under ''. Ordered by shape and site (so that concurrent
 * writers update rows in one order).
 */
export function shapeTally(
  items: { site: string | null | undefined; shapes: (number | undefined)[] }[],
): { shape: number; site: string; n: number }[] {
  const bySite = new Map<string, Map<number, number>>();
  for (const it of items) {
    const site = it.site ?? '';
    let counts = bySite.get(site);
    if (!counts) {
      counts = new Map();
      bySite.set(site, counts);
    }
    // Once per article: a shape repeated within the article counts at its first occurrence only (a linear
    // scan back for ordinary articles, a set for long ones).
    const shapes = it.shapes.length > 64 ? [...new Set(it.shapes)] : it.shapes;
    for (let i = 0; i < shapes.length; i++) {
      const shape = shapes[i];
      if (shape === undefined) continue;
      let first = true;
      for (let j = 0; j < i && first; j++) if (shapes[j] === shape) first = false;
      if (first) counts.set(shape, (counts.get(shape) ?? 0) + 1);
    }
  }
  const out: { shape: number; site: string; n: number }[] = [];
  for (const [site, counts] of bySite) for (const [shape, n] of counts) out.push({ shape, site, n });
  return out.sort((a, b) => a.shape - b.shape || (a.site < b.site ? -1 : a.site > b.site ? 1 : 0));
}
