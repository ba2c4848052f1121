import { type ActivityInputs, type ActivityName, type LifecycleCommand, idempotencyKey } from './commands';
import type { LifecycleEvent } from './events';
import type { Policy } from './policy.schema';
import type { LifecycleState } from './state';

/**
 * The working copy of one decision. Rules mutate `state` (a private clone) and append commands;
 * `decide` stays pure because nothing outside the draft is touched.
 */
export type Draft = {
  readonly event: LifecycleEvent;
  readonly policy: Policy;
  /** The event time, clamped so the lifecycle never moves backwards. */
  readonly now: number;
  state: LifecycleState;
  commands: LifecycleCommand[];
};

/** Queue an activity; the key derives from ticket + event + purpose, and a repeated purpose is dropped. */
export function runActivity<N extends ActivityName>(draft: Draft, name: N, input: ActivityInputs[N], purpose: string): string {
  const ticketId = draft.state.ticket?.id ?? '';
  const key = idempotencyKey(ticketId, draft.event.id, purpose);
  const already = draft.commands.some((c) => c.type === 'run_activity' && c.idempotencyKey === key);
  // The mapped RunActivity union cannot be narrowed by a generic N, hence the assertion.
  if (!already) draft.commands.push({ type: 'run_activity', name, input, idempotencyKey: key } as LifecycleCommand);
  return key;
}
