import { type Draft, runActivity } from './draft';
import type { AssigneeChanged, TicketOpened } from './events';
import { reselectSla, startMetric } from './sla-rules';
import { enterStatus } from './status-rules';

/** Opening adopts the policy, picks the SLA, starts first response and resolution, and enters the status. */
export function onTicketOpened(draft: Draft, event: TicketOpened): void {
  const { state, policy } = draft;
  if (state.ticket) return; // a second "opened" for the same ticket is meaningless
  state.ticket = { ...event.ticket, tags: [...event.ticket.tags], assigneeId: event.ticket.assigneeId ?? null };
  state.policyVersion = policy.version;
  reselectSla(draft);
  if (state.ticket.statusCategory !== 'closed') {
    startMetric(draft, 'first_response');
    startMetric(draft, 'resolution');
  }
  enterStatus(draft, state.ticket.statusCategory);
}

/** Priority, team and tags feed the SLA conditions, so each change re-selects the SLA policy. */
export function onSlaFieldChanged(draft: Draft, change: { priority?: string; teamId?: string | null; tags?: string[] }): void {
  const ticket = draft.state.ticket;
  if (!ticket) return;
  if (change.priority !== undefined) ticket.priority = change.priority;
  if (change.teamId !== undefined) ticket.teamId = change.teamId;
  if (change.tags !== undefined) ticket.tags = [...change.tags];
  reselectSla(draft);
}

export function onAssigneeChanged(draft: Draft, event: AssigneeChanged): void {
  const { state, policy } = draft;
  const ticket = state.ticket;
  if (!ticket || ticket.assigneeId === event.to) return;
  ticket.assigneeId = event.to;
  if (event.to !== null && policy.agentAlerts.onAssignment) {
    runActivity(
      draft,
      'alert_agent',
      { ticketId: ticket.id, assigneeId: event.to, teamId: ticket.teamId, reason: 'assigned', rating: null },
      'alert_agent.assigned',
    );
  }
}
