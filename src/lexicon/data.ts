/**
 * The word lists and tables under the repository's top-level data/ folder (described, with their sources, in
 * data/README.md). Nothing is read at import: each list is read on first use, once per process.
 *
 * Paths are resolved from this module: src/lexicon/data.ts (tsx) and dist/lexicon/data.js (compiled) both
 * reach the folder as ../../data.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Absolute path of a file in data/. */
export function dataPath(name: string): string {
  return fileURLToPath(new URL(`../../data/${name}`, import.meta.url));
}

/** The text of a file in data/. */
export function readData(name: string): string {
  return readFileSync(dataPath(name), 'utf8');
}

/** A JSON file in data/, parsed. */
export function readJson<T>(name: string): T {
  return JSON.parse(readData(name)) as T;
}

/** The rows of a TSV file in data/: tab-separated fields; blank lines and `#` comment lines skipped. */
export function readRows(name: string): string[][] {
  const rows: string[][] = [];
  for (const line of readData(name).split('\n')) {
    const l = line.trimEnd();
    if (l === '' || l.startsWith('#')) continue;
    rows.push(l.split('\t').map((f) => f.trim()));
  }
  return rows;
}

/**
 * The lines of a text, by number (as `text.split('\n')` gives them, a final empty line and `\r` line ends
 * dropped). Leading `#` lines are a header and skipped when `header` is set.
 */
export class LineIndex {
  protected readonly lines: string[];
  constructor(text: string, header = false) {
    // One native split: cheaper at first use than any loop over the text (which would run cold, unoptimised).
    const lines = text.split('\n');
    if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    let first = 0;
    while (header && first < lines.length && lines[first]!.charCodeAt(0) === 35 /* # */) first++;
    this.lines = first > 0 ? lines.slice(first) : lines;
  }

  /** Number of lines. */
  get size(): number {
    return this.lines.length;
  }

  /** Line i without its line end; undefined when there is no such line. */
  line(i: number): string | undefined {
    const l = this.lines[i];
    return l !== undefined && l.charCodeAt(l.length - 1) === 13 ? l.slice(0, -1) : l;
  }
}

/**
 * A read-only table of `key<TAB>value` lines sorted by key in UTF-16 code-unit order (the order `<` gives),
 * looked up by binary search over its lines: loading is one split of the text, with no object, parse or map
 * entry per row, where parsing the same table as JSON into an object (or its lines into a Map) costs tens of
 * milliseconds and as much garbage. Leading `#` lines are a header and skipped; blank lines are not allowed.
 */
export class SortedTable extends LineIndex {
  constructor(text: string) {
    super(text, true);
  }

  /** The key of row i compared with `key`: negative, zero or positive as `<`, `===`, `>` order them. */
  private compare(i: number, key: string): number {
    const t = this.lines[i]!;
    for (let k = 0; ; k++) {
      const c = t.charCodeAt(k);
      const end = c === 9 || c === 10 || c === 13 || Number.isNaN(c);
      if (k === key.length) return end ? 0 : 1;
      if (end) return -1;
      const d = c - key.charCodeAt(k);
      if (d !== 0) return d;
    }
  }

  /** The row index holding `key`, or -1. */
  indexOf(key: string): number {
    let lo = 0;
    let hi = this.lines.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = this.compare(mid, key);
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** The value (the text after the first tab) of `key`, or undefined when the table does not hold it. */
  get(key: string): string | undefined {
    const i = this.indexOf(key);
    if (i < 0) return undefined;
    const l = this.line(i)!;
    const tab = l.indexOf('\t');
    return tab < 0 ? '' : l.slice(tab + 1);
  }
}

/** A value computed on first call and kept for the life of the process. */
export function once<T>(build: () => T): () => T {
  let value: T | undefined;
  let done = false;
  return () => {
    if (!done) {
      value = build();
      done = true;
    }
    return value as T;
  };
}

/** A read-only set whose members are loaded on first use (a word list from data/). */
export class LazySet<T> implements Iterable<T> {
  private loaded: Set<T> | undefined;
  constructor(private readonly load: () => Iterable<T>) {}
  /** The loaded set itself (for hot loops). */
  get set(): ReadonlySet<T> {
    if (this.loaded === undefined) this.loaded = new Set(this.load());
    return this.loaded;
  }
  has(value: T): boolean {
    return (this.loaded ?? this.set).has(value);
  }
  get size(): number {
    return this.set.size;
  }
  [Symbol.iterator](): Iterator<T> {
    return this.set[Symbol.iterator]();
  }
}

/** A lazily loaded one-column list: the first field of every row of a TSV file in data/. */
export function lazyList(name: string): LazySet<string> {
  return new LazySet(() => readRows(name).map((r) => r[0]!));
}
