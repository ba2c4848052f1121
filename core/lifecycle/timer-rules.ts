import { type Draft, runActivity } from './draft';
import type { TimerFired } from './events';
import { transition } from './status-rules';
import { deliverSurvey } from './survey-rules';

/**
 * A fire for a timer that is not live is stale (cancelled or replaced) and ignored. An early fire consumes
 * the live entry without acting, so the timer reconciliation re-arms it at its planned instant.
 * SLA timers need no action here: every event first catches the clocks up to its time.
 */
export function onTimerFired(draft: Draft, event: TimerFired): void {
  const { state, policy, now } = draft;
  const ticket = state.ticket;
  const name = event.name as keyof typeof state.timers;
  const live = state.timers[name];
  if (!ticket || !live) return;
  delete state.timers[name];
  if (now < live.fireAt) return;

  switch (name) {
    case 'pending.reminder': {
      if (ticket.statusCategory !== 'pending') return;
      state.pending.remindersSent += 1;
      state.pending.lastReminderAt = now;
      runActivity(
        draft,
        'notify_customer',
        {
          ticketId: ticket.id,
          channel: ticket.channel,
          template: policy.pending.reminderTemplate,
          reason: 'reminder',
          statusCategory: 'pending',
          reminderNumber: state.pending.remindersSent,
        },
        `notify_customer.reminder.${state.pending.remindersSent}`,
      );
      return;
    }
    case 'pending.auto_solve':
      if (ticket.statusCategory === 'pending') transition(draft, 'solved', 'auto_solve');
      return;
    case 'solved.auto_close':
      if (ticket.statusCategory === 'solved') transition(draft, 'closed', 'auto_close');
      return;
    case 'survey.deliver':
      deliverSurvey(draft);
      return;
    default:
      return;
  }
}
