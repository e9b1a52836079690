/**
 * `network`: the site copy network, built from the stored audit (audit.ts). A directed edge goes from the
 * copying site to the site it copied from; its weight is the number of the copier's articles that took sentences
 * from articles of that site, when they show copying (isCopyEvidence: a substantial source, 2+ sentences, not
 * only quotations, since independent reports of one event share the speaker's words). Copies within one site (updates, re-posts) are not edges.
 * Edges to wire services are syndication: shown and marked, never hidden.
 */
import { DEFAULTS } from '../defaults.js';
import { UnspunError } from '../errors.js';
import { isSubstantialSource } from '../match/index.js';
import type { ArticleHead, AuditRecord, Store } from '../store/index.js';
import {
  type AuditFilter,
  articleLevelAudit,
  corpusOrder,
  publishedTime,
  selector,
  siteRule,
  withoutSites,
} from './audit.js';

export interface NetworkOptions extends AuditFilter {
  /** Leave out edges with fewer copier articles than this (default 1). */
  minArticles?: number;
  /** Sites counted as wire services (default DEFAULTS.audit.wireServices). */
  wireServices?: readonly string[];
}

export interface ArticleRef {
  id: string;
  url: string | null;
  published: string | null;
}

export interface NetworkEdge {
  /** The copying site... */
  from: string;
  /** ...and the site it copied from. */
  to: string;
  /** Copier articles that took sentences from articles of `to` (as isCopyEvidence rules), and those sentences. */
  articles: number;
  sentences: number;
  /** `articles` over all articles of `from` (in the selection). */
  share: number;
  /** Hours between the source article and the copy (pairs with both dates), median and largest. */
  medianLagHours: number | null;
  maxLagHours: number | null;
  /** Publication dates of the first and last copy. */
  firstSeen: string | null;
  lastSeen: string | null;
  /** Mean spin rate of the copier articles on this edge. */
  spinRate: number;
  /** `to` is a wire service: syndication rather than copying. */
  syndication: boolean;
  examples: { copy: ArticleRef; source: ArticleRef }[];
}

export interface NetworkSite {
  site: string;
  name: string | null;
  articles: number;
  /** Share of its articles that took sentences from another site... */
  copiedShare: number;
  /** ...and share of its articles that another site took sentences from. */
  copiedFrom: number;
  wire: boolean;
  topSources: { site: string; articles: number }[];
  topCopiers: { site: string; articles: number }[];
  /** Per month of publication ("2026-03", or "undated" last): its articles, and those that copied another site. */
  timeline: { month: string; articles: number; copying: number }[];
}

export interface Network {
  sites: NetworkSite[];
  edges: NetworkEdge[];
  /** Articles in the selection, and those of them with an audit. */
  articles: number;
  audited: number;
  /** Why the network is empty, when it is. */
  note: string | null;
}

/** The site of an article as a node key (articles without a site are grouped under their URL's host, else "(unknown)"). */
export function siteOf(h: ArticleHead): string {
  return h.site ?? '(unknown)';
}

/** A matcher for the wire-service list (site key or name, case-insensitive). */
export function wireMatcher(list: readonly string[]): (site: string, name?: string | null) => boolean {
  const set = new Set(list.map((s) => s.trim().toLowerCase()));
  return (site, name) => set.has(site.toLowerCase()) || (name ? set.has(name.trim().toLowerCase()) : false);
}

/**
 * Sentences an article took from a site (all its articles together) that show copying: a substantial source (the
 * rule that names a likely origin), at least DEFAULTS.audit.edgeMinSentences sentences, and not only sentences
 * that are mostly a direct quotation (independent reports of one event quote the speaker word for word; a copy
 * takes the reporter's prose too).
 */
export function isCopyEvidence(
  p: { sentences: number; characters: number; quoted: number },
  articleCharacters: number,
): boolean {
  return (
    p.sentences >= DEFAULTS.audit.edgeMinSentences &&
    p.sentences - p.quoted >= DEFAULTS.audit.edgeMinProse &&
    isSubstantialSource(p, articleCharacters)
  );
}

/**
 * A source that is a sibling copy, not where the article copied from: it took its own text from another source of
 * this article (W), and this article took at least as many sentences from W as from it. Two farms that spin the
 * same wire story with one thesaurus make many of the same swaps, so a few sentences of the later one can be
 * closer to the earlier farm than to the wire; a farm that copies a farm takes most of its sentences from that
 * farm (and only the sentences the first farm left unchanged are named in the wire).
 */
export function isSibling(
  source: { seq: number; sentences: number },
  articleSources: ReadonlyMap<number, number>,
  sourceSources: ReadonlyMap<number, number> | undefined,
): boolean {
  if (!sourceSources) return false;
  for (const [w] of sourceSources) {
    const fromW = articleSources.get(w);
    if (w !== source.seq && fromW !== undefined && fromW >= source.sentences) return true;
  }
  return false;
}

