/**
 * Module privacy: a file whose name starts with `_` is internal to its folder. It may be imported only by files
 * in that folder (or its subfolders: src/cli/commands/ uses src/cli/_context.ts); everything else goes through the
 * folder's index.ts (or the public entries, src/index.ts and src/stages.ts).
 *
 * Importers scanned: src/, test/, bench/ and scripts/ (every .ts file). Specifiers are read with a regex over
 * the source: static `import … from '…'`, side-effect `import '…'`, `export … from '…'` and `import('…')`.
 * Only relative specifiers are checked; a specifier whose last path segment starts with `_` must resolve to a
 * file in the importer's own directory or one of its parent directories.
 *
 * Exceptions live in the allow-lists below, each with a reason. SRC_ALLOW and TOOLS_ALLOW record today's
 * violations so the rule can land now: they are debts, to be shrunk to empty. TEST_ALLOW is for tests that
 * deliberately reach inside a module (a unit test of an internal helper) and says why. An entry that no longer
 * matches a real import fails the test, so a fixed violation is removed from its list in the same change.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative, sep } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from './helpers/index.js';

interface Allowed {
  /** Importer, repository-relative ("src/quotes/index.ts"). */
  from: string;
  /** Imported file, repository-relative ("src/entities/_scan.ts"). */
  to: string;
  reason: string;
}

/** Violations inside src/ found when the rule landed. To be fixed (re-export through the folder's index.ts). */
const SRC_ALLOW: Allowed[] = [];

/** Violations in bench/ and scripts/ found when the rule landed. To be fixed. */
const TOOLS_ALLOW: Allowed[] = [];

/** Tests that reach inside a module on purpose. Keep short; prefer testing through the public entry. */
const TEST_ALLOW: Allowed[] = [
  {
    from: 'test/ingest-gc.test.ts',
    to: 'src/engine/_gc.ts',
    reason:
      'the collection between batches must really run in this runtime (a no-op fallback would go unnoticed)',
  },
  {
    from: 'test/shape-levels.test.ts',
    to: 'src/store/_sqlite-shapes.ts',
    reason:
      'the two levels of shape counts are checked against a plain model with tiny levels, so that folds happen (the conformance suite covers the counts end to end through the store)',
  },
  {
    from: 'test/postings-segments.test.ts',
    to: 'src/store/_sqlite-postings.ts',
    reason:
      'the segment format is checked against a plain model with tiny segment sizes, so that merges, deletions and compaction all happen (the conformance suite covers it end to end through the store)',
  },
  {
    from: 'test/store-stats.test.ts',
    to: 'src/store/_sqlite.ts',
    reason: 'the query plans of the statements stats runs are checked (none may read the article rows)',
  },
  {
    from: 'test/store-stats.test.ts',
    to: 'src/store/_sqlite-spans.ts',
    reason: 'the sentence count statement of stats is checked to sum an index, not the runs',
  },
  {
    from: 'test/sentence-spans.test.ts',
    to: 'src/store/_sqlite-spans.ts',
    reason:
      'the sentence runs are checked on their own (coding, runs with gaps and repeated indexes that ingest never writes, liveness ranges) besides the conformance suite',
  },
  {
    from: 'test/helpers/schema.ts',
    to: 'src/store/_sqlite-spans.ts',
    reason: 'migration tests turn a current store back into schema 8, which needs the runs decoded',
  },
  {
    from: 'test/postings-segments.test.ts',
    to: 'src/store/_sqlite-spans.ts',
    reason: 'the segment model test gives the postings the per-sentence liveness of schemas 1 to 8',
  },
  {
    from: 'test/ingest-limits.test.ts',
    to: 'src/ingest/_flatten.ts',
    reason:
      'the depth bound is unit-tested on its own (exact counts), besides the end-to-end check of a deep page',
  },
  {
    from: 'test/headline.test.ts',
    to: 'scripts/_fnc1-data.ts',
    reason: 'the FNC-1 split used by training is pinned by the headline test',
  },
  {
    from: 'test/headline.test.ts',
    to: 'src/headline/_pyrandom.ts',
    reason: 'unit test of the Python-compatible PRNG (not public API)',
  },
  {
    from: 'test/headline.test.ts',
    to: 'src/headline/_text.ts',
    reason: 'unit test of the headline sentence splitter (not public API)',
  },
];

