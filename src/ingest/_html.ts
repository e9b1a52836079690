/**
 * HTML -> article: Mozilla Readability over a linkedom DOM finds the main content; metadata comes from the
 * page's meta tags, JSON-LD and <time>. Paragraph structure is kept (one paragraph per block element), and
 * boilerplate lines that survive Readability (ad markers, "Advertisement", share prompts) are dropped.
 */

import { createRequire } from 'node:module';
import { DEFAULTS } from '../defaults.js';
import { UnspunError } from '../errors.js';
import { boundHtml } from './_flatten.js';

// The HTML parser and Readability load on the first page, not when this module is imported (start-up time).
const require = createRequire(import.meta.url);
let linkedom: typeof import('linkedom') | undefined;
let readability: typeof import('@mozilla/readability') | undefined;
const parseHTML: typeof import('linkedom').parseHTML = (html) => {
  linkedom ??= require('linkedom') as typeof import('linkedom');
  return linkedom.parseHTML(html);
};
const Readability = (): typeof import('@mozilla/readability').Readability => {
  readability ??= require('@mozilla/readability') as typeof import('@mozilla/readability');
  return readability.Readability;
};

/** Lines that are page furniture, not article prose. Compared on the trimmed, lower-cased line. */
const BOILERPLATE_LINE_RE =
  /^(?:go back to top\.? skip to:? start of article\.?|\[ad_\d+\]|advertisement|advertisements?|sponsored(?: content)?|story continues below(?: advertisement)?|continue reading(?: below)?|share this(?: article| story)?:?|share on (?:facebook|twitter|x)|click here to (?:subscribe|read more)|subscribe(?: now)?|read more:?|related:?|follow us on .*|sign up for .*newsletter.*|(?:image|photo|video)(?: credit)?:.*|getty images|reuters\/.*)$/i;

const SELF_CLOSING_RE =
  /<(span|div|a|p|section|article|i|b|em|strong|font|ins|del|label)(\s[^<>]*?)?\s*\/>/gi;

/** Inline scraper markers such as "[ad_1]" anywhere in text. */
const INLINE_MARKER_RE = /\[ad_\d+\]/gi;

const BLOCK_TAGS = new Set([
  'P',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'LI',
  'BLOCKQUOTE',
  'PRE',
  'DIV',
  'SECTION',
  'ARTICLE',
  'TR',
  'FIGCAPTION',
  'DD',
  'DT',
  'TABLE',
  'UL',
  'OL',
  'HEADER',
  'FOOTER',
  'ASIDE',
  'MAIN',
  'FIGURE',
]);

export interface HtmlArticle {
  title: string;
  text: string;
  byline?: string | undefined;
  site?: string | undefined;
  published?: string | undefined;
  url?: string | undefined;
  lang?: string | undefined;
}

type Node_ = {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  firstChild: Node_ | null;
  nextSibling: Node_ | null;
};

/** Text of a DOM subtree with one paragraph per block element. */
function blockText(root: Node_): string {
  const paras: string[] = [];
  let cur = '';
  const flush = () => {
    const t = cur.replace(/\s+/g, ' ').trim();
    if (t) paras.push(t);
    cur = '';
  };
  const walk = (n: Node_) => {
    if (n.nodeType === 3) {
      cur += n.textContent ?? '';
      return;
    }
    if (n.nodeType !== 1) return;
    const tag = n.nodeName.toUpperCase();
    if (tag === 'SCRIPT' || tag === 'STYLE' || tag === 'NOSCRIPT' || tag === 'TEMPLATE') return;
    if (tag === 'BR') {
      flush();
      return;
    }
    const block = BLOCK_TAGS.has(tag);
    if (block) flush();
    // Sibling links, not childNodes: linkedom builds childNodes afresh on every access (quadratic on big pages).
    for (let c = n.firstChild; c; c = c.nextSibling) walk(c);
    if (block) flush();
  };
  walk(root);
  flush();
  return paras.join('\n\n');
}

/** Page furniture removed by the structural path: navigation, sidebars, sharing, comments, forms, scripts. */
const CHROME_SELECTOR = [
  'script',
  'style',
  'noscript',
  'template',
  'nav',
  'header',
  'footer',
  'aside',
  'form',
  'iframe',
  'svg',
  'button',
  '[role="navigation"]',
  '[role="banner"]',
  '[role="contentinfo"]',
  '[role="complementary"]',
  '[class*="share"]',
  '[class*="social"]',
  '[class*="related"]',
  '[class*="comment"]',
  '[class*="advert"]',
  '[class*="newsletter"]',
  '[class*="cookie"]',
  '[id*="comment"]',
  '[id*="sidebar"]',
  '[class*="sidebar"]',
].join(',');

/**
 * The linear fallback extractor: the page's <article> (or <main>, or <body>) with page furniture removed, one
 * paragraph per block element. Used for pages too large for Readability and when Readability finds nothing.
 */
function structuralText(html: string): string {
  const { document } = parseHTML(html);
  const d = document as unknown as Document;
  const root =
    d.querySelector('article') ?? d.querySelector('main') ?? d.querySelector('[role="main"]') ?? d.body;
  if (!root) return '';
  for (const el of [...root.querySelectorAll(CHROME_SELECTOR)]) el.remove();
  for (const h of [...root.querySelectorAll('h1')]) h.remove();
  return blockText(root as unknown as Node_);
}

/** Drop boilerplate paragraphs and inline scraper markers. */
export function stripBoilerplate(text: string): string {
  return text
    .replace(INLINE_MARKER_RE, ' ')
    .split(/\n\s*\n/)
    .map((p) => p.replace(/[ \t]+/g, ' ').trim())
    .filter((p) => p !== '' && !BOILERPLATE_LINE_RE.test(p))
    .join('\n\n');
}

