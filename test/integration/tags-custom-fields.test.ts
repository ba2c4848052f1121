import { count } from '../helpers/db';
import { type TestApp } from '../helpers/app';
import { workspaceTest, type Workspace } from '../helpers/workspace';

const test = workspaceTest();

let n = 0;
const uniq = (s: string) => `${s}${++n}`;

async function newTicket(t: { context: Workspace }, body: Record<string, unknown>): Promise<any> {
  const { app, admin, customer } = t.context;
  const res = await app.request('POST', '/api/v1/tickets', { token: admin.token, body: { subject: 'Settings test', requesterId: customer.id, ...body } });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body;
}
const tagsOf = async (app: TestApp, id: number) => (await app.db('tickets').where({ id }).first('tags')).tags as string[];

test('tags list with usage counts, by name, with a cursor', async (t) => {
  const { app, admin } = t.context;
  const p = uniq('usage');
  await newTicket(t, { tags: [`${p}-a`, `${p}-b`] });
  await newTicket(t, { tags: [`${p}-a`] });
  const created = await app.request('POST', '/api/v1/tags', { token: admin.token, body: { name: `  ${p.toUpperCase()}-C `, color: '#00ff00' } });
  t.is(created.status, 201, JSON.stringify(created.body));
  t.like(created.body, { name: `${p}-c`, color: '#00ff00', usage: 0 });
  const seen: any[] = [];
  let cursor: string | null = null;
  do {
    const res: any = await app.request('GET', `/api/v1/tags?q=${p}&limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: admin.token });
    t.is(res.status, 200);
    seen.push(...res.body.data);
    cursor = res.body.nextCursor;
  } while (cursor);
  t.deepEqual(seen.map((x) => [x.name, x.usage]), [[`${p}-a`, 2], [`${p}-b`, 1], [`${p}-c`, 0]]);
});

test('renaming a tag rewrites every ticket atomically, keeps order and bumps ticket versions', async (t) => {
  const { app, admin } = t.context;
  const [old, other] = [uniq('legacy'), uniq('keep')];
  const a = await newTicket(t, { tags: [other, old, 'zzz'] });
  const b = await newTicket(t, { tags: [old] });
  const tag = await app.db('tags').where({ name: old }).first('id');
  const renamed = await app.request('PATCH', `/api/v1/tags/${tag.id}`, { token: admin.token, body: { name: `${old}-Renamed` } });
  t.is(renamed.status, 200, JSON.stringify(renamed.body));
  t.like(renamed.body, { name: `${old}-renamed`, usage: 2 });
  t.deepEqual(await tagsOf(app, a.id), [other, `${old}-renamed`, 'zzz']);
  t.deepEqual(await tagsOf(app, b.id), [`${old}-renamed`]);
  t.is(await count(app.db('tickets').whereRaw('tags @> ARRAY[?]::text[]', [old])), 0);
  // An editor still holding the pre-rename ticket must reload rather than restore the old tag.
  const stale = await app.request('PATCH', `/api/v1/tickets/${a.id}`, { token: admin.token, body: { tags: [old], version: a.version } });
  t.is(stale.status, 409);
  const audit = await app.db('audit_log').where({ entity_type: 'tag', entity_id: String(tag.id), action: 'tag.update' }).first();
  t.deepEqual(audit.diff.name, { from: old, to: `${old}-renamed` });
  t.is(audit.after.ticketsRetagged, 2);
});

test('renaming onto an existing tag is a conflict and changes nothing', async (t) => {
  const { app, admin } = t.context;
  const [x, y] = [uniq('x'), uniq('y')];
  const ticket = await newTicket(t, { tags: [x, y] });
  const tag = await app.db('tags').where({ name: x }).first('id');
  const res = await app.request('PATCH', `/api/v1/tags/${tag.id}`, { token: admin.token, body: { name: y } });
  t.is(res.status, 409);
  t.is(res.body.errors[0].path, 'name');
  t.deepEqual(await tagsOf(app, ticket.id), [x, y]);
  t.truthy(await app.db('tags').where({ name: x }).first());
});

test('deleting a tag removes it from every ticket', async (t) => {
  const { app, admin } = t.context;
  const [gone, stays] = [uniq('gone'), uniq('stays')];
  const ticket = await newTicket(t, { tags: [gone, stays] });
  const tag = await app.db('tags').where({ name: gone }).first('id');
  t.is((await app.request('DELETE', `/api/v1/tags/${tag.id}`, { token: admin.token })).status, 204);
  t.deepEqual(await tagsOf(app, ticket.id), [stays]);
  t.falsy(await app.db('tags').where({ name: gone }).first());
  t.is((await app.request('GET', `/api/v1/tags/${tag.id}`, { token: admin.token })).status, 404);
});

test('tag input is validated like ticket tags', async (t) => {
  const { app, admin, agent } = t.context;
  const bad = await app.request('POST', '/api/v1/tags', { token: admin.token, body: { name: 'two words' } });
  t.is(bad.status, 422);
  t.is(bad.body.errors[0].path, 'name');
  const name = uniq('dupe');
  t.is((await app.request('POST', '/api/v1/tags', { token: admin.token, body: { name } })).status, 201);
  const dup = await app.request('POST', '/api/v1/tags', { token: admin.token, body: { name: name.toUpperCase() } });
  t.is(dup.status, 409);
  t.is((await app.request('POST', '/api/v1/tags', { token: agent.token, body: { name: uniq('agent') } })).status, 403);
  t.is((await app.request('GET', '/api/v1/tags', { token: agent.token })).status, 200);
});

test('custom field definitions: validation, immutable key, usable by tickets without a migration', async (t) => {
  const { app, admin } = t.context;
  const key = uniq('region_');
  const noOptions = await app.request('POST', '/api/v1/custom-fields', { token: admin.token, body: { key, label: 'Region', type: 'single_select' } });
  t.is(noOptions.status, 422);
  t.is(noOptions.body.errors[0].path, 'options');
  const textWithOptions = await app.request('POST', '/api/v1/custom-fields', { token: admin.token, body: { key, label: 'Region', type: 'text', options: ['a'] } });
  t.is(textWithOptions.status, 422);
  const badKey = await app.request('POST', '/api/v1/custom-fields', { token: admin.token, body: { key: 'Region-1', label: 'Region', type: 'text', kind: 'x' } });
  t.is(badKey.status, 422);
  t.deepEqual(badKey.body.errors.map((e: any) => e.path).sort(), ['key', 'kind']);

  const created = await app.request('POST', '/api/v1/custom-fields', { token: admin.token, body: { key, label: 'Region', type: 'single_select', options: ['eu', 'us', 'apac'] } });
  t.is(created.status, 201, JSON.stringify(created.body));
  t.like(created.body, { key, type: 'single_select', options: ['eu', 'us', 'apac'], required: false, active: true });
  t.is((await app.request('POST', '/api/v1/custom-fields', { token: admin.token, body: { key, label: 'Again', type: 'text' } })).status, 409);

  const rekey = await app.request('PATCH', `/api/v1/custom-fields/${created.body.id}`, { token: admin.token, body: { key: 'other', type: 'text' } });
  t.is(rekey.status, 422);
  t.deepEqual(rekey.body.errors, [{ path: 'key', message: 'cannot be changed after creation' }, { path: 'type', message: 'cannot be changed after creation' }]);

  const ticket = await newTicket(t, { customFields: { [key]: 'eu' } });
  t.deepEqual(ticket.customFields, { [key]: 'eu' });
  const wrong = await app.request('POST', '/api/v1/tickets', { token: admin.token, body: { subject: 'x', requesterId: t.context.customer.id, customFields: { [key]: 'mars' } } });
  t.is(wrong.status, 422);
});

test('removing a select option tickets use is refused; unused options can go', async (t) => {
  const { app, admin } = t.context;
  const key = uniq('channels_');
  const field = (await app.request('POST', '/api/v1/custom-fields', { token: admin.token, body: { key, label: 'Channels', type: 'multi_select', options: ['mail', 'chat', 'phone'] } })).body;
  await newTicket(t, { customFields: { [key]: ['chat', 'mail'] } });
  const refused = await app.request('PATCH', `/api/v1/custom-fields/${field.id}`, { token: admin.token, body: { options: ['mail', 'phone'] } });
  t.is(refused.status, 409);
  t.regex(refused.body.detail, /"chat" \(1 ticket\)/);
  t.deepEqual((await app.db('custom_field_definitions').where({ id: field.id }).first()).options, ['mail', 'chat', 'phone']);
  const ok = await app.request('PATCH', `/api/v1/custom-fields/${field.id}`, { token: admin.token, headers: { 'if-match': '"v1"' }, body: { options: ['mail', 'chat', 'sms'], label: 'Contact channels' } });
  t.is(ok.status, 200, JSON.stringify(ok.body));
  t.deepEqual(ok.body.options, ['mail', 'chat', 'sms']);
  const emptied = await app.request('PATCH', `/api/v1/custom-fields/${field.id}`, { token: admin.token, body: { options: [] } });
  t.is(emptied.status, 422);
  const audit = await app.db('audit_log').where({ entity_type: 'custom_field', entity_id: String(field.id), action: 'custom_field.update' }).first();
  t.deepEqual(audit.diff.options, { from: ['mail', 'chat', 'phone'], to: ['mail', 'chat', 'sms'] });
});

test('a field with values is deactivated, not deleted; an unused one is deleted', async (t) => {
  const { app, admin } = t.context;
  const key = uniq('account_no_');
  const field = (await app.request('POST', '/api/v1/custom-fields', { token: admin.token, body: { key, label: 'Account', type: 'number' } })).body;
  await newTicket(t, { customFields: { [key]: 42 } });
  const refused = await app.request('DELETE', `/api/v1/custom-fields/${field.id}`, { token: admin.token });
  t.is(refused.status, 409);
  t.regex(refused.body.detail, /deactivate/i);
  t.is((await app.request('PATCH', `/api/v1/custom-fields/${field.id}`, { token: admin.token, body: { active: false } })).status, 200);
  const afterDeactivate = await app.request('POST', '/api/v1/tickets', { token: admin.token, body: { subject: 'x', requesterId: t.context.customer.id, customFields: { [key]: 1 } } });
  t.is(afterDeactivate.status, 422);
  const listed = await app.request('GET', '/api/v1/custom-fields?active=false', { token: admin.token });
  t.true(listed.body.data.some((f: any) => f.id === field.id));

  const unused = (await app.request('POST', '/api/v1/custom-fields', { token: admin.token, body: { key: uniq('spare_'), label: 'Spare', type: 'boolean' } })).body;
  t.is((await app.request('DELETE', `/api/v1/custom-fields/${unused.id}`, { token: admin.token })).status, 204);
  t.is((await app.request('GET', `/api/v1/custom-fields/${unused.id}`, { token: admin.token })).status, 404);
});
