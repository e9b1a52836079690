/** Indirect speech: "X said (that) …", "…, X said.", "according to X, …" outside quotation marks. */
import type { EntityAnalysis, EntityWord } from '../entities/index.js';
import type { Sentence } from '../types.js';
import type { QuoteSpan } from './_spans.js';
import { CUES, type SpeakerPhrase, subjectAfter, subjectBefore, WEAK_CUES, wordsIn } from './_speaker.js';
import { countWords } from './_text.js';

/** A reported clause [start, end) and the phrase that reports it. */
export interface ReportedClause {
  start: number;
  end: number;
  phrase: SpeakerPhrase;
}

function insideAny(spans: QuoteSpan[], at: number): boolean {
  return spans.some((s) => at >= s.open && at < s.close);
}

/** Reported clauses of the sentences, at most one a sentence, in text order. */
export function indirectSpeech(
  a: EntityAnalysis,
  text: string,
  sentences: readonly Sentence[],
  spans: QuoteSpan[],
): ReportedClause[] {
  const out: ReportedClause[] = [];
  for (const s of sentences) {
    if (spans.some((q) => q.open <= s.start && q.close >= s.end)) continue;
    const ws = wordsIn(a.words, s.start, s.end);
    for (let k = 0; k < ws.length; k++) {
      const w = ws[k]!;
      if (insideAny(spans, w.start)) continue;
      const lw = w.text.toLowerCase();
      if (lw === 'according' && ws[k + 1]?.text === 'to') {
        const p = subjectAfter(a, text, ws[k + 1]!.i, s.end);
        if (!p) continue;
        const found = accordingTo(text, s, w, p);
        if (!found) continue;
        out.push(found);
        break;
      }
      if (!CUES.has(lw) || WEAK_CUES.has(lw)) continue;
      const p0 = subjectBefore(a, text, w.i, s.start);
      const before = p0 && clauseBeforeCue(text, s, w, p0);
      if (before) {
        if (!insideAny(spans, s.start) || !insideAny(spans, before.end - 1)) out.push(before);
        break;
      }
      const after = p0 && clauseAfterCue(text, s, w, p0);
      if (!after) continue;
      out.push(after);
      break;
    }
  }
  return out;
}

/** according to X, CONTENT  |  CONTENT, according to X. */
function accordingTo(
  text: string,
  s: Sentence,
  according: EntityWord,
  p: SpeakerPhrase,
): ReportedClause | null {
  const phrase = { ...p, cue: 'according to', cueStart: according.start };
  const before = text.slice(s.start, according.start).replace(/[\s,;—–-]+$/, '');
  const afterStart = text.slice(p.end, s.end).search(/[^\s,]/);
  if (countWords(before) >= 3) return { start: s.start, end: s.start + before.length, phrase };
  if (afterStart >= 0) return { start: p.end + afterStart, end: s.end, phrase };
  return null;
}

/**
 * CONTENT, X said. — `cue` near the end of the sentence, its subject `p` after a comma that closes at
 * least four words. Null when the sentence is not of that form.
 */
function clauseBeforeCue(
  text: string,
  s: Sentence,
  cue: EntityWord,
  p: SpeakerPhrase,
): ReportedClause | null {
  const tail = text.slice(cue.end, s.end);
  const lead = text.slice(s.start, p.start);
  if (
    /,\s*$/.test(lead) &&
    /^\s*(?:[^,.]{0,25})?[.!?]?["”’]?\s*$/.test(tail) &&
    !/\bthat\b/.test(tail) &&
    !/,/.test(text.slice(p.end, cue.start)) &&
    countWords(lead) >= 4
  )
    return { start: s.start, end: s.start + lead.replace(/[\s,]+$/, '').length, phrase: p };
  return null;
}

/** X said (that) CONTENT. — the reported clause after `cue` and its object or time phrase. */
function clauseAfterCue(text: string, s: Sentence, cue: EntityWord, p: SpeakerPhrase): ReportedClause | null {
  const lw = cue.text.toLowerCase();
  const tail = text.slice(cue.end, s.end);
  let m =
    /^\s+(?:(?:to\s+)?(?:reporters|journalists|the\s+\w+|\p{Lu}[\p{L}.’']*(?:\s+\p{Lu}[\p{L}.’']*)*|him|her|them|us|me)\s+)?(?:on\s+\p{Lu}\w+\s+|in\s+an?\s+\w+(?:\s+\w+)?\s+|(?:last|this)\s+\w+\s+)?(?:that\s+)?/u.exec(
      tail,
    );
  if (lw.startsWith('tell') || lw === 'told') {
    m = /^\s+(?:\S+\s+){1,3}?(?:that\s+)?/u.exec(tail) ?? m;
    if (!/^\s+(?:reporters|journalists|\p{Lu}|him|her|them|us|me|the|a|an|his|her|their)/u.test(tail))
      return null;
  }
  if (!m) return null;
  const cs = cue.end + m[0].length;
  const rest = text.slice(cs, s.end);
  if (/^["“‘'«]/.test(rest)) return null; // a direct quotation already handled
  if (!/^that\b/.test(tail.trim()) && !/\bthat\s*$/.test(m[0]) && countWords(rest) < 3) return null;
  if (/^[,.:;]/.test(rest)) return null;
  if (/^(?:for|about|of|on|in|with|to|at|by|from|into|after|before|during)\b/i.test(rest)) return null;
  if (/^ask/.test(lw) && !/^(?:whether|if|why|how|what|when|where|who|that)\b/i.test(rest)) return null;
  const end = /[.!?]["”’]?$/.exec(rest);
  const ce = s.end - (end ? end[0].length : 0);
  if (ce - cs < 8) return null;
  return { start: cs, end: ce, phrase: p };
}
