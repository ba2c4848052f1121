import { idParam, page } from '../../core/schemas/common.schema';
import { bodyVersion } from '../../core/schemas/query.schema';
import { createTeamInput, listTeamsQuery, replaceTeamMembersInput, teamResponse, updateTeamInput } from '../../core/schemas/team.schema';
import { createTeam, deleteTeam, getTeam, listTeams, replaceTeamMembers, updateTeam } from '../../services/settings/team.service';
import { defineRoute } from '../http/route';
import { etag, optionalVersion } from '../http/versioning';

const tag = 'Teams';
const membersInput = replaceTeamMembersInput.extend({ version: bodyVersion });

export const teamRoutes = [
  defineRoute({
    method: 'get', path: '/teams', operationId: 'listTeams', summary: 'List teams with their members', tag,
    permission: 'settings:read', query: listTeamsQuery,
    responses: { 200: { description: 'A page of teams', schema: page(teamResponse) } },
    handler: async ({ query }, { db }) => {
      const { rows, nextCursor } = await listTeams(db, query);
      return { body: { data: rows, nextCursor } };
    },
  }),
  defineRoute({
    method: 'post', path: '/teams', operationId: 'createTeam', summary: 'Create a team', tag,
    permission: 'settings:write', body: createTeamInput, idempotent: true,
    responses: { 201: { description: 'Created', schema: teamResponse }, 409: { description: 'Name already used' } },
    handler: async ({ body }, { db, actor }) => {
      const team = await createTeam(db, actor, body);
      return { status: 201, body: team, headers: { ETag: etag(team.version), Location: `/api/v1/teams/${team.id}` } };
    },
  }),
  defineRoute({
    method: 'get', path: '/teams/:id', operationId: 'getTeam', summary: 'Get a team with its members', tag,
    permission: 'settings:read', params: idParam,
    responses: { 200: { description: 'The team', schema: teamResponse } },
    handler: async ({ params }, { db }) => {
      const team = await getTeam(db, params.id);
      return { body: team, headers: { ETag: etag(team.version) } };
    },
  }),
  defineRoute({
    method: 'patch', path: '/teams/:id', operationId: 'updateTeam', summary: 'Rename a team or change its focus', tag,
    permission: 'settings:write', params: idParam, body: updateTeamInput,
    responses: { 200: { description: 'Updated', schema: teamResponse }, 409: { description: 'Stale version or name already used' } },
    handler: async ({ params, body }, { db, actor, koa }) => {
      const team = await updateTeam(db, actor, params.id, body, optionalVersion(koa.get('If-Match'), body.version));
      return { body: team, headers: { ETag: etag(team.version) } };
    },
  }),
  defineRoute({
    method: 'put', path: '/teams/:id/members', operationId: 'replaceTeamMembers', summary: 'Replace a team\'s members (workers not listed leave the team)', tag,
    permission: 'team_members:manage', params: idParam, body: membersInput,
    responses: { 200: { description: 'The team with its new members', schema: teamResponse }, 403: { description: 'Not an admin nor a lead of this team' } },
    handler: async ({ params, body }, { db, actor, principal, koa }) => {
      const team = await replaceTeamMembers(db, principal, actor, params.id, body, optionalVersion(koa.get('If-Match'), body.version));
      return { body: team, headers: { ETag: etag(team.version) } };
    },
  }),
  defineRoute({
    method: 'delete', path: '/teams/:id', operationId: 'deleteTeam', summary: 'Delete a team that no ticket is routed to', tag,
    permission: 'settings:write', params: idParam,
    responses: { 204: { description: 'Deleted' }, 409: { description: 'Tickets are routed to it' } },
    handler: async ({ params }, { db, actor }) => {
      await deleteTeam(db, actor, params.id);
      return {};
    },
  }),
];
