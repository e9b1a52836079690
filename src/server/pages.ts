/**
 * The web page's HTML, rendered on the server: every page works without script (the bundled script adds the
 * side-by-side switch, the busy state of the check form and the interactive network graph). Every piece of text
 * from an article, a site, a URL or a request is escaped here; links are built only from http(s) URLs and from
 * the server's own paths with percent-encoded parts. No inline script or style: the page's Content-Security-Policy
 * forbids both.
 */
import type { ArticleView } from '../engine/corpus.js';
import type { Network, NetworkEdge, NetworkSite } from '../engine/network.js';
import { documentHead, escapeHtml, renderHtml, safeHref } from '../report/html.js';
import type { Report } from '../report/types.js';
import type { ArticleList, SiteSummary, StoreStats } from '../store/index.js';
import type { Problem } from './problem.js';

const e = escapeHtml;

export const articlePath = (id: string) => `/articles/${encodeURIComponent(id)}`;
export const sitePath = (site: string) => `/sites/${encodeURIComponent(site)}`;

function externalLink(url: string | null | undefined, text = 'original'): string {
  const href = safeHref(url);
  return href ? `<a class="ext" href="${e(href)}" rel="noreferrer" target="_blank">${e(text)}</a>` : '';
}

function when(iso: string | null | undefined): string {
  if (!iso) return '<span class="muted">undated</span>';
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}))?/.exec(iso);
  const shown = m ? (m[2] ? `${m[1]} ${m[2]}` : m[1]!) : iso;
  return `<time datetime="${e(iso)}">${e(shown)}</time>`;
}

const pct = (x: number) => `${Math.round(x * 100)}&nbsp;%`;
const num = (n: number) => n.toLocaleString('en-US');

function siteLink(site: string | null | undefined, name?: string | null): string {
  if (!site) return '<span class="muted">unknown site</span>';
  return `<a href="${e(sitePath(site))}">${e(name || site)}</a>`;
}

export interface LayoutOptions {
  title: string;
  /** The nav item to mark as current. */
  current?: 'check' | 'articles' | 'sites' | 'network';
  readOnly: boolean;
}

