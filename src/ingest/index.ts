/**
 * Ingest sources: files, directories and standard input turned into a stream of articles and rejections.
 * Everything streams: JSONL and CSV are read record by record, so memory stays flat in input size.
 */
import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { DEFAULTS } from '../defaults.js';
import { describeError, UnspunError } from '../errors.js';
import type { ArticleInput } from '../types.js';
import { type FeedReadOptions, feedItems, parseFeedDocument } from './_feed.js';
import { htmlDocumentToArticle, type Parsed, recordToArticle, textDocumentToArticle } from './_records.js';
import { readWarc, WARC_RE } from './_warc.js';
import { bomEncoding, decoderFor, htmlEncoding, metaCharset } from './charset.js';

export { type FeedEntry, type FeedReadOptions, feedItems, parseFeedDocument } from './_feed.js';
export { extractHtmlArticle, looksLikeHtml, stripBoilerplate } from './_html.js';
export { htmlDocumentToArticle, normaliseDate, recordToArticle, textDocumentToArticle } from './_records.js';

export type InputFormat = 'text' | 'html' | 'jsonl' | 'csv' | 'json' | 'warc' | 'feed' | 'url';

/** Where an article or a rejection came from. */
export interface Origin {
  file: string;
  /** 1-based line (JSONL; the line a CSV record starts on; a WARC or feed item's number), when the input has them. */
  line?: number | undefined;
}

export type IngestItem =
  | { kind: 'article'; article: ArticleInput; origin: Origin }
  | { kind: 'rejected'; reason: string; origin: Origin }
  /** A record that holds no article and is no error (a WARC request record, an image response). */
  | { kind: 'skipped'; reason: string; origin: Origin };

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
  '.json': 'json',
  '.rss': 'feed',
  '.atom': 'feed',
};

export function formatOf(path: string): InputFormat | undefined {
  if (WARC_RE.test(path)) return 'warc';
  return EXTENSIONS[extname(path).toLowerCase()];
}

/**
 * Expand paths (files, directories recursively, "-" for standard input) into a plan with sizes, so progress
 * can be shown in bytes. Unsupported files named explicitly are rejections; inside directories they are skipped.
 */
