/**
 * Email over real SMTP: nodemailer (a real SMTP client) sends into the built-in server (smtp-server), and the
 * messages become tickets, thread into existing ones, or land in the quarantine; nothing is mocked.
 */
import { join } from 'node:path';
import anyTest, { type TestFn } from 'ava';
import nodemailer from 'nodemailer';
import { simpleParser, type ParsedMail } from 'mailparser';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { createLifecycleActivities } from '../../activities/lifecycle';
import { createTaskList } from '../../activities/tasks';
import { createEmailSender } from '../../activities/email/email-sender';
import { drainDueJobs } from '../helpers/lifecycle-fixtures';
import { createEmailInbound } from '../../services/email/inbound.service';
import { startSmtpInbound, type SmtpInbound } from '../../services/email/smtp-inbound.server';
import { localStorage } from '../../services/storage/local-storage';
import { count } from '../helpers/db';
import { createTeam, createWorker, startTestApp, type TestApp, type TestWorker } from '../helpers/app';

type Ctx = {
  app: TestApp; smtp: SmtpInbound; admin: TestWorker; team: number; addressId: number;
  relay: SMTPServer; relayed: ParsedMail[]; sender: ReturnType<typeof createEmailSender>;
};
const test = anyTest as TestFn<Ctx>;

const DOMAIN = 'support.test';
const SUPPORT = `help@${DOMAIN}`;
const RATE_LIMIT = 8;
const MAX_BYTES = 300_000;
let seq = 0;
const sender = (what: string) => `${what}-${process.pid}-${++seq}@customer.test`;

