import { LanternError } from '../../core/errors';
import type { Actor, Principal } from '../../core/principal';
import type { MacroActions } from '../../core/schemas/macro.schema';
import type { UpdateTicketInput } from '../../core/schemas/ticket.schema';
import { normalizeTags } from '../../core/tags';
import { assertWorker, type WorkerPrincipal } from '../../core/workspace-scope';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { renderHtmlForTicket } from '../tickets/template-render.service';
import { getVisibleTicket, updateTicket } from '../tickets/tickets.service';
import type { TicketRow } from '../tickets/ticket.view';
import { assertRunnable, findVisibleMacro } from './macro.service';

export type MacroApplied = { ticket: TicketRow; reply: { kind: 'public_reply' | 'internal_note'; bodyHtml: string } | null };

/** The macro's actions as a ticket update on this ticket: `me` is the agent, tags are added to/removed from the current ones. */
function ticketChanges(actions: MacroActions, ticket: TicketRow, p: WorkerPrincipal): Omit<UpdateTicketInput, 'version'> {
  const changes: Omit<UpdateTicketInput, 'version'> = {};
  if (actions.statusId !== undefined) changes.statusId = actions.statusId;
  if (actions.priorityId !== undefined) changes.priorityId = actions.priorityId;
  if (actions.assigneeId !== undefined) changes.assigneeId = actions.assigneeId === 'me' ? p.id : actions.assigneeId;
  if (actions.teamId !== undefined) changes.teamId = actions.teamId;
  if (actions.customFields !== undefined) changes.customFields = actions.customFields;
  if (actions.addTags?.length || actions.removeTags?.length) {
    const remove = new Set(normalizeTags(actions.removeTags ?? []));
    changes.tags = [...new Set([...ticket.tags, ...normalizeTags(actions.addTags ?? [])])].filter((t) => !remove.has(t));
  }
  return changes;
}

/**
 * Run a macro on a ticket in one transaction: the field changes go through the same update service as
 * PATCH /tickets/:id (validation, history, audit, events, version check), and the reply is rendered for the
 * composer but not posted: the agent reviews it and sends it like any reply.
 */
export async function applyMacro(
  db: Queryable, p: Principal, actor: Actor, input: { ticketId: number; macroId: number; expectedVersion: number },
): Promise<MacroApplied> {
  assertWorker(p, 'macros');
  return db.transaction(async (trx) => {
    const macro = await findVisibleMacro(trx, p, input.macroId);
    assertRunnable(macro);
    const ticket = await getVisibleTicket(trx, p, input.ticketId, { forUpdate: true });
    if (ticket.version !== input.expectedVersion) {
      throw new LanternError('conflict', `Ticket ${ticket.id} was changed by someone else (you have version ${input.expectedVersion}, current is ${ticket.version}); reload and apply the macro again`);
    }
    const changes = ticketChanges(macro.actions, ticket, p);
    const after = Object.keys(changes).length
      ? await updateTicket(trx, p, actor, ticket.id, changes, input.expectedVersion)
      : ticket;
    await recordAudit(trx, actor, { action: 'macro.apply', entityType: 'ticket', entityId: ticket.id, after: { macroId: macro.id, macroName: macro.name, version: after.version } });
    const reply = macro.reply_html ? { kind: macro.reply_kind, bodyHtml: await renderHtmlForTicket(trx, p.id, macro.reply_html, after) } : null;
    return { ticket: after, reply };
  });
}
