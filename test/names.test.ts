/**
 * One name table for the lexicon and the entity gazetteer: both sides resolve an alias to the same entity, and
 * neither reads a data file at import.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { lookup } from '../src/entities/gazetteer.js';
import { canonical, canonicalizeTokens, nameTable } from '../src/lexicon/index.js';
import { tokenize } from '../src/normalise/index.js';
import { repoRoot } from './helpers/index.js';

/** The lexicon's key of a name written in running text (one canonical unit). */
function lexiconKey(name: string): string {
  const units = canonicalizeTokens(tokenize(name));
  assert.equal(units.length, 1, `"${name}" is one unit: ${units.map((u) => u.text).join(' | ')}`);
  return units[0]!.key;
}

describe('name table: lexicon and gazetteer agree', () => {
  const pairs: [string, string, string][] = [
    ['Mainland China', 'China', 'China'],
    ['UNO', 'United Nations', 'United Nations'],
    ['the States', 'United States', 'United States'],
    ['Russian Federation', 'Russia', 'Russia'],
    ['U.S.', 'USA', 'United States'],
    ['Holy See', 'Vatican', 'Vatican City'],
    ['Hizbollah', 'Hezbollah', 'Hezbollah'],
    ['Burma', 'Myanmar', 'Myanmar'],
  ];
  for (const [alias, name, display] of pairs) {
    it(`"${alias}" and "${name}" are one entity on both sides`, () => {
      assert.equal(lexiconKey(alias), lexiconKey(name));
      const a = lookup(alias.replace(/^the /, ''));
      const b = lookup(name);
      assert.ok(a && b, `gazetteer knows "${alias}" and "${name}"`);
      assert.equal(a.canonical, display);
      assert.equal(b.canonical, display);
      assert.equal(a.key, lexiconKey(name), 'the gazetteer entry carries the lexicon key');
    });
  }
  it('keeps the word senses apart ("us", "the states of Europe")', () => {
    assert.notEqual(canonical('us'), lexiconKey('USA'));
    const units = canonicalizeTokens(tokenize('the states of Europe'));
    assert.ok(units.every((u) => u.key !== lexiconKey('USA')));
  });
  it('every entry has a key, a canonical name and names', () => {
    for (const e of nameTable()) {
      assert.ok(e.key && e.canonical && e.names.length > 0, JSON.stringify(e));
    }
  });
});

describe('data files load lazily', () => {
  it('importing the lexicon, the entities and the spinner reads no data file', () => {
    const script = `
      import fs from 'node:fs';
      import { syncBuiltinESMExports } from 'node:module';
      const reads = [];
      const real = fs.readFileSync;
      fs.readFileSync = (p, ...rest) => {
        if (String(p).includes('/data/')) reads.push(String(p));
        return real(p, ...rest);
      };
      syncBuiltinESMExports();
      await import('./src/lexicon/index.ts');
      await import('./src/entities/index.ts');
      await import('./src/spin/index.ts');
      const atImport = reads.length;
      const { canonical } = await import('./src/lexicon/index.ts');
      canonical('said');
      console.log(JSON.stringify({ atImport, afterUse: reads.length }));
    `;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    const { atImport, afterUse } = JSON.parse(out.trim().split('\n').pop()!);
    assert.equal(atImport, 0, 'no data file read at import');
    assert.ok(afterUse > 0, 'data read on first use');
  });
});
