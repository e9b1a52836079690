/**
 * `unspun watch`: keep a corpus current from news feeds. Each feed of a watch list is polled on its schedule
 * (default every 15 minutes) with a conditional request (ETag / Last-Modified: an unchanged feed costs a 304);
 * only items that are new or changed since the last poll are read, full-content items from the feed and
 * link-only items from their pages, which are fetched through the address guard, at most one request at a time
 * per host with a pause between two (a robots.txt Crawl-delay lengthens it), and only where the host's
 * robots.txt allows. A failed poll waits twice as long each time it fails again (or as long as a Retry-After
 * asks), a poll that works resets it. Each poll is one log line. What the watch knows of each feed (validators,
 * items read, its next poll, its failures) is kept in the store, so a watch stopped and started again resumes
 * where it was. New articles are audited when the corpus has an audit. It runs until its signal is aborted:
 * the current item is finished and stored, then it returns.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { DEFAULTS } from '../defaults.js';
import { describeError, UnspunError } from '../errors.js';
import type { FetchOptions } from '../ingest/fetch.js';
import type { FeedEntry, IngestItem } from '../ingest/index.js';
import type { Store } from '../store/index.js';
import { type AuditSummary, auditCorpus } from './audit.js';
import { type IngestSummary, ingestItems } from './ingest.js';

/** A feed of a watch list, with its own polling interval when the list gives one. */
export interface WatchFeed {
  url: string;
  intervalMs?: number;
}

export interface WatchOptions {
  /** Default polling interval (ms) for feeds without their own. */
  intervalMs?: number;
  /** Pause between two requests to one host, in ms (default DEFAULTS.feeds.hostDelayMs). */
  hostDelayMs?: number;
  /** Fetch the pages of link-only items (default true). */
  fetchLinks?: boolean;
  /** Fetch options (time and size limits; `allowLoopback` for local testing). */
  fetch?: FetchOptions;
  /** Audit new articles after a poll that stored some, when the corpus has an audit (default true). */
  audit?: boolean;
  /** Poll the feeds that are due (all of them with `force`) once each, and return (for cron). */
  once?: boolean;
  /** Poll every feed now, whatever its schedule or backoff says. */
  force?: boolean;
  /** Stop: the current item is finished, then the watch returns. */
  signal?: AbortSignal;
  /** One line per poll (and per audit). */
  log?: (line: string) => void;
  /** The store's location (lets the audit use worker threads on a large corpus). */
  location?: string | null;
}

export interface WatchSummary {
  polls: number;
  /** Polls answered "not modified". */
  notModified: number;
  failedPolls: number;
  added: number;
  versions: number;
  duplicates: number;
  /** Items that failed (a page that could not be fetched, an item without an article). */
  rejected: number;
  /** Items not fetched because the site's robots.txt disallows them. */
  disallowed: number;
  audited: number;
}

/** What the watch remembers of one feed (kept in the store's metadata). */
interface FeedState {
  etag?: string | undefined;
  lastModified?: string | undefined;
  lastPoll?: string;
  /** When it is due (ms since the epoch). */
  next: number;
  /** Failed polls in a row. */
  failures: number;
  /** Items read: identity -> signature of what was read. */
  seen: Record<string, string>;
  /** Items whose page failed: identity -> attempts so far. */
  attempts: Record<string, number>;
}

const STATE_PREFIX = 'watch:';

/** "30s", "15m", "2h", "1d", "500ms" -> milliseconds; a unit is required. */
export function parseInterval(value: string, what = 'interval'): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|min|h|d)\s*$/i.exec(value);
  if (!m) {
    throw new UnspunError(
      'USAGE',
      `${what} "${value}" is not a duration: give a number and a unit (30s, 15m, 2h, 1d)`,
    );
  }
  const n = Number(m[1]);
  const unit = m[2]!.toLowerCase();
  const ms = n * ({ ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 }[unit] ?? 1);
  if (ms > DEFAULTS.watch.maxIntervalMs) {
    throw new UnspunError(
      'USAGE',
      `${what} "${value}" is longer than ${DEFAULTS.watch.maxIntervalMs / 86_400_000} days`,
    );
  }
  if (ms < DEFAULTS.watch.minIntervalMs) {
    throw new UnspunError(
      'USAGE',
      `${what} "${value}" is shorter than ${DEFAULTS.watch.minIntervalMs / 1000} s`,
    );
  }
  return Math.round(ms);
}

