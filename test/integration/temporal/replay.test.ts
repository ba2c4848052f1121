/**
 * The Temporal shell against the decider, offline: every lifecycle scenario becomes a history (built in test code
 * by test/helpers/lifecycle-history.ts from the decider's commands) that the real workflow code must replay
 * through the SDK's core without a determinism error. Replay checks command types and ids (with core's
 * id/type flags on); a probe sink that runs during replay checks what it does not: timer durations, activity
 * arguments and the continue-as-new input.
 */
import { fileURLToPath } from 'node:url';
import { DefaultLogger, type InjectedSinks, Runtime, Worker, type WorkflowBundle, bundleWorkflowCode } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import { type LifecycleScenario, LIFECYCLE_SCENARIOS } from '../../../core/lifecycle/scenarios';
import { SCENARIO_POLICY, ev } from '../../../core/lifecycle/scenario-kit';
import { initialLifecycleState } from '../../../core/lifecycle/state';
import type { TicketLifecycleInput } from '../../../core/lifecycle/workflow-contract';
import { LIFECYCLE_ACTIVITY_OPTIONS } from '../../../workflows/lifecycle-activities';
import { CLOSED_IDLE_MS, CLOSED_IDLE_PATCH } from '../../../workflows/ticket-lifecycle.workflow';
import type { ProbeRecord, ProbeSinks } from '../../fixtures/temporal/probe.interceptors';
import { LifecycleHistoryModel, type ModelRun, buildScenarioHistory } from '../../helpers/lifecycle-history';
import { EventType } from '../../helpers/temporal-history';

type Context = { bundle: WorkflowBundle };
const test = anyTest as TestFn<Context>;

const WORKFLOWS = fileURLToPath(new URL('../../../workflows/ticket-lifecycle.workflow.ts', import.meta.url));
const PROBE = fileURLToPath(new URL('../../fixtures/temporal/probe.interceptors.ts', import.meta.url));

test.before(async (t) => {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  // Bundled once for the whole file (webpack is slow on two cores).
  const bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS, workflowInterceptorModules: [PROBE], logger: new DefaultLogger('WARN') });
  t.context.bundle = bundle;
});

type Replayed = { errors: Map<string, Error | undefined>; records: Map<string, ProbeRecord[]> };
type HistoryInput = { workflowId: string; history: ReturnType<ModelRun['builder']['history']> };

async function replay(bundle: WorkflowBundle, histories: HistoryInput[]): Promise<Replayed> {
  const records = new Map<string, ProbeRecord[]>();
  const sinks: InjectedSinks<ProbeSinks> = {
    probe: {
      record: {
        // JSON copy: the values come from the workflow's V8 context.
        fn: (info, record) => {
          const list = records.get(info.workflowId) ?? [];
          list.push(JSON.parse(JSON.stringify(record)) as ProbeRecord);
          records.set(info.workflowId, list);
        },
        callDuringReplay: true,
      },
    },
  };
  const errors = new Map<string, Error | undefined>();
  for await (const result of Worker.runReplayHistories({ workflowBundle: bundle, sinks }, histories)) {
    errors.set(result.workflowId, result.error);
  }
  return { errors, records };
}

const historiesOf = (model: LifecycleHistoryModel): HistoryInput[] =>
  model.runs.map((run) => ({ workflowId: run.workflowId, history: run.builder.history() }));

function probeOf(records: ProbeRecord[] | undefined) {
  const list = records ?? [];
  return {
    timers: list.flatMap((r) => (r.kind === 'timer' ? [{ durationMs: r.durationMs, now: r.now }] : [])),
    activities: list.flatMap((r) => (r.kind === 'activity' ? [{ activityType: r.activityType, activityId: r.activityId, args: r.args, now: r.now }] : [])),
    retries: list.flatMap((r) => (r.kind === 'activity' ? [r.retry] : [])),
    continueAsNew: list.flatMap((r) => (r.kind === 'continueAsNew' ? [{ args: r.args, memo: r.memo }] : [])),
  };
}

