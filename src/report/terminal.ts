/** Terminal rendering of a Report: readable, with colour only when asked for (a TTY without NO_COLOR). */

import { derivationWords } from './derivation.js';
import { neutraliseDeep } from './safe-text.js';
import type { Report, ReportSentence } from './types.js';
import { versionNote } from './version-note.js';

export interface TerminalOptions {
  color?: boolean;
  /** Show the word-level alignment under each traced sentence. */
  verbose?: boolean;
}

type Paint = (s: string) => string;
const ansi =
  (open: number, close: number): Paint =>
  (s) =>
    `\u001b[${open}m${s}\u001b[${close}m`;

function palette(color: boolean) {
  const id: Paint = (s) => s;
  return color
    ? {
        bold: ansi(1, 22),
        dim: ansi(2, 22),
        red: ansi(31, 39),
        green: ansi(32, 39),
        yellow: ansi(33, 39),
        cyan: ansi(36, 39),
        swap: (s: string) => `\u001b[1;33m${s}\u001b[22;39m`,
      }
    : { bold: id, dim: id, red: id, green: id, yellow: id, cyan: id, swap: id };
}

const pct = (x: number) => `${Math.round(x * 100)} %`;

function wrap(text: string, width: number, indent: string): string {
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let cur = '';
  for (const w of words) {
    if (cur && cur.length + 1 + w.length > width) {
      lines.push(cur);
      cur = w;
    } else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) lines.push(cur);
  return lines.map((l) => indent + l).join('\n');
}

/** The sentence with its substituted words highlighted (from the alignment spans). */
function highlighted(s: ReportSentence, p: ReturnType<typeof palette>): string {
  if (!s.alignment || s.alignment.length === 0) return s.text;
  let out = '';
  let pos = s.start;
  const spans = s.alignment
    .filter(
      (a) => (a.op === 'substitute' || a.op === 'insert') && a.start !== undefined && a.end !== undefined,
    )
    .sort((a, b) => (a.start ?? 0) - (b.start ?? 0));
  for (const a of spans) {
    if ((a.start ?? 0) < pos) continue;
    out += s.text.slice(pos - s.start, (a.start ?? 0) - s.start);
    const t = s.text.slice((a.start ?? 0) - s.start, (a.end ?? 0) - s.start);
    out += a.op === 'substitute' ? p.swap(t) : p.cyan(t);
    pos = a.end ?? pos;
  }
  return out + s.text.slice(pos - s.start);
}

