/**
 * The web widget's API against the real app and PostgreSQL: settings validation and concurrency, the public config
 * (a subset, never the secret), identity-secret rotation (sealed at rest, shown once), identify with good, bad and
 * altered HMACs, identified users seeing only their own conversations, and the frame's frame-ancestors header.
 */
import { createHmac } from 'node:crypto';
import anyTest, { type TestFn } from 'ava';
import { createCustomer, createWorker, startTestApp, type TestApp, type TestWorker } from '../helpers/app';

const test = anyTest as TestFn<{ app: TestApp; admin: TestWorker; agent: TestWorker }>;

test.before(async (t) => {
  const app = await startTestApp();
  t.context = { app, admin: await createWorker(app.db, { role: 'admin' }), agent: await createWorker(app.db, { role: 'agent' }) };
});
test.after.always(async (t) => { await t.context.app?.close(); });

const hmac = (secret: string, userId: string) => createHmac('sha256', secret).update(userId).digest('hex');

const valid = {
  colors: { primary: '#0b5fff', primaryText: '#ffffff' }, position: 'bottom-left', greeting: { en: 'Hello there', de: 'Hallo zusammen' },
  defaultLanguage: 'de', features: { helpCenter: true, bot: false, chat: true, ticketForm: false, conversations: true },
  preChatForm: { name: 'required', email: 'optional' }, offlineBehavior: 'ticket_form', allowedOrigins: ['https://shop.example.com', 'http://127.0.0.1:9999'],
};

// Serial: settings are one row shared by every test here.
test.serial('settings: defaults, a valid save, field errors for bad input, stale versions refused', async (t) => {
  const { app, admin, agent } = t.context;
  const initial = await app.request('GET', '/api/v1/widget/settings', { token: admin.token });
  t.is(initial.status, 200);
  t.is(initial.body.position, 'bottom-right');
  t.false(initial.body.identitySecretSet);
  t.is(initial.headers.get('etag'), `"v${initial.body.version}"`);

  t.is((await app.request('PUT', '/api/v1/widget/settings', { token: agent.token, body: valid })).status, 403);

  const bad = await app.request('PUT', '/api/v1/widget/settings', {
    token: admin.token,
    body: { ...valid, colors: { primary: 'blue', primaryText: '#fff' }, greeting: { fr: 'Bonjour' }, allowedOrigins: ['https://shop.example.com/path', 'ftp://x.example'], extra: 1 },
  });
  t.is(bad.status, 422, JSON.stringify(bad.body));
  const paths = (bad.body.errors as Array<{ path: string }>).map((e) => e.path);
  for (const p of ['colors.primary', 'colors.primaryText', 'greeting.fr', 'allowedOrigins.0', 'allowedOrigins.1', 'extra']) t.true(paths.includes(p), `${p} in ${paths.join(', ')}`);
  t.is((await app.request('GET', '/api/v1/widget/settings', { token: admin.token })).body.version, initial.body.version, 'nothing written');

  const saved = await app.request('PUT', '/api/v1/widget/settings', { token: admin.token, body: { ...valid, version: initial.body.version } });
  t.is(saved.status, 200, JSON.stringify(saved.body));
  t.is(saved.body.version, initial.body.version + 1);
  t.deepEqual(saved.body.allowedOrigins, valid.allowedOrigins);
  t.is(saved.body.greeting.de, 'Hallo zusammen');
  const stale = await app.request('PUT', '/api/v1/widget/settings', { token: admin.token, body: { ...valid, version: initial.body.version } });
  t.is(stale.status, 409);
  const audit = await app.db('audit_log').where({ action: 'widget_settings.update' }).count({ n: '*' });
  t.is(Number(audit[0]!.n), 1);
});

