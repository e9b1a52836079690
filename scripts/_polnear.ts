/**
 * PolNeAR reader and direct-quote speaker scorer (evaluation only: reads /work/shared/polnear at run time,
 * copies nothing into the repository). See /work/shared/polnear/README.md for the brat format.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { normaliseArticle, normaliseText } from '../src/normalise/index.js';
import { extractQuotes, type Quote } from '../src/quotes/index.js';
import type { NormalisedArticle } from '../src/types.js';

export interface Span {
  start: number;
  end: number;
}

export interface GoldAttribution {
  source: Span[] | null;
  cue: Span[] | null;
  content: Span[];
  direct: boolean;
}

export interface PolnearArticle {
  stem: string;
  raw: string;
  attributions: GoldAttribution[];
}

function cpToUnit(raw: string): (cp: number) => number {
  const map: number[] = [];
  let u = 0;
  for (const ch of raw) {
    map.push(u);
    u += ch.length;
  }
  map.push(u);
  return (cp) => map[Math.min(cp, map.length - 1)] ?? u;
}

export function readSplit(root: string, split: 'dev' | 'train'): PolnearArticle[] {
  const tdir = path.join(root, split, 'text');
  const adir = path.join(root, split, 'attributions');
  if (!existsSync(tdir)) return [];
  const anns = readdirSync(adir).filter((f) => f.endsWith('.ann'));
  const out: PolnearArticle[] = [];
  for (const f of readdirSync(tdir).sort()) {
    if (!f.endsWith('.txt')) continue;
    const stem = f.slice(0, -4);
    const mine = anns
      .filter((a) => a.startsWith(`${stem}_`) && /^[^_]+$/.test(a.slice(stem.length + 1, -4)))
      .sort();
    const ann = mine[0];
    if (!ann) continue;
    const raw = readFileSync(path.join(tdir, f), 'utf8');
    out.push({ stem, raw, attributions: parseAnn(readFileSync(path.join(adir, ann), 'utf8'), raw) });
  }
  return out;
}

function parseAnn(src: string, raw: string): GoldAttribution[] {
  const conv = cpToUnit(raw);
  const spans = new Map<string, { type: string; spans: Span[] }>();
  const events: string[] = [];
  for (const line of src.split('\n')) {
    const m = /^(T\d+)\t(\S+) ([\d ;]+)\t/.exec(line);
    if (m) {
      const parts = m[3]!.split(';').map((p) => p.trim().split(' ').map(Number));
      spans.set(m[1]!, {
        type: m[2]!,
        spans: parts.map(([s, e]) => ({ start: conv(s ?? 0), end: conv(e ?? 0) })),
      });
      continue;
    }
    if (/^E\d+\t/.test(line)) events.push(line.split('\t')[1] ?? '');
  }
  const out: GoldAttribution[] = [];
  for (const ev of events) {
    const args = new Map<string, string>();
    for (const a of ev.split(/\s+/)) {
      const [role, id] = a.split(':');
      if (role && id) args.set(role.replace(/\d+$/, ''), id);
    }
    const content = spans.get(args.get('Content') ?? '')?.spans;
    if (!content || content.length === 0) continue;
    const first = content[0]!;
    const lead = raw.slice(first.start, first.start + 4).replace(/^\s+/, '');
    const direct = /^(?:["“”]|'')/.test(lead);
    out.push({
      source: spans.get(args.get('Source') ?? '')?.spans ?? null,
      cue: spans.get(args.get('Cue') ?? '')?.spans ?? null,
      content,
      direct,
    });
  }
  return out;
}

/**
 * Map offsets of the raw body to offsets of normaliseText(body) by aligning the two strings: equal
 * characters advance both sides; at a difference (a character dropped or recomposed by normalisation,
 * collapsed whitespace) the two sides are resynchronised on the nearest run of 6 equal characters.
 */
function alignment(raw: string, norm: string): (i: number) => number {
  const map = new Int32Array(raw.length + 1);
  const W = 6;
  const K = 8;
  let i = 0;
  let j = 0;
  while (i < raw.length) {
    if (j < norm.length && raw[i] === norm[j]) {
      map[i++] = j++;
      continue;
    }
    let best: [number, number] | null = null;
    for (let cost = 1; cost <= 2 * K && !best; cost++) {
      for (let di = 0; di <= Math.min(cost, K); di++) {
        const dj = cost - di;
        if (dj > K) continue;
        const a = raw.slice(i + di, i + di + W);
        const b = norm.slice(j + dj, j + dj + W);
        if (a === b && (a.length === W || i + di + a.length === raw.length)) {
          best = [di, dj];
          break;
        }
      }
    }
    if (!best) {
      map[i++] = Math.min(j, norm.length);
      continue;
    }
    for (let d = 0; d < best[0]; d++) map[i + d] = Math.min(j, norm.length);
    i += best[0];
    j += best[1];
  }
  map[raw.length] = Math.min(j, norm.length);
  return (k) => map[Math.max(0, Math.min(k, raw.length))]!;
}