export async function planInputs(paths: string[]): Promise<{
  inputs: PlannedInput[];
  rejected: IngestItem[];
  skipped: number;
  /** The first files skipped inside directories, with the reason (at most 100). */
  skippedList: { file: string; reason: string }[];
}> {
  const inputs: PlannedInput[] = [];
  const rejected: IngestItem[] = [];
  let skipped = 0;
  const skippedList: { file: string; reason: string }[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) {
        const format = formatOf(p);
        if (!format) {
          skipped++;
          if (skippedList.length < 100)
            skippedList.push({ file: p, reason: `not an article file type ("${extname(p) || '(none)'}")` });
        } else inputs.push({ path: p, format, size: (await stat(p)).size });
      }
    }
  };
  for (const p of paths) {
    if (p === '-') {
      inputs.push({ path: '-', format: 'jsonl', size: 0 });
      continue;
    }
    if (/^https?:\/\//i.test(p)) {
      inputs.push({ path: p, format: 'url', size: 0 });
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
    else if (!st.isFile()) {
      rejected.push({
        kind: 'rejected',
        reason: 'not a regular file (a device, FIFO or socket): not read',
        origin: { file: p },
      });
    } else {
      // A .xml file named on its own is read as a feed; inside folders .xml files (sitemaps, settings) are skipped.
      const format = formatOf(p) ?? (/\.xml$/i.test(p) ? 'feed' : undefined);
      if (!format) {
        rejected.push({
          kind: 'rejected',
          reason: `unsupported file type "${extname(p) || '(none)'}" (use .txt, .md, .html, .json, .jsonl, .csv, .warc, .warc.gz, .rss, .atom or .xml)`,
          origin: { file: p },
        });
      } else inputs.push({ path: p, format, size: st.size });
    }
  }
  return { inputs, rejected, skipped, skippedList };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Read a whole document file with checks: size limit, binary content, UTF-8 validity. */
export async function readDocumentFile(
  path: string,
  maxBytes = DEFAULTS.maxDocumentBytes,
  decode: { html?: boolean } = {},
): Promise<string> {
  // Look before opening: opening a FIFO for reading blocks until a writer comes.
  const pre = await stat(path).catch(() => null);
  if (pre && !pre.isFile() && !pre.isDirectory()) {
    throw new UnspunError('BAD_INPUT', `${path} is not a regular file (a device, FIFO or socket): not read`, {
      subject: path,
    });
  }
  const fh = await open(path, 'r').catch((e: NodeJS.ErrnoException) => {
    throw new UnspunError('IO', `cannot read ${path}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`, {
      cause: e,
      subject: path,
    });
  });
  const tooLarge = (size: number) =>
    new UnspunError(
      'BAD_INPUT',
      `${path} is ${(size / 1e6).toFixed(1)} MB or more, over the ${(maxBytes / 1e6).toFixed(0)} MB limit for one document`,
      { subject: path },
    );
  try {
    const st = await fh.stat();
    if (st.isDirectory())
      throw new UnspunError('BAD_INPUT', `${path} is a directory: give one file`, { subject: path });
    if (!st.isFile()) {
      throw new UnspunError(
        'BAD_INPUT',
        `${path} is not a regular file (a device, FIFO or socket): not read`,
        {
          subject: path,
        },
      );
    }
    if (st.size > maxBytes) throw tooLarge(st.size);
    // Read at most one byte past the limit: a file that grows while it is read cannot take more.
    const buf = Buffer.alloc(Math.min(st.size, maxBytes) + 1);
    let n = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, n, buf.length - n, n);
      if (bytesRead === 0) break;
      n += bytesRead;
      if (n === buf.length) {
        if (n > maxBytes) throw tooLarge(n);
        throw new UnspunError('BAD_INPUT', `${path} grew while it was read: not read`, { subject: path });
      }
    }
    return decodeDocument(buf.subarray(0, n), path, { html: decode.html ?? /\.x?html?$/i.test(path) });
  } finally {
    await fh.close();
  }
}

/**
 * Decode a document's bytes: UTF-8, or what a byte-order mark announces (UTF-16 included), or for an HTML page
 * (`html`) the charset it declares in a meta tag. Binary data, invalid UTF-8 and unknown charsets are refused with
 * a clear message.
 */
export function decodeDocument(buf: Uint8Array, name: string, opts: { html?: boolean } = {}): string {
  const bom = bomEncoding(buf);
  if (bom === 'utf-16le' || bom === 'utf-16be') {
    return decoderFor(bom)!.decode(buf.subarray(2));
  }
  if (opts.html) {
    const declared = metaCharset(buf);
    const encoding = htmlEncoding(buf);
    if (declared && !decoderFor(declared))
      throw new UnspunError('BAD_INPUT', `${name} declares an unknown charset "${declared}"`, {
        subject: name,
      });
    if (encoding !== 'utf-8') return decoderFor(encoding)!.decode(buf);
  }
  const probe = buf.subarray(0, 8192);
  if (probe.includes(0))
    throw new UnspunError('BAD_INPUT', `${name} is a binary file, not text`, { subject: name });
  try {
    return utf8.decode(buf);
  } catch (e) {
    throw new UnspunError('BAD_INPUT', `${name} is not valid UTF-8 text`, { cause: e, subject: name });
  }
}

/**
 * Split a byte stream into lines (Buffers), without decoding: each line is decoded and checked on its own. A
 * line longer than `maxLine` bytes is never held in memory: its bytes are dropped as they arrive and it comes
 * out as one `oversized` line, so the rest of the stream goes on.
 */
