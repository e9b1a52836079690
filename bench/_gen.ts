/**
 * Synthetic news-like articles for benchmarks (shared by bench/*.ts). Deterministic for a seed.
 *
 * Vocabulary: lemmas of the shipped WordNet selection (data/wordnet.json), grouped by part of
 * speech and drawn with weights from their SemCor frequencies (so common words recur and the long tail is
 * long, as in real text); verbs and nouns are inflected with the lexicon's own `inflect`. Names of people,
 * places and organisations are built from syllables. Sentences are 15-30 words, articles 8-20 sentences in
 * paragraphs of 1-3, with datelines, numbers, money, percentages, dates and quotations. No third-party text.
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import data from '../data/wordnet.json' with { type: 'json' };
import { inflect } from '../src/lexicon/index.js';
import { mulberry32 } from '../src/spin/index.js';

export interface GenArticle {
  id: string;
  url: string;
  site: string;
  title: string;
  published: string;
  byline: string;
  text: string;
}

export interface GenOptions {
  /** PRNG seed (default 1). */
  seed?: number;
}

/** The seeded PRNG of the benchmarks (mulberry32, shared with the spinner). */
export const prng: (seed: number) => () => number = mulberry32;

/** A weighted list sampled by binary search over cumulative weights. */
class Weighted {
  private readonly cum: Float64Array;
  constructor(
    readonly items: string[],
    weights: number[],
  ) {
    this.cum = new Float64Array(items.length);
    let s = 0;
    for (let i = 0; i < items.length; i++) {
      s += weights[i]!;
      this.cum[i] = s;
    }
  }
  pick(r: () => number): string {
    const x = r() * this.cum[this.cum.length - 1]!;
    let lo = 0;
    let hi = this.cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cum[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]!;
  }
}

interface Vocab {
  noun: Weighted;
  verb: Weighted;
  adj: Weighted;
  adv: Weighted;
}

let vocabCache: Vocab | undefined;

/** Slurs and insults WordNet lists; generated text should not carry them. */
const BLOCKED =
  /^(?:negro|nigger|nigga|kike|spic|chink|gook|wop|dago|fag|faggot|dyke|tranny|retard|coon|wetback|kraut|jap|paki|raghead|slut|whore|cunt|bitch|bastard|honky|cracker|redskin|squaw|gypsy|gyp)/;

/** Single-word lower-case lemmas of the WordNet selection by POS, weighted by frequency (+0.3 so rare words occur). */
function vocab(): Vocab {
  if (vocabCache) return vocabCache;
  const by: Record<string, { w: string[]; f: number[] }> = {
    n: { w: [], f: [] },
    v: { w: [], f: [] },
    a: { w: [], f: [] },
    r: { w: [], f: [] },
  };
  for (const line of (data as { lemmas: string }).lemmas.split('\n')) {
    const [lemma = '', pos = '', freq = '0'] = line.split('\t');
    if (!/^[a-z]{3,14}$/.test(lemma) || BLOCKED.test(lemma)) continue;
    const p = pos.charAt(0);
    const g = by[p === 's' ? 'a' : p];
    if (!g) continue;
    g.w.push(lemma);
    g.f.push(Number(freq) + 0.3);
  }
  const mk = (k: string) => new Weighted(by[k]!.w, by[k]!.f);
  vocabCache = { noun: mk('n'), verb: mk('v'), adj: mk('a'), adv: mk('r') };
  return vocabCache;
}

const ONSETS = [
  'b',
  'c',
  'd',
  'f',
  'g',
  'h',
  'k',
  'l',
  'm',
  'n',
  'p',
  'r',
  's',
  't',
  'v',
  'z',
  'br',
  'dr',
  'gr',
  'kr',
  'st',
  'tr',
  'sh',
  'ch',
  'th',
  'vl',
  '',
];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ei', 'ou', 'ia', 'y'];
const CODAS = ['', '', '', 'n', 'r', 'l', 's', 'm', 'k', 'nd', 'rt', 'sk', 'v', 'th'];

