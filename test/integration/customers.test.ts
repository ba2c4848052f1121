import { count } from '../helpers/db';
import { createCustomer, createPluginKey } from '../helpers/app';
import { workspaceTest } from '../helpers/workspace';

const test = workspaceTest();

let n = 0;
const uniq = (s: string) => `${s}-${++n}`;

test('agents create customers in an organization; the view names it and never shows a password hash', async (t) => {
  const { app, agent } = t.context;
  const org = await app.request('POST', '/api/v1/organizations', { token: agent.token, body: { name: uniq('Globex'), domains: ['Globex.example', 'globex.example'] } });
  t.is(org.status, 201, JSON.stringify(org.body));
  t.deepEqual(org.body.domains, ['globex.example']);
  const email = `${uniq('hank')}@globex.example`;
  const res = await app.request('POST', '/api/v1/customers', { token: agent.token, body: { name: 'Hank Scorpio', email, organizationId: org.body.id, language: 'en', phone: '+1 555 0100' } });
  t.is(res.status, 201, JSON.stringify(res.body));
  t.deepEqual(res.body.organization, { id: org.body.id, name: org.body.name });
  t.is(res.body.email, email);
  t.false('password_hash' in res.body || 'passwordHash' in res.body);
  t.is(res.headers.get('location'), `/api/v1/customers/${res.body.id}`);
  const event = await app.db('outbox').where({ event_type: 'customer.created', entity_id: String(res.body.id) }).first();
  t.is(event.payload.email, email);
  const audit = await app.db('audit_log').where({ action: 'customer.create', entity_id: String(res.body.id) }).first();
  t.is(audit.actor_id, agent.id);
});

test('references that do not exist are 422 with the field path; duplicates are 409', async (t) => {
  const { app, agent } = t.context;
  const missing = await app.request('POST', '/api/v1/customers', { token: agent.token, body: { name: 'Nobody', organizationId: 987654 } });
  t.is(missing.status, 422);
  t.deepEqual(missing.body.errors.map((e: any) => e.path), ['organizationId']);
  const bad = await app.request('POST', '/api/v1/customers', { token: agent.token, body: { name: '', email: 'not-an-email', vip: true } });
  t.is(bad.status, 422);
  t.deepEqual(bad.body.errors.map((e: any) => e.path).sort(), ['email', 'name', 'vip']);
  t.is(await count(app.db('customers').whereIn('name', ['Nobody', ''])), 0);
  const email = `${uniq('twin')}@example.test`;
  t.is((await app.request('POST', '/api/v1/customers', { token: agent.token, body: { name: 'Twin', email } })).status, 201);
  const dup = await app.request('POST', '/api/v1/customers', { token: agent.token, body: { name: 'Twin 2', email: email.toUpperCase() } });
  t.is(dup.status, 409);
  t.deepEqual(dup.body.errors, [{ path: 'email', message: 'another customer has this email' }]);
  const orgName = uniq('Initech');
  await app.request('POST', '/api/v1/organizations', { token: agent.token, body: { name: orgName } });
  t.is((await app.request('POST', '/api/v1/organizations', { token: agent.token, body: { name: orgName.toLowerCase() } })).status, 409);
});

