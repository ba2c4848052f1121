import { forbidden, validationError } from '../../core/errors';
import type { Principal } from '../../core/principal';
import type { Queryable } from '../../db/knex';

/** Response templates are the agents' composer tool: customers and plugins neither render nor record them. */
export function assertAgent(p: Principal): asserts p is Extract<Principal, { kind: 'worker' }> {
  if (p.kind !== 'worker') throw forbidden('Only agents can use response templates');
}

/**
 * Check that a reply may be credited to a template, before the entry is written: only an agent's public reply,
 * only an existing active template (locked FOR SHARE so it cannot be deactivated or deleted mid-transaction).
 */
export async function assertTemplateUsable(trx: Queryable, p: Principal, kind: string, templateId: number): Promise<void> {
  assertAgent(p);
  if (kind !== 'public_reply') throw validationError('Only public replies can use a response template', [{ path: 'templateId', message: `cannot be used with a ${kind.replace('_', ' ')}` }]);
  const row = await trx('response_templates').where({ id: templateId }).forShare().first('active');
  if (!row || !row.active) throw validationError('The response template cannot be used', [{ path: 'templateId', message: `response template ${templateId} does not exist or is inactive` }]);
}

export async function recordTemplateUse(trx: Queryable, use: { templateId: number; entryId: number; ticketId: number; workerId: number; usedAt: Date }): Promise<void> {
  await trx('template_uses').insert({ template_id: use.templateId, entry_id: use.entryId, ticket_id: use.ticketId, worker_id: use.workerId, used_at: use.usedAt });
}