export interface Prepared {
  doc: NormalisedArticle;
  /** raw article offset → doc.text offset (-1 for the title line). */
  toDoc: (k: number) => number;
}

export function prepare(raw: string): Prepared {
  const nl = raw.indexOf('\n');
  const title = nl < 0 ? raw : raw.slice(0, nl);
  const body = nl < 0 ? '' : raw.slice(nl + 1);
  const doc = normaliseArticle({ title, text: body });
  const norm = normaliseText(body);
  if (norm !== doc.text) throw new Error('normaliseText and normaliseArticle disagree');
  const al = alignment(body, norm);
  const off = nl + 1;
  return { doc, toDoc: (k) => (k < off ? -1 : al(k - off)) };
}

export interface DirectScore {
  articles: number;
  direct: number;
  found: number;
  correct: number;
  unknown: number;
  wrong: number;
  /** Quotes whose gold source is a bare pronoun ("he said"): scored on the phrase found, not on the person. */
  pronounGold: number;
  pronounCorrect: number;
  /** Examples of errors for inspection (offsets into doc text). */
  errors: Array<{ stem: string; quote: string; gold: string; pred: string }>;
}

function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

function lastToken(s: string): string {
  const t = s
    .toLowerCase()
    .replace(/['’]s\b/g, '')
    .match(/[\p{L}]+/gu);
  return t?.[t.length - 1] ?? '';
}

export function scoreDirect(articles: PolnearArticle[], keepErrors = 0): DirectScore {
  const sc: DirectScore = {
    articles: 0,
    direct: 0,
    found: 0,
    correct: 0,
    unknown: 0,
    wrong: 0,
    pronounGold: 0,
    pronounCorrect: 0,
    errors: [],
  };
  for (const art of articles) {
    sc.articles++;
    const { doc, toDoc } = prepare(art.raw);
    const quotes = extractQuotes(doc);
    const spanQuotes = quotes.filter((q) => q.kind !== 'indirect');
    for (const g of art.attributions) {
      if (!g.direct || !g.source) continue;
      sc.direct++;
      const c0 = g.content[0]!;
      const gc = { start: toDoc(c0.start), end: toDoc(c0.end) };
      let best: Quote | null = null;
      let bestOv = 0;
      for (const q of spanQuotes) {
        const ov = Math.min(q.end, gc.end) - Math.max(q.start, gc.start);
        if (ov > bestOv) {
          bestOv = ov;
          best = q;
        }
      }
      const goldSrc = g.source.map((s) => ({ start: toDoc(s.start), end: toDoc(s.end) }));
      const goldText = g.source.map((s) => art.raw.slice(s.start, s.end)).join(' ');
      const pronoun = /^(?:he|she|it|they|i|we|you|who|which|that)$/i.test(goldText.trim());
      if (pronoun) sc.pronounGold++;
      if (!best) {
        sc.unknown++;
        if (sc.errors.length < keepErrors)
          sc.errors.push({
            stem: art.stem,
            quote: art.raw.slice(c0.start, c0.end).slice(0, 80),
            gold: goldText,
            pred: 'MISSED',
          });
        continue;
      }
      sc.found++;
      const s = best.speaker;
      if (!s) {
        sc.unknown++;
        if (sc.errors.length < keepErrors)
          sc.errors.push({
            stem: art.stem,
            quote: best.text.slice(0, 80),
            gold: goldText,
            pred: `NULL(${best.kind})`,
          });
        continue;
      }
      const spanOk =
        s.start !== undefined &&
        s.end !== undefined &&
        goldSrc.some((gs) => overlaps(gs, { start: s.start!, end: s.end! }));
      const gl = lastToken(goldText);
      const nameOk =
        gl.length > 1 &&
        ((s.canonical !== null && lastToken(s.canonical) === gl) || lastToken(s.text) === gl);
      if (spanOk || nameOk) {
        sc.correct++;
        if (pronoun) sc.pronounCorrect++;
      } else {
        sc.wrong++;
        if (sc.errors.length < keepErrors)
          sc.errors.push({
            stem: art.stem,
            quote: best.text.slice(0, 80),
            gold: goldText,
            pred: `${s.text} -> ${s.canonical} (${s.resolvedVia})`,
          });
      }
    }
  }
  return sc;
}
