/** The plain-language verdict of a headline check: the model's stance combined with the claim checks. */
import type { HeadlineClaim } from './_claims.js';
import type { HeadlineEvidence, Stance } from './_evidence.js';

/** The decision for people: the model's stance combined with the claim checks. */
export type PlainVerdict = 'supported' | 'not-supported' | 'contradicted' | 'unrelated';

/**
 * Combine the model's stance, its evidence and the claim checks into a verdict and a summary that agrees
 * with it. unrelated: the model says so. contradicted: a claim check found a body sentence in conflict, or
 * the model says disagree and a body sentence goes against the claim (evidence role contradicts; a disagree
 * stance without one is not-supported). not-supported: the model says discuss, or agree while a related sentence
 * dismisses the claim or reports its failure (evidence kind refute or fail), or a claim is missing from the
 * body. supported: otherwise. `stanceSummary` is the model's own wording of its stance.
 */
export function decideVerdict(
  stance: Stance,
  evidence: readonly HeadlineEvidence[],
  claims: readonly HeadlineClaim[],
  stanceSummary: string,
  /** False when no evidence was selected (stance-only scoring): then a disagree stance alone says contradicted. */
  evidenceChecked = true,
): { verdict: PlainVerdict; summary: string } {
  if (stance === 'unrelated') return { verdict: 'unrelated', summary: stanceSummary };
  const found = claims.filter((c) => c.sentenceIndex !== null);
  if (found.length > 0) {
    const more =
      found.length > 1 ? ` (and ${found.length - 1} more conflict${found.length > 2 ? 's' : ''})` : '';
    return {
      verdict: 'contradicted',
      summary: `the body contradicts the headline: ${found[0]!.message}${more}`,
    };
  }
  // "Contradicted" is said with a body sentence that shows it; a disagree stance without one is a warning only.
  if (stance === 'disagree') {
    if (!evidenceChecked || evidence.some((e) => e.role === 'contradicts'))
      return { verdict: 'contradicted', summary: stanceSummary };
    return {
      verdict: 'not-supported',
      summary: `${stanceSummary} (no single sentence of the body states the opposite, so it is not called contradicted)`,
    };
  }
  if (stance === 'discuss') return { verdict: 'not-supported', summary: stanceSummary };
  const against = evidence.find(
    (e) => e.role === 'contradicts' && (e.kind === 'refute' || e.kind === 'fail'),
  );
  if (against) {
    const why = against.kind === 'refute' ? 'disputes the claim' : 'reports a failure';
    return {
      verdict: 'not-supported',
      summary: `the body does not clearly support the headline: a related sentence ${why} (sentence ${against.index + 1})`,
    };
  }
  const missing = claims[0];
  if (missing) {
    return {
      verdict: 'not-supported',
      summary: `the body does not support the headline: ${missing.message}`,
    };
  }
  return { verdict: 'supported', summary: stanceSummary };
}

/**
 * The evidence list with the sentences of the claims first, as `contradicts` (at most 3 in all): a claim's
 * sentence goes against the headline whatever the stance model made of it.
 */
export function withClaimEvidence(
  evidence: readonly HeadlineEvidence[],
  claims: readonly HeadlineClaim[],
  sentences: readonly string[],
  sims: ArrayLike<number>,
): HeadlineEvidence[] {
  const idx = [...new Set(claims.map((c) => c.sentenceIndex).filter((i): i is number => i !== null))];
  if (idx.length === 0) return [...evidence];
  const out: HeadlineEvidence[] = idx.slice(0, 3).map((i) => {
    const had = evidence.find((e) => e.index === i);
    const kind = had?.role === 'contradicts' ? had.kind : undefined;
    return {
      sentence: sentences[i]!,
      index: i,
      role: 'contradicts',
      score: had?.score ?? Math.round((sims[i] ?? 0) * 1000) / 1000,
      ...(kind ? { kind } : {}),
    };
  });
  for (const e of evidence) if (out.length < 3 && !idx.includes(e.index)) out.push(e);
  return out;
}
