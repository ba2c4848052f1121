import { idParam, page } from '../../core/schemas/common.schema';
import { createWorkerInput, listWorkersQuery, updateWorkerInput, workerResponse } from '../../core/schemas/worker.schema';
import { createWorker, getWorker, listWorkers, updateWorker } from '../../services/people/worker.service';
import { defineRoute } from '../http/route';
import { etag, optionalVersion } from '../http/versioning';

const tag = 'Workers';

export const workerRoutes = [
  defineRoute({
    method: 'get', path: '/workers', operationId: 'listWorkers', summary: 'List agents, supervisors and admins', tag,
    permission: 'workers:read', query: listWorkersQuery,
    responses: { 200: { description: 'A page of workers', schema: page(workerResponse) } },
    handler: async ({ query }, { db }) => {
      const { rows, nextCursor } = await listWorkers(db, query);
      return { body: { data: rows, nextCursor } };
    },
  }),
  defineRoute({
    method: 'post', path: '/workers', operationId: 'createWorker', summary: 'Create a worker with a password', tag,
    permission: 'workers:write', body: createWorkerInput, idempotent: true,
    responses: { 201: { description: 'Created', schema: workerResponse }, 409: { description: 'Email already used' } },
    handler: async ({ body }, { db, actor }) => {
      const worker = await createWorker(db, actor, body);
      return { status: 201, body: worker, headers: { ETag: etag(worker.version), Location: `/api/v1/workers/${worker.id}` } };
    },
  }),
  defineRoute({
    method: 'get', path: '/workers/:id', operationId: 'getWorker', summary: 'Get a worker', tag,
    permission: 'workers:read', params: idParam,
    responses: { 200: { description: 'The worker', schema: workerResponse } },
    handler: async ({ params }, { db }) => {
      const worker = await getWorker(db, params.id);
      return { body: worker, headers: { ETag: etag(worker.version) } };
    },
  }),
  defineRoute({
    method: 'patch', path: '/workers/:id', operationId: 'updateWorker', summary: 'Change a worker; active: false deactivates and revokes their sessions and keys', tag,
    permission: 'workers:write', params: idParam, body: updateWorkerInput,
    responses: { 200: { description: 'Updated', schema: workerResponse }, 409: { description: 'Stale version or email already used' }, 422: { description: 'Would leave no active admin' } },
    handler: async ({ params, body }, { db, actor, koa }) => {
      const worker = await updateWorker(db, actor, params.id, body, optionalVersion(koa.get('If-Match'), body.version));
      return { body: worker, headers: { ETag: etag(worker.version) } };
    },
  }),
];
