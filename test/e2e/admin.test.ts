/**
 * The admin console and account page in a real browser (Debian chromium + playwright-core against the real app and
 * the built UI). Screenshots go to test/artifacts/admin-NN-*.png.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import { Secret, TOTP } from 'otpauth';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createTaskList } from '../../activities/tasks';
import { createCustomer, createWorker, startTestApp, type TestApp, type TestCustomer, type TestWorker } from '../helpers/app';
import { drainDueJobs, silentLogger } from '../helpers/lifecycle-fixtures';
import { seriousAxeViolations } from '../helpers/axe';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname;

type Context = { app: TestApp; browser: Browser; admin: TestWorker; customer: TestCustomer };
const test = anyTest as TestFn<Context>;

test.before(async (t) => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  if (!existsSync(new URL('../../ui/dist/index.html', import.meta.url))) throw new Error('ui/dist is missing: npm run build:ui');
  mkdirSync(ARTIFACTS, { recursive: true });
  const app = await startTestApp();
  const admin = await createWorker(app.db, { role: 'admin', name: 'Ada Admin' });
  const customer = await createCustomer(app.db);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  t.context = { app, browser, admin, customer };
});

test.after.always(async (t) => {
  // The browser first: its open event stream would otherwise keep the server from closing.
  await t.context.browser?.close();
  await t.context.app?.close();
});

const shot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}admin-${name}.png`, fullPage: true });

/** Run the due background jobs (outbox fan-out, route_ticket, …) once, as the worker process would. */
const settle = (app: TestApp) => drainDueJobs(app.dbUrl, createTaskList({ db: app.db, config: app.config, logger: silentLogger }));