/** A duration for a log line: "15m", "1h 30m", "45s". */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h}h ${m % 60}m` : `${h}h`;
}

/**
 * Read a watch list: an OPML file (the outlines' `xmlUrl`; an `interval` attribute sets a feed's own interval),
 * or a text file of feed URLs, one a line, each optionally followed by its interval ("https://… 30m" or
 * "interval=30m"); blank lines and lines starting with # are ignored. A line that is not an http(s) URL is a
 * USAGE error naming the line.
 */
export async function readWatchList(path: string): Promise<WatchFeed[]> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (e) {
    throw new UnspunError('NOT_FOUND', `cannot read the watch list ${path}: ${describeError(e)}`, {
      subject: path,
    });
  }
  if (size > DEFAULTS.watch.maxListBytes) {
    throw new UnspunError(
      'BAD_INPUT',
      `the watch list ${path} is larger than ${DEFAULTS.watch.maxListBytes} bytes`,
      {
        subject: path,
      },
    );
  }
  const content = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  const opml =
    extname(path).toLowerCase() === '.opml' ||
    /^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<opml\b/i.test(content);
  const feeds = opml ? await opmlFeeds(content, path) : textFeeds(content, path);
  const unique = new Map<string, WatchFeed>();
  for (const f of feeds) if (!unique.has(f.url)) unique.set(f.url, f);
  if (unique.size === 0)
    throw new UnspunError('BAD_INPUT', `the watch list ${path} names no feed`, { subject: path });
  if (unique.size > DEFAULTS.watch.maxFeeds) {
    throw new UnspunError(
      'BAD_INPUT',
      `the watch list ${path} names more than ${DEFAULTS.watch.maxFeeds} feeds`,
      {
        subject: path,
      },
    );
  }
  return [...unique.values()];
}

function feedUrl(raw: string, where: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new UnspunError('BAD_INPUT', `${where}: "${raw.slice(0, 200)}" is not a URL`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new UnspunError('BAD_INPUT', `${where}: only http and https feeds can be watched (${u.protocol})`);
  }
  return u.href;
}

function textFeeds(content: string, path: string): WatchFeed[] {
  const out: WatchFeed[] = [];
  content.split(/\r?\n/).forEach((line, i) => {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) return;
    const [url, ...rest] = t.split(/\s+/);
    const where = `${path}:${i + 1}`;
    const f: WatchFeed = { url: feedUrl(url!, where) };
    for (const r of rest) {
      if (r.startsWith('#')) break;
      f.intervalMs = parseInterval(r.replace(/^(?:interval|every)=/i, ''), `${where}: interval`);
    }
    out.push(f);
  });
  return out;
}

async function opmlFeeds(content: string, path: string): Promise<WatchFeed[]> {
  const { DOMParser } = await import('linkedom');
  let doc: Document;
  try {
    doc = new DOMParser().parseFromString(content, 'text/xml') as unknown as Document;
  } catch (e) {
    throw new UnspunError('BAD_INPUT', `${path} is not a readable OPML file (${describeError(e)})`, {
      subject: path,
    });
  }
  const out: WatchFeed[] = [];
  let n = 0;
  for (const el of Array.from(doc.getElementsByTagName('outline'))) {
    n++;
    const xmlUrl = el.getAttribute('xmlUrl') ?? el.getAttribute('xmlurl');
    if (!xmlUrl) continue; // a folder outline
    const where = `${path}: outline ${n}`;
    const f: WatchFeed = { url: feedUrl(xmlUrl.trim(), where) };
    const interval = el.getAttribute('interval');
    if (interval) f.intervalMs = parseInterval(interval, `${where}: interval`);
    out.push(f);
  }
  return out;
}

/** Sleep `ms`, or less when the signal is aborted. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted || ms <= 0) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** One request at a time per host, with a pause between two (longer when the host's robots.txt asks). */
class Pacer {
  private readonly last = new Map<string, number>();
  private readonly queue = new Map<string, Promise<void>>();
  readonly crawlDelay = new Map<string, number>();
  constructor(private readonly delayMs: number) {}
  async wait(url: URL): Promise<void> {
    const host = url.host;
    const prev = this.queue.get(host) ?? Promise.resolve();
    const turn = prev.then(async () => {
      const gap = Math.max(this.delayMs, this.crawlDelay.get(host) ?? 0);
      const wait = (this.last.get(host) ?? Number.NEGATIVE_INFINITY) + gap - Date.now();
      if (wait > 0) await sleep(wait);
      this.last.set(host, Date.now());
    });
    this.queue.set(host, turn);
    await turn;
  }
}

interface RobotsRules {
  isAllowed(url: string, ua?: string): boolean | undefined;
  getCrawlDelay(ua?: string): number | undefined;
}

/** robots.txt per host (RFC 9309): read once a day; 4xx = no rules; unreachable or 5xx = nothing allowed. */
class RobotsCache {
  private readonly hosts = new Map<
    string,
    { at: number; rules: RobotsRules | null; refusal: string | null }
  >();
  constructor(
    private readonly pacer: Pacer,
    private readonly fetch: FetchOptions,
  ) {}
  /** null when the page may be fetched, else why not. */
  async refusal(url: URL): Promise<string | null> {
    const key = url.origin;
    let entry = this.hosts.get(key);
    if (!entry || Date.now() - entry.at > DEFAULTS.watch.robotsTtlMs) {
      entry = await this.load(url);
      this.hosts.set(key, entry);
    }
    if (entry.refusal) return entry.refusal;
    if (entry.rules && entry.rules.isAllowed(url.href, USER_AGENT_TOKEN) === false) {
      return `disallowed by ${url.origin}/robots.txt`;
    }
    return null;
  }
  private async load(url: URL): Promise<{ at: number; rules: RobotsRules | null; refusal: string | null }> {
    const at = Date.now();
    const robotsUrl = new URL('/robots.txt', url.origin);
    const { fetchResource } = await import('../ingest/fetch.js');
    await this.pacer.wait(robotsUrl);
    try {
      const r = await fetchResource(robotsUrl.href, {
        ...this.fetch,
        anyType: true,
        maxBytes: DEFAULTS.watch.robotsMaxBytes,
      });
      if (r.notModified) return { at, rules: null, refusal: null };
      // A CommonJS module whose export is the parser function (its types describe it as an ES default).
      const robotsParser = (await import('robots-parser')).default as unknown as (
        url: string,
        contents: string,
      ) => RobotsRules;
      const rules = robotsParser(robotsUrl.href, r.html);
      const delay = rules.getCrawlDelay(USER_AGENT_TOKEN);
      if (delay !== undefined && Number.isFinite(delay) && delay > 0) {
        this.pacer.crawlDelay.set(url.host, Math.min(delay * 1000, DEFAULTS.watch.maxCrawlDelayMs));
      }
      return { at, rules, refusal: null };
    } catch (e) {
      const status = e instanceof UnspunError ? e.http?.status : undefined;
      // No robots.txt (404, 410, any 4xx): no rules. A server error or no answer: assume nothing is allowed
      // for now (RFC 9309, 2.3.1.4), and ask again at the next poll.
      if (status !== undefined && status >= 400 && status < 500) return { at, rules: null, refusal: null };
      return {
        at: at - DEFAULTS.watch.robotsTtlMs,
        rules: null,
        refusal: `${url.origin}/robots.txt could not be read (${describeError(e)}): pages of that site are not fetched for now`,
      };
    }
  }
}

/** The product token robots.txt rules are matched against (the fetch's user-agent starts with it). */
const USER_AGENT_TOKEN = 'unspun';

function entryIdentity(e: FeedEntry, i: number): string {
  return e.id ?? e.url ?? `#${i}:${e.title ?? ''}`;
}

