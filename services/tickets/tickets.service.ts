import { validateCustomFields, type CustomFieldDefinition } from '../../core/custom-fields';
import { LanternError, forbidden, notFound, validationError } from '../../core/errors';
import type { Actor, Principal } from '../../core/principal';
import type { BulkUpdateInput, CreateTicketInput, UpdateTicketInput } from '../../core/schemas/ticket.schema';
import { normalizeTags } from '../../core/tags';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { publishEvent } from '../outbox.service';
import { assertReferencesExist, type ReferenceCheck } from '../reference-check';
import { addEntryInTransaction } from './entries.service';
import { findTicket, recordParticipant, upsertTags } from './ticket.repository';
import { canSeeTicket } from './ticket.scope';
import { workerTicketView, type TicketRow } from './ticket.view';

/** Fields a ticket write may change, after validation and normalisation. */
export type TicketChanges = {
  subject?: string;
  assigneeId?: number | null;
  teamId?: number | null;
  statusId?: number;
  priorityId?: number;
  tags?: string[];
  customFields?: Record<string, unknown>;
  language?: string;
};

export async function getVisibleTicket(db: Queryable, p: Principal, id: number, opts: { forUpdate?: boolean } = {}): Promise<TicketRow> {
  const row = await findTicket(db, id, opts);
  // Hidden tickets answer like missing ones so ids cannot be probed.
  if (!row || !canSeeTicket(p, row)) throw notFound('Ticket', id);
  return row;
}

async function customFieldDefinitions(db: Queryable): Promise<CustomFieldDefinition[]> {
  return db('custom_field_definitions').select('key', 'type', 'required', 'options', 'active');
}

/** Check every id the change refers to and the custom field values; returns normalized custom fields. */
async function validateChanges(
  db: Queryable,
  changes: TicketChanges,
  existingCustomFields: Record<string, unknown> | null,
  extraChecks: ReferenceCheck[] = [],
): Promise<Record<string, unknown> | undefined> {
  const checks: ReferenceCheck[] = [...extraChecks];
  if (changes.assigneeId != null) checks.push({ path: 'assigneeId', table: 'workers', id: changes.assigneeId, where: { active: true } });
  if (changes.teamId != null) checks.push({ path: 'teamId', table: 'teams', id: changes.teamId });
  if (changes.statusId !== undefined) checks.push({ path: 'statusId', table: 'statuses', id: changes.statusId, where: { active: true } });
  if (changes.priorityId !== undefined) checks.push({ path: 'priorityId', table: 'priorities', id: changes.priorityId, where: { active: true } });
  let customFields: Record<string, unknown> | undefined;
  if (changes.customFields !== undefined || existingCustomFields === null) {
    const defs = await customFieldDefinitions(db);
    const { references } = validateCustomFields(defs, changes.customFields ?? {}, { partial: existingCustomFields !== null });
    references.workerIds.forEach((id) => checks.push({ path: 'customFields', table: 'workers', id }));
    references.ticketIds.forEach((id) => checks.push({ path: 'customFields', table: 'tickets', id }));
    const merged = { ...(existingCustomFields ?? {}), ...(changes.customFields ?? {}) };
    customFields = Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== null));
  }
  await assertReferencesExist(db, checks);
  return customFields;
}

async function resolveRequester(db: Queryable, p: Principal, actor: Actor, input: CreateTicketInput): Promise<number> {
  if (p.kind === 'customer') {
    if (input.requesterId !== undefined || input.requester !== undefined) throw forbidden('Customers open tickets for themselves only');
    return p.id;
  }
  if (input.requesterId !== undefined) return input.requesterId; // checked with the other references
  if (!input.requester) throw validationError('A ticket needs a requester', [{ path: 'requesterId', message: 'give requesterId or requester.email' }]);
  const existing = await db('customers').where('email', input.requester.email).first('id');
  if (existing) return existing.id as number;
  const [created] = await db('customers')
    .insert({ email: input.requester.email, name: input.requester.name ?? input.requester.email.split('@')[0] })
    .returning('*');
  await recordAudit(db, actor, { action: 'customer.create', entityType: 'customer', entityId: created.id, after: created });
  await publishEvent(db, { type: 'customer.created', entityType: 'customer', entityId: created.id, payload: { id: created.id, email: created.email, name: created.name } });
  return created.id as number;
}

