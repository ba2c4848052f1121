import type { LifecycleActivityFn } from './lifecycle-activities';
import type { Db } from '../../db/knex';
import { currentTicket, runOnce, ticketRef } from './activity-effect';
import { notifyWorkers } from './notifications';
import { assigneeOrLeads, leadsOrSupervisors } from './recipients';

const idOrNull = (v: string | null) => (v === null || !/^\d+$/.test(v) ? null : Number(v));

/**
 * Escalation and alert notifications for agents. Recipients are read from the ticket as it is when the
 * activity runs (the lifecycle's snapshot may trail by an event); the input says why.
 */
export function notifyWorkerActivities(db: Db): {
  notify_assignee: LifecycleActivityFn<'notify_assignee'>;
  notify_team_lead: LifecycleActivityFn<'notify_team_lead'>;
  alert_agent: LifecycleActivityFn<'alert_agent'>;
} {
  return {
    notify_assignee: ({ ticketId, idempotencyKey, input }) =>
      runOnce(db, { idempotencyKey, activity: 'notify_assignee', ticketId }, async (trx) => {
        const ticket = await currentTicket(trx, ticketId);
        const notified = await notifyWorkers(trx, {
          idempotencyKey, workerIds: await assigneeOrLeads(trx, ticket), kind: `sla.${input.escalation.kind}`, ticketId,
          payload: { ticket: ticketRef(ticket), template: input.template, escalation: input.escalation },
        });
        return { notified };
      }),

    notify_team_lead: ({ ticketId, idempotencyKey, input }) =>
      runOnce(db, { idempotencyKey, activity: 'notify_team_lead', ticketId }, async (trx) => {
        const ticket = await currentTicket(trx, ticketId);
        const notified = await notifyWorkers(trx, {
          idempotencyKey, workerIds: await leadsOrSupervisors(trx, ticket), kind: `sla.${input.escalation.kind}`, ticketId,
          payload: { ticket: ticketRef(ticket), template: input.template, escalation: input.escalation },
        });
        return { notified };
      }),

    alert_agent: ({ ticketId, idempotencyKey, input }) =>
      runOnce(db, { idempotencyKey, activity: 'alert_agent', ticketId }, async (trx) => {
        const ticket = await currentTicket(trx, ticketId);
        // 'assigned' names the new assignee; the other reasons concern whoever holds the ticket now.
        const assignee = input.reason === 'assigned' ? idOrNull(input.assigneeId) : ticket.assignee_id;
        const notified = await notifyWorkers(trx, {
          idempotencyKey, workerIds: await assigneeOrLeads(trx, ticket, assignee), kind: `alert.${input.reason}`, ticketId,
          payload: { ticket: ticketRef(ticket), reason: input.reason, rating: input.rating },
        });
        return { notified };
      }),
  };
}
