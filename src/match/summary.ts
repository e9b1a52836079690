/** The article-level provenance summary: traced shares, sources ranked by contribution, the likely origin. */
import { DEFAULTS } from '../defaults.js';
import type { ProvenanceSummary, ReportSentence, SourceContribution } from '../report/types.js';
import type { Article } from '../types.js';
import type { MatchOptions, SentenceTrace } from './trace.js';

/** The time rule a check applied: sources published after `notAfter` were left out; undated ones were kept. */
export interface TimeRule {
  notAfter: string | null;
  /** Candidate source articles without a date that were kept. */
  undatedSources: number;
  /** The date limit was given by the user (an exclusion), not taken from the article. */
  given?: boolean;
}

export function summarise(
  sentences: ReportSentence[],
  traces: SentenceTrace[] | null,
  self: Article | null,
  time: TimeRule = { notAfter: null, undatedSources: 0 },
  o: Pick<MatchOptions, 'originMinSentences' | 'originMinTextShare'> = DEFAULTS.match,
  /** Indexes (in `sentences`) of sentences that are mostly a direct quotation: they name no origin. */
  quoted: ReadonlySet<number> = new Set(),
): ProvenanceSummary {
  const traced = sentences.filter((s) => s.status === 'traced');
  const totalChars = sentences.reduce((n, s) => n + (s.end - s.start), 0);
  const tracedChars = traced.reduce((n, s) => n + (s.end - s.start), 0);
  const bySource = new Map<string, SourceContribution>();
  // What each source gave outside direct quotations: independent reports of one event quote the same speaker
  // word for word, so a quotation shared with an earlier article shows where the words were said, not where the
  // article was copied from. Only these sentences can make a source the likely origin.
  const prose = new Map<string, { sentences: number; characters: number }>();
  for (const s of traced) {
    // A sentence merging two sentences of one article counts once for it.
    const articles = [...new Map(s.sources.map((src) => [src.articleId, src])).values()];
    for (const src of articles) {
      let c = bySource.get(src.articleId);
      if (!c) {
        c = {
          articleId: src.articleId,
          url: src.url,
          site: src.site,
          siteKey: src.siteKey,
          published: src.published,
          title: src.title,
          sentences: 0,
          characters: 0,
          derivations: { copied: 0, spun: 0, rewritten: 0 },
        };
        bySource.set(src.articleId, c);
      }
      c.sentences++;
      if (s.derivation) c.derivations[s.derivation]++;
      const share = Math.round((s.end - s.start) / articles.length);
      c.characters += share;
      if (!quoted.has(s.index)) {
        const p = prose.get(src.articleId) ?? { sentences: 0, characters: 0 };
        prose.set(src.articleId, p);
        p.sentences++;
        p.characters += share;
      }
    }
  }
  const sources = [...bySource.values()].sort(
    (a, b) => b.characters - a.characters || (a.published ?? '9999').localeCompare(b.published ?? '9999'),
  );
  // The likely origin: the earliest source that covers a real share of the article (enough sentences, or
  // enough of its text); a few sentences from here and there name no single origin.
  const substantial = sources.filter((c) => {
    const p = prose.get(c.articleId);
    return p !== undefined && isSubstantialSource(p, totalChars, o);
  });
  const likelyOrigin =
    [...substantial].sort(
      (a, b) => (a.published ?? '9999').localeCompare(b.published ?? '9999') || b.characters - a.characters,
    )[0] ?? null;
  const pct = Math.round(o.originMinTextShare * 100);
  const quotedNote = traced.some((s) => quoted.has(s.index))
    ? ', not counting sentences that are mostly a direct quotation'
    : '';
  const originNote =
    traces === null
      ? null
      : sources.length === 0
        ? 'no source found'
        : likelyOrigin
          ? `the earliest source that gave at least ${o.originMinSentences} sentences or ${pct} % of the text${quotedNote}`
          : `no single origin: none of the ${sources.length} source(s) gave ${o.originMinSentences} or more sentences or ${pct} % of the text${quotedNote}`;
  const timeNote =
    traces === null
      ? null
      : time.notAfter === null
        ? 'the article has no date: sources of any date were considered'
        : `only sources published up to ${time.given ? 'the date given' : "the article's date"} (${time.notAfter}) were considered` +
          (time.undatedSources > 0
            ? `, and ${time.undatedSources} undated source article(s) that may be earlier`
            : '');
  const sites = new Set(sources.map((c) => c.siteKey ?? c.site ?? c.articleId));
  const pairs = new Map<string, { original: string; spun: string; count: number; known: boolean }>();
  for (const s of traced) {
    for (const sub of s.substitutions) {
      if (sub.kind === 'number') continue;
      const key = `${sub.original.toLowerCase()}\u0000${sub.spun.toLowerCase()}`;
      const p = pairs.get(key);
      if (p) p.count++;
      else pairs.set(key, { original: sub.original, spun: sub.spun, count: 1, known: sub.known ?? false });
    }
  }
  const aligned = traces?.reduce((n, t) => n + t.alignedWords, 0) ?? 0;
  const swapped = traces?.reduce((n, t) => n + t.swappedWords, 0) ?? 0;
  const derivations = { copied: 0, spun: 0, rewritten: 0 };
  for (const s of traced) if (s.derivation) derivations[s.derivation]++;
  return {
    corpus: traces !== null,
    derivations,
    sentences: sentences.length,
    tracedSentences: traced.length,
    tracedSentenceShare: sentences.length ? round(traced.length / sentences.length) : 0,
    tracedCharacterShare: totalChars ? round(tracedChars / totalChars) : 0,
    sources,
    likelyOrigin,
    originNote,
    timeNote,
    composite: sites.size >= 2,
    substitutionMap: [...pairs.values()].sort(
      (a, b) => b.count - a.count || a.original.localeCompare(b.original),
    ),
    spinRate: aligned ? round(swapped / aligned) : 0,
    droppedAttributions: sentences.filter((s) => s.droppedAttribution).length,
    boilerplateSentences: sentences.filter((s) => s.status === 'boilerplate').length,
    selfInCorpus: self ? { articleId: self.id ?? self.key } : null,
  };
}

/**
 * A source that can be named the likely origin: it gave enough sentences, or enough of the text (one generic line
 * shared with an unrelated story names no origin). Shared by the check report and the corpus audit.
 */
export function isSubstantialSource(
  c: { sentences: number; characters: number },
  totalChars: number,
  o: Pick<MatchOptions, 'originMinSentences' | 'originMinTextShare'> = DEFAULTS.match,
): boolean {
  return c.sentences >= o.originMinSentences || c.characters >= o.originMinTextShare * totalChars;
}

const round = (x: number) => Math.round(x * 1000) / 1000;
