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
