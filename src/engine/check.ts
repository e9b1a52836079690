/** `check`: one article in, one Report out. Stages are wired here; they do no I/O themselves. */

import { type Entity, extractEntities, findAliasInconsistencies } from '../entities/index.js';
import { checkHeadline, type HeadlineModel } from '../headline/index.js';
import { normaliseArticle } from '../normalise/index.js';
import { extractQuotes, type Quote } from '../quotes/index.js';
import {
  type ProvenanceSummary,
  REPORT_VERSION,
  type Report,
  type ReportSentence,
  type SelfEvidenceItem,
  type SourceContribution,
} from '../report/types.js';
import { learnedSignatures, selfEvidence } from '../selfevidence/index.js';
import type { Store } from '../store/index.js';
import type { Article, ArticleInput } from '../types.js';
import { assertFingerprintVersion } from './_fingerprint-version.js';
import { defaultCanonicaliser } from './canon.js';
import { articleKey, contentHash } from './ingest.js';
import { loadLearnedPairs, trustedPairs } from './learn.js';
import { type SentenceTrace, traceSentences } from './provenance.js';
import { quoteProvenance } from './quote-provenance.js';

export interface CheckOptions {
  /** The corpus to trace sentences against; without one only corpus-free checks run. */
  store?: Store | null;
  /** Skip the headline check (it loads a model). */
  headline?: boolean;
  headlineModel?: HeadlineModel;
}

export async function checkArticle(input: ArticleInput, opts: CheckOptions = {}): Promise<Report> {
  const timings: Record<string, number> = {};
  let t = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round((now - t) * 100) / 100;
    t = now;
  };
  const doc = normaliseArticle(input);
  lap('normalise');
  const store = opts.store ?? null;

  // Provenance (with a corpus).
  let traces: SentenceTrace[] | null = null;
  let sourceArticles = new Map<number, Article>();
  let selfInCorpus: Article | null = null;
  if (store) {
    await assertFingerprintVersion(store);
    selfInCorpus =
      (await store.findByHash(contentHash(input.title, input.text))) ??
      (input.id || input.url ? await store.getArticle(articleKey(input, '')) : null);
    const exclude = new Set<number>(selfInCorpus ? [selfInCorpus.seq] : []);
    const traced = await traceSentences(doc.sentences, store, { canon: defaultCanonicaliser(), exclude });
    traces = traced.traces;
    sourceArticles = traced.articles;
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
      status: !traces ? 'unchecked' : tr && tr.sources.length > 0 ? 'traced' : 'new',
    };
    if (tr && tr.sources.length > 0) {
      out.alignment = tr.alignment;
      out.droppedAttribution = tr.droppedAttribution;
    }
    return out;
  });

  // Who is named and who is quoted.
  const entities: Entity[] = extractEntities(doc);
  const quotes: Quote[] = extractQuotes(doc, entities);
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

  const learned = store ? learnedSignatures(trustedPairs(await loadLearnedPairs(store))) : [];
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
      site: input.site ?? null,
      published: input.published ?? null,
      byline: input.byline ?? null,
      text: doc.text,
      dateline: doc.dateline?.text ?? null,
    },
    sentences,
    summary: summarise(sentences, traces, selfInCorpus),
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

function summarise(
  sentences: ReportSentence[],
  traces: SentenceTrace[] | null,
  self: Article | null,
): ProvenanceSummary {
  const traced = sentences.filter((s) => s.status === 'traced');
  const totalChars = sentences.reduce((n, s) => n + (s.end - s.start), 0);
  const tracedChars = traced.reduce((n, s) => n + (s.end - s.start), 0);
  const bySource = new Map<string, SourceContribution>();
  for (const s of traced) {
    for (const src of s.sources) {
      let c = bySource.get(src.articleId);
      if (!c) {
        c = {
          articleId: src.articleId,
          url: src.url,
          site: src.site,
          published: src.published,
          title: src.title,
          sentences: 0,
          characters: 0,
        };
        bySource.set(src.articleId, c);
      }
      c.sentences++;
      c.characters += Math.round((s.end - s.start) / s.sources.length);
    }
  }
  const sources = [...bySource.values()].sort(
    (a, b) => b.characters - a.characters || (a.published ?? '9999').localeCompare(b.published ?? '9999'),
  );
  // The likely origin: the earliest source that covers a real share of the traced text.
  const substantial = sources.filter((c) => c.characters >= 0.25 * tracedChars);
  const likelyOrigin =
    [...(substantial.length ? substantial : sources)].sort(
      (a, b) => (a.published ?? '9999').localeCompare(b.published ?? '9999') || b.characters - a.characters,
    )[0] ?? null;
  const sites = new Set(sources.map((c) => c.site ?? c.articleId));
  const pairs = new Map<string, { original: string; spun: string; count: number; known: boolean }>();
  for (const s of traced) {
    for (const sub of s.substitutions) {
      const key = `${sub.original.toLowerCase()}\u0000${sub.spun.toLowerCase()}`;
      const p = pairs.get(key);
      if (p) p.count++;
      else pairs.set(key, { original: sub.original, spun: sub.spun, count: 1, known: sub.known ?? false });
    }
  }
  const aligned = traces?.reduce((n, t) => n + t.alignedWords, 0) ?? 0;
  const swapped = traces?.reduce((n, t) => n + t.swappedWords, 0) ?? 0;
  return {
    corpus: traces !== null,
    sentences: sentences.length,
    tracedSentences: traced.length,
    tracedSentenceShare: sentences.length ? round(traced.length / sentences.length) : 0,
    tracedCharacterShare: totalChars ? round(tracedChars / totalChars) : 0,
    sources,
    likelyOrigin,
    composite: sites.size >= 2,
    substitutionMap: [...pairs.values()].sort(
      (a, b) => b.count - a.count || a.original.localeCompare(b.original),
    ),
    spinRate: aligned ? round(swapped / aligned) : 0,
    droppedAttributions: sentences.filter((s) => s.droppedAttribution).length,
    selfInCorpus: self ? { articleId: self.id ?? self.key } : null,
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
