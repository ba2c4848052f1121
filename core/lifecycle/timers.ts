import { type TimerName, slaTimerName } from './commands';
import type { Draft } from './draft';
import type { Policy } from './policy.schema';
import { SLA_METRICS } from './sla-metric';
import type { LifecycleState } from './state';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * The timers the ticket should have right now, derived from state alone. Because timers are a function
 * of state, a closed ticket has none, and a moved deadline is just a different fireAt.
 */
export function desiredTimers(state: LifecycleState, policy: Policy): Map<TimerName, number> {
  const timers = new Map<TimerName, number>();
  const status = state.ticket?.statusCategory;
  if (status === undefined || status === 'closed') return timers;

  for (const metric of SLA_METRICS) {
    const clock = state.sla.clocks[metric];
    if (clock.phase !== 'running' || clock.breachedAt !== null) continue;
    if (clock.warnAt !== null && clock.warnedAt === null) timers.set(slaTimerName(metric, 'warning'), clock.warnAt);
    if (clock.dueAt !== null) timers.set(slaTimerName(metric, 'breach'), clock.dueAt);
  }

  if (status === 'pending' && state.pending.since !== null) {
    const { reminderAfterHours, maxReminders, autoSolveAfterDays } = policy.pending;
    const autoSolveAt = autoSolveAfterDays === null ? null : state.pending.since + autoSolveAfterDays * DAY_MS;
    if (autoSolveAt !== null) timers.set('pending.auto_solve', autoSolveAt);
    if (reminderAfterHours !== null && state.pending.remindersSent < maxReminders) {
      const remindAt = (state.pending.lastReminderAt ?? state.pending.since) + reminderAfterHours * HOUR_MS;
      // A reminder at or after the auto-solve would land on a solved ticket.
      if (autoSolveAt === null || remindAt < autoSolveAt) timers.set('pending.reminder', remindAt);
    }
  }

  if (status === 'solved' && state.resolution.solvedAt !== null) {
    const { autoCloseAfterDays } = policy.solved;
    if (autoCloseAfterDays !== null) timers.set('solved.auto_close', state.resolution.solvedAt + autoCloseAfterDays * DAY_MS);
    if (state.survey?.status === 'scheduled' && state.survey.dueAt !== null) timers.set('survey.deliver', state.survey.dueAt);
  }
  return timers;
}

/** Emits the difference between live and desired timers: cancel what is gone, (re)start what is new or moved. */
export function reconcileTimers(draft: Draft): void {
  const { state } = draft;
  const desired = desiredTimers(state, draft.policy);
  for (const name of Object.keys(state.timers) as TimerName[]) {
    if (!desired.has(name)) draft.commands.push({ type: 'cancel_timer', name });
  }
  const next: LifecycleState['timers'] = {};
  for (const [name, planned] of desired) {
    // A policy change can put an automation in the past: fire it now, and leave an already overdue timer be.
    const live = state.timers[name]?.fireAt;
    const fireAt = planned >= draft.now ? planned : live !== undefined && live <= draft.now ? live : draft.now;
    if (state.timers[name]?.fireAt !== fireAt) draft.commands.push({ type: 'start_timer', name, fireAt });
    next[name] = { fireAt };
  }
  state.timers = next;
}
