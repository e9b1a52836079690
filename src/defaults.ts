/** Every tunable of unspun, with its documented default. Change them here, not at the call sites. */
export const DEFAULTS = {
  /** Default store path when neither --db nor UNSPUN_DB is given. */
  dbPath: './unspun.db',
  /** Articles per store transaction during ingest: each commit writes one postings segment (SQLite) and
   * fewer, bigger segments mean fewer merges; PostgreSQL commits touch index pages all over (BENCHMARKS.md). */
  ingestBatch: 5000,
  /** A full garbage collection after each committed batch of ingest and reindex (src/engine/_gc.ts): V8 otherwise
   * puts off major collections while memory is plentiful, and the writer thread carried several batches' garbage
   * at its peak. 60,000 streamed articles, 2 workers: peak RSS 815 -> 610 MB for ~65 ms a batch (BENCHMARKS.md). */
  ingestCollectGarbage: true,
  /** SQLite page cache per connection, MB (each reader thread may ask for less). */
  sqliteCacheMb: 64,
  /**
   * SQLite page cache of a read-only connection, MB (`unspun check`, `stats`, `network`, a library engine opened
   * read-only): a check at 1M articles looks up thousands of sentences and blocks, and with the sentence runs and
   * the upper levels of the postings held in cache its median fell from 108-110 to 94-96 ms (BENCHMARKS.md).
   * Pages are allocated as used: a small store takes what it needs. The server's check workers take
   * `serve.workerCacheMb` each.
   */
  sqliteReadCacheMb: 256,
  /** What a SQLite reader keeps in memory between candidate look-ups while the data does not change. */
  sqliteReader: {
    /** The sentence runs are read into memory (~12 bytes an article), to locate a look-up's thousands of candidate
     * ids without a B-tree descent each, once look-ups on unchanged data have spent this long per stored article
     * locating ids (reading the runs takes 0.7-1.2 µs a run: 1M articles in 0.8-1.25 s)... */
    runLoadMsPerArticle: 0.001,
    /** ...unless there are more runs than this (one an article as ingest writes them: 60 MB at this bound). */
    maxRuns: 5_000_000,
    /** Runs read per look-up while reading them (about 0.1 s of work), so that no one check stalls for all. */
    runChunk: 100_000,
    /** Fingerprints found too common (more than maxPostings sentences) remembered, not looked up again. */
    commonFingerprints: 200_000,
  },
  /** Ingest's worker threads (normalisation and fingerprints run there while the main thread writes). */
  ingestWorkers: {
    /** Articles per message to a worker... */
    chunk: 32,
    /** ...and messages in flight per worker: the window bounds memory, and is large enough (about 2,000
     * articles a worker) to keep workers busy while the main thread commits a batch. */
    inFlightPerWorker: 32,
    /** Start workers for inputs of at least this many bytes (starting them costs more than small inputs)... */
    minBytes: 4_000_000,
    /** ...and, for standard input (size unknown), once this many articles were read. */
    minArticles: 1_500,
    /** Never more workers than this, whatever the core count: the writer thread is the limit beyond it. */
    max: 8,
    /**
     * Old-generation heap limit of a worker, MB: its live data stays under 100 MB (bounded caches), and without a
     * limit V8 lets each worker's heap grow far past that before collecting, which is what pushed ingest's peak
     * RSS past 1 GB. A worker that runs out is replaced by the main thread doing its work (never lost).
     */
    heapMb: 160,
  },
  /** A progress callback is called at most this often (a terminal bar redraws no faster). */
  progressIntervalMs: 100,
  /** Largest single document (HTML/text file or fetched page) accepted, in bytes. */
  maxDocumentBytes: 50 * 1024 * 1024,
  /** Pages larger than this (characters) skip Readability, whose cost grows faster than linearly, for the
   * linear structural extractor (article/main/body minus navigation, sidebars and other page furniture). */
  readabilityMaxChars: 4_000_000,
  /** Fetch: time limit and size limit for `unspun check URL`. */
  fetchTimeoutMs: 15_000,
  fetchMaxBytes: 10 * 1024 * 1024,
  /**
   * Bounds on every input, so that no input makes unspun run unbounded in memory or time. Each is enforced with
   * a one-line error naming the input (a rejected record, or a failed command), never a crash.
   */
  /** News feeds (RSS, Atom, JSON Feed) given to `ingest`. */
  feeds: {
    /** Items read from one feed; the rest are reported, not read (a feed is a window on recent news). */
    maxItems: 10_000,
    /** An item whose content has this much text is the article itself; a shorter one (a summary, a teaser) has
     * its page fetched from its link. */
    minContentChars: 400,
    /** Pause between two page fetches from one host, in ms (politeness). */
    hostDelayMs: 1000,
    /** Pages fetched for one feed's link-only items at most (the rest are reported, not fetched)... */
    maxLinkFetches: 200,
    /** ...and fetching stops after this many failures in a row (a dead or hostile site). */
    maxFailuresInARow: 10,
  },
  /** `unspun watch`: polling feeds. */
  watch: {
    /** How often a feed is polled, unless its line in the watch list says otherwise. */
    intervalMs: 15 * 60_000,
    /** No feed is polled more often than this (a typo like "1s" in a list of real feeds would hammer them). */
    minIntervalMs: 1000,
    /** ...nor less often than this. */
    maxIntervalMs: 7 * 24 * 60 * 60_000,
    /** After a failed poll the next waits the interval times 2^(failures in a row), at most this long. */
    maxBackoffMs: 6 * 60 * 60_000,
    /** A page whose fetch failed is tried again at the next polls, this many times in all, then given up. */
    maxItemAttempts: 3,
    /** Items remembered per feed (to tell new and changed items from those already read), at least... */
    rememberItems: 5000,
    /** robots.txt: kept this long per host, read up to this size (RFC 9309: at least 500 KiB), and a
     * Crawl-delay it asks for is honoured up to this many ms between two pages of the host. */
    robotsTtlMs: 24 * 60 * 60_000,
    robotsMaxBytes: 512 * 1024,
    maxCrawlDelayMs: 60_000,
    /** Feeds in one watch list at most; a watch list file's size at most. */
    maxFeeds: 10_000,
    maxListBytes: 10 * 1024 * 1024,
  },
  limits: {
    /** Largest single JSONL line or CSV record, in bytes (a record is an article: 10 MiB is far beyond one). */
    maxRecordBytes: 10 * 1024 * 1024,
    /** Malformed CSV records tolerated in one file (each skipped, reading resumed on the next line); past this
     * the file is not CSV in any useful sense and the rest of it is not read. */
    maxMalformedCsvRecords: 1000,
    /** Longest article text analysed, in characters (about 170,000 words, 30 times the longest news features):
     * analysis time and memory grow with length (a 30 MB text took 45 s and 2.6 GB), and no news article comes
     * near this. Longer texts are refused with this reason. */
    maxArticleChars: 1_000_000,
    /** HTML nesting deeper than this is flattened before parsing (real pages stay under ~60 levels; hostile
     * pages nest thousands of levels to make parsers and Readability run for minutes or overflow the stack). */
    maxHtmlDepth: 256,
    /** Pages with more elements than this are refused: an article page has a few thousand, and parsing grows
     * with the count (99,000 elements: 3.5 s and 320 MB; 700,000: 83 s and 1.5 GB). */
    maxHtmlElements: 100_000,
    /** Wall-clock budget for extracting and analysing one article, in ms; past it the article is refused. */
    articleBudgetMs: 20_000,
    /** Redirects followed when fetching a URL (each one checked by the address guard). */
    maxRedirects: 5,
  },
  /** Fingerprints kept per stored sentence (bottom-k sample over all feature families). */
  fingerprintsPerSentence: 12,
  /** A fingerprint shared by more stored sentences than this is too common to retrieve with. */
  maxPostings: 150,
  /** Candidate sentences aligned per query sentence. */
  candidatesPerSentence: 12,
  /** Boilerplate learned from the corpus (src/match/boilerplate.ts): when a recurring line is furniture. */
  boilerplate: {
    /** A line in this many articles of one site is that site's furniture (a story and its updated versions
     * repeat a sentence 2-4 times; share widgets and credits repeat on every page). */
    minSiteArticles: 5,
    /** A line in this many articles across at least `minSites` sites is a stock line; copying one story does
     * not reach that many. */
    minArticles: 30,
    minSites: 8,
  },
  /** The match stage (src/match): when a corpus sentence is reported as the source of a checked sentence. */
  match: {
    /** Alignment similarity (harmonic mean of both coverages) at or above which a candidate is a source:
     * spinning at 40 % word swaps still aligns at 0.7-0.9, unrelated sentences of one story stay under 0.5. */
    sourceThreshold: 0.6,
    /** A sentence is only attributed when at least this many of its words are explained by the source: lines
     * such as "Video loading" or "Yikes." are too short to say where they came from. */
    minExplainedWords: 4,
    /** Below the threshold, a split or trimmed source (the speaker or a clause cut) is still accepted when it
     * explains this share of the checked sentence... */
    splitTargetCoverage: 0.75,
    /** ...and the checked sentence uses at least this share of it. Such sources are reported with their own
     * (lower) similarity, which is why a source under `sourceThreshold` can appear in a report. */
    splitSourceCoverage: 0.3,
    /** A source whose explained words are one name and nothing else ("Transportation Security Administration
     * (@tsa)" inside a longer sentence about the agency) is not accepted when it explains less than this share
     * of the checked sentence (a short line copied whole, "No, it's the BATMOBILE!", is a copy). */
    nameOnlyBelowCoverage: 0.75,
    /** Candidates sharing fewer than this share of the best candidate's fingerprints are retrieval noise. */
    candidateMinHitShare: 0.25,
    /** Candidates sharing a single fingerprint are aligned only among the sentence's first this many (ranked by
     * shared fingerprints, then by how much of the checked article their article shares): on the FNC-1 spin
     * benchmark every single-fingerprint source accepted was among the first 5, none of the 2,665 aligned
     * further down; most alignments of a sentence with no source are such candidates. */
    singleHitCandidates: 5,
    /** Once a near-copy (this similarity and target coverage) is found, only candidates as strong as it (other
     * copies of the same sentence) are aligned: saves alignments without changing the answer. */
    nearCopySimilarity: 0.9,
    nearCopyCoverage: 0.85,
    /** Sources within this similarity of the best are equals, and the earliest of them is preferred (a wire
     * story and its update, or several copies, hold the same sentence). */
    nearEqualSimilarity: 0.02,
    /** A sentence whose best source explains less than this share of it may merge two sources (stitching). */
    mergeBelowCoverage: 0.85,
    /** The second source of a merge must explain this share of the checked sentence on its own... */
    mergeOtherTargetCoverage: 0.25,
    /** ...with this share of its own text, not a few shared words... */
    mergeOtherSourceCoverage: 0.4,
    /** ...and the merge must raise the covered share of the checked sentence by at least this much. */
    mergeMinGain: 0.2,
    /** A source article that explains a single sentence of the article (through a single sentence of its own)
     * is named only when the two share rare content worth this many never-seen words (names and figures count
     * at least 0.6 each, common words far less: see rewrite/rarity.ts). A lone match on a generic frame ("You
     * can't make this stuff up.") or a stock formula shares only common words (at most 1.7 on the development
     * half of bench:realweb, where correct lone matches share 3.3 or more). */
    isolatedMinEvidence: 2.5,
    /** The likely origin is the earliest source that gave at least this many sentences of the article... */
    originMinSentences: 3,
    /** ...or at least this share of its text: one generic line shared with an unrelated story names no origin. */
    originMinTextShare: 0.2,
    /** A quote of the checked article matches a quote of its source at this alignment similarity or more. */
    quoteMinSimilarity: 0.5,
    /** A learned spinner pair is flagged on its own (without a source) once recovered from this many articles. */
    learnedMinArticles: 3,
    /** Spun words shorter than this ("a", "US") are not learned: too short to be a spinner's vocabulary. */
    learnedMinLength: 3,
  },
  /** The rewrite stage (src/rewrite): provenance through paraphrase (LLM or editorial rewriting). */
  rewrite: {
    /** Candidate articles (those sharing the most fingerprints with the checked article) weighed for
     * relatedness; the true source of a rewrite is among the first ten for 98 % of the development rewrites. */
    candidateArticles: 10,
    /** ...of those, only articles sharing at least this share of the best one's fingerprints. */
    candidateMinShare: 0.2,
    /** At most this many related articles are aligned sentence by sentence. */
    alignArticles: 3,
    /** Rarity-weighted cosine at which a candidate article is related to the checked one: a rewrite of it
     * scores 0.4-0.9, another article on the same story 0.1-0.3, another story under 0.1. */
    relatedThreshold: 0.15,
    /** A page of the checked article's own site, unrelated to it, that gives it at most this many lines, each copied
     * word for word (at least this similar), gives template lines (a widget, an archive list, an author line),
     * not provenance (src/match/rewrite.ts `siteTemplateLines`): a widget is a line or two, sometimes twice. */
    templateMaxLines: 4,
    templateMinSimilarity: 0.95,
    /** Related articles under this share of the best one's relatedness are left out (the best explains more). */
    relatedShareOfBest: 0.6,
    /** Names and figures weigh at least this share of the rarest word's weight (LLMs keep the facts). */
    anchorFloor: 0.6,
    /** Credit of a word matched by a WordNet synonym, and by its word family (same first five letters). */
    synonymCredit: 0.8,
    familyCredit: 0.7,
    /** Synonyms are only looked for where exact words already cover this share of the checked sentence. */
    softAbove: 0.15,
    /** A checked sentence needs this many content words to be traced by paraphrase. */
    minUnits: 3,
    /** Similarity (harmonic mean of both weighted coverages) at which a source sentence explains a rewritten one. */
    sentenceThreshold: 0.45,
    /** Below it, a source sentence split in two still explains a checked sentence it covers this much of... */
    splitQueryCoverage: 0.6,
    /** ...using at least this share of the source sentence. */
    splitSourceCoverage: 0.25,
    /** Shared words must weigh this much (a few rare words, not "said" and "people")... */
    minSharedWeight: 6,
    /** ...and be at least this many; the words other than names and figures must weigh this much on their own
     * (two moderately rare words): a name and "said" make no shared sentence. */
    minSharedWords: 2,
    minSharedWordWeight: 3,
    /** ...or the sentences share at least this many facts (a sentence reworded around its facts): names and
     * figures, a run of them next to each other counting once ("Senate Majority Leader Mitch McConnell" is one
     * person), so a title, a name and "said Sunday" never pass as facts. Counted by words (4 of them) before: a
     * quote in another remark's frame and a list of one person's titles were traced on real web text. */
    minSharedFacts: 3,
    /** A sentence whose best source covers less than this may merge two source sentences... */
    mergeBelowCoverage: 0.6,
    /** ...the second explaining this share of its own words in the checked sentence... */
    mergeOtherSourceCoverage: 0.3,
    /** ...adding at least this share of the checked sentence's weight... */
    mergeMinGain: 0.2,
    /** ...so that together they cover this much, each part at least this similar. */
    mergedCoverage: 0.6,
    mergePartSimilarity: 0.25,
    /** Rewritten sentences are reported from a source article only when it explains (copied, spun or rewritten)
     * at least this many sentences of the checked article... */
    minArticleSentences: 3,
    /** ...or this share of them: another outlet's report of the same event shares one or two sentences' facts. */
    minArticleShare: 0.35,
    /** At most this many sentence pairs are compared per check (about a second of work): a longer job keeps the
     * most related articles that fit. */
    maxPairs: 500_000,
    /** An article this related to the checked one (a rewrite of it scores 0.4-0.9)... */
    strongRelated: 0.2,
    /** ...and this many times as related as any other candidate is the document's source: it needs fewer. */
    dominance: 2,
    /** The document's source this related or more is named as a related article even when no sentence of it could
     * be traced (a rewrite scores 0.4-0.9, another outlet's report of the event 0.1-0.3): a heavy paraphrase, or a
     * source whose text is a list or a page of widgets that the rewriter turned into prose. */
    documentRelatedness: 0.4,
    /** Within that article (the document's source, related at least `documentRelatedness`), a sentence needs only
     * this similarity: a rewrite's headline-like flourishes keep half the words of their source sentence. */
    sourceSentenceThreshold: 0.38,
    /** ...and even the document's source gives rewritten sentences only when it explains at least this many
     * sentences of the article (through as many of its own): one lone match is what any related report shares. */
    dominantMinSentences: 2,
    /** A sentence quotes someone directly when at least this many content words stand inside quotation marks... */
    quoteMinWords: 3,
    /** ...and a sentence quoting words that share less than this share of the (shorter) quote of a candidate
     * source sentence is another statement, not a rewrite of it: LLM rewriters keep quotes or report them. */
    quoteMinOverlap: 0.5,
  },
  /** The corpus audit and copy network (src/engine/audit.ts, src/engine/network.ts). */
  audit: {
    /** Articles audited per store transaction: an interrupted audit loses at most one batch of work. */
    batch: 200,
    /** Worker threads: at most this many (the audit is CPU-bound; the writer thread only saves)... */
    maxWorkers: 4,
    /** ...started for this many articles to audit or more (starting one costs about a second)... */
    workersMinArticles: 300,
    /** ...and sent this many articles per message. */
    workerChunk: 16,
    /** The postings are held in shared memory for the run (8 bytes each: look-ups without queries) when the
     * corpus may have at most this many (sentences x fingerprintsPerSentence, an upper bound: 100,000 generated
     * articles give 10.8 million, 9 million in fact, 70 MB); above it, look-ups query the store. */
    memoryPostings: 25_000_000,
    /** A worker's old-generation heap limit: V8 otherwise lets each heap grow far past what the audit keeps alive
     * before collecting (a worker that runs out is replaced by the calling thread, nothing is lost). */
    workerHeapMb: 384,
    /** A worker's SQLite page cache, MB: it only reads articles by key (its look-ups are in memory), so the
     * default 64 MB per connection would buy nothing but resident memory. */
    workerCacheMb: 16,
    /** Candidate source articles kept in memory between articles (copies cluster in time, so the same
     * sources recur). */
    articleCache: 4000,
    /** Source sentences kept prepared for alignment between articles (tens of KB each with their word data: 2,000
     * is about 50 MB a thread; 30,000 cost 800 MB for a 5 % gain). */
    sentenceCache: 2_000,
    /** Among sources of a sentence within this similarity of the best, the earliest is named (the check report
     * uses 0.02). Wider here: two farms that spin the same wire story with one thesaurus make some of the same
     * swaps, so a sentence of the later farm can be a little closer to the other farm than to the wire; a farm
     * that copies a farm stays closer to it than this (it keeps all of the first farm's swaps). */
    nearEqualSimilarity: 0.05,
    /** An article counts on a network edge when the sentences it took from that site (all its articles together)
     * are a substantial source (DEFAULTS.match.originMinSentences sentences or originMinTextShare of the text,
     * the rule that names a likely origin), at least this many... */
    edgeMinSentences: 2,
    /** ...of which at least this many are not mostly a direct quotation: independent reports of one event quote
     * the same speaker word for word, a copy takes the reporter's own sentences too. */
    edgeMinProse: 1,
    /** Example article pairs kept per network edge. */
    examples: 3,
    /** Wire services and news agencies: edges to them are syndication (shown as such, not hidden). Matched
     * against the site key (registrable host) or the site name, case-insensitively. */
    wireServices: [
      'apnews.com',
      'ap.org',
      'associated press',
      'ap',
      'reuters.com',
      'reuters',
      'afp.com',
      'afp',
      'agence france-presse',
      'pa.media',
      'pa media',
      'press association',
      'dpa.com',
      'dpa-international.com',
      'dpa',
      'upi.com',
      'upi',
      'united press international',
      'efe.com',
      'efe',
      'ansa.it',
      'ansa',
      'aap.com.au',
      'australian associated press',
      'xinhuanet.com',
      'news.cn',
      'xinhua',
      'tass.com',
      'tass',
      'kyodonews.net',
      'kyodo news',
      'thecanadianpress.com',
      'the canadian press',
      'ipsnews.net',
    ] as readonly string[],
  },
  /** `unspun serve`: the HTTP API and web page (src/server). */
  serve: {
    host: '127.0.0.1',
    port: 8080,
    /** Largest check request (JSON, or the check form with its upload), in bytes. */
    maxCheckBytes: 2 * 1024 * 1024,
    /** Largest ingest request body (JSON Lines), in bytes: send a larger corpus in several requests. */
    maxIngestBytes: 20 * 1024 * 1024,
    /** Time limit of one check, queued time included (a worker past it is stopped and replaced). */
    checkTimeoutMs: 30_000,
    /** Checks waiting for a worker beyond those running; more are answered 503 BUSY. */
    checkQueue: 64,
    /** Check worker threads: null for one per core, at most 4 (the main thread only parses requests and writes
     * answers; on 2 cores, 2 workers checked 1.6 times as many articles a second as checks on the main thread). */
    checkWorkers: null as number | null,
    /** SQLite page cache of each check worker's read-only connection, MB (the workers' caches add up). */
    workerCacheMb: 64,
    /** Checks and ingests per client (remote address): `perMinute` a minute, in bursts of up to `burst`. */
    rateLimit: { perMinute: 120, burst: 30 },
    /** Reports kept for their permalinks (/reports/ID), the least recently used forgotten first. */
    reportCache: 500,
    /** The copy network is rebuilt when the corpus or its audit changes, or after this long. */
    networkCacheMs: 5 * 60_000,
    /** Articles per page on the article lists. */
    pageSize: 50,
    /** Copiers listed on an article page. */
    copiersShown: 100,
    /** Requests still running at shutdown get this long to finish. */
    shutdownMs: 10_000,
    /** Whole-request limit of the HTTP server (a slow client cannot hold a connection longer). */
    requestTimeoutMs: 120_000,
  },
} as const;

export type Defaults = typeof DEFAULTS;
