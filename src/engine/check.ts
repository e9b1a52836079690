/**
 * `check`: one article in, one Report out. The stages are wired here and do no I/O themselves; the store is read
 * in three batched look-ups (the checked article itself, the candidates of all its sentences, the candidate
 * articles with their sentences).
 */

import { DEFAULTS } from '../defaults.js';
import { analyseEntities, type Entity, findAliasInconsistencies } from '../entities/index.js';
import { UnspunError } from '../errors.js';
import { sentenceShape } from '../fingerprint/shape.js';
import { checkHeadline, type HeadlineModel } from '../headline/index.js';
// articleKey and contentHash from the modules that define them, not ./ingest.js (the ingest pipeline and its workers).
import { articleKey } from '../ingest/identity.js';
import { normaliseDate } from '../ingest/index.js';
import {
  articleRef,
  candidateArticles,
  chooseCandidates,
  isLater,
  needsRewriteStage,
  queryFeatures,
  quoteProvenance,
  type RelatedArticle,
  relatedArticles,
  rewriteCandidates,
  type SentenceTrace,
  siteTemplateLines,
  strongCandidates,
  summarise,
  type TimeRule,
  timeFilter,
  traceRewrites,
  traceSentences,
  untraced,
  untracedDocumentSource,
} from '../match/index.js';
import { normaliseArticle } from '../normalise/index.js';
import {
  extractQuotes,
  MOSTLY_QUOTED_SHARE,
  type Quote,
  quotedShare,
  quoteSpansOf,
} from '../quotes/index.js';
import {
  type ProvenanceSummary,
  REPORT_VERSION,
  type RelatedArticleRef,
  type Report,
  type ReportSentence,
  type SelfEvidenceItem,
} from '../report/types.js';
import { learnedSignatures, selfEvidence } from '../selfevidence/index.js';
import type { SentenceTable, ShapeCount, Store } from '../store/index.js';
import type { Article, ArticleInput, NormalisedArticle, Sentence } from '../types.js';
import { assertFingerprintVersion } from './_fingerprint-version.js';
import { contentHash } from './_ingest-worker.js';
import { defaultCanonicaliser } from './canon.js';
import { trustedPairs } from './learn.js';

export interface CheckOptions {
  /** The corpus to trace sentences against; without one only corpus-free checks run. */
  store?: Store | null;
  /** Skip the headline check (it loads a model). */
  headline?: boolean;
  headlineModel?: HeadlineModel;
  /**
   * The corpus loaded once for many checks (batch check): candidates located in memory and the boilerplate
   * shapes known up front, instead of store look-ups per article. The same answers as without it.
   */
  view?: CorpusView;
  /**
   * Wall-clock budget for the whole check, in ms (default DEFAULTS.limits.articleBudgetMs), counted from
   * `startedAt` (performance.now() when the input began to be read; default: now). Checked between stages:
   * each stage is bounded by the input limits, and past the budget the check fails with TIMEOUT.
   */
  budgetMs?: number;
  startedAt?: number;
  /** What not to count as provenance (all off by default, boilerplate excluded by default). */
  exclude?: Exclusions;
}

export interface CorpusView {
  table: SentenceTable;
  /** Store.boilerplateShapeCounts (null: the corpus's shapes are not counted). */
  boilerplate: ReadonlyMap<number, ShapeCount> | null;
}

/** Load a corpus view (for checking many articles against one store). */
export async function loadCorpusView(store: Store): Promise<CorpusView> {
  const [table, boilerplate] = await Promise.all([
    store.sentenceTable({ maxPostings: DEFAULTS.maxPostings }),
    store.boilerplateShapeCounts(DEFAULTS.boilerplate),
  ]);
  return { table, boilerplate };
}

