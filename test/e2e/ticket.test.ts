/**
 * The ticket page in a real browser (Debian chromium + playwright-core against the real app and the built UI):
 * rich-text replies with attachments, @mentions in notes, macros, custom-field validation, live changes,
 * accessibility (axe-core) and a 375 px phone viewport. Screenshots: test/artifacts/ticket-NN-*.png.
 * Steps that need issue-5 endpoints (macros, mentions) check the OpenAPI document first and are skipped with a
 * log line when the server does not have them yet.
 */
import { existsSync, mkdirSync } from 'node:fs';
import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createTeam, createWorker, startTestApp, type TestApp, type TestWorker } from '../helpers/app';
import { seriousAxeViolations } from '../helpers/axe';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname;
// An 8×8 red PNG: small, but a real image the server's type sniffing accepts.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGO4q6SEFTEMLQkAaixIQZTyQ1MAAAAASUVORK5CYII=', 'base64');

type Ctx = { app: TestApp; browser: Browser; agent: TestWorker; mentioned: TestWorker; admin: TestWorker; teamId: number; openapi: string };
const test = anyTest as TestFn<Ctx>;

test.before(async (t) => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  if (!existsSync(new URL('../../ui/dist/index.html', import.meta.url))) throw new Error('ui/dist is missing: npm run build:ui');
  mkdirSync(ARTIFACTS, { recursive: true });
  const app = await startTestApp();
  const teamId = await createTeam(app.db, 'Support');
  const agent = await createWorker(app.db, { role: 'agent', name: 'Alex Agent', teamIds: [teamId] });
  const mentioned = await createWorker(app.db, { role: 'agent', name: 'Morgan Mentioned', teamIds: [teamId] });
  const admin = await createWorker(app.db, { role: 'admin', name: 'Ada Admin', teamIds: [teamId] });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const openapi = JSON.stringify((await app.request('GET', '/api/v1/openapi.json')).body);
  t.context = { app, browser, agent, mentioned, admin, teamId, openapi };
});

test.after.always(async (t) => {
  // The browser first: its open event streams would otherwise keep the server from closing.
  await t.context.browser?.close();
  await t.context.app?.close();
});

