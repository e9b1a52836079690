/**
 * Numbers in aligned text: a spinner rewrites words, never figures. Two figures in the same place of a sentence
 * and its source are the same number written differently ("5" / "five", "1,200" / "1200"), a rounding
 * ("4.23 million" / "4.2 million": shown as a number change), or a mismatch ("55.6k" / "1.1k", "12" / "40"):
 * a different fact, so the source does not explain the sentence.
 */

const SMALL = new Map<string, number>(
  (
    'zero 0 one 1 two 2 three 3 four 4 five 5 six 6 seven 7 eight 8 nine 9 ten 10 eleven 11 twelve 12 ' +
    'thirteen 13 fourteen 14 fifteen 15 sixteen 16 seventeen 17 eighteen 18 nineteen 19 twenty 20 thirty 30 ' +
    'forty 40 fifty 50 sixty 60 seventy 70 eighty 80 ninety 90 hundred 100 dozen 12'
  )
    .split(' ')
    .reduce<[string, number][]>((acc, x, i, all) => {
      if (i % 2 === 0) acc.push([x, Number(all[i + 1])]);
      return acc;
    }, []),
);

const SCALE: Record<string, number> = {
  k: 1e3,
  thousand: 1e3,
  m: 1e6,
  mn: 1e6,
  million: 1e6,
  b: 1e9,
  bn: 1e9,
  billion: 1e9,
  trillion: 1e12,
};

/** A figure's value and the number of decimals it was written with, or null when the text is not a figure. */
export function figureValue(text: string): { value: number; decimals: number } | null {
  const t = text
    .toLowerCase()
    .replace(/[$€£¥%]/g, '')
    .trim();
  const m = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*([a-z]+)?$/.exec(t);
  if (m) {
    const scale = m[3] === undefined ? 1 : SCALE[m[3]];
    if (scale === undefined) return null;
    const decimals = m[2]?.length ?? 0;
    return { value: Number(`${m[1]!.replace(/,/g, '')}.${m[2] ?? '0'}`) * scale, decimals };
  }
  // Number words: "five", "twenty-one", "two hundred", "three million".
  let total = 0;
  let current = 0;
  let any = false;
  for (const w of t.split(/[\s-]+/)) {
    if (w === 'and' || w === 'a') continue;
    const small = SMALL.get(w);
    if (small !== undefined) {
      if (small === 100) current = (current || 1) * 100;
      else current += small;
      any = true;
      continue;
    }
    const scale = SCALE[w];
    if (scale !== undefined && scale >= 1e3) {
      total += (current || 1) * scale;
      current = 0;
      any = true;
      continue;
    }
    return null;
  }
  return any ? { value: total + current, decimals: 0 } : null;
}

export type NumberRelation = 'same' | 'rounded' | 'mismatch';

/** How the figure `spun` (in the checked sentence) relates to `original` (in its source). */
export function compareFigures(original: string, spun: string): NumberRelation | null {
  const a = figureValue(original);
  const b = figureValue(spun);
  if (!a || !b) return null;
  if (a.value === b.value) return 'same';
  // Rounded to the precision the other is written with ("4.23" -> "4.2", "1,234" -> "1,200" is not: that is
  // a different figure unless written "1.2 thousand").
  const roundTo = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;
  if (roundTo(a.value, b.decimals) === b.value || roundTo(b.value, a.decimals) === a.value) return 'rounded';
  return 'mismatch';
}
