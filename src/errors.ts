/** Stable error codes. CLI maps USAGE to exit code 2, everything else to 1. */
export type ErrorCode =
  | 'USAGE'
  | 'IO'
  | 'NOT_FOUND'
  | 'BAD_INPUT'
  | 'UNSUPPORTED_FORMAT'
  | 'FETCH_FAILED'
  | 'FETCH_TOO_LARGE'
  | 'FETCH_NOT_HTML'
  /** The URL's address is private, loopback, link-local or otherwise not public (refused before connecting). */
  | 'FETCH_BLOCKED'
  /** The server: a write without the right token, a write to a read-only server. */
  | 'UNAUTHORIZED'
  | 'READ_ONLY'
  /** The server: a request body over its size limit, too many requests, the check queue full, a time limit. */
  | 'TOO_LARGE'
  | 'RATE_LIMITED'
  | 'BUSY'
  | 'TIMEOUT'
  /** The corpus has no audit yet (run `unspun audit`). */
  | 'NO_AUDIT'
  | 'STORE'
  | 'STORE_SCHEMA'
  | 'MODEL';

/** The one error class of unspun: a stable string `code`, a human message, and an optional cause. */
export class UnspunError extends Error {
  readonly code: ErrorCode;
  /** The file, URL or record the error is about, when there is one. */
  readonly subject: string | undefined;

  /** For a failed HTTP fetch: the response status, and how long the server asked to wait (Retry-After). */
  readonly http: { status: number; retryAfterMs?: number } | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { cause?: unknown; subject?: string; http?: { status: number; retryAfterMs?: number } } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UnspunError';
    this.code = code;
    this.subject = options.subject;
    this.http = options.http;
  }
}

export function isUnspunError(e: unknown): e is UnspunError {
  return e instanceof UnspunError;
}

/** A short, single-line description of any thrown value. */
export function describeError(e: unknown): string {
  if (e instanceof Error) return e.message.split('\n')[0] ?? e.name;
  return String(e);
}
