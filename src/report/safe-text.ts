/**
 * Untrusted text made safe for an output. Articles, titles, site names, file names and fetched pages are
 * untrusted: on a terminal their control characters could move the cursor, erase lines, retitle the window
 * (ESC, CSI, OSC, BEL) or reorder text (bidi overrides) and so forge a report line; in a spreadsheet a cell
 * starting with "=" runs a formula. HTML is escaped by its renderer (src/report/html.ts).
 */

// C0 controls but tab and newline, DEL, C1 controls, and the bidi embedding/override/isolate characters.
const CONTROL_RE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Every control character shown visibly, one code unit for one, so offsets into the text stay valid: C0 and DEL
 * as their Unicode control pictures ("␛" for ESC, "␇" for BEL, "␍" for CR), C1 and bidi controls as "�".
 */
export function neutraliseControls(s: string): string {
  return s.replace(CONTROL_RE, (c) => {
    const n = c.charCodeAt(0);
    if (n < 0x20) return String.fromCharCode(0x2400 + n);
    if (n === 0x7f) return '\u2421';
    return '\ufffd';
  });
}

/** A deep copy of a JSON-like value with every string neutralised. */
export function neutraliseDeep<T>(value: T): T {
  if (typeof value === 'string') return neutraliseControls(value) as T;
  if (Array.isArray(value)) return value.map((v) => neutraliseDeep(v)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = neutraliseDeep(v);
    return out as T;
  }
  return value;
}

/**
 * A CSV cell: controls neutralised, a leading "=", "+", "-", "@", tab or CR (a spreadsheet formula) prefixed
 * with an apostrophe, and the cell quoted when it holds a comma, quote or newline.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  let s = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  s = neutraliseControls(s);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
