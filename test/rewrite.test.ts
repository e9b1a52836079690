/**
 * The rewrite stage (src/rewrite, src/match/rewrite.ts): provenance through paraphrase, as an LLM or an editor
 * rewrites a report. All text here is invented for these tests, written for unspun.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEngine, type Engine, type Report } from '../src/index.js';
import { renderHtml, renderTerminal } from '../src/report/index.js';
import {
  alignRewrites,
  matchSentences,
  prepareRewriteSentence,
  quoteConflict,
  rarity,
  relatedness,
  textProfile,
} from '../src/rewrite/index.js';
import {
  DEFAULTS,
  normaliseArticle,
  relatedArticles,
  type StoredSentence,
  tokenize,
  traceRewrites,
  untraced,
} from '../src/stages.js';
import type { Article } from '../src/types.js';

const ORIGINAL = [
  'Engineers at the Harlow Creek dam found three cracks in the spillway during an inspection on Monday, the county water board said.',
  'The board ordered the reservoir lowered by 4 metres as a precaution while repairs are planned.',
  'About 1,200 residents of Millbrook, the village below the dam, were told to prepare for a possible evacuation.',
  '"There is no immediate danger, but we are not taking any chances," said board chair Odile Fennimore.',
  'The dam was built in 1962 and last repaired in 2004, according to county records.',
  'Repairs are expected to cost about 9 million dollars and could take until the spring.',
  'Local farmers worry that lowering the reservoir will leave them short of water for irrigation in the summer.',
  'The state environment agency said it would send its own inspectors to the site on Wednesday.',
].join(' ');

// An LLM-style rewrite: reordered, reworded, two sentences merged, one comment invented.
const REWRITE = [
  'Alarm is spreading in Millbrook after inspectors discovered three cracks in the spillway of the Harlow Creek dam on Monday.',
  'The county water board has decided to drain the reservoir by 4 metres as a safety measure until repairs can be organised.',
  'Roughly 1,200 people living in the village beneath the dam have been warned that they may have to evacuate.',
  'Odile Fennimore, who chairs the board, insisted there is no immediate danger but said officials are not taking chances.',
  'County records show the dam dates from 1962 and was last fixed in 2004, and the repair bill is estimated at 9 million dollars.',
  'Farmers in the area fear that the lower reservoir will leave their fields without enough irrigation water this summer.',
  'Is anyone in charge paying attention to crumbling infrastructure?',
].join(' ');

const OTHER_STORY = [
  'The city council of Portwen approved a new cycle lane along the harbour road on Thursday.',
  'Councillors voted 14 to 3 in favour of the plan, which will remove 80 parking spaces.',
  'Shop owners said the loss of parking would hurt their business during the summer season.',
  'The lane is expected to open in the autumn after six weeks of construction work.',
].join(' ');

// Same region, another event: shares names, not the story.
const SAME_PLACE = [
  'Millbrook held its annual harvest fair on Saturday, drawing visitors from across the county.',
  'The fair, first held in 1962, featured a tractor parade and a pie contest judged by Odile Fennimore.',
  'Organisers said about 3,000 people attended, more than in any year since the pandemic.',
  'Proceeds will go to the village school, which needs a new roof before the winter.',
].join(' ');

async function corpus(): Promise<Engine> {
  const engine = createEngine({ store: ':memory:' });
  await engine.ingest([
    {
      id: 'dam-original',
      title: 'Cracks found in Harlow Creek dam',
      text: ORIGINAL,
      site: 'countywire.example',
    },
    { id: 'cycle-lane', title: 'Portwen approves cycle lane', text: OTHER_STORY, site: 'portwen.example' },
    { id: 'harvest-fair', title: 'Millbrook harvest fair', text: SAME_PLACE, site: 'millbrook.example' },
  ]);
  return engine;
}

const check = (e: Engine, text: string): Promise<Report> =>
  e.check({ title: 'Dam crisis: village on alert', text }, { headline: false });

describe('rewrite stage: documents', () => {
  it('weighs rare words and names above common ones', () => {
    assert.ok(rarity('say') < 1, `"say" weighs ${rarity('say')}`);
    assert.ok(rarity('spillway') > 4, `"spillway" weighs ${rarity('spillway')}`);
  });

  it('finds the rewritten source more related than an article sharing only names', () => {
    const prof = (t: string) => textProfile(tokenize(t));
    const rw = prof(REWRITE);
    const toOriginal = relatedness(rw, prof(ORIGINAL));
    const toSamePlace = relatedness(rw, prof(SAME_PLACE));
    const toOther = relatedness(rw, prof(OTHER_STORY));
    assert.ok(toOriginal > 0.35, `original ${toOriginal}`);
    assert.ok(toOriginal > 2 * toSamePlace, `original ${toOriginal}, same place ${toSamePlace}`);
    assert.ok(toOther < 0.05, `other story ${toOther}`);
  });
});

describe('rewrite stage: sentences', () => {
  it('matches a paraphrase through synonyms and shared facts, and not a sentence on another point', () => {
    const q = prepareRewriteSentence(
      tokenize(
        'Roughly 1,200 people living in the village beneath the dam have been warned that they may have to evacuate.',
      ),
    );
    const src = prepareRewriteSentence(
      tokenize(
        'About 1,200 residents of Millbrook, the village below the dam, were told to prepare for a possible evacuation.',
      ),
    );
    const other = prepareRewriteSentence(
      tokenize('The dam was built in 1962 and last repaired in 2004, according to county records.'),
    );
    const good = matchSentences(q, src);
    const bad = matchSentences(q, other);
    assert.ok(good.similarity >= 0.45, `paraphrase ${good.similarity}`);
    assert.ok(bad.similarity < 0.25, `other point ${bad.similarity}`);
    // "evacuate" / "evacuation": matched as one word family, with partial credit.
    const i = q.units.findIndex((u) => u.text === 'evacuate');
    assert.ok(good.credit[i]! > 0 && good.credit[i]! < 1, `credit ${good.credit[i]}`);
  });

  it('a name and a synonym share no statement: at least one word of the sentence must be used in both', () => {
    const source = 'Senator Amara Okafor likes to talk about earmarks a lot.';
    const sources = [
      { ref: 'a', sentences: [{ ref: 0, prepared: prepareRewriteSentence(tokenize(source)) }] },
    ];
    const traced = (q: string) =>
      alignRewrites([prepareRewriteSentence(tokenize(q))], sources, () => true)[0];
    // "trademark" and "earmarks" share a meaning (a distinguishing mark), and "Okafor" is a name: not a rewrite
    assert.equal(traced('Okafor, with her trademark passion, took the floor first.'), null);
    // the same name with the source's own words is
    assert.ok((traced('Okafor, as usual, likes to talk a lot about earmarks.')?.similarity ?? 0) > 0.6);
    assert.ok(traced('Okafor likes to hold forth about earmarks.'));
  });

  it('does not match two different remarks quoted in the same frame, and keeps a rewrite that keeps the quote', () => {
    const source =
      'Harbour Minister Ilse Varga said on Sunday: "We will rebuild the north pier before the winter storms."';
    const sources = [
      {
        ref: 'a',
        sentences: [{ ref: 0, prepared: prepareRewriteSentence(tokenize(source)) }],
      },
    ];
    const same = prepareRewriteSentence(
      tokenize(
        '"We will rebuild the north pier before the winter storms," Harbour Minister Ilse Varga told reporters on Sunday.',
      ),
    );
    const other = prepareRewriteSentence(
      tokenize(
        'Harbour Minister Ilse Varga said on Sunday: "Nobody in this government takes orders from the shipping lobby."',
      ),
    );
    assert.ok(quoteConflict(other, sources[0]!.sentences[0]!.prepared));
    assert.ok(!quoteConflict(same, sources[0]!.sentences[0]!.prepared));
    const [kept, refused] = alignRewrites([same, other], sources, () => true);
    assert.equal(kept?.sources[0]?.article, 'a');
    assert.equal(refused, null);
    // ...refused by the quote rule: without it, the shared frame and names would match
    const [, loose] = alignRewrites([same, other], sources, () => true, {
      ...DEFAULTS.rewrite,
      quoteMinOverlap: 0,
    });
    assert.equal(loose?.sources[0]?.article, 'a');
    // without quotation marks on one side (reported speech), the quote rule does not apply
    const reported = prepareRewriteSentence(
      tokenize(
        'Harbour Minister Ilse Varga said on Sunday that the north pier would be rebuilt before the winter storms.',
      ),
    );
    assert.equal(reported.quoted, undefined);
  });

  it('counts a title and a name as one fact: another remark in the same frame is not a rewrite', () => {
    const source =
      '"I am worried about that," Harbour Minister Ilse Varga of the Coastal Party said on Sunday.';
    const sources = [
      { ref: 'a', sentences: [{ ref: 0, prepared: prepareRewriteSentence(tokenize(source)) }] },
    ];
    const traced = (q: string) =>
      alignRewrites([prepareRewriteSentence(tokenize(q))], sources, () => true)[0];
    // seven capitalised words, but one person and one day: two facts, and no word of the remark shared
    assert.equal(
      traced(
        '"I could not disagree more with a plan like this," Harbour Minister Ilse Varga (Coastal Party) said Sunday.',
      ),
      null,
    );
    // the same remark reported in other words keeps its source
    assert.equal(
      traced('Harbour Minister Ilse Varga of the Coastal Party said on Sunday that she was worried about it.')
        ?.sources[0]?.article,
      'a',
    );
  });

  it('gives a sentence that merges two source sentences both sources', () => {
    const sents = ORIGINAL.split(/(?<=\.)\s+(?=[A-Z"])/).map((t) => prepareRewriteSentence(tokenize(t)));
    const merged = prepareRewriteSentence(
      tokenize(
        'County records show the dam dates from 1962 and was last fixed in 2004, and the repair bill is estimated at 9 million dollars.',
      ),
    );
    const [trace] = alignRewrites(
      [merged],
      [{ ref: 'a', sentences: sents.map((p, i) => ({ ref: i, prepared: p })) }],
      () => true,
    );
    assert.ok(trace, 'traced');
    assert.deepEqual(trace.sources.map((s) => s.sentence).sort(), [4, 5], JSON.stringify(trace.sources));
    assert.deepEqual(trace.sharedNumbers.map((u) => u.text).sort(), ['1962', '2004', '9'].sort());
  });
});

describe('rewrite stage: checks', () => {
  it('traces a rewritten article to its source sentence by sentence, labelled rewritten, and names the origin', async () => {
    const e = await corpus();
    const r = await check(e, REWRITE);
    assert.equal(r.summary.likelyOrigin?.articleId, 'dam-original');
    const traced = r.sentences.filter((s) => s.status === 'traced');
    assert.ok(traced.length >= 5, `${traced.length} traced`);
    // A rewrite keeps a few sentences close enough for the spin aligner (labelled spun); most are paraphrases.
    const rewritten = traced.filter((s) => s.derivation === 'rewritten');
    assert.ok(rewritten.length >= 4, `${rewritten.length} rewritten`);
    for (const s of traced) {
      assert.ok(
        s.derivation === 'rewritten' ? s.rewrite : !s.rewrite,
        'rewrite evidence on rewritten sentences only',
      );
      for (const src of s.sources) assert.equal(src.articleId, 'dam-original', s.text);
    }
    // Each traced sentence points at the source sentence it rewrote.
    const sourceOf = (needle: string) =>
      r.sentences.find((s) => s.text.includes(needle))?.sources.map((x) => x.text) ?? [];
    assert.ok(
      sourceOf('Roughly 1,200')[0]?.startsWith('About 1,200 residents'),
      String(sourceOf('Roughly 1,200')),
    );
    assert.ok(
      sourceOf('Farmers in the area')[0]?.startsWith('Local farmers'),
      String(sourceOf('Farmers in the area')),
    );
    // The invented rhetorical question has no source.
    assert.equal(r.sentences.find((s) => s.text.startsWith('Is anyone'))?.status, 'new');
    assert.equal(r.summary.derivations.rewritten, rewritten.length);
    assert.equal(r.summary.likelyOrigin?.derivations.rewritten, rewritten.length);
    // Renderers say how the sentences were derived.
    const text = renderTerminal(r, { color: false });
    assert.match(
      text,
      new RegExp(`derivation: \\d+ copied, \\d+ spun \\(word swaps\\), ${rewritten.length} rewritten`),
    );
    assert.match(text, /shared facts: .*1,200/);
    const html = renderHtml(r);
    assert.match(html, /<span class="badge">rewritten<\/span>/);
    assert.match(html, /Derivation of the traced sentences/);
    await e.close();
  });

  it('labels a verbatim copy copied and a spun copy spun', async () => {
    const e = await corpus();
    const r = await check(
      e,
      'The state environment agency said it would send its own inspectors to the site on Wednesday. ' +
        'Local farmers fear that lowering the reservoir will leave them short of water for irrigation in the summer.',
    );
    assert.equal(r.sentences[0]!.derivation, 'copied');
    assert.equal(r.sentences[1]!.derivation, 'spun', JSON.stringify(r.sentences[1]!.substitutions));
    await e.close();
  });

  it('gives an article on another story, or on another event in the same place, no source', async () => {
    const e = await corpus();
    const unrelated = await check(
      e,
      'A storm knocked out power to 30,000 homes in the north on Sunday night. Crews worked through the night to restore lines, the utility said. Schools in two districts stayed closed on Monday.',
    );
    assert.equal(
      unrelated.summary.tracedSentences,
      0,
      JSON.stringify(unrelated.sentences.map((s) => s.sources)),
    );
    const samePlace = await check(
      e,
      'Millbrook will hold a winter market in December, the village council announced. Stalls will sell crafts and food, and a choir from the village school will sing. Organisers hope to attract visitors from across the county.',
    );
    assert.equal(samePlace.summary.likelyOrigin, null);
    assert.ok(
      samePlace.sentences.every((s) => s.derivation !== 'rewritten'),
      JSON.stringify(samePlace.sentences.map((s) => [s.text, s.sources[0]?.text])),
    );
    await e.close();
  });
});

describe('rewrite stage: bounds', () => {
  it('compares a bounded number of sentence pairs, leaving a too-long job to the spin stage', () => {
    const source = normaliseArticle({ title: 'Dam', text: ORIGINAL });
    const article: Article = { title: 'Dam', text: source.text, key: 'k', hash: 'h', seq: 1, id: 'dam' };
    const spans: StoredSentence[] = source.sentences.map((s, i) => ({
      sentenceId: i + 1,
      articleSeq: 1,
      index: i,
      start: s.start,
      end: s.end,
    }));
    const checked = normaliseArticle({ title: 'Rewrite', text: REWRITE }).sentences;
    const none = checked.map(() => untraced());
    const loaded = { articles: new Map([[1, article]]), sentences: new Map([[1, spans]]) };
    const related = relatedArticles(checked, loaded.articles, { candidates: [1] });
    assert.equal(related.length, 1);
    const traced = (maxPairs: number) =>
      traceRewrites(checked, none, related, loaded, { maxPairs }).filter((t) => t.derivation === 'rewritten')
        .length;
    assert.ok(traced(500_000) >= 4, `${traced(500_000)} rewritten`);
    // 7 checked sentences x 8 source sentences = 56 pairs: a cap under that skips the article.
    assert.equal(traced(55), 0);
  });
});

describe('rewrite stage: the demo rewrite', () => {
  it('traces examples/demo/rewrite/rewrite-01.md (an LLM-style rewrite of one demo wire) to its source', async () => {
    const { fileURLToPath } = await import('node:url');
    const demo = fileURLToPath(new URL('../examples/demo/', import.meta.url));
    const engine = createEngine({ store: ':memory:' });
    await engine.ingest([`${demo}wire`]);
    const r = await engine.check(`${demo}rewrite/rewrite-01.md`, { headline: false });
    assert.equal(
      r.summary.likelyOrigin?.url,
      'https://meridianpress.example/world/2026/03/14/relief-flights-reach-flooded-lenhaven',
    );
    assert.ok(r.summary.derivations.rewritten >= 4, JSON.stringify(r.summary.derivations));
    // Reworded around its facts (ministry, toll, river, day), with few other words in common: still traced.
    const toll = r.sentences.find((s) => s.text.includes('no fewer than 23'))!;
    assert.equal(toll.derivation, 'rewritten', JSON.stringify(toll.sources));
    assert.ok(toll.sources[0]?.text.startsWith('At least 23 people'), toll.sources[0]?.text);
    // Names of several words are one fact.
    const haddad = r.sentences.find((s) => s.text.startsWith('Dr. Leila Haddad'))!;
    assert.ok(haddad.rewrite?.sharedNames.includes('Leila Haddad'), JSON.stringify(haddad.rewrite));
    // The invented closing question has no source.
    assert.equal(r.sentences.at(-1)!.status, 'new');
    await engine.close();
  });
});

describe('a closely related article with no traceable sentence (document level)', () => {
  it('is named as related, never as a source or origin; an article on another story is not', async () => {
    const engine = createEngine({ store: ':memory:' });
    await engine.ingest([
      {
        id: 'archive',
        site: 'harlowcounty.example',
        title: 'Results archive',
        published: '2026-01-10T08:00:00Z',
        // one long list line: a rewriter turns it into prose, sentence by sentence
        text: 'Results Archive Harlow County: 2019 Harlow Reservoir Water Quality Report, 2020 Harlow Reservoir Water Quality Report, Millbrook Spillway Inspection Summary 2021, Fennimore Dam Safety Review 2022, Ardent River Flow Records 2018-2022, Pellan Wetland Survey 2023',
      },
      { id: 'cycle-lane', title: 'Portwen approves cycle lane', text: OTHER_STORY, site: 'portwen.example' },
    ]);
    const prose =
      'Harlow County keeps a public archive of its results. The quality of the water in Harlow Reservoir was the subject of reports in 2019 and again in 2020. ' +
      'Inspectors summarised what they found at the Millbrook spillway in 2021. The Fennimore dam had its safety reviewed in 2022. ' +
      'Records of how the Ardent River flowed span the years 2018 to 2022, and the Pellan wetland was surveyed in 2023.';
    const r = await engine.check(
      { title: 'What the county knows about its water', published: '2026-02-01T08:00:00Z', text: prose },
      { headline: false },
    );
    assert.equal(r.summary.tracedSentences, 0);
    assert.deepEqual(r.summary.sources, []);
    assert.equal(r.summary.likelyOrigin, null);
    assert.equal(r.summary.relatedArticles?.length, 1);
    assert.equal(r.summary.relatedArticles![0]!.articleId, 'archive');
    assert.ok(r.summary.relatedArticles![0]!.relatedness >= DEFAULTS.rewrite.documentRelatedness);
    assert.match(
      renderTerminal(r, { color: false }),
      /closely related \(whole text, no sentence traced\): harlowcounty\.example/,
    );
    assert.match(renderHtml(r), /Closely related as a whole/);
    // an article on another story gets no related article
    const other = await engine.check({ title: 'Lane', text: SAME_PLACE }, { headline: false });
    assert.equal(other.summary.relatedArticles, undefined);
    await engine.close();
  });
});

describe('a shared name alone traces nothing', () => {
  it('a handle line naming an agency is not the source of a sentence about that agency; a short line copied whole is', async () => {
    const engine = createEngine({ store: ':memory:' });
    await engine.ingest([
      {
        id: 'board',
        site: 'harlowwire.example',
        title: 'Board statement',
        published: '2026-04-01T08:00:00Z',
        text:
          'Harlow County Water Board (@harlowwater)\n\n' +
          'The board met on Tuesday to review the spillway inspection and approved a budget for the repairs.\n\n' +
          'Yes, it is the OLD SPILLWAY!',
      },
    ]);
    const r = await engine.check(
      {
        title: 'Farm',
        published: '2026-04-02T08:00:00Z',
        text:
          'The Harlow County Water Board has full confidence in its plan for the spillway, a spokesperson said.\n\n' +
          'Yes, it is the OLD SPILLWAY!',
      },
      { headline: false },
    );
    assert.deepEqual(r.sentences[0]!.sources, []);
    assert.equal(r.sentences[1]!.sources[0]?.articleId, 'board');
    await engine.close();
  });
});

describe('rewrite stage: quotes in a rewritten article', () => {
  it('matches a kept quote to its source quote, showing the reworded word and the dropped speaker', async () => {
    const engine = createEngine({ store: ':memory:' });
    await engine.ingest([
      {
        id: 'src-quote',
        site: 'harbourwire.example',
        title: 'Dock workers end strike at Port Selden after pay deal',
        published: '2026-05-02T08:00:00Z',
        text:
          'Dock workers at Port Selden ended a nine-day strike on Friday after the union accepted a pay rise of 6 percent over two years. ' +
          'The stoppage had left 140 container ships waiting off the coast and delayed deliveries of grain and fuel across the region. ' +
          '"This agreement gives our members the security they fought for," union leader Marta Ilves said outside the harbour office. ' +
          'The port authority said cranes would restart on Saturday morning and the backlog should clear within three weeks. ' +
          'Shipping firms had warned that the strike was costing them about 2 million euros a day.',
      },
    ]);
    const r = await engine.check(
      {
        title: 'Port chaos is over: Selden strike ends',
        published: '2026-05-03T10:00:00Z',
        text:
          'After nine days of disruption, the strike by dock workers at Port Selden came to an end on Friday once the union signed off on a 6 percent pay increase spread across two years. ' +
          'With 140 container vessels stuck offshore, shipments of grain and fuel throughout the region had been held up. ' +
          '"This agreement gives our members the safety they fought for." ' +
          'According to the port authority, the cranes will be back in action on Saturday morning, with the backlog expected to clear in about three weeks. ' +
          'Shipping companies had complained that the walkout was costing them roughly 2 million euros each day.',
      },
      { headline: false },
    );
    assert.equal(r.summary.likelyOrigin?.articleId, 'src-quote');
    assert.ok(r.summary.derivations.rewritten >= 2, JSON.stringify(r.summary.derivations));
    const quoted = r.sentences.find((s) => s.text.startsWith('"This agreement'))!;
    assert.equal(quoted.status, 'traced');
    const qp = r.quoteProvenance?.find((q) => q.text.includes('This agreement'));
    assert.ok(qp, JSON.stringify(r.quoteProvenance));
    assert.equal(qp.wordingChanged, true);
    assert.deepEqual(
      qp.changes.map((c) => [c.original, c.spun]),
      [['security', 'safety']],
    );
    assert.equal(qp.source.speaker, 'Marta Ilves');
    assert.equal(qp.speakerDropped, true);
    await engine.close();
  });
});
