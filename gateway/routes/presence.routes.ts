import { idParam } from '../../core/schemas/common.schema';
import { presenceInput, presenceResponse } from '../../core/schemas/presence.schema';
import { heartbeat, leave, listPresence } from '../../services/presence/presence.service';
import { defineRoute } from '../http/route';

const tag = 'Presence';

/** Who is viewing or replying on a ticket (workers only; live changes arrive as SSE `presence` events). */
export const presenceRoutes = [
  defineRoute({
    method: 'put', path: '/tickets/:id/presence', operationId: 'putTicketPresence', summary: 'I am viewing or replying on this ticket (heartbeat every 15 s, expires after 40 s)', tag,
    permission: 'tickets:read', params: idParam, body: presenceInput,
    responses: { 204: { description: 'Recorded' }, 400: { description: 'Not a worker' } },
    handler: async ({ params, body }, { db, principal }) => {
      await heartbeat(db, principal, params.id, body.state);
      return {};
    },
  }),
  defineRoute({
    method: 'delete', path: '/tickets/:id/presence', operationId: 'deleteTicketPresence', summary: 'I left this ticket', tag,
    permission: 'tickets:read', params: idParam,
    responses: { 204: { description: 'Removed' } },
    handler: async ({ params }, { db, principal }) => {
      await leave(db, principal, params.id);
      return {};
    },
  }),
  defineRoute({
    method: 'get', path: '/tickets/:id/presence', operationId: 'getTicketPresence', summary: 'Who else is viewing or replying on this ticket', tag,
    permission: 'tickets:read', params: idParam,
    responses: { 200: { description: 'Other workers present', schema: presenceResponse } },
    handler: async ({ params }, { db, principal }) => ({ body: { data: await listPresence(db, principal, params.id) } }),
  }),
];
