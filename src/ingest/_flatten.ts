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

const TAG_RE = /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)([^>]*)>/g;

/** `html` with nesting deeper than `maxDepth` flattened (the same string when nothing was). */
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
  TAG_RE.lastIndex = 0;
  for (let m = TAG_RE.exec(html); m !== null; m = TAG_RE.exec(html)) {
    const name = m[2]?.toLowerCase();
    if (name === undefined) continue; // a comment or CDATA section
    const start = m.index;
    const end = TAG_RE.lastIndex;
    if (m[1] === '/') {
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
    if (VOID.has(name) || m[3]!.endsWith('/')) continue;
    if (AUTO_CLOSE.has(name)) {
      const lo = Math.max(0, stack.length - 4);
      for (let k = stack.length - 1; k >= lo; k--) {
        if (stack[k]!.name === name) {
          stack.length = k;
          break;
        }
      }
    }
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
      TAG_RE.lastIndex = c ? c.index : html.length;
    }
  }
  if (flattened === 0) return { html, elements, flattened, depth: Math.min(deepest, maxDepth) };
  parts.push(html.slice(copiedTo));
  return { html: parts.join(''), elements, flattened, depth: Math.min(deepest, maxDepth) };
}
