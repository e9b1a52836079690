/** Read the one article to check: a file in any ingest format, a URL, or standard input ("-"). */
import { UnspunError } from '../errors.js';
import type { FetchOptions } from '../ingest/fetch.js';
import { isUrl } from '../ingest/identity.js';
import {
  formatOf,
  htmlDocumentToArticle,
  looksLikeHtml,
  readDocumentFile,
  recordToArticle,
  textDocumentToArticle,
} from '../ingest/index.js';
import type { ArticleInput } from '../types.js';

export interface LoadOptions {
  /** Text of standard input, when the argument is "-". */
  readStdin?: () => Promise<string>;
  /** For an http(s) URL: limits, and the loopback switch for local testing. */
  fetch?: FetchOptions;
}

/** One article from text content whose format is unknown: JSON record, HTML page or plain text/Markdown. */
export function articleFromContent(content: string, name: string): ArticleInput {
  const trimmed = content.trimStart();
  let parsed: ReturnType<typeof textDocumentToArticle>;
  if (trimmed.startsWith('{')) {
    let rec: unknown;
    try {
      rec = JSON.parse(trimmed.split('\n', 1)[0] ?? '');
    } catch {
      try {
        rec = JSON.parse(trimmed);
      } catch (e) {
        throw new UnspunError(
          'BAD_INPUT',
          `${name}: looks like JSON but does not parse (${(e as Error).message})`,
          {
            subject: name,
          },
        );
      }
    }
    parsed = recordToArticle(rec as Record<string, unknown>);
  } else if (looksLikeHtml(trimmed) && !/^---\r?\n/.test(trimmed)) {
    parsed = htmlDocumentToArticle(content);
  } else {
    parsed = textDocumentToArticle(content);
  }
  if (!parsed.ok) throw new UnspunError('BAD_INPUT', `${name}: ${parsed.reason}`, { subject: name });
  return parsed.article;
}

export async function loadArticle(arg: string, opts: LoadOptions = {}): Promise<ArticleInput> {
  // The fetcher (an HTTP client, DNS checks) loads only for a URL.
  if (isUrl(arg)) return (await import('../ingest/fetch.js')).fetchArticle(arg, opts.fetch ?? {});
  if (arg === '-') {
    if (!opts.readStdin) throw new UnspunError('USAGE', 'no standard input available');
    const content = await opts.readStdin();
    if (content.trim() === '')
      throw new UnspunError('BAD_INPUT', 'standard input is empty', { subject: '<stdin>' });
    return articleFromContent(content, '<stdin>');
  }
  const format = formatOf(arg);
  if (format === 'warc') {
    throw new UnspunError(
      'BAD_INPUT',
      `${arg}: check reads one article; ingest a WARC archive, or check its pages with "unspun check --batch ${arg}"`,
      { subject: arg },
    );
  }
  const content = await readDocumentFile(arg);
  if (content.trim() === '') throw new UnspunError('BAD_INPUT', `${arg} is empty`, { subject: arg });
  let parsed: ReturnType<typeof textDocumentToArticle>;
  if (format === 'html') parsed = htmlDocumentToArticle(content);
  else if (format === 'jsonl' || format === 'csv') {
    if (format === 'csv') {
      throw new UnspunError(
        'BAD_INPUT',
        `${arg}: check reads one article; give a .txt, .md, .html or .json file`,
        {
          subject: arg,
        },
      );
    }
    const lines = content.split('\n').filter((l) => l.trim() !== '');
    if (lines.length !== 1) {
      throw new UnspunError('BAD_INPUT', `${arg} holds ${lines.length} records; check reads one article`, {
        subject: arg,
      });
    }
    return articleFromContent(lines[0]!, arg);
  } else if (format === 'text') parsed = textDocumentToArticle(content);
  else return articleFromContent(content, arg);
  if (!parsed.ok) throw new UnspunError('BAD_INPUT', `${arg}: ${parsed.reason}`, { subject: arg });
  return parsed.article;
}