export async function checkArticle(input: ArticleInput, opts: CheckOptions = {}): Promise<Report> {
  const timings: Record<string, number> = {};
  let t = performance.now();
  const budget = opts.budgetMs ?? DEFAULTS.limits.articleBudgetMs;
  const deadline = (opts.startedAt ?? t) + budget;
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round((now - t) * 100) / 100;
    t = now;
    if (now > deadline) {
      throw new UnspunError(
        'TIMEOUT',
        `checking this article took longer than its ${budget / 1000} s budget (at the ${name} stage; DEFAULTS.limits.articleBudgetMs)`,
      );
    }
  };
  const doc = normaliseArticle(input);
  lap('normalise');
  const store = opts.store ?? null;

  // Provenance (with a corpus).
  let traces: SentenceTrace[] | null = null;
  let sourceArticles = new Map<number, Article>();
  let selfInCorpus: Article | null = null;
  let timeRule: TimeRule | undefined;
  let relatedDocs: RelatedArticleRef[] = [];
  // Sentences that are mostly a direct quotation (by index): left out when the user asks, never an origin's evidence.
  let quoted = new Set<number>();
  if (store) {
    await assertFingerprintVersion(store);
    const byHash = await store.findByHash(contentHash(input.title, input.text));
    const byKey = input.id || input.url ? await store.getArticle(articleKey(input, '')) : null;
    selfInCorpus = byHash ?? byKey;
    // The article itself is not its own source, nor is any version of it (the same URL or id, another text).
    const exclude = new Set<number>(byHash ? [byHash.seq] : []);
    for (const a of [byHash, byKey]) {
      if (a) for (const v of await store.versionsOf(a.key)) exclude.add(v.seq);
    }
    const ex = opts.exclude ?? {};
    // A date given narrows the article's own limit, never widens it: the earlier of the two.
    const given = ex.before ? (normaliseDate(ex.before) ?? badDate(ex.before)) : null;
    const own = input.published ?? null;
    const notAfter = given && own ? (isLater(given, own) ? own : given) : (given ?? own);
    const traced = await trace(doc.sentences, store, exclude, notAfter, opts.view, ex, input.site ?? null);
    quoted = mostlyQuotedSentences(doc);
    traces = applyExclusions(doc, traced.traces, ex, quoted);
    if (given && notAfter === given) traced.time.given = true;
    sourceArticles = traced.articles;
    timeRule = traced.time;
    relatedDocs = traced.related.map(({ seq, relatedness }) => ({
      ...articleRef(traced.articles.get(seq)!),
      relatedness,
    }));
    lap('provenance');
  }

  const sentences: ReportSentence[] = doc.sentences.map((s, i) => {
    const tr = traces?.[i];
    const out: ReportSentence = {
      index: s.index,
      text: s.text,
      start: s.start,
      end: s.end,
      paragraph: s.paragraph,
      sources: tr ? tr.sources.map(({ seq: _seq, ...ref }) => ref) : [],
      substitutions: tr?.substitutions ?? [],
      status: !traces
        ? 'unchecked'
        : tr && tr.sources.length > 0
          ? 'traced'
          : tr?.boilerplate
            ? 'boilerplate'
            : tr?.excluded
              ? 'excluded'
              : 'new',
    };
    if (tr?.excluded) out.excluded = tr.excluded;
    if (tr && tr.sources.length > 0) {
      out.alignment = tr.alignment;
      out.droppedAttribution = tr.droppedAttribution;
      if (tr.derivation) out.derivation = tr.derivation;
      if (tr.rewrite) out.rewrite = tr.rewrite;
    }
    return out;
  });

  // Who is named and who is quoted.
  // One entity analysis, passed to the quote stage (which reads its name mentions and profiles).
  const analysis = analyseEntities(doc);
  const entities: Entity[] = analysis.entities;
  const quotes: Quote[] = extractQuotes(doc, analysis);
  lap('quotes');

  // Headline.
  const headline =
    opts.headline === false || doc.sentences.length === 0
      ? null
      : checkHeadline(
          doc.headline,
          doc.sentences.map((s) => s.text),
          opts.headlineModel,
        );
  lap('headline');

  const learned = store ? learnedSignatures(trustedPairs(await store.learnedPairs())) : [];
  const evidence: SelfEvidenceItem[] = selfEvidence(
    doc.headline,
    doc.text,
    findAliasInconsistencies(entities),
    learned,
  );
  for (const q of quotes) {
    if (q.kind !== 'direct' || q.speaker) continue;
    evidence.push({
      kind: 'unattributed-quote',
      message:
        `the quote “${q.text}” has no speaker in the article` +
        (q.cue ? ` (only “${q.cue}”${q.guess?.canonical ? `; a guess: ${q.guess.canonical}` : ''})` : ''),
      forms: [q.text],
      mentions: [{ text: q.text, start: q.start, end: q.end }],
    });
  }

  // Quotes found in their sources: a speaker named there and missing here is a dropped attribution.
  const qp = traces ? quoteProvenance(quotes, traces, sourceArticles) : null;
  for (const p of qp ?? []) {
    const q = quotes[p.quote]!;
    const sen = sentences[q.sentenceIndex];
    if (p.speakerDropped && sen && !sen.droppedAttribution) {
      sen.droppedAttribution = {
        original: p.source.speaker ?? '',
        spun: q.speaker?.text ?? q.cue ?? '(no speaker)',
      };
    }
  }

  const report: Report = {
    version: REPORT_VERSION,
    article: {
      headline: doc.headline,
      url: input.url ?? null,
      site: input.siteName ?? input.site ?? null,
      siteKey: input.site ?? null,
      published: input.published ?? null,
      byline: input.byline ?? null,
      text: doc.text,
      dateline: doc.dateline?.text ?? null,
    },
    sentences,
    summary: withExclusionNote(
      withRelated(summarise(sentences, traces, selfInCorpus, timeRule, DEFAULTS.match, quoted), relatedDocs),
      store ? opts.exclude : undefined,
    ),
    selfEvidence: evidence,
    headline,
    entities,
    quotes,
    quoteProvenance: qp,
    timings,
  };
  lap('report');
  return report;
}

