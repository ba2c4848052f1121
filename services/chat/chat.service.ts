import { LanternError, conflict, forbidden, notFound, validationError } from '../../core/errors';
import type { Actor, Principal } from '../../core/principal';
import type { RoutingDecision } from '../../core/routing/decision';
import type { ChatContactInput, ChatState, OfflineReason, StartChatInput } from '../../core/schemas/chat.schema';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { enqueueEmailSend } from '../email/email.jobs';
import { publishEvent } from '../outbox.service';
import { explainStoredTicket, routeTicket } from '../routing/routing.service';
import { addEntryInTransaction, type EntryView } from '../tickets/entries.service';
import { findTicket } from '../tickets/ticket.repository';
import { applySystemChange, createTicket, getVisibleTicket } from '../tickets/tickets.service';
import type { TicketRow } from '../tickets/ticket.view';
import { sendChatSignal } from './chat-signal';

type SessionRow = {
  ticket_id: number; state: ChatState; offline_reason: OfflineReason | null;
  customer_read_entry_id: number | null; agent_read_entry_id: number | null; created_at: Date; closed_at: Date | null;
};

export type ChatView = {
  ticketId: number; ticketNumber: number; state: ChatState; offlineReason: OfflineReason | null; channel: string;
  assigneeId: number | null; teamId: number | null; queuePosition: number | null;
  customerReadEntryId: number | null; agentReadEntryId: number | null; createdAt: string; closedAt: string | null;
};

const CLOSED = ['solved', 'closed'];

/** The chat's state as clients see it: a waiting chat that routing (or a queue drain) assigned is active. */
function stateOf(s: SessionRow, t: TicketRow): ChatState {
  if (s.state === 'waiting' && t.assignee_id !== null) return 'active';
  if ((s.state === 'waiting' || s.state === 'active') && CLOSED.includes(t.status_category)) return 'closed';
  return s.state;
}

function chatView(s: SessionRow, t: TicketRow, queuePosition: number | null): ChatView {
  const state = stateOf(s, t);
  return {
    ticketId: t.id, ticketNumber: Number(t.number), state, offlineReason: s.offline_reason, channel: t.channel,
    assigneeId: t.assignee_id, teamId: t.team_id, queuePosition: state === 'waiting' ? queuePosition : null,
    customerReadEntryId: s.customer_read_entry_id, agentReadEntryId: s.agent_read_entry_id,
    createdAt: s.created_at.toISOString(), closedAt: s.closed_at?.toISOString() ?? null,
  };
}

/** The visible chat ticket and its session row; a ticket that is not a chat answers like a missing chat. */
async function loadChat(db: Queryable, p: Principal, ticketId: number, opts: { forUpdate?: boolean } = {}): Promise<{ ticket: TicketRow; session: SessionRow }> {
  const ticket = await getVisibleTicket(db, p, ticketId, opts);
  const q = db('chat_sessions').where({ ticket_id: ticketId }).first<SessionRow | undefined>('*');
  if (opts.forUpdate) q.forUpdate();
  const session = await q;
  if (!session) throw notFound('Chat', ticketId);
  return { ticket, session };
}

/** Position (1 = next) of waiting tickets in their team queue, in the order `drainTeamQueue` hands them out. */
export async function queuePositions(db: Queryable, ticketIds: number[]): Promise<Map<number, number>> {
  if (!ticketIds.length) return new Map();
  const { rows } = await db.raw(
    `SELECT ticket_id, pos FROM (
       SELECT q.ticket_id, row_number() OVER (PARTITION BY q.team_id ORDER BY l.next_deadline_at ASC NULLS LAST, t.created_at ASC, t.id ASC) AS pos
       FROM routing_queue q JOIN tickets t ON t.id = q.ticket_id LEFT JOIN lifecycle_instances l ON l.ticket_id = q.ticket_id
       WHERE q.team_id IN (SELECT team_id FROM routing_queue WHERE ticket_id = ANY(?))
     ) x WHERE ticket_id = ANY(?)`,
    [ticketIds, ticketIds],
  );
  return new Map((rows as Array<{ ticket_id: string | number; pos: string | number }>).map((r) => [Number(r.ticket_id), Number(r.pos)]));
}

