/**
 * Ticket list additions (cf./sla filters, slaDue sort, sla on tickets, /tickets/count) and saved views
 * (personal/shared, validation, counts that agree with GET /tickets, seeded shared views).
 */
import anyTest, { type TestFn } from 'ava';
import { viewQueryParams } from '../../core/saved-view';
import { createCustomer, createTeam, createWorker, startTestApp, type TestApp, type TestCustomer, type TestWorker } from '../helpers/app';
import { count } from '../helpers/db';

type Ctx = {
  app: TestApp; admin: TestWorker; agent: TestWorker; otherAgent: TestWorker; customer: TestCustomer; teamA: number; teamB: number;
  tickets: { breached: number; dueSoon: number; ok: number; none: number; noInstance: number; hidden: number };
};
const test = anyTest.serial as TestFn<Ctx>;

const HOUR = 3_600_000;

test.before(async (t) => {
  const app = await startTestApp();
  const teamA = await createTeam(app.db, 'Views A');
  const teamB = await createTeam(app.db, 'Views B');
  const admin = await createWorker(app.db, { role: 'admin' });
  const agent = await createWorker(app.db, { role: 'agent', teamIds: [teamA] });
  const otherAgent = await createWorker(app.db, { role: 'agent', teamIds: [teamA] });
  const customer = await createCustomer(app.db);
  await app.db('custom_field_definitions').insert([
    { key: 'plan', label: 'Plan', type: 'single_select', options: ['free', 'gold'] },
    { key: 'seats', label: 'Seats', type: 'number' },
    { key: 'vip', label: 'VIP', type: 'boolean' },
  ]);
  const mk = async (subject: string, extra: Record<string, unknown> = {}) => {
    const res = await app.request('POST', '/api/v1/tickets', { token: admin.token, body: { subject, requesterId: customer.id, teamId: teamA, ...extra } });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body.id as number;
  };
  const tickets = {
    breached: await mk('Breached one', { customFields: { plan: 'gold', seats: 10, vip: true }, assigneeId: agent.id }),
    dueSoon: await mk('Due soon one', { customFields: { plan: 'gold', seats: 5 } }),
    ok: await mk('Ok one', { customFields: { plan: 'free' }, assigneeId: agent.id }),
    none: await mk('No deadline one'),
    noInstance: await mk('No lifecycle one'),
    hidden: await mk('Other team one', { teamId: teamB, customFields: { plan: 'gold' } }),
  };
  const now = Date.now();
  // Lifecycle instances as the engine would leave them (the test app runs no engine jobs).
  await app.db('lifecycle_instances').insert([
    { ticket_id: tickets.breached, state: '{}', breached: true, next_deadline_at: new Date(now - HOUR) },
    { ticket_id: tickets.dueSoon, state: '{}', next_deadline_at: new Date(now + 20 * 60_000) },
    { ticket_id: tickets.ok, state: '{}', next_deadline_at: new Date(now + 5 * HOUR) },
    { ticket_id: tickets.none, state: '{}', next_deadline_at: null },
    { ticket_id: tickets.hidden, state: '{}', breached: true, next_deadline_at: new Date(now + HOUR * 2) },
  ]);
  t.context = { app, admin, agent, otherAgent, customer, teamA, teamB, tickets };
});
test.after.always(async (t) => t.context.app?.close());

const ids = (body: { data: { id: number }[] }) => body.data.map((x) => x.id);

test('tickets carry their sla; customers never see it', async (t) => {
  const { app, agent, customer, tickets } = t.context;
  const one = await app.request('GET', `/api/v1/tickets/${tickets.breached}`, { token: agent.token });
  t.is(one.status, 200);
  t.is(one.body.sla.breached, true);
  t.truthy(Date.parse(one.body.sla.nextDeadlineAt));
  const bare = await app.request('GET', `/api/v1/tickets/${tickets.noInstance}`, { token: agent.token });
  t.is(bare.body.sla, null);
  const list = await app.request('GET', '/api/v1/tickets?limit=200', { token: agent.token });
  const byId = new Map(list.body.data.map((x: { id: number; sla: unknown }) => [x.id, x.sla]));
  t.deepEqual(byId.get(tickets.none), { nextDeadlineAt: null, breached: false });
  t.is((byId.get(tickets.dueSoon) as { breached: boolean }).breached, false);
  const mine = await app.request('GET', `/api/v1/tickets/${tickets.breached}`, { token: customer.token });
  t.is(mine.status, 200);
  t.false('sla' in mine.body);
});