/** The entries of `map` under `keys`. */
function pick<V>(map: ReadonlyMap<number, V>, keys: readonly number[]): Map<number, V> {
  const out = new Map<number, V>();
  for (const k of keys) {
    const v = map.get(k);
    if (v !== undefined) out.set(k, v);
  }
  return out;
}

/** Provenance: the match stage between two batched store look-ups (and the rewrite stage's, when it runs). */
async function trace(
  sentences: Sentence[],
  store: Store,
  exclude: ReadonlySet<number>,
  published: string | null,
  view?: CorpusView,
  ex: Exclusions = {},
  /** The checked article's site key (its template lines are recognised against its own site's pages). */
  site?: string | null,
): Promise<{
  traces: SentenceTrace[];
  articles: Map<number, Article>;
  time: TimeRule;
  related: { seq: number; relatedness: number }[];
}> {
  const query = queryFeatures(sentences, defaultCanonicaliser());
  const { hits } = await store.findCandidates(query.features, {
    maxPostings: DEFAULTS.maxPostings,
    ...(view ? { table: view.table } : {}),
  });
  const chosen = chooseCandidates(sentences.length, query, hits, exclude);
  const load = (seqs: number[]) =>
    Promise.all([
      store.getArticlesBySeq(seqs),
      view ? new Map(seqs.map((q) => [q, view.table.sentencesOf(q)])) : store.getSentencesOf(seqs),
    ]);
  // Only the candidates traceSentences aligns are loaded (strongCandidates: the articles of retrieval noise, most
  // of what a look-up returns in a big corpus, are not read). That choice holds while none of them is skipped;
  // when one is (a later article, an excluded site), the others are loaded too and all are traced, as they were.
  let aligned = strongCandidates(chosen);
  const [articles, spans] = await load(candidateArticles(aligned));
  const skipped = (arts: ReadonlyMap<number, Article>) => {
    const t = timeFilter(arts, published);
    // Sites left out by the user count as later articles: never sources.
    for (const seq of excludedSites(arts, ex)) t.later.add(seq);
    return t;
  };
  // The time rule's undated count is over the candidates aligned.
  let { later, rule } = skipped(articles);
  if (later.size > 0) {
    const rest = candidateArticles(chosen).filter((q) => !articles.has(q));
    if (rest.length > 0) {
      const [more, moreSpans] = await load(rest);
      for (const [q, a] of more) articles.set(q, a);
      for (const [q, list] of moreSpans) spans.set(q, list);
      later = skipped(articles).later;
    }
    aligned = chosen;
  }
  // Boilerplate: how often the shapes of the checked sentences and of their candidate sources occur.
  let shapes: ReadonlyMap<number, ShapeCount> | undefined;
  if (view) shapes = view.boilerplate ?? undefined;
  else {
    const shapeList = sentences.map((s) => sentenceShape(s.text));
    const wanted = new Set(aligned.flat().map((c) => c.sentenceId));
    for (const [seq, list] of spans) {
      const a = articles.get(seq);
      if (!a) continue;
      for (const sp of list)
        if (wanted.has(sp.sentenceId)) shapeList.push(sentenceShape(a.text.slice(sp.start, sp.end)));
    }
    shapes = (await store.shapeCounts(shapeList)) ?? undefined;
  }
  const loaded = { articles, sentences: spans };
  const boilerplate = ex.boilerplate !== false;
  const traced = traceSentences(sentences, aligned, loaded, {
    skip: later,
    ...(shapes && boilerplate ? { shapes } : {}),
    ...(boilerplate ? {} : { furniture: false }),
  });
  // Lines shared only with unrelated pages of the article's own site are that site's template.
  const spin = boilerplate ? siteTemplateLines(sentences, traced, articles, site) : traced;
  // The rewrite stage, only for what spin tracing left untraced: it weighs the articles sharing the most
  // fingerprints overall (their texts loaded now, when not already), then loads the sentences of the few related
  // enough to be aligned. Later articles are left out by the same time rule (they do not count as undated sources:
  // the rule reports on the candidate sources of the spin stage).
  let related: RelatedArticle[] = [];
  if (needsRewriteStage(spin)) {
    const rewriteSeqs = rewriteCandidates(hits, exclude);
    const absent = rewriteSeqs.filter((q) => !articles.has(q));
    if (absent.length > 0) for (const [q, a] of await store.getArticlesBySeq(absent)) articles.set(q, a);
    const skip = new Set([
      ...later,
      ...timeFilter(pick(articles, absent), published).later,
      ...excludedSites(pick(articles, absent), ex),
    ]);
    related = relatedArticles(sentences, articles, { candidates: rewriteSeqs, skip });
    const missing = related.map((r) => r.seq).filter((q) => !spans.has(q));
    if (missing.length > 0) {
      const more = view
        ? new Map(missing.map((q) => [q, view.table.sentencesOf(q)]))
        : await store.getSentencesOf(missing);
      for (const [q, list] of more) spans.set(q, list);
    }
  }
  const traces = traceRewrites(sentences, spin, related, loaded);
  return { traces, articles, time: rule, related: untracedDocumentSource(related, traces) };
}

