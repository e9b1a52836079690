/**
 * Batch headline checking: read headline/body pairs (JSONL, or FNC-1's pair of CSV files) and score them
 * in input order, in bounded memory. Bad input lines are reported with their line number, never fatal.
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { describeError, UnspunError } from '../errors.js';
import type { Stance } from './_evidence.js';
import { defaultHeadlineModel } from './_load.js';
import type { HeadlineModel } from './_model.js';

/** One headline/body pair read from a batch input. */
export interface BatchPair {
  headline: string;
  body: string;
  /** The record's `id` (JSONL) or Body ID (FNC-1), passed through to the result. */
  id?: unknown;
  /** A gold stance given with the pair (FNC-1 `Stance` column, JSONL `stance`/`label`), passed through. */
  label?: Stance;
}

/** A line of batch input: a pair, or why the line could not be read. `line` is 1-based. */
export type BatchItem =
  | { ok: true; line: number; pair: BatchPair }
  | { ok: false; line: number; reason: string };

/** One result per input item, in input order. */
export type BatchResult =
  | {
      line: number;
      stance: Stance;
      scores: Record<Stance, number>;
      id?: unknown;
      label?: Stance;
    }
  | { line: number; error: string; id?: unknown };

const STANCE_SET: ReadonlySet<string> = new Set(['agree', 'disagree', 'discuss', 'unrelated']);
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Split a byte stream into lines (Buffers), without decoding. */
async function* byteLines(stream: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer> {
  let rest: Buffer | null = null;
  for await (const raw of stream) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
    let buf: Buffer = rest ? Buffer.concat([rest, chunk]) : chunk;
    let nl = buf.indexOf(10);
    while (nl >= 0) {
      yield buf.subarray(0, nl);
      buf = buf.subarray(nl + 1);
      nl = buf.indexOf(10);
    }
    rest = buf.length > 0 ? Buffer.from(buf) : null;
  }
  if (rest && rest.length > 0) yield rest;
}

const pickString = (rec: Record<string, unknown>, keys: readonly string[]): string | undefined => {
  for (const k of keys) {
    const v = rec[k];
    if (typeof v === 'string') return v;
  }
  return undefined;
};

/** A JSONL record to a pair: `headline` (or `title`) and `body` (or `text`, `articleBody`) strings. */
export function recordToPair(rec: unknown): { ok: true; pair: BatchPair } | { ok: false; reason: string } {
  if (typeof rec !== 'object' || rec === null || Array.isArray(rec)) {
    return { ok: false, reason: 'a record must be a JSON object with "headline" and "body"' };
  }
  const r = rec as Record<string, unknown>;
  const headline = pickString(r, ['headline', 'title', 'Headline']);
  const body = pickString(r, ['body', 'text', 'articleBody']);
  const missing = [headline === undefined ? '"headline"' : null, body === undefined ? '"body"' : null].filter(
    Boolean,
  );
  if (missing.length) return { ok: false, reason: `missing or non-string ${missing.join(' and ')}` };
  const pair: BatchPair = { headline: headline!, body: body! };
  if (r.id !== undefined) pair.id = r.id;
  const label = pickString(r, ['stance', 'label', 'Stance']);
  if (label !== undefined && STANCE_SET.has(label)) pair.label = label as Stance;
  return { ok: true, pair };
}

/**
 * Read headline/body pairs from JSONL (one JSON object per line; blank lines are skipped). A line that is
 * not valid UTF-8 or JSON, or lacks a string `headline`/`body`, is reported as `{ ok: false, line, reason }`
 * and reading goes on. A failing stream ends the generator with one last `ok: false` item.
 */
export async function* readHeadlinePairsJsonl(
  stream: AsyncIterable<Buffer>,
  name: string,
): AsyncGenerator<BatchItem> {
  let line = 0;
  try {
    for await (const bytes of byteLines(stream)) {
      line++;
      let s: string;
      try {
        s = utf8.decode(bytes);
      } catch {
        yield { ok: false, line, reason: 'line is not valid UTF-8' };
        continue;
      }
      if (line === 1 && s.charCodeAt(0) === 0xfeff) s = s.slice(1);
      if (s.trim() === '') continue;
      let rec: unknown;
      try {
        rec = JSON.parse(s);
      } catch (e) {
        yield { ok: false, line, reason: `invalid JSON (${describeError(e)})` };
        continue;
      }
      const p = recordToPair(rec);
      yield p.ok ? { ok: true, line, pair: p.pair } : { ok: false, line, reason: p.reason };
    }
  } catch (e) {
    yield { ok: false, line: line + 1, reason: `reading ${name} failed: ${describeError(e)}` };
  }
}

type CsvRow = { record: Record<string, string>; info: { lines: number } };

