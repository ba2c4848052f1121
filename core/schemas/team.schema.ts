import { z } from 'zod';
import { bodyId, cursor, limit } from './common.schema';
import { atLeastOneChange, bodyVersion, searchText } from './query.schema';

export const TEAM_ROLES = ['lead', 'member'] as const;

const fields = {
  name: z.string().trim().min(1).max(100),
  focus: z.string().trim().max(1000),
};

export const createTeamInput = z.strictObject({ name: fields.name, focus: fields.focus.optional() });
export type CreateTeamInput = z.infer<typeof createTeamInput>;

export const updateTeamInput = z
  .strictObject({ ...z.object(fields).partial().shape, version: bodyVersion })
  .refine(...atLeastOneChange);
export type UpdateTeamInput = z.infer<typeof updateTeamInput>;

/** The full membership list: members not named are removed. */
export const replaceTeamMembersInput = z.strictObject({
  members: z
    .array(z.strictObject({ workerId: bodyId, role: z.enum(TEAM_ROLES).default('member') }))
    .max(1000)
    .refine((m) => new Set(m.map((x) => x.workerId)).size === m.length, 'each worker may appear once'),
});
export type ReplaceTeamMembersInput = z.infer<typeof replaceTeamMembersInput>;

export const listTeamsQuery = z.strictObject({ q: searchText.optional(), limit, cursor });
export type ListTeamsQuery = z.infer<typeof listTeamsQuery>;

export const teamResponse = z.object({
  id: z.number(),
  name: z.string(),
  focus: z.string(),
  members: z.array(z.object({ workerId: z.number(), name: z.string(), role: z.enum(TEAM_ROLES) })),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  version: z.number(),
});
export type TeamView = z.infer<typeof teamResponse>;
