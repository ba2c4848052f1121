import { z } from 'zod';
import { id } from '../../core/schemas/common.schema';
import { CHAT_STATES, chatContactInput, startChatInput, visitorTokenInput } from '../../core/schemas/chat.schema';
import { createVisitor, getChat, requestTranscript, setChatContact, startChat } from '../../services/chat/chat.service';
import { issueVisitorToken } from '../../services/chat/visitor-token';
import { defineRoute } from '../http/route';

const ticketParam = z.strictObject({ ticketId: id });
const chatResponse = z.object({
  ticketId: z.number(), ticketNumber: z.number(), state: z.enum(CHAT_STATES), offlineReason: z.enum(['no_agent', 'outside_hours']).nullable(),
  channel: z.string(), assigneeId: z.number().nullable(), teamId: z.number().nullable(), queuePosition: z.number().nullable(),
  customerReadEntryId: z.number().nullable(), agentReadEntryId: z.number().nullable(), createdAt: z.string(), closedAt: z.string().nullable(),
});

/** Live chat over HTTP: visitor identity, starting a chat, its state, contact address, transcript (the socket is gateway/realtime/chat.ws.ts). */
export const chatRoutes = [
  defineRoute({
    method: 'post', path: '/chat/visitor-token', operationId: 'createChatVisitorToken', tag: 'Chat',
    summary: 'Anonymous visitor identity for live chat: a signed token (Bearer, or ?visitorToken= on the WebSocket) scoped to the visitor\'s own chats',
    permission: 'public', body: visitorTokenInput,
    responses: { 201: { description: 'Issued', schema: z.object({ token: z.string(), customerId: z.number(), expiresAt: z.string() }) } },
    handler: async ({ body }, { db, deps, koa }) => {
      const customerId = await createVisitor(db, { requestId: koa.state.requestId as string, ip: koa.ip }, body);
      const { token, expiresAt } = issueVisitorToken(deps.config, customerId);
      return { status: 201, body: { token, customerId, expiresAt: expiresAt.toISOString() } };
    },
  }),
  defineRoute({
    method: 'post', path: '/chat/sessions', operationId: 'startChat', tag: 'Chat',
    summary: 'Start a live chat (customers and visitors): a ticket with channel chat, routed at once; no agent available turns it into an email ticket',
    permission: 'tickets:create', body: startChatInput,
    responses: { 201: { description: 'Started', schema: chatResponse }, 403: { description: 'Not a customer' } },
    handler: async ({ body }, { db, principal, actor }) => {
      const chat = await startChat(db, principal, actor, body);
      return { status: 201, body: chat, headers: { Location: `/api/v1/chat/${chat.ticketId}` } };
    },
  }),
  defineRoute({
    method: 'get', path: '/chat/:ticketId', operationId: 'getChat', tag: 'Chat', summary: 'State of a chat: waiting (with queue position), active, offline or closed',
    permission: 'tickets:read', params: ticketParam,
    responses: { 200: { description: 'The chat', schema: chatResponse }, 404: { description: 'No such chat visible to you' } },
    handler: async ({ params }, { db, principal }) => ({ body: await getChat(db, principal, params.ticketId) }),
  }),
  defineRoute({
    method: 'post', path: '/chat/:ticketId/contact', operationId: 'setChatContact', tag: 'Chat',
    summary: 'An anonymous visitor leaves an email address (offline chat continues by email)',
    permission: 'entries:create_customer', params: ticketParam, body: chatContactInput,
    responses: { 200: { description: 'Saved', schema: chatResponse }, 409: { description: 'Address already set, or belongs to an account' } },
    handler: async ({ params, body }, { db, principal, actor }) => ({ body: await setChatContact(db, principal, actor, params.ticketId, body) }),
  }),
  defineRoute({
    method: 'post', path: '/chat/:ticketId/transcript', operationId: 'emailChatTranscript', tag: 'Chat',
    summary: 'Email the chat transcript to the customer (queued durably; asking again without new messages sends one email)',
    permission: 'tickets:read', params: ticketParam,
    responses: { 202: { description: 'Queued', schema: z.object({ outboundMessageId: z.number(), untilEntryId: z.number() }) }, 409: { description: 'The customer has no email address' } },
    handler: async ({ params }, { db, principal, actor }) => ({ status: 202, body: await requestTranscript(db, principal, actor, params.ticketId) }),
  }),
];
