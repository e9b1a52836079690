/** `check`: one article in, one Report out. Stages are wired here; they do no I/O themselves. */
import { normaliseArticle } from '../normalise/index.js';
import { REPORT_VERSION, type Report } from '../report/types.js';
import type { Store } from '../store/index.js';
import type { ArticleInput } from '../types.js';

export interface CheckOptions {
  /** The corpus to trace sentences against; without one only corpus-free checks run. */
  store?: Store | null;
}

export async function checkArticle(input: ArticleInput, opts: CheckOptions = {}): Promise<Report> {
  const t0 = performance.now();
  const doc = normaliseArticle(input);
  const timings: Record<string, number> = { normalise: performance.now() - t0 };
  const corpus = Boolean(opts.store);
  return {
    version: REPORT_VERSION,
    article: {
      headline: doc.headline,
      url: input.url ?? null,
      site: input.site ?? null,
      published: input.published ?? null,
      byline: input.byline ?? null,
      text: doc.text,
      dateline: doc.dateline?.text ?? null,
    },
    sentences: doc.sentences.map((s) => ({
      index: s.index,
      text: s.text,
      start: s.start,
      end: s.end,
      paragraph: s.paragraph,
      sources: [],
      substitutions: [],
      status: corpus ? 'new' : 'unchecked',
    })),
    summary: {
      corpus,
      sentences: doc.sentences.length,
      tracedSentences: 0,
      tracedSentenceShare: 0,
      tracedCharacterShare: 0,
      sources: [],
      likelyOrigin: null,
      composite: false,
      substitutionMap: [],
      spinRate: 0,
      droppedAttributions: 0,
      selfInCorpus: null,
    },
    selfEvidence: [],
    headline: null,
    entities: null,
    quotes: null,
    quoteProvenance: null,
    timings,
  };
}