function syllableName(r: () => number, syllables: number): string {
  let s = '';
  for (let i = 0; i < syllables; i++) {
    s += ONSETS[Math.floor(r() * ONSETS.length)]! + VOWELS[Math.floor(r() * VOWELS.length)]!;
    if (i === syllables - 1 || r() < 0.3) s += CODAS[Math.floor(r() * CODAS.length)]!;
  }
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A Zipf-like pick over a pool: index ~ floor(n * u^2.2) so a few names dominate and most are rare. */
function zipf<T>(pool: T[], r: () => number): T {
  return pool[Math.floor(pool.length * r() ** 2.2)]!;
}

interface Names {
  first: string[];
  last: string[];
  places: string[];
  orgs: string[];
  sites: string[];
  agencies: string[];
}

function makeNames(seed: number): Names {
  const r = prng(seed ^ 0x9e3779b9);
  const pool = (n: number, min: number, max: number) => {
    const set = new Set<string>();
    while (set.size < n) set.add(syllableName(r, min + Math.floor(r() * (max - min + 1))));
    return [...set];
  };
  const last = pool(12_000, 2, 3);
  const places = pool(1_500, 2, 3);
  const orgWords = [
    'Ministry',
    'Council',
    'Institute',
    'Bank',
    'Agency',
    'Authority',
    'Union',
    'Group',
    'Fund',
  ];
  const orgs: string[] = [];
  for (let i = 0; i < 800; i++) {
    const w = orgWords[Math.floor(r() * orgWords.length)]!;
    orgs.push(r() < 0.5 ? `${places[Math.floor(r() * places.length)]!} ${w}` : `${w} of ${places[i]!}`);
  }
  return {
    first: pool(3_000, 1, 3),
    last,
    places,
    orgs,
    sites: Array.from({ length: 60 }, () => `${syllableName(r, 2).toLowerCase()}.example`),
    agencies: ['Wire', 'Newsline', 'Dispatch', 'Courier'],
  };
}

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DETS = ['the', 'the', 'the', 'a', 'its', 'their', 'this', 'that', 'every', 'some'];
const PREPS = [
  'in',
  'on',
  'at',
  'for',
  'with',
  'from',
  'after',
  'before',
  'during',
  'against',
  'under',
  'over',
  'about',
  'between',
  'into',
];
const CONJ = ['and', 'but', 'while', 'although', 'because', 'as', 'so'];
const TITLES = [
  'Minister',
  'President',
  'Governor',
  'Mayor',
  'spokeswoman',
  'spokesman',
  'Senator',
  'Director',
  'analyst',
  'chief executive',
];
const SPEECH = ['said', 'said', 'said', 'told reporters', 'added', 'said on ' + 'Tuesday', 'wrote', 'noted'];
const UNITS = ['percent', 'million', 'billion', 'people', 'tonnes', 'kilometres', 'votes', 'jobs'];

/** Generates articles one by one (a generator, so any number can be streamed in constant memory). */
export class ArticleGenerator {
  private readonly r: () => number;
  private readonly v: Vocab;
  private readonly names: Names;
  private i = 0;

  constructor(opts: GenOptions = {}) {
    const seed = opts.seed ?? 1;
    this.r = prng(seed);
    this.v = vocab();
    this.names = makeNames(seed);
  }

  private int(lo: number, hi: number): number {
    return lo + Math.floor(this.r() * (hi - lo + 1));
  }
  private of<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)]!;
  }
  private person(): string {
    return `${zipf(this.names.first, this.r)} ${zipf(this.names.last, this.r)}`;
  }
  private noun(): string {
    const n = this.v.noun.pick(this.r);
    return this.r() < 0.3 ? inflect(n, 's', 'n') : n;
  }
  private np(words: string[]): void {
    const x = this.r();
    if (x < 0.1) words.push(zipf(this.names.places, this.r));
    else if (x < 0.16) words.push('the', ...zipf(this.names.orgs, this.r).split(' '));
    else if (x < 0.22) words.push(...this.person().split(' '));
    else {
      words.push(this.of(DETS));
      if (this.r() < 0.45) words.push(this.v.adj.pick(this.r));
      words.push(this.noun());
    }
  }
  private number(words: string[]): void {
    const x = this.r();
    if (x < 0.25) words.push(`${this.int(2, 98)}.${this.int(0, 9)}`, 'percent');
    else if (x < 0.5) words.push(`$${this.int(1, 950)}`, this.of(['million', 'billion']));
    else if (x < 0.75) words.push(this.int(1, 99_999).toLocaleString('en-US'), this.of(UNITS));
    else words.push(String(this.int(1990, 2026)));
  }
  private pp(words: string[]): void {
    const x = this.r();
    words.push(this.of(PREPS));
    if (x < 0.15) words.push(this.of(DAYS));
    else if (x < 0.25) words.push(this.of(MONTHS), String(this.int(1, 28)));
    else if (x < 0.4) this.number(words);
    else this.np(words);
  }
  /** A clause of about `target` words (subject, verb, object, modifiers). */
  private clause(target: number): string[] {
    const w: string[] = [];
    this.np(w);
    if (this.r() < 0.25) w.push(this.v.adv.pick(this.r));
    const verb = this.v.verb.pick(this.r);
    w.push(this.r() < 0.6 ? inflect(verb, 'ed') : this.r() < 0.5 ? inflect(verb, 's') : `will ${verb}`);
    this.np(w);
    while (w.length < target) {
      const x = this.r();
      if (x < 0.55) this.pp(w);
      else if (x < 0.7 && w.length + 6 < target) {
        w.push(`${w.pop()},`, this.of(CONJ));
        this.np(w);
        w.push(inflect(this.v.verb.pick(this.r), 'ed'));
        this.np(w);
      } else if (x < 0.85) {
        w.push('to', this.v.verb.pick(this.r));
        this.np(w);
      } else {
        w.push('of');
        this.np(w);
      }
    }
    return w;
  }
  private sentence(): string {
    const target = this.int(15, 30);
    const x = this.r();
    const cap = (w: string[]) => {
      w[0] = w[0]!.charAt(0).toUpperCase() + w[0]!.slice(1);
      return w;
    };
    if (x < 0.18) {
      // "Quote," Title Name said.
      const tail = [this.of(TITLES), ...this.person().split(' '), this.of(SPEECH)];
      const q = cap(this.clause(Math.max(6, target - tail.length)));
      return `“${q.join(' ')},” ${tail.join(' ')}.`;
    }
    if (x < 0.26) {
      const who = this.person();
      const q = cap(this.clause(Math.max(6, target - 4)));
      return `${who} said: "${q.join(' ')}."`;
    }
    if (x < 0.42) {
      const w = cap(this.clause(target - 3));
      w.push('according', 'to', ...zipf(this.names.orgs, this.r).split(' '));
      return `${w.join(' ')}.`;
    }
    if (x < 0.5) {
      const w = cap(this.clause(target));
      return `${w.join(' ')}?`;
    }
    return `${cap(this.clause(target)).join(' ')}.`;
  }

  /** One generated sentence (as articles use them). */
  nextSentence(): string {
    return this.sentence();
  }
  /** A generated person's name ("First Last"). */
  nextPerson(): string {
    return this.person();
  }
  /** A generated place name. */
  nextPlace(): string {
    return zipf(this.names.places, this.r);
  }

  next(): GenArticle {
    const n = this.i++;
    const r = this.r;
    const site = this.of(this.names.sites);
    const titleWords = this.clause(this.int(6, 12)).slice(0, 12);
    const title = titleWords
      .map((w, i) => (i === 0 || w.length > 3 ? w.charAt(0).toUpperCase() + w.slice(1) : w))
      .join(' ');
    const sentences = this.int(8, 20);
    const paras: string[] = [];
    let cur: string[] = [];
    for (let s = 0; s < sentences; s++) {
      let sent = this.sentence();
      if (s === 0 && r() < 0.4) {
        const place = zipf(this.names.places, r).toUpperCase();
        sent = `${place} (${this.of(this.names.agencies)}) - ${sent}`;
      }
      cur.push(sent);
      if (cur.length >= this.int(1, 3)) {
        paras.push(cur.join(' '));
        cur = [];
      }
    }
    if (cur.length > 0) paras.push(cur.join(' '));
    const day = new Date(Date.UTC(2020, 0, 1) + Math.floor(r() * 6 * 365) * 86_400_000);
    return {
      id: `gen-${n}`,
      url: `https://${site}/news/${n}`,
      site,
      title,
      published: day.toISOString().slice(0, 10),
      byline: `By ${this.person()}`,
      text: paras.join('\n\n'),
    };
  }
}