async function* byteLines(
  stream: AsyncIterable<Buffer>,
  maxLine: number,
): AsyncGenerator<{ bytes: Buffer; size: number; oversized?: true }> {
  let rest: Buffer | null = null;
  let skipped = 0; // bytes of an oversized line dropped so far (0: not skipping)
  for await (const chunk of stream) {
    let buf: Buffer = rest ? Buffer.concat([rest, chunk]) : chunk;
    let nl = buf.indexOf(10);
    while (nl >= 0) {
      if (skipped > 0 || nl > maxLine) {
        yield { bytes: Buffer.alloc(0), size: skipped + nl + 1, oversized: true };
        skipped = 0;
      } else yield { bytes: buf.subarray(0, nl), size: nl + 1 };
      buf = buf.subarray(nl + 1);
      nl = buf.indexOf(10);
    }
    if (skipped > 0 || buf.length > maxLine) {
      skipped += buf.length;
      rest = null;
    } else rest = buf.length > 0 ? Buffer.from(buf) : null;
  }
  if (skipped > 0) yield { bytes: Buffer.alloc(0), size: skipped, oversized: true };
  else if (rest && rest.length > 0) yield { bytes: rest, size: rest.length };
}

/** "10 MiB" for a byte count. */
function mib(n: number): string {
  return n >= 1 << 20 ? `${Math.round(n / (1 << 20))} MiB` : `${Math.round(n / 1024)} KiB`;
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
  maxRecord: number,
): AsyncGenerator<IngestItem> {
  let line = 0;
  for await (const { bytes, size, oversized } of byteLines(stream, maxRecord)) {
    line++;
    onBytes(size);
    const origin = { file, line };
    if (oversized) {
      yield { kind: 'rejected', reason: `record larger than ${mib(maxRecord)} (skipped)`, origin };
      continue;
    }
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

async function* readCsv(
  path: string,
  onBytes: (n: number) => void,
  maxRecord: number,
): AsyncGenerator<IngestItem> {
  const { parse: parseCsv } = await import('csv-parse');
  // A bad record (an unbalanced quote, an oversized field) is reported with its line and skipped, and reading
  // resumes on the line after the one it started on: an unclosed quote would otherwise swallow every record
  // after it. Each resumption starts a fresh parser at that byte offset with the header already known. Right
  // after a resumption, records must have the header's number of fields until one does (the lines of a
  // broken multi-line field are rejected, not stored as articles).
  const maxBad = DEFAULTS.limits.maxMalformedCsvRecords;
  let header: string[] | null = null;
  let start = 0; // byte offset where the current parser starts
  let lineBase = 0; // lines before `start`
  let reported = 0; // bytes passed to onBytes
  let probation = false;
  let bad = 0;
  const report = (abs: number) => {
    if (abs > reported) onBytes(abs - reported);
    reported = Math.max(reported, abs);
  };
  for (;;) {
    // Records are taken as the parser makes them (on_record), not from its readable side: a stream that
    // fails discards what it had buffered, and those records came before the bad one.
    const made: { record: Record<string, unknown>; lines: number; bytes: number; fields: number }[] = [];
    // Lines (of this parser's input) up to the end of the previous record: the header is line 1 of the file.
    let endOfPrevious = header === null ? 1 : 0;
    let emptyBefore = 0;
    let failure: string | null = null;
    const parser = parseCsv({
      columns:
        header ??
        ((names: string[]) => {
          header = names;
          return names;
        }),
      bom: start === 0,
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: maxRecord,
      on_record: (
        record: Record<string, unknown>,
        ctx: { lines: number; bytes: number; index: number; empty_lines?: number },
      ) => {
        // The record starts on the line after the previous record (or the header), past any blank lines.
        const empty = ctx.empty_lines ?? 0;
        const first = endOfPrevious + 1 + (empty - emptyBefore);
        endOfPrevious = ctx.lines;
        emptyBefore = empty;
        made.push({ record, lines: first, bytes: ctx.bytes, fields: ctx.index });
        return null;
      },
    });
    parser.on('error', (e: Error & { code?: string }) => {
      failure ??=
        e.code === 'CSV_MAX_RECORD_SIZE'
          ? `record larger than ${mib(maxRecord)}`
          : `malformed CSV record (${describeError(e).replace(/ at line \d+/, '')})`;
    });
    let goodEnd = -1; // absolute byte offset after the last good record of this parser
    const fh = await open(path, 'r');
    try {
      const buf = Buffer.alloc(1 << 20);
      let pos = start;
      for (;;) {
        const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
        pos += bytesRead;
        if (bytesRead > 0) parser.write(Buffer.from(buf.subarray(0, bytesRead)));
        else parser.end();
        await new Promise<void>((r) => setImmediate(r)); // errors are emitted on a later tick
        for (const m of made.splice(0)) {
          goodEnd = start + m.bytes;
          report(goodEnd);
          const line = lineBase + m.lines;
          const width = (header as string[] | null)?.length ?? m.fields;
          if (probation && m.fields !== width) {
            yield {
              kind: 'rejected',
              reason: `${m.fields} field(s) where the header has ${width}, after a malformed record; skipped`,
              origin: { file: path, line },
            };
            continue;
          }
          probation = false;
          if (Object.values(m.record).some((v) => typeof v === 'string' && v.includes('\uFFFD'))) {
            yield { kind: 'rejected', reason: 'record is not valid UTF-8', origin: { file: path, line } };
            continue;
          }
          yield parsedToItem(recordToArticle(m.record), { file: path, line });
        }
        if (failure || bytesRead === 0) break;
      }
    } finally {
      parser.destroy();
      await fh.close();
    }
    if (!failure) {
      report(await fileSize(path));
      return;
    }
    if (header === null) {
      yield {
        kind: 'rejected',
        reason: `${failure} in the header line; the file was not read`,
        origin: { file: path, line: 1 },
      };
      report(await fileSize(path));
      return;
    }
    // The bad record starts on the first non-empty line after the last good record (or after the header).
    let from = goodEnd;
    if (from < 0) from = start === 0 ? ((await lineAfter(path, 0))?.offset ?? 0) : start;
    const resume = await lineAfter(path, from);
    bad++;
    const line = lineBase + (await countLines(path, start, from)) + (resume?.skipped ?? 0) + 1;
    if (!resume || bad >= maxBad) {
      const rest = resume ? `; ${maxBad} malformed records, the rest of the file was not read` : '; skipped';
      yield { kind: 'rejected', reason: `${failure}${rest}`, origin: { file: path, line } };
      report(await fileSize(path));
      return;
    }
    yield {
      kind: 'rejected',
      reason: `${failure}; skipped, reading resumed on the next line`,
      origin: { file: path, line },
    };
    lineBase = line; // the bad record's line ends just before the resumption offset
    start = resume.offset;
    report(start);
    probation = true;
  }
}

async function fileSize(path: string): Promise<number> {
  return (await stat(path)).size;
}

/**
 * The offset just after the first non-empty line at or after `from`, with the number of line breaks skipped
 * before that line; null at the end of the file. Reads in chunks: memory stays flat whatever the line length.
 */
async function lineAfter(path: string, from: number): Promise<{ offset: number; skipped: number } | null> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(1 << 16);
    let pos = from;
    let inLine = false;
    let skipped = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
      if (bytesRead === 0) return null;
      for (let i = 0; i < bytesRead; i++) {
        const c = buf[i]!;
        if (c === 0x0a) {
          if (inLine) return { offset: pos + i + 1, skipped };
          skipped++;
        } else if (c !== 0x0d) inLine = true;
      }
      pos += bytesRead;
    }
  } finally {
    await fh.close();
  }
}

