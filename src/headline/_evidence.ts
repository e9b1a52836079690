/**
 * Evidence for a headline verdict: which body sentences to show, and which of them go against the
 * headline's claim. Not part of the trained model (it changes no stance or score): it reads the body with
 * small, scoped rules instead of bare cue counts.
 *
 * A sentence goes against the headline when it is on topic and one of these holds:
 *  - refute: it dismisses the claim ("hoax", "denied", "fake", "no evidence"), unless the headline itself
 *    debunks or denies something (then the body agrees with it);
 *  - fail: a failure word ("failed to", "inability", "collapsed", "stalled", "pulled out of") governs a
 *    headline word or, when the headline claims an outcome (agreement, deal, breakthrough, clarity, a win),
 *    any outcome ("were unable to strike a final deal"); unless the headline itself reports a failure
 *    (then such sentences are shown first as agreeing evidence instead);
 *  - negate: a negation directly governs a headline word or a claimed outcome ("did not reach", "no deal");
 *    a "not" elsewhere in the sentence ("the dispute is not new, but ...") does not count.
 * On topic: the sentence shares a word with the headline, or is close to the headline's topic as the body
 * spells it out (the headline plus its most similar sentences); a denied outcome also counts in the lead or
 * when central to the whole article ("Both sides were unable to strike a deal" names no one).
 */
import { type BodyRep, cosine, type HeadRep, type PairFeatures } from './_features.js';
import { contentTokensOf, rawWords, stem } from './_text.js';

export type Stance = 'agree' | 'disagree' | 'discuss' | 'unrelated';

/** Why a sentence goes against the headline. */
export type ContradictionKind = 'refute' | 'fail' | 'negate';

export interface HeadlineEvidence {
  sentence: string;
  /** Index of the sentence in the body (0-based). */
  index: number;
  role: 'supports' | 'contradicts' | 'related';
  /** Similarity of the sentence to the headline (TF-IDF cosine, 0..1). */
  score: number;
  /** For `contradicts`: how the sentence goes against the headline. */
  kind?: ContradictionKind;
}

/** Evidence sentences, and how the first contradicting one goes against the headline (for the summary). */
export interface Explained {
  evidence: HeadlineEvidence[];
  contradiction: ContradictionKind | null;
  /** Every body sentence that goes against the headline, strongest first (empty for an unrelated stance). */
  contradictions: Contradiction[];
}

function words(list: string): Set<string> {
  return new Set(list.split(/\s+/).filter(Boolean));
}

function stems(list: string): Set<string> {
  return new Set([...words(list)].map(stem));
}

// The cue lists match folded raw words (not stems: "doctored" must not match "doctors").
/** Words that dismiss a claim. */
const REFUTE = words(
  'fake fakes faked hoax hoaxes false falsely deny denies denied denial denying refute refuted refutes ' +
    'refuting debunk debunked debunking bogus prank retract retracted retracts retraction myth untrue ' +
    'satire satirical fabricated fabrication baseless photoshopped doctored spoof parody disavow disavowed ' +
    'disavowal discredited unfounded groundless misinformation disputed',
);
/** Refutations of two or three words ("no evidence" of it, "not true", "cast doubt", "never happened"). */
const REFUTE_PHRASES = words(
  'no_evidence no_truth no_proof no_basis not_true cast_doubt casts_doubt casting_doubt questioned_whether ' +
    'never_happened not_happen not_happened not_what_happened not_the_case',
);
/** Words that report that something did not happen or did not work. */
const FAIL = words(
  'fail fails failed failing failure failures unable inability unsuccessful unsuccessfully collapse ' +
    'collapsed collapses stall stalled stalls stalemate deadlock deadlocked impasse breakdown fruitless ' +
    'futile elusive scuttled derailed thwarted faltered foundered botched withdraw withdraws withdrew withdrawn',
);
/** Words that report failure only of an outcome ("talks abandoned", "rejected the deal"), not of anything. */
const FAIL_OF_OUTCOME = words(
  'abandon abandoned cancel cancelled canceled halt halted suspended lost missed refuse refused refuses ' +
    'reject rejected rejects scrapped setback declined',
);
/** Two-word failures and withdrawals. */
const FAIL_PHRASES = words(
  'fell_through fell_apart falls_apart broke_down turned_down backed_out_of pulled_out_of walked_away_from ' +
    'part_ways_with parted_ways_with dropped_out_of',
);
/** Headline words that say something ends or is refused: a body that negates it agrees ("will no longer"). */
const HEAD_NEGATIVE = words('stop stops stopped ban bans banned end ends ended');
/** Headline words that report a withdrawal or failure (beside FAIL): a body reporting one agrees. */
const HEAD_FAIL = words('bail bails bailed quit quits exit exits scrap scraps axed');

