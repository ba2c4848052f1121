import { validateCustomFields, type CustomFieldDefinition } from '../../core/custom-fields';
import { LanternError, notFound, validationError } from '../../core/errors';
import type { Actor, Principal } from '../../core/principal';
import { TEMPLATE_PLACEHOLDERS, unknownPlaceholders } from '../../core/response-template';
import { toStoredBody } from '../../core/rich-text';
import type { CreateMacroInput, MacroActions, MacroView, UpdateMacroInput } from '../../core/schemas/macro.schema';
import { normalizeTags } from '../../core/tags';
import { assertMayWrite, assertWorker, visibleTo, type WorkerPrincipal } from '../../core/workspace-scope';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { assertReferencesExist, type ReferenceCheck } from '../reference-check';

export type MacroRow = {
  id: number; name: string; scope: 'personal' | 'shared'; owner_id: number | null; active: boolean; actions: MacroActions;
  reply_html: string | null; reply_kind: 'public_reply' | 'internal_note'; created_at: Date; updated_at: Date;
};

const ENTITY = 'macro';

const view = (r: MacroRow): MacroView => ({
  id: r.id, name: r.name, scope: r.scope, ownerId: r.owner_id, active: r.active, actions: r.actions, replyHtml: r.reply_html,
  replyKind: r.reply_kind, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
});

/** Shared macros and the caller's personal ones, by name; inactive ones only when asked for. */
export async function listMacros(db: Queryable, p: Principal, opts: { all?: boolean | undefined }): Promise<MacroView[]> {
  assertWorker(p, 'macros');
  const q = db('macros').where((w) => w.where({ scope: 'shared' }).orWhere({ owner_id: p.id }));
  if (!opts.all) q.where({ active: true });
  return (await q.orderBy([{ column: 'name' }, { column: 'id' }]).select<MacroRow[]>('*')).map(view);
}

/** Another worker's personal macro answers like a missing one. */
export async function findVisibleMacro(db: Queryable, p: WorkerPrincipal, id: number, opts: { forUpdate?: boolean } = {}): Promise<MacroRow> {
  const q = db('macros').where({ id }).first();
  if (opts.forUpdate) q.forUpdate();
  const row = (await q) as MacroRow | undefined;
  if (!row || !visibleTo(p, row)) throw notFound('Macro', id);
  return row;
}

/**
 * A macro is checked when saved, like a ticket edit would be: ids exist and are active, tags and custom field
 * values are valid, the reply only uses known placeholders and is stored sanitized. Returns what to store.
 */
async function cleanMacro(db: Queryable, actions: MacroActions, replyHtml: string | null): Promise<{ actions: MacroActions; replyHtml: string | null }> {
  const checks: ReferenceCheck[] = [];
  if (actions.statusId !== undefined) checks.push({ path: 'actions.statusId', table: 'statuses', id: actions.statusId, where: { active: true } });
  if (actions.priorityId !== undefined) checks.push({ path: 'actions.priorityId', table: 'priorities', id: actions.priorityId, where: { active: true } });
  if (typeof actions.assigneeId === 'number') checks.push({ path: 'actions.assigneeId', table: 'workers', id: actions.assigneeId, where: { active: true } });
  if (typeof actions.teamId === 'number') checks.push({ path: 'actions.teamId', table: 'teams', id: actions.teamId });
  const cleaned: MacroActions = { ...actions };
  if (actions.addTags) cleaned.addTags = normalizeTags(actions.addTags, 'actions.addTags');
  if (actions.removeTags) cleaned.removeTags = normalizeTags(actions.removeTags, 'actions.removeTags');
  if (actions.customFields) {
    const defs = (await db('custom_field_definitions').select('key', 'type', 'required', 'options', 'active')) as CustomFieldDefinition[];
    const { references } = validateCustomFields(defs, actions.customFields, { partial: true });
    references.workerIds.forEach((id) => checks.push({ path: 'actions.customFields', table: 'workers', id }));
    references.ticketIds.forEach((id) => checks.push({ path: 'actions.customFields', table: 'tickets', id }));
  }
  await assertReferencesExist(db, checks);
  if (replyHtml === null) return { actions: cleaned, replyHtml: null };
  const unknown = unknownPlaceholders(replyHtml);
  if (unknown.length) {
    throw validationError('The reply uses placeholders that do not exist', [
      { path: 'replyHtml', message: `unknown placeholder(s) ${unknown.map((k) => `{{${k}}}`).join(', ')}; known: ${TEMPLATE_PLACEHOLDERS.join(', ')}` },
    ]);
  }
  const { html, text } = toStoredBody({ html: replyHtml });
  if (!text && !/<img/i.test(html)) throw validationError('The reply is empty after removing unsafe content', [{ path: 'replyHtml', message: 'has no content' }]);
  return { actions: cleaned, replyHtml: html };
}

