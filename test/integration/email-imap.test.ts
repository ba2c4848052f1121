/**
 * IMAP polling against a real dovecot (test/helpers/dovecot.ts): mail appended to the mailbox becomes tickets,
 * a message is flagged \Seen only after it is committed, a crash between commit and flag (the message stays
 * unseen) neither loses nor duplicates anything, and the long-running poller picks up new mail through IDLE.
 */
import { join } from 'node:path';
import anyTest, { type TestFn } from 'ava';
import { ImapFlow } from 'imapflow';
import pino from 'pino';
import { createImapPoller } from '../../services/email/imap-poller';
import { createEmailInbound, type EmailInbound } from '../../services/email/inbound.service';
import { localStorage } from '../../services/storage/local-storage';
import { count } from '../helpers/db';
import { startDovecot, type Dovecot } from '../helpers/dovecot';
import { createWorker, startTestApp, type TestApp } from '../helpers/app';

type Ctx = { app: TestApp; dovecot: Dovecot; inbound: EmailInbound; client: ImapFlow };
const test = anyTest as TestFn<Ctx>;
const logger = pino({ level: 'silent' });
let seq = 0;

test.before(async (t) => {
  // Fails (never skips) with the apt-get hint when dovecot is missing.
  const dovecot = await startDovecot();
  const app = await startTestApp({ LANTERN_EMAIL_DOMAIN: 'support.test', LANTERN_IMAP_POLL_SECONDS: '30' });
  const admin = await createWorker(app.db, { role: 'admin' });
  const created = await app.request('POST', '/api/v1/email/addresses', {
    token: admin.token,
    body: { address: 'imap-desk@support.test', inboundSmtp: false, imap: { host: dovecot.host, port: dovecot.port, secure: false, user: dovecot.user, password: dovecot.password } },
  });
  if (created.status !== 201) throw new Error(JSON.stringify(created.body));
  const inbound = createEmailInbound({ db: app.db, config: app.config, logger, storage: localStorage(join(app.dataDir, 'attachments')) });
  // A second, independent IMAP client plays the mail server's delivery side and inspects flags.
  const client = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, auth: { user: dovecot.user, pass: dovecot.password }, logger: false });
  await client.connect();
  t.context = { app, dovecot, inbound, client };
});
test.after.always(async (t) => {
  await t.context.client?.logout().catch(() => undefined);
  await t.context.app?.close();
  await t.context.dovecot?.stop();
});

function message(subject: string, body = 'Hello from IMAP') {
  const id = `imap-${process.pid}-${++seq}@customer.test`;
  const raw = `From: Imap Customer <imap-${seq}@customer.test>\r\nTo: imap-desk@support.test\r\nSubject: ${subject}\r\nMessage-ID: <${id}>\r\nDate: ${new Date().toUTCString()}\r\n\r\n${body}\r\n`;
  return { id, raw };
}

async function deliver(t: { context: Ctx }, raw: string): Promise<void> {
  await t.context.client.append('INBOX', raw, []);
}

async function unseenSubjects(t: { context: Ctx }): Promise<string[]> {
  const lock = await t.context.client.getMailboxLock('INBOX');
  try {
    // Dovecot shows this session flag changes made by other sessions (the poller) after a sync.
    await t.context.client.noop();
    const uids = (await t.context.client.search({ seen: false }, { uid: true })) || [];
    const out: string[] = [];
    for (const uid of uids) {
      const m = await t.context.client.fetchOne(String(uid), { envelope: true }, { uid: true });
      if (m && m.envelope?.subject) out.push(m.envelope.subject);
    }
    return out;
  } finally {
    lock.release();
  }
}

const stored = (t: { context: Ctx }, id: string) => t.context.app.db('email_messages').where({ direction: 'in', message_id: id }).first();

