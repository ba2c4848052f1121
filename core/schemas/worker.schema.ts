import { z } from 'zod';
import { WORKER_ROLES } from '../permissions';
import { cursor, id, limit } from './common.schema';
import { atLeastOneChange, bodyVersion, queryBool, searchText } from './query.schema';

const fields = {
  name: z.string().trim().min(1).max(200),
  email: z.email().max(320),
  role: z.enum(WORKER_ROLES),
  /** Sees every ticket regardless of team. */
  allTickets: z.boolean(),
  active: z.boolean(),
};

export const createWorkerInput = z.strictObject({
  name: fields.name,
  email: fields.email,
  role: fields.role,
  allTickets: fields.allTickets.optional(),
  password: z.string().min(10, 'must be at least 10 characters').max(1000),
});
export type CreateWorkerInput = z.infer<typeof createWorkerInput>;

/** `active: false` deactivates: sign-in stops and the worker's sessions and API keys are revoked. */
export const updateWorkerInput = z
  .strictObject({ ...z.object(fields).partial().shape, version: bodyVersion })
  .refine(...atLeastOneChange);
export type UpdateWorkerInput = z.infer<typeof updateWorkerInput>;

export const listWorkersQuery = z.strictObject({
  /** Matches name or email, case-insensitive substring. */
  q: searchText.optional(),
  role: z.enum(WORKER_ROLES).optional(),
  active: queryBool.optional(),
  teamId: id.optional(),
  limit,
  cursor,
});
export type ListWorkersQuery = z.infer<typeof listWorkersQuery>;

export const workerResponse = z.object({
  id: z.number(),
  name: z.string(),
  email: z.string(),
  role: z.enum(WORKER_ROLES),
  allTickets: z.boolean(),
  active: z.boolean(),
  teams: z.array(z.object({ id: z.number(), name: z.string(), role: z.enum(['lead', 'member']) })),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  version: z.number(),
});
export type WorkerView = z.infer<typeof workerResponse>;
