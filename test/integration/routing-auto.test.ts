import type { ExecutionContext } from 'ava';
import { createTaskList } from '../../activities/tasks';
import { enqueueRouteTicket } from '../../services/routing/routing.jobs';
import { createTeam, createWorker, type TestWorker } from '../helpers/app';
import { drainDueJobs, silentLogger } from '../helpers/lifecycle-fixtures';
import { workspaceTest, type Workspace } from '../helpers/workspace';

const test = workspaceTest();
type T = ExecutionContext<Workspace>;

/** Run every due job (outbox fan-out, route_ticket, drain_routing_queue, metrics…) through real graphile-worker. */
const settle = (t: T) => drainDueJobs(t.context.app.dbUrl, createTaskList({ db: t.context.app.db, config: t.context.app.config, logger: silentLogger }));

async function newTicket(t: T, subject: string): Promise<number> {
  const res = await t.context.app.request('POST', '/api/v1/tickets', {
    token: t.context.admin.token, body: { subject, requesterId: t.context.customer.id, message: { bodyText: `${subject}, please help` } },
  });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body.id as number;
}

const ticket = async (t: T, id: number) => (await t.context.app.request('GET', `/api/v1/tickets/${id}`, { token: t.context.admin.token })).body as { assigneeId: number | null; teamId: number | null; version: number };
const routing = async (t: T, id: number) => (await t.context.app.request('GET', `/api/v1/tickets/${id}/routing`, { token: t.context.admin.token })).body.data as Array<{ trigger: string; outcome: string; chosenWorkerId: number | null; decision: { rule: { name: string } | null } }>;

async function solve(t: T, id: number, as: TestWorker): Promise<void> {
  const solved = (await t.context.app.db('statuses').where({ category: 'solved' }).first('id')).id as number;
  const res = await t.context.app.request('PATCH', `/api/v1/tickets/${id}`, { token: as.token, body: { statusId: solved, version: (await ticket(t, id)).version } });
  t.is(res.status, 200, JSON.stringify(res.body));
}

/** The invariant: no agent ever holds more open tickets than their capacity (1). */
async function assertWithinCapacity(t: T, agents: number[]): Promise<void> {
  const rows = (await t.context.app.db('tickets').whereIn('assignee_id', agents).whereNotIn('status_category', ['solved', 'closed'])
    .groupBy('assignee_id').select('assignee_id').count({ n: '*' })) as Array<{ assignee_id: number; n: string }>;
  for (const r of rows) t.true(Number(r.n) <= 1, `agent ${r.assignee_id} holds ${r.n} open tickets with capacity 1`);
}