export function renderTerminal(report: Report, opts: TerminalOptions = {}): string {
  // Every string of the report came from untrusted text: control characters are shown, never sent (the same
  // length, so offsets stay valid). unspun's own colour codes are added after this.
  const r = neutraliseDeep(report);
  const p = palette(opts.color ?? false);
  const out: string[] = [];
  const a = r.article;
  out.push(p.bold(a.headline));
  const metaBits = [a.site, a.published, a.url, a.byline ? `by ${a.byline}` : null].filter(Boolean);
  if (metaBits.length) out.push(p.dim(metaBits.join(' · ')));
  if (a.dateline) out.push(p.dim(`dateline: ${a.dateline}`));
  out.push('');

  // Headline verdict first: it is the one-line answer an editor wants.
  const h = r.headline;
  if (h) {
    // Reports from before the claim checks have no verdict: fall back on the stance.
    const verdict =
      h.verdict ??
      (h.stance === 'agree'
        ? 'supported'
        : h.stance === 'disagree'
          ? 'contradicted'
          : h.stance === 'discuss'
            ? 'not-supported'
            : 'unrelated');
    const colour = verdict === 'supported' ? p.green : verdict === 'not-supported' ? p.yellow : p.red;
    out.push(
      `${p.bold('Headline:')} ${colour(`${verdict.toUpperCase()}:`)} ${colour(h.summary)} ${p.dim(`(model: ${h.stance}, p=${(h.scores[h.stance] ?? 0).toFixed(2)})`)}`,
    );
    for (const c of (h.claims ?? []).slice(0, 3)) out.push(wrap(`${c.kind}: ${c.message}`, 100, '    '));
    for (const e of h.evidence.slice(0, 3)) out.push(wrap(`${e.role}: “${e.sentence}”`, 100, '    '));
    out.push('');
  }

  const s = r.summary;
  if (s.corpus) {
    out.push(
      `${p.bold('Provenance:')} ${s.tracedSentences}/${s.sentences} sentences traced (${pct(s.tracedSentenceShare)} of sentences, ${pct(s.tracedCharacterShare)} of characters)` +
        (s.composite ? `; ${p.yellow(`a composite of ${s.sources.length} sources`)}` : ''),
    );
    const d = s.derivations;
    if (s.tracedSentences > 0)
      out.push(
        `  derivation: ${d.copied} copied, ${d.spun} spun (word swaps), ${d.rewritten} rewritten (paraphrased)`,
      );
    if (s.likelyOrigin) {
      const o = s.likelyOrigin;
      out.push(`  likely origin: ${o.site ?? o.articleId} ${o.published ?? ''} “${o.title}”`);
      out.push(
        `    ${derivationWords(o.derivations) || `${o.sentences} traced`} of ${s.sentences} sentences`,
      );
    } else if (s.sources.length > 0 && s.originNote) out.push(`  likely origin: none (${s.originNote})`);
    for (const a of s.relatedArticles ?? [])
      out.push(
        `  closely related (whole text, no sentence traced): ${a.site ?? a.articleId} ${a.published ?? ''} “${a.title}” [${a.articleId}], relatedness ${pct(a.relatedness)}`,
      );
    if (s.timeNote) out.push(p.dim(`  time: ${s.timeNote}`));
    if (s.exclusionNote) out.push(p.dim(`  excluded: ${s.exclusionNote}`));
    if (s.boilerplateSentences)
      out.push(p.dim(`  ${s.boilerplateSentences} boilerplate line(s) (recurring in the corpus) not traced`));
    for (const c of s.sources.slice(0, 8)) {
      out.push(
        p.dim(
          `  ${c.sentences} sentence(s) from ${c.site ?? '?'} ${c.published ?? ''} [${c.articleId}] ${c.title}` +
            (c.derivations.rewritten > 0 ? ` (${c.derivations.rewritten} rewritten)` : ''),
        ),
      );
    }
    if (s.selfInCorpus)
      out.push(
        p.dim(
          `  (the article itself is in the corpus as ${s.selfInCorpus.articleId}; not counted as its own source)`,
        ),
      );
    out.push('');
  } else {
    out.push(p.dim('Provenance: no corpus given (use --db with an ingested corpus to trace sentences).'));
    out.push('');
  }

  out.push(p.bold('Sentences'));
  for (const sen of r.sentences) {
    const tag =
      sen.status === 'traced'
        ? p.green('traced') + (sen.derivation ? p.dim(` (${sen.derivation})`) : '')
        : sen.status === 'new'
          ? p.yellow('no source')
          : sen.status === 'boilerplate'
            ? p.dim('boilerplate')
            : sen.status === 'excluded'
              ? p.dim(sen.excluded === 'quote' ? 'excluded (quotation)' : 'excluded (short match)')
              : p.dim('     ');
    const body = highlighted(sen, p);
    out.push(
      `${String(sen.index + 1).padStart(3)} ${tag}  ${sen.status === 'boilerplate' ? p.dim(body) : body}`,
    );
    for (const src of sen.sources) {
      out.push(
        p.dim(
          `        ← ${pct(src.similarity)} ${src.site ?? '?'} ${src.published ?? ''} [${src.articleId}]${versionNote(src)}`,
        ),
      );
      out.push(p.dim(wrap(`“${src.text}”`, 96, '          ')));
    }
    if (sen.rewrite) {
      const w = sen.rewrite;
      const facts = [...w.sharedNames, ...w.sharedNumbers];
      out.push(
        `        rewritten (similarity ${pct(w.similarity)}, ${pct(w.coverage)} explained)` +
          (facts.length ? `; shared facts: ${facts.join(', ')}` : ''),
      );
      if (w.rewordings.length)
        out.push(
          `        reworded: ${w.rewordings.map((x) => `${x.original} → ${p.swap(x.rewritten)}`).join(', ')}`,
        );
    }
    if (sen.substitutions.length) {
      out.push(
        `        swaps: ${sen.substitutions.map((x) => `${x.original} → ${p.swap(x.spun)}`).join(', ')}`,
      );
    }
    if (sen.droppedAttribution) {
      out.push(
        p.red(
          `        dropped attribution: “${sen.droppedAttribution.original}” → “${sen.droppedAttribution.spun}”`,
        ),
      );
    }
  }
  out.push('');

  if (s.substitutionMap.length) {
    out.push(`${p.bold('Spinner substitutions')} (spin rate ${pct(s.spinRate)})`);
    for (const m of s.substitutionMap.slice(0, 40)) {
      out.push(
        `  ${m.original} → ${p.swap(m.spun)}${m.count > 1 ? ` ×${m.count}` : ''}${m.known ? '' : p.dim(' (unlisted)')}`,
      );
    }
    out.push('');
  }

  if (r.selfEvidence.length) {
    out.push(p.bold('Self-evidence (no corpus needed)'));
    for (const e of r.selfEvidence) out.push(wrap(`• ${e.message}`, 100, '  '));
    out.push('');
  }

  const entities = r.entities;
  if (entities?.length) {
    out.push(p.bold('Entities'));
    const byType = new Map<string, string[]>();
    for (const e of entities) {
      const label =
        e.aliases.length > 1
          ? `${e.canonical} (${e.aliases.filter((x) => x !== e.canonical).join(', ')})`
          : e.canonical;
      byType.set(e.type, [...(byType.get(e.type) ?? []), label]);
    }
    for (const [t, list] of byType) out.push(wrap(`${t}: ${list.join('; ')}`, 100, '  '));
    out.push('');
  }

  const quotes = r.quotes;
  if (quotes?.length) {
    out.push(p.bold('Quotes'));
    for (const q of quotes) {
      if (q.kind === 'scare') continue;
      const who = q.speaker
        ? `${q.speaker.canonical ?? q.speaker.text}${q.speaker.resolvedVia !== 'name' ? p.dim(` (via ${q.speaker.resolvedVia} “${q.speaker.text}”)`) : ''}`
        : p.red(`unattributed${q.guess?.canonical ? ` (guess: ${q.guess.canonical})` : ''}`);
      out.push(wrap(`• ${who}: “${q.text}”`, 100, '  '));
    }
    out.push('');
  }
  if (r.quoteProvenance?.length) {
    out.push(p.bold('Quotes found in sources'));
    for (const qp of r.quoteProvenance) {
      const flags = [
        qp.speakerDropped ? p.red(`speaker dropped (source: ${qp.source.speaker ?? '?'})`) : '',
        qp.speakerChanged
          ? p.red(`speaker changed: ${qp.source.speaker ?? '?'} → ${qp.checkedSpeaker ?? '?'}`)
          : '',
        qp.wordingChanged
          ? p.yellow(`wording changed: ${qp.changes.map((c) => `“${c.original}” → “${c.spun}”`).join(', ')}`)
          : 'wording unchanged',
      ].filter(Boolean);
      out.push(
        wrap(`• “${qp.text}” ← ${qp.source.site ?? qp.source.articleId}: ${flags.join('; ')}`, 100, '  '),
      );
    }
    out.push('');
  }
  return out.join('\n');
}
