import anyTest, { type TestFn } from 'ava';
import { createCustomer, createWorker, startTestApp, type TestApp } from '../helpers/app';

const test = anyTest as TestFn<{ app: TestApp }>;
test.before(async (t) => { t.context.app = await startTestApp(); });
test.after.always(async (t) => t.context.app?.close());

test('health, readiness and Prometheus metrics', async (t) => {
  const { app } = t.context;
  t.deepEqual((await app.request('GET', '/healthz')).body, { status: 'ok' });
  t.deepEqual((await app.request('GET', '/readyz')).body, { status: 'ready' });
  await app.request('GET', '/api/v1/tickets');
  const metrics = await app.request('GET', '/metrics');
  t.is(metrics.status, 200);
  t.regex(metrics.body, /lantern_http_request_duration_seconds_bucket\{[^}]*route="\/api\/v1\/tickets"[^}]*status="401"/);
});

test('the OpenAPI 3.1 document lists every route with its permission and a browsable page serves it', async (t) => {
  const { app } = t.context;
  const doc = await app.request('GET', '/api/v1/openapi.json');
  t.is(doc.body.openapi, '3.1.0');
  const create = doc.body.paths['/api/v1/tickets'].post;
  t.is(create['x-permission'], 'tickets:create');
  t.truthy(create.requestBody.content['application/json'].schema.properties.subject);
  t.true(create.parameters.some((p: any) => p.name === 'Idempotency-Key'));
  t.is(doc.body.paths['/api/v1/tickets/{id}'].get.parameters[0].in, 'path');
  const page = await app.request('GET', '/api/v1/docs/');
  t.regex(page.body, /swagger-ui-bundle\.js/);
  const asset = await app.request('GET', '/api/v1/docs/assets/swagger-ui-bundle.js');
  t.is(asset.status, 200);
  t.is((await app.request('GET', '/api/v1/docs/assets/..%2f..%2fpackage.json')).status, 404);
});

test('unknown routes and methods are problem+json', async (t) => {
  const { app } = t.context;
  const missing = await app.request('GET', '/api/v1/nope');
  t.is(missing.status, 404);
  t.is(missing.headers.get('content-type'), 'application/problem+json');
  const admin = await createWorker(app.db, { role: 'admin' });
  const wrong = await app.request('PUT', '/api/v1/tickets', { token: admin.token, body: {} });
  t.is(wrong.status, 405);
});

test('login issues a session (cookie and token), logout ends it, wrong passwords are refused alike', async (t) => {
  const { app } = t.context;
  const agent = await createWorker(app.db, { role: 'agent' });
  const bad = await app.request('POST', '/api/v1/auth/login', { body: { email: agent.email, password: 'wrong password' } });
  const unknown = await app.request('POST', '/api/v1/auth/login', { body: { email: 'nobody@test.local', password: 'wrong password' } });
  t.is(bad.status, 401);
  t.is(unknown.body.detail, bad.body.detail);
  const ok = await app.request('POST', '/api/v1/auth/login', { body: { email: agent.email, password: agent.password } });
  t.is(ok.status, 200);
  t.regex(ok.headers.get('set-cookie') ?? '', /lantern_session=.*httponly/i);
  const me = await app.request('GET', '/api/v1/me', { token: ok.body.token });
  t.is(me.body.id, agent.id);
  t.true(me.body.permissions.includes('tickets:read'));
  t.is((await app.request('POST', '/api/v1/auth/logout', { token: ok.body.token })).status, 204);
  t.is((await app.request('GET', '/api/v1/me', { token: ok.body.token })).status, 401);
  const customerLogin = await app.request('POST', '/api/v1/auth/customer-login', { body: { email: agent.email, password: agent.password } });
  t.is(customerLogin.status, 401, 'a worker account is not a customer account');
});

test('cookie sessions need the CSRF header to change data', async (t) => {
  const { app } = t.context;
  const agent = await createWorker(app.db, { role: 'agent' });
  const customer = await createCustomer(app.db);
  const cookie = `lantern_session=${agent.token}`;
  const read = await app.request('GET', '/api/v1/me', { headers: { cookie } });
  t.is(read.status, 200);
  const body = { subject: 'csrf', requesterId: customer.id };
  const forged = await app.request('POST', '/api/v1/tickets', { headers: { cookie }, body });
  t.is(forged.status, 403);
  const allowed = await app.request('POST', '/api/v1/tickets', { headers: { cookie, 'x-lantern-csrf': '1' }, body });
  t.is(allowed.status, 201);
});

test('changing the password ends the other sessions', async (t) => {
  const { app } = t.context;
  const agent = await createWorker(app.db, { role: 'agent' });
  const second = (await app.request('POST', '/api/v1/auth/login', { body: { email: agent.email, password: agent.password } })).body.token;
  const wrong = await app.request('POST', '/api/v1/auth/password', { token: agent.token, body: { currentPassword: 'nope', newPassword: 'a much better password' } });
  t.is(wrong.status, 422);
  const changed = await app.request('POST', '/api/v1/auth/password', { token: agent.token, body: { currentPassword: agent.password, newPassword: 'a much better password' } });
  t.is(changed.status, 204);
  t.is((await app.request('GET', '/api/v1/me', { token: second })).status, 401);
  t.is((await app.request('GET', '/api/v1/me', { token: agent.token })).status, 200);
  const sessions = await app.request('GET', '/api/v1/auth/sessions', { token: agent.token });
  t.is(sessions.body.data.length, 1);
});

test('rate limits answer 429 with Retry-After, per credential and per IP', async (t) => {
  const limited = await startTestApp({ LANTERN_RATE_LIMIT_PER_KEY: '5', LANTERN_RATE_LIMIT_PER_IP: '12', LANTERN_RATE_LIMIT_WINDOW_SECONDS: '60' });
  t.teardown(() => limited.close());
  const agent = await createWorker(limited.db, { role: 'agent' });
  const statuses: number[] = [];
  for (let i = 0; i < 7; i++) statuses.push((await limited.request('GET', '/api/v1/me', { token: agent.token })).status);
  t.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429]);
  const blocked = await limited.request('GET', '/api/v1/me', { token: agent.token });
  t.truthy(Number(blocked.headers.get('retry-after')) >= 1);
  t.is(blocked.body.type, 'urn:lantern:problem:rate_limited');
  const other = await createWorker(limited.db, { role: 'agent' });
  t.is((await limited.request('GET', '/api/v1/me', { token: other.token })).status, 200, 'another key has its own budget');
  let ipStatus = 200;
  for (let i = 0; i < 5 && ipStatus !== 429; i++) ipStatus = (await limited.request('GET', '/api/v1/tickets')).status;
  t.is(ipStatus, 429, 'the per-IP budget (12) is spent by now');
});
