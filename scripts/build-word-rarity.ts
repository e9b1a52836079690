/**
 * Writes data/word-rarity.tsv: how many news articles of a training set use each canonical word key (document
 * frequency), the rarity weights of the rewrite stage (src/rewrite) and of the generic-line gate. Words absent
 * from the table are rarer than any listed (names, numbers, technical words).
 *
 *   npx tsx scripts/build-word-rarity.ts      (needs ../shared; the table is committed)
 *
 * Training articles: the FNC-1 training bodies, the PolNeAR train split and the FakeNewsNet articles in
 * ../shared (about 2,900 news articles, 2015-2017). Deliberately not from the sets the rewrite benchmark checks
 * against (rewrites/, corpora/autoblog-2016). Only counts are written: no text.
 * Keys seen in fewer than 3 articles are left out (they are rare either way), which keeps the table small.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { lexiconCanonicaliser } from '../src/engine/canon.js';
import { normaliseArticle } from '../src/normalise/index.js';

const repo = resolve(new URL('..', import.meta.url).pathname);
const shared = resolve(repo, '..', 'shared');
if (!existsSync(shared)) {
  console.error('build-word-rarity: ../shared is absent; the committed data/word-rarity.tsv stays as it is.');
  process.exit(1);
}
const texts: string[] = [];
const bodies = parseCsv(readFileSync(join(shared, 'fnc1', 'train_bodies.csv'), 'utf8'), {
  columns: true,
}) as {
  articleBody: string;
}[];
for (const b of bodies) texts.push(b.articleBody);
const polText = join(shared, 'polnear', 'train', 'text');
for (const f of readdirSync(polText)) texts.push(readFileSync(join(polText, f), 'utf8'));
const fnn = join(shared, 'corpora', 'fakenewsnet-v1', 'Data');
for (const outlet of ['BuzzFeed', 'PolitiFact'])
  for (const kind of ['FakeNewsContent', 'RealNewsContent']) {
    const dir = join(fnn, outlet, kind);
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) {
      const j = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { text?: string };
      if (j.text && j.text.length > 200) texts.push(j.text);
    }
  }

const df = new Map<string, number>();
for (const text of texts) {
  const seen = new Set<string>();
  for (const s of normaliseArticle({ title: '', text }).sentences)
    for (const u of lexiconCanonicaliser(s.tokens)) if (!u.stop) seen.add(u.key);
  for (const k of seen) df.set(k, (df.get(k) ?? 0) + 1);
}
const rows = [...df]
  .filter(([k, n]) => n >= 3 && !/[\t\n]/.test(k))
  .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
const header = [
  '# Document frequency of canonical word keys (src/engine/canon.ts) in news articles: key<TAB>articles.',
  `# articles\t${texts.length}`,
  '# Built by scripts/build-word-rarity.ts from FNC-1 train bodies, PolNeAR train and FakeNewsNet (counts only).',
  '# Keys in fewer than 3 articles are left out. Read by src/rewrite/rarity.ts.',
];
writeFileSync(
  join(repo, 'data', 'word-rarity.tsv'),
  `${header.join('\n')}\n${rows.map(([k, n]) => `${k}\t${n}`).join('\n')}\n`,
);
console.log(`wrote ${rows.length} keys from ${texts.length} articles to data/word-rarity.tsv`);
