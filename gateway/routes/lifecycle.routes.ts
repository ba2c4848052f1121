import { idParam, page, pageQuery } from '../../core/schemas/common.schema';
import {
  calendarResponse, createCalendarInput, createSlaPolicyInput, lifecycleListResponse, lifecyclePolicyResponse,
  lifecycleSettingsResponse, listLifecyclesQuery, listPolicyVersionsQuery, patchLifecycleSettingsInput, policyVersionParam,
  policyVersionResponse, reorderSlaPoliciesInput, replaceLifecycleSettingsInput, slaPolicyResponse, ticketLifecycleQuery,
  updateCalendarInput, updateSlaPolicyInput,
} from '../../core/schemas/lifecycle.schema';
import { lifecyclePreviewInput, lifecyclePreviewResponse } from '../../core/schemas/lifecycle-preview.schema';
import { createCalendar, deleteCalendar, getCalendar, listCalendars, updateCalendar } from '../../services/lifecycle/calendar.service';
import { getTicketLifecycle, listItemView } from '../../services/lifecycle/lifecycle-view.service';
import { previewLifecyclePolicy } from '../../services/lifecycle/policy-preview.service';
import {
  getCurrentPolicy, getPolicyVersion, listPolicyVersions, patchLifecycleSettings, replaceLifecycleSettings,
} from '../../services/lifecycle/policy.service';
import {
  createSlaPolicy, deleteSlaPolicy, getSlaPolicy, listSlaPolicies, reorderSlaPolicies, updateSlaPolicy,
} from '../../services/lifecycle/sla-policy.service';
import { defineRoute } from '../http/route';
import { etag, optionalVersion } from '../http/versioning';

const tag = 'Lifecycle';
const invalidPolicy = { description: 'Invalid, or would make the compiled lifecycle policy invalid (field errors; nothing saved)' };

const policyRoutes = [
  defineRoute({
    method: 'get', path: '/lifecycle-policies', operationId: 'getLifecyclePolicy', summary: 'The compiled lifecycle policy in force and its settings', tag,
    permission: 'settings:read',
    responses: { 200: { description: 'Current version, document and settings', schema: lifecyclePolicyResponse } },
    handler: async (_input, { db }) => {
      const current = await getCurrentPolicy(db);
      return { body: current, headers: { ETag: etag(current.settings.version) } };
    },
  }),
  defineRoute({
    method: 'put', path: '/lifecycle-policies', operationId: 'replaceLifecycleSettings', summary: 'Replace the lifecycle settings (omitted sections take defaults); publishes a new policy version', tag,
    permission: 'settings:write', body: replaceLifecycleSettingsInput,
    responses: { 200: { description: 'The new settings', schema: lifecycleSettingsResponse }, 409: { description: 'Stale version' }, 422: invalidPolicy },
    handler: async ({ body }, { db, actor, koa }) => {
      const settings = await replaceLifecycleSettings(db, actor, body, optionalVersion(koa.get('If-Match'), body.version));
      return { body: settings, headers: { ETag: etag(settings.version) } };
    },
  }),
  defineRoute({
    method: 'patch', path: '/lifecycle-policies', operationId: 'updateLifecycleSettings', summary: 'Change some lifecycle settings (sections merge field by field); publishes a new policy version', tag,
    permission: 'settings:write', body: patchLifecycleSettingsInput,
    responses: { 200: { description: 'The new settings', schema: lifecycleSettingsResponse }, 409: { description: 'Stale version' }, 422: invalidPolicy },
    handler: async ({ body }, { db, actor, koa }) => {
      const settings = await patchLifecycleSettings(db, actor, body, optionalVersion(koa.get('If-Match'), body.version));
      return { body: settings, headers: { ETag: etag(settings.version) } };
    },
  }),
  defineRoute({
    // settings:read: a dry run writes nothing, so whoever may read the policy may preview it (or a draft of it).
    method: 'post', path: '/lifecycle-policies/preview', operationId: 'previewLifecyclePolicy', summary: 'Simulate what a sample ticket would experience under the policy in force or an unsaved draft (writes nothing)', tag,
    permission: 'settings:read', body: lifecyclePreviewInput,
    responses: { 200: { description: 'The matched SLA policy and the ticket\'s timeline', schema: lifecyclePreviewResponse }, 422: { description: 'Invalid sample or policy draft (field errors)' } },
    handler: async ({ body }, { db }) => ({ body: await previewLifecyclePolicy(db, body, Date.now()) }),
  }),
  defineRoute({
    method: 'get', path: '/lifecycle-policies/versions', operationId: 'listLifecyclePolicyVersions', summary: 'Published policy versions, newest first', tag,
    permission: 'settings:read', query: listPolicyVersionsQuery,
    responses: { 200: { description: 'A page of versions', schema: page(policyVersionResponse) } },
    handler: async ({ query }, { db }) => {
      const { rows, nextCursor } = await listPolicyVersions(db, query);
      return { body: { data: rows, nextCursor } };
    },
  }),
  defineRoute({
    method: 'get', path: '/lifecycle-policies/versions/:version', operationId: 'getLifecyclePolicyVersion', summary: 'One published policy document', tag,
    permission: 'settings:read', params: policyVersionParam,
    responses: { 200: { description: 'The version with its document' } },
    handler: async ({ params }, { db }) => ({ body: await getPolicyVersion(db, params.version) }),
  }),
];

