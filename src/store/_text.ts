/**
 * Article text at rest in the SQLite store: deflate (raw, node:zlib) when that saves space, the plain string
 * otherwise. The column is typed by value: a BLOB is compressed UTF-8, TEXT is the text itself (short texts
 * and stores written before schema 7 keep plain rows until migrated), so readers never need a flag.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';

/** Texts shorter than this stay plain: deflate's fixed cost outweighs what it saves. */
const MIN_BYTES = 200;
/** zlib level: close to level 9's ratio on news text at a fraction of its time. */
const LEVEL = 6;

export function packText(text: string): string | Buffer {
  if (text.length < MIN_BYTES) return text;
  const raw = Buffer.from(text, 'utf8');
  const packed = deflateRawSync(raw, { level: LEVEL });
  return packed.length < raw.length ? packed : text;
}

export function unpackText(stored: string | Uint8Array): string {
  return typeof stored === 'string' ? stored : inflateRawSync(stored).toString('utf8');
}
