/**
 * A generated news world with a known copy graph, for the network benchmark (bench/network.ts). Deterministic for
 * a seed; all text comes from bench/_gen.ts (no third-party text).
 *
 * Sites: wire services, outlets (their own reporting, and wire stories they syndicate), content farms that copy
 * from a few favourite sources, and second-tier farms that copy the farms. Per event (a story at time t):
 * - a wire story (most events) or an outlet's own first report;
 * - outlets syndicating the wire story (its sentences verbatim, trimmed, with their own first line), hours later;
 * - independent reports by other outlets: their own sentences, the event's names, and one or both of the event's
 *   quotes verbatim (different outlets quote the same speaker word for word: not copying);
 * - farm copies: 3-6 sentences from each of 1-3 of the event's original reports, blocks reordered, spun at
 *   0-40 % of content words, attributions dropped in half of them, 0-2 invented sentences, the farm's recurring
 *   footer line, hours to three days later;
 * - second-tier farm copies of a farm copy (re-spun at 0-20 %), hours later.
 * Articles of all kinds also carry stock lines ("Featured image via ...") shared across many sites.
 *
 * Truth: for every article, the articles it copied from (with sentence counts); syndicated copies have the wire
 * story as their source. Farms copy only original reports and farm copies, never a syndicated copy (whose text is
 * the wire's, so no method could tell them apart).
 */
import { spinText } from '../src/spin/index.js';
import { ArticleGenerator, prng } from './_gen.js';

export type SiteKind = 'wire' | 'outlet' | 'farm' | 'farm2';

export interface WorldArticle {
  id: string;
  url: string;
  site: string;
  title: string;
  published: string;
  text: string;
  kind: 'wire' | 'original' | 'syndicated' | 'independent' | 'farm' | 'farm2';
  event: number;
  /** The articles it copied (ids), with the number of sentences taken from each. */
  sources: { id: string; sentences: number }[];
  spinRate: number;
}

/** A world article as an ingest input. */
export const inputOf = (a: WorldArticle) => ({
  id: a.id,
  url: a.url,
  site: a.site,
  title: a.title,
  published: a.published,
  text: a.text,
});

export interface World {
  articles: WorldArticle[];
  sites: { site: string; kind: SiteKind }[];
  wires: string[];
}

export interface WorldOptions {
  /** About this many articles. */
  articles: number;
  seed: number;
  wires?: number;
  outlets?: number;
  farms?: number;
  farms2?: number;
}

const STOCK = [
  'Featured image via Getty Images.',
  'This is a developing story and will be updated.',
  'Sign up for our newsletter to get the latest headlines in your inbox.',
  'Follow us on social media for more updates.',
];