/** The length of the failure phrase starting at word j of a clause, or 0. */
function failPhrase(c: Clause, j: number): number {
  const two = `${c.words[j]}_${c.words[j + 1] ?? ''}`;
  if (FAIL_PHRASES.has(two)) return 2;
  return FAIL_PHRASES.has(`${two}_${c.words[j + 2] ?? ''}`) ? 3 : 0;
}
/** After a negation, these make it something else ("not only", "not just"). */
const NOT_NEGATING = words('only just merely simply less more');
/** A failure to verify or to comment is not a failure of the claim. */
const NOT_A_FAILURE = stems('verify confirm independently corroborate authenticate comment contact');
/** Outcome words: what a headline claims was achieved, and what a body can report was not. */
const OUTCOME = stems(
  'achieve achieved achievement agree agreed agreement deal reach reached success successful succeed ' +
    'succeeded win won victory confirm confirmed breakthrough clarity clear secure secured sign signed ' +
    'approve approved approval accord settle settled settlement resolve resolved resolution solve solved ' +
    'solution progress consensus compromise pact treaty truce ceasefire plan forge forged strike struck ' +
    'conclude concluded',
);
/** What a failure can be of, besides claimed outcomes ("the talks collapsed"). */
const OUTCOME_TARGETS = new Set([...OUTCOME, ...stems('talks negotiations')]);
const NEGATION = new Set(['not', 'no', 'never', 'cannot', 'nor', 'neither', 'without', 'none', 'nothing']);
/** Negations that take a noun phrase ("no final deal"): their scope is two content words. */
const WIDE_NEGATION = new Set(['no', 'without', 'never', 'none', 'nothing']);
/** Words skipped between a negation and what it negates ("has not yet been confirmed"). */
const SKIP = words(
  'yet still even ever fully quite really actually immediately formally officially publicly sign',
);
/** Clause boundaries inside a sentence: a negation or a failure word does not reach across them. */
const CLAUSE_RE = /[,;:()\u2013\u2014]|\s-\s|\bbut\b|\bwhile\b|\bwhereas\b|\balthough\b/i;

interface Clause {
  /** Raw folded words. */
  words: string[];
  /** Content stem of each word, or null for stop words. */
  content: (string | null)[];
}

const clauseCache = new WeakMap<BodyRep, Clause[][]>();

function clausesOf(b: BodyRep, i: number): Clause[] {
  let all = clauseCache.get(b);
  if (all === undefined) {
    all = [];
    clauseCache.set(b, all);
  }
  let cs = all[i];
  if (cs === undefined) {
    cs = b.sentences[i]!.split(CLAUSE_RE).map((part) => {
      const words = rawWords(part);
      return { words, content: words.map((w) => contentTokensOf([w])[0] ?? null) };
    });
    all[i] = cs;
  }
  return cs;
}

/** The content stems after (or before) position j in a clause, skipping stop words and SKIP words. */
function window(c: Clause, j: number, dir: 1 | -1, n: number): string[] {
  const out: string[] = [];
  for (let k = j + dir; k >= 0 && k < c.words.length && out.length < n; k += dir) {
    const t = c.content[k];
    if (t === null || t === undefined || SKIP.has(c.words[k]!)) continue;
    if (NEGATION.has(t)) break;
    out.push(t);
  }
  return out;
}

interface HeadClaims {
  /** Headline words (content stems) a negation or failure may govern. */
  words: Set<string>;
  claimsOutcome: boolean;
  reportsFailure: boolean;
  /** The headline itself denies or debunks something ("X did not die", "hoax"): body denials agree with it. */
  debunks: boolean;
}

function headClaims(h: HeadRep): HeadClaims {
  const raw = rawWords(h.text);
  const claimsOutcome = h.tokens.some((t) => OUTCOME.has(t));
  return {
    words: new Set(h.types.filter((t) => !NEGATION.has(t))),
    claimsOutcome,
    // "talks collapse", "Bale bails", and "talks end without a deal" (a negated outcome) report failure.
    reportsFailure:
      raw.some((w) => FAIL.has(w) || FAIL_OF_OUTCOME.has(w) || HEAD_FAIL.has(w)) ||
      (claimsOutcome && raw.some((w) => NEGATION.has(w))),
    debunks: raw.some((w) => NEGATION.has(w) || REFUTE.has(w) || HEAD_NEGATIVE.has(w)),
  };
}

/** Whether w (a content stem) is something the headline claims: one of its words, or an outcome it claims. */
function claimed(hc: HeadClaims, w: string, outcomesOnly = false): boolean {
  if (hc.claimsOutcome && OUTCOME_TARGETS.has(w)) return true;
  return !outcomesOnly && hc.words.has(w);
}

