/**
 * The plugins admin page in a real browser: an admin installs the built-in echo plugin from the marketplace
 * (approving permissions, a secret as a password input, a config error shown at its field), sees it running and
 * healthy, reads its logs, and the page has no serious accessibility violations. Screenshots: test/artifacts/plugins-*.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import anyTest, { type TestFn } from 'ava';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createWorker, startTestApp, type TestApp, type TestWorker } from '../helpers/app';
import { echoVariant, startPluginWorld, type PluginWorld } from '../helpers/plugins';
import { seriousAxeViolations } from '../helpers/axe';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname;

const test = anyTest as TestFn<{ app: TestApp; browser: Browser; admin: TestWorker; world: PluginWorld }>;

test.before(async (t) => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing`);
  if (!existsSync(new URL('../../ui/dist/index.html', import.meta.url))) throw new Error('ui/dist is missing: npm run build:ui');
  mkdirSync(ARTIFACTS, { recursive: true });
  const builtins = mkdtempSync(join(tmpdir(), 'lantern-builtins-'));
  cpSync(echoVariant({ publisher: 'lantern', name: 'Echo channel' }), join(builtins, 'echo'), { recursive: true });
  const app = await startTestApp({ LANTERN_PLUGINS_DIR: builtins });
  const world = await startPluginWorld(app);
  const admin = await createWorker(app.db, { role: 'admin', name: 'Ada Admin' });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  t.context = { app, browser, admin, world };
});

test.after.always(async (t) => {
  await t.context.browser?.close();
  await t.context.world?.stop();
  await t.context.app?.close();
});

const shot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}plugins-${name}.png`, fullPage: true });

test('an admin installs a plugin from the marketplace and sees it running with its logs', async (t) => {
  const { app, browser, admin } = t.context;
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(`${app.url}/`);
  await page.getByLabel('Email').fill(admin.email);
  await page.locator('input[name=password]').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Tickets' }).waitFor();

  await page.goto(`${app.url}/admin/plugins`);
  await page.getByText('No plugins installed yet').waitFor();
  await page.getByTestId('tab-catalog').click();
  await page.getByTestId('catalog-echo').waitFor();
  await shot(page, '01-marketplace');
  await page.getByTestId('plugin-search').fill('nothing-like-this');
  await page.getByText('No plugins match.').waitFor();
  await page.getByTestId('plugin-search').fill('echo');
  await page.getByRole('button', { name: 'Install Echo channel' }).click();

  const dialog = page.getByRole('dialog');
  await dialog.getByText('Turn incoming messages into tickets and replies').waitFor();
  t.is(await dialog.getByTestId('plugin-config-apiToken').getAttribute('type'), 'password', 'secret fields are password inputs');
  await dialog.getByTestId('plugin-config-apiToken').fill('ab');
  await dialog.getByTestId('plugin-install-confirm').click();
  await dialog.getByText('must NOT have fewer than 4 characters').waitFor();
  await shot(page, '02-install-error');
  await dialog.getByTestId('plugin-config-apiToken').fill('secret-token');
  await dialog.getByTestId('plugin-install-confirm').click();
  await dialog.waitFor({ state: 'hidden' });

  await page.getByTestId('tab-installed').click();
  await page.getByTestId('installed-echo').getByTestId('plugin-status').getByText('Running').waitFor({ timeout: 20_000 });
  await page.getByTestId('installed-echo').getByText('Serving').waitFor({ timeout: 10_000 });
  await shot(page, '03-installed');
  await page.getByTestId('plugin-logs-open').click();
  await page.getByTestId('plugin-logs').getByText('echo plugin listening').waitFor();
  await shot(page, '04-logs');
  await page.keyboard.press('Escape');
  // axe measures contrast as rendered: a dialog still fading out would be reported.
  await page.getByRole('dialog').waitFor({ state: 'detached' });

  const violations = await seriousAxeViolations(page);
  t.deepEqual(violations, []);

  const narrow = await browser.newContext({ locale: 'de-DE', viewport: { width: 375, height: 800 } });
  const small = await narrow.newPage();
  await small.goto(`${app.url}/`);
  await small.getByLabel(/E-Mail|Email/).fill(admin.email);
  await small.locator('input[name=password]').fill(admin.password);
  await small.locator('button[type=submit]').click();
  await small.waitForTimeout(1000);
  await small.goto(`${app.url}/admin/plugins`);
  await small.getByTestId('installed-echo').waitFor();
  await shot(small, '05-narrow');
  t.deepEqual(errors, []);
});
