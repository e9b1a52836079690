/**
 * Errors over HTTP: RFC 9457 problem details (`application/problem+json`) carrying the UnspunError code, with one
 * fixed mapping from codes to HTTP statuses. Never a stack trace: an error that is not an UnspunError is logged
 * on the server and answered with a generic 500.
 */
import type { ErrorCode } from '../errors.js';
import { isUnspunError } from '../errors.js';

/** The HTTP status of each error code. */
export const STATUS_OF: Record<ErrorCode | 'INTERNAL', number> = {
  USAGE: 400,
  BAD_INPUT: 400,
  UNSUPPORTED_FORMAT: 415,
  NOT_FOUND: 404,
  NO_AUDIT: 404,
  IO: 500,
  FETCH_FAILED: 502,
  FETCH_TOO_LARGE: 422,
  FETCH_NOT_HTML: 422,
  FETCH_BLOCKED: 422,
  STORE: 500,
  STORE_SCHEMA: 500,
  MODEL: 500,
  UNAUTHORIZED: 401,
  READ_ONLY: 403,
  TOO_LARGE: 413,
  RATE_LIMITED: 429,
  BUSY: 503,
  TIMEOUT: 503,
  INTERNAL: 500,
};

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  413: 'Content too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
  502: 'Bad gateway',
  503: 'Service unavailable',
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode | 'INTERNAL' | 'METHOD_NOT_ALLOWED';
  /** The file, URL or record the error is about, when there is one. */
  subject?: string;
}

export function problemOf(code: Problem['code'], detail: string, subject?: string): Problem {
  const status = code === 'METHOD_NOT_ALLOWED' ? 405 : STATUS_OF[code];
  return {
    type: `https://unspun.invalid/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    ...(subject ? { subject } : {}),
  };
}

/** The problem for any thrown value (an UnspunError keeps its code and message; anything else is INTERNAL). */
export function problemFromError(e: unknown): Problem {
  if (isUnspunError(e)) return problemOf(e.code, e.message.split('\n')[0] ?? e.code, e.subject);
  return problemOf('INTERNAL', 'the server failed on this request; it was logged');
}

export function problemResponse(p: Problem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(p), {
    status: p.status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8', ...headers },
  });
}
