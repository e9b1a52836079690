/**
 * Golden fixtures of HTML extraction (shared by test/html-golden.test.ts and scripts/regen-html-golden.ts).
 *
 * One folder per page under test/fixtures/html/<name>/:
 *  - source.html: the page (UTF-8; a page written for the test, no third-party text);
 *  - hints.json (optional): the hints passed to the extractor, e.g. {"url": "https://…"};
 *  - expected.json: what `extractHtmlArticle` gives for it, every field (absent ones as null), the text split
 *    at blank lines into an array of paragraphs so that a change reads as a line-by-line diff.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
// The public entry of the pipeline stages (`unspun/stages`).
import { extractHtmlArticle } from '../../src/stages.js';

export const goldenDir = resolve(fileURLToPath(new URL('../fixtures/html', import.meta.url)));

export interface GoldenCase {
  name: string;
  dir: string;
  source: string;
  hints: { url?: string };
  expectedPath: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Every fixture folder that holds a source.html, sorted by name. */
export function goldenCases(): GoldenCase[] {
  return readdirSync(goldenDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(goldenDir, e.name, 'source.html')))
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const dir = join(goldenDir, name);
      const hintsPath = join(dir, 'hints.json');
      return {
        name,
        dir,
        source: utf8.decode(readFileSync(join(dir, 'source.html'))),
        hints: existsSync(hintsPath) ? (JSON.parse(readFileSync(hintsPath, 'utf8')) as { url?: string }) : {},
        expectedPath: join(dir, 'expected.json'),
      };
    });
}

/** Fields first in this order; any others the extractor adds follow, sorted. */
const ORDER = ['title', 'byline', 'site', 'published', 'url', 'lang', 'text'];

/** The extraction of one page in its golden form (JSON-ready, keys in a stable order). */
export function extractGolden(c: GoldenCase): Record<string, unknown> {
  const got = extractHtmlArticle(c.source, c.hints) as unknown as Record<string, unknown>;
  const keys = [
    ...ORDER,
    ...Object.keys(got)
      .filter((k) => !ORDER.includes(k))
      .sort(),
  ];
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const v = got[k];
    if (k === 'text' && typeof v === 'string') out[k] = v === '' ? [] : v.split('\n\n');
    else out[k] = v === undefined ? null : v;
  }
  return out;
}

/** expected.json's text: two-space JSON with a final newline. */
export const goldenJson = (v: unknown): string => `${JSON.stringify(v, null, 2)}\n`;
