import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import { BOT_TUNING } from '../../core/bot/bot-scoring';
import { SYSTEM_ACTOR } from '../../core/principal';
import { createKbArticleInput } from '../../core/schemas/kb.schema';
import { createKbArticle } from '../../services/kb/kb-article.service';
import { indexKbArticles } from '../../services/kb/kb-indexer';
import { reindexKbArticles } from '../../services/kb/kb-reindex';
import { setKbTranslationState } from '../../services/kb/kb-translation.service';
import { seedKnowledgeBase } from '../../services/seed/kb-seed';
import { createCustomer, createWorker, startTestApp, type TestApp, type TestCustomer, type TestWorker } from '../helpers/app';

type Ctx = {
  app: TestApp; articleIds: Map<string, number>;
  admin: TestWorker; supervisor: TestWorker; agent: TestWorker; customer: TestCustomer; otherCustomer: TestCustomer;
};
const test = anyTest as TestFn<Ctx>;

test.before(async (t) => {
  const app = await startTestApp({}, { search: true });
  const { articleIds } = await seedKnowledgeBase(app.db);
  await reindexKbArticles({ db: app.db, engine: app.search!.engine });
  t.context = {
    app, articleIds,
    admin: await createWorker(app.db, { role: 'admin' }),
    supervisor: await createWorker(app.db, { role: 'supervisor' }),
    agent: await createWorker(app.db, { role: 'agent' }),
    customer: await createCustomer(app.db),
    otherCustomer: await createCustomer(app.db),
  };
});

test.after.always(async (t) => {
  await t.context.app?.close();
});

type Reply = {
  kind: string; text: string; passage: string | null; articles: Array<{ articleId: number; title: string; url: string; score: number }>;
  options: Array<{ label: string; articleId?: number; intentId?: number }>; offerHuman: boolean; confidence: number;
};

async function start(t: ExecutionContext<Ctx>, token: string = t.context.customer.token): Promise<number> {
  const res = await t.context.app.request('POST', '/api/v1/bot/conversations', { token, body: { channel: 'portal' } });
  t.is(res.status, 201, JSON.stringify(res.body));
  return res.body.id as number;
}

async function ask(t: ExecutionContext<Ctx>, id: number, text: string, token: string = t.context.customer.token): Promise<Reply> {
  const res = await t.context.app.request('POST', `/api/v1/bot/conversations/${id}/messages`, { token, body: { text } });
  t.is(res.status, 200, JSON.stringify(res.body));
  return res.body.reply as Reply;
}

test('the demo knowledge base is seeded once: published, internal article included, a second seed is a no-op', async (t) => {
  const { app, articleIds } = t.context;
  t.true(articleIds.size >= 30);
  const published = await app.db('kb_article_translations').where({ state: 'published' }).count<{ n: string }[]>('* as n').first();
  t.is(Number(published!.n) >= articleIds.size, true);
  t.is((await app.db('kb_articles').where({ id: articleIds.get('install-tutorial') }).first()).kind, 'tutorial');
  t.is((await app.db('kb_articles').where({ id: articleIds.get('internal-refund-exceptions') }).first()).visibility, 'internal');
  t.false((await seedKnowledgeBase(app.db)).seeded);
});

test('a conversation starts with a greeting; only customers talk to the bot; bad input is a 422', async (t) => {
  const { app, customer, agent } = t.context;
  const res = await app.request('POST', '/api/v1/bot/conversations', { token: customer.token, body: { channel: 'widget', language: 'en' } });
  t.is(res.status, 201);
  t.is(res.body.language, 'en');
  t.regex(res.body.greeting, /assistant/i);
  t.is((await app.request('POST', '/api/v1/bot/conversations', { token: agent.token, body: { channel: 'api' } })).status, 400);
  // The bot speaks the knowledge base's languages: another language falls back to its base language or English.
  t.is((await app.request('POST', '/api/v1/bot/conversations', { token: customer.token, body: { channel: 'api', language: 'de-AT' } })).body.language, 'de');
  t.is((await app.request('POST', '/api/v1/bot/conversations', { token: customer.token, body: { channel: 'api', language: 'fr' } })).body.language, 'en');
  const bad = await app.request('POST', '/api/v1/bot/conversations', { token: customer.token, body: { channel: 'fax', extra: 1 } });
  t.is(bad.status, 422);
  const empty = await app.request('POST', `/api/v1/bot/conversations/${res.body.id}/messages`, { token: customer.token, body: { text: '   ' } });
  t.is(empty.status, 422);
});

