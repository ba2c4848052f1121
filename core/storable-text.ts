/**
 * Text PostgreSQL cannot store as given: NUL (a text column refuses it, which used to surface as a 500) and
 * unpaired UTF-16 surrogates (not Unicode; the driver would silently turn them into U+FFFD).
 */
const UNSTORABLE = /[\u0000\p{Cs}]/u;

export const isStorableText = (s: string) => !UNSTORABLE.test(s);

type Node = { value: unknown; key: string; parent: Node | null };

const pathOf = (node: Node): string[] => {
  const path: string[] = [];
  for (let n: Node | null = node; n?.parent; n = n.parent) path.unshift(n.key);
  return path;
};

/**
 * Paths (key segments) of every string value or object key in `value` that is not storable text.
 * Iterative with parent links, so hostile nesting depth can neither overflow the stack nor go quadratic.
 */
export function unstorableTextPaths(value: unknown): string[][] {
  const found: string[][] = [];
  const stack: Node[] = [{ value, key: '', parent: null }];
  while (stack.length) {
    const node = stack.pop()!;
    const v = node.value;
    if (typeof v === 'string') {
      if (!isStorableText(v)) found.push(pathOf(node));
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push({ value: item, key: String(i), parent: node }));
    } else if (v !== null && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) {
        if (!isStorableText(k)) found.push([...pathOf(node), k.replace(new RegExp(UNSTORABLE, 'gu'), '?')]);
        stack.push({ value: item, key: k, parent: node });
      }
    }
  }
  return found;
}
