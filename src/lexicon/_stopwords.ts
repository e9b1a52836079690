/**
 * English function words (folded, lower-case) as the tokenizer emits them: articles, pronouns,
 * prepositions, conjunctions, auxiliaries, common adverbs, contractions and the split-off "'s".
 * Spinners leave these alone, so their order is a spin-robust fingerprint.
 */
export const STOPWORDS: Set<string> = new Set(
  `
a an the and or but nor so yet if then than because as while whereas although though unless until since
of in on at by for with without within into onto upon from to toward towards about above below over under
between among through throughout during before after against along across around behind beyond beside
besides near off out up down via per despite except inside outside amid amidst past
i me my mine myself we us our ours ourselves you your yours yourself yourselves he him his himself
she her hers herself it its itself they them their theirs themselves one ones oneself
this that these those who whom whose which what whatever whoever whichever where when why how
there here all any both each either neither every few more most other others another some such no not
only own same too very just also even still again ever never already ago else instead perhaps rather
quite almost enough much many less least
am is are was were be been being have has had having do does did doing done
will would shall should can could may might must ought
's ' n't not 're 've 'll 'd 'm
i'm you're he's she's it's we're they're i've you've we've they've i'd you'd he'd she'd we'd they'd
i'll you'll he'll she'll we'll they'll isn't aren't wasn't weren't hasn't haven't hadn't doesn't don't
didn't won't wouldn't shan't shouldn't can't cannot couldn't mustn't let's that's who's what's here's
there's where's when's why's how's
`
    .trim()
    .split(/\s+/),
);

/** Personal pronouns that can stand in for a named speaker ("he explained"). */
export const SUBJECT_PRONOUNS: ReadonlySet<string> = new Set(['he', 'she', 'they', 'it', 'we', 'i', 'you']);