export async function getChat(db: Queryable, p: Principal, ticketId: number): Promise<ChatView> {
  const { ticket, session } = await loadChat(db, p, ticketId);
  const pos = (await queuePositions(db, [ticketId])).get(ticketId) ?? null;
  return chatView(session, ticket, pos);
}

/** An anonymous visitor is a customer row without an email; the visitor token names it. */
export async function createVisitor(
  db: Queryable, request: { requestId?: string; ip?: string }, input: { name: string; language?: string | undefined },
): Promise<number> {
  return db.transaction(async (trx) => {
    const [row] = await trx('customers').insert({ name: input.name, language: input.language ?? 'en', email: null }).returning('*');
    // Nobody is signed in yet: the visitor is recorded as creating itself.
    await recordAudit(trx, { type: 'customer', id: row.id, via: 'system', viaId: null, ...request }, { action: 'customer.create', entityType: 'customer', entityId: row.id, after: { id: row.id, name: row.name, visitor: true } });
    await publishEvent(trx, { type: 'customer.created', entityType: 'customer', entityId: row.id, payload: { id: row.id, email: null, name: row.name } });
    return row.id as number;
  });
}

/**
 * Routing's answer for a chat: someone fits → active; the team has eligible agents who are only full → the chat
 * waits in the queue; nobody could take it at all (offline, off shift, no team) → it becomes an email ticket.
 */
function classify(decision: RoutingDecision): { state: 'active' | 'waiting' } | { state: 'offline'; reason: OfflineReason } {
  if (decision.chosen !== null) return { state: 'active' };
  const onlyFull = (reasons: string[]) => reasons.length > 0 && reasons.every((r) => /capacity/.test(r));
  if (decision.skipped.length > 0 || decision.candidates.some((c) => onlyFull(c.reasons))) return { state: 'waiting' };
  const offShift = decision.candidates.length > 0 && decision.candidates.every((c) => c.reasons.includes('is off shift'));
  return { state: 'offline', reason: offShift ? 'outside_hours' : 'no_agent' };
}

/**
 * Turn a chat nobody can take into an email ticket; the conversation so far stays as the ticket's history.
 * `onlyIfWaiting`: a stranded waiting chat (convertStrandedChats) is left alone if an agent took it meanwhile.
 */
async function convertToEmail(db: Queryable, ticketId: number, reason: OfflineReason, onlyIfWaiting = false): Promise<void> {
  const needsEmail = await db.transaction(async (trx) => {
    const ticket = await findTicket(trx, ticketId, { forUpdate: true });
    if (!ticket) return null;
    if (onlyIfWaiting) {
      const session = await trx('chat_sessions').where({ ticket_id: ticketId }).first<{ state: ChatState } | undefined>('state');
      if (session?.state !== 'waiting' || ticket.assignee_id !== null || ticket.channel !== 'chat') return null;
    }
    await trx('tickets').where({ id: ticketId }).update({ channel: 'email', updated_at: trx.fn.now(), version: trx.raw('version + 1') });
    await trx('chat_sessions').where({ ticket_id: ticketId }).update({ state: 'offline', offline_reason: reason });
    const text = reason === 'outside_hours' ? 'Chat received outside business hours; continued as an email ticket.' : 'No agent was available; the chat continues as an email ticket.';
    await trx('conversation_entries').insert({ ticket_id: ticketId, kind: 'system_event', author_type: 'system', channel: 'chat', body_html: `<p>${text}</p>`, body_text: text });
    await recordAudit(trx, { type: 'system', id: null, via: 'system', viaId: null }, {
      action: 'chat.offline', entityType: 'ticket', entityId: ticketId, before: { channel: ticket.channel }, after: { channel: 'email', reason },
    });
    const customer = await trx('customers').where({ id: ticket.requester_id }).first<{ email: string | null }>('email');
    return !customer?.email;
  });
  if (needsEmail === null) return;
  await sendChatSignal(db, { t: ticketId, kind: 'closed', reason, emailTicket: true, needsEmail });
}

export type StartChatResult = ChatView;

