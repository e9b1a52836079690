/**
 * The one report data model of `unspun check`, rendered as terminal text, JSON and HTML. Its JSON form is
 * described by schema/report.schema.json; REPORT_VERSION changes only when a field changes meaning or goes.
 */
import type { Entity } from '../entities/index.js';
import type { HeadlineVerdict } from '../headline/index.js';
import type { Quote } from '../quotes/index.js';

export const REPORT_VERSION = 1;

/** A corpus article as a report cites it. */
export interface ArticleRef {
  articleId: string;
  url: string | null;
  /** The site's display name; `siteKey` is its stable key (the registrable host). */
  site: string | null;
  siteKey: string | null;
  published: string | null;
  title: string;
}

export interface SourceRef extends ArticleRef {
  /** Which version of the source article the sentence was taken from, when it was stored with several texts. */
  version?: number;
  /** False when a later version of the source article replaced this text. */
  latestVersion?: false;
  /** The source sentence and its offsets in the source article's stored text. */
  text: string;
  start: number;
  end: number;
  similarity: number;
}

export interface Substitution {
  original: string;
  spun: string;
  /** The pair is a known synonym/alias/spinner swap (not only positionally aligned). */
  known?: boolean;
  /** "number": the same figure written differently or rounded ("five" / "5", "4.23" / "4.2"), not a word swap. */
  kind?: 'number';
}

export interface AlignmentSpan {
  op: 'copy' | 'substitute' | 'insert' | 'delete';
  /** Text in the checked sentence (absent for a deletion). */
  text?: string;
  start?: number;
  end?: number;
  /** Text in the source sentence (absent for an insertion). */
  sourceText?: string;
}

/**
 * How a traced sentence was derived: "copied" (near-verbatim: words may be cut or added, none swapped), "spun"
 * (words swapped for synonyms, listed in `substitutions`), "rewritten" (a paraphrase: restructured and reworded,
 * found by the facts and rare words it shares with its source; see `rewrite`).
 */
export type Derivation = 'copied' | 'spun' | 'rewritten';

/** What a rewritten sentence shares with its source sentence(s). */
export interface RewriteEvidence {
  /** Harmonic mean of both sides' rarity-weighted word coverage (names and figures weigh most). */
  similarity: number;
  /** Weighted share of the checked sentence explained by its source(s). */
  coverage: number;
  /** Names and figures it shares with its source (as the checked article writes them). */
  sharedNames: string[];
  sharedNumbers: string[];
  /** Words matched by meaning or word family, source word -> checked word. */
  rewordings: { original: string; rewritten: string }[];
  /** How related the source article is to this article as a whole (cosine of rarity-weighted word profiles): a
   * rewrite of it scores 0.4-0.9, another outlet's report of the same event 0.1-0.3. */
  articleRelatedness: number;
}

export interface ReportSentence {
  index: number;
  text: string;
  /** Offsets into the checked article's normalised text (`article.text`). */
  start: number;
  end: number;
  paragraph: number;
  sources: SourceRef[];
  substitutions: Substitution[];
  alignment?: AlignmentSpan[];
  droppedAttribution?: { original: string; spun: string } | null;
  /** How a traced sentence was derived from its source(s): see Derivation. */
  derivation?: Derivation;
  /** For a rewritten sentence: the evidence of the paraphrase. */
  rewrite?: RewriteEvidence;
  /** "traced": has a source; "new": no source found; "excluded": a match the user's exclusions took out;
   * "unchecked": no corpus was given. */
  status: 'traced' | 'new' | 'boilerplate' | 'excluded' | 'unchecked';
  /** Why a sentence is "excluded": it is mostly a quotation, or its match explained too few words. */
  excluded?: 'quote' | 'short';
}

export interface SourceContribution extends ArticleRef {
  sentences: number;
  characters: number;
  /** Of the sentences traced to this source, how many were copied, spun and rewritten. */
  derivations: DerivationCounts;
}

export type DerivationCounts = Record<Derivation, number>;

export interface ProvenanceSummary {
  corpus: boolean;
  sentences: number;
  tracedSentences: number;
  tracedSentenceShare: number;
  tracedCharacterShare: number;
  /** Traced sentences by derivation (copied, spun, rewritten). */
  derivations: DerivationCounts;
  sources: SourceContribution[];
  likelyOrigin: SourceContribution | null;
  /** Why the likely origin is what it is, or why there is none ("no single origin: ..."); null without a corpus. */
  originNote: string | null;
  /** The time rule applied to sources (only earlier ones, when the article has a date); null without a corpus. */
  timeNote: string | null;
  /** In words, the exclusions the check was asked for; absent when none was. */
  exclusionNote?: string;
  composite: boolean;
  substitutionMap: { original: string; spun: string; count: number; known: boolean }[];
  /** Substituted words / aligned content words over traced sentences. */
  spinRate: number;
  droppedAttributions: number;
  /** Sentences that are boilerplate learned from the corpus (status "boilerplate"). */
  boilerplateSentences: number;
  /** The checked article is itself in the corpus (and was excluded as its own source). */
  selfInCorpus: { articleId: string } | null;
  /**
   * An article the whole text is closely related to (rarity-weighted word profile, far more than any other
   * candidate: DEFAULTS.rewrite) although none of its sentences could be traced: the likely source of a heavy
   * rewrite. Document-level evidence only, never a likely origin. Absent when there is none.
   */
  relatedArticles?: RelatedArticleRef[];
}

export interface RelatedArticleRef extends ArticleRef {
  /** Cosine of the two texts' rarity-weighted word profiles, in [0, 1]. */
  relatedness: number;
}

export interface SelfEvidenceItem {
  kind: 'alias-inconsistency' | 'known-spin' | 'spelling-variant' | 'unattributed-quote';
  message: string;
  forms: string[];
  /** Offsets into the article's text (headline mentions are not included). */
  mentions?: { text: string; start: number; end: number }[];
}

/** A quote of the checked article found in a source: did its wording or its speaker change on the way? */
export interface QuoteProvenance {
  /** Index into `quotes`. */
  quote: number;
  text: string;
  source: {
    articleId: string;
    site: string | null;
    published: string | null;
    text: string;
    speaker: string | null;
  };
  wordingChanged: boolean;
  /** Word-level differences between the source quote and the checked one ("want" -> "want to have"). */
  changes: Substitution[];
  /** The source named a speaker and the checked article does not (or names another). */
  speakerDropped: boolean;
  speakerChanged: boolean;
  checkedSpeaker: string | null;
}

export interface Report {
  version: typeof REPORT_VERSION;
  article: {
    headline: string;
    url: string | null;
    site: string | null;
    siteKey: string | null;
    published: string | null;
    byline: string | null;
    /** Normalised body text; every offset in the report refers to it. */
    text: string;
    dateline: string | null;
  };
  sentences: ReportSentence[];
  summary: ProvenanceSummary;
  selfEvidence: SelfEvidenceItem[];
  /** Filled by the headline check (null when it was not run). */
  headline: HeadlineVerdict | null;
  /** People, organisations, places and nationalities of the body, with mentions (null when not run). */
  entities: Entity[] | null;
  /** Direct, partial, scare and indirect quotes with their speakers (null when not run). */
  quotes: Quote[] | null;
  /** With a corpus: quotes traced to a source quote (null without a corpus). */
  quoteProvenance: QuoteProvenance[] | null;
  timings: Record<string, number>;
}
