/**
 * Personal stats (GET /me/stats: the caller's rows of the worker report, totals as true medians over the range)
 * and the team backlog dashboard (GET /reports/backlog). Metrics rows are written as the recompute job would
 * write them, with chosen figures, so every expected number is plain arithmetic.
 */
import anyTest, { type TestFn } from 'ava';
import { createCustomer, createTeam, createWorker, startTestApp, type TestApp, type TestCustomer, type TestWorker } from '../helpers/app';

type Ctx = { app: TestApp; admin: TestWorker; supervisor: TestWorker; a: TestWorker; b: TestWorker; customer: TestCustomer; teamA: number; teamB: number };
const test = anyTest as TestFn<Ctx>;

test.before(async (t) => {
  const app = await startTestApp();
  const teamA = await createTeam(app.db, 'Stats A');
  const teamB = await createTeam(app.db, 'Stats B');
  t.context = {
    app, teamA, teamB,
    admin: await createWorker(app.db, { role: 'admin' }),
    supervisor: await createWorker(app.db, { role: 'supervisor' }),
    a: await createWorker(app.db, { role: 'agent', teamIds: [teamA], name: 'Agent A' }),
    b: await createWorker(app.db, { role: 'agent', teamIds: [teamA], name: 'Agent B' }),
    customer: await createCustomer(app.db),
  };
});
test.after.always(async (t) => t.context.app?.close());