const slaRoutes = [
  defineRoute({
    method: 'get', path: '/sla-policies', operationId: 'listSlaPolicies', summary: 'SLA policies in evaluation order (the first match applies)', tag,
    permission: 'settings:read',
    responses: { 200: { description: 'Every SLA policy', schema: page(slaPolicyResponse) } },
    handler: async (_input, { db }) => ({ body: { data: await listSlaPolicies(db), nextCursor: null } }),
  }),
  defineRoute({
    method: 'post', path: '/sla-policies', operationId: 'createSlaPolicy', summary: 'Create an SLA policy; publishes a new policy version', tag,
    permission: 'settings:write', body: createSlaPolicyInput, idempotent: true,
    responses: { 201: { description: 'Created', schema: slaPolicyResponse }, 422: invalidPolicy },
    handler: async ({ body }, { db, actor }) => {
      const sla = await createSlaPolicy(db, actor, body);
      return { status: 201, body: sla, headers: { ETag: etag(sla.version), Location: `/api/v1/sla-policies/${sla.id}` } };
    },
  }),
  defineRoute({
    method: 'put', path: '/sla-policies/order', operationId: 'reorderSlaPolicies', summary: 'Set the evaluation order (list every SLA policy id once)', tag,
    permission: 'settings:write', body: reorderSlaPoliciesInput,
    responses: { 200: { description: 'SLA policies in their new order', schema: page(slaPolicyResponse) }, 422: invalidPolicy },
    handler: async ({ body }, { db, actor }) => ({ body: { data: await reorderSlaPolicies(db, actor, body), nextCursor: null } }),
  }),
  defineRoute({
    method: 'get', path: '/sla-policies/:id', operationId: 'getSlaPolicy', summary: 'Get an SLA policy', tag,
    permission: 'settings:read', params: idParam,
    responses: { 200: { description: 'The SLA policy', schema: slaPolicyResponse } },
    handler: async ({ params }, { db }) => {
      const sla = await getSlaPolicy(db, params.id);
      return { body: sla, headers: { ETag: etag(sla.version) } };
    },
  }),
  defineRoute({
    method: 'patch', path: '/sla-policies/:id', operationId: 'updateSlaPolicy', summary: 'Update an SLA policy (fields sent replace the stored ones); publishes a new policy version', tag,
    permission: 'settings:write', params: idParam, body: updateSlaPolicyInput,
    responses: { 200: { description: 'Updated', schema: slaPolicyResponse }, 409: { description: 'Stale version' }, 422: invalidPolicy },
    handler: async ({ params, body }, { db, actor, koa }) => {
      const sla = await updateSlaPolicy(db, actor, params.id, body, optionalVersion(koa.get('If-Match'), body.version));
      return { body: sla, headers: { ETag: etag(sla.version) } };
    },
  }),
  defineRoute({
    method: 'delete', path: '/sla-policies/:id', operationId: 'deleteSlaPolicy', summary: 'Delete an SLA policy; publishes a new policy version', tag,
    permission: 'settings:write', params: idParam,
    responses: { 204: { description: 'Deleted' } },
    handler: async ({ params }, { db, actor }) => {
      await deleteSlaPolicy(db, actor, params.id);
      return {};
    },
  }),
];