/** "YYYY-MM" of a publication date, or "undated". */
function monthOf(published: string | undefined): string {
  const t = publishedTime(published);
  return t === null ? 'undated' : new Date(t).toISOString().slice(0, 7);
}

/**
 * What an audited article took from each other site, kept only where it shows copying (isCopyEvidence) and is not
 * a sibling copy: the network's one rule for "this article copied that site", shared by the article page.
 */
export function copyEvidenceBySite(
  a: AuditRecord,
  head: (seq: number) => ArticleHead | undefined,
  sourcesOf: (seq: number) => ReadonlyMap<number, number> | undefined,
): Map<
  string,
  { sentences: number; characters: number; quoted: number; best: { seq: number; sentences: number } }
> {
  const self = head(a.seq);
  const from = self ? siteOf(self) : '(unknown)';
  // Sentences per source site (several articles of one site count once as an article on the edge).
  const perSite = new Map<
    string,
    { sentences: number; characters: number; quoted: number; best: { seq: number; sentences: number } }
  >();
  const mine = new Map(a.sources.map((x) => [x.seq, x.sentences]));
  for (const s of a.sources) {
    const sh = head(s.seq);
    if (!sh) continue;
    const to = siteOf(sh);
    if (to === from || isSibling(s, mine, sourcesOf(s.seq))) continue;
    const e = perSite.get(to);
    if (!e) perSite.set(to, { sentences: s.sentences, characters: s.characters, quoted: s.quoted, best: s });
    else {
      e.sentences += s.sentences;
      e.characters += s.characters;
      e.quoted += s.quoted;
      if (s.sentences > e.best.sentences) e.best = s;
    }
  }
  // Only evidence of copying counts.
  for (const [to, p] of perSite) {
    if (!isCopyEvidence(p, a.characters)) perSite.delete(to);
  }
  return perSite;
}

const ref = (h: ArticleHead): ArticleRef => ({
  id: h.key,
  url: h.url ?? null,
  published: h.published ?? null,
});

const median = (xs: number[]): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const r3 = (x: number) => Math.round(x * 1000) / 1000;
const r1 = (x: number) => Math.round(x * 10) / 10;

