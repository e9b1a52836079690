/**
 * Bounded HTML: one linear pass over the tags that keeps nesting under a depth limit before any parser or
 * Readability sees the page. Hostile pages nest thousands of elements (an 11 KB file of 1,000 nested <div>s
 * kept Readability busy for half a minute; 10,000 overflow the stack); real pages stay well under 100 levels.
 * Tags that would open an element deeper than the limit are dropped with their matching end tags, their text
 * kept in place (a block tag leaves a line break, so words do not run together). The pass also counts the
 * elements, so a page with too many of them can skip Readability.
 *
 * The tag scan is deliberately simple (no attribute parsing beyond finding the closing ">"): it only decides
 * depth, and anything it misreads is handed unchanged to the real parser.
 */

const VOID = new Set([
  'area',
  'base',
  'basefont',
  'bgsound',
  'br',
  'col',
  'command',
  'embed',
  'frame',
  'hr',
  'img',
  'input',
  'keygen',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);

/** Elements whose content is raw text: tags inside them are not tags. */
const RAW = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'noembed', 'noframes', 'plaintext']);

/** Elements whose end tag may be left out: opening another one closes the open one. */
const AUTO_CLOSE = new Set([
  'p',
  'li',
  'dt',
  'dd',
  'option',
  'optgroup',
  'tr',
  'td',
  'th',
  'thead',
  'tbody',
  'tfoot',
  'rb',
  'rt',
  'rp',
  'colgroup',
]);

const BLOCK = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'dd',
  'div',
  'dl',
  'dt',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'td',
  'th',
  'tr',
  'ul',
]);

/** How far down the open elements an end tag looks for its start tag (stray end tags are left alone). */
const END_TAG_REACH = 32;

export interface BoundedHtml {
  html: string;
  /** Start tags seen (elements). */
  elements: number;
  /** Start tags dropped for being deeper than the limit. */
  flattened: number;
  /** Deepest nesting seen (after auto-closing), capped at the limit. */
  depth: number;
}

interface Tag {
  start: number;
  end: number;
  name: string;
  closing: boolean;
  selfClosing: boolean;
}

const NAME_START = /[a-zA-Z]/;
const NAME_CHAR = /[\w:-]/;

/**
 * The next tag at or after `from`, in one forward scan (linear over the whole page: no pattern is retried from
 * every "<"): comments, doctypes and processing instructions are passed over; quoted attribute values may hold
 * ">" and "<"; a tag that never closes (or an unterminated quote) holds the rest of the page, as the parser reads it.
 */
function nextTag(html: string, from: number): Tag | null {
  let i = html.indexOf('<', from);
  while (i >= 0) {
    const c = html[i + 1];
    if (c === '!' || c === '?') {
      const close = html.startsWith('<!--', i) ? html.indexOf('-->', i + 4) : html.indexOf('>', i + 2);
      if (close < 0) return null;
      i = html.indexOf('<', close + 1);
      continue;
    }
    const closing = c === '/';
    const n0 = i + (closing ? 2 : 1);
    if (!NAME_START.test(html[n0] ?? '')) {
      i = html.indexOf('<', i + 1);
      continue;
    }
    let j = n0 + 1;
    while (j < html.length && NAME_CHAR.test(html[j]!)) j++;
    const name = html.slice(n0, j).toLowerCase();
    // Attributes: find the ">" that ends the tag, outside quoted values.
    let afterEquals = false;
    let last = '';
    for (; j < html.length; j++) {
      const ch = html[j]!;
      if (ch === '>') return { start: i, end: j + 1, name, closing, selfClosing: last === '/' };
      if (afterEquals && (ch === '"' || ch === "'")) {
        const q = html.indexOf(ch, j + 1);
        if (q < 0) return null;
        j = q;
        afterEquals = false;
        last = ch;
        continue;
      }
      if (ch === '=') afterEquals = true;
      else if (!/\s/.test(ch)) afterEquals = false;
      if (!/\s/.test(ch)) last = ch;
    }
    return null;
  }
  return null;
}

export function boundHtml(html: string, maxDepth: number): BoundedHtml {
  const stack: { name: string; dropped: boolean }[] = [];
  const parts: string[] = [];
  let copiedTo = 0;
  let elements = 0;
  let flattened = 0;
  let deepest = 0;
  const drop = (start: number, end: number, name: string) => {
    parts.push(html.slice(copiedTo, start), BLOCK.has(name) ? '<br>' : ' ');
    copiedTo = end;
  };
  for (let t = nextTag(html, 0); t !== null; t = nextTag(html, t.end)) {
    const { name, start, end } = t;
    if (t.closing) {
      const lo = Math.max(0, stack.length - END_TAG_REACH);
      for (let k = stack.length - 1; k >= lo; k--) {
        if (stack[k]!.name !== name) continue;
        const dropped = stack[k]!.dropped;
        stack.length = k;
        if (dropped) drop(start, end, name);
        break;
      }
      continue;
    }
    elements++;
    if (VOID.has(name) || t.selfClosing) continue;
    // An element whose end tag may be left out is closed by the next one only when it is the current element
    // (as the parser does): a deeper one stays open, and so counts towards the depth.
    if (AUTO_CLOSE.has(name) && stack.at(-1)?.name === name) stack.length--;
    const dropped = stack.length >= maxDepth;
    if (dropped) {
      flattened++;
      drop(start, end, name);
    }
    stack.push({ name, dropped });
    if (stack.length > deepest) deepest = stack.length;
    if (RAW.has(name)) {
      // Skip to the end tag: what a script or style holds is not markup.
      const close = new RegExp(`</${name}\\s*>`, 'ig');
      close.lastIndex = end;
      const c = close.exec(html);
      if (!c) break;
      t = { ...t, end: c.index };
    }
  }
  if (flattened === 0) return { html, elements, flattened, depth: Math.min(deepest, maxDepth) };
  parts.push(html.slice(copiedTo));
  return { html: parts.join(''), elements, flattened, depth: Math.min(deepest, maxDepth) };
}
