import { sha256 } from '../../services/auth/tokens';
import { workspaceTest } from '../helpers/workspace';

const test = workspaceTest();

test('a key is shown once, stored hashed, listed without secrets, and cannot exceed its scopes', async (t) => {
  const { app, admin, customer } = t.context;
  const res = await app.request('POST', '/api/v1/api-keys', { token: admin.token, body: { name: 'read-only reporting', scopes: ['tickets:read'] } });
  t.is(res.status, 201, JSON.stringify(res.body));
  t.regex(res.body.key, /^lk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
  t.like(res.body, { name: 'read-only reporting', role: 'admin', workerId: admin.id, scopes: ['tickets:read'], createdBy: admin.id, lastUsedAt: null, revokedAt: null });
  t.is(res.headers.get('cache-control'), 'no-store');
  const row = await app.db('api_keys').where({ id: res.body.id }).first();
  t.is(row.prefix, res.body.prefix);
  t.is(row.secret_hash, sha256(res.body.key.split('_').slice(2).join('_')));
  t.false(JSON.stringify(row).includes(res.body.key));

  const secret = res.body.key as string;
  t.is((await app.request('GET', '/api/v1/tickets', { token: secret })).status, 200);
  const write = await app.request('POST', '/api/v1/tickets', { token: secret, body: { subject: 'Nope', requesterId: customer.id } });
  t.is(write.status, 403);
  t.is((await app.request('GET', '/api/v1/workers', { token: secret })).status, 403);
  t.truthy((await app.db('api_keys').where({ id: res.body.id }).first()).last_used_at);

  const listed = await app.request('GET', '/api/v1/api-keys', { token: admin.token });
  const mine = listed.body.data.find((k: any) => k.id === res.body.id);
  t.is(mine.prefix, res.body.prefix);
  t.truthy(mine.lastUsedAt);
  t.is(mine.key, undefined);
  t.false(JSON.stringify(listed.body).includes(secret.slice(-20)));
  t.false(JSON.stringify(listed.body).includes(row.secret_hash));
  const audit = await app.db('audit_log').where({ action: 'api_key.create', entity_id: String(res.body.id) }).first();
  t.false(JSON.stringify(audit).includes(secret.slice(-20)));
});

test('revoking a key makes the next request with it 401', async (t) => {
  const { app, admin } = t.context;
  const created = (await app.request('POST', '/api/v1/api-keys', { token: admin.token, body: { name: 'short-lived' } })).body;
  t.is((await app.request('GET', '/api/v1/me', { token: created.key })).status, 200);
  t.is((await app.request('DELETE', `/api/v1/api-keys/${created.id}`, { token: admin.token })).status, 204);
  const after = await app.request('GET', '/api/v1/me', { token: created.key });
  t.is(after.status, 401);
  t.is(after.body.type, 'urn:lantern:problem:unauthenticated');
  // Idempotent, audited once.
  t.is((await app.request('DELETE', `/api/v1/api-keys/${created.id}`, { token: admin.token })).status, 204);
  t.is((await app.db('audit_log').where({ action: 'api_key.revoke', entity_id: String(created.id) })).length, 1);
  const live = await app.request('GET', '/api/v1/api-keys?limit=200', { token: admin.token });
  t.false(live.body.data.some((k: any) => k.id === created.id));
  const revoked = await app.request('GET', '/api/v1/api-keys?revoked=true&limit=200', { token: admin.token });
  t.truthy(revoked.body.data.find((k: any) => k.id === created.id)?.revokedAt);
  t.is((await app.request('DELETE', '/api/v1/api-keys/999999', { token: admin.token })).status, 404);
});

test('plugin keys: grantable scopes only, no worker, exactly their scopes', async (t) => {
  const { app, admin, agent } = t.context;
  const tooMuch = await app.request('POST', '/api/v1/api-keys', { token: admin.token, body: { name: 'crm', role: 'plugin', scopes: ['tickets:read', 'workers:write', 'audit:read'] } });
  t.is(tooMuch.status, 422);
  // Paths point at the request's own indices.
  t.deepEqual(tooMuch.body.errors, [
    { path: 'scopes.1', message: 'workers:write cannot be granted to a plugin' },
    { path: 'scopes.2', message: 'audit:read cannot be granted to a plugin' },
  ]);
  const withWorker = await app.request('POST', '/api/v1/api-keys', { token: admin.token, body: { name: 'crm', role: 'plugin', workerId: agent.id, scopes: ['tickets:read'] } });
  t.is(withWorker.status, 422);
  t.is(withWorker.body.errors[0].path, 'workerId');
  const noScopes = await app.request('POST', '/api/v1/api-keys', { token: admin.token, body: { name: 'crm', role: 'plugin' } });
  t.is(noScopes.status, 422);
  t.is(noScopes.body.errors[0].path, 'scopes');

  const plugin = await app.request('POST', '/api/v1/api-keys', { token: admin.token, body: { name: 'crm', role: 'plugin', scopes: ['tickets:read', 'settings:read', 'tickets:read'] } });
  t.is(plugin.status, 201, JSON.stringify(plugin.body));
  t.like(plugin.body, { role: 'plugin', workerId: null, scopes: ['settings:read', 'tickets:read'] });
  t.is((await app.request('GET', '/api/v1/statuses', { token: plugin.body.key })).status, 200);
  t.is((await app.request('GET', '/api/v1/customers', { token: plugin.body.key })).status, 403);
  t.is((await app.request('GET', '/api/v1/api-keys', { token: plugin.body.key })).status, 403);
});

test('worker keys: scopes within the worker\'s role, for existing active workers', async (t) => {
  const { app, admin, agent } = t.context;
  const beyondRole = await app.request('POST', '/api/v1/api-keys', { token: admin.token, body: { name: 'agent key', workerId: agent.id, scopes: ['tickets:read', 'audit:read'] } });
  t.is(beyondRole.status, 422);
  t.deepEqual(beyondRole.body.errors.map((e: any) => e.path), ['scopes.1']);
  t.regex(beyondRole.body.errors[0].message, /audit:read is not granted to the worker's role \(agent\)/);
  const unknownScope = await app.request('POST', '/api/v1/api-keys', { token: admin.token, body: { name: 'k', scopes: ['tickets:fly'] } });
  t.is(unknownScope.status, 422);
  t.is(unknownScope.body.errors[0].path, 'scopes.0');
  const ghost = await app.request('POST', '/api/v1/api-keys', { token: admin.token, body: { name: 'k', workerId: 987654 } });
  t.is(ghost.status, 422);
  t.is(ghost.body.errors[0].path, 'workerId');

  const forAgent = await app.request('POST', '/api/v1/api-keys', { token: admin.token, body: { name: 'agent key', workerId: agent.id } });
  t.is(forAgent.status, 201);
  t.like(forAgent.body, { role: 'agent', workerId: agent.id, createdBy: admin.id });
  const me = await app.request('GET', '/api/v1/me', { token: forAgent.body.key });
  t.is(me.body.id, agent.id);
  t.is((await app.request('GET', '/api/v1/audit-log', { token: forAgent.body.key })).status, 403);
  const byWorker = await app.request('GET', `/api/v1/api-keys?workerId=${agent.id}`, { token: admin.token });
  t.deepEqual(byWorker.body.data.map((k: any) => k.id), [forAgent.body.id]);
});

test('a scoped key cannot mint a broader key; agents cannot manage keys at all', async (t) => {
  const { app, admin, agent } = t.context;
  const narrow = (await app.request('POST', '/api/v1/api-keys', { token: admin.token, body: { name: 'key admin only', scopes: ['api_keys:manage'] } })).body;
  const escalate = await app.request('POST', '/api/v1/api-keys', { token: narrow.key, body: { name: 'everything' } });
  t.is(escalate.status, 403);
  t.regex(escalate.body.detail, /cannot grant more than you have/);
  const plugin = await app.request('POST', '/api/v1/api-keys', { token: narrow.key, body: { name: 'p', role: 'plugin', scopes: ['tickets:read'] } });
  t.is(plugin.status, 403);
  const same = await app.request('POST', '/api/v1/api-keys', { token: narrow.key, body: { name: 'same scope', scopes: ['api_keys:manage'] } });
  t.is(same.status, 201);
  t.is((await app.request('GET', '/api/v1/api-keys', { token: agent.token })).status, 403);
  t.is((await app.request('POST', '/api/v1/api-keys', { token: agent.token, body: { name: 'mine' } })).status, 403);
});
