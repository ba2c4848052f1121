/**
 * Builds the embeddable widget into ui/dist/widget/ (after the main UI build, which empties ui/dist): the tiny IIFE
 * loader `widget.js` (the script sites embed) and the frame app `frame.html` + its Preact bundle. Prints both sizes
 * (raw and gzip) and writes them to ui/dist/widget/size.json, which a test keeps the loader small with.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const root = import.meta.dirname;
const outDir = `${root}/../dist/widget`;
const preact = { jsx: { runtime: 'automatic' as const, importSource: 'preact' } };

await build({
  configFile: false, root, logLevel: 'warn', base: '/widget/', oxc: preact,
  build: { outDir, emptyOutDir: true, rollupOptions: { input: { frame: `${root}/frame.html` } } },
});
await build({
  configFile: false, root, logLevel: 'warn', oxc: preact,
  build: {
    outDir, emptyOutDir: false,
    lib: { entry: `${root}/src/loader.ts`, formats: ['iife'], name: 'LanternWidget', fileName: () => 'widget.js' },
  },
});

type Size = { raw: number; gzip: number };
const sizeOf = (files: string[]): Size => files.reduce((s, f) => {
  const bytes = readFileSync(f);
  return { raw: s.raw + bytes.length, gzip: s.gzip + gzipSync(bytes, { level: 9 }).length };
}, { raw: 0, gzip: 0 });
const walk = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));

const appFiles = walk(outDir).filter((f) => /\.(js|css|html)$/.test(f) && !f.endsWith('widget.js'));
const sizes = { loader: sizeOf([join(outDir, 'widget.js')]), app: sizeOf(appFiles) };
writeFileSync(join(outDir, 'size.json'), `${JSON.stringify(sizes, null, 2)}\n`);
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
process.stdout.write(`widget loader widget.js: ${kb(sizes.loader.raw)} raw, ${kb(sizes.loader.gzip)} gzip\n`);
process.stdout.write(`widget app (frame.html + assets): ${kb(sizes.app.raw)} raw, ${kb(sizes.app.gzip)} gzip\n`);
