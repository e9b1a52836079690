/**
 * The claimed-outcome check: the headline claims an achievement (deal, agreement, breakthrough, clarity,
 * win) while a central body sentence reports that it failed or did not happen ("failed to reach",
 * "concluded without agreement"; found with the help of the scoped rules of _evidence.ts).
 */
import type { ClaimContext, HeadlineClaim } from './_claims.js';
import { centralSentences, quoted, type SentenceInfo } from './_claims-body.js';
import { hypotheticalAt } from './_claims-predicates.js';
import { isContent, lemma, span, type Tok } from './_claims-tokens.js';
import { claimWords } from './_claims-words.js';
import { isCueWord } from './_features.js';
import { stem } from './_text.js';

/** A failure or negation cue governing an outcome word within a clause: token range, or null. */
function deniedOutcome(toks: readonly Tok[]): [number, number] | null {
  const W = claimWords();
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k]!;
    if (!W.failCues.has(t.norm) || W.negators.has(toks[k - 1]?.norm ?? '') || hypotheticalAt(toks, k))
      continue;
    let content = 0;
    let to = -1;
    for (let g = k + 1; g < toks.length && g <= k + 7 && toks[g]!.clause === t.clause; g++) {
      const w = toks[g]!;
      if (w.kind !== 'w') continue;
      if (g === k + 1 && (W.notAFailure.has(w.norm) || W.notAFailure.has(lemma(w.norm)))) break;
      if (W.outcomeStems.has(stem(w.norm)) && !W.weakOutcome.has(w.norm)) to = g;
      else if (isContent(w) && w.norm !== 'yet' && w.norm !== 'final') {
        if (to >= 0) break;
        if (++content > 2) break;
      }
    }
    if (to >= 0) return [W.negators.has(t.norm) && k > 0 && toks[k - 1]!.kind === 'w' ? k - 1 : k, to];
  }
  return null;
}

export function outcomeClaims(
  headline: string,
  ht: Tok[],
  body: SentenceInfo[],
  sentences: readonly string[],
  ctx: ClaimContext,
): HeadlineClaim[] {
  const W = claimWords();
  const hw = ht.findIndex(
    (t) => t.kind === 'w' && !W.weakOutcome.has(t.norm) && W.outcomeStems.has(stem(t.norm)),
  );
  if (hw < 0) return [];
  // The headline itself must not deny, doubt or report failure ("talks end without deal", "truce doubts"),
  // nor put the outcome in scare quotes ("'ceasefire'").
  if (ht.some((t) => W.failCues.has(t.norm) || W.headDoubt.has(lemma(t.norm)))) return [];
  if (/['‘"“]$/.test(headline.slice(0, ht[hw]!.start).trimEnd())) return [];
  // An attributed or hedged claim ("Nigeria says it has deal", "truce claim") is not the headline's own.
  if (
    ht.some(
      (t) =>
        t.kind === 'w' &&
        (W.headHedge.has(t.norm) || isCueWord('hedge', t.norm) || isCueWord('refute', t.norm)),
    )
  )
    return [];
  for (const i of [...centralSentences(body.length, ctx.sims)].sort((a, b) => a - b)) {
    const info = body[i];
    if (info === undefined) continue;
    // On topic: shares a word with the headline (or was found by the evidence rules, which check that).
    if (ctx.sims && !(ctx.sims[i]! > 0) && !ctx.contradictions?.some((c) => c.index === i)) continue;
    const r = deniedOutcome(info.toks);
    if (r === null) continue;
    // The claimed outcome: its words in the headline clause ("reach breakthrough deal", "achieve clarity").
    let he = hw;
    for (let k = hw + 1; k < ht.length && k <= hw + 3 && ht[k]!.clause === ht[hw]!.clause; k++) {
      if (ht[k]!.kind === 'w' && W.outcomeStems.has(stem(ht[k]!.norm))) he = k;
    }
    const hs = span(headline, ht, hw, he);
    const bs = span(sentences[i]!, info.toks, r[0], r[1]);
    return [
      {
        kind: 'outcome',
        headline: hs,
        body: bs,
        sentenceIndex: i,
        message: `the headline claims ${quoted(hs)}, the body says ${quoted(bs)} (sentence ${i + 1})`,
      },
    ];
  }
  return [];
}
