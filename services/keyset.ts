import type { Knex } from 'knex';
import { decodeCursor, encodeCursor } from '../core/cursor';
import { validationError } from '../core/errors';

export type Page<T> = { rows: T[]; nextCursor: string | null };

type Sort = {
  /** Qualified column to sort by, or the id column itself for id order. */
  column: string;
  idColumn: string;
  /** Kind of the sort value carried in the cursor; `id` when sorting by id alone. */
  value: 'id' | 'number' | 'string';
  desc?: boolean;
  /** Whether a cursor's sort value could be a value of the column; forged cursors are refused, not searched. */
  accepts?: (v: string | number) => boolean;
};

const badCursor = () => validationError('Invalid cursor', [{ path: 'cursor', message: 'does not match this list; start again without a cursor' }]);

/** One page of a keyset-paginated query: (sort value, id) strictly after the cursor, never OFFSET. */
export async function keysetPage<T extends { id: number }>(
  q: Knex.QueryBuilder, sort: Sort, opts: { limit: number; cursor?: string | undefined },
): Promise<Page<T>> {
  const op = sort.desc ? '<' : '>';
  if (opts.cursor) {
    const c = decodeCursor(opts.cursor);
    if (sort.value === 'id') {
      if (c.v !== null) throw badCursor();
      q.where(sort.idColumn, op, c.id);
    } else {
      if (c.v === null || typeof c.v !== sort.value || (sort.accepts && !sort.accepts(c.v))) throw badCursor();
      q.whereRaw(`(??, ??) ${op} (?, ?)`, [sort.column, sort.idColumn, c.v, c.id]);
    }
  }
  const order = sort.desc ? 'desc' : 'asc';
  if (sort.value !== 'id') q.orderBy(sort.column, order);
  const rows = (await q.orderBy(sort.idColumn, order).limit(opts.limit + 1)) as T[];
  const page = rows.slice(0, opts.limit);
  const last = page.at(-1);
  if (rows.length <= opts.limit || !last) return { rows: page, nextCursor: null };
  const key = sort.column.split('.').at(-1)!;
  const v = sort.value === 'id' ? null : ((last as Record<string, unknown>)[key] as string | number);
  return { rows: page, nextCursor: encodeCursor({ v, id: last.id }) };
}

/** `%` and `_` in user search text are literal characters, not wildcards. */
export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