/** Replay every run of the model and compare what the workflow did with what the decider asked for. */
async function assertReplaysLikeDecider(t: ExecutionContext<Context>, model: LifecycleHistoryModel) {
  const { errors, records } = await replay(t.context.bundle, historiesOf(model));
  for (const run of model.runs) {
    t.is(errors.get(run.workflowId), undefined, `${run.workflowId} replays without a determinism error`);
    const probe = probeOf(records.get(run.workflowId));
    t.true(records.has(run.workflowId) || run.expected.timers.length + run.expected.activities.length === 0, 'the probe saw the run');
    t.deepEqual(probe.timers, run.expected.timers, `${run.workflowId}: wait timers (duration, start instant)`);
    t.deepEqual(probe.activities, run.expected.activities, `${run.workflowId}: activity types, ids (idempotency keys) and arguments`);
    for (const retry of probe.retries) t.deepEqual(retry, LIFECYCLE_ACTIVITY_OPTIONS.retry);
    t.deepEqual(probe.continueAsNew, run.expected.continueAsNew ? [JSON.parse(JSON.stringify(run.expected.continueAsNew))] : []);
  }
}

function stepIndex(scenario: LifecycleScenario, eventId: string): number {
  const index = scenario.steps.findIndex((s) => s.event.id === eventId);
  if (index < 0) throw new Error(`no step ${eventId}`);
  return index;
}

for (const scenario of LIFECYCLE_SCENARIOS) {
  test.serial(`scenario ${scenario.name}: the workflow issues the decider's commands`, async (t) => {
    const model = buildScenarioHistory(scenario);
    t.true(model.runs[0]!.builder.length > 10, 'a non-trivial history');
    t.true(model.decisions.some((d) => d.commands.length > 0));
    // The shell delivers the scenario's events (its own timer fires included) and reaches the scenario's end.
    t.like(model.state.summary, scenario.expectSummary);
    await assertReplaysLikeDecider(t, model);
  });

  test.serial(`scenario ${scenario.name}: continue-as-new (midway, at the end) hands over the decider's exact state`, async (t) => {
    // The server suggests continue-as-new on a workflow task; the last signalled step always causes one.
    const lastSignal = scenario.steps.findLastIndex((s) => s.event.type !== 'timer_fired' && s.event.type !== 'activity_result');
    for (const from of new Set([Math.floor(scenario.steps.length / 2), lastSignal])) {
      const model = buildScenarioHistory(scenario, { continueAsNewFromStep: from });
      t.is(model.runs.length, 2, 'the first run continued as new');
      const handedOver = model.runs[0]!.expected.continueAsNew!.args[0] as TicketLifecycleInput;
      t.deepEqual(handedOver.pending, []);
      t.truthy(handedOver.state?.ticket);
      // assertReplaysLikeDecider compares the workflow's continue-as-new input (its whole state) with the model's.
      await assertReplaysLikeDecider(t, model);
    }
  });
}

const happyPath = LIFECYCLE_SCENARIOS.find((s) => s.name.startsWith('happy-path'))!;

