/**
 * The whole role x endpoint matrix: every route in `allRoutes`, called by every kind of principal, must answer
 * 401 / 403 / "let through" exactly as the literal access table below says. Plus row-level visibility checks
 * (team scope for agents, own tickets and no internal notes for customers) that the matrix cannot express.
 */
import anyTest, { type TestFn } from 'ava';
import { PERMISSIONS } from '../../core/permissions';
import { allRoutes } from '../../gateway/routes';
import { newApiKey } from '../../services/auth/tokens';
import { createCustomer, createPluginKey, createWorker, sessionFor, startTestApp, type HttpResult, type TestApp } from '../helpers/app';
import { count } from '../helpers/db';
import { createRouteFixtures, fillPath, ROUTE_CASES, routeKey, type RouteFixtures } from '../helpers/route-cases';

/** Principals that hold credentials; `anonymous` and `revoked` are handled on their own. */
const PRINCIPALS = ['admin', 'supervisor', 'agent', 'customer', 'plugin', 'pluginBare', 'adminKey', 'agentKey'] as const;
type PrincipalName = (typeof PRINCIPALS)[number];

/** Scopes of the `plugin` key: the last three are not grantable to plugins and must be ignored. */
const PLUGIN_SCOPES = ['self', 'tickets:read', 'tickets:create', 'entries:read', 'settings:read', 'customers:read', 'api_keys:manage', 'webhooks:manage', 'audit:read'];
/** Scopes of the agent's API key: narrows the agent role; `audit:read` is beyond the role and must not widen it. */
const AGENT_KEY_SCOPES = ['tickets:read', 'entries:read', 'audit:read'];

/** The admin's session and the admin's unscoped API key hold every permission. */
const ADMINS = ['admin', 'adminKey'] as const;
/**
 * EXPECTED access, written out by hand and independent of core/permissions.ts: which principals hold each
 * permission. `adminKey` is an admin's unscoped API key, `agentKey` an agent's key scoped to AGENT_KEY_SCOPES,
 * `plugin` a plugin key with PLUGIN_SCOPES, `pluginBare` a plugin key with no scopes at all.
 */
const EXPECTED_ACCESS: Record<string, readonly PrincipalName[]> = {
  'self': [...ADMINS, 'supervisor', 'agent', 'customer', 'plugin', 'agentKey'],
  'tickets:read': [...ADMINS, 'supervisor', 'agent', 'customer', 'plugin', 'agentKey'],
  'tickets:read_all': [...ADMINS, 'supervisor'],
  'plugins:manage': [...ADMINS],
  'tickets:create': [...ADMINS, 'supervisor', 'agent', 'customer', 'plugin'],
  'tickets:update': [...ADMINS, 'supervisor', 'agent'],
  'tickets:delete': [...ADMINS, 'supervisor'],
  'tickets:bulk': [...ADMINS, 'supervisor', 'agent'],
  'entries:read': [...ADMINS, 'supervisor', 'agent', 'customer', 'plugin', 'agentKey'],
  'entries:create_public': [...ADMINS, 'supervisor', 'agent'],
  'entries:create_customer': [...ADMINS, 'customer'],
  'notes:read': [...ADMINS, 'supervisor', 'agent'],
  'notes:create': [...ADMINS, 'supervisor', 'agent'],
  'attachments:read': [...ADMINS, 'supervisor', 'agent', 'customer'],
  'attachments:create': [...ADMINS, 'supervisor', 'agent', 'customer'],
  'settings:read': [...ADMINS, 'supervisor', 'agent', 'plugin'],
  'settings:write': [...ADMINS],
  'customers:read': [...ADMINS, 'supervisor', 'agent', 'plugin'],
  'customers:write': [...ADMINS, 'supervisor', 'agent'],
  'workers:read': [...ADMINS, 'supervisor', 'agent'],
  'workers:write': [...ADMINS],
  'team_members:manage': [...ADMINS, 'supervisor', 'agent'],
  'api_keys:manage': [...ADMINS],
  'webhooks:manage': [...ADMINS],
  'audit:read': [...ADMINS, 'supervisor'],
  'reports:read': [...ADMINS, 'supervisor'],
  'kb:read_internal': [...ADMINS, 'supervisor', 'agent'],
  'kb:write': [...ADMINS, 'supervisor'],
  'bot:manage': [...ADMINS],
  'tickets:close_own': ['customer'],
  'tickets:rate': ['customer'],
};

type Ctx = { app: TestApp; fx: RouteFixtures; tokens: Record<PrincipalName, string>; revoked: string };
const test = anyTest as TestFn<Ctx>;

