/**
 * Builds the embeddable widget into ui/dist/widget/ (after the main UI build, which empties ui/dist) and reports
 * the bundle sizes. Placeholder: the widget itself lands with issue 7.
 */
import { build } from 'vite';

await build({
  configFile: false,
  root: import.meta.dirname,
  logLevel: 'warn',
  build: {
    outDir: `${import.meta.dirname}/../dist/widget`, emptyOutDir: true,
    lib: { entry: `${import.meta.dirname}/src/loader.ts`, formats: ['iife'], name: 'LanternWidget', fileName: () => 'widget.js' },
  },
});
