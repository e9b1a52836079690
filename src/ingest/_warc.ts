/**
 * WARC archives (WARC/1.0 and 1.1, uncompressed or gzip per record or whole; Common Crawl's CC-NEWS, web archives),
 * read with Webrecorder's warcio, streaming: one record at a time, so memory stays flat whatever the file's size.
 * `response` records whose HTTP payload is an HTML page (chunked and content-encoded bodies decoded by warcio, the
 * charset honoured), and `resource` records holding an HTML document, go through the article extractor, with `WARC-Target-URI` as the URL and `WARC-Date` as the
 * fetch date (kept in the article's metadata, and its date when the page gives none). Other records (requests,
 * metadata, non-HTML or failed responses, pages with no article) are skipped with the reason, not rejected. A
 * damaged file (a truncated record, a wrong length, corrupt gzip) keeps what was read before the damage and says
 * where it stopped.
 */
import { createReadStream } from 'node:fs';
import { DEFAULTS } from '../defaults.js';
import { describeError } from '../errors.js';
import { htmlDocumentToArticle, normaliseDate } from './_records.js';
import { decoderFor, headerCharset, htmlEncoding } from './charset.js';
import type { IngestItem } from './index.js';

/** `.warc`, `.warc.gz` (also `.warc.gzip`). */
export const WARC_RE = /\.warc(?:\.gz(?:ip)?)?$/i;

const HTML_TYPE = /^\s*(?:text\/html|application\/xhtml\+xml)\b/i;

/**
 * Read what is left of a record, discarding it (bounded memory: chunk by chunk): through its decoded reader when
 * its payload was being decoded (warcio allows one reader per record), else its raw reader.
 */
async function discard(record: unknown, decoding: boolean): Promise<void> {
  const r = record as {
    reader?: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
    contentReader?: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
  };
  const rest = decoding ? r.contentReader : r.reader;
  if (rest) await consume(rest);
}

/** Read an iterable to its end, discarding what it gives (a stream's bytes are still counted by its wrapper). */
async function consume(it: AsyncIterable<unknown> | Iterable<unknown>): Promise<void> {
  for await (const _ of it) {
    // discarded
  }
}

/** Blank bytes allowed after the last record (line ends some writers add). */
const TRAILING_SLACK = 8;

/** Bytes a record's reader still expected when its data ran out (warcio's LimitReader keeps the count). */
function cutShort(record: unknown): number {
  return (record as { _reader?: { limit?: number } })._reader?.limit ?? 0;
}

function truncated(path: string, n: number, missing: number): IngestItem {
  return {
    kind: 'rejected',
    reason: `record ${n} is cut short (${missing} byte(s) missing: a truncated file or a wrong Content-Length); the rest of the file was not read`,
    origin: { file: path, line: n },
  };
}

