import type { ListAuditLogQuery, AuditEntryView } from '../core/schemas/audit-log.schema';
import type { Queryable } from '../db/knex';
import { keysetPage, type Page } from './keyset';

type AuditRow = {
  id: number;
  occurred_at: Date;
  actor_type: string;
  actor_id: number | null;
  via: string;
  via_id: number | null;
  action: string;
  entity_type: string;
  entity_id: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  diff: AuditEntryView['diff'];
  request_id: string | null;
  ip: string | null;
};

function auditView(r: AuditRow): AuditEntryView {
  return {
    id: r.id, occurredAt: r.occurred_at.toISOString(), actor: { type: r.actor_type, id: r.actor_id, via: r.via, viaId: r.via_id },
    action: r.action, entityType: r.entity_type, entityId: r.entity_id, before: r.before, after: r.after, diff: r.diff,
    requestId: r.request_id, ip: r.ip,
  };
}

/** Newest first; ids grow with time, so the id alone is the keyset. */
export async function listAuditLog(db: Queryable, query: ListAuditLogQuery): Promise<Page<AuditEntryView>> {
  const q = db('audit_log').select('*');
  if (query.entityType) q.where('entity_type', query.entityType);
  if (query.entityId) q.where('entity_id', query.entityId);
  if (query.actorType) q.where('actor_type', query.actorType);
  if (query.actorId !== undefined) q.where('actor_id', query.actorId);
  if (query.action) q.where('action', query.action);
  if (query.from) q.where('occurred_at', '>=', query.from);
  if (query.to) q.where('occurred_at', '<', query.to);
  const page = await keysetPage<AuditRow>(q, { column: 'audit_log.id', idColumn: 'audit_log.id', value: 'id', desc: true }, query);
  return { rows: page.rows.map(auditView), nextCursor: page.nextCursor };
}