/** A customer (signed in or visitor) starts a chat: a ticket with channel `chat`, routed at once. */
export async function startChat(db: Queryable, p: Principal, actor: Actor, input: StartChatInput): Promise<StartChatResult> {
  if (p.kind !== 'customer') throw forbidden('Chats are started by customers');
  const ticket = await db.transaction(async (trx) => {
    const row = await createTicket(trx, p, actor, {
      subject: input.subject ?? input.message.slice(0, 120), channel: 'chat', language: input.language, message: { bodyText: input.message },
    });
    await trx('chat_sessions').insert({ ticket_id: row.id, state: 'waiting' });
    await recordAudit(trx, actor, { action: 'chat.start', entityType: 'ticket', entityId: row.id, after: { state: 'waiting' } });
    return row;
  });
  await routeChat(db, ticket.id);
  return getChat(db, p, ticket.id);
}

/** Route a waiting chat now (live chat cannot wait for the job queue); the outbox's route_ticket job is then a no-op. */
export async function routeChat(db: Queryable, ticketId: number): Promise<void> {
  const result = await routeTicket(db, ticketId, { trigger: 'ticket_created' });
  if (!result) return; // already assigned (or closed) meanwhile
  const outcome = classify(result.decision);
  if (outcome.state === 'active') await db('chat_sessions').where({ ticket_id: ticketId, state: 'waiting' }).update({ state: 'active' });
  else if (outcome.state === 'offline') await convertToEmail(db, ticketId, outcome.reason);
  else await sendChatSignal(db, { t: ticketId, kind: 'queue' });
}

/** One chat message as a conversation entry. An agent writing in an unassigned chat takes it. */
export async function postChatMessage(
  db: Queryable, p: Principal, actor: Actor, ticketId: number, input: { text: string; attachmentId?: number | undefined },
): Promise<EntryView> {
  return db.transaction(async (trx) => {
    const { ticket, session } = await loadChat(trx, p, ticketId, { forUpdate: true });
    if (stateOf(session, ticket) === 'closed') throw conflict(`Chat ${ticketId} is closed`);
    let current = ticket;
    if (p.kind === 'worker' && ticket.assignee_id === null && p.permissions.has('tickets:update')) {
      current = (await applySystemChange(trx, actor, ticketId, () => ({ assigneeId: p.id })))?.ticket ?? ticket;
      await trx('routing_queue').where({ ticket_id: ticketId }).delete();
      if (session.state === 'waiting') await trx('chat_sessions').where({ ticket_id: ticketId }).update({ state: 'active' });
    }
    return addEntryInTransaction(trx, p, actor, current, {
      bodyText: input.text, kind: p.kind === 'customer' ? 'customer_message' : 'public_reply',
      ...(input.attachmentId !== undefined && { attachmentIds: [input.attachmentId] }),
    });
  });
}

/** A file message: the uploaded attachment's name is the text unless the sender wrote one. */
export async function postChatFile(db: Queryable, p: Principal, actor: Actor, ticketId: number, input: { attachmentId: number; text?: string | undefined }): Promise<EntryView> {
  const file = await db('attachments').where({ id: input.attachmentId }).first<{ filename: string } | undefined>('filename');
  // Missing or foreign attachments are refused by addEntryInTransaction with a field error; this only picks the text.
  return postChatMessage(db, p, actor, ticketId, { text: input.text ?? file?.filename ?? 'file', attachmentId: input.attachmentId });
}

/** Read receipts only move forward; they are not audited (like a session's last-seen touch). */
export async function markChatRead(db: Queryable, p: Principal, ticketId: number, upToEntryId: number): Promise<void> {
  await loadChat(db, p, ticketId);
  const entry = await db('conversation_entries').where({ id: upToEntryId, ticket_id: ticketId }).first('id');
  if (!entry) throw validationError('No such entry in this chat', [{ path: 'upToEntryId', message: `entry ${upToEntryId} is not part of chat ${ticketId}` }]);
  const column = p.kind === 'customer' ? 'customer_read_entry_id' : 'agent_read_entry_id';
  await db('chat_sessions').where({ ticket_id: ticketId }).update({ [column]: db.raw(`GREATEST(coalesce(??, 0), ?)`, [column, upToEntryId]) });
  await sendChatSignal(db, { t: ticketId, kind: 'read', by: { type: p.kind === 'customer' ? 'customer' : 'worker', id: p.id }, upToEntryId });
}

