/**
 * Word tables of the headline claim checks, read on first use from the data files
 * data/headline-claim-words.tsv (named word lists) and data/headline-opposites.tsv (opposite predicates),
 * once per process. Importing this module reads nothing.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { stem } from './_text.js';

export type NumClass = 'deaths' | 'injured' | 'missing' | 'arrested' | 'displaced';

/** An entry of the opposite-predicate table. */
export interface Entry {
  group: number;
  side: 0 | 1;
  /** Lemmas (or '*'), first one is the lookup key. */
  words: string[];
}

export interface ClaimWords {
  /** Tokens. */
  clauseWords: ReadonlySet<string>;
  headClauseWords: ReadonlySet<string>;
  stop: ReadonlySet<string>;
  /** Predicates. */
  modals: ReadonlySet<string>;
  hedgeBeforeTo: ReadonlySet<string>;
  negations: ReadonlySet<string>;
  determiners: ReadonlySet<string>;
  particles: ReadonlySet<string>;
  be: ReadonlySet<string>;
  conditional: ReadonlySet<string>;
  notPredicate: ReadonlyMap<string, readonly string[]>;
  /** Noun lemma -> group key. */
  sameThing: ReadonlyMap<string, string>;
  /** Same-thing keys of subjects that go up and down. */
  quantities: ReadonlySet<string>;
  /** Opposite predicates: first word of an entry -> entries, in table order. */
  entries: ReadonlyMap<string, readonly Entry[]>;
  /** Groups about success against failure (marked `!`). */
  outcomeGroups: ReadonlySet<number>;
  /** Groups about amounts going up or down (marked `~`). */
  quantityGroups: ReadonlySet<number>;
  /** Numbers. */
  months: ReadonlySet<string>;
  classWords: ReadonlyMap<string, NumClass>;
  atLeast: ReadonlySet<string>;
  atMost: ReadonlySet<string>;
  about: ReadonlySet<string>;
  vagueNouns: ReadonlySet<string>;
  partial: ReadonlySet<string>;
  /** Outcomes (outcomeStems holds stems, see _text.ts). */
  outcomeStems: ReadonlySet<string>;
  failCues: ReadonlySet<string>;
  weakOutcome: ReadonlySet<string>;
  headHedge: ReadonlySet<string>;
  headDoubt: ReadonlySet<string>;
  negators: ReadonlySet<string>;
  notAFailure: ReadonlySet<string>;
}

/** Lines of a data file (repository root data/), without comments and blank lines. */
function dataLines(name: string): string[] {
  const text = readFileSync(fileURLToPath(new URL(`../../data/${name}`, import.meta.url)), 'utf8');
  return text.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
}

/** The lines of data/headline-claim-words.tsv by list name, each line's words in order. */
function readLists(): Map<string, string[][]> {
  const lists = new Map<string, string[][]>();
  for (const line of dataLines('headline-claim-words.tsv')) {
    const tab = line.indexOf('\t');
    if (tab < 0) throw new Error(`data/headline-claim-words.tsv: no tab in ${JSON.stringify(line)}`);
    const name = line.slice(0, tab);
    const words = line
      .slice(tab + 1)
      .trim()
      .split(/\s+/);
    lists.set(name, [...(lists.get(name) ?? []), words]);
  }
  return lists;
}

function load(): ClaimWords {
  const lists = readLists();
  const groups = (name: string): string[][] => {
    const g = lists.get(name);
    if (g === undefined) throw new Error(`data/headline-claim-words.tsv has no list ${name}`);
    return g;
  };
  const set = (name: string, map: (w: string) => string = (w) => w) => new Set(groups(name).flat().map(map));

  const sameThing = new Map<string, string>();
  for (const words of groups('same-thing')) for (const w of words) sameThing.set(w, words[0]!);
  const thingOf = (l: string) => sameThing.get(l) ?? l;

  const notPredicate = new Map<string, string[]>();
  for (const [w, ...next] of groups('not-predicate')) notPredicate.set(w!, next);

  const classWords = new Map<string, NumClass>();
  for (const [cls, ...words] of groups('class')) for (const w of words) classWords.set(w, cls as NumClass);

  const entries = new Map<string, Entry[]>();
  const outcomeGroups = new Set<number>();
  const quantityGroups = new Set<number>();
  dataLines('headline-opposites.tsv').forEach((line, group) => {
    let l = line;
    if (l.startsWith('!')) {
      outcomeGroups.add(group);
      l = l.slice(1);
    }
    if (l.startsWith('~')) {
      quantityGroups.add(group);
      l = l.slice(1);
    }
    l.split('|').forEach((side, s) => {
      for (const e of side.trim().split(/\s+/)) {
        const words = e.split('_');
        const list = entries.get(words[0]!) ?? [];
        list.push({ group, side: s as 0 | 1, words });
        entries.set(words[0]!, list);
      }
    });
  });

  return {
    clauseWords: set('clause-words'),
    headClauseWords: set('head-clause-words'),
    stop: set('stop'),
    modals: set('modals'),
    hedgeBeforeTo: set('hedge-before-to'),
    negations: set('negations'),
    determiners: set('determiners'),
    particles: set('particles'),
    be: set('be'),
    conditional: set('conditional'),
    notPredicate,
    sameThing,
    quantities: set('quantities', thingOf),
    entries,
    outcomeGroups,
    quantityGroups,
    months: set('months'),
    classWords,
    atLeast: set('at-least'),
    atMost: set('at-most'),
    about: set('about'),
    vagueNouns: set('vague-nouns'),
    partial: set('partial'),
    outcomeStems: set('outcome-words', stem),
    failCues: set('fail-cues'),
    weakOutcome: set('weak-outcome'),
    headHedge: set('head-hedge'),
    headDoubt: set('head-doubt'),
    negators: set('negators'),
    notAFailure: set('not-a-failure'),
  };
}

let cached: ClaimWords | undefined;

/** The word tables (read from data/ on the first call). */
export function claimWords(): ClaimWords {
  cached ??= load();
  return cached;
}

/** The same-thing key of a noun lemma ("walkout" -> "strike"). */
export function thing(l: string): string {
  return claimWords().sameThing.get(l) ?? l;
}
