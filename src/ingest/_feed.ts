/**
 * News feeds: RSS 2.0 (and RSS 1.0/RDF), Atom 1.0 (read with @rowanmanning/feed-parser) and JSON Feed 1.x (JSON:
 * its fields are mapped here). An item whose content holds the article (at least `DEFAULTS.feeds.minContentChars`
 * of text) is ingested from the feed; an item with only a summary and a link has its page fetched through the
 * same address guard, time and size limits as `check URL`, one page at a time with a pause between pages of one
 * host; an item with neither is skipped. Each item's failure is one rejection naming the item; the rest go on.
 */
import { DEFAULTS } from '../defaults.js';
import { describeError, UnspunError } from '../errors.js';
import type { ArticleInput } from '../types.js';
import { extractHtmlArticle, looksLikeHtml } from './_html.js';
import { normaliseDate, recordToArticle } from './_records.js';
import type { FetchOptions } from './fetch.js';
import type { IngestItem } from './index.js';

export interface FeedEntry {
  id?: string | undefined;
  url?: string | undefined;
  title?: string | undefined;
  published?: string | undefined;
  /** When the item says it was last changed (a watch re-reads an item whose date or content changed). */
  updated?: string | undefined;
  byline?: string | undefined;
  /** The item's full content (HTML or text), when the feed carries it. */
  content?: string | undefined;
}

export interface ParsedFeed {
  title: string | null;
  entries: FeedEntry[];
  /** Items beyond `DEFAULTS.feeds.maxItems`, not read. */
  dropped: number;
}

/** A JSON document that is a JSON Feed (https://jsonfeed.org). */
export function isJsonFeed(data: unknown): boolean {
  return (
    data !== null &&
    typeof data === 'object' &&
    typeof (data as { version?: unknown }).version === 'string' &&
    /jsonfeed\.org/i.test((data as { version: string }).version)
  );
}

const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;

/** Parse a feed document (XML or JSON Feed). Not a feed (an HTML page, other XML, bad JSON): BAD_INPUT. */
export async function parseFeedDocument(content: string, name: string): Promise<ParsedFeed> {
  const max = DEFAULTS.feeds.maxItems;
  const trimmed = content.replace(/^\uFEFF/, '').trimStart();
  if (trimmed.startsWith('{')) {
    let data: unknown;
    try {
      data = JSON.parse(trimmed);
    } catch (e) {
      throw new UnspunError('BAD_INPUT', `${name} is not valid JSON (${describeError(e)})`, {
        subject: name,
      });
    }
    if (!isJsonFeed(data))
      throw new UnspunError('BAD_INPUT', `${name} is JSON but not a JSON Feed`, { subject: name });
    return jsonFeed(data as Record<string, unknown>, max);
  }
  const { parseFeed } = await import('@rowanmanning/feed-parser');
  let feed: ReturnType<typeof parseFeed>;
  try {
    feed = parseFeed(trimmed);
  } catch (e) {
    const what = /^<!doctype html|^<html/i.test(trimmed) ? 'an HTML page, not a feed' : describeError(e);
    throw new UnspunError('BAD_INPUT', `${name} is not an RSS or Atom feed (${what})`, { subject: name });
  }
  const items = feed.items;
  const entries: FeedEntry[] = [];
  for (const item of items.slice(0, max)) {
    entries.push({
      id: str(item.id),
      url: str(item.url),
      title: str(item.title),
      published: (item.published ?? item.updated)?.toISOString(),
      updated: item.updated?.toISOString(),
      byline: str(item.authors[0]?.name),
      content: str(item.content) ?? str(item.description),
    });
  }
  return { title: str(feed.title) ?? null, entries, dropped: Math.max(0, items.length - max) };
}

function jsonFeed(data: Record<string, unknown>, max: number): ParsedFeed {
  const items = Array.isArray(data.items) ? data.items : [];
  const entries: FeedEntry[] = [];
  for (const raw of items.slice(0, max)) {
    if (raw === null || typeof raw !== 'object') {
      entries.push({});
      continue;
    }
    const it = raw as Record<string, unknown>;
    const authors = Array.isArray(it.authors) ? it.authors : it.author ? [it.author] : [];
    entries.push({
      id: str(it.id) ?? (typeof it.id === 'number' ? String(it.id) : undefined),
      url: str(it.url) ?? str(it.external_url),
      title: str(it.title),
      published: str(it.date_published) ?? str(it.date_modified),
      updated: str(it.date_modified),
      byline: str((authors[0] as { name?: unknown } | undefined)?.name),
      content: str(it.content_html) ?? str(it.content_text) ?? str(it.summary),
    });
  }
  return { title: str(data.title) ?? null, entries, dropped: Math.max(0, items.length - max) };
}

