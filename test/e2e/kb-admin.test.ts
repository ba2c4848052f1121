/**
 * The knowledge-base screens in a real browser (Debian chromium + playwright-core against the real app, the built UI
 * and the embedded Meilisearch): an admin builds the structure, writes an article with a callout and a tutorial with
 * two steps, publishes them, edits the article, reads the diff and restores revision 1; an agent finds the article
 * from a ticket and sends its link in a reply. Accessibility (axe) and a 375 px phone. Screenshots:
 * test/artifacts/kb-NN-*.png.
 */
import { existsSync, mkdirSync } from 'node:fs';
import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createTaskList } from '../../activities/tasks';
import { createTeam, createWorker, startTestApp, type TestApp, type TestWorker } from '../helpers/app';
import { seriousAxeViolations } from '../helpers/axe';
import { drainDueJobs, silentLogger } from '../helpers/lifecycle-fixtures';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname;
// An 8×8 red PNG: small, but a real image the server's type sniffing accepts.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGO4q6SEFTEMLQkAaixIQZTyQ1MAAAAASUVORK5CYII=', 'base64');

type Ctx = { app: TestApp; browser: Browser; admin: TestWorker; agent: TestWorker; teamId: number };
// The article the first test writes (ava gives each test its own copy of t.context).
let articleId: number | undefined;
let ticketId: number | undefined;
const test = anyTest as TestFn<Ctx>;

test.before(async (t) => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  if (!existsSync(new URL('../../ui/dist/index.html', import.meta.url))) throw new Error('ui/dist is missing: npm run build:ui');
  mkdirSync(ARTIFACTS, { recursive: true });
  const app = await startTestApp({}, { search: true });
  const teamId = await createTeam(app.db, 'Support');
  const admin = await createWorker(app.db, { role: 'admin', name: 'Ada Admin', teamIds: [teamId] });
  const agent = await createWorker(app.db, { role: 'agent', name: 'Alex Agent', teamIds: [teamId] });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  t.context = { app, browser, admin, agent, teamId };
});

test.after.always(async (t) => {
  // The browser first: its open event streams would otherwise keep the server from closing.
  await t.context.browser?.close();
  await t.context.app?.close();
});

// The page of the running test: screenshotted when the test fails (kb-failed-N.png).
let currentPage: Page | null = null;
let failures = 0;
test.afterEach.always(async (t) => {
  if (!t.passed && currentPage) await currentPage.screenshot({ path: `${ARTIFACTS}kb-failed-${++failures}.png`, fullPage: true }).catch(() => undefined);
  currentPage = null;
});

