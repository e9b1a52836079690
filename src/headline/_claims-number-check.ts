/**
 * The number check: a figure in the headline ("death toll passes 100", "shares rise 3 %") that a central
 * body sentence gives differently for the same quantity (same casualty class, or the same noun/unit near
 * it), with no body figure matching it. A figure the body simply does not give is not reported.
 */
import type { HeadlineClaim } from './_claims.js';
import { centralSentences, quoted, type SentenceInfo } from './_claims-body.js';
import { classOf, compatible, type Figure, figuresIn, sameKind } from './_claims-numbers.js';
import { isContent, lemma, span, type Tok } from './_claims-tokens.js';
import { claimWords, thing } from './_claims-words.js';

export function numberClaims(
  headline: string,
  ht: Tok[],
  body: SentenceInfo[],
  sentences: readonly string[],
  sims: ArrayLike<number> | undefined,
): HeadlineClaim[] {
  const W = claimWords();
  const central = centralSentences(body.length, sims);
  const out: HeadlineClaim[] = [];
  const hFigs = figuresIn(ht);
  for (const h of hFigs) {
    // Only figures that say what they count: a casualty class, a counted noun, or a percentage/amount
    // tied to a headline noun; not a part ("another 26 are missing").
    if (h.unit === 'count' && h.cls === null && h.noun === null) continue;
    if (W.partial.has(ht[h.i - 1]?.norm ?? '')) continue;
    // What the figure is about: headline nouns near it (not predicates such as "rise").
    const topic = new Set<string>();
    for (let k = Math.max(0, h.i - 4); k <= Math.min(ht.length - 1, h.j + 4); k++) {
      const t = ht[k]!;
      if (t.clause === h.clause && isContent(t) && !W.entries.has(lemma(t.norm)))
        topic.add(thing(lemma(t.norm)));
    }
    let matched = false;
    let conflict: { s: number; f: Figure } | null = null;
    for (let s = 0; s < body.length && !matched; s++) {
      const info = body[s]!;
      for (const f of info.figures) {
        // Loose test for a match (any figure of the same unit and class), strict test for a conflict.
        const sameUnit =
          f.unit === h.unit &&
          (h.unit !== 'count' ||
            h.cls === null ||
            f.cls === h.cls ||
            (f.cls === null && info.toks.some((t) => classOf(t) === h.cls)));
        if (sameUnit && compatible(h, f)) {
          matched = true;
          break;
        }
        // A conflict: the same quantity, in a central sentence, not another of the headline's figures.
        if (conflict !== null || !central.has(s) || !sameKind(h, f)) continue;
        if (hFigs.some((o) => o !== h && o.unit === f.unit && compatible(o, f))) continue;
        // A counted noun ("6 militants") conflicts only with a count of the same noun.
        if (h.noun !== null && (f.noun === null || thing(f.noun) !== thing(h.noun))) continue;
        if (h.unit !== 'count' || h.cls === null) {
          // Percentages, amounts and counted nouns: the body must name the headline's topic next to it.
          let near = false;
          for (let k = Math.max(0, f.i - 4); k <= Math.min(info.toks.length - 1, f.j + 4) && !near; k++) {
            const t = info.toks[k]!;
            near = t.clause === f.clause && isContent(t) && topic.has(thing(lemma(t.norm)));
          }
          if (!near) continue;
        }
        conflict = { s, f };
      }
    }
    if (matched || conflict === null) continue;
    const hs = span(headline, ht, h.i, h.j);
    const info = body[conflict.s]!;
    const bs = span(sentences[conflict.s]!, info.toks, conflict.f.i, conflict.f.j);
    out.push({
      kind: 'number',
      headline: hs,
      body: bs,
      sentenceIndex: conflict.s,
      message: `the headline says ${quoted(hs)}, the body says ${quoted(bs)} (sentence ${conflict.s + 1})`,
    });
  }
  return out;
}
