/**
 * The reference model of the Temporal shell, for replay tests: it feeds a scenario through the pure decider and
 * writes the history a Temporal server would record for the workflow, deriving every command event from the
 * decider's commands (run_activity → ActivityTaskScheduled with the idempotency key as activity id; start/cancel
 * timer → one wait timer to the earliest deadline, cancelled when an event wakes the loop; summary changes →
 * search-attribute and memo upserts; closed and idle → patch marker and the idle timer). Replaying the history
 * through the real workflow code then shows the workflow issues the same commands in the same order.
 *
 * It plays the server too: activities complete as soon as they are scheduled unless a scenario step reports
 * their result, the wait timer fires at its deadline, and scenario timer events at a live deadline are the
 * Temporal timer's own fires (other timer events, early or stale, arrive as signals like any event).
 */
import type { ActivityName, LifecycleCommand, TimerName } from '../../core/lifecycle/commands';
import { decide } from '../../core/lifecycle/decider';
import { type LifecycleEvent, timerFiredEventId } from '../../core/lifecycle/events';
import type { Policy } from '../../core/lifecycle/policy.schema';
import type { LifecycleScenario } from '../../core/lifecycle/scenarios';
import { type LifecycleState, initialLifecycleState } from '../../core/lifecycle/state';
import {
  type LifecycleMessage,
  TICKET_LIFECYCLE_WORKFLOW,
  type TicketLifecycleInput,
  activityResultEventId,
  lifecycleEventSignal,
} from '../../core/lifecycle/workflow-contract';
import { LIFECYCLE_MEMO_KEY, lifecycleMemo, lifecycleVisibility, searchAttributeUpdates } from '../../core/lifecycle/workflow-visibility';
import { CLOSED_IDLE_MS, CLOSED_IDLE_PATCH } from '../../workflows/ticket-lifecycle.workflow';
import { HistoryBuilder } from './temporal-history';

export type ExpectedTimer = { durationMs: number; now: number };
export type ExpectedActivity = { activityType: string; activityId: string; args: unknown[]; now: number };

export type ModelRun = {
  workflowId: string;
  runId: string;
  input: TicketLifecycleInput;
  builder: HistoryBuilder;
  expected: {
    timers: ExpectedTimer[];
    activities: ExpectedActivity[];
    continueAsNew: { args: unknown[]; memo: unknown } | null;
    result: unknown;
  };
};

export type ActivityCompletion = { ok: true } | { ok: false; error: string; nonRetryable?: boolean };

export type ModelOptions = {
  ticketId?: number;
  /** False writes what the first version of the workflow recorded: no patch marker, a closed ticket waits forever. */
  closedIdlePatch?: boolean;
};

type Outstanding = { key: string; name: ActivityName; scheduledEventId: number; boundStep: number | null };
type WaitTimer = { id: string; startedEventId: number; fireAt: number; idle: boolean };
type Trigger =
  | { kind: 'signal'; message: LifecycleMessage }
  | { kind: 'activity'; activity: Outstanding; completion: ActivityCompletion }
  | { kind: 'timer' };

export class LifecycleHistoryModel {
  readonly runs: ModelRun[] = [];
  /** Every event the workflow feeds the decider, in order, with the decider's commands. */
  readonly decisions: { event: LifecycleEvent; commands: LifecycleCommand[] }[] = [];
  readonly ticketId: number;
  state: LifecycleState = initialLifecycleState();
  now = 0;
  /** Set by the driver: the server suggests continue-as-new on every workflow task from now on. */
  suggestContinueAsNew = false;
  ended: 'continued' | 'completed' | null = null;

  private policy: Policy;
  private readonly closedIdlePatch: boolean;
  private deadlines = new Map<TimerName, number>();
  private inbox: LifecycleMessage[] = [];
  private outstanding: Outstanding[] = [];
  private wait: WaitTimer | null = null;
  private timerSeq = 0;
  private published: { visibility: string | null; summary: string | null } = { visibility: null, summary: null };
  private patchMarked = false;
  /** activity_result steps still to come, by step index, so the activity they report is not auto-completed. */
  private resultSteps = new Map<number, ActivityName>();

  constructor(readonly name: string, policy: Policy, options: ModelOptions = {}) {
    this.ticketId = options.ticketId ?? 100;
    this.policy = policy;
    this.closedIdlePatch = options.closedIdlePatch ?? true;
  }