test('a question about a seeded article gets the article\'s best passage and links', async (t) => {
  const id = await start(t);
  const reply = await ask(t, id, 'I forgot my pasword and the link in the email expired');
  t.is(reply.kind, 'answer', JSON.stringify(reply));
  t.is(reply.articles[0]!.articleId, t.context.articleIds.get('reset-password')!);
  t.regex(reply.articles[0]!.url, /^\/help\/en\/articles\/\d+-reset-a-forgotten-password$/);
  t.truthy(reply.passage);
  t.regex(reply.passage!, /link|password/i);
  t.true(reply.confidence > 0 && reply.confidence <= 1);
  t.false(reply.offerHuman);

  const conversation = await t.context.app.request('GET', `/api/v1/bot/conversations/${id}`, { token: t.context.customer.token });
  t.is(conversation.status, 200);
  t.deepEqual(conversation.body.messages.map((m: { from: string }) => m.from), ['bot', 'customer', 'bot']);
  t.is(conversation.body.messages[2].reply.kind, 'answer');
  t.is(conversation.body.outcome, null);
});

test('internal articles never reach the bot', async (t) => {
  const id = await start(t);
  const reply = await ask(t, id, 'refund exceptions after 60 days for agents');
  const internal = t.context.articleIds.get('internal-refund-exceptions');
  t.false(reply.articles.some((a) => a.articleId === internal));
  t.false(reply.options.some((o) => o.articleId === internal));
});

test('close results about different articles: a clarifying question with them as options; picking one answers from it', async (t) => {
  const { app } = t.context;
  // Two articles that differ in one detail: the question fits both equally.
  const section = (await app.db('kb_sections').first('id')).id as number;
  const ids: number[] = [];
  for (const title of ['Gift cards for the Hearthly store: buying', 'Gift cards for the Hearthly store: redeeming']) {
    const bodyHtml = '<p>Hearthly gift cards are sold in our online store in values from 25 to 200. Gift cards never expire and can be combined with a discount code at checkout.</p>';
    const created = await createKbArticle(app.db, SYSTEM_ACTOR, createKbArticleInput.parse({ sectionId: section, kind: 'article', visibility: 'public', translation: { language: 'en', title, bodyHtml } }));
    await setKbTranslationState(app.db, SYSTEM_ACTOR, created.id, 'en', 'published');
    ids.push(created.id);
  }
  await indexKbArticles(app.db, app.search!.engine, ids);
  const id = await start(t);
  const reply = await ask(t, id, 'gift cards hearthly store');
  t.is(reply.kind, 'clarify', JSON.stringify(reply));
  t.deepEqual(reply.options.map((o) => o.articleId).sort(), [...ids].sort());
  const picked = await ask(t, id, reply.options[1]!.label);
  t.is(picked.kind, 'answer');
  t.is(picked.articles[0]!.articleId, reply.options[1]!.articleId!);
  t.regex(picked.passage!, /gift card/i);
});

test('a question the knowledge base cannot answer: low confidence, says so and offers a human', async (t) => {
  const id = await start(t);
  const reply = await ask(t, id, 'Who won the football world cup in 1954?');
  t.is(reply.kind, 'no_answer', JSON.stringify(reply));
  t.true(reply.offerHuman);
  t.is(reply.passage, null);
  t.true(reply.confidence < BOT_TUNING.answerThreshold);
});

