/** Rebuild every stored sentence's fingerprints with the current algorithm (after FINGERPRINT_VERSION changes). */

import { DEFAULTS } from '../defaults.js';
import { FINGERPRINT_VERSION } from '../fingerprint/index.js';
import type { Store } from '../store/index.js';
import { readFingerprintVersion, writeFingerprintVersion } from './_fingerprint-version.js';
import { collectGarbage } from './_gc.js';
import { defaultCanonicaliser } from './canon.js';
import { prepareArticle } from './ingest.js';

export interface ReindexSummary {
  articles: number;
  from: string | null;
  to: string;
  seconds: number;
}

export async function reindexStore(
  store: Store,
  opts: { batchSize?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<ReindexSummary> {
  const t0 = performance.now();
  const from = await readFingerprintVersion(store);
  const total = (await store.stats()).articles;
  const canon = defaultCanonicaliser();
  const batchSize = opts.batchSize ?? DEFAULTS.ingestBatch;
  // Shapes (boilerplate learning) are recounted with the fingerprints.
  await store.clearShapes();
  let batch: { seq: number; sentences: ReturnType<typeof prepareArticle>['sentences'] }[] = [];
  let done = 0;
  for await (const a of store.iterateArticles()) {
    // Stored text is already normalised; preparing it again gives the same sentences and fresh fingerprints.
    batch.push({ seq: a.seq, sentences: prepareArticle(a, canon).sentences });
    if (batch.length >= batchSize) {
      await store.replaceFingerprints(batch);
      done += batch.length;
      batch = [];
      if (DEFAULTS.ingestCollectGarbage) collectGarbage();
      opts.onProgress?.(done, total);
    }
  }
  if (batch.length) await store.replaceFingerprints(batch);
  done += batch.length;
  opts.onProgress?.(done, total);
  await writeFingerprintVersion(store);
  await store.markShapesComplete();
  return { articles: done, from, to: FINGERPRINT_VERSION, seconds: (performance.now() - t0) / 1000 };
}