  private get run(): ModelRun {
    const run = this.runs.at(-1);
    if (!run) throw new Error('model: no run started');
    return run;
  }

  private newRun(at: number, input: TicketLifecycleInput, continuedFrom?: ModelRun): ModelRun {
    const n = this.runs.length + 1;
    const run: ModelRun = {
      workflowId: `${this.name}#run${n}`,
      runId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      input,
      builder: new HistoryBuilder(`00000000-0000-4000-8000-${String(n).padStart(12, '0')}`),
      expected: { timers: [], activities: [], continueAsNew: null, result: null },
    };
    run.builder.started(at, {
      workflowType: TICKET_LIFECYCLE_WORKFLOW,
      input: [input],
      ...(continuedFrom ? { continuedFromRunId: continuedFrom.runId, firstRunId: this.runs[0]?.runId } : {}),
    });
    this.runs.push(run);
    // Per-run workflow memory: timer sequence numbers, the patch decision, what was last upserted.
    this.timerSeq = 0;
    this.patchMarked = false;
    this.wait = null;
    this.published = input.state
      ? { visibility: JSON.stringify(lifecycleVisibility(input.state)), summary: JSON.stringify(input.state.summary) }
      : { visibility: null, summary: null };
    this.inbox = [];
    for (const message of input.pending ?? []) this.offer(message);
    return run;
  }

  /** Signal-with-start: the execution starts and the first event arrives in the same workflow task. */
  open(at: number, message: LifecycleMessage): void {
    this.now = at;
    this.newRun(at, { ticketId: this.ticketId, policy: this.policy });
    this.workflowTask(at, [{ kind: 'signal', message }], true);
  }

  /** A run started with `input` (e.g. handed over by continue-as-new with pending events), no signal. */
  startWith(at: number, input: TicketLifecycleInput): void {
    this.now = at;
    this.policy = input.policy;
    if (input.state) this.state = input.state;
    this.deadlines = new Map(Object.entries(input.state?.timers ?? {}).map(([k, v]) => [k as TimerName, v!.fireAt]));
    this.newRun(at, input);
    this.workflowTask(at, [], true);
  }

  /** Signals delivered in one workflow task (more than one models a burst the server batches). */
  signal(at: number, ...messages: LifecycleMessage[]): void {
    this.workflowTask(at, messages.map((message) => ({ kind: 'signal', message })));
  }

  expectResultStep(stepIndex: number, name: ActivityName): void {
    this.resultSteps.set(stepIndex, name);
  }

  /** Let time pass up to `t`: pending activities complete, the wait timer fires if due. */
  advanceTo(t: number): void {
    for (;;) {
      if (this.ended === 'completed') return;
      const auto = this.outstanding.find((a) => a.boundStep === null);
      if (auto) {
        this.completeActivity(auto, this.now, { ok: true });
        continue;
      }
      if (this.wait && this.wait.fireAt <= t) {
        this.fireWait();
        continue;
      }
      return;
    }
  }

  /** Report the activity a scenario's activity_result step is about. */
  completeStep(stepIndex: number, at: number, completion: ActivityCompletion): void {
    const activity = this.outstanding.find((a) => a.boundStep === stepIndex);
    if (!activity) throw new Error(`model: step ${stepIndex} reports an activity the workflow never scheduled`);
    this.completeActivity(activity, at, completion);
  }

  /** End of scenario: every activity reports back, and a closed, idle lifecycle runs out its idle timer. */
  settle(): void {
    for (;;) {
      if (this.ended === 'completed') return;
      const next = this.outstanding[0];
      if (next) this.completeActivity(next, this.now, { ok: true });
      else if (this.wait?.idle) this.fireWait();
      else return;
    }
  }

  hasDecided(eventId: string): boolean {
    return this.state.seenEventIds.includes(eventId);
  }

  private completeActivity(activity: Outstanding, at: number, completion: ActivityCompletion): void {
    this.outstanding = this.outstanding.filter((a) => a !== activity);
    this.workflowTask(at, [{ kind: 'activity', activity, completion }]);
  }

  private fireWait(): void {
    const wait = this.wait!;
    this.workflowTask(Math.max(this.now, wait.fireAt), [{ kind: 'timer' }]);
  }

