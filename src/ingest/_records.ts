/** Pure conversions from parsed inputs (records, text documents, HTML pages) to ArticleInput. */

import { DEFAULTS } from '../defaults.js';
import { UnspunError } from '../errors.js';
import type { ArticleInput } from '../types.js';
import { extractHtmlArticle, type HtmlArticle, looksLikeHtml, stripBoilerplate } from './_html.js';
import { frontMatter } from './front-matter.js';
import { cleanUrl, decodeEntities } from './identity.js';
import { siteIdentity } from './site.js';

export type Parsed = { ok: true; article: ArticleInput } | { ok: false; reason: string };

const KNOWN_FIELDS = new Set([
  'id',
  'url',
  'site',
  'siteName',
  'source',
  'publish_date',
  'title',
  'published',
  'text',
  'html',
  'byline',
  'author',
]);

/** Normalise a date to ISO 8601 (date-only inputs stay date-only). Returns null when it is not a date. */
export function normaliseDate(v: unknown): string | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  // MongoDB extended JSON ({"$date": ...}, as FakeNewsNet exports write it).
  if (v !== null && typeof v === 'object' && '$date' in v) {
    const inner = (v as { $date: unknown }).$date;
    if (typeof inner === 'number') return epochToIso(inner, 'ms');
    if (inner !== null && typeof inner === 'object' && '$numberLong' in inner)
      return epochToIso(Number((inner as { $numberLong: unknown }).$numberLong), 'ms');
    return normaliseDate(inner);
  }
  // Epoch numbers: seconds (as most exports write them), or milliseconds when that large.
  if (typeof v === 'number') return epochToIso(v, Math.abs(v) >= 1e11 ? 'ms' : 's');
  if (typeof v !== 'string' && typeof v !== 'number') return null;
  const s = String(v).trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) {
    const d = new Date(`${s}T00:00:00Z`);
    return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s ? null : s;
  }
  // ISO date-time, also with a space instead of "T" ("2016-01-05 10:00:00", as WordPress writes).
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/.exec(s);
  if (!m) return null;
  const d = new Date(`${m[1]}T${m[2]}${m[3] ?? 'Z'}`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

function epochToIso(n: number, unit: 's' | 'ms'): string | null {
  if (!Number.isFinite(n)) return null;
  const d = new Date(unit === 's' ? n * 1000 : n);
  return Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1900 || d.getUTCFullYear() > 2200
    ? null
    : d.toISOString();
}

function str(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  const s = String(v).trim();
  return s === '' ? undefined : s;
}

/** The article a record or document gives, its site named by the one site rule (see site.ts). */
function parsedArticle(a: {
  id: string | undefined;
  url: string | undefined;
  site: string | undefined;
  pageSite: string | undefined;
  title: string;
  published: string | undefined;
  byline: string | undefined;
  text: string;
  meta: Record<string, unknown>;
}): Parsed {
  const max = DEFAULTS.limits.maxArticleChars;
  if (a.text.length > max) return { ok: false, reason: tooLong(a.text.length, max) };
  return {
    ok: true,
    article: {
      id: a.id,
      url: a.url,
      ...siteIdentity({ url: a.url, given: a.site, page: a.pageSite }),
      title: a.title,
      published: a.published,
      byline: a.byline,
      text: a.text,
      meta: Object.keys(a.meta).length > 0 ? a.meta : undefined,
    },
  };
}

/** A JSONL/CSV record: `id`, `url`, `site`, `title`, `published`, and `text` or `html`; the rest is metadata. */
export function recordToArticle(rec: Record<string, unknown>): Parsed {
  if (rec === null || typeof rec !== 'object' || Array.isArray(rec)) {
    return { ok: false, reason: 'a record must be a JSON object' };
  }
  const url = cleanUrl(str(rec.url));
  let title = str(rec.title);
  let text = typeof rec.text === 'string' ? rec.text : undefined;
  const site =
    str(rec.siteName) ?? str(rec.site) ?? (typeof rec.source === 'string' ? str(rec.source) : undefined);
  let pageSite: string | undefined;
  let published: string | undefined;
  let byline = str(rec.byline) ?? str(rec.author);
  const dateField = rec.published ?? rec.publish_date;
  if (dateField !== undefined && dateField !== null && dateField !== '') {
    const d = normaliseDate(dateField);
    if (d === null) {
      const name = rec.published !== undefined ? 'published' : 'publish_date';
      return { ok: false, reason: `"${name}" is not a date: ${JSON.stringify(dateField).slice(0, 80)}` };
    }
    published = d;
  }
  if ((text === undefined || text.trim() === '') && typeof rec.html === 'string' && rec.html.trim() !== '') {
    const page = extractPage(rec.html, { url });
    if (typeof page === 'string') return { ok: false, reason: page };
    text = page.text;
    title ??= page.title || undefined;
    pageSite = page.site;
    byline ??= page.byline;
    if (!published && page.published) published = normaliseDate(page.published) ?? undefined;
  } else if (text !== undefined) {
    text = stripBoilerplate(text.replace(/\r\n?/g, '\n'));
  }
  if (!text || text.trim() === '') return { ok: false, reason: 'no "text" or "html" with content' };
  if (!title) {
    // A record without a title: its first line stands in, as for plain-text files.
    const firstBreak = text.indexOf('\n');
    title = (firstBreak < 0 ? text : text.slice(0, firstBreak)).trim().slice(0, 300);
  }
  const meta: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rec)) if (!KNOWN_FIELDS.has(k)) meta[k] = v;
  return parsedArticle({ id: str(rec.id), url, site, pageSite, title, published, byline, text, meta });
}