// A 1x1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** A second smtp-server as the outbound relay: a real SMTP peer that records what it is given. */
async function startRelay(relayed: ParsedMail[]): Promise<{ relay: SMTPServer; port: number }> {
  const relay = new SMTPServer({
    authOptional: true, disabledCommands: ['AUTH', 'STARTTLS'], logger: false,
    onRcptTo(address, _s, cb) {
      cb(address.address.startsWith('reject-') ? Object.assign(new Error('5.1.1 no such user'), { responseCode: 550 }) : null);
    },
    onData(stream, _s, cb) {
      simpleParser(stream).then((m) => { relayed.push(m); cb(); }, cb);
    },
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', () => resolve()));
  return { relay, port: (relay.server.address() as AddressInfo).port };
}

test.before(async (t) => {
  const relayed: ParsedMail[] = [];
  const { relay, port: relayPort } = await startRelay(relayed);
  const app = await startTestApp({
    LANTERN_SMTP_RELAY_URL: `smtp://127.0.0.1:${relayPort}`,
    LANTERN_EMAIL_DOMAIN: DOMAIN, LANTERN_EMAIL_RATE_LIMIT_PER_HOUR: String(RATE_LIMIT), LANTERN_EMAIL_MAX_BYTES: String(MAX_BYTES),
  });
  const admin = await createWorker(app.db, { role: 'admin' });
  const team = await createTeam(app.db);
  const created = await app.request('POST', '/api/v1/email/addresses', { token: admin.token, body: { address: SUPPORT, displayName: 'Help desk', teamId: team } });
  if (created.status !== 201) throw new Error(JSON.stringify(created.body));
  const logger = pino({ level: 'silent' });
  // The same storage directory as the app, so the quarantine API reads what the SMTP side stored.
  const storage = localStorage(join(app.dataDir, 'attachments'));
  const inbound = createEmailInbound({ db: app.db, config: app.config, logger, storage });
  const smtp = await startSmtpInbound({ db: app.db, logger, inbound, host: '127.0.0.1', port: 0, maxBytes: MAX_BYTES });
  const sender = createEmailSender({ db: app.db, config: app.config, logger, storage });
  t.context = { app, smtp, admin, team, addressId: created.body.id, relay, relayed, sender };
});
test.after.always(async (t) => {
  t.context.sender?.close();
  await new Promise<void>((resolve) => (t.context.relay ? t.context.relay.close(() => resolve()) : resolve()));
  await t.context.smtp?.close();
  await t.context.app?.close();
});

const transport = (t: { context: Ctx }) => nodemailer.createTransport({ host: '127.0.0.1', port: t.context.smtp.port, secure: false, ignoreTLS: true });

async function send(t: { context: Ctx }, mail: Parameters<ReturnType<typeof nodemailer.createTransport>['sendMail']>[0]) {
  return transport(t).sendMail({ to: SUPPORT, ...mail });
}

const idOf = (info: { messageId: string }) => info.messageId.replace(/^<|>$/g, '');
const inbound = (t: { context: Ctx }, messageId: string) => t.context.app.db('email_messages').where({ direction: 'in', message_id: messageId }).first();
const entriesOf = (t: { context: Ctx }, ticketId: number) => t.context.app.db('conversation_entries').where({ ticket_id: ticketId }).orderBy('id');

test.serial('a new mail opens a ticket on the email channel, routed to the address team, with the raw original kept', async (t) => {
  const { app, team } = t.context;
  const from = sender('new');
  const info = await send(t, { from: `"Ada Lovelace" <${from}>`, subject: 'Printer is on fire', text: 'Please help, the printer is on fire.' });
  t.regex(info.response, /^250 .*queued as ticket \d+/);
  const row = await inbound(t, idOf(info));
  t.truthy(row);
  t.is(row.threaded_by, 'new');
  const ticket = await app.db('tickets').where({ id: row.ticket_id }).first();
  t.is(ticket.subject, 'Printer is on fire');
  t.is(ticket.channel, 'email');
  t.is(Number(ticket.team_id), team);
  const customer = await app.db('customers').where({ id: ticket.requester_id }).first();
  t.is(customer.email, from);
  t.is(customer.name, 'Ada Lovelace');
  const [entry] = await entriesOf(t, ticket.id);
  t.is(entry.kind, 'customer_message');
  t.is(entry.channel, 'email');
  t.is(entry.body_text, 'Please help, the printer is on fire.');
  const raw = await app.db('attachments').where({ id: row.raw_attachment_id }).first();
  t.is(raw.content_type, 'message/rfc822');
  t.is(Number(raw.ticket_id), ticket.id);
  // The original is downloadable through the attachments API and is the exact message we received.
  const res = await app.request('GET', `/api/v1/attachments/${raw.id}/content`, { token: t.context.admin.token });
  t.is(res.status, 200);
  t.true(String(res.body).includes(`Message-ID: <${idOf(info)}>`));
});

test.serial('a redelivered message (same Message-ID) creates nothing new', async (t) => {
  const { app } = t.context;
  const from = sender('redeliver');
  const raw = `From: ${from}\r\nTo: ${SUPPORT}\r\nSubject: Twice\r\nMessage-ID: <twice-${seq}@customer.test>\r\n\r\nHello twice\r\n`;
  await send(t, { envelope: { from, to: SUPPORT }, raw });
  const tickets = await count(app.db('tickets'));
  const info = await send(t, { envelope: { from, to: SUPPORT }, raw });
  t.regex(info.response, /^250 /);
  t.is(await count(app.db('tickets')), tickets);
  t.is(await count(app.db('email_messages').where({ message_id: `twice-${seq}@customer.test` })), 1);
});

test.serial('replies thread by In-Reply-To (quote and signature split off), by subject number and by plus-address', async (t) => {
  const { app } = t.context;
  const from = sender('thread');
  const first = await send(t, { from, subject: 'Login broken', text: 'I cannot log in.' });
  const { ticket_id: ticketId } = await inbound(t, idOf(first));
  const ticket = await app.db('tickets').where({ id: ticketId }).first();

  const reply = await send(t, {
    from, subject: 'Re: Login broken', inReplyTo: first.messageId, references: [first.messageId],
    text: 'It works again, thanks!\n\n-- \nAda\nACME Corp\n\nOn Tue, 24 Nov 2026 at 10:00, Help desk <help@support.test> wrote:\n> I cannot log in.\n',
  });
  const byId = await inbound(t, idOf(reply));
  t.is(Number(byId.ticket_id), Number(ticketId));
  t.is(byId.threaded_by, 'message_id');
  const entries = await entriesOf(t, ticketId);
  t.is(entries.length, 2);
  t.is(entries[1].body_text, 'It works again, thanks!');
  t.regex(byId.quoted_text, /^On Tue, 24 Nov 2026.*wrote:\n> I cannot log in\.$/s);
  t.regex(byId.signature, /^--\s*\nAda\nACME Corp$/);
  t.true(byId.full_text.includes('> I cannot log in.'), 'the full original is kept');

  const bySubject = await send(t, { from, subject: `Re: [#${ticket.number}] Login broken`, text: 'One more thing.' });
  const s = await inbound(t, idOf(bySubject));
  t.is(Number(s.ticket_id), Number(ticketId));
  t.is(s.threaded_by, 'subject');
  const bySubjectWords = await send(t, { from, subject: `About Ticket #${ticket.number}`, text: 'And another.' });
  t.is((await inbound(t, idOf(bySubjectWords))).threaded_by, 'subject');

  const byPlus = await send(t, { from, to: `help+${ticket.number}@${DOMAIN}`, subject: 'no number here', text: 'Via plus address.' });
  const p = await inbound(t, idOf(byPlus));
  t.is(Number(p.ticket_id), Number(ticketId));
  t.is(p.threaded_by, 'plus_address');
  t.is((await entriesOf(t, ticketId)).length, 5);

  // Someone else naming the ticket number does not get into it: a new ticket instead.
  const stranger = await send(t, { from: sender('stranger'), subject: `Re: [#${ticket.number}] Login broken`, text: 'I am not the requester.' });
  const x = await inbound(t, idOf(stranger));
  t.not(Number(x.ticket_id), Number(ticketId));
  t.is(x.threaded_by, 'new');
});

test.serial('MIME: inline cid image and attachment are stored and referenced; ISO-8859-1 quoted-printable is decoded', async (t) => {
  const { app, admin } = t.context;
  const from = sender('mime');
  const info = await send(t, {
    from, subject: 'Screenshot attached',
    html: '<p>See the screenshot:</p><img src="cid:shot@customer.test" alt="shot"><p>and the report.</p>',
    text: 'See the screenshot and the report.',
    attachments: [
      { filename: 'shot.png', content: PNG, contentType: 'image/png', cid: 'shot@customer.test' },
      { filename: 'report.pdf', content: Buffer.from('%PDF-1.4\n% test\n'), contentType: 'application/pdf' },
    ],
  });
  const row = await inbound(t, idOf(info));
  const [entry] = await entriesOf(t, row.ticket_id);
  const files = await app.db('attachments').where({ entry_id: entry.id }).orderBy('id');
  t.deepEqual(files.map((f: { filename: string; content_type: string }) => [f.filename, f.content_type]), [['shot.png', 'image/png'], ['report.pdf', 'application/pdf']]);
  const img = files[0];
  t.true(entry.body_html.includes(`<img src="/api/v1/attachments/${img.id}/content"`), entry.body_html);
  t.false(entry.body_html.includes('cid:'));
  const content = await fetch(`${app.url}/api/v1/attachments/${img.id}/content`, { headers: { authorization: `Bearer ${admin.token}` } });
  t.deepEqual(Buffer.from(await content.arrayBuffer()), PNG);

  // Latin-1, quoted-printable, hand-written so the charset is exactly what old clients send.
  const latinId = `latin-${++seq}@customer.test`;
  const latin = [
    `From: =?ISO-8859-1?Q?J=FCrgen_M=FCller?= <${sender('latin')}>`, `To: ${SUPPORT}`, 'Subject: =?ISO-8859-1?Q?Gr=FC=DFe_aus_K=F6ln?=',
    `Message-ID: <${latinId}>`, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=ISO-8859-1', 'Content-Transfer-Encoding: quoted-printable',
    '', 'Sch=F6ne Gr=FC=DFe, die Stra=DFe ist gesperrt. Preis: 5 =A3', '',
  ].join('\r\n');
  await send(t, { envelope: { from: 'latin@customer.test', to: SUPPORT }, raw: Buffer.from(latin, 'latin1') });
  const l = await inbound(t, latinId);
  const ticket = await app.db('tickets').where({ id: l.ticket_id }).first();
  t.is(ticket.subject, 'Grüße aus Köln');
  t.is((await entriesOf(t, l.ticket_id))[0].body_text, 'Schöne Grüße, die Straße ist gesperrt. Preis: 5 £');
  t.is((await app.db('customers').where({ id: ticket.requester_id }).first()).name, 'Jürgen Müller');
});

test.serial('auto-replies and our own mail coming back are quarantined, not ticketed or answered; admins can view and release', async (t) => {
  const { app, admin } = t.context;
  const tickets = await count(app.db('tickets'));
  const outbound = await count(app.db('outbound_messages'));
  const ooo = await send(t, { from: sender('ooo'), subject: 'Out of office', text: 'I am away.', headers: { 'Auto-Submitted': 'auto-replied' } });
  t.regex(ooo.response, /^250 .*queued for review/);
  await send(t, { from: sender('bulk'), subject: 'Newsletter', text: 'News', headers: { Precedence: 'bulk' } });
  await send(t, { from: sender('xauto'), subject: 'Auto', text: 'Auto', headers: { 'X-Autoreply': 'yes' } });
  await send(t, { from: sender('list'), subject: 'List', text: 'List', headers: { 'List-Id': '<news.example.com>' } });
  await send(t, { from: SUPPORT, subject: 'From ourselves', text: 'loop' });
  await send(t, { from: sender('echo'), subject: 'Echo', text: 'loop', messageId: `<om-1.1000@${DOMAIN}>` });
  t.is(await count(app.db('tickets')), tickets, 'no ticket');
  t.is(await count(app.db('outbound_messages')), outbound, 'nothing answered');
  const held = await app.db('email_quarantine').orderBy('id', 'desc').limit(6);
  t.deepEqual(held.map((q: { reason: string }) => q.reason).reverse(), ['auto_reply', 'auto_reply', 'auto_reply', 'auto_reply', 'loop', 'loop']);
  t.regex(held[5].detail, /Auto-Submitted: auto-replied/);

  const list = await app.request('GET', '/api/v1/email/quarantine?reason=auto_reply&limit=2', { token: admin.token });
  t.is(list.status, 200);
  t.is(list.body.data.length, 2);
  t.truthy(list.body.nextCursor);
  const oooRow = held[5];
  const view = await app.request('GET', `/api/v1/email/quarantine/${oooRow.id}`, { token: admin.token });
  t.is(view.status, 200);
  t.is(view.body.text, 'I am away.');
  t.is(view.body.headers['auto-submitted'], 'auto-replied');
  const agent = await createWorker(app.db, { role: 'agent' });
  t.is((await app.request('GET', `/api/v1/email/quarantine/${oooRow.id}`, { token: agent.token })).status, 403);

  const released = await app.request('POST', `/api/v1/email/quarantine/${oooRow.id}/release`, { token: admin.token });
  t.is(released.status, 200, JSON.stringify(released.body));
  t.is(released.body.outcome, 'created');
  t.is((await app.db('tickets').where({ id: released.body.ticketId }).first()).subject, 'Out of office');
  t.is((await app.db('email_quarantine').where({ id: oooRow.id }).first()).status, 'released');
  const again = await app.request('POST', `/api/v1/email/quarantine/${oooRow.id}/release`, { token: admin.token });
  t.is(again.body.outcome, 'already_released');
  t.is(await count(app.db('tickets')), tickets + 1);

  const del = await app.request('DELETE', `/api/v1/email/quarantine/${held[0].id}`, { token: admin.token });
  t.is(del.status, 204);
  t.is((await app.request('GET', `/api/v1/email/quarantine/${held[0].id}`, { token: admin.token })).status, 404);
  t.is(await count(app.db('audit_log').where({ entity_type: 'email_quarantine', entity_id: String(held[0].id) })), 2, 'held, deleted');
});

test.serial('a sender over the hourly rate limit is quarantined (rate_limited)', async (t) => {
  const { app } = t.context;
  const from = sender('flood');
  for (let i = 0; i < RATE_LIMIT; i++) await send(t, { from, subject: `Flood ${i}`, text: `message ${i}` });
  const tickets = await count(app.db('tickets'));
  await send(t, { from, subject: 'Flood over', text: 'one too many' });
  t.is(await count(app.db('tickets')), tickets);
  const q = await app.db('email_quarantine').where({ from_address: from }).first();
  t.is(q.reason, 'rate_limited');
  t.regex(q.detail, new RegExp(`${RATE_LIMIT} messages from`));
});

test.serial('the SMTP server refuses unknown recipients (550) and oversize messages (552) during the SMTP dialogue', async (t) => {
  const { app } = t.context;
  const quarantined = await count(app.db('email_quarantine'));
  const unknown = await send(t, { from: sender('x'), to: `nobody@${DOMAIN}`, subject: 'x', text: 'x' }).catch((e: { responseCode?: number; response?: string }) => e);
  t.is((unknown as { responseCode?: number }).responseCode, 550);
  const big = Buffer.alloc(MAX_BYTES + 10_000, 'a');
  const err = await send(t, { from: sender('big'), subject: 'Huge', text: 'see attachment', attachments: [{ filename: 'big.txt', content: big }] })
    .catch((e: { responseCode?: number; response?: string }) => e);
  t.is((err as { responseCode?: number }).responseCode, 552, JSON.stringify(err));
  t.regex(String((err as { response?: string }).response), /5\.3\.4|size/i);
  t.is(await count(app.db('email_quarantine')), quarantined, 'the sender got the refusal: nothing to hold');
});

test.serial('address admin API validates input and never returns passwords', async (t) => {
  const { app, admin } = t.context;
  const bad = await app.request('POST', '/api/v1/email/addresses', { token: admin.token, body: { address: 'help+x@support.test', extra: 1 } });
  t.is(bad.status, 422);
  const created = await app.request('POST', '/api/v1/email/addresses', {
    token: admin.token,
    body: { address: `imap-${seq}@${DOMAIN}`, imap: { host: '127.0.0.1', port: 143, secure: false, user: 'u', password: 's3cret-pass' }, smtp: { host: 'relay.test', password: 'relay-pass' } },
  });
  t.is(created.status, 201, JSON.stringify(created.body));
  t.deepEqual(created.body.imap, { host: '127.0.0.1', port: 143, secure: false, user: 'u', mailbox: 'INBOX', hasPassword: true });
  t.false(JSON.stringify(created.body).includes('s3cret'));
  const row = await app.db('email_addresses').where({ id: created.body.id }).first();
  t.false(row.imap_password_encrypted.includes('s3cret'), 'encrypted at rest');
  t.false(JSON.stringify(await app.db('audit_log').where({ entity_type: 'email_address', entity_id: String(created.body.id) })).includes('s3cret'));
  const dup = await app.request('POST', '/api/v1/email/addresses', { token: admin.token, body: { address: `IMAP-${seq}@${DOMAIN}` } });
  t.is(dup.status, 409);
  const patched = await app.request('PATCH', `/api/v1/email/addresses/${created.body.id}`, { token: admin.token, body: { displayName: 'IMAP desk', version: 1 } });
  t.is(patched.status, 200);
  t.is(patched.body.imap.hasPassword, true, 'password kept when omitted');
  t.is((await app.request('PATCH', `/api/v1/email/addresses/${created.body.id}`, { token: admin.token, body: { displayName: 'stale', version: 1 } })).status, 409);
  t.is((await app.request('DELETE', `/api/v1/email/addresses/${created.body.id}`, { token: admin.token })).status, 204);
});

const silent = pino({ level: 'silent' });
/** Run the background jobs (outbox dispatch -> email_send) as the worker process would. */
const settle = (t: { context: Ctx }) =>
  drainDueJobs(t.context.app.dbUrl, createTaskList({ db: t.context.app.db, config: t.context.app.config, logger: silent, emailSender: t.context.sender }));

async function waitForRelayed(t: { context: Ctx }, n: number): Promise<ParsedMail> {
  for (let i = 0; i < 100 && t.context.relayed.length < n; i++) await new Promise((r) => setTimeout(r, 50));
  const m = t.context.relayed[n - 1];
  if (!m) throw new Error(`relay received ${t.context.relayed.length} messages, expected ${n}`);
  return m;
}

test.serial('an agent reply goes out through the relay with threading headers, template bodies and attachments; a DSN marks the address bouncing', async (t) => {
  const { app, admin } = t.context;
  const from = sender('outbound');
  const first = await send(t, { from: `"Grace Hopper" <${from}>`, subject: 'Invoice question', text: 'Why was I charged twice?' });
  const { ticket_id: ticketId } = await inbound(t, idOf(first));
  const ticket = await app.db('tickets').where({ id: ticketId }).first();

  const form = new FormData();
  form.append('file', new Blob(['refund confirmation'], { type: 'text/plain' }), 'refund.txt');
  const upload = await fetch(`${app.url}/api/v1/attachments`, { method: 'POST', headers: { authorization: `Bearer ${admin.token}` }, body: form });
  const file = (await upload.json()) as { id: number };
  t.is(upload.status, 201);
  const reply = await app.request('POST', `/api/v1/tickets/${ticketId}/entries`, {
    token: admin.token, body: { kind: 'public_reply', bodyHtml: '<p>Sorry, <b>refunded</b> the second charge.</p>', attachmentIds: [file.id] },
  });
  t.is(reply.status, 201, JSON.stringify(reply.body));
  const before = t.context.relayed.length;
  await settle(t);
  await settle(t); // a second run (a retried job) must not send twice
  const mail = await waitForRelayed(t, before + 1);
  t.is(t.context.relayed.length, before + 1);

  const out = await app.db('email_messages').where({ direction: 'out', entry_id: reply.body.id }).first();
  t.is(out.status, 'sent');
  t.regex(out.message_id, new RegExp(`^om-\\d+\\.${ticket.number}@${DOMAIN}$`));
  t.is(mail.messageId, `<${out.message_id}>`);
  t.is(mail.inReplyTo, first.messageId);
  t.deepEqual([mail.references].flat(), [first.messageId]);
  t.is(mail.replyTo?.value[0]?.address, `help+${ticket.number}@${DOMAIN}`);
  t.is(mail.from?.value[0]?.address, SUPPORT);
  t.is(mail.from?.value[0]?.name, 'Help desk');
  t.is(mail.to && !Array.isArray(mail.to) ? mail.to.value[0]?.address : null, from);
  t.is(mail.subject, `Re: [#${ticket.number}] Invoice question`);
  t.false(mail.headers.has('list-unsubscribe'), 'replies are not bulk mail');
  t.false(mail.headers.has('auto-submitted'));
  t.true(String(mail.html).includes('<p>Sorry, <b>refunded</b> the second charge.</p>'));
  t.true(mail.text?.startsWith('Sorry, refunded the second charge.'));
  t.regex(mail.text ?? '', new RegExp(`Ticket #${ticket.number}\\. Reply to this email`));
  t.deepEqual(mail.attachments.map((a) => [a.filename, a.content.toString()]), [['refund.txt', 'refund confirmation']]);
  const om = await app.db('outbound_messages').where({ id: out.outbound_message_id }).first();
  t.is(om.status, 'sent');
  t.is(om.kind, 'reply');
  const entries = await app.request('GET', `/api/v1/tickets/${ticketId}/entries`, { token: admin.token });
  const shown = entries.body.data.find((e: { id: number }) => e.id === reply.body.id);
  t.is(shown.delivery?.state, 'sent', JSON.stringify(shown.delivery));

  // The customer answers our reply: In-Reply-To our Message-ID threads it into the same ticket.
  const answer = await send(t, { from, subject: mail.subject, inReplyTo: mail.messageId, references: [first.messageId, mail.messageId!], text: 'Thanks!' });
  const a = await inbound(t, idOf(answer));
  t.is(Number(a.ticket_id), Number(ticketId));
  t.is(a.threaded_by, 'message_id');

  // A delivery status notification for our reply: address marked bouncing, the outbound delivery failed.
  const dsn = [
    `From: Mail Delivery System <MAILER-DAEMON@customer.test>`, `To: ${SUPPORT}`, 'Subject: Undelivered Mail Returned to Sender',
    `Message-ID: <dsn-${++seq}@customer.test>`, 'Auto-Submitted: auto-replied', 'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"', '',
    '--b1', 'Content-Type: text/plain', '', 'Your message could not be delivered.', '',
    '--b1', 'Content-Type: message/delivery-status', '', 'Reporting-MTA: dns; mx.customer.test', '',
    `Final-Recipient: rfc822; ${from}`, 'Action: failed', 'Status: 5.1.1', 'Diagnostic-Code: smtp; 550 5.1.1 user unknown', '',
    '--b1', 'Content-Type: text/rfc822-headers', '', `Message-ID: ${mail.messageId}`, `Subject: ${mail.subject}`, '',
    '--b1--', '',
  ].join('\r\n');
  const tickets = await count(app.db('tickets'));
  await send(t, { envelope: { from: '', to: SUPPORT }, raw: dsn });
  t.is(await count(app.db('tickets')), tickets, 'a bounce opens no ticket');
  const status = await app.db('email_recipient_status').where({ address: from }).first();
  t.true(status.bouncing);
  t.is(status.last_status, '5.1.1');
  t.is((await app.db('email_messages').where({ id: out.id }).first()).status, 'failed');
  t.regex((await app.db('outbound_messages').where({ id: out.outbound_message_id }).first()).error, /bounced: .*5\.1\.1/);
  const held = await app.db('email_quarantine').orderBy('id', 'desc').first();
  t.is(held.reason, 'bounce');
  t.regex(held.detail, /marked bouncing/);
  const afterBounce = await app.request('GET', `/api/v1/tickets/${ticketId}/entries`, { token: admin.token });
  t.is(afterBounce.body.data.find((e: { id: number }) => e.id === reply.body.id).delivery?.state, 'failed');

  // The next reply to a bouncing address is not attempted: failed with the reason.
  const second = await app.request('POST', `/api/v1/tickets/${ticketId}/entries`, { token: admin.token, body: { kind: 'public_reply', bodyText: 'Are you there?' } });
  const relayedBefore = t.context.relayed.length;
  await settle(t);
  const om2 = await app.db('outbound_messages').where({ idempotency_key: `email-reply:${second.body.id}` }).first();
  t.is(om2.status, 'failed');
  t.regex(om2.error, /bouncing/);
  t.is(t.context.relayed.length, relayedBefore);
});

test.serial('customer notifications are rendered in the customer language with List-Unsubscribe and Auto-Submitted', async (t) => {
  const { app } = t.context;
  const from = sender('notify');
  const first = await send(t, { from, subject: 'Drucker defekt', text: 'Der Drucker geht nicht.', headers: { 'Content-Language': 'de' } });
  const { ticket_id: ticketId } = await inbound(t, idOf(first));
  const ticket = await app.db('tickets').where({ id: ticketId }).first();
  t.is((await app.db('customers').where({ email: from }).first()).language, 'de');
  const activities = createLifecycleActivities({ db: app.db, config: app.config, logger: silent, channels: { email: t.context.sender } });
  const before = t.context.relayed.length;
  const input = { ticketId: String(ticketId), channel: 'email', template: 'ticket_received', reason: 'status' as const, statusCategory: 'new' as const, reminderNumber: null };
  await activities.notify_customer({ ticketId, idempotencyKey: `email-test:notify:${ticketId}`, input });
  await activities.notify_customer({ ticketId, idempotencyKey: `email-test:notify:${ticketId}`, input });
  const mail = await waitForRelayed(t, before + 1);
  t.is(t.context.relayed.length, before + 1, 'same idempotency key: sent once');
  t.is(mail.subject, `[#${ticket.number}] Wir haben Ihre Anfrage erhalten: Drucker defekt`);
  t.is(mail.headers.get('auto-submitted'), 'auto-generated');
  t.regex(mail.headerLines.find((h) => h.key === 'list-unsubscribe')?.line ?? '', new RegExp(`^List-Unsubscribe:\\s+<mailto:${SUPPORT}\\?subject=unsubscribe`));
  t.is(mail.inReplyTo, first.messageId);
  t.regex(mail.text ?? '', /Vielen Dank für Ihre Nachricht/);
  t.regex(String(mail.html), /Hallo /);
});

test.serial('the spam hook: a scorer at or above the threshold sends mail to the quarantine with its score', async (t) => {
  const { app } = t.context;
  const storage = localStorage(join(app.dataDir, 'attachments'));
  // A classifier plugged in through the SpamScorer interface (SpamAssassin, rspamd, …); this one flags "viagra".
  const spamScorer = { score: async (m: { text: string }) => (/viagra/i.test(m.text) ? { score: 9.5, detail: 'test classifier: viagra' } : { score: 0 }) };
  const inboundWithScorer = createEmailInbound({ db: app.db, config: app.config, logger: silent, storage, spamScorer });
  const raw = (body: string) => Buffer.from(`From: ${sender('spam')}\r\nTo: ${SUPPORT}\r\nSubject: Offer\r\nMessage-ID: <spam-${++seq}@customer.test>\r\n\r\n${body}\r\n`);
  const spam = await inboundWithScorer.ingest({ raw: raw('Cheap viagra'), source: 'smtp', mailFrom: '', rcptTo: [SUPPORT] });
  t.is(spam.outcome, 'quarantined');
  const row = await app.db('email_quarantine').where({ id: spam.outcome === 'quarantined' ? spam.quarantineId : 0 }).first();
  t.is(row.reason, 'spam');
  t.is(row.spam_score, 9.5);
  const ham = await inboundWithScorer.ingest({ raw: raw('Where is my parcel?'), source: 'smtp', mailFrom: '', rcptTo: [SUPPORT] });
  t.is(ham.outcome, 'created');
});
