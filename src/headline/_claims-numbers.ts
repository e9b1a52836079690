/**
 * Figures in a sentence for the headline claim checks: numbers in digits or words with their scale,
 * range, comparator ("more than", "nearly"), unit (percent, points, money) and what they count (a casualty
 * class or a noun); and whether two figures can be the same one.
 */
import { lemma, type Tok } from './_claims-tokens.js';
import { claimWords, type NumClass, thing } from './_claims-words.js';

export interface Figure {
  /** The stated value or range. */
  lo: number;
  hi: number;
  /** Comparator before it: at least ("more than 100"), at most ("nearly", "up to"), about, or none. */
  cmp: 'ge' | 'le' | 'about' | 'eq';
  /** The stated value. */
  value: number;
  /** 'pct' (percent), 'pp' (percentage points), 'bp', 'money:<currency>', 'count'. */
  unit: string;
  cls: NumClass | null;
  /** Lemma of the noun counted (count figures): "bus" in "23 buses". */
  noun: string | null;
  /** Token range covering the comparator, the figure and its unit/class word. */
  i: number;
  j: number;
  /** Token index of the number itself. */
  at: number;
  clause: number;
}

export const NUMBER_WORDS = new Map<string, number>(
  (
    'one 1 two 2 three 3 four 4 five 5 six 6 seven 7 eight 8 nine 9 ten 10 eleven 11 twelve 12 thirteen 13 ' +
    'fourteen 14 fifteen 15 sixteen 16 seventeen 17 eighteen 18 nineteen 19 twenty 20 thirty 30 forty 40 ' +
    'fifty 50 sixty 60 seventy 70 eighty 80 ninety 90 dozen 12'
  )
    .split(/\s+/)
    .reduce<[string, number][]>((acc, x, k, a) => {
      if (k % 2 === 0) acc.push([x, Number(a[k + 1])]);
      return acc;
    }, []),
);
const SCALES = new Map<string, number>([
  ['hundred', 100],
  ['thousand', 1e3],
  ['million', 1e6],
  ['millions', 1e6],
  ['m', 1e6],
  ['mn', 1e6],
  ['billion', 1e9],
  ['bn', 1e9],
  ['b', 1e9],
  ['trillion', 1e12],
  ['k', 1e3],
  ['tn', 1e12],
]);
const CURRENCY_SYMBOL: Record<string, string> = {
  $: 'usd',
  '\u20ac': 'eur',
  '\u00a3': 'gbp',
  '\u00a5': 'jpy',
};
const CURRENCY_WORD = new Map<string, string>([
  ['dollar', 'usd'],
  ['dollars', 'usd'],
  ['euro', 'eur'],
  ['euros', 'eur'],
  ['pound', 'gbp'],
  ['pounds', 'gbp'],
  ['yen', 'jpy'],
  ['yuan', 'cny'],
]);

/** The casualty class a word gives ("killed" -> deaths), if any. */
export const classOf = (t: Tok | undefined): NumClass | undefined => {
  if (t === undefined || t.kind !== 'w') return undefined;
  const { classWords } = claimWords();
  return classWords.get(t.norm) ?? classWords.get(lemma(t.norm));
};

function readNumber(toks: readonly Tok[], i: number): { value: number; end: number } | null {
  const t = toks[i]!;
  let value: number;
  let end = i;
  if (t.kind === 'n') {
    const s = t.norm;
    // "1,200" (thousands) vs "3,5" (decimal comma, rare in English news): commas followed by 3 digits are thousands.
    if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) value = Number(s.replace(/,/g, ''));
    else if (/^\d+(\.\d+)?$/.test(s)) value = Number(s);
    else return null;
  } else if (t.kind === 'w' && NUMBER_WORDS.has(t.norm)) {
    value = NUMBER_WORDS.get(t.norm)!;
    // "twenty three" ("twenty-three" is two tokens around a hyphen).
    const a = toks[i + 1];
    const b = toks[i + 2];
    if (value >= 20 && value % 10 === 0) {
      if (a?.norm === '-' && b && NUMBER_WORDS.has(b.norm) && NUMBER_WORDS.get(b.norm)! < 10) {
        value += NUMBER_WORDS.get(b.norm)!;
        end = i + 2;
      } else if (a && NUMBER_WORDS.has(a.norm) && NUMBER_WORDS.get(a.norm)! < 10) {
        value += NUMBER_WORDS.get(a.norm)!;
        end = i + 1;
      }
    }
  } else return null;
  for (;;) {
    const s = toks[end + 1];
    const scale = s?.kind === 'w' ? SCALES.get(s.norm) : undefined;
    if (scale === undefined) break;
    // A lone "m", "b" or "k" counts only right after digits ("$5m", "$300K").
    if (s!.norm.length === 1 && (t.kind !== 'n' || s!.start !== toks[end]!.end)) break;
    value *= scale;
    end++;
  }
  return { value, end };
}