/** What a user leaves out of provenance (Turnitin-style exclusions). */
export interface Exclusions {
  /** Sentences that are mostly quotation (a quote is someone's words, often repeated by every report): not traced. */
  quotes?: boolean;
  /** Matches explaining fewer words of the checked sentence than this are dropped. */
  minWords?: number;
  /** Sites never taken as sources (site keys such as "example.com", or site names; case-insensitive). */
  sites?: readonly string[];
  /** Only these sites may be sources. */
  onlySites?: readonly string[];
  /** Only sources published up to this date (ISO 8601), or up to the article's own date when that is earlier
   * (by default the article's own date limits the sources). */
  before?: string;
  /** Boilerplate lines (learned from the corpus or recognised by their form) are never traced; false traces
   * them like any line. Default true. */
  boilerplate?: boolean;
}

function badDate(d: string): never {
  throw new UnspunError(
    'USAGE',
    `the date limit (exclude.before, --before) "${d}" is not a date: use an ISO 8601 date such as 2026-03-01`,
  );
}

const siteMatch = (a: Article, names: readonly string[]): boolean => {
  const own = [a.site, a.siteName]
    .filter((x): x is string => typeof x === 'string')
    .map((x) => x.toLowerCase());
  return names.some((n) => own.includes(n.trim().toLowerCase()));
};

