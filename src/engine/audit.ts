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
import { availableParallelism } from 'node:os';
import { DEFAULTS } from '../defaults.js';
import { UnspunError } from '../errors.js';
import { FINGERPRINT_VERSION } from '../fingerprint/index.js';
import { chooseFromPostings } from '../match/candidates.js';
import {
  type Candidate,
  candidateArticles,
  chooseCandidates,
  isSubstantialSource,
  queryFeatures,
  SourceSentenceCache,
  siteTemplateLines,
  strongCandidates,
  traceSentences,
} from '../match/index.js';
import { normaliseArticle } from '../normalise/index.js';
import { MOSTLY_QUOTED_SHARE, quotedShare, quoteSpansOf } from '../quotes/index.js';
import type { ArticleHead, AuditRecord, SentenceTable, ShapeCount, Store } from '../store/index.js';
import type { Article } from '../types.js';
import { assertFingerprintVersion } from './_fingerprint-version.js';
import { defaultCanonicaliser } from './canon.js';
import { WORKER_BOOT, workerModule } from './worker-boot.js';

/** The ordering rule, as reported to users. */
export const AUDIT_ORDER_RULE =
  'articles are ordered by publication time (a date alone is midnight UTC), equal times by article key, undated ' +
  'articles after all dated ones (by key); each article is traced against the articles before it';

const META_VERSION = 'audit_version';
const META_WATERMARK = 'audit_watermark';
const META_COMMON = 'audit_common_fingerprints';

/** What the audit results depend on besides the corpus: a change re-audits everything. */
export function auditVersion(): string {
  const rules = JSON.stringify({
    match: DEFAULTS.match,
    boilerplate: DEFAULTS.boilerplate,
    maxPostings: DEFAULTS.maxPostings,
    candidatesPerSentence: DEFAULTS.candidatesPerSentence,
    nearEqual: DEFAULTS.audit.nearEqualSimilarity,
    template: {
      lines: DEFAULTS.rewrite.templateMaxLines,
      similarity: DEFAULTS.rewrite.templateMinSimilarity,
      related: DEFAULTS.rewrite.relatedThreshold,
      anchorFloor: DEFAULTS.rewrite.anchorFloor,
    },
  });
  // 2: origins and the quoted-sentence counts from quotation spans across sentences (no origin on quotations);
  // lines shared only with unrelated pages of one's own site are template lines.
  return `2/${FINGERPRINT_VERSION}/${createHash('sha256').update(rules).digest('hex').slice(0, 12)}`;
}

export interface AuditFilter {
  /** Only articles published on or after this date (ISO date or date-time)... */
  since?: string;
  /** ...and on or before this one (a date alone includes the whole day). */
  until?: string;
  /** Only articles of this site (site key or name). */
  site?: string;
  /**
   * Sites left out of the copy analysis (site keys or names, case-insensitive): their articles are neither
   * listed nor counted as sources (a partner whose copies are licensed, the user's own site)...
   */
  excludeSites?: readonly string[];
  /** ...or the only sites kept. */
  onlySites?: readonly string[];
}

/**
 * Which articles the site exclusions keep (every article without them). A named site that no article has is a
 * NOT_FOUND error: a misspelt exclusion would otherwise silently exclude nothing.
 */
export function siteRule(
  filter: AuditFilter,
  heads: Map<number, ArticleHead>,
): (h: ArticleHead | undefined) => boolean {
  const norm = (xs: readonly string[] | undefined) =>
    (xs ?? []).map((x) => x.trim().toLowerCase()).filter(Boolean);
  const out = new Set(norm(filter.excludeSites));
  const only = new Set(norm(filter.onlySites));
  if (out.size === 0 && only.size === 0) return () => true;
  const names = (h: ArticleHead) =>
    [h.site?.toLowerCase(), h.siteName?.toLowerCase()].filter(Boolean) as string[];
  const seen = new Set<string>();
  for (const h of heads.values()) for (const n of names(h)) seen.add(n);
  for (const n of [...out, ...only]) {
    if (!seen.has(n))
      throw new UnspunError('NOT_FOUND', `no article of site "${n}" in the corpus`, { subject: n });
  }
  return (h) => {
    if (!h) return false;
    const mine = names(h);
    if (mine.some((n) => out.has(n))) return false;
    return only.size === 0 || mine.some((n) => only.has(n));
  };
}

