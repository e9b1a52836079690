/**
 * Golden tests of HTML extraction, in the manner of Mozilla Readability's test pages: every page under
 * test/fixtures/html/<name>/source.html is extracted and compared in full with its expected.json
 * (see test/helpers/html-golden.ts for the layout). The expected files record what the extractor gives
 * today, defects included; when extraction changes on purpose, run `npm run golden:html` and review the diff.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { extractGolden, goldenCases } from './helpers/html-golden.js';

const REGEN =
  'HTML extraction changed. If the change is intended, run `npm run golden:html` and review the diff of ' +
  'test/fixtures/html/*/expected.json (git diff) before committing it; if not, fix the extractor.';

describe('HTML extraction golden pages', () => {
  const cases = goldenCases();

  it('there are golden pages', () => {
    assert.ok(cases.length >= 8, `expected at least 8 pages under test/fixtures/html, found ${cases.length}`);
  });

  for (const c of cases) {
    it(c.name, () => {
      assert.ok(
        existsSync(c.expectedPath),
        `${c.name}: no expected.json. Run \`npm run golden:html\` to create it.`,
      );
      const expected = JSON.parse(readFileSync(c.expectedPath, 'utf8')) as unknown;
      assert.deepStrictEqual(extractGolden(c), expected, `${c.name}: ${REGEN}`);
    });
  }
});