export function generateWorld(opts: WorldOptions): World {
  const r = prng(opts.seed);
  const g = new ArticleGenerator({ seed: opts.seed + 17 });
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const chance = (p: number) => r() < p;
  const name = (prefix: string, i: number) =>
    `${prefix}${g
      .nextPlace()
      .toLowerCase()
      .replace(/[^a-z]/g, '')}${i}.example`;
  const wires = Array.from({ length: opts.wires ?? 4 }, (_, i) => name('wire-', i));
  const outlets = Array.from({ length: opts.outlets ?? 14 }, (_, i) => name('', i));
  const farms = Array.from({ length: opts.farms ?? 24 }, (_, i) => name('farm-', i));
  const farms2 = Array.from({ length: opts.farms2 ?? 8 }, (_, i) => name('farm2-', i));
  const footer = new Map<string, string>();
  for (const f of [...farms, ...farms2])
    footer.set(f, `Read more stories like this one on ${f.split('.')[0]} every day.`);
  // Each farm copies from a few favourite sites; each second-tier farm from a few farms.
  const favourites = new Map<string, string[]>();
  for (const f of farms) {
    const pool = [...wires, ...outlets];
    const n = int(2, 4);
    const fav: string[] = [];
    while (fav.length < n) {
      const s = pick(pool);
      if (!fav.includes(s)) fav.push(s);
    }
    favourites.set(f, fav);
  }
  for (const f of farms2) {
    const fav: string[] = [];
    const n = int(1, 3);
    while (fav.length < n) {
      const s = pick(farms);
      if (!fav.includes(s)) fav.push(s);
    }
    favourites.set(f, fav);
  }

  const articles: WorldArticle[] = [];
  let counter = 0;
  const days = Math.max(20, Math.round(opts.articles / 120));
  const t0 = Date.UTC(2025, 0, 1);
  const HOUR = 3_600_000;

  const make = (
    site: string,
    t: number,
    paragraphs: string[][],
    kind: WorldArticle['kind'],
    event: number,
    sources: WorldArticle['sources'],
    spinRate = 0,
  ): WorldArticle => {
    const n = counter++;
    const a: WorldArticle = {
      id: `${site}/${n}`,
      url: `https://${site}/news/${n}`,
      site,
      title: g
        .nextSentence()
        .split(' ')
        .slice(0, 9)
        .join(' ')
        .replace(/[.,?“”":]/g, ''),
      published: new Date(Math.round(t / 60_000) * 60_000).toISOString(),
      text: paragraphs.map((p) => p.join(' ')).join('\n\n'),
      kind,
      event,
      sources,
      spinRate,
    };
    articles.push(a);
    return a;
  };
  const ownSentences = (n: number) => Array.from({ length: n }, () => g.nextSentence());
  const paragraphsOf = (sentences: string[]) => {
    const out: string[][] = [];
    let i = 0;
    while (i < sentences.length) {
      const k = int(1, 3);
      out.push(sentences.slice(i, i + k));
      i += k;
    }
    return out;
  };
  const sentencesOf = new Map<string, string[]>();
  const withStock = (s: string[], p: number) => (chance(p) ? [...s, pick(STOCK)] : s);

  let event = 0;
  while (articles.length < opts.articles) {
    const e = event++;
    const t = t0 + r() * days * 24 * HOUR;
    const place = g.nextPlace();
    const person = g.nextPerson();
    const quotes = [
      `“${g.nextSentence().replace(/[.?]$/, '').replace(/[“”"]/g, '')},” ${person} said.`,
      `“${g.nextSentence().replace(/[.?]$/, '').replace(/[“”"]/g, '')},” ${person} added.`,
    ];
    const originals: WorldArticle[] = [];
    // The first report: a wire story, or an outlet's own.
    const firstSite = chance(0.75) ? pick(wires) : pick(outlets);
    const lead = `${place.toUpperCase()} - ${g.nextSentence()}`;
    const firstBody = [lead, ...ownSentences(int(3, 6)), quotes[0]!, ...ownSentences(int(3, 8)), quotes[1]!];
    const first = make(
      firstSite,
      t,
      paragraphsOf(withStock(firstBody, 0.1)),
      wires.includes(firstSite) ? 'wire' : 'original',
      e,
      [],
    );
    sentencesOf.set(first.id, firstBody);
    originals.push(first);
    // Syndication of a wire story.
    if (first.kind === 'wire') {
      const n = int(0, 3);
      const used = new Set<string>();
      for (let i = 0; i < n; i++) {
        const site = pick(outlets);
        if (used.has(site)) continue;
        used.add(site);
        const keep = firstBody.slice(0, Math.max(5, firstBody.length - int(0, 3)));
        make(site, t + (0.5 + r() * 6) * HOUR, paragraphsOf([...keep]), 'syndicated', e, [
          { id: first.id, sentences: keep.length },
        ]);
      }
    }
    // Independent reports of the same event.
    const nInd = int(1, 3);
    const usedInd = new Set<string>([firstSite]);
    for (let i = 0; i < nInd; i++) {
      const site = pick(outlets);
      if (usedInd.has(site)) continue;
      usedInd.add(site);
      const body = [
        `${place} - ${person} ${g.nextSentence().charAt(0).toLowerCase()}${g.nextSentence().slice(1, 60)}`.replace(
          /[.?]?$/,
          '.',
        ),
        ...ownSentences(int(3, 7)),
        quotes[0]!,
        ...ownSentences(int(2, 6)),
        ...(chance(0.3) ? [quotes[1]!] : []),
      ];
      const a = make(site, t + r() * 12 * HOUR, paragraphsOf(withStock(body, 0.15)), 'independent', e, []);
      sentencesOf.set(a.id, body);
      originals.push(a);
    }
    // Farm copies.
    const farmCopies: WorldArticle[] = [];
    for (const f of farms) {
      const fav = favourites.get(f)!;
      const available = originals.filter((o) => fav.includes(o.site));
      if (available.length === 0 || !chance(0.45)) continue;
      const nSrc = Math.min(available.length, int(1, 3));
      const chosen = [...available].sort(() => r() - 0.5).slice(0, nSrc);
      const blocks: string[][] = [];
      const sources: WorldArticle['sources'] = [];
      for (const src of chosen) {
        const ss = sentencesOf.get(src.id)!;
        const k = Math.min(ss.length, int(3, 6));
        const start = int(0, ss.length - k);
        blocks.push(ss.slice(start, start + k));
        sources.push({ id: src.id, sentences: k });
      }
      blocks.sort(() => r() - 0.5);
      const rate = pick([0, 0.1, 0.2, 0.3, 0.4]);
      const copied = blocks.flat().join(' ');
      const spun = spinText(copied, {
        rate,
        seed: Math.floor(r() * 2 ** 31),
        dropAttributions: chance(0.5),
      }).text;
      const body = [spun, ...ownSentences(int(0, 2))];
      const latest = Math.max(...chosen.map((c) => Date.parse(c.published)));
      const a = make(
        f,
        latest + (1 + r() * 71) * HOUR,
        [[body.join(' ')], [footer.get(f)!], ...(chance(0.3) ? [[pick(STOCK)]] : [])],
        'farm',
        e,
        sources,
        rate,
      );
      sentencesOf.set(a.id, [spun]);
      farmCopies.push(a);
    }
    // Second-tier farms copy a farm copy.
    for (const f of farms2) {
      const fav = favourites.get(f)!;
      const available = farmCopies.filter((o) => fav.includes(o.site));
      if (available.length === 0 || !chance(0.6)) continue;
      const src = pick(available);
      const rate = pick([0, 0.1, 0.2]);
      const srcText = src.text.split('\n\n')[0]!;
      const spun = spinText(srcText, { rate, seed: Math.floor(r() * 2 ** 31) }).text;
      const total = src.sources.reduce((n, s) => n + s.sentences, 0);
      make(
        f,
        Date.parse(src.published) + (1 + r() * 47) * HOUR,
        [[spun], [footer.get(f)!]],
        'farm2',
        e,
        [{ id: src.id, sentences: total }],
        rate,
      );
    }
  }
  const sites: World['sites'] = [
    ...wires.map((site) => ({ site, kind: 'wire' as const })),
    ...outlets.map((site) => ({ site, kind: 'outlet' as const })),
    ...farms.map((site) => ({ site, kind: 'farm' as const })),
    ...farms2.map((site) => ({ site, kind: 'farm2' as const })),
  ];
  return { articles, sites, wires };
}
