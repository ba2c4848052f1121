/**
 * The lifecycle end to end, driven through the public API: an admin designs an SLA policy, a ticket created
 * through the API gets it, its warning and breach escalate exactly once (also when a job runs again after a
 * crash), an admin's policy change reaches the running ticket, and a solve sends one CSAT survey whose signed link
 * records the answer once.
 *
 * Moving time: the background jobs run with the real tasks (outbox dispatch → lifecycle feed → embedded engine →
 * timer and activity jobs) on an engine whose clock the test sets. A timer due at engine time T is a
 * graphile-worker job; to let it fire the test sets the clock to T, moves the run_at of the ticket's timer jobs due
 * by T to the database's now() (makeTimersDue) and drains every due job through graphile-worker's runOnce.
 * The gateway's own engine reads the same tables, so GET /tickets/:id/lifecycle shows what the jobs did.
 */
import anyTest, { type TestFn } from 'ava';
import { createLifecycleActivities } from '../../activities/lifecycle';
import { createTaskList } from '../../activities/tasks';
import type { TaskList } from 'graphile-worker';
import { createEmbeddedEngine } from '../../services/lifecycle/embedded-engine';
import { LIFECYCLE_ACTIVITY_TASK } from '../../services/lifecycle/lifecycle.jobs';
import { createPolicySource } from '../../services/lifecycle/policy-source';
import { createCustomer, createTeam, createWorker, startTestApp, type TestApp, type TestCustomer, type TestWorker } from '../helpers/app';
import { count } from '../helpers/db';
import { drainDueJobs, makeTimersDue, silentLogger, testClock, type TestClock } from '../helpers/lifecycle-fixtures';

type Ctx = { app: TestApp; clock: TestClock; tasks: TaskList; admin: TestWorker; agent: TestWorker; customer: TestCustomer; team: number };
const test = anyTest as TestFn<Ctx>;

const MINUTE = 60_000;
const ALL_DAY = [{ start: '00:00', end: '24:00' }];

test.before(async (t) => {
  const app = await startTestApp();
  const clock = testClock(Date.now());
  const engine = createEmbeddedEngine({ db: app.db, policies: createPolicySource(app.db), clock: clock.now });
  const activities = createLifecycleActivities({ db: app.db, config: app.config, logger: silentLogger });
  const tasks = createTaskList({ db: app.db, config: app.config, logger: silentLogger, lifecycle: { engine, activities } });
  const team = await createTeam(app.db);
  t.context = {
    app, clock, tasks, team,
    admin: await createWorker(app.db, { role: 'admin' }),
    agent: await createWorker(app.db, { role: 'agent', teamIds: [team] }),
    customer: await createCustomer(app.db),
  };
});
test.after.always(async (t) => t.context.app?.close());

