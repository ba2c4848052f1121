import { z } from 'zod';
import { LanternError } from '../../core/errors';
import { idParam } from '../../core/schemas/common.schema';
import {
  availabilityInput, createRoutingRuleInput, dryRunInput, reorderRoutingRulesInput, routingProfileInput, teamCalendarInput, updateRoutingRuleInput,
} from '../../core/schemas/routing.schema';
import { createRoutingRule, deleteRoutingRule, getRoutingRule, listRoutingRules, reorderRoutingRules, updateRoutingRule } from '../../services/routing/routing-rule.service';
import { getRoutingProfileWithAvailability, putRoutingProfile, setAvailability, setTeamCalendar } from '../../services/routing/routing-profile.service';
import { explainRouting, explainStoredTicket, routeTicket, routingHistory } from '../../services/routing/routing.service';
import { getVisibleTicket } from '../../services/tickets/tickets.service';
import { defineRoute } from '../http/route';
import { etag, optionalVersion } from '../http/versioning';

const tag = 'Routing';
const list = (item: z.ZodType) => z.object({ data: z.array(item), nextCursor: z.null() });

export const routingRoutes = [
  defineRoute({
    method: 'get', path: '/routing-rules', operationId: 'listRoutingRules', summary: 'Routing rules in evaluation order', tag,
    permission: 'settings:read',
    responses: { 200: { description: 'Every rule, in order', schema: list(z.unknown()) } },
    handler: async (_input, { db }) => ({ body: { data: await listRoutingRules(db), nextCursor: null } }),
  }),
  defineRoute({
    method: 'post', path: '/routing-rules', operationId: 'createRoutingRule', summary: 'Add a routing rule (evaluated last)', tag,
    permission: 'settings:write', body: createRoutingRuleInput, idempotent: true,
    responses: { 201: { description: 'Created' } },
    handler: async ({ body }, { db, actor }) => {
      const rule = await createRoutingRule(db, actor, body);
      return { status: 201, body: rule, headers: { ETag: etag(rule.version), Location: `/api/v1/routing-rules/${rule.id}` } };
    },
  }),
  defineRoute({
    method: 'put', path: '/routing-rules/order', operationId: 'reorderRoutingRules', summary: 'Set the evaluation order (list every rule id once)', tag,
    permission: 'settings:write', body: reorderRoutingRulesInput,
    responses: { 200: { description: 'Rules in their new order' } },
    handler: async ({ body }, { db, actor }) => ({ body: { data: await reorderRoutingRules(db, actor, body), nextCursor: null } }),
  }),
  defineRoute({
    method: 'post', path: '/routing-rules/dry-run', operationId: 'dryRunRouting', summary: 'Explain how a ticket (stored or described) would be routed now; writes nothing', tag,
    permission: 'settings:read', body: dryRunInput,
    responses: { 200: { description: 'Which rule matched and why, every candidate with scores and reasons' } },
    handler: async ({ body }, { db, principal }) => {
      if (body.ticketId !== undefined) {
        await getVisibleTicket(db, principal, body.ticketId);
        return { body: await explainStoredTicket(db, body.ticketId) };
      }
      const { subject, text, ...t } = body.ticket!;
      return { body: await explainRouting(db, { ...t, priorityRank: null, text: `${subject}\n${text}` }, null) };
    },
  }),
  defineRoute({
    method: 'get', path: '/routing-rules/:id', operationId: 'getRoutingRule', summary: 'Get a routing rule', tag,
    permission: 'settings:read', params: idParam,
    responses: { 200: { description: 'The rule' } },
    handler: async ({ params }, { db }) => {
      const rule = await getRoutingRule(db, params.id);
      return { body: rule, headers: { ETag: etag(rule.version) } };
    },
  }),
  defineRoute({
    method: 'patch', path: '/routing-rules/:id', operationId: 'updateRoutingRule', summary: 'Change a routing rule (the result is validated as a whole)', tag,
    permission: 'settings:write', params: idParam, body: updateRoutingRuleInput,
    responses: { 200: { description: 'Updated' }, 409: { description: 'Stale version' } },
    handler: async ({ params, body }, { db, actor, koa }) => {
      const rule = await updateRoutingRule(db, actor, params.id, body, optionalVersion(koa.get('If-Match'), body.version));
      return { body: rule, headers: { ETag: etag(rule.version) } };
    },
  }),
  defineRoute({
    method: 'delete', path: '/routing-rules/:id', operationId: 'deleteRoutingRule', summary: 'Delete a routing rule', tag,
    permission: 'settings:write', params: idParam,
    responses: { 204: { description: 'Deleted' } },
    handler: async ({ params }, { db, actor }) => {
      await deleteRoutingRule(db, actor, params.id);
      return { status: 204 };
    },
  }),
  defineRoute({
    method: 'get', path: '/workers/:id/routing-profile', operationId: 'getRoutingProfile', summary: 'A worker\'s skills, languages, shifts, capacity and availability (with on-shift now)', tag,
    permission: 'workers:read', params: idParam,
    responses: { 200: { description: 'The routing profile and its effective availability now' } },
    handler: async ({ params }, { db }) => ({ body: await getRoutingProfileWithAvailability(db, params.id) }),
  }),
  defineRoute({
    method: 'put', path: '/workers/:id/routing-profile', operationId: 'putRoutingProfile', summary: 'Replace a worker\'s routing profile', tag,
    permission: 'team_members:manage', params: idParam, body: routingProfileInput,
    responses: { 200: { description: 'The new routing profile' }, 403: { description: 'Not an admin nor a lead of the worker\'s team' } },
    handler: async ({ params, body }, { db, actor, principal }) => ({ body: await putRoutingProfile(db, principal, actor, params.id, body) }),
  }),
  defineRoute({
    method: 'put', path: '/me/availability', operationId: 'setMyAvailability', summary: 'Go online, away or offline (online hands out queued tickets)', tag,
    permission: 'self', body: availabilityInput,
    responses: { 200: { description: 'My routing profile' }, 400: { description: 'Not a worker' } },
    handler: async ({ body }, { db, actor, principal }) => {
      if (principal.kind !== 'worker') throw new LanternError('bad_request', 'Only workers have an availability');
      return { body: await setAvailability(db, actor, principal.id, body.availability) };
    },
  }),
  defineRoute({
    method: 'put', path: '/teams/:id/calendar', operationId: 'setTeamCalendar', summary: 'Set the team\'s working calendar (or null)', tag,
    permission: 'settings:write', params: idParam, body: teamCalendarInput,
    responses: { 200: { description: 'The team calendar' } },
    handler: async ({ params, body }, { db, actor }) => ({ body: await setTeamCalendar(db, actor, params.id, body.calendarId) }),
  }),
  defineRoute({
    method: 'get', path: '/tickets/:id/routing', operationId: 'getTicketRouting', summary: 'Every routing decision for a ticket, newest first', tag,
    permission: 'notes:read', params: idParam,
    responses: { 200: { description: 'Decisions with rule, candidates, scores and the chosen worker' } },
    handler: async ({ params }, { db, principal }) => {
      await getVisibleTicket(db, principal, params.id);
      return { body: { data: await routingHistory(db, params.id), nextCursor: null } };
    },
  }),
  defineRoute({
    method: 'post', path: '/tickets/:id/route', operationId: 'routeTicket', summary: 'Route (or reassign) a ticket now', tag,
    permission: 'tickets:update', params: idParam,
    responses: { 200: { description: 'The decision; null when the ticket is closed' } },
    handler: async ({ params }, { db, principal, actor }) => {
      await getVisibleTicket(db, principal, params.id);
      const result = await routeTicket(db, params.id, { trigger: 'manual', actor });
      return { body: result?.decision ?? null };
    },
  }),
];