/** The text of an item's content: HTML extracted as a fragment, plain text as it is. */
function contentText(content: string): string {
  return looksLikeHtml(content) ? extractHtmlArticle(content).text : content;
}

export interface FeedReadOptions {
  /** Fetch the pages of items that carry no article (default true). */
  fetchLinks?: boolean;
  fetch?: FetchOptions;
  /** Pause between two pages of one host, in ms (default DEFAULTS.feeds.hostDelayMs). */
  hostDelayMs?: number;
  /** Wait for the host's turn before fetching a page from it (a watch shares one pace over all its feeds);
   * default: `hostDelayMs` between two pages of one host of this feed. */
  pace?: (url: URL) => Promise<void>;
  /** May this page be fetched? null: yes; otherwise why not (robots.txt): the item is skipped with that reason. */
  allowPage?: (url: URL) => Promise<string | null>;
  /** Stop before the next item (the current one is finished). */
  signal?: AbortSignal;
}

/** The articles of a parsed feed, in feed order: from its content, or fetched from its link. */
export async function* feedItems(
  feed: ParsedFeed,
  file: string,
  opts: FeedReadOptions = {},
): AsyncGenerator<IngestItem> {
  const minChars = DEFAULTS.feeds.minContentChars;
  const delay = opts.hostDelayMs ?? DEFAULTS.feeds.hostDelayMs;
  const lastFetch = new Map<string, number>();
  let fetched = 0;
  let failuresInARow = 0;
  let i = 0;
  for (const e of feed.entries) {
    if (opts.signal?.aborted) return;
    i++;
    const origin = { file, line: i };
    const label = e.url ?? e.id ?? `item ${i}`;
    try {
      const text = e.content ? contentText(e.content) : '';
      if (text.replace(/\s+/g, ' ').trim().length >= minChars) {
        const parsed = recordToArticle({
          id: e.id && e.id !== e.url ? e.id : undefined,
          url: e.url,
          title: e.title,
          published: e.published,
          byline: e.byline,
          // The text extracted above (an HTML fragment is not extracted a second time).
          text,
          ...(feed.title ? { site: feed.title } : {}),
        });
        yield parsed.ok
          ? { kind: 'article', article: parsed.article, origin }
          : { kind: 'rejected', reason: `${label}: ${parsed.reason}`, origin };
        continue;
      }
      if (!e.url || !/^https?:\/\//i.test(e.url)) {
        yield { kind: 'skipped', reason: 'a feed item with no article text and no web link', origin };
        continue;
      }
      if (opts.fetchLinks === false) {
        yield { kind: 'skipped', reason: 'a feed item with only a link (pages not fetched)', origin };
        continue;
      }
      if (fetched >= DEFAULTS.feeds.maxLinkFetches || failuresInARow >= DEFAULTS.feeds.maxFailuresInARow) {
        const why =
          fetched >= DEFAULTS.feeds.maxLinkFetches
            ? `${DEFAULTS.feeds.maxLinkFetches} pages already fetched for this feed (DEFAULTS.feeds.maxLinkFetches)`
            : `${failuresInARow} page fetches failed in a row`;
        yield { kind: 'rejected', reason: `${label}: not fetched: ${why}`, origin };
        continue;
      }
      const pageUrl = new URL(e.url);
      const refusal = opts.allowPage ? await opts.allowPage(pageUrl) : null;
      if (refusal) {
        yield { kind: 'skipped', reason: refusal, origin };
        continue;
      }
      fetched++;
      if (opts.pace) await opts.pace(pageUrl);
      else {
        const host = pageUrl.host;
        const wait = (lastFetch.get(host) ?? Number.NEGATIVE_INFINITY) + delay - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        lastFetch.set(host, Date.now());
      }
      const { fetchArticle } = await import('./fetch.js');
      let page: ArticleInput;
      try {
        page = await fetchArticle(e.url, opts.fetch ?? {});
        failuresInARow = 0;
      } catch (err) {
        failuresInARow++;
        throw err;
      }
      // The feed's date and title stand in where the page gives none.
      if (!page.published && e.published) page.published = normaliseDate(e.published) ?? undefined;
      if (!page.title && e.title) page.title = e.title;
      yield { kind: 'article', article: page, origin };
    } catch (err) {
      yield { kind: 'rejected', reason: `${label}: ${describeError(err)}`, origin };
    }
  }
  if (feed.dropped > 0) {
    yield {
      kind: 'rejected',
      reason: `the feed has ${feed.dropped} more item(s) than the ${DEFAULTS.feeds.maxItems} read (DEFAULTS.feeds.maxItems)`,
      origin: { file, line: i + 1 },
    };
  }
}
