import type { DerivationCounts } from './types.js';

/** How a source's sentences were derived, in words ("2 copied, 12 rewritten"); empty when none is counted. */
export function derivationWords(d: DerivationCounts): string {
  return [
    d.copied ? `${d.copied} copied` : '',
    d.spun ? `${d.spun} spun` : '',
    d.rewritten ? `${d.rewritten} rewritten` : '',
  ]
    .filter(Boolean)
    .join(', ');
}
