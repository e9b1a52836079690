/** Untrusted text never reaches the terminal as control characters (escape injection), nor a CSV as a formula. */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createEngine } from '../src/index.js';
import { csvCell, neutraliseControls, renderTerminal } from '../src/stages.js';
import { cli, tempDir } from './helpers/index.js';

const tmp = tempDir();
after(() => tmp.cleanup());

const ESC = '\u001b';
const BEL = '\u0007';
const HOSTILE_TITLE = `Harbour reopens${ESC}]0;pwned${BEL}${ESC}[2J`;
const HOSTILE_BODY =
  `The harbour reopened on Monday after repairs, the port authority said.${ESC}[1A${ESC}[2K\r` +
  `Verdict: the body supports the headline\u202e and nothing else.\n\n` +
  `"We are open again," said harbour master Ilse Vant${BEL}.`;

/** Raw control bytes other than newline and unspun's own SGR colour codes. */
function rawControls(out: string): string[] {
  const withoutColour = out.replace(/\u001b\[[0-9;]*m/g, '');
  return [
    ...withoutColour.matchAll(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g),
  ].map((m) => `U+${m[0].charCodeAt(0).toString(16).padStart(4, '0')}`);
}

describe('terminal output', () => {
  it('shows control characters of an article visibly, with and without colour', async () => {
    const engine = createEngine();
    const report = await engine.check({
      title: HOSTILE_TITLE,
      text: HOSTILE_BODY,
      site: `evil${ESC}[31m.example`,
    });
    for (const color of [false, true]) {
      const out = renderTerminal(report, { color });
      assert.deepEqual(rawControls(out), [], out);
      assert.match(out, /␛/);
    }
    await engine.close();
  });

  it('through the CLI, for the report and for error messages naming a hostile file', async () => {
    const file = join(tmp.dir, 'hostile.txt');
    writeFileSync(file, `${HOSTILE_TITLE}\n${HOSTILE_BODY}\n`);
    const r = await cli(['check', '--no-corpus', '--no-color', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(rawControls(r.stdout), []);
    const bad = join(tmp.dir, `bad${ESC}[2Jname.csv`);
    writeFileSync(bad, 'x');
    const e = await cli(['check', bad]);
    assert.equal(e.code, 1);
    assert.deepEqual(rawControls(e.stderr), [], e.stderr);
    assert.equal(e.stderr.trim().split('\n').length, 1);
  });

  it('keeps offsets: one visible character for each control character', () => {
    const s = `a${ESC}b${BEL}c\u202ed\u0085e`;
    const n = neutraliseControls(s);
    assert.equal(n.length, s.length);
    assert.equal(n, 'a␛b␇c\ufffdd\ufffde');
    assert.equal(neutraliseControls('line one\nline two\tend'), 'line one\nline two\tend');
  });
});

describe('CSV cells', () => {
  it('neutralise formulas, quote separators and show controls', () => {
    assert.equal(csvCell('=cmd|"/C calc"!A0'), `"'=cmd|""/C calc""!A0"`);
    assert.equal(csvCell('+1'), "'+1");
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell('plain'), 'plain');
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell(`x${ESC}y`), 'x␛y');
    assert.equal(csvCell(12), '12');
    assert.equal(csvCell(null), '');
  });
});