/**
 * An audit with the sources of left-out sites removed: the origin chosen again among the sources kept (the
 * earliest substantial one), and `traced` the sentences traced to them (when a sentence had two sources, one of
 * them left out, it is still counted: an upper bound, exact for the usual one source a sentence).
 */
export function withoutSites(
  r: AuditRecord,
  keep: (h: ArticleHead | undefined) => boolean,
  order: Pick<CorpusOrder, 'heads' | 'rank'>,
): AuditRecord {
  const sources = r.sources.filter((s) => keep(order.heads.get(s.seq)));
  if (sources.length === r.sources.length) return r;
  const origin =
    r.origin !== null && sources.some((s) => s.seq === r.origin)
      ? r.origin
      : ([...sources]
          .filter((c) => isSubstantialSource(proseOf(c), r.characters))
          .sort((a, b) => (order.rank.get(a.seq) ?? 0) - (order.rank.get(b.seq) ?? 0))[0]?.seq ?? null);
  const traced = Math.min(
    r.traced,
    sources.reduce((n, s) => n + s.sentences, 0),
  );
  return { ...r, sources, origin, traced };
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
  /** Worker threads (default: one per core up to DEFAULTS.audit.maxWorkers, for DEFAULTS.audit.workersMinArticles
   * articles or more, on a store in a file; 0 = audit on the calling thread). */
  workers?: number;
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
  /** Worker threads the run used (0: the calling thread). */
  workers: number;
}

/** The order of the corpus: each article's rank, by (time, key), undated last. */
export interface CorpusOrder {
  heads: Map<number, ArticleHead>;
  rank: Map<number, number>;
  /** Article seqs in audit order. */
  ordered: number[];
  undated: number;
  sameTime: number;
  /**
   * For articles stored in several versions (the same URL or id, another text), each version's seq -> the seq
   * of the newest version: the article is audited, and counted as a source, once, as its newest version.
   */
  docOf: Map<number, number>;
  /** Versions replaced by a later one: not audited themselves (they remain candidate sources of others). */
  superseded: Set<number>;
}

/** The seq that stands for an article's every version (its newest), or `seq` for an article with one version. */
export function representative(order: Pick<CorpusOrder, 'docOf'>, seq: number): number {
  return order.docOf.get(seq) ?? seq;
}

/**
 * An audit as the article level sees it: sources that are versions of one article merged into one (the
 * newest version's seq), the origin mapped the same way; null for the audit of a replaced version (stale since
 * the newer version arrived: the newer one is audited instead).
 */
