import { createWorker } from '../helpers/app';
import { workspaceTest } from '../helpers/workspace';

const test = workspaceTest();

const stamp = `${process.pid}${Date.now().toString(36)}`;

/** Each resource: how to create it, one change, and its audit entity type. */
const RESOURCES = [
  { path: 'statuses', entity: 'status', create: { name: `Audit status ${stamp}`, category: 'open' }, change: { color: '#abcdef' }, field: 'color' },
  { path: 'priorities', entity: 'priority', create: { name: `Audit priority ${stamp}`, rank: 777 }, change: { rank: 778 }, field: 'rank' },
  { path: 'tags', entity: 'tag', create: { name: `audit-${stamp}` }, change: { color: '#abcdef' }, field: 'color' },
  { path: 'custom-fields', entity: 'custom_field', create: { key: `audit_${stamp}`, label: 'Audit', type: 'text' }, change: { label: 'Audited' }, field: 'label' },
  { path: 'teams', entity: 'team', create: { name: `Audit team ${stamp}` }, change: { focus: 'auditing' }, field: 'focus' },
  { path: 'organizations', entity: 'organization', create: { name: `Audit org ${stamp}` }, change: { notes: 'audited' }, field: 'notes' },
  { path: 'customers', entity: 'customer', create: { name: 'Audit customer' }, change: { name: 'Audited customer' }, field: 'name' },
] as const;

for (const r of RESOURCES) {
  test(`${r.path}: create, update and delete each leave an audit row with before/after`, async (t) => {
    const { app, admin } = t.context;
    const created = await app.request('POST', `/api/v1/${r.path}`, { token: admin.token, body: r.create });
    t.is(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id;
    t.is((await app.request('PATCH', `/api/v1/${r.path}/${id}`, { token: admin.token, body: r.change })).status, 200);
    t.is((await app.request('DELETE', `/api/v1/${r.path}/${id}`, { token: admin.token })).status, 204);
    const log = await app.request('GET', `/api/v1/audit-log?entityType=${r.entity}&entityId=${id}`, { token: admin.token });
    t.is(log.status, 200);
    t.deepEqual(log.body.data.map((e: any) => e.action), [`${r.entity}.delete`, `${r.entity}.update`, `${r.entity}.create`]);
    const [del, upd, crt] = log.body.data;
    t.is(crt.before, null);
    t.is(crt.after.id, id);
    t.deepEqual(upd.diff[r.field].to, Object.values(r.change)[0]);
    t.truthy(upd.before);
    t.truthy(upd.after);
    t.is(del.before.id, id);
    t.deepEqual(crt.actor, { type: 'worker', id: admin.id, via: 'session', viaId: crt.actor.viaId });
    t.truthy(crt.requestId);
  });
}

test('workers and API keys are audited without secrets', async (t) => {
  const { app, admin } = t.context;
  const worker = (await app.request('POST', '/api/v1/workers', { token: admin.token, body: { name: 'Audited', email: `audited-${stamp}@test.local`, role: 'agent', password: 'super secret password' } })).body;
  await app.request('PATCH', `/api/v1/workers/${worker.id}`, { token: admin.token, body: { role: 'supervisor' } });
  const key = (await app.request('POST', '/api/v1/api-keys', { token: admin.token, body: { name: 'audited key', workerId: worker.id } })).body;
  await app.request('DELETE', `/api/v1/api-keys/${key.id}`, { token: admin.token });
  const workerLog = await app.request('GET', `/api/v1/audit-log?entityType=worker&entityId=${worker.id}`, { token: admin.token });
  t.deepEqual(workerLog.body.data.map((e: any) => e.action), ['worker.update', 'worker.create']);
  t.deepEqual(workerLog.body.data[0].diff.role, { from: 'agent', to: 'supervisor' });
  const keyLog = await app.request('GET', `/api/v1/audit-log?entityType=api_key&entityId=${key.id}`, { token: admin.token });
  t.deepEqual(keyLog.body.data.map((e: any) => e.action), ['api_key.revoke', 'api_key.create']);
  const everything = JSON.stringify([workerLog.body, keyLog.body]);
  t.false(everything.includes('super secret password'));
  t.false(everything.includes('argon2'));
  t.false(everything.includes(key.key.slice(-20)));
});

test('filters by actor, action and time; newest first; cursor walks every row once', async (t) => {
  const { app, admin, supervisor } = t.context;
  const actor = await createWorker(app.db, { role: 'admin' });
  const ids: number[] = [];
  for (let i = 0; i < 5; i++) ids.push((await app.request('POST', '/api/v1/tags', { token: actor.token, body: { name: `walk-${stamp}-${i}` } })).body.id);
  const seen: any[] = [];
  let cursor: string | null = null;
  do {
    const res: any = await app.request('GET', `/api/v1/audit-log?actorType=worker&actorId=${actor.id}&action=tag.create&limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: supervisor.token });
    t.is(res.status, 200);
    seen.push(...res.body.data);
    cursor = res.body.nextCursor;
  } while (cursor);
  t.deepEqual(seen.map((e) => Number(e.entityId)), [...ids].reverse());
  const entryIds = seen.map((e) => e.id);
  t.deepEqual(entryIds, [...entryIds].sort((a, b) => b - a));

  const future = new Date(Date.now() + 86_400_000).toISOString();
  const past = '2000-01-01';
  t.is((await app.request('GET', `/api/v1/audit-log?actorId=${actor.id}&from=${encodeURIComponent(future)}`, { token: admin.token })).body.data.length, 0);
  t.is((await app.request('GET', `/api/v1/audit-log?actorId=${actor.id}&to=${past}`, { token: admin.token })).body.data.length, 0);
  t.is((await app.request('GET', `/api/v1/audit-log?actorId=${actor.id}&from=${past}&to=${encodeURIComponent(future)}`, { token: admin.token })).body.data.length, 5);
});

test('bad filters are 422 with the field; only supervisors and admins may read the log', async (t) => {
  const { app, admin, agent } = t.context;
  const bad = await app.request('GET', '/api/v1/audit-log?actorType=alien&from=yesterday', { token: admin.token });
  t.is(bad.status, 422);
  t.deepEqual(bad.body.errors.map((e: any) => e.path).sort(), ['query.actorType', 'query.from']);
  const reversed = await app.request('GET', '/api/v1/audit-log?from=2026-02-01&to=2026-01-01', { token: admin.token });
  t.is(reversed.status, 422);
  t.is(reversed.body.errors[0].path, 'query.to');
  t.is((await app.request('GET', '/api/v1/audit-log?entity=ticket', { token: admin.token })).status, 422);
  t.is((await app.request('GET', '/api/v1/audit-log', { token: agent.token })).status, 403);
});
