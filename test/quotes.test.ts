import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { analyseEntities, extractEntities } from '../src/entities/index.js';
import { normaliseArticle } from '../src/normalise/index.js';
import { extractQuotes, type Quote, unattributedQuotes } from '../src/quotes/index.js';
import { loadGold, scoreGold } from './fixtures/quotes/score.js';

const run = (text: string) => {
  const doc = normaliseArticle({ title: 'Headline', text });
  return { doc, quotes: extractQuotes(doc, analyseEntities(doc)) };
};
const find = (qs: Quote[], text: string) => {
  const q = qs.find((x) => x.text.includes(text));
  assert.ok(q, `no quote containing "${text}" in ${JSON.stringify(qs.map((x) => x.text))}`);
  return q;
};

describe('extractQuotes: entity input', () => {
  it('gives the same quotes from the entity analysis, from the entity list and from nothing', () => {
    const doc = normaliseArticle({
      title: 'Headline',
      text: 'Foreign Minister Lena Brandt arrived on Monday. “We will not wait,” she said. The minister added that talks would resume.',
    });
    const analysis = analyseEntities(doc);
    assert.deepEqual(analysis.entities, extractEntities(doc));
    const quotes = extractQuotes(doc, analysis);
    assert.ok(quotes.some((q) => q.speaker?.canonical === 'Lena Brandt'));
    assert.deepEqual(extractQuotes(doc, extractEntities(doc)), quotes);
    assert.deepEqual(extractQuotes(doc), quotes);
  });
});

describe('extractQuotes: spans and kinds', () => {
  it('finds curly, straight, single, guillemet and NYT-style quotes with offsets into doc.text', () => {
    const { doc, quotes } = run(
      "“We will win,” said Ana Ruiz. \"We must,\" said Ana Ruiz again. 'Never again,' said Tom Hale. «Jamais», said Luc Brun. ''Fine,'' said Ivo Penn.",
    );
    const texts = quotes.filter((q) => q.kind === 'direct').map((q) => q.text);
    assert.deepEqual(texts, ['We will win,', 'We must,', 'Never again,', 'Jamais', 'Fine,']);
    for (const q of quotes) assert.equal(doc.text.slice(q.start, q.end), q.text);
  });

  it('keeps a nested quote inside its outer quotation', () => {
    const { quotes } = run('“He told me, ‘Leave now,’ and then he left,” said Maya Quinn.');
    assert.equal(quotes.length, 1);
    assert.equal(quotes[0]!.text, 'He told me, ‘Leave now,’ and then he left,');
    assert.equal(quotes[0]!.speaker?.canonical, 'Maya Quinn');
  });

  it('tells scare quotes from partial quotes', () => {
    const { quotes } = run(
      'Critics call the scheme a “cash grab”. Governor Paula Stein said the law was “a disgrace to this state” and vowed to repeal it.',
    );
    assert.equal(find(quotes, 'cash grab').kind, 'scare');
    const partial = quotes.find((q) => q.text === 'a disgrace to this state');
    assert.ok(partial);
    assert.equal(partial.kind, 'partial');
    assert.equal(partial.speaker?.canonical, 'Paula Stein');
  });

  it('handles a quote split by its attribution', () => {
    const { quotes } = run('“The first part,” said Rosa Marten, “and the second part.”');
    assert.equal(find(quotes, 'The first part').speaker?.canonical, 'Rosa Marten');
    assert.equal(find(quotes, 'the second part').speaker?.canonical, 'Rosa Marten');
  });

  it('carries the speaker over a quotation that runs on into the next paragraph', () => {
    const { quotes } = run(
      '“We lost the harvest,” said Jonas Pekkala. “The rain never stopped.\n\n“Now we wait for spring.”',
    );
    assert.equal(find(quotes, 'Now we wait').speaker?.canonical, 'Jonas Pekkala');
    assert.equal(find(quotes, 'The rain never stopped').speaker?.canonical, 'Jonas Pekkala');
  });
});

