import { createDb } from '../../db/knex';
import { drainTeamQueue, routeTicket } from '../../services/routing/routing.service';
import { createTeam, createWorker } from '../helpers/app';
import { workspaceTest } from '../helpers/workspace';

const test = workspaceTest();

async function newTicket(t: { context: { app: { request: Function }; admin: { token: string }; customer: { id: number } } }, teamId: number | null, subject = 'Help', extra: Record<string, unknown> = {}): Promise<number> {
  const res = await t.context.app.request('POST', '/api/v1/tickets', {
    token: t.context.admin.token, body: { subject, requesterId: t.context.customer.id, ...(teamId !== null && { teamId }), message: { bodyText: `${subject} please` }, ...extra },
  });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body.id as number;
}

test.serial('routing profile, availability and team calendar: API, validation and audit', async (t) => {
  const { app, admin, agent } = t.context;
  const put = await app.request('PUT', `/api/v1/workers/${agent.id}/routing-profile`, {
    token: admin.token,
    body: { timeZone: 'Europe/Berlin', languages: ['en', 'de'], capacity: 3, channelCapacity: { chat: 1 }, skills: [{ skill: 'billing', level: 4 }], shifts: { 1: [{ start: '09:00', end: '17:00' }] } },
  });
  t.is(put.status, 200, JSON.stringify(put.body));
  t.deepEqual(put.body.skills, [{ skill: 'billing', level: 4 }]);
  t.is(put.body.availability, 'offline');
  const bad = await app.request('PUT', `/api/v1/workers/${agent.id}/routing-profile`, { token: admin.token, body: { capacity: -1, timeZone: 'Mars/Base', skills: [{ skill: 'x', level: 9 }] } });
  t.is(bad.status, 422);
  t.true(['capacity', 'timeZone'].every((p) => JSON.stringify(bad.body).includes(p)));
  t.is((await app.request('PUT', `/api/v1/workers/${agent.id}/routing-profile`, { token: agent.token, body: { capacity: 3 } })).status, 403, 'agents see; admins and leads of the worker\'s team manage');
  const me = await app.request('PUT', '/api/v1/me/availability', { token: agent.token, body: { availability: 'online' } });
  t.is(me.status, 200);
  t.is(me.body.availability, 'online');
  const audits = await app.db('audit_log').where({ entity_type: 'worker_routing_profile', entity_id: String(agent.id) }).pluck('action');
  t.deepEqual(audits.sort(), ['worker.availability_update', 'worker.routing_profile_update']);
  const teamId = await createTeam(app.db);
  const cal = (await app.db('calendars').first('id')).id as number;
  t.is((await app.request('PUT', `/api/v1/teams/${teamId}/calendar`, { token: admin.token, body: { calendarId: cal } })).status, 200);
  t.is((await app.request('PUT', `/api/v1/teams/${teamId}/calendar`, { token: admin.token, body: { calendarId: 999999 } })).status, 422);
});

test.serial('rules: CRUD, reorder, dry-run explains the match, and routing applies actions and records the decision', async (t) => {
  const { app, admin } = t.context;
  const billing = await createTeam(app.db);
  const general = await createTeam(app.db);
  const expert = await createWorker(app.db, { role: 'agent', teamIds: [billing] });
  const novice = await createWorker(app.db, { role: 'agent', teamIds: [billing] });
  const setProfile = (id: number, level: number) => app.request('PUT', `/api/v1/workers/${id}/routing-profile`, {
    token: admin.token, body: { skills: [{ skill: 'billing', level }], availability: 'online', capacity: 5 },
  });
  t.is((await setProfile(expert.id, 5)).status, 200);
  t.is((await setProfile(novice.id, 2)).status, 200);

  const create = (body: unknown) => app.request('POST', '/api/v1/routing-rules', { token: admin.token, body });
  const catchAll = await create({ name: 'everything else', actions: { routeToTeam: general } });
  const refunds = await create({
    name: 'refunds', conditions: [{ field: 'text', op: 'contains_any', values: ['refund'] }],
    actions: { routeToTeam: billing, requireSkills: [{ skill: 'billing', minLevel: 2 }], addTags: ['refund'] },
  });
  t.is(refunds.status, 201, JSON.stringify(refunds.body));
  t.is((await create({ name: 'bad', actions: { routeToTeam: 999999 } })).status, 422);
  t.is((await create({ name: 'bad', kind: 'tagging', actions: { assignTo: expert.id } })).status, 422);
  // Catch-all was created first; move refunds ahead of it.
  const order = await app.request('PUT', '/api/v1/routing-rules/order', { token: admin.token, body: { ids: [refunds.body.id, catchAll.body.id] } });
  t.deepEqual(order.body.data.map((r: { name: string }) => r.name), ['refunds', 'everything else']);
  t.is((await app.request('PUT', '/api/v1/routing-rules/order', { token: admin.token, body: { ids: [refunds.body.id] } })).status, 422);

  const dry = await app.request('POST', '/api/v1/routing-rules/dry-run', { token: admin.token, body: { ticket: { subject: 'Refund for order 7' } } });
  t.is(dry.status, 200, JSON.stringify(dry.body));
  t.deepEqual(dry.body.rule, { id: refunds.body.id, name: 'refunds' });
  t.is(dry.body.evaluated[0].conditions[0].matched, true);
  t.deepEqual(dry.body.candidates.map((c: { workerId: number; rank: number }) => [c.workerId, c.rank]), [[novice.id, 1], [expert.id, 2]], 'closest level first');
  t.is(await app.db('routing_decisions').count({ n: '*' }).first().then((r) => Number(r?.n)), 0, 'dry run writes nothing');

  const ticketId = await newTicket(t, null, 'I want a refund');
  const routed = await routeTicket(app.db, ticketId, { trigger: 'ticket_created' });
  t.is(routed?.decision.chosen, novice.id);
  const ticket = await app.request('GET', `/api/v1/tickets/${ticketId}`, { token: admin.token });
  t.is(ticket.body.teamId, billing);
  t.is(ticket.body.assigneeId, novice.id);
  t.true(ticket.body.tags.includes('refund'));
  const history = await app.request('GET', `/api/v1/tickets/${ticketId}/routing`, { token: admin.token });
  t.is(history.body.data[0].outcome, 'assigned');
  t.is(history.body.data[0].decision.rule.name, 'refunds');
  t.is(history.body.data[0].decision.candidates.length, 2);
  t.is((await app.request('GET', `/api/v1/tickets/${ticketId}/routing`, { token: t.context.customer.token })).status, 403);
  t.true((await app.db('audit_log').where({ entity_type: 'ticket', entity_id: String(ticketId), action: 'ticket.update' }).first()) !== undefined, 'the assignment is audited');

  const patched = await app.request('PATCH', `/api/v1/routing-rules/${refunds.body.id}`, { token: admin.token, body: { active: false } });
  t.is(patched.status, 200);
  t.is((await app.request('PATCH', `/api/v1/routing-rules/${refunds.body.id}`, { token: admin.token, body: { match: 'sometimes' } })).status, 422);
  t.is((await app.request('DELETE', `/api/v1/routing-rules/${refunds.body.id}`, { token: admin.token })).status, 204);
  t.is((await app.request('DELETE', `/api/v1/routing-rules/${catchAll.body.id}`, { token: admin.token })).status, 204);
  const actions = await app.db('audit_log').where({ entity_type: 'routing_rule' }).pluck('action');
  t.deepEqual([...new Set(actions)].sort(), ['routing_rule.create', 'routing_rule.delete', 'routing_rule.reorder', 'routing_rule.update']);
});