const shot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}ticket-${name}.png`, fullPage: true });
const has = (t: ExecutionContext<Ctx>, operationId: string) => t.context.openapi.includes(`"operationId":"${operationId}"`);

async function newTicket(t: ExecutionContext<Ctx>, subject: string) {
  const { app, agent, teamId } = t.context;
  const res = await app.request('POST', '/api/v1/tickets', {
    token: agent.token,
    body: { subject, teamId, requester: { email: `pat-${Date.now()}@example.com`, name: 'Pat Customer' }, message: { bodyText: 'My printer smokes.' } },
  });
  t.is(res.status, 201, JSON.stringify(res.body));
  return res.body as { id: number; number: number };
}

/** A signed-in browser context (the session cookie the login form would set). */
async function signedIn(t: ExecutionContext<Ctx>, worker: TestWorker, viewport = { width: 1280, height: 900 }): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await t.context.browser.newContext({ locale: 'en-US', viewport });
  await context.addCookies([{ name: 'lantern_session', value: worker.token, url: t.context.app.url }]);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  return { context, page, errors };
}

async function entries(t: ExecutionContext<Ctx>, ticketId: number) {
  const res = await t.context.app.request('GET', `/api/v1/tickets/${ticketId}/entries?limit=200`, { token: t.context.agent.token });
  return res.body.data as Array<{ id: number; kind: string; bodyHtml: string; attachments: Array<{ filename: string }>; mentions?: number[] }>;
}

test.serial('sign in, reply in bold with an attachment, add a note with an @mention', async (t) => {
  const { app, agent, mentioned } = t.context;
  const ticket = await newTicket(t, 'Printer on fire');
  const context = await t.context.browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));

  // Sign in through the form, then open the ticket created via the API.
  await page.goto(`${app.url}/tickets/${ticket.id}`);
  await page.getByLabel('Email').fill(agent.email);
  await page.locator('input[name=password]').fill(agent.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('ticket-subject').getByText('Printer on fire').waitFor();
  await page.locator('[data-kind="customer_message"]').getByText('My printer smokes.').waitFor();
  // The requester is named, not numbered.
  await page.locator('[data-kind="customer_message"]').getByText('Pat Customer').waitFor();

  // Bold through the keyboard shortcut, then plain text; a file through the file input.
  const editor = page.getByTestId('composer-text');
  await editor.click();
  await page.keyboard.press('Control+b');
  await page.keyboard.type('Firefighters are coming');
  await page.keyboard.press('Control+b');
  await page.keyboard.type(' within the hour.');
  await page.getByTestId('composer-file-input').setInputFiles({ name: 'smoke.png', mimeType: 'image/png', buffer: PNG });
  await page.locator('[data-testid="pending-file"][data-state="done"]').waitFor();
  await shot(page, '01-composing');
  await page.getByTestId('composer-send').click();
  const reply = page.locator('[data-kind="public_reply"]');
  await reply.locator('strong', { hasText: 'Firefighters are coming' }).waitFor();
  await reply.getByTestId('attachment-link').getByText('smoke.png').waitFor();
  t.is(await reply.locator('img[alt="smoke.png"]').count(), 1, 'an image attachment shows as a thumbnail');

  const stored = (await entries(t, ticket.id)).find((e) => e.kind === 'public_reply');
  t.truthy(stored);
  t.regex(stored!.bodyHtml, /<strong>Firefighters are coming<\/strong>/);
  t.deepEqual(stored!.attachments.map((a) => a.filename), ['smoke.png']);
  await shot(page, '02-reply-sent');

  // An internal note mentioning a colleague, picked from the @ suggestions.
  await page.getByTestId('composer-kind').getByText('Internal note').click();
  await editor.click();
  await page.keyboard.type('Please check the warranty @Mor');
  await page.getByTestId('mention-suggestions').getByRole('option', { name: 'Morgan Mentioned' }).waitFor();
  await shot(page, '03-mention-suggestions');
  await page.getByTestId('mention-suggestions').getByRole('option', { name: 'Morgan Mentioned' }).click();
  await page.keyboard.type(' thanks');
  t.is(await editor.locator('span[data-type="mention"]').count(), 1, 'the mention is a node in the editor');
  await page.getByTestId('composer-send').click();
  if (!t.context.openapi.includes('"mentions"')) {
    t.log('SKIPPED mention notification check: the server does not accept `mentions` on entries yet (B1)');
    await page.getByTestId('composer-feedback').waitFor();
  } else {
    const note = page.locator('[data-kind="internal_note"]');
    await note.getByText('Please check the warranty').waitFor();
    t.is(await note.getByText('Internal note').count(), 1, 'the note carries its label');
    const storedNote = (await entries(t, ticket.id)).find((e) => e.kind === 'internal_note');
    if (storedNote?.bodyHtml.includes('data-type="mention"')) t.is(await note.locator('.lantern-mention').count(), 1, 'the mention is highlighted in the note');
    else t.log('NOT CHECKED mention highlighting: the server sanitizer still drops data-type/data-id on <span> (B1)');
    t.deepEqual(storedNote?.mentions, [mentioned.id]);
    const inbox = await app.request('GET', '/api/v1/notifications', { token: mentioned.token });
    const mention = (inbox.body.data as Array<{ kind: string; ticketId: number; payload: { entryId?: number } }>).find((n) => n.kind === 'mention');
    t.truthy(mention, JSON.stringify(inbox.body));
    t.is(mention?.ticketId, ticket.id);
    t.is(mention?.payload.entryId, storedNote?.id);
    await shot(page, '04-note-with-mention');
  }
  t.deepEqual(errors, []);
  await context.close();
});

test.serial('a macro changes fields and fills the composer; a bad custom field value is explained at the field', async (t) => {
  const { app, agent, admin } = t.context;
  const field = await app.request('POST', '/api/v1/custom-fields', { token: admin.token, body: { key: 'due_on', label: 'Due on', type: 'date' } });
  t.is(field.status, 201, JSON.stringify(field.body));
  const priorities = await app.request('GET', '/api/v1/priorities?limit=100', { token: agent.token });
  const urgent = priorities.body.data.find((p: { name: string }) => p.name === 'Urgent');
  const macrosReady = has(t, 'applyMacro') || t.context.openapi.includes('/macros/{macroId}/apply');
  if (macrosReady) {
    const macro = await app.request('POST', '/api/v1/macros', {
      token: admin.token,
      body: { name: 'Escalate', scope: 'shared', actions: { priorityId: urgent.id, addTags: ['escalated'] }, replyHtml: '<p>Hello {{customer.name}}, a specialist takes over now.</p>', replyKind: 'public_reply' },
    });
    t.is(macro.status, 201, JSON.stringify(macro.body));
  }
  const ticket = await newTicket(t, 'Macro and fields');
  const { context, page, errors } = await signedIn(t, agent);
  await page.goto(`${app.url}/tickets/${ticket.id}`);
  await page.getByTestId('ticket-subject').getByText('Macro and fields').waitFor();

  if (!macrosReady) {
    t.log('SKIPPED macro step: POST /tickets/:id/macros/:macroId/apply is not on the server yet (B1)');
  } else {
    await page.getByTestId('macro-menu').click();
    await page.getByRole('menuitem', { name: 'Escalate' }).click();
    await page.getByTestId('priority-select').and(page.locator('[value="Urgent"]')).waitFor();
    await page.getByTestId('composer-text').getByText('a specialist takes over now').waitFor();
    const after = await app.request('GET', `/api/v1/tickets/${ticket.id}`, { token: agent.token });
    t.is(after.body.priority.id, urgent.id);
    t.true(after.body.tags.includes('escalated'));
    t.is((await entries(t, ticket.id)).filter((e) => e.kind === 'public_reply').length, 0, 'the macro reply waits in the composer, unsent');
    await shot(page, '05-macro-applied');
  }

  // A date the server cannot read: its message shows under the field, nothing is stored.
  const due = page.getByTestId('cf-due_on');
  await due.fill('next friday');
  await due.press('Enter');
  const fieldError = page.locator('.mantine-TextInput-error', { hasText: /date/i });
  await fieldError.waitFor();
  await shot(page, '06-custom-field-error');
  t.is((await app.request('GET', `/api/v1/tickets/${ticket.id}`, { token: agent.token })).body.customFields?.due_on, undefined);
  await due.fill('2026-12-31');
  await due.press('Enter');
  await page.getByTestId('custom-fields-feedback').getByText('Saved.').waitFor();
  t.is(await fieldError.count(), 0);
  t.is((await app.request('GET', `/api/v1/tickets/${ticket.id}`, { token: agent.token })).body.customFields?.due_on, '2026-12-31');
  t.deepEqual(errors, []);
  await context.close();
});

test.serial('a change by another agent appears live; axe finds no serious issues; a 375 px phone works', async (t) => {
  const { app, agent, admin } = t.context;
  const ticket = await newTicket(t, 'Live, accessible and small');
  const { context, page, errors } = await signedIn(t, agent);
  await page.goto(`${app.url}/tickets/${ticket.id}`);
  await page.getByTestId('ticket-subject').getByText('Live, accessible and small').waitFor();
  await page.getByTestId('live-indicator').getByText('Live').waitFor();

  // Another agent sets a status and a tag through the API.
  const statuses = await app.request('GET', '/api/v1/statuses?limit=100', { token: agent.token });
  const pending = statuses.body.data.find((s: { category: string }) => s.category === 'pending');
  const current = await app.request('GET', `/api/v1/tickets/${ticket.id}`, { token: admin.token });
  const started = Date.now();
  const changed = await app.request('PATCH', `/api/v1/tickets/${ticket.id}`, {
    token: admin.token, body: { statusId: pending.id, tags: ['from-elsewhere'] }, headers: { 'If-Match': current.headers.get('etag')! },
  });
  t.is(changed.status, 200, JSON.stringify(changed.body));
  await page.getByTestId('status-select').and(page.locator(`[value="${pending.name}"]`)).waitFor({ timeout: 3000 });
  await page.getByTestId('fields-panel').getByText('from-elsewhere').waitFor({ timeout: 3000 });
  t.log(`another agent's change visible ${Date.now() - started} ms after the API call`);
  await shot(page, '07-live-change');

  // Accessibility: no serious or critical axe violations on the whole ticket page, app header included.
  t.deepEqual(await seriousAxeViolations(page), []);
  t.deepEqual(errors, []);
  await context.close();

  // A phone: the page fits 375 px (no sideways scrolling of the content) and a reply can be written and sent.
  const phone = await signedIn(t, agent, { width: 375, height: 812 });
  await phone.page.goto(`${app.url}/tickets/${ticket.id}?reply=1`);
  await phone.page.getByTestId('ticket-subject').getByText('Live, accessible and small').waitFor();
  const widths = await phone.page.evaluate(() => {
    const main = document.querySelector('main');
    return { main: main?.scrollWidth ?? 0, viewport: document.documentElement.clientWidth, focused: document.activeElement?.getAttribute('data-testid') ?? null };
  });
  t.true(widths.main <= widths.viewport, `content ${widths.main} px wide in a ${widths.viewport} px viewport`);
  const shell = await phone.page.evaluate(() => { const h = document.querySelector('header'); return h ? { content: h.scrollHeight, slot: h.clientHeight } : null; });
  if (shell && shell.content > shell.slot) t.log(`NOTE the app header (App.tsx) needs ${shell.content} px in its ${shell.slot} px slot at 375 px and covers the top of the page`);
  t.is(widths.focused, 'composer-text', '?reply=1 focuses the composer');
  await phone.page.keyboard.type('Sent from a phone.');
  await phone.page.getByTestId('composer-send').click();
  await phone.page.locator('[data-kind="public_reply"]').getByText('Sent from a phone.').waitFor();
  await shot(phone.page, '08-phone');
  const box = await phone.page.getByTestId('side-panel').boundingBox();
  const conversation = await phone.page.getByTestId('conversation').boundingBox();
  t.true(box !== null && conversation !== null && box.y > conversation.y, 'the side panel stacks below the conversation');
  t.deepEqual(phone.errors, []);
  await phone.context.close();
});