test.serial('SLA, escalations once across a crash, a live policy change, and one survey answered once — all through the API', async (t) => {
  const { app, clock, tasks, admin, agent, customer, team } = t.context;
  const as = (who: { token: string }) => ({ token: who.token });
  const drain = () => drainDueJobs(app.dbUrl, tasks);
  const fireTimersAt = async (ticketId: number, at: number) => {
    clock.set(at);
    await makeTimersDue(app.db, ticketId, at);
    await drain();
  };

  // 1. The admin designs the lifecycle: a 24/7 calendar, warnings at 50 %, surveys one hour after solve, and an SLA
  //    policy for tickets tagged "e2e": first response in 60 business minutes, warning → notify the assignee,
  //    breach → raise the priority.
  const calendar = await app.request('POST', '/api/v1/calendars', {
    ...as(admin), body: { name: 'Around the clock', timeZone: 'UTC', weeklyHours: { 1: ALL_DAY, 2: ALL_DAY, 3: ALL_DAY, 4: ALL_DAY, 5: ALL_DAY, 6: ALL_DAY, 7: ALL_DAY } },
  });
  t.is(calendar.status, 201, JSON.stringify(calendar.body));
  const settings = await app.request('PATCH', '/api/v1/lifecycle-policies', { ...as(admin), body: { calendarId: calendar.body.id, warningPercent: 50, survey: { delayHours: 1 } } });
  t.is(settings.status, 200, JSON.stringify(settings.body));
  const sla = await app.request('POST', '/api/v1/sla-policies', {
    ...as(admin),
    body: {
      name: 'E2E', position: 1, conditions: { tagsAny: ['e2e'] }, targets: { first_response: 60 },
      escalations: [{ on: 'warning', actions: [{ type: 'notify_assignee' }] }, { on: 'breach', actions: [{ type: 'raise_priority' }] }],
    },
  });
  t.is(sla.status, 201, JSON.stringify(sla.body));
  await drain();

  // 2. A ticket created through the API gets the SLA.
  const created = await app.request('POST', '/api/v1/tickets', {
    ...as(agent), body: { subject: 'Checkout broken', requesterId: customer.id, teamId: team, assigneeId: agent.id, tags: ['e2e'], channel: 'email', message: { bodyText: 'I cannot pay' } },
  });
  t.is(created.status, 201, JSON.stringify(created.body));
  const ticketId = created.body.id as number;
  await drain();
  const lifecycle = async () => {
    const res = await app.request('GET', `/api/v1/tickets/${ticketId}/lifecycle`, as(agent));
    t.is(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };
  const opened = await lifecycle();
  t.true(opened.started);
  t.is(opened.lifecycle.sla.policyId, String(sla.body.id));
  const firstResponse = opened.lifecycle.sla.clocks.find((c: { metric: string }) => c.metric === 'first_response');
  const openedAt = Date.parse(firstResponse.startedAt);
  t.is(firstResponse.targetMinutes, 60);
  t.is(Date.parse(firstResponse.dueAt), openedAt + 60 * MINUTE, 'the deadline is 60 business minutes after opening');
  t.is(Date.parse(firstResponse.warnAt), openedAt + 30 * MINUTE);
  t.deepEqual(opened.lifecycle.sla.nextDeadline, { metric: 'first_response', at: firstResponse.dueAt });
  t.true(opened.history.data.some((h: { type: string }) => h.type === 'ticket_opened'));
  t.is((await app.request('GET', `/api/v1/tickets/${ticketId}/lifecycle`, as(customer))).status, 403, 'customers do not see SLA internals');

  // 3. Half-way: the warning notifies the assignee, once; a feed re-run after a "crash" changes nothing.
  const warnings = async () => ((await app.request('GET', '/api/v1/notifications?limit=200', as(agent))).body.data as { kind: string; ticketId: number }[])
    .filter((n) => n.ticketId === ticketId && n.kind === 'sla.warning').length;
  await fireTimersAt(ticketId, openedAt + 29 * MINUTE);
  t.is(await warnings(), 0, 'nothing fires before its time');
  await fireTimersAt(ticketId, openedAt + 30 * MINUTE);
  t.is(await warnings(), 1);
  const historyBefore = await count(app.db('lifecycle_history').where({ ticket_id: ticketId }));
  await app.db('lifecycle_feed_progress').where({ ticket_id: ticketId }).update({ last_outbox_id: 0 }); // progress lost in a crash
  await app.db.raw(`SELECT graphile_worker.add_job('lifecycle_feed', json_build_object('ticketId', ?::bigint))`, [ticketId]);
  await drain();
  t.is(await count(app.db('lifecycle_history').where({ ticket_id: ticketId })), historyBefore, 'redelivered events are dropped by id');
  t.is(await warnings(), 1);

  // 4. The admin changes the policy through the API; the running ticket adopts the new target at once.
  const longer = await app.request('PATCH', `/api/v1/sla-policies/${sla.body.id}`, { ...as(admin), body: { targets: { first_response: 90 } } });
  t.is(longer.status, 200, JSON.stringify(longer.body));
  const newVersion = (await app.request('GET', '/api/v1/lifecycle-policies', as(admin))).body.policyVersion;
  await drain(); // outbox → policy rollout → policy_updated for every running lifecycle
  const adopted = await lifecycle();
  t.is(adopted.lifecycle.policyVersion, newVersion);
  const moved = adopted.lifecycle.sla.clocks.find((c: { metric: string }) => c.metric === 'first_response');
  t.is(moved.targetMinutes, 90);
  t.is(Date.parse(moved.dueAt), openedAt + 90 * MINUTE, 'the running ticket picked up the new target');

  // 5. The breach raises the priority once: Normal → High. A crash after the effect, before the engine recorded it,
  //    runs the activity job again; its idempotency key makes that a no-op (a second raise would give Urgent).
  await fireTimersAt(ticketId, openedAt + 60 * MINUTE);
  t.is((await app.request('GET', `/api/v1/tickets/${ticketId}`, as(agent))).body.priority.name, 'Normal', 'the old deadline no longer applies');
  await fireTimersAt(ticketId, openedAt + 90 * MINUTE);
  const raised = await app.request('GET', `/api/v1/tickets/${ticketId}`, as(agent));
  t.is(raised.body.priority.name, 'High');
  const run = await app.db('lifecycle_activity_runs').where({ ticket_id: ticketId, name: 'raise_priority' }).first();
  t.is(run.status, 'succeeded');
  await app.db('lifecycle_activity_runs').where({ idempotency_key: run.idempotency_key }).update({ status: 'running' });
  await app.db.raw(`SELECT graphile_worker.add_job(?, ?::json)`, [
    LIFECYCLE_ACTIVITY_TASK, JSON.stringify({ ticketId, name: 'raise_priority', input: run.input, idempotencyKey: run.idempotency_key }),
  ]);
  await drain();
  t.is((await app.request('GET', `/api/v1/tickets/${ticketId}`, as(agent))).body.priority.name, 'High', 'raised exactly once');
  const breached = await lifecycle();
  t.deepEqual(breached.lifecycle.sla.breachedMetrics, ['first_response']);
  t.is(await warnings(), 1, 'the new target did not warn a second time');

  // 6. The agent answers and solves; an hour later one survey goes out through the ticket's channel.
  t.is((await app.request('POST', `/api/v1/tickets/${ticketId}/entries`, { ...as(agent), body: { kind: 'public_reply', bodyText: 'Fixed, sorry!' } })).status, 201);
  const solvedStatus = await app.db('statuses').where({ category: 'solved' }).first('id');
  const solved = await app.request('PATCH', `/api/v1/tickets/${ticketId}`, { ...as(agent), body: { statusId: solvedStatus.id, version: raised.body.version } });
  t.is(solved.status, 200, JSON.stringify(solved.body));
  await drain();
  const afterSolve = await lifecycle();
  t.is(afterSolve.lifecycle.survey.status, 'scheduled');
  const surveyDue = Date.parse(afterSolve.lifecycle.survey.dueAt);
  await fireTimersAt(ticketId, surveyDue);
  const surveyMessages = () => app.db('outbound_messages').where({ ticket_id: ticketId, kind: 'survey' });
  t.is((await surveyMessages()).length, 1);
  const deliverRun = await app.db('lifecycle_activity_runs').where({ ticket_id: ticketId, name: 'deliver_survey' }).first();
  await app.db('lifecycle_activity_runs').where({ idempotency_key: deliverRun.idempotency_key }).update({ status: 'running' });
  await app.db.raw(`SELECT graphile_worker.add_job(?, ?::json)`, [
    LIFECYCLE_ACTIVITY_TASK, JSON.stringify({ ticketId, name: 'deliver_survey', input: deliverRun.input, idempotencyKey: deliverRun.idempotency_key }),
  ]);
  await drain();
  const [message] = await surveyMessages();
  t.is((await surveyMessages()).length, 1, 'one survey per resolution, also after a crash');
  t.like(message, { channel: 'email', template: 'csat_survey', status: 'queued' });
  const sent = await lifecycle();
  t.is(sent.lifecycle.survey.status, 'sent');
  t.is(sent.surveys.length, 1);

  // 7. The customer answers through the signed link (no login); the rating lands on the ticket and the agent's stats.
  const link = new URL(message.payload.link as string);
  const question = await app.request('GET', link.pathname);
  t.is(question.status, 200);
  t.is(question.body.ticket.subject, 'Checkout broken');
  const answer = await app.request('POST', link.pathname, { body: { rating: 5, comment: 'Great save' } });
  t.is(answer.status, 201, JSON.stringify(answer.body));
  t.is((await app.request('POST', link.pathname, { body: { rating: 1 } })).status, 410, 'a second answer is refused');
  await drain();
  const answered = await lifecycle();
  t.like(answered.surveys[0], { resolution: 1, rating: 5, comment: 'Great save', workerId: agent.id });
  t.like(answered.lifecycle.survey, { status: 'answered', rating: 5, comment: 'Great save' });
  const entries = await app.request('GET', `/api/v1/tickets/${ticketId}/entries`, as(agent));
  t.true(entries.body.data.some((e: { kind: string; bodyText: string }) => e.kind === 'system_event' && e.bodyText.startsWith('Customer satisfaction: 5/5')));
  t.like((await app.db('workers').where({ id: agent.id }).first()).stats.csat, { count: 1, sum: 5 });
});
