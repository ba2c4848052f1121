import { z } from 'zod';
import { cursor, id, limit } from './common.schema';

export const AUDIT_ACTOR_TYPES = ['worker', 'customer', 'plugin', 'system'] as const;

/** A full timestamp with offset, or a date (midnight UTC). */
const instant = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .transform((s) => new Date(s.length === 10 ? `${s}T00:00:00Z` : s))
  .refine((d) => !Number.isNaN(d.getTime()), 'is not a real date');

export const listAuditLogQuery = z
  .strictObject({
    entityType: z.string().trim().min(1).max(64).optional(),
    entityId: z.string().trim().min(1).max(64).optional(),
    actorType: z.enum(AUDIT_ACTOR_TYPES).optional(),
    actorId: id.optional(),
    action: z.string().trim().min(1).max(100).optional(),
    /** Inclusive lower bound on when it happened. */
    from: instant.optional(),
    /** Exclusive upper bound. */
    to: instant.optional(),
    limit,
    cursor,
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, { message: 'must be after from', path: ['to'] });
export type ListAuditLogQuery = z.infer<typeof listAuditLogQuery>;

export const auditEntryResponse = z.object({
  id: z.number(),
  occurredAt: z.iso.datetime(),
  actor: z.object({ type: z.string(), id: z.number().nullable(), via: z.string(), viaId: z.number().nullable() }),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  diff: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
});
export type AuditEntryView = z.infer<typeof auditEntryResponse>;