test('intents: trained from examples, matched on paraphrases, ticket_status answers with the customer\'s open tickets', async (t) => {
  const { app, admin, customer, agent } = t.context;
  const created = await app.request('POST', '/api/v1/bot/intents', {
    token: admin.token,
    body: {
      name: 'Ticket status', examples: ['what is the status of my ticket', 'any update on my support request', 'has anyone looked at my case yet'],
      answer: 'Here is where your requests stand.', action: 'ticket_status',
    },
  });
  t.is(created.status, 201, JSON.stringify(created.body));
  t.is(created.body.language, 'en');
  t.is(created.body.enabled, true);
  t.is((await app.request('POST', '/api/v1/bot/intents', { token: agent.token, body: { name: 'x' } })).status, 403);
  t.is((await app.request('POST', '/api/v1/bot/intents', { token: admin.token, body: { name: 'x', examples: [], answer: 'y', action: 'dance' } })).status, 422);

  const ticket = await app.request('POST', '/api/v1/tickets', { token: customer.token, body: { subject: 'Thermostat rattles at night', message: { bodyText: 'It makes a noise.' } } });
  t.is(ticket.status, 201);
  const id = await start(t);
  const reply = await ask(t, id, 'Is there any update on my support ticket?');
  t.is(reply.kind, 'intent', JSON.stringify(reply));
  t.regex(reply.text, /Here is where your requests stand/);
  t.regex(reply.text, new RegExp(`#${ticket.body.number} Thermostat rattles at night`));

  // Disabled intents are not matched; a stale version is a conflict.
  const off = await app.request('PATCH', `/api/v1/bot/intents/${created.body.id}`, { token: admin.token, body: { enabled: false, version: created.body.version } });
  t.is(off.status, 200);
  t.is((await app.request('PATCH', `/api/v1/bot/intents/${created.body.id}`, { token: admin.token, body: { enabled: true, version: created.body.version } })).status, 409);
  t.not((await ask(t, id, 'Is there any update on my support ticket?')).kind, 'intent');
  const list = await app.request('GET', '/api/v1/bot/intents', { token: admin.token });
  t.true(list.body.items.some((i: { id: number; enabled: boolean }) => i.id === created.body.id && !i.enabled));
  t.is((await app.request('DELETE', `/api/v1/bot/intents/${created.body.id}`, { token: admin.token })).status, 204);
  t.is((await app.request('GET', `/api/v1/bot/intents/${created.body.id}`, { token: admin.token })).status, 404);
  t.truthy(await app.db('audit_log').where({ entity_type: 'bot_intent', entity_id: String(created.body.id), action: 'bot_intent.delete' }).first());
});

test('handover: a ticket carrying the transcript, visible to the customer and to agents; once only', async (t) => {
  const { app, customer, supervisor } = t.context;
  const id = await start(t);
  await ask(t, id, 'my parcel arrived crushed');
  const res = await app.request('POST', `/api/v1/bot/conversations/${id}/handover`, { token: customer.token, body: { mode: 'ticket', message: 'Please send a new one.' } });
  t.is(res.status, 201, JSON.stringify(res.body));
  t.is(res.body.mode, 'ticket');
  const ticketId = res.body.ticketId as number;

  const mine = await app.request('GET', `/api/v1/tickets/${ticketId}`, { token: customer.token });
  t.is(mine.status, 200);
  t.is(mine.body.subject, 'my parcel arrived crushed');
  for (const token of [customer.token, supervisor.token]) {
    const entries = await app.request('GET', `/api/v1/tickets/${ticketId}/entries`, { token });
    t.is(entries.status, 200);
    const text = JSON.stringify(entries.body);
    t.regex(text, /Please send a new one/);
    t.regex(text, /Conversation with the assistant so far/);
    t.regex(text, /Customer \(\d\d:\d\d UTC\): my parcel arrived crushed/);
    t.regex(text, /Assistant \(\d\d:\d\d UTC\)/);
  }
  t.is((await app.request('POST', `/api/v1/bot/conversations/${id}/handover`, { token: customer.token, body: { mode: 'ticket' } })).status, 409);
  t.is((await app.request('POST', `/api/v1/bot/conversations/${id}/messages`, { token: customer.token, body: { text: 'hello?' } })).status, 409);
  const conversation = await app.request('GET', `/api/v1/bot/conversations/${id}`, { token: customer.token });
  t.is(conversation.body.outcome, 'handed_over');
  t.is(conversation.body.handoverTicketId, ticketId);
});

test('handover in chat mode starts a live chat with the transcript', async (t) => {
  const { app, customer } = t.context;
  const id = await start(t);
  await ask(t, id, 'the heating does not turn on');
  const res = await app.request('POST', `/api/v1/bot/conversations/${id}/handover`, { token: customer.token, body: { mode: 'chat' } });
  t.is(res.status, 201, JSON.stringify(res.body));
  t.is(res.body.mode, 'chat');
  t.truthy(await app.db('chat_sessions').where({ ticket_id: res.body.ticketId }).first());
  const chat = await app.request('GET', `/api/v1/chat/${res.body.ticketId}`, { token: customer.token });
  t.is(chat.status, 200);
  const entries = await app.request('GET', `/api/v1/tickets/${res.body.ticketId}/entries`, { token: customer.token });
  t.regex(JSON.stringify(entries.body), /the heating does not turn on/);
});