test.serial('presence shows who is viewing and replying; a reply that crossed another one is held back until "Send anyway"', async (t) => {
  const { app, agent, mentioned, admin } = t.context;
  if (!has(t, 'getTicketPresence') || !t.context.openapi.includes('lastSeenEntryId')) {
    t.log('SKIPPED presence and collision: the server has no presence endpoints or lastSeenEntryId yet (B1)');
    t.pass();
    return;
  }
  const template = await app.request('POST', '/api/v1/response-templates', { token: admin.token, body: { name: 'Thanks', bodyHtml: '<p>Thanks {{customer.first_name}}, we are on it.</p>' } });
  t.is(template.status, 201, JSON.stringify(template.body));
  const ticket = await newTicket(t, 'Two agents at once');

  // Morgan watches with live updates on.
  const watcher = await signedIn(t, mentioned);
  await watcher.page.goto(`${app.url}/tickets/${ticket.id}`);
  await watcher.page.getByTestId('ticket-subject').getByText('Two agents at once').waitFor();

  // Alex writes without live updates, so the conversation on Alex's screen stays as it was when opened.
  const writer = await signedIn(t, agent);
  await writer.context.route('**/api/v1/events', (route) => route.abort());
  await writer.page.goto(`${app.url}/tickets/${ticket.id}`);
  await writer.page.getByTestId('ticket-subject').getByText('Two agents at once').waitFor();
  await watcher.page.getByTestId('presence').getByText('Alex Agent is viewing').waitFor({ timeout: 5000 });

  // A response template, rendered for this ticket, goes into the editor; Alex is now replying.
  await writer.page.getByTestId('template-picker').click();
  await writer.page.getByRole('menuitem', { name: 'Thanks' }).click();
  await writer.page.getByTestId('composer-text').getByText('Thanks Pat, we are on it.').waitFor();
  await watcher.page.getByTestId('presence').getByText('Alex Agent is replying').waitFor({ timeout: 5000 });
  await shot(watcher.page, '09-presence-replying');

  // Morgan answers first (through the API); Alex's send is stopped and shows what came in.
  const crossing = await app.request('POST', `/api/v1/tickets/${ticket.id}/entries`, { token: mentioned.token, body: { kind: 'public_reply', bodyText: 'Morgan here, handling it.' } });
  t.is(crossing.status, 201, JSON.stringify(crossing.body));
  await writer.page.getByTestId('composer-send').click();
  const warning = writer.page.getByTestId('reply-collision');
  await warning.getByText('Morgan Mentioned').waitFor();
  t.is((await entries(t, ticket.id)).filter((e) => e.kind === 'public_reply').length, 1, 'nothing was written on the collision');
  await writer.page.locator('[data-kind="public_reply"]').getByText('Morgan here, handling it.').waitFor();
  await shot(writer.page, '10-reply-collision');
  await warning.getByRole('button', { name: 'Send anyway' }).click();
  await writer.page.locator('[data-kind="public_reply"]').getByText('Thanks Pat, we are on it.').waitFor();
  const replies = (await entries(t, ticket.id)).filter((e) => e.kind === 'public_reply');
  t.is(replies.length, 2);
  t.regex(replies[1]!.bodyHtml, /Thanks Pat, we are on it\./);

  // Alex goes back to the queue: Morgan's page stops showing them.
  await writer.page.getByText('Back to the queue').click();
  await watcher.page.getByTestId('presence').waitFor({ state: 'detached', timeout: 5000 });
  await writer.context.close();
  t.deepEqual([...writer.errors, ...watcher.errors], []);
  await watcher.context.close();
});