const calendarRoutes = [
  defineRoute({
    method: 'get', path: '/calendars', operationId: 'listCalendars', summary: 'Business-hours calendars', tag,
    permission: 'settings:read', query: pageQuery,
    responses: { 200: { description: 'A page of calendars', schema: page(calendarResponse) } },
    handler: async ({ query }, { db }) => {
      const { rows, nextCursor } = await listCalendars(db, query);
      return { body: { data: rows, nextCursor } };
    },
  }),
  defineRoute({
    method: 'post', path: '/calendars', operationId: 'createCalendar', summary: 'Create a calendar (select it in the lifecycle settings to use it)', tag,
    permission: 'settings:write', body: createCalendarInput, idempotent: true,
    responses: { 201: { description: 'Created', schema: calendarResponse }, 409: { description: 'Name already used' } },
    handler: async ({ body }, { db, actor }) => {
      const calendar = await createCalendar(db, actor, body);
      return { status: 201, body: calendar, headers: { ETag: etag(calendar.version), Location: `/api/v1/calendars/${calendar.id}` } };
    },
  }),
  defineRoute({
    method: 'get', path: '/calendars/:id', operationId: 'getCalendar', summary: 'Get a calendar', tag,
    permission: 'settings:read', params: idParam,
    responses: { 200: { description: 'The calendar', schema: calendarResponse } },
    handler: async ({ params }, { db }) => {
      const calendar = await getCalendar(db, params.id);
      return { body: calendar, headers: { ETag: etag(calendar.version) } };
    },
  }),
  defineRoute({
    method: 'patch', path: '/calendars/:id', operationId: 'updateCalendar', summary: 'Update a calendar (the one in use publishes a new policy version)', tag,
    permission: 'settings:write', params: idParam, body: updateCalendarInput,
    responses: { 200: { description: 'Updated', schema: calendarResponse }, 409: { description: 'Stale version or name already used' }, 422: invalidPolicy },
    handler: async ({ params, body }, { db, actor, koa }) => {
      const calendar = await updateCalendar(db, actor, params.id, body, optionalVersion(koa.get('If-Match'), body.version));
      return { body: calendar, headers: { ETag: etag(calendar.version) } };
    },
  }),
  defineRoute({
    method: 'delete', path: '/calendars/:id', operationId: 'deleteCalendar', summary: 'Delete a calendar the lifecycle policy does not use', tag,
    permission: 'settings:write', params: idParam,
    responses: { 204: { description: 'Deleted' }, 409: { description: 'The lifecycle policy uses it' } },
    handler: async ({ params }, { db, actor }) => {
      await deleteCalendar(db, actor, params.id);
      return {};
    },
  }),
];

const ticketLifecycleRoutes = [
  defineRoute({
    // notes:read: SLA clocks, escalations and alerts are the team's internal working state, like internal notes.
    method: 'get', path: '/tickets/:id/lifecycle', operationId: 'getTicketLifecycle', summary: 'A ticket\'s lifecycle: SLA clocks and deadlines, timers, surveys, event history (staff only)', tag,
    permission: 'notes:read', params: idParam, query: ticketLifecycleQuery,
    responses: { 200: { description: 'State, surveys and a page of history (newest first; limit and cursor page the history)' } },
    handler: async ({ params, query }, { db, principal, deps }) => ({ body: await getTicketLifecycle(db, deps.engine, principal, params.id, query) }),
  }),
  defineRoute({
    method: 'get', path: '/lifecycles', operationId: 'listLifecycles', summary: 'Ticket lifecycles by ticket id, filtered by status, breach or upcoming deadline', tag,
    permission: 'tickets:read_all', query: listLifecyclesQuery,
    responses: { 200: { description: 'A page of lifecycles', schema: lifecycleListResponse } },
    handler: async ({ query }, { deps }) => {
      const { dueBefore, ...rest } = query;
      const { items, nextCursor } = await deps.engine.list({ ...rest, ...(dueBefore && { dueBefore: Date.parse(dueBefore) }) });
      return { body: { data: items.map(listItemView), nextCursor } };
    },
  }),
];

export const lifecycleRoutes = [...policyRoutes, ...slaRoutes, ...calendarRoutes, ...ticketLifecycleRoutes];
