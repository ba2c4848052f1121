import { count } from '../helpers/db';
import { workspaceTest, type Workspace } from '../helpers/workspace';

// Serial: these tests move the workspace-wide default status and priority.
const test = workspaceTest();

let n = 0;
const uniq = (s: string) => `${s} ${++n}`;

async function newTicket(t: { context: Workspace }, body: Record<string, unknown> = {}): Promise<any> {
  const { app, admin, customer } = t.context;
  const res = await app.request('POST', '/api/v1/tickets', { token: admin.token, body: { subject: 'Status test', requesterId: customer.id, ...body } });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body;
}

test.serial('a new default status replaces the old one in the same transaction, with audit rows for both', async (t) => {
  const { app, admin } = t.context;
  const oldDefault = await app.db('statuses').where({ is_default: true }).first();
  const created = await app.request('POST', '/api/v1/statuses', { token: admin.token, body: { name: uniq('Triage'), category: 'new', isDefault: true, color: '#123abc', position: 5 } });
  t.is(created.status, 201, JSON.stringify(created.body));
  t.like(created.body, { category: 'new', isDefault: true, active: true, color: '#123abc', position: 5, version: 1 });
  t.is(created.headers.get('etag'), '"v1"');
  t.deepEqual(await app.db('statuses').where({ is_default: true }).pluck('id'), [created.body.id]);
  const oldAudit = await app.db('audit_log').where({ entity_type: 'status', entity_id: String(oldDefault.id), action: 'status.update' }).orderBy('id', 'desc').first();
  t.deepEqual(oldAudit.diff.isDefault, { from: true, to: false });
  t.is(oldAudit.actor_id, admin.id);
  // Tickets now start in the new default.
  t.is((await newTicket(t)).status.id, created.body.id);

  // Unsetting or deactivating the default would leave none: 422 naming the field.
  const unset = await app.request('PATCH', `/api/v1/statuses/${created.body.id}`, { token: admin.token, body: { isDefault: false } });
  t.is(unset.status, 422);
  t.is(unset.body.errors[0].path, 'isDefault');
  const deactivate = await app.request('PATCH', `/api/v1/statuses/${created.body.id}`, { token: admin.token, body: { active: false } });
  t.is(deactivate.status, 422);
  t.is(deactivate.body.errors[0].path, 'active');
  const del = await app.request('DELETE', `/api/v1/statuses/${created.body.id}`, { token: admin.token });
  t.is(del.status, 422);

  const back = await app.request('PATCH', `/api/v1/statuses/${oldDefault.id}`, { token: admin.token, body: { isDefault: true } });
  t.is(back.status, 200);
  t.deepEqual(await app.db('statuses').where({ is_default: true }).pluck('id'), [oldDefault.id]);
});

test.serial('concurrent "make default" requests leave exactly one default', async (t) => {
  const { app, admin } = t.context;
  const ids: number[] = [];
  for (let i = 0; i < 4; i++) ids.push((await app.request('POST', '/api/v1/statuses', { token: admin.token, body: { name: uniq('Race'), category: 'open' } })).body.id);
  const results = await Promise.all(ids.map((id) => app.request('PATCH', `/api/v1/statuses/${id}`, { token: admin.token, body: { isDefault: true } })));
  t.deepEqual(results.map((r) => r.status), [200, 200, 200, 200]);
  t.is(await count(app.db('statuses').where({ is_default: true })), 1);
  const original = await app.db('statuses').where({ name: 'New' }).first('id');
  t.is((await app.request('PATCH', `/api/v1/statuses/${original.id}`, { token: admin.token, body: { isDefault: true } })).status, 200);
});

