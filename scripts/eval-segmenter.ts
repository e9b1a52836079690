/** Score the sentence segmenter on test/fixtures/segmenter/cases.json: `npm run eval:segmenter [-- --verbose]`. */
import { readFileSync } from 'node:fs';
import { type SegmenterCase, scoreSegmenter } from '../src/normalise/eval.js';

const cases = JSON.parse(
  readFileSync(new URL('../test/fixtures/segmenter/cases.json', import.meta.url), 'utf8'),
) as SegmenterCase[];
const s = scoreSegmenter(cases);
console.log(
  `segmenter: ${s.exactCases}/${s.cases} cases exactly right (${((100 * s.exactCases) / s.cases).toFixed(1)} %)`,
);
console.log(
  `boundaries: precision ${s.precision.toFixed(3)}, recall ${s.recall.toFixed(3)}, F1 ${s.f1.toFixed(3)}; ` +
    `datelines ${s.datelines.correct}/${s.datelines.expected} right, ${s.datelines.found} found`,
);
if (process.argv.includes('--verbose')) {
  for (const f of s.failures) {
    console.log(
      `\n✗ ${f.id}\n  expected: ${JSON.stringify(f.expected)}\n  got:      ${JSON.stringify(f.got)}`,
    );
  }
} else if (s.failures.length)
  console.log(`failing: ${s.failures.map((f) => f.id).join(', ')} (--verbose for details)`);