export async function* readWarc(
  path: string,
  onBytes: (n: number) => void,
  maxRecord: number = DEFAULTS.fetchMaxBytes,
): AsyncGenerator<IngestItem> {
  const { WARCParser } = await import('warcio');
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  // Progress in file bytes (compressed, as the plan counts them).
  let read = 0;
  async function* counted(): AsyncGenerator<Uint8Array> {
    for await (const chunk of file as AsyncIterable<Buffer>) {
      onBytes(chunk.length);
      read += chunk.length;
      yield chunk;
    }
  }
  const source = counted();
  const parser = new WARCParser(source);
  let n = 0;
  let previous: { record: unknown; start: number; declared: number; decoding: boolean } | null = null;
  const plain = !/\.gz(?:ip)?$/i.test(path);
  try {
    for (;;) {
      // The previous record's unread bytes are read (streaming, discarded) here rather than skipped by the
      // parser: warcio's skip never returns when the file ends inside a record. A record the file ended inside
      // stops the reading.
      if (previous) {
        try {
          await discard(previous.record, previous.decoding);
        } catch (e) {
          yield {
            kind: 'rejected',
            reason: `damaged WARC data in record ${n} (${describeError(e)}); the rest of the file was not read`,
            origin: { file: path, line: n },
          };
          return;
        }
        if (cutShort(previous.record) > 0) {
          yield truncated(path, n, cutShort(previous.record));
          return;
        }
      }
      let record: Awaited<ReturnType<typeof parser.parse>>;
      // warcio writes a warning to the console for a record longer than its Content-Length says (and reads on):
      // it becomes one line of the summary instead.
      const warned: string[] = [];
      const warn = console.warn;
      console.warn = (...args: unknown[]) => {
        warned.push(args.map(String).join(' '));
      };
      try {
        record = await parser.parse();
      } catch (e) {
        yield {
          kind: 'rejected',
          reason: `damaged WARC data after record ${n} (${describeError(e)}); the rest of the file was not read`,
          origin: { file: path, line: n + 1 },
        };
        return;
      } finally {
        console.warn = warn;
      }
      for (const w of warned) {
        const m = /Remainder Length: (\d+)/.exec(w);
        yield {
          kind: 'rejected',
          reason: m
            ? `record ${n} is longer than its Content-Length says (${m[1]} byte(s) before the next record); reading went on`
            : `record ${n}: ${w.split('\n')[0]}`,
          origin: { file: path, line: n },
        };
      }
      // A cut the reader could not see (the file ends inside the record's headers): in an uncompressed file a
      // record spans at least its declared length. (A compressed one shows a cut as a gzip error, and a cut in
      // the content was caught above, by the bytes its reader still expected.)
      if (previous && plain) {
        const short = previous.declared - (parser.offset - previous.start);
        if (short > 0) {
          yield truncated(path, n, short);
          return;
        }
      }
      if (!record) {
        // The parser stops quietly at data it cannot decode (a corrupt gzip member): bytes left over are damage.
        await consume(source);
        const left = read - parser.offset;
        if (left > TRAILING_SLACK) {
          yield {
            kind: 'rejected',
            reason: `${left} byte(s) after record ${n} could not be read (corrupt gzip, gzip members that do not start at record boundaries — "warcio recompress" rewrites them — or not WARC data)`,
            origin: { file: path, line: n + 1 },
          };
        } else if (n === 0) {
          // An empty file is no input: said so, as for an empty JSONL file.
          yield { kind: 'rejected', reason: 'no WARC records in the file', origin: { file: path } };
        }
        break;
      }
      if (record.warcHeaders.headers.get('Content-Length') === null) {
        // Content-Length is mandatory: a header block without it was cut short (or is not WARC).
        yield {
          kind: 'rejected',
          reason: `record ${n + 1} has no Content-Length (a truncated file, or not WARC data); the rest of the file was not read`,
          origin: { file: path, line: n + 1 },
        };
        return;
      }
      previous = {
        record,
        start: parser.offset,
        declared: Number(record.warcHeaders.headers.get('Content-Length') ?? '0'),
        decoding: false,
      };
      n++;
      const origin = { file: path, line: n };
      const skip = (reason: string): IngestItem => ({ kind: 'skipped', reason, origin });
      const type = record.warcType;
      let contentType: string;
      if (type === 'response') {
        const http = record.httpHeaders;
        if (!http) {
          yield skip('a response record without HTTP headers');
          continue;
        }
        const status = Number(http.statusCode);
        if (!(status >= 200 && status < 300)) {
          yield skip(`HTTP status ${http.statusCode || 'missing'}`);
          continue;
        }
        contentType = http.headers.get('content-type') ?? '';
      } else if (type === 'resource') {
        // A document archived without its HTTP exchange (wget, Webrecorder): the record's own content type.
        contentType = record.warcContentType ?? '';
      } else {
        yield skip(`a ${type ?? 'untyped'} record`);
        continue;
      }
      if (!HTML_TYPE.test(contentType)) {
        yield skip(`not an HTML page (${contentType.split(';')[0]?.trim() || 'no content type'})`);
        continue;
      }
      const length = Number(record.warcHeaders.headers.get('Content-Length') ?? '0');
      if (length > maxRecord) {
        // Not read into memory: the parser skips its bytes on the way to the next record.
        yield {
          kind: 'rejected',
          reason: `record of ${(length / 2 ** 20).toFixed(1)} MiB, over the ${(maxRecord / 2 ** 20).toFixed(0)} MiB limit for one page`,
          origin,
        };
        continue;
      }
      // The decoded payload (dechunked, inflated) is read chunk by chunk up to the limit: a small compressed body
      // may inflate to gigabytes.
      let body: Uint8Array;
      previous.decoding = true;
      try {
        const chunks: Uint8Array[] = [];
        let size = 0;
        for await (const chunk of record.contentReader) {
          size += chunk.length;
          if (size > maxRecord) break;
          chunks.push(chunk);
        }
        if (size > maxRecord) {
          yield {
            kind: 'rejected',
            reason: `record ${n} decodes to more than ${(maxRecord / 2 ** 20).toFixed(0)} MiB (a compressed body too large for one page); the rest of the file was not read`,
            origin,
          };
          return;
        }
        body = Buffer.concat(chunks);
      } catch (e) {
        yield {
          kind: 'rejected',
          reason: `damaged WARC data in record ${n} (${describeError(e)}); the rest of the file was not read`,
          origin,
        };
        return;
      }
      // The file ended inside this record: its content is incomplete (or holds the records after it): refused.
      if (cutShort(record) > 0) {
        yield truncated(path, n, cutShort(record));
        return;
      }
      const html = decoderFor(htmlEncoding(body, headerCharset(contentType)))!.decode(body);
      const url = record.warcTargetURI ?? undefined;
      const parsed = htmlDocumentToArticle(html, url ? { url } : {});
      if (!parsed.ok) {
        yield skip(parsed.reason);
        continue;
      }
      const a = parsed.article;
      const fetched = record.warcDate ? (normaliseDate(record.warcDate) ?? undefined) : undefined;
      if (!a.published && fetched) a.published = fetched;
      a.meta = { ...(a.meta ?? {}), ...(fetched ? { fetched } : {}), warcRecord: n };
      yield { kind: 'article', article: a, origin };
    }
  } finally {
    file.destroy();
  }
}