test.serial('new tickets route by the rules on their own; the overflow waits and is assigned when capacity frees or an agent comes online', async (t) => {
  const { app, admin } = t.context;
  const teamId = await createTeam(app.db); // no calendar and no own shifts: always on shift
  const a = await createWorker(app.db, { role: 'agent', teamIds: [teamId] });
  const b = await createWorker(app.db, { role: 'agent', teamIds: [teamId] });
  const agents = [a.id, b.id];
  for (const w of [a, b]) {
    const res = await app.request('PUT', `/api/v1/workers/${w.id}/routing-profile`, { token: admin.token, body: { capacity: 1, availability: 'online' } });
    t.is(res.status, 200, JSON.stringify(res.body));
  }
  const rule = await app.request('POST', '/api/v1/routing-rules', { token: admin.token, body: { name: 'support desk', actions: { routeToTeam: teamId } } });
  t.is(rule.status, 201, JSON.stringify(rule.body));

  // Three tickets, nobody assigns them by hand.
  const ids = [await newTicket(t, 'First'), await newTicket(t, 'Second'), await newTicket(t, 'Third')];
  t.is((await ticket(t, ids[0]!)).assigneeId, null, 'routing is a background job, not part of the request');
  await settle(t);
  await assertWithinCapacity(t, agents);
  const [first, second, third] = await Promise.all(ids.map((id) => ticket(t, id)));
  t.deepEqual([first!.assigneeId, second!.assigneeId].sort(), [...agents].sort(), 'each agent got one of the first two');
  t.is(third!.assigneeId, null);
  t.deepEqual([first!.teamId, second!.teamId, third!.teamId], [teamId, teamId, teamId], 'the rule set the team');
  for (const id of ids.slice(0, 2)) {
    const [d] = await routing(t, id);
    t.like(d, { trigger: 'ticket_created', outcome: 'assigned', decision: { rule: { name: 'support desk' } } });
  }
  const [queuedDecision] = await routing(t, ids[2]!);
  t.like(queuedDecision, { trigger: 'ticket_created', outcome: 'queued', chosenWorkerId: null });
  t.truthy(await app.db('routing_queue').where({ ticket_id: ids[2], team_id: teamId }).first());
  const decisionsOf = async (id: number) => (await routing(t, id)).length;
  t.is(await decisionsOf(ids[0]!), 1, 'the team change routing made did not trigger a second routing');

  // Re-running the job for an assigned ticket changes nothing and records nothing.
  await enqueueRouteTicket(app.db, { ticketId: ids[0]!, trigger: 'ticket_created' });
  await settle(t);
  t.is((await ticket(t, ids[0]!)).assigneeId, first!.assigneeId);
  t.is(await decisionsOf(ids[0]!), 1);

  // The first ticket's agent solves it: the waiting ticket goes to them.
  const freed = first!.assigneeId!;
  await solve(t, ids[0]!, freed === a.id ? a : b);
  await settle(t);
  await assertWithinCapacity(t, agents);
  t.is((await ticket(t, ids[2]!)).assigneeId, freed);
  t.like((await routing(t, ids[2]!))[0], { trigger: 'queue_drain', outcome: 'assigned', chosenWorkerId: freed });
  t.falsy(await app.db('routing_queue').where({ ticket_id: ids[2] }).first());

  // Both full again; a fourth ticket waits. The other agent goes offline, their ticket is solved (nobody can take
  // the waiting one: they are offline, the other is full); coming back online hands it to them.
  const other = freed === a.id ? b : a;
  const fourth = await newTicket(t, 'Fourth');
  await settle(t);
  t.is((await ticket(t, fourth)).assigneeId, null);
  t.is((await app.request('PUT', '/api/v1/me/availability', { token: other.token, body: { availability: 'offline' } })).status, 200);
  await solve(t, ids[1]!, admin);
  await settle(t);
  t.is((await ticket(t, fourth)).assigneeId, null, 'offline agents get nothing even with free capacity');
  t.truthy(await app.db('routing_queue').where({ ticket_id: fourth }).first());
  t.is((await app.request('PUT', '/api/v1/me/availability', { token: other.token, body: { availability: 'online' } })).status, 200);
  await settle(t);
  await assertWithinCapacity(t, agents);
  t.is((await ticket(t, fourth)).assigneeId, other.id);
  t.like((await routing(t, fourth))[0], { trigger: 'queue_drain', outcome: 'assigned' });
  t.is(Number((await app.db('routing_queue').where({ team_id: teamId }).count({ n: '*' }).first())?.n), 0);
});

test.serial('a ticket moved to another team while unassigned is routed there; assigned or hand-assigned tickets are left alone', async (t) => {
  const { app, admin } = t.context;
  // Rules from the previous test still route everything to its team; turn them off so the team set by hand holds.
  await app.db('routing_rules').update({ active: false });
  const teamId = await createTeam(app.db);
  const c = await createWorker(app.db, { role: 'agent', teamIds: [teamId] });
  t.is((await app.request('PUT', `/api/v1/workers/${c.id}/routing-profile`, { token: admin.token, body: { capacity: 1, availability: 'online' } })).status, 200);

  const handAssigned = await app.request('POST', '/api/v1/tickets', { token: admin.token, body: { subject: 'Mine', requesterId: t.context.customer.id, assigneeId: admin.id } });
  t.is(handAssigned.status, 201);
  const loose = await newTicket(t, 'No team yet');
  await settle(t);
  t.is((await ticket(t, handAssigned.body.id)).assigneeId, admin.id);
  t.is((await routing(t, handAssigned.body.id)).length, 0, 'a ticket created with an assignee is not routed');
  t.like((await routing(t, loose))[0], { outcome: 'no_team' });

  const res = await app.request('PATCH', `/api/v1/tickets/${loose}`, { token: admin.token, body: { teamId, version: (await ticket(t, loose)).version } });
  t.is(res.status, 200, JSON.stringify(res.body));
  await settle(t);
  t.is((await ticket(t, loose)).assigneeId, c.id);
  t.like((await routing(t, loose))[0], { trigger: 'team_changed', outcome: 'assigned', chosenWorkerId: c.id });
});
