/** `unspun headline`: score headline/body pairs in bulk (FNC-1 stances). */
import type { Command } from 'commander';
import { UnspunError } from '../../errors.js';
import { type Context, showProgress } from '../_context.js';

export function register(program: Command, ctx: Context): void {
  program
    .command('headline')
    .description(
      'Score headline/body pairs in bulk: does each body support its headline (agree, disagree, discuss, unrelated)? ' +
        'Reads JSONL lines with "headline" and "body" (FILE or - for standard input), or FNC-1 CSVs with ' +
        '--stances and --bodies; writes one JSONL line per pair, in input order, with "stance" and "scores".',
    )
    .argument('[file]', 'JSONL file, or - for standard input (default when no --stances)')
    .option('--stances <file>', 'FNC-1 stances CSV (Headline, Body ID[, Stance])')
    .option('--bodies <file>', 'FNC-1 bodies CSV (Body ID, articleBody)')
    .option('--model <file>', 'headline model weights (default: the shipped model)')
    .option('--no-progress', 'never show a progress bar')
    .action(
      async (
        file: string | undefined,
        o: { stances?: string; bodies?: string; model?: string; progress: boolean },
      ) => {
        if (Boolean(o.stances) !== Boolean(o.bodies)) {
          throw new UnspunError('USAGE', '--stances and --bodies go together');
        }
        if (o.stances && file)
          throw new UnspunError('USAGE', 'give either a JSONL file or --stances/--bodies, not both');
        const [
          { loadHeadlineModel, readFncPairs, readHeadlinePairsJsonl, scoreHeadlinePairs },
          { progressReporter },
        ] = await Promise.all([import('../../headline/index.js'), import('../_progress.js')]);
        const model = o.model ? loadHeadlineModel(o.model) : undefined;
        const source = o.stances
          ? readFncPairs(o.stances, o.bodies!)
          : file && file !== '-'
            ? readHeadlinePairsJsonl(await openForReading(file), file)
            : readHeadlinePairsJsonl(ctx.io.stdin, '<stdin>');
        const showBar = showProgress(ctx, o.progress);
        const progress = progressReporter(ctx.io.stderr, showBar);
        const t0 = performance.now();
        let n = 0;
        let errors = 0;
        const stats = new StanceTally();
        try {
          for await (const r of scoreHeadlinePairs(source, {
            ...(model ? { model } : {}),
            onProgress: (done) => progress.update({ bytesDone: done, bytesTotal: 0, articles: done }),
          })) {
            n++;
            if ('error' in r) {
              errors++;
              ctx.io.stderr.write(`unspun: line ${r.line}: ${r.error}\n`);
              ctx.write(
                JSON.stringify({ line: r.line, ...(r.id !== undefined ? { id: r.id } : {}), error: r.error }),
              );
              continue;
            }
            if (r.label) stats.add(r.label, r.stance);
            const out: Record<string, unknown> = { line: r.line };
            if (r.id !== undefined) out.id = r.id;
            out.stance = r.stance;
            out.scores = Object.fromEntries(
              Object.entries(r.scores).map(([k, v]) => [k, Math.round(v * 1e6) / 1e6]),
            );
            ctx.write(JSON.stringify(out));
          }
        } finally {
          progress.stop();
        }
        const secs = (performance.now() - t0) / 1000;
        ctx.io.stderr.write(
          `scored ${n - errors} pair(s) in ${secs.toFixed(1)} s` +
            (errors ? `, ${errors} bad line(s)` : '') +
            (stats.total ? `; against the labels given: ${stats.describe()}` : '') +
            '\n',
        );
        if (n > 0 && errors === n) ctx.state.exitCode = 1;
      },
    );
}

/** Accuracy and FNC-1 score over pairs that came with a gold label. */
class StanceTally {
  total = 0;
  right = 0;
  earned = 0;
  max = 0;
  add(gold: string, pred: string): void {
    this.total++;
    if (gold === pred) this.right++;
    const related = (s: string) => s !== 'unrelated';
    this.max += gold === 'unrelated' ? 0.25 : 1;
    if (related(gold) === related(pred)) this.earned += 0.25;
    if (related(gold) && gold === pred) this.earned += 0.75;
  }
  describe(): string {
    return `accuracy ${((100 * this.right) / this.total).toFixed(2)} %, FNC score ${((100 * this.earned) / this.max).toFixed(2)} %`;
  }
}

async function openForReading(path: string): Promise<AsyncIterable<Buffer>> {
  const { createReadStream } = await import('node:fs');
  const { stat } = await import('node:fs/promises');
  const st = await stat(path).catch((e: NodeJS.ErrnoException) => {
    throw new UnspunError('IO', `cannot read ${path}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`, {
      subject: path,
    });
  });
  if (st.isDirectory())
    throw new UnspunError('BAD_INPUT', `${path} is a directory, not a JSONL file`, { subject: path });
  return createReadStream(path);
}
