/**
 * Ingest sources: files, directories and standard input turned into a stream of articles and rejections.
 * Everything streams: JSONL and CSV are read record by record, so memory stays flat in input size.
 */
import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { DEFAULTS } from '../defaults.js';
import { describeError, UnspunError } from '../errors.js';
import type { ArticleInput } from '../types.js';
import { htmlDocumentToArticle, type Parsed, recordToArticle, textDocumentToArticle } from './_records.js';

export { extractHtmlArticle, looksLikeHtml, stripBoilerplate } from './_html.js';
export { htmlDocumentToArticle, normaliseDate, recordToArticle, textDocumentToArticle } from './_records.js';

export type InputFormat = 'text' | 'html' | 'jsonl' | 'csv';

/** Where an article or a rejection came from. */
export interface Origin {
  file: string;
  /** 1-based line (JSONL, CSV record start), when the input has lines. */
  line?: number | undefined;
}

export type IngestItem =
  | { kind: 'article'; article: ArticleInput; origin: Origin }
  | { kind: 'rejected'; reason: string; origin: Origin };

export interface PlannedInput {
  path: string;
  format: InputFormat;
  size: number;
}

const EXTENSIONS: Record<string, InputFormat> = {
  '.txt': 'text',
  '.md': 'text',
  '.markdown': 'text',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.csv': 'csv',
};

export function formatOf(path: string): InputFormat | undefined {
  return EXTENSIONS[extname(path).toLowerCase()];
}

/**
 * Expand paths (files, directories recursively, "-" for standard input) into a plan with sizes, so progress
 * can be shown in bytes. Unsupported files named explicitly are rejections; inside directories they are skipped.
 */