test.serial('the idle timer completes a closed lifecycle (patched) and returns the final summary', async (t) => {
  const model = buildScenarioHistory(happyPath);
  const run = model.runs.at(-1)!;
  t.is(model.ended, 'completed');
  t.like(run.expected.result as object, { ticketId: 100, summary: model.state.summary });
  t.is(run.expected.timers.at(-1)?.durationMs, CLOSED_IDLE_MS);
  const events = run.builder.rawEvents();
  t.true(events.some((e) => e.eventType === EventType.EVENT_TYPE_MARKER_RECORDED), 'patch marker recorded');
  t.is(events.at(-1)?.eventType, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
  await assertReplaysLikeDecider(t, model);
});

test.serial('versioning: a history from before the patch (closed lifecycle waits forever) still replays', async (t) => {
  const model = buildScenarioHistory(happyPath, { closedIdlePatch: false });
  const events = model.runs[0]!.builder.rawEvents();
  t.false(events.some((e) => e.eventType === EventType.EVENT_TYPE_MARKER_RECORDED));
  t.is(model.ended, null, 'no idle timer, the old code waits for events');
  await assertReplaysLikeDecider(t, model);
});

test.serial('versioning: an idle timer without the patch marker is a determinism error', async (t) => {
  const model = buildScenarioHistory(happyPath);
  const events = model.runs[0]!.builder.rawEvents();
  // Drop the marker and core's TemporalChangeVersion upsert that follows it; keep the idle timer.
  const marker = events.findIndex((e) => e.eventType === EventType.EVENT_TYPE_MARKER_RECORDED);
  t.true(marker > 0);
  const tampered = renumber([...events.slice(0, marker), ...events.slice(marker + 2)]);
  const { errors } = await replay(t.context.bundle, [{ workflowId: 'no-marker', history: model.runs[0]!.builder.history(tampered) }]);
  t.true(errors.get('no-marker') instanceof DeterminismViolationError, String(errors.get('no-marker')));
});

/** Event ids must stay consecutive after removing events; references are shifted with them. */
function renumber(events: Record<string, unknown>[]): Record<string, unknown>[] {
  const map = new Map<number, number>();
  events.forEach((e, i) => map.set(e.eventId as number, i + 1));
  const fix = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(fix);
    if (v && typeof v === 'object' && !(v instanceof Uint8Array)) {
      return Object.fromEntries(
        Object.entries(v).map(([k, x]) => [k, /EventId$/.test(k) && typeof x === 'number' ? (map.get(x) ?? x) : fix(x)]),
      );
    }
    return v;
  };
  return events.map((e, i) => ({ ...(fix(e) as Record<string, unknown>), eventId: i + 1 }));
}