export async function createTicket(db: Queryable, p: Principal, actor: Actor, input: CreateTicketInput): Promise<TicketRow> {
  if (p.kind === 'customer') {
    const staffOnly = (['assigneeId', 'teamId', 'statusId', 'priorityId', 'tags', 'customFields'] as const).filter((k) => input[k] !== undefined);
    if (staffOnly.length) throw validationError('Customers cannot set these fields', staffOnly.map((path) => ({ path, message: 'is set by the support team' })));
    if (!input.message) throw validationError('Describe your request', [{ path: 'message', message: 'is required' }]);
  }
  return db.transaction(async (trx) => {
    const requesterId = await resolveRequester(trx, p, actor, input);
    const tags = normalizeTags(input.tags ?? []);
    const customFields = await validateChanges(trx, { ...input, tags }, null, p.kind !== 'customer' && input.requesterId !== undefined ? [{ path: 'requesterId', table: 'customers', id: requesterId }] : []);
    const { status, priority } = await statusAndPriority(trx, input.statusId, input.priorityId);
    await upsertTags(trx, tags);
    const [inserted] = (await trx('tickets')
      .insert({
        subject: input.subject,
        requester_id: requesterId,
        assignee_id: input.assigneeId ?? null,
        team_id: input.teamId ?? null,
        status_id: status.id,
        status_category: status.category,
        priority_id: priority.id,
        priority_rank: priority.rank,
        tags,
        custom_fields: JSON.stringify(customFields ?? {}),
        channel: input.channel ?? (p.kind === 'customer' ? 'portal' : 'api'),
        language: input.language ?? 'en',
      })
      .returning('*')) as Omit<TicketRow, 'status_name' | 'priority_name'>[];
    const row: TicketRow = { ...inserted!, status_name: status.name, priority_name: priority.name };
    const ticketId = row.id;
    await trx('ticket_status_history').insert({
      ticket_id: ticketId, status_id: status.id, category: status.category, changed_by_type: actor.type, changed_by_id: actor.id,
    });
    if (p.kind === 'worker') await recordParticipant(trx, ticketId, p.id, 'created');
    if (input.assigneeId) await recordParticipant(trx, ticketId, input.assigneeId, 'assigned');
    const view = workerTicketView(row);
    await recordAudit(trx, actor, { action: 'ticket.create', entityType: 'ticket', entityId: ticketId, after: view });
    await publishEvent(trx, { type: 'ticket.created', entityType: 'ticket', entityId: ticketId, payload: { ticket: view } });
    if (!input.message) return row;
    const kind = input.message.kind ?? 'customer_message';
    await addEntryInTransaction(trx, p, actor, row, { ...input.message, kind }, { asRequester: kind === 'customer_message' });
    return (await findTicket(trx, ticketId))!; // the entry moved updated_at
  });
}

type StatusRef = { id: number; name: string; category: TicketRow['status_category'] };
type PriorityRef = { id: number; name: string; rank: number };

/** The requested (already checked active) or default status and priority, in one round trip. */
async function statusAndPriority(db: Queryable, statusId: number | undefined, priorityId: number | undefined): Promise<{ status: StatusRef; priority: PriorityRef }> {
  const { rows } = await db.raw(
    `SELECT (SELECT json_build_object('id', id, 'name', name, 'category', category) FROM statuses WHERE ${statusId ? 'id = ?' : 'is_default'}) AS status,
            (SELECT json_build_object('id', id, 'name', name, 'rank', rank) FROM priorities WHERE ${priorityId ? 'id = ?' : 'is_default'}) AS priority`,
    [statusId, priorityId].filter((v) => v !== undefined),
  );
  const { status, priority } = rows[0] as { status: StatusRef | null; priority: PriorityRef | null };
  if (!status || !priority) throw new LanternError('conflict', 'No default status or priority is configured');
  return { status, priority };
}

