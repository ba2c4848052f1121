import { notFound, validationError, type FieldError } from '../../core/errors';
import type { Actor } from '../../core/principal';
import { isNormalizedTag } from '../../core/tags';
import type {
  CreateSlaPolicyInput, ReorderSlaPoliciesInput, SlaPolicyView, UpdateSlaPolicyInput,
} from '../../core/schemas/lifecycle.schema';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { assertReferencesExist, type ReferenceCheck } from '../reference-check';
import { lockRow } from '../row-lock';
import { commitPolicyChange, lockPolicy } from './policy-versions';

type SlaPolicyRow = {
  id: number;
  position: number;
  name: string;
  conditions: SlaPolicyView['conditions'];
  hours: SlaPolicyView['hours'];
  targets: SlaPolicyView['targets'];
  escalations: SlaPolicyView['escalations'];
  created_at: Date;
  updated_at: Date;
  version: number;
};

const ENTITY = 'sla_policy';

function view(r: SlaPolicyRow): SlaPolicyView {
  return {
    id: r.id, position: r.position, name: r.name, conditions: r.conditions, hours: r.hours, targets: r.targets,
    escalations: r.escalations, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(), version: r.version,
  };
}

/** Every SLA policy in evaluation order; there are few, so one page holds them all. */
export async function listSlaPolicies(db: Queryable): Promise<SlaPolicyView[]> {
  const rows = (await db('sla_policies').orderBy([{ column: 'position' }, { column: 'id' }]).select('*')) as SlaPolicyRow[];
  return rows.map(view);
}

export async function getSlaPolicy(db: Queryable, id: number): Promise<SlaPolicyView> {
  const row = (await db('sla_policies').where({ id }).first()) as SlaPolicyRow | undefined;
  if (!row) throw notFound('SLA policy', id);
  return view(row);
}

/**
 * Ids inside conditions and escalations are strings in the policy document; the ones naming our rows
 * (teams, organizations, webhooks, workers) must exist, so a typo fails now rather than at 3 a.m. on a breach.
 */
async function checkReferences(db: Queryable, p: Pick<SlaPolicyView, 'conditions' | 'escalations'>): Promise<void> {
  const checks: ReferenceCheck[] = [];
  const malformed: FieldError[] = [];
  const ref = (path: string, table: string, raw: string) => {
    if (/^[1-9]\d{0,15}$/.test(raw)) checks.push({ path, table, id: Number(raw) });
    else malformed.push({ path, message: `"${raw}" is not a ${table.replace(/s$/, '')} id` });
  };
  p.conditions.teamIds?.forEach((v, i) => ref(`conditions.teamIds.${i}`, 'teams', v));
  p.conditions.organizationIds?.forEach((v, i) => ref(`conditions.organizationIds.${i}`, 'organizations', v));
  const tag = (path: string, raw: string) => {
    if (!isNormalizedTag(raw)) malformed.push({ path, message: `"${raw}" is not a tag as tickets store them (lower case letters, digits, _ - : .)` });
  };
  for (const list of ['tagsAny', 'tagsAll', 'tagsNone'] as const) p.conditions[list]?.forEach((v, i) => tag(`conditions.${list}.${i}`, v));
  p.escalations.forEach((step, j) => step.actions.forEach((a, k) => {
    const at = `escalations.${j}.actions.${k}`;
    if (a.type === 'add_tag') tag(`${at}.tag`, a.tag);
    if (a.type === 'reassign_team') ref(`${at}.teamId`, 'teams', a.teamId);
    if (a.type === 'fire_webhook') ref(`${at}.webhookId`, 'webhooks', a.webhookId);
    if (a.type === 'notify_channel') {
      const m = /^(team|worker):(.*)$/.exec(a.destination);
      if (m) ref(`${at}.destination`, m[1] === 'team' ? 'teams' : 'workers', m[2]!);
    }
  }));
  if (malformed.length) throw validationError('The SLA policy has ids or tags that cannot match anything', malformed);
  await assertReferencesExist(db, checks);
}

/** Rewrite positions 1..n in the given order. */
async function writeOrder(trx: Queryable, ids: number[]): Promise<void> {
  if (!ids.length) return;
  await trx.raw(
    `UPDATE sla_policies s SET position = o.pos FROM unnest(?::bigint[]) WITH ORDINALITY AS o(id, pos)
      WHERE s.id = o.id AND s.position <> o.pos`,
    [ids],
  );
}

async function orderedIds(trx: Queryable): Promise<number[]> {
  return (await trx('sla_policies').orderBy([{ column: 'position' }, { column: 'id' }]).forUpdate().pluck('id')) as number[];
}

