/**
 * A small progress bar for command-line tools, on stderr so stdout stays machine-readable. On a terminal it
 * redraws one line; otherwise (CI logs, pipes) it prints a line every 10 %. The `progress` package is only a
 * transitive dependency without types, so this is not worth a new dependency.
 */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): { update: (done: number, total: number) => void; finish: () => void } {
  const started = Date.now();
  let lastDecile = -1;
  let lastDraw = 0;
  let drawn = false;
  const line = (done: number, total: number) => {
    const ratio = total > 0 ? Math.min(1, done / total) : 1;
    const width = 30;
    const filled = Math.round(ratio * width);
    const secs = (Date.now() - started) / 1000;
    const rate = secs > 0 ? Math.round(done / secs) : 0;
    return `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}% ${done}/${total} ${rate}/s`;
  };
  return {
    update(done, total) {
      if (stream.isTTY) {
        // Redraw at most every 100 ms: a fast reindex would otherwise spend its time drawing.
        if (Date.now() - lastDraw < 100 && done < total) return;
        lastDraw = Date.now();
        drawn = true;
        stream.write(`\r${line(done, total)}\x1b[K`);
        return;
      }
      const decile = total > 0 ? Math.floor((done / total) * 10) : 10;
      if (decile !== lastDecile) {
        lastDecile = decile;
        stream.write(`${line(done, total)}\n`);
      }
    },
    finish() {
      if (stream.isTTY && drawn) stream.write('\n');
    },
  };
}