interface Found {
  kind: ContradictionKind;
  /** The sentence denies an outcome the headline claims ("failed to reach an agreement", "no deal"). */
  clash: boolean;
}

/** How, if at all, sentence i goes against the headline's claim (ignoring whether it is on topic). */
function contradiction(b: BodyRep, i: number, hc: HeadClaims): Found | null {
  let found: Found | null = null;
  const outcome = (x: string) => hc.claimsOutcome && OUTCOME_TARGETS.has(x);
  for (const c of clausesOf(b, i)) {
    for (let j = 0; j < c.words.length; j++) {
      const w = c.words[j]!;
      const pair = `${w}_${c.words[j + 1] ?? ''}`;
      const prev = c.words[j - 1];
      if (
        !hc.debunks &&
        (REFUTE.has(w) || REFUTE_PHRASES.has(pair) || REFUTE_PHRASES.has(`${pair}_${c.words[j + 2] ?? ''}`))
      )
        return { kind: 'refute', clash: false };
      if (found?.clash || hc.reportsFailure) continue;
      const phrase = failPhrase(c, j);
      const strong = FAIL.has(w) || phrase > 0;
      if ((strong || FAIL_OF_OUTCOME.has(w)) && !(prev !== undefined && NEGATION.has(prev))) {
        const after = window(c, j + Math.max(0, phrase - 1), 1, 3);
        if (after[0] !== undefined && NOT_A_FAILURE.has(after[0])) continue;
        if (after.includes('comment')) continue;
        // "failed to reach an agreement" (a claimed outcome or headline word after it), "the talks collapsed"
        // (a claimed outcome before it); words that need an outcome ("abandoned") only take outcomes.
        const outcomesOnly = !strong;
        const before = window(c, j, -1, 2);
        if (after.some((x) => claimed(hc, x, outcomesOnly)) || before.some((x) => claimed(hc, x, true))) {
          found = { kind: 'fail', clash: after.some(outcome) || before.some(outcome) };
          continue;
        }
      }
      if (!hc.debunks && NEGATION.has(w) && !NOT_NEGATING.has(c.words[j + 1] ?? '')) {
        const near = window(c, j, 1, WIDE_NEGATION.has(w) ? 2 : 1);
        if (found === null && near.some((x) => claimed(hc, x) && !FAIL.has(x))) {
          found = { kind: 'negate', clash: near.some(outcome) };
        }
      }
    }
  }
  return found;
}

/**
 * How much each sentence is about the headline's topic as the body spells it out: cosine with the headline
 * plus its most similar sentences. Catches "Both sides were unable to strike a deal" under a headline that
 * names the two sides, a sentence that shares no word with the headline.
 */
export function topicSimilarities(h: HeadRep, b: BodyRep, f: PairFeatures, feedback = 3): Float64Array {
  const topic = new Map<string, number>();
  const add = (v: Map<string, number>, k: number) => {
    for (const [t, w] of v) topic.set(t, (topic.get(t) ?? 0) + k * w);
  };
  add(h.vec, 1);
  for (const i of f.order.slice(0, feedback))
    if (f.sims[i]! >= MIN_RELATED) add(b.sentVecs[i]!, FEEDBACK_WEIGHT);
  let norm = 0;
  for (const w of topic.values()) norm += w * w;
  norm = Math.sqrt(norm) || 1;
  for (const [t, w] of topic) topic.set(t, w / norm);
  return Float64Array.from(b.sentVecs, (v) => cosine(topic, v));
}

const MIN_RELATED = 0.05;
const FEEDBACK_WEIGHT = 0.5;
const MIN_TOPIC = 0.1;
/** Lead sentences, and the similarity to the whole body that makes a sentence central to the article. */
const LEAD = 3;
const MIN_CENTRAL = 0.3;
const KIND_WEIGHT: Record<ContradictionKind, number> = { refute: 1, fail: 0.9, negate: 0.7 };

export interface Contradiction {
  index: number;
  kind: ContradictionKind;
  /** The sentence denies an outcome the headline claims ("failed to reach an agreement", "no deal"). */
  clash: boolean;
  /** Ranking weight: kind weight x relevance to the headline and its topic. */
  strength: number;
}

/** Body sentences that go against the headline, strongest first. */
export function contradictions(
  h: HeadRep,
  b: BodyRep,
  f: PairFeatures,
  topic: Float64Array = topicSimilarities(h, b, f),
): Contradiction[] {
  if (h.tokens.length === 0) return [];
  return scan(headClaims(h), b, f, topic);
}

/**
 * Body sentences that say what a failure or denial headline says ("talks collapse" over "the two sides
 * failed to reach an agreement"; "X did not die" over "X has not died"), strongest first. Empty for other
 * headlines.
 */