test.serial('changing a status category rewrites tickets.status_category so queues see it at once', async (t) => {
  const { app, admin } = t.context;
  const status = (await app.request('POST', '/api/v1/statuses', { token: admin.token, body: { name: uniq('Waiting on vendor'), category: 'open' } })).body;
  const ticket = await newTicket(t, { statusId: status.id });
  t.is(ticket.status.category, 'open');
  const res = await app.request('PATCH', `/api/v1/statuses/${status.id}`, { token: admin.token, headers: { 'if-match': '"v1"' }, body: { category: 'pending' } });
  t.is(res.status, 200, JSON.stringify(res.body));
  t.is(res.body.version, 2);
  t.is((await app.db('tickets').where({ id: ticket.id }).first()).status_category, 'pending');
  const queue = await app.request('GET', `/api/v1/tickets?statusCategory=pending&status=${status.id}`, { token: admin.token });
  t.deepEqual(queue.body.data.map((x: any) => x.id), [ticket.id]);
  const audit = await app.db('audit_log').where({ entity_type: 'status', entity_id: String(status.id), action: 'status.update' }).first();
  t.deepEqual(audit.diff.category, { from: 'open', to: 'pending' });

  const stale = await app.request('PATCH', `/api/v1/statuses/${status.id}`, { token: admin.token, headers: { 'if-match': '"v1"' }, body: { category: 'open' } });
  t.is(stale.status, 409);
  t.is((await app.db('tickets').where({ id: ticket.id }).first()).status_category, 'pending');
});

test.serial('a status used by tickets cannot be deleted (409, deactivate instead); an unused one can', async (t) => {
  const { app, admin } = t.context;
  const used = (await app.request('POST', '/api/v1/statuses', { token: admin.token, body: { name: uniq('Escalated'), category: 'open' } })).body;
  await newTicket(t, { statusId: used.id });
  const refused = await app.request('DELETE', `/api/v1/statuses/${used.id}`, { token: admin.token });
  t.is(refused.status, 409);
  t.regex(refused.body.detail, /deactivate/i);
  t.truthy(await app.db('statuses').where({ id: used.id }).first());

  const deactivated = await app.request('PATCH', `/api/v1/statuses/${used.id}`, { token: admin.token, body: { active: false } });
  t.is(deactivated.status, 200);
  const refusedUse = await app.request('POST', '/api/v1/tickets', { token: admin.token, body: { subject: 'x', requesterId: t.context.customer.id, statusId: used.id } });
  t.is(refusedUse.status, 422);
  t.is(refusedUse.body.errors[0].path, 'statusId');
  const activeOnly = await app.request('GET', '/api/v1/statuses?active=true&limit=200', { token: admin.token });
  t.false(activeOnly.body.data.some((s: any) => s.id === used.id));

  const unused = (await app.request('POST', '/api/v1/statuses', { token: admin.token, body: { name: uniq('Never used'), category: 'open' } })).body;
  t.is((await app.request('DELETE', `/api/v1/statuses/${unused.id}`, { token: admin.token })).status, 204);
  t.is((await app.request('GET', `/api/v1/statuses/${unused.id}`, { token: admin.token })).status, 404);
  t.truthy(await app.db('audit_log').where({ entity_type: 'status', entity_id: String(unused.id), action: 'status.delete' }).first());
});

test.serial('priorities: unique rank, rank changes reach tickets.priority_rank, one default, delete rules', async (t) => {
  const { app, admin } = t.context;
  const taken = await app.request('POST', '/api/v1/priorities', { token: admin.token, body: { name: uniq('Clash'), rank: 20 } });
  t.is(taken.status, 409);
  t.deepEqual(taken.body.errors, [{ path: 'rank', message: 'another priority has this rank' }]);

  const p = await app.request('POST', '/api/v1/priorities', { token: admin.token, body: { name: uniq('Critical'), rank: 50, color: '#ff0000' } });
  t.is(p.status, 201, JSON.stringify(p.body));
  const ticket = await newTicket(t, { priorityId: p.body.id });
  t.is(ticket.priority.rank, 50);
  const moved = await app.request('PATCH', `/api/v1/priorities/${p.body.id}`, { token: admin.token, body: { rank: 60, version: 1 } });
  t.is(moved.status, 200);
  t.is((await app.db('tickets').where({ id: ticket.id }).first()).priority_rank, 60);
  const top = await app.request('GET', '/api/v1/tickets?sort=priority&limit=1', { token: admin.token });
  t.is(top.body.data[0].id, ticket.id);

  const defaultBefore = await app.db('priorities').where({ is_default: true }).first();
  t.is((await app.request('PATCH', `/api/v1/priorities/${p.body.id}`, { token: admin.token, body: { isDefault: true } })).status, 200);
  t.deepEqual(await app.db('priorities').where({ is_default: true }).pluck('id'), [p.body.id]);
  t.is((await app.request('PATCH', `/api/v1/priorities/${p.body.id}`, { token: admin.token, body: { active: false } })).status, 422);
  t.is((await app.request('PATCH', `/api/v1/priorities/${defaultBefore.id}`, { token: admin.token, body: { isDefault: true } })).status, 200);

  const inUse = await app.request('DELETE', `/api/v1/priorities/${p.body.id}`, { token: admin.token });
  t.is(inUse.status, 409);
  t.regex(inUse.body.detail, /deactivate/i);
  const spare = await app.request('POST', '/api/v1/priorities', { token: admin.token, body: { name: uniq('Spare'), rank: 99 } });
  t.is((await app.request('DELETE', `/api/v1/priorities/${spare.body.id}`, { token: admin.token })).status, 204);
});

