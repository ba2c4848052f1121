import { z } from 'zod';
import { idParam, page } from '../../core/schemas/common.schema';
import {
  createEmailAddressInput, emailAddressResponse, listQuarantineQuery, quarantineDetailResponse, quarantineResponse, releaseQuarantineResponse,
  updateEmailAddressInput,
} from '../../core/schemas/email.schema';
import {
  createEmailAddress, deleteEmailAddress, getEmailAddress, listEmailAddresses, updateEmailAddress,
} from '../../services/email/address.service';
import { createEmailInbound } from '../../services/email/inbound.service';
import { deleteQuarantined, getQuarantined, listQuarantine, releaseQuarantined } from '../../services/email/quarantine.service';
import { defineRoute } from '../http/route';

const tag = 'Email';

export const emailRoutes = [
  defineRoute({
    method: 'get', path: '/email/addresses', operationId: 'listEmailAddresses', summary: 'List support email addresses (passwords are never returned)', tag,
    permission: 'settings:write',
    responses: { 200: { description: 'Every support address', schema: z.object({ data: z.array(emailAddressResponse) }) } },
    handler: async (_input, { db }) => ({ body: { data: await listEmailAddresses(db) } }),
  }),
  defineRoute({
    method: 'post', path: '/email/addresses', operationId: 'createEmailAddress', summary: 'Add a support address with its inbound (SMTP, IMAP) and outbound settings', tag,
    permission: 'settings:write', body: createEmailAddressInput, idempotent: true,
    responses: { 201: { description: 'Created', schema: emailAddressResponse }, 409: { description: 'Address already exists' } },
    handler: async ({ body }, { db, actor, deps }) => {
      const created = await createEmailAddress(db, deps.config, actor, body);
      return { status: 201, body: created, headers: { Location: `/api/v1/email/addresses/${created.id}` } };
    },
  }),
  defineRoute({
    method: 'get', path: '/email/addresses/:id', operationId: 'getEmailAddress', summary: 'Get a support address', tag,
    permission: 'settings:write', params: idParam,
    responses: { 200: { description: 'The address', schema: emailAddressResponse } },
    handler: async ({ params }, { db }) => ({ body: await getEmailAddress(db, params.id) }),
  }),
  defineRoute({
    method: 'patch', path: '/email/addresses/:id', operationId: 'updateEmailAddress', summary: 'Change a support address (omit a password to keep it)', tag,
    permission: 'settings:write', params: idParam, body: updateEmailAddressInput,
    responses: { 200: { description: 'Updated', schema: emailAddressResponse }, 409: { description: 'Version stale' } },
    handler: async ({ params, body }, { db, actor, deps }) => ({ body: await updateEmailAddress(db, deps.config, actor, params.id, body) }),
  }),
  defineRoute({
    method: 'delete', path: '/email/addresses/:id', operationId: 'deleteEmailAddress', summary: 'Remove a support address (stored mail keeps its history)', tag,
    permission: 'settings:write', params: idParam,
    responses: { 204: { description: 'Deleted' } },
    handler: async ({ params }, { db, actor }) => {
      await deleteEmailAddress(db, actor, params.id);
      return {};
    },
  }),
  defineRoute({
    method: 'get', path: '/email/quarantine', operationId: 'listEmailQuarantine', summary: 'Mail held back (auto-replies, loops, bounces, rate-limited, spam, oversize), newest first', tag,
    permission: 'settings:write', query: listQuarantineQuery,
    responses: { 200: { description: 'A page of held messages', schema: page(quarantineResponse) } },
    handler: async ({ query }, { db }) => {
      const { rows, nextCursor } = await listQuarantine(db, query);
      return { body: { data: rows, nextCursor } };
    },
  }),
  defineRoute({
    method: 'get', path: '/email/quarantine/:id', operationId: 'getEmailQuarantine', summary: 'A held message: headers, decoded text and attachment list', tag,
    permission: 'settings:write', params: idParam,
    responses: { 200: { description: 'The message', schema: quarantineDetailResponse } },
    handler: async ({ params }, { db, deps }) => ({ body: await getQuarantined(db, deps.storage, params.id) }),
  }),
  defineRoute({
    method: 'post', path: '/email/quarantine/:id/release', operationId: 'releaseEmailQuarantine', summary: 'Process a held message as normal mail (creates or threads a ticket)', tag,
    permission: 'settings:write', params: idParam,
    responses: { 200: { description: 'Where the message went', schema: releaseQuarantineResponse } },
    handler: async ({ params }, { actor, deps }) => {
      const inbound = createEmailInbound({ db: deps.db, config: deps.config, logger: deps.logger, storage: deps.storage });
      const result = await releaseQuarantined(deps.db, deps.storage, actor, params.id, async (q, raw) => {
        const r = await inbound.ingest({ raw, source: q.source, mailFrom: q.mail_from, rcptTo: q.rcpt_to, addressId: q.address_id, release: true });
        return { outcome: r.outcome, ticketId: r.ticketId, entryId: r.entryId };
      });
      return { body: result };
    },
  }),
  defineRoute({
    method: 'delete', path: '/email/quarantine/:id', operationId: 'deleteEmailQuarantine', summary: 'Delete a held message and its stored source', tag,
    permission: 'settings:write', params: idParam,
    responses: { 204: { description: 'Deleted' } },
    handler: async ({ params }, { db, actor, deps }) => {
      await deleteQuarantined(db, deps.storage, actor, params.id);
      return {};
    },
  }),
];
