/**
 * The chatbot admin screens in a real browser (Debian chromium + playwright-core against the real app, the built UI
 * and the embedded Meilisearch): an admin creates an intent (a 422 for an empty example list shown at the field
 * first), edits it, meets a 409 and reloads, deletes another intent; a customer asks a paraphrase through the API and
 * the bot answers with the intent; the Stats page's chatbot report shows the conversation. Accessibility (axe) and a
 * 375 px phone in German. Screenshots: test/artifacts/bot-NN-*.png.
 */
import { existsSync, mkdirSync } from 'node:fs';
import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createCustomer, createWorker, startTestApp, type TestApp, type TestCustomer, type TestWorker } from '../helpers/app';
import { seriousAxeViolations } from '../helpers/axe';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname;
const ANSWER = 'Our support team is there Monday to Friday, 8:00 to 18:00 CET.';

type Ctx = { app: TestApp; browser: Browser; admin: TestWorker; customer: TestCustomer };
// The intent the first test creates (ava gives each test its own copy of t.context).
let intentId: number | undefined;
const test = anyTest as TestFn<Ctx>;

test.before(async (t) => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  if (!existsSync(new URL('../../ui/dist/index.html', import.meta.url))) throw new Error('ui/dist is missing: npm run build:ui');
  mkdirSync(ARTIFACTS, { recursive: true });
  const app = await startTestApp({}, { search: true });
  const admin = await createWorker(app.db, { role: 'admin', name: 'Ada Admin' });
  const customer = await createCustomer(app.db);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  t.context = { app, browser, admin, customer };
});

test.after.always(async (t) => {
  // The browser first: its open event streams would otherwise keep the server from closing.
  await t.context.browser?.close();
  await t.context.app?.close();
});

let currentPage: Page | null = null;
let failures = 0;
test.afterEach.always(async (t) => {
  if (!t.passed && currentPage) await currentPage.screenshot({ path: `${ARTIFACTS}bot-failed-${++failures}.png`, fullPage: true }).catch(() => undefined);
  currentPage = null;
});

