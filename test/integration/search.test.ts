import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import { Logger, run, type Runner } from 'graphile-worker';
import pino from 'pino';
import { createTaskList } from '../../activities/tasks';
import { startEmbeddedMeili, type EmbeddedMeili } from '../../services/search/meili-embedded';
import { createMeiliSearchEngine } from '../../services/search/meili-search-engine';
import { TICKET_INDEX, TICKET_INDEX_SETTINGS } from '../../services/search/ticket-index.settings';
import { reindexTickets } from '../../services/search/ticket-reindex';
import { createCustomer, createTeam, createWorker, startTestApp, type TestApp, type TestCustomer, type TestWorker } from '../helpers/app';

type Ctx = {
  app: TestApp; runner: Runner; restarted: EmbeddedMeili[];
  admin: TestWorker; agentA: TestWorker; agentB: TestWorker; customer: TestCustomer; otherCustomer: TestCustomer;
  teamA: number; teamB: number;
};
const test = anyTest as TestFn<Ctx>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test.before(async (t) => {
  const app = await startTestApp({}, { search: true });
  const runner = await run({
    connectionString: app.dbUrl,
    taskList: createTaskList({ db: app.db, config: app.config, logger: pino({ level: 'silent' }), search: app.search!.engine }),
    concurrency: 2, noHandleSignals: true, crontab: '', pollInterval: 100, logger: new Logger(() => () => {}),
  });
  const teamA = await createTeam(app.db);
  const teamB = await createTeam(app.db);
  t.context = {
    app, runner, teamA, teamB, restarted: [],
    admin: await createWorker(app.db, { role: 'admin' }),
    agentA: await createWorker(app.db, { role: 'agent', teamIds: [teamA] }),
    agentB: await createWorker(app.db, { role: 'agent', teamIds: [teamB] }),
    customer: await createCustomer(app.db),
    otherCustomer: await createCustomer(app.db),
  };
});

test.after.always(async (t) => {
  await t.context.runner?.stop();
  for (const m of t.context.restarted ?? []) await m.stop();
  await t.context.app?.close();
});

async function eventually<T>(t: ExecutionContext<Ctx>, what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) {
      t.fail(`timed out waiting for ${what}`);
      throw new Error(what);
    }
    await sleep(100);
  }
}

async function ticket(t: ExecutionContext<Ctx>, body: { subject: string; requesterId: number; teamId?: number; tags?: string[]; message?: string }) {
  const res = await t.context.app.request('POST', '/api/v1/tickets', {
    token: t.context.admin.token,
    body: { subject: body.subject, requesterId: body.requesterId, teamId: body.teamId, tags: body.tags, ...(body.message && { message: { bodyHtml: `<p>${body.message}</p>` } }) },
  });
  t.is(res.status, 201, JSON.stringify(res.body));
  return res.body as { id: number; number: number; version: number };
}

const search = (t: ExecutionContext<Ctx>, token: string, query: string) =>
  t.context.app.request('GET', `/api/v1/search/tickets?${query}`, { token });

/** Wait until the admin (sees everything) finds the ticket for `q`: its last change reached the index. */
async function indexed(t: ExecutionContext<Ctx>, q: string, ticketId: number) {
  return eventually(t, `ticket ${ticketId} searchable by "${q}"`, async () => {
    const res = await search(t, t.context.admin.token, `q=${encodeURIComponent(q)}`);
    return res.status === 200 && res.body.data.some((h: { id: number }) => h.id === ticketId) ? res : undefined;
  });
}

test.serial('a typo still finds the ticket, with the match highlighted and HTML escaped', async (t) => {
  const { customer, teamA, agentA } = t.context;
  const created = await ticket(t, { subject: 'Office printer <b>jammed</b> again', requesterId: customer.id, teamId: teamA, tags: ['hardware'], message: 'The paper tray is stuck' });
  await indexed(t, 'printer', created.id);
  const res = await search(t, agentA.token, 'q=pritner');
  t.is(res.status, 200);
  const hit = res.body.data.find((h: { id: number }) => h.id === created.id);
  t.truthy(hit, 'pritner finds printer');
  t.is(hit.highlight.subject, 'Office <mark>printer</mark> &lt;b&gt;jammed&lt;/b&gt; again');
  t.is(hit.number, created.number);
  t.deepEqual(hit.tags, ['hardware']);
  const body = await search(t, agentA.token, 'q=tray');
  const bodyHit = body.body.data.find((h: { id: number }) => h.id === created.id);
  t.truthy(bodyHit, 'conversation text is searchable');
  t.regex(bodyHit.highlight.publicText, /<mark>tray<\/mark>/);
});

