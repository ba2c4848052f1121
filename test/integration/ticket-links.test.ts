/**
 * Ticket relations over HTTP: links with their inverse, merge (entries copied in order with attachments, source
 * closed and linked, refused twice), split, and visibility (a hidden ticket is indistinguishable from a missing one).
 */
import anyTest, { type TestFn } from 'ava';
import { recomputeTicketMetrics } from '../../services/metrics/ticket-metrics.service';
import { count } from '../helpers/db';
import { createCustomer, createTeam, createWorker, startTestApp, type TestApp, type TestCustomer, type TestWorker } from '../helpers/app';

type Ctx = { app: TestApp; admin: TestWorker; agent: TestWorker; otherAgent: TestWorker; customer: TestCustomer; customer2: TestCustomer; teamA: number; teamB: number };
const test = anyTest as TestFn<Ctx>;

test.before(async (t) => {
  const app = await startTestApp();
  const teamA = await createTeam(app.db, 'Links A');
  const teamB = await createTeam(app.db, 'Links B');
  t.context = {
    app, teamA, teamB,
    admin: await createWorker(app.db, { role: 'admin' }),
    agent: await createWorker(app.db, { role: 'agent', teamIds: [teamA] }),
    otherAgent: await createWorker(app.db, { role: 'agent', teamIds: [teamB] }),
    customer: await createCustomer(app.db),
    customer2: await createCustomer(app.db),
  };
});
test.after.always(async (t) => t.context.app?.close());

type Ticket = { id: number; number: number; status: { category: string }; requesterId: number; teamId: number | null; priority: { id: number } };

