import { pickOption } from '../../core/bot/bot-scoring';
import { LanternError, conflict, notFound } from '../../core/errors';
import { isKbLanguage } from '../../core/kb';
import type { Actor, Principal } from '../../core/principal';
import type { BotHandoverInput, BotReply, ConversationView, StartConversationInput } from '../../core/schemas/bot.schema';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { startChat } from '../chat/chat.service';
import { sharedTextEmbedder, type TextEmbedder } from '../embeddings/text-embedder';
import type { SearchEngine } from '../search/search-engine';
import { SearchUnavailableError } from '../search/search-engine';
import { createTicket } from '../tickets/tickets.service';
import { answerFromArticle, answerQuestion } from './bot-answer.service';
import { trainedIntents } from './bot-intents.service';
import { botTexts } from './bot-texts';

type ConversationRow = {
  id: number; customer_id: number; language: string; channel: 'portal' | 'widget' | 'api'; outcome: 'resolved' | 'handed_over' | null;
  handover_ticket_id: number | null; last_activity_at: Date; created_at: Date;
};
type MessageRow = { id: number; sender: 'customer' | 'bot'; text: string; reply: BotReply | null; created_at: Date };

/** Idle time after which a conversation without outcome counts as abandoned (decided at report time). */
export const ABANDONED_AFTER_MS = 30 * 60_000;
/** Messages of the conversation carried into a handover ticket (the newest ones when longer). */
const TRANSCRIPT_MESSAGES = 60;
const ENTITY = 'bot_conversation';

export type BotDeps = { search: SearchEngine | undefined; embedder?: TextEmbedder };

const botUnavailable = () => new LanternError('unavailable', 'The assistant cannot search the knowledge base right now. Try again shortly, or ask for a person (POST .../handover).', { retryAfterSeconds: 5 });

/** The conversation if the principal may see it: its customer; staff who manage the bot or read reports. Others: 404. */
async function loadConversation(db: Queryable, p: Principal, id: number, opts: { write?: boolean } = {}): Promise<ConversationRow> {
  const q = db('bot_conversations').where({ id }).first<ConversationRow | undefined>('*');
  if (opts.write) q.forUpdate();
  const row = await q;
  const staffRead = !opts.write && p.kind === 'worker' && (p.permissions.has('bot:manage') || p.permissions.has('reports:read'));
  if (!row || !(staffRead || (p.kind === 'customer' && Number(row.customer_id) === p.id))) throw notFound('Conversation', id);
  return row;
}

/** The bot speaks the knowledge base's languages: the asked one, its base language (de-AT → de), else English. */
function botLanguage(requested: string): string {
  const base = requested.split('-')[0]!;
  return isKbLanguage(requested) ? requested : isKbLanguage(base) ? base : 'en';
}

export async function startConversation(db: Queryable, p: Principal, actor: Actor, input: StartConversationInput): Promise<{ id: number; language: string; greeting: string }> {
  if (p.kind !== 'customer') throw new LanternError('bad_request', 'The assistant talks to customers: sign in as a customer or use a visitor token');
  return db.transaction(async (trx) => {
    const customer = await trx('customers').where({ id: p.id }).first<{ language: string | null } | undefined>('language');
    const language = botLanguage(input.language ?? customer?.language ?? 'en');
    const greeting = botTexts(language).greeting;
    const [row] = await trx('bot_conversations').insert({ customer_id: p.id, language, channel: input.channel }).returning('id');
    const id = Number(row.id);
    await trx('bot_messages').insert({ conversation_id: id, sender: 'bot', text: greeting, reply_kind: 'greeting' });
    await recordAudit(trx, actor, { action: 'bot_conversation.create', entityType: ENTITY, entityId: id, after: { id, language, channel: input.channel } });
    return { id, language, greeting };
  });
}