export async function planInputs(
  paths: string[],
): Promise<{ inputs: PlannedInput[]; rejected: IngestItem[]; skipped: number }> {
  const inputs: PlannedInput[] = [];
  const rejected: IngestItem[] = [];
  let skipped = 0;
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) {
        const format = formatOf(p);
        if (!format) skipped++;
        else inputs.push({ path: p, format, size: (await stat(p)).size });
      }
    }
  };
  for (const p of paths) {
    if (p === '-') {
      inputs.push({ path: '-', format: 'jsonl', size: 0 });
      continue;
    }
    let st: Awaited<ReturnType<typeof stat>>;
    try {
      st = await stat(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      rejected.push({
        kind: 'rejected',
        reason: code === 'ENOENT' ? 'no such file or directory' : describeError(e),
        origin: { file: p },
      });
      continue;
    }
    if (st.isDirectory()) await walk(p);
    else {
      const format = formatOf(p);
      if (!format) {
        rejected.push({
          kind: 'rejected',
          reason: `unsupported file type "${extname(p) || '(none)'}" (use .txt, .md, .html, .jsonl or .csv)`,
          origin: { file: p },
        });
      } else inputs.push({ path: p, format, size: st.size });
    }
  }
  return { inputs, rejected, skipped };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Read a whole document file with checks: size limit, binary content, UTF-8 validity. */
export async function readDocumentFile(path: string, maxBytes = DEFAULTS.maxDocumentBytes): Promise<string> {
  const fh = await open(path, 'r').catch((e: NodeJS.ErrnoException) => {
    throw new UnspunError('IO', `cannot read ${path}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`, {
      cause: e,
      subject: path,
    });
  });
  try {
    const { size } = await fh.stat();
    if (size > maxBytes) {
      throw new UnspunError(
        'BAD_INPUT',
        `${path} is ${(size / 1e6).toFixed(1)} MB, over the ${(maxBytes / 1e6).toFixed(0)} MB limit for one document`,
        { subject: path },
      );
    }
    const buf = await fh.readFile();
    return decodeDocument(buf, path);
  } finally {
    await fh.close();
  }
}

/** Decode bytes as UTF-8, refusing binary data and invalid UTF-8 with a clear message. */
export function decodeDocument(buf: Uint8Array, name: string): string {
  const probe = buf.subarray(0, 8192);
  if (probe.includes(0))
    throw new UnspunError('BAD_INPUT', `${name} is a binary file, not text`, { subject: name });
  try {
    return utf8.decode(buf);
  } catch (e) {
    throw new UnspunError('BAD_INPUT', `${name} is not valid UTF-8 text`, { cause: e, subject: name });
  }
}

/** Split a byte stream into lines (Buffers), without decoding: each line is decoded and checked on its own. */
async function* byteLines(stream: AsyncIterable<Buffer>): AsyncGenerator<{ bytes: Buffer; size: number }> {
  let rest: Buffer | null = null;
  for await (const chunk of stream) {
    let buf: Buffer = rest ? Buffer.concat([rest, chunk]) : chunk;
    let nl = buf.indexOf(10);
    while (nl >= 0) {
      yield { bytes: buf.subarray(0, nl), size: nl + 1 };
      buf = buf.subarray(nl + 1);
      nl = buf.indexOf(10);
    }
    rest = buf.length > 0 ? Buffer.from(buf) : null;
  }
  if (rest && rest.length > 0) yield { bytes: rest, size: rest.length };
}

function parsedToItem(p: Parsed, origin: Origin): IngestItem {
  return p.ok
    ? { kind: 'article', article: p.article, origin }
    : { kind: 'rejected', reason: p.reason, origin };
}

async function* readJsonl(
  stream: AsyncIterable<Buffer>,
  file: string,
  onBytes: (n: number) => void,
): AsyncGenerator<IngestItem> {
  let line = 0;
  for await (const { bytes, size } of byteLines(stream)) {
    line++;
    onBytes(size);
    const origin = { file, line };
    let s: string;
    try {
      s = utf8.decode(bytes);
    } catch {
      yield { kind: 'rejected', reason: 'line is not valid UTF-8', origin };
      continue;
    }
    if (s.trim() === '') continue;
    let rec: unknown;
    try {
      rec = JSON.parse(s);
    } catch (e) {
      yield { kind: 'rejected', reason: `invalid JSON (${describeError(e)})`, origin };
      continue;
    }
    yield parsedToItem(recordToArticle(rec as Record<string, unknown>), origin);
  }
}

async function* readCsv(path: string, onBytes: (n: number) => void): AsyncGenerator<IngestItem> {
  const { parse: parseCsv } = await import('csv-parse');
  const fileStream = createReadStream(path);
  let lastPos = 0;
  const parser = fileStream.pipe(
    parseCsv({ columns: true, bom: true, relax_column_count: true, skip_empty_lines: true, info: true }),
  );
  const iter = (parser as unknown as Readable)[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<{ record: Record<string, unknown>; info: { lines: number; bytes: number } }>;
    try {
      next = await iter.next();
    } catch (e) {
      const err = e as { message?: string; lines?: number };
      const reason = /Invalid|Quote|quote/.test(err.message ?? '')
        ? `malformed CSV: ${describeError(e)}`
        : describeError(e);
      yield {
        kind: 'rejected',
        reason: `${reason}; the rest of the file was not read`,
        origin: { file: path },
      };
      fileStream.destroy();
      return;
    }
    if (next.done) return;
    const { record, info } = next.value;
    onBytes(info.bytes - lastPos);
    lastPos = info.bytes;
    if (Object.values(record).some((v) => typeof v === 'string' && v.includes('\uFFFD'))) {
      yield {
        kind: 'rejected',
        reason: 'record is not valid UTF-8',
        origin: { file: path, line: info.lines },
      };
      continue;
    }
    yield parsedToItem(recordToArticle(record), { file: path, line: info.lines });
  }
}

export interface ReadOptions {
  /** Called with the number of input bytes consumed since the last call. */
  onBytes?: (n: number) => void;
  /** Standard input, for "-" (defaults to process.stdin). */
  stdin?: AsyncIterable<Buffer>;
}

/** Read planned inputs into a stream of articles and rejections. Never throws for a bad record or file. */
export async function* readInputs(
  inputs: PlannedInput[],
  opts: ReadOptions = {},
): AsyncGenerator<IngestItem> {
  const onBytes = opts.onBytes ?? (() => {});
  for (const input of inputs) {
    const file = input.path === '-' ? '<stdin>' : input.path;
    try {
      if (input.format === 'jsonl') {
        const stream =
          input.path === '-'
            ? (opts.stdin ?? (process.stdin as AsyncIterable<Buffer>))
            : createReadStream(input.path, { highWaterMark: 1 << 20 });
        yield* readJsonl(stream, file, onBytes);
      } else if (input.format === 'csv') {
        yield* readCsv(input.path, onBytes);
      } else {
        const content = await readDocumentFile(input.path);
        onBytes(input.size);
        const parsed =
          input.format === 'html' ? htmlDocumentToArticle(content) : textDocumentToArticle(content);
        yield parsedToItem(parsed, { file });
      }
    } catch (e) {
      onBytes(0);
      yield { kind: 'rejected', reason: describeError(e), origin: { file } };
    }
  }
}
