import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import { Logger, run, type Runner } from 'graphile-worker';
import pino from 'pino';
import { createTaskList } from '../../activities/tasks';
import { createCustomer, createTeam, createWorker, startTestApp, type TestApp, type TestCustomer, type TestWorker } from '../helpers/app';

type Ctx = { app: TestApp; runner: Runner; admin: TestWorker; supervisor: TestWorker; agent: TestWorker; agent2: TestWorker; customer: TestCustomer; teamId: number };
const test = anyTest as TestFn<Ctx>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test.before(async (t) => {
  const app = await startTestApp();
  // A 24/7 calendar makes business time equal wall time minus pauses, so expected values are plain arithmetic.
  const allDay = [{ start: '00:00', end: '24:00' }];
  await app.db('calendars').update({ weekly_hours: JSON.stringify(Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [d, allDay]))), holidays: [] });
  const runner = await run({
    connectionString: app.dbUrl,
    taskList: createTaskList({ db: app.db, config: app.config, logger: pino({ level: 'silent' }) }),
    concurrency: 2, noHandleSignals: true, crontab: '', pollInterval: 100, logger: new Logger(() => () => {}),
  });
  const teamId = await createTeam(app.db);
  t.context = {
    app, runner, teamId,
    admin: await createWorker(app.db, { role: 'admin' }),
    supervisor: await createWorker(app.db, { role: 'supervisor' }),
    agent: await createWorker(app.db, { role: 'agent', teamIds: [teamId] }),
    agent2: await createWorker(app.db, { role: 'agent', teamIds: [teamId] }),
    customer: await createCustomer(app.db),
  };
});

test.after.always(async (t) => {
  await t.context.runner?.stop();
  await t.context.app?.close();
});

/** Every outbox event dispatched and every recompute finished. */
async function settle(t: ExecutionContext<Ctx>): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const { rows } = await t.context.app.db.raw(
      `SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier IN ('outbox_dispatch', 'ticket_metrics_recompute') AND attempts < max_attempts`,
    );
    if (rows[0].n === 0) return;
    if (Date.now() > deadline) throw new Error('jobs did not settle');
    await sleep(50);
  }
}

async function statusId(t: ExecutionContext<Ctx>, category: string): Promise<number> {
  return (await t.context.app.db('statuses').where({ category, active: true }).orderBy('id').first('id')).id;
}

async function setStatus(t: ExecutionContext<Ctx>, token: string, id: number, category: string): Promise<void> {
  const current = await t.context.app.request('GET', `/api/v1/tickets/${id}`, { token });
  const res = await t.context.app.request('PATCH', `/api/v1/tickets/${id}`, { token, body: { statusId: await statusId(t, category), version: current.body.version } });
  t.is(res.status, 200, JSON.stringify(res.body));
}

async function post(t: ExecutionContext<Ctx>, token: string, id: number, kind: string | undefined, text: string): Promise<void> {
  const res = await t.context.app.request('POST', `/api/v1/tickets/${id}/entries`, { token, body: { ...(kind && { kind }), bodyText: text } });
  t.is(res.status, 201, JSON.stringify(res.body));
}

const ms = (d: Date) => d.getTime();

/** A conversation with a note, a reopen and a pending pause, driven through the API; expected values from the stored timestamps. */
async function driveTicket(t: ExecutionContext<Ctx>) {
  const { app, admin, agent, agent2, customer, teamId } = t.context;
  const created = await app.request('POST', '/api/v1/tickets', {
    token: admin.token, body: { subject: 'Metrics', requesterId: customer.id, teamId, channel: 'email', tags: ['metrics-test'], message: { bodyText: 'help' } },
  });
  t.is(created.status, 201, JSON.stringify(created.body));
  const id = created.body.id as number;
  await sleep(30);
  await post(t, agent.token, id, 'internal_note', 'looking'); // not a response
  await sleep(30);
  await post(t, agent.token, id, 'public_reply', 'first answer'); // first response by agent
  await sleep(30);
  await post(t, customer.token, id, undefined, 'still broken');
  await sleep(30);
  await post(t, customer.token, id, undefined, 'hello?');
  await sleep(30);
  await post(t, agent2.token, id, 'public_reply', 'second answer'); // reply to the older waiting message
  await setStatus(t, agent.token, id, 'pending');
  await sleep(60);
  await setStatus(t, agent.token, id, 'open');
  await sleep(30);
  await setStatus(t, agent.token, id, 'solved');
  await sleep(30);
  await setStatus(t, admin.token, id, 'open'); // reopen
  await sleep(30);
  await setStatus(t, agent2.token, id, 'solved'); // last solve, by agent2
  return id;
}

