/**
 * Writes data/word-classes.tsv: compromise's built-in English lexicon (word -> part-of-speech and name tags),
 * which the entity stage consults for first names with gender, word classes, demonyms and places. Shipping the
 * table saves loading the whole NLP library (about a second) at every start; rerun after upgrading compromise:
 *
 *   npx tsx scripts/build-word-classes.ts
 *
 * One `word<TAB>tags` row per word, sorted by word in UTF-16 code-unit order: src/entities/_lex.ts looks words
 * up by binary search in the text (src/lexicon/data.ts, SortedTable) instead of parsing ~25,000 entries.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import nlp from 'compromise';

const version = (nlp as unknown as { version: string }).version;
const lexicon = (nlp.model() as { one: { lexicon: Record<string, string | string[]> } }).one.lexicon;
const rows = Object.entries(lexicon)
  .map(([word, tags]) => [word, (Array.isArray(tags) ? tags : tags.split(',')).filter(Boolean).join(',')])
  .filter(([word, tags]) => word && tags)
  .sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0));
for (const [w, t] of rows) {
  if (/[\t\n\r]/.test(w! + t!) || w!.startsWith('#'))
    throw new Error(`cannot store ${JSON.stringify(w)} in TSV`);
}
const out = [
  `# compromise ${version}'s built-in English lexicon (npm "compromise", MIT licence, https://github.com/spencermountain/compromise), as nlp.model().one.lexicon gives it.`,
  '# Built by scripts/build-word-classes.ts; read by src/entities/_lex.ts. Columns: word, comma-separated tags.',
  '# Rows sorted by word in UTF-16 code-unit order (looked up by binary search): do not edit by hand.',
  ...rows.map(([w, t]) => `${w}\t${t}`),
].join('\n');
const path = fileURLToPath(new URL('../data/word-classes.tsv', import.meta.url));
writeFileSync(path, `${out}\n`);
console.log(`wrote ${rows.length} words to ${path}`);