describe('extractQuotes: speakers', () => {
  it('resolves a pronoun to a recent person and leaves one with no antecedent unattributed', () => {
    const a = run('Mayor Carla Diaz visited the flooded streets. “This is a disaster,” she said.').quotes;
    const q = find(a, 'This is a disaster');
    assert.equal(q.speaker?.canonical, 'Carla Diaz');
    assert.equal(q.speaker?.resolvedVia, 'pronoun');

    const b = run(
      'Storms hit the coast on Monday. The damage was severe. “We have never seen this,” he explained. Later, Governor Tim Walsh said repairs would start soon. Walsh said the state would pay.',
    ).quotes;
    const u = find(b, 'We have never seen this');
    assert.equal(u.speaker, null);
    assert.equal(u.cue, 'explained');
    assert.equal(u.guess?.resolvedVia, 'guess');
    assert.equal(u.guess?.canonical, 'Tim Walsh');
  });

  it('does not take a male pronoun back to a woman', () => {
    const { quotes } = run('Ines Calder met the workers on Friday. “It was a good meeting,” he said.');
    assert.equal(find(quotes, 'It was a good meeting').speaker, null);
  });

  it('resolves a title to the person named with it earlier, and keeps an unnamed official unnamed', () => {
    const a = run(
      'Defence Minister Arno Velt flew to Riga. “We will stand by our allies,” the minister said.',
    ).quotes;
    const q = find(a, 'stand by our allies');
    assert.equal(q.speaker?.canonical, 'Arno Velt');
    assert.equal(q.speaker?.resolvedVia, 'title');
    const b = run('“The deal is close,” the official said.').quotes;
    const o = find(b, 'The deal is close');
    assert.equal(o.speaker?.text, 'the official');
    assert.equal(o.speaker?.canonical, null);
  });

  it('finds speakers before the quote, after it, with appositives and parentheticals', () => {
    const { quotes } = run(
      'Karl Odum told reporters: “We are ready.” “It is late,” Rep. Dana Fry (D-Ore.) said. “It is early,” said Lee Park, a spokesman for the council. “Wait,” Nora Voss, 62, said.',
    );
    assert.equal(find(quotes, 'We are ready').speaker?.canonical, 'Karl Odum');
    assert.equal(find(quotes, 'It is late').speaker?.canonical, 'Dana Fry');
    assert.equal(find(quotes, 'It is early').speaker?.canonical, 'Lee Park');
    assert.equal(find(quotes, 'Wait').speaker?.canonical, 'Nora Voss');
  });

  it('extracts indirect speech with its cue', () => {
    const { quotes } = run(
      'The mayor’s office said that the bridge would reopen in May. Fares will rise next year, according to Transit Chief Omar Fell. Bram Olsen told reporters the strike was over.',
    );
    const a = find(quotes, 'the bridge would reopen in May');
    assert.equal(a.kind, 'indirect');
    assert.equal(a.cue, 'said');
    const b = find(quotes, 'Fares will rise next year');
    assert.equal(b.cue, 'according to');
    assert.equal(b.speaker?.canonical, 'Omar Fell');
    assert.equal(find(quotes, 'the strike was over').speaker?.canonical, 'Bram Olsen');
  });
});

