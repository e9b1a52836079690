/**
 * Bundle the web page's script (src/web/app.ts with sigma.js and graphology) into dist/web/app.js with esbuild:
 * one file, no external resource, served by `unspun serve` as /assets/app.js. Part of `npm run build`.
 */
import { mkdirSync } from 'node:fs';
import { build } from 'esbuild';

mkdirSync('dist/web', { recursive: true });
const result = await build({
  entryPoints: ['src/web/app.ts'],
  outfile: 'dist/web/app.js',
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2020'],
  minify: true,
  sourcemap: false,
  legalComments: 'eof',
  metafile: true,
  logLevel: 'warning',
});
const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
process.stdout.write(`web: dist/web/app.js ${(bytes / 1024).toFixed(0)} KB\n`);
