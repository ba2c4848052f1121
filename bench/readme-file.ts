import { readFileSync, writeFileSync } from 'node:fs';
import { replaceSection } from './report';

const README = new URL('./README.md', import.meta.url);

/** Rewrite one generated section of bench/README.md, leaving the rest of the file alone. */
export function updateReadmeSection(name: string, body: string): string {
  let doc = '# Benchmarks\n';
  try {
    doc = readFileSync(README, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  writeFileSync(README, replaceSection(doc, name, body));
  return README.pathname;
}
