/**
 * The one rule that names an article's site, for every input format: a stable site KEY (the registrable host
 * name of the article's URL, "reuters.com", with "www.", "m.", "mobile.", "amp." and every other subdomain
 * folded; private suffixes such as blogspot.com keep the blog's own name) used to group articles by outlet, and a
 * DISPLAY NAME (the name the input or the page gives, "Reuters", else the key) shown to people.
 *
 * Without a URL the key comes from the given name: a host name is reduced the same way, anything else is folded
 * to lower case with runs of non-alphanumerics as "-" ("Capital Ledger" -> "capital-ledger").
 */
import { createRequire } from 'node:module';
import { fold } from '../normalise/index.js';

// The public-suffix list loads with the first URL, not at import (start-up time).
const require = createRequire(import.meta.url);
let tldts: typeof import('tldts') | undefined;
const getDomain: typeof import('tldts').getDomain = (url, opts) => {
  tldts ??= require('tldts') as typeof import('tldts');
  return tldts.getDomain(url, opts);
};

export interface SiteIdentity {
  /** Stable grouping key, or undefined when neither a URL nor a name is known. */
  site: string | undefined;
  /** Name to show, or undefined when unknown. */
  siteName: string | undefined;
}

const HOST_RE = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]$/i;

/** The registrable host of a URL or host name, or undefined when it is not one (an IP address counts as itself). */
export function siteKeyOfHost(host: string): string | undefined {
  const h = host.trim().toLowerCase().replace(/\.$/, '');
  if (h === '') return undefined;
  if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(h) || h.includes(':')) return h;
  const d = getDomain(h, { allowPrivateDomains: true });
  if (d) return d;
  return HOST_RE.test(h) ? h.replace(/^(?:www\d?|m|mobile|amp)\./, '') : h === 'localhost' ? h : undefined;
}

function hostOfUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.hostname : undefined;
  } catch {
    return undefined;
  }
}

/** Key of a site given by name only. */
export function siteKeyOfName(name: string): string | undefined {
  const n = name.trim();
  if (n === '') return undefined;
  if (HOST_RE.test(n)) return siteKeyOfHost(n);
  const slug = fold(n)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? undefined : slug;
}

/**
 * The site of an article from what its input says: its URL, the site name the record or front matter gives,
 * and the name the page itself gives (og:site_name). The URL decides the key; the given name, else the page's
 * name, else the key is shown.
 */
export function siteIdentity(opts: {
  url?: string | undefined;
  given?: string | undefined;
  page?: string | undefined;
}): SiteIdentity {
  const given = opts.given?.trim() || undefined;
  const page = opts.page?.trim() || undefined;
  const host = hostOfUrl(opts.url);
  const site =
    (host ? siteKeyOfHost(host) : undefined) ??
    (given ? siteKeyOfName(given) : undefined) ??
    (page ? siteKeyOfName(page) : undefined);
  return { site, siteName: given ?? page ?? site };
}