/** What was read of an item: a new date, title or content makes it worth reading again. */
function entrySignature(e: FeedEntry): string {
  return createHash('sha1')
    .update([e.url ?? '', e.title ?? '', e.published ?? '', e.updated ?? '', e.content ?? ''].join('\u0000'))
    .digest('base64url')
    .slice(0, 16);
}

const iso = (t: number) => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Watch feeds until the signal is aborted (or once, with `once`). */
export async function watchFeeds(
  store: Store,
  feeds: WatchFeed[],
  opts: WatchOptions = {},
): Promise<WatchSummary> {
  if (feeds.length === 0) throw new UnspunError('USAGE', 'no feed to watch');
  const log = opts.log ?? (() => {});
  const defaultInterval = opts.intervalMs ?? DEFAULTS.watch.intervalMs;
  const pacer = new Pacer(opts.hostDelayMs ?? DEFAULTS.feeds.hostDelayMs);
  const fetchOpts = opts.fetch ?? {};
  const robots = new RobotsCache(pacer, fetchOpts);
  const summary: WatchSummary = {
    polls: 0,
    notModified: 0,
    failedPolls: 0,
    added: 0,
    versions: 0,
    duplicates: 0,
    rejected: 0,
    disallowed: 0,
    audited: 0,
  };
  // Resume: what the store remembers of each feed.
  const states = new Map<string, FeedState>();
  const now0 = Date.now();
  for (const f of feeds) {
    const raw = await store.getMeta(STATE_PREFIX + f.url);
    let st: FeedState | null = null;
    if (raw) {
      try {
        st = JSON.parse(raw) as FeedState;
      } catch {
        st = null; // unreadable: start this feed afresh
      }
    }
    states.set(f.url, st ?? { next: now0, failures: 0, seen: {}, attempts: {} });
  }
  const resumed = [...states.values()].filter((s) => s.lastPoll).length;
  if (resumed > 0) log(`${iso(now0)} resuming: ${resumed} of ${feeds.length} feed(s) polled before`);

  const save = (url: string, st: FeedState) => store.setMeta(STATE_PREFIX + url, JSON.stringify(st));
  const intervalOf = (f: WatchFeed) => f.intervalMs ?? defaultInterval;
  const hasAudit = async () => opts.audit !== false && (await store.getMeta('audit_version')) !== null;

  const poll = async (f: WatchFeed): Promise<void> => {
    const st = states.get(f.url)!;
    const t = Date.now();
    const interval = intervalOf(f);
    summary.polls++;
    const prefix = `${iso(t)} ${f.url}:`;
    try {
      const { fetchResource } = await import('../ingest/fetch.js');
      const { parseFeedDocument, feedItems } = await import('../ingest/index.js');
      await pacer.wait(new URL(f.url));
      const res = await fetchResource(f.url, {
        ...fetchOpts,
        feeds: true,
        conditional: { etag: st.etag, lastModified: st.lastModified },
      });
      st.lastPoll = iso(t);
      if (res.notModified) {
        summary.notModified++;
        st.failures = 0;
        st.next = t + interval;
        log(`${prefix} not modified; next poll in ${formatDuration(interval)}`);
        return;
      }
      const feed = await parseFeedDocument(res.html, f.url);
      // Only items new or changed since they were read.
      const fresh: { entry: FeedEntry; id: string; sig: string }[] = [];
      feed.entries.forEach((e, i) => {
        const id = entryIdentity(e, i);
        const sig = entrySignature(e);
        if (st.seen[id] !== sig) fresh.push({ entry: e, id, sig });
      });
      const outcome = new Map<number, IngestItem['kind']>();
      const disallowed = new Set<number>();
      const notYet = new Set<number>();
      const items = feedItems({ ...feed, entries: fresh.map((x) => x.entry) }, f.url, {
        fetchLinks: opts.fetchLinks ?? true,
        fetch: fetchOpts,
        pace: (u) => pacer.wait(u),
        allowPage: async (u) => {
          const why = await robots.refusal(u);
          return why;
        },
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
      async function* observed(): AsyncIterable<IngestItem> {
        for await (const it of items) {
          const line = it.origin.line;
          if (line !== undefined && line <= fresh.length) {
            outcome.set(line, it.kind);
            // Disallowed by robots.txt: final (remembered, counted). robots.txt unreadable: tried again later.
            if (it.kind === 'skipped' && /^disallowed by .*robots\.txt$/.test(it.reason))
              disallowed.add(line);
            else if (it.kind === 'skipped' && /robots\.txt could not be read/.test(it.reason))
              notYet.add(line);
          }
          yield it;
        }
      }
      const s: IngestSummary = await ingestItems(store, observed(), { workers: 0, batchSize: 100 });
      // Remember what was read; a failed page is tried again at the next polls, a few times.
      let gaveUp = 0;
      fresh.forEach((x, i) => {
        const kind = outcome.get(i + 1);
        if (kind === undefined || notYet.has(i + 1)) return; // not reached (stopped), or robots.txt unreadable
        if (kind === 'rejected') {
          const n = (st.attempts[x.id] ?? 0) + 1;
          if (n < DEFAULTS.watch.maxItemAttempts) {
            st.attempts[x.id] = n;
            return;
          }
          gaveUp++;
        }
        delete st.attempts[x.id];
        delete st.seen[x.id];
        st.seen[x.id] = x.sig;
      });
      const keep = Math.max(DEFAULTS.watch.rememberItems, feed.entries.length * 2);
      const ids = Object.keys(st.seen);
      for (const id of ids.slice(0, Math.max(0, ids.length - keep))) delete st.seen[id];
      // The feed's validators are kept only when every fresh item was dealt with: a page to try again, a page
      // robots.txt did not allow yet, or items a stop left unread need the feed read again, not a 304.
      const unfinished = fresh.some(
        (x, i) => outcome.get(i + 1) === undefined || notYet.has(i + 1) || st.attempts[x.id] !== undefined,
      );
      st.etag = unfinished ? undefined : res.etag;
      st.lastModified = unfinished ? undefined : res.lastModified;
      st.failures = 0;
      st.next = t + interval;
      summary.added += s.added;
      summary.versions += s.versions;
      summary.duplicates += s.duplicates;
      summary.rejected += s.rejected.length;
      summary.disallowed += disallowed.size;
      const unchanged = feed.entries.length - fresh.length;
      log(
        `${prefix} ${feed.entries.length} item(s): ${s.added} new, ${s.versions} updated, ${s.duplicates + unchanged} already stored` +
          (s.rejected.length ? `, ${s.rejected.length} failed${gaveUp ? ` (${gaveUp} given up)` : ''}` : '') +
          (disallowed.size ? `, ${disallowed.size} disallowed by robots.txt` : '') +
          (opts.signal?.aborted ? '; stopped' : `; next poll in ${formatDuration(interval)}`),
      );
      for (const r of s.rejected.slice(0, 5)) log(`  failed: ${r.reason}`);
      if (s.added + s.versions > 0) auditDue = true;
    } catch (e) {
      st.lastPoll = iso(t);
      st.failures++;
      summary.failedPolls++;
      // A Retry-After is honoured up to the longest backoff (a server asking for a month is not waited for).
      const retryAfter = Math.min(
        e instanceof UnspunError ? (e.http?.retryAfterMs ?? 0) : 0,
        DEFAULTS.watch.maxBackoffMs,
      );
      const wait = Math.max(Math.min(interval * 2 ** st.failures, DEFAULTS.watch.maxBackoffMs), retryAfter);
      st.next = t + wait;
      log(
        `${prefix} failed: ${describeError(e)}; next poll in ${formatDuration(wait)} (${st.failures} failure(s) in a row)`,
      );
    } finally {
      // A store that cannot be written (a database restarting) costs this feed's state, not the watch.
      await save(f.url, st).catch((e: unknown) => {
        log(
          `${iso(Date.now())} ${f.url}: its state could not be saved (${describeError(e)}); it is kept in memory`,
        );
      });
    }
  };

  /** New articles are audited once per round of polls (not after each feed), when the corpus has an audit. */
  let auditDue = false;
  const auditIfDue = async () => {
    if (!auditDue || opts.signal?.aborted) return;
    auditDue = false;
    if (!(await hasAudit())) return;
    try {
      const a: AuditSummary = await auditCorpus(store, {
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(opts.location !== undefined ? { location: opts.location } : {}),
      });
      summary.audited += a.audited;
      log(
        `${iso(Date.now())} audit: ${a.audited} article(s) audited (${a.reaudited} again) in ${a.seconds} s`,
      );
    } catch (e) {
      log(`${iso(Date.now())} audit failed: ${describeError(e)}; tried again after the next polls`);
      auditDue = true;
    }
  };

  if (opts.force) for (const st of states.values()) st.next = Date.now();
  if (opts.once) {
    const now = Date.now();
    const due = feeds.filter((f) => states.get(f.url)!.next <= now);
    if (due.length < feeds.length) {
      const soonest = Math.min(...feeds.map((f) => states.get(f.url)!.next));
      log(
        `${iso(now)} ${feeds.length - due.length} feed(s) not due yet (the next in ${formatDuration(soonest - now)}; --now polls them anyway)`,
      );
    }
    for (const f of due) {
      if (opts.signal?.aborted) break;
      await poll(f);
    }
    await auditIfDue();
    return summary;
  }
  for (;;) {
    if (opts.signal?.aborted) break;
    let due = feeds[0]!;
    for (const f of feeds) if (states.get(f.url)!.next < states.get(due.url)!.next) due = f;
    const wait = states.get(due.url)!.next - Date.now();
    if (wait > 0) {
      // Every due feed was polled: audit what they brought, then wait (in steps: a timer over 2^31 ms fires at once).
      await auditIfDue();
      await sleep(Math.min(wait, 3_600_000), opts.signal);
      continue;
    }
    await poll(due);
  }
  return summary;
}