/** Front-matter keys that mean the same as our fields (WordPress exports, Jekyll, Hugo). */
const FM_ALIASES: Record<string, string[]> = {
  title: ['title', 'post_title', 'headline'],
  url: ['url', 'original_link', 'link', 'canonical_url', 'permalink'],
  published: ['published', 'date', 'post_date', 'pubdate', 'published_at'],
  site: ['site', 'source', 'publisher'],
  id: ['id', 'guid'],
  byline: ['byline', 'author'],
};

/** The first usable value among a field's aliases: lists give their first item; booleans ("published: true") are flags, not values. */
function pick(data: Record<string, unknown>, field: string): unknown {
  for (const k of FM_ALIASES[field] ?? [field]) {
    let v = data[k];
    if (Array.isArray(v)) v = v[0];
    if (v === undefined || v === null || v === '' || typeof v === 'boolean') continue;
    return typeof v === 'string' ? v.trim() : v;
  }
  return undefined;
}

/**
 * A `.txt` or `.md` document: optional YAML front matter; the first non-empty line of the body is the
 * headline unless the front matter gives a title. A body that is HTML (scraped posts) is extracted as HTML.
 */
export function textDocumentToArticle(content: string): Parsed {
  let data: Record<string, unknown> = {};
  let body = content.replace(/^\uFEFF/, '');
  if (/^---\r?\n/.test(body)) {
    try {
      const fm = frontMatter(body);
      data = fm.data as Record<string, unknown>;
      body = fm.content;
    } catch (e) {
      return { ok: false, reason: `front matter is not valid YAML: ${(e as Error).message.split('\n')[0]}` };
    }
  }
  const rawTitle = str(pick(data, 'title'));
  const fmTitle = rawTitle === undefined ? undefined : decodeEntities(rawTitle).replace(/\s+/g, ' ');
  const url = cleanUrl(str(pick(data, 'url')));
  const rawDate = pick(data, 'published');
  let published: string | undefined;
  if (rawDate !== undefined) {
    const d = normaliseDate(rawDate);
    if (d === null) return { ok: false, reason: `the front matter date is not a date: ${String(rawDate)}` };
    published = d;
  }
  let title = fmTitle;
  let text: string;
  const site = str(pick(data, 'site'));
  let pageSite: string | undefined;
  let byline = str(pick(data, 'byline'));
  if (looksLikeHtml(body)) {
    const page = extractPage(body, { url });
    if (typeof page === 'string') return { ok: false, reason: page };
    text = page.text;
    title ??= page.title || undefined;
    pageSite = page.site;
    byline ??= page.byline;
    if (!published && page.published) published = normaliseDate(page.published) ?? undefined;
  } else {
    text = stripBoilerplate(body.replace(/\r\n?/g, '\n'));
    if (!title) {
      const m = /^\s*([^\n]+)\n?/.exec(text);
      title = m?.[1]?.replace(/^#+\s*/, '').trim();
      text = m ? text.slice(m[0].length) : '';
    }
  }
  if (!title) return { ok: false, reason: 'empty document: no headline' };
  if (text.trim() === '') return { ok: false, reason: 'the document has a headline but no body' };
  const meta: Record<string, unknown> = {};
  const used = new Set(Object.values(FM_ALIASES).flat());
  for (const [k, v] of Object.entries(data))
    if (!used.has(k)) meta[k] = v instanceof Date ? v.toISOString() : v;
  return parsedArticle({
    id: str(pick(data, 'id')),
    url,
    site,
    pageSite,
    title,
    published,
    byline,
    text,
    meta,
  });
}

const tooLong = (n: number, max: number) =>
  `article text of ${n.toLocaleString('en-US')} characters is over the limit of ${max.toLocaleString('en-US')} (a news article is far shorter; DEFAULTS.limits.maxArticleChars)`;

/** The page's article, or why it was refused (a page over the input limits). */
function extractPage(html: string, hints: { url?: string | undefined }): HtmlArticle | string {
  try {
    return extractHtmlArticle(html, hints);
  } catch (e) {
    if (e instanceof UnspunError && e.code === 'TOO_LARGE') return e.message;
    throw e;
  }
}

/** A standalone HTML page. */
export function htmlDocumentToArticle(html: string, hints: { url?: string | undefined } = {}): Parsed {
  const page = extractPage(html, hints);
  if (typeof page === 'string') return { ok: false, reason: page };
  if (!page.text.trim()) return { ok: false, reason: 'no article text found in the HTML page' };
  if (!page.title) return { ok: false, reason: 'no headline found in the HTML page' };
  const published = page.published ? (normaliseDate(page.published) ?? undefined) : undefined;
  const max = DEFAULTS.limits.maxArticleChars;
  if (page.text.length > max) return { ok: false, reason: tooLong(page.text.length, max) };
  return {
    ok: true,
    article: {
      url: page.url,
      ...siteIdentity({ url: page.url, page: page.site }),
      title: page.title,
      published,
      byline: page.byline,
      text: page.text,
    },
  };
}