test.serial('stored ticket metrics equal values computed by hand from the stored history', async (t) => {
  const { app, agent, agent2 } = t.context;
  await app.db('workers').where({ id: agent2.id }).update({ stats: JSON.stringify({ csat: { count: 2, sum: 9, average: 4.5 } }) });
  const id = await driveTicket(t);
  await settle(t);

  const entries = await app.db('conversation_entries').where({ ticket_id: id }).orderBy('id').select('kind', 'author_id', 'created_at');
  const history = await app.db('ticket_status_history').where({ ticket_id: id }).orderBy('id').select('category', 'changed_at');
  const [msg1, , reply1, msg2, , reply2] = entries;
  t.deepEqual(entries.map((e) => e.kind), ['customer_message', 'internal_note', 'public_reply', 'customer_message', 'customer_message', 'public_reply']);
  const [opened, pending, reopenedAfterPending, solved1, reopened, solved2] = history.map((h) => ms(h.changed_at));
  t.is(history.length, 6);

  const frt = ms(reply1.created_at) - ms(msg1.created_at);
  const second = ms(reply2.created_at) - ms(msg2.created_at);
  const row = await app.db('ticket_metrics').where({ ticket_id: id }).first();
  t.truthy(row, 'metrics stored');
  t.is(Number(row.first_response_ms), frt);
  t.is(Number(row.first_response_business_ms), frt, '24/7 calendar: business = wall time');
  t.is(Number(row.first_responder_id), agent.id);
  t.is(Number(row.reply_avg_ms), Math.round((frt + second) / 2));
  t.is(Number(row.reply_max_ms), Math.max(frt, second));
  t.deepEqual(row.metrics.replies.map((r: { ms: number; workerId: number }) => [r.ms, r.workerId]), [[frt, agent.id], [second, agent2.id]]);
  t.is(row.agent_replies, 2);
  t.is(row.reopens, 1);
  t.true(row.solved);
  t.is(Number(row.solved_by_id), agent2.id);
  t.is(Number(row.first_resolution_ms), solved1! - opened!);
  t.is(Number(row.full_resolution_ms), solved2! - opened!);
  // Business: minus the pending pause, and (full) minus the time it sat solved before the reopen.
  t.is(Number(row.first_resolution_business_ms), solved1! - opened! - (reopenedAfterPending! - pending!));
  t.is(Number(row.full_resolution_business_ms), solved2! - opened! - (reopenedAfterPending! - pending!) - (reopened! - solved1!));
  t.is(row.channel, 'email');
  t.deepEqual(row.tags, ['metrics-test']);

  // Worker stats follow, and the CSAT figures written by surveys stay.
  const stats = (await app.db('workers').where({ id: agent2.id }).first('stats')).stats;
  t.deepEqual(stats.csat, { count: 2, sum: 9, average: 4.5 });
  t.is(stats.ticketsSolved, 1);
  t.is(stats.ticketsInvolved, 1);
  t.deepEqual(stats.replyTime, { count: 1, medianMs: second, p90Ms: second });
  t.is(stats.firstResponse.count, 0);
  t.deepEqual(stats.resolution, { count: 1, medianMs: solved2! - opened!, p90Ms: solved2! - opened! });
  t.is(stats.reopenRate, 1);
  t.is(stats.openLoad, 0);
  const agentStats = (await app.db('workers').where({ id: agent.id }).first('stats')).stats;
  t.deepEqual(agentStats.firstResponse, { count: 1, medianMs: frt, p90Ms: frt });
  t.is(agentStats.ticketsSolved, 0, 'solved first but not the last solve');
  t.is(agentStats.reopenRate, null);
});