test.serial('facets count status, priority, team and tags within the filters', async (t) => {
  const { customer, teamA, teamB, admin } = t.context;
  const a = await ticket(t, { subject: 'Zeppelin refund one', requesterId: customer.id, teamId: teamA, tags: ['billing', 'vip'] });
  const b = await ticket(t, { subject: 'Zeppelin refund two', requesterId: customer.id, teamId: teamB, tags: ['billing'] });
  await indexed(t, 'zeppelin one', a.id);
  await indexed(t, 'zeppelin two', b.id);
  const res = await search(t, admin.token, 'q=zeppelin');
  t.is(res.body.data.length, 2);
  t.deepEqual(res.body.facets.tag, { billing: 2, vip: 1 });
  t.deepEqual(res.body.facets.team, { [teamA]: 1, [teamB]: 1 });
  t.is(Object.values(res.body.facets.status as Record<string, number>).reduce((x, y) => x + y, 0), 2);
  t.is(Object.values(res.body.facets.priority as Record<string, number>).reduce((x, y) => x + y, 0), 2);
  const vip = await search(t, admin.token, 'q=zeppelin&tag=VIP');
  t.deepEqual(vip.body.data.map((h: { id: number }) => h.id), [a.id]);
  const teamOnly = await search(t, admin.token, `q=zeppelin&team=${teamB}`);
  t.deepEqual(teamOnly.body.data.map((h: { id: number }) => h.id), [b.id]);
  // Synonyms: "reimbursement" is a refund.
  const synonym = await search(t, admin.token, 'q=zeppelin%20reimbursement');
  t.is(synonym.body.data.length, 2);
  // Paging: one per page, the cursor leads to the other.
  const first = await search(t, admin.token, 'q=zeppelin&limit=1&sort=createdAt');
  t.deepEqual(first.body.data.map((h: { id: number }) => h.id), [a.id]);
  const second = await search(t, admin.token, `q=zeppelin&limit=1&sort=createdAt&cursor=${first.body.nextCursor}`);
  t.deepEqual(second.body.data.map((h: { id: number }) => h.id), [b.id]);
  t.is(second.body.nextCursor, null);
});

test.serial('agents only find their teams\' tickets; customers only their own and never internal notes', async (t) => {
  const { app, customer, otherCustomer, teamA, teamB, agentA, agentB, admin } = t.context;
  const mine = await ticket(t, { subject: 'Quokka login trouble', requesterId: customer.id, teamId: teamA });
  const theirs = await ticket(t, { subject: 'Quokka login issue elsewhere', requesterId: otherCustomer.id, teamId: teamB });
  const note = await app.request('POST', `/api/v1/tickets/${mine.id}/entries`, { token: agentA.token, body: { kind: 'internal_note', bodyText: 'wombatsecret: account flagged for fraud review' } });
  t.is(note.status, 201, JSON.stringify(note.body));
  await indexed(t, 'quokka trouble', mine.id);
  await indexed(t, 'quokka elsewhere', theirs.id);
  await indexed(t, 'wombatsecret', mine.id);

  const ids = (res: { body: { data: { id: number }[] } }) => res.body.data.map((h) => h.id).sort();
  t.deepEqual(ids(await search(t, agentA.token, 'q=quokka')), [mine.id]);
  t.deepEqual(ids(await search(t, agentB.token, 'q=quokka')), [theirs.id]);
  t.deepEqual(ids(await search(t, admin.token, 'q=quokka')), [mine.id, theirs.id].sort());
  // Facets are scoped too: agent A's team facet never reveals team B.
  t.deepEqual((await search(t, agentA.token, 'q=quokka')).body.facets.team, { [teamA]: 1 });
  // Filtering on another team does not widen the scope.
  t.deepEqual(ids(await search(t, agentA.token, `q=quokka&team=${teamB}`)), []);

  const asCustomer = await search(t, customer.token, 'q=quokka');
  t.deepEqual(ids(asCustomer), [mine.id]);
  t.deepEqual(ids(await search(t, otherCustomer.token, 'q=quokka')), [theirs.id]);

  // Internal notes: agents find and see the snippet; the customer neither finds the ticket by it nor sees it.
  const agentNote = await search(t, agentA.token, 'q=wombatsecret');
  t.deepEqual(ids(agentNote), [mine.id]);
  t.regex(agentNote.body.data[0].highlight.internalText, /<mark>wombatsecret<\/mark>/);
  t.deepEqual(ids(await search(t, customer.token, 'q=wombatsecret')), []);
  t.deepEqual(ids(await search(t, customer.token, 'q=fraud')), []);
  const raw = JSON.stringify(asCustomer.body);
  t.false(raw.includes('wombatsecret'));
  t.false(raw.includes('fraud'));
  t.false('internalText' in asCustomer.body.data[0].highlight);
});