async function workerKey(app: TestApp, workerId: number, role: string, scopes: string[], revoked = false): Promise<string> {
  const k = newApiKey();
  await app.db('api_keys').insert({
    name: `key ${role} ${workerId}`, prefix: k.prefix, secret_hash: k.secretHash, role, worker_id: workerId, scopes,
    revoked_at: revoked ? new Date() : null,
  });
  return k.key;
}

test.before(async (t) => {
  const app = await startTestApp();
  const fx = await createRouteFixtures(app);
  const tokens: Record<PrincipalName, string> = {
    admin: fx.admin.token,
    supervisor: fx.supervisor.token,
    agent: fx.agent.token,
    customer: fx.customer.token,
    plugin: (await createPluginKey(app.db, PLUGIN_SCOPES)).key,
    pluginBare: (await createPluginKey(app.db, [])).key,
    adminKey: await workerKey(app, fx.admin.id, 'admin', []),
    agentKey: await workerKey(app, fx.agent.id, 'agent', AGENT_KEY_SCOPES),
  };
  t.context = { app, fx, tokens, revoked: await workerKey(app, fx.admin.id, 'admin', [], true) };
});
test.after.always(async (t) => t.context.app?.close());

function isProblem(res: HttpResult, status: number): string | null {
  if (res.status !== status) return `status ${res.status}, expected ${status}: ${JSON.stringify(res.body).slice(0, 200)}`;
  if (!(res.headers.get('content-type') ?? '').startsWith('application/problem+json')) return `content-type ${res.headers.get('content-type')}`;
  const b = res.body as Record<string, unknown>;
  if (typeof b.type !== 'string' || typeof b.title !== 'string' || b.status !== status || typeof b.detail !== 'string') return `not a problem document: ${JSON.stringify(b)}`;
  return null;
}

test.serial('every permission and every route has a literal expectation, and routes declare the expected permission', (t) => {
  t.deepEqual(Object.keys(EXPECTED_ACCESS).sort(), [...PERMISSIONS].sort(), 'EXPECTED_ACCESS must have exactly one row per permission in core/permissions.ts');
  const keys = allRoutes.map(routeKey);
  t.deepEqual(keys.filter((k, i) => keys.indexOf(k) !== i), [], 'duplicate routes');
  const missing = keys.filter((k) => !ROUTE_CASES[k]);
  t.deepEqual(missing, [], 'routes without an expectation: add them to ROUTE_CASES in test/helpers/route-cases.ts');
  t.deepEqual(Object.keys(ROUTE_CASES).filter((k) => !keys.includes(k)), [], 'ROUTE_CASES entries for routes that no longer exist');
  for (const route of allRoutes) {
    const expected = ROUTE_CASES[routeKey(route)];
    if (expected) t.is(route.permission, expected.permission, `${routeKey(route)} declares the wrong permission`);
    if (route.permission !== 'public') t.truthy(EXPECTED_ACCESS[route.permission], `${routeKey(route)} uses ${route.permission}, which has no expectation row`);
  }
});

test.serial('each principal reports exactly the permissions the table grants it', async (t) => {
  const { app, tokens } = t.context;
  for (const name of PRINCIPALS) {
    const expected = Object.entries(EXPECTED_ACCESS).filter(([, who]) => who.includes(name)).map(([p]) => p).sort();
    const res = await app.request('GET', '/api/v1/me', { token: tokens[name] });
    if (!expected.includes('self')) {
      t.is(res.status, 403, name);
      continue;
    }
    t.is(res.status, 200, name);
    t.deepEqual(res.body.permissions, expected, name);
  }
});

