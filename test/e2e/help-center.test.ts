/**
 * The help center in a real browser (Debian chromium via playwright-core, no UI build needed: the pages are
 * server-rendered): a tutorial walked step by step with progress and a check question, feedback sent by the inline
 * script, the no-JavaScript rendering, a phone-sized search, and axe on each page. Screenshots: test/artifacts/help-*.
 */
import { existsSync, mkdirSync } from 'node:fs';
import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import { Logger, run, type Runner } from 'graphile-worker';
import pino from 'pino';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createTaskList } from '../../activities/tasks';
import { seriousAxeViolations } from '../helpers/axe';
import { createWorker, startTestApp, type TestApp } from '../helpers/app';
import { seedHelpCenter, waitUntilSearchable, type SeededKb } from '../helpers/help-center-seed';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname;

const test = anyTest as TestFn<{ app: TestApp; runner: Runner; browser: Browser; kb: SeededKb }>;

test.before(async (t) => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  mkdirSync(ARTIFACTS, { recursive: true });
  const app = await startTestApp({}, { search: true });
  const runner = await run({
    connectionString: app.dbUrl,
    taskList: createTaskList({ db: app.db, config: app.config, logger: pino({ level: 'silent' }), search: app.search!.engine }),
    concurrency: 1, noHandleSignals: true, crontab: '', pollInterval: 100, logger: new Logger(() => () => {}),
  });
  const editor = await createWorker(app.db, { role: 'supervisor' });
  const kb = await seedHelpCenter(app, editor.token);
  await waitUntilSearchable(app, kb);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  t.context = { app, runner, browser, kb };
});

test.after.always(async (t) => {
  await t.context.browser?.close();
  await t.context.runner?.stop();
  await t.context.app?.close();
});