  private workflowTask(at: number, triggers: Trigger[], fresh = false): void {
    if (this.ended === 'completed') throw new Error('model: the lifecycle already completed');
    if (at < this.now) throw new Error(`model: time runs backwards (${new Date(at).toISOString()})`);
    this.now = at;
    const b = this.run.builder;
    const wait = this.wait;
    for (const trigger of triggers) {
      if (trigger.kind === 'signal') b.signaled(at, lifecycleEventSignal.name, [trigger.message]);
      else if (trigger.kind === 'timer') b.timerFired(at, wait!.id, wait!.startedEventId);
      else if (trigger.completion.ok) b.activityCompleted(at, trigger.activity.scheduledEventId);
      else {
        const { error, nonRetryable = true } = trigger.completion;
        b.activityFailed(at, trigger.activity.scheduledEventId, { message: error, type: 'rejected', nonRetryable });
      }
    }
    b.workflowTask(at, { suggestContinueAsNew: this.suggestContinueAsNew });

    let wake = fresh;
    for (const trigger of triggers) {
      if (trigger.kind === 'signal' && this.offer(trigger.message)) wake = true;
    }
    for (const trigger of triggers) {
      if (trigger.kind !== 'activity') continue;
      const { activity, completion } = trigger;
      const outcome = completion.ok ? { ok: true as const } : { ok: false as const, error: completion.error };
      const event: LifecycleEvent = {
        type: 'activity_result',
        id: activityResultEventId(activity.key),
        at,
        name: activity.name,
        idempotencyKey: activity.key,
        ...outcome,
      };
      if (this.offer({ event })) wake = true;
    }
    if (triggers.some((t) => t.kind === 'timer')) {
      this.wait = null;
      if (wait!.idle) {
        const result = { ticketId: this.ticketId, summary: this.state.summary, completedAt: at };
        b.completed(at, result);
        this.run.expected.result = result;
        this.ended = 'completed';
        return;
      }
      wake = true;
    }
    if (!wake) return; // e.g. only a duplicate signal: the handler dropped it, the loop sleeps on
    if (this.wait) {
      b.timerCanceled(at, this.wait.id, this.wait.startedEventId);
      this.wait = null;
    }
    this.runLoop();
  }

  private offer(message: LifecycleMessage): boolean {
    const { id } = message.event;
    if (this.hasDecided(id) || this.inbox.some((m) => m.event.id === id)) return false;
    this.inbox.push(message);
    return true;
  }

  /** The workflow's main loop, from waking up to its next wait. */
  private runLoop(): void {
    const b = this.run.builder;
    for (;;) {
      for (let message = this.inbox.shift(); message; message = this.inbox.shift()) this.apply(message);
      this.publish();

      if (this.suggestContinueAsNew && this.outstanding.length === 0) {
        this.continueAsNew();
        return;
      }
      const fires = [...this.deadlines]
        .filter(([name, at]) => at <= this.now && !this.hasDecided(timerFiredEventId(name, at)))
        .sort(([a, atA], [z, atZ]) => atA - atZ || a.localeCompare(z));
      if (fires.length > 0) {
        for (const [name, at] of fires) this.offer({ event: { type: 'timer_fired', id: timerFiredEventId(name, at), at: this.now, name } });
        continue;
      }
      const future = [...this.deadlines.values()].filter((at) => at > this.now);
      if (future.length > 0) {
        this.startWait(Math.min(...future) - this.now, false);
        return;
      }
      if (this.state.ticket?.statusCategory === 'closed' && this.outstanding.length === 0 && this.closedIdlePatch) {
        if (!this.patchMarked) {
          b.patchMarker(this.now, CLOSED_IDLE_PATCH);
          b.upsertChangeVersion(this.now, [CLOSED_IDLE_PATCH]);
          this.patchMarked = true;
        }
        this.startWait(CLOSED_IDLE_MS, true);
        return;
      }
      return; // waits for the next event, no timer
    }
  }

  private apply(message: LifecycleMessage): void {
    if (message.policy && message.policy.version > this.policy.version) this.policy = message.policy;
    const decision = decide(this.state, message.event, this.policy);
    this.decisions.push({ event: message.event, commands: decision.commands });
    this.state = decision.state;
    for (const command of decision.commands) {
      if (command.type === 'start_timer') this.deadlines.set(command.name, command.fireAt);
      else if (command.type === 'cancel_timer') this.deadlines.delete(command.name);
      else {
        const args = [{ ticketId: this.ticketId, idempotencyKey: command.idempotencyKey, input: command.input }];
        const scheduledEventId = this.run.builder.activityScheduled(this.now, {
          activityId: command.idempotencyKey,
          activityType: command.name,
          args,
        });
        this.run.expected.activities.push({ activityType: command.name, activityId: command.idempotencyKey, args, now: this.now });
        this.outstanding.push({ key: command.idempotencyKey, name: command.name, scheduledEventId, boundStep: this.claimResultStep(command.name) });
      }
    }
  }

