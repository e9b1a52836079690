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
  | 'STORE'
  | 'STORE_SCHEMA'
  | 'MODEL';

/** The one error class of unspun: a stable string `code`, a human message, and an optional cause. */
export class UnspunError extends Error {
  readonly code: ErrorCode;
  /** The file, URL or record the error is about, when there is one. */
  readonly subject: string | undefined;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; subject?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UnspunError';
    this.code = code;
    this.subject = options.subject;
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