const ROOTS = ['src', 'test', 'bench', 'scripts'];

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...tsFiles(p));
    else if (e.isFile() && /\.(?:ts|mts|cts)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Import / export-from / dynamic-import specifiers of a source file. */
function specifiers(source: string): string[] {
  const out: string[] = [];
  const patterns = [
    // import x from '…', import { a, b } from '…', import type …, export { … } from '…', export * from '…'
    /(?:^|[^\w$.])(?:import|export)\s+(?:type\s+)?[^'"`;]*?\bfrom\s*(['"])([^'"]+)\1/g,
    // import '…' (side effects only)
    /(?:^|[^\w$.])import\s*(['"])([^'"]+)\1/g,
    // import('…'), typeof import('…')
    /(?:^|[^\w$.])import\s*\(\s*(['"])([^'"]+)\1\s*\)/g,
  ];
  for (const re of patterns) for (const m of source.matchAll(re)) out.push(m[2]!);
  return out;
}

const rel = (abs: string) => relative(repoRoot, abs).split(sep).join(posix.sep);

/** The file a relative specifier names (".js" written for a ".ts" source), repository-relative. */
function resolveSpecifier(importer: string, spec: string): string {
  const base = join(dirname(importer), spec);
  const candidates = [
    base,
    base.replace(/\.js$/, '.ts'),
    base.replace(/\.mjs$/, '.mts'),
    base.replace(/\.cjs$/, '.cts'),
    `${base}.ts`,
    join(base, 'index.ts'),
  ];
  return rel(candidates.find((c) => existsSync(c)) ?? base);
}

interface Violation {
  from: string;
  to: string;
  specifier: string;
}

function findViolations(): Violation[] {
  const out: Violation[] = [];
  for (const root of ROOTS) {
    for (const file of tsFiles(join(repoRoot, root))) {
      const seen = new Set<string>();
      for (const spec of specifiers(readFileSync(file, 'utf8'))) {
        if (!spec.startsWith('.')) continue;
        const last = spec.split('/').pop() ?? '';
        if (!last.startsWith('_')) continue;
        const to = resolveSpecifier(file, spec);
        const from = rel(file);
        // Inside its folder: the importer is in the internal file's directory or below it.
        const home = `${posix.dirname(to)}/`;
        if (from.startsWith(home)) continue;
        const key = `${from} -> ${to}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ from, to, specifier: spec });
      }
    }
  }
  return out.sort((a, b) => `${a.from} ${a.to}`.localeCompare(`${b.from} ${b.to}`));
}

const key = (v: { from: string; to: string }) => `${v.from} -> ${v.to}`;

describe('internal (_-prefixed) modules are imported only from their own folder', () => {
  const violations = findViolations();
  const inList = (list: Allowed[], v: Violation) => list.some((a) => a.from === v.from && a.to === v.to);

  it('the specifier scanner reads every import form', () => {
    // Built from pieces so that this file's own scan does not read the samples as imports.
    const I = 'import';
    const E = 'export';
    const src = [
      `${I} { a,\n  b } from './_x.js';`,
      `${I} type { T } from "../y/_t.js";`,
      `${E} { c } from './_c.js';`,
      `${E} * from './_d.js';`,
      `${I} './_side.js';`,
      `const m = await ${I}('../z/_dyn.js');`,
      `type M = typeof ${I}('./_typeof.js');`,
      `${I} def, * as ns from 'node:fs';`,
    ].join('\n');
    assert.deepEqual(specifiers(src).sort(), [
      '../y/_t.js',
      '../z/_dyn.js',
      './_c.js',
      './_d.js',
      './_side.js',
      './_typeof.js',
      './_x.js',
      'node:fs',
    ]);
  });

  it('src/: no import of another folder’s _ file (beyond the recorded debts)', () => {
    const bad = violations.filter((v) => v.from.startsWith('src/') && !inList(SRC_ALLOW, v));
    assert.deepEqual(
      bad.map(key),
      [],
      'import these through the folder’s index.ts (or move the importer into that folder)',
    );
  });

  it('bench/ and scripts/: no import of a _ file from another folder (beyond the recorded debts)', () => {
    const bad = violations.filter(
      (v) => (v.from.startsWith('bench/') || v.from.startsWith('scripts/')) && !inList(TOOLS_ALLOW, v),
    );
    assert.deepEqual(bad.map(key), [], 'import from src/index.ts or the folder’s index.ts instead');
  });

  it('test/: no import of a _ file from another folder unless listed in TEST_ALLOW with a reason', () => {
    const bad = violations.filter((v) => v.from.startsWith('test/') && !inList(TEST_ALLOW, v));
    assert.deepEqual(
      bad.map(key),
      [],
      'tests import public entry points (src/index.ts); if a test must reach inside, add it to TEST_ALLOW with a reason',
    );
  });

  it('every allow-list entry still matches a real import (remove fixed ones)', () => {
    const actual = new Set(violations.map(key));
    const stale = [...SRC_ALLOW, ...TOOLS_ALLOW, ...TEST_ALLOW].filter((a) => !actual.has(key(a))).map(key);
    assert.deepEqual(stale, [], 'these violations are gone: delete their allow-list entries');
    for (const a of TEST_ALLOW)
      assert.ok(a.from.startsWith('test/'), `TEST_ALLOW is for test/ files: ${key(a)}`);
    for (const a of [...SRC_ALLOW, ...TOOLS_ALLOW, ...TEST_ALLOW])
      assert.ok(a.reason.trim(), `allow-list entry without a reason: ${key(a)}`);
  });
});
