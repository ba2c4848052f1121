import type { StatusChangeReason } from './commands';
import { type Draft, runActivity } from './draft';
import { SLA_METRICS } from './sla-metric';
import { finishMetric } from './sla-rules';
import type { StatusCategory } from '../ticket';
import { cancelScheduledSurvey, deliverSurvey, scheduleSurvey } from './survey-rules';

/**
 * Moves the ticket to another status category. `reason` is set when the lifecycle itself decides the
 * change (reopen, auto-solve, auto-close): the snapshot changes at once so clocks switch at the exact
 * moment, a compare-and-set `set_status` activity writes it, and the echoed status_changed is a no-op.
 */
export function transition(draft: Draft, to: StatusCategory, reason: StatusChangeReason | null): void {
  const { state } = draft;
  const ticket = state.ticket;
  if (!ticket) return;
  const from = ticket.statusCategory;
  if (from === to || from === 'closed') return;
  if (reason !== null) {
    runActivity(draft, 'set_status', { ticketId: ticket.id, from, to, reason }, `set_status.${to}`);
  }
  if (from === 'solved' && to !== 'closed') cancelScheduledSurvey(draft);
  if (from === 'pending') state.pending = { since: null, remindersSent: 0, lastReminderAt: null };
  ticket.statusCategory = to;
  enterStatus(draft, to);
}

/** Bookkeeping and notifications for entering a category; also used when a ticket opens. */
export function enterStatus(draft: Draft, status: StatusCategory): void {
  const { state, now } = draft;
  switch (status) {
    case 'pending':
      state.pending = { since: now, remindersSent: 0, lastReminderAt: null };
      break;
    case 'solved':
      state.resolution.count += 1;
      state.resolution.solvedAt = now;
      scheduleSurvey(draft);
      break;
    case 'closed':
      state.resolution.closedAt = now;
      for (const metric of SLA_METRICS) finishMetric(draft, metric);
      // Closing before the survey delay ends the wait: the resolution is final, so the survey goes now.
      deliverSurvey(draft);
      break;
    case 'new':
    case 'open':
    case 'on_hold':
      break;
  }
  notifyCustomerOfStatus(draft, status);
}

function notifyCustomerOfStatus(draft: Draft, status: StatusCategory): void {
  const ticket = draft.state.ticket;
  const notice = draft.policy.customerNotifications[status];
  if (!ticket || !notice) return;
  runActivity(
    draft,
    'notify_customer',
    { ticketId: ticket.id, channel: ticket.channel, template: notice.template, reason: 'status', statusCategory: status, reminderNumber: null },
    `notify_customer.status.${status}`,
  );
}