const shot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}kb-${name}.png`, fullPage: true });

/** Run the due background jobs (outbox fan-out, KB indexing) once, as the worker process would. */
const settle = (app: TestApp) =>
  drainDueJobs(app.dbUrl, createTaskList({ db: app.db, config: app.config, logger: silentLogger, ...(app.search && { search: app.search.engine }) }));

/** A signed-in browser context (the session cookie the login form would set). */
async function signedIn(t: ExecutionContext<Ctx>, worker: TestWorker, viewport = { width: 1280, height: 900 }): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await t.context.browser.newContext({ locale: 'en-US', viewport });
  await context.addCookies([{ name: 'lantern_session', value: worker.token, url: t.context.app.url }]);
  const page = await context.newPage();
  currentPage = page;
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  return { context, page, errors };
}

const api = (t: ExecutionContext<Ctx>, method: string, path: string, body?: unknown) =>
  t.context.app.request(method, `/api/v1${path}`, { token: t.context.admin.token, ...(body !== undefined && { body }) });

/** Types into a TipTap editor found by its test id. */
async function typeInto(page: Page, testId: string, text: string, nth = 0) {
  await page.getByTestId(testId).nth(nth).click();
  await page.keyboard.type(text);
}

async function pick(page: Page, testId: string, option: string) {
  await page.getByTestId(testId).click();
  await page.getByRole('option', { name: option }).click();
}

test.serial('an admin builds categories and sections, writes and publishes an article and a tutorial, diffs and restores', async (t) => {
  const { app, admin } = t.context;
  const { context, page, errors } = await signedIn(t, admin);

  // Structure: a category and a section, named in English and German.
  await page.goto(`${app.url}/admin/knowledge-base?tab=structure`);
  await page.getByTestId('kb-structure-empty').waitFor();
  await page.getByTestId('kb-new-category').click();
  await page.getByTestId('kb-name-en').fill('Getting started');
  await page.getByTestId('kb-name-de').fill('Erste Schritte');
  await page.getByTestId('kb-names-save').click();
  await page.getByTestId('kb-category-row').getByText('Getting started').waitFor();
  await page.getByTestId('kb-new-section').click();
  await page.getByTestId('kb-name-en').fill('Your account');
  await page.getByTestId('kb-names-save').click();
  await page.getByTestId('kb-section-row').getByText('Your account').waitFor();
  const categories = (await api(t, 'GET', '/kb/categories')).body;
  const category = (categories.items ?? categories)[0];
  t.deepEqual(category.translations.de?.name, 'Erste Schritte');

  // A category with sections cannot go: the 409 is explained in place.
  await page.getByTestId('kb-category-row').getByRole('button', { name: 'Delete: Getting started' }).click();
  await page.getByTestId('confirm-delete').click();
  await page.getByTestId('delete-error').getByText('still has sections').waitFor();
  await shot(page, '01-structure');
  await page.keyboard.press('Escape');

  // An article with a callout → revision 1 (draft).
  await page.getByTestId('kb-tab-articles').click();
  await page.getByTestId('kb-articles-empty').waitFor();
  await page.getByTestId('kb-new-article').click();
  await pick(page, 'kb-new-section-select', 'Getting started › Your account');
  await page.getByTestId('kb-new-title').fill('Reset your password');
  await typeInto(page, 'kb-body', 'Open Settings and click Reset password.');
  await page.keyboard.press('Enter');
  await page.getByTestId('kb-callout-menu').click();
  await page.getByRole('menuitem', { name: 'Info callout' }).click();
  await page.keyboard.type('The link expires after one hour.');
  t.is(await page.locator('[data-testid="kb-body"] div[data-callout="info"]').count(), 1, 'the callout is a block in the editor');
  await page.getByTestId('kb-image-input').first().setInputFiles({ name: 'settings.png', mimeType: 'image/png', buffer: PNG });
  await page.locator('[data-testid="kb-body"] img[alt="settings.png"]').waitFor();
  await shot(page, '02-new-article');
  await page.getByTestId('kb-create').click();
  await page.getByTestId('kb-article-editor').waitFor();
  articleId = Number(/articles\/(\d+)/.exec(page.url())?.[1]);
  let tr = (await api(t, 'GET', `/kb/articles/${articleId}/translations/en`)).body;
  t.is(tr.revision, 1);
  t.regex(tr.bodyHtml, /<div data-callout="info">/, tr.bodyHtml);
  t.regex(tr.bodyHtml, /<img src="\/api\/v1\/help-center\/files\/\d+\/settings\.png"/, 'the uploaded image is in the body');

  // Publish.
  await page.getByTestId('kb-publish').click();
  await page.getByTestId('kb-notice').getByText('Published.').waitFor();
  tr = (await api(t, 'GET', `/kb/articles/${articleId}/translations/en`)).body;
  t.is(tr.state, 'published');

  // Edit → revision 2, still published.
  await page.getByTestId('kb-title').fill('Reset your password quickly');
  await typeInto(page, 'kb-body', ' You get an email.');
  await page.getByTestId('kb-save').click();
  await page.getByTestId('kb-notice').getByText('Saved as revision 2.').waitFor();
  tr = (await api(t, 'GET', `/kb/articles/${articleId}/translations/en`)).body;
  t.is(tr.revision, 2);
  t.is(tr.state, 'published');

  // The diff between revisions 1 and 2, then restore revision 1 (a new revision 3 with its content).
  await page.getByTestId('kb-tab-revisions').click();
  await page.getByTestId('kb-diff-ins').first().waitFor();
  const inserted = await page.getByTestId('kb-diff-ins').allTextContents();
  t.true(inserted.some((s) => s.includes('quickly')), inserted.join('|'));
  t.true(inserted.some((s) => s.includes('email')), inserted.join('|'));
  await shot(page, '03-diff');
  await page.getByRole('button', { name: 'Restore revision 1' }).click();
  await page.getByTestId('kb-revision-row').filter({ hasText: /^3/ }).first().waitFor();
  tr = (await api(t, 'GET', `/kb/articles/${articleId}/translations/en`)).body;
  t.is(tr.revision, 3);
  t.is(tr.title, 'Reset your password');
  t.notRegex(tr.bodyHtml, /email/);
  await page.getByRole('tab', { name: 'Content' }).click();
  t.is(await page.getByTestId('kb-title').inputValue(), 'Reset your password', 'the form shows the restored content');

  // A German translation through "Add translation".
  await page.getByTestId('kb-add-translation').click();
  await page.getByRole('menuitem', { name: 'German' }).click();
  await page.getByTestId('kb-title').fill('Passwort zurücksetzen');
  await typeInto(page, 'kb-body', 'Öffnen Sie die Einstellungen.');
  await page.getByTestId('kb-save').click();
  await page.getByTestId('kb-lang-de').getByText('Draft').waitFor();
  t.is((await api(t, 'GET', `/kb/articles/${articleId}/translations/de`)).body.title, 'Passwort zurücksetzen');

  // A tutorial with two steps (the first with an image and a check question), published.
  await page.goto(`${app.url}/admin/knowledge-base/articles/new`);
  await pick(page, 'kb-new-section-select', 'Getting started › Your account');
  await page.getByTestId('kb-kind-tutorial').click();
  await page.getByTestId('kb-new-title').fill('Turn on two-factor login');
  await typeInto(page, 'kb-body', 'Protect your account in two steps.');
  // The new-tutorial form starts with one step; a second is added.
  await page.getByTestId('kb-step-title').nth(0).fill('Open security settings');
  await typeInto(page, 'kb-step-text', 'Go to Account › Security.', 0);
  await page.getByTestId('kb-step-image-input').nth(0).setInputFiles({ name: 'security.png', mimeType: 'image/png', buffer: PNG });
  await page.getByRole('img', { name: 'Image of step 1' }).waitFor();
  await page.getByTestId('kb-step-check-toggle').nth(0).click();
  await page.getByTestId('kb-step-question').fill('Where is the setting?');
  await page.getByTestId('kb-step-option').nth(0).fill('Under Billing');
  await page.getByTestId('kb-step-option').nth(1).fill('Under Security');
  await page.getByTestId('kb-step-correct').nth(1).click();
  await page.getByTestId('kb-add-step').click();
  await page.getByTestId('kb-step-title').nth(1).fill('Scan the code');
  await typeInto(page, 'kb-step-text', 'Scan the QR code with your app.', 1);
  await shot(page, '04-tutorial-steps');
  await page.getByTestId('kb-create').click();
  await page.getByTestId('kb-article-editor').waitFor();
  const tutorialId = Number(/articles\/(\d+)/.exec(page.url())?.[1]);
  await page.getByTestId('kb-step').nth(1).waitFor();
  t.is(await page.getByTestId('kb-step').count(), 2, 'the editor shows both steps');
  // Reorder: step 2 moves up; publishing saves the change first.
  await page.getByRole('button', { name: 'Move step 2 up' }).click();
  t.is(await page.getByTestId('kb-step-title').nth(0).inputValue(), 'Scan the code');
  await page.getByTestId('kb-publish').click();
  await page.getByTestId('kb-notice').getByText('Published.').waitFor();
  const tutorial = (await api(t, 'GET', `/kb/articles/${tutorialId}/translations/en`)).body;
  t.is(tutorial.state, 'published');
  t.deepEqual(tutorial.steps.map((s: { title: string }) => s.title), ['Scan the code', 'Open security settings']);
  t.is(tutorial.revision, 2, 'the reorder was saved as revision 2');
  t.is(tutorial.steps[0].check, null);
  t.deepEqual(tutorial.steps[1].check, { question: 'Where is the setting?', options: ['Under Billing', 'Under Security'], correctIndex: 1 });
  t.regex(tutorial.steps[1].imageUrl ?? '', /^\/api\/v1\/help-center\/files\/\d+\//);

  // The list with a filter.
  await page.goto(`${app.url}/admin/knowledge-base`);
  await page.getByTestId('kb-article-row').nth(1).waitFor();
  await pick(page, 'kb-filter-state', 'Draft');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="kb-article-row"]').length === 1);
  t.is(await page.getByTestId('kb-article-row').getByText('Reset your password').count(), 1, 'only the article with a draft (German) translation');
  await shot(page, '05-list');
  t.deepEqual(await seriousAxeViolations(page), []);
  t.deepEqual(errors, []);
  await context.close();
});

test.serial('an agent searches the knowledge base from a ticket and sends the article link', async (t) => {
  const { app, agent, teamId } = t.context;
  if (!articleId) { t.fail('the first test made no article'); return; }
  // Publishing indexes through the outbox: run the jobs, then wait until the engine answers.
  let hits: Array<{ articleId: number; url: string }> = [];
  for (let i = 0; i < 30 && !hits.some((h) => h.articleId === articleId); i++) {
    await settle(app);
    hits = (await app.request('GET', '/api/v1/kb/search?q=password&language=en', { token: agent.token })).body.hits ?? [];
    if (!hits.length) await new Promise((r) => setTimeout(r, 300));
  }
  const hit = hits.find((h) => h.articleId === articleId);
  t.truthy(hit, JSON.stringify(hits));

  const created = await app.request('POST', '/api/v1/tickets', {
    token: agent.token,
    body: { subject: 'Cannot log in', teamId, requester: { email: `pat-${Date.now()}@example.com`, name: 'Pat Customer' }, message: { bodyText: 'I forgot my password.' } },
  });
  t.is(created.status, 201, JSON.stringify(created.body));
  ticketId = created.body.id as number;
  const { context, page, errors } = await signedIn(t, agent);
  await page.goto(`${app.url}/tickets/${ticketId}`);
  await page.getByTestId('ticket-subject').getByText('Cannot log in').waitFor();
  await typeInto(page, 'composer-text', 'Hello Pat, this should help: ');
  await page.getByTestId('kb-picker').click();
  await page.getByTestId('kb-picker-search').fill('pasword');
  await page.getByTestId('kb-picker-hit').first().waitFor();
  await page.locator('[data-testid="kb-picker-hit"] mark').first().waitFor();
  await shot(page, '06-picker-hits');
  await page.getByTestId('kb-picker-hit').filter({ hasText: 'Reset your password' }).click();
  await page.getByTestId('kb-preview').locator('[data-callout="info"]').getByText('The link expires after one hour.').waitFor();
  t.deepEqual(await seriousAxeViolations(page, '[data-testid="kb-picker-panel"]'), []);
  await shot(page, '07-picker-preview');
  await page.getByTestId('kb-insert-link').click();
  const link = page.getByTestId('composer-text').locator('a', { hasText: 'Reset your password' });
  await link.waitFor();
  t.is(await link.getAttribute('href'), `${app.url}${hit!.url}`);
  await page.getByTestId('composer-send').click();
  await page.locator('[data-kind="public_reply"]').getByText('Reset your password').waitFor();
  const entries = (await app.request('GET', `/api/v1/tickets/${ticketId}/entries?limit=50`, { token: agent.token })).body.data as Array<{ kind: string; bodyHtml: string }>;
  const reply = entries.find((e) => e.kind === 'public_reply');
  t.truthy(reply);
  t.true(reply!.bodyHtml.includes(`href="${app.url}${hit!.url}"`), reply!.bodyHtml);
  await shot(page, '08-reply-sent');
  t.deepEqual(errors, []);
  await context.close();
});

test.serial('the article editor and the ticket picker work at 375 px', async (t) => {
  const { app, admin } = t.context;
  if (!articleId) { t.fail('the first test made no article'); return; }
  const phone = await signedIn(t, admin, { width: 375, height: 812 });
  await phone.page.goto(`${app.url}/admin/knowledge-base/articles/${articleId}`);
  await phone.page.getByTestId('kb-title').waitFor();
  const widths = await phone.page.evaluate(() => ({ main: document.querySelector('main')?.scrollWidth ?? 0, viewport: document.documentElement.clientWidth }));
  t.true(widths.main <= widths.viewport, `content ${widths.main} px wide in a ${widths.viewport} px viewport`);
  await shot(phone.page, '09-phone-editor');
  t.deepEqual(await seriousAxeViolations(phone.page), []);
  await phone.page.goto(`${app.url}/admin/knowledge-base?tab=structure`);
  await phone.page.getByTestId('kb-category-row').waitFor();
  const structure = await phone.page.evaluate(() => ({ main: document.querySelector('main')?.scrollWidth ?? 0, viewport: document.documentElement.clientWidth }));
  t.true(structure.main <= structure.viewport, `structure ${structure.main} px wide in a ${structure.viewport} px viewport`);
  await shot(phone.page, '10-phone-structure');
  t.deepEqual(phone.errors, []);
  await phone.context.close();

  // The agent's picker on a phone: a full-width drawer; "Insert text" puts the article into the composer.
  if (!ticketId) { t.fail('the second test made no ticket'); return; }
  const agentPhone = await signedIn(t, t.context.agent, { width: 375, height: 812 });
  const { page } = agentPhone;
  await page.goto(`${app.url}/tickets/${ticketId}`);
  await page.getByTestId('ticket-subject').waitFor();
  await page.getByTestId('kb-picker').click();
  await page.getByTestId('kb-picker-search').fill('password');
  await page.getByTestId('kb-picker-hit').filter({ hasText: 'Reset your password' }).click();
  await page.getByTestId('kb-insert-text').waitFor();
  const drawer = await page.getByTestId('kb-picker-panel').evaluate((el) => ({ width: el.scrollWidth, viewport: document.documentElement.clientWidth }));
  t.true(drawer.width <= drawer.viewport, `picker ${drawer.width} px wide in a ${drawer.viewport} px viewport`);
  await shot(page, '11-phone-picker');
  await page.getByTestId('kb-insert-text').click();
  await page.getByTestId('composer-text').getByText('The link expires after one hour.').waitFor();
  await shot(page, '12-phone-text-inserted');
  t.deepEqual(agentPhone.errors, []);
  await agentPhone.context.close();
});

test.serial('a save that crossed another one offers a reload; related articles, feedback and category order', async (t) => {
  const { app, admin } = t.context;
  if (!articleId) { t.fail('the first test made no article'); return; }
  const { context, page, errors } = await signedIn(t, admin);
  await page.goto(`${app.url}/admin/knowledge-base/articles/${articleId}?lang=en`);
  await page.getByTestId('kb-title').waitFor();

  // Someone else saves the English text meanwhile: this form's save answers 409, Reload shows their version.
  const before = (await api(t, 'GET', `/kb/articles/${articleId}/translations/en`)).body;
  const other = await api(t, 'PUT', `/kb/articles/${articleId}/translations/en`, { title: 'Reset your password (updated elsewhere)', bodyHtml: before.bodyHtml });
  t.is(other.status, 200, JSON.stringify(other.body));
  await page.getByTestId('kb-title').fill('My stale edit');
  await page.getByTestId('kb-save').click();
  await page.getByTestId('form-error').getByText('Someone else changed this meanwhile.').waitFor();
  await shot(page, '13-conflict');
  await page.getByTestId('form-error').getByRole('button', { name: 'Reload the current data' }).click();
  await page.waitForFunction(() => (document.querySelector('[data-testid="kb-title"]') as HTMLInputElement | null)?.value === 'Reset your password (updated elsewhere)');
  t.is((await api(t, 'GET', `/kb/articles/${articleId}/translations/en`)).body.title, 'Reset your password (updated elsewhere)', 'the stale edit was not stored');

  // Related articles in the settings tab.
  const list = (await api(t, 'GET', '/kb/articles?kind=tutorial')).body.items as Array<{ id: number }>;
  const tutorialId = list[0]!.id;
  await page.getByTestId('kb-tab-settings').click();
  await page.getByTestId('kb-related').click();
  await page.getByRole('option', { name: 'Turn on two-factor login' }).click();
  await page.keyboard.press('Escape');
  await page.getByTestId('kb-settings-save').click();
  await page.getByTestId('kb-settings').getByRole('status').waitFor();
  t.deepEqual((await api(t, 'GET', `/kb/articles/${articleId}`)).body.relatedIds, [tutorialId]);

  // Feedback from a reader shows with its comment and the counts.
  const feedback = await app.request('POST', `/api/v1/help-center/articles/${articleId}/feedback`, { body: { language: 'en', helpful: false, comment: 'The link had expired already.' } });
  t.is(feedback.status, 201, JSON.stringify(feedback.body));
  await page.reload();
  await page.getByTestId('kb-tab-feedback').click();
  await page.getByTestId('kb-feedback-row').getByText('The link had expired already.').waitFor();
  t.is(await page.getByTestId('kb-helpful-no').textContent(), 'Not helpful: 1');
  await shot(page, '14-feedback');

  // Order: a second category moves above the first.
  await page.goto(`${app.url}/admin/knowledge-base?tab=structure`);
  await page.getByTestId('kb-new-category').click();
  await page.getByTestId('kb-name-en').fill('Billing');
  await page.getByTestId('kb-names-save').click();
  await page.getByTestId('kb-category-row').nth(1).getByText('Billing').waitFor();
  await page.getByRole('button', { name: 'Move Billing up' }).click();
  await page.getByTestId('kb-category-row').nth(0).getByText('Billing').waitFor();
  const cats = (await api(t, 'GET', '/kb/categories')).body.items as Array<{ position: number; translations: { en?: { name: string } } }>;
  t.deepEqual([...cats].sort((a, b) => a.position - b.position).map((c) => c.translations.en?.name), ['Billing', 'Getting started']);
  t.deepEqual(await seriousAxeViolations(page), []);
  t.deepEqual(errors, []);
  await context.close();
});
