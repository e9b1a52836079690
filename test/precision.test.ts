/**
 * Precision rules of the match stage (no false origins): a spinner never swaps one name for another or one figure
 * for another; sources come from before the article; a likely origin needs a real share of the article.
 * All text here is invented for these tests.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEngine, type Engine } from '../src/index.js';
import { compareFigures, DEFAULTS, isLater } from '../src/stages.js';

async function corpus(
  articles: { id: string; text: string; published?: string; site?: string }[],
): Promise<Engine> {
  const engine = createEngine({ store: ':memory:' });
  await engine.ingest(articles.map((a) => ({ title: `Report ${a.id}`, ...a })));
  return engine;
}

const check = (e: Engine, text: string, published?: string) =>
  e.check({ title: 'Checked', text, ...(published ? { published } : {}) }, { headline: false });

/** Each sentence's status when `text` is checked against a corpus of `articles` alone. */
async function statuses(articles: Parameters<typeof corpus>[0], text: string): Promise<string[]> {
  const e = await corpus(articles);
  try {
    return (await check(e, text)).sentences.map((x) => x.status);
  } finally {
    await e.close();
  }
}

describe('names and numbers', () => {
  it('does not trace a sentence whose only difference is another person named in it', async () => {
    const e = await corpus([
      { id: 'a', text: "Our hearts go out to Hunter's family during this difficult week, the league said." },
    ]);
    const r = await check(
      e,
      "Our hearts go out to Tucker's family during this difficult week, the league said.",
    );
    assert.equal(r.sentences[0]!.status, 'new', JSON.stringify(r.sentences[0]!.sources));
    await e.close();
  });

  it('does not trace a sentence that states another figure, and shows a rounded one as a number change', async () => {
    const e = await corpus([
      {
        id: 'a',
        text: 'The ferry carried 312 passengers when it ran aground off the northern cape on Tuesday.',
      },
      {
        id: 'b',
        text: 'The regional grid lost 4.27 million kilowatt hours during the long heatwave last month.',
      },
      {
        id: 'c',
        text: 'Rescuers pulled 5 climbers from the collapsed ice shelf after a night of searching.',
      },
    ]);
    const other = await check(
      e,
      'The ferry carried 87 passengers when it ran aground off the northern cape on Tuesday.',
    );
    assert.equal(other.sentences[0]!.status, 'new');
    const rounded = await check(
      e,
      'The regional grid lost 4.3 million kilowatt hours during the long heatwave last month.',
    );
    assert.equal(rounded.sentences[0]!.status, 'traced');
    assert.deepEqual(rounded.sentences[0]!.substitutions, [
      { original: '4.27', spun: '4.3', known: false, kind: 'number' },
    ]);
    assert.equal(rounded.summary.substitutionMap.length, 0, 'a number change is not a spinner swap');
    const words = await check(
      e,
      'Rescuers pulled five climbers from the collapsed ice shelf after a night of searching.',
    );
    assert.equal(words.sentences[0]!.status, 'traced');
    assert.equal(words.sentences[0]!.substitutions[0]?.kind, 'number');
    await e.close();
  });

  it('compares figures by value', () => {
    assert.equal(compareFigures('5', 'five'), 'same');
    assert.equal(compareFigures('1,200', '1200'), 'same');
    assert.equal(compareFigures('twenty-one', '21'), 'same');
    assert.equal(compareFigures('4.23', '4.2'), 'rounded');
    assert.equal(compareFigures('55.6k', '1.1k'), 'mismatch');
    assert.equal(compareFigures('12', '40'), 'mismatch');
    assert.equal(compareFigures('said', 'told'), null);
  });
});