test.serial('bad input gives field-level 422s and nothing is written', async (t) => {
  const { app, admin } = t.context;
  const before = await count(app.db('statuses'));
  const unknown = await app.request('POST', '/api/v1/statuses', { token: admin.token, body: { name: 'X', category: 'open', colour: '#fff' } });
  t.is(unknown.status, 422);
  t.deepEqual(unknown.body.errors, [{ path: 'colour', message: 'is not a known field' }]);
  const bad = await app.request('POST', '/api/v1/statuses', { token: admin.token, body: { name: '', category: 'limbo', color: 'red', position: -1 } });
  t.is(bad.status, 422);
  t.deepEqual(bad.body.errors.map((e: any) => e.path).sort(), ['category', 'color', 'name', 'position']);
  const empty = await app.request('PATCH', '/api/v1/priorities/1', { token: admin.token, body: {} });
  t.is(empty.status, 422);
  const dup = await app.request('POST', '/api/v1/statuses', { token: admin.token, body: { name: 'open', category: 'open' } });
  t.is(dup.status, 409);
  t.is(dup.body.errors[0].path, 'name');
  const badIfMatch = await app.request('PATCH', '/api/v1/priorities/1', { token: admin.token, headers: { 'if-match': 'nope' }, body: { color: '#000000' } });
  t.is(badIfMatch.status, 422);
  t.is(await count(app.db('statuses')), before);
  t.is((await app.request('PATCH', '/api/v1/statuses/999999', { token: admin.token, body: { color: '#000000' } })).status, 404);
});

test.serial('agents read settings but cannot change them; customers cannot read them', async (t) => {
  const { app, agent, customer } = t.context;
  t.is((await app.request('GET', '/api/v1/statuses', { token: agent.token })).status, 200);
  t.is((await app.request('POST', '/api/v1/statuses', { token: agent.token, body: { name: 'Agent made', category: 'open' } })).status, 403);
  t.is((await app.request('GET', '/api/v1/priorities', { token: customer.token })).status, 403);
});

test.serial('lists walk every row once with keyset cursors', async (t) => {
  const { app, admin } = t.context;
  for (const path of ['/api/v1/statuses', '/api/v1/priorities']) {
    const total = await count(app.db(path.endsWith('statuses') ? 'statuses' : 'priorities'));
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const res: any = await app.request('GET', `${path}?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: admin.token });
      t.is(res.status, 200);
      seen.push(...res.body.data.map((x: any) => x.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    t.is(seen.length, total);
    t.is(new Set(seen).size, total);
  }
  const priorities = (await app.request('GET', '/api/v1/priorities?limit=200', { token: admin.token })).body.data;
  const ranks = priorities.map((p: any) => p.rank);
  t.deepEqual(ranks, [...ranks].sort((a, b) => a - b));
  t.is((await app.request('GET', '/api/v1/statuses?cursor=garbage', { token: admin.token })).status, 422);
});
