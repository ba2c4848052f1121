/**
 * The customer portal (/portal) in a real browser: Debian's chromium driven by playwright-core against the real app
 * (API + built ui/dist/portal.html). Account emails go over real SMTP into a sink (smtp-server + mailparser), and
 * the test follows the link in the mail like a customer would. Screenshots: test/artifacts/portal-NN-*.png.
 */
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import { simpleParser, type ParsedMail } from 'mailparser';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { createEmailSender } from '../../activities/email/email-sender';
import { createTaskList } from '../../activities/tasks';
import { reindexKbArticles } from '../../services/kb/kb-reindex';
import { seedKnowledgeBase } from '../../services/seed/kb-seed';
import { localStorage } from '../../services/storage/local-storage';
import { seriousAxeViolations } from '../helpers/axe';
import { createCustomer, createTeam, createWorker, startTestApp, type TestApp, type TestWorker } from '../helpers/app';
import { drainDueJobs } from '../helpers/lifecycle-fixtures';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname;

type Ctx = { app: TestApp; browser: Browser; admin: TestWorker; mails: ParsedMail[]; sink: SMTPServer; sender: ReturnType<typeof createEmailSender> };
const test = anyTest as TestFn<Ctx>;

/** A real SMTP peer as the outbound relay: it keeps every message the app sends. */
async function startSink(mails: ParsedMail[]): Promise<{ sink: SMTPServer; port: number }> {
  const sink = new SMTPServer({
    authOptional: true, disabledCommands: ['AUTH', 'STARTTLS'], logger: false,
    onData(stream, _s, cb) {
      simpleParser(stream).then((m) => { mails.push(m); cb(); }, cb);
    },
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', () => resolve()));
  return { sink, port: (sink.server.address() as AddressInfo).port };
}

test.before(async (t) => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  if (!existsSync(new URL('../../ui/dist/portal.html', import.meta.url))) throw new Error('ui/dist/portal.html is missing: npm run build:ui');
  mkdirSync(ARTIFACTS, { recursive: true });
  const mails: ParsedMail[] = [];
  const { sink, port } = await startSink(mails);
  // With the embedded Meilisearch and the seeded knowledge base, for the help box and the assistant.
  const app = await startTestApp({ LANTERN_SMTP_RELAY_URL: `smtp://127.0.0.1:${port}`, LANTERN_EMAIL_DOMAIN: 'support.test' }, { search: true });
  await seedKnowledgeBase(app.db);
  await reindexKbArticles({ db: app.db, engine: app.search!.engine });
  const admin = await createWorker(app.db, { role: 'admin', name: 'Ada Admin' });
  // Account emails go out from the support address, as ticket mail does.
  const address = await app.request('POST', '/api/v1/email/addresses', { token: admin.token, body: { address: 'help@support.test', displayName: 'Help desk', teamId: await createTeam(app.db) } });
  if (address.status !== 201) throw new Error(JSON.stringify(address.body));
  const sender = createEmailSender({ db: app.db, config: app.config, logger: pino({ level: 'silent' }), storage: localStorage(join(app.dataDir, 'attachments')) });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  t.context = { app, browser, admin, mails, sink, sender };
});

test.after.always(async (t) => {
  // The browser first: its open event stream would otherwise keep the server from closing.
  await t.context.browser?.close();
  t.context.sender?.close();
  await t.context.app?.close();
  await new Promise<void>((resolve) => (t.context.sink ? t.context.sink.close(() => resolve()) : resolve()));
});

let shots = 0;
let lastPage: Page | null = null;
const apiLog: string[] = [];

// A failed test leaves a picture of where it stopped.
test.afterEach.always(async (t) => {
  if (!t.passed) t.log(`API calls: ${apiLog.join(', ')}`);
  if (!t.passed && lastPage && !lastPage.isClosed()) await lastPage.screenshot({ path: `${ARTIFACTS}portal-failed-${t.title.slice(0, 40).replace(/\W+/g, '-')}.png`, fullPage: true }).catch(() => undefined);
});
const shot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}portal-${String(++shots).padStart(2, '0')}-${name}.png`, fullPage: true });

async function open(t: ExecutionContext<Ctx>, opts: { width?: number; locale?: string } = {}): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await t.context.browser.newContext({ locale: opts.locale ?? 'en-US', viewport: { width: opts.width ?? 1280, height: 900 } });
  const page = await context.newPage();
  lastPage = page;
  apiLog.length = 0;
  page.on('response', (r) => { if (r.url().includes('/api/v1/')) apiLog.push(`${r.request().method()} ${new URL(r.url()).pathname} ${r.status()}`); });
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  return { context, page, errors };
}

async function assertAccessible(t: ExecutionContext<Ctx>, page: Page, what: string): Promise<void> {
  t.deepEqual(await seriousAxeViolations(page), [], `${what}: axe serious/critical violations`);
}

/** Run the app's due jobs (outbox → email_send) once, with the real SMTP sender, then wait for the mail. */
async function mailTo(t: ExecutionContext<Ctx>, to: string, subject: RegExp): Promise<ParsedMail> {
  const { app, mails, sender } = t.context;
  const taskList = createTaskList({ db: app.db, config: app.config, logger: pino({ level: 'silent' }), emailSender: sender });
  for (let i = 0; i < 20; i++) {
    const found = mails.find((m) => m.to && JSON.stringify(m.to).includes(to) && subject.test(m.subject ?? ''));
    if (found) return found;
    await drainDueJobs(app.dbUrl, taskList);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const queued = await app.db('outbound_messages').whereNull('ticket_id').select('template', 'status', 'error');
  throw new Error(`no mail to ${to} matching ${subject}; got: ${mails.map((m) => m.subject).join(' | ')}; account emails: ${JSON.stringify(queued)}`);
}

/** The portal link in a mail (text or HTML part), as a path on the test server. */
function linkIn(mail: ParsedMail, path: string): string {
  const text = `${mail.text ?? ''} ${typeof mail.html === 'string' ? mail.html : ''}`;
  const match = new RegExp(`${path.replace('/', '\\/')}\\?token=([A-Za-z0-9_.~%-]+)`).exec(text);
  if (!match) throw new Error(`no ${path} link in: ${text.slice(0, 500)}`);
  return `${path}?token=${match[1]}`;
}

test.serial('pages before sign-in: sign in, register, forgot password and dead links work and pass axe in English and German', async (t) => {
  const { app } = t.context;
  const { context, page, errors } = await open(t);
  await page.goto(`${app.url}/portal`);
  await page.getByRole('heading', { name: 'Sign in to the support portal' }).waitFor();
  t.regex(page.url(), /\/portal\/signin\?next=/);
  await assertAccessible(t, page, 'sign in');
  await shot(page, 'signin');
  // The sign-in link by email needs an address first.
  await page.getByTestId('magic-link').click();
  await page.getByText('Enter your email address first.').waitFor();

  await page.getByRole('link', { name: 'No account yet? Register' }).click();
  await page.getByRole('heading', { name: 'Create your account' }).waitFor();
  await assertAccessible(t, page, 'register');
  // The server's 422 field errors land next to their fields.
  await page.getByLabel('Name').fill('Kim');
  await page.getByLabel('Email').fill('not-an-email');
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Register' }).click();
  await page.getByText('Enter a valid email address.').waitFor();
  await page.getByText('Use at least 10 characters.').waitFor();
  await assertAccessible(t, page, 'register with errors');
  await shot(page, 'register-errors');
  await page.getByRole('link', { name: 'Already registered? Sign in' }).click();
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
  await assertAccessible(t, page, 'forgot');
  await page.goto(`${app.url}/portal/verify`);
  await page.getByTestId('link-invalid').getByText('This link is incomplete').waitFor();
  await assertAccessible(t, page, 'verify without token');
  await page.goto(`${app.url}/portal/reset?token=abc`);
  await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
  await assertAccessible(t, page, 'reset');

  // German: the language switch changes the page at once and sticks.
  await page.goto(`${app.url}/portal/signin`);
  await page.getByTestId('language-switcher').click();
  await page.getByRole('option', { name: 'Deutsch' }).click();
  await page.getByRole('heading', { name: 'Im Support-Portal anmelden' }).waitFor();
  await page.reload();
  await page.getByRole('button', { name: 'Anmeldelink per E-Mail senden' }).waitFor();
  t.is(await page.evaluate(() => document.documentElement.lang), 'de');
  await assertAccessible(t, page, 'sign in (de)');
  await shot(page, 'signin-de');
  t.deepEqual(errors, []);
  await context.close();
});

test.serial('a customer registers, confirms by email, signs in, opens a ticket, follows the reply live, answers with a file, closes and rates it', async (t) => {
  const { app, admin } = t.context;
  const { context, page, errors } = await open(t);
  const email = `pat-${Date.now()}@customer.test`;
  const password = 'a long portal password';

  await page.goto(`${app.url}/portal/register`);
  await page.getByLabel('Name').fill('Pat Portal');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Register' }).click();
  await page.getByTestId('check-email').getByText(email).waitFor();
  await assertAccessible(t, page, 'check your email');
  await shot(page, 'check-email');

  // Signing in before confirming says so, and offers the link again.
  await page.goto(`${app.url}/portal/signin`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByTestId('portal-error').getByText('Please confirm your email address first').waitFor();
  await page.getByTestId('resend-verification').click();
  await page.getByText('we have sent a new link').waitFor();
  await shot(page, 'not-verified');

  // The link from the real mail signs the new customer in.
  const verify = await mailTo(t, email, /confirm/i);
  await page.goto(`${app.url}${linkIn(verify, '/portal/verify')}`);
  await page.getByRole('heading', { name: 'My tickets' }).waitFor();
  await page.getByTestId('tickets-empty').waitFor();
  await assertAccessible(t, page, 'tickets (empty)');

  // Sign out, and back in with the password.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { name: 'My tickets' }).waitFor();

  // A new ticket.
  await page.getByTestId('new-ticket').click();
  await page.getByRole('heading', { name: 'New ticket' }).waitFor();
  await assertAccessible(t, page, 'new ticket');
  await page.getByTestId('new-subject').fill('The app crashes on start');
  await page.getByTestId('new-message').fill('Since the update it closes right away.');
  await page.getByTestId('new-submit').click();
  await page.getByTestId('ticket-subject').getByText('The app crashes on start').waitFor();
  const ticketId = Number(/\/portal\/tickets\/(\d+)$/.exec(page.url())?.[1]);
  t.true(ticketId > 0, page.url());

  // The agent answers (and writes an internal note): the reply shows up without a reload, the note never.
  const started = Date.now();
  const note = await app.request('POST', `/api/v1/tickets/${ticketId}/entries`, { token: admin.token, body: { kind: 'internal_note', bodyText: 'SECRET: customer is on the old plan' } });
  t.is(note.status, 201, JSON.stringify(note.body));
  const reply = await app.request('POST', `/api/v1/tickets/${ticketId}/entries`, { token: admin.token, body: { kind: 'public_reply', bodyText: 'Please send us the crash log.' } });
  t.is(reply.status, 201, JSON.stringify(reply.body));
  await page.locator('[data-kind="public_reply"]').getByText('Please send us the crash log.').waitFor({ timeout: 5000 });
  t.log(`agent reply visible ${Date.now() - started} ms after the API call`);
  t.is(await page.getByText('SECRET').count(), 0, 'the internal note is not shown');
  await page.reload();
  await page.locator('[data-kind="public_reply"]').waitFor();
  t.is(await page.getByText('SECRET').count(), 0, 'the internal note is not shown after a reload either');
  t.is(await page.locator('[data-kind="internal_note"]').count(), 0);

  // The customer answers with a file.
  await page.getByTestId('reply-text').fill('Here is the log.');
  await page.getByTestId('reply-form').locator('input[type=file]').setInputFiles({ name: 'crash.log', mimeType: 'text/plain', buffer: Buffer.from('boom at 12:00\n') });
  await page.getByTestId('picked-file').getByText('crash.log').waitFor();
  await page.getByTestId('reply-send').click();
  await page.locator('[data-kind="customer_message"]').filter({ hasText: 'Here is the log.' }).getByTestId('attachment-link').getByText('crash.log').waitFor();
  const entries = await app.request('GET', `/api/v1/tickets/${ticketId}/entries`, { token: admin.token });
  const last = entries.body.data.at(-1);
  t.is(last.kind, 'customer_message');
  t.deepEqual(last.attachments.map((a: { filename: string }) => a.filename), ['crash.log']);
  await assertAccessible(t, page, 'ticket');
  await shot(page, 'ticket');

  // Close it, rate the resolution 4 stars with a comment.
  await page.getByTestId('close-ticket').click();
  await page.getByTestId('ticket-status').and(page.locator('[data-category="closed"]')).waitFor();
  await page.getByTestId('closed-note').waitFor();
  // The star is the radio's label (the input itself is visually hidden), as a customer clicks it.
  const fourStars = await page.getByTestId('rating-panel').getByLabel('4 stars').getAttribute('id');
  await page.locator(`label[for="${fourStars}"]`).click();
  await page.getByTestId('rating-comment').fill('Quick and friendly.');
  await page.getByTestId('rating-submit').click();
  await page.getByTestId('rating-thanks').waitFor();
  await page.getByTestId('previous-rating').getByText('Your rating: 4 of 5 — “Quick and friendly.”').waitFor();
  const ratings = await app.request('GET', `/api/v1/tickets/${ticketId}/ratings`, { token: admin.token });
  t.is(ratings.status, 200, JSON.stringify(ratings.body));
  t.like(ratings.body.items.at(-1), { rating: 4, comment: 'Quick and friendly.' });
  await assertAccessible(t, page, 'ticket (closed, rated)');
  await shot(page, 'ticket-rated');

  // The list shows the ticket with its state; in German too.
  await page.getByRole('link', { name: 'Back to my tickets' }).click();
  await page.getByTestId('ticket-row').filter({ hasText: 'The app crashes on start' }).getByTestId('ticket-status').getByText('Closed').waitFor();
  await page.getByTestId('language-switcher').click();
  await page.getByRole('option', { name: 'Deutsch' }).click();
  await page.getByRole('heading', { name: 'Meine Tickets' }).waitFor();
  await page.getByTestId('ticket-row').getByText('Geschlossen').waitFor();
  await assertAccessible(t, page, 'tickets (de)');
  await shot(page, 'tickets-de');
  await page.getByRole('link', { name: 'The app crashes on start' }).click();
  await page.getByTestId('previous-rating').getByText('Ihre Bewertung: 4 von 5').waitFor();
  // Coming back, the form holds the rating of this resolution, to change it.
  await page.getByRole('button', { name: 'Bewertung ändern' }).waitFor();
  t.is(await page.getByTestId('rating-comment').inputValue(), 'Quick and friendly.');
  await assertAccessible(t, page, 'ticket (de)');
  await shot(page, 'ticket-de');
  t.deepEqual(errors, []);
  await context.close();
});

test.serial('five wrong passwords lock the account, and the sign-in form says for how long', async (t) => {
  const { app } = t.context;
  const customer = await createCustomer(app.db);
  const { context, page, errors } = await open(t);
  await page.goto(`${app.url}/portal/signin`);
  await page.getByLabel('Email').fill(customer.email);
  const attempt = async (password: string) => {
    await page.getByLabel('Password').fill(password);
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/customer-login')),
      page.getByRole('button', { name: 'Sign in', exact: true }).click(),
    ]);
    await page.getByTestId('portal-error').waitFor();
    return res.status();
  };
  let attempts = 0;
  for (; attempts < 7; attempts++) {
    if ((await attempt(`wrong password ${attempts}`)) === 429) break;
    await page.getByTestId('portal-error').getByText('Email or password is wrong.').waitFor();
  }
  t.true(attempts >= 4 && attempts <= 5, `locked after ${attempts} failures`);
  await page.getByTestId('portal-error').getByText(/locked for \d+ more minutes?/).waitFor();
  // Even the right password is refused while locked.
  t.is(await attempt('customer password 1'), 429);
  await page.getByTestId('portal-error').getByText(/locked/).waitFor();
  await assertAccessible(t, page, 'locked');
  await shot(page, 'locked');
  t.deepEqual(errors, []);
  await context.close();
});

test.serial('account page: notification preferences, sessions with revoke, password change; 375 px phones fit', async (t) => {
  const { app } = t.context;
  const customer = await createCustomer(app.db);
  const { context, page, errors } = await open(t, { width: 375 });
  await context.addCookies([{ name: 'lantern_session', value: customer.token, url: app.url }]);
  await page.goto(`${app.url}/portal/account`);
  await page.getByRole('heading', { name: 'My account' }).waitFor();
  await page.getByTestId('session-row').first().waitFor();
  const prefs = page.getByTestId('notification-prefs');
  await prefs.getByTestId('prefs-save').or(prefs.getByText('not available')).first().waitFor();
  if (await prefs.getByTestId('prefs-save').count()) {
    await prefs.getByLabel('SMS').check();
    await prefs.getByTestId('prefs-save').click();
    await prefs.getByTestId('prefs-saved').waitFor();
    const saved = await app.request('GET', '/api/v1/me/notification-preferences', { token: customer.token });
    t.true(saved.body.channels.includes('sms'), JSON.stringify(saved.body));
  } else t.log('GET /me/notification-preferences is not available: preferences not tested');
  t.is(await prefs.getByTestId('push-toggle').count(), 1, 'the web push switch for this device is offered');
  await assertAccessible(t, page, 'account');
  t.true(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'the account page fits 375 px');
  await shot(page, 'account-375');

  await page.goto(`${app.url}/portal/new`);
  await page.getByTestId('new-subject').fill('Small screen');
  await page.getByTestId('new-message').fill('Typed on a phone.');
  await page.getByTestId('new-submit').click();
  await page.getByTestId('ticket-subject').getByText('Small screen').waitFor();
  t.true(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'the ticket page fits 375 px');
  await shot(page, 'ticket-375');
  await page.goto(`${app.url}/portal/`);
  await page.getByTestId('ticket-row').first().waitFor();
  t.true(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'the list fits 375 px');
  await shot(page, 'tickets-375');

  // Change the password (this session stays), then revoke the session in use: back to sign in with a notice.
  await page.goto(`${app.url}/portal/account`);
  const form = page.getByTestId('password-form');
  await form.getByLabel('Current password').fill('customer password 1');
  await form.getByLabel(/^New password\s*\*?$/).fill('a new customer password');
  await form.getByLabel('New password again').fill('a new customer password');
  await form.getByRole('button', { name: 'Change password' }).click();
  await form.getByText('Password changed.').waitFor();
  await page.getByTestId('session-row').first().getByRole('button').click();
  await page.getByText('Your session ended. Please sign in again.').waitFor();
  t.deepEqual(errors, []);
  await context.close();
});

test.serial('the help box finds articles, and the assistant answers with a passage and hands over to a human as a ticket', async (t) => {
  const { app, admin } = t.context;
  const customer = await createCustomer(app.db);
  const { context, page, errors } = await open(t);
  await context.addCookies([{ name: 'lantern_session', value: customer.token, url: app.url }]);
  await page.goto(`${app.url}/portal/`);
  const help = page.getByTestId('help-box');
  await help.getByTestId('help-search').fill('pasword reset');
  await help.getByRole('button', { name: 'Search' }).click();
  const hit = help.getByTestId('help-hit').first();
  await hit.waitFor();
  t.regex((await hit.getAttribute('href')) ?? '', /^\/help\/en\/articles\/\d+-/);
  t.true(await help.locator('mark').count() > 0, 'matches are highlighted');

  const question = 'I forgot my pasword and the link in the email expired';
  await help.getByTestId('ask-assistant').click();
  await help.getByTestId('assistant-input').fill(question);
  await help.getByTestId('assistant-send').click();
  const reply = help.getByTestId('bot-reply').last();
  await reply.waitFor();
  await reply.getByTestId('bot-article').first().waitFor();
  t.is(await reply.getAttribute('data-kind'), 'answer');
  t.is(await reply.getByTestId('bot-passage').count(), 1, 'the best passage is quoted');
  await assertAccessible(t, page, 'help box with results and assistant');
  await shot(page, 'help-assistant');

  // A human, please: the handover opens the new ticket, which carries the conversation.
  await help.getByTestId('talk-to-human').click();
  await page.getByTestId('ticket-subject').waitFor();
  const ticketId = Number(/\/portal\/tickets\/(\d+)$/.exec(page.url())?.[1]);
  const ticket = await app.request('GET', `/api/v1/tickets/${ticketId}`, { token: admin.token });
  t.is(ticket.status, 200);
  t.is(ticket.body.requesterId, customer.id);
  t.regex(ticket.body.subject, /pasword/);
  await page.getByTestId('conversation').getByText(question).first().waitFor();
  await shot(page, 'handover-ticket');
  t.deepEqual(errors, []);
  await context.close();
});

test.serial('emailed links: a password reset and a sign-in link work once each', async (t) => {
  const { app } = t.context;
  const customer = await createCustomer(app.db);
  const { context, page, errors } = await open(t);
  await page.goto(`${app.url}/portal/forgot`);
  await page.getByLabel('Email').fill(customer.email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await page.getByTestId('reset-sent').waitFor();
  const reset = linkIn(await mailTo(t, customer.email, /reset/i), '/portal/reset');
  await page.goto(`${app.url}${reset}`);
  await page.getByLabel(/^New password\s*\*?$/).fill('short');
  await page.getByLabel('New password again').fill('short');
  await page.getByRole('button', { name: 'Save password' }).click();
  // The server's 422 lands at the field, in the customer's words.
  await page.getByText('Use at least 10 characters.').waitFor();
  await page.getByLabel(/^New password\s*\*?$/).fill('my brand new password');
  await page.getByLabel('New password again').fill('my brand new password');
  await page.getByRole('button', { name: 'Save password' }).click();
  await page.getByTestId('reset-done').waitFor();
  await shot(page, 'reset-done');
  await page.getByRole('link', { name: 'Sign in' }).click();
  await page.getByLabel('Email').fill(customer.email);
  await page.getByLabel('Password').fill('my brand new password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { name: 'My tickets' }).waitFor();
  // The same link again is dead.
  await page.goto(`${app.url}${reset}`);
  await page.getByLabel(/^New password\s*\*?$/).fill('yet another password');
  await page.getByLabel('New password again').fill('yet another password');
  await page.getByRole('button', { name: 'Save password' }).click();
  await page.getByTestId('link-invalid').getByText('invalid or has expired').waitFor();

  // A sign-in link instead of the password.
  await page.goto(`${app.url}/portal/`);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('Email').fill(customer.email);
  await page.getByTestId('magic-link').click();
  await page.getByTestId('magic-sent').waitFor();
  const magic = linkIn(await mailTo(t, customer.email, /sign-in link/i), '/portal/magic');
  await page.goto(`${app.url}${magic}`);
  await page.getByRole('heading', { name: 'My tickets' }).waitFor();
  await page.goto(`${app.url}${magic}`);
  await page.getByTestId('link-invalid').waitFor();
  await assertAccessible(t, page, 'dead link');
  await shot(page, 'magic-link-used');
  t.deepEqual(errors, []);
  await context.close();
});

test.serial('an organization that shares tickets: colleagues\' tickets in their own tab, readable, but only the requester closes them', async (t) => {
  const { app, admin } = t.context;
  const org = await app.request('POST', '/api/v1/organizations', { token: admin.token, body: { name: `Acme ${Date.now()}`, sharedTickets: true } });
  t.is(org.status, 201, JSON.stringify(org.body));
  const me = await createCustomer(app.db, { organizationId: org.body.id });
  const colleague = await createCustomer(app.db, { organizationId: org.body.id });
  const theirs = await app.request('POST', '/api/v1/tickets', { token: colleague.token, body: { subject: 'Invoice for March is missing', message: { bodyText: 'Please resend it.' } } });
  t.is(theirs.status, 201, JSON.stringify(theirs.body));
  const { context, page, errors } = await open(t);
  await context.addCookies([{ name: 'lantern_session', value: me.token, url: app.url }]);
  await page.goto(`${app.url}/portal/`);
  await page.getByTestId('tickets-empty').waitFor();
  await page.getByTestId('org-tab').click();
  const row = page.getByTestId('ticket-row').filter({ hasText: 'Invoice for March is missing' });
  await row.getByText('Opened by a colleague').waitFor();
  await assertAccessible(t, page, 'organization tab');
  await shot(page, 'organization-tab');
  await row.getByRole('link').click();
  await page.getByTestId('conversation').getByText('Please resend it.').waitFor();
  await page.getByText('Only the person who opened this ticket').waitFor();
  t.is(await page.getByTestId('close-ticket').count(), 0);

  // The requester closes and reopens their own one.
  const own = await app.request('POST', '/api/v1/tickets', { token: me.token, body: { subject: 'Reopen me', message: { bodyText: 'Hello' } } });
  await page.goto(`${app.url}/portal/tickets/${own.body.id}`);
  await page.getByTestId('close-ticket').click();
  await page.getByTestId('reopen-ticket').click();
  await page.getByTestId('close-ticket').waitFor();
  t.not((await app.request('GET', `/api/v1/tickets/${own.body.id}`, { token: admin.token })).body.status.category, 'closed');
  t.deepEqual(errors, []);
  await context.close();
});
