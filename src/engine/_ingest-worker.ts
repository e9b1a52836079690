/**
 * The CPU side of ingest, on its own so that worker threads load only what it needs: an article's content
 * hash, key, normalised text and per-sentence fingerprints. Imported by src/engine/ingest.ts; run as the
 * module of the ingest worker threads, it answers their messages (see the bottom of this file).
 */
import { createHash } from 'node:crypto';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { type Canonicaliser, sampleFeatures, sentenceFeatures } from '../fingerprint/index.js';
import { sentenceShape } from '../fingerprint/shape.js';
import { articleKey } from '../ingest/identity.js';
import { canonicalForHash, normaliseArticle } from '../normalise/index.js';
import { type PreparedSentence, packText } from '../store/index.js';
import type { ArticleInput } from '../types.js';
import { defaultCanonicaliser } from './canon.js';

export function contentHash(title: string, text: string): string {
  return createHash('sha256').update(canonicalForHash(title, text)).digest('hex').slice(0, 32);
}

/** What preparing needs of an article (what is sent to a worker). */
export type CoreInput = Pick<ArticleInput, 'id' | 'url' | 'title' | 'text'>;

/** What preparing computes (what a worker sends back). */
export interface CoreOutput {
  key: string;
  hash: string;
  title: string;
  text: string;
  /** Set by a worker when the normalised title/text equals the input's (then not sent back). */
  sameTitle?: true;
  sameText?: true;
  /** The text compressed for storage (see PreparedArticle.packedText), set by a worker. */
  packedText?: Uint8Array;
  sentences: PreparedSentence[];
}

export function prepareCore(input: CoreInput, canon: Canonicaliser): CoreOutput {
  const hash = contentHash(input.title, input.text);
  const doc = normaliseArticle(input);
  return {
    key: articleKey(input, hash),
    hash,
    // The normalised text is stored, so sentence offsets stay valid against what is stored.
    title: doc.headline,
    text: doc.text,
    sentences: doc.sentences.map((s) => ({
      index: s.index,
      start: s.start,
      end: s.end,
      fingerprints: sampleFeatures(sentenceFeatures(canon(s.tokens))),
      shape: sentenceShape(s.text),
    })),
  };
}

export type Prepared = { ok: true; c: CoreOutput } | { ok: false; error: string };

/** Prepare each article; an article that fails becomes an error entry (a rejection), never an exception. */
export function prepareAll(articles: CoreInput[], canon: Canonicaliser): Prepared[] {
  return articles.map((a) => {
    try {
      return { ok: true, c: prepareCore(a, canon) };
    } catch (e) {
      return { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
  });
}

export const WORKER_TAG = 'unspun-ingest-prepare';

// Worker side: prepare the batches of articles a PreparePool (src/engine/ingest.ts) sends.
if (!isMainThread && parentPort && (workerData as { tag?: unknown } | null)?.tag === WORKER_TAG) {
  const port = parentPort;
  const canon = defaultCanonicaliser();
  port.on('message', (m: { id: number; articles: CoreInput[]; pack: boolean }) => {
    const results = prepareAll(m.articles, canon);
    // Normalisation usually leaves title and text as they were: then they are not copied back.
    results.forEach((r, i) => {
      if (!r.ok) return;
      const a = m.articles[i]!;
      // Deflate here, not on the thread that writes the store (an exact-size copy: a clone sends whole buffers).
      const packed = m.pack ? packText(r.c.text) : r.c.text;
      if (typeof packed !== 'string') r.c.packedText = new Uint8Array(packed);
      if (r.c.title === a.title) {
        r.c.title = '';
        r.c.sameTitle = true;
      }
      if (r.c.text === a.text) {
        r.c.text = '';
        r.c.sameText = true;
      }
    });
    port.postMessage({ id: m.id, results });
  });
}
