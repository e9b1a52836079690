/**
 * HTML rendering of a Report: one self-contained, readable page (inline CSS, no scripts, no external
 * resources) or a fragment to embed. Every piece of text from the article, the corpus or the metadata is
 * HTML-escaped; a URL becomes a link only when it is http(s).
 */

import type { Quote } from '../quotes/index.js';
import { derivationWords } from './derivation.js';
import type {
  AlignmentSpan,
  QuoteProvenance,
  Report,
  ReportSentence,
  SourceContribution,
  SourceRef,
} from './types.js';
import { versionNote } from './version-note.js';

export interface HtmlOptions {
  /** A full page (doctype, head, inline CSS); false gives only the `<article>` fragment. Default true. */
  standalone?: boolean;
  /**
   * Where a corpus article's own page is (the web page's article pages): source titles link there, and the
   * original URL gets its own link. Default: titles link to the original URL.
   */
  articleHref?: (articleId: string) => string;
  /** Lay each traced sentence out beside its source (the web page; one column on narrow screens). */
  sideBySide?: boolean;
}

/** Set while renderHtml runs (rendering is synchronous). */
let articleHref: HtmlOptions['articleHref'] | null = null;

/** A corpus article: its page when the renderer knows where that is (and the original URL beside it), else its URL. */
function articleLink(text: string, articleId: string, url: string | null | undefined): string {
  if (!articleHref) return link(text, url);
  const href = safeHref(url);
  return (
    `<a href="${escapeHtml(articleHref(articleId))}">${escapeHtml(text)}</a>` +
    (href ? ` <a class="ext" href="${escapeHtml(href)}" rel="noreferrer" target="_blank">original</a>` : '')
  );
}

