import { z } from 'zod';

/** Query-string booleans are the words true/false, nothing else. */
export const queryBool = z.enum(['true', 'false']).transform((v) => v === 'true');
export const searchText = z.string().trim().min(1).max(200);
/** Optional optimistic-concurrency guard in update bodies (If-Match does the same). */
export const bodyVersion = z.number().int().positive().optional();
export const atLeastOneChange = [
  (u: Record<string, unknown>) => Object.entries(u).some(([k, v]) => k !== 'version' && v !== undefined),
  { message: 'give at least one field to change' },
] as const;
