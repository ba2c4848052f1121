import { z } from 'zod';
import { idParam } from '../../core/schemas/common.schema';
import { createViewInput, updateViewInput, viewCountsResponse, viewResponse } from '../../core/schemas/view.schema';
import { createView, deleteView, listViews, updateView, viewCounts } from '../../services/views/view.service';
import { defineRoute } from '../http/route';

const tag = 'Views';

/** Saved ticket-list views: personal (the caller's) and shared (settings:write to change). Workers only. */
export const viewRoutes = [
  defineRoute({
    method: 'get', path: '/views', operationId: 'listViews', summary: 'My personal views and all shared views, by position', tag,
    permission: 'notes:read',
    responses: { 200: { description: 'Views', schema: z.object({ data: z.array(viewResponse) }) }, 403: { description: 'Not a worker' } },
    handler: async (_input, { db, principal }) => ({ body: { data: await listViews(db, principal) } }),
  }),
  defineRoute({
    method: 'get', path: '/views/counts', operationId: 'getViewCounts', summary: 'Ticket count of every view I see (capped at 10,000)', tag,
    permission: 'notes:read',
    responses: { 200: { description: 'Counts', schema: viewCountsResponse } },
    handler: async (_input, { db, principal }) => ({ body: { data: await viewCounts(db, principal) } }),
  }),
  defineRoute({
    method: 'post', path: '/views', operationId: 'createView', summary: 'Save a view (shared views need settings:write)', tag,
    permission: 'notes:read', body: createViewInput, idempotent: true,
    responses: { 201: { description: 'Created', schema: viewResponse }, 400: { description: 'Filters refer to missing ids' } },
    handler: async ({ body }, { db, principal, actor }) => {
      const created = await createView(db, principal, actor, body);
      return { status: 201, body: created, headers: { Location: `/api/v1/views/${created.id}` } };
    },
  }),
  defineRoute({
    method: 'patch', path: '/views/:id', operationId: 'updateView', summary: 'Change a view', tag,
    permission: 'notes:read', params: idParam, body: updateViewInput,
    responses: { 200: { description: 'Updated', schema: viewResponse } },
    handler: async ({ params, body }, { db, principal, actor }) => ({ body: await updateView(db, principal, actor, params.id, body) }),
  }),
  defineRoute({
    method: 'delete', path: '/views/:id', operationId: 'deleteView', summary: 'Delete a view', tag,
    permission: 'notes:read', params: idParam,
    responses: { 204: { description: 'Deleted' } },
    handler: async ({ params }, { db, principal, actor }) => {
      await deleteView(db, principal, actor, params.id);
      return {};
    },
  }),
];