export async function sendTyping(db: Queryable, p: Principal, ticketId: number, typing: boolean): Promise<void> {
  await sendChatSignal(db, { t: ticketId, kind: 'typing', by: { type: p.kind === 'customer' ? 'customer' : 'worker', id: p.id }, typing });
}

/** Hand a chat to another agent, or to a team whose routing then picks the agent (or queues the chat). */
export async function transferChat(db: Queryable, p: Principal, actor: Actor, ticketId: number, to: { workerId?: number | undefined; teamId?: number | undefined }): Promise<void> {
  if (p.kind !== 'worker' || !p.permissions.has('tickets:update')) throw forbidden('Only agents transfer chats');
  await db.transaction(async (trx) => {
    const { ticket, session } = await loadChat(trx, p, ticketId, { forUpdate: true });
    if (stateOf(session, ticket) === 'closed') throw conflict(`Chat ${ticketId} is closed`);
    if (to.workerId !== undefined) {
      await applySystemChange(trx, actor, ticketId, () => ({ assigneeId: to.workerId! }));
      await trx('routing_queue').where({ ticket_id: ticketId }).delete();
      await trx('chat_sessions').where({ ticket_id: ticketId }).update({ state: 'active' });
    } else {
      await applySystemChange(trx, actor, ticketId, () => ({ teamId: to.teamId!, assigneeId: null }));
      await trx('chat_sessions').where({ ticket_id: ticketId }).update({ state: 'waiting' });
    }
    await recordAudit(trx, actor, { action: 'chat.transfer', entityType: 'ticket', entityId: ticketId, before: { assigneeId: ticket.assignee_id, teamId: ticket.team_id }, after: to });
  });
  await sendChatSignal(db, { t: ticketId, kind: 'transferred', to: { workerId: to.workerId ?? null, teamId: to.teamId ?? null }, by: p.id });
  if (to.teamId !== undefined) {
    const result = await routeTicket(db, ticketId, { trigger: 'team_changed' });
    if (result && result.decision.chosen !== null) await db('chat_sessions').where({ ticket_id: ticketId }).update({ state: 'active' });
    else await sendChatSignal(db, { t: ticketId, kind: 'queue' });
  }
}

/** Either side ends the chat: the ticket is solved. */
export async function closeChat(db: Queryable, p: Principal, actor: Actor, ticketId: number): Promise<void> {
  // The requester may end their own chat; staff need the right to change tickets.
  if (p.kind !== 'customer' && !p.permissions.has('tickets:update')) throw forbidden('Closing a chat needs the tickets:update permission');
  await db.transaction(async (trx) => {
    const { ticket, session } = await loadChat(trx, p, ticketId, { forUpdate: true });
    if (stateOf(session, ticket) === 'closed') return;
    const solved = await trx('statuses').where({ category: 'solved', active: true }).orderBy('position').first<{ id: number } | undefined>('id');
    if (!solved) throw new LanternError('conflict', 'No active status of category solved is configured');
    await applySystemChange(trx, actor, ticketId, () => ({ statusId: solved.id }));
    await trx('chat_sessions').where({ ticket_id: ticketId }).update({ state: 'closed', closed_at: trx.fn.now() });
    await trx('routing_queue').where({ ticket_id: ticketId }).delete();
    await recordAudit(trx, actor, { action: 'chat.close', entityType: 'ticket', entityId: ticketId, before: { state: session.state }, after: { state: 'closed' } });
  });
  // Clients hear `closed` from the committed status.changed event, as when an agent solves the ticket elsewhere.
}