async function ticket(t: { context: Ctx }, opts: { token?: string; teamId?: number; requesterId?: number; subject?: string } = {}): Promise<Ticket> {
  const { app, agent, customer, teamA } = t.context;
  const res = await app.request('POST', '/api/v1/tickets', {
    token: opts.token ?? agent.token,
    body: { subject: opts.subject ?? 'Links test', requesterId: opts.requesterId ?? customer.id, teamId: opts.teamId ?? teamA, message: { bodyText: `${opts.subject ?? 'Links test'}: first message` } },
  });
  if (res.status !== 201) throw new Error(`ticket: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function entry(t: { context: Ctx }, ticketId: number, body: Record<string, unknown>, token = t.context.agent.token): Promise<{ id: number }> {
  const res = await t.context.app.request('POST', `/api/v1/tickets/${ticketId}/entries`, { token, body });
  if (res.status !== 201) throw new Error(`entry: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function upload(app: TestApp, token: string, text: string): Promise<number> {
  const form = new FormData();
  form.append('file', new Blob([text], { type: 'text/plain' }), 'log.txt');
  const res = await fetch(`${app.url}/api/v1/attachments`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  if (res.status !== 201) throw new Error(`upload: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: number }).id;
}

const entries = async (app: TestApp, token: string, id: number) => (await app.request('GET', `/api/v1/tickets/${id}/entries?limit=200`, { token })).body.data;
const links = async (app: TestApp, token: string, id: number) => (await app.request('GET', `/api/v1/tickets/${id}/links`, { token })).body.data;

test('merge copies the conversation in order with attachments, closes and links the source, and happens once', async (t) => {
  const { app, agent, customer2 } = t.context;
  const source = await ticket(t, { subject: 'Source', requesterId: customer2.id });
  const reply = await entry(t, source.id, { kind: 'public_reply', bodyText: 'Here is the log', attachmentIds: [await upload(app, agent.token, 'log line 1\n')] });
  await entry(t, source.id, { kind: 'internal_note', bodyHtml: '<p>note <b>bold</b></p>' });
  await entry(t, source.id, { bodyText: 'Thanks!' }, customer2.token);
  const target = await ticket(t, { subject: 'Target' });
  const originals = await entries(app, agent.token, source.id);
  const targetBefore = await entries(app, agent.token, target.id);

  const res = await app.request('POST', `/api/v1/tickets/${source.id}/merge`, { token: agent.token, body: { targetTicketId: target.id } });
  t.is(res.status, 200, JSON.stringify(res.body));
  t.is(res.body.target.id, target.id);
  t.true('sla' in res.body.target, 'the target is a full ticket view');

  const after = await entries(app, agent.token, target.id);
  t.deepEqual(after.slice(0, targetBefore.length), targetBefore, 'the target keeps its own conversation first');
  const copies = after.slice(targetBefore.length, -1);
  t.deepEqual(copies.map((e: { kind: string }) => e.kind), ['customer_message', 'public_reply', 'internal_note', 'customer_message']);
  t.deepEqual(copies.map((e: { bodyHtml: string }) => e.bodyHtml), originals.map((e: { bodyHtml: string }) => e.bodyHtml));
  t.deepEqual(copies.map((e: { author: unknown }) => e.author), originals.map((e: { author: unknown }) => e.author));
  t.deepEqual(copies.map((e: { createdAt: string }) => e.createdAt), originals.map((e: { createdAt: string }) => e.createdAt), 'original times kept');
  t.deepEqual(copies.map((e: { copiedFrom: { entryId: number } }) => e.copiedFrom.entryId), originals.map((e: { id: number }) => e.id));
  t.deepEqual(copies[0].copiedFrom, { reason: 'merge', ticketId: source.id, ticketNumber: source.number, entryId: originals[0].id });
  t.true(copies.every((e: { ticketId: number }) => e.ticketId === target.id));
  const last = after.at(-1);
  t.is(last.kind, 'system_event');
  t.true(last.bodyText.includes(`#${source.number}`));

  // The copied reply carries its attachment, readable through the target ticket with the same bytes.
  const copiedReply = copies.find((e: { copiedFrom: { entryId: number } }) => e.copiedFrom.entryId === reply.id);
  const original = originals.find((e: { id: number }) => e.id === reply.id);
  t.is(copiedReply.attachments.length, 1);
  t.not(copiedReply.attachments[0].id, original.attachments[0].id);
  t.is(copiedReply.attachments[0].filename, 'log.txt');
  const content = await app.request('GET', `/api/v1/attachments/${copiedReply.attachments[0].id}/content`, { token: agent.token });
  t.is(content.status, 200);
  t.is(content.body, 'log line 1\n');
  t.deepEqual(await entries(app, agent.token, source.id).then((es) => es.slice(0, -1)), originals, 'the source keeps its entries');

  const sourceNow = (await app.request('GET', `/api/v1/tickets/${source.id}`, { token: agent.token })).body;
  t.is(sourceNow.status.category, 'closed');
  t.true((await entries(app, agent.token, source.id)).at(-1).bodyText.includes(`Merged into ticket #${target.number}`));
  t.like((await links(app, agent.token, source.id))[0], { kind: 'merged_into', ticket: { id: target.id, number: target.number } });
  t.like((await links(app, agent.token, target.id))[0], { kind: 'merged_from', ticket: { id: source.id, number: source.number } });
  // The copied reply answered the source's customer, not the target's: the target still has no first response.
  const targetMetrics = await recomputeTicketMetrics(app.db, target.id, null);
  t.is(targetMetrics!.metrics.firstResponseMs, null);
  t.not((await recomputeTicketMetrics(app.db, source.id, null))!.metrics.firstResponseMs, null, 'the source keeps its own');
  t.is(await count(app.db('ticket_customer_participants').where({ ticket_id: target.id, customer_id: customer2.id })), 1, 'the source requester takes part in the target');
  t.is(await count(app.db('audit_log').where({ action: 'ticket.merge' }).whereIn('entity_id', [String(source.id), String(target.id)])), 2);
  t.is(await count(app.db('outbox').where({ event_type: 'ticket.merged' }).whereIn('entity_id', [String(source.id), String(target.id)])), 2);

  const twice = await app.request('POST', `/api/v1/tickets/${source.id}/merge`, { token: agent.token, body: { targetTicketId: target.id } });
  t.is(twice.status, 409);
  t.regex(twice.body.detail, /already merged/);
  const back = await app.request('POST', `/api/v1/tickets/${target.id}/merge`, { token: agent.token, body: { targetTicketId: source.id } });
  t.is(back.status, 409, 'into a closed/merged ticket');
  const self = await app.request('POST', `/api/v1/tickets/${target.id}/merge`, { token: agent.token, body: { targetTicketId: target.id } });
  t.is(self.status, 409);
  t.is((await entries(app, agent.token, target.id)).length, after.length, 'refused merges wrote nothing');
  const deleteMergeLink = await app.request('DELETE', `/api/v1/tickets/${source.id}/links/${(await links(app, agent.token, source.id))[0].id}`, { token: agent.token });
  t.is(deleteMergeLink.status, 409, 'merge links are history');

  // A copy of the copy (split off the target) shares the same file; deleting the source takes its own attachment
  // rows, and both copies stay readable.
  const split = await app.request('POST', `/api/v1/tickets/${target.id}/split`, { token: agent.token, body: { entryIds: [copiedReply.id] } });
  t.is(split.status, 201, JSON.stringify(split.body));
  const second = (await entries(app, agent.token, split.body.ticket.id))[0];
  t.deepEqual(second.copiedFrom, { reason: 'split', ticketId: target.id, ticketNumber: target.number, entryId: copiedReply.id });
  t.is((await app.request('GET', `/api/v1/attachments/${second.attachments[0].id}/content`, { token: agent.token })).body, 'log line 1\n');
  t.is((await app.request('DELETE', `/api/v1/tickets/${source.id}`, { token: t.context.admin.token })).status, 204);
  const kept = await app.request('GET', `/api/v1/attachments/${copiedReply.attachments[0].id}/content`, { token: agent.token });
  t.is(kept.body, 'log line 1\n');
});

test('a customer cannot merge, and a ticket the caller cannot see is refused like a missing one', async (t) => {
  const { app, agent, customer, teamB } = t.context;
  const a = await ticket(t);
  const b = await ticket(t);
  const byCustomer = await app.request('POST', `/api/v1/tickets/${a.id}/merge`, { token: customer.token, body: { targetTicketId: b.id } });
  t.is(byCustomer.status, 403);
  t.is(await count(app.db('ticket_links').where({ ticket_id: a.id })), 0);

  const hidden = await ticket(t, { token: t.context.admin.token, teamId: teamB });
  const intoHidden = await app.request('POST', `/api/v1/tickets/${a.id}/merge`, { token: agent.token, body: { targetTicketId: hidden.id } });
  const intoMissing = await app.request('POST', `/api/v1/tickets/${a.id}/merge`, { token: agent.token, body: { targetTicketId: 99_999_999 } });
  t.is(intoHidden.status, 422);
  t.is(intoMissing.status, 422);
  t.is(intoHidden.body.detail.replace(String(hidden.id), 'N'), intoMissing.body.detail.replace('99999999', 'N'), 'same answer for hidden and missing');
  const hiddenAsSource = await app.request('POST', `/api/v1/tickets/${hidden.id}/merge`, { token: agent.token, body: { targetTicketId: a.id } });
  t.is(hiddenAsSource.status, 404);
  t.is((await app.request('GET', `/api/v1/tickets/${a.id}`, { token: agent.token })).body.status.category, 'new', 'nothing closed');
});

test('split copies the chosen entries into a new ticket of the same requester, team and priority, linked related', async (t) => {
  const { app, agent, customer } = t.context;
  const source = await ticket(t, { subject: 'Two problems' });
  const second = await entry(t, source.id, { bodyText: 'Also my printer is broken' }, customer.token);
  const third = await entry(t, source.id, { kind: 'public_reply', bodyText: 'Looking at the printer' });
  const other = await ticket(t);
  const before = await count(app.db('tickets').where({ subject: 'Two problems' }));

  const foreign = (await entries(app, agent.token, other.id))[0].id;
  const bad = await app.request('POST', `/api/v1/tickets/${source.id}/split`, { token: agent.token, body: { entryIds: [second.id, foreign] } });
  t.is(bad.status, 422);
  t.is(bad.body.errors[0].path, 'entryIds.1');
  t.is(await count(app.db('tickets').where({ subject: 'Two problems' })), before, 'no ticket on refusal (it would take the source subject)');

  const splitRequest = { token: agent.token, headers: { 'idempotency-key': `split-${source.id}` }, body: { entryIds: [third.id, second.id], subject: 'Printer broken' } };
  const res = await app.request('POST', `/api/v1/tickets/${source.id}/split`, splitRequest);
  t.is(res.status, 201, JSON.stringify(res.body));
  const retried = await app.request('POST', `/api/v1/tickets/${source.id}/split`, splitRequest);
  t.is(retried.body.ticket.id, res.body.ticket.id, 'a retried split creates no second ticket');
  const created = res.body.ticket;
  t.is(created.subject, 'Printer broken');
  t.is(created.requesterId, source.requesterId);
  t.is(created.teamId, source.teamId);
  t.is(created.priority.id, source.priority.id);
  const copied = await entries(app, agent.token, created.id);
  t.deepEqual(copied.slice(0, 2).map((e: { bodyText: string }) => e.bodyText), ['Also my printer is broken', 'Looking at the printer'], 'original order, whatever the request order');
  t.deepEqual(copied.slice(0, 2).map((e: { copiedFrom: { reason: string } }) => e.copiedFrom.reason), ['split', 'split']);
  t.is(copied.at(-1).kind, 'system_event');
  t.is((await entries(app, agent.token, source.id)).at(-1).kind, 'system_event');
  t.like((await links(app, agent.token, source.id))[0], { kind: 'related', ticket: { id: created.id } });
  t.like((await links(app, agent.token, created.id))[0], { kind: 'related', ticket: { id: source.id } });
  t.is(await count(app.db('conversation_entries').where({ ticket_id: source.id })), 4, 'originals stay (3 + system event)');
});

test('links appear inverted on the other ticket, are unique, never loop and never reveal hidden tickets', async (t) => {
  const { app, agent, admin, customer, customer2, teamB } = t.context;
  const [a, b, c, d] = [await ticket(t), await ticket(t), await ticket(t), await ticket(t)];

  const related = await app.request('POST', `/api/v1/tickets/${a.id}/links`, { token: agent.token, body: { kind: 'related', ticketId: b.id } });
  t.is(related.status, 201, JSON.stringify(related.body));
  t.like(related.body, { kind: 'related', ticket: { id: b.id, number: b.number } });
  t.like((await links(app, agent.token, b.id))[0], { kind: 'related', ticket: { id: a.id } });
  t.is((await app.request('POST', `/api/v1/tickets/${b.id}/links`, { token: agent.token, body: { kind: 'duplicate', ticketId: a.id } })).status, 409, 'one relation per pair');
  const self = await app.request('POST', `/api/v1/tickets/${a.id}/links`, { token: agent.token, body: { kind: 'related', ticketId: a.id } });
  t.is(self.status, 422);

  t.is((await app.request('POST', `/api/v1/tickets/${a.id}/links`, { token: agent.token, body: { kind: 'parent', ticketId: c.id } })).status, 201);
  t.like((await links(app, agent.token, c.id))[0], { kind: 'child', ticket: { id: a.id } });
  t.is((await app.request('POST', `/api/v1/tickets/${c.id}/links`, { token: agent.token, body: { kind: 'parent', ticketId: d.id } })).status, 201);
  const loop = await app.request('POST', `/api/v1/tickets/${d.id}/links`, { token: agent.token, body: { kind: 'parent', ticketId: a.id } });
  t.is(loop.status, 409, 'd -> a would make a -> c -> d -> a');
  const loopViaChild = await app.request('POST', `/api/v1/tickets/${a.id}/links`, { token: agent.token, body: { kind: 'child', ticketId: d.id } });
  t.is(loopViaChild.status, 409);

  const removed = await app.request('DELETE', `/api/v1/tickets/${b.id}/links/${(await links(app, agent.token, b.id))[0].id}`, { token: agent.token });
  t.is(removed.status, 204);
  t.deepEqual(await links(app, agent.token, b.id), []);
  t.false((await links(app, agent.token, a.id)).some((l: { ticket: { id: number } }) => l.ticket.id === b.id), 'both directions go');

  const hidden = await ticket(t, { token: admin.token, teamId: teamB, requesterId: customer2.id });
  const toHidden = await app.request('POST', `/api/v1/tickets/${a.id}/links`, { token: agent.token, body: { kind: 'related', ticketId: hidden.id } });
  const toMissing = await app.request('POST', `/api/v1/tickets/${a.id}/links`, { token: agent.token, body: { kind: 'related', ticketId: 99_999_999 } });
  t.is(toHidden.status, 422);
  t.is(toHidden.status, toMissing.status);
  t.deepEqual(toHidden.body.errors.map((e: { path: string }) => e.path), ['ticketId']);
  t.is(toHidden.body.detail.replace(String(hidden.id), 'N'), toMissing.body.detail.replace('99999999', 'N'));
  // An admin links it; the agent still does not see that link.
  t.is((await app.request('POST', `/api/v1/tickets/${a.id}/links`, { token: admin.token, body: { kind: 'related', ticketId: hidden.id } })).status, 201);
  t.true((await links(app, admin.token, a.id)).some((l: { ticket: { id: number } }) => l.ticket.id === hidden.id));
  t.false((await links(app, agent.token, a.id)).some((l: { ticket: { id: number } }) => l.ticket.id === hidden.id));
  const adminLinkId = (await links(app, admin.token, a.id)).find((l: { ticket: { id: number } }) => l.ticket.id === hidden.id).id;
  t.is((await app.request('DELETE', `/api/v1/tickets/${a.id}/links/${adminLinkId}`, { token: agent.token })).status, 404);

  const own = await app.request('GET', `/api/v1/tickets/${a.id}/links`, { token: customer.token });
  t.is(own.status, 200);
  t.false(own.body.data.some((l: { ticket: { id: number } }) => l.ticket.id === hidden.id), 'customers see links to their own tickets only');
  t.is((await app.request('POST', `/api/v1/tickets/${a.id}/links`, { token: customer.token, body: { kind: 'related', ticketId: d.id } })).status, 403);
});
