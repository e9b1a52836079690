/**
 * The identity of an article: the key that makes a second ingest of it a duplicate. One rule, used by ingest,
 * check and store migrations.
 */
import { createRequire } from 'node:module';
import type { ArticleInput } from '../types.js';

// The HTML entity decoder (its tables take ~10 ms to load) loads with the first text that has a reference.
const require = createRequire(import.meta.url);
let entities: typeof import('entities') | undefined;

/** HTML character references decoded ("&amp;" -> "&", "&#038;" -> "&"); text without "&" has none. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  entities ??= require('entities') as typeof import('entities');
  return entities.decodeHTML(s);
}

/**
 * Its external id, else its URL, else its content hash. The URL is taken whole (query string included) but for
 * its fragment ("#comments" names a part of the same page); a URL that does not parse is taken as it is. Inputs
 * decode HTML character references in URLs before this (see `cleanUrl`: "&#038;" is "&", not a fragment).
 */
export function articleKey(a: Pick<ArticleInput, 'id' | 'url'>, hash: string): string {
  if (a.id) return `id:${a.id}`;
  if (a.url) return `url:${urlIdentity(a.url)}`;
  return `hash:${hash}`;
}

/** A URL without its fragment, in the WHATWG parser's normal form (host lower-cased, default port dropped). */
export function urlIdentity(url: string): string {
  try {
    const u = new URL(url);
    u.hash = '';
    return u.href;
  } catch {
    return url;
  }
}

/** Whether an argument is an http(s) address (to fetch) rather than a path. */
export function isUrl(s: string): boolean {
  return /^https?:\/\//i.test(s);
}

/** Why an article was a duplicate, from its key: the same id, the same URL, or the same content. */
export function duplicateReason(key: string): 'id' | 'url' | 'content' {
  return key.startsWith('id:') ? 'id' : key.startsWith('url:') ? 'url' : 'content';
}

/** A URL as an input gives it, trimmed, with HTML character references decoded (WordPress writes "&#038;"). */
export function cleanUrl(url: string | undefined): string | undefined {
  const u = url?.trim();
  if (!u) return undefined;
  return decodeEntities(u);
}