async function newTicket(t: { context: Ctx }, teamId: number | null, assigneeId: number | null = null): Promise<number> {
  const res = await t.context.app.request('POST', '/api/v1/tickets', {
    token: t.context.admin.token, body: { subject: 'Stats', requesterId: t.context.customer.id, teamId, assigneeId },
  });
  if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

type Metrics = { createdAt: string; fr?: [number, number]; solvedBy?: [number, number]; reopens?: number; csat?: [number, number] };

/** A ticket_metrics row (and survey) as the recompute job and the survey answer would leave them. */
async function metrics(t: { context: Ctx }, m: Metrics): Promise<void> {
  const { app, teamA } = t.context;
  const ticketId = await newTicket(t, teamA);
  const priority = await app.db('priorities').where({ is_default: true }).first('id');
  await app.db('ticket_metrics').insert({
    ticket_id: ticketId, created_at: new Date(m.createdAt), team_id: teamA, channel: 'api', priority_id: priority.id,
    first_responder_id: m.fr?.[0] ?? null, first_response_ms: m.fr?.[1] ?? null,
    solved_by_id: m.solvedBy?.[0] ?? null, full_resolution_ms: m.solvedBy?.[1] ?? null, solved: m.solvedBy !== undefined,
    reopens: m.reopens ?? 0, agent_replies: 1, metrics: '{}',
  });
  if (m.csat) {
    await app.db('surveys').insert({ ticket_id: ticketId, resolution: 1, worker_id: m.csat[0], token_hash: `h${ticketId}`, expires_at: new Date(Date.now() + 86_400_000), rating: m.csat[1], answered_at: new Date() });
  }
}

test.serial('GET /me/stats: my rows only, per day and week, with totals that are medians over the whole range', async (t) => {
  const { app, a, b } = t.context;
  await metrics(t, { createdAt: '2026-01-10T09:00:00Z', fr: [a.id, 1000], solvedBy: [a.id, 5000], csat: [a.id, 5] });
  await metrics(t, { createdAt: '2026-01-10T15:00:00Z', fr: [a.id, 3000], solvedBy: [a.id, 7000], reopens: 1, csat: [a.id, 3] });
  await metrics(t, { createdAt: '2026-01-11T10:00:00Z', fr: [a.id, 10000], solvedBy: [b.id, 9000], csat: [b.id, 1] });
  await metrics(t, { createdAt: '2026-01-11T11:00:00Z', fr: [b.id, 2000], solvedBy: [a.id, 20000], csat: [a.id, 4] });
  await metrics(t, { createdAt: '2026-01-12T11:00:00Z', fr: [a.id, 50] }); // outside the range

  const res = await app.request('GET', '/api/v1/me/stats?from=2026-01-10&to=2026-01-12', { token: a.token });
  t.is(res.status, 200, JSON.stringify(res.body));
  t.is(res.body.from, '2026-01-10T00:00:00.000Z');
  t.is(res.body.groupBy, 'day');
  t.like(res.body.data[0], { period: '2026-01-10', firstResponses: 2, firstResponseMedianMs: 2000, solved: 2, resolutionMedianMs: 6000, reopenRate: 0.5, csatAverage: 4 });
  t.like(res.body.data[1], { period: '2026-01-11', firstResponses: 1, firstResponseMedianMs: 10000, solved: 1, resolutionMedianMs: 20000, reopenRate: 0, csatAverage: 4 });
  t.is(res.body.data.length, 2);
  t.false('workerId' in res.body.data[0]);
  // Medians of all three, not the median of the two daily medians (6000 and 13000).
  t.like(res.body.totals, { firstResponses: 3, firstResponseMedianMs: 3000, solved: 3, resolutionMedianMs: 7000, reopenRate: 0.3333, csatAverage: 4 });

  const mine = await app.request('GET', '/api/v1/me/stats?from=2026-01-10&to=2026-01-12', { token: b.token });
  t.deepEqual(mine.body.data.map((r: { period: string }) => r.period), ['2026-01-11']);
  t.like(mine.body.totals, { firstResponses: 1, firstResponseMedianMs: 2000, solved: 1, resolutionMedianMs: 9000, csatAverage: 1 });

  const weekly = await app.request('GET', '/api/v1/me/stats?from=2026-01-05&to=2026-01-12&groupBy=week', { token: a.token });
  t.is(weekly.body.data.length, 1);
  t.like(weekly.body.data[0], { period: '2026-01-05', firstResponses: 3, solved: 3 });

  const empty = await app.request('GET', '/api/v1/me/stats', { token: a.token });
  t.is(empty.status, 200, 'the range defaults to the last 30 days');
  t.deepEqual(empty.body.data, []);
  t.like(empty.body.totals, { firstResponses: 0, solved: 0, firstResponseMedianMs: null, csatAverage: null });
  t.is(Date.parse(empty.body.to) - Date.parse(empty.body.from), 30 * 86_400_000);

  t.is((await app.request('GET', '/api/v1/me/stats?from=2026-01-12&to=2026-01-10', { token: a.token })).status, 422);
  t.is((await app.request('GET', '/api/v1/me/stats?workerId=1', { token: a.token })).status, 422, 'no peeking at others');
  t.is((await app.request('GET', '/api/v1/me/stats', { token: t.context.customer.token })).status, 400);
});

test.serial('GET /reports/backlog: unresolved, unassigned, breached and due-soon tickets per team', async (t) => {
  const { app, a, supervisor, teamA, teamB } = t.context;
  const before = await app.request('GET', '/api/v1/reports/backlog', { token: supervisor.token });
  type Row = { teamId: number | null; teamName: string; open: number; unassigned: number; breached: number; dueSoon: number };
  const teamRow = (body: { data: Row[] }, id: number | null) => body.data.find((r) => r.teamId === id);
  const base = teamRow(before.body, teamA)!;
  const noTeamBefore = teamRow(before.body, null)?.open ?? 0;

  const breached = await newTicket(t, teamA, a.id);
  const dueSoon = await newTicket(t, teamA);
  const later = await newTicket(t, teamA);
  const solved = await newTicket(t, teamA);
  await newTicket(t, null);
  const solvedStatus = await app.db('statuses').where({ category: 'solved' }).first('id', 'category');
  await app.db('tickets').where({ id: solved }).update({ status_id: solvedStatus.id, status_category: 'solved' });
  const soon = new Date(Date.now() + 30 * 60_000);
  await app.db('lifecycle_instances').insert([
    { ticket_id: breached, state: '{}', breached: true, next_deadline_at: new Date(Date.now() - 60_000) },
    { ticket_id: dueSoon, state: '{}', next_deadline_at: soon },
    { ticket_id: later, state: '{}', next_deadline_at: new Date(Date.now() + 5 * 3_600_000) },
  ]);

  const res = await app.request('GET', '/api/v1/reports/backlog', { token: supervisor.token });
  t.is(res.status, 200, JSON.stringify(res.body));
  t.deepEqual(teamRow(res.body, teamA), {
    teamId: teamA, teamName: 'Stats A', open: base.open + 3, unassigned: base.unassigned + 2, breached: base.breached + 1, dueSoon: base.dueSoon + 1,
  });
  t.deepEqual(teamRow(res.body, teamB), { teamId: teamB, teamName: 'Stats B', open: 0, unassigned: 0, breached: 0, dueSoon: 0 }, 'idle teams are listed');
  t.like(teamRow(res.body, null), { teamName: 'No team', open: noTeamBefore + 1 });
  t.is(res.body.data.at(-1).teamId, null, 'the no-team row comes last');
  t.is((await app.request('GET', '/api/v1/reports/backlog', { token: a.token })).status, 403);
});
