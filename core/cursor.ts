import { LanternError } from './errors';

/** Keyset cursor: the sort value and id of the last row seen, opaque to clients. */
export type Cursor = { v: string | number | null; id: number };

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.v, c.id]), 'utf8').toString('base64url');
}

export function decodeCursor(raw: string): Cursor {
  const bad = () => new LanternError('validation', 'Invalid cursor', { fields: [{ path: 'cursor', message: 'is not a cursor returned by this API' }] });
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!Array.isArray(value) || value.length !== 2) throw bad();
  const [v, id] = value as unknown[];
  if (!Number.isSafeInteger(id) || (id as number) < 0) throw bad();
  if (!(v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)))) throw bad();
  if (typeof v === 'string' && v.length > 100) throw bad();
  return { v: v as Cursor['v'], id: id as number };
}