test.serial('recompute is idempotent and follows dimension changes', async (t) => {
  const { app, admin } = t.context;
  const id = await driveTicket(t);
  await settle(t);
  const before = await app.db('ticket_metrics').where({ ticket_id: id }).first();
  await app.db.raw(`SELECT graphile_worker.add_job('ticket_metrics_recompute', json_build_object('ticketId', ?::bigint))`, [id]);
  await settle(t);
  const again = await app.db('ticket_metrics').where({ ticket_id: id }).first();
  t.deepEqual({ ...again, computed_at: null }, { ...before, computed_at: null });
  const current = await app.request('GET', `/api/v1/tickets/${id}`, { token: admin.token });
  await app.request('PATCH', `/api/v1/tickets/${id}`, { token: admin.token, body: { tags: ['moved'], version: current.body.version } });
  await settle(t);
  t.deepEqual((await app.db('ticket_metrics').where({ ticket_id: id }).first('tags')).tags, ['moved']);
});

test.serial('reports: cohort counts and percentiles, filters, workers, CSV, permissions and bad ranges', async (t) => {
  const { app, supervisor, agent, teamId } = t.context;
  await settle(t);
  const today = new Date().toISOString().slice(0, 10);
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const rows = await app.db('ticket_metrics').where({ team_id: teamId }).select('first_response_ms', 'full_resolution_ms', 'solved', 'reopens');
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const median = (xs: number[]) => { const s = sorted(xs); const mid = (s.length - 1) / 2; return Math.round((s[Math.floor(mid)]! + s[Math.ceil(mid)]!) / 2); };

  const res = await app.request('GET', `/api/v1/reports/tickets?from=${today}&to=${tomorrow}&teamId=${teamId}`, { token: supervisor.token });
  t.is(res.status, 200, JSON.stringify(res.body));
  t.is(res.body.data.length, 1);
  const day = res.body.data[0];
  t.is(day.period, today);
  t.is(day.created, rows.length);
  t.is(day.solved, rows.filter((r) => r.solved).length);
  t.is(day.resolutionRate, Math.round((day.solved / day.created) * 10_000) / 10_000);
  t.is(day.firstResponseMedianMs, median(rows.map((r) => Number(r.first_response_ms))));
  t.is(day.resolutionMedianMs, median(rows.map((r) => Number(r.full_resolution_ms))));

  const tagged = await app.request('GET', `/api/v1/reports/tickets?from=${today}&to=${tomorrow}&tag=moved&groupBy=week`, { token: supervisor.token });
  t.is(tagged.body.data.length, 1);
  t.is(tagged.body.data[0].created, 1);
  const none = await app.request('GET', `/api/v1/reports/tickets?from=${today}&to=${tomorrow}&channel=sms`, { token: supervisor.token });
  t.deepEqual(none.body.data, []);

  const workers = await app.request('GET', `/api/v1/reports/workers?from=${today}&to=${tomorrow}`, { token: supervisor.token });
  t.is(workers.status, 200);
  const agentRow = workers.body.data.find((r: { workerId: number }) => r.workerId === agent.id);
  t.is(agentRow.firstResponses, 2);
  t.is(agentRow.solved, 0);

  const csv = await app.request('GET', `/api/v1/reports/tickets?from=${today}&to=${tomorrow}&teamId=${teamId}&format=csv`, { token: supervisor.token });
  t.is(csv.status, 200);
  t.regex(csv.headers.get('content-type') ?? '', /^text\/csv/);
  const lines = (csv.body as string).trimEnd().split('\r\n');
  t.is(lines[0], 'period,created,solved,resolutionRate,reopened,firstResponseMedianMs,firstResponseP90Ms,resolutionMedianMs,resolutionP90Ms');
  t.true(lines[1]!.startsWith(`${today},${rows.length},`));

  t.is((await app.request('GET', `/api/v1/reports/tickets?from=${today}&to=${tomorrow}`, { token: agent.token })).status, 403);
  for (const [query, field] of [
    [`from=${tomorrow}&to=${today}`, 'query.to'],
    ['from=2024-01-01&to=2025-06-01', 'query.to'],
    [`from=${today}&to=${tomorrow}&groupBy=month`, 'query.groupBy'],
    [`from=nope&to=${tomorrow}`, 'query.from'],
    [`from=${today}&to=${tomorrow}&bogus=1`, 'query.bogus'],
  ] as const) {
    const bad = await app.request('GET', `/api/v1/reports/tickets?${query}`, { token: supervisor.token });
    t.is(bad.status, 422, query);
    t.regex(bad.headers.get('content-type') ?? '', /problem\+json/);
    t.true(JSON.stringify(bad.body).includes(field), `${query}: ${JSON.stringify(bad.body)}`);
  }
});
