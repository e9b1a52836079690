/**
 * `audit`: trace every article of the corpus against the articles published before it (the same provenance as
 * `check`: spinning, stitching and trimmed sentences included) and keep the result in the store, so that the
 * copy network (network.ts), article pages and later runs read it instead of recomputing it.
 *
 * Order. Articles are ordered by publication time (a date without a time counts as midnight UTC), equal times
 * by article key, and undated articles come after every dated one, by key. An article is traced only against
 * the articles before it. The order depends on the articles alone, never on when they were ingested, so the
 * audit of a corpus is the same whatever order it was ingested in.
 *
 * Incremental. A run audits the articles that have no audit yet. An article ingested since the last complete
 * run (its seq above the store's audit watermark) may be published earlier than articles already audited: the
 * later audited articles that share candidate sentences with it lose their audit in the same transaction that
 * stores its own, and are audited again in the same run. An interrupted run (Ctrl-C) keeps every committed
 * batch; the next run resumes with what is left. A change of the matching rules (fingerprints, thresholds)
 * invalidates every audit.
 */
import { createHash } from 'node:crypto';
import { DEFAULTS } from '../defaults.js';
import { UnspunError } from '../errors.js';
import { FINGERPRINT_VERSION } from '../fingerprint/index.js';
import { sentenceShape } from '../fingerprint/shape.js';
import {
  candidateArticles,
  chooseCandidates,
  isSubstantialSource,
  queryFeatures,
  traceSentences,
} from '../match/index.js';
import { normaliseArticle } from '../normalise/index.js';
import type { ArticleHead, AuditRecord, Store } from '../store/index.js';
import type { Article } from '../types.js';
import { assertFingerprintVersion } from './_fingerprint-version.js';
import { defaultCanonicaliser } from './canon.js';

/** The ordering rule, as reported to users. */
export const AUDIT_ORDER_RULE =
  'articles are ordered by publication time (a date alone is midnight UTC), equal times by article key, undated ' +
  'articles after all dated ones (by key); each article is traced against the articles before it';

const META_VERSION = 'audit_version';
const META_WATERMARK = 'audit_watermark';

/** What the audit results depend on besides the corpus: a change re-audits everything. */
export function auditVersion(): string {
  const rules = JSON.stringify({
    match: DEFAULTS.match,
    boilerplate: DEFAULTS.boilerplate,
    maxPostings: DEFAULTS.maxPostings,
    candidatesPerSentence: DEFAULTS.candidatesPerSentence,
    nearEqual: DEFAULTS.audit.nearEqualSimilarity,
  });
  return `1/${FINGERPRINT_VERSION}/${createHash('sha256').update(rules).digest('hex').slice(0, 12)}`;
}

export interface AuditFilter {
  /** Only articles published on or after this date (ISO date or date-time)... */
  since?: string;
  /** ...and on or before this one (a date alone includes the whole day). */
  until?: string;
  /** Only articles of this site (site key or name). */
  site?: string;
}

export interface AuditOptions extends AuditFilter {
  /** Forget every stored audit and audit the whole corpus again. */
  full?: boolean;
  /** Articles per transaction (DEFAULTS.audit.batch). */
  batchSize?: number;
  /** Called as work progresses (at most every DEFAULTS.progressIntervalMs, and at the end). */
  onProgress?: (done: number, total: number) => void;
  /** Stop after the batch in progress (Ctrl-C): committed work is kept and the next run resumes. */
  signal?: AbortSignal;
}

export interface AuditSummary {
  /** Articles in the corpus, and those the filters selected. */
  articles: number;
  selected: number;
  /** Audited in this run: new, and audited again because an earlier-published article arrived later. */
  audited: number;
  reaudited: number;
  /** Selected articles that already had a current audit. */
  upToDate: number;
  /** Selected articles without a date, and pairs of articles with the same publication time. */
  undated: number;
  sameTime: number;
  /** All stored audits were dropped first (rules changed, or `full`). */
  reset: 'rules-changed' | 'full' | null;
  interrupted: boolean;
  seconds: number;
  order: string;
}

/** The order of the corpus: each article's rank, by (time, key), undated last. */
export interface CorpusOrder {
  heads: Map<number, ArticleHead>;
  rank: Map<number, number>;
  /** Article seqs in audit order. */
  ordered: number[];
  undated: number;
  sameTime: number;
}

/** Milliseconds since the epoch of a published value, or null (undated or unreadable). */
export function publishedTime(published: string | undefined | null): number | null {
  if (!published) return null;
  const t = Date.parse(published.length === 10 ? `${published}T00:00:00Z` : published);
  return Number.isNaN(t) ? null : t;
}

