import { diffRecords } from '../core/diff';
import type { Actor } from '../core/principal';
import type { Queryable } from '../db/knex';

const SECRET_KEYS = new Set(['password_hash', 'passwordHash', 'secret_hash', 'secret', 'token_hash']);

/** Strip secrets so the audit log never stores them, even hashed. */
function redact(record: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!record) return null;
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, SECRET_KEYS.has(k) ? '[redacted]' : v]));
}

/** Append one audit row in the caller's transaction, so the change and its record commit together. */
export async function recordAudit(
  db: Queryable,
  actor: Actor,
  entry: {
    action: string;
    entityType: string;
    entityId: string | number;
    before?: Record<string, unknown> | null;
    after?: Record<string, unknown> | null;
  },
): Promise<void> {
  const before = redact(entry.before ?? null);
  const after = redact(entry.after ?? null);
  await db('audit_log').insert({
    actor_type: actor.type,
    actor_id: actor.id,
    via: actor.via,
    via_id: actor.viaId,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: String(entry.entityId),
    before: before ? JSON.stringify(before) : null,
    after: after ? JSON.stringify(after) : null,
    diff: JSON.stringify(diffRecords(before, after)),
    request_id: actor.requestId ?? null,
    ip: actor.ip ?? null,
  });
}