/** Move `id` to the 1-based `position` (clamped to the list), keeping the others in order. */
async function moveTo(trx: Queryable, id: number, position: number): Promise<void> {
  const ids = (await orderedIds(trx)).filter((x) => x !== id);
  ids.splice(Math.min(position, ids.length + 1) - 1, 0, id);
  await writeOrder(trx, ids);
}

async function indexOf(trx: Queryable, id: number): Promise<number> {
  return (await orderedIds(trx)).indexOf(id);
}

export async function createSlaPolicy(db: Queryable, actor: Actor, input: CreateSlaPolicyInput): Promise<SlaPolicyView> {
  return db.transaction(async (trx) => {
    await lockPolicy(trx);
    const fields = { conditions: input.conditions ?? {}, escalations: input.escalations ?? [] };
    await checkReferences(trx, fields);
    const last = (await trx('sla_policies').max<{ max: number | null }[]>('position as max'))[0]?.max ?? 0;
    const [inserted] = await trx('sla_policies')
      .insert({
        position: last + 1, name: input.name, conditions: JSON.stringify(fields.conditions), hours: input.hours ?? 'business',
        targets: JSON.stringify(input.targets), escalations: JSON.stringify(fields.escalations),
      })
      .returning<{ id: number }[]>('id');
    const id = inserted!.id;
    if (input.position !== undefined) await moveTo(trx, id, input.position);
    await commitPolicyChange(trx, actor, { kind: 'sla_policy', index: await indexOf(trx, id) });
    const after = await getSlaPolicy(trx, id);
    await recordAudit(trx, actor, { action: 'sla_policy.create', entityType: ENTITY, entityId: id, after });
    return after;
  });
}

export async function updateSlaPolicy(
  db: Queryable, actor: Actor, id: number, input: UpdateSlaPolicyInput, expectedVersion: number | undefined,
): Promise<SlaPolicyView> {
  return db.transaction(async (trx) => {
    await lockPolicy(trx);
    const before = view(await lockRow<SlaPolicyRow>(trx, 'sla_policies', id, 'SLA policy', expectedVersion));
    const fields = { conditions: input.conditions ?? before.conditions, escalations: input.escalations ?? before.escalations };
    await checkReferences(trx, fields);
    await trx('sla_policies').where({ id }).update({
      name: input.name ?? before.name,
      conditions: JSON.stringify(fields.conditions),
      hours: input.hours ?? before.hours,
      targets: JSON.stringify(input.targets ?? before.targets),
      escalations: JSON.stringify(fields.escalations),
      updated_at: trx.fn.now(),
      version: trx.raw('version + 1'),
    });
    if (input.position !== undefined) await moveTo(trx, id, input.position);
    await commitPolicyChange(trx, actor, { kind: 'sla_policy', index: await indexOf(trx, id) });
    const after = await getSlaPolicy(trx, id);
    await recordAudit(trx, actor, { action: 'sla_policy.update', entityType: ENTITY, entityId: id, before, after });
    return after;
  });
}

export async function deleteSlaPolicy(db: Queryable, actor: Actor, id: number): Promise<void> {
  await db.transaction(async (trx) => {
    await lockPolicy(trx);
    const before = view(await lockRow<SlaPolicyRow>(trx, 'sla_policies', id, 'SLA policy'));
    await trx('sla_policies').where({ id }).delete();
    await writeOrder(trx, await orderedIds(trx));
    await commitPolicyChange(trx, actor, { kind: 'other' });
    await recordAudit(trx, actor, { action: 'sla_policy.delete', entityType: ENTITY, entityId: id, before });
  });
}

/** The new evaluation order: `ids` must list every SLA policy exactly once. */
export async function reorderSlaPolicies(db: Queryable, actor: Actor, input: ReorderSlaPoliciesInput): Promise<SlaPolicyView[]> {
  return db.transaction(async (trx) => {
    await lockPolicy(trx);
    const current = await orderedIds(trx);
    const known = new Set(current);
    const errors: FieldError[] = input.ids.flatMap((id, i) => (known.has(id) ? [] : [{ path: `ids.${i}`, message: `SLA policy ${id} does not exist` }]));
    const listed = new Set(input.ids);
    const missing = current.filter((id) => !listed.has(id));
    if (missing.length) errors.push({ path: 'ids', message: `list every SLA policy; missing ${missing.join(', ')}` });
    if (errors.length) throw validationError('The order must list every SLA policy exactly once', errors);
    await writeOrder(trx, input.ids);
    await commitPolicyChange(trx, actor, { kind: 'other' });
    const after = await listSlaPolicies(trx);
    await recordAudit(trx, actor, {
      action: 'sla_policy.reorder', entityType: ENTITY, entityId: 'order', before: { ids: current }, after: { ids: after.map((p) => p.id) },
    });
    return after;
  });
}