  private claimResultStep(name: ActivityName): number | null {
    for (const [index, stepName] of [...this.resultSteps].sort(([a], [z]) => a - z)) {
      if (stepName === name) {
        this.resultSteps.delete(index);
        return index;
      }
    }
    return null;
  }

  private publish(): void {
    const visibility = lifecycleVisibility(this.state);
    if (visibility === null) return;
    const b = this.run.builder;
    const serialized = JSON.stringify(visibility);
    if (serialized !== this.published.visibility) {
      b.upsertSearchAttributes(this.now, searchAttributeUpdates(visibility));
      this.published.visibility = serialized;
    }
    const summary = JSON.stringify(this.state.summary);
    if (summary !== this.published.summary) {
      b.memoModified(this.now, { [LIFECYCLE_MEMO_KEY]: lifecycleMemo(this.state) });
      this.published.summary = summary;
    }
  }

  private startWait(durationMs: number, idle: boolean): void {
    this.timerSeq += 1;
    const id = String(this.timerSeq);
    const startedEventId = this.run.builder.timerStarted(this.now, id, durationMs);
    this.run.expected.timers.push({ durationMs, now: this.now });
    this.wait = { id, startedEventId, fireAt: this.now + durationMs, idle };
  }

  private continueAsNew(): void {
    const previous = this.run;
    const input: TicketLifecycleInput = { ticketId: this.ticketId, policy: this.policy, state: this.state, pending: [...this.inbox] };
    const memo = { [LIFECYCLE_MEMO_KEY]: lifecycleMemo(this.state) };
    previous.expected.continueAsNew = { args: [input], memo };
    const next = `00000000-0000-4000-8000-${String(this.runs.length + 1).padStart(12, '0')}`;
    previous.builder.continuedAsNew(this.now, { newRunId: next, workflowType: TICKET_LIFECYCLE_WORKFLOW, input: [input] });
    this.suggestContinueAsNew = false;
    this.ended = null;
    this.newRun(this.now, JSON.parse(JSON.stringify(input)) as TicketLifecycleInput, previous);
    this.workflowTask(this.now, [], true);
  }
}

export type ScenarioBuildOptions = ModelOptions & {
  /** The server suggests continue-as-new from this step index on (the workflow obeys once no activity runs). */
  continueAsNewFromStep?: number;
  /** Settle at the end (default true): remaining activities report, an idle closed lifecycle completes. */
  settle?: boolean;
  /** Replace a step's activity_result outcome (to exercise failures). */
  completions?: Record<number, ActivityCompletion>;
};

/** Drive a decider scenario through the model: the histories a Temporal server would hold for it. */
export function buildScenarioHistory(scenario: LifecycleScenario, options: ScenarioBuildOptions = {}): LifecycleHistoryModel {
  const model = new LifecycleHistoryModel(scenario.name, scenario.policy, options);
  scenario.steps.forEach((step, index) => {
    if (step.event.type === 'activity_result') model.expectResultStep(index, step.event.name);
  });
  let policy = scenario.policy;
  scenario.steps.forEach((step, index) => {
    policy = step.policy ?? policy;
    const { event } = step;
    // The engine attaches the policy document to ticket_opened and policy_updated.
    const message: LifecycleMessage = event.type === 'ticket_opened' || event.type === 'policy_updated' ? { event, policy } : { event };
    if (index === 0) return model.open(event.at, message);
    if (index === options.continueAsNewFromStep) model.suggestContinueAsNew = true;
    model.advanceTo(event.at);
    if (event.type === 'timer_fired' && model.hasDecided(timerFiredEventId(event.name, event.at))) return; // the wait timer fired it
    if (event.type === 'activity_result') {
      return model.completeStep(index, event.at, options.completions?.[index] ?? (event.ok ? { ok: true } : { ok: false, error: event.error ?? 'failed' }));
    }
    model.signal(event.at, message);
  });
  if (options.settle ?? true) model.settle();
  return model;
}
