import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  aliasGroups,
  type Entity,
  extractEntities,
  findAliasInconsistencies,
} from '../src/entities/index.js';
import { normaliseArticle } from '../src/normalise/index.js';

const doc = (text: string) => normaliseArticle({ title: '', text });
const byCanonical = (es: Entity[], c: string) => es.find((e) => e.canonical === c);

describe('extractEntities', () => {
  it('reads "X-brokered" as the name X and "Y Ridge" as a place', () => {
    const es = extractEntities(
      doc(
        'Rebels kept their guns on Tarn Ridge during the United Nations-brokered talks, and Velmaria-backed militias left.',
      ),
    );
    assert.equal(byCanonical(es, 'United Nations')?.type, 'organization');
    assert.equal(byCanonical(es, 'Tarn Ridge')?.type, 'place');
    assert.ok(
      !es.some((e) => /brokered|backed/.test(e.canonical)),
      JSON.stringify(es.map((e) => e.canonical)),
    );
  });

  it('unifies country aliases and keeps nationalities apart', () => {
    const es = extractEntities(
      doc(
        'The U.S. and the Russian Federation met in Vienna. Russia said the USA and America agreed. American troops stayed.',
      ),
    );
    const us = byCanonical(es, 'United States');
    assert.ok(us);
    assert.deepEqual(us.aliases, ['U.S.', 'USA', 'America']);
    assert.equal(us.type, 'place');
    assert.deepEqual(byCanonical(es, 'Russia')?.aliases, ['Russian Federation', 'Russia']);
    const am = byCanonical(es, 'American');
    assert.equal(am?.type, 'nationality');
    assert.equal(byCanonical(es, 'Vienna')?.type, 'place');
  });

  it('attaches a gendered short reference to the full name of that gender', () => {
    const es = extractEntities(
      doc(
        'Robert Kessel founded the firm. His former wife, Sarah Kessel, sold her shares. Mr. Kessel declined.',
      ),
    );
    const robert = byCanonical(es, 'Robert Kessel');
    assert.ok(robert);
    assert.ok(robert.mentions.some((m) => m.text === 'Kessel'));
    assert.ok(!byCanonical(es, 'Sarah Kessel')?.mentions.some((m) => m.text === 'Kessel'));
  });

  it('gives mention offsets into the normalised text', () => {
    const d = doc('Talks in Geneva ended. Geneva will host the next round.');
    const g = byCanonical(extractEntities(d), 'Geneva')!;
    assert.equal(g.mentions.length, 2);
    for (const m of g.mentions) assert.equal(d.text.slice(m.start, m.end), 'Geneva');
  });

  it('links a surname to the full name given earlier, and titles are not part of the name', () => {
    const es = extractEntities(doc('Foreign Minister Lena Brandt arrived on Monday. Brandt said little.'));
    const p = byCanonical(es, 'Lena Brandt');
    assert.equal(p?.type, 'person');
    assert.deepEqual(p?.aliases, ['Lena Brandt', 'Brandt']);
  });

  it('splits an organisation possessive from the person and types unknown places by context', () => {
    const es = extractEntities(doc('Al Jazeera’s Imran Bashir said fighters left the town of Kafr Nabl.'));
    assert.equal(byCanonical(es, 'Al Jazeera')?.type, 'organization');
    assert.equal(byCanonical(es, 'Imran Bashir')?.type, 'person');
    assert.equal(byCanonical(es, 'Kafr Nabl')?.type, 'place');
  });

  it('merges spelling variants of one place within an article', () => {
    const es = extractEntities(
      doc('The siege of Halabiyya ended. Buses left the town of Halabiya on Sunday.'),
    );
    const places = es.filter((e) => e.type === 'place');
    assert.equal(places.length, 1);
    assert.deepEqual([...places[0]!.aliases].sort(), ['Halabiya', 'Halabiyya']);
  });

  it('reads "IS" as Islamic State only in a name context, and U.N. as the United Nations', () => {
    const es = extractEntities(doc('IS fighters fled as U.N. envoys arrived.'));
    assert.equal(byCanonical(es, 'Islamic State')?.aliases[0], 'IS');
    assert.equal(byCanonical(es, 'United Nations')?.aliases[0], 'U.N.');
  });

  it('does not take sentence-initial function words, days or months as names', () => {
    const es = extractEntities(
      doc('While talks continued on Friday, nothing changed in August. Those who stayed were Syrians.'),
    );
    assert.deepEqual(
      es.map((e) => e.canonical),
      ['Syrian'],
    );
  });
});

describe('findAliasInconsistencies', () => {
  it('reports spinner-style alias pairs but not ordinary short references', () => {
    const es = extractEntities(
      doc(
        'John Kerry met officials of the United Nations. Kerry said the U.N. would help. The Russian Federation objected; Russia wants a vote. The US and the USA disagreed. People left the town of Madayya, and buses reached Madaya.',
      ),
    );
    const inc = findAliasInconsistencies(es);
    const reasons = Object.fromEntries(inc.map((i) => [i.canonical, i.reason]));
    assert.equal(reasons.Russia, 'alias');
    assert.equal(reasons['United States'], 'abbreviation');
    assert.ok(
      inc.some((i) => i.reason === 'spelling' && i.forms.includes('Madaya') && i.forms.includes('Madayya')),
    );
    assert.equal(reasons['John Kerry'], undefined);
    assert.equal(reasons['United Nations'], undefined);
    assert.ok(aliasGroups(es).some((g) => g.canonical === 'John Kerry'));
  });
});

const shared = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared');
const specimenPath = path.join(shared, 'specimen', 'specimen.txt');

describe('specimen entities', {
  skip: existsSync(specimenPath) ? false : `specimen not found at ${specimenPath}`,
}, () => {
  it('finds the entities the specimen README lists, with aliases unified', () => {
    const raw = readFileSync(specimenPath, 'utf8');
    const nl = raw.indexOf('\n');
    const es = extractEntities(normaliseArticle({ title: raw.slice(0, nl), text: raw.slice(nl + 1) }));
    const want: Array<[string, Entity['type']]> = [
      // Named by surname only in the specimen: people come from the text, so the surname is the name.
      ['Kerry', 'person'],
      ['Lavrov', 'person'],
      ['Bashar al-Assad', 'person'],
      ['Barack Obama', 'person'],
      ['James Bays', 'person'],
      ['Cliff Kupchan', 'person'],
      ['Al Jazeera', 'organization'],
      ['Eurasia Group', 'organization'],
      ['United Nations', 'organization'],
      ['Islamic State', 'organization'],
      ['Syria', 'place'],
      ['Russia', 'place'],
      ['United States', 'place'],
      ['Turkey', 'place'],
      ['Iran', 'place'],
      ['Geneva', 'place'],
      ['Damascus', 'place'],
      ['Jarabulus', 'place'],
    ];
    for (const [c, t] of want) assert.equal(byCanonical(es, c)?.type, t, c);
    assert.ok(byCanonical(es, 'Russia')!.aliases.includes('Russian Federation'));
    for (const a of ['USA', 'US', 'U.S.'])
      assert.ok(byCanonical(es, 'United States')!.aliases.includes(a), a);
    const daraya = es.find((e) => e.aliases.includes('Darayya'));
    assert.ok(daraya?.aliases.includes('Daraya'));
    const inc = findAliasInconsistencies(es).map((i) => i.canonical);
    for (const c of ['Russia', 'United States', daraya!.canonical]) assert.ok(inc.includes(c), c);
  });
});
