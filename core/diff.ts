/** Shallow before/after diff of two records, for the audit log: only keys whose JSON value changed. */
export function diffRecords(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): Record<string, { from: unknown; to: unknown }> {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const diff: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of keys) {
    const from = before?.[key] ?? null;
    const to = after?.[key] ?? null;
    if (JSON.stringify(from) !== JSON.stringify(to)) diff[key] = { from, to };
  }
  return diff;
}

/** One run of a text diff: kept, added or removed text. Concatenating equal+delete gives the old text, equal+insert the new. */
export type DiffOp = { op: 'equal' | 'insert' | 'delete'; text: string };

/** Beyond this many LCS cells (changed middle, after common prefix/suffix), the middle is reported as replaced whole. */
const MAX_DIFF_CELLS = 4_000_000;

const tokenize = (s: string): string[] => s.match(/\s+|[^\s]+/g) ?? [];

function push(ops: DiffOp[], op: DiffOp['op'], text: string): void {
  if (!text) return;
  const last = ops.at(-1);
  if (last?.op === op) last.text += text;
  else ops.push({ op, text });
}

/**
 * Word-level diff of two texts (revisions of a KB article): the longest common subsequence of words and
 * whitespace runs, after trimming the common start and end. Runs of the same kind are merged.
 */
export function diffText(before: string, after: string): DiffOp[] {
  const a = tokenize(before);
  const b = tokenize(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) { endA--; endB--; }
  const ops: DiffOp[] = [];
  push(ops, 'equal', a.slice(0, start).join(''));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const n = midA.length;
  const m = midB.length;
  if ((n + 1) * (m + 1) > MAX_DIFF_CELLS) {
    push(ops, 'delete', midA.join(''));
    push(ops, 'insert', midB.join(''));
  } else {
    // lcs[i][j]: LCS length of midA[i..] and midB[j..], in one flat array.
    const w = m + 1;
    const lcs = new Uint32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * w + j] = midA[i] === midB[j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (midA[i] === midB[j]) { push(ops, 'equal', midA[i]!); i++; j++; }
      else if (lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!) { push(ops, 'delete', midA[i]!); i++; }
      else { push(ops, 'insert', midB[j]!); j++; }
    }
    push(ops, 'delete', midA.slice(i).join(''));
    push(ops, 'insert', midB.slice(j).join(''));
  }
  push(ops, 'equal', a.slice(endA).join(''));
  return ops;
}