test('another customer\'s conversation answers 404 everywhere; staff with reports:read may read it', async (t) => {
  const { app, otherCustomer, supervisor, agent } = t.context;
  const id = await start(t);
  const other = otherCustomer.token;
  t.is((await app.request('GET', `/api/v1/bot/conversations/${id}`, { token: other })).status, 404);
  t.is((await app.request('POST', `/api/v1/bot/conversations/${id}/messages`, { token: other, body: { text: 'hi' } })).status, 404);
  t.is((await app.request('POST', `/api/v1/bot/conversations/${id}/feedback`, { token: other, body: { helpful: true } })).status, 404);
  t.is((await app.request('POST', `/api/v1/bot/conversations/${id}/handover`, { token: other, body: { mode: 'ticket' } })).status, 404);
  t.is((await app.request('GET', `/api/v1/bot/conversations/${id}`, { token: agent.token })).status, 404);
  t.is((await app.request('GET', `/api/v1/bot/conversations/${id}`, { token: supervisor.token })).status, 200);
  t.is((await app.request('POST', `/api/v1/bot/conversations/${id}/feedback`, { token: supervisor.token, body: { helpful: true } })).status, 404);
});

test.serial('the report counts outcomes, deflection rate, top intents and unanswered questions', async (t) => {
  const { app, admin, supervisor, agent } = t.context;
  const customer = await createCustomer(app.db);
  const from = new Date(Date.now() - 60_000).toISOString();
  const before = (await app.request('GET', `/api/v1/reports/bot?from=${from}`, { token: supervisor.token })).body;

  const resolved = await start(t, customer.token);
  await ask(t, resolved, 'how long does delivery take to germany', customer.token);
  t.is((await app.request('POST', `/api/v1/bot/conversations/${resolved}/feedback`, { token: customer.token, body: { helpful: false } })).status, 204);
  t.is((await app.request('GET', `/api/v1/bot/conversations/${resolved}`, { token: customer.token })).body.outcome, null);
  t.is((await app.request('POST', `/api/v1/bot/conversations/${resolved}/feedback`, { token: customer.token, body: { helpful: true } })).status, 204);
  const handed = await start(t, customer.token);
  await ask(t, handed, 'What is the meaning of life, universe and everything?', customer.token);
  t.is((await app.request('POST', `/api/v1/bot/conversations/${handed}/handover`, { token: customer.token, body: { mode: 'ticket' } })).status, 201);
  const abandoned = await start(t, customer.token);
  await ask(t, abandoned, 'What is the meaning of life, universe and everything', customer.token);
  await app.db('bot_conversations').where({ id: abandoned }).update({ last_activity_at: new Date(Date.now() - 31 * 60_000) });
  const intent = await app.request('POST', '/api/v1/bot/intents', { token: admin.token, body: { name: 'Opening hours', examples: ['when are you open', 'what are your support hours'], answer: 'Monday to Friday, 8 to 18 CET.' } });
  const active = await start(t, customer.token);
  t.is((await ask(t, active, 'what are your opening hours for support?', customer.token)).kind, 'intent');

  const res = await app.request('GET', `/api/v1/reports/bot?from=${from}`, { token: supervisor.token });
  t.is(res.status, 200, JSON.stringify(res.body));
  const r = res.body;
  t.is(r.conversations - before.conversations, 4);
  t.is(r.resolved - before.resolved, 1);
  t.is(r.handedOver - before.handedOver, 1);
  t.is(r.abandoned - before.abandoned, 1);
  t.is(r.active - before.active, 1);
  t.is(r.deflectionRate, Math.round((r.resolved / (r.resolved + r.handedOver + r.abandoned)) * 1000) / 1000);
  t.true(r.topIntents.some((i: { intentId: number; count: number }) => i.intentId === intent.body.id && i.count === 1));
  const meaning = r.unanswered.find((u: { text: string }) => /meaning of life/i.test(u.text));
  t.is(meaning?.count, 2, JSON.stringify(r.unanswered));
  t.is((await app.request('GET', `/api/v1/bot/conversations/${abandoned}`, { token: customer.token })).body.outcome, 'abandoned');

  t.is((await app.request('GET', '/api/v1/reports/bot', { token: agent.token })).status, 403);
  t.is((await app.request('GET', '/api/v1/reports/bot?from=2026-02-01&to=2026-01-01', { token: supervisor.token })).status, 422);
});