test.serial('config is public, localized, a subset, and follows online agents and the offline behaviour', async (t) => {
  const { app, agent } = t.context;
  const de = await app.request('GET', '/api/v1/widget/config');
  t.is(de.status, 200);
  t.is(de.body.language, 'de', 'the default language');
  t.is(de.body.greeting, 'Hallo zusammen');
  t.false(de.body.chatOnline, 'nobody online');
  t.false(de.body.features.chat);
  t.true(de.body.features.ticketForm, 'offline chat offers the ticket form');
  t.deepEqual(Object.keys(de.body).sort(), ['allowedOrigins', 'chatOnline', 'colors', 'features', 'greeting', 'identityVerification', 'language', 'languages', 'offlineBehavior', 'position', 'preChatForm']);
  t.is((await app.request('GET', '/api/v1/widget/config?language=en-US')).body.greeting, 'Hello there');
  t.is((await app.request('GET', '/api/v1/widget/config?language=fr')).body.language, 'de', 'unsupported → default');
  t.is((await app.request('GET', '/api/v1/widget/config?language=<x>')).status, 422);

  await app.request('PUT', '/api/v1/me/availability', { token: agent.token, body: { availability: 'online' } });
  const online = await app.request('GET', '/api/v1/widget/config');
  t.true(online.body.chatOnline);
  t.true(online.body.features.chat);
  t.false(online.body.features.ticketForm, 'the form is off in the settings');
  await app.request('PUT', '/api/v1/me/availability', { token: agent.token, body: { availability: 'offline' } });
});

test.serial('the identity secret is shown once, sealed at rest, never in config, settings or audit', async (t) => {
  const { app, admin } = t.context;
  const rotated = await app.request('POST', '/api/v1/widget/identity-secret', { token: admin.token });
  t.is(rotated.status, 201);
  const secret = rotated.body.secret as string;
  t.regex(secret, /^lws_[\w-]{43}$/);
  const row = await app.db('widget_settings').where({ id: 1 }).first();
  t.truthy(row.identity_secret_sealed);
  t.false(String(row.identity_secret_sealed).includes(secret.slice(4)));
  const settings = await app.request('GET', '/api/v1/widget/settings', { token: admin.token });
  t.true(settings.body.identitySecretSet);
  const config = await app.request('GET', '/api/v1/widget/config');
  t.true(config.body.identityVerification);
  const audits = await app.db('audit_log').where('action', 'like', 'widget_settings.%').select('before', 'after');
  for (const text of [JSON.stringify(settings.body), JSON.stringify(config.body), JSON.stringify(audits)]) {
    t.false(text.includes(secret.slice(4)), 'the secret leaks nowhere');
    t.false(text.includes(String(row.identity_secret_sealed)));
  }
});

test.serial('identify: a good HMAC gets a visitor token for the external user; bad and altered ones are refused', async (t) => {
  const { app, admin } = t.context;
  const secret = (await app.request('POST', '/api/v1/widget/identity-secret', { token: admin.token })).body.secret as string;
  const taken = await createCustomer(app.db);

  const ok = await app.request('POST', '/api/v1/widget/identify', { body: { userId: 'user-42', userHash: hmac(secret, 'user-42'), name: 'Ada', email: 'ada@example.com', language: 'de' } });
  t.is(ok.status, 200, JSON.stringify(ok.body));
  t.regex(ok.body.token, /^lv_\d+\./);
  const row = await app.db('customers').where({ id: ok.body.customerId }).first();
  t.like(row, { external_id: 'user-42', name: 'Ada', email: 'ada@example.com', language: 'de' });

  // Same user again (upper-case hex is the same hash): the same row, name updated; someone else's email is not taken.
  const again = await app.request('POST', '/api/v1/widget/identify', { body: { userId: 'user-42', userHash: hmac(secret, 'user-42').toUpperCase(), name: 'Ada L.' } });
  t.is(again.body.customerId, ok.body.customerId);
  t.is((await app.db('customers').where({ id: ok.body.customerId }).first()).name, 'Ada L.');
  const other = await app.request('POST', '/api/v1/widget/identify', { body: { userId: 'user-43', userHash: hmac(secret, 'user-43'), email: taken.email } });
  t.is(other.status, 200);
  t.not(other.body.customerId, taken.id);
  t.is((await app.db('customers').where({ id: other.body.customerId }).first()).email, null);

  const me = await app.request('GET', '/api/v1/me', { token: ok.body.token });
  t.is(me.status, 200);

  const wrong = await app.request('POST', '/api/v1/widget/identify', { body: { userId: 'user-42', userHash: hmac('lws_guess', 'user-42') } });
  t.is(wrong.status, 401);
  const altered = await app.request('POST', '/api/v1/widget/identify', { body: { userId: 'user-43', userHash: hmac(secret, 'user-42') } });
  t.is(altered.status, 401, 'a hash for another user id');
  const malformed = await app.request('POST', '/api/v1/widget/identify', { body: { userId: 'user-42', userHash: 'abc' } });
  t.is(malformed.status, 422);
  t.true((malformed.body.errors as Array<{ path: string }>).some((e) => e.path === 'userHash'));

  // Rotation: the old secret's hashes stop working at once.
  const next = (await app.request('POST', '/api/v1/widget/identity-secret', { token: admin.token })).body.secret as string;
  t.is((await app.request('POST', '/api/v1/widget/identify', { body: { userId: 'user-42', userHash: hmac(secret, 'user-42') } })).status, 401);
  t.is((await app.request('POST', '/api/v1/widget/identify', { body: { userId: 'user-42', userHash: hmac(next, 'user-42') } })).body.customerId, ok.body.customerId);
});