/** Apply validated changes to a locked ticket row: history, participants, audit and events in the same transaction. */
async function applyChanges(trx: Queryable, actor: Actor, before: TicketRow, changes: TicketChanges): Promise<TicketRow> {
  const patch: Record<string, unknown> = {};
  if (changes.subject !== undefined && changes.subject !== before.subject) patch.subject = changes.subject;
  if (changes.language !== undefined && changes.language !== before.language) patch.language = changes.language;
  if (changes.assigneeId !== undefined && changes.assigneeId !== before.assignee_id) patch.assignee_id = changes.assigneeId;
  if (changes.teamId !== undefined && changes.teamId !== before.team_id) patch.team_id = changes.teamId;
  if (changes.tags !== undefined && JSON.stringify(changes.tags) !== JSON.stringify(before.tags)) {
    await upsertTags(trx, changes.tags);
    patch.tags = changes.tags;
  }
  if (changes.customFields !== undefined && JSON.stringify(changes.customFields) !== JSON.stringify(before.custom_fields)) {
    patch.custom_fields = JSON.stringify(changes.customFields);
  }
  let status: { id: number; category: string } | undefined;
  if (changes.statusId !== undefined && changes.statusId !== before.status_id) {
    status = await trx('statuses').where({ id: changes.statusId }).first('id', 'category');
    Object.assign(patch, { status_id: status!.id, status_category: status!.category, status_changed_at: trx.fn.now() });
  }
  if (changes.priorityId !== undefined && changes.priorityId !== before.priority_id) {
    const priority = await trx('priorities').where({ id: changes.priorityId }).first('id', 'rank');
    Object.assign(patch, { priority_id: priority.id, priority_rank: priority.rank });
  }
  if (Object.keys(patch).length === 0) return before;

  await trx('tickets').where({ id: before.id }).update({ ...patch, updated_at: trx.fn.now(), version: trx.raw('version + 1') });
  const after = (await findTicket(trx, before.id))!;
  const [beforeView, afterView] = [workerTicketView(before), workerTicketView(after)];
  if (status) {
    await trx('ticket_status_history').insert({
      ticket_id: before.id, status_id: status.id, category: status.category, previous_status_id: before.status_id,
      changed_by_type: actor.type, changed_by_id: actor.id,
    });
    await publishEvent(trx, { type: 'status.changed', entityType: 'ticket', entityId: before.id, payload: { ticket: afterView, from: beforeView.status, to: afterView.status } });
  }
  if (patch.assignee_id !== undefined) {
    if (after.assignee_id) await recordParticipant(trx, before.id, after.assignee_id, 'assigned');
    await publishEvent(trx, { type: 'assignee.changed', entityType: 'ticket', entityId: before.id, payload: { ticket: afterView, from: before.assignee_id, to: after.assignee_id } });
  }
  if (actor.type === 'worker' && actor.id) await recordParticipant(trx, before.id, actor.id, 'updated');
  await recordAudit(trx, actor, { action: 'ticket.update', entityType: 'ticket', entityId: before.id, before: beforeView, after: afterView });
  await publishEvent(trx, { type: 'ticket.updated', entityType: 'ticket', entityId: before.id, payload: { ticket: afterView, previous: beforeView } });
  return after;
}

/**
 * Optimistic concurrency: the caller names the version it read (If-Match or `version`);
 * a stale version is a conflict, never a silent overwrite.
 */
