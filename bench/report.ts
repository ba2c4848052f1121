/** Pure helpers the benchmarks share: latency statistics and the generated sections of bench/README.md. */

export type LatencySummary = { n: number; mean: number; p50: number; p95: number; p99: number; max: number };

/** Nearest-rank percentile (the value at rank ceil(p/100 * n) of the sorted samples), so it is always a real sample. */
export function percentile(sortedAscending: readonly number[], p: number): number {
  if (sortedAscending.length === 0) throw new Error('percentile of no samples');
  if (!(p >= 0 && p <= 100)) throw new Error(`percentile must be within 0..100, got ${p}`);
  const rank = Math.max(1, Math.ceil((p / 100) * sortedAscending.length));
  return sortedAscending[rank - 1]!;
}

export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, v) => sum + v, 0) / sorted.length;
  return {
    n: sorted.length,
    mean,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

const markers = (name: string) => ({ start: `<!-- bench:${name}:start -->`, end: `<!-- bench:${name}:end -->` });

/**
 * Put `body` between the `bench:<name>` markers of a markdown document, appending the marked section when the
 * document has none yet. Text outside the markers (hand-written notes) is kept as is.
 */
export function replaceSection(doc: string, name: string, body: string): string {
  if (!/^[\w-]+$/.test(name)) throw new Error(`invalid section name "${name}"`);
  const { start, end } = markers(name);
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  const block = `${start}\n${body.trim()}\n${end}`;
  if (from === -1 && to === -1) return `${doc.trimEnd()}\n\n${block}\n`;
  // A lone or misordered marker means someone edited the file by hand: refuse rather than eat their text.
  if (from === -1 || to === -1 || to < from || doc.indexOf(start, from + 1) !== -1 || doc.indexOf(end, to + 1) !== -1) {
    throw new Error(`bench/README.md has broken "${name}" markers; fix them by hand (expected one ${start} before one ${end})`);
  }
  return doc.slice(0, from) + block + doc.slice(to + end.length);
}

export function markdownTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

export const formatMs = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
export const formatInt = (n: number) => Math.round(n).toLocaleString('en-US');
