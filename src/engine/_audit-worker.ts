/**
 * The audit's worker threads (see audit.ts): each opens the store read-only (SQLite in WAL mode lets readers
 * run beside the writer), loads its own sentence table and traces the articles it is sent against the articles
 * before them. Run as a worker module, it answers messages (see the bottom of this file).
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { DEFAULTS } from '../defaults.js';
import { describeError } from '../errors.js';
import type { AuditRecord, ShapeCount } from '../store/index.js';
import { openStore, SentenceTable } from '../store/index.js';
import type { SentenceTableData } from '../store/sentence-table.js';
import { ArticleCache, auditArticle } from './audit.js';

export const AUDIT_WORKER_TAG = 'unspun-audit';

export interface AuditWorkerData {
  tag: string;
  url: string;
  tsx: string | null;
  location: string;
  /** Article seqs in audit order. */
  ordered: Int32Array;
  /** CorpusOrder.docOf as pairs (version seq, newest version seq). */
  docOf: Int32Array;
  /** The corpus's boilerplate shapes, as the main thread loaded them (null: none known). */
  boilerplate: ReadonlyMap<number, ShapeCount> | null;
  /** The sentence table with the postings, in shared memory (SentenceTable.toShared). */
  table: SentenceTableData;
}

export interface AuditTask {
  id: number;
  seqs: number[];
  /** Those of `seqs` whose later articles are wanted (see auditArticle). */
  later: number[];
}

export type AuditTaskResult =
  | { id: number; results: { record: AuditRecord; later: number[] }[] }
  | { id: number; error: string };

if (!isMainThread && parentPort && (workerData as { tag?: unknown } | null)?.tag === AUDIT_WORKER_TAG) {
  const port = parentPort;
  const data = workerData as AuditWorkerData;
  const ready = (async () => {
    const store = await openStore(data.location, {
      readonly: true,
      mustExist: true,
      cacheMb: DEFAULTS.audit.workerCacheMb,
    });
    const table = SentenceTable.fromData(data.table);
    const rank = new Map<number, number>();
    data.ordered.forEach((seq, i) => {
      rank.set(seq, i);
    });
    const docOf = new Map<number, number>();
    for (let i = 0; i + 1 < data.docOf.length; i += 2) docOf.set(data.docOf[i]!, data.docOf[i + 1]!);
    return { store, table, order: { rank, docOf }, cache: new ArticleCache(DEFAULTS.audit.articleCache) };
  })();
  port.on('message', async (m: AuditTask) => {
    try {
      const ctx = await ready;
      const arts = await ctx.store.getArticlesBySeq(m.seqs);
      const results: { record: AuditRecord; later: number[] }[] = [];
      const wanted = new Set(m.later);
      for (const seq of m.seqs) {
        const a = arts.get(seq);
        if (!a) continue;
        const r = await auditArticle(
          ctx.store,
          a,
          ctx.order,
          ctx.cache,
          data.boilerplate,
          ctx.table,
          wanted.has(seq),
        );
        results.push({ record: r.record, later: [...r.later] });
      }
      port.postMessage({ id: m.id, results } satisfies AuditTaskResult);
    } catch (e) {
      port.postMessage({ id: m.id, error: describeError(e) } satisfies AuditTaskResult);
    }
  });
}
