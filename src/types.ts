/** An article as read from an input, before it is stored. */
export interface ArticleInput {
  /** External id given by the input (JSONL/CSV `id`), if any. */
  id?: string | undefined;
  url?: string | undefined;
  /** Stable site key: the registrable host of the URL ("reuters.com"), else derived from the given name. */
  site?: string | undefined;
  /** The site's name as the input or the page gives it ("Reuters"), for display; else the key. */
  siteName?: string | undefined;
  title: string;
  /** ISO 8601 date or date-time, if known. */
  published?: string | undefined;
  byline?: string | undefined;
  /** Plain text body: paragraphs separated by blank lines. */
  text: string;
  /** Unknown input fields and provenance of the record (file, line, format). */
  meta?: Record<string, unknown> | undefined;
}

/** A stored article. */
export interface Article extends ArticleInput {
  /** Store-assigned key: the external id, else derived from URL, else from the content hash. */
  key: string;
  /** Stable content hash (hex) of title + text. */
  hash: string;
  /** Store row number, increasing with ingest order. */
  seq: number;
  /** Which version of the article this is, set only when the same key was stored with several texts (1 = first). */
  version?: number;
  /** False on a version that a later one replaced (absent on the newest). */
  latest?: false;
}

/** A token: a word, number or punctuation mark, with offsets into the text it was cut from. */
export interface Token {
  /** Surface form, as in the text (after normalisation). */
  text: string;
  /** Lower-cased, folded form used for matching. */
  norm: string;
  start: number;
  end: number;
  kind: 'word' | 'number' | 'punct';
}

export interface Sentence {
  /** Index within the document (headline excluded). */
  index: number;
  text: string;
  /** Offsets into the normalised body text. */
  start: number;
  end: number;
  /** Paragraph number (0-based). */
  paragraph: number;
  tokens: Token[];
}

/** The normalised structure of an article that every later stage uses. */
export interface NormalisedArticle {
  headline: string;
  /** Normalised body text: offsets of sentences and tokens refer to it. */
  text: string;
  /** A dateline cut from the start of the first sentence ("GENEVA (Reuters) -"), if any. */
  dateline?: { text: string; start: number; end: number } | undefined;
  sentences: Sentence[];
}