test.serial('an identified user sees only their own conversations', async (t) => {
  const { app, admin } = t.context;
  const secret = (await app.request('POST', '/api/v1/widget/identity-secret', { token: admin.token })).body.secret as string;
  const identify = async (userId: string) => (await app.request('POST', '/api/v1/widget/identify', { body: { userId, userHash: hmac(secret, userId), name: userId } })).body.token as string;
  const alice = await identify('alice');
  const bob = await identify('bob');
  const open = (token: string, subject: string) => app.request('POST', '/api/v1/tickets', { token, body: { subject, channel: 'widget', message: { bodyText: `${subject} body` } } });
  const a = await open(alice, 'Alice asks');
  t.is(a.status, 201, JSON.stringify(a.body));
  const b = await open(bob, 'Bob asks');
  t.is(b.body.channel, 'widget');

  const aliceList = await app.request('GET', '/api/v1/tickets', { token: alice });
  t.deepEqual((aliceList.body.data as Array<{ subject: string }>).map((x) => x.subject), ['Alice asks']);
  t.is((await app.request('GET', `/api/v1/tickets/${b.body.id}`, { token: alice })).status, 404);
  t.is((await app.request('GET', `/api/v1/tickets/${b.body.id}/entries`, { token: alice })).status, 404);
  const own = await app.request('GET', `/api/v1/tickets/${a.body.id}/entries`, { token: alice });
  t.is(own.status, 200);
  // A returning user (a new token from a new identify) still finds the conversation.
  const later = await identify('alice');
  t.is((await app.request('GET', '/api/v1/tickets', { token: later })).body.data.length, 1);
});

test.serial('an anonymous visitor leaves an address for the contact form, never one of another customer', async (t) => {
  const { app } = t.context;
  const existing = await createCustomer(app.db);
  const visitor = (await app.request('POST', '/api/v1/chat/visitor-token', { body: { name: 'Guest' } })).body.token as string;
  const taken = await app.request('POST', '/api/v1/widget/contact', { token: visitor, body: { email: existing.email } });
  t.is(taken.status, 409);
  const ok = await app.request('POST', '/api/v1/widget/contact', { token: visitor, body: { email: 'guest@example.com', name: 'Gina' } });
  t.is(ok.status, 200, JSON.stringify(ok.body));
  t.like(ok.body, { email: 'guest@example.com', name: 'Gina' });
  t.is((await app.request('POST', '/api/v1/widget/contact', { token: visitor, body: { email: 'guest@example.com' } })).status, 200, 'the same address again is fine');
  t.is((await app.request('POST', '/api/v1/widget/contact', { token: visitor, body: { email: 'other@example.com' } })).status, 409, 'no switching addresses');
  t.is((await app.request('POST', '/api/v1/widget/contact', { body: { email: 'x@example.com' } })).status, 401);
  const ticket = await app.request('POST', '/api/v1/tickets', { token: visitor, body: { subject: 'Form', channel: 'widget', message: { bodyText: 'Hi' } } });
  t.is(ticket.status, 201);
  const requester = await app.db('customers').where({ id: ticket.body.requesterId }).first();
  t.is(requester.email, 'guest@example.com');
});

test.serial('the frame page may only be framed by the allowed origins', async (t) => {
  const { app } = t.context;
  const res = await fetch(`${app.url}/widget/frame.html`);
  t.is(res.headers.get('content-security-policy'), "frame-ancestors 'self' https://shop.example.com http://127.0.0.1:9999");
  await res.arrayBuffer();
});
