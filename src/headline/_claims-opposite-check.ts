/**
 * The opposite-predicate check: the headline's predicate ("hikes", "accept", "ends") against the opposite
 * predicate in a body clause about the same subject ("slashed", "rejected", "will run ... longer"), when no
 * body sentence about that subject uses the headline's predicate (or one of its synonyms). Groups of the
 * table about success against failure are reported as kind `outcome`.
 */
import type { HeadlineClaim } from './_claims.js';
import { clauseWords, quoted, type SentenceInfo } from './_claims-body.js';
import { figureAfter, type Mention, mentionsIn } from './_claims-predicates.js';
import { isContent, lemma, meets, span, type Tok } from './_claims-tokens.js';
import { claimWords, thing } from './_claims-words.js';

interface HeadPredicate {
  m: Mention;
  subject: Set<string>;
  object: Set<string>;
}

function headPredicates(ht: Tok[]): HeadPredicate[] {
  const W = claimWords();
  const out: HeadPredicate[] = [];
  for (const m of mentionsIn(ht)) {
    if (m.negated || m.hypothetical) continue;
    // "Continuing violence ...": a participle before its noun is not the headline's predicate.
    if (ht[m.i]!.norm.endsWith('ing') && !W.be.has(ht[m.i - 1]?.norm ?? '')) continue;
    const subject = new Set<string>();
    const object = new Set<string>();
    for (let k = m.i - 1; k >= 0 && ht[k]!.clause === m.clause && subject.size < 5; k--) {
      const t = ht[k]!;
      if (isContent(t) && !W.entries.has(lemma(t.norm))) subject.add(thing(lemma(t.norm)));
    }
    for (let k = m.j + 1; k < ht.length && ht[k]!.clause === m.clause && object.size < 4; k++) {
      const t = ht[k]!;
      if (t.norm === 'to' || t.norm === 'in' || t.norm === 'on' || t.norm === 'for' || t.norm === 'after')
        break;
      if (isContent(t)) object.add(thing(lemma(t.norm)));
    }
    out.push({ m, subject, object });
  }
  return out;
}

export function antonymClaims(
  headline: string,
  ht: Tok[],
  body: SentenceInfo[],
  sentences: readonly string[],
): HeadlineClaim[] {
  const W = claimWords();
  const out: HeadlineClaim[] = [];
  const seen = new Set<number>();
  for (const p of headPredicates(ht)) {
    const { group, side } = p.m.entry;
    if (seen.has(group)) continue;
    const args = new Set([...p.subject, ...p.object]);
    if (args.size === 0) continue;
    // Rising and falling are about quantities ("shares fall 3 %"), not idioms ("fall pregnant", "drop $300 on").
    if (W.quantityGroups.has(group) && !meets(p.subject, W.quantities) && !figureAfter(ht, p.m.j)) continue;
    let pro = false;
    let anti: { s: number; m: Mention } | null = null;
    for (let s = 0; s < body.length && !pro; s++) {
      const info = body[s]!;
      // A sentence about the headline's subject or object that uses the headline's predicate: the
      // body says what the headline says (or says it could happen); nothing to report.
      const about = meets(args, info.words);
      if (!about) continue;
      for (const m of info.mentions) {
        if (m.entry.group !== group || m.negated) continue;
        if (m.entry.side === side) {
          pro = true;
          break;
        }
        if (anti !== null || m.hypothetical || m.nominal) continue;
        // The opposite predicate must be said of the headline's subject and object (those it names) in the
        // same clause, one of them before it (the subject, or the object of a passive): "Government forces
        // lost control of Tarsk to the rebels" does not say that the rebels lost.
        const inClause = clauseWords(info, m.clause);
        const before = clauseWords(info, m.clause, 0, m.i);
        const ok =
          (p.subject.size === 0 || meets(p.subject, inClause)) &&
          (p.object.size === 0 || meets(p.object, inClause)) &&
          (meets(p.subject, before) || meets(p.object, before));
        if (ok) anti = { s, m };
      }
    }
    if (pro || anti === null) continue;
    seen.add(group);
    const hs = span(headline, ht, p.m.i, p.m.j);
    const info = body[anti.s]!;
    // Show the subject with a copula pattern ("The evacuation was the only tangible outcome").
    const bi = anti.m.entry.words[0] === 'be' ? subjectStart(info, anti.m) : anti.m.i;
    const bs = span(sentences[anti.s]!, info.toks, bi, anti.m.j);
    out.push({
      kind: W.outcomeGroups.has(group) ? 'outcome' : 'antonym',
      headline: hs,
      body: bs,
      sentenceIndex: anti.s,
      message: `the headline says ${quoted(hs)}, the body says ${quoted(bs)} (sentence ${anti.s + 1})`,
    });
  }
  return out;
}

/** Start of the noun phrase before token m.i ("The evacuation" in "The evacuation was ..."). */
function subjectStart(info: SentenceInfo, m: Mention): number {
  let k = m.i;
  while (k > 0 && m.i - k < 8 && info.toks[k - 1]!.clause === m.clause && info.toks[k - 1]!.kind === 'w') k--;
  return k;
}