/** A browser page signed in through the login form. */
async function signIn(t: ExecutionContext<Context>, who: TestWorker, viewport = { width: 1280, height: 900 }): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await t.context.browser.newContext({ locale: 'en-US', viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(`${t.context.app.url}/`);
  await page.getByLabel('Email').fill(who.email);
  await page.locator('input[name=password]').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Tickets' }).waitFor();
  // Wait for the live stream to be up: leaving while it subscribes hits a gateway race (events.router.ts writes to the
  // ended stream: ERR_STREAM_WRITE_AFTER_END), reported to the lead.
  await page.getByTestId('live-indicator').getByText('Live').waitFor();
  return { context, page, errors };
}

/** axe-core on the whole page (header included): no serious or critical violations. */
async function assertAccessible(t: ExecutionContext<Context>, page: Page, what: string): Promise<void> {
  t.deepEqual(await seriousAxeViolations(page), [], `${what}: axe serious/critical violations`);
}

const api = (t: ExecutionContext<Context>, method: string, path: string, body?: unknown) =>
  t.context.app.request(method, `/api/v1${path}`, { token: t.context.admin.token, ...(body !== undefined && { body }) });

test.serial('custom fields: a bad key is explained next to the field; the created field is usable on tickets', async (t) => {
  const { page, context, errors } = await signIn(t, t.context.admin);
  await page.getByRole('link', { name: 'Admin', exact: true }).click();
  await page.getByTestId('admin-nav').waitFor();
  await page.getByTestId('admin-nav').getByRole('link', { name: 'Custom fields' }).click();
  await page.getByTestId('admin-custom-fields').getByRole('heading', { name: 'Custom fields' }).waitFor();
  await shot(page, '01-custom-fields');

  await page.getByTestId('crud-new').click();
  const form = page.getByTestId('crud-form');
  await form.getByLabel('Label').fill('Contract plan');
  await form.getByLabel('Key').fill('Bad Key!');
  await page.getByTestId('crud-save').click();
  // The API's message sits under the Key input (not a blank screen, not only a banner).
  const keyError = form.locator('[data-testid="field-key"]').locator('xpath=ancestor::div[contains(@class,"mantine-InputWrapper-root")]').getByText('must start with a lowercase letter');
  await keyError.waitFor();
  t.true(await form.getByLabel('Label').isVisible(), 'the form is still there');
  await shot(page, '02-custom-field-invalid');

  await form.getByLabel('Key').fill('contract_plan');
  await page.getByTestId('crud-save').click();
  await page.getByTestId('crud-form').waitFor({ state: 'detached' });
  await page.getByTestId('crud-row').filter({ hasText: 'Contract plan' }).waitFor();

  const created = await t.context.app.request('POST', '/api/v1/tickets', {
    token: t.context.admin.token,
    body: { subject: 'Plan question', requesterId: t.context.customer.id, customFields: { contract_plan: 'gold' } },
  });
  t.is(created.status, 201, JSON.stringify(created.body));
  const ticket = await api(t, 'GET', `/tickets/${created.body.id}`);
  t.is(ticket.body.customFields.contract_plan, 'gold');
  t.deepEqual(errors, []);
  await context.close();
});

test.serial('routing: a rule "tag vip → team VIP" made in the console routes a new ticket, and the dry run explains why', async (t) => {
  const { app } = t.context;
  const { page, context, errors } = await signIn(t, t.context.admin);
  // The team, through the console.
  await page.goto(`${app.url}/admin/teams`);
  await page.getByTestId('admin-teams').getByRole('heading', { name: 'Teams' }).waitFor();
  await page.getByTestId('crud-new').click();
  await page.getByTestId('crud-form').getByLabel('Name').fill('VIP');
  await page.getByTestId('crud-save').click();
  await page.getByTestId('crud-row').filter({ hasText: 'VIP' }).waitFor();
  const teams = await api(t, 'GET', '/teams?q=VIP');
  const vip = teams.body.data.find((x: { name: string }) => x.name === 'VIP');
  t.truthy(vip, 'the team exists');

  // The rule: tags has any of "vip" → route to team VIP.
  await page.getByTestId('admin-nav').getByRole('link', { name: 'Routing rules' }).click();
  await page.getByTestId('admin-routing-rules').getByRole('heading', { name: 'Routing rules' }).waitFor();
  await page.getByTestId('crud-new').click();
  const form = page.getByTestId('crud-form');
  await form.getByLabel('Name').fill('VIP customers');
  await page.getByTestId('condition-add').click();
  await page.getByTestId('condition-values-0').fill('vip');
  await page.getByTestId('condition-values-0').press('Enter');
  await page.getByTestId('action-team').click();
  await page.getByRole('option', { name: 'VIP', exact: true }).click();
  await shot(page, '03-routing-rule-form');
  await page.getByTestId('crud-save').click();
  await page.getByTestId('crud-form').waitFor({ state: 'detached' });
  await page.getByTestId('crud-row').filter({ hasText: 'VIP customers' }).waitFor();
  const rules = await api(t, 'GET', '/routing-rules');
  t.like(rules.body.data[0], { name: 'VIP customers', conditions: [{ field: 'tags', op: 'any', values: ['vip'] }], actions: { routeToTeam: vip.id } });

  // A ticket with the tag, created through the API, lands in the team once the routing job ran.
  const created = await t.context.app.request('POST', '/api/v1/tickets', {
    token: t.context.admin.token, body: { subject: 'Our CEO cannot log in', requesterId: t.context.customer.id, tags: ['vip'], message: { bodyText: 'Urgent, please.' } },
  });
  t.is(created.status, 201, JSON.stringify(created.body));
  await settle(app);
  const routed = await api(t, 'GET', `/tickets/${created.body.id}`);
  t.is(routed.body.teamId, vip.id, 'routed to VIP by the rule');

  // The dry run: pick the ticket, see which rule matched and why.
  await page.reload();
  await page.getByTestId('dry-run').waitFor();
  await page.getByTestId('dry-run-ticket').click();
  await page.getByRole('option', { name: /Our CEO cannot log in/ }).click();
  await page.getByTestId('dry-run-go').click();
  await page.getByTestId('dry-run-match').getByText('Matched rule “VIP customers”').waitFor();
  t.regex(await page.getByTestId('dry-run-match').innerText(), /VIP/);
  t.true(await page.getByTestId('dry-run-rule').first().getByText('✓ Tags has any of ["vip"]').isVisible());
  await shot(page, '04-routing-dry-run');
  t.deepEqual(errors, []);
  await context.close();
});

test.serial('webhooks, API keys and the audit log: secrets shown once, deliveries logged and replayed, keys revoked', async (t) => {
  const { app } = t.context;
  // A receiver for the webhook on loopback.
  const received: string[] = [];
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => { received.push(body); res.writeHead(200).end('ok'); });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/lantern`;
  const { page, context, errors } = await signIn(t, t.context.admin);
  try {
    await page.goto(`${app.url}/admin/webhooks`);
    await page.getByTestId('admin-webhooks').getByRole('heading', { name: 'Webhooks' }).waitFor();
    await page.getByTestId('crud-new').click();
    await page.getByTestId('crud-form').getByLabel('URL').fill('ftp://nope');
    await page.getByTestId('crud-save').click();
    await page.getByTestId('crud-form').getByText('must use http or https').waitFor();
    await page.getByTestId('crud-form').getByLabel('URL').fill(hookUrl);
    await page.getByTestId('crud-save').click();
    // The signing secret, once.
    t.regex(await page.getByTestId('secret-value').innerText(), /^whsec_/);
    await page.getByTestId('secret-close').click();
    await page.getByTestId('crud-row').filter({ hasText: hookUrl }).waitFor();

    // Ping, let the delivery job run, see it delivered; replay it.
    await page.getByTestId('webhook-deliveries').click();
    await page.getByTestId('webhook-ping').click();
    await page.getByTestId('delivery-row').first().waitFor();
    await settle(app);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByTestId('delivery-row').first().getByText('Delivered').waitFor();
    t.is(received.length, 1);
    t.regex(received[0]!, /webhook\.ping/);
    await page.getByTestId('delivery-row').first().getByRole('button', { name: 'Details' }).click();
    await page.getByTestId('delivery-detail').getByText(/Attempt 1 at .*: HTTP 200/).waitFor();
    await page.getByTestId('delivery-row').first().getByRole('button', { name: 'Replay' }).click();
    await page.getByTestId('delivery-row').filter({ hasText: 'replay of #' }).waitFor();
    await settle(app);
    t.is(received.length, 2, 'the replay was delivered too');
    await shot(page, '05-webhook-deliveries');
    await page.keyboard.press('Escape');

    // An API key: shown once, works, and stops working once revoked.
    await page.getByTestId('admin-nav').getByRole('link', { name: 'API keys' }).click();
    await page.getByTestId('admin-api-keys').getByRole('heading', { name: 'API keys' }).waitFor();
    await page.getByTestId('crud-new').click();
    await page.getByTestId('crud-form').getByLabel('Name').fill('Nightly export');
    await page.getByTestId('crud-save').click();
    const key = await page.getByTestId('secret-value').innerText();
    t.regex(key, /^lk_/);
    await shot(page, '06-api-key-once');
    await page.getByTestId('secret-close').click();
    const me = await app.request('GET', '/api/v1/me', { token: key });
    t.is(me.status, 200);
    t.is(me.body.kind, 'worker', 'a worker key acts as its worker');
    const row = page.getByTestId('crud-row').filter({ hasText: 'Nightly export' });
    await row.getByRole('button', { name: /^Revoke/ }).click();
    await page.getByTestId('confirm-delete').click();
    await row.waitFor({ state: 'detached' });
    t.is((await app.request('GET', '/api/v1/me', { token: key })).status, 401, 'the revoked key is refused');

    // The audit log has all of it; filter by entity type.
    await page.getByTestId('admin-nav').getByRole('link', { name: 'Audit log' }).click();
    await page.getByTestId('audit-row').first().waitFor();
    await page.getByTestId('audit-filter-entityType').fill('webhook');
    await page.getByTestId('audit-apply').click();
    await page.getByTestId('audit-row').filter({ hasText: 'webhook.create' }).waitFor();
    const entities = await page.getByTestId('audit-row').locator('td:nth-child(4)').allInnerTexts();
    t.true(entities.length > 0 && entities.every((e) => e.startsWith('webhook ')), entities.join(' | '));
    await shot(page, '07-audit-log');
    t.deepEqual(errors, []);
  } finally {
    await context.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
});

test.serial('SLA and lifecycle designer: errors next to the fields, targets per priority, a published version with its diff', async (t) => {
  const { app } = t.context;
  const { page, context, errors } = await signIn(t, t.context.admin);
  await page.goto(`${app.url}/admin/sla-policies`);
  await page.getByTestId('admin-sla').getByRole('heading', { name: 'SLA policies' }).waitFor();
  await page.getByTestId('crud-new').click();
  const form = page.getByTestId('crud-form');
  await form.getByLabel('Name').fill('Urgent tickets');
  await page.getByTestId('sla-priorities').click({ force: true });
  await page.getByRole('option', { name: 'Urgent', exact: true }).click();
  await page.keyboard.press('Escape');
  await page.getByTestId('escalation-add').click();
  await page.getByTestId('crud-save').click();
  // No target at all: the message sits with the targets.
  await page.getByTestId('field-targets').getByText('an SLA policy needs at least one target').waitFor();
  await shot(page, '08-sla-invalid');
  // The drawer previews the unsaved draft: without a target the API refuses it, with targets a timeline comes back.
  const draftPreview = page.getByTestId('sla-draft-preview');
  await draftPreview.getByTestId('preview-draft-errors').getByText(/an SLA policy needs at least one target/).waitFor();
  await page.getByTestId('sla-target-first_response').fill('30');
  await page.getByTestId('sla-target-resolution').fill('480');
  await draftPreview.getByTestId('preview-timeline').waitFor();
  await shot(page, '08b-sla-draft-preview');
  await page.getByTestId('crud-save').click();
  await page.getByTestId('crud-form').waitFor({ state: 'detached' });
  await page.getByTestId('crud-row').filter({ hasText: 'Urgent tickets' }).waitFor();
  // New policies are evaluated last (after the seeded catch-all): move it to the top with the arrows.
  for (let i = 0; i < 10; i++) {
    const now = (await api(t, 'GET', '/sla-policies')).body.data as Array<{ name: string; position: number }>;
    const pos = now.find((p) => p.name === 'Urgent tickets')!.position;
    if (pos === 1) break;
    await page.getByRole('button', { name: 'Move Urgent tickets up' }).click();
    await page.getByTestId('crud-row').nth(pos - 2).filter({ hasText: 'Urgent tickets' }).waitFor();
  }
  const policies = await api(t, 'GET', '/sla-policies');
  t.like(policies.body.data[0], { name: 'Urgent tickets', conditions: { priorities: ['urgent'] }, targets: { first_response: 30, resolution: 480 }, escalations: [{ on: 'breach', actions: [{ type: 'notify_assignee' }] }] });
  // The preview: what a ticket of each priority gets.
  const urgentRow = page.getByTestId('sla-preview-row').filter({ hasText: 'Urgent tickets' });
  t.is(await urgentRow.count(), 1);
  t.regex(await urgentRow.innerText(), /30 min[\s\S]*8 h/);
  await shot(page, '09-sla-designer');
  // The timeline preview: a sample ticket of the default priority that nobody answers breaches its first response.
  const preview = page.getByTestId('lifecycle-preview');
  await preview.getByTestId('preview-match').getByText(/Everything else/).waitFor();
  await preview.locator('[data-testid=preview-line][data-kind=sla_breach]').filter({ hasText: 'Breach: First response target missed.' }).first().waitFor();
  await preview.scrollIntoViewIfNeeded();
  await shot(page, '09b-sla-preview');

  // The lifecycle policy: a bad value is explained next to its field; a good one publishes a version with a diff.
  await page.getByTestId('admin-nav').getByRole('link', { name: 'Lifecycle policy' }).click();
  await page.getByTestId('lifecycle-settings').waitFor();
  const before = (await api(t, 'GET', '/lifecycle-policies')).body.policyVersion as number;
  await page.getByLabel('Reminder template').fill('');
  await page.getByTestId('lifecycle-save').click();
  await page.getByTestId('lifecycle-settings').getByText('reminderTemplate must be a non-empty string').waitFor();
  await page.getByLabel('Reminder template').fill('pending_reminder');
  await page.getByTestId('warning-percent').fill('80');
  await page.getByTestId('lifecycle-save').click();
  await page.getByText('Saved: a new policy version is in force.').waitFor();
  const after = await api(t, 'GET', '/lifecycle-policies');
  t.is(after.body.settings.warningPercent, 80);
  t.true(after.body.policyVersion > before);
  await page.getByText(`Policy version ${after.body.policyVersion} is in force.`).waitFor();
  await page.getByTestId('policy-version').first().getByRole('button', { name: 'Show' }).click();
  await page.getByTestId('policy-diff').getByText('sla.warningPercent: 75 → 80').waitFor();
  await page.getByTestId('lifecycle-preview').locator('[data-testid=preview-line][data-kind=sla_warning]').first().waitFor();
  await shot(page, '10-lifecycle-versions');
  t.deepEqual(errors, []);
  await context.close();
});

test.serial('macros and shared views (issue-5 contract, B1): made in the console, stored as the API defines them', async (t) => {
  const { app } = t.context;
  if ((await api(t, 'GET', '/macros')).status === 404) {
    t.log('GET /macros is not there (B1 not merged): skipped');
    t.pass();
    return;
  }
  const { page, context, errors } = await signIn(t, t.context.admin);
  await page.goto(`${app.url}/admin/macros`);
  await page.getByTestId('admin-macros').getByRole('heading', { name: 'Macros' }).waitFor();
  await page.getByTestId('crud-new').click();
  await page.getByTestId('crud-form').getByLabel('Name').fill('Close as duplicate');
  await page.getByTestId('crud-form').getByLabel('Add tags').fill('duplicate');
  await page.getByTestId('crud-form').getByLabel('Add tags').press('Enter');
  await page.getByTestId('crud-form').getByLabel('Reply text').fill('<p>Hi {{customer.first_name}}, this is tracked in another ticket.</p>');
  await page.getByTestId('crud-save').click();
  await page.getByTestId('crud-row').filter({ hasText: 'Close as duplicate' }).waitFor();
  const macros = (await api(t, 'GET', '/macros?all=true')).body.data as Array<{ name: string; scope: string; actions: unknown; replyHtml: string | null }>;
  t.like(macros.find((m) => m.name === 'Close as duplicate'), { scope: 'shared', actions: { addTags: ['duplicate'] }, replyKind: 'public_reply' });

  await page.getByTestId('admin-nav').getByRole('link', { name: 'Shared views' }).click();
  await page.getByTestId('admin-views').getByRole('heading', { name: 'Shared views' }).waitFor();
  await page.getByTestId('crud-new').click();
  await page.getByTestId('crud-form').getByLabel('Name').fill('VIP backlog');
  await page.getByTestId('crud-form').getByLabel('Tags').fill('vip');
  await page.getByTestId('crud-form').getByLabel('Tags').press('Enter');
  await page.getByTestId('crud-save').click();
  await page.getByTestId('crud-row').filter({ hasText: 'VIP backlog' }).waitFor();
  const views = (await api(t, 'GET', '/views')).body.data as Array<{ name: string; scope: string; filters: unknown }>;
  t.like(views.find((v) => v.name === 'VIP backlog'), { scope: 'shared', filters: { tag: ['vip'] } });
  await page.getByTestId('crud-form').waitFor({ state: 'detached' });
  await page.waitForTimeout(400); // the drawer's overlay fades out
  await shot(page, '11-shared-views');
  t.deepEqual(errors, []);
  await context.close();
});

test.serial('accessibility and small screens: three admin pages pass axe; at 375 px the console and account page are usable', async (t) => {
  const { app } = t.context;
  const { page, context, errors } = await signIn(t, t.context.admin);
  // Each page once its data is in (a loader alone would be a hollow check).
  for (const [path, ready] of [['statuses', 'crud-row'], ['routing-rules', 'dry-run'], ['lifecycle', 'policy-version']] as const) {
    await page.goto(`${app.url}/admin/${path}`);
    await page.getByTestId(ready).first().waitFor();
    await assertAccessible(t, page, path);
  }
  await page.goto(`${app.url}/account`);
  await page.getByTestId('two-factor').waitFor();
  await assertAccessible(t, page, 'account');
  await context.close();

  // 375 px: the section list folds into a menu; pages do not overflow sideways.
  const small = await signIn(t, t.context.admin, { width: 375, height: 800 });
  await small.page.goto(`${app.url}/admin/statuses`);
  await small.page.getByTestId('admin-statuses').waitFor();
  await shot(small.page, '12-statuses-375');
  t.false(await small.page.getByTestId('admin-nav').isVisible(), 'the section list is folded away');
  // By keyboard: at this width the shared app header (not part of this console) wraps over the top of the page.
  await small.page.getByTestId('admin-nav-toggle').focus();
  await small.page.keyboard.press('Enter');
  await small.page.getByTestId('admin-nav').getByRole('link', { name: 'Workers and roles' }).click();
  await small.page.getByTestId('admin-workers').getByRole('heading', { name: 'Workers and roles' }).waitFor();
  await small.page.getByTestId('crud-row').first().waitFor();
  const overflow = await small.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  t.true(overflow <= 0, `the page is ${overflow}px wider than the screen`);
  await shot(small.page, '13-workers-375');
  await small.page.getByTestId('crud-new').focus();
  await small.page.keyboard.press('Enter');
  await small.page.getByTestId('crud-form').getByLabel('Name').waitFor();
  await small.page.waitForTimeout(400); // the drawer's slide-in, for the screenshot
  await shot(small.page, '14-worker-form-375');
  await small.page.keyboard.press('Escape');
  await small.page.goto(`${app.url}/account`);
  await small.page.getByTestId('two-factor').waitFor();
  t.true(await small.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'the account page fits');
  await shot(small.page, '15-account-375');
  t.deepEqual([...errors, ...small.errors], []);
  await small.context.close();
});

test.serial('a session that ends while signed in returns to the sign-in screen with a notice', async (t) => {
  const { app } = t.context;
  const worker = await createWorker(app.db, { role: 'admin', name: 'Sid Session' });
  const { page, context, errors } = await signIn(t, worker);
  await page.getByRole('link', { name: 'Admin', exact: true }).click();
  await page.getByTestId('admin-statuses').getByTestId('crud-row').first().waitFor();
  // The session ends elsewhere (expiry, revocation, password change elsewhere).
  await app.db('sessions').where({ principal_type: 'worker', principal_id: worker.id }).update({ revoked_at: new Date() });
  await page.getByTestId('admin-nav').getByRole('link', { name: 'Priorities' }).click();
  await page.getByTestId('login-notice').getByText('Your session ended, please sign in again').waitFor();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  await shot(page, '16-session-ended');
  t.deepEqual(errors, []);
  await context.close();
});

test.serial('two-factor: set up on the account page, sign in again with a TOTP code; when required, others are sent to set it up', async (t) => {
  const { app } = t.context;
  if ((await api(t, 'GET', '/me/2fa')).status === 404) {
    t.log('GET /me/2fa is not there (B2 not merged): the 2FA part is skipped');
    t.pass();
    return;
  }
  const worker = await createWorker(app.db, { role: 'admin', name: 'Tess Totp' });
  const { page, context, errors } = await signIn(t, worker);
  await page.getByRole('link', { name: 'Tess Totp' }).click();
  await page.getByTestId('two-factor-state').getByText('Off').waitFor();
  await page.getByTestId('two-factor-start').click();
  await page.getByTestId('two-factor-qr').waitFor();
  const totp = new TOTP({ secret: Secret.fromBase32((await page.getByTestId('two-factor-secret').innerText()).trim()), algorithm: 'SHA1', digits: 6, period: 30 });
  t.true(await page.getByTestId('two-factor-qr').evaluate((img) => (img as HTMLImageElement).naturalWidth > 0), 'the QR code renders');
  await shot(page, '17-2fa-setup');
  await page.getByTestId('two-factor-code').fill(totp.generate({ timestamp: Date.now() + 3_600_000 }));
  await page.getByTestId('two-factor-enable').click();
  await page.getByTestId('two-factor-setup').getByRole('alert').or(page.getByTestId('two-factor-setup').locator('.mantine-InputWrapper-error')).first().waitFor();
  await page.getByTestId('two-factor-code').fill(totp.generate());
  await page.getByTestId('two-factor-enable').click();
  await page.getByTestId('recovery-code').first().waitFor();
  t.is(await page.getByTestId('recovery-code').count(), 10, 'ten recovery codes, shown once');
  await shot(page, '18-2fa-recovery-codes');
  await page.getByTestId('recovery-done').click();
  await page.getByTestId('two-factor-state').getByText('On').waitFor();

  // Sign out and in again: password, then a code (the next time step: a code is not accepted twice).
  await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('Email').fill(worker.email);
  await page.locator('input[name=password]').fill(worker.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('two-factor-step').waitFor();
  await page.locator('input[name=code]').fill(totp.generate({ timestamp: Date.now() + 3_600_000 }));
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByRole('alert').getByText('That code is wrong. 4 attempts left.').waitFor();
  await shot(page, '19-2fa-login-step');
  await page.locator('input[name=code]').fill(totp.generate({ timestamp: Date.now() + 30_000 }));
  await page.getByRole('button', { name: 'Verify' }).click();
  // Signed in, back where they were (the account page).
  await page.getByTestId('two-factor-state').getByText('On').waitFor();

  // Require 2FA for everyone: a worker without it is sent to the setup on sign-in.
  await page.goto(`${app.url}/admin/security`);
  await page.getByRole('switch', { name: 'Require two-factor sign-in for every worker' }).click();
  await page.getByTestId('admin-security').getByText('Saved.').waitFor();
  t.true((await app.db('security_settings').where({ id: 1 }).first()).require_two_factor, 'enforcement is on');
  const agent = await createWorker(app.db, { role: 'agent', name: 'Nadia New' });
  const other = await t.context.browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  const agentPage = await other.newPage();
  await agentPage.goto(`${app.url}/`);
  await agentPage.getByLabel('Email').fill(agent.email);
  await agentPage.locator('input[name=password]').fill(agent.password);
  await agentPage.getByRole('button', { name: 'Sign in' }).click();
  await agentPage.getByTestId('two-factor-required').waitFor();
  t.regex(agentPage.url(), /\/account\?setup=2fa$/);
  await shot(agentPage, '20-2fa-required');
  await other.close();
  // And off again, so the workspace is as it was. ("Saved." is still shown from the first change: wait for the
  // save itself, or the check below races it and meets the enforcement gate.)
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/security-settings') && r.request().method() === 'PATCH');
  await page.getByRole('switch', { name: 'Require two-factor sign-in for every worker' }).click();
  t.is((await saved).status(), 200);
  t.false((await api(t, 'GET', '/security-settings')).body.requireTwoFactor);
  t.deepEqual(errors, []);
  await context.close();
});
