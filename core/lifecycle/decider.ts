import type { LifecycleCommand } from './commands';
import type { Draft } from './draft';
import type { LifecycleEvent } from './events';
import { onAgentPublicReply, onCustomerMessage } from './message-rules';
import type { Policy } from './policy.schema';
import { detectSlaCrossings, planClocks, reselectSla, syncClocksWithStatus } from './sla-rules';
import { type LifecycleState, SEEN_EVENT_IDS_LIMIT, cloneState, initialLifecycleState } from './state';
import { transition } from './status-rules';
import { summarize } from './summary';
import { onActivityResult, onSurveyAnswered } from './survey-rules';
import { onTimerFired } from './timer-rules';
import { onAssigneeChanged, onSlaFieldChanged, onTicketOpened } from './ticket-rules';
import { reconcileTimers } from './timers';

export type Decision = { state: LifecycleState; commands: LifecycleCommand[] };

/**
 * The ticket lifecycle as a pure function: no clock reads, no I/O, no randomness; time comes from the event.
 * `policy` is the document in force; when its version differs from the state's, it is adopted at this
 * event (the safe point) and open SLA cycles are re-planned. The input state is never mutated.
 */
export function decide(state: LifecycleState, event: LifecycleEvent, policy: Policy): Decision {
  if (state.seenEventIds.includes(event.id)) return { state, commands: [] };
  const draft: Draft = {
    event,
    policy,
    now: Math.max(event.at, state.lastEventAt ?? event.at),
    state: cloneState(state),
    commands: [],
  };
  apply(draft);
  const next = draft.state;
  next.seenEventIds = [...next.seenEventIds, event.id].slice(-SEEN_EVENT_IDS_LIMIT);
  next.lastEventAt = draft.now;
  next.summary = summarize(next);
  return { state: next, commands: draft.commands };
}

function apply(draft: Draft): void {
  const { state, event, policy } = draft;
  if (event.type !== 'ticket_opened') {
    if (!state.ticket) return; // nothing to govern until the ticket exists
    if (state.ticket.statusCategory === 'closed') {
      // Closed is terminal: only the survey's life goes on.
      if (event.type === 'survey_answered') onSurveyAnswered(draft, event);
      if (event.type === 'activity_result') onActivityResult(draft, event);
      return;
    }
    // Catch up first: anything due before this event happened before it, whatever the event is.
    detectSlaCrossings(draft);
    if (state.policyVersion !== policy.version) {
      reselectSla(draft);
      state.policyVersion = policy.version;
    }
  }
  dispatch(draft);
  syncClocksWithStatus(draft);
  planClocks(draft);
  detectSlaCrossings(draft); // a shrunken target can already be due now
  reconcileTimers(draft);
}

function dispatch(draft: Draft): void {
  const { event } = draft;
  switch (event.type) {
    case 'ticket_opened':
      return onTicketOpened(draft, event);
    case 'customer_message':
      return onCustomerMessage(draft);
    case 'agent_public_reply':
      return onAgentPublicReply(draft);
    case 'internal_note':
      return; // internal notes never count as a response
    case 'status_changed':
      return transition(draft, event.to, null);
    case 'priority_changed':
      return onSlaFieldChanged(draft, { priority: event.to });
    case 'team_changed':
      return onSlaFieldChanged(draft, { teamId: event.to });
    case 'tags_changed':
      return onSlaFieldChanged(draft, { tags: event.tags });
    case 'assignee_changed':
      return onAssigneeChanged(draft, event);
    case 'timer_fired':
      return onTimerFired(draft, event);
    case 'activity_result':
      return onActivityResult(draft, event);
    case 'survey_answered':
      return onSurveyAnswered(draft, event);
    case 'policy_updated':
      return; // adoption already happened above; the event exists to trigger it without other changes
  }
}

/** Folds events through `decide`; the per-event command lists line up with `events`. */
export function replay(
  events: readonly LifecycleEvent[],
  policy: Policy,
  from: LifecycleState = initialLifecycleState(),
): { state: LifecycleState; commands: LifecycleCommand[][] } {
  let state = from;
  const commands: LifecycleCommand[][] = [];
  for (const event of events) {
    const decision = decide(state, event, policy);
    state = decision.state;
    commands.push(decision.commands);
  }
  return { state, commands };
}
