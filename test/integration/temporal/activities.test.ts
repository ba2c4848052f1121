/**
 * The lifecycle activities as a Temporal worker registers them (toTemporalActivities over the real
 * implementations, real PostgreSQL), run in Temporal's MockActivityEnvironment: a business rejection becomes a
 * non-retryable ApplicationFailure carrying its code, a transient fault is rethrown untouched for the retry policy.
 */
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import anyTest, { type TestFn } from 'ava';
import pino from 'pino';
import { createLifecycleActivities } from '../../../activities/lifecycle/index';
import type { LifecycleActivities, LifecycleActivityArgs } from '../../../activities/lifecycle/lifecycle-activities';
import { toTemporalActivities } from '../../../activities/lifecycle/temporal-activities';
import { loadConfig } from '../../../config/config';
import { ACTIVITY_NAMES } from '../../../core/lifecycle/commands';
import { createDb } from '../../../db/knex';
import { type TestDatabase, createTestDatabase } from '../../helpers/db';
import { createTicketRows } from '../../helpers/lifecycle-fixtures';

type Context = { database: TestDatabase; activities: LifecycleActivities; ticketId: number };
const test = anyTest as TestFn<Context>;

const config = loadConfig({});
const logger = pino({ level: 'silent' });

test.before(async (t) => {
  const database = await createTestDatabase();
  const [ticketId] = await createTicketRows(database.db, 1);
  t.context = { database, ticketId: ticketId!, activities: toTemporalActivities(createLifecycleActivities({ db: database.db, config, logger })) };
});
test.after.always(async (t) => t.context.database?.drop());

const activityInfo = (activityType: string) => ({ activityType, activityId: `lifecycle:test:${activityType}`, workflowType: 'ticketLifecycle' });
/** As a worker runs an activity; the SDK's own "activity failed" warnings are expected here. */
const environment = (activityType: string) => new MockActivityEnvironment(activityInfo(activityType), { logger: new DefaultLogger('ERROR') });

test('every lifecycle activity is registered under its decider name', (t) => {
  t.deepEqual(Object.keys(t.context.activities).sort(), [...ACTIVITY_NAMES].sort());
});

test('a successful activity returns its result, and a retry with the same key has no second effect', async (t) => {
  const { activities, ticketId, database } = t.context;
  const args: LifecycleActivityArgs<'set_status'> = {
    ticketId,
    idempotencyKey: 'lifecycle:test:set_status:1',
    input: { ticketId: String(ticketId), from: 'new', to: 'open', reason: 'customer_reply' },
  };
  const before = await database.db('tickets').where({ id: ticketId }).first('status_category', 'version');
  t.is(before.status_category, 'new');
  const first = await environment('set_status').run(activities.set_status, args);
  const again = await environment('set_status').run(activities.set_status, args);
  t.like(again as object, first as object, 'the retry reports the first run\'s outcome');
  const after = await database.db('tickets').where({ id: ticketId }).first('status_category', 'version');
  t.is(after.status_category, 'open');
  t.is(Number(after.version), Number(before.version) + 1, 'changed once');
});

test('a business rejection becomes a non-retryable ApplicationFailure typed by its code', async (t) => {
  const { activities } = t.context;
  const gone: LifecycleActivityArgs<'set_status'> = {
    ticketId: 987_654_321,
    idempotencyKey: 'lifecycle:test:set_status:gone',
    input: { ticketId: '987654321', from: 'solved', to: 'closed', reason: 'auto_close' },
  };
  const error = await t.throwsAsync(environment('set_status').run(activities.set_status, gone));
  t.true(error instanceof ApplicationFailure, String(error));
  const failure = error as ApplicationFailure;
  t.true(failure.nonRetryable);
  t.is(failure.type, 'ticket_not_found');
  t.regex(failure.message, /987654321/);
});

test('a transient fault (database unreachable) is rethrown as is, so Temporal retries it', async (t) => {
  const db = createDb(t.context.database.url, { poolMax: 1 });
  await db.destroy();
  const broken = toTemporalActivities(createLifecycleActivities({ db, config, logger }));
  const args: LifecycleActivityArgs<'set_status'> = {
    ticketId: t.context.ticketId,
    idempotencyKey: 'lifecycle:test:set_status:transient',
    input: { ticketId: String(t.context.ticketId), from: 'open', to: 'pending', reason: 'customer_reply' },
  };
  const error = await t.throwsAsync(environment('set_status').run(broken.set_status, args));
  t.false(error instanceof ApplicationFailure, 'not marked non-retryable');
  t.truthy(error?.message);
});
