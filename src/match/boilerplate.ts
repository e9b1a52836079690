/**
 * Boilerplate learned from the corpus: a sentence shape (src/fingerprint/shape.ts) that recurs across many
 * articles of one site is that site's furniture (share counters, image credits, newsletter pitches,
 * disclaimers); one that recurs across many articles of many sites is a stock line ("This is a developing
 * story"). Such lines are neither provenance nor evidence of copying: a checked sentence of that shape is marked
 * boilerplate (not traced), and a corpus sentence of that shape is never a source.
 *
 * Copies of one news story also repeat its sentences across sites, so the corpus-wide rule asks for far more
 * articles and sites than copying produces, and the per-site rule counts articles of one site, where a story
 * appears once (or a few times, as updated versions).
 */
import { DEFAULTS } from '../defaults.js';
import type { ShapeCount } from '../store/index.js';

/** The boilerplate rule's thresholds (DEFAULTS.boilerplate; the stores take the same object). */
export type BoilerplateOptions = { [K in keyof typeof DEFAULTS.boilerplate]: number };

export function isBoilerplate(
  c: ShapeCount | undefined,
  o: BoilerplateOptions = DEFAULTS.boilerplate,
): boolean {
  if (!c) return false;
  return c.topSiteArticles >= o.minSiteArticles || (c.articles >= o.minArticles && c.sites >= o.minSites);
}

/**
 * Page furniture that any site may carry, recognised by its form, for when the corpus is too small or too
 * varied to have learned it: share counters and buttons, image and photo credits, embedded-post signatures,
 * "Posted by ... on ..." lines, contributor lines, "developing story" notes, engagement and video prompts,
 * newsletter pitches, reprint and copyright notices, source lead-ins, correction notes. Only short lines
 * qualify (a real sentence that mentions an update is not furniture). Such a line neither is traced nor serves
 * as a source.
 */
export function isFurnitureLine(text: string): boolean {
  // The word count first (a linear split): long lines are prose, and no pattern runs on them.
  const raw = text.split(/\s+/);
  if (raw.length > FURNITURE_MAX_WORDS + 4) return false;
  const words = raw.filter((w) => /[\p{L}\d]/u.test(w));
  if (words.length === 0 || words.length > FURNITURE_MAX_WORDS) return false;
  if (words.every((w) => WIDGET_WORD.test(w))) return true;
  // Brackets around the whole line ("[Featured Image via screenshot]") are dropped: short input, linear loops.
  let start = 0;
  let end = text.length;
  while (start < end && '[( \t\n'.includes(text[start]!)) start++;
  while (end > start && ']) \t\n'.includes(text[end - 1]!)) end--;
  const t = text.slice(start, end);
  return FURNITURE.some((re) => re.test(t));
}

/** Furniture lines are short: longer lines are prose even when they mention an update or a photo. */
const FURNITURE_MAX_WORDS = 20;

/** Words a share or comment widget is made of (with counters such as "1.1k"). */
const WIDGET_WORD =
  /^(?:[\d.,]+[kKmM]?|shares?|shared|sharing|this|story|article|post|on|via|facebook|twitter|tweet|tweets|email|e-mail|pinterest|pin|linkedin|reddit|whatsapp|print|comments?|google\+?|messenger|sms|copy|link|flipboard|tumblr|likes?|views?|reactions?|[|•·:,–—-]+)[:,.!]*$/i;

const FURNITURE: RegExp[] = [
  // image and photo credits ("Featured image via ...", "Photo: Reuters", "Image credit: ...")
  /^(?:featured|top|header|lead|stock|main|cover)?\s*(?:image|photo|picture|photograph|video|screenshot|graphic)s?\s*(?:credits?)?\s*(?::|\s(?:via|by|courtesy|credit|source)\b)/i,
  /^(?:photo|image|picture)s?\s+(?:credit|courtesy)\b/i,
  /^credits?\s*:/i,
  // an embedded post's signature: "— Name (@handle) September 27, 2016"
  /^[—–-]\s*[^()]{1,80}\(@\w{1,30}\)\s+\w+\s+\d{1,2},\s+\d{4}$/u,
  // "Posted by Name on 19 Sep 2016"
  /^(?:posted|written|published|submitted)\s+by\s+[^.!?]{1,80}\s+on\s+[^.!?]{1,40}$/i,
  /^[^.!?]{1,80}\bcontributed(?:\s+reporting)?\s+to\s+this\s+(?:report|story|article)\.?$/i,
  // developing-story notes ("This is a developing story.", "Breaking news story: ...", "... will be updated.")
  /^(?:this\s+is\s+an?\s+)?(?:developing|breaking)\s+(?:news\s+)?story(?:\s*[:.!—–-]|\s+(?:and|that|which)\s+(?:will|may|is)\b|$)/i,
  /\bthis\s+is\s+an?\s+(?:developing|ongoing)\s+(?:news\s+)?story\b/i,
  /\bthis\s+story\s+is\s+developing\b/i,
  /\bcheck\s+back\s+(?:later\s+|soon\s+|often\s+)?for\s+(?:more\s+|further\s+)?(?:updates?|details|information)\b/i,
  /^(?:this\s+(?:story|article|post|page)\s+)?(?:will\s+be|has\s+been|was)\s+updated\b/i,
  // engagement prompts (whole lines)
  /^what\s+do\s+you\s+think(?:\s+(?:about|of)\s+(?:this|that|it|these|them)[^?]{0,40})?\s*\?*$/i,
  /\b(?:let\s+us\s+know|tell\s+us|sound\s+off|share\s+your\s+thoughts)\b[^.]{0,40}\bin\s+the\s+comments\b/i,
  /^(?:please\s+)?(?:share|like)\s+(?:this|if)\b/i,
  /^(?:click|tap)\s+here\b/i,
  /^(?:watch|see|view)\s+(?:the\s+)?(?:full\s+)?(?:video|clip|footage)\b/i,
  /\bvideo\s+(?:below|above)\b/i,
  /^(?:read|see)\s+more\s*(?:[:»›.…]|$)/i,
  /^(?:related|recommended|more|also\s+read|read\s+next)(?:\s+(?:stories|articles|posts|coverage))?\s*:/i,
  // newsletters, reprints, copyright
  /\b(?:sign\s+up|subscribe)\s+(?:for|to)\s+(?:our|the)\b.*\b(?:newsletter|e-?mails?|updates)\b/i,
  /\breprinted\s+with\s+permission\b/i,
  /^(?:copyright\s*(?:©|\(c\)|\d{4})|©)/i,
  /\ball\s+rights\s+reserved\b/i,
  // source lead-ins ("Source: The Daily Caller", "From The Daily Caller:") and correction notes
  /^(?:source|via|h\/t|hat\s+tip)\s*:\s*[^.:]{1,60}$/i,
  /^[Ff]rom\s+(?:[Tt]he\s+)?\p{Lu}[^.:]{0,60}:$/u,
  /^we\s+regret\s+the\s+error\b/i,
];

/**
 * A sentence that opens with a close-button glyph ("× 101 Things ... by ..."): the first line of an overlay the
 * scraper kept (a pop-up advertisement, a newsletter box), not the article. Prose never opens a sentence with a
 * multiplication sign. (Normalisation starts a paragraph at such a glyph run into the text, so the overlay is
 * never glued to the sentence before it; the overlay's further lines, which a scraper often runs into the
 * article's next sentences, are left to the boilerplate learned from the corpus.)
 */
const OVERLAY_START = /^[ \t]*[\u00D7\u2715\u2716\u2A2F]\s/u;

export function isOverlayLine(text: string): boolean {
  return OVERLAY_START.test(text);
}