/** The figures of a tokenised sentence, in order. */
export function figuresIn(toks: readonly Tok[]): Figure[] {
  const W = claimWords();
  const out: Figure[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.kind !== 'n' && !(t.kind === 'w' && NUMBER_WORDS.has(t.norm))) continue;
    const prev = toks[i - 1];
    // "one of", "the one", "no one": not a count.
    if (t.kind === 'w' && (t.norm === 'one' || t.norm === 'dozen') && !classOf(toks[i + 1])) {
      if (t.norm === 'one' || prev?.norm !== 'a') continue;
    }
    const read = readNumber(toks, i);
    if (read === null) continue;
    let { value, end } = read;
    const next = toks[end + 1];
    // Times ("7 a.m.", "9:40"), years, ordinals, and figures glued to letters are skipped.
    if (next && /^(am|pm|a|p|gmt|utc|bst|cet|est)$/.test(next.norm) && next.start === toks[end]!.end + 1)
      continue;
    if (next?.norm === 'a' && toks[end + 2]?.norm === 'm') continue;
    if (t.kind === 'n' && /^\d{4}$/.test(t.norm) && value >= 1900 && value <= 2100) continue;
    // Dates: "September 25", "25 September".
    if (W.months.has(prev?.norm ?? '') || W.months.has(next?.norm ?? '')) continue;
    if (next && (next.norm === 'st' || next.norm === 'nd' || next.norm === 'rd' || next.norm === 'th'))
      continue;
    let lo = value;
    let hi = value;
    let first = i;
    // Ranges: "20-30", "20 to 30", "between 20 and 30".
    let last = end;
    const r1 = toks[end + 1];
    if (r1 && (r1.norm === '-' || r1.norm === 'to' || (r1.norm === 'and' && prev?.norm === 'between'))) {
      const k = end + 2;
      if (toks[k] && (toks[k]!.kind === 'n' || NUMBER_WORDS.has(toks[k]!.norm))) {
        const r = readNumber(toks, k);
        if (r && r.value > value) {
          // "20 to 30 million": the scale applies to both.
          if (r.end > k && value < r.value / 1000) {
            for (let g = k + 1; g <= r.end; g++) lo *= SCALES.get(toks[g]!.norm) ?? 1;
          }
          hi = r.value;
          value = r.value;
          last = r.end;
          end = r.end;
        }
      }
    }
    // Comparator: the word(s) before the figure.
    let cmp: Figure['cmp'] = 'eq';
    // (skipping a currency symbol: "up to $5,000")
    const sym = toks[i - 1]?.kind === 's' ? 1 : 0;
    const p1 = toks[i - 1 - sym]?.norm ?? '';
    const p2 = toks[i - 2 - sym]?.norm ?? '';
    if ((p1 === 'than' && (p2 === 'more' || p2 === 'over')) || (p1 === 'least' && p2 === 'at')) {
      cmp = 'ge';
      first = i - 2 - sym;
    } else if ((p1 === 'than' && (p2 === 'less' || p2 === 'fewer')) || (p1 === 'to' && p2 === 'up')) {
      cmp = 'le';
      first = i - 2 - sym;
    } else if (W.atLeast.has(p1) || (p1 === 'of' && p2 === 'excess')) {
      cmp = 'ge';
      first = i - 1 - sym;
    } else if (W.atMost.has(p1)) {
      cmp = 'le';
      first = i - 1 - sym;
    } else if (W.about.has(p1) || (p1 === 'an' && p2 === 'estimated') || (p1 === 'to' && p2 === 'close')) {
      cmp = 'about';
      first = (p1 === 'an' || p1 === 'to' ? i - 2 : i - 1) - sym;
    }
    // Unit.
    let unit = 'count';
    const u = toks[end + 1];
    const before = toks[i - 1];
    if (u?.norm === '%' || u?.norm === 'percent' || u?.norm === 'pct') {
      unit = 'pct';
      last = end + 1;
    } else if (u?.norm === 'per' && toks[end + 2]?.norm === 'cent') {
      unit = 'pct';
      last = end + 2;
    } else if (u?.norm === 'percentage' && /^points?$/.test(toks[end + 2]?.norm ?? '')) {
      unit = 'pp';
      last = end + 2;
    } else if (u?.norm === 'basis' && /^points?$/.test(toks[end + 2]?.norm ?? '')) {
      unit = 'bp';
      last = end + 2;
    } else if (before?.kind === 's' && CURRENCY_SYMBOL[before.norm]) {
      unit = `money:${CURRENCY_SYMBOL[before.norm]}`;
      first = Math.min(first, i - 1);
    } else if (u && CURRENCY_WORD.has(u.norm)) {
      unit = `money:${CURRENCY_WORD.get(u.norm)}`;
      last = end + 1;
    }
    // Class (for counts): the nearest class word within three words before or five after, same clause.
    let cls: NumClass | null = null;
    let noun: string | null = null;
    if (unit === 'count') {
      let best = 99;
      for (let k = Math.max(0, i - 3); k <= Math.min(toks.length - 1, end + 5); k++) {
        if (k >= i && k <= end) continue;
        const tk = toks[k]!;
        if (tk.clause !== t.clause) continue;
        const c = classOf(tk);
        if (c === undefined) continue;
        // A class word after a figure belongs to the figure only if no other figure comes between.
        const d = k < i ? i - k : k - end;
        if (d < best) {
          best = d;
          cls = c;
          if (k > end) last = Math.max(last, k);
          else first = Math.min(first, k);
        }
      }
      const n = toks[end + 1];
      if (n?.kind === 'w' && !W.stop.has(n.norm) && !W.vagueNouns.has(n.norm) && !SCALES.has(n.norm)) {
        noun = lemma(n.norm);
        if (cls === null) last = Math.max(last, end + 1);
      }
    }
    out.push({
      lo,
      hi,
      cmp,
      value,
      unit,
      cls,
      noun,
      i: first,
      j: last,
      at: i,
      clause: t.clause,
    });
    i = end;
  }
  return out;
}