test.serial('link, split and merge tickets from the side panel', async (t) => {
  const { app, agent } = t.context;
  if (!has(t, 'createTicketLink') || !has(t, 'mergeTicket') || !has(t, 'splitTicket')) {
    t.log('SKIPPED links, merge and split: the server has no such endpoints yet (B2)');
    t.pass();
    return;
  }
  const main = await newTicket(t, 'Main problem');
  const other = await newTicket(t, 'Other problem');
  const { context, page, errors } = await signedIn(t, agent);
  await page.goto(`${app.url}/tickets/${main.id}`);
  await page.getByTestId('ticket-subject').getByText('Main problem').waitFor();

  // Link: find the other ticket by its number.
  await page.getByRole('button', { name: 'Linked tickets' }).click();
  await page.getByTestId('link-search').click();
  await page.getByTestId('link-search').pressSequentially(`#${other.number}`);
  await page.getByRole('option', { name: `#${other.number} Other problem` }).click();
  await page.getByRole('button', { name: 'Add link' }).click();
  await page.getByTestId('link-row').getByText('Other problem').waitFor();
  const links = await app.request('GET', `/api/v1/tickets/${other.id}/links`, { token: agent.token });
  t.deepEqual(links.body.data.map((l: { kind: string; ticket: { id: number } }) => [l.kind, l.ticket.id]), [['related', main.id]]);
  await shot(page, '11-linked');

  // Split: tick the customer's message, move it to a new ticket, land there.
  await page.getByRole('button', { name: 'Merge and split' }).click();
  await page.getByTestId('split-start').click();
  await page.locator('[data-kind="customer_message"]').getByTestId('entry-select').check();
  await page.getByLabel('Subject of the new ticket').fill('Split-off problem');
  await page.getByRole('button', { name: 'Split (1)' }).click();
  await page.getByTestId('ticket-subject').getByText('Split-off problem').waitFor();
  await page.locator('[data-kind="customer_message"]').getByText('My printer smokes.').waitFor();
  const splitId = Number(new URL(page.url()).pathname.split('/').pop());
  t.not(splitId, main.id);

  // Merge the other ticket into the main one.
  await page.goto(`${app.url}/tickets/${other.id}`);
  await page.getByTestId('ticket-subject').getByText('Other problem').waitFor();
  await page.getByRole('button', { name: 'Merge and split' }).click();
  await page.getByTestId('merge-search').click();
  await page.getByTestId('merge-search').pressSequentially(`#${main.number}`);
  await page.getByRole('option', { name: `#${main.number} Main problem` }).click();
  await page.getByRole('button', { name: 'Merge…' }).click();
  await page.getByTestId('merge-confirm').click();
  await page.getByTestId('ticket-subject').getByText('Main problem').waitFor();
  const merged = await app.request('GET', `/api/v1/tickets/${other.id}`, { token: agent.token });
  t.true(['solved', 'closed'].includes(merged.body.status.category), JSON.stringify(merged.body.status));
  await shot(page, '12-merged');
  t.deepEqual(errors, []);
  await context.close();
});

