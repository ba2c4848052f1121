/**
 * The agent workspace in a real browser: Debian's chromium driven by playwright-core against the real app
 * (API + built UI from ui/dist, which `npm test` builds first). Screenshots go to test/artifacts/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import anyTest, { type TestFn } from 'ava';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestApp, createWorker, type TestApp, type TestWorker } from '../helpers/app';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname;

const test = anyTest as TestFn<{ app: TestApp; browser: Browser; agent: TestWorker }>;

test.before(async (t) => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  if (!existsSync(new URL('../../ui/dist/index.html', import.meta.url))) throw new Error('ui/dist is missing: npm run build:ui');
  mkdirSync(ARTIFACTS, { recursive: true });
  const app = await startTestApp();
  const agent = await createWorker(app.db, { role: 'agent', name: 'Alex Agent' });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  t.context = { app, browser, agent };
});

test.after.always(async (t) => {
  // The browser first: its open event stream would otherwise keep the server from closing.
  await t.context.browser?.close();
  await t.context.app?.close();
});

const shot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });

test('an agent signs in, sees a new ticket arrive live, replies, adds a note and switches to German', async (t) => {
  const { app, browser, agent } = t.context;
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const failures: string[] = [];
  page.on('pageerror', (err) => failures.push(err.message));

  // Sign in through the form: the session cookie is set by POST /api/v1/auth/login.
  await page.goto(`${app.url}/`);
  await page.getByLabel('Email').fill(agent.email);
  await page.locator('input[name=password]').fill('wrong password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').getByText('Email or password is wrong.').waitFor();
  await shot(page, '01-login-failed');
  await page.locator('input[name=password]').fill(agent.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Tickets' }).waitFor();
  await page.getByTestId('live-indicator').getByText('Live').waitFor();

  // A ticket created elsewhere (the API) appears in the open queue without a reload.
  const subject = `Printer on fire ${Date.now()}`;
  const started = Date.now();
  const created = await app.request('POST', '/api/v1/tickets', {
    token: agent.token,
    body: { subject, requester: { email: 'pat@example.com', name: 'Pat' }, message: { bodyText: 'It smokes.' } },
  });
  t.is(created.status, 201, JSON.stringify(created.body));
  await page.getByRole('link', { name: subject }).waitFor({ timeout: 2000 });
  const liveMs = Date.now() - started;
  t.true(liveMs < 2000, `appeared after ${liveMs} ms`);
  t.log(`new ticket visible in the queue ${liveMs} ms after the API call`);
  await shot(page, '02-queue');

  // The ticket page: a public reply and an internal note, the note marked as such.
  await page.getByRole('link', { name: subject }).click();
  await page.getByTestId('ticket-subject').getByText(subject).waitFor();
  t.regex(page.url(), new RegExp(`/tickets/${created.body.id}$`));
  await page.getByTestId('composer-text').fill('We are on our way with an extinguisher.');
  await page.getByTestId('composer-send').click();
  await page.locator('[data-kind="public_reply"]').getByText('We are on our way').waitFor();
  await page.getByTestId('composer-kind').getByText('Internal note').click();
  await page.getByTestId('composer-text').fill('Customer sounds calm; check the warranty.');
  await page.getByTestId('composer-send').click();
  const note = page.locator('[data-kind="internal_note"]');
  await note.getByText('check the warranty').waitFor();
  t.is(await note.getByText('Internal note').count(), 1, 'the note carries its label');

  // The server has both, with the right kinds.
  const entries = await app.request('GET', `/api/v1/tickets/${created.body.id}/entries`, { token: agent.token });
  t.deepEqual(entries.body.data.map((e: { kind: string }) => e.kind), ['customer_message', 'public_reply', 'internal_note']);

  // A change made elsewhere shows up on the open ticket page live.
  const current = await app.request('GET', `/api/v1/tickets/${created.body.id}`, { token: agent.token });
  const urgent = await app.request('GET', '/api/v1/priorities?limit=100', { token: agent.token });
  const urgentId = urgent.body.data.find((p: { name: string }) => p.name === 'Urgent').id;
  await app.request('PATCH', `/api/v1/tickets/${created.body.id}`, { token: agent.token, body: { priorityId: urgentId }, headers: { 'If-Match': current.headers.get('etag')! } });
  await page.getByTestId('priority-select').and(page.locator('[value="Urgent"]')).waitFor({ timeout: 2000 });
  await shot(page, '03-ticket');

  // German: labels change at once, and stay after a reload.
  await page.getByTestId('language-switcher').click();
  await page.getByRole('option', { name: 'Deutsch' }).click();
  await page.getByRole('button', { name: 'Abmelden' }).waitFor();
  await page.getByRole('button', { name: 'Notiz hinzufügen' }).waitFor();
  t.is(await page.locator('[data-kind="internal_note"]').getByText('Interne Notiz').count(), 1);
  await page.reload();
  await page.getByText('Zurück zur Warteschlange').waitFor();
  t.is(await page.evaluate(() => document.documentElement.lang), 'de');
  await shot(page, '04-ticket-de');
  await page.getByText('Zurück zur Warteschlange').click();
  await page.getByRole('heading', { name: 'Tickets' }).waitFor();
  await page.getByText('Alle Tickets').waitFor();
  await shot(page, '05-queue-de');

  // Sign out ends the session.
  await page.getByRole('button', { name: 'Abmelden' }).click();
  await page.getByRole('button', { name: 'Anmelden' }).waitFor();
  t.deepEqual(failures, []);
  await context.close();
});

test('a stale status change gets a clear conflict message, and the retry on the fresh version succeeds', async (t) => {
  const { app, browser, agent } = t.context;
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
  // The session the login form would set; live updates cut off, so the page keeps a stale version on purpose.
  await context.addCookies([{ name: 'lantern_session', value: agent.token, url: app.url }]);
  await context.route('**/api/v1/events', (route) => route.abort());
  const page = await context.newPage();
  const created = await app.request('POST', '/api/v1/tickets', { token: agent.token, body: { subject: 'Conflicting edits', requester: { email: 'sam@example.com' } } });
  await page.goto(`${app.url}/tickets/${created.body.id}`);
  await page.getByTestId('ticket-subject').getByText('Conflicting edits').waitFor();

  // Someone else changes the ticket meanwhile.
  const priorities = await app.request('GET', '/api/v1/priorities?limit=100', { token: agent.token });
  const high = priorities.body.data.find((p: { name: string }) => p.name === 'High').id;
  const other = await app.request('PATCH', `/api/v1/tickets/${created.body.id}`, { token: agent.token, body: { priorityId: high }, headers: { 'If-Match': created.headers.get('etag')! } });
  t.is(other.status, 200);

  const statuses = await app.request('GET', '/api/v1/statuses?limit=100', { token: agent.token });
  const pending = statuses.body.data.find((s: { category: string }) => s.category === 'pending');
  await page.getByTestId('status-select').click();
  await page.getByRole('option', { name: pending.name }).click();
  await page.getByTestId('ticket-feedback').getByText('Someone else changed this ticket meanwhile').waitFor();
  // Reload shows the other change, and the same edit on top of it goes through.
  await page.getByTestId('reload-ticket').click();
  await page.getByTestId('priority-select').and(page.locator('[value="High"]')).waitFor();
  await shot(page, '06-ticket-conflict');
  await page.getByTestId('status-select').click();
  await page.getByRole('option', { name: pending.name }).click();
  await page.getByTestId('ticket-feedback').getByText('Saved.').waitFor();
  const after = await app.request('GET', `/api/v1/tickets/${created.body.id}`, { token: agent.token });
  t.is(after.body.status.id, pending.id);
  t.is(after.body.priority.id, high);
  await context.close();
});