test('sla buckets partition the visible tickets, and counts agree with the list', async (t) => {
  const { app, agent, tickets } = t.context;
  const bucket = async (sla: string) => {
    const list = await app.request('GET', `/api/v1/tickets?sla=${sla}&limit=200`, { token: agent.token });
    const n = await app.request('GET', `/api/v1/tickets/count?sla=${sla}`, { token: agent.token });
    t.is(list.status, 200, JSON.stringify(list.body));
    t.is(n.status, 200);
    t.is(n.body.count, list.body.data.length, `count of sla=${sla}`);
    return ids(list.body).sort();
  };
  t.deepEqual(await bucket('breached'), [tickets.breached], 'the other team\'s breached ticket stays hidden');
  t.deepEqual(await bucket('due_soon'), [tickets.dueSoon]);
  t.deepEqual(await bucket('ok'), [tickets.ok]);
  t.deepEqual(await bucket('none'), [tickets.none, tickets.noInstance].sort());
  const all = await app.request('GET', '/api/v1/tickets/count', { token: agent.token });
  t.is(all.body.count, 5);
  const bad = await app.request('GET', '/api/v1/tickets/count?sla=late', { token: agent.token });
  t.is(bad.status, 422);
  t.is((await app.request('GET', '/api/v1/tickets/count?cursor=WzEsMV0', { token: agent.token })).status, 422, 'counts take no cursor');
});

test('custom field filters are typed by the field, unknown keys are refused, count matches', async (t) => {
  const { app, agent, admin, tickets } = t.context;
  const gold = await app.request('GET', '/api/v1/tickets?cf.plan=gold&limit=200', { token: agent.token });
  t.deepEqual(ids(gold.body).sort(), [tickets.breached, tickets.dueSoon].sort());
  t.is((await app.request('GET', '/api/v1/tickets/count?cf.plan=gold', { token: agent.token })).body.count, 2);
  t.is((await app.request('GET', '/api/v1/tickets/count?cf.plan=gold', { token: admin.token })).body.count, 3, 'admins see the other team too');
  t.deepEqual(ids((await app.request('GET', '/api/v1/tickets?cf.seats=10', { token: agent.token })).body), [tickets.breached]);
  t.deepEqual(ids((await app.request('GET', '/api/v1/tickets?cf.vip=true', { token: agent.token })).body), [tickets.breached]);
  const unknown = await app.request('GET', '/api/v1/tickets/count?cf.nope=1', { token: agent.token });
  t.true(unknown.status >= 400 && unknown.status < 500);
  t.is(unknown.body.errors[0].path, 'cf.nope');
  t.is((await app.request('GET', '/api/v1/tickets?cf.seats=many', { token: agent.token })).status, 422);
});