test.serial('agents only reach tickets of their teams unless granted all tickets', async (t) => {
  const { app, fx } = t.context;
  const { agent, ticketB } = fx;
  const before = await app.db('tickets').where({ id: ticketB }).first();
  t.is((await app.request('GET', `/api/v1/tickets/${ticketB}`, { token: agent.token })).status, 404);
  t.is((await app.request('GET', `/api/v1/tickets/${ticketB}/entries`, { token: agent.token })).status, 404);
  t.is((await app.request('GET', `/api/v1/tickets/${ticketB}/status-history`, { token: agent.token })).status, 404);
  const patch = await app.request('PATCH', `/api/v1/tickets/${ticketB}`, { token: agent.token, body: { subject: 'Taken over', version: before.version } });
  t.is(patch.status, 404);
  const reply = await app.request('POST', `/api/v1/tickets/${ticketB}/entries`, { token: agent.token, body: { bodyText: 'sneaky reply' } });
  t.is(reply.status, 404);
  const bulk = await app.request('POST', '/api/v1/tickets/bulk', { token: agent.token, body: { ids: [fx.ticketA, ticketB], changes: { addTags: ['stolen'] } } });
  t.is(bulk.status, 422);
  t.deepEqual(await app.db('tickets').where({ id: ticketB }).first(), before, 'the hidden ticket is unchanged');
  t.false((await app.db('tickets').where({ id: fx.ticketA }).first()).tags.includes('stolen'), 'bulk is all-or-nothing');
  t.is(await count(app.db('conversation_entries').where({ ticket_id: ticketB, body_text: 'sneaky reply' })), 0);

  const list = await app.request('GET', '/api/v1/tickets?limit=200', { token: agent.token });
  t.is(list.status, 200);
  const ids = list.body.data.map((x: { id: number }) => x.id);
  t.true(ids.includes(fx.ticketA));
  t.false(ids.includes(ticketB));
  const byTeam = await app.request('GET', `/api/v1/tickets?team=${fx.teamB}`, { token: agent.token });
  t.deepEqual(byTeam.body.data, [], 'filtering on a foreign team shows nothing');

  const allTickets = await createWorker(app.db, { role: 'agent', teamIds: [fx.teamA], allTickets: true });
  t.is((await app.request('GET', `/api/v1/tickets/${ticketB}`, { token: allTickets.token })).status, 200);
  t.is((await app.request('GET', `/api/v1/tickets/${ticketB}`, { token: fx.supervisor.token })).status, 200);
  t.is((await app.request('GET', `/api/v1/tickets/${ticketB}`, { token: fx.otherAgent.token })).status, 200);
});

test.serial('customers only reach their own tickets and never see internal notes', async (t) => {
  const { app, fx } = t.context;
  const { customer, noteText } = fx;
  const own = await app.request('GET', `/api/v1/tickets/${fx.ticketA}`, { token: customer.token });
  t.is(own.status, 200);
  t.false(JSON.stringify(own.body).includes(noteText));
  const entries = await app.request('GET', `/api/v1/tickets/${fx.ticketA}/entries?limit=200`, { token: customer.token });
  t.is(entries.status, 200);
  t.deepEqual(entries.body.data.map((e: { kind: string }) => e.kind), ['customer_message', 'public_reply']);
  t.false(JSON.stringify(entries.body).includes(noteText));
  t.false(entries.body.data.some((e: { id: number }) => e.id === fx.noteId));
  // Staff do see the note, so its absence above is the filter at work.
  const staff = await app.request('GET', `/api/v1/tickets/${fx.ticketA}/entries?limit=200`, { token: fx.agent.token });
  t.true(JSON.stringify(staff.body).includes(noteText));

  for (const path of [`/tickets/${fx.ticketB}`, `/tickets/${fx.ticketB}/entries`, `/tickets/${fx.ticketB}/status-history`]) {
    const res = await app.request('GET', `/api/v1${path}`, { token: customer.token });
    t.is(isProblem(res, 404), null, path);
  }
  const list = await app.request('GET', '/api/v1/tickets?limit=200', { token: customer.token });
  t.is(list.status, 200);
  t.true(list.body.data.length > 0);
  t.true(list.body.data.every((x: { requesterId: number }) => x.requesterId === customer.id));
  t.false(JSON.stringify(list.body).includes(noteText));
  // Search must not open a side door: not to other customers' tickets, not to note text.
  for (const q of ['Fixture', 'team B', noteText.slice(0, 40), 'probation', String((await app.db('tickets').where({ id: fx.ticketB }).first()).number)]) {
    const res = await app.request('GET', `/api/v1/tickets?q=${encodeURIComponent(q)}`, { token: customer.token });
    t.is(res.status, 200, q);
    t.false(res.body.data.some((x: { id: number }) => x.id === fx.ticketB), q);
    t.false(JSON.stringify(res.body).includes(noteText), q);
  }
  const byRequester = await app.request('GET', `/api/v1/tickets?requester=${fx.otherCustomer.id}`, { token: customer.token });
  t.deepEqual(byRequester.body.data, []);

  const note = await app.request('POST', `/api/v1/tickets/${fx.ticketA}/entries`, { token: customer.token, body: { kind: 'internal_note', bodyText: 'x' } });
  t.is(isProblem(note, 403), null);
  const reply = await app.request('POST', `/api/v1/tickets/${fx.ticketB}/entries`, { token: customer.token, body: { bodyText: 'not my ticket' } });
  t.is(isProblem(reply, 404), null);
  const forOther = await app.request('POST', '/api/v1/tickets', { token: customer.token, body: { subject: 'On behalf', requesterId: fx.otherCustomer.id, message: { bodyText: 'for someone else' } } });
  t.is(isProblem(forOther, 403), null);
  const stranger = await createCustomer(app.db);
  t.is((await app.request('GET', `/api/v1/tickets/${fx.ticketA}`, { token: stranger.token })).status, 404);
});