export async function createMacro(db: Queryable, p: Principal, actor: Actor, input: CreateMacroInput): Promise<MacroView> {
  assertWorker(p, 'macros');
  assertMayWrite(p, input.scope, 'macros');
  const clean = await cleanMacro(db, input.actions, input.replyHtml ?? null);
  return db.transaction(async (trx) => {
    const [row] = (await trx('macros').insert({
      name: input.name, scope: input.scope, owner_id: input.scope === 'personal' ? p.id : null, active: input.active ?? true,
      actions: JSON.stringify(clean.actions), reply_html: clean.replyHtml, reply_kind: input.replyKind ?? 'public_reply',
    }).returning('*')) as MacroRow[];
    const after = view(row!);
    await recordAudit(trx, actor, { action: 'macro.create', entityType: ENTITY, entityId: after.id, after });
    return after;
  });
}

export async function updateMacro(db: Queryable, p: Principal, actor: Actor, id: number, input: UpdateMacroInput): Promise<MacroView> {
  assertWorker(p, 'macros');
  return db.transaction(async (trx) => {
    const before = await findVisibleMacro(trx, p, id, { forUpdate: true });
    assertMayWrite(p, before.scope, 'macros');
    const scope = input.scope ?? before.scope;
    assertMayWrite(p, scope, 'macros');
    const actions = input.actions ?? before.actions;
    const replyHtml = input.replyHtml !== undefined ? input.replyHtml : before.reply_html;
    if (Object.keys(actions).length === 0 && !replyHtml) {
      throw validationError('A macro needs at least one action or a reply', [{ path: 'actions', message: 'is empty and there is no reply' }]);
    }
    const clean = input.actions !== undefined || input.replyHtml !== undefined ? await cleanMacro(trx, actions, replyHtml) : { actions, replyHtml };
    const [row] = (await trx('macros').where({ id }).update({
      name: input.name ?? before.name, scope, owner_id: scope === 'personal' ? (before.owner_id ?? p.id) : null,
      active: input.active ?? before.active, actions: JSON.stringify(clean.actions), reply_html: clean.replyHtml,
      reply_kind: input.replyKind ?? before.reply_kind, updated_at: trx.fn.now(),
    }).returning('*')) as MacroRow[];
    const after = view(row!);
    await recordAudit(trx, actor, { action: 'macro.update', entityType: ENTITY, entityId: id, before: view(before), after });
    return after;
  });
}

export async function deleteMacro(db: Queryable, p: Principal, actor: Actor, id: number): Promise<void> {
  assertWorker(p, 'macros');
  await db.transaction(async (trx) => {
    const before = await findVisibleMacro(trx, p, id, { forUpdate: true });
    assertMayWrite(p, before.scope, 'macros');
    await trx('macros').where({ id }).delete();
    await recordAudit(trx, actor, { action: 'macro.delete', entityType: ENTITY, entityId: id, before: view(before) });
  });
}

/** An inactive macro is kept for editing but cannot run. */
export function assertRunnable(macro: MacroRow): void {
  if (!macro.active) throw new LanternError('conflict', `Macro ${macro.id} is inactive; activate it first`);
}
