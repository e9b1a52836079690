/**
 * Fetch one article page by URL: the only network access unspun makes, and only when asked (`unspun check URL`,
 * the server's check by URL). Every connection goes through an address guard: the host name is resolved first
 * and private, loopback, link-local, unique-local, shared (CGNAT), multicast, reserved and cloud-metadata
 * addresses are refused before any connection is made, for the first request and after each redirect (followed
 * by hand, a bounded number of times). The guard runs inside the connection's own name lookup, so the address
 * checked is the address connected to (no second resolution a hostile DNS server could answer differently).
 */

import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import type * as Undici from 'undici';
import { DEFAULTS } from '../defaults.js';
import { UnspunError } from '../errors.js';
import type { ArticleInput } from '../types.js';
import { htmlDocumentToArticle } from './_records.js';
import { decoderFor, headerCharset, htmlEncoding } from './charset.js';

export interface FetchOptions {
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  /** Allow loopback addresses (127.0.0.0/8, ::1): for local testing only. Private ranges stay refused. */
  allowLoopback?: boolean;
  /** Name resolution (tests give a fake one); default the system resolver. */
  resolve?: (host: string) => Promise<string[]>;
  /** Also accept news feeds (RSS, Atom, JSON Feed), not only HTML pages (`ingest URL`). */
  feeds?: boolean;
  /** Accept any content type (robots.txt is text/plain). */
  anyType?: boolean;
  /** A conditional request: the validators of the copy read before (ETag, Last-Modified). */
  conditional?: { etag?: string | undefined; lastModified?: string | undefined };
}

/** What a fetch gave: the page, or "not modified" for a conditional request answered 304. */
export type Fetched =
  | {
      notModified: false;
      html: string;
      finalUrl: string;
      contentType: string;
      etag: string | undefined;
      lastModified: string | undefined;
    }
  | { notModified: true; finalUrl: string; etag: string | undefined; lastModified: string | undefined };

/** Milliseconds a Retry-After header asks for (seconds or an HTTP date), or undefined. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

/** Content types of news feeds (RSS, Atom, RDF, JSON Feed; servers often say text/xml or application/json). */
export const FEED_TYPE =
  /application\/(?:rss|atom|rdf|feed)\+(?:xml|json)|(?:text|application)\/xml|application\/json/i;

export { isUrl } from './identity.js';

/** Why an address may not be fetched from, or null when it is a public unicast address. */
export function addressRefusal(address: string, opts: { allowLoopback?: boolean } = {}): string | null {
  let ip: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    ip = ipaddr.parse(address.replace(/^\[|\]$/g, '').replace(/%.*$/, ''));
  } catch {
    return `${address} is not an IP address`;
  }
  // An IPv4 address written as IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address.
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) {
    ip = (ip as ipaddr.IPv6).toIPv4Address();
  }
  const range = ip.range();
  if (range === 'unicast') return null;
  if (range === 'loopback' && opts.allowLoopback) return null;
  const label: Record<string, string> = {
    loopback: 'a loopback address',
    private: 'a private address',
    linkLocal: 'a link-local address (cloud metadata services live there)',
    uniqueLocal: 'a unique-local (private) address',
    carrierGradeNat: 'a shared (carrier-grade NAT) address',
    unspecified: 'the unspecified address',
    broadcast: 'a broadcast address',
    multicast: 'a multicast address',
  };
  return `${address} is ${label[range] ?? `a reserved address (${range})`}`;
}

const systemResolve = (host: string): Promise<string[]> =>
  new Promise((resolve, reject) => {
    dnsLookup(host, { all: true, verbatim: true }, (err, addresses: LookupAddress[]) =>
      err ? reject(err) : resolve(addresses.map((a) => a.address)),
    );
  });

/** Thrown inside a lookup, carried out of undici as the error's cause. */
class Refused extends Error {}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for net/tls connections that resolves the name and refuses it when any of its addresses is not a
 * public unicast address (a name resolving to a public and a private address is refused: the connection could
 * pick either).
 */
