/**
 * The front-matter fast path (src/ingest/front-matter.ts) reads simple front matter exactly as gray-matter (with
 * js-yaml) does, and declines what it cannot read that way: on the shipped examples, on hand-written edge cases
 * and on random documents built from YAML's troublesome pieces.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { frontMatter, simpleFrontMatter } from '../src/ingest/front-matter.js';
import { repoRoot } from './helpers/index.js';

const require = createRequire(import.meta.url);
const grayMatter = require('gray-matter') as typeof import('gray-matter');

/** gray-matter's reading ({ data, content }), or the error it throws; uncached (its cache shares objects). */
function reference(doc: string): { data: unknown; content: string } | { error: string } {
  try {
    const fm = grayMatter(doc, {});
    return { data: fm.data, content: fm.content };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** The fast path agrees with gray-matter, or declines (then frontMatter falls back to gray-matter). */
function check(doc: string): boolean {
  const fast = simpleFrontMatter(doc);
  const ref = reference(doc);
  if (fast === null) return false;
  assert.ok(!('error' in ref), `fast path accepted what gray-matter refuses: ${JSON.stringify(doc)}`);
  assert.deepEqual(fast, ref, JSON.stringify(doc));
  for (const [k, v] of Object.entries(fast.data))
    if (v instanceof Date)
      assert.equal(v.getTime(), ((ref.data as Record<string, Date>)[k] as Date).getTime());
  return true;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : /\.(md|txt)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

describe('front matter: the fast path reads as gray-matter does', () => {
  it('the example articles', () => {
    let accepted = 0;
    for (const f of filesUnder(join(repoRoot, 'examples'))) {
      const doc = readFileSync(f, 'utf8').replace(/^\uFEFF/, '');
      if (!/^---\r?\n/.test(doc)) continue;
      if (check(doc)) accepted++;
    }
    assert.ok(accepted > 10, `${accepted} example documents read by the fast path`);
  });

  it('edge cases: read the same, or declined', () => {
    const cases = [
      '---\ntitle: "A: B"\npublished: 2026-03-16T06:12:00Z\n---\nBody',
      '---\ntitle: Plain words here\nurl: https://x.example/a?b=c#d\n---\n\nBody\n',
      "---\ntitle: 'It''s'\n---\nB",
      '---\ntitle: \'single "q" \\\\ slash\'\n---\nB',
      '---\ndate: 2026-03-16\nwhen: 2026-3-6 7:05:09.1234 -05:30\nz: 2026-03-16t06:12:00+02\n---\nB',
      '---\ndate: 2026-02-30\nbad: 2026-13-45T99:99:99Z\n---\nB',
      '---\na: true\nb: False\nc: NULL\nd: ~\ne: yes\nf: no\ng: On\n---\nB',
      '---\nn: 12\nf: 1.5\nv: 1.2.3\nh: 0x1F\no: 0o17\ns: 1_000\nx: 12:30\n---\nB',
      '---\ntitle: C# and F#\nnote: a # comment\nend: colon:\nmid: a:b\n---\nB',
      '---\ntitle: x\ntitle: y\n---\nB',
      '---\n__proto__: x\n---\nB',
      '---\nconstructor: x\ntoString: y\n---\nB',
      '---\n# a comment\ntitle: x\n---\nB',
      '---\ntitle: x\n  continued\n---\nB',
      '---\n\n\ntitle: x\n\n---\n\n\nB',
      '---\n---\nB',
      '---\ntitle: x\n---',
      '---\ntitle: x\n',
      '---\ntitle: x\n---more\nB',
      '---\r\ntitle: x\r\n---\r\nB',
      '---\ntitle:   spaced   out   \n---\nB',
      '---\ntitle: "tab\tinside"\n---\nB',
      '---\ntitle: ""\nb: \'\'\n---\nB',
      '---\ntitle: "ünïcödé — “quotes” 😀"\n---\nB',
      '---\ntitle: [a, b]\n---\nB',
      '---\ntitle: {a: 1}\n---\nB',
      '---\ntitle: |\n  block\n---\nB',
      '---\ntitle: &a x\nb: *a\n---\nB',
      '---\ntitle: !!str 12\n---\nB',
      '---\nkey-with-dash: v\nkey_2: w\n---\nB',
      '---\nyaml\ntitle: x\n---\nB',
      '---\ntitle: a "quoted" word\n---\nB',
      '---\ntitle: "unterminated\n---\nB',
      '---\ntitle: x\u2028y\n---\nB',
      '---\ntitle: x\u0085y\n---\nB',
    ];
    for (const c of cases) check(c);
  });

  it('random documents of YAML pieces', () => {
    let seed = 12345;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const keys = [
      'title',
      'url',
      'published',
      'date',
      'site',
      'x',
      'a-b',
      '_k',
      'Title',
      'true',
      'null',
      'k1',
    ];
    const pieces = [
      'word',
      'Two Words',
      ':',
      ': ',
      ' #',
      '#',
      '"',
      "'",
      '\\',
      ' ',
      '  ',
      '-',
      '2026-03-16',
      'T06:12:00',
      'Z',
      '+02:00',
      '.5',
      '12',
      'true',
      'null',
      '~',
      '[',
      '{',
      ',',
      '&',
      '*',
      '!',
      '|',
      '>',
      '%',
      '@',
      '`',
      'é',
      '—',
      '\t',
      'https://x.example/p?q=1',
    ];
    let accepted = 0;
    for (let i = 0; i < 20_000; i++) {
      const lines: string[] = [];
      for (let n = 1 + rnd(4); n > 0; n--) {
        let v = '';
        for (let m = rnd(5); m >= 0; m--) v += pieces[rnd(pieces.length)];
        const quote = rnd(4);
        if (quote === 1) v = `"${v}"`;
        else if (quote === 2) v = `'${v}'`;
        lines.push(`${keys[rnd(keys.length)]}:${' '.repeat(rnd(3))}${v}`);
      }
      if (check(`---\n${lines.join('\n')}\n---\nBody ${i}\n`)) accepted++;
    }
    assert.ok(accepted > 1000, `${accepted} random documents read by the fast path`);
  });

  it('frontMatter falls back to gray-matter for the rest', () => {
    const doc = '---\ntags: [a, b]\ncount: 3\n---\nBody';
    assert.equal(simpleFrontMatter(doc), null);
    assert.deepEqual(frontMatter(doc), { data: { tags: ['a', 'b'], count: 3 }, content: 'Body' });
  });
});