export function layout(body: string, o: LayoutOptions): string {
  const nav = (
    [
      ['check', '/', 'Check'],
      ['articles', '/articles', 'Articles'],
      ['sites', '/sites', 'Sites'],
      ['network', '/network', 'Copy network'],
    ] as const
  )
    .map(
      ([key, href, label]) =>
        `<a href="${href}"${o.current === key ? ' aria-current="page"' : ''}>${label}</a>`,
    )
    .join('');
  return [
    ...documentHead(`${e(o.title)} · unspun`),
    '<link rel="stylesheet" href="/assets/app.css">',
    '<script type="module" src="/assets/app.js"></script>',
    '</head>',
    '<body>',
    '<a class="skip" href="#main">Skip to content</a>',
    `<header class="top"><nav aria-label="Main"><a class="brand" href="/">unspun</a>${nav}<a href="/openapi.json">API</a></nav></header>`,
    `<main id="main" tabindex="-1">\n${body}\n</main>`,
    `<footer class="foot"><p>unspun traces news articles back to their sources, offline.${o.readOnly ? ' This server is read-only.' : ''}</p></footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

export interface CheckFormValues {
  text?: string;
  url?: string;
  corpus?: boolean;
}

export function checkPage(
  o: { stats: StoreStats | null; error?: Problem | null; values?: CheckFormValues; maxBytes: number } & Pick<
    LayoutOptions,
    'readOnly'
  >,
): string {
  const v = o.values ?? {};
  const s = o.stats;
  const corpusLine = s
    ? `${num(s.articles)} articles from ${num(s.sites)} sites${s.earliest ? `, ${when(s.earliest)} to ${when(s.latest)}` : ''}`
    : 'no corpus: only the checks that need none run';
  const error = o.error
    ? `<div class="alert" role="alert"><strong>${e(o.error.title)}:</strong> ${e(o.error.detail)}</div>`
    : '';
  const body = `
<h1>Check an article</h1>
<p class="lede">Paste an article, upload a file or give its address. unspun finds where each sentence came from in
the corpus, which words were swapped, whose quotes lost their speaker, and whether the headline holds.</p>
${error}
<form class="check" method="post" action="/check" enctype="multipart/form-data" data-busy-text="Checking…">
  <div class="field">
    <label for="text">Article text</label>
    <p class="hint" id="text-hint">First line: the headline. Then the body, paragraphs separated by blank lines.</p>
    <textarea id="text" name="text" rows="14" aria-describedby="text-hint" spellcheck="false">${e(v.text ?? '')}</textarea>
  </div>
  <div class="row">
    <div class="field">
      <label for="file">…or a file (.txt, .md, .html)</label>
      <input id="file" name="file" type="file" accept=".txt,.md,.markdown,.html,.htm,text/plain,text/markdown,text/html">
    </div>
    <div class="field">
      <label for="url">…or a web address</label>
      <input id="url" name="url" type="url" inputmode="url" placeholder="https://" value="${e(v.url ?? '')}">
    </div>
  </div>
  <div class="field check-options">
    <input id="corpus" name="corpus" type="checkbox" value="1"${v.corpus === false ? '' : ' checked'}${s ? '' : ' disabled'}>
    <label for="corpus">Trace against the corpus (${corpusLine})</label>
  </div>
  <p class="hint">Up to ${Math.round(o.maxBytes / 1024 / 1024)} MB. Nothing you check is added to the corpus.</p>
  <button type="submit" class="primary">Check</button>
</form>`;
  return layout(body, { title: 'Check an article', current: 'check', readOnly: o.readOnly });
}

export function reportPage(
  report: Report,
  o: { id: string; permalink: string; from?: { id: string } | null } & Pick<LayoutOptions, 'readOnly'>,
): string {
  const fragment = renderHtml(report, { standalone: false, sideBySide: true, articleHref: articlePath });
  const from = o.from
    ? `<p class="muted">This is the stored article <a href="${e(articlePath(o.from.id))}">${e(o.from.id)}</a>, checked against the rest of the corpus.</p>`
    : '';
  const body = `
<div class="report-tools">
  <p class="permalink">Permalink: <a href="${e(o.permalink)}">${e(o.permalink)}</a> · <a href="/api/reports/${e(encodeURIComponent(o.id))}" type="application/json">JSON</a></p>
  <div class="view-switch" data-view-switch hidden>
    <span id="view-label">Sentences:</span>
    <button type="button" data-view="side-by-side" aria-pressed="true" aria-describedby="view-label">Side by side</button>
    <button type="button" data-view="stacked" aria-pressed="false" aria-describedby="view-label">Stacked</button>
  </div>
</div>
${from}
${fragment}`;
  return layout(body, { title: report.article.headline || 'Report', current: 'check', readOnly: o.readOnly });
}

function pager(
  base: string,
  params: Record<string, string | undefined>,
  page: number,
  pages: number,
): string {
  if (pages <= 1) return '';
  const href = (p: number) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
    q.set('page', String(p));
    return `${base}?${q.toString()}`;
  };
  const prev = page > 1 ? `<a rel="prev" href="${e(href(page - 1))}">← Newer</a>` : '';
  const next = page < pages ? `<a rel="next" href="${e(href(page + 1))}">Older →</a>` : '';
  return `<nav class="pager" aria-label="Pages">${prev}<span>Page ${page} of ${num(pages)}</span>${next}</nav>`;
}

function articleRows(items: ArticleList['items'], showSite = true): string {
  if (items.length === 0) return '<p class="muted">No article matches.</p>';
  const rows = items
    .map(
      (a) =>
        `<tr><td><a href="${e(articlePath(a.key))}">${e(a.title || a.key)}</a></td>` +
        (showSite ? `<td>${siteLink(a.site, a.siteName)}</td>` : '') +
        `<td>${when(a.published)}</td></tr>`,
    )
    .join('');
  return (
    `<table class="list"><thead><tr><th scope="col">Title</th>${showSite ? '<th scope="col">Site</th>' : ''}<th scope="col">Published</th></tr></thead>` +
    `<tbody>${rows}</tbody></table>`
  );
}

export function articlesPage(
  list: ArticleList & { page: number; pages: number },
  filter: { site?: string; q?: string },
  o: Pick<LayoutOptions, 'readOnly'>,
): string {
  const body = `
<h1>Articles</h1>
<form class="search" method="get" action="/articles" role="search">
  <div class="field"><label for="q">Title contains</label><input id="q" name="q" type="search" value="${e(filter.q ?? '')}"></div>
  <div class="field"><label for="site">Site</label><input id="site" name="site" type="text" value="${e(filter.site ?? '')}" placeholder="example.com"></div>
  <button type="submit">Search</button>
</form>
<p class="muted">${num(list.total)} article(s).</p>
${articleRows(list.items)}
${pager('/articles', { q: filter.q, site: filter.site }, list.page, list.pages)}`;
  return layout(body, { title: 'Articles', current: 'articles', readOnly: o.readOnly });
}

export function articlePage(v: ArticleView, o: Pick<LayoutOptions, 'readOnly'>): string {
  const a = v.article;
  const meta = [
    siteLink(a.site, a.siteName),
    when(a.published),
    a.byline ? `by ${e(a.byline)}` : '',
    externalLink(a.url),
  ]
    .filter(Boolean)
    .join(' · ');
  let audit: string;
  if (!v.audit) {
    audit =
      '<p class="muted">Not audited yet: run <code>unspun audit</code> to trace every article of the corpus.</p>';
  } else {
    const au = v.audit;
    const origin = au.origin
      ? `<p>Likely origin: <a href="${e(articlePath(au.origin.id))}">${e(au.origin.title || au.origin.id)}</a> (${siteLink(au.origin.site, au.origin.siteName)}, ${when(au.origin.published)})</p>`
      : '';
    const rows = au.sources
      .map(
        (s) =>
          `<tr><td><a href="${e(articlePath(s.id))}">${e(s.title || s.id)}</a></td><td>${siteLink(s.site, s.siteName)}</td>` +
          `<td>${when(s.published)}</td><td class="num">${s.sentences}</td><td class="num">${s.quoted}</td>` +
          `<td>${s.copyEvidence ? '<span class="tag bad">copied</span>' : '<span class="tag">shared lines</span>'}</td></tr>`,
      )
      .join('');
    audit =
      `<p>${au.traced} of ${au.sentences} sentences traced to earlier articles${au.boilerplate ? ` (${au.boilerplate} boilerplate left out)` : ''}; spin rate ${pct(au.spinRate)}.</p>${origin}` +
      (au.sources.length
        ? `<table class="list"><caption class="muted">Earlier articles it took sentences from. “copied”: counts as copying in the network (a substantial share, not only quotations).</caption><thead><tr><th scope="col">Source</th><th scope="col">Site</th><th scope="col">Published</th><th scope="col" class="num">Sentences</th><th scope="col" class="num">Quoted</th><th scope="col">Evidence</th></tr></thead><tbody>${rows}</tbody></table>`
        : '<p>No earlier article in the corpus holds its sentences.</p>');
  }
  const copiers = v.copiers.length
    ? `<table class="list"><thead><tr><th scope="col">Article</th><th scope="col">Site</th><th scope="col">Published</th><th scope="col" class="num">Sentences taken</th></tr></thead><tbody>${v.copiers
        .map(
          (c) =>
            `<tr><td><a href="${e(articlePath(c.id))}">${e(c.title || c.id)}</a></td><td>${siteLink(c.site, c.siteName)}</td><td>${when(c.published)}</td><td class="num">${c.sentences}</td></tr>`,
        )
        .join(
          '',
        )}</tbody></table>${v.copiersTotal > v.copiers.length ? `<p class="muted">${num(v.copiersTotal - v.copiers.length)} more not shown.</p>` : ''}`
    : `<p class="muted">${v.audit ? 'No later article in the corpus took sentences from it.' : 'Not known before an audit.'}</p>`;
  const paragraphs = a.text
    .split(/\n\s*\n/)
    .filter((p) => p.trim())
    .map((p) => `<p>${e(p)}</p>`)
    .join('');
  const body = `
<article class="corpus-article">
<h1>${e(a.title || a.id)}</h1>
<p class="meta">${meta}</p>
<p><a class="button primary" href="${e(articlePath(a.id))}/check">Check this article against the corpus</a></p>
<section aria-labelledby="h-sources"><h2 id="h-sources">Where it came from</h2>${audit}</section>
<section aria-labelledby="h-copiers"><h2 id="h-copiers">Who took from it</h2>${copiers}</section>${
    v.versions.length
      ? `<section aria-labelledby="h-versions"><h2 id="h-versions">Versions</h2><p class="muted">Stored ${v.versions.length} times under this address with different texts; shown: the newest.</p><ol>${v.versions
          .map(
            (x) =>
              `<li>${e(x.title)} <span class="muted">stored ${e(x.ingestedAt.slice(0, 16).replace('T', ' '))}${x.latest ? ' (newest)' : ''}</span></li>`,
          )
          .join('')}</ol></section>`
      : ''
  }
<section aria-labelledby="h-text"><h2 id="h-text">Text</h2><details><summary>Show the stored text</summary><div class="stored-text">${paragraphs}</div></details>
<p class="muted">Id: <code>${e(a.id)}</code></p></section>
</article>`;
  return layout(body, { title: a.title || a.id, current: 'articles', readOnly: o.readOnly });
}

export function sitesPage(
  sites: SiteSummary[],
  net: Network | null,
  o: Pick<LayoutOptions, 'readOnly'>,
): string {
  const bySite = new Map((net?.sites ?? []).map((s) => [s.site, s]));
  const rows = sites
    .map((s) => {
      const n = bySite.get(s.site);
      return (
        `<tr><td>${siteLink(s.site, s.name)}</td><td class="num">${num(s.articles)}</td><td>${when(s.earliest)}</td><td>${when(s.latest)}</td>` +
        `<td class="num">${n ? pct(n.copiedShare) : '–'}</td><td class="num">${n ? pct(n.copiedFrom) : '–'}</td></tr>`
      );
    })
    .join('');
  const body = `
<h1>Sites</h1>
${net ? '' : '<p class="muted">Copy shares appear once the corpus is audited (<code>unspun audit</code>).</p>'}
<table class="list"><thead><tr><th scope="col">Site</th><th scope="col" class="num">Articles</th><th scope="col">First</th><th scope="col">Last</th><th scope="col" class="num">Copies others</th><th scope="col" class="num">Copied by others</th></tr></thead>
<tbody>${rows || '<tr><td colspan="6" class="muted">The corpus is empty.</td></tr>'}</tbody></table>`;
  return layout(body, { title: 'Sites', current: 'sites', readOnly: o.readOnly });
}

function edgeTable(edges: NetworkEdge[], side: 'to' | 'from', caption: string): string {
  if (edges.length === 0) return `<p class="muted">None.</p>`;
  const rows = edges
    .map(
      (x) =>
        `<tr><td>${siteLink(x[side])}${x.syndication ? ' <span class="tag">wire</span>' : ''}</td><td class="num">${num(x.articles)}</td><td class="num">${pct(x.share)}</td>` +
        `<td class="num">${x.medianLagHours ?? '–'}</td><td class="num">${pct(x.spinRate)}</td><td>${when(x.firstSeen)} – ${when(x.lastSeen)}</td>` +
        `<td>${x.examples
          .map(
            (ex) =>
              `<a href="${e(articlePath(ex.copy.id))}">copy</a> ← <a href="${e(articlePath(ex.source.id))}">source</a>`,
          )
          .join('<br>')}</td></tr>`,
    )
    .join('');
  return (
    `<table class="list"><caption class="muted">${e(caption)}</caption><thead><tr><th scope="col">Site</th><th scope="col" class="num">Articles</th><th scope="col" class="num">Share</th>` +
    `<th scope="col" class="num">Median lag (h)</th><th scope="col" class="num">Spin</th><th scope="col">Seen</th><th scope="col">Examples</th></tr></thead><tbody>${rows}</tbody></table>`
  );
}

/** A bar chart of the timeline as SVG (attributes, no style), with the same numbers in a table. */
function timelineChart(t: NetworkSite['timeline']): string {
  if (t.length === 0) return '<p class="muted">No articles.</p>';
  const max = Math.max(...t.map((x) => x.articles));
  const w = 640;
  const bar = Math.max(4, Math.floor(w / t.length) - 2);
  const h = 120;
  const rects = t
    .map((x, i) => {
      const ha = Math.max(1, Math.round((x.articles / max) * h));
      const hc = Math.round((x.copying / max) * h);
      const xPos = i * (bar + 2);
      return (
        `<g><title>${e(x.month)}: ${x.articles} articles, ${x.copying} copying</title>` +
        `<rect class="all" x="${xPos}" y="${h - ha}" width="${bar}" height="${ha}"></rect>` +
        (hc > 0
          ? `<rect class="copying" x="${xPos}" y="${h - hc}" width="${bar}" height="${hc}"></rect>`
          : '') +
        '</g>'
      );
    })
    .join('');
  const rows = t
    .map(
      (x) =>
        `<tr><td>${e(x.month)}</td><td class="num">${x.articles}</td><td class="num">${x.copying}</td></tr>`,
    )
    .join('');
  return (
    `<figure class="timeline"><svg viewBox="0 0 ${t.length * (bar + 2)} ${h}" width="100%" height="${h}" preserveAspectRatio="none" role="img" aria-label="Articles per month; the darker part copied another site">${rects}</svg>` +
    `<figcaption class="muted">Articles per month; the darker part copied another site.</figcaption></figure>` +
    `<details><summary>Timeline as a table</summary><table class="list"><thead><tr><th scope="col">Month</th><th scope="col" class="num">Articles</th><th scope="col" class="num">Copying</th></tr></thead><tbody>${rows}</tbody></table></details>`
  );
}

export interface SiteView {
  site: SiteSummary;
  network: NetworkSite | null;
  copiesFrom: NetworkEdge[];
  copiedBy: NetworkEdge[];
  recent: ArticleList & { page: number; pageSize: number; pages: number };
}

export function sitePage(v: SiteView, o: Pick<LayoutOptions, 'readOnly'>): string {
  const n = v.network;
  const head = `<h1>${e(v.site.name || v.site.site)}</h1>
<p class="meta">${e(v.site.site)} · ${num(v.site.articles)} articles · ${when(v.site.earliest)} – ${when(v.site.latest)}${n?.wire ? ' · <span class="tag">wire service</span>' : ''}</p>`;
  const copy = n
    ? `<dl class="figures"><div><dt>Copies other sites</dt><dd>${pct(n.copiedShare)}</dd></div><div><dt>Copied by other sites</dt><dd>${pct(n.copiedFrom)}</dd></div></dl>
<section aria-labelledby="h-from"><h2 id="h-from">What it copies, from whom</h2>${edgeTable(v.copiesFrom, 'to', 'Sites its articles took sentences from')}</section>
<section aria-labelledby="h-by"><h2 id="h-by">Who copies it</h2>${edgeTable(v.copiedBy, 'from', 'Sites whose articles took sentences from it')}</section>
<section aria-labelledby="h-time"><h2 id="h-time">Timeline</h2>${timelineChart(n.timeline)}</section>`
    : '<p class="muted">What it copies appears once the corpus is audited (<code>unspun audit</code>).</p>';
  const body = `${head}
${copy}
<section aria-labelledby="h-recent"><h2 id="h-recent">Latest articles</h2>${articleRows(v.recent.items, false)}
${v.recent.total > v.recent.items.length ? `<p><a href="/articles?site=${e(encodeURIComponent(v.site.site))}">All ${num(v.recent.total)} articles</a></p>` : ''}</section>`;
  return layout(body, { title: v.site.name || v.site.site, current: 'sites', readOnly: o.readOnly });
}

export function networkPage(
  net: Network | null,
  note: string | null,
  o: Pick<LayoutOptions, 'readOnly'>,
): string {
  if (!net) {
    return layout(`<h1>Copy network</h1><p class="muted">${e(note ?? 'No network.')}</p>`, {
      title: 'Copy network',
      current: 'network',
      readOnly: o.readOnly,
    });
  }
  const top = net.edges.slice(0, 200);
  const rows = top
    .map(
      (x) =>
        `<tr><td>${siteLink(x.from)}</td><td>${siteLink(x.to)}${x.syndication ? ' <span class="tag">wire</span>' : ''}</td><td class="num">${num(x.articles)}</td><td class="num">${pct(x.share)}</td><td class="num">${x.medianLagHours ?? '–'}</td></tr>`,
    )
    .join('');
  const body = `
<h1>Copy network</h1>
<p>${num(net.sites.length)} sites, ${num(net.edges.length)} copy relations from ${num(net.audited)} audited articles.${net.note ? ` ${e(net.note)}.` : ''}
An arrow goes from the copying site to the site it copied from; wider arrows carry more articles.</p>
<div id="graph" class="graph" data-network="/api/network" role="img" aria-label="The copy network as a graph; the table below lists the same relations"><p class="muted">The interactive graph needs script; the table below has the same relations.</p></div>
<p class="graph-help muted" hidden data-graph-help>Drag to move, scroll to zoom, click a site to open its page.</p>
<table class="list"><caption class="muted">Copy relations, most articles first${net.edges.length > top.length ? ` (the first ${top.length})` : ''}</caption>
<thead><tr><th scope="col">Copier</th><th scope="col">Copied from</th><th scope="col" class="num">Articles</th><th scope="col" class="num">Share of copier</th><th scope="col" class="num">Median lag (h)</th></tr></thead>
<tbody>${rows || '<tr><td colspan="5" class="muted">No site copies another.</td></tr>'}</tbody></table>`;
  return layout(body, { title: 'Copy network', current: 'network', readOnly: o.readOnly });
}

export function errorPage(p: Problem, o: Pick<LayoutOptions, 'readOnly'>): string {
  return layout(
    `<h1>${e(p.title)}</h1><div class="alert" role="alert">${e(p.detail)}</div><p><a href="/">Check an article</a></p>`,
    { title: p.title, readOnly: o.readOnly },
  );
}