export async function buildNetwork(store: Store, opts: NetworkOptions = {}): Promise<Network> {
  const minArticles = Math.max(1, Math.floor(opts.minArticles ?? 1));
  const isWire = wireMatcher(opts.wireServices ?? DEFAULTS.audit.wireServices);
  const order = await corpusOrder(store);
  if (order.heads.size === 0) {
    return { sites: [], edges: [], articles: 0, audited: 0, note: 'the corpus is empty' };
  }
  const select = selector(opts, order.heads);
  const keep = siteRule(opts, order.heads);
  const audited = await store.auditedSeqs();
  if (audited.size === 0) {
    throw new UnspunError('NO_AUDIT', 'the corpus has no audit yet: run "unspun audit" first');
  }

  interface EdgeAcc {
    from: string;
    to: string;
    articles: number;
    sentences: number;
    lags: number[];
    first: string | null;
    last: string | null;
    spin: number;
    examples: { copy: ArticleRef; source: ArticleRef }[];
  }
  const edges = new Map<string, EdgeAcc>();
  const siteArticles = new Map<string, number>();
  const siteNames = new Map<string, string>();
  const copying = new Map<string, number>();
  const copiedArticles = new Set<number>();
  const timelines = new Map<string, Map<string, { articles: number; copying: number }>>();
  let articles = 0;
  let auditedSelected = 0;
  for (const h of order.heads.values()) {
    // An article counts once, as its newest version.
    if (h.latest === false || !select(h)) continue;
    articles++;
    const site = siteOf(h);
    siteArticles.set(site, (siteArticles.get(site) ?? 0) + 1);
    if (h.siteName && !siteNames.has(site)) siteNames.set(site, h.siteName);
    let tl = timelines.get(site);
    if (!tl) {
      tl = new Map();
      timelines.set(site, tl);
    }
    const month = monthOf(h.published);
    tl.set(month, { articles: (tl.get(month)?.articles ?? 0) + 1, copying: 0 });
  }
  // Every audit's source articles (compact: seq -> sources), to recognise siblings below.
  const audits: AuditRecord[] = [];
  const sourcesOf = new Map<number, Map<number, number>>();
  for await (const stored of store.iterateAudits()) {
    const whole = articleLevelAudit(order, stored);
    if (!whole) continue;
    // Sources of left-out sites are no evidence (their own articles are not selected below).
    const a = withoutSites(whole, keep, order);
    audits.push(a);
    sourcesOf.set(a.seq, new Map(a.sources.map((x) => [x.seq, x.sentences])));
  }
  for (const a of audits) {
    const h = order.heads.get(a.seq);
    if (!h || !select(h)) continue;
    auditedSelected++;
    const from = siteOf(h);
    const perSite = copyEvidenceBySite(
      a,
      (seq) => order.heads.get(seq),
      (seq) => sourcesOf.get(seq),
    );
    const month = monthOf(h.published);
    let tl = timelines.get(from);
    if (!tl) {
      tl = new Map();
      timelines.set(from, tl);
    }
    const bucket = tl.get(month) ?? { articles: 0, copying: 0 };
    tl.set(month, bucket);
    if (perSite.size > 0) bucket.copying++;
    if (perSite.size === 0) continue;
    copying.set(from, (copying.get(from) ?? 0) + 1);
    for (const [to, p] of perSite) {
      const src = order.heads.get(p.best.seq)!;
      for (const s of a.sources) if (siteOf(order.heads.get(s.seq) ?? h) === to) copiedArticles.add(s.seq);
      const key = `${from}\u0000${to}`;
      let e = edges.get(key);
      if (!e) {
        e = { from, to, articles: 0, sentences: 0, lags: [], first: null, last: null, spin: 0, examples: [] };
        edges.set(key, e);
      }
      e.articles++;
      e.sentences += p.sentences;
      e.spin += a.spinRate;
      const tc = publishedTime(h.published);
      const ts = publishedTime(src.published);
      if (tc !== null && ts !== null) e.lags.push((tc - ts) / 3_600_000);
      if (h.published) {
        if (e.first === null || (publishedTime(h.published) ?? 0) < (publishedTime(e.first) ?? 0))
          e.first = h.published;
        if (e.last === null || (publishedTime(h.published) ?? 0) > (publishedTime(e.last) ?? 0))
          e.last = h.published;
      }
      if (e.examples.length < DEFAULTS.audit.examples) e.examples.push({ copy: ref(h), source: ref(src) });
    }
  }

  const copiedBySite = new Map<string, number>();
  for (const seq of copiedArticles) {
    const h = order.heads.get(seq);
    if (!h || !select(h)) continue;
    const s = siteOf(h);
    copiedBySite.set(s, (copiedBySite.get(s) ?? 0) + 1);
  }
  const edgeList: NetworkEdge[] = [...edges.values()]
    .filter((e) => e.articles >= minArticles)
    .map((e) => ({
      from: e.from,
      to: e.to,
      articles: e.articles,
      sentences: e.sentences,
      share: r3(e.articles / Math.max(1, siteArticles.get(e.from) ?? 0)),
      medianLagHours: e.lags.length ? r1(median(e.lags)!) : null,
      maxLagHours: e.lags.length ? r1(Math.max(...e.lags)) : null,
      firstSeen: e.first,
      lastSeen: e.last,
      spinRate: r3(e.spin / e.articles),
      syndication: isWire(e.to, siteNames.get(e.to)),
      examples: e.examples,
    }))
    .sort((a, b) => b.articles - a.articles || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));

  const top = (pick: (e: NetworkEdge) => string, match: (e: NetworkEdge) => boolean) =>
    edgeList
      .filter(match)
      .slice(0, 5)
      .map((e) => ({ site: pick(e), articles: e.articles }));
  const sites: NetworkSite[] = [...siteArticles.entries()]
    .map(([site, n]) => ({
      site,
      name: siteNames.get(site) ?? null,
      articles: n,
      copiedShare: r3((copying.get(site) ?? 0) / n),
      copiedFrom: r3((copiedBySite.get(site) ?? 0) / n),
      wire: isWire(site, siteNames.get(site)),
      topSources: top(
        (e) => e.to,
        (e) => e.from === site,
      ),
      topCopiers: top(
        (e) => e.from,
        (e) => e.to === site,
      ),
      timeline: [
        ...(timelines.get(site) ?? new Map<string, { articles: number; copying: number }>()).entries(),
      ]
        .sort(([a], [b]) => (a === 'undated' ? 1 : b === 'undated' ? -1 : a.localeCompare(b)))
        .map(([month, v]) => ({ month, articles: v.articles, copying: v.copying })),
    }))
    .sort((a, b) => b.articles - a.articles || a.site.localeCompare(b.site));
  const note =
    articles === 0
      ? 'no article matches the filters'
      : auditedSelected === 0
        ? 'none of the selected articles is audited: run "unspun audit"'
        : edgeList.length === 0
          ? 'no site copies another in the selection'
          : auditedSelected < articles
            ? `${articles - auditedSelected} selected article(s) are not audited yet: run "unspun audit"`
            : null;
  return { sites, edges: edgeList, articles, audited: auditedSelected, note };
}
