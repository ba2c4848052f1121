import type { QueryDefinition, SignalDefinition } from '@temporalio/common';
import type { LifecycleEvent } from './events';
import type { Policy } from './policy.schema';
import type { LifecycleState, LifecycleSummary } from './state';

/**
 * The ticket lifecycle workflow's public contract, defined once for the workflow (workflows/) and its client
 * (services/lifecycle/temporal-engine.ts). It lives in core because the dependency rule forbids services/ to
 * import workflows/; it holds names, plain definition objects and types only (the SDK imports are type-only),
 * so core stays free of Temporal at run time.
 */

export const TICKET_LIFECYCLE_WORKFLOW = 'ticketLifecycle';

const WORKFLOW_ID_PREFIX = 'ticket-';

/** One workflow per ticket, so a retried start or signal always reaches the same execution. */
export function ticketWorkflowId(ticketId: number | string): string {
  return `${WORKFLOW_ID_PREFIX}${ticketId}`;
}

/** The ticket id of a lifecycle workflow id, or null for any other workflow. */
export function ticketIdFromWorkflowId(workflowId: string): number | null {
  const digits = workflowId.startsWith(WORKFLOW_ID_PREFIX) ? workflowId.slice(WORKFLOW_ID_PREFIX.length) : '';
  return /^[1-9]\d{0,14}$/.test(digits) ? Number(digits) : null;
}

/**
 * What a signal carries. The policy document travels with ticket_opened and policy_updated (the client loads it
 * from the PolicySource); other events use the policy the workflow already holds.
 */
export type LifecycleMessage = { event: LifecycleEvent; policy?: Policy };

/** Start input, and continue-as-new input: the state so far and events not yet fed to the decider. */
export type TicketLifecycleInput = {
  ticketId: number;
  policy: Policy;
  state?: LifecycleState;
  pending?: LifecycleMessage[];
};

export type TicketLifecycleResult = { ticketId: number; summary: LifecycleSummary; completedAt: number };

/** Query answer: the decider state (SLA clocks with targets, breaches, live deadlines) plus what the shell holds. */
export type LifecycleStateView = {
  ticketId: number;
  policyVersion: number;
  state: LifecycleState;
  summary: LifecycleSummary;
  /** Events received but not yet decided, and activities started but not yet reported back. */
  pendingEvents: number;
  activitiesInFlight: number;
};

export type TicketLifecycleWorkflow = (input: TicketLifecycleInput) => Promise<TicketLifecycleResult>;

// Exactly what `defineSignal`/`defineQuery` build (their type brands are virtual), written out so this file needs
// no SDK at run time.
export const lifecycleEventSignal = { type: 'signal', name: 'lifecycleEvent' } as SignalDefinition<[LifecycleMessage], 'lifecycleEvent'>;
export const lifecycleStateQuery = { type: 'query', name: 'lifecycleState' } as QueryDefinition<LifecycleStateView, [], 'lifecycleState'>;

/** Id of the event the workflow feeds back when an activity settles; the key makes a repeated report a duplicate. */
export function activityResultEventId(idempotencyKey: string): string {
  return `activity:${idempotencyKey}`;
}
