/** The canonicaliser used for fingerprints and retrieval. */
import { type Canonicaliser, plainCanonicaliser } from '../fingerprint/index.js';

export function defaultCanonicaliser(): Canonicaliser {
  return plainCanonicaliser;
}
