/**
 * One check the server runs: the input as the request gave it (text, headline and body, an HTML page, or an
 * article already read), turned into an article where the check runs (a worker thread for the heavy parsing).
 */

import type { Exclusions } from '../engine/check.js';
import { UnspunError } from '../errors.js';
import { htmlDocumentToArticle, recordToArticle, textDocumentToArticle } from '../ingest/index.js';
import type { ArticleInput } from '../types.js';

export type CheckInput =
  | { kind: 'text'; text: string }
  | { kind: 'html'; html: string; url?: string }
  | { kind: 'record'; record: Record<string, unknown> }
  | { kind: 'article'; article: ArticleInput };

export interface CheckJob {
  input: CheckInput;
  /** Trace against the corpus (when the server has one) and run the headline check. */
  corpus: boolean;
  headline: boolean;
  /** What not to count as provenance (the check's exclusions). */
  exclude?: Exclusions;
}

/** The article of a job's input; BAD_INPUT with the reason when it has none. */
export function jobArticle(input: CheckInput): ArticleInput {
  if (input.kind === 'article') return input.article;
  const parsed =
    input.kind === 'text'
      ? textDocumentToArticle(input.text)
      : input.kind === 'html'
        ? htmlDocumentToArticle(input.html, input.url ? { url: input.url } : {})
        : recordToArticle(input.record);
  if (!parsed.ok) throw new UnspunError('BAD_INPUT', `the article: ${parsed.reason}`);
  return parsed.article;
}
