import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** How long idempotency records are kept: far longer than the host keeps retrying a delivery. */
export const IDEMPOTENCY_TTL_MS = 7 * 24 * 3600_000;

type Line<V> = { k: string; v?: V; d?: true; t?: number };

/**
 * A small durable key-value map in the plugin data dir: an append-only JSON-lines log replayed at open and
 * compacted when it holds many superseded or expired lines. Appends are synchronous so a value is on disk before
 * the RPC that wrote it answers (a plugin killed right after still remembers it). With `ttlMs`, entries older
 * than that are forgotten at the next open (idempotency records need not live forever).
 */
export class DataStore<V> {
  private readonly map = new Map<string, { v: V; t: number }>();
  private lines = 0;

  constructor(private readonly file: string, opts: { ttlMs?: number; now?: number } = {}) {
    if (!existsSync(file)) return;
    const cutoff = opts.ttlMs === undefined ? -Infinity : (opts.now ?? Date.now()) - opts.ttlMs;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line) continue;
      let entry: Line<V>;
      try {
        entry = JSON.parse(line) as Line<V>;
      } catch {
        continue; // a torn last line from a crash mid-append: the write it held never answered, so drop it
      }
      this.lines += 1;
      if (entry.d) this.map.delete(entry.k);
      else if ((entry.t ?? 0) >= cutoff) this.map.set(entry.k, { v: entry.v as V, t: entry.t ?? 0 });
      else this.map.delete(entry.k);
    }
    if (this.lines > 1000 && this.lines > this.map.size * 4) this.compact();
  }

  static open<V>(dataDir: string, name: string, opts: { ttlMs?: number } = {}): DataStore<V> {
    mkdirSync(dataDir, { recursive: true });
    return new DataStore<V>(join(dataDir, `${name}.jsonl`), opts);
  }

  get(key: string): V | undefined {
    return this.map.get(key)?.v;
  }

  has(key: string): boolean {
    return this.map.has(key);
  }

  get size(): number {
    return this.map.size;
  }

  set(key: string, value: V): void {
    const t = Date.now();
    appendFileSync(this.file, `${JSON.stringify({ k: key, v: value, t })}\n`);
    this.map.set(key, { v: value, t });
    this.lines += 1;
  }

  delete(key: string): void {
    if (!this.map.has(key)) return;
    appendFileSync(this.file, `${JSON.stringify({ k: key, d: true })}\n`);
    this.map.delete(key);
    this.lines += 1;
  }

  *entries(): IterableIterator<[string, V]> {
    for (const [k, { v }] of this.map) yield [k, v];
  }

  /** Rewrite the log with only live entries (write a temp file, then rename: never a half-written log). */
  private compact(): void {
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, [...this.map].map(([k, { v, t }]) => `${JSON.stringify({ k, v, t })}\n`).join(''));
    renameSync(tmp, this.file);
    this.lines = this.map.size;
  }
}