test.serial('an image pasted into the editor is uploaded and shown inline; a file dropped on the composer is attached', async (t) => {
  const { app, agent } = t.context;
  const ticket = await newTicket(t, 'Paste and drop');
  const { context, page, errors } = await signedIn(t, agent);
  await page.goto(`${app.url}/tickets/${ticket.id}?reply=1`);
  await page.getByTestId('ticket-subject').getByText('Paste and drop').waitFor();
  await page.keyboard.type('See the screenshot: ');
  const png = PNG.toString('base64');
  // What the browser does on Ctrl+V with an image on the clipboard, and on dropping a file from the desktop.
  await page.getByTestId('composer-text').evaluate((el, b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const data = new DataTransfer();
    data.items.add(new File([bytes], 'pasted.png', { type: 'image/png' }));
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, png);
  const inline = page.getByTestId('composer-text').locator('img[src^="/api/v1/attachments/"]');
  await inline.waitFor();
  await page.getByTestId('composer').evaluate((el) => {
    const data = new DataTransfer();
    data.items.add(new File(['order 4711, 2 printers'], 'order.txt', { type: 'text/plain' }));
    el.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  });
  await page.locator('[data-testid="pending-file"][data-state="done"]').getByText('order.txt').waitFor();
  await shot(page, '13-paste-and-drop');
  await page.getByTestId('composer-send').click();
  const reply = page.locator('[data-kind="public_reply"]');
  await reply.locator('img[src^="/api/v1/attachments/"]').waitFor();
  await reply.getByTestId('attachment-link').getByText('order.txt').waitFor();
  const stored = (await entries(t, ticket.id)).find((e) => e.kind === 'public_reply')!;
  t.regex(stored.bodyHtml, /<img src="\/api\/v1\/attachments\/\d+\/content"/);
  t.deepEqual(stored.attachments.map((a) => a.filename).sort(), ['order.txt', 'pasted.png']);
  t.deepEqual(errors, []);
  await context.close();
});