test.serial('capacity under concurrency: 40 tickets routed in parallel never push a worker over capacity; the rest queue and drain in SLA order', async (t) => {
  const { app } = t.context;
  const teamId = await createTeam(app.db);
  const workers = [];
  for (let i = 0; i < 5; i++) {
    const w = await createWorker(app.db, { role: 'agent', teamIds: [teamId] });
    await app.db('worker_routing_profiles').insert({ worker_id: w.id, availability: 'online', capacity: 3 });
    workers.push(w.id);
  }
  const tickets: number[] = [];
  for (let i = 0; i < 40; i++) tickets.push(await newTicket(t, teamId, `Parallel ${i}`));
  // A second pool so the parallel transactions really run on separate connections.
  const db = createDb(app.dbUrl, { poolMax: 16 });
  try {
    const results = await Promise.all(tickets.map((id) => routeTicket(db, id, { trigger: 'ticket_created' })));
    const open: Array<{ assignee_id: number; n: string }> = await app.db('tickets').whereIn('assignee_id', workers).groupBy('assignee_id').select('assignee_id').count({ n: '*' }) as never;
    t.is(open.length, 5);
    for (const row of open) t.true(Number(row.n) <= 3, `worker ${row.assignee_id} has ${row.n} open`);
    t.is(results.filter((r) => r?.decision.outcome === 'assigned').length, 15);
    t.is(results.filter((r) => r?.decision.outcome === 'queued').length, 25);
    t.is(Number((await app.db('routing_queue').where({ team_id: teamId }).count({ n: '*' }).first())?.n), 25);

    // Capacity frees: solve one ticket. The most SLA-urgent queued ticket goes first, not the oldest.
    const queued = results.map((r, i) => (r?.decision.outcome === 'queued' ? tickets[i]! : null)).filter((x): x is number => x !== null);
    const urgent = queued[queued.length - 1]!;
    await app.db('lifecycle_instances').insert({ ticket_id: urgent, state: '{}', next_deadline_at: new Date(Date.now() + 60_000) })
      .onConflict('ticket_id').merge(['next_deadline_at']);
    const solvedStatus = (await app.db('statuses').where({ category: 'solved' }).first('id')).id;
    const victim = results.find((r) => r?.decision.outcome === 'assigned')!.decision.chosen!;
    const assignedTicket = (await app.db('tickets').where({ assignee_id: victim }).first('id')).id as number;
    await app.db('tickets').where({ id: assignedTicket }).update({ status_id: solvedStatus, status_category: 'solved' });
    t.is(await drainTeamQueue(db, teamId), 1);
    t.is((await app.db('tickets').where({ id: urgent }).first('assignee_id')).assignee_id, victim);
    t.is(Number((await app.db('routing_queue').where({ team_id: teamId }).count({ n: '*' }).first())?.n), 24);
    // A worker going offline past the threshold gives their tickets back.
    await app.db('worker_routing_profiles').where({ worker_id: victim }).update({ availability: 'offline' });
    const back = await routeTicket(db, urgent, { trigger: 'assignee_offline' });
    t.is(back?.decision.outcome, 'queued');
    t.is((await app.db('tickets').where({ id: urgent }).first('assignee_id')).assignee_id, null);
  } finally {
    await db.destroy();
  }
});
