import { lazyList } from './data.js';

/**
 * English function words (folded, lower-case) as the tokenizer emits them: articles, pronouns,
 * prepositions, conjunctions, auxiliaries, common adverbs, contractions and the split-off "'s"
 * (data/function-words.tsv, read on first use). Spinners leave these alone, so their order is a spin-robust
 * fingerprint. The one stopword list for matching; the entity scanner's "never part of a name" list is
 * another purpose (data/name-stopwords.tsv).
 */
export const STOPWORDS = lazyList('function-words.tsv');

/** Personal pronouns that can stand in for a named speaker ("he explained"). A closed grammar set. */
export const SUBJECT_PRONOUNS: ReadonlySet<string> = new Set(['he', 'she', 'they', 'it', 'we', 'i', 'you']);
