/**
 * Customer portal (docs/portal.md) end to end: account emails go through the real outbound path (outbound_messages
 * → email_send job → email sender → SMTP) into a real SMTP peer (smtp-server), and the links are read out of the
 * delivered mails. Plus lockout, enumeration, sessions, CSRF, ticket isolation, organization sharing and the
 * requester's close / reopen / rating rules.
 */
import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { run, Logger, type Runner } from 'graphile-worker';
import { createEmailSender } from '../../activities/email/email-sender';
import { createTaskList } from '../../activities/tasks';
import { localStorage } from '../../services/storage/local-storage';
import { drainDueJobs } from '../helpers/lifecycle-fixtures';
import { createCustomer, createWorker, sessionFor, startTestApp, type TestApp, type TestCustomer, type TestWorker } from '../helpers/app';

type Ctx = { app: TestApp; relay: SMTPServer; mails: ParsedMail[]; sender: ReturnType<typeof createEmailSender>; admin: TestWorker };
const test = anyTest as TestFn<Ctx>;
type T = ExecutionContext<Ctx>;

const PASSWORD = 'a long enough password';
let seq = 0;
const newEmail = (what: string) => `${what}-${process.pid}-${++seq}@customer.test`;

test.before(async (t) => {
  const mails: ParsedMail[] = [];
  const relay = new SMTPServer({
    authOptional: true, disabledCommands: ['AUTH', 'STARTTLS'], logger: false,
    onData(stream, _s, cb) { simpleParser(stream).then((m) => { mails.push(m); cb(); }, cb); },
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', () => resolve()));
  const port = (relay.server.address() as AddressInfo).port;
  const app = await startTestApp({ LANTERN_SMTP_RELAY_URL: `smtp://127.0.0.1:${port}`, LANTERN_EMAIL_DOMAIN: 'support.test', LANTERN_PUBLIC_URL: 'https://help.example.test' });
  const admin = await createWorker(app.db, { role: 'admin' });
  const address = await app.request('POST', '/api/v1/email/addresses', { token: admin.token, body: { address: 'help@support.test', displayName: 'Help desk' } });
  if (address.status !== 201) throw new Error(JSON.stringify(address.body));
  const sender = createEmailSender({ db: app.db, config: app.config, logger: pino({ level: 'silent' }), storage: localStorage(app.dataDir) });
  t.context = { app, relay, mails, sender, admin };
});

test.after.always(async (t) => {
  t.context.sender?.close();
  await new Promise<void>((resolve) => (t.context.relay ? t.context.relay.close(() => resolve()) : resolve()));
  await t.context.app?.close();
});

const api = (t: T, method: string, path: string, opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
  t.context.app.request(method, `/api/v1${path}`, opts);

/** Run the queued jobs (email_send among them) once, as the job runner would. */
const deliver = (t: T) => drainDueJobs(t.context.app.dbUrl, createTaskList({ db: t.context.app.db, config: t.context.app.config, logger: pino({ level: 'silent' }), emailSender: t.context.sender }));

const mailsTo = (t: T, to: string) => t.context.mails.filter((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((a) => a?.value.some((v) => v.address === to)));

async function lastMailTo(t: T, to: string, count: number): Promise<ParsedMail> {
  await deliver(t);
  for (let i = 0; i < 100 && mailsTo(t, to).length < count; i++) await new Promise((r) => setTimeout(r, 50));
  const all = mailsTo(t, to);
  t.is(all.length, count, `mails to ${to}`);
  return all.at(-1)!;
}

/** The token of the portal link in a delivered mail (text part), checked against the expected page. */
function linkToken(t: T, mail: ParsedMail, page: 'verify' | 'reset' | 'magic'): string {
  const m = /https:\/\/help\.example\.test\/portal\/(verify|reset|magic)\?token=([^\s]+)/.exec(mail.text ?? '');
  t.truthy(m, mail.text);
  t.is(m![1], page);
  return decodeURIComponent(m![2]!);
}

async function register(t: T, email: string, extra: Record<string, unknown> = {}) {
  const res = await api(t, 'POST', '/portal/register', { body: { name: 'Ada Portal', email, password: PASSWORD, ...extra } });
  t.is(res.status, 202, JSON.stringify(res.body));
  return res;
}

const login = (t: T, email: string, password: string) => api(t, 'POST', '/auth/customer-login', { body: { email, password } });

test.serial('register → verification email → the link signs in; the password then works; bad input is a 422', async (t) => {
  const email = newEmail('reg');
  await register(t, email, { language: 'de' });
  t.falsy(await t.context.app.db('customers').where({ email }).first(), 'no customer before verification');
  const mail = await lastMailTo(t, email, 1);
  t.is(mail.subject, 'Bestätigen Sie Ihre E-Mail-Adresse');
  const token = linkToken(t, mail, 'verify');
  // Only the hash is stored, and the link is scrubbed from the outbound message once sent.
  const stored = await t.context.app.db('customer_account_tokens').where({ email }).first();
  t.false(JSON.stringify(stored).includes(token.split('.')[1]!));
  const outbound = await t.context.app.db('outbound_messages').whereNull('ticket_id').orderBy('id', 'desc').first();
  t.is(outbound.status, 'sent');
  t.is(outbound.payload.link, undefined);

  const verified = await api(t, 'POST', '/portal/verify', { body: { token } });
  t.is(verified.status, 200, JSON.stringify(verified.body));
  t.is(verified.body.kind, 'customer');
  t.regex(verified.headers.get('set-cookie') ?? '', /lantern_session=/);
  const me = await api(t, 'GET', '/me', { token: verified.body.token });
  t.is(me.status, 200);
  t.is(me.body.email, email);
  t.is(me.body.language, 'de');
  const row = await t.context.app.db('customers').where({ email }).first();
  t.truthy(row.email_verified_at);

  t.is((await api(t, 'POST', '/portal/verify', { body: { token } })).status, 410, 'single use');
  t.is((await login(t, email, PASSWORD)).status, 200);

  for (const body of [{ email, password: PASSWORD }, { name: 'x', email: 'not-an-email', password: PASSWORD }, { name: 'x', email, password: 'short' }, { name: 'x', email, password: PASSWORD, admin: true }]) {
    const bad = await api(t, 'POST', '/portal/register', { body });
    t.is(bad.status, 422, JSON.stringify(body));
    t.true(Array.isArray(bad.body.errors) || Array.isArray(bad.body.fields) || typeof bad.body.detail === 'string');
  }
  t.is((await api(t, 'POST', '/portal/verify', { body: { token: 'garbage' } })).status, 410);
  t.is((await api(t, 'POST', '/portal/verify', { body: {} })).status, 422);
});

test.serial('no account enumeration: the same 202 for existing and unknown emails; the mailbox learns the difference', async (t) => {
  const existing = await createCustomer(t.context.app.db);
  const known = await api(t, 'POST', '/portal/register', { body: { name: 'Someone', email: existing.email, password: PASSWORD } });
  const unknownEmail = newEmail('unknown');
  const unknown = await api(t, 'POST', '/portal/register', { body: { name: 'Someone', email: unknownEmail, password: PASSWORD } });
  t.is(known.status, 202);
  t.deepEqual(known.body, unknown.body);
  // The account holder gets "you already have an account" with a reset link, not a verification.
  const mail = await lastMailTo(t, existing.email, 1);
  t.is(mail.subject, 'You already have an account');
  linkToken(t, mail, 'reset');
  t.is(await login(t, existing.email, PASSWORD).then((r) => r.status), 401, 'the registration did not change the password');

  const nobody = newEmail('nobody');
  const before = t.context.mails.length;
  const reset = await api(t, 'POST', '/portal/password-reset', { body: { email: nobody } });
  const magic = await api(t, 'POST', '/portal/magic-link', { body: { email: nobody } });
  const resetKnown = await api(t, 'POST', '/portal/password-reset', { body: { email: existing.email } });
  t.deepEqual([reset.status, magic.status, resetKnown.status], [202, 202, 202]);
  t.deepEqual(reset.body, resetKnown.body);
  await lastMailTo(t, existing.email, 2);
  t.is(mailsTo(t, nobody).length, 0);
  t.is(t.context.mails.length, before + 1, 'only the known reset; nothing for the unknown address');
  t.is(mailsTo(t, unknownEmail)[0]?.subject, 'Confirm your email address', 'the new email got its verification');
});

test.serial('an existing customer without a password (e.g. from an inbound email) claims the account by verifying', async (t) => {
  const email = newEmail('inbound');
  const [c] = await t.context.app.db('customers').insert({ name: 'Mailed Us', email }).returning('id');
  await register(t, email);
  const token = linkToken(t, await lastMailTo(t, email, 1), 'verify');
  t.is((await login(t, email, PASSWORD)).body.code, 'email_not_verified', 'before verifying: not yet');
  const verified = await api(t, 'POST', '/portal/verify', { body: { token } });
  t.is(verified.status, 200);
  t.is(verified.body.id, Number(c.id), 'the same customer, not a new one');
  t.is(await t.context.app.db('customers').where({ email }).count('* as n').first().then((r) => Number(r!.n)), 1);
  t.is((await login(t, email, PASSWORD)).status, 200);
});

test.serial('an unverified registration is refused with 403 email_not_verified; a wrong password stays a plain 401', async (t) => {
  const email = newEmail('unverified');
  await register(t, email);
  const refused = await login(t, email, PASSWORD);
  t.is(refused.status, 403);
  t.is(refused.body.code, 'email_not_verified');
  const wrong = await login(t, email, 'not the password at all');
  t.is(wrong.status, 401);
  t.is(wrong.body.code, undefined);
});

test.serial('password reset: single use, 1 h, ends every other session; an expired link is refused', async (t) => {
  const { app } = t.context;
  const customer = await createCustomer(app.db);
  const other = await sessionFor(app.db, 'customer', customer.id);
  t.is((await api(t, 'GET', '/me', { token: other })).status, 200);
  t.is((await api(t, 'POST', '/portal/password-reset', { body: { email: customer.email } })).status, 202);
  const token = linkToken(t, await lastMailTo(t, customer.email, 1), 'reset');
  const row = await app.db('customer_account_tokens').where({ email: customer.email, purpose: 'reset' }).first();
  const ttl = row.expires_at.getTime() - row.created_at.getTime();
  t.true(Math.abs(ttl - 3_600_000) < 5_000, `ttl ${ttl}`);

  t.is((await api(t, 'POST', '/portal/password-reset/confirm', { body: { token, newPassword: 'short' } })).status, 422);
  const done = await api(t, 'POST', '/portal/password-reset/confirm', { body: { token, newPassword: 'a brand new password' } });
  t.is(done.status, 204);
  t.is((await api(t, 'GET', '/me', { token: other })).status, 401, 'other sessions ended');
  t.is((await api(t, 'GET', '/me', { token: customer.token })).status, 401);
  t.is((await api(t, 'POST', '/portal/password-reset/confirm', { body: { token, newPassword: 'yet another password' } })).status, 410, 'single use');
  t.is((await login(t, customer.email, 'a brand new password')).status, 200);
  t.is((await login(t, customer.email, 'customer password 1')).status, 401);

  await api(t, 'POST', '/portal/password-reset', { body: { email: customer.email } });
  const late = linkToken(t, await lastMailTo(t, customer.email, 2), 'reset');
  await app.db('customer_account_tokens').where({ email: customer.email, purpose: 'reset' }).whereNull('used_at').update({ expires_at: new Date(Date.now() - 1000) });
  const expired = await api(t, 'POST', '/portal/password-reset/confirm', { body: { token: late, newPassword: 'too late password' } });
  t.is(expired.status, 410);
  t.is(expired.body.code, 'token_invalid');
  // A token for one purpose is useless for another.
  await api(t, 'POST', '/portal/magic-link', { body: { email: customer.email } });
  const magic = linkToken(t, await lastMailTo(t, customer.email, 3), 'magic');
  t.is((await api(t, 'POST', '/portal/password-reset/confirm', { body: { token: magic, newPassword: 'cross purpose pw' } })).status, 410);
});

test.serial('magic link: signs in once, within 15 minutes', async (t) => {
  const { app } = t.context;
  const customer = await createCustomer(app.db);
  await api(t, 'POST', '/portal/magic-link', { body: { email: customer.email } });
  const mail = await lastMailTo(t, customer.email, 1);
  t.is(mail.subject, 'Your sign-in link');
  const token = linkToken(t, mail, 'magic');
  const row = await app.db('customer_account_tokens').where({ email: customer.email, purpose: 'magic' }).first();
  t.true(Math.abs(row.expires_at.getTime() - row.created_at.getTime() - 15 * 60_000) < 5_000);
  const signedIn = await api(t, 'POST', '/portal/magic-link/confirm', { body: { token } });
  t.is(signedIn.status, 200);
  t.is(signedIn.body.id, customer.id);
  t.is((await api(t, 'GET', '/me', { token: signedIn.body.token })).body.email, customer.email);
  t.is((await api(t, 'POST', '/portal/magic-link/confirm', { body: { token } })).status, 410, 'single use');

  await api(t, 'POST', '/portal/magic-link', { body: { email: customer.email } });
  const late = linkToken(t, await lastMailTo(t, customer.email, 2), 'magic');
  await app.db('customer_account_tokens').where({ email: customer.email, purpose: 'magic' }).whereNull('used_at').update({ expires_at: new Date(Date.now() - 1000) });
  t.is((await api(t, 'POST', '/portal/magic-link/confirm', { body: { token: late } })).status, 410);
  // A tampered verifier with a real selector is refused too.
  const [selector] = token.split('.');
  t.is((await api(t, 'POST', '/portal/magic-link/confirm', { body: { token: `${selector}.${'A'.repeat(43)}` } })).status, 410);
});

test.serial('lockout: 5 failures in 15 minutes lock the account (429 account_locked, even the right password) until they age out', async (t) => {
  const { app } = t.context;
  const customer = await createCustomer(app.db);
  for (let i = 0; i < 5; i++) t.is((await login(t, customer.email, `wrong password ${i}`)).status, 401);
  const locked = await login(t, customer.email, 'customer password 1');
  t.is(locked.status, 429);
  t.is(locked.body.code, 'account_locked');
  t.true(locked.body.retryAfterSeconds > 800 && locked.body.retryAfterSeconds <= 900, String(locked.body.retryAfterSeconds));
  t.truthy(locked.headers.get('retry-after'));
  // Unknown emails lock the same way, so the lockout does not reveal which accounts exist.
  const ghost = newEmail('ghost');
  for (let i = 0; i < 5; i++) await login(t, ghost, 'whatever it is');
  t.is((await login(t, ghost, 'whatever it is')).body.code, 'account_locked');
  // Another account is not affected.
  const other = await createCustomer(app.db);
  t.is((await login(t, other.email, 'customer password 1')).status, 200);
  // 16 minutes later the failures are out of the window.
  await app.db('customer_login_failures').where({ email: customer.email }).update({ created_at: app.db.raw("now() - interval '16 minutes'") });
  t.is((await login(t, customer.email, 'customer password 1')).status, 200);
  t.is(await app.db('customer_login_failures').where({ email: customer.email }).count('* as n').first().then((r) => Number(r!.n)), 0, 'a success clears the count');
});

test.serial('sessions: list and revoke; a cookie write without the CSRF header is refused', async (t) => {
  const { app } = t.context;
  const customer = await createCustomer(app.db);
  const a = (await login(t, customer.email, 'customer password 1')).body.token as string;
  const b = (await login(t, customer.email, 'customer password 1')).body.token as string;
  const list = await api(t, 'GET', '/auth/sessions', { token: a });
  t.is(list.status, 200);
  t.true(list.body.data.length >= 3);
  const newest = list.body.data[0].id;
  t.is((await api(t, 'DELETE', `/auth/sessions/${newest}`, { token: a })).status, 204);
  t.is((await api(t, 'GET', '/me', { token: b })).status, 401, 'the revoked session (b, the newest) is dead');
  t.is((await api(t, 'GET', '/me', { token: a })).status, 200);

  const created = await api(t, 'POST', '/tickets', { token: a, body: { subject: 'CSRF check', message: { bodyText: 'first' } } });
  t.is(created.status, 201);
  const cookie = { cookie: `lantern_session=${a}` };
  const noHeader = await api(t, 'POST', `/tickets/${created.body.id}/entries`, { headers: cookie, body: { kind: 'customer_message', bodyText: 'hi' } });
  t.is(noHeader.status, 403);
  const withHeader = await api(t, 'POST', `/tickets/${created.body.id}/entries`, { headers: { ...cookie, 'x-lantern-csrf': '1' }, body: { kind: 'customer_message', bodyText: 'hi' } });
  t.is(withHeader.status, 201);
  t.is((await api(t, 'POST', `/tickets/${created.body.id}/close`, { headers: cookie })).status, 403, 'portal actions need the header too');
});

async function customerTicket(t: T, c: TestCustomer, subject: string): Promise<number> {
  const res = await api(t, 'POST', '/tickets', { token: c.token, body: { subject, message: { bodyText: `${subject}: first message` } } });
  t.is(res.status, 201, JSON.stringify(res.body));
  return res.body.id as number;
}

async function setStatus(t: T, ticketId: number, category: string) {
  const { app, admin } = t.context;
  const status = await app.db('statuses').where({ category, active: true }).orderBy('position').first('id');
  const current = await api(t, 'GET', `/tickets/${ticketId}`, { token: admin.token });
  const res = await api(t, 'PATCH', `/tickets/${ticketId}`, { token: admin.token, body: { statusId: Number(status.id), version: current.body.version } });
  t.is(res.status, 200, JSON.stringify(res.body));
}

async function internalNoteWithAttachment(t: T, ticketId: number): Promise<{ noteText: string; attachmentId: number }> {
  const { app, admin } = t.context;
  const noteText = `INTERNAL-${process.pid}-${++seq} do not show customers`;
  const note = await api(t, 'POST', `/tickets/${ticketId}/entries`, { token: admin.token, body: { kind: 'internal_note', bodyText: noteText } });
  t.is(note.status, 201);
  const [att] = await app.db('attachments').insert({
    ticket_id: ticketId, entry_id: note.body.id, filename: 'secret.txt', content_type: 'text/plain', size: 3, sha256: 'x', storage_key: `portal-test-${process.pid}-${seq}`, uploaded_by_type: 'worker', uploaded_by_id: admin.id,
  }).returning('id');
  return { noteText, attachmentId: Number(att.id) };
}

test.serial('customer A never sees customer B\'s tickets or any internal note through tickets, entries and attachments', async (t) => {
  const { app } = t.context;
  const a = await createCustomer(app.db);
  const b = await createCustomer(app.db);
  const ticketA = await customerTicket(t, a, 'A printer');
  const ticketB = await customerTicket(t, b, 'B printer');
  const noteA = await internalNoteWithAttachment(t, ticketA);
  const noteB = await internalNoteWithAttachment(t, ticketB);

  const list = await api(t, 'GET', '/tickets', { token: a.token });
  t.deepEqual(list.body.data.map((x: { id: number }) => x.id), [ticketA]);
  t.is((await api(t, 'GET', `/tickets/${ticketB}`, { token: a.token })).status, 404);
  t.is((await api(t, 'GET', `/tickets/${ticketB}/entries`, { token: a.token })).status, 404);
  t.is((await api(t, 'GET', `/tickets/${ticketB}/ratings`, { token: a.token })).status, 404);
  t.is((await api(t, 'GET', `/attachments/${noteB.attachmentId}`, { token: a.token })).status, 404);
  const entries = await api(t, 'GET', `/tickets/${ticketA}/entries`, { token: a.token });
  t.is(entries.status, 200);
  t.false(JSON.stringify(entries.body).includes(noteA.noteText));
  t.false(entries.body.data.some((e: { kind: string }) => e.kind === 'internal_note'));
  t.is((await api(t, 'GET', `/attachments/${noteA.attachmentId}`, { token: a.token })).status, 404, 'an internal note\'s attachment');
  t.is((await api(t, 'POST', `/tickets/${ticketB}/entries`, { token: a.token, body: { kind: 'customer_message', bodyText: 'hi' } })).status, 404);
  t.is((await api(t, 'POST', `/tickets/${ticketB}/close`, { token: a.token })).status, 404);
});

test.serial('organization sharing: off by default; on, colleagues list and read (no notes) but only the requester writes', async (t) => {
  const { app, admin } = t.context;
  const org = await api(t, 'POST', '/organizations', { token: admin.token, body: { name: `Shared ${process.pid}-${++seq}` } });
  t.is(org.status, 201);
  t.false(org.body.sharedTickets);
  const a = await createCustomer(app.db, { organizationId: org.body.id });
  const b = await createCustomer(app.db, { organizationId: org.body.id });
  const outsider = await createCustomer(app.db);
  const ticketA = await customerTicket(t, a, 'Shared printer');
  const outsiderTicket = await customerTicket(t, outsider, 'Outsider printer');
  const note = await internalNoteWithAttachment(t, ticketA);
  t.is((await api(t, 'GET', `/tickets/${ticketA}`, { token: b.token })).status, 404, 'not shared yet');

  const on = await api(t, 'PATCH', `/organizations/${org.body.id}`, { token: admin.token, body: { sharedTickets: true, version: org.body.version } });
  t.is(on.status, 200, JSON.stringify(on.body));
  t.true(on.body.sharedTickets);
  const list = await api(t, 'GET', '/tickets', { token: b.token });
  t.true(list.body.data.some((x: { id: number }) => x.id === ticketA));
  t.false(list.body.data.some((x: { id: number }) => x.id === outsiderTicket));
  t.is((await api(t, 'GET', `/tickets/${ticketA}`, { token: b.token })).status, 200);
  const entries = await api(t, 'GET', `/tickets/${ticketA}/entries`, { token: b.token });
  t.is(entries.status, 200);
  t.true(entries.body.data.length >= 1);
  t.false(JSON.stringify(entries.body).includes(note.noteText));
  t.is((await api(t, 'GET', `/attachments/${note.attachmentId}`, { token: b.token })).status, 404);
  t.is((await api(t, 'GET', `/tickets/${outsiderTicket}`, { token: b.token })).status, 404);
  t.is((await api(t, 'GET', `/tickets/${ticketA}`, { token: outsider.token })).status, 404);

  t.is((await api(t, 'POST', `/tickets/${ticketA}/entries`, { token: b.token, body: { kind: 'customer_message', bodyText: 'me too' } })).status, 403);
  t.is((await api(t, 'POST', `/tickets/${ticketA}/close`, { token: b.token })).status, 403);
  await setStatus(t, ticketA, 'solved');
  t.is((await api(t, 'POST', `/tickets/${ticketA}/rating`, { token: b.token, body: { rating: 5 } })).status, 403);
  t.is((await api(t, 'POST', `/tickets/${ticketA}/reopen`, { token: b.token })).status, 403);
  t.is((await api(t, 'GET', `/tickets/${ticketA}/ratings`, { token: b.token })).status, 200, 'reading ratings is reading');

  const off = await api(t, 'PATCH', `/organizations/${org.body.id}`, { token: admin.token, body: { sharedTickets: false, version: on.body.version } });
  t.is(off.status, 200);
  t.is((await api(t, 'GET', `/tickets/${ticketA}`, { token: b.token })).status, 404, 'sharing off again: hidden at once');
});

test.serial('close, reopen and rating: requester only, rating only when solved or closed, one per resolution, in the CSAT data', async (t) => {
  const { app } = t.context;
  const agent = await createWorker(app.db, { role: 'agent', allTickets: true });
  const c = await createCustomer(app.db);
  const id = await customerTicket(t, c, 'Rate me');
  await app.db('tickets').where({ id }).update({ assignee_id: agent.id });

  const early = await api(t, 'POST', `/tickets/${id}/rating`, { token: c.token, body: { rating: 4 } });
  t.is(early.status, 409, 'not solved yet');
  t.is((await api(t, 'POST', `/tickets/${id}/reopen`, { token: c.token })).status, 409, 'open tickets are not reopened');
  for (const body of [{ rating: 0 }, { rating: 6 }, { rating: 3.5 }, { rating: '5' }, {}, { rating: 5, extra: 1 }, { rating: 5, comment: 'x'.repeat(2001) }]) {
    t.is((await api(t, 'POST', `/tickets/${id}/rating`, { token: c.token, body })).status, 422, JSON.stringify(body));
  }
  t.is((await api(t, 'POST', '/tickets/abc/close', { token: c.token })).status, 422);

  await setStatus(t, id, 'solved');
  const first = await api(t, 'POST', `/tickets/${id}/rating`, { token: c.token, body: { rating: 2, comment: 'slow' } });
  t.is(first.status, 201, JSON.stringify(first.body));
  t.like(first.body, { resolution: 1, rating: 2, comment: 'slow' });
  const again = await api(t, 'POST', `/tickets/${id}/rating`, { token: c.token, body: { rating: 5, comment: 'actually great' } });
  t.is(again.status, 201);
  t.is(again.body.resolution, 1);
  const surveys = await app.db('surveys').where({ ticket_id: id });
  t.is(surveys.length, 1, 're-rating the same resolution updates it');
  t.is(surveys[0].rating, 5);
  t.is(Number(surveys[0].worker_id), agent.id);
  const stats = (await app.db('workers').where({ id: agent.id }).first('stats')).stats;
  t.deepEqual({ count: stats.csat.count, sum: stats.csat.sum }, { count: 1, sum: 5 });

  const reopened = await api(t, 'POST', `/tickets/${id}/reopen`, { token: c.token });
  t.is(reopened.status, 200);
  t.is(reopened.body.status.category, 'open');
  await setStatus(t, id, 'solved');
  t.is((await api(t, 'POST', `/tickets/${id}/rating`, { token: c.token, body: { rating: 4 } })).body.resolution, 2);
  const closed = await api(t, 'POST', `/tickets/${id}/close`, { token: c.token });
  t.is(closed.status, 200);
  t.is(closed.body.status.category, 'closed');
  t.is((await api(t, 'POST', `/tickets/${id}/close`, { token: c.token })).status, 409);

  const ratings = await api(t, 'GET', `/tickets/${id}/ratings`, { token: c.token });
  t.is(ratings.status, 200);
  t.deepEqual(ratings.body.items.map((r: { resolution: number; rating: number }) => [r.resolution, r.rating]), [[1, 5], [2, 4]]);
  t.truthy(ratings.body.items[0].solvedAt);
  t.truthy(ratings.body.items[0].ratedAt);
  // Staff see the same ratings, and the CSAT report counts them.
  t.is((await api(t, 'GET', `/tickets/${id}/ratings`, { token: t.context.admin.token })).body.items.length, 2);
  const stats2 = (await app.db('workers').where({ id: agent.id }).first('stats')).stats;
  t.deepEqual({ count: stats2.csat.count, sum: stats2.csat.sum }, { count: 2, sum: 9 });
  // Staff cannot use the customer actions.
  t.is((await api(t, 'POST', `/tickets/${id}/reopen`, { token: t.context.admin.token })).status, 403);
});

test.serial('ticket search: customers find only their own (and shared) tickets, never internal-note text', async (t) => {
  const app = await startTestApp({}, { search: true });
  const runner: Runner = await run({
    connectionString: app.dbUrl,
    taskList: createTaskList({ db: app.db, config: app.config, logger: pino({ level: 'silent' }), search: app.search!.engine }),
    concurrency: 1, noHandleSignals: true, crontab: '', pollInterval: 100, logger: new Logger(() => () => {}),
  });
  try {
    const admin = await createWorker(app.db, { role: 'admin' });
    const [org] = await app.db('organizations').insert({ name: `Search org ${process.pid}` }).returning('id');
    const a = await createCustomer(app.db, { organizationId: Number(org.id) });
    const b = await createCustomer(app.db, { organizationId: Number(org.id) });
    const outsider = await createCustomer(app.db);
    const mk = async (token: string, subject: string) => (await app.request('POST', '/api/v1/tickets', { token, body: { subject, message: { bodyText: `${subject} body` } } })).body.id as number;
    const ticketA = await mk(a.token, 'Zeppelin alpha');
    const ticketOutsider = await mk(outsider.token, 'Zeppelin outsider');
    const secret = `quasarnote${process.pid}`;
    await app.request('POST', `/api/v1/tickets/${ticketA}/entries`, { token: admin.token, body: { kind: 'internal_note', bodyText: `${secret} internal` } });
    const search = (token: string, q: string) => app.request('GET', `/api/v1/search/tickets?q=${encodeURIComponent(q)}`, { token });
    const ids = (res: { body: { data: { id: number }[] } }) => res.body.data.map((h) => h.id).sort();
    for (let i = 0; i < 200; i++) {
      const all = await search(admin.token, secret);
      if (all.status === 200 && ids(all).includes(ticketA) && ids(await search(admin.token, 'Zeppelin')).length === 2) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    t.deepEqual(ids(await search(admin.token, 'Zeppelin')), [ticketA, ticketOutsider].sort(), 'indexed');
    t.deepEqual(ids(await search(a.token, 'Zeppelin')), [ticketA]);
    t.deepEqual(ids(await search(outsider.token, 'Zeppelin')), [ticketOutsider]);
    t.deepEqual(ids(await search(b.token, 'Zeppelin')), [], 'not shared');
    t.deepEqual(ids(await search(a.token, secret)), [], 'internal note text is not searched for customers');
    await app.db('organizations').where({ id: org.id }).update({ shared_tickets: true });
    t.deepEqual(ids(await search(b.token, 'Zeppelin')), [ticketA], 'shared');
  } finally {
    await runner.stop();
    await app.close();
  }
});