export function guardedLookup(opts: Pick<FetchOptions, 'allowLoopback' | 'resolve'> = {}) {
  const resolve = opts.resolve ?? systemResolve;
  return (host: string, options: { all?: boolean } | number | undefined, callback: LookupCallback): void => {
    resolve(host).then(
      (addresses) => {
        if (addresses.length === 0) {
          callback(Object.assign(new Error(`${host} has no address`), { code: 'ENOTFOUND' }), []);
          return;
        }
        for (const a of addresses) {
          const why = addressRefusal(a, opts);
          if (why) {
            callback(new Refused(`${host} resolves to ${why}`), []);
            return;
          }
        }
        const list = addresses.map((a) => ({ address: a, family: isIP(a) === 6 ? 6 : 4 }));
        if (typeof options === 'object' && options?.all) callback(null, list);
        else callback(null, list[0]!.address, list[0]!.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, []),
    );
  };
}

/** The refusal for a URL before any connection: its scheme, and its host when the host is an IP literal. */
export function urlRefusal(url: URL, opts: { allowLoopback?: boolean } = {}): string | null {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `${url.protocol} URLs are not fetched`;
  if (url.username || url.password) return 'URLs with credentials are not fetched';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return addressRefusal(host, opts);
  return null;
}

function causeChain(e: unknown): unknown[] {
  const out: unknown[] = [];
  let cur: unknown = e;
  for (let i = 0; i < 6 && cur; i++) {
    out.push(cur);
    cur = (cur as { cause?: unknown }).cause;
  }
  return out;
}

/** Fetch a page and extract its article. Errors: FETCH_BLOCKED, FETCH_FAILED, FETCH_NOT_HTML, FETCH_TOO_LARGE, BAD_INPUT. */
export async function fetchArticle(url: string, opts: FetchOptions = {}): Promise<ArticleInput> {
  const { html, finalUrl } = await fetchPage(url, opts);
  const parsed = htmlDocumentToArticle(html, { url: finalUrl });
  if (!parsed.ok) throw new UnspunError('BAD_INPUT', `${url}: ${parsed.reason}`, { subject: url });
  return parsed.article;
}

/** Fetch an HTML page through the address guard: its text and the URL it was finally read from. */
export async function fetchPage(
  url: string,
  opts: FetchOptions = {},
): Promise<{ html: string; finalUrl: string; contentType: string }> {
  const r = await fetchResource(url, { ...opts, conditional: undefined });
  if (r.notModified)
    throw new UnspunError('FETCH_FAILED', `cannot fetch ${url}: HTTP 304 without a condition`);
  return r;
}

/**
 * Fetch through the address guard, with a conditional request when validators are given (a 304 answer is
 * `notModified`), and the response's own validators for the next request.
 */
export async function fetchResource(url: string, opts: FetchOptions = {}): Promise<Fetched> {
  const timeoutMs = opts.timeoutMs ?? DEFAULTS.fetchTimeoutMs;
  const maxBytes = opts.maxBytes ?? DEFAULTS.fetchMaxBytes;
  const maxRedirects = opts.maxRedirects ?? DEFAULTS.limits.maxRedirects;
  const guard = { allowLoopback: opts.allowLoopback ?? false };
  // undici is loaded when a fetch happens, not when this module is imported (`check FILE` never fetches).
  const { Agent, fetch: undiciFetch }: typeof Undici = await import('undici');
  const agent = new Agent({
    connect: { lookup: guardedLookup({ ...guard, ...(opts.resolve ? { resolve: opts.resolve } : {}) }) },
  });
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    let current: URL;
    try {
      current = new URL(url);
    } catch {
      throw new UnspunError('BAD_INPUT', `${url} is not a valid URL`, { subject: url });
    }
    for (let hop = 0; ; hop++) {
      const refused = urlRefusal(current, guard);
      if (refused) {
        throw new UnspunError('FETCH_BLOCKED', `refused to fetch ${current.href}: ${refused}`, {
          subject: url,
        });
      }
      let res: Awaited<ReturnType<typeof undiciFetch>>;
      try {
        res = await undiciFetch(current, {
          dispatcher: agent,
          signal,
          redirect: 'manual',
          headers: {
            'user-agent': 'unspun/0.1 (+provenance checker)',
            accept: opts.anyType
              ? '*/*'
              : opts.feeds
                ? 'application/rss+xml,application/atom+xml,application/feed+json,application/xml;q=0.9,text/html;q=0.8,*/*;q=0.5'
                : 'text/html,application/xhtml+xml',
            ...(opts.conditional?.etag ? { 'if-none-match': opts.conditional.etag } : {}),
            ...(opts.conditional?.lastModified ? { 'if-modified-since': opts.conditional.lastModified } : {}),
          },
        });
      } catch (e) {
        const refusal = causeChain(e).find((c) => c instanceof Refused) as Refused | undefined;
        if (refusal) {
          throw new UnspunError('FETCH_BLOCKED', `refused to fetch ${current.href}: ${refusal.message}`, {
            subject: url,
          });
        }
        const why =
          (e as Error).name === 'TimeoutError' || signal.aborted
            ? `no answer within ${timeoutMs / 1000} s`
            : describeCause(e);
        throw new UnspunError('FETCH_FAILED', `cannot fetch ${current.href}: ${why}`, {
          cause: e,
          subject: url,
        });
      }
      if (res.status >= 300 && res.status < 400 && res.headers.get('location')) {
        await res.body?.cancel();
        if (hop >= maxRedirects) {
          throw new UnspunError('FETCH_FAILED', `cannot fetch ${url}: more than ${maxRedirects} redirects`, {
            subject: url,
          });
        }
        try {
          current = new URL(res.headers.get('location')!, current);
        } catch {
          throw new UnspunError('FETCH_FAILED', `cannot fetch ${url}: redirect to an invalid URL`, {
            subject: url,
          });
        }
        continue;
      }
      const validators = {
        etag: res.headers.get('etag') ?? undefined,
        lastModified: res.headers.get('last-modified') ?? undefined,
      };
      if (res.status === 304 && opts.conditional) {
        await res.body?.cancel();
        return { notModified: true, finalUrl: current.href, ...validators };
      }
      if (!res.ok) {
        await res.body?.cancel();
        const wait = retryAfterMs(res.headers.get('retry-after'));
        throw new UnspunError(
          'FETCH_FAILED',
          `cannot fetch ${current.href}: HTTP ${res.status} ${res.statusText}`,
          {
            subject: url,
            http: { status: res.status, ...(wait !== undefined ? { retryAfterMs: wait } : {}) },
          },
        );
      }
      const type = res.headers.get('content-type') ?? '';
      if (
        !opts.anyType &&
        !/text\/html|application\/xhtml\+xml/i.test(type) &&
        !(opts.feeds && FEED_TYPE.test(type))
      ) {
        await res.body?.cancel();
        throw new UnspunError(
          'FETCH_NOT_HTML',
          `${current.href} is not an HTML page (content-type: ${type || 'none'})`,
          {
            subject: url,
          },
        );
      }
      const declared = Number(res.headers.get('content-length') ?? '0');
      if (declared > maxBytes) {
        await res.body?.cancel();
        throw new UnspunError('FETCH_TOO_LARGE', `${current.href} is larger than ${maxBytes} bytes`, {
          subject: url,
        });
      }
      const chunks: Uint8Array[] = [];
      let size = 0;
      if (res.body) {
        const reader = res.body.getReader();
        try {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            size += value.byteLength;
            if (size > maxBytes) {
              await reader.cancel();
              throw new UnspunError('FETCH_TOO_LARGE', `${current.href} is larger than ${maxBytes} bytes`, {
                subject: url,
              });
            }
            chunks.push(value);
          }
        } catch (e) {
          if (e instanceof UnspunError) throw e;
          const why = signal.aborted ? `no answer within ${timeoutMs / 1000} s` : describeCause(e);
          throw new UnspunError('FETCH_FAILED', `cannot fetch ${current.href}: ${why}`, {
            cause: e,
            subject: url,
          });
        }
      }
      const body = Buffer.concat(chunks);
      // The page's own charset (the response header's, else its meta tag's), as a browser reads it.
      const encoding = htmlEncoding(body, headerCharset(type));
      return {
        notModified: false,
        html: decoderFor(encoding)!.decode(body),
        finalUrl: current.href,
        contentType: type,
        ...validators,
      };
    }
  } finally {
    agent.close().catch(() => {});
  }
}

function describeCause(e: unknown): string {
  const chain = causeChain(e);
  const last = chain[chain.length - 1] as { message?: string; code?: string } | undefined;
  const msg = last?.message ?? String(e);
  return (last?.code && !msg.includes(last.code) ? `${msg} (${last.code})` : msg).split('\n')[0]!;
}
