/**
 * Copy a corpus from one store to another (`unspun migrate --from corpus.db --to postgres://…`): every article
 * and every version, in the order they were stored (so that versions stay versions), through the ingest
 * pipeline of the target (fingerprints computed again, with this program's algorithm); the learned spinner
 * pairs, with the number of articles each was recovered from; and what `watch` remembers of each feed. The
 * audit is not copied: it is a function of the articles, and `unspun audit` on the target computes it again
 * (the same, whatever the backend). The target may hold articles already: those of the source it has are
 * duplicates, as at any ingest. Nothing in the source is changed.
 */
import { createHash } from 'node:crypto';
import { UnspunError } from '../errors.js';
import type { Store } from '../store/index.js';
import type { ArticleInput } from '../types.js';
import { type IngestOptions, type IngestSummary, ingestArticles } from './ingest.js';

export interface MigrateSummary {
  /** Rows read from the source (articles and their versions)... */
  read: number;
  /** ...and what the target made of them. */
  added: number;
  versions: number;
  duplicates: number;
  rejected: IngestSummary['rejected'];
  learnedPairs: number;
  /** Feeds whose watch state was copied. */
  watchStates: number;
  seconds: number;
}

export interface MigrateOptions extends Pick<IngestOptions, 'batchSize' | 'workers'> {
  onProgress?: (done: number, total: number) => void;
  /** The source's identity: learned pairs are recorded under names derived from it, so that migrating two
   * corpora into one store adds their pairs instead of one replacing the other. */
  sourceName?: string;
}

export async function migrateCorpus(
  from: Store,
  to: Store,
  opts: MigrateOptions = {},
): Promise<MigrateSummary> {
  const t0 = performance.now();
  const total = await from.maxSeq();
  let read = 0;
  async function* articles(): AsyncIterable<ArticleInput> {
    for await (const a of from.iterateArticles(1000)) {
      read++;
      opts.onProgress?.(a.seq, total);
      const input: ArticleInput = { title: a.title, text: a.text };
      if (a.id !== undefined) input.id = a.id;
      if (a.url !== undefined) input.url = a.url;
      if (a.site !== undefined) input.site = a.site;
      if (a.siteName !== undefined) input.siteName = a.siteName;
      if (a.published !== undefined) input.published = a.published;
      if (a.byline !== undefined) input.byline = a.byline;
      if (a.meta !== undefined) input.meta = a.meta;
      yield input;
    }
  }
  const s = await ingestArticles(to, articles(), {
    ...(opts.batchSize !== undefined ? { batchSize: opts.batchSize } : {}),
    ...(opts.workers !== undefined ? { workers: opts.workers } : {}),
  });
  if (s.added + s.versions + s.duplicates + s.rejected.length !== read) {
    throw new UnspunError(
      'STORE',
      `read ${read} article(s) from the source but the target accounted for ${s.added + s.versions + s.duplicates + s.rejected.length}`,
    );
  }
  // Learned pairs: each pair's article count becomes that many sources (the per-article split is not kept by
  // the source's interface, only the totals: both are kept).
  const pairs = await from.learnedPairs();
  const bySource = new Map<number, { original: string; spun: string; count: number }[]>();
  for (const p of pairs) {
    // The total count spread over the articles exactly (each at least 1).
    const n = Math.max(1, p.articles);
    const base = Math.floor(p.count / n);
    const extra = p.count - base * n;
    for (let j = 0; j < p.articles; j++) {
      const per = Math.max(1, base + (j < extra ? 1 : 0));
      let list = bySource.get(j);
      if (!list) {
        list = [];
        bySource.set(j, list);
      }
      list.push({ original: p.original, spun: p.spun, count: per });
    }
  }
  const tag = createHash('sha256')
    .update(opts.sourceName ?? 'unnamed')
    .digest('hex')
    .slice(0, 12);
  for (const [j, list] of bySource) await to.learnPairs(`migrated:${tag}:${j}`, list);
  // What `watch` remembers of each feed (validators, items read, schedule).
  let watchStates = 0;
  for (const key of await from.metaKeys('watch:')) {
    const v = await from.getMeta(key);
    if (v !== null) {
      await to.setMeta(key, v);
      watchStates++;
    }
  }
  return {
    read,
    added: s.added,
    versions: s.versions,
    duplicates: s.duplicates,
    rejected: s.rejected,
    learnedPairs: pairs.length,
    watchStates,
    seconds: Math.round((performance.now() - t0) / 100) / 10,
  };
}
