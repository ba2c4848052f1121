import { z } from 'zod';
import {
  botFeedbackInput, botHandoverInput, botMessageInput, botReply, botReportQuery, botReportResponse, conversationCreated, conversationView,
  intentInput, intentPatch, intentView, startConversationInput,
} from '../../core/schemas/bot.schema';
import { idParam } from '../../core/schemas/common.schema';
import { getConversation, handOver, postBotMessage, recordBotFeedback, startConversation } from '../../services/bot/bot-conversation.service';
import { createIntent, deleteIntent, getIntent, listIntents, updateIntent } from '../../services/bot/bot-intents.service';
import { botReport } from '../../services/bot/bot-report.service';
import { defineRoute } from '../http/route';

const notYours = { description: 'No such conversation of yours' };

/** The chatbot (docs/chatbot.md): customer conversations, admin intents, the deflection report. */
export const botRoutes = [
  defineRoute({
    method: 'post', path: '/bot/conversations', operationId: 'startBotConversation', tag: 'Chatbot',
    summary: 'Start a conversation with the assistant (customers, incl. visitor tokens); answers with the greeting',
    permission: 'self', body: startConversationInput,
    responses: { 201: { description: 'Started', schema: conversationCreated }, 400: { description: 'Not a customer' } },
    handler: async ({ body }, { db, principal, actor }) => ({ status: 201, body: await startConversation(db, principal, actor, body) }),
  }),
  defineRoute({
    method: 'get', path: '/bot/conversations/:id', operationId: 'getBotConversation', tag: 'Chatbot',
    summary: 'A conversation with its messages and outcome (its customer; staff with bot:manage or reports:read)',
    permission: 'self', params: idParam,
    responses: { 200: { description: 'The conversation', schema: conversationView }, 404: notYours },
    handler: async ({ params }, { db, principal }) => ({ body: await getConversation(db, principal, params.id) }),
  }),
  defineRoute({
    method: 'post', path: '/bot/conversations/:id/messages', operationId: 'askBot', tag: 'Chatbot',
    summary: 'Ask the assistant: an answer with passage and links, a clarifying question, an intent answer, or "not sure" with a human offered',
    permission: 'self', params: idParam, body: botMessageInput,
    responses: {
      200: { description: 'The reply', schema: z.object({ reply: botReply }) }, 404: notYours,
      409: { description: 'Already handed over' }, 503: { description: 'The search engine cannot be reached' },
    },
    handler: async ({ params, body }, { db, principal, actor, deps }) => ({
      body: { reply: await postBotMessage(db, { search: deps.search }, principal, actor, params.id, body.text) },
    }),
  }),
  defineRoute({
    method: 'post', path: '/bot/conversations/:id/feedback', operationId: 'rateBotConversation', tag: 'Chatbot',
    summary: '"Was this helpful?": yes marks the conversation resolved by the bot',
    permission: 'self', params: idParam, body: botFeedbackInput,
    responses: { 204: { description: 'Recorded' }, 404: notYours },
    handler: async ({ params, body }, { db, principal, actor }) => {
      await recordBotFeedback(db, principal, actor, params.id, body.helpful);
      return { status: 204 };
    },
  }),
  defineRoute({
    method: 'post', path: '/bot/conversations/:id/handover', operationId: 'handOverBotConversation', tag: 'Chatbot',
    summary: 'Hand over to a person: a ticket, or a live chat, carrying the conversation so far',
    permission: 'self', params: idParam, body: botHandoverInput,
    responses: { 201: { description: 'Handed over', schema: z.object({ ticketId: z.number(), mode: z.enum(['ticket', 'chat']) }) }, 404: notYours, 409: { description: 'Already handed over' } },
    handler: async ({ params, body }, { db, principal, actor }) => ({ status: 201, body: await handOver(db, principal, actor, params.id, body) }),
  }),
  defineRoute({
    method: 'get', path: '/bot/intents', operationId: 'listBotIntents', tag: 'Chatbot', summary: 'Intents: example phrases, answer and optional action',
    permission: 'bot:manage',
    responses: { 200: { description: 'Every intent', schema: z.object({ items: z.array(intentView) }) } },
    handler: async (_input, { db }) => ({ body: { items: await listIntents(db) } }),
  }),
  defineRoute({
    method: 'post', path: '/bot/intents', operationId: 'createBotIntent', tag: 'Chatbot',
    summary: 'Create an intent; its examples are embedded now (trained locally)', permission: 'bot:manage', body: intentInput,
    responses: { 201: { description: 'Created', schema: intentView } },
    handler: async ({ body }, { db, actor }) => ({ status: 201, body: await createIntent(db, actor, body) }),
  }),
  defineRoute({
    method: 'get', path: '/bot/intents/:id', operationId: 'getBotIntent', tag: 'Chatbot', summary: 'One intent',
    permission: 'bot:manage', params: idParam,
    responses: { 200: { description: 'The intent', schema: intentView }, 404: { description: 'No such intent' } },
    handler: async ({ params }, { db }) => ({ body: await getIntent(db, params.id) }),
  }),
  defineRoute({
    method: 'patch', path: '/bot/intents/:id', operationId: 'updateBotIntent', tag: 'Chatbot',
    summary: 'Change an intent (new examples are embedded again); `version` guards against concurrent edits',
    permission: 'bot:manage', params: idParam, body: intentPatch,
    responses: { 200: { description: 'Updated', schema: intentView }, 404: { description: 'No such intent' }, 409: { description: 'Stale version' } },
    handler: async ({ params, body }, { db, actor }) => ({ body: await updateIntent(db, actor, params.id, body) }),
  }),
  defineRoute({
    method: 'delete', path: '/bot/intents/:id', operationId: 'deleteBotIntent', tag: 'Chatbot', summary: 'Delete an intent',
    permission: 'bot:manage', params: idParam,
    responses: { 204: { description: 'Deleted' }, 404: { description: 'No such intent' } },
    handler: async ({ params }, { db, actor }) => {
      await deleteIntent(db, actor, params.id);
      return { status: 204 };
    },
  }),
  defineRoute({
    method: 'get', path: '/reports/bot', operationId: 'botReport', tag: 'Reports',
    summary: 'Chatbot outcomes in a range: resolved, handed over, abandoned (idle 30 min), deflection rate, top intents, unanswered questions',
    permission: 'reports:read', query: botReportQuery,
    responses: { 200: { description: 'The report', schema: botReportResponse } },
    handler: async ({ query }, { db }) => ({ body: await botReport(db, query) }),
  }),
];
