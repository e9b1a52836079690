/**
 * Regenerate the golden HTML-extraction fixtures: `npm run golden:html`.
 *
 * Runs the current extractor on every test/fixtures/html/<name>/source.html and rewrites its expected.json,
 * then prints what changed per page (fields, and paragraphs added or removed). Review the change with
 * `git diff test/fixtures/html` before committing it: every difference is a behaviour change of extraction.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { extractGolden, goldenCases, goldenDir, goldenJson } from '../test/helpers/html-golden.js';

function paragraphs(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : [];
}

const short = (s: string, n = 90) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function main(): void {
  let changed = 0;
  let created = 0;
  const cases = goldenCases();
  for (const c of cases) {
    const next = extractGolden(c);
    const text = goldenJson(next);
    const prevText = existsSync(c.expectedPath) ? readFileSync(c.expectedPath, 'utf8') : null;
    if (prevText === text) continue;
    writeFileSync(c.expectedPath, text);
    if (prevText === null) {
      created++;
      console.log(`+ ${c.name}: new (${paragraphs(next.text).length} paragraphs)`);
      continue;
    }
    changed++;
    let prev: Record<string, unknown> = {};
    try {
      prev = JSON.parse(prevText) as Record<string, unknown>;
    } catch {
      console.log(`~ ${c.name}: previous expected.json was not valid JSON`);
      continue;
    }
    console.log(`~ ${c.name}:`);
    for (const k of new Set([...Object.keys(prev), ...Object.keys(next)])) {
      if (k === 'text') continue;
      if (JSON.stringify(prev[k]) !== JSON.stringify(next[k]))
        console.log(`    ${k}: ${JSON.stringify(prev[k])} -> ${JSON.stringify(next[k])}`);
    }
    const before = paragraphs(prev.text);
    const after = paragraphs(next.text);
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      const a = new Set(after);
      const b = new Set(before);
      const removed = before.filter((p) => !a.has(p));
      const added = after.filter((p) => !b.has(p));
      console.log(`    text: ${before.length} -> ${after.length} paragraphs`);
      for (const p of removed) console.log(`      - ${short(p)}`);
      for (const p of added) console.log(`      + ${short(p)}`);
      if (!removed.length && !added.length) console.log('      (same paragraphs, reordered or repeated)');
    }
  }
  const dir = relative(process.cwd(), goldenDir) || '.';
  console.log(
    `${cases.length} pages: ${changed} changed, ${created} new, ${cases.length - changed - created} unchanged.` +
      (changed + created ? ` Review with: git diff -- ${dir}` : ''),
  );
}

main();