describe('time', () => {
  const text =
    'The coastal railway will close for nine weeks from June while engineers replace the sea wall near Harlow Point.';
  it('never names a source published after the checked article', async () => {
    const e = await corpus([{ id: 'late', text, published: '2026-05-02' }]);
    const before = await check(e, text, '2026-05-01T10:00:00Z');
    assert.equal(before.sentences[0]!.status, 'new');
    assert.match(before.summary.timeNote ?? '', /up to the article's date/);
    const sameDay = await check(e, text, '2026-05-02T18:00:00Z');
    assert.equal(sameDay.sentences[0]!.status, 'traced', 'a source dated the same day may be earlier');
    const undatedArticle = await check(e, text);
    assert.equal(undatedArticle.sentences[0]!.status, 'traced');
    assert.match(undatedArticle.summary.timeNote ?? '', /no date/);
    await e.close();
  });

  it('keeps undated sources and says how many there were', async () => {
    const e = await corpus([{ id: 'undated', text }]);
    const r = await check(e, text, '2026-05-01');
    assert.equal(r.sentences[0]!.status, 'traced');
    assert.match(r.summary.timeNote ?? '', /1 undated source/);
    await e.close();
  });

  it('compares dates at day precision when either is a day', () => {
    assert.equal(isLater('2026-05-02', '2026-05-01T23:00:00Z'), true);
    assert.equal(isLater('2026-05-01', '2026-05-01T08:00:00Z'), false);
    assert.equal(isLater('2026-05-01T09:00:00Z', '2026-05-01T08:00:00Z'), true);
    assert.equal(isLater('2026-05-01T07:00:00Z', '2026-05-01T08:00:00Z'), false);
  });
});

describe('likely origin', () => {
  const wire = [
    'The Marlow county council approved a new flood barrier on the river Tessel on Thursday evening.',
    'The barrier will cost 48 million pounds and protect about 3,000 homes in the lower town.',
    'Council leader Petra Osgood said the vote ended a decade of argument over the scheme.',
    'Construction is due to start in the autumn and to finish before the winter of 2028.',
  ].join(' ');
  it('is named when a source gave at least three sentences of the article', async () => {
    const e = await corpus([{ id: 'wire', text: wire, published: '2026-04-01' }]);
    const r = await check(e, `${wire} Readers can send their views to the newsroom by email.`, '2026-04-02');
    assert.equal(r.summary.likelyOrigin?.articleId, 'wire');
    assert.match(r.summary.originNote ?? '', /earliest source/);
    await e.close();
  });

  it('is not named on the strength of one sentence of a long article', async () => {
    const e = await corpus([{ id: 'wire', text: wire, published: '2026-04-01' }]);
    const own = Array.from(
      { length: 9 },
      (_, i) =>
        `Paragraph ${i + 1} of this column describes the author's own walk along a different river in spring.`,
    ).join(' ');
    const r = await check(
      e,
      `Council leader Petra Osgood said the vote ended a decade of argument over the scheme. ${own}`,
      '2026-04-03',
    );
    assert.equal(r.summary.tracedSentences, 1);
    assert.equal(r.summary.likelyOrigin, null);
    assert.match(r.summary.originNote ?? '', /no single origin/);
    await e.close();
  });

  // A speech quoted at length: every report of it repeats the same words.
  const speech = [
    'Mayor Ines Calder spoke to the harbour workers at the east quay on Monday morning.',
    '“We will rebuild the sea wall before the storms of next winter.',
    'The money is already set aside in the harbour fund.',
    'Nobody on this quay will lose a job while the work goes on,” she said.',
    'The crowd applauded and several workers asked about overtime rates.',
  ];
  it('is not named on quotations of a speaker alone, which every report of the speech repeats', async () => {
    // The quoted sentences are one paragraph: the quotation runs across them.
    const text = (lines: string[]) => [lines[0], lines.slice(1, 4).join(' '), lines[4]].join('\n\n');
    const e = await corpus([{ id: 'first-report', text: text(speech), published: '2026-05-04' }]);
    const other = [
      'A different reporter filed this account from the west pier, where the mood was calmer.',
      ...speech.slice(1, 4),
      'Union officials said later that they would hold the mayor to her promise on jobs.',
    ];
    const r = await check(e, text(other), '2026-05-05');
    assert.equal(r.summary.tracedSentences, 3, JSON.stringify(r.sentences.map((x) => x.status)));
    assert.equal(r.summary.likelyOrigin, null);
    assert.match(r.summary.originNote ?? '', /no single origin.*direct quotation/);
    // The same quotations with the first report's own sentences around them: a copy, named.
    const copy = await check(e, text(speech), '2026-05-05');
    assert.equal(copy.summary.likelyOrigin?.articleId, 'first-report');
    await e.close();
  });
});

describe('a site’s template lines', () => {
  const widget = [
    'Popular Clip A young drummer froze when the headline act called her up to the stage at the county fair.',
    'Minutes later she was playing the encore in front of eleven thousand people.',
  ];
  const roof = [
    'Storm damage has closed the roof of the primary school in Wendle until the end of term.',
    'Engineers found three cracked beams above the assembly hall on Friday.',
    ...widget,
    'Parents were told classes would move to the church hall from Monday.',
    'The county expects the repairs to cost about ninety thousand pounds.',
  ].join('\n\n');
  it('are not provenance when shared only with an unrelated page of the same site', async () => {
    const e = await corpus([
      {
        id: 'ferry',
        site: 'sidebar.example',
        text: `The harbour ferry will stop running at night from March because of a shortage of crews.\n\n${widget.join('\n\n')}\n\nThe operator said it hoped to restore the service by the summer.`,
      },
    ]);
    const statuses = async (site: string) =>
      (
        await e.check(
          { title: 'School roof', site, url: `https://${site}/roof`, text: roof },
          { headline: false },
        )
      ).sentences.map((x) => x.status);
    assert.deepEqual(await statuses('sidebar.example'), [
      'new',
      'new',
      'boilerplate',
      'boilerplate',
      'new',
      'new',
    ]);
    // The same lines in a page of another site are still traced (a copier takes a site's page whole).
    assert.deepEqual(await statuses('elsewhere.example'), ['new', 'new', 'traced', 'traced', 'new', 'new']);
    await e.close();
  });
});

describe('boilerplate learned from the corpus', () => {
  const furniture = (n: number) => `${n}.${n % 10}k SHARES Share Tweet`;
  const towns = ['Wexley', 'Brantham', 'Corwen', 'Dunmere', 'Elsworth', 'Farleigh'];
  const story = (i: number) =>
    `The parish council of ${towns[i]} voted on Tuesday to repair the old stone bridge over the river ${towns[5 - i]}.`;
  it('marks a line that recurs across a site as boilerplate, never as provenance', async () => {
    const e = await corpus(
      Array.from({ length: 6 }, (_, i) => ({
        id: `p${i}`,
        site: 'buzzpages.example',
        text: `${story(i)}\n\n${furniture(i + 3)}`,
      })),
    );
    const stats = await e.stats();
    assert.ok((stats.boilerplateLines ?? 0) >= 1, JSON.stringify(stats));
    const r = await check(
      e,
      `A wholly different report about tidal energy off the Orkney coast, with its own facts and figures.\n\n${furniture(1)}`,
    );
    const last = r.sentences[r.sentences.length - 1]!;
    assert.equal(last.status, 'boilerplate');
    assert.equal(r.summary.boilerplateSentences, 1);
    assert.equal(r.summary.sources.length, 0);
    // The stories themselves are not boilerplate: a copy of one is traced.
    const copy = await check(e, story(2));
    assert.equal(copy.sentences[0]!.status, 'traced');
    await e.close();
  });

  it('counts a line seen on fewer pages of a site as content', async () => {
    const e = await corpus(
      Array.from({ length: 3 }, (_, i) => ({
        id: `p${i}`,
        site: 'smallsite.example',
        text: `${story(i)}\n\nThe regional ferry timetable changes on Monday, the operator Kestrel Lines announced.`,
      })),
    );
    const r = await check(
      e,
      'The regional ferry timetable changes on Monday, the operator Kestrel Lines announced.',
    );
    assert.equal(r.sentences[0]!.status, 'traced');
    await e.close();
  });
});

describe('content evidence (the support rule)', () => {
  const generic = [
    {
      id: 'g1',
      text: 'Prices at the pump rose again this week. You just cannot make this stuff up. Drivers were angry.',
    },
  ];

  it('does not trace a lone generic line shared with an unrelated article', async () => {
    const e = await corpus(generic);
    const r = await check(
      e,
      'The mayor opened the new library on Sunday. You just cannot make this stuff up. Readers queued for hours.',
    );
    assert.deepEqual(
      r.sentences.map((s) => s.status),
      ['new', 'new', 'new'],
    );
    assert.equal(r.summary.likelyOrigin, null);
    await e.close();
  });

  it('does not trace lines that share only a site’s short-link prefix', async () => {
    assert.deepEqual(
      await statuses(
        [
          {
            id: 'links',
            text: 'The council tipsheet for Monday.\n\nMore here: http://brief.example/1ZaJjQ\n\nYup: http://brief.example/1nVmVx\n\nThe agenda is long.',
          },
        ],
        'Harbor news from the weekend.\n\nLearn more: http://brief.example/2w4RZR\n\nSign up for the Harbor note http://brief.example/1ON8bq\n\nThe ferry schedule changes in May.',
      ),
      ['new', 'new', 'new', 'new'],
      'a shared link prefix is not a shared statement',
    );
  });

  it('does not trace a sentence that shares only names with its candidate, beside a copied one', async () => {
    assert.deepEqual(
      await statuses(
        [
          {
            id: 'n1',
            text: 'Polls show Quint leading in San Diego ahead of its primary.\n\nThe senator told the crowd that the lake shore plan would cost the city nine hundred jobs over the next four years.\n\nTurnout was low.',
          },
        ],
        'The senator told the crowd that the lake shore plan would cost the city nine hundred jobs over the next four years.\n\n3. He also called Quint a "big, loud San Diego bully"\n\nNobody apologised.',
      ),
      ['traced', 'new', 'new'],
    );
  });

  it('traces a lone sentence that shares rare content (names, figures, rare words)', async () => {
    const e = await corpus([
      {
        id: 'r1',
        text: 'Quarrymen at Velbridge unearthed a bronze astrolabe dated to 1492 beneath the old tithe barn.',
      },
    ]);
    const r = await check(
      e,
      'Local news in brief. Quarrymen at Velbridge dug up a bronze astrolabe dated to 1492 beneath the old tithe barn. More soon on this.',
    );
    assert.equal(r.sentences[1]!.status, 'traced');
    await e.close();
  });

  it('traces common-worded sentences when their source article gives two or more of them', async () => {
    const e = await corpus([
      {
        id: 's1',
        text: 'He said the plan would help many people. He also said it would take a long time to finish. Nobody asked him why.',
      },
    ]);
    const r = await check(
      e,
      'He said the plan would help many people. Then the lights went out. He also said it would take a long time to finish.',
    );
    assert.deepEqual(
      r.sentences.map((s) => s.status),
      ['traced', 'new', 'traced'],
    );
    await e.close();
  });

  it('does not count one source line matched by several sentences as support', async () => {
    const e = await corpus([
      {
        id: 'u1',
        text: 'He said the new plan would help a lot of people in the town. The rest of this report is about tides.',
      },
    ]);
    const r = await check(
      e,
      'She said the new plan would help a lot of people in the town. They said the new plan would help a lot of people in the town. We said the new plan would help a lot of people in the town.',
    );
    assert.equal(r.sentences.filter((s) => s.status === 'traced').length, 0);
    // ...while each of them does match that line: with the rule off, all three are traced.
    const m = DEFAULTS.match as { isolatedMinEvidence: number };
    const kept = m.isolatedMinEvidence;
    m.isolatedMinEvidence = 0;
    try {
      const off = await check(
        e,
        'She said the new plan would help a lot of people in the town. They said the new plan would help a lot of people in the town. We said the new plan would help a lot of people in the town.',
      );
      assert.equal(off.sentences.filter((s) => s.status === 'traced').length, 3);
    } finally {
      m.isolatedMinEvidence = kept;
    }
    await e.close();
  });
});

describe('page furniture recognised by its form', () => {
  it('marks share counters, credits, embed signatures, prompts and notes as furniture, not prose', async () => {
    const { isFurnitureLine } = await import('../src/match/boilerplate.js');
    for (const line of [
      '1.1k SHARES Share Tweet',
      '196 SHARES Facebook Twitter',
      'Share this on Facebook: Facebook',
      'Featured image via Getty Images/Joe Raedle',
      '[Featured Image via screenshot]',
      'Photo credit: Staff photographer',
      '— Jane Roe (@janeroe) March 3, 2026',
      'Posted by Sam Doe on 19 Sep 2026',
      'Alex Smith contributed to this report.',
      'This is a developing story that will be updated.',
      'Check back later for updates.',
      'What do you think about this?',
      'Watch the video below.',
      'Sign up for our daily newsletter for more updates.',
      'Reprinted with permission from the author.',
      'Source: The Evening Ledger',
      'From The Evening Ledger:',
      'We regret the error.',
      'Photo: Reuters',
      'Photo: AP/John Smith',
      'Let us know what you think in the comments.',
      'Copyright 2016 The Ledger',
    ])
      assert.ok(isFurnitureLine(line), line);
    for (const line of [
      'The council said the budget will be updated next spring after a review of every department.',
      'Officials shared photos of the flooded streets on Facebook and Twitter as the river kept rising through the night.',
      'The photo shows the minister leaving the building.',
      'From the start, the plan was unpopular.',
      'The ongoing story of the Flint water crisis took a new turn on Monday.',
      'He would not tell us why he declined to comment on the case.',
      'What do you think happened, the prosecutor asked the jury.',
      'Read more than 300 pages of testimony released on Friday.',
      'See more of the same from the administration, critics warned.',
      'Copyright lawsuits have piled up against the company this year.',
      'Sources: two officials familiar with the matter said the deal was close.',
      'Breaking news story lines dominated the cable networks for days.',
    ])
      assert.ok(!isFurnitureLine(line), line);
    // linear on hostile lines (a long run of closing brackets used to make the trim backtrack)
    assert.equal(isFurnitureLine(`a ${')'.repeat(200_000)} b`), false);
  });
});

describe('overlays the scraper kept', () => {
  const AD =
    '× The Gardener’s Almanac by Maud Pellow Maud Pellow’s almanac is filled with advice for every month of the growing year, from seed to harvest.';
  it('never traces a sentence that opens with a close glyph, in the checked article or in a source', async () => {
    const e = await corpus([
      {
        id: 'site-a-1',
        site: 'sitea.example',
        text: `The river authority opened a new flood barrier near Lowmere on Friday after two years of work.\n\n${AD}`,
      },
    ]);
    const r = await check(
      e,
      `Councillors in Brackwater approved a plan for four hundred new homes on the old mill site.\n\n${AD}`,
    );
    const ad = r.sentences.filter((s) => s.text.includes('almanac'));
    assert.equal(ad.length, 1);
    assert.ok(
      ad.every((s) => s.status === 'boilerplate'),
      JSON.stringify(ad.map((s) => s.status)),
    );
    assert.equal(r.summary.tracedSentences, 0);
    // On request (boilerplate traced like any line) the overlay is traced again.
    const all = await e.check(
      {
        title: 'Checked',
        text: `Councillors in Brackwater approved a plan for four hundred new homes on the old mill site.\n\n${AD}`,
      },
      { headline: false, exclude: { boilerplate: false } },
    );
    assert.ok(all.summary.tracedSentences >= 1);
    // A paragraph that merely mentions a multiplication is prose.
    const math = await check(
      e,
      'The barrier is 3 × 40 metres of steel gates.\n\nThe river authority opened a new flood barrier near Lowmere on Friday after two years of work.',
    );
    assert.equal(math.sentences[1]?.status, 'traced');
    await e.close();
  });
});

describe('overlays run into the text', () => {
  it('makes a close glyph inside a line a paragraph of its own, and leaves a multiplication', async () => {
    const { normaliseText } = await import('../src/stages.js');
    assert.equal(
      normaliseText('The court denied the request. × The Gardener’s Almanac by Maud Pellow is out now.'),
      'The court denied the request.\n\n× The Gardener’s Almanac by Maud Pellow is out now.',
    );
    assert.equal(normaliseText('The hall is 3 × 40 metres.'), 'The hall is 3 × 40 metres.');
  });
});