/**
 * The values a figure allows. A headline's "more than 100" is anything from 100 up; a body's "at least 23"
 * is the figure it reports (23, give or take a little), not a licence for any larger number.
 */
function interval(f: Figure, head: boolean): [number, number] {
  const slack = Math.max(0.05 * Math.abs(f.value), precisionOf(f.value) / 2);
  switch (f.cmp) {
    case 'ge':
      return [f.lo, head ? Number.POSITIVE_INFINITY : f.hi * 1.3 + 3];
    case 'le':
      return [head ? 0 : f.lo * 0.8, f.hi];
    case 'about':
      return [f.lo * 0.85, f.hi * 1.15];
    default:
      return [f.lo - slack, f.hi + slack];
  }
}

/**
 * Whether a body figure can be the headline's figure: overlapping ranges, or the same digits with a
 * thousand-fold scale word dropped ("$800" and "$800 million": a slip, not another figure).
 */
export function compatible(h: Figure, b: Figure): boolean {
  const [hl, hh] = interval(h, true);
  const [bl, bh] = interval(b, false);
  if (bl <= hh && hl <= bh) return true;
  const r = Math.max(h.value, b.value) / Math.min(h.value, b.value);
  return r >= 1000 && [1e3, 1e6, 1e9, 1e12].some((x) => Math.abs(r / x - 1) < 1e-9);
}

function precisionOf(v: number): number {
  if (Number.isInteger(v)) {
    // 1,200 -> 100 slack... keep it to units for small numbers and to the last non-zero digit otherwise.
    let p = 1;
    while (v !== 0 && v % (p * 10) === 0 && p < 1e12) p *= 10;
    return Math.min(p, Math.max(1, Math.abs(v) / 10));
  }
  const dec = String(v).split('.')[1]?.length ?? 0;
  return 10 ** -dec;
}

/** The same quantity: same unit, and the same casualty class or the same counted noun. */
export function sameKind(h: Figure, b: Figure): boolean {
  if (h.unit !== b.unit) return false;
  if (h.unit !== 'count') return true;
  if (h.cls !== null) return b.cls === h.cls;
  return h.noun !== null && b.noun !== null && thing(h.noun) === thing(b.noun);
}