/** Lines of the customer's latest open tickets, for the `ticket_status` intent action. */
async function openTicketLines(db: Queryable, customerId: number): Promise<string[]> {
  const rows = (await db('tickets')
    .join('statuses', 'statuses.id', 'tickets.status_id')
    .where('tickets.requester_id', customerId)
    .whereNotIn('tickets.status_category', ['solved', 'closed'])
    .orderBy('tickets.updated_at', 'desc')
    .limit(5)
    .select('tickets.number', 'tickets.subject', 'statuses.name as status', 'tickets.updated_at')) as Array<{ number: string | number; subject: string; status: string; updated_at: Date }>;
  return rows.map((r) => `#${r.number} ${r.subject}: ${r.status} (updated ${r.updated_at.toISOString().slice(0, 10)})`);
}

/** The bot's reply to one customer message; both are stored, and the conversation's idle clock restarts. */
export async function postBotMessage(db: Queryable, deps: BotDeps, p: Principal, actor: Actor, id: number, text: string): Promise<BotReply> {
  const conversation = await loadConversation(db, p, id, {});
  if (p.kind !== 'customer') throw notFound('Conversation', id);
  if (conversation.outcome === 'handed_over') throw conflict(`Conversation ${id} was handed over to a person; continue in ticket ${conversation.handover_ticket_id ?? ''}`.trim());
  if (!deps.search) throw botUnavailable();
  const answerDeps = { engine: deps.search, embedder: deps.embedder ?? (await sharedTextEmbedder()) };
  let reply: BotReply;
  let intentId: number | null = null;
  try {
    const last = (await db('bot_messages').where({ conversation_id: id, sender: 'bot' }).orderBy('id', 'desc').first('reply')) as { reply: BotReply | null } | undefined;
    const picked = last?.reply?.kind === 'clarify' ? pickOption(text, last.reply.options) : null;
    const fromOption = picked?.articleId !== undefined
      ? await answerFromArticle(answerDeps, { question: await lastQuestion(db, id) ?? text, title: picked.label, articleId: picked.articleId, language: conversation.language })
      : null;
    if (fromOption) reply = fromOption;
    else {
      const intents = await trainedIntents(db, conversation.language, answerDeps.embedder.id);
      const answer = await answerQuestion(answerDeps, { text, language: conversation.language, intents });
      reply = answer.reply;
      intentId = answer.intent?.id ?? null;
      if (answer.intent?.action === 'ticket_status') {
        const lines = await openTicketLines(db, p.id);
        const t = botTexts(conversation.language);
        reply = { ...reply, text: `${reply.text}\n\n${lines.length ? t.openTickets(lines) : t.noOpenTickets}` };
      }
    }
  } catch (err) {
    if (err instanceof SearchUnavailableError) throw botUnavailable();
    throw err;
  }
  await db.transaction(async (trx) => {
    // Handed over while the reply was being computed: the ticket has the transcript up to there.
    if ((await loadConversation(trx, p, id, { write: true })).outcome === 'handed_over') throw conflict(`Conversation ${id} was handed over to a person`);
    const [customerMessage] = await trx('bot_messages').insert({ conversation_id: id, sender: 'customer', text }).returning('id');
    await trx('bot_messages').insert({ conversation_id: id, sender: 'bot', text: reply.text, reply: JSON.stringify(reply), reply_kind: reply.kind, intent_id: intentId });
    await trx('bot_conversations').where({ id }).update({ last_activity_at: trx.fn.now() });
    await recordAudit(trx, actor, { action: 'bot_conversation.message', entityType: ENTITY, entityId: id, after: { messageId: Number(customerMessage.id), replyKind: reply.kind, intentId } });
  });
  return reply;
}

/** The customer's question a clarifying reply was about (the message before the clarification). */
async function lastQuestion(db: Queryable, id: number): Promise<string | null> {
  const row = await db('bot_messages').where({ conversation_id: id, sender: 'customer' }).orderBy('id', 'desc').first<{ text: string } | undefined>('text');
  return row?.text ?? null;
}