test('slaDue sorts running deadlines first, soonest first, pages through a cursor, then the rest', async (t) => {
  const { app, admin, tickets } = t.context;
  const all = await app.request('GET', '/api/v1/tickets?sort=slaDue&limit=200', { token: admin.token });
  t.is(all.status, 200, JSON.stringify(all.body));
  const order = ids(all.body);
  t.deepEqual(order.slice(0, 4), [tickets.breached, tickets.dueSoon, tickets.hidden, tickets.ok]);
  t.deepEqual(order.slice(4).sort(), [tickets.none, tickets.noInstance].sort());
  // Page by two and by three: the pages join up to the same order, across the deadline/no-deadline border.
  for (const limit of [1, 2, 3, 4]) {
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: { data: { id: number }[]; nextCursor: string | null } } = await app.request('GET', `/api/v1/tickets?sort=slaDue&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, { token: admin.token });
      t.is(res.status, 200);
      seen.push(...ids(res.body));
      cursor = res.body.nextCursor;
    } while (cursor && seen.length < 50);
    t.deepEqual(seen.filter((id) => order.includes(id)), order, `limit ${limit}`);
  }
  const desc = await app.request('GET', '/api/v1/tickets?sort=-slaDue&limit=200', { token: admin.token });
  t.deepEqual(ids(desc.body).slice(0, 4), [tickets.ok, tickets.hidden, tickets.dueSoon, tickets.breached]);
  const forged = await app.request('GET', `/api/v1/tickets?sort=slaDue&cursor=${Buffer.from(JSON.stringify([5, 1])).toString('base64url')}`, { token: admin.token });
  t.is(forged.status, 422);
});

test('personal views are the owner\'s alone; shared views need settings:write', async (t) => {
  const { app, agent, otherAgent, admin, customer } = t.context;
  const mine = await app.request('POST', '/api/v1/views', { token: agent.token, body: { name: 'My gold', scope: 'personal', filters: { customFields: { plan: 'gold' } } } });
  t.is(mine.status, 201, JSON.stringify(mine.body));
  t.is(mine.body.ownerId, agent.id);
  t.is(mine.body.sort, '-updatedAt');
  t.true(await count(app.db('audit_log').where({ entity_type: 'saved_view', entity_id: String(mine.body.id), action: 'view.create' })) === 1);

  const theirs = await app.request('GET', '/api/v1/views', { token: otherAgent.token });
  t.is(theirs.status, 200);
  t.false(ids(theirs.body).includes(mine.body.id), 'a personal view is invisible to another worker');
  t.is((await app.request('PATCH', `/api/v1/views/${mine.body.id}`, { token: otherAgent.token, body: { name: 'Stolen' } })).status, 404);
  t.is((await app.request('DELETE', `/api/v1/views/${mine.body.id}`, { token: otherAgent.token })).status, 404);
  t.is((await app.request('GET', '/api/v1/views', { token: customer.token })).status, 403);

  const shared = await app.request('POST', '/api/v1/views', { token: agent.token, body: { name: 'Team gold', scope: 'shared', filters: {} } });
  t.is(shared.status, 403);
  t.regex(shared.body.detail, /settings:write/);
  const made = await app.request('POST', '/api/v1/views', { token: admin.token, body: { name: 'Team gold', scope: 'shared', filters: { customFields: { plan: 'gold' } }, position: 5 } });
  t.is(made.status, 201);
  t.is(made.body.ownerId, null);
  t.true(ids((await app.request('GET', '/api/v1/views', { token: otherAgent.token })).body).includes(made.body.id));
  t.is((await app.request('PATCH', `/api/v1/views/${made.body.id}`, { token: agent.token, body: { name: 'Renamed' } })).status, 403);
  t.is((await app.request('DELETE', `/api/v1/views/${made.body.id}`, { token: agent.token })).status, 403);
  // Making one's own view shared is a shared write too.
  t.is((await app.request('PATCH', `/api/v1/views/${mine.body.id}`, { token: agent.token, body: { scope: 'shared' } })).status, 403);
  const renamed = await app.request('PATCH', `/api/v1/views/${mine.body.id}`, { token: agent.token, body: { name: 'Gold, mine', sort: 'slaDue' } });
  t.is(renamed.status, 200);
  t.is(renamed.body.name, 'Gold, mine');
  t.is(renamed.body.sort, 'slaDue');
  t.is((await app.request('DELETE', `/api/v1/views/${made.body.id}`, { token: admin.token })).status, 204);
  t.is(await count(app.db('saved_views').where({ id: made.body.id })), 0);
});

test('view filters are validated: unknown ids and fields answer 400 with the field path and save nothing', async (t) => {
  const { app, agent } = t.context;
  const before = await count(app.db('saved_views'));
  const bad = await app.request('POST', '/api/v1/views', {
    token: agent.token,
    body: { name: 'Broken', scope: 'personal', filters: { status: [999_999], priority: [888_888], team: 777_777, assignee: 666_666, customFields: { nope: 'x', seats: 'many' } } },
  });
  t.is(bad.status, 400, JSON.stringify(bad.body));
  t.is(bad.headers.get('content-type'), 'application/problem+json');
  t.deepEqual(bad.body.errors.map((e: { path: string }) => e.path).sort(), [
    'filters.assignee', 'filters.customFields.nope', 'filters.customFields.seats', 'filters.priority.0', 'filters.status.0', 'filters.team',
  ]);
  const unknownKey = await app.request('POST', '/api/v1/views', { token: agent.token, body: { name: 'x', scope: 'personal', filters: { colour: 'red' } } });
  t.is(unknownKey.status, 422);
  t.is(unknownKey.body.errors[0].path, 'filters.colour');
  t.is((await app.request('POST', '/api/v1/views', { token: agent.token, body: { name: 'x', scope: 'team', filters: {} } })).status, 422);
  t.is(await count(app.db('saved_views')), before);
});

test('view counts agree with GET /tickets for the same filters, `me` being the caller', async (t) => {
  const { app, agent, otherAgent } = t.context;
  const made = await app.request('POST', '/api/v1/views', { token: agent.token, body: { name: 'Mine, gold', scope: 'personal', filters: { assignee: 'me', customFields: { plan: 'gold' }, statusCategory: ['new', 'open'] } } });
  t.is(made.status, 201);
  const views = (await app.request('GET', '/api/v1/views', { token: agent.token })).body.data as { id: number; name: string; filters: never; sort: never }[];
  const counts = await app.request('GET', '/api/v1/views/counts', { token: agent.token });
  t.is(counts.status, 200);
  t.deepEqual(counts.body.data.map((c: { viewId: number }) => c.viewId), views.map((v) => v.id));
  for (const v of views) {
    const params = new URLSearchParams({ ...viewQueryParams(v.filters, v.sort), limit: '200' });
    const list = await app.request('GET', `/api/v1/tickets?${params}`, { token: agent.token });
    t.is(list.status, 200, `${v.name}: ${JSON.stringify(list.body)}`);
    const c = counts.body.data.find((x: { viewId: number }) => x.viewId === v.id);
    t.is(c.count, list.body.data.length, v.name);
    t.false(c.capped);
  }
  t.is(counts.body.data.find((c: { viewId: number }) => c.viewId === made.body.id).count, 1);
  // The seeded shared views exist on a fresh install, in position order.
  t.deepEqual(views.filter((v) => !v.name.includes('gold') && !v.name.includes('Gold')).map((v) => v.name).slice(0, 4), ['My open tickets', 'Unassigned', 'SLA breached', 'All unresolved']);
  const theirs = await app.request('GET', '/api/v1/views/counts', { token: otherAgent.token });
  const myOpen = views.find((v) => v.name === 'My open tickets')!;
  t.is(counts.body.data.find((c: { viewId: number }) => c.viewId === myOpen.id).count, 2, 'agent has two open tickets assigned');
  t.is(theirs.body.data.find((c: { viewId: number }) => c.viewId === myOpen.id).count, 0, '`me` is whoever asks');
});