function meta(doc: Document, ...names: string[]): string | undefined {
  for (const n of names) {
    const el =
      doc.querySelector(`meta[property="${n}"]`) ??
      doc.querySelector(`meta[name="${n}"]`) ??
      doc.querySelector(`meta[itemprop="${n}"]`);
    const v = el?.getAttribute('content')?.trim();
    if (v) return v;
  }
  return undefined;
}

function jsonLdDate(doc: Document): string | undefined {
  for (const s of doc.querySelectorAll('script[type="application/ld+json"]')) {
    try {
      const data = JSON.parse(s.textContent ?? '') as unknown;
      const items = Array.isArray(data) ? data : [data];
      for (const it of items) {
        const d = (it as { datePublished?: unknown })?.datePublished;
        if (typeof d === 'string') return d;
      }
    } catch {
      // Malformed JSON-LD is common in the wild; other metadata sources remain.
    }
  }
  return undefined;
}

/** Extract the main article of an HTML page. `hints` fill what the page does not say. */
export function extractHtmlArticle(html: string, hints: { url?: string | undefined } = {}): HtmlArticle {
  // linkedom needs a whole document: a fragment (a scraped post body) is wrapped in one.
  if (!/<html[\s>]|<body[\s>]/i.test(html.slice(0, 20000)))
    html = `<!doctype html><html><head></head><body>${html}</body></html>`;
  // XHTML-style self-closing non-void tags ("<span id=x/>", common in scraped wire copy) would otherwise swallow
  // the rest of the page as their children and mislead Readability's scoring.
  html = html.replace(SELF_CLOSING_RE, '<$1$2></$1>');
  // Nesting past the depth limit is flattened first: deep pages make the parser and Readability run for
  // minutes or overflow the stack (DEFAULTS.limits).
  const bounded = boundHtml(html, DEFAULTS.limits.maxHtmlDepth);
  if (bounded.elements > DEFAULTS.limits.maxHtmlElements) {
    throw new UnspunError(
      'TOO_LARGE',
      `the page has ${bounded.elements.toLocaleString('en-US')} elements, over the limit of ${DEFAULTS.limits.maxHtmlElements.toLocaleString('en-US')} (an article page has a few thousand; DEFAULTS.limits.maxHtmlElements)`,
    );
  }
  html = bounded.html;
  const { document } = parseHTML(html);
  const doc = document as unknown as Document;
  const canonical =
    doc.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? meta(doc, 'og:url') ?? undefined;
  const url = hints.url ?? (canonical && /^https?:/i.test(canonical) ? canonical : undefined);
  const published =
    meta(doc, 'article:published_time', 'datePublished', 'pubdate', 'date', 'dc.date', 'DC.date.issued') ??
    jsonLdDate(doc) ??
    doc.querySelector('time[datetime]')?.getAttribute('datetime') ??
    undefined;
  const siteName = meta(doc, 'og:site_name', 'application-name');
  const metaTitle = meta(doc, 'og:title', 'twitter:title');
  const h1 = doc.querySelector('h1')?.textContent?.trim();
  const lang = doc.documentElement?.getAttribute('lang') ?? undefined;

  // Readability mutates the document: metadata above is read first. It costs more per byte than the
  // structural path, so very large pages (over DEFAULTS.readabilityMaxChars) take that path instead.
  let text = '';
  let title = '';
  let byline: string | undefined;
  if (html.length <= DEFAULTS.readabilityMaxChars) {
    try {
      const reader = new (Readability())(doc, { charThreshold: 200, keepClasses: false });
      const parsed = reader.parse();
      if (parsed?.content) {
        const { document: contentDoc } = parseHTML(
          `<!doctype html><html><body>${parsed.content}</body></html>`,
        );
        text = blockText(contentDoc.body as unknown as Node_);
        title = parsed.title?.trim() ?? '';
        byline = parsed.byline?.trim() || undefined;
      }
    } catch {
      // Readability gives up on some pages (no body, odd markup); the structural path below takes over.
    }
  }
  if (!text) text = structuralText(html);
  text = stripBoilerplate(text);
  title = chooseTitle(title, h1, metaTitle);
  // Some pages repeat the headline as the first paragraph.
  const firstBreak = text.indexOf('\n\n');
  const first = firstBreak < 0 ? text : text.slice(0, firstBreak);
  if (title && first.trim() === title) text = text.slice(first.length).trimStart();
  return {
    title,
    text,
    byline: byline?.replace(/^by\s+/i, ''),
    site: siteName,
    published,
    url,
    lang,
  };
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * The headline: the page's <h1> when it agrees with the <title> (whose site suffix, "| Portside Daily", is
 * dropped), else og:title, else the cleaned <title>.
 */
function chooseTitle(docTitle: string, h1: string | undefined, metaTitle: string | undefined): string {
  const parts = norm(docTitle).split(/\s+[|–—-]\s+/);
  const clean = parts.reduce((a, b) => (b.length > a.length ? b : a), '');
  const h = h1 ? norm(h1) : '';
  if (h && clean && (h.startsWith(clean) || clean.includes(h) || h.includes(clean))) return h;
  if (metaTitle) return norm(metaTitle);
  return clean || h;
}

/** True when a string looks like an HTML fragment or page rather than plain text. */
export function looksLikeHtml(s: string): boolean {
  const head = s.slice(0, 4000);
  return /<(?:!doctype|html|body|p|div|article|span|a|h[1-6]|br|img|section)\b[^>]*>/i.test(head);
}