/** The articles of sites the user left out (or of sites outside the ones allowed). */
function excludedSites(articles: ReadonlyMap<number, Article>, ex: Exclusions): number[] {
  const out: number[] = [];
  if (!ex.sites?.length && !ex.onlySites?.length) return out;
  for (const [seq, a] of articles) {
    if (ex.sites?.length && siteMatch(a, ex.sites)) out.push(seq);
    else if (ex.onlySites?.length && !siteMatch(a, ex.onlySites)) out.push(seq);
  }
  return out;
}

/** The sentences (by `index`) that are mostly a direct quotation, by the quotation spans of the quote stage. */
function mostlyQuotedSentences(doc: NormalisedArticle): Set<number> {
  const out = new Set<number>();
  const spans = quoteSpansOf(doc);
  if (spans.length === 0) return out;
  for (const s of doc.sentences) if (quotedShare(doc.text, s, spans) >= MOSTLY_QUOTED_SHARE) out.add(s.index);
  return out;
}

/** Quotation sentences and too-short matches taken out of the traces, as the user asked. */
function applyExclusions(
  doc: NormalisedArticle,
  traces: SentenceTrace[],
  ex: Exclusions,
  quoted: ReadonlySet<number>,
): SentenceTrace[] {
  if (!ex.quotes && !ex.minWords) return traces;
  const sentences = doc.sentences;
  return traces.map((t, i) => {
    if (t.sources.length === 0) return t;
    if (ex.quotes && quoted.has(sentences[i]!.index)) return { ...untraced(), excluded: 'quote' };
    if (ex.minWords) {
      const words = t.derivation === 'rewritten' ? rewrittenWords(sentences[i]!, t) : matchedWords(t);
      if (words < ex.minWords) return { ...untraced(), excluded: 'short' };
    }
    return t;
  });
}

/** Words (function words included) of the checked sentence the alignment copies or swaps from its source. */
function matchedWords(t: SentenceTrace): number {
  return t.alignment.filter(
    (a) => (a.op === 'copy' || a.op === 'substitute') && /[\p{L}\p{N}]/u.test(a.text ?? ''),
  ).length;
}

/** Words of a rewritten sentence its source explains: its words times the share covered. */
function rewrittenWords(s: Sentence, t: SentenceTrace): number {
  const words = s.tokens.filter((k) => /[\p{L}\p{N}]/u.test(k.text)).length;
  return Math.round(words * (t.rewrite?.coverage ?? 0));
}

function withRelated(summary: ProvenanceSummary, related: RelatedArticleRef[]): ProvenanceSummary {
  if (related.length > 0) summary.relatedArticles = related;
  return summary;
}

function withExclusionNote<T extends { exclusionNote?: string }>(summary: T, ex: Exclusions | undefined): T {
  if (!ex) return summary;
  const parts: string[] = [];
  if (ex.quotes) parts.push('sentences that are mostly quotation');
  if (ex.minWords) parts.push(`matches explaining fewer than ${ex.minWords} words`);
  if (ex.sites?.length) parts.push(`sources from ${ex.sites.join(', ')}`);
  if (ex.onlySites?.length) parts.push(`sources from sites other than ${ex.onlySites.join(', ')}`);
  if (ex.before) parts.push(`sources published after ${ex.before}`);
  if (ex.boilerplate === false) parts.push('nothing as boilerplate (boilerplate lines are traced)');
  if (parts.length > 0) summary.exclusionNote = parts.join('; ');
  return summary;
}