test('customer list filters by q and organization and pages with a cursor', async (t) => {
  const { app, agent } = t.context;
  const org = (await app.request('POST', '/api/v1/organizations', { token: agent.token, body: { name: uniq('Umbrella') } })).body;
  const marker = uniq('zq_marker');
  const ids: number[] = [];
  for (let i = 0; i < 5; i++) {
    const res = await app.request('POST', '/api/v1/customers', { token: agent.token, body: { name: `Person ${i}`, email: `${marker}.${i}@umbrella.test`, organizationId: i < 3 ? org.id : null } });
    ids.push(res.body.id);
  }
  const seen: number[] = [];
  let cursor: string | null = null;
  do {
    const res: any = await app.request('GET', `/api/v1/customers?q=${marker}&limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: agent.token });
    t.is(res.status, 200);
    seen.push(...res.body.data.map((c: any) => c.id));
    cursor = res.body.nextCursor;
  } while (cursor);
  t.deepEqual(seen, ids);
  const inOrg = await app.request('GET', `/api/v1/customers?organizationId=${org.id}`, { token: agent.token });
  t.deepEqual(inOrg.body.data.map((c: any) => c.id), ids.slice(0, 3));
  const byName = await app.request('GET', '/api/v1/customers?q=%25', { token: agent.token });
  t.is(byName.status, 200);
  t.is(byName.body.data.length, 0, '% is a literal character, not a wildcard');
  t.is((await app.request('GET', '/api/v1/customers?organizationId=abc', { token: agent.token })).status, 422);
  t.is((await app.request('GET', '/api/v1/customers?sort=name', { token: agent.token })).status, 422);
});

test('updates are versioned, audited with before/after and published', async (t) => {
  const { app, agent } = t.context;
  const created = (await app.request('POST', '/api/v1/customers', { token: agent.token, body: { name: 'Marge', email: `${uniq('marge')}@example.test` } })).body;
  const res = await app.request('PATCH', `/api/v1/customers/${created.id}`, { token: agent.token, headers: { 'if-match': '"v1"' }, body: { name: 'Marjorie', phone: null } });
  t.is(res.status, 200, JSON.stringify(res.body));
  t.like(res.body, { name: 'Marjorie', version: 2 });
  t.is(res.headers.get('etag'), '"v2"');
  const stale = await app.request('PATCH', `/api/v1/customers/${created.id}`, { token: agent.token, body: { name: 'Lost', version: 1 } });
  t.is(stale.status, 409);
  const audit = await app.db('audit_log').where({ action: 'customer.update', entity_id: String(created.id) }).first();
  t.deepEqual(audit.diff, { name: { from: 'Marge', to: 'Marjorie' }, version: { from: 1, to: 2 }, updatedAt: audit.diff.updatedAt });
  const event = await app.db('outbox').where({ event_type: 'customer.updated', entity_id: String(created.id) }).first();
  t.is(event.payload.previous.name, 'Marge');
  t.is(event.payload.customer.name, 'Marjorie');
});

test('a customer with tickets cannot be deleted; one without can, and their sessions go too', async (t) => {
  const { app, admin, agent } = t.context;
  const withTicket = await createCustomer(app.db);
  await app.request('POST', '/api/v1/tickets', { token: admin.token, body: { subject: 'Mine', requesterId: withTicket.id } });
  const refused = await app.request('DELETE', `/api/v1/customers/${withTicket.id}`, { token: agent.token });
  t.is(refused.status, 409);
  t.truthy(await app.db('customers').where({ id: withTicket.id }).first());

  const lonely = await createCustomer(app.db);
  t.is((await app.request('DELETE', `/api/v1/customers/${lonely.id}`, { token: agent.token })).status, 204);
  t.is((await app.request('GET', `/api/v1/customers/${lonely.id}`, { token: agent.token })).status, 404);
  t.is(await count(app.db('sessions').where({ principal_type: 'customer', principal_id: lonely.id })), 0);
  t.is((await app.request('GET', '/api/v1/me', { token: lonely.token })).status, 401);
});

test('deleting an organization detaches its customers as audited, published customer updates', async (t) => {
  const { app, agent } = t.context;
  const org = (await app.request('POST', '/api/v1/organizations', { token: agent.token, body: { name: uniq('Soylent'), notes: 'green' } })).body;
  const member = (await app.request('POST', '/api/v1/customers', { token: agent.token, body: { name: 'Member', organizationId: org.id } })).body;
  t.is((await app.request('DELETE', `/api/v1/organizations/${org.id}`, { token: agent.token })).status, 204);
  const after = await app.request('GET', `/api/v1/customers/${member.id}`, { token: agent.token });
  t.is(after.body.organization, null);
  t.is(after.body.version, 2);
  t.truthy(await app.db('outbox').where({ event_type: 'customer.updated', entity_id: String(member.id) }).first());
  const orgAudit = await app.db('audit_log').where({ action: 'organization.delete', entity_id: String(org.id) }).first();
  t.deepEqual(orgAudit.before.memberIds, [member.id]);
  t.is((await app.request('GET', `/api/v1/organizations/${org.id}`, { token: agent.token })).status, 404);
});

test('organizations list filters by name or domain', async (t) => {
  const { app, agent } = t.context;
  const name = uniq('Cyberdyne Systems');
  const org = (await app.request('POST', '/api/v1/organizations', { token: agent.token, body: { name, domains: ['cyberdyne.test'] } })).body;
  const byName = await app.request('GET', `/api/v1/organizations?q=${encodeURIComponent(name.slice(0, 12).toLowerCase())}`, { token: agent.token });
  t.true(byName.body.data.some((o: any) => o.id === org.id));
  const byDomain = await app.request('GET', '/api/v1/organizations?q=CYBERDYNE.test', { token: agent.token });
  t.deepEqual(byDomain.body.data.map((o: any) => o.id), [org.id]);
  const badDomain = await app.request('PATCH', `/api/v1/organizations/${org.id}`, { token: agent.token, body: { domains: ['not a domain'] } });
  t.is(badDomain.status, 422);
  t.is(badDomain.body.errors[0].path, 'domains.0');
});

test('customers never see this API; plugins only with the scope', async (t) => {
  const { app, customer } = t.context;
  for (const path of ['/api/v1/customers', `/api/v1/customers/${customer.id}`, '/api/v1/organizations']) {
    t.is((await app.request('GET', path, { token: customer.token })).status, 403, path);
  }
  t.is((await app.request('POST', '/api/v1/customers', { token: customer.token, body: { name: 'Sneaky' } })).status, 403);
  const reader = await createPluginKey(app.db, ['customers:read']);
  t.is((await app.request('GET', '/api/v1/customers', { token: reader.key })).status, 200);
  t.is((await app.request('POST', '/api/v1/customers', { token: reader.key, body: { name: 'Via plugin' } })).status, 403);
});