export function echoes(h: HeadRep, b: BodyRep, f: PairFeatures, topic?: Float64Array): Contradiction[] {
  if (h.tokens.length === 0) return [];
  const hc = headClaims(h);
  if (!hc.reportsFailure && !hc.debunks) return [];
  const as = {
    ...hc,
    reportsFailure: false,
    debunks: false,
    claimsOutcome: hc.claimsOutcome || hc.reportsFailure,
  };
  return scan(as, b, f, topic ?? topicSimilarities(h, b, f));
}

function scan(hc: HeadClaims, b: BodyRep, f: PairFeatures, topic: Float64Array): Contradiction[] {
  const out: Contradiction[] = [];
  for (let i = 0; i < b.sentences.length; i++) {
    const sim = f.sims[i]!;
    // On topic: shares a word with the headline, or is close to the headline's topic as the body tells it.
    const onTopic = sim > 0 || topic[i]! >= MIN_TOPIC;
    // A denied outcome ("both sides were unable to strike a deal") needs no shared word when it is
    // in the lead or central to the article: the article is about the headline's event.
    const central = onTopic ? 0 : cosine(b.sentVecs[i]!, b.vec);
    if (!onTopic && (!hc.claimsOutcome || (i >= LEAD && central < MIN_CENTRAL))) continue;
    const found = contradiction(b, i, hc);
    if (found === null || (!onTopic && !found.clash)) continue;
    const rel = onTopic ? Math.max(sim, topic[i]!) : 0.5 * central;
    const { kind, clash } = found;
    // A failure is strong evidence only against a headline that claims an outcome.
    const w = KIND_WEIGHT[kind] * (kind === 'fail' && !hc.claimsOutcome ? 0.8 : 1);
    out.push({ index: i, kind, clash, strength: w * (0.2 + rel) });
  }
  return out.sort((x, y) => y.strength - x.strength || x.index - y.index);
}

/**
 * The evidence shown with a verdict (at most 3 sentences). Against an agreeing verdict: the most similar
 * sentences (supports), strongest first, then at most one contradicting sentence. Otherwise: up to two
 * contradicting sentences first, strongest first, then the most similar remaining sentences (related).
 */
export function selectEvidence(h: HeadRep, b: BodyRep, f: PairFeatures, stance: Stance): Explained {
  const make = (i: number, role: HeadlineEvidence['role'], kind?: ContradictionKind): HeadlineEvidence => ({
    sentence: b.sentences[i]!,
    index: i,
    role,
    score: round(f.sims[i]!),
    ...(kind ? { kind } : {}),
  });
  if (stance === 'unrelated') {
    const i = f.order[0];
    return {
      evidence: i !== undefined && f.sims[i]! >= 0.1 ? [make(i, 'related')] : [],
      contradiction: null,
      contradictions: [],
    };
  }
  const topic = topicSimilarities(h, b, f);
  const contra = contradictions(h, b, f, topic);
  const kindOf = new Map(contra.map((c) => [c.index, c.kind]));
  // Sentences that echo a failure or denial headline come before merely similar ones.
  const similar = [
    ...new Set([
      ...echoes(h, b, f, topic).map((e) => e.index),
      ...f.order.filter((i) => f.sims[i]! >= MIN_RELATED),
    ]),
  ].filter((i) => !kindOf.has(i));
  const contradiction = contra[0]?.kind ?? null;
  if (stance === 'agree') {
    const out = similar.slice(0, contra.length ? 2 : 3).map((i) => make(i, 'supports'));
    const c = contra[0];
    if (c) out.push(make(c.index, 'contradicts', c.kind));
    return { evidence: out, contradiction, contradictions: contra };
  }
  const out = contra.slice(0, 2).map((c) => make(c.index, 'contradicts', c.kind));
  for (const i of similar) {
    if (out.length >= 3) break;
    out.push(make(i, 'related'));
  }
  return { evidence: out, contradiction, contradictions: contra };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** The plain-words summary of a verdict, given how the evidence goes against the headline (if it does). */
export function summarise(stance: Stance, c: ContradictionKind | null, h: HeadRep): string {
  if (stance === 'unrelated') return 'the body is not about what the headline says';
  if (stance === 'agree') {
    return c
      ? 'the body supports the headline, though a related sentence goes against it'
      : 'the body supports the headline';
  }
  if (stance === 'disagree') return 'the body contradicts the headline';
  if (!c) return 'the body reports on the headline’s claim without confirming it';
  const claimsOutcome = h.tokens.some((t) => OUTCOME.has(t));
  const why =
    c === 'fail'
      ? claimsOutcome
        ? 'it reports a failure where the headline claims an outcome'
        : 'it reports that what the headline names failed'
      : c === 'refute'
        ? 'a related sentence disputes the claim'
        : 'a related sentence says it did not happen';
  return `the body does not support the headline: ${why}`;
}