test.serial('index settings are applied at start and re-applying them is a no-op', async (t) => {
  const { embedded } = t.context.app.search!;
  const engine = createMeiliSearchEngine({ host: embedded!.host, apiKey: embedded!.apiKey });
  const settings = await engine.client.index(TICKET_INDEX).getSettings();
  t.deepEqual(settings.searchableAttributes, TICKET_INDEX_SETTINGS.searchableAttributes);
  t.deepEqual(settings.synonyms?.refund, TICKET_INDEX_SETTINGS.synonyms.refund);
  const before = (await engine.client.tasks.getTasks({ types: ['settingsUpdate'], indexUids: [TICKET_INDEX] })).total;
  await engine.ensureIndex(TICKET_INDEX, TICKET_INDEX_SETTINGS);
  const after = (await engine.client.tasks.getTasks({ types: ['settingsUpdate'], indexUids: [TICKET_INDEX] })).total;
  t.is(after, before, 'unchanged settings enqueue no task');
  t.true(before >= 1);
  // Without the master key the embedded server refuses everything.
  const anonymous = await fetch(`${embedded!.host}/indexes`);
  t.is(anonymous.status, 401);
});

test.serial('bad input is a 422 problem document', async (t) => {
  const { admin } = t.context;
  for (const query of ['q=x&bogus=1', 'status=abc', 'limit=0', 'limit=9999', 'tag=%20bad%20tag%20', 'cursor=nope', 'sort=priority', `q=${'x'.repeat(201)}`]) {
    const res = await search(t, admin.token, query);
    t.is(res.status, 422, `${query}: ${JSON.stringify(res.body)}`);
    t.is(res.headers.get('content-type'), 'application/problem+json');
  }
});

test.serial('changes made while Meilisearch is down reach the index once it is back; searches meanwhile get 503', async (t) => {
  t.timeout(120_000);
  const { app, customer, teamA, admin } = t.context;
  const created = await ticket(t, { subject: 'Narwhal shipment delayed', requesterId: customer.id, teamId: teamA });
  await indexed(t, 'narwhal', created.id);
  const embedded = app.search!.embedded!;
  await embedded.stop();

  const down = await search(t, admin.token, 'q=narwhal');
  t.is(down.status, 503);
  t.is(down.headers.get('content-type'), 'application/problem+json');
  t.regex(down.body.detail, /search is temporarily unavailable/i);

  const patched = await app.request('PATCH', `/api/v1/tickets/${created.id}`, { token: admin.token, body: { subject: 'Narwhal shipment lost at sea', tags: ['logistics'], version: created.version } });
  t.is(patched.status, 200, JSON.stringify(patched.body));
  const reply = await app.request('POST', `/api/v1/tickets/${created.id}/entries`, { token: admin.token, body: { kind: 'public_reply', bodyText: 'We filed a claim with the carrier ostrichexpress' } });
  t.is(reply.status, 201);
  const other = await ticket(t, { subject: 'Platypus created during the outage', requesterId: customer.id, teamId: teamA });

  // The indexing jobs ran, failed and wait for a retry: nothing is lost.
  await eventually(t, 'a failed search_index attempt', async () => {
    const row = await app.db('graphile_worker.jobs').where('task_identifier', 'search_index').where('attempts', '>', 0).whereNotNull('last_error').first();
    return row;
  });

  const back = await startEmbeddedMeili({ dataDir: app.dataDir, logger: pino({ level: 'silent' }), port: embedded.port });
  t.context.restarted.push(back);
  await indexed(t, 'ostrichexpress', created.id).then(() => undefined);
  const res = await indexed(t, 'lost at sea', created.id);
  const hit = res.body.data.find((h: { id: number }) => h.id === created.id);
  t.deepEqual(hit.tags, ['logistics']);
  await indexed(t, 'platypus', other.id);
});

test.serial('a full reindex rebuilds the index from the database and swaps it in', async (t) => {
  const { app, customer, teamA, admin } = t.context;
  const created = await ticket(t, { subject: 'Axolotl aquarium heater', requesterId: customer.id, teamId: teamA });
  await indexed(t, 'axolotl', created.id);
  const engine = app.search!.engine;
  // Lose a document behind the platform's back; only a reindex brings it back.
  await engine.remove(TICKET_INDEX, [created.id]);
  t.deepEqual((await search(t, admin.token, 'q=axolotl')).body.data, []);
  const progress: number[] = [];
  const result = await reindexTickets({ db: app.db, engine, batchSize: 2, onProgress: (p) => progress.push(p.done) });
  const total = Number((await app.db('tickets').count<{ n: string }[]>('* as n').first())!.n);
  t.is(result.indexed, total);
  t.is(await engine.documentCount(TICKET_INDEX), total);
  t.is(progress.at(-1), total);
  t.true(progress.length > 2, 'progress reported per batch');
  t.deepEqual((await search(t, admin.token, 'q=axolotl')).body.data.map((h: { id: number }) => h.id), [created.id]);
  // Deleting a ticket removes its document through the outbox.
  const del = await app.request('DELETE', `/api/v1/tickets/${created.id}`, { token: admin.token });
  t.is(del.status, 204);
  await eventually(t, 'the deleted ticket to leave the index', async () => (await search(t, admin.token, 'q=axolotl')).body.data.length === 0);
});
