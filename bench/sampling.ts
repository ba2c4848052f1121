/** Deterministic random sampling for seed data: the same seed gives the same workspace on every run. */

export type Rng = () => number;

/** mulberry32: tiny, fast, good enough for synthetic data (not for anything secret). */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Zipf weights 1/rank^s for ranks 1..n: the first item is the most frequent. */
export const zipfWeights = (n: number, s: number): number[] => Array.from({ length: n }, (_, i) => 1 / (i + 1) ** s);

/** Pick index i with probability weights[i] / sum(weights), by binary search over the running totals. */
export function weightedIndex(weights: readonly number[]): (rng: Rng) => number {
  const cumulative: number[] = [];
  let total = 0;
  for (const w of weights) {
    if (!(w >= 0)) throw new Error('weights must be non-negative numbers');
    total += w;
    cumulative.push(total);
  }
  if (total <= 0) throw new Error('weights must not all be zero');
  return (rng) => {
    const x = rng() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

/** A picker over named choices with weights, e.g. `{ email: 45, web: 15 }`. */
export function weightedChoice<T extends string>(table: Readonly<Record<T, number>>): (rng: Rng) => T {
  const keys = Object.keys(table) as T[];
  const pick = weightedIndex(keys.map((k) => table[k]));
  return (rng) => keys[pick(rng)]!;
}