test.serial('scoped keys and plugins cannot add entry kinds beyond their scopes', async (t) => {
  const { app, fx, tokens } = t.context;
  const before = await count(app.db('conversation_entries').where({ ticket_id: fx.ticketA }));
  for (const [name, kind] of [['plugin', 'public_reply'], ['plugin', 'internal_note'], ['agentKey', 'public_reply'], ['agentKey', 'internal_note']] as const) {
    const res = await app.request('POST', `/api/v1/tickets/${fx.ticketA}/entries`, { token: tokens[name], body: { kind, bodyText: 'beyond scope' } });
    t.is(isProblem(res, 403), null, `${name} ${kind}`);
  }
  const notes = await app.request('GET', `/api/v1/tickets/${fx.ticketA}/entries?limit=200`, { token: tokens.plugin });
  t.is(notes.status, 200);
  t.false(JSON.stringify(notes.body).includes(fx.noteText), 'a plugin without notes:read does not see internal notes');
  t.is(await count(app.db('conversation_entries').where({ ticket_id: fx.ticketA })), before);
});

test.serial('the role x endpoint matrix: 401 without credentials, 403 without the permission, through with it', async (t) => {
  const { app, fx, tokens, revoked } = t.context;
  // Fresh sessions, so routes that end the caller's session do not break the other tests' tokens.
  const matrixTokens: Record<PrincipalName, string> = {
    ...tokens,
    admin: await sessionFor(app.db, 'worker', fx.admin.id),
    supervisor: await sessionFor(app.db, 'worker', fx.supervisor.id),
    agent: await sessionFor(app.db, 'worker', fx.agent.id),
    customer: await sessionFor(app.db, 'customer', fx.customer.id),
  };
  const rank = (k: string) => (ROUTE_CASES[k]?.destructive === 'caller' ? 2 : ROUTE_CASES[k]?.destructive === 'row' ? 1 : 0);
  const routes = [...allRoutes].sort((a, b) => rank(routeKey(a)) - rank(routeKey(b)));
  const failures: string[] = [];
  const holderStatuses: Record<number, number> = {};
  let cases = 0;

  for (const route of routes) {
    const key = routeKey(route);
    const expectation = ROUTE_CASES[key];
    if (!expectation) {
      failures.push(`${key}: no expectation in ROUTE_CASES`);
      continue;
    }
    // Judged by the permission the route SHOULD declare, so a wrongly declared one shows up here too.
    const permission = expectation.permission;
    const holders = permission === 'public' ? [...PRINCIPALS] : (EXPECTED_ACCESS[permission] ?? []);
    const send = async (token: string | undefined) => {
      const path = fillPath(route.path, expectation.params ? await expectation.params(fx) : {});
      cases++;
      return { path, res: await app.request(route.method.toUpperCase(), path, { token, ...(route.body && { body: {} }) }) };
    };

    const anon = await send(undefined);
    if (permission === 'public') {
      if ([401, 403].includes(anon.res.status) || anon.res.status >= 500) failures.push(`anonymous ${key}: public route answered ${anon.res.status}`);
    } else {
      const problem = isProblem(anon.res, 401);
      if (problem) failures.push(`anonymous ${key}: ${problem}`);
    }
    const dead = await send(revoked);
    const deadProblem = isProblem(dead.res, 401);
    if (deadProblem) failures.push(`revoked key ${key}: ${deadProblem}`);

    for (const name of PRINCIPALS) {
      const { path, res } = await send(matrixTokens[name]);
      if (holders.includes(name)) {
        holderStatuses[res.status] = (holderStatuses[res.status] ?? 0) + 1;
        const engineAbsent = expectation?.optionalEngine !== undefined && res.status === 503 && res.body?.type === 'urn:lantern:problem:unavailable';
        if (res.status === 401 || res.status === 403 || (res.status >= 500 && !engineAbsent)) {
          failures.push(`${name} ${route.method.toUpperCase()} ${path} (${key}): holds ${permission} but got ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
        }
      } else {
        const problem = isProblem(res, 403);
        if (problem) failures.push(`${name} ${key}: lacks ${permission} but got ${problem}`);
        else if (!String(res.body.detail).includes(permission)) failures.push(`${name} ${key}: 403 does not name ${permission}`);
      }
    }
  }
  t.deepEqual(failures, []);
  t.true(cases >= allRoutes.length * (PRINCIPALS.length + 2), `ran ${cases} cases`);
  t.log(`${allRoutes.length} routes x ${PRINCIPALS.length + 2} principals = ${cases} requests; principals holding the permission got ${JSON.stringify(holderStatuses)}`);
});
