/**
 * Quotes traced to their source: for a direct quote of the checked article whose sentence was traced, find the
 * quote in the source article and say whether its wording changed and whether its speaker was dropped or
 * changed ("… Kerry said" → "…, he explained").
 */
import { alignSentences } from '../align/index.js';
import { DEFAULTS } from '../defaults.js';
import { analyseEntities } from '../entities/index.js';
import { normaliseArticle, tokenize } from '../normalise/index.js';
import { extractQuotes, type Quote } from '../quotes/index.js';
import type { QuoteProvenance } from '../report/types.js';
import type { Article } from '../types.js';
import type { SentenceTrace } from './trace.js';

export function quoteProvenance(
  quotes: Quote[],
  traces: SentenceTrace[],
  articles: Map<number, Article>,
  minSimilarity: number = DEFAULTS.match.quoteMinSimilarity,
): QuoteProvenance[] {
  const out: QuoteProvenance[] = [];
  const sourceQuotes = new Map<number, Quote[]>();
  const quotesOf = (seq: number): Quote[] => {
    let qs = sourceQuotes.get(seq);
    if (!qs) {
      const art = articles.get(seq);
      if (!art) return [];
      // Stored text is already normalised, so offsets computed here match the stored sentence offsets.
      const doc = normaliseArticle({ title: art.title, text: art.text });
      qs = extractQuotes(doc, analyseEntities(doc));
      sourceQuotes.set(seq, qs);
    }
    return qs;
  };
  quotes.forEach((q, qi) => {
    if (q.kind !== 'direct') return;
    const tr = traces[q.sentenceIndex];
    if (!tr || tr.sources.length === 0) return;
    for (const src of tr.sources) {
      const art = articles.get(src.seq);
      if (!art) continue;
      // The source quote overlapping the source sentence with the most similar wording.
      let best: { sq: Quote; sim: number; al: ReturnType<typeof alignSentences> } | null = null;
      for (const sq of quotesOf(src.seq)) {
        if (sq.kind !== 'direct' || sq.end <= src.start || sq.start >= src.end) continue;
        const al = alignSentences(tokenize(sq.text, sq.start), tokenize(q.text, q.start));
        if (!best || al.similarity > best.sim) best = { sq, sim: al.similarity, al };
      }
      if (!best || best.sim < minSimilarity) continue;
      const sourceSpeaker = best.sq.speaker?.canonical ?? best.sq.speaker?.text ?? null;
      const checkedSpeaker = q.speaker?.canonical ?? q.speaker?.text ?? null;
      const changes = best.al.ops
        .filter(
          (o) =>
            o.op !== 'copy' &&
            (o.source?.text || o.target?.text) &&
            /\p{L}/u.test((o.source?.text ?? '') + (o.target?.text ?? '')),
        )
        .map((o) => ({ original: o.source?.text ?? '', spun: o.target?.text ?? '' }));
      const named = best.sq.speaker !== null && best.sq.speaker.resolvedVia === 'name';
      out.push({
        quote: qi,
        text: q.text,
        source: {
          articleId: src.articleId,
          site: src.site,
          published: src.published,
          text: best.sq.text,
          speaker: sourceSpeaker,
        },
        wordingChanged: changes.length > 0,
        changes,
        // Named in the source, only a pronoun/title/nothing here: the attribution was dropped.
        speakerDropped: named && (q.speaker === null || q.speaker.resolvedVia !== 'name'),
        speakerChanged:
          named &&
          q.speaker?.resolvedVia === 'name' &&
          q.speaker.canonical !== null &&
          q.speaker.canonical !== best.sq.speaker?.canonical,
        checkedSpeaker,
      });
      return;
    }
  });
  return out;
}