export async function updateTicket(
  db: Queryable, p: Principal, actor: Actor, id: number, input: UpdateTicketInput, expectedVersion: number,
): Promise<TicketRow> {
  return db.transaction(async (trx) => {
    const before = await getVisibleTicket(trx, p, id, { forUpdate: true });
    if (before.version !== expectedVersion) {
      throw new LanternError('conflict', `Ticket ${id} was changed by someone else (you have version ${expectedVersion}, current is ${before.version}); reload and apply your change again`);
    }
    const { version: _ignored, ...changes } = input;
    const tags = changes.tags !== undefined ? normalizeTags(changes.tags) : undefined;
    const customFields = await validateChanges(trx, changes, before.custom_fields);
    return applyChanges(trx, actor, before, { ...changes, ...(tags && { tags }), ...(customFields && changes.customFields !== undefined && { customFields }) });
  });
}

/**
 * A change the lifecycle decided (escalation, auto-solve), applied inside the caller's transaction as `actor`
 * (the system) with the same history, audit and events as an agent's edit. `decide` sees the locked row and
 * returns the change, or null to leave the ticket as it is (compare-and-set). Null when the ticket is gone.
 */
export async function applySystemChange(
  trx: Queryable, actor: Actor, id: number, decide: (row: TicketRow) => TicketChanges | null,
): Promise<{ ticket: TicketRow; changed: boolean } | null> {
  const before = await findTicket(trx, id, { forUpdate: true });
  if (!before) return null;
  const changes = decide(before);
  if (!changes) return { ticket: before, changed: false };
  const tags = changes.tags !== undefined ? normalizeTags(changes.tags) : undefined;
  await validateChanges(trx, changes, before.custom_fields);
  const after = await applyChanges(trx, actor, before, { ...changes, ...(tags && { tags }) });
  return { ticket: after, changed: after !== before };
}

export async function deleteTicket(db: Queryable, p: Principal, actor: Actor, id: number): Promise<void> {
  await db.transaction(async (trx) => {
    const before = await getVisibleTicket(trx, p, id, { forUpdate: true });
    const view = workerTicketView(before);
    await trx('tickets').where({ id }).delete();
    await recordAudit(trx, actor, { action: 'ticket.delete', entityType: 'ticket', entityId: id, before: view });
    await publishEvent(trx, { type: 'ticket.deleted', entityType: 'ticket', entityId: id, payload: { ticket: view } });
  });
}

export type BulkResult = { id: number; ok: boolean; version?: number; error?: string };

/** All or nothing: every ticket must exist and be visible, or no ticket changes and each failure is named. */
export async function bulkUpdateTickets(db: Queryable, p: Principal, actor: Actor, input: BulkUpdateInput): Promise<BulkResult[]> {
  return db.transaction(async (trx) => {
    const { addTags, removeTags, ...fields } = input.changes;
    const add = normalizeTags(addTags ?? [], 'changes.addTags');
    const remove = normalizeTags(removeTags ?? [], 'changes.removeTags');
    await validateChanges(trx, fields, {});
    // Lock in id order so concurrent bulk updates cannot deadlock each other.
    const sorted = [...input.ids].sort((a, b) => a - b);
    const rows = new Map<number, TicketRow>();
    for (const id of sorted) {
      const row = await findTicket(trx, id, { forUpdate: true });
      if (row && canSeeTicket(p, row)) rows.set(id, row);
    }
    const missing = input.ids.filter((id) => !rows.has(id));
    if (missing.length) {
      throw validationError(`${missing.length} of ${input.ids.length} tickets cannot be updated; nothing was changed`,
        missing.map((id) => ({ path: `ids.${input.ids.indexOf(id)}`, message: `ticket ${id} does not exist` })));
    }
    const results: BulkResult[] = [];
    for (const id of input.ids) {
      const before = rows.get(id)!;
      const tags = add.length || remove.length ? [...new Set([...before.tags, ...add])].filter((t) => !remove.includes(t)) : undefined;
      const after = await applyChanges(trx, actor, before, { ...fields, ...(tags && { tags }) });
      results.push({ id, ok: true, version: after.version });
    }
    return results;
  });
}
