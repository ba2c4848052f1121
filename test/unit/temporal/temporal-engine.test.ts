/**
 * The Temporal engine's own logic, against a stand-in for the SDK client (the one third-party piece; no server
 * runs here — live.test.ts drives the real one when TEMPORAL_ADDRESS is set): which call each port method makes,
 * which policy document travels with which event, what is swallowed, and how a visibility page is read back.
 */
import { type Client, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import protos from '@temporalio/proto';
import test from 'ava';
import { LanternError } from '../../../core/errors';
import { SCENARIO_POLICY, ev } from '../../../core/lifecycle/scenario-kit';
import { SCENARIO_POLICY_V2 } from '../../../core/lifecycle/scenarios';
import { type LifecycleSummary, initialLifecycleState } from '../../../core/lifecycle/state';
import type { LifecycleMessage } from '../../../core/lifecycle/workflow-contract';
import { fixedPolicySource } from '../../../services/lifecycle/fixed-policy-source';
import { createTemporalEngine } from '../../../services/lifecycle/temporal-engine';

type Call = { method: string; workflowId?: string; options?: Record<string, unknown>; args?: unknown[] };

function fakeClient(behaviour: { signal?: () => Promise<void>; signalWithStart?: () => Promise<void>; list?: (request: Record<string, unknown>) => Promise<unknown> } = {}) {
  const calls: Call[] = [];
  const client = {
    options: { namespace: 'lantern-test' },
    workflow: {
      options: { loadedDataConverter: { payloadConverter: defaultPayloadConverter, payloadCodecs: [] } },
      signalWithStart: async (workflowType: string, options: Record<string, unknown>) => {
        calls.push({ method: 'signalWithStart', workflowId: options.workflowId as string, options: { ...options, workflowType } });
        await behaviour.signalWithStart?.();
      },
      getHandle: (workflowId: string) => ({
        signal: async (...args: unknown[]) => {
          calls.push({ method: 'signal', workflowId, args });
          await behaviour.signal?.();
        },
        query: async () => {
          calls.push({ method: 'query', workflowId });
          throw new WorkflowNotFoundError('not found', workflowId, undefined);
        },
      }),
    },
    workflowService: {
      listWorkflowExecutions: async (request: Record<string, unknown>) => {
        calls.push({ method: 'list', options: request });
        return behaviour.list ? behaviour.list(request) : { executions: [], nextPageToken: new Uint8Array() };
      },
    },
  };
  return { client: client as unknown as Client, calls };
}

const policies = {
  current: async () => SCENARIO_POLICY_V2,
  byVersion: async (v: number) => (v === 1 ? SCENARIO_POLICY : v === 2 ? SCENARIO_POLICY_V2 : null),
};

test('ticket_opened starts by signal-with-start, with the current policy, the opening search attributes, reuse rules', async (t) => {
  const { client, calls } = fakeClient();
  const engine = await createTemporalEngine({ address: 'unused', client, policies, taskQueue: 'q1' });
  const opened = ev.opened('o1', '2025-03-03T08:00:00Z');
  await engine.signal(7, opened);
  t.is(calls.length, 1);
  const { options } = calls[0]!;
  t.like(options, {
    workflowType: 'ticketLifecycle',
    workflowId: 'ticket-7',
    taskQueue: 'q1',
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
  });
  t.deepEqual(options?.args, [{ ticketId: 7, policy: SCENARIO_POLICY_V2 }]);
  t.deepEqual(options?.signalArgs, [{ event: opened, policy: SCENARIO_POLICY_V2 }]);
  t.deepEqual(
    (options?.typedSearchAttributes as { key: { name: string } }[]).map((p) => p.key.name).sort(),
    ['LanternPriority', 'LanternSlaBreached', 'LanternStatus', 'LanternTeam'],
  );
});

test('a finished lifecycle is not restarted: the start conflict is a no-op', async (t) => {
  const { client } = fakeClient({ signalWithStart: async () => Promise.reject(new WorkflowExecutionAlreadyStartedError('done', 'ticket-7', 'ticketLifecycle')) });
  const engine = await createTemporalEngine({ address: 'unused', client, policies });
  await t.notThrowsAsync(engine.signal(7, ev.opened('o1', '2025-03-03T08:00:00Z')));
});

test('other events are plain signals; policy_updated carries that version; no running lifecycle is a no-op', async (t) => {
  const { client, calls } = fakeClient();
  const engine = await createTemporalEngine({ address: 'unused', client, policies });
  await engine.signal(7, ev.reply('r1', '2025-03-03T08:20:00Z'));
  await engine.signal(7, ev.policy('p1', '2025-03-03T08:30:00Z', 1));
  t.deepEqual(calls.map((c) => [c.method, c.workflowId]), [['signal', 'ticket-7'], ['signal', 'ticket-7']]);
  const [first, second] = calls.map((c) => c.args?.[1] as LifecycleMessage);
  t.deepEqual(first, { event: ev.reply('r1', '2025-03-03T08:20:00Z') });
  t.is(second?.policy, SCENARIO_POLICY, 'the version the event names, not the current one');
  const unknown = await t.throwsAsync(engine.signal(7, ev.policy('p2', '2025-03-03T08:30:00Z', 9)));
  t.true(unknown instanceof LanternError && unknown.code === 'not_found');

  const gone = fakeClient({ signal: async () => Promise.reject(new WorkflowNotFoundError('gone', 'ticket-8', undefined)) });
  const quiet = await createTemporalEngine({ address: 'unused', client: gone.client, policies });
  await t.notThrowsAsync(quiet.signal(8, ev.customer('c1', '2025-03-03T09:00:00Z')));
  t.is(await quiet.query(8), null, 'no lifecycle, no state');
});

test('list: the visibility query, summary from the memo, running as "not closed", cursor = page token', async (t) => {
  const open: LifecycleSummary = { ...initialLifecycleState().summary, statusCategory: 'open', breachCount: 1 };
  const closed: LifecycleSummary = { ...initialLifecycleState().summary, statusCategory: 'closed' };
  const RUNNING = protos.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
  const execution = (workflowId: string, summary: LifecycleSummary, changedAt: number) => ({
    execution: { workflowId },
    status: RUNNING,
    startTime: { seconds: 1_700_000_000, nanos: 0 },
    memo: { fields: { lifecycle: defaultPayloadConverter.toPayload({ summary, changedAt }) } },
  });
  const { client, calls } = fakeClient({
    list: async (request) =>
      request.nextPageToken
        ? { executions: [execution('ticket-3', closed, Date.parse('2025-03-05T00:00:00Z'))], nextPageToken: new Uint8Array() }
        : {
            executions: [execution('ticket-1', open, Date.parse('2025-03-04T00:00:00Z')), { execution: { workflowId: 'other-workflow' } }],
            nextPageToken: Buffer.from('page-2'),
          },
  });
  const engine = await createTemporalEngine({ address: 'unused', client, policies });
  const first = await engine.list({ breached: true, limit: 2 });
  t.is(calls[0]?.options?.namespace, 'lantern-test');
  t.is(calls[0]?.options?.pageSize, 2);
  t.regex(String(calls[0]?.options?.query), /LanternSlaBreached = true$/);
  t.deepEqual(first.items, [{ ticketId: 1, running: true, summary: open, updatedAt: '2025-03-04T00:00:00.000Z' }]);
  t.is(first.nextCursor, Buffer.from('page-2').toString('base64url'));
  const second = await engine.list({ breached: true, limit: 2, cursor: first.nextCursor! });
  t.deepEqual(Buffer.from(calls[1]?.options?.nextPageToken as Uint8Array).toString(), 'page-2');
  t.deepEqual(second, { items: [{ ticketId: 3, running: false, summary: closed, updatedAt: '2025-03-05T00:00:00.000Z' }], nextCursor: null });
});

test('list: a cursor the server rejects is a validation error, not a 500', async (t) => {
  const invalid = Object.assign(new Error('3 INVALID_ARGUMENT: bad token'), { code: 3, details: 'bad token', metadata: {} });
  const { client } = fakeClient({ list: async () => Promise.reject(invalid) });
  const engine = await createTemporalEngine({ address: 'unused', client, policies: fixedPolicySource(SCENARIO_POLICY) });
  const error = await t.throwsAsync(engine.list({ limit: 10, cursor: 'Zm9yZ2Vk' }));
  t.true(error instanceof LanternError && error.code === 'validation', String(error));
});
