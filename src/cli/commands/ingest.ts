/** `unspun ingest PATH...`: add articles to the corpus. */
import type { Command } from 'commander';
import { DEFAULTS } from '../../defaults.js';
import { neutraliseControls } from '../../report/safe-text.js';
import {
  type Context,
  DB_HELP,
  fmtBytes,
  nonNegativeInt,
  positiveInt,
  showProgress,
  storeLocation,
} from '../_context.js';

/** " (same URL: 3, same content: 1)" for the summary line; empty without duplicates. */
function duplicateDetail(by: { id: number; url: number; content: number }): string {
  const parts = [
    by.id ? `same id: ${by.id}` : '',
    by.url ? `same URL: ${by.url}` : '',
    by.content ? `same content: ${by.content}` : '',
  ].filter(Boolean);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

export function register(program: Command, ctx: Context): void {
  program
    .command('ingest')
    .description(
      'Add articles to the corpus. PATH: .txt/.md (first line = headline, optional YAML front matter), .html, ' +
        '.json, .jsonl, .csv (fields id, url, site, title, published, text|html), .warc/.warc.gz (the HTML pages of ' +
        'a web archive), .rss/.atom/.xml or a JSON Feed (news feeds), an http(s) URL (a feed or a page), a directory ' +
        '(recursive), or - for JSONL on stdin.',
    )
    .argument('<paths...>', 'files, directories, feed or page URLs, or - for standard input')
    .option('--db <location>', DB_HELP)
    .option('--json', 'print the summary as JSON')
    .option('--no-progress', 'never show a progress bar')
    .option('--batch <n>', 'articles per transaction', (v) => positiveInt(v, '--batch'), DEFAULTS.ingestBatch)
    .option(
      '--workers <n>',
      'worker threads for normalisation and fingerprints (default: one per core, up to 8, for large inputs; 0 = none)',
      (v) => nonNegativeInt(v, '--workers'),
    )
    .option('--no-fetch-links', 'feed items that carry only a link are skipped, not fetched')
    .option('--allow-loopback', 'allow fetching from 127.0.0.1 / ::1 (local testing only)')
    .action(
      async (
        paths: string[],
        o: {
          db?: string;
          json?: boolean;
          progress: boolean;
          batch: number;
          workers?: number;
          fetchLinks: boolean;
          allowLoopback?: boolean;
        },
      ) => {
        const [{ createEngine }, { progressReporter }] = await Promise.all([
          import('../../engine/engine.js'),
          import('../_progress.js'),
        ]);
        const engine = createEngine({ store: storeLocation(o.db, ctx.io.env) });
        const progress = progressReporter(ctx.io.stderr, showProgress(ctx, o.progress && !o.json));
        try {
          const summary = await engine.ingest(paths, {
            batchSize: o.batch,
            ...(o.workers !== undefined ? { workers: o.workers } : {}),
            onProgress: progress.update,
            stdin: ctx.io.stdin,
            fetchLinks: o.fetchLinks,
            ...(o.allowLoopback ? { fetch: { allowLoopback: true } } : {}),
          });
          progress.stop();
          if (o.json) ctx.write(JSON.stringify(summary, null, 2));
          else {
            ctx.write(
              `ingested ${summary.files} input(s), ${fmtBytes(summary.bytes)} in ${summary.seconds.toFixed(1)} s: ` +
                `${summary.added} added, ` +
                (summary.versions ? `${summary.versions} new version(s) of stored articles, ` : '') +
                `${summary.duplicates} duplicate(s)${duplicateDetail(summary.duplicatesBy)}, ` +
                `${summary.rejected.length} rejected` +
                (summary.skippedFiles ? `, ${summary.skippedFiles} file(s) of other types skipped` : '') +
                (summary.skippedRecords
                  ? `, ${summary.skippedRecords} record(s) with no article skipped`
                  : ''),
            );
            for (const k of summary.skippedReasons.slice(0, 5))
              ctx.write(neutraliseControls(`  skipped ${k.count} record(s): ${k.reason}`));
            const shown = summary.rejected.slice(0, 20);
            for (const r of shown)
              ctx.write(neutraliseControls(`  rejected ${r.file}${r.line ? `:${r.line}` : ''}: ${r.reason}`));
            if (summary.added + summary.versions + summary.duplicates === 0 && summary.skipped.length > 0) {
              for (const k of summary.skipped.slice(0, 10))
                ctx.write(neutraliseControls(`  skipped ${k.file}: ${k.reason}`));
              if (summary.skippedFiles > 10) ctx.write(`  … and ${summary.skippedFiles - 10} more`);
              ctx.write(
                '  (articles are read from .txt, .md, .html, .json, .jsonl, .csv, .warc(.gz), .rss and .atom files)',
              );
            }
            if (summary.rejected.length > shown.length) {
              ctx.write(`  … and ${summary.rejected.length - shown.length} more (use --json for all)`);
            }
          }
          // 0 only when every input was read: a file that could not be read (or held no article) fails the
          // command, as does an input that gave nothing at all; bad records inside a file are reported only.
          const nothing = summary.added + summary.versions + summary.duplicates === 0;
          if (
            summary.unreadInputs > 0 ||
            (nothing &&
              (summary.rejected.length > 0 || summary.skippedFiles > 0 || summary.skippedRecords > 0))
          )
            ctx.state.exitCode = 1;
        } finally {
          progress.stop();
          await engine.close();
        }
      },
    );
}