/** The page's stylesheet, for embedders of the fragment (`standalone: false`). */
export const REPORT_CSS = `
.unspun-report{--fg:#1b1b1b;--muted:#4a4f55;--line:#d0d4d9;--bg-soft:#f5f6f8;--mark:#ffe28a;--ok:#15653a;--ok-bg:#e7f4ec;--bad:#a4231b;--bad-bg:#fdecea;--warn:#7a4d00;--warn-bg:#fff3dc;--info:#1f4f8a;color:var(--fg);background:#fff;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;max-width:60rem;margin:0 auto;padding:1.5rem}
.unspun-report h1{font-size:1.6rem;line-height:1.25;margin:0 0 .4rem}
.unspun-report h2{font-size:1.2rem;margin:2rem 0 .6rem;padding-bottom:.2rem;border-bottom:1px solid var(--line)}
.unspun-report a{color:var(--info)}
.unspun-report .meta,.unspun-report .muted{color:var(--muted)}
.unspun-report .meta{margin:0 0 1rem;font-size:.95rem}
.unspun-report .meta span+span::before{content:" · "}
.unspun-report .verdict{border:2px solid var(--warn);background:var(--warn-bg);border-radius:6px;padding:.8rem 1rem;margin:1rem 0}
.unspun-report .verdict.stance-agree{border-color:var(--ok);background:var(--ok-bg)}
.unspun-report .verdict.stance-disagree,.unspun-report .verdict.stance-unrelated{border-color:var(--bad);background:var(--bad-bg)}
.unspun-report .verdict.verdict-supported{border-color:var(--ok);background:var(--ok-bg)}
.unspun-report .verdict.verdict-not-supported{border-color:var(--warn);background:var(--warn-bg)}
.unspun-report .verdict.verdict-contradicted,.unspun-report .verdict.verdict-unrelated{border-color:var(--bad);background:var(--bad-bg)}
.unspun-report .verdict h2{font-size:1rem;margin:0 0 .3rem;padding:0;border:0}
.unspun-report .verdict p{margin:.2rem 0}
.unspun-report .verdict ul{margin:.4rem 0 0;padding-left:1.2rem}
.unspun-report .stance{font-weight:700;text-transform:uppercase;letter-spacing:.03em}
.unspun-report table{border-collapse:collapse;width:100%;font-size:.95rem;margin:.4rem 0}
.unspun-report th,.unspun-report td{text-align:left;vertical-align:top;border-bottom:1px solid var(--line);padding:.3rem .5rem}
.unspun-report th{background:var(--bg-soft)}
.unspun-report td.num,.unspun-report th.num{text-align:right;font-variant-numeric:tabular-nums}
.unspun-report ol.sentences{list-style:none;padding:0;margin:0}
.unspun-report li.sentence{border-left:4px solid var(--line);padding:.4rem .8rem;margin:.5rem 0}
.unspun-report li.sentence.new-paragraph{margin-top:1.3rem}
.unspun-report li.status-traced{border-left-color:var(--ok)}
.unspun-report li.status-new{border-left-color:var(--warn)}
.unspun-report .n{display:inline-block;min-width:1.8rem;color:var(--muted);font-size:.85rem;font-variant-numeric:tabular-nums}
.unspun-report .badge{display:inline-block;font-size:.75rem;font-weight:700;border-radius:3px;padding:0 .35rem;margin-right:.4rem;color:#fff;background:#5a5f66;vertical-align:.1em}
.unspun-report .status-traced .badge{background:var(--ok)}
.unspun-report .status-new .badge{background:var(--warn)}
.unspun-report li.status-boilerplate .text{color:var(--muted)}
.unspun-report .text{margin:.1rem 0}
.unspun-report mark{background:var(--mark);color:inherit;padding:0 .1em;border-radius:2px}
.unspun-report mark.orig{background:#dbe9ff}
.unspun-report mark.unlisted{background:#fff0c2;outline:1px dashed #8a6d00}
.unspun-report ins{text-decoration:underline dotted;text-decoration-thickness:2px;background:none}
.unspun-report ul.sources{list-style:none;padding:0;margin:.3rem 0 0}
.unspun-report ul.sources>li{font-size:.93rem;color:var(--muted);margin:.25rem 0;padding-left:1rem;border-left:2px solid var(--line)}
.unspun-report ul.sources blockquote{margin:.1rem 0;color:var(--fg)}
.unspun-report .swaps{font-size:.93rem;margin:.3rem 0 0}
.unspun-report .rewrite{font-size:.93rem;margin:.3rem 0 0}
.unspun-report .dropped,.unspun-report .unattributed{color:var(--bad);font-weight:600}
.unspun-report .dropped{margin:.3rem 0 0}
.unspun-report figure.quote{margin:.6rem 0;padding:.3rem .8rem;border-left:3px solid var(--line)}
.unspun-report figure.quote.is-unattributed{border-left-color:var(--bad)}
.unspun-report figure.quote blockquote{margin:0}
.unspun-report figure.quote figcaption{font-size:.93rem;color:var(--muted)}
.unspun-report footer{margin-top:2rem;font-size:.85rem;color:var(--muted)}
`.trim();

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escape text for HTML element content and quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** The URL, if it is an absolute http(s) URL; anything else (javascript:, data:, relative) gives null. */
export function safeHref(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** A link when the URL is http(s), else the escaped text alone. */
function link(text: string, url: string | null | undefined): string {
  const href = safeHref(url);
  return href ? `<a href="${escapeHtml(href)}" rel="noreferrer">${escapeHtml(text)}</a>` : escapeHtml(text);
}

const cite = (url: string | null) => {
  const href = safeHref(url);
  return href ? ` cite="${escapeHtml(href)}"` : '';
};

const pct = (x: number) => `${Math.round(x * 100)}&nbsp;%`;

/** A date as a <time> element: "2026-03-14 22:05 UTC" for ISO date-times, as given otherwise. */
function date(iso: string | null): string {
  if (!iso) return '';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?Z$/.exec(iso);
  const shown = m ? `${m[1]} ${m[2]} UTC` : iso;
  return `<time datetime="${escapeHtml(iso)}">${escapeHtml(shown)}</time>`;
}

interface Span {
  start: number;
  end: number;
  html: (inner: string) => string;
}

/** `text` with the given spans (offsets into `text`) wrapped; overlapping or out-of-range spans are skipped. */
function wrapSpans(text: string, spans: Span[]): string {
  let out = '';
  let pos = 0;
  for (const s of [...spans].sort((a, b) => a.start - b.start || b.end - a.end)) {
    if (s.start < pos || s.end <= s.start || s.end > text.length) continue;
    out += escapeHtml(text.slice(pos, s.start)) + s.html(escapeHtml(text.slice(s.start, s.end)));
    pos = s.end;
  }
  return out + escapeHtml(text.slice(pos));
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Offset of `needle` in `hay` at or after `from`, as a whole word or phrase (case-sensitive first). */
function findPhrase(hay: string, needle: string, from: number): number {
  if (!needle) return -1;
  for (const h of [hay, hay.toLowerCase()]) {
    const n = h === hay ? needle : needle.toLowerCase();
    for (let i = h.indexOf(n, from); i >= 0; i = h.indexOf(n, i + 1)) {
      const before = hay[i - 1];
      const after = hay[i + n.length];
      const edgeOk = (c: string | undefined, inner: string | undefined) =>
        c === undefined || inner === undefined || !WORD_CHAR.test(c) || !WORD_CHAR.test(inner);
      if (edgeOk(before, needle[0]) && edgeOk(after, needle[needle.length - 1])) return i;
    }
  }
  return -1;
}

const swapTitle = (original: string, spun: string) => `${original} → ${spun}`;

function markSwap(original: string, spun: string, className: string): (inner: string) => string {
  const cls = className ? ` class="${className}"` : '';
  return (inner) => `<mark${cls} title="${escapeHtml(swapTitle(original, spun))}">${inner}</mark>`;
}

/** The checked sentence with substituted words in <mark> and added words in <ins>. */
function sentenceHtml(s: ReportSentence): string {
  const spans: Span[] = [];
  const knownOf = (original: string, spun: string) =>
    s.substitutions.find((x) => x.original === original && x.spun === spun)?.known;
  const aligned = (s.alignment ?? []).filter(
    (a): a is AlignmentSpan & { start: number; end: number } => a.start !== undefined && a.end !== undefined,
  );
  // Alignment offsets are trusted only where they point at the words they name.
  const consistent = aligned.every(
    (a) => a.text === undefined || s.text.slice(a.start - s.start, a.end - s.start) === a.text,
  );
  if (consistent && aligned.length > 0) {
    for (const a of aligned) {
      const start = a.start - s.start;
      const end = a.end - s.start;
      const spun = a.text ?? s.text.slice(start, end);
      if (a.op === 'substitute') {
        const original = a.sourceText ?? '';
        spans.push({
          start,
          end,
          html: markSwap(original, spun, knownOf(original, spun) === false ? 'unlisted' : ''),
        });
      } else if (a.op === 'insert') {
        spans.push({ start, end, html: (inner) => `<ins title="not in the source">${inner}</ins>` });
      }
    }
  } else {
    // No alignment recorded: find each substitution's words in order.
    let from = 0;
    for (const sub of s.substitutions) {
      const i = findPhrase(s.text, sub.spun, from);
      if (i < 0) continue;
      spans.push({
        start: i,
        end: i + sub.spun.length,
        html: markSwap(sub.original, sub.spun, sub.known === false ? 'unlisted' : ''),
      });
      from = i + sub.spun.length;
    }
  }
  return wrapSpans(s.text, spans);
}

/** The best source sentence with the words the article replaced in <mark>. */
function sourceSentenceHtml(s: ReportSentence, src: SourceRef, best: boolean): string {
  if (!best) return escapeHtml(src.text);
  const alignment = s.alignment ?? [];
  const pairs = alignment.some((a) => a.op === 'substitute')
    ? alignment
        .filter((a) => a.op === 'substitute' && a.sourceText)
        .map((a) => ({ original: a.sourceText ?? '', spun: a.text ?? '' }))
    : s.substitutions;
  const spans: Span[] = [];
  let from = 0;
  for (const p of pairs) {
    const i = findPhrase(src.text, p.original, from);
    if (i < 0) continue;
    spans.push({ start: i, end: i + p.original.length, html: markSwap(p.original, p.spun, 'orig') });
    from = i + p.original.length;
  }
  return wrapSpans(src.text, spans);
}

const STATUS_LABEL: Record<ReportSentence['status'], string> = {
  traced: 'traced',
  new: 'no source',
  boilerplate: 'boilerplate',
  excluded: 'excluded',
  unchecked: 'not checked',
};

function sourceLine(src: SourceRef, idx: number, s: ReportSentence): string {
  const bits = [
    `<strong>${escapeHtml(src.site ?? 'unknown site')}</strong>`,
    date(src.published),
    src.version !== undefined
      ? escapeHtml(
          versionNote(src)
            .trim()
            .replace(/^\(|\)$/g, ''),
        )
      : '',
    `similarity ${pct(src.similarity)}`,
    articleLink(src.title || src.articleId, src.articleId, src.url),
  ].filter(Boolean);
  return (
    `<li class="source">${bits.join(' · ')}` +
    `<blockquote${cite(src.url)}>${sourceSentenceHtml(s, src, idx === 0)}</blockquote></li>`
  );
}

function sentencesSection(r: Report): string {
  const items = r.sentences.map((s, i) => {
    const prev = r.sentences[i - 1];
    const cls = `sentence status-${s.status}${prev && prev.paragraph !== s.paragraph ? ' new-paragraph' : ''}`;
    const parts = [
      `<li class="${cls}" id="unspun-s${s.index + 1}" value="${s.index + 1}">`,
      `<p class="text"><span class="n">${s.index + 1}</span><span class="badge">${escapeHtml(s.derivation ?? STATUS_LABEL[s.status])}</span>${sentenceHtml(s)}</p>`,
    ];
    if (s.rewrite) {
      const w = s.rewrite;
      const facts = [...w.sharedNames, ...w.sharedNumbers];
      parts.push(
        `<p class="rewrite">Rewritten: similarity ${pct(w.similarity)}, ${pct(w.coverage)} of its words explained` +
          (facts.length
            ? `; shared facts: ${facts.map((f) => `<strong>${escapeHtml(f)}</strong>`).join(', ')}`
            : '') +
          (w.rewordings.length
            ? `; reworded: ${w.rewordings.map((x) => `${escapeHtml(x.original)} → <strong>${escapeHtml(x.rewritten)}</strong>`).join(', ')}`
            : '') +
          '.</p>',
      );
    }
    if (s.substitutions.length) {
      const swaps = s.substitutions
        .map((x) => `${escapeHtml(x.original)} → <strong>${escapeHtml(x.spun)}</strong>`)
        .join(', ');
      parts.push(`<p class="swaps">Swapped words: ${swaps}</p>`);
    }
    if (s.droppedAttribution) {
      const d = s.droppedAttribution;
      parts.push(
        `<p class="dropped">Dropped attribution: the source names “${escapeHtml(d.original)}”; this article has “${escapeHtml(d.spun)}”.</p>`,
      );
    }
    if (s.sources.length) {
      const label = articleHref ? ` aria-label="Sources of sentence ${s.index + 1}"` : '';
      parts.push(
        `<ul class="sources"${label}>${s.sources.map((src, k) => sourceLine(src, k, s)).join('')}</ul>`,
      );
    }
    parts.push('</li>');
    return parts.join('');
  });
  return section(
    'sentences',
    'Sentences',
    `<ol class="sentences">${items.join('\n')}</ol>` +
      (r.sentences.length === 0 ? '<p class="muted">The article has no body text.</p>' : ''),
  );
}

function section(id: string, title: string, body: string): string {
  return `<section aria-labelledby="unspun-h-${id}"><h2 id="unspun-h-${id}">${escapeHtml(title)}</h2>\n${body}\n</section>`;
}

function headlineBanner(r: Report): string {
  const h = r.headline;
  if (!h) return '';
  const p = h.scores[h.stance] ?? 0;
  const ev = h.evidence.map((e) => {
    // Older models' evidence has no kind; newer ones say why a sentence contradicts (refute, fail, negate).
    const kind = (e as { kind?: string }).kind;
    const why = kind ? ` (${escapeHtml(kind)})` : '';
    const target = r.sentences.some((s) => s.index === e.index)
      ? ` <a href="#unspun-s${e.index + 1}">sentence ${e.index + 1}</a>`
      : '';
    return `<li><strong>${escapeHtml(e.role)}${why}</strong>${target}: “${escapeHtml(e.sentence)}”</li>`;
  });
  // Reports from before the claim checks have no verdict or claims.
  const verdict = h.verdict as string | undefined;
  const claims = (h.claims ?? []).map((c) => {
    const target =
      c.sentenceIndex !== null && r.sentences.some((s) => s.index === c.sentenceIndex)
        ? ` <a href="#unspun-s${c.sentenceIndex + 1}">sentence ${c.sentenceIndex + 1}</a>`
        : '';
    return `<li><strong>${escapeHtml(c.kind)}</strong>${target}: ${escapeHtml(c.message)}</li>`;
  });
  return (
    `<section class="verdict stance-${escapeHtml(h.stance)}${verdict ? ` verdict-${escapeHtml(verdict)}` : ''}" aria-labelledby="unspun-h-headline">` +
    `<h2 id="unspun-h-headline">Headline check</h2>` +
    `<p>${verdict ? `<strong class="headline-verdict">${escapeHtml(verdict)}</strong> · model stance ` : ''}` +
    `<span class="stance">${escapeHtml(h.stance)}</span> (probability ${p.toFixed(2)}): ${escapeHtml(h.summary)}</p>` +
    (claims.length
      ? `<p>Claims in conflict with the body:</p><ul class="claims">${claims.join('')}</ul>`
      : '') +
    (ev.length ? `<ul>${ev.join('')}</ul>` : '') +
    `</section>`
  );
}

function contributionCells(c: SourceContribution): string {
  return (
    `<td>${escapeHtml(c.site ?? 'unknown')}</td><td>${date(c.published)}</td>` +
    `<td>${articleLink(c.title || c.articleId, c.articleId, c.url)}</td>`
  );
}

function provenanceSection(r: Report): string {
  const s = r.summary;
  if (!s.corpus) {
    return section(
      'provenance',
      'Provenance',
      '<p class="muted">No corpus was given, so no sentence was traced (use --db with an ingested corpus).</p>',
    );
  }
  const out: string[] = [
    `<p>${s.tracedSentences} of ${s.sentences} sentences traced (${pct(s.tracedSentenceShare)} of sentences, ${pct(s.tracedCharacterShare)} of characters)` +
      (s.composite ? `; <strong>a composite of ${s.sources.length} sources</strong>` : '') +
      '.</p>',
  ];
  if (s.likelyOrigin) {
    const o = s.likelyOrigin;
    const how = derivationWords(o.derivations);
    out.push(
      `<p>Likely origin: <strong>${escapeHtml(o.site ?? o.articleId)}</strong> ${date(o.published)} ${articleLink(o.title || o.articleId, o.articleId, o.url)}` +
        (how ? ` (${how} of ${s.sentences} sentences)` : '') +
        '</p>',
    );
  } else if (s.sources.length > 0 && s.originNote) {
    out.push(`<p>Likely origin: <strong>none</strong> (${escapeHtml(s.originNote)}).</p>`);
  }
  for (const a of s.relatedArticles ?? []) {
    out.push(
      `<p class="related">Closely related as a whole (no sentence traced, likely a heavy rewrite of it): <strong>${escapeHtml(a.site ?? a.articleId)}</strong> ${date(a.published)} ${articleLink(a.title || a.articleId, a.articleId, a.url)}, relatedness ${pct(a.relatedness)}.</p>`,
    );
  }
  if (s.tracedSentences > 0) {
    const d = s.derivations;
    out.push(
      `<p class="derivation">Derivation of the traced sentences: ${d.copied} copied, ${d.spun} spun (word swaps), ${d.rewritten} rewritten (paraphrased).</p>`,
    );
  }
  if (s.timeNote) out.push(`<p class="muted">Time: ${escapeHtml(s.timeNote)}.</p>`);
  if (s.exclusionNote) out.push(`<p class="muted">Excluded: ${escapeHtml(s.exclusionNote)}.</p>`);
  if (s.droppedAttributions)
    out.push(
      `<p class="dropped">${s.droppedAttributions} dropped attribution(s): a named speaker became anonymous.</p>`,
    );
  if (s.sources.length) {
    const rows = s.sources.map(
      (c, i) =>
        `<tr><td class="num">${i + 1}</td>${contributionCells(c)}<td class="num">${c.sentences}</td><td class="num">${c.characters}</td></tr>`,
    );
    out.push(
      '<table class="contributions"><caption class="muted">Sources, ranked</caption>' +
        '<thead><tr><th class="num" scope="col">#</th><th scope="col">Site</th><th scope="col">Published</th><th scope="col">Title</th><th class="num" scope="col">Sentences</th><th class="num" scope="col">Characters</th></tr></thead>' +
        `<tbody>${rows.join('')}</tbody></table>`,
    );
  }
  if (s.selfInCorpus) {
    out.push(
      `<p class="muted">The article itself is in the corpus as ${escapeHtml(s.selfInCorpus.articleId)}; it is not counted as its own source.</p>`,
    );
  }
  return section('provenance', 'Provenance', out.join('\n'));
}

function substitutionSection(r: Report): string {
  const m = r.summary.substitutionMap;
  if (!m.length) return '';
  const rows = m.map(
    (x) =>
      `<tr><td>${escapeHtml(x.original)}</td><td><strong>${escapeHtml(x.spun)}</strong></td>` +
      `<td class="num">${x.count}</td><td>${x.known ? 'known' : 'unlisted'}</td></tr>`,
  );
  return section(
    'substitutions',
    'Spinner substitutions',
    `<p>Spin rate: ${pct(r.summary.spinRate)} of aligned content words were swapped.</p>` +
      '<table class="substitution-map"><thead><tr><th scope="col">Original</th><th scope="col">Spun</th><th class="num" scope="col">Count</th><th scope="col">Pair</th></tr></thead>' +
      `<tbody>${rows.join('')}</tbody></table>`,
  );
}

function selfEvidenceSection(r: Report): string {
  if (!r.selfEvidence.length) return '';
  const items = r.selfEvidence.map(
    (e) => `<li class="evidence kind-${escapeHtml(e.kind)}">${escapeHtml(e.message)}</li>`,
  );
  return section('self-evidence', 'Self-evidence (no corpus needed)', `<ul>${items.join('')}</ul>`);
}

function entitiesSection(r: Report): string {
  const entities = r.entities;
  if (!entities?.length) return '';
  const rows = entities.map((e) => {
    const others = e.aliases.filter((a) => a !== e.canonical);
    return (
      `<tr><td>${escapeHtml(e.type)}</td><td>${escapeHtml(e.canonical)}</td>` +
      `<td>${others.map(escapeHtml).join(', ')}</td><td class="num">${e.mentions.length}</td></tr>`
    );
  });
  return section(
    'entities',
    'Entities',
    '<table class="entities"><thead><tr><th scope="col">Type</th><th scope="col">Name</th><th scope="col">Also written as</th><th class="num" scope="col">Mentions</th></tr></thead>' +
      `<tbody>${rows.join('')}</tbody></table>`,
  );
}

function speakerHtml(q: Quote): string {
  const sp = q.speaker;
  if (!sp) {
    const guess = q.guess?.canonical ?? q.guess?.text;
    return (
      '<span class="unattributed">Unattributed</span>' +
      (q.cue ? ` (only “${escapeHtml(q.cue)}”)` : '') +
      (guess ? `; a guess, not evidence: ${escapeHtml(guess)}` : '')
    );
  }
  const name = escapeHtml(sp.canonical ?? sp.text);
  const via =
    sp.resolvedVia !== 'name' ? ` (via ${escapeHtml(sp.resolvedVia)} “${escapeHtml(sp.text)}”)` : '';
  return `${name}${via}, confidence ${pct(sp.confidence)}`;
}

function provenanceOfQuote(p: QuoteProvenance): string {
  const bits: string[] = [];
  bits.push(
    `Source: ${escapeHtml(p.source.site ?? p.source.articleId)} ${date(p.source.published)}` +
      (p.source.speaker ? `, spoken by ${escapeHtml(p.source.speaker)}` : ''),
  );
  if (p.speakerDropped) bits.push('<span class="unattributed">speaker dropped</span>');
  if (p.speakerChanged) bits.push('<span class="unattributed">speaker changed</span>');
  if (p.wordingChanged) {
    const ch = p.changes.map((c) => `${escapeHtml(c.original)} → ${escapeHtml(c.spun)}`).join(', ');
    bits.push(`wording changed${ch ? `: ${ch}` : ''}`);
  }
  return `<br>${bits.join('; ')}`;
}

function quotesSection(r: Report): string {
  const quotes = r.quotes;
  if (!quotes?.length) return '';
  const items: string[] = [];
  quotes.forEach((q, i) => {
    if (q.kind === 'scare') return;
    const prov = (r.quoteProvenance ?? []).filter((p) => p.quote === i);
    const cls = `quote kind-${escapeHtml(q.kind)}${q.speaker ? '' : ' is-unattributed'}`;
    items.push(
      `<figure class="${cls}"><blockquote><p>${q.kind === 'indirect' ? escapeHtml(q.text) : `“${escapeHtml(q.text)}”`}</p></blockquote>` +
        `<figcaption>${escapeHtml(q.kind === 'indirect' ? 'reported speech' : `${q.kind} quote`)} · ${speakerHtml(q)}` +
        `${prov.map(provenanceOfQuote).join('')}</figcaption></figure>`,
    );
  });
  if (!items.length) return '';
  return section('quotes', 'Quotes', items.join('\n'));
}

function headerHtml(r: Report): string {
  const a = r.article;
  const meta = [
    a.site ? `<span>${escapeHtml(a.site)}</span>` : '',
    a.published ? `<span>${date(a.published)}</span>` : '',
    a.byline ? `<span>by ${escapeHtml(a.byline)}</span>` : '',
    a.url ? `<span>${link(a.url, a.url)}</span>` : '',
    a.dateline ? `<span>dateline: ${escapeHtml(a.dateline)}</span>` : '',
  ].filter(Boolean);
  return `<header><h1>${escapeHtml(a.headline)}</h1>${meta.length ? `<p class="meta">${meta.join('')}</p>` : ''}</header>`;
}

/** The first lines of a standalone HTML page, up to and including its (already escaped) title; `meta`: more
 * head lines before the title (a Content-Security-Policy belongs as early as possible). */
export function documentHead(escapedTitle: string, meta: string[] = []): string[] {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    ...meta,
    `<title>${escapedTitle}</title>`,
  ];
}

/** Render a report as HTML: a full page by default, or the `<article>` fragment with `standalone: false`. */
export function renderHtml(report: Report, opts: HtmlOptions = {}): string {
  articleHref = opts.articleHref ?? null;
  try {
    return render(report, opts);
  } finally {
    articleHref = null;
  }
}

function render(report: Report, opts: HtmlOptions): string {
  const body = [
    headerHtml(report),
    headlineBanner(report),
    provenanceSection(report),
    sentencesSection(report),
    substitutionSection(report),
    selfEvidenceSection(report),
    entitiesSection(report),
    quotesSection(report),
    `<footer>unspun report, format version ${report.version}.</footer>`,
  ].filter(Boolean);
  const cls = opts.sideBySide ? 'unspun-report side-by-side' : 'unspun-report';
  const article = `<article class="${cls}">\n${body.join('\n')}\n</article>`;
  if (opts.standalone === false) return `${article}\n`;
  return [
    ...documentHead(`unspun: ${escapeHtml(report.article.headline)}`, [
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    ]),
    `<style>\nbody{margin:0;background:#fff}\n${REPORT_CSS}\n</style>`,
    '</head>',
    '<body>',
    `<main>\n${article}\n</main>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
