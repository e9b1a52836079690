/**
 * Self-evidence: what an article shows about its own spinning without any corpus. Known spinner signatures
 * (formal or unusual aliases where news prose uses the plain name, thesaurus swaps in set phrases, "said"
 * turned into "explained" after a quote) and the same entity named in several ways within one page.
 */
import type { AliasInconsistency } from '../entities/index.js';
import type { SelfEvidenceItem } from '../report/types.js';

export interface Signature {
  /** What a newsroom writes. */
  original: string;
  /** What the spinner wrote (shown to the user). */
  spun: string;
  re: RegExp;
  /** Plain-language note for the report. */
  note?: string;
}

/**
 * Spinner signatures. Seeded from the substitutions seen on the specimen's content-farm site and its sister
 * sites (Russia -> Russian Federation, U.S. -> USA, international -> worldwide/global, said -> explained) and
 * extended with the same patterns for other countries and set phrases.
 */
export const SPINNER_SIGNATURES: readonly Signature[] = [
  { original: 'Russia', spun: 'Russian Federation', re: /\bRussian Federation\b/g },
  { original: 'U.S.', spun: 'USA', re: /\bUSA\b(?!\s+Today)/g },
  { original: 'United States', spun: 'United States of America', re: /\bUnited States of America\b/g },
  { original: 'China', spun: "People's Republic of China", re: /\bPeople['’]s Republic of China\b/g },
  { original: 'Iran', spun: 'Islamic Republic of Iran', re: /\bIslamic Republic of Iran\b/g },
  { original: 'Syria', spun: 'Syrian Arab Republic', re: /\bSyrian Arab Republic\b/g },
  { original: 'South Korea', spun: 'Republic of Korea', re: /\bRepublic of Korea\b/g },
  {
    original: 'Britain',
    spun: 'United Kingdom of Great Britain',
    re: /\bUnited Kingdom of Great Britain\b/g,
  },
  {
    original: 'international community',
    spun: 'worldwide community',
    re: /\bworldwide (?:community|law|pressure|observers|donors|monitors|mediators|aid agencies)\b/gi,
  },
  { original: 'international community', spun: 'global community', re: /\bglobal community\b/gi },
  { original: 'international law', spun: 'global law', re: /\bglobal law\b/gi },
  {
    original: 'said',
    spun: 'explained',
    re: /["”’]\s*[,.]?\s*(?:he|she|they|it|the \w+)\s+explained\b/gi,
    note: 'a quote followed by "explained", where news copy says "said"',
  },
  { original: 'news conference', spun: 'information conference', re: /\binformation conference\b/gi },
  { original: 'peace talks', spun: 'peace discussions', re: /\bpeace discussions\b/gi },
  { original: 'ceasefire', spun: 'cessation of fire', re: /\bcessation of fire\b/gi },
];

export interface SpinnerHit {
  original: string;
  spun: string;
  note?: string;
  /** Where it was found: "headline" or offsets into the body text. */
  matches: { text: string; where: 'headline' | 'body'; start: number; end: number }[];
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Signatures from substitution pairs learned in a corpus (see engine/learn.ts). */
export function learnedSignatures(
  pairs: readonly { original: string; spun: string; articles: number }[],
): Signature[] {
  return pairs.map((p) => ({
    original: p.original,
    spun: p.spun,
    re: new RegExp(`(?<![\\p{L}\\p{N}])${escapeRe(p.spun)}(?![\\p{L}\\p{N}])`, 'gu'),
    note: `learned from ${p.articles} corpus articles`,
  }));
}

export function findSpinnerSignatures(
  headline: string,
  body: string,
  extra: readonly Signature[] = [],
): SpinnerHit[] {
  const out: SpinnerHit[] = [];
  for (const sig of [...SPINNER_SIGNATURES, ...extra]) {
    const matches: SpinnerHit['matches'] = [];
    for (const [where, text] of [
      ['headline', headline],
      ['body', body],
    ] as const) {
      sig.re.lastIndex = 0;
      for (let m = sig.re.exec(text); m !== null; m = sig.re.exec(text)) {
        matches.push({ text: m[0], where, start: m.index, end: m.index + m[0].length });
      }
    }
    if (matches.length) {
      const hit: SpinnerHit = { original: sig.original, spun: sig.spun, matches };
      if (sig.note) hit.note = sig.note;
      out.push(hit);
    }
  }
  return out;
}

/** Headline/body alias mismatch: the headline names an entity one way, the body another. */
function headlineForms(headline: string, inc: AliasInconsistency): string[] {
  return inc.forms.filter((f) =>
    new RegExp(`\\b${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w])`).test(headline),
  );
}

export function selfEvidence(
  headline: string,
  body: string,
  inconsistencies: readonly AliasInconsistency[],
  learned: readonly Signature[] = [],
): SelfEvidenceItem[] {
  const items: SelfEvidenceItem[] = [];
  for (const inc of inconsistencies) {
    const forms = [...new Set([...inc.forms, ...headlineForms(headline, inc)])];
    const kind = inc.reason === 'spelling' ? 'spelling-variant' : 'alias-inconsistency';
    const what =
      inc.reason === 'spelling'
        ? `spelled two ways: ${forms.join(' / ')}`
        : `named inconsistently: ${forms.join(' / ')}`;
    items.push({
      kind,
      message: `${inc.canonical} is ${what} (a sign of word-swapping or of text stitched from several sources)`,
      forms,
      mentions: inc.mentions.map((m) => ({ text: m.text, start: m.start, end: m.end })),
    });
  }
  for (const hit of findSpinnerSignatures(headline, body, learned)) {
    const places = hit.matches.map((m) => (m.where === 'headline' ? 'the headline' : `“${m.text}”`));
    items.push({
      kind: 'known-spin',
      message:
        `known spinner substitution: ${hit.original} → ${hit.spun} (${hit.matches.length}×: ${[...new Set(places)].join(', ')})` +
        (hit.note ? ` — ${hit.note}` : ''),
      forms: [hit.original, hit.spun],
      mentions: hit.matches
        .filter((m) => m.where === 'body')
        .map((m) => ({ text: m.text, start: m.start, end: m.end })),
    });
  }
  return items;
}