/** Iterate a CSV file's records with their line numbers; a parse error ends it with one error item. */
async function* csvRows(path: string): AsyncGenerator<CsvRow | { error: string; line: number }> {
  // The CSV parser loads only for CSV input (not with every import of the headline stage).
  const { parse: parseCsv } = await import('csv-parse');
  const file = createReadStream(path);
  const parser = file.pipe(
    parseCsv({ columns: true, bom: true, relax_column_count: true, skip_empty_lines: true, info: true }),
  );
  let opened = false;
  const opening = new Promise<void>((resolve, reject) => {
    file.once('open', () => {
      opened = true;
      resolve();
    });
    file.once('error', reject);
  });
  try {
    await opening;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UnspunError(
      code === 'ENOENT' ? 'NOT_FOUND' : 'IO',
      `cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : describeError(e)}`,
      { cause: e, subject: path },
    );
  }
  let last = 0;
  try {
    for await (const row of parser as unknown as Readable) {
      last = (row as CsvRow).info.lines;
      yield row as CsvRow;
    }
  } catch (e) {
    yield { error: `malformed CSV: ${describeError(e)}; the rest of the file was not read`, line: last + 1 };
  } finally {
    if (opened) file.destroy();
  }
}

/**
 * Read FNC-1's pair of CSV files: `stancesCsv` (columns Headline, Body ID, and optionally Stance) and
 * `bodiesCsv` (Body ID, articleBody). Bodies are read first (into memory); then one item per stance row,
 * numbered by its line in the stances file. A row whose Body ID has no body is reported, not fatal.
 * Throws UnspunError (NOT_FOUND, IO, BAD_INPUT) when a file cannot be read or the bodies file is malformed.
 */
export async function* readFncPairs(stancesCsv: string, bodiesCsv: string): AsyncGenerator<BatchItem> {
  const bodies = new Map<string, string>();
  for await (const row of csvRows(bodiesCsv)) {
    if ('error' in row) {
      throw new UnspunError('BAD_INPUT', `${bodiesCsv} line ${row.line}: ${row.error}`, {
        subject: bodiesCsv,
      });
    }
    const id = row.record['Body ID']?.trim();
    const body = row.record.articleBody;
    if (id === undefined || body === undefined) {
      throw new UnspunError(
        'BAD_INPUT',
        `${bodiesCsv} is not an FNC-1 bodies file (columns "Body ID" and "articleBody" expected)`,
        { subject: bodiesCsv },
      );
    }
    bodies.set(id, body);
  }
  for await (const row of csvRows(stancesCsv)) {
    if ('error' in row) {
      yield { ok: false, line: row.line, reason: row.error };
      return;
    }
    const { record, info } = row;
    const headline = record.Headline;
    const id = record['Body ID']?.trim();
    if (headline === undefined || id === undefined) {
      yield { ok: false, line: info.lines, reason: 'missing "Headline" or "Body ID" column' };
      continue;
    }
    const body = bodies.get(id);
    if (body === undefined) {
      yield { ok: false, line: info.lines, reason: `no body with Body ID ${id} in ${bodiesCsv}` };
      continue;
    }
    const pair: BatchPair = { headline, body, id: /^\d+$/.test(id) ? Number(id) : id };
    const stance = record.Stance?.trim();
    if (stance && STANCE_SET.has(stance)) pair.label = stance as Stance;
    else if (stance) {
      yield { ok: false, line: info.lines, reason: `unknown stance ${JSON.stringify(stance)}` };
      continue;
    }
    yield { ok: true, line: info.lines, pair };
  }
}

export interface ScoreOptions {
  /** The model (default: the shipped one). */
  model?: HeadlineModel;
  /** Pairs scored together (default 1,000): memory is bounded by this many pairs plus the body cache. */
  batchSize?: number;
  /**
   * Distinct bodies whose features are kept across batches (default 2,048; least recently used out). About
   * 60 KiB per cached body of 2,000 characters (FNC-1's average), so the default stays near 120 MiB.
   */
  cacheBodies?: number;
  /** Called after each batch with the number of items done so far. */
  onProgress?: (done: number) => void;
}

/**
 * Score pairs in input order: one result per input item (`{ line, stance, scores }`, or `{ line, error }`
 * for an item that could not be read). Works in batches of `batchSize`; features of each distinct body are
 * computed once while it stays in the body cache.
 */
export async function* scoreHeadlinePairs(
  pairs: AsyncIterable<BatchItem> | Iterable<BatchItem>,
  opts: ScoreOptions = {},
): AsyncGenerator<BatchResult> {
  const model = opts.model ?? defaultHeadlineModel();
  const size = Math.max(1, Math.floor(opts.batchSize ?? 1000));
  const cache = model.bodyCache(opts.cacheBodies ?? 2048);
  let pending: BatchItem[] = [];
  let done = 0;
  const flush = function* (): Generator<BatchResult> {
    const ok = pending.filter((p): p is Extract<BatchItem, { ok: true }> => p.ok);
    const verdicts = model.predictBatch(
      ok.map((p) => p.pair),
      { evidence: false, cache },
    );
    let k = 0;
    for (const item of pending) {
      if (!item.ok) {
        yield { line: item.line, error: item.reason };
        continue;
      }
      const v = verdicts[k++]!;
      const r: BatchResult = { line: item.line, stance: v.stance, scores: v.scores };
      if (item.pair.id !== undefined) r.id = item.pair.id;
      if (item.pair.label !== undefined) r.label = item.pair.label;
      yield r;
    }
    done += pending.length;
    pending = [];
    opts.onProgress?.(done);
  };
  for await (const item of pairs) {
    pending.push(item);
    if (pending.length >= size) yield* flush();
  }
  if (pending.length) yield* flush();
}