test.serial('a poll turns unseen mail into tickets and flags each message seen after it is committed', async (t) => {
  const { app, inbound } = t.context;
  const a = message('IMAP first');
  const b = message('IMAP second');
  await deliver(t, a.raw);
  await deliver(t, b.raw);
  t.deepEqual((await unseenSubjects(t)).sort(), ['IMAP first', 'IMAP second']);
  const result = await createImapPoller({ db: app.db, config: app.config, logger, inbound }).pollOnce();
  t.like(result, { fetched: 2, stored: 2, duplicates: 0, failed: 0 });
  t.deepEqual(await unseenSubjects(t), []);
  const row = await stored(t, a.id);
  t.is(row.threaded_by, 'new');
  const ticket = await app.db('tickets').where({ id: row.ticket_id }).first();
  t.is(ticket.subject, 'IMAP first');
  t.is(ticket.channel, 'email');
  t.truthy(await stored(t, b.id));
});

test.serial('a message that cannot be committed stays unseen and is picked up by the next poll', async (t) => {
  const { app, inbound } = t.context;
  const m = message('IMAP while the database is down');
  await deliver(t, m.raw);
  const failing = { ingest: async () => { throw new Error('database unavailable'); } };
  const r1 = await createImapPoller({ db: app.db, config: app.config, logger, inbound: failing }).pollOnce();
  t.like(r1, { fetched: 1, failed: 1 });
  t.deepEqual(await unseenSubjects(t), ['IMAP while the database is down'], 'not flagged: nothing lost');
  t.falsy(await stored(t, m.id));
  const r2 = await createImapPoller({ db: app.db, config: app.config, logger, inbound }).pollOnce();
  t.like(r2, { fetched: 1, stored: 1 });
  t.deepEqual(await unseenSubjects(t), []);
  t.truthy(await stored(t, m.id));
});

test.serial('a crash after commit and before \\Seen: the restarted poller flags it and creates nothing twice', async (t) => {
  const { app, inbound } = t.context;
  const m = message('IMAP crash window');
  await deliver(t, m.raw);
  // The state a crash leaves: the message committed (as the poller's ingest does) but never flagged on the server.
  const first = await inbound.ingest({ raw: Buffer.from(m.raw), source: 'imap', mailFrom: '', rcptTo: ['imap-desk@support.test'] });
  t.is(first.outcome, 'created');
  t.deepEqual(await unseenSubjects(t), ['IMAP crash window']);
  const tickets = await count(app.db('tickets'));
  const entries = await count(app.db('conversation_entries'));
  // A new poller, as after a restart.
  const r = await createImapPoller({ db: app.db, config: app.config, logger, inbound }).pollOnce();
  t.like(r, { fetched: 1, stored: 0, duplicates: 1 });
  t.deepEqual(await unseenSubjects(t), []);
  t.is(await count(app.db('tickets')), tickets);
  t.is(await count(app.db('conversation_entries')), entries);
  t.is(await count(app.db('email_messages').where({ message_id: m.id })), 1);
});

test.serial('the running poller receives new mail through IDLE without waiting for the poll interval', async (t) => {
  const { app, inbound } = t.context;
  const poller = createImapPoller({ db: app.db, config: app.config, logger, inbound }).start();
  try {
    // Let the loop connect and enter IDLE (poll interval is 30 s, so only IDLE can deliver within the wait).
    await new Promise((r) => setTimeout(r, 1500));
    const m = message('IMAP pushed by IDLE');
    await deliver(t, m.raw);
    let row;
    for (let i = 0; i < 100 && !row; i++) {
      await new Promise((r) => setTimeout(r, 100));
      row = await stored(t, m.id);
    }
    t.truthy(row, 'stored within 10 s of delivery');
    for (let i = 0; i < 50 && (await unseenSubjects(t)).length; i++) await new Promise((r) => setTimeout(r, 100));
    t.deepEqual(await unseenSubjects(t), []);
  } finally {
    await poller.stop();
  }
});