/** Line breaks between two byte offsets of a file. */
async function countLines(path: string, from: number, to: number): Promise<number> {
  if (to <= from) return 0;
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(1 << 16);
    let n = 0;
    for (let pos = from; pos < to; ) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, to - pos), pos);
      if (bytesRead === 0) break;
      for (let i = 0; i < bytesRead; i++) if (buf[i] === 0x0a) n++;
      pos += bytesRead;
    }
    return n;
  } finally {
    await fh.close();
  }
}

/**
 * A `.json` file: one article object (FakeNewsNet-style: `title`, `text`, `url`, `source`, `publish_date` as epoch
 * seconds or {"$date": ...}), or an array of them.
 */
function* jsonDocument(content: string, file: string): Generator<IngestItem> {
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch (e) {
    yield { kind: 'rejected', reason: `invalid JSON (${describeError(e)})`, origin: { file } };
    return;
  }
  if (Array.isArray(data)) {
    for (let i = 0; i < data.length; i++) {
      const origin = { file, line: i + 1 };
      const rec = data[i];
      if (rec === null || typeof rec !== 'object' || Array.isArray(rec))
        yield { kind: 'rejected', reason: `item ${i + 1} is not an article object`, origin };
      else yield parsedToItem(recordToArticle(rec as Record<string, unknown>), origin);
    }
    if (data.length === 0)
      yield { kind: 'rejected', reason: 'an empty JSON array: no article', origin: { file } };
    return;
  }
  yield parsedToItem(recordToArticle(data as Record<string, unknown>), { file });
}

