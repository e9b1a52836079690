/**
 * Browsing the corpus: one stored article with where it came from (its audit) and who took from it, pages of
 * articles, the sites. What the server's article and site pages and their API show.
 */
import type { ArticleHead, ArticleList, Store } from '../store/index.js';
import { copyEvidenceBySite, siteOf } from './network.js';

/** A stored article as the corpus pages cite it. */
export interface CorpusArticleRef {
  id: string;
  url: string | null;
  site: string | null;
  siteName: string | null;
  title: string;
  published: string | null;
}

export interface ArticleView {
  article: CorpusArticleRef & { byline: string | null; text: string };
  /** Its audit (where its sentences came from among earlier articles), or null when it is not audited yet. */
  audit: {
    sentences: number;
    traced: number;
    boilerplate: number;
    spinRate: number;
    origin: CorpusArticleRef | null;
    /**
     * Earlier articles it took sentences from, most sentences first. `copyEvidence`: what it took from that
     * source's site counts as copying in the network (a substantial source, not only quotations, not a sibling
     * copy, another site).
     */
    sources: (CorpusArticleRef & { sentences: number; quoted: number; copyEvidence: boolean })[];
  } | null;
  /** Later articles that took sentences from it, most sentences first (at most `limit`), and how many in all. */
  copiers: (CorpusArticleRef & { sentences: number })[];
  copiersTotal: number;
  /**
   * The texts stored under its id or URL, oldest first, when it was stored more than once with different texts
   * (an updated report); empty otherwise. The view shows the newest.
   */
  versions: { version: number; title: string; ingestedAt: string; latest: boolean }[];
}

/** A stored article (or a list item) as the pages and the API cite it. */
export function headRef(a: ArticleHead & { title: string }): CorpusArticleRef {
  return {
    id: a.key,
    url: a.url ?? null,
    site: a.site ?? null,
    siteName: a.siteName ?? null,
    title: a.title,
    published: a.published ?? null,
  };
}

/** One article with its sources and copiers; null when the corpus has no article with that id (key). */
export async function articleView(
  store: Store,
  id: string,
  opts: { copiers?: number } = {},
): Promise<ArticleView | null> {
  const a = await store.getArticle(id);
  if (!a) return null;
  const limit = opts.copiers ?? 100;
  const audit = (await store.getAudits([a.seq])).get(a.seq) ?? null;
  // Copiers of any of its versions (an audit names the version it traced to), each counted once.
  const versions = await store.versionsOf(a.key);
  const bySeq = new Map<number, number>();
  for (const v of versions.length > 0 ? versions.map((x) => x.seq) : [a.seq]) {
    for (const c of await store.copiersOf(v)) bySeq.set(c.seq, (bySeq.get(c.seq) ?? 0) + c.sentences);
  }
  const copierRows = [...bySeq]
    .map(([seq, sentences]) => ({ seq, sentences }))
    .sort((x, y) => y.sentences - x.sentences || x.seq - y.seq);
  const shown = copierRows.slice(0, limit);
  const seqs = [...(audit?.sources.map((s) => s.seq) ?? []), ...shown.map((c) => c.seq)];
  if (audit?.origin != null) seqs.push(audit.origin);
  const others = await store.getArticlesBySeq(seqs);
  others.set(a.seq, a);
  let auditOut: ArticleView['audit'] = null;
  if (audit) {
    const sourceAudits = await store.getAudits(audit.sources.map((s) => s.seq));
    const evidence = copyEvidenceBySite(
      audit,
      (seq) => others.get(seq),
      (seq) => {
        const r = sourceAudits.get(seq);
        return r ? new Map(r.sources.map((x) => [x.seq, x.sentences])) : undefined;
      },
    );
    const originArticle = audit.origin != null ? others.get(audit.origin) : undefined;
    auditOut = {
      sentences: audit.sentences,
      traced: audit.traced,
      boilerplate: audit.boilerplate,
      spinRate: audit.spinRate,
      origin: originArticle ? headRef(originArticle) : null,
      sources: audit.sources
        .filter((s) => others.has(s.seq))
        .map((s) => {
          const src = others.get(s.seq)!;
          return {
            ...headRef(src),
            sentences: s.sentences,
            quoted: s.quoted,
            copyEvidence: evidence.has(siteOf(src)),
          };
        })
        .sort((x, y) => y.sentences - x.sentences || (x.published ?? '').localeCompare(y.published ?? '')),
    };
  }
  return {
    article: { ...headRef(a), byline: a.byline ?? null, text: a.text },
    audit: auditOut,
    copiers: shown
      .filter((c) => others.has(c.seq))
      .map((c) => ({ ...headRef(others.get(c.seq)!), sentences: c.sentences })),
    copiersTotal: copierRows.length,
    versions:
      versions.length > 1
        ? await (async () => {
            const texts = await store.getArticlesBySeq(versions.map((v) => v.seq));
            return versions.map((v) => ({
              version: v.version,
              title: texts.get(v.seq)?.title ?? '',
              ingestedAt: v.ingestedAt,
              latest: v.latest,
            }));
          })()
        : [],
  };
}

/** A page of articles (1-based), newest first, filtered by site and title text. */
export async function articlePage(
  store: Store,
  filter: { site?: string; q?: string; page?: number; pageSize?: number },
): Promise<ArticleList & { page: number; pageSize: number; pages: number }> {
  const pageSize = Math.max(1, Math.min(200, Math.floor(filter.pageSize ?? 50)));
  const page = Math.max(1, Math.floor(filter.page ?? 1));
  const list = await store.listArticles({
    ...(filter.site ? { site: filter.site } : {}),
    ...(filter.q ? { q: filter.q } : {}),
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  return { ...list, page, pageSize, pages: Math.max(1, Math.ceil(list.total / pageSize)) };
}