/** Yield `n` articles. */
export function* generateArticles(n: number, opts: GenOptions = {}): Generator<GenArticle> {
  const g = new ArticleGenerator(opts);
  for (let i = 0; i < n; i++) yield g.next();
}

/**
 * Write articles `skip` .. `skip + n - 1` of the seeded sequence as JSONL to `out`, a MiB of lines at a time
 * (waiting whenever `out` asks to); stops early once `out` is closed (a reader that went away). Returns the byte
 * count written. Does not end `out`.
 */
export async function writeJsonlTo(
  out: NodeJS.WritableStream & { writableEnded?: boolean; destroyed?: boolean },
  n: number,
  opts: GenOptions & { skip?: number } = {},
): Promise<{ bytes: number }> {
  const g = new ArticleGenerator(opts);
  const skip = opts.skip ?? 0;
  for (let i = 0; i < skip; i++) g.next();
  const closed = () => out.destroyed === true || out.writableEnded === true;
  let bytes = 0;
  let buf = '';
  const flush = async () => {
    bytes += Buffer.byteLength(buf);
    if (!out.write(buf)) await drained(out);
    buf = '';
  };
  for (let i = 0; i < n && !closed(); i++) {
    buf += `${JSON.stringify(g.next())}\n`;
    if (buf.length > 1 << 20) await flush();
  }
  if (buf.length > 0 && !closed()) await flush();
  return { bytes };
}

/** Resolves when `out` can take more, or is closed. */
function drained(out: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
  });
}

/** Write `n` articles as JSONL to `path`, streaming; returns the byte count. */
export async function writeJsonl(path: string, n: number, opts: GenOptions = {}): Promise<{ bytes: number }> {
  const out = createWriteStream(path);
  const written = await writeJsonlTo(out, n, opts);
  out.end();
  await once(out, 'finish');
  return written;
}