/** An anonymous visitor leaves an email address (offline chat): it becomes the visitor customer's address. */
export async function setChatContact(db: Queryable, p: Principal, actor: Actor, ticketId: number, input: ChatContactInput): Promise<ChatView> {
  if (p.kind !== 'customer') throw forbidden('Customers leave their own contact address');
  await db.transaction(async (trx) => {
    await loadChat(trx, p, ticketId);
    const me = await trx('customers').where({ id: p.id }).forUpdate().first<{ id: number; email: string | null; name: string }>('id', 'email', 'name');
    if (me.email !== null) {
      if (me.email.toLowerCase() === input.email.toLowerCase()) return;
      throw conflict('Your contact address is already set');
    }
    const taken = await trx('customers').where('email', input.email).first('id');
    // Attaching the chat to an existing account would let anyone write into it: that customer signs in instead.
    if (taken) throw conflict('This address belongs to an existing account: sign in to continue the conversation there');
    const after = { email: input.email, name: input.name ?? me.name };
    await trx('customers').where({ id: p.id }).update({ ...after, updated_at: trx.fn.now(), version: trx.raw('version + 1') });
    await recordAudit(trx, actor, { action: 'customer.update', entityType: 'customer', entityId: p.id, before: { email: null, name: me.name }, after });
    await publishEvent(trx, { type: 'customer.updated', entityType: 'customer', entityId: p.id, payload: { id: p.id, ...after } });
  });
  return getChat(db, p, ticketId);
}

/**
 * Email the transcript (customer-visible entries up to now) to the requester, durably: an `outbound_messages`
 * row and its `email_send` job in one transaction; asking twice with no new message queues one email.
 */
export async function requestTranscript(db: Queryable, p: Principal, actor: Actor, ticketId: number): Promise<{ outboundMessageId: number; untilEntryId: number }> {
  return db.transaction(async (trx) => {
    const { ticket } = await loadChat(trx, p, ticketId);
    const customer = await trx('customers').where({ id: ticket.requester_id }).first<{ email: string | null }>('email');
    if (!customer?.email) throw conflict('The customer has no email address yet (POST /chat/:ticketId/contact)');
    const last = await trx('conversation_entries').where({ ticket_id: ticketId }).whereIn('kind', ['customer_message', 'public_reply']).max<{ max: number | null }>('id as max').first();
    const untilEntryId = Number(last?.max ?? 0);
    const key = `chat-transcript:${ticketId}:${untilEntryId}`;
    await trx('outbound_messages')
      .insert({ ticket_id: ticketId, channel: 'email', kind: 'notify', template: 'chat_transcript', idempotency_key: key, payload: JSON.stringify({ untilEntryId }) })
      .onConflict('idempotency_key').ignore();
    const row = await trx('outbound_messages').where({ idempotency_key: key }).first<{ id: number }>('id');
    await enqueueEmailSend(trx, row.id);
    await recordAudit(trx, actor, { action: 'chat.transcript', entityType: 'ticket', entityId: ticketId, after: { outboundMessageId: row.id, untilEntryId, to: customer.email } });
    return { outboundMessageId: row.id, untilEntryId };
  });
}

/**
 * Waiting chats that nobody can take any more (every agent of the team went offline, or their shifts ended) become
 * email tickets exactly like a chat that starts with nobody there (closed event `no_agent` / `outside_hours`,
 * transcript kept). The same dry-run routing decides as at start: a team whose agents are only full keeps its
 * chats waiting. Run by the routing sweep and when an agent goes offline (`teamIds`: that agent's teams).
 */
export async function convertStrandedChats(db: Queryable, opts: { now?: number; teamIds?: number[] } = {}): Promise<Array<{ ticketId: number; reason: OfflineReason }>> {
  const q = db('chat_sessions as s').join('tickets as t', 't.id', 's.ticket_id')
    .where({ 's.state': 'waiting', 't.channel': 'chat' }).whereNull('t.assignee_id').whereNotIn('t.status_category', ['solved', 'closed'])
    .orderBy('t.id').limit(500);
  if (opts.teamIds) q.whereIn('t.team_id', opts.teamIds);
  const ids = (await q.pluck('t.id') as number[]).map(Number);
  const converted: Array<{ ticketId: number; reason: OfflineReason }> = [];
  for (const ticketId of ids) {
    const outcome = classify(await explainStoredTicket(db, ticketId, opts.now === undefined ? {} : { now: opts.now }));
    if (outcome.state !== 'offline') continue;
    await convertToEmail(db, ticketId, outcome.reason, true);
    converted.push({ ticketId, reason: outcome.reason });
  }
  return converted;
}
