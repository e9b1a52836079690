/**
 * The headline check's own text handling: folding, tokens, a light stemmer, sentence splitting and
 * feature hashing. It is frozen together with the shipped weights (changing it changes the features
 * the model was trained on), which is why it does not reuse src/normalise.
 */

const STOPWORDS = new Set(
  (
    'a an the and or but if of at by for with about against between into through during before after above ' +
    'below to from up down in out on off over under again further then once here there when where why how all ' +
    'any both each few more most other some such only own same so than too very can will just should now ' +
    'i me my we our you your he him his she her it its they them their what which who whom this that these ' +
    'those am is are was were be been being have has had having do does did doing would could as s t also ' +
    'said says say one two new year years us mr mrs ms im its'
  ).split(' '),
);

/** Words whose presence matters for stance and must survive stop-word removal. */
export const KEEP_WORDS = new Set(['not', 'no', 'nor', 'never', 'none', 'nothing', 'without']);

/** Lower-case, strip diacritics, fold quotes and dashes. */
export function foldText(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201b\u2032`]/g, "'")
    .replace(/[\u201c\u201d\u201e\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-');
}

/** A small suffix stripper (plurals, -ing, -ed, -ly): enough to match "denies"/"denied"/"deny". */
export function stem(w: string): string {
  if (w.length <= 3) return w;
  const known = stemCache.get(w);
  if (known !== undefined) return known;
  const s = stemUncached(w);
  if (stemCache.size >= 100_000) stemCache.clear();
  stemCache.set(w, s);
  return s;
}

const stemCache = new Map<string, string>();

function stemUncached(w: string): string {
  if (/^\d/.test(w)) return w;
  const s = stripSuffix(w);
  // "achieve", "achieved", "achieving" -> "achiev"
  return s.length > 4 && s.endsWith('e') && !s.endsWith('ee') ? s.slice(0, -1) : s;
}

function stripSuffix(w: string): string {
  if (w.endsWith('ies') && w.length > 4) return w.slice(0, -3) + 'y';
  if (w.endsWith('sses')) return w.slice(0, -2);
  if (w.endsWith('ied') && w.length > 4) return w.slice(0, -3) + 'y';
  if (w.endsWith('ing') && w.length > 5) return undouble(w.slice(0, -3));
  if (w.endsWith('eed') && w.length > 5) return w.slice(0, -1);
  if (w.endsWith('edly') && w.length > 6) return undouble(w.slice(0, -4));
  if (w.endsWith('ed') && w.length > 4) return undouble(w.slice(0, -2));
  if (w.endsWith('ly') && w.length > 5) return w.slice(0, -2);
  if (w.endsWith('es') && w.length > 4 && /(?:ch|sh|x|z|ss)es$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) return w.slice(0, -1);
  return w;
}

function undouble(w: string): string {
  const n = w.length;
  if (n >= 3 && w[n - 1] === w[n - 2] && !/[lsz]/.test(w[n - 1]!)) return w.slice(0, -1);
  if (w.endsWith('i')) return w.slice(0, -1) + 'y';
  return w;
}

const WORD_RE = /[a-z0-9]+(?:[.,][0-9]+)*/g;

/** Raw folded word tokens, with "n't" turned into "not" and apostrophes dropped ("it's" -> "its"). */
export function rawWords(text: string): string[] {
  const t = foldText(text.replace(/\bU\.S\.(?:A\.)?|\bUSA?\b/g, ' usa '))
    .replace(/n't\b/g, ' not')
    .replace(/'/g, '');
  return t.match(WORD_RE) ?? [];
}

/** Content tokens: folded, stemmed, stop words removed (negations kept). */
export function contentTokens(text: string): string[] {
  return contentTokensOf(rawWords(text));
}

/** Content tokens from raw words (see rawWords). */
export function contentTokensOf(words: readonly string[]): string[] {
  const out: string[] = [];
  for (const w of words) {
    if (KEEP_WORDS.has(w)) {
      out.push(w);
      continue;
    }
    if (w.length < 2 || STOPWORDS.has(w)) continue;
    out.push(stem(w));
  }
  return out;
}

// A sentence ends at . ! ? (plus closing quote/bracket) before a capital, digit or opening quote,
// but not after initials such as "U.N." or common abbreviated titles.
const SPLIT_RE =
  /(?<!\b(?:[A-Z]\.){2,}|\b(?:Mr|Mrs|Ms|Dr|St|Sen|Rep|Gov|Gen|Col|Lt|Sgt|Prof|Jr|Sr|No|Vs|vs|Mt|Ft)\.)(?<=[.!?]["'\u201d\u2019)]?)\s+(?=["'\u201c\u2018(]?[A-Z0-9])/;

/**
 * Split a body into sentences: on line breaks, and after . ! ? (optionally closed by a quote or bracket)
 * when a capital letter, digit or opening quote follows. Good enough for news prose; no offsets.
 */
export function splitSentences(body: string): string[] {
  const out: string[] = [];
  for (const line of body.split(/\n+/)) {
    const parts = line.split(SPLIT_RE);
    for (const p of parts) {
      const s = p.trim();
      if (s.length > 0) out.push(s);
    }
  }
  return out;
}

/** FNV-1a 32-bit hash with a seed mixed in, for feature hashing. */
export function hash32(s: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // final avalanche (murmur3 fmix32) so that low bits are well mixed
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
