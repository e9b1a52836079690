/**
 * What the benchmarks share: reading their options, the machine line every result starts with, the FakeNewsNet
 * articles in ../shared, and corpora cached in bench/.cache/ (gitignored).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { openSqliteStore, type Store } from '../src/stages.js';

/** The repository root. */
export const repo = resolve(new URL('..', import.meta.url).pathname);

const argv = process.argv.slice(2);
/** The value of `--name VALUE`, or `dflt`. */
export const opt = (name: string, dflt: string): string => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] ? argv[i + 1]! : dflt;
};
/** Whether `--name` was given. */
export const flag = (name: string): boolean => argv.includes(`--${name}`);

/** Machine, Node, load and date: the first line of every result. */
export function machineLine(): string {
  const load = loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
  return `machine: ${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}; load ${load}; ${new Date().toISOString()}`;
}

/** A SQLite corpus cached in bench/.cache/NAME.db, emptied first when `rebuild` (or when it does not exist). */
export function cachedStore(name: string, rebuild: boolean): { store: Store; fresh: boolean; path: string } {
  const dir = join(repo, 'bench', '.cache');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.db`);
  const fresh = rebuild || !existsSync(path);
  if (fresh) for (const ext of ['', '-wal', '-shm']) rmSync(`${path}${ext}`, { force: true });
  return { store: openSqliteStore(path), fresh, path };
}

/** The FakeNewsNet v1 data in ../shared: {BuzzFeed,PolitiFact}/{Fake,Real}NewsContent/<Site>_<Label>_<n>-Webpage.json. */
export const fnnDir = resolve(repo, '..', 'shared', 'corpora', 'fakenewsnet-v1', 'Data');

export interface FnnArticle {
  /** The FakeNewsNet id ("BuzzFeed_Fake_12"). */
  id: string;
  label: 'fake' | 'real';
  /** The record as ingest reads it (the raw publish_date, "{$date: ms}", is read by recordToArticle). */
  record: Record<string, unknown>;
}

const idNumber = (id: string) => Number(id.match(/_(\d+)$/)?.[1] ?? 0);

/** The FakeNewsNet articles with one label, BuzzFeed's first, each site's in id order. */
export function readFakeNewsNet(label: 'fake' | 'real'): FnnArticle[] {
  const out: FnnArticle[] = [];
  for (const site of ['BuzzFeed', 'PolitiFact']) {
    const dir = join(fnnDir, site, `${label === 'fake' ? 'Fake' : 'Real'}NewsContent`);
    if (!existsSync(dir)) continue;
    const part: FnnArticle[] = [];
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) {
      const raw = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, unknown>;
      const id = basename(f, '.json').replace(/-Webpage$/, '');
      part.push({
        id,
        label,
        record: {
          id,
          url: raw.url,
          title: raw.title,
          text: raw.text,
          publish_date: raw.publish_date ?? undefined,
          source: raw.source,
        },
      });
    }
    out.push(...part.sort((a, b) => idNumber(a.id) - idNumber(b.id)));
  }
  return out;
}
