import type { LifecycleEvent, TicketOpened } from '../../core/lifecycle/events';
import type { Policy } from '../../core/lifecycle/policy.schema';
import type { LifecycleState, LifecycleSummary } from '../../core/lifecycle/state';

/** A running (or finished) lifecycle as listed by the engine. */
export type LifecycleListItem = { ticketId: number; running: boolean; summary: LifecycleSummary; updatedAt: string };

export type LifecycleListFilter = {
  statusCategory?: string;
  breached?: boolean;
  /** Only lifecycles whose next SLA deadline is before this instant (epoch ms). */
  dueBefore?: number;
  limit: number;
  cursor?: string;
};

/**
 * The one way the gateway and activities talk to a lifecycle engine. Which engine runs (embedded PostgreSQL
 * engine or Temporal) is configuration (TEMPORAL_ADDRESS), never a code change.
 */
export type LifecycleEngine = {
  readonly kind: 'embedded' | 'temporal';
  /** Start the ticket's lifecycle; a no-op when it already runs (the event id is deduplicated). */
  start(ticketId: number, opened: TicketOpened): Promise<void>;
  /** Deliver an event (signal-with-start semantics: starts the lifecycle when `event` is ticket_opened). Idempotent per event id. */
  signal(ticketId: number, event: LifecycleEvent): Promise<void>;
  /** Current lifecycle state, or null when the ticket has none. */
  query(ticketId: number): Promise<LifecycleState | null>;
  list(filter: LifecycleListFilter): Promise<{ items: LifecycleListItem[]; nextCursor: string | null }>;
};

/** Where engines get the admin-designed policy document (compiled, validated, versioned). */
export type PolicySource = {
  current(): Promise<Policy>;
  byVersion(version: number): Promise<Policy | null>;
};