export async function corpusOrder(store: Store): Promise<CorpusOrder> {
  const heads = new Map<number, ArticleHead>();
  const items: { seq: number; t: number; key: string }[] = [];
  let undated = 0;
  for await (const h of store.iterateHeads()) {
    heads.set(h.seq, h);
    const t = publishedTime(h.published);
    if (t === null) undated++;
    items.push({ seq: h.seq, t: t ?? Number.POSITIVE_INFINITY, key: h.key });
  }
  items.sort((a, b) => a.t - b.t || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const rank = new Map<number, number>();
  let sameTime = 0;
  items.forEach((it, i) => {
    rank.set(it.seq, i);
    if (i > 0 && Number.isFinite(it.t) && items[i - 1]!.t === it.t) sameTime++;
  });
  return { heads, rank, ordered: items.map((i) => i.seq), undated, sameTime };
}

/** The articles a filter selects (a one-line USAGE error for a filter that cannot select anything). */
export function selector(filter: AuditFilter, heads: Map<number, ArticleHead>): (h: ArticleHead) => boolean {
  const since = filter.since ? boundary(filter.since, 'since', false) : null;
  const until = filter.until ? boundary(filter.until, 'until', true) : null;
  if (since !== null && until !== null && since > until) {
    throw new UnspunError('USAGE', `--since ${filter.since} is after --until ${filter.until}`);
  }
  let site: string | null = null;
  if (filter.site !== undefined) {
    const want = filter.site.trim().toLowerCase();
    for (const h of heads.values()) {
      if (h.site?.toLowerCase() === want || h.siteName?.toLowerCase() === want) {
        site = want;
        break;
      }
    }
    if (site === null) {
      throw new UnspunError('NOT_FOUND', `no article of site "${filter.site}" in the corpus`, {
        subject: filter.site,
      });
    }
  }
  return (h) => {
    if (site !== null && h.site?.toLowerCase() !== site && h.siteName?.toLowerCase() !== site) return false;
    if (since === null && until === null) return true;
    const t = publishedTime(h.published);
    if (t === null) return false;
    return (since === null || t >= since) && (until === null || t <= until);
  };
}

function boundary(value: string, name: string, endOfDay: boolean): number {
  const t = publishedTime(value.trim());
  if (t === null) throw new UnspunError('USAGE', `--${name} "${value}" is not a date (use YYYY-MM-DD)`);
  return endOfDay && value.trim().length === 10 ? t + 86_399_999 : t;
}

/** A small LRU of candidate source articles (copies cluster in time, so sources recur). */
export class ArticleCache {
  private readonly map = new Map<number, Article>();
  constructor(private readonly max: number) {}
  async load(store: Store, seqs: number[]): Promise<Map<number, Article>> {
    const out = new Map<number, Article>();
    const missing: number[] = [];
    for (const s of seqs) {
      const a = this.map.get(s);
      if (a) {
        this.map.delete(s);
        this.map.set(s, a);
        out.set(s, a);
      } else missing.push(s);
    }
    if (missing.length > 0) {
      for (const [s, a] of await store.getArticlesBySeq(missing)) {
        out.set(s, a);
        this.map.set(s, a);
      }
      while (this.map.size > this.max) this.map.delete(this.map.keys().next().value as number);
    }
    return out;
  }
}

/**
 * Trace one stored article against the articles before it. Returns its audit and the later articles that
 * share candidate sentences with it (those an earlier-published late arrival may change).
 */
export async function auditArticle(
  store: Store,
  article: Article,
  order: CorpusOrder,
  cache: ArticleCache,
  shapesCounted: boolean,
): Promise<{ record: AuditRecord; later: Set<number> }> {
  const doc = normaliseArticle(article);
  const myRank = order.rank.get(article.seq) ?? Number.POSITIVE_INFINITY;
  const before = { has: (seq: number) => !((order.rank.get(seq) ?? Number.POSITIVE_INFINITY) < myRank) };
  const query = queryFeatures(doc.sentences, defaultCanonicaliser());
  const { hits } = await store.findCandidates(query.features, { maxPostings: DEFAULTS.maxPostings });
  const later = new Set<number>();
  for (const h of hits) {
    if (h.articleSeq !== article.seq && (order.rank.get(h.articleSeq) ?? -1) > myRank)
      later.add(h.articleSeq);
  }
  const chosen = chooseCandidates(doc.sentences.length, query, hits, before);
  const seqs = candidateArticles(chosen);
  const [articles, spans] = await Promise.all([cache.load(store, seqs), store.getSentencesOf(seqs)]);
  let shapes: Awaited<ReturnType<Store['shapeCounts']>> = null;
  if (shapesCounted) {
    const list = doc.sentences.map((s) => sentenceShape(s.text));
    const wanted = new Set(chosen.flat().map((c) => c.sentenceId));
    for (const [seq, ss] of spans) {
      const a = articles.get(seq);
      if (!a) continue;
      for (const sp of ss)
        if (wanted.has(sp.sentenceId)) list.push(sentenceShape(a.text.slice(sp.start, sp.end)));
    }
    shapes = await store.shapeCounts(list);
  }
  const traces = traceSentences(
    doc.sentences,
    chosen,
    { articles, sentences: spans },
    { nearEqualSimilarity: DEFAULTS.audit.nearEqualSimilarity, ...(shapes ? { shapes } : {}) },
  );
  const bySource = new Map<number, { seq: number; sentences: number; characters: number }>();
  let traced = 0;
  let boilerplate = 0;
  let aligned = 0;
  let swapped = 0;
  let totalChars = 0;
  doc.sentences.forEach((s, i) => {
    const tr = traces[i]!;
    totalChars += s.end - s.start;
    if (tr.boilerplate) boilerplate++;
    if (tr.sources.length === 0) return;
    traced++;
    aligned += tr.alignedWords;
    swapped += tr.swappedWords;
    for (const src of tr.sources) {
      let c = bySource.get(src.seq);
      if (!c) {
        c = { seq: src.seq, sentences: 0, characters: 0 };
        bySource.set(src.seq, c);
      }
      c.sentences++;
      c.characters += Math.round((s.end - s.start) / tr.sources.length);
    }
  });
  const sources = [...bySource.values()].sort(
    (a, b) => b.characters - a.characters || (order.rank.get(a.seq) ?? 0) - (order.rank.get(b.seq) ?? 0),
  );
  const substantial = sources
    .filter((c) => isSubstantialSource(c, totalChars))
    .sort((a, b) => (order.rank.get(a.seq) ?? 0) - (order.rank.get(b.seq) ?? 0));
  return {
    record: {
      seq: article.seq,
      sentences: doc.sentences.length,
      traced,
      characters: totalChars,
      boilerplate,
      spinRate: aligned ? Math.round((swapped / aligned) * 1000) / 1000 : 0,
      origin: substantial[0]?.seq ?? null,
      sources,
    },
    later,
  };
}

/** Audit the corpus (see the module comment). */
export async function auditCorpus(store: Store, opts: AuditOptions = {}): Promise<AuditSummary> {
  const t0 = performance.now();
  await assertFingerprintVersion(store);
  const version = auditVersion();
  let reset: AuditSummary['reset'] = null;
  const storedVersion = await store.getMeta(META_VERSION);
  if (opts.full) reset = 'full';
  else if (storedVersion !== null && storedVersion !== version) reset = 'rules-changed';
  if (reset !== null) {
    await store.dropAudits('all');
    await store.setMeta(META_WATERMARK, '0');
  }
  if (storedVersion !== version) await store.setMeta(META_VERSION, version);

  const order = await corpusOrder(store);
  const select = selector(opts, order.heads);
  const maxSeq = await store.maxSeq();
  const watermark = Number((await store.getMeta(META_WATERMARK)) ?? '0') || 0;
  const auditedAtStart = await store.auditedSeqs();
  const selected = order.ordered.filter((seq) => select(order.heads.get(seq)!));
  const summary: AuditSummary = {
    articles: order.heads.size,
    selected: selected.length,
    audited: 0,
    reaudited: 0,
    upToDate: 0,
    undated: selected.filter((s) => publishedTime(order.heads.get(s)!.published) === null).length,
    sameTime: order.sameTime,
    reset,
    interrupted: false,
    seconds: 0,
    order: AUDIT_ORDER_RULE,
  };
  const shapesCounted = (await store.shapeCounts([])) !== null;
  const cache = new ArticleCache(DEFAULTS.audit.articleCache);
  const batchSize = Math.max(1, opts.batchSize ?? DEFAULTS.audit.batch);
  const audited = new Set(auditedAtStart);
  // Audits dropped in this run because a late arrival may change them: audited again, in order, in this run.
  const again = new Set<number>();
  let total = selected.filter((s) => !audited.has(s)).length;
  summary.upToDate = selected.length - total;
  let done = 0;
  let lastProgress = 0;
  const progress = (force = false) => {
    const now = performance.now();
    if (!opts.onProgress || (!force && now - lastProgress < DEFAULTS.progressIntervalMs)) return;
    lastProgress = now;
    opts.onProgress(done, total);
  };

  // Work list in audit order; articles that lose their audit join it at their place.
  const work = selected.filter((s) => !audited.has(s));
  let i = 0;
  while (i < work.length) {
    if (opts.signal?.aborted) {
      summary.interrupted = true;
      break;
    }
    const chunk = work.slice(i, i + batchSize);
    i += chunk.length;
    const arts = await store.getArticlesBySeq(chunk);
    const records: AuditRecord[] = [];
    const stale: number[] = [];
    for (const seq of chunk) {
      const a = arts.get(seq);
      if (!a) continue;
      const { record, later } = await auditArticle(store, a, order, cache, shapesCounted);
      records.push(record);
      // A new article (ingested since the last complete run) that was never audited may be earlier than
      // articles already audited: those that share candidates with it are audited again.
      if (seq > watermark && !auditedAtStart.has(seq)) {
        for (const l of later) {
          if (audited.has(l) && !again.has(l)) {
            stale.push(l);
            again.add(l);
          }
        }
      }
      done++;
      progress();
    }
    await store.saveAudits(records, stale);
    for (const r of records) audited.add(r.seq);
    for (const l of stale) audited.delete(l);
    summary.audited += records.length;
    if (stale.length > 0) {
      // Insert them in order among the work still to do (they are later than the article that dropped them).
      const rest = [...work.slice(i), ...stale].sort((a, b) => order.rank.get(a)! - order.rank.get(b)!);
      work.length = i;
      work.push(...rest);
      total += stale.length;
      summary.reaudited += stale.length;
    }
  }
  // A complete pass over the whole corpus: later runs treat only articles above this seq as new.
  if (
    !summary.interrupted &&
    opts.since === undefined &&
    opts.until === undefined &&
    opts.site === undefined
  ) {
    await store.setMeta(META_WATERMARK, String(maxSeq));
  }
  progress(true);
  summary.seconds = Math.round((performance.now() - t0) / 100) / 10;
  return summary;
}

/** One audited article as the audit reports it (`unspun audit --json`: schema/audit-line.schema.json). */
export interface AuditLine {
  id: string;
  url: string | null;
  site: string | null;
  published: string | null;
  /** Sentences of the article, and those traced to an earlier article. */
  sentences: number;
  traced: number;
  /** The id of the likely origin (the earliest substantial source), or null. */
  origin: string | null;
  /** The earlier articles its sentences were traced to, most text first. */
  sources: {
    id: string;
    url: string | null;
    site: string | null;
    published: string | null;
    /** This article's sentences traced to that source, and their share of its sentences. */
    sentences: number;
    share: number;
  }[];
  /** Share of the article's sentences traced to any earlier article. */
  copiedShare: number;
  spinRate: number;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** The stored audits of the selected articles, in audit order (publication time), as report lines. */
export async function* auditResults(store: Store, filter: AuditFilter = {}): AsyncGenerator<AuditLine> {
  const order = await corpusOrder(store);
  if (order.heads.size === 0) return;
  const select = selector(filter, order.heads);
  const records = new Map<number, AuditRecord>();
  for await (const r of store.iterateAudits()) {
    const h = order.heads.get(r.seq);
    if (h && select(h)) records.set(r.seq, r);
  }
  // The article key ("id:…", "url:…" or "hash:…"): what `check` shows, unique in the corpus.
  const idOf = (h: ArticleHead) => h.key;
  for (const seq of order.ordered) {
    const r = records.get(seq);
    if (!r) continue;
    const h = order.heads.get(seq)!;
    const origin = r.origin === null ? undefined : order.heads.get(r.origin);
    yield {
      id: idOf(h),
      url: h.url ?? null,
      site: h.site ?? null,
      published: h.published ?? null,
      sentences: r.sentences,
      traced: r.traced,
      origin: origin ? idOf(origin) : null,
      // Most text first, then earliest (stored rows come in seq order, which depends on ingest order).
      sources: [...r.sources]
        .sort(
          (a, b) =>
            b.characters - a.characters || (order.rank.get(a.seq) ?? 0) - (order.rank.get(b.seq) ?? 0),
        )
        .flatMap((s) => {
          const sh = order.heads.get(s.seq);
          if (!sh) return [];
          return [
            {
              id: idOf(sh),
              url: sh.url ?? null,
              site: sh.site ?? null,
              published: sh.published ?? null,
              sentences: s.sentences,
              share: r.sentences ? round3(s.sentences / r.sentences) : 0,
            },
          ];
        }),
      copiedShare: r.sentences ? round3(r.traced / r.sentences) : 0,
      spinRate: r.spinRate,
    };
  }
}
