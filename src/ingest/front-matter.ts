/**
 * YAML front matter (`---` lines around `key: value` pairs at the top of a .md or .txt document), split off the
 * way gray-matter splits it. gray-matter, with the YAML parser it loads (js-yaml and esprima: ~25 ms at start-up),
 * is needed only for front matter beyond the simple form most articles have: one `key: value` per line, each
 * value a double- or single-quoted string without escapes, a plain word-led string, true/false/null, or a
 * YAML date or timestamp. `simpleFrontMatter` reads that form to exactly what gray-matter and js-yaml give
 * (test/front-matter.test.ts compares them on samples and random inputs) and declines anything else.
 */
import { createRequire } from 'node:module';

export interface FrontMatter {
  /** The parsed YAML: an object for a mapping (anything YAML can be for other front matter). */
  data: unknown;
  /** The document after the front matter. */
  content: string;
}

const require = createRequire(import.meta.url);
let grayMatter: typeof import('gray-matter') | undefined;

/** Front matter and content of a document that starts with a `---` line (gray-matter's answer). */
export function frontMatter(doc: string): FrontMatter {
  const simple = simpleFrontMatter(doc);
  if (simple) return simple;
  grayMatter ??= require('gray-matter') as typeof import('gray-matter');
  const fm = grayMatter(doc);
  return { data: fm.data, content: fm.content };
}

/** What js-yaml refuses in a stream, and YAML's line breaks other than \n (left to the full parser). */
const UNUSUAL =
  /[\x00-\x08\x0B-\x1F\x7F-\x9F\u2028\u2029\uFEFF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;
/** `key: value` with a quoted value without escapes, or a plain value led by a letter or digit. */
const PAIR = /^([A-Za-z_][A-Za-z0-9_-]{0,100}): +(?:"([^"\\]*)"|'([^']*)'|([A-Za-z0-9][^\t]*?)) *$/;
const KEYWORD = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE)$/;
/** js-yaml's timestamp forms (type/timestamp.js). */
const YAML_DATE = /^([0-9][0-9][0-9][0-9])-([0-9][0-9])-([0-9][0-9])$/;
const YAML_TIMESTAMP =
  /^([0-9][0-9][0-9][0-9])-([0-9][0-9]?)-([0-9][0-9]?)(?:[Tt]|[ \t]+)([0-9][0-9]?):([0-9][0-9]):([0-9][0-9])(?:\.([0-9]*))?(?:[ \t]*(Z|([-+])([0-9][0-9]?)(?::([0-9][0-9]))?))?$/;

/** A YAML timestamp as js-yaml constructs it (type/timestamp.js, constructYamlTimestamp). */
function yamlTimestamp(s: string): Date | null {
  const m = YAML_DATE.exec(s) ?? YAML_TIMESTAMP.exec(s);
  if (!m) return null;
  const year = +m[1]!;
  const month = +m[2]! - 1;
  const day = +m[3]!;
  if (!m[4]) return new Date(Date.UTC(year, month, day));
  let fraction = 0;
  if (m[7]) fraction = +m[7].slice(0, 3).padEnd(3, '0');
  let delta = 0;
  if (m[9]) {
    delta = (+m[10]! * 60 + +(m[11] || 0)) * 60000;
    if (m[9] === '-') delta = -delta;
  }
  const date = new Date(Date.UTC(year, month, day, +m[4], +m[5]!, +m[6]!, fraction));
  if (delta) date.setTime(date.getTime() - delta);
  return date;
}

/** A plain (unquoted) value, or undefined when reading it needs the full parser. */
function plainValue(v: string): unknown {
  // A colon before a space or at the end, or a space before "#", is YAML syntax, not text.
  if (v.includes(': ') || v.endsWith(':') || v.includes(' #')) return undefined;
  if (/^[0-9]/.test(v)) return yamlTimestamp(v) ?? undefined;
  if (KEYWORD.test(v)) return v === 'null' || v === 'Null' || v === 'NULL' ? null : /^t/i.test(v);
  return v;
}

/**
 * Front matter in the simple form, as gray-matter would read it; null when the document has other front matter
 * (or none), which then goes to gray-matter.
 */
export function simpleFrontMatter(doc: string): { data: Record<string, unknown>; content: string } | null {
  if (!doc.startsWith('---\n')) return null;
  // gray-matter: the block runs to the next "\n---" (or to the end); one line end after it is dropped.
  const str = doc.slice(3);
  let close = str.indexOf('\n---');
  if (close === -1) close = str.length;
  const block = str.slice(0, close);
  if (block.includes('\r') || UNUSUAL.test(block)) return null;
  const data: Record<string, unknown> = {};
  for (const line of block.split('\n')) {
    if (line === '') continue;
    const m = PAIR.exec(line);
    if (!m) return null;
    const key = m[1]!;
    if (KEYWORD.test(key) || Object.hasOwn(data, key) || key === '__proto__') return null;
    const value = m[2] ?? m[3] ?? plainValue(m[4]!);
    if (value === undefined) return null;
    data[key] = value;
  }
  let content = close === str.length ? '' : str.slice(close + 4);
  if (content.startsWith('\r')) content = content.slice(1);
  if (content.startsWith('\n')) content = content.slice(1);
  return { data, content };
}
