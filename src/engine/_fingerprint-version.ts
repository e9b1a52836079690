/** The store records which fingerprint algorithm built its index; mixing versions would silently miss sources. */
import { UnspunError } from '../errors.js';
import { FINGERPRINT_VERSION } from '../fingerprint/index.js';
import type { Store } from '../store/index.js';

const META_KEY = 'fingerprint_version';

export const readFingerprintVersion = (store: Store): Promise<string | null> => store.getMeta(META_KEY);
export const writeFingerprintVersion = (store: Store): Promise<void> =>
  store.setMeta(META_KEY, FINGERPRINT_VERSION);

/**
 * Refuse a store indexed with another fingerprint version (`unspun reindex` fixes it). With `claimIfNew`, a store
 * that has no version yet (new and empty) is marked with this one.
 */
export async function assertFingerprintVersion(
  store: Store,
  opts: { claimIfNew?: boolean } = {},
): Promise<void> {
  const v = await readFingerprintVersion(store);
  if (v === null) {
    if (opts.claimIfNew) await writeFingerprintVersion(store);
    return;
  }
  if (v !== FINGERPRINT_VERSION) {
    throw new UnspunError(
      'STORE_SCHEMA',
      `the corpus was indexed with fingerprints ${v}, this unspun uses ${FINGERPRINT_VERSION}: run "unspun reindex" first`,
    );
  }
}
