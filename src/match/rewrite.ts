/**
 * Rewritten sentences: the spin traces (trace.ts) completed with paraphrase traces (src/rewrite) from the
 * candidate articles most related to the checked article, and every traced sentence labelled with how it was
 * derived: copied (near-verbatim), spun (word swaps) or rewritten (paraphrase). Pure.
 */
import { DEFAULTS } from '../defaults.js';
import { tokenize } from '../normalise/index.js';
import {
  alignRewrites,
  type DocProfile,
  factPhrases,
  prepareRewriteSentence,
  type RewriteOptions,
  type RewriteSentence,
  type RewriteSource,
  relatedness,
  textProfile,
} from '../rewrite/index.js';
import type { CandidateHit, StoredSentence } from '../store/index.js';
import type { Article, Sentence } from '../types.js';
import { type Loaded, type SentenceTrace, sourceRef, untraced } from './trace.js';

/** The articles sharing the most fingerprints with the checked article (summed over its sentences). */
export function rewriteCandidates(
  hits: readonly CandidateHit[],
  exclude: { has(seq: number): boolean },
  n: number = DEFAULTS.rewrite.candidateArticles,
  minShare: number = DEFAULTS.rewrite.candidateMinShare,
): number[] {
  const per = new Map<number, number>();
  for (const h of hits) {
    if (exclude.has(h.articleSeq)) continue;
    per.set(h.articleSeq, (per.get(h.articleSeq) ?? 0) + h.shared.length);
  }
  const ranked = [...per].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, n);
  // Articles sharing a small fraction of the best one's fingerprints are not weighed (each costs a profile).
  const floor = (ranked[0]?.[1] ?? 0) * minShare;
  return ranked.filter(([, h]) => h >= floor).map(([seq]) => seq);
}

/** A candidate article as the rewrite stage weighs it. */
export interface RewriteArticle {
  profile: DocProfile;
}

/** An article's profile (its sentences are prepared later, only when it is aligned). */
export function prepareArticle(
  article: Article,
  o: Pick<RewriteOptions, 'anchorFloor'> = DEFAULTS.rewrite,
): RewriteArticle {
  // Tokenise a bounded prefix (about six characters a token): the profile of a very long text is dominated by
  // its common words anyway.
  return { profile: textProfile(tokenize(article.text.slice(0, PROFILE_TOKENS * 6)), o) };
}

/** The sentences of an aligned article, prepared for matching. */
function sentencesOf(
  article: Article,
  spans: readonly StoredSentence[],
): { start: number; end: number; prepared: RewriteSentence }[] {
  return spans.map((sp) => ({
    start: sp.start,
    end: sp.end,
    prepared: prepareRewriteSentence(tokenize(article.text.slice(sp.start, sp.end), sp.start)),
  }));
}

export interface RewriteTraceOptions {
  /** Candidate articles to weigh (rewriteCandidates), most fingerprints first. */
  candidates: readonly number[];
  /** Articles that may not be sources (published after the checked article). */
  skip?: ReadonlySet<number>;
  options?: Partial<RewriteOptions>;
}

/** Words of a candidate article read for its profile: a long transcript is judged by its first part. */
const PROFILE_TOKENS = 2000;

/** A related candidate article: how related, and its preparation. */
export interface RelatedArticle {
  seq: number;
  relatedness: number;
  /** Far more related than any other candidate (see DEFAULTS.rewrite.dominance). */
  dominant: boolean;
  prepared: RewriteArticle;
}

/**
 * The candidate articles related enough to the checked one to be aligned sentence by sentence, most related
 * first. Needs only the articles' texts: the engine then loads the sentences of these few (`traceRewrites`).
 */
export function relatedArticles(
  sentences: readonly Sentence[],
  articles: ReadonlyMap<number, Article>,
  opts: RewriteTraceOptions,
): RelatedArticle[] {
  const o: RewriteOptions = { ...DEFAULTS.rewrite, ...opts.options };
  const qp = textProfile(
    sentences.flatMap((s) => s.tokens),
    o,
  );
  const out: RelatedArticle[] = [];
  for (const seq of opts.candidates) {
    if (opts.skip?.has(seq)) continue;
    const art = articles.get(seq);
    if (!art) continue;
    const p = prepareArticle(art, o);
    const r = relatedness(qp, p.profile);
    out.push({ seq, relatedness: r, prepared: p, dominant: false });
  }
  out.sort((a, b) => b.relatedness - a.relatedness || a.seq - b.seq);
  const best = out[0]?.relatedness ?? 0;
  // The one article that stands out (far more related than any other candidate) is the document's source; when
  // several are about as related (reports of one event by several outlets), none is.
  if (out[0] && best >= o.strongRelated && best >= o.dominance * (out[1]?.relatedness ?? 0))
    out[0].dominant = true;
  return out
    .filter((x) => x.relatedness >= o.relatedThreshold && x.relatedness >= best * o.relatedShareOfBest)
    .slice(0, o.alignArticles);
}

