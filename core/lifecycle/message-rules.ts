import { type Draft, runActivity } from './draft';
import type { AgentAlertReason } from './commands';
import { finishMetric, isMetricActive, startMetric } from './sla-rules';
import { reopensOnCustomerReply } from './status-category';
import { transition } from './status-rules';

const DAY_MS = 86_400_000;

function alertAgent(draft: Draft, reason: AgentAlertReason): void {
  const ticket = draft.state.ticket;
  if (!ticket) return;
  runActivity(
    draft,
    'alert_agent',
    { ticketId: ticket.id, assigneeId: ticket.assigneeId, teamId: ticket.teamId, reason, rating: null },
    `alert_agent.${reason}`,
  );
}

function withinReopenWindow(draft: Draft): boolean {
  const solvedAt = draft.state.resolution.solvedAt;
  return solvedAt !== null && draft.now - solvedAt <= draft.policy.solved.reopenWindowDays * DAY_MS;
}

/** A customer reply reopens waiting tickets and starts a next-response cycle once the team has replied. */
export function onCustomerMessage(draft: Draft): void {
  const { state, policy } = draft;
  const ticket = state.ticket;
  if (!ticket) return;
  const status = ticket.statusCategory;
  const reopen = reopensOnCustomerReply(status) && (status !== 'solved' || withinReopenWindow(draft));
  if (reopen) transition(draft, 'open', 'customer_reply');

  // No new cycles on a ticket that stays solved (reply after the reopen window).
  if (ticket.statusCategory !== 'solved' && state.firstAgentReplyAt !== null && !isMetricActive(draft, 'next_response')) {
    startMetric(draft, 'next_response');
  }

  if (reopen && policy.agentAlerts.onReopen) alertAgent(draft, 'reopened');
  else if (policy.agentAlerts.onCustomerReply && ticket.assigneeId !== null) alertAgent(draft, 'customer_reply');
}

/** The first public agent reply satisfies first response; each one satisfies next response and restarts periodic update. */
export function onAgentPublicReply(draft: Draft): void {
  const { state, now } = draft;
  const ticket = state.ticket;
  if (!ticket) return;
  state.firstAgentReplyAt ??= now;
  finishMetric(draft, 'first_response');
  finishMetric(draft, 'next_response');
  finishMetric(draft, 'periodic_update');
  if (ticket.statusCategory !== 'solved') startMetric(draft, 'periodic_update');
}
