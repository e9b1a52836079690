/** Fetch one article page by URL (the only network access unspun makes, and only when asked). */
import { DEFAULTS } from '../defaults.js';
import { UnspunError } from '../errors.js';
import type { ArticleInput } from '../types.js';
import { htmlDocumentToArticle } from './_records.js';

export interface FetchOptions {
  timeoutMs?: number;
  maxBytes?: number;
  fetchImpl?: typeof fetch;
}

export function isUrl(s: string): boolean {
  return /^https?:\/\//i.test(s);
}

/** Fetch a page and extract its article. Errors: FETCH_FAILED, FETCH_NOT_HTML, FETCH_TOO_LARGE, BAD_INPUT. */
export async function fetchArticle(url: string, opts: FetchOptions = {}): Promise<ArticleInput> {
  const timeoutMs = opts.timeoutMs ?? DEFAULTS.fetchTimeoutMs;
  const maxBytes = opts.maxBytes ?? DEFAULTS.fetchMaxBytes;
  const doFetch = opts.fetchImpl ?? fetch;
  let res: Response;
  try {
    res = await doFetch(url, {
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'follow',
      headers: {
        'user-agent': 'unspun/0.1 (+provenance checker)',
        accept: 'text/html,application/xhtml+xml',
      },
    });
  } catch (e) {
    const why =
      (e as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : (e as Error).message;
    throw new UnspunError('FETCH_FAILED', `cannot fetch ${url}: ${why}`, { cause: e, subject: url });
  }
  if (!res.ok) {
    throw new UnspunError('FETCH_FAILED', `cannot fetch ${url}: HTTP ${res.status} ${res.statusText}`, {
      subject: url,
    });
  }
  const type = res.headers.get('content-type') ?? '';
  if (!/text\/html|application\/xhtml\+xml/i.test(type)) {
    await res.body?.cancel();
    throw new UnspunError('FETCH_NOT_HTML', `${url} is not an HTML page (content-type: ${type || 'none'})`, {
      subject: url,
    });
  }
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > maxBytes) {
    await res.body?.cancel();
    throw new UnspunError('FETCH_TOO_LARGE', `${url} is larger than ${maxBytes} bytes`, { subject: url });
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (res.body) {
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw new UnspunError('FETCH_TOO_LARGE', `${url} is larger than ${maxBytes} bytes`, { subject: url });
      }
      chunks.push(value);
    }
  }
  const html = new TextDecoder('utf-8').decode(Buffer.concat(chunks));
  const parsed = htmlDocumentToArticle(html, { url: res.url || url });
  if (!parsed.ok) throw new UnspunError('BAD_INPUT', `${url}: ${parsed.reason}`, { subject: url });
  return parsed.article;
}