/**
 * The article the checked one was written from as a whole: far more related than any other candidate (`dominant`)
 * and at least `documentRelatedness` related (a rewrite of it scores 0.4-0.9, another report of the event 0.1-0.3).
 */
export function isDocumentSource(
  r: RelatedArticle,
  o: Pick<RewriteOptions, 'documentRelatedness'> = DEFAULTS.rewrite,
): boolean {
  return r.dominant && r.relatedness >= o.documentRelatedness;
}

/**
 * The document's source when none of its sentences was traced (`traces`, after `traceRewrites`): named as a
 * related article, at the document level only.
 */
export function untracedDocumentSource(
  related: readonly RelatedArticle[],
  traces: readonly SentenceTrace[],
  o: Pick<RewriteOptions, 'documentRelatedness'> = DEFAULTS.rewrite,
): { seq: number; relatedness: number }[] {
  const top = related[0];
  if (!top || !isDocumentSource(top, o)) return [];
  if (traces.some((t) => t.sources.some((x) => x.seq === top.seq))) return [];
  return [{ seq: top.seq, relatedness: Math.round(top.relatedness * 1000) / 1000 }];
}

/**
 * Lines a page shares only with an unrelated page of its own site are the site's template (a "popular video"
 * widget, an archive list, an author line, a disclaimer), however few pages of the corpus hold them (the learned
 * boilerplate needs DEFAULTS.boilerplate.minSiteArticles): a traced sentence whose sources are all articles of
 * the checked article's site that are not related to it as a whole (rarity-weighted word profiles under
 * `relatedThreshold`; another version or follow-up of one story is related) becomes boilerplate. Returns new
 * traces; `traces` is not changed. No site, no change.
 */
export function siteTemplateLines(
  sentences: readonly Sentence[],
  traces: readonly SentenceTrace[],
  articles: ReadonlyMap<number, Article>,
  site: string | null | undefined,
  o: Pick<
    RewriteOptions,
    'relatedThreshold' | 'anchorFloor' | 'templateMaxLines' | 'templateMinSimilarity'
  > = DEFAULTS.rewrite,
): SentenceTrace[] {
  if (!site) return [...traces];
  const sameSite = (seq: number) => articles.get(seq)?.site === site;
  if (!traces.some((t) => t.sources.length > 0 && t.sources.every((x) => sameSite(x.seq))))
    return [...traces];
  // Relatedness is weighed on the checked article without the lines it shares with that page (shared template
  // lines would make any two pages of a site look related); a page that gives half the article or more is related.
  const related = new Map<number, boolean>();
  const isRelated = (seq: number) => {
    let r = related.get(seq);
    if (r === undefined) {
      const rest = sentences.filter((_, i) => !traces[i]!.sources.some((x) => x.seq === seq));
      // A page that gives most of the article is the same page again (a republication), not a template.
      r =
        rest.length * 2 <= sentences.length ||
        relatedness(
          textProfile(
            rest.flatMap((x) => x.tokens),
            o,
          ),
          prepareArticle(articles.get(seq)!, o).profile,
        ) >= o.relatedThreshold;
      related.set(seq, r);
    }
    return r;
  };
  // Template lines are copied word for word, and a few of them: a page that gives more, or reworded, is an excerpt.
  const given = new Map<number, number>();
  for (const t of traces)
    for (const seq of new Set(t.sources.map((x) => x.seq))) given.set(seq, (given.get(seq) ?? 0) + 1);
  const template = (t: SentenceTrace) =>
    t.sources.length > 0 &&
    t.substitutions.length === 0 &&
    t.sources.every(
      (x) =>
        sameSite(x.seq) &&
        x.similarity >= o.templateMinSimilarity &&
        given.get(x.seq)! <= o.templateMaxLines &&
        !isRelated(x.seq),
    );
  return traces.map((t) => (template(t) ? { ...untraced(), boilerplate: true } : t));
}

/** Whether any checked sentence is left for the rewrite stage (not traced by spin, not boilerplate). */
export function needsRewriteStage(traces: readonly SentenceTrace[]): boolean {
  return traces.some((t) => t.sources.length === 0 && !t.boilerplate);
}

/**
 * Add paraphrase traces from the related articles (`relatedArticles`; `loaded` holds their sentences) to the
 * sentences the spin traces left untraced (boilerplate stays untraced), and label every traced sentence's
 * derivation. Returns new trace objects; `traces` is not changed.
 */
