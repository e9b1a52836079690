/**
 * Evaluate quote extraction, speaker attribution and entity canonicalisation.
 *
 *   npm run eval:quotes                 # gold set + PolNeAR dev (if /work/shared/polnear exists)
 *   npm run eval:quotes -- --train      # also PolNeAR train
 *   npm run eval:quotes -- --json       # machine-readable output
 *
 * Gold set: test/fixtures/quotes/gold.json (hand-written paragraphs). PolNeAR is read at run time only.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type GoldScores, loadGold, scoreGold } from '../test/fixtures/quotes/score.js';
import { readSplit, scoreDirect } from './_polnear.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const polnearRoot = path.resolve(repoRoot, '..', 'shared', 'polnear');
const args = new Set(process.argv.slice(2));

function f3(x: number): string {
  return Number.isFinite(x) ? x.toFixed(3) : '  -  ';
}

function printGold(g: GoldScores): void {
  console.log(`Gold set (${g.items} paragraphs, ${g.goldQuotes} gold quotes, ${g.predQuotes} predicted)`);
  console.log('| metric | P | R | F1 |');
  console.log('|---|---:|---:|---:|');
  for (const [name, m] of Object.entries(g.prf))
    console.log(`| ${name} | ${f3(m.p)} | ${f3(m.r)} | ${f3(m.f1)} |`);
  console.log('');
  console.log('| accuracy | value | n |');
  console.log('|---|---:|---:|');
  for (const [name, m] of Object.entries(g.acc)) console.log(`| ${name} | ${f3(m.value)} | ${m.n} |`);
}

const gold = scoreGold(loadGold());
const out: Record<string, unknown> = { gold };
if (!args.has('--json')) printGold(gold);

if (existsSync(polnearRoot)) {
  const splits: Array<'dev' | 'train'> = args.has('--train') ? ['dev', 'train'] : ['dev'];
  const rows: Array<Record<string, number | string>> = [];
  for (const split of splits) {
    const t0 = performance.now();
    const arts = readSplit(polnearRoot, split);
    const sc = scoreDirect(arts);
    rows.push({
      split,
      articles: sc.articles,
      directQuotes: sc.direct,
      found: sc.found,
      speakerAccuracy: sc.correct / sc.direct,
      unknownShare: sc.unknown / sc.direct,
      wrongShare: sc.wrong / sc.direct,
      accuracyWhenAttributed: sc.correct / Math.max(1, sc.correct + sc.wrong),
      seconds: Math.round((performance.now() - t0) / 100) / 10,
      pronounGold: sc.pronounGold,
      pronounCorrect: sc.pronounCorrect,
    });
  }
  out.polnear = rows;
  if (!args.has('--json')) {
    console.log('');
    console.log('PolNeAR direct quotes (content starts with a double quote mark; one annotator per article)');
    console.log(
      '| split | articles | direct quotes | quote found | speaker accuracy | unknown speaker | wrong speaker | acc. when attributed | s |',
    );
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of rows)
      console.log(
        `| ${r.split} | ${r.articles} | ${r.directQuotes} | ${r.found} | ${f3(r.speakerAccuracy as number)} | ${f3(r.unknownShare as number)} | ${f3(r.wrongShare as number)} | ${f3(r.accuracyWhenAttributed as number)} | ${r.seconds} |`,
      );
    console.log('');
    console.log(
      'Correct = the predicted speaker phrase overlaps the gold source, or names the same person (last name). Guesses never count.',
    );
    console.log(
      'Where the gold source is a bare pronoun, PolNeAR has no antecedent, so only the phrase is checked, not the person it resolves to:',
    );
    for (const r of rows)
      console.log(
        `  ${r.split}: ${r.pronounGold} quotes with a pronoun source, ${r.pronounCorrect} credited (${f3((r.pronounGold as number) / (r.directQuotes as number))} of all direct quotes)`,
      );
  }
} else if (!args.has('--json')) {
  console.log(`\nPolNeAR not found at ${polnearRoot}: skipped.`);
}
if (args.has('--json')) console.log(JSON.stringify(out, null, 2));
