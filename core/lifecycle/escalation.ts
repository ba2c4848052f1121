import type { EscalationContext } from './commands';
import { type Draft, runActivity } from './draft';
import type { EscalationAction } from './policy.schema';
import type { EscalationKind, SlaMetric } from './sla-metric';

/** The priority one step above `current` in the policy's ordered list, or null at the top / when unknown. */
export function nextPriority(priorities: readonly string[], current: string): string | null {
  const index = priorities.indexOf(current);
  return index >= 0 ? (priorities[index + 1] ?? null) : null;
}

/**
 * Turns the escalation steps of the SLA policy in force into activities, in the order the admin wrote them.
 * Field changes (priority, team, tags) are requested, not applied: they come back as ordinary events.
 */
export function escalate(draft: Draft, metric: SlaMetric, kind: EscalationKind, crossedAt: number): void {
  const { state, policy } = draft;
  const ticket = state.ticket;
  const slaPolicyId = state.sla.policyId;
  const sla = policy.sla.policies.find((p) => p.id === slaPolicyId);
  if (!ticket || !sla || slaPolicyId === null) return;
  const cycle = state.sla.clocks[metric].cycle;
  const escalation: EscalationContext = { slaPolicyId, metric, kind, cycle, crossedAt };
  sla.escalations.forEach((step, stepIndex) => {
    if (step.on !== kind || (step.metrics !== undefined && !step.metrics.includes(metric))) return;
    step.actions.forEach((action, actionIndex) => {
      const purpose = `escalation.${metric}.${kind}.c${cycle}.s${stepIndex}.a${actionIndex}`;
      runEscalationAction(draft, action, escalation, purpose);
    });
  });
}

function runEscalationAction(draft: Draft, action: EscalationAction, escalation: EscalationContext, purpose: string): void {
  const ticket = draft.state.ticket;
  if (!ticket) return;
  const ticketId = ticket.id;
  switch (action.type) {
    case 'notify_assignee':
      runActivity(draft, 'notify_assignee', { ticketId, assigneeId: ticket.assigneeId, teamId: ticket.teamId, template: action.template ?? null, escalation }, purpose);
      return;
    case 'notify_team_lead':
      runActivity(draft, 'notify_team_lead', { ticketId, teamId: ticket.teamId, template: action.template ?? null, escalation }, purpose);
      return;
    case 'notify_channel':
      runActivity(draft, 'notify_channel', { ticketId, destination: action.destination, template: action.template ?? null, escalation }, purpose);
      return;
    case 'raise_priority': {
      const to = action.to ?? nextPriority(draft.policy.priorities, ticket.priority);
      // Already at (or above) the requested level: nothing to raise.
      const rank = (p: string) => draft.policy.priorities.indexOf(p);
      if (to === null || rank(to) <= rank(ticket.priority)) return;
      runActivity(draft, 'raise_priority', { ticketId, from: ticket.priority, to, escalation }, purpose);
      return;
    }
    case 'reassign_team':
      if (ticket.teamId === action.teamId) return;
      runActivity(draft, 'reassign_team', { ticketId, from: ticket.teamId, to: action.teamId, escalation }, purpose);
      return;
    case 'add_tag':
      if (ticket.tags.includes(action.tag)) return;
      runActivity(draft, 'add_tag', { ticketId, tag: action.tag, escalation }, purpose);
      return;
    case 'fire_webhook':
      runActivity(draft, 'fire_webhook', { ticketId, webhookId: action.webhookId, escalation }, purpose);
      return;
  }
}