/** "Was this helpful?": yes resolves the conversation; no only restarts the idle clock (the customer may go on). */
export async function recordBotFeedback(db: Queryable, p: Principal, actor: Actor, id: number, helpful: boolean): Promise<void> {
  await db.transaction(async (trx) => {
    const row = await loadConversation(trx, p, id, { write: true });
    if (p.kind !== 'customer') throw notFound('Conversation', id);
    const resolve = helpful && row.outcome === null;
    await trx('bot_conversations').where({ id }).update({
      last_activity_at: trx.fn.now(), ...(resolve && { outcome: 'resolved', outcome_at: trx.fn.now() }),
    });
    await recordAudit(trx, actor, { action: 'bot_conversation.feedback', entityType: ENTITY, entityId: id, before: { outcome: row.outcome }, after: { helpful, outcome: resolve ? 'resolved' : row.outcome } });
  });
}

function transcript(language: string, messages: MessageRow[]): string {
  const t = botTexts(language);
  const lines = messages.slice(-TRANSCRIPT_MESSAGES).map((m) => {
    const who = m.sender === 'customer' ? t.customer : t.bot;
    const passage = m.reply?.passage ? `\n  > ${m.reply.passage}` : '';
    const links = m.reply?.articles.length ? `\n  ${m.reply.articles.map((a) => `${a.title} <${a.url}>`).join('\n  ')}` : '';
    return `${who} (${m.created_at.toISOString().slice(11, 16)} UTC): ${m.text}${passage}${links}`;
  });
  return `${t.transcriptHeading}\n\n${lines.join('\n\n')}`;
}

/**
 * Hand the conversation to a person: a ticket (or a live chat, which is a chat ticket routed at once) whose first
 * message is the customer's note followed by the transcript, so the agent does not ask again. Once per conversation.
 */
export async function handOver(db: Queryable, p: Principal, actor: Actor, id: number, input: BotHandoverInput): Promise<{ ticketId: number; mode: 'ticket' | 'chat' }> {
  // One transaction with the conversation locked: a double click cannot open two tickets.
  return db.transaction(async (trx) => {
    const row = await loadConversation(trx, p, id, { write: true });
    if (p.kind !== 'customer') throw notFound('Conversation', id);
    if (row.outcome === 'handed_over') throw conflict(`Conversation ${id} was already handed over (ticket ${row.handover_ticket_id ?? 'deleted'})`);
    const messages = (await trx('bot_messages').where({ conversation_id: id }).orderBy('id').select('id', 'sender', 'text', 'reply', 'created_at')) as MessageRow[];
    const t = botTexts(row.language);
    const firstQuestion = messages.find((m) => m.sender === 'customer')?.text;
    const subject = input.subject ?? (firstQuestion ? firstQuestion.slice(0, 120) : t.handoverSubject);
    const body = `${input.message ? `${input.message}\n\n` : ''}${transcript(row.language, messages)}`;
    const ticketId = input.mode === 'chat'
      ? (await startChat(trx, p, actor, { message: body, subject, language: row.language })).ticketId
      : (await createTicket(trx, p, actor, { subject, channel: row.channel, language: row.language, message: { bodyText: body } })).id;
    await trx('bot_conversations').where({ id }).update({ outcome: 'handed_over', outcome_at: trx.fn.now(), handover_ticket_id: ticketId, last_activity_at: trx.fn.now() });
    await recordAudit(trx, actor, { action: 'bot_conversation.handover', entityType: ENTITY, entityId: id, before: { outcome: row.outcome }, after: { outcome: 'handed_over', ticketId, mode: input.mode } });
    return { ticketId, mode: input.mode };
  });
}

export async function getConversation(db: Queryable, p: Principal, id: number, now = new Date()): Promise<ConversationView> {
  const row = await loadConversation(db, p, id);
  const messages = (await db('bot_messages').where({ conversation_id: id }).orderBy('id').select('sender', 'text', 'reply', 'created_at')) as MessageRow[];
  const idle = now.getTime() - row.last_activity_at.getTime() > ABANDONED_AFTER_MS;
  return {
    id: Number(row.id), language: row.language, channel: row.channel,
    outcome: row.outcome ?? (idle ? 'abandoned' : null),
    handoverTicketId: row.handover_ticket_id === null ? null : Number(row.handover_ticket_id),
    messages: messages.map((m) => ({ from: m.sender, text: m.text, ...(m.reply && { reply: m.reply }), createdAt: m.created_at.toISOString() })),
  };
}
