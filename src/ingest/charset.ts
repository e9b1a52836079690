/**
 * Character encodings of documents: a byte-order mark, the charset an HTTP response declares, or the one an HTML
 * page declares in its first bytes (`<meta charset>`, `<meta http-equiv="Content-Type" content="...; charset=">`),
 * in that order, as browsers do; else UTF-8. Node's TextDecoder (full ICU) knows the WHATWG encodings
 * (windows-1252, ISO-8859-x, Shift_JIS, GB18030, ...).
 */

/** How many bytes of a page are searched for its declared charset (the HTML standard's prescan reads 1,024). */
const PRESCAN_BYTES = 2048;

/** The encoding a byte-order mark announces, if any. */
export function bomEncoding(buf: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' | null {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return 'utf-8';
  if (buf[0] === 0xff && buf[1] === 0xfe) return 'utf-16le';
  if (buf[0] === 0xfe && buf[1] === 0xff) return 'utf-16be';
  return null;
}

/** The charset parameter of a Content-Type header value. */
export function headerCharset(contentType: string | null | undefined): string | null {
  const m = /;\s*charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType ?? '');
  return m ? m[1]!.toLowerCase() : null;
}

/** The charset an HTML page (or an XML document, in its declaration) declares in its first bytes. */
export function metaCharset(buf: Uint8Array): string | null {
  const head = Buffer.from(buf.subarray(0, PRESCAN_BYTES)).toString('latin1');
  const m =
    /^\s*<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)/i.exec(head) ??
    /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head) ??
    /<meta[^>]+content\s*=\s*["'][^"']*charset\s*=\s*([\w.:-]+)/i.exec(head);
  return m ? m[1]!.toLowerCase() : null;
}

/** A decoder for an encoding label, or null when the label is unknown. */
export function decoderFor(label: string, fatal = false): TextDecoder | null {
  try {
    return new TextDecoder(label, { fatal });
  } catch {
    return null;
  }
}

/**
 * The encoding to decode an HTML document with: BOM, else the declared one (header first), else UTF-8. A page
 * declaring UTF-16 in a meta tag is read as UTF-8 (a meta tag cannot be read in UTF-16: browsers do the same).
 */
export function htmlEncoding(buf: Uint8Array, declared?: string | null): string {
  const bom = bomEncoding(buf);
  if (bom) return bom;
  for (const label of [declared, metaCharset(buf)]) {
    if (!label) continue;
    const d = decoderFor(label);
    if (!d) continue;
    return d.encoding === 'utf-16le' || d.encoding === 'utf-16be' ? 'utf-8' : d.encoding;
  }
  return 'utf-8';
}
