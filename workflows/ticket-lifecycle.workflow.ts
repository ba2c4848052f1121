import {
  allHandlersFinished,
  condition,
  log,
  makeContinueAsNewFunc,
  patched,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { LifecycleCommand, RunActivity } from '../core/lifecycle/commands';
import { decide } from '../core/lifecycle/decider';
import type { Policy } from '../core/lifecycle/policy.schema';
import { type LifecycleState, initialLifecycleState } from '../core/lifecycle/state';
import {
  type LifecycleMessage,
  type LifecycleStateView,
  type TicketLifecycleInput,
  type TicketLifecycleResult,
  type TicketLifecycleWorkflow,
  activityResultEventId,
  lifecycleEventSignal,
  lifecycleStateQuery,
} from '../core/lifecycle/workflow-contract';
import {
  LIFECYCLE_MEMO_KEY,
  lifecycleMemo,
  lifecycleVisibility,
  searchAttributePairs,
  searchAttributeUpdates,
} from '../core/lifecycle/workflow-visibility';
import { runLifecycleActivity } from './lifecycle-activities';
import { LifecycleDeadlines } from './lifecycle-deadlines';
import { LifecycleInbox } from './lifecycle-inbox';

/**
 * Versioning (docs/adr/0004-temporal-shell.md): the first shape of this workflow waited forever once the ticket was
 * closed. Histories without this marker keep doing so on replay; new runs complete after CLOSED_IDLE_MS of quiet.
 */
export const CLOSED_IDLE_PATCH = 'lifecycle-complete-closed-after-idle';
/** Late survey answers still arrive after close (the decider alerts on a low rating), so wait this long for them. */
export const CLOSED_IDLE_MS = 30 * 24 * 3_600_000;

/**
 * One ticket's lifecycle (workflow id `ticket-<id>`). Signals only enqueue; this loop feeds the queue through the
 * pure decider and executes its commands: timers become deadlines waited on with one cancellable timer, activities
 * run without blocking the loop and come back as activity_result events.
 */
export async function ticketLifecycle(input: TicketLifecycleInput): Promise<TicketLifecycleResult> {
  const { ticketId } = input;
  let policy: Policy = input.policy;
  let state: LifecycleState = input.state ?? initialLifecycleState();
  const decided = (eventId: string) => state.seenEventIds.includes(eventId);
  const inbox = new LifecycleInbox(decided);
  const deadlines = new LifecycleDeadlines(state.timers);
  const inFlight = new Set<string>();
  // A continued run starts with the attributes it was handed, so it only upserts what changes.
  const published = {
    visibility: input.state ? JSON.stringify(lifecycleVisibility(input.state)) : null,
    summary: input.state ? JSON.stringify(input.state.summary) : null,
  };

  for (const message of input.pending ?? []) inbox.offer(message);
  setHandler(lifecycleEventSignal, (message) => {
    if (!inbox.offer(message)) log.debug('lifecycle event dropped (duplicate or malformed)', { eventId: message?.event?.id });
  });
  setHandler(lifecycleStateQuery, (): LifecycleStateView => ({
    ticketId,
    policyVersion: policy.version,
    state,
    summary: state.summary,
    pendingEvents: inbox.size,
    activitiesInFlight: inFlight.size,
  }));

  function apply(message: LifecycleMessage): void {
    // A policy only ever moves forward: a delayed signal must not bring an older version back.
    if (message.policy && message.policy.version > policy.version) policy = message.policy;
    const decision = decide(state, message.event, policy);
    state = decision.state;
    for (const command of decision.commands) execute(command);
  }

  function execute(command: LifecycleCommand): void {
    if (command.type === 'run_activity') startActivity(command);
    else deadlines.apply(command);
  }

  function startActivity(command: RunActivity): void {
    inFlight.add(command.idempotencyKey);
    void runLifecycleActivity(ticketId, command).then((outcome) => {
      inFlight.delete(command.idempotencyKey);
      const { name, idempotencyKey } = command;
      inbox.offer({ event: { type: 'activity_result', id: activityResultEventId(idempotencyKey), at: Date.now(), name, idempotencyKey, ...outcome } });
    });
  }

  function publish(): void {
    const visibility = lifecycleVisibility(state);
    if (visibility === null) return;
    const serialized = JSON.stringify(visibility);
    if (serialized !== published.visibility) {
      upsertSearchAttributes(searchAttributeUpdates(visibility));
      published.visibility = serialized;
    }
    const summary = JSON.stringify(state.summary);
    if (summary !== published.summary) {
      upsertMemo({ [LIFECYCLE_MEMO_KEY]: lifecycleMemo(state) });
      published.summary = summary;
    }
  }

  for (;;) {
    for (let message = inbox.take(); message; message = inbox.take()) apply(message);
    publish();

    // In-flight activities would report to a closed run, so continue-as-new waits until none is running.
    if (workflowInfo().continueAsNewSuggested && inFlight.size === 0) {
      await condition(allHandlersFinished);
      const visibility = lifecycleVisibility(state);
      const continueAsNew = makeContinueAsNewFunc<TicketLifecycleWorkflow>({
        memo: { [LIFECYCLE_MEMO_KEY]: lifecycleMemo(state) },
        ...(visibility ? { typedSearchAttributes: searchAttributePairs(visibility) } : {}),
      });
      return continueAsNew({ ticketId, policy, state, pending: inbox.takeAll() });
    }

    const now = Date.now();
    const fires = deadlines.due(now, decided);
    if (fires.length > 0) {
      for (const event of fires) inbox.offer({ event });
      continue;
    }
    const wakeAt = deadlines.nextAfter(now);
    if (wakeAt !== null) {
      await condition(() => inbox.size > 0, wakeAt - now);
      continue;
    }
    if (state.ticket?.statusCategory === 'closed' && inFlight.size === 0 && patched(CLOSED_IDLE_PATCH)) {
      if (await condition(() => inbox.size > 0, CLOSED_IDLE_MS)) continue;
      return { ticketId, summary: state.summary, completedAt: Date.now() };
    }
    await condition(() => inbox.size > 0);
  }
}

// The contract's workflow type must describe this function, or clients would send the wrong input.
ticketLifecycle satisfies TicketLifecycleWorkflow;