test.serial('a wrong history is rejected: another activity type where the workflow schedules set_status', async (t) => {
  const model = buildScenarioHistory(happyPath);
  const events = model.runs[0]!.builder.rawEvents();
  const scheduled = events.find((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)!;
  const attrs = scheduled.activityTaskScheduledEventAttributes as { activityType: { name: string } };
  t.is(attrs.activityType.name, 'set_status');
  attrs.activityType.name = 'fire_webhook';
  const { errors } = await replay(t.context.bundle, [{ workflowId: 'wrong-type', history: model.runs[0]!.builder.history(events) }]);
  const error = errors.get('wrong-type');
  t.true(error instanceof DeterminismViolationError, String(error));
  t.regex(String(error?.message), /fire_webhook/);
});

test.serial('a wrong history is rejected: an activity id (idempotency key) the decider would not compute', async (t) => {
  const model = buildScenarioHistory(happyPath);
  const events = model.runs[0]!.builder.rawEvents();
  const scheduled = events.find((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)!;
  (scheduled.activityTaskScheduledEventAttributes as { activityId: string }).activityId = 'lifecycle:T-100:other-event:set_status.open';
  const { errors } = await replay(t.context.bundle, [{ workflowId: 'wrong-id', history: model.runs[0]!.builder.history(events) }]);
  t.true(errors.get('wrong-id') instanceof DeterminismViolationError, String(errors.get('wrong-id')));
});

test.serial('a wrong history is rejected: a timer where the workflow schedules an activity', async (t) => {
  const model = buildScenarioHistory(happyPath);
  const events = model.runs[0]!.builder.rawEvents();
  const index = events.findIndex((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
  const scheduled = events[index]!;
  const completedId = (scheduled.activityTaskScheduledEventAttributes as { workflowTaskCompletedEventId: number }).workflowTaskCompletedEventId;
  events[index] = {
    eventId: scheduled.eventId,
    eventTime: scheduled.eventTime,
    eventType: EventType.EVENT_TYPE_TIMER_STARTED,
    timerStartedEventAttributes: { timerId: '99', startToFireTimeout: { seconds: 60 }, workflowTaskCompletedEventId: completedId },
  };
  const { errors } = await replay(t.context.bundle, [{ workflowId: 'timer-for-activity', history: model.runs[0]!.builder.history(events) }]);
  t.true(errors.get('timer-for-activity') instanceof DeterminismViolationError, String(errors.get('timer-for-activity')));
});

test.serial('what replay does not check: wrong timer durations replay fine, the probe still sees the right ones', async (t) => {
  const model = buildScenarioHistory(happyPath);
  const events = model.runs[0]!.builder.rawEvents();
  for (const e of events) {
    if (e.eventType === EventType.EVENT_TYPE_TIMER_STARTED) (e.timerStartedEventAttributes as { startToFireTimeout: unknown }).startToFireTimeout = { seconds: 1 };
  }
  const { errors, records } = await replay(t.context.bundle, [{ workflowId: 'durations', history: model.runs[0]!.builder.history(events) }]);
  t.is(errors.get('durations'), undefined, 'core does not compare durations');
  t.deepEqual(probeOf(records.get('durations')).timers, model.runs[0]!.expected.timers, 'the workflow computed the decider deadlines regardless');
});

test.serial('what replay does not check: a command missing at the end of a workflow task goes unnoticed (the probe counts it)', async (t) => {
  const model = buildScenarioHistory(LIFECYCLE_SCENARIOS.find((s) => s.name.startsWith('first-response-breach'))!, { settle: false });
  const events = model.runs[0]!.builder.rawEvents();
  const lastTimer = events.findLastIndex((e) => e.eventType === EventType.EVENT_TYPE_TIMER_STARTED);
  t.is(lastTimer, events.length - 1, 'the history ends with the wait timer');
  const { errors, records } = await replay(t.context.bundle, [{ workflowId: 'short', history: model.runs[0]!.builder.history(events.slice(0, -1)) }]);
  t.is(errors.get('short'), undefined);
  t.is(probeOf(records.get('short')).timers.length, model.runs[0]!.expected.timers.length, 'the workflow still started that timer');
});

test.serial('an activity failing after its retries reaches the decider as ok:false (survey delivery failed)', async (t) => {
  const a10 = stepIndex(happyPath, 'a10');
  const model = buildScenarioHistory(happyPath, {
    completions: { [a10]: { ok: false, error: 'no channel for this customer' } },
    continueAsNewFromStep: a10,
  });
  const handedOver = model.runs[0]!.expected.continueAsNew!.args[0] as TicketLifecycleInput;
  t.is(handedOver.state?.survey?.status, 'failed');
  t.like(handedOver.state?.failedActivities[0], { name: 'deliver_survey', error: 'no channel for this customer' });
  await assertReplaysLikeDecider(t, model); // the workflow's own state says the same (continue-as-new input)
});

test.serial('signals batched into one workflow task are decided in arrival order; a duplicate wakes nothing', async (t) => {
  const model = new LifecycleHistoryModel('batched', SCENARIO_POLICY);
  model.open(Date.parse('2025-03-03T08:00:00Z'), { event: ev.opened('x1', '2025-03-03T08:00:00Z'), policy: SCENARIO_POLICY });
  model.signal(Date.parse('2025-03-03T08:10:00Z'), { event: ev.reply('x2', '2025-03-03T08:10:00Z') }, { event: ev.status('x3', '2025-03-03T08:10:00Z', 'pending') });
  const before = model.runs[0]!.builder.length;
  model.signal(Date.parse('2025-03-03T08:11:00Z'), { event: ev.reply('x2', '2025-03-03T08:10:00Z') });
  t.is(model.runs[0]!.builder.length, before + 4, 'signal + workflow task, and no command');
  model.suggestContinueAsNew = true;
  model.signal(Date.parse('2025-03-03T08:12:00Z'), { event: ev.note('x4', '2025-03-03T08:12:00Z') });
  t.is(model.state.ticket?.statusCategory, 'pending');
  await assertReplaysLikeDecider(t, model);
});

test.serial('a run handed pending events (continue-as-new input) decides them before anything else', async (t) => {
  const model = new LifecycleHistoryModel('pending-input', SCENARIO_POLICY);
  const at = Date.parse('2025-03-03T08:00:00Z');
  model.startWith(at, {
    ticketId: 100,
    policy: SCENARIO_POLICY,
    state: initialLifecycleState(),
    pending: [{ event: ev.opened('p1', '2025-03-03T08:00:00Z'), policy: SCENARIO_POLICY }, { event: ev.customer('p2', '2025-03-03T08:00:00Z') }],
  });
  model.advanceTo(at);
  t.deepEqual(model.decisions.map((d) => d.event.id).slice(0, 2), ['p1', 'p2']);
  await assertReplaysLikeDecider(t, model);
});