export interface ReadOptions extends FeedReadOptions {
  /** Called with the number of input bytes consumed since the last call. */
  onBytes?: (n: number) => void;
  /** Standard input, for "-" (defaults to process.stdin). */
  stdin?: AsyncIterable<Buffer>;
  /** Largest JSONL line or CSV record, in bytes (default DEFAULTS.limits.maxRecordBytes). */
  maxRecordBytes?: number;
}

/** An http(s) URL given to ingest: a feed (its items) or an HTML page (one article), fetched through the guard. */
async function* readUrl(url: string, opts: ReadOptions): AsyncGenerator<IngestItem> {
  const { fetchPage, FEED_TYPE } = await import('./fetch.js');
  const { html: body, finalUrl, contentType } = await fetchPage(url, { ...(opts.fetch ?? {}), feeds: true });
  const head = body.slice(0, 400).trimStart();
  const feedLike =
    /^(?:<\?xml[\s\S]*?)?<(?:rss|feed|rdf:RDF)\b/i.test(head) ||
    (head.startsWith('{') && head.includes('jsonfeed.org'));
  if (feedLike || (FEED_TYPE.test(contentType) && !/html/i.test(contentType))) {
    yield* feedItems(await parseFeedDocument(body, url), url, opts);
    return;
  }
  const parsed = htmlDocumentToArticle(body, { url: finalUrl });
  yield parsedToItem(parsed, { file: url });
}

/** Read planned inputs into a stream of articles and rejections. Never throws for a bad record or file. */
export async function* readInputs(
  inputs: PlannedInput[],
  opts: ReadOptions = {},
): AsyncGenerator<IngestItem> {
  const onBytes = opts.onBytes ?? (() => {});
  const maxRecord = opts.maxRecordBytes ?? DEFAULTS.limits.maxRecordBytes;
  for (const input of inputs) {
    const file = input.path === '-' ? '<stdin>' : input.path;
    try {
      if (input.format === 'jsonl' || input.format === 'csv') {
        const records =
          input.format === 'csv'
            ? readCsv(input.path, onBytes, maxRecord)
            : readJsonl(
                input.path === '-'
                  ? (opts.stdin ?? (process.stdin as AsyncIterable<Buffer>))
                  : createReadStream(input.path, { highWaterMark: 1 << 20 }),
                file,
                onBytes,
                maxRecord,
              );
        let n = 0;
        for await (const item of records) {
          n++;
          yield item;
        }
        // An empty file (or a header alone) is no input: say so, as for an empty text file.
        if (n === 0) yield { kind: 'rejected', reason: 'no records in the file', origin: { file } };
      } else if (input.format === 'warc') {
        yield* readWarc(input.path, onBytes);
      } else if (input.format === 'feed') {
        const content = await readDocumentFile(input.path, DEFAULTS.maxDocumentBytes, { html: true });
        onBytes(input.size);
        yield* feedItems(await parseFeedDocument(content, file), file, opts);
      } else if (input.format === 'url') {
        yield* readUrl(input.path, opts);
      } else if (input.format === 'json') {
        const content = await readDocumentFile(
          input.path,
          Math.min(DEFAULTS.maxDocumentBytes, maxRecord * 10),
        );
        onBytes(input.size);
        // A JSON Feed is a feed, whatever its file is called.
        if (/^\s*\{[\s\S]{0,200}"version"\s*:\s*"https?:\/\/jsonfeed\.org/.test(content.slice(0, 400)))
          yield* feedItems(await parseFeedDocument(content, file), file, opts);
        else yield* jsonDocument(content, file);
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