export function articleLevelAudit(
  order: Pick<CorpusOrder, 'docOf' | 'superseded'>,
  r: AuditRecord,
): AuditRecord | null {
  if (order.superseded.has(r.seq)) return null;
  if (order.docOf.size === 0) return r;
  let changed = false;
  const merged = new Map<number, AuditRecord['sources'][number]>();
  for (const s of r.sources) {
    const seq = representative(order, s.seq);
    if (seq !== s.seq) changed = true;
    const m = merged.get(seq);
    if (m) {
      changed = true;
      m.sentences += s.sentences;
      m.characters += s.characters;
      m.quoted += s.quoted;
    } else merged.set(seq, { ...s, seq });
  }
  const origin = r.origin === null ? null : representative(order, r.origin);
  if (!changed && origin === r.origin) return r;
  return { ...r, origin, sources: [...merged.values()] };
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
  // Articles with several versions: their versions' seqs, and the newest.
  const versions = new Map<string, { seqs: number[]; newest: number }>();
  const superseded = new Set<number>();
  for await (const h of store.iterateHeads()) {
    heads.set(h.seq, h);
    if (h.version !== undefined) {
      let v = versions.get(h.key);
      if (!v) {
        v = { seqs: [], newest: h.seq };
        versions.set(h.key, v);
      }
      v.seqs.push(h.seq);
      if (h.latest === false) superseded.add(h.seq);
      else v.newest = h.seq;
    }
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
  const docOf = new Map<number, number>();
  for (const v of versions.values()) for (const seq of v.seqs) docOf.set(seq, v.newest);
  return { heads, rank, ordered: items.map((i) => i.seq), undated, sameTime, docOf, superseded };
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
  const keep = siteRule(filter, heads);
  return (h) => {
    if (!keep(h)) return false;
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
  /** Their sentences prepared for alignment, kept across articles too. */
  readonly sentences = new SourceSentenceCache(DEFAULTS.audit.sentenceCache);
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
  order: Pick<CorpusOrder, 'rank' | 'docOf'>,
  cache: ArticleCache,
  /** The corpus's boilerplate shapes (Store.boilerplateShapeCounts), loaded once per run; null: none known. */
  boilerplate: ReadonlyMap<number, ShapeCount> | null,
  table?: SentenceTable,
  /** false: the later articles sharing candidates are not wanted (no article after this one was audited before
   * this run), and their sentences are not even retrieved. */
  wantLater = true,
): Promise<{ record: AuditRecord; later: Set<number> }> {
  const doc = normaliseArticle(article);
  const myRank = order.rank.get(article.seq) ?? Number.POSITIVE_INFINITY;
  const me = representative(order, article.seq);
  // Candidates: articles before it, never a version of itself.
  const before = {
    has: (seq: number) =>
      !((order.rank.get(seq) ?? Number.POSITIVE_INFINITY) < myRank) || representative(order, seq) === me,
  };
  const query = queryFeatures(doc.sentences, defaultCanonicaliser());
  const later = new Set<number>();
  const noteLater = (seq: number) => {
    if (representative(order, seq) !== me && (order.rank.get(seq) ?? -1) > myRank)
      later.add(representative(order, seq));
  };
  const rankOf = (seq: number) => order.rank.get(seq) ?? Number.MAX_SAFE_INTEGER;
  const restrict = wantLater
    ? {}
    : {
        keep: (seq: number) => !before.has(seq),
        ...(table ? { maxSentenceId: sentenceBound(order.rank, table, myRank) } : {}),
      };
  const view = table?.postingsView();
  let all: Candidate[][];
  if (view) {
    // Postings in memory: hits counted in place, objects only for the candidates kept (the same choice).
    all = chooseFromPostings(view, query, doc.sentences.length, {
      maxPostings: DEFAULTS.maxPostings,
      ...restrict,
      exclude: before,
      order: rankOf,
      ...(wantLater ? { onArticle: noteLater } : {}),
    });
  } else {
    const { hits } = await store.findCandidates(query.features, {
      maxPostings: DEFAULTS.maxPostings,
      ...(table ? { table } : {}),
      ...restrict,
    });
    for (const h of hits) noteLater(h.articleSeq);
    all = chooseCandidates(doc.sentences.length, query, hits, before, undefined, rankOf);
  }
  // Only the candidates that will be aligned: the articles of weaker ones are not loaded.
  const chosen = strongCandidates(all);
  const seqs = candidateArticles(chosen);
  const [articles, spans] = await Promise.all([
    cache.load(store, seqs),
    table ? new Map(seqs.map((q) => [q, table.sentencesOf(q)])) : store.getSentencesOf(seqs),
  ]);
  // Lines shared only with unrelated pages of the article's own site are that site's template (as in a check).
  const traces = siteTemplateLines(
    doc.sentences,
    traceSentences(
      doc.sentences,
      chosen,
      { articles, sentences: spans },
      {
        nearEqualSimilarity: DEFAULTS.audit.nearEqualSimilarity,
        sourceCache: cache.sentences,
        order: rankOf,
        ...(boilerplate ? { shapes: boilerplate } : {}),
      },
    ),
    articles,
    article.site,
  );
  const bySource = new Map<number, { seq: number; sentences: number; characters: number; quoted: number }>();
  // Characters of each source's sentences that are mostly a direct quotation (they name no origin, as in a check).
  const quotedChars = new Map<number, number>();
  const quoteSpans = quoteSpansOf(doc);
  let traced = 0;
  let furniture = 0;
  let aligned = 0;
  let swapped = 0;
  let totalChars = 0;
  doc.sentences.forEach((s, i) => {
    const tr = traces[i]!;
    totalChars += s.end - s.start;
    if (tr.boilerplate) furniture++;
    if (tr.sources.length === 0) return;
    traced++;
    aligned += tr.alignedWords;
    swapped += tr.swappedWords;
    const quoted = quoteSpans.length > 0 && quotedShare(doc.text, s, quoteSpans) >= MOSTLY_QUOTED_SHARE;
    // One entry per source article, whichever of its versions gave the sentence (two versions of one article
    // explaining one sentence count once).
    const reps = new Set(tr.sources.map((x) => representative(order, x.seq)));
    for (const seq of reps) {
      let c = bySource.get(seq);
      if (!c) {
        c = { seq, sentences: 0, characters: 0, quoted: 0 };
        bySource.set(seq, c);
      }
      c.sentences++;
      const share = Math.round((s.end - s.start) / reps.size);
      if (quoted) {
        c.quoted++;
        quotedChars.set(seq, (quotedChars.get(seq) ?? 0) + share);
      }
      c.characters += share;
    }
  });
  const sources = [...bySource.values()].sort(
    (a, b) => b.characters - a.characters || (order.rank.get(a.seq) ?? 0) - (order.rank.get(b.seq) ?? 0),
  );
  const substantial = sources
    .filter((c) =>
      isSubstantialSource(
        { sentences: c.sentences - c.quoted, characters: c.characters - (quotedChars.get(c.seq) ?? 0) },
        totalChars,
      ),
    )
    .sort((a, b) => (order.rank.get(a.seq) ?? 0) - (order.rank.get(b.seq) ?? 0));
  return {
    record: {
      seq: article.seq,
      sentences: doc.sentences.length,
      traced,
      characters: totalChars,
      boilerplate: furniture,
      spinRate: aligned ? Math.round((swapped / aligned) * 1000) / 1000 : 0,
      origin: substantial[0]?.seq ?? null,
      sources,
    },
    later,
  };
}

/** How many sentences a corpus may have for the audit to hold its postings in memory (each sentence keeps at most
 * fingerprintsPerSentence fingerprints: DEFAULTS.audit.memoryPostings postings at most). */
const memoryPostingSentences = () =>
  Math.floor(DEFAULTS.audit.memoryPostings / DEFAULTS.fingerprintsPerSentence);

/** Per audit rank, the highest sentence id of the articles ranked before it (built once per run and table). */
const boundsCache = new WeakMap<ReadonlyMap<number, number>, { table: SentenceTable; bounds: Int32Array }>();

/**
 * The highest sentence id any article ranked before `at` holds: the articles before an article are its only
 * candidates, so the postings of higher sentences need not be read (in a corpus ingested in publication order,
 * about half of them).
 */
function sentenceBound(rank: ReadonlyMap<number, number>, table: SentenceTable, at: number): number {
  let c = boundsCache.get(rank);
  if (!c || c.table !== table) {
    let top = -1;
    for (const r of rank.values()) if (r > top) top = r;
    const seqAt = new Int32Array(top + 1).fill(-1);
    for (const [seq, r] of rank) if (r >= 0) seqAt[r] = seq;
    const bounds = new Int32Array(seqAt.length + 1);
    let max = -1;
    for (let r = 0; r < seqAt.length; r++) {
      bounds[r] = max;
      if (seqAt[r]! >= 0) max = Math.max(max, table.lastSentenceOf(seqAt[r]!));
    }
    bounds[seqAt.length] = max;
    c = { table, bounds };
    boundsCache.set(rank, c);
  }
  if (!Number.isFinite(at)) return c.bounds[c.bounds.length - 1]!;
  return c.bounds[Math.max(0, Math.min(at, c.bounds.length - 1))]!;
}

/**
 * What a stored source gave outside direct quotations, for choosing an origin again (a check and the audit name no
 * origin on quotations: independent reports of one event quote the speaker word for word). Stored sources keep the
 * number of quoted sentences, not their characters: those are taken in proportion.
 */
function proseOf(c: { sentences: number; characters: number; quoted: number }): {
  sentences: number;
  characters: number;
} {
  const prose = c.sentences - c.quoted;
  return {
    sentences: prose,
    characters: c.sentences > 0 ? Math.round((c.characters * prose) / c.sentences) : 0,
  };
}

/** Audit the corpus (see the module comment). */
export async function auditCorpus(
  store: Store,
  opts: AuditOptions & { location?: string | null } = {},
): Promise<AuditSummary> {
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
  // Site exclusions shape what is shown (auditResults, the network), not what is audited: every article of the
  // selection is audited, so that the stored audit stays complete whatever is shown later.
  const select = selector({ since: opts.since, until: opts.until, site: opts.site }, order.heads);
  siteRule(opts, order.heads);
  const maxSeq = await store.maxSeq();
  const watermark = Number((await store.getMeta(META_WATERMARK)) ?? '0') || 0;
  const auditedAtStart = await store.auditedSeqs();
  const selected = order.ordered.filter((seq) => !order.superseded.has(seq) && select(order.heads.get(seq)!));
  // A version replaced since it was audited: its audit is stale (the newest version is audited instead).
  const replaced = [...auditedAtStart].filter((seq) => order.superseded.has(seq));
  if (replaced.length > 0) {
    await store.dropAudits(replaced);
    for (const seq of replaced) auditedAtStart.delete(seq);
  }
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
    workers: 0,
  };
  // Fingerprints held by too many sentences are ignored by candidate look-ups, so a fingerprint that became too
  // common since the last complete run changes the candidates of the audited articles that hold it: they are
  // audited again (the audit then matches a fresh audit of the corpus, whatever the order it arrived in).
  const common = await store.commonFingerprints(DEFAULTS.maxPostings);
  if (watermark > 0 && maxSeq > watermark) {
    const before = new Set(((await store.getMeta(META_COMMON)) ?? '').split(',').filter(Boolean).map(Number));
    const newly = common.filter((f) => !before.has(f));
    const affected = (await store.articlesWithFingerprints(newly)).filter((s) => auditedAtStart.has(s));
    if (affected.length > 0) {
      await store.dropAudits(affected);
      for (const s of affected) auditedAtStart.delete(s);
      summary.reaudited += affected.filter((s) => select(order.heads.get(s)!)).length;
    }
  }
  const work = selected.filter((s) => !auditedAtStart.has(s));
  // The later articles an article shares candidates with matter only when one of them was audited before this
  // run (see accept below): for an article ranked after every one of those, they are not even retrieved.
  let lastAuditedRank = -1;
  for (const seq of auditedAtStart) lastAuditedRank = Math.max(lastAuditedRank, order.rank.get(seq) ?? -1);
  const wantLater = (seq: number) =>
    seq > watermark &&
    !auditedAtStart.has(seq) &&
    (order.rank.get(seq) ?? Number.POSITIVE_INFINITY) < lastAuditedRank;
  summary.upToDate = selected.length - work.length;
  const batchSize = Math.max(1, opts.batchSize ?? DEFAULTS.audit.batch);
  const boilerplate = work.length > 0 ? await store.boilerplateShapeCounts(DEFAULTS.boilerplate) : null;
  let total = work.length;
  let done = 0;
  let lastProgress = 0;
  const progress = (force = false) => {
    const now = performance.now();
    if (!opts.onProgress || (!force && now - lastProgress < DEFAULTS.progressIntervalMs)) return;
    lastProgress = now;
    opts.onProgress(done, total);
  };

  const pool = work.length > 0 ? await startPool(store, opts, order, boilerplate, work.length) : null;
  summary.workers = pool?.size ?? 0;
  // Audits dropped in this run because a late arrival may change them: audited again in this run.
  const again = new Set<number>();
  let pending: AuditRecord[] = [];
  let pendingStale: number[] = [];
  const flush = async () => {
    if (pending.length === 0 && pendingStale.length === 0) return;
    await store.saveAudits(pending, pendingStale);
    summary.audited += pending.length;
    pending = [];
    pendingStale = [];
  };
  const accept = (results: { record: AuditRecord; later: Iterable<number> }[]) => {
    for (const { record, later } of results) {
      pending.push(record);
      // A new article (ingested since the last complete run) that was never audited may be earlier than
      // articles already audited: those that share candidates with it are audited again. Articles audited in
      // this run already saw it (every article was in the store when the run began).
      const seq = record.seq;
      if (seq > watermark && !auditedAtStart.has(seq)) {
        for (const l of later) {
          if (auditedAtStart.has(l) && !again.has(l)) {
            again.add(l);
            pendingStale.push(l);
            work.push(l);
            total++;
            summary.reaudited++;
          }
        }
      }
      done++;
    }
    progress();
  };

  const chunkSize = pool ? DEFAULTS.audit.workerChunk : batchSize;
  let next = 0;
  try {
    if (pool) {
      // Up to two chunks in flight per worker; results are saved in batches as they come back.
      const inFlight = new Map<number, Promise<{ key: number; results: AuditTaskOutput }>>();
      let key = 0;
      const dispatch = () => {
        while (!opts.signal?.aborted && next < work.length && inFlight.size < pool.size * 2) {
          const chunk = work.slice(next, next + chunkSize);
          next += chunk.length;
          const k = key++;
          inFlight.set(
            k,
            pool.run(chunk, chunk.filter(wantLater)).then((results) => ({ key: k, results })),
          );
        }
      };
      dispatch();
      while (inFlight.size > 0) {
        const { key: k, results } = await Promise.race(inFlight.values());
        inFlight.delete(k);
        accept(results);
        if (pending.length >= batchSize) await flush();
        dispatch();
      }
    } else {
      const cache = new ArticleCache(DEFAULTS.audit.articleCache);
      const table =
        work.length > 0
          ? await store.sentenceTable({
              maxPostings: DEFAULTS.maxPostings,
              postingsUpToSentences: memoryPostingSentences(),
            })
          : undefined;
      while (next < work.length && !opts.signal?.aborted) {
        const chunk = work.slice(next, next + chunkSize);
        next += chunk.length;
        const arts = await store.getArticlesBySeq(chunk);
        const results: { record: AuditRecord; later: Set<number> }[] = [];
        for (const seq of chunk) {
          const a = arts.get(seq);
          if (a) results.push(await auditArticle(store, a, order, cache, boilerplate, table, wantLater(seq)));
        }
        accept(results);
        await flush();
      }
    }
    await flush();
  } finally {
    await pool?.close();
  }
  summary.interrupted = next < work.length;
  // A complete pass over the whole corpus: later runs treat only articles above this seq as new.
  if (
    !summary.interrupted &&
    opts.since === undefined &&
    opts.until === undefined &&
    opts.site === undefined
  ) {
    await store.setMeta(META_WATERMARK, String(maxSeq));
    await store.setMeta(META_COMMON, common.join(','));
  }
  progress(true);
  summary.seconds = Math.round((performance.now() - t0) / 100) / 10;
  return summary;
}

type AuditTaskOutput = { record: AuditRecord; later: Iterable<number> }[];

interface AuditPool {
  size: number;
  /** Audit these articles; `later`: those whose later articles are wanted (see auditArticle). */
  run(seqs: number[], later: number[]): Promise<AuditTaskOutput>;
  close(): Promise<void>;
}

/**
 * Worker threads for a large audit of a store in a file (null: audit on this thread). Every task settles: with
 * the worker's results, or, if the worker fails, with results computed on this thread.
 */
async function startPool(
  store: Store,
  opts: AuditOptions & { location?: string | null },
  order: CorpusOrder,
  boilerplate: ReadonlyMap<number, ShapeCount> | null,
  articles: number,
): Promise<AuditPool | null> {
  const location = opts.location;
  const wanted =
    opts.workers ??
    (articles >= DEFAULTS.audit.workersMinArticles
      ? Math.min(availableParallelism(), DEFAULTS.audit.maxWorkers)
      : 0);
  if (!location || wanted <= 0 || location === ':memory:' || store.kind !== 'sqlite') return null;
  const { Worker } = await import('node:worker_threads');
  const { AUDIT_WORKER_TAG } = await import('./_audit-worker.js');
  type AuditWorkerData = import('./_audit-worker.js').AuditWorkerData;
  // One sentence table with the postings, in shared memory: every worker reads it, none loads its own.
  const table = (
    await store.sentenceTable({
      maxPostings: DEFAULTS.maxPostings,
      postingsUpToSentences: memoryPostingSentences(),
    })
  ).toShared();
  const data = {
    tag: AUDIT_WORKER_TAG,
    ...workerModule('./_audit-worker', import.meta.url),
    location,
    ordered: Int32Array.from(order.ordered),
    docOf: Int32Array.from([...order.docOf].flat()),
    boilerplate,
    table: table.data,
  } satisfies AuditWorkerData;
  // Local fallback (a worker that fails): the same work on this thread.
  let local: { cache: ArticleCache; table: SentenceTable } | null = null;
  const runLocally = async (seqs: number[], later: number[]): Promise<AuditTaskOutput> => {
    local ??= { cache: new ArticleCache(DEFAULTS.audit.articleCache), table };
    const arts = await store.getArticlesBySeq(seqs);
    const out: AuditTaskOutput = [];
    const wanted = new Set(later);
    for (const seq of seqs) {
      const a = arts.get(seq);
      if (a)
        out.push(await auditArticle(store, a, order, local.cache, boilerplate, local.table, wanted.has(seq)));
    }
    return out;
  };
  type Slot = {
    w: InstanceType<typeof Worker>;
    tasks: Map<number, { seqs: number[]; later: number[]; done: (r: Promise<AuditTaskOutput>) => void }>;
  };
  const slots: Slot[] = [];
  for (let i = 0; i < wanted; i++) {
    let w: InstanceType<typeof Worker>;
    try {
      w = new Worker(WORKER_BOOT, {
        eval: true,
        workerData: data,
        resourceLimits: { maxOldGenerationSizeMb: DEFAULTS.audit.workerHeapMb },
      });
    } catch {
      break;
    }
    const slot: Slot = { w, tasks: new Map() };
    const fail = () => {
      const at = slots.indexOf(slot);
      if (at >= 0) slots.splice(at, 1);
      for (const t of slot.tasks.values()) t.done(runLocally(t.seqs, t.later));
      slot.tasks.clear();
      void w.terminate();
    };
    w.on('message', (m: import('./_audit-worker.js').AuditTaskResult) => {
      const t = slot.tasks.get(m.id);
      if (!t) return;
      slot.tasks.delete(m.id);
      t.done('error' in m ? runLocally(t.seqs, t.later) : Promise.resolve(m.results));
    });
    w.on('error', fail);
    w.on('exit', fail);
    w.on('messageerror', fail);
    slots.push(slot);
  }
  if (slots.length === 0) return null;
  let taskId = 0;
  let rr = 0;
  return {
    size: slots.length,
    run(seqs, later) {
      const slot = slots[rr++ % Math.max(1, slots.length)];
      if (!slot) return runLocally(seqs, later);
      const id = taskId++;
      return new Promise<Promise<AuditTaskOutput>>((done) => {
        slot.tasks.set(id, { seqs, later, done });
        slot.w.postMessage({ id, seqs, later } satisfies import('./_audit-worker.js').AuditTask);
      }).then((p) => p);
    },
    async close() {
      const ws = slots.splice(0);
      for (const s of ws) s.w.removeAllListeners('exit');
      await Promise.all(ws.map((s) => s.w.terminate()));
    },
  };
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
    /** This article's sentences traced to that source, and their share of its sentences... */
    sentences: number;
    share: number;
    /** ...and how many of them are mostly a direct quotation (weak evidence of copying). */
    quoted: number;
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
  const keep = siteRule(filter, order.heads);
  const records = new Map<number, AuditRecord>();
  for await (const stored of store.iterateAudits()) {
    const r = articleLevelAudit(order, stored);
    const h = r && order.heads.get(r.seq);
    if (r && h && select(h)) records.set(r.seq, withoutSites(r, keep, order));
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
              quoted: s.quoted,
            },
          ];
        }),
      copiedShare: r.sentences ? round3(r.traced / r.sentences) : 0,
      spinRate: r.spinRate,
    };
  }
}
