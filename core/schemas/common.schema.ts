import { z } from 'zod';

export const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const idParam = z.strictObject({ id });
export const bodyId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const nullableId = bodyId.nullable();
export const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a hex colour like #1a2b3c');
export const language = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag like en or pt-BR');
export const limit = z.coerce.number().int().min(1).max(200).default(50);
export const cursor = z.string().max(500).optional();
export const pageQuery = z.strictObject({ limit, cursor });

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), nextCursor: z.string().nullable() });

/** Query strings repeat keys for lists (`?tag=a&tag=b`) or use commas (`?tag=a,b`): accept both. */
export const listParam = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v) => (Array.isArray(v) ? v : [v]).flatMap((s) => String(s).split(',')).map((s) => s.trim()).filter(Boolean),
    z.array(item).max(100),
  );
