import type { LifecycleCommand, TimerName } from '../../core/lifecycle/commands';
import { decide } from '../../core/lifecycle/decider';
import type { LifecycleEvent, TicketOpened } from '../../core/lifecycle/events';
import type { Policy } from '../../core/lifecycle/policy.schema';
import { type LifecycleState, initialLifecycleState } from '../../core/lifecycle/state';
import type { Db, Tx } from '../../db/knex';
import type { LifecycleEngine, PolicySource } from './engine-port';
import { insertFirst, listInstances, lockInstance, readState, saveDecision } from './lifecycle-instance.repository';
import { addJobs, enqueueCommands, timerJobSpec } from './lifecycle.jobs';

/** Engine time in epoch ms. Production uses Date.now; tests move it by hand. */
export type Clock = () => number;

export type ApplyOutcome = {
  /** False for a redelivered event id or an event for a ticket whose lifecycle never started. */
  applied: boolean;
  commands: LifecycleCommand[];
  state: LifecycleState | null;
  /** Instance version after the call (= number of events applied). */
  version: number;
};

export type ApplyOptions = {
  /** Runs in the event's transaction whatever the outcome (also for a duplicate), so both commit or neither. */
  alsoInTransaction?: (trx: Tx) => Promise<void>;
};

/** The port plus what only the embedded engine's own graphile tasks need. */
export type EmbeddedLifecycleEngine = LifecycleEngine & {
  readonly kind: 'embedded';
  readonly clock: Clock;
  apply(ticketId: number, event: LifecycleEvent, opts?: ApplyOptions): Promise<ApplyOutcome>;
  /** Put a timer job that ran before its fireAt (engine clock behind the database's) back at fireAt, if still live. */
  deferTimer(ticketId: number, name: TimerName, fireAt: number): Promise<boolean>;
};

export type EmbeddedEngineOptions = {
  db: Db;
  policies: PolicySource;
  clock?: Clock;
  /** Attempts per activity job before it is reported as failed (graphile-worker backs off exponentially). */
  activityMaxAttempts?: number;
};

export const DEFAULT_ACTIVITY_MAX_ATTEMPTS = 10;

/**
 * The lifecycle engine in PostgreSQL (docs/adr/0005-embedded-engine.md): applying an event is one transaction that
 * locks the ticket's instance row, runs the pure decider, stores the new state with its summary columns, appends the
 * event to the history and turns the commands into graphile-worker jobs. Nothing is held in memory between events.
 */
export function createEmbeddedEngine(options: EmbeddedEngineOptions): EmbeddedLifecycleEngine {
  const { db, policies } = options;
  const clock = options.clock ?? Date.now;
  const activityMaxAttempts = options.activityMaxAttempts ?? DEFAULT_ACTIVITY_MAX_ATTEMPTS;

  // Timers are due in engine time; graphile-worker compares run_at with the database's wall clock. The offset is
  // zero in production and lets a test clock sit anywhere (a timer one hour ahead of it runs one real hour from now).
  const runAtFor = () => {
    const offset = Date.now() - clock();
    return (fireAt: number) => new Date(fireAt + offset);
  };

  async function applyIn(trx: Tx, ticketId: number, event: LifecycleEvent, policy: Policy): Promise<ApplyOutcome> {
    if (event.type === 'ticket_opened') {
      // The common start: no instance yet, so decide from the initial state and insert the result directly.
      const first = decide(initialLifecycleState(), event, policy);
      if (await insertFirst(trx, { ticketId, event, commands: first.commands, state: first.state, version: 1 })) {
        await enqueueCommands(trx, ticketId, first.commands, { runAt: runAtFor(), activityMaxAttempts });
        return { applied: true, commands: first.commands, state: first.state, version: 1 };
      }
    }
    const row = await lockInstance(trx, ticketId);
    // Events before ticket_opened have nothing to govern (the decider would ignore them too).
    if (!row) return { applied: false, commands: [], state: null, version: 0 };
    const decision = decide(row.state, event, policy);
    const unchanged = { applied: false, commands: [], state: row.state, version: row.version };
    if (decision.state === row.state) return unchanged; // the decider's recent-id window saw it
    const version = row.version + 1;
    // The history's unique (ticket, event id) catches redeliveries older than the decider's window.
    if (!(await saveDecision(trx, { ticketId, event, commands: decision.commands, state: decision.state, version }))) return unchanged;
    await enqueueCommands(trx, ticketId, decision.commands, { runAt: runAtFor(), activityMaxAttempts });
    return { applied: true, commands: decision.commands, state: decision.state, version };
  }

  async function apply(ticketId: number, event: LifecycleEvent, opts: ApplyOptions = {}): Promise<ApplyOutcome> {
    // Read before taking the row lock, so a slow policy source never holds other events of the ticket up.
    const policy = await policies.current();
    return db.transaction(async (trx) => {
      const outcome = await applyIn(trx, ticketId, event, policy);
      await opts.alsoInTransaction?.(trx);
      return outcome;
    });
  }

  async function deferTimer(ticketId: number, name: TimerName, fireAt: number): Promise<boolean> {
    return db.transaction(async (trx) => {
      const row = await lockInstance(trx, ticketId);
      if (row?.state.timers[name]?.fireAt !== fireAt) return false; // replaced or cancelled meanwhile
      await addJobs(trx, [timerJobSpec(ticketId, name, fireAt, runAtFor()(fireAt))]);
      return true;
    });
  }

  return {
    kind: 'embedded',
    clock,
    apply,
    deferTimer,
    async start(ticketId: number, opened: TicketOpened) {
      await apply(ticketId, opened);
    },
    async signal(ticketId: number, event: LifecycleEvent) {
      await apply(ticketId, event);
    },
    query: (ticketId) => readState(db, ticketId),
    list: (filter) => listInstances(db, filter),
  };
}
