/**
 * The data files read at start-up in a precomputed form (see data/README.md): a sorted table is looked up by
 * binary search in its text, so it must give what a map of its rows gives, and the files must be sorted.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { readData, SortedTable } from '../src/lexicon/data.js';
import { countryPackages, countryRows } from '../src/lexicon/names.js';

/** The rows of a `key<TAB>value` text after its `#` header, as a map (what the table must answer). */
function rowsOf(text: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const tab = line.indexOf('\t');
    m.set(line.slice(0, tab), line.slice(tab + 1));
  }
  return m;
}

function assertSorted(keys: string[], name: string): void {
  for (let i = 1; i < keys.length; i++)
    assert.ok(keys[i - 1]! < keys[i]!, `${name}: "${keys[i - 1]}" before "${keys[i]}" (sorted, unique)`);
}

describe('SortedTable', () => {
  it('answers as a map of its rows: present keys, prefixes, neighbours, absent keys', () => {
    const keys = ['', 'a', 'a b', 'ab', 'abc', 'b', 'zz', 'Z', 'é', 'ü', '€', '😀', 'a\u00a0b'].filter(
      Boolean,
    );
    const sorted = [...new Set(keys)].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    const text = `# header\n# second header line\n${sorted.map((k, i) => `${k}\tv${i},w`).join('\n')}\n`;
    const table = new SortedTable(text);
    assert.equal(table.size, sorted.length);
    for (const [i, k] of sorted.entries()) assert.equal(table.get(k), `v${i},w`, k);
    for (const miss of ['', ' ', 'aa', 'abcd', 'a b ', 'A', 'zzz', 'b\t', '\uffff', 'e'])
      assert.equal(table.get(miss), undefined, JSON.stringify(miss));
  });

  it('reads a last row without a final newline, and CRLF line ends', () => {
    assert.equal(new SortedTable('a\t1\nb\t2').get('b'), '2');
    const crlf = new SortedTable('# h\r\na\t1\r\nb\t2\r\n');
    assert.equal(crlf.get('a'), '1');
    assert.equal(crlf.get('b'), '2');
  });

  it('agrees with a map on random keys', () => {
    let seed = 7;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    const alphabet = 'abcé-. 1Z';
    const word = () => {
      let s = '';
      for (let n = 1 + (rnd() % 6); n > 0; n--) s += alphabet[rnd() % alphabet.length];
      return s;
    };
    const m = new Map<string, string>();
    for (let i = 0; i < 2000; i++) m.set(word(), String(i));
    const keys = [...m.keys()].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    const table = new SortedTable(keys.map((k) => `${k}\t${m.get(k)}`).join('\n'));
    for (let i = 0; i < 5000; i++) {
      const w = word();
      assert.equal(table.get(w), m.get(w), w);
    }
  });
});

describe('data files in sorted-table form', () => {
  it('word-classes.tsv: sorted by word, one row per word, every word tagged', () => {
    const rows = rowsOf(readData('word-classes.tsv'));
    const keys = [...rows.keys()];
    assertSorted(keys, 'word-classes.tsv');
    assert.ok(rows.size > 20_000, `${rows.size} words`);
    const table = new SortedTable(readData('word-classes.tsv'));
    assert.equal(table.size, rows.size);
    for (const [k, v] of rows) {
      assert.ok(/^[A-Za-z]+(?:,[A-Za-z]+)*$/.test(v), `${k}: ${v}`);
      assert.equal(table.get(k), v);
    }
  });
});

describe('wordnet.json: lemma and member lines', () => {
  const data = JSON.parse(readData('wordnet.json')) as { synsets: string; lemmas: string; members: string };
  const lemmaKeys = data.lemmas.split('\n').map((l) => l.slice(0, l.indexOf('\t')));

  it('lemma and member lines are sorted by word, one line per word', () => {
    assertSorted(lemmaKeys, 'lemmas');
    assertSorted(
      data.members.split('\n').map((l) => l.slice(0, l.indexOf('\t'))),
      'members',
    );
  });

  it('member lines are the synset lines inverted, for the words without a lemma line', () => {
    const withLine = new Set(lemmaKeys);
    const inverted = new Map<string, number[]>();
    data.synsets.split('\n').forEach((line, id) => {
      for (const w of line.split(' ').slice(1)) {
        if (withLine.has(w)) continue;
        const ids = inverted.get(w) ?? [];
        ids.push(id);
        inverted.set(w, ids);
      }
    });
    const members = new Map(
      data.members.split('\n').map((l) => {
        const [w = '', ids = ''] = l.split('\t');
        return [w, ids.split(',').map((x) => Number.parseInt(x, 36))] as const;
      }),
    );
    assert.equal(members.size, inverted.size);
    for (const [w, ids] of inverted) assert.deepEqual(members.get(w), ids, w);
  });
});

describe('countries.tsv', () => {
  const require = createRequire(import.meta.url);
  const countries = require('i18n-iso-countries/index.js') as typeof import('i18n-iso-countries');
  countries.registerLocale(require('i18n-iso-countries/langs/en.json'));
  const names = countries.getNames('en', { select: 'all' }) as Record<string, string[]>;
  const extra = (require('countries-list') as typeof import('countries-list')).countries as Record<
    string,
    { name: string; alias?: string[]; capital?: string }
  >;

  it('is what scripts/build-countries.ts writes from the installed packages (rerun it after an upgrade)', () => {
    const rows = countryRows(names, extra).map((r) => r.join('\t'));
    const file = readData('countries.tsv')
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith('#'));
    assert.deepEqual(file, rows);
  });

  it('reads back as the packages give their data, in their order', () => {
    const pkg = countryPackages();
    assert.deepEqual(Object.entries(pkg.names), Object.entries(names));
    const fields = (r: { name: string; alias?: string[]; capital?: string }) => ({
      name: r.name,
      alias: r.alias,
      capital: r.capital,
    });
    assert.deepEqual(
      Object.entries(pkg.extra).map(([k, r]) => [k, fields(r)]),
      Object.entries(extra).map(([k, r]) => [k, fields(r)]),
    );
  });
});
