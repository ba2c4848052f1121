import type { z } from 'zod';
import { LanternError, notFound, validationError } from '../../core/errors';
import type { Actor } from '../../core/principal';
import { ruleBodySchema, type RoutingRule, type RuleBody } from '../../core/routing/rule.schema';
import type { reorderRoutingRulesInput, updateRoutingRuleInput } from '../../core/schemas/routing.schema';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { assertReferencesExist, type ReferenceCheck } from '../reference-check';
import { lockInvariant, lockRow } from '../row-lock';

type RuleRow = {
  id: number; position: number; name: string; kind: RoutingRule['kind']; active: boolean; match: RoutingRule['match'];
  conditions: RoutingRule['conditions']; actions: RoutingRule['actions']; created_at: Date; updated_at: Date; version: number;
};
export type RoutingRuleView = RoutingRule & { createdAt: string; updatedAt: string; version: number };

const ENTITY = 'routing_rule';
// Writers of the order serialize on one lock, so positions stay dense.
const ORDER_LOCK = 'routing_rules.order';

const view = (r: RuleRow): RoutingRuleView => ({
  id: r.id, position: r.position, name: r.name, kind: r.kind, active: r.active, match: r.match, conditions: r.conditions, actions: r.actions,
  createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(), version: r.version,
});

/** Every rule in evaluation order (rules are few: the list is not paginated). */
export async function listRoutingRules(db: Queryable): Promise<RoutingRuleView[]> {
  return ((await db('routing_rules').orderBy(['position', 'id'])) as RuleRow[]).map(view);
}

export async function getRoutingRule(db: Queryable, id: number): Promise<RoutingRuleView> {
  const row = (await db('routing_rules').where({ id }).first()) as RuleRow | undefined;
  if (!row) throw notFound('Routing rule', id);
  return view(row);
}

/** Ids in actions must exist now; a team or worker deleted later makes the rule fall through at routing time. */
async function checkReferences(db: Queryable, body: RuleBody): Promise<void> {
  const checks: ReferenceCheck[] = [];
  if (body.actions.routeToTeam !== undefined) checks.push({ path: 'actions.routeToTeam', table: 'teams', id: body.actions.routeToTeam });
  if (body.actions.assignTo !== undefined) checks.push({ path: 'actions.assignTo', table: 'workers', id: body.actions.assignTo, where: { active: true } });
  await assertReferencesExist(db, checks);
  if (body.actions.setPriority !== undefined) {
    const found = await db('priorities').where({ active: true }).whereRaw('lower(name) = lower(?)', [body.actions.setPriority]).first('id');
    if (!found) throw validationError('Unknown priority', [{ path: 'actions.setPriority', message: `no active priority is called "${body.actions.setPriority}"` }]);
  }
}

function toRow(body: RuleBody) {
  return {
    name: body.name, kind: body.kind, active: body.active, match: body.match,
    conditions: JSON.stringify(body.conditions), actions: JSON.stringify(body.actions),
  };
}

export async function createRoutingRule(db: Queryable, actor: Actor, body: RuleBody): Promise<RoutingRuleView> {
  return db.transaction(async (trx) => {
    await lockInvariant(trx, ORDER_LOCK);
    await checkReferences(trx, body);
    const [top] = (await trx('routing_rules').max({ max: 'position' })) as Array<{ max: number | null }>;
    const [row] = await trx('routing_rules').insert({ ...toRow(body), position: (top?.max ?? 0) + 1 }).returning('id');
    const after = await getRoutingRule(trx, row.id as number);
    await recordAudit(trx, actor, { action: 'routing_rule.create', entityType: ENTITY, entityId: after.id, after });
    return after;
  });
}

export async function updateRoutingRule(
  db: Queryable, actor: Actor, id: number, input: z.infer<typeof updateRoutingRuleInput>, expectedVersion: number | undefined,
): Promise<RoutingRuleView> {
  return db.transaction(async (trx) => {
    await lockRow(trx, 'routing_rules', id, 'Routing rule', expectedVersion);
    const before = await getRoutingRule(trx, id);
    const { version: _v, ...fields } = input;
    const merged = { name: before.name, kind: before.kind, active: before.active, match: before.match, conditions: before.conditions, actions: before.actions, ...fields };
    const parsed = ruleBodySchema.safeParse(merged);
    if (!parsed.success) {
      throw validationError('The routing rule is invalid', parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message })));
    }
    await checkReferences(trx, parsed.data);
    await trx('routing_rules').where({ id }).update({ ...toRow(parsed.data), updated_at: trx.fn.now(), version: trx.raw('version + 1') });
    const after = await getRoutingRule(trx, id);
    await recordAudit(trx, actor, { action: 'routing_rule.update', entityType: ENTITY, entityId: id, before, after });
    return after;
  });
}

export async function deleteRoutingRule(db: Queryable, actor: Actor, id: number): Promise<void> {
  await db.transaction(async (trx) => {
    await lockInvariant(trx, ORDER_LOCK);
    const before = await getRoutingRule(trx, id);
    await trx('routing_rules').where({ id }).delete();
    await trx('routing_rules').where('position', '>', before.position).update({ position: trx.raw('position - 1') });
    await recordAudit(trx, actor, { action: 'routing_rule.delete', entityType: ENTITY, entityId: id, before });
  });
}

/** The new evaluation order; the list must name every rule exactly once. */
export async function reorderRoutingRules(db: Queryable, actor: Actor, input: z.infer<typeof reorderRoutingRulesInput>): Promise<RoutingRuleView[]> {
  return db.transaction(async (trx) => {
    await lockInvariant(trx, ORDER_LOCK);
    const before = await listRoutingRules(trx);
    const known = new Set(before.map((r) => r.id));
    const seen = new Set<number>();
    const fields = input.ids.flatMap((id, i) => {
      if (!known.has(id)) return [{ path: `ids.${i}`, message: `routing rule ${id} does not exist` }];
      if (seen.has(id)) return [{ path: `ids.${i}`, message: `routing rule ${id} is listed twice` }];
      seen.add(id);
      return [];
    });
    const missing = before.filter((r) => !seen.has(r.id)).map((r) => r.id);
    if (missing.length) fields.push({ path: 'ids', message: `missing routing rule(s) ${missing.join(', ')}` });
    if (fields.length) throw validationError('List every routing rule id exactly once', fields);
    // The position constraint is deferred: intermediate duplicates are fine until commit.
    for (const [i, id] of input.ids.entries()) await trx('routing_rules').where({ id }).update({ position: i + 1, updated_at: trx.fn.now() });
    const after = await listRoutingRules(trx);
    await recordAudit(trx, actor, { action: 'routing_rule.reorder', entityType: ENTITY, entityId: 'order', before: { ids: before.map((r) => r.id) }, after: { ids: input.ids } });
    if (after.length !== before.length) throw new LanternError('conflict', 'routing rules changed while reordering; try again');
    return after;
  });
}