describe('extractQuotes: attribution conventions', () => {
  it('reads phrasal and unlisted verbs next to a quote', () => {
    const { quotes } = run(
      'Mayor Lina Ortt opened the meeting. “We cannot wait,” Ortt pointed out. “Nor should we,” Pavel Dunst fumed on Tuesday. “Never!” beamed Carla Mendes.',
    );
    assert.equal(find(quotes, 'We cannot wait').speaker?.canonical, 'Lina Ortt');
    assert.equal(find(quotes, 'Nor should we').speaker?.canonical, 'Pavel Dunst');
    assert.equal(find(quotes, 'Never').speaker?.canonical, 'Carla Mendes');
  });

  it('takes the subject of a clause that introduces the quote with a colon, also across paragraphs', () => {
    const { quotes } = run(
      'Senator Oskar Brandt took the floor and called them out:\n\n“Nobody in this room has read the bill.”\n\nAnd Ms. Edda Wren gloated: “I told you so.”',
    );
    assert.equal(find(quotes, 'Nobody in this room').speaker?.canonical, 'Oskar Brandt');
    assert.equal(find(quotes, 'I told you so').speaker?.canonical, 'Edda Wren');
  });

  it('does not read a capitalised name (“the Daily Post”) as a cue verb', () => {
    const { quotes } = run('Governor Ruth Alder told the Daily Post on Monday, “The budget is balanced.”');
    assert.equal(find(quotes, 'The budget is balanced').speaker?.canonical, 'Ruth Alder');
  });

  it('keeps the speaker across the sentences of an attributed quotation in one paragraph', () => {
    const { quotes } = run(
      '“The river rose overnight. Nobody expected it,” said Ivo Marek, the harbour master. “We moved the boats at dawn.”',
    );
    assert.equal(find(quotes, 'We moved the boats').speaker?.canonical, 'Ivo Marek');
  });

  it('reads an inverted attribution after a comma and a dash credit paragraph', () => {
    const { quotes } = run(
      'Mayor Hana Roos spoke first.\n\n“It is unlikely to pass” before spring, said Tomas Velde, a council aide.\n\n“We will build the bridge.”\n\n— Hana Roos.',
    );
    assert.equal(find(quotes, 'unlikely to pass').speaker?.canonical, 'Tomas Velde');
    assert.equal(find(quotes, 'build the bridge').speaker?.canonical, 'Hana Roos');
  });

  it('marks first-person attributions as the writer, unnamed', () => {
    const { quotes } = run('“Are you sure?” I asked. The clerk nodded.');
    const q = find(quotes, 'Are you sure');
    assert.equal(q.speaker?.text, 'I');
    assert.equal(q.speaker?.canonical, null);
  });
});

describe('unattributedQuotes', () => {
  it('lists direct quotes without a speaker and ignores guesses, scare quotes and attributed ones', () => {
    const { quotes } = run(
      'Fishing crews call it a “ghost season”. “The nets come back empty,” said Marta Olsen. Later the harbour was quiet. “Nobody will admit it,” he added.',
    );
    const un = unattributedQuotes(quotes);
    assert.deepEqual(
      un.map((q) => q.text),
      ['Nobody will admit it,'],
    );
    assert.equal(un[0]!.speaker, null);
    assert.equal(unattributedQuotes([]).length, 0);
  });
});

describe('gold set', () => {
  it('keeps span, speaker and entity scores above their floors', () => {
    const g = scoreGold(loadGold());
    assert.ok(g.items >= 60);
    assert.ok(g.prf['quote spans, exact']!.f1 >= 0.8, `exact F1 ${g.prf['quote spans, exact']!.f1}`);
    assert.ok(g.prf['quote spans, overlap']!.f1 >= 0.94, `overlap F1 ${g.prf['quote spans, overlap']!.f1}`);
    assert.ok(
      g.acc['speaker canonical (matched non-scare quotes)']!.value >= 0.92,
      `speaker ${g.acc['speaker canonical (matched non-scare quotes)']!.value}`,
    );
    assert.ok(g.acc['quote kind (matched quotes)']!.value >= 0.93);
    assert.ok(g.prf['entity canonical (surface+canonical)']!.f1 >= 0.95);
  });
});

const shared = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared');
const specimenPath = path.join(shared, 'specimen', 'specimen.txt');

describe('specimen quotes', {
  skip: existsSync(specimenPath) ? false : `specimen not found at ${specimenPath}`,
}, () => {
  it('leaves the pronoun-only quote unattributed and attributes the named ones', () => {
    const raw = readFileSync(specimenPath, 'utf8');
    const nl = raw.indexOf('\n');
    const doc = normaliseArticle({ title: raw.slice(0, nl), text: raw.slice(nl + 1) });
    const quotes = extractQuotes(doc, extractEntities(doc));
    const deal = quotes.find((q) => q.text.includes('for the sake of the deal'));
    assert.ok(deal);
    assert.equal(deal.kind, 'direct');
    assert.equal(deal.speaker, null);
    if (deal.guess) assert.equal(deal.guess.resolvedVia, 'guess');
    const trust = quotes.find((q) => q.text.includes('mutual trust'));
    assert.equal(trust?.speaker?.canonical, 'Lavrov'); // surname only in the specimen
    assert.equal(quotes.find((q) => q.text === 'a component')?.kind, 'scare');
    assert.ok(quotes.some((q) => q.kind === 'indirect' && q.speaker?.canonical === 'Kerry'));
  });
});
