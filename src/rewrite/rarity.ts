/**
 * How much a shared word says about two texts being related: its rarity in news (inverse document frequency
 * from data/word-rarity.tsv, built by scripts/build-word-rarity.ts). "said" says almost nothing, "Benghazi"
 * a lot. Words the table does not hold are rarer than any it holds; names and figures weigh at least a floor.
 */
import { once, readData } from '../lexicon/data.js';

const table = once(() => {
  const rows: [string, number][] = [];
  let articles = 1;
  for (const line of readData('word-rarity.tsv').split('\n')) {
    if (line.startsWith('# articles\t')) articles = Number(line.slice('# articles\t'.length)) || 1;
    if (line === '' || line.startsWith('#')) continue;
    const tab = line.indexOf('\t');
    rows.push([line.slice(0, tab), Number(line.slice(tab + 1))]);
  }
  const idf = new Map<string, number>();
  for (const [k, df] of rows) idf.set(k, Math.log((articles + 1) / (df + 1)));
  return { idf, max: Math.log((articles + 1) / 2) };
});

/** Inverse document frequency of a canonical key: ln((N + 1) / (df + 1)); unlisted keys count as df 1. */
export function rarity(key: string): number {
  const t = table();
  return t.idf.get(key) ?? t.max;
}

/** The largest rarity (a word never seen in the table's articles). */
export function maxRarity(): number {
  return table().max;
}
