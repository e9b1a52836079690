/**
 * Writes data/word-classes.json: compromise's built-in English lexicon (word -> part-of-speech and name tags),
 * which the entity stage consults for first names with gender, word classes, demonyms and places. Shipping the
 * table saves loading the whole NLP library (about a second) at every start; rerun after upgrading compromise:
 *
 *   npx tsx scripts/build-word-classes.ts
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
const words: Record<string, string> = {};
for (const [w, t] of rows) words[w!] = t!;
const out = `${JSON.stringify({
  source: `compromise ${version}'s built-in English lexicon (npm "compromise", MIT licence, https://github.com/spencermountain/compromise), as nlp.model().one.lexicon gives it. Built by scripts/build-word-classes.ts; read by src/entities/_lex.ts. Values: comma-separated tags.`,
  words,
})}\n`;
const path = fileURLToPath(new URL('../data/word-classes.json', import.meta.url));
writeFileSync(path, out);
console.log(`wrote ${rows.length} words to ${path}`);
