/**
 * Issue 6 end to end in a real browser: an admin installs the built-in SMS (Twilio) plugin from the marketplace
 * page and configures it; a customer's SMS (a signed webhook from the Twilio stand-in, test/fakes/twilio.fake.ts)
 * becomes a ticket that appears live in an agent's queue; the agent's reply written in the ticket page goes back
 * as an SMS, and its delivery state on the conversation entry follows Twilio's status callbacks live.
 * Real parts: the app, the plugin runtime (supervisor + Host gRPC), the packed and signed sms-twilio plugin
 * process, graphile-worker jobs, Debian's chromium. Screenshots: test/artifacts/sms-NN-*.png.
 */
import { existsSync, mkdirSync } from 'node:fs';
import anyTest, { type TestFn } from 'ava';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTwilioFake, type TwilioFake } from '../fakes/twilio.fake';
import { createWorker, startTestApp, type TestApp, type TestWorker } from '../helpers/app';
import { startPluginWorld, waitFor, type PluginWorld } from '../helpers/plugins';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname;

type Ctx = { app: TestApp; world: PluginWorld; twilio: TwilioFake; browser: Browser; admin: TestWorker; agent: TestWorker };
const test = anyTest as TestFn<Ctx>;

test.before(async (t) => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  if (!existsSync(new URL('../../ui/dist/index.html', import.meta.url))) throw new Error('ui/dist is missing: npm run build:ui');
  mkdirSync(ARTIFACTS, { recursive: true });
  const app = await startTestApp();
  // Providers call the public URL; in a test that is the app's random loopback port.
  app.config.http.publicUrl = app.url;
  const world = await startPluginWorld(app);
  const twilio = await startTwilioFake();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const admin = await createWorker(app.db, { role: 'admin', name: 'Ada Admin' });
  const agent = await createWorker(app.db, { role: 'agent', name: 'Alex Agent' });
  t.context = { app, world, twilio, browser, admin, agent };
});

test.after.always(async (t) => {
  await t.context.browser?.close();
  await t.context.world?.stop();
  await t.context.twilio?.close();
  await t.context.app?.close();
});

const shot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}sms-${name}.png`, fullPage: true });

async function signIn(t: { context: Ctx }, who: TestWorker): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
  const context = await t.context.browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(`${t.context.app.url}/`);
  await page.getByLabel('Email').fill(who.email);
  await page.locator('input[name=password]').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('live-indicator').getByText('Live').waitFor();
  return { page, errors, close: () => context.close() };
}

test('an admin installs SMS from the marketplace; a customer SMS becomes a ticket; the reply goes back with its delivery state', async (t) => {
  const { app, twilio } = t.context;

  // The admin installs and configures the built-in SMS plugin in the console.
  const admin = await signIn(t, t.context.admin);
  await admin.page.goto(`${app.url}/admin/plugins`);
  await admin.page.getByTestId('tab-catalog').click();
  await admin.page.getByTestId('plugin-search').fill('sms');
  await admin.page.getByRole('button', { name: 'Install SMS (Twilio)' }).click();
  const dialog = admin.page.getByRole('dialog');
  for (const p of ['inbound:submit', 'customers:write', 'deliveries:update']) t.true(await dialog.getByTestId(`approve-${p}`).isChecked(), p);
  await dialog.getByTestId('plugin-config-accountSid').fill(twilio.accountSid);
  await dialog.getByTestId('plugin-config-authToken').fill(twilio.authToken);
  await dialog.getByTestId('plugin-config-fromNumber').fill(twilio.number);
  await dialog.getByTestId('plugin-config-apiBaseUrl').fill(twilio.url);
  await shot(admin.page, '01-install');
  await dialog.getByTestId('plugin-install-confirm').click();
  await dialog.waitFor({ state: 'hidden' });
  await admin.page.getByTestId('tab-installed').click();
  await admin.page.getByTestId('installed-sms-twilio').getByText('Serving').waitFor({ timeout: 60_000 });
  await shot(admin.page, '02-installed');
  t.deepEqual(admin.errors, []);
  await admin.close();

  // An agent has the queue open; the customer writes by SMS.
  const agent = await signIn(t, t.context.agent);
  const phone = '+14155550199';
  const inbound = await twilio.sendInbound(`${app.url}/api/v1/plugin-webhooks/sms-twilio/inbound`, { from: phone, body: 'My parcel never arrived' });
  t.is(inbound.status, 200, inbound.body);
  const link = agent.page.getByRole('link', { name: /My parcel never arrived/ });
  await link.waitFor({ timeout: 10_000 });
  await shot(agent.page, '03-queue');

  // The agent answers from the ticket page; the SMS leaves from our number to the customer.
  await link.click();
  await agent.page.locator('[data-kind="customer_message"]').getByText('My parcel never arrived').waitFor();
  await agent.page.getByTestId('composer-text').fill('It is on its way, tracking number 42.');
  await agent.page.getByTestId('composer-send').click();
  const sms = await waitFor('the SMS at Twilio', async () => twilio.sent.find((m) => m.to === phone && m.body.includes('tracking number 42')), 30_000);
  t.is(sms.from, twilio.number);
  const reply = agent.page.locator('[data-kind="public_reply"]').filter({ hasText: 'tracking number 42' });
  await reply.getByTestId('entry-delivery').and(agent.page.locator('[data-state="queued"]')).waitFor({ timeout: 10_000 });

  // Twilio's status callbacks move the state on the entry, live.
  t.is((await twilio.emitStatus(sms.sid, 'sent')).status, 200);
  t.is((await twilio.emitStatus(sms.sid, 'delivered')).status, 200);
  await reply.getByTestId('entry-delivery').and(agent.page.locator('[data-state="delivered"]')).waitFor({ timeout: 5_000 });
  t.is(await reply.getByTestId('entry-delivery').textContent(), 'Delivered');
  await shot(agent.page, '04-delivered');
  t.deepEqual(agent.errors, []);
  await agent.close();
});