export function traceRewrites(
  sentences: readonly Sentence[],
  traces: readonly SentenceTrace[],
  related: readonly RelatedArticle[],
  loaded: Loaded,
  options: Partial<RewriteOptions> = {},
): SentenceTrace[] {
  const o: RewriteOptions = { ...DEFAULTS.rewrite, ...options };
  const labelled = traces.map(labelDerivation);
  // Bounded work: sentence pairs to compare are capped (a book-length text against long transcripts); the most
  // related articles are kept while they fit, and a checked article too long for even one is left to the spin stage.
  const open = labelled.filter((t) => t.sources.length === 0 && !t.boilerplate).length;
  const usable: RelatedArticle[] = [];
  let pairs = 0;
  for (const r of related) {
    const n = loaded.sentences.get(r.seq)?.length;
    if (n === undefined || !loaded.articles.has(r.seq)) continue;
    if (pairs + n * open > o.maxPairs) break;
    pairs += n * open;
    usable.push(r);
  }
  if (usable.length === 0 || open === 0) return labelled;
  const prepared = new Map(
    usable.map((r) => [r.seq, sentencesOf(loaded.articles.get(r.seq)!, loaded.sentences.get(r.seq)!)]),
  );
  const sources: RewriteSource<number>[] = usable.map((r) => ({
    ref: r.seq,
    sentences: prepared.get(r.seq)!.map((s, i) => ({ ref: i, prepared: s.prepared })),
    ...(isDocumentSource(r, o) ? { sentenceThreshold: o.sourceSentenceThreshold } : {}),
  }));
  const query = sentences.map((s) => prepareRewriteSentence(s.tokens, o));
  const found = alignRewrites(
    query,
    sources,
    (i) => labelled[i]!.sources.length === 0 && !labelled[i]!.boilerplate,
    o,
  );
  // A source article gives rewritten sentences only when it explains a real part of the article (as the likely
  // origin must): other outlets' reports of the same event share a name or a fact with one or two sentences.
  // Sentences are counted as pieces of evidence: checked sentences that use distinct sentences of the source
  // (one source line matched by three checked sentences is one piece).
  const countable = labelled.filter((t) => !t.boilerplate).length;
  const perArticle = new Map<number, { checked: Set<number>; lines: Set<number> }>();
  const bump = (seq: number, checked: number, line: number) => {
    const e = perArticle.get(seq) ?? { checked: new Set<number>(), lines: new Set<number>() };
    perArticle.set(seq, e);
    e.checked.add(checked);
    e.lines.add(line);
  };
  labelled.forEach((t, i) => {
    for (const x of t.sources) bump(x.seq, i, x.start);
  });
  found.forEach((f, i) => {
    for (const x of f?.sources ?? []) bump(x.article, i, prepared.get(x.article)![x.sentence]!.start);
  });
  const pieces = (seq: number) => {
    const e = perArticle.get(seq);
    return e ? Math.min(e.checked.size, e.lines.size) : 0;
  };
  const dominant = new Set(usable.filter((r) => r.dominant).map((r) => r.seq));
  const relatednessOf = new Map(usable.map((r) => [r.seq, r.relatedness]));
  const substantial = (seq: number) =>
    (dominant.has(seq) && pieces(seq) >= o.dominantMinSentences) ||
    pieces(seq) >= o.minArticleSentences ||
    pieces(seq) >= o.minArticleShare * countable;
  return labelled.map((t, i) => {
    const f = found[i];
    if (!f?.sources.every((x) => substantial(x.article))) return t;
    const refs = f.sources.map((s) =>
      sourceRef(
        s.article,
        loaded.articles.get(s.article)!,
        prepared.get(s.article)![s.sentence]!,
        s.similarity,
      ),
    );
    return {
      ...t,
      sources: refs,
      derivation: 'rewritten',
      rewrite: {
        similarity: f.similarity,
        coverage: f.coverage,
        sharedNames: factPhrases(f.sharedNames, sentences[i]!.text, sentences[i]!.start),
        sharedNumbers: factPhrases(f.sharedNumbers, sentences[i]!.text, sentences[i]!.start),
        rewordings: f.rewordings,
        articleRelatedness: Math.round((relatednessOf.get(f.sources[0]!.article) ?? 0) * 1000) / 1000,
      },
    };
  });
}

/** Copied (no word swapped) or spun (words swapped), for a spin trace; untraced sentences get no label. */
export function labelDerivation(t: SentenceTrace): SentenceTrace {
  if (t.sources.length === 0 || t.derivation) return t;
  const swapped = t.substitutions.some((s) => s.kind !== 'number');
  return { ...t, derivation: swapped ? 'spun' : 'copied' };
}
