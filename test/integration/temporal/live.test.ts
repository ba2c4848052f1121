/**
 * End to end against a real Temporal server: the lifecycle worker (bin/temporal-worker.ts, real activities on a
 * test database) and the Temporal engine (services/lifecycle/temporal-engine.ts) talking through the cluster.
 * Runs only when TEMPORAL_ADDRESS is set (`temporal server start-dev` or a cluster); otherwise it is skipped and
 * says why, because no Temporal server can be installed on the machine this suite usually runs on.
 */
import { randomUUID } from 'node:crypto';
import protos from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, type Worker, bundleWorkflowCode } from '@temporalio/worker';
import anyTest, { type TestFn } from 'ava';
import pino from 'pino';
import { createLifecycleActivities } from '../../../activities/lifecycle/index';
import { LIFECYCLE_WORKFLOWS_PATH, createLifecycleWorker } from '../../../bin/temporal-worker';
import { loadConfig } from '../../../config/config';
import type { LifecycleEvent, TicketOpened } from '../../../core/lifecycle/events';
import { ticketWorkflowId } from '../../../core/lifecycle/workflow-contract';
import { LIFECYCLE_SEARCH_ATTRIBUTES } from '../../../core/lifecycle/workflow-visibility';
import { fixedPolicySource } from '../../../services/lifecycle/fixed-policy-source';
import { type TemporalEngine, createTemporalEngine } from '../../../services/lifecycle/temporal-engine';
import { type TestDatabase, createTestDatabase } from '../../helpers/db';
import { AROUND_THE_CLOCK_POLICY, createTicketRows } from '../../helpers/lifecycle-fixtures';

type Context = { env: TestWorkflowEnvironment; worker: Worker; running: Promise<void>; engine: TemporalEngine; database: TestDatabase; ticketId: number };
const test = anyTest as TestFn<Context>;

const config = loadConfig();
const address = config.temporalAddress;

if (!address) {
  const reason = 'TEMPORAL_ADDRESS is not set: no Temporal server to run the lifecycle worker against (replay.test.ts covers the workflow offline)';
  console.log(`live.test.ts skipped — ${reason}`);
  test.skip(`live Temporal worker end to end — skipped: ${reason}`, () => {});
} else {
  const taskQueue = `lantern-lifecycle-test-${randomUUID()}`;

  test.before(async (t) => {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    const env = await TestWorkflowEnvironment.createFromExistingServer({ address, namespace: config.temporalNamespace });
    await registerSearchAttributes(env, config.temporalNamespace);
    const database = await createTestDatabase();
    const [ticketId] = await createTicketRows(database.db, 1);
    const workflowBundle = await bundleWorkflowCode({ workflowsPath: LIFECYCLE_WORKFLOWS_PATH, logger: new DefaultLogger('WARN') });
    const worker = await createLifecycleWorker({
      connection: env.nativeConnection,
      namespace: config.temporalNamespace,
      taskQueue,
      workflowBundle,
      activities: createLifecycleActivities({ db: database.db, config, logger: pino({ level: 'silent' }) }),
    });
    const running = worker.run();
    const engine = await createTemporalEngine({ address, client: env.client, taskQueue, policies: fixedPolicySource(AROUND_THE_CLOCK_POLICY) });
    t.context = { env, worker, running, engine, database, ticketId: ticketId! };
  });

  test.after.always(async (t) => {
    const { env, worker, running, database, ticketId } = t.context;
    if (!env) return;
    await env.client.workflow.getHandle(ticketWorkflowId(ticketId)).terminate('test finished').catch(() => undefined);
    worker.shutdown();
    await running;
    await env.teardown();
    await database.drop();
  });

  test.serial('signal-with-start, signals, query and list through a real cluster and worker', async (t) => {
    const { engine, ticketId } = t.context;
    const now = Date.now();
    const opened: TicketOpened = {
      type: 'ticket_opened',
      id: `opened-${ticketId}`,
      at: now,
      ticket: { id: String(ticketId), statusCategory: 'new', priority: 'normal', teamId: null, organizationId: null, channel: 'email', tags: [], assigneeId: null },
    };
    await engine.start(ticketId, opened);
    await engine.signal(ticketId, opened); // a retried start is a duplicate event, nothing more

    const started = await eventually(() => engine.query(ticketId), (s) => s?.ticket !== null && s?.ticket !== undefined);
    t.is(started?.summary.statusCategory, 'new');
    t.is(started?.summary.nextDeadline?.metric, 'first_response');
    t.truthy(started?.timers['sla.first_response.breach'], 'the first-response deadline is live');

    const reply: LifecycleEvent = { type: 'agent_public_reply', id: `reply-${ticketId}`, at: now + 1_000 };
    await engine.signal(ticketId, reply);
    await engine.signal(ticketId, reply);
    const replied = await eventually(() => engine.query(ticketId), (s) => s?.seenEventIds.includes(reply.id) === true);
    t.is(replied?.sla.clocks.first_response.phase, 'done');
    t.is(replied?.seenEventIds.filter((id) => id === reply.id).length, 1);
    t.is(replied?.timers['sla.first_response.breach'], undefined, 'its timer is gone');

    // An activity round trip: the solve notice goes out and its result comes back as an event.
    await engine.signal(ticketId, { type: 'status_changed', id: `solved-${ticketId}`, at: now + 2_000, to: 'solved' });
    const solved = await eventually(
      () => engine.query(ticketId),
      (s) => s?.seenEventIds.some((id) => id.startsWith('activity:')) === true,
    );
    t.is(solved?.summary.statusCategory, 'solved');

    const listed = await eventually(
      () => engine.list({ statusCategory: 'solved', limit: 50 }),
      (page) => page.items.some((i) => i.ticketId === ticketId),
    );
    const item = listed.items.find((i) => i.ticketId === ticketId)!;
    t.true(item.running);
    t.is(item.summary.statusCategory, 'solved');
  });
}

/** Queries see the state after the workflow task ran; visibility is eventually consistent. Poll, briefly. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The custom search attributes must exist on the namespace (an operator does this once per cluster). */
async function registerSearchAttributes(env: TestWorkflowEnvironment, namespace: string): Promise<void> {
  const types = protos.temporal.api.enums.v1.IndexedValueType;
  const searchAttributes = Object.fromEntries(
    Object.values(LIFECYCLE_SEARCH_ATTRIBUTES).map((k) => [k.name, types[`INDEXED_VALUE_TYPE_${k.type}`]]),
  );
  try {
    await env.connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
  } catch (err) {
    if (!/already exists/i.test(String((err as Error).message))) throw err;
  }
}
