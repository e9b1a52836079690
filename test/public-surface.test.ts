/**
 * The public surface: the root export is the engine, the report types and the errors; stages, stores and test
 * helpers are subpath exports. Importing the root loads no database driver, NLP library or HTML parser (they load
 * when the engine first needs them), which keeps `unspun --help` and library start-up fast.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from './helpers/index.js';

const HEAVY = [
  'better-sqlite3',
  'compromise',
  'linkedom',
  '@mozilla/readability',
  'tldts',
  'csv-parse',
  'graphology',
  'graphology-gexf',
  'xml-writer',
];

/** Modules reached from `entry` through static, value-level imports (type-only imports and import() excluded). */
function staticGraph(entry: string): { files: Set<string>; packages: Map<string, string> } {
  const files = new Set<string>();
  const packages = new Map<string, string>();
  const stack = [entry];
  while (stack.length) {
    const file = stack.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    const src = readFileSync(file, 'utf8');
    const re = /^\s*(import|export)\s+(?!type\b)([^'";]*?\bfrom\s*)?['"]([^'"]+)['"]/gm;
    for (const m of src.matchAll(re)) {
      // `import { type A, type B } from` is type-only too.
      const clause = m[2] ?? '';
      if (/^\{\s*(?:type\s+[\w$]+\s*,?\s*)+\}\s*from\s*$/.test(clause.trim())) continue;
      const spec = m[3]!;
      if (spec.startsWith('.')) {
        const target = join(dirname(file), spec).replace(/\.js$/, '.ts');
        stack.push(existsSync(target) ? target : join(dirname(file), spec.replace(/\.js$/, ''), 'index.ts'));
      } else if (!spec.startsWith('node:')) {
        const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
        if (!packages.has(pkg)) packages.set(pkg, relative(repoRoot, file));
      }
    }
  }
  return { files, packages };
}

describe('public surface', () => {
  it('the root module statically imports none of the heavy packages', () => {
    const { packages } = staticGraph(join(repoRoot, 'src', 'index.ts'));
    for (const p of HEAVY) assert.ok(!packages.has(p), `${p} is imported at load time by ${packages.get(p)}`);
  });

  it('the walker does see them where they are imported (unspun/stages exports the SQLite adapter)', () => {
    const { packages } = staticGraph(join(repoRoot, 'src', 'stages.ts'));
    assert.ok(packages.has('better-sqlite3'), [...packages.keys()].join(', '));
  });

  it('the CLI entry statically imports none of them either (commands load the engine when they run)', () => {
    const { packages } = staticGraph(join(repoRoot, 'src', 'cli', 'main.ts'));
    for (const p of HEAVY) assert.ok(!packages.has(p), `${p} is imported at load time by ${packages.get(p)}`);
  });

  it('importing the built root loads no heavy package, and exposes the engine, errors and defaults', () => {
    const dist = join(repoRoot, 'dist', 'index.js');
    assert.ok(existsSync(dist), 'dist/ is built by `npm test` before the tests run');
    const script = `
      import { createRequire } from 'node:module';
      const m = await import(${JSON.stringify(dist)});
      const require = createRequire(import.meta.url);
      const loaded = Object.keys(require.cache).filter((k) => k.includes('node_modules'));
      console.log(JSON.stringify({ exports: Object.keys(m).sort(), loaded }));`;
    const out = JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }),
    );
    assert.deepEqual(out.exports, [
      'DEFAULTS',
      'UnspunError',
      'createEngine',
      'describeError',
      'isUnspunError',
    ]);
    for (const p of HEAVY) {
      assert.ok(
        !out.loaded.some((k: string) => k.includes(`node_modules/${p}/`)),
        `${p} was loaded: ${out.loaded}`,
      );
    }
  });

  it('every subpath export points at a built file', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      exports: Record<string, string | { import: string; types: string }>;
    };
    assert.deepEqual(Object.keys(pkg.exports).sort(), [
      '.',
      './package.json',
      './server',
      './stages',
      './store',
      './store/sqlite',
      './testing',
    ]);
    for (const [name, target] of Object.entries(pkg.exports)) {
      if (typeof target === 'string') continue;
      assert.ok(existsSync(join(repoRoot, target.import)), `${name}: ${target.import} is missing`);
      assert.ok(
        existsSync(join(repoRoot, target.types.replace(/^\.\//, ''))),
        `${name}: ${target.types} is missing`,
      );
    }
  });
});
