/**
 * renderHtml: escaping of everything shown, page structure, and a golden page
 * (test/fixtures/report/golden.html; regenerate with UPDATE_GOLDEN=1, then review the diff).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { parseHTML } from 'linkedom';
import { escapeHtml, type Report, renderHtml } from '../src/report/index.js';
import { checkArticle } from '../src/stages.js';
import { sampleReport } from './fixtures/report/sample.js';
import { repoRoot } from './helpers/index.js';

const goldenPath = join(repoRoot, 'test', 'fixtures', 'report', 'golden.html');

function dom(html: string) {
  return parseHTML(html).document;
}

const EVIL = '<script>alert(1)</script>"onmouseover=alert(2) \'onfocus=alert(3)';

/** No script element, no event-handler attribute, no link that is not http(s) or an in-page anchor. */
function assertInert(html: string): void {
  assert.doesNotMatch(html, /<script/i, 'no raw <script> tag');
  assert.doesNotMatch(html, /<[^>]*\son[a-z]+\s*=/i, 'no event-handler attribute inside any tag');
  const doc = dom(html);
  assert.equal(doc.querySelectorAll('script').length, 0);
  for (const el of doc.querySelectorAll('*')) {
    for (const a of el.attributes) {
      assert.ok(!/^on/i.test(a.name), `attribute ${a.name} on <${el.tagName}>`);
      if (a.name === 'href') assert.match(a.value, /^(?:https?:\/\/|#)/, `href ${a.value}`);
      if (a.name === 'cite') assert.match(a.value, /^https?:\/\//, `cite ${a.value}`);
    }
  }
  assert.equal(
    doc.querySelectorAll('[href*="javascript:" i], [src]').length,
    0,
    'no javascript: link, no src',
  );
}

/** The sample report with hostile text in every field a page shows. */
function hostileReport(): Report {
  const r = sampleReport();
  r.article.headline = `Breaking ${EVIL}`;
  r.article.site = EVIL;
  r.article.byline = EVIL;
  r.article.url = 'javascript:alert(4)';
  r.article.dateline = EVIL;
  const s0 = r.sentences[0]!;
  s0.text = `${EVIL} ${s0.text}`;
  const src = s0.sources[0]!;
  Object.assign(src, { title: EVIL, site: EVIL, url: 'javascript:alert(5)', text: `${EVIL} ${src.text}` });
  Object.assign(r.sentences[2]!.sources[0]!, {
    url: `https://example.com/"onmouseover=alert(6)`,
    title: EVIL,
  });
  s0.substitutions.push({ original: EVIL, spun: '"onmouseover=alert(7)' });
  r.sentences[1]!.droppedAttribution = { original: EVIL, spun: EVIL };
  r.summary.likelyOrigin = {
    ...r.summary.likelyOrigin!,
    title: EVIL,
    site: EVIL,
    url: 'JavaScript:alert(8)',
  };
  r.summary.sources[1]!.url = ' javascript:alert(9)';
  r.summary.substitutionMap.push({ original: EVIL, spun: EVIL, count: 1, known: false });
  r.selfEvidence[0]!.message = EVIL;
  r.headline!.summary = EVIL;
  r.headline!.evidence[0]!.sentence = EVIL;
  r.entities![0]!.canonical = EVIL;
  r.entities![0]!.aliases.push(EVIL);
  r.quotes![0]!.text = EVIL;
  r.quotes![0]!.guess = { text: EVIL, canonical: EVIL, resolvedVia: 'guess', confidence: 0.2 };
  r.quotes![1]!.speaker!.canonical = EVIL;
  r.quoteProvenance![0]!.source.speaker = EVIL;
  return r;
}

describe('renderHtml', () => {
  it('escapeHtml escapes the five HTML-special characters', () => {
    assert.equal(
      escapeHtml(`<a href="x" title='y'>&</a>`),
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('escapes hostile text everywhere and links only http(s) URLs', () => {
    const r = hostileReport();
    for (const standalone of [true, false]) {
      const html = renderHtml(r, { standalone });
      assertInert(html);
      const doc = dom(html);
      // The hostile text is shown, as text.
      assert.ok(doc.querySelector('h1')!.textContent!.includes('<script>alert(1)</script>'));
      assert.ok(doc.querySelector('li.sentence p.text')!.textContent!.includes(EVIL));
      // The escaped https URL with a quote in it stays one attribute value.
      const hrefs = [...doc.querySelectorAll('a[href^="https://example.com/"]')].map((a) =>
        a.getAttribute('href'),
      );
      assert.ok(hrefs.length > 0);
      for (const h of hrefs) assert.equal(h, 'https://example.com/%22onmouseover=alert(6)');
    }
  });

  it('stays inert for a report the engine made from a hostile article', async () => {
    const r = await checkArticle(
      {
        title: `Alert ${EVIL}`,
        text: `Officials said ${EVIL} was "<img src=x onerror=alert(1)>" according to Ana Velez.\n\nShe said "javascript:alert(1)" twice.`,
        url: 'javascript:alert(1)',
        site: EVIL,
        byline: EVIL,
      },
      { headline: false },
    );
    const html = renderHtml(r);
    assert.doesNotMatch(html, /<img/i);
    assertInert(html);
    assert.equal(dom(html).querySelectorAll('a').length, 0, 'no link: the article URL is not http(s)');
  });

  it('renders one list item per sentence, in order, with marks for the substitutions', () => {
    const r = sampleReport();
    const doc = dom(renderHtml(r));
    const items = [...doc.querySelectorAll('ol.sentences > li.sentence')];
    assert.equal(items.length, r.sentences.length);
    items.forEach((li, i) => {
      assert.ok(li.querySelector('p.text')!.textContent!.endsWith(r.sentences[i]!.text));
      assert.ok(li.classList.contains(`status-${r.sentences[i]!.status}`));
    });
    // Sentence 1 (with an alignment): three swaps, marked in the sentence with "original → spun" titles.
    const marks0 = [...items[0]!.querySelectorAll('p.text mark')];
    assert.deepEqual(
      marks0.map((m) => [m.textContent, m.getAttribute('title')]),
      [
        ['stretched', 'extended → stretched'],
        ['walkout', 'strike → walkout'],
        ['ships', 'vessels → ships'],
      ],
    );
    // An unlisted (not known) pair is told apart.
    assert.ok(marks0[0]!.classList.contains('unlisted'));
    // ...and the original words are marked in the best source sentence.
    assert.deepEqual(
      [...items[0]!.querySelectorAll('ul.sources mark.orig')].map((m) => m.textContent),
      ['extended', 'strike', 'vessels'],
    );
    // Sentence 2 (no alignment): the substitution is found in the text; the dropped speaker is called out.
    assert.deepEqual(
      [...items[1]!.querySelectorAll('p.text mark')].map((m) => m.getAttribute('title')),
      ['reporters → journalists'],
    );
    assert.match(items[1]!.querySelector('.dropped')!.textContent!, /union leader Mara Quist.*she/);
    // Sentence 3: two sources listed, an inserted word in <ins>.
    assert.equal(items[2]!.querySelectorAll('ul.sources > li').length, 2);
    assert.equal(items[2]!.querySelector('p.text ins')!.textContent, 'that');
    // Sentence 4: no source, no marks.
    assert.equal(items[3]!.querySelectorAll('mark, ul.sources').length, 0);
  });

  it('shows the verdict, the ranked sources, the substitution map, entities and flags unattributed quotes', () => {
    const r = sampleReport();
    const doc = dom(renderHtml(r));
    const verdict = doc.querySelector('.verdict')!;
    assert.ok(verdict.classList.contains('stance-disagree'));
    assert.match(verdict.textContent!, /disagree.*0\.81.*the body contradicts the headline/s);
    assert.equal(verdict.querySelectorAll('li').length, 3);
    assert.equal(verdict.querySelector('a')!.getAttribute('href'), '#unspun-s1');
    assert.ok(doc.getElementById('unspun-s1'));
    const rows = [...doc.querySelectorAll('table.contributions tbody tr')];
    assert.deepEqual(
      rows.map((tr) => tr.querySelectorAll('td')[1]!.textContent),
      ['northwire.example', 'capitalledger.example'],
    );
    assert.equal(
      doc.querySelectorAll('table.substitution-map tbody tr').length,
      r.summary.substitutionMap.length,
    );
    assert.equal(doc.querySelectorAll('table.entities tbody tr').length, r.entities!.length);
    const quotes = [...doc.querySelectorAll('figure.quote')];
    assert.equal(quotes.length, 2);
    assert.ok(quotes[0]!.classList.contains('is-unattributed'));
    assert.match(
      quotes[0]!.querySelector('figcaption')!.textContent!,
      /Unattributed.*guess, not evidence: Mara Quist/,
    );
    assert.match(quotes[0]!.querySelector('figcaption')!.textContent!, /speaker dropped/);
    assert.ok(!quotes[1]!.classList.contains('is-unattributed'));
    assert.equal(doc.querySelectorAll('.evidence').length, r.selfEvidence.length);
  });

  it('makes a full page with inline CSS and no external resources, or a fragment', () => {
    const page = renderHtml(sampleReport());
    assert.match(page, /^<!doctype html>\n<html lang="en">/);
    assert.match(page, /<style>[\s\S]*\.unspun-report/);
    assert.match(page, /Content-Security-Policy/);
    assert.doesNotMatch(page, /<link|<img|<iframe|@import|url\(/i);
    const doc = dom(page);
    assert.equal(doc.querySelectorAll('main > article.unspun-report').length, 1);
    assert.equal(
      doc.querySelector('title')!.textContent,
      'unspun: Port Avery strike over as dockers accept new deal',
    );
    const fragment = renderHtml(sampleReport(), { standalone: false });
    assert.match(fragment, /^<article class="unspun-report">/);
    assert.doesNotMatch(fragment, /<style|<html|<head[\s>]/);
  });

  it('says when there was no corpus and shows no empty sections', () => {
    const r = sampleReport();
    r.summary = { ...r.summary, corpus: false, sources: [], likelyOrigin: null, substitutionMap: [] };
    for (const s of r.sentences) Object.assign(s, { sources: [], substitutions: [], status: 'unchecked' });
    Object.assign(r, {
      headline: null,
      entities: null,
      quotes: null,
      quoteProvenance: null,
      selfEvidence: [],
    });
    const doc = dom(renderHtml(r));
    assert.match(doc.body.textContent!, /No corpus was given/);
    assert.equal(doc.querySelectorAll('.verdict, table, figure, ul.sources').length, 0);
    assert.deepEqual(
      [...doc.querySelectorAll('h2')].map((h) => h.textContent),
      ['Provenance', 'Sentences'],
    );
  });

  it('matches the golden page (UPDATE_GOLDEN=1 regenerates it)', () => {
    const html = renderHtml(sampleReport());
    if (process.env.UPDATE_GOLDEN === '1') {
      mkdirSync(dirname(goldenPath), { recursive: true });
      writeFileSync(goldenPath, html);
    }
    assert.ok(existsSync(goldenPath), `${goldenPath} is missing: run with UPDATE_GOLDEN=1 and review it`);
    assert.equal(html, readFileSync(goldenPath, 'utf8'));
  });
});