const shot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}help-${name}.png`, fullPage: true });
const noAxe = async (t: ExecutionContext, page: Page, what: string) => t.deepEqual(await seriousAxeViolations(page), [], `${what}: axe serious/critical violations`);

test('a visitor walks a tutorial step by step, answers the check question and sends feedback', async (t) => {
  const { app, browser, kb } = t.context;
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1100, height: 800 } });
  const page = await context.newPage();
  const failures: string[] = [];
  page.on('pageerror', (err) => failures.push(err.message));

  await page.goto(`${app.url}/help`);
  t.regex(page.url(), /\/help\/en$/);
  await page.getByRole('heading', { name: 'How can we help?' }).waitFor();
  await shot(page, '01-home');
  await noAxe(t, page, 'home');

  await page.getByRole('link', { name: 'Account and security' }).click();
  await page.getByRole('heading', { name: 'Account and security', level: 1 }).waitFor();
  await page.getByRole('link', { name: 'Set up two-factor authentication' }).click();
  await page.getByRole('heading', { name: /Set up two-factor authentication/, level: 1 }).waitFor();

  // One step at a time, with progress.
  const tutorial = page.getByTestId('tutorial');
  const progress = tutorial.locator('[data-progress-label]');
  t.is(await progress.textContent(), 'Step 1 of 3');
  t.true(await page.getByRole('heading', { name: 'Open your profile' }).isVisible());
  t.false(await page.getByRole('heading', { name: 'Scan the QR code' }).isVisible());
  t.true(await page.getByRole('button', { name: 'Previous' }).isDisabled());
  await shot(page, '02-tutorial-step1');
  await noAxe(t, page, 'tutorial step 1');

  await page.getByRole('button', { name: 'Next' }).click();
  t.is(await progress.textContent(), 'Step 2 of 3');
  t.is(await tutorial.getByRole('progressbar').getAttribute('aria-valuenow'), '2');
  t.regex(page.url(), /#step-2$/);
  t.false(await page.getByRole('heading', { name: 'Open your profile' }).isVisible());
  // The focus follows the step for keyboard and screen-reader users.
  t.is(await page.evaluate(() => document.activeElement?.textContent), 'Scan the QR code');

  // The check question is answered in the page.
  t.false(await page.getByText('Show the answer').isVisible(), 'no disclosure when the script checks answers');
  await page.getByRole('button', { name: 'Check answer' }).click();
  await tutorial.getByText('Choose an answer first.').waitFor();
  await page.getByLabel('A printer').check();
  await page.getByRole('button', { name: 'Check answer' }).click();
  await tutorial.getByText('Not quite. Try again.').waitFor();
  await page.getByLabel('An authenticator app').check();
  await page.getByRole('button', { name: 'Check answer' }).click();
  await tutorial.getByText('Correct!').waitFor();
  await shot(page, '03-tutorial-step2-checked');
  await noAxe(t, page, 'tutorial step 2');

  await page.getByRole('button', { name: 'Next' }).click();
  t.is(await progress.textContent(), 'Step 3 of 3');
  t.false(await page.getByRole('button', { name: 'Next' }).isVisible());
  await tutorial.getByText('You have completed this tutorial.').waitFor();
  await page.getByRole('button', { name: 'Previous' }).click();
  t.is(await progress.textContent(), 'Step 2 of 3');

  // A reload keeps the step (the hash).
  await page.reload();
  t.is(await progress.textContent(), 'Step 2 of 3');

  // Feedback through the inline script: stays on the page, says thanks, is recorded.
  await page.getByLabel('How can we improve it? (optional)').fill('Clear, thanks');
  await page.getByRole('button', { name: 'Yes', exact: true }).click();
  await page.getByRole('status').getByText('Thank you for your feedback!').waitFor();
  t.regex(page.url(), /#step-2$/);
  const row = await app.db('kb_feedback').where({ article_id: kb.tutorial.id }).first();
  t.like(row, { helpful: true, comment: 'Clear, thanks', language: 'en' });
  await shot(page, '04-feedback-sent');
  t.deepEqual(failures, []);
  await context.close();
});

test('without JavaScript the tutorial shows all its steps', async (t) => {
  const { app, browser, kb } = t.context;
  const context = await browser.newContext({ locale: 'en-US', javaScriptEnabled: false, viewport: { width: 1100, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${app.url}/help/en/articles/${kb.tutorial.id}-${kb.tutorial.slug}`);
  for (const title of ['Open your profile', 'Scan the QR code', 'Enter the code']) t.true(await page.getByRole('heading', { name: title }).isVisible(), title);
  t.false(await page.getByRole('button', { name: 'Next' }).isVisible());
  await page.getByText('Step 3 of 3').waitFor();
  // The check question cannot be checked without a script: its answer is behind a disclosure instead.
  const answer = page.locator('details.answer');
  t.false(await answer.locator('p').isVisible());
  await answer.getByText('Show the answer').click();
  t.is((await answer.locator('p').textContent())?.trim(), 'An authenticator app');
  await shot(page, '05-tutorial-no-js');
  await context.close();
});

test('German search on a phone: typo tolerant, highlighted, accessible', async (t) => {
  const { app, browser, kb } = t.context;
  const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 375, height: 740 } });
  const page = await context.newPage();
  await page.goto(`${app.url}/help`);
  t.regex(page.url(), /\/help\/de$/);
  await page.getByRole('heading', { name: 'Wie können wir helfen?' }).waitFor();
  const link = page.getByRole('link', { name: 'Passwort zurücksetzen' });
  await page.getByLabel('Im Hilfe-Center suchen').fill('passwrt zurücksetzen');
  await page.getByRole('button', { name: 'Suchen' }).click();
  await link.waitFor();
  t.true((await page.locator('[data-testid=search-results] mark').count()) > 0);
  t.is(await link.getAttribute('href'), `/help/de/articles/${kb.password.id}-${kb.password.slugDe}`);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  t.true(width <= 375, `no horizontal scrolling on a phone (scrollWidth ${width})`);
  await shot(page, '06-search-de-phone');
  await noAxe(t, page, 'search (de, phone)');

  await link.click();
  await page.getByRole('heading', { name: 'Passwort zurücksetzen', level: 1 }).waitFor();
  await shot(page, '07-article-de-phone');
  await noAxe(t, page, 'article (de, phone)');
  await context.close();
});