const shot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}bot-${name}.png`, fullPage: true });

async function signedIn(t: ExecutionContext<Ctx>, viewport = { width: 1280, height: 900 }, locale = 'en-US'): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await t.context.browser.newContext({ locale, viewport });
  await context.addCookies([{ name: 'lantern_session', value: t.context.admin.token, url: t.context.app.url }]);
  const page = await context.newPage();
  currentPage = page;
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  return { context, page, errors };
}

const api = (t: ExecutionContext<Ctx>, method: string, path: string, body?: unknown, token = t.context.admin.token) =>
  t.context.app.request(method, `/api/v1${path}`, { token, ...(body !== undefined && { body }) });

/** No element makes the page wider than the viewport. */
const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

test.serial('an admin creates an intent (422 at the examples first), edits it, reloads after a 409 and deletes another', async (t) => {
  const { app } = t.context;
  const { context, page, errors } = await signedIn(t);

  // The console's Self-service group leads to the chatbot page.
  await page.goto(`${app.url}/admin/knowledge-base`);
  await page.getByTestId('admin-nav').getByRole('link', { name: 'Chatbot' }).click();
  await page.getByTestId('bot-intents-empty').waitFor();
  await page.getByTestId('bot-no-try').waitFor();
  await shot(page, '01-empty');

  // Saving without examples: the server's 422 lands at the examples field, nothing is stored.
  await page.getByTestId('bot-new-intent').click();
  await page.getByTestId('bot-intent-name').fill('Support hours');
  await page.getByTestId('bot-intent-answer').fill(ANSWER);
  await page.getByTestId('bot-intent-save').click();
  await page.getByTestId('form-error').getByText('Some fields need your attention.').waitFor();
  const fieldError = page.getByTestId('bot-examples').locator('.mantine-InputWrapper-error');
  await fieldError.waitFor();
  t.truthy((await fieldError.textContent())?.trim());
  t.deepEqual((await api(t, 'GET', '/bot/intents')).body.items, []);
  await shot(page, '02-empty-examples-422');

  // Three examples (button and Enter), one typed wrong and removed again; action "Offer a person".
  for (const example of ['When are you open?', 'What are your opening hours?', 'typo example']) {
    await page.getByTestId('bot-example-new').fill(example);
    await page.getByTestId('bot-example-add').click();
  }
  await page.getByRole('button', { name: 'Remove example 3' }).click();
  await page.getByTestId('bot-example-new').fill('At what time can I reach support?');
  await page.getByTestId('bot-example-new').press('Enter');
  t.is(await page.getByTestId('bot-example').count(), 3);
  await page.getByTestId('bot-intent-action').click();
  await page.getByRole('option', { name: 'Offer a person' }).click();
  await shot(page, '03-new-filled');
  await page.getByTestId('bot-intent-save').click();
  await page.getByTestId('bot-intent-edit').waitFor();
  const created = (await api(t, 'GET', '/bot/intents')).body.items;
  t.is(created.length, 1);
  t.deepEqual(created[0].examples, ['When are you open?', 'What are your opening hours?', 'At what time can I reach support?']);
  t.is(created[0].action, 'handover');
  intentId = created[0].id as number;
  t.true(page.url().endsWith(`/admin/chatbot/intents/${intentId}`));

  // Edit: a fourth example, no action; only the changed fields are sent with the version.
  await page.getByTestId('bot-example-new').fill('What are your business hours?');
  await page.getByTestId('bot-example-add').click();
  await page.getByTestId('bot-intent-action').click();
  await page.getByRole('option', { name: 'None' }).click();
  await page.getByTestId('bot-intent-save').click();
  await page.getByTestId('bot-intent-saved').waitFor();
  const edited = (await api(t, 'GET', `/bot/intents/${intentId}`)).body;
  t.is(edited.examples.length, 4);
  t.is(edited.action, null);
  t.is(edited.version, 2);
  await shot(page, '04-edited');

  // Someone else renames it meanwhile: this form's save answers 409, Reload shows their version.
  t.is((await api(t, 'PATCH', `/bot/intents/${intentId}`, { name: 'Opening hours', version: 2 })).status, 200);
  await page.getByTestId('bot-intent-answer').fill('A stale answer');
  await page.getByTestId('bot-intent-save').click();
  await page.getByTestId('form-error').getByText('Someone else changed this meanwhile.').waitFor();
  await shot(page, '05-conflict');
  await page.getByTestId('form-error').getByRole('button', { name: 'Reload the current data' }).click();
  await page.waitForFunction(() => (document.querySelector('[data-testid="bot-intent-name"]') as HTMLInputElement | null)?.value === 'Opening hours');
  t.is(await page.getByTestId('bot-intent-answer').inputValue(), ANSWER);
  t.is((await api(t, 'GET', `/bot/intents/${intentId}`)).body.answer, ANSWER, 'the stale edit was not stored');
  t.deepEqual(await seriousAxeViolations(page), []);

  // Another intent goes from the list, after a confirmation.
  const extra = await api(t, 'POST', '/bot/intents', { name: 'Talk to a person', examples: ['I want a human'], answer: 'Sure.' });
  t.is(extra.status, 201, JSON.stringify(extra.body));
  await page.getByRole('link', { name: /Back to the intents/ }).click();
  await page.getByTestId('bot-intent-row').filter({ hasText: 'Talk to a person' }).waitFor();
  await page.getByRole('button', { name: 'Delete: Talk to a person' }).click();
  await page.getByTestId('confirm-delete').click();
  await page.getByTestId('bot-intent-row').filter({ hasText: 'Talk to a person' }).waitFor({ state: 'detached' });
  t.is(await page.getByTestId('bot-intent-row').count(), 1);
  t.is((await api(t, 'GET', `/bot/intents/${extra.body.id}`)).status, 404);
  await shot(page, '06-list');
  t.deepEqual(await seriousAxeViolations(page), []);
  t.deepEqual(errors, []);
  await context.close();
});

test.serial('a customer\'s paraphrase gets the intent\'s answer, and the Stats page\'s chatbot report counts it', async (t) => {
  const { app, customer } = t.context;
  if (!intentId) { t.fail('the first test made no intent'); return; }
  const started = await api(t, 'POST', '/bot/conversations', { channel: 'api', language: 'en' }, customer.token);
  t.is(started.status, 201, JSON.stringify(started.body));
  const asked = await api(t, 'POST', `/bot/conversations/${started.body.id}/messages`, { text: 'what are your opening hours for support?' }, customer.token);
  t.is(asked.status, 200, JSON.stringify(asked.body));
  t.is(asked.body.reply.kind, 'intent', JSON.stringify(asked.body.reply));
  t.true(asked.body.reply.text.includes(ANSWER));
  // A question nothing answers lands in the report's unanswered list; "helpful" resolves the conversation.
  const unknown = await api(t, 'POST', `/bot/conversations/${started.body.id}/messages`, { text: 'Can I pay with seashells?' }, customer.token);
  t.is(unknown.body.reply?.kind, 'no_answer', JSON.stringify(unknown.body));
  t.is((await api(t, 'POST', `/bot/conversations/${started.body.id}/feedback`, { helpful: true }, customer.token)).status, 204);

  const { context, page, errors } = await signedIn(t);
  await page.goto(`${app.url}/stats`);
  await page.getByTestId('stats-tab-bot').click();
  await page.getByTestId('bot-report').waitFor();
  t.is(await page.getByTestId('bot-report-conversations').locator('p').nth(1).textContent(), '1');
  await page.getByTestId('bot-report-intents').getByText('Opening hours').waitFor();
  await page.getByTestId('bot-report-unanswered').getByText('Can I pay with seashells?').waitFor();
  t.is(await page.getByTestId('bot-report-resolved').locator('p').nth(1).textContent(), '1');
  t.is(await page.getByTestId('bot-report-deflection').locator('p').nth(1).textContent(), '100%');
  await shot(page, '07-report');
  t.deepEqual(await seriousAxeViolations(page), []);
  t.deepEqual(errors, []);
  await context.close();
});

test.serial('on a 375 px phone, in German, the intents, the editor and the report fit the screen', async (t) => {
  const { app } = t.context;
  if (!intentId) { t.fail('the first test made no intent'); return; }
  const { context, page, errors } = await signedIn(t, { width: 375, height: 812 }, 'de-DE');
  await page.goto(`${app.url}/admin/chatbot`);
  await page.getByTestId('bot-intent-row').first().waitFor();
  t.true(await fitsWidth(page), 'the list fits');
  t.true(await page.getByTestId('bot-intents').evaluate((el) => el.scrollWidth <= el.clientWidth), 'the table needs no sideways scrolling');
  await shot(page, '08-phone-list');
  await page.goto(`${app.url}/admin/chatbot/intents/${intentId}`);
  await page.getByTestId('bot-intent-form').waitFor();
  await page.getByText('Beispielsätze').waitFor();
  t.true(await fitsWidth(page), 'the editor fits');
  t.deepEqual(await seriousAxeViolations(page), []);
  await shot(page, '09-phone-editor');
  await page.goto(`${app.url}/stats`);
  await page.getByTestId('stats-tab-bot').click();
  await page.getByTestId('bot-report').waitFor();
  await page.getByText('Entlastungsquote').waitFor();
  t.true(await fitsWidth(page), 'the report fits');
  await shot(page, '10-phone-report');
  t.deepEqual(errors, []);
  await context.close();
});
