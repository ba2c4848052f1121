import type { ActivityInputs, ActivityName } from '../../core/lifecycle/commands';

/** One object parameter per activity (Temporal guidance); the idempotency key makes retries harmless. */
export type LifecycleActivityArgs<N extends ActivityName> = { ticketId: number; idempotencyKey: string; input: ActivityInputs[N] };

export type LifecycleActivityFn<N extends ActivityName> = (args: LifecycleActivityArgs<N>) => Promise<unknown>;

/** The same implementations serve the embedded engine (graphile-worker jobs) and Temporal workers. */
export type LifecycleActivities = { [N in ActivityName]: LifecycleActivityFn<N> };

/**
 * A business rejection (the ticket is gone, the input can never succeed): engines must not retry it.
 * Temporal workers turn it into ApplicationFailure.create({ nonRetryable: true, type: code }).
 */
export class NonRetryableActivityError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'NonRetryableActivityError';
  }
}
