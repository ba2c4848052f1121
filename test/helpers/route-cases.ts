/**
 * One expectation per API route, shared by the cross-cutting suites (RBAC matrix, bad-input corpus):
 * the permission the route must declare and how to fill its path params with real fixture rows.
 * A route in `allRoutes` without an entry here fails those suites, so new routes cannot slip through.
 */
import type { Permission } from '../../core/permissions';
import type { Db } from '../../db/knex';
import type { RouteDef } from '../../gateway/http/route';
import { newApiKey, newSessionToken } from '../../services/auth/tokens';
import { createCustomer, createTeam, createWorker, type TestApp, type TestCustomer, type TestWorker } from './app';

export type PathParams = Record<string, string | number>;

export type RouteCase = {
  permission: Permission | 'public';
  /** Real ids for the path; destructive routes create a fresh row per call so later cases keep theirs. */
  params?: (fx: RouteFixtures) => PathParams | Promise<PathParams>;
  /** `row`: deletes or disables what it points at; `caller`: ends the caller's own session. Both run last. */
  destructive?: 'row' | 'caller';
  /** Needs an optional engine the matrix app does not start: a holder's 503 `unavailable` means authorization let it through. */
  optionalEngine?: 'search';
};

export const routeKey = (r: Pick<RouteDef, 'method' | 'path'>) => `${r.method.toUpperCase()} ${r.path}`;

/** `/tickets/:id` + { id: 5 } -> `/api/v1/tickets/5`; a param without a value is a test bug. */
export function fillPath(path: string, params: PathParams): string {
  return `/api/v1${path.replace(/:(\w+)/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for :${name} in ${path}`);
    return encodeURIComponent(String(value));
  })}`;
}

export const pathParamNames = (path: string) => [...path.matchAll(/:(\w+)/g)].map((m) => m[1]!);

let seq = 0;
const tag = () => `${process.pid}${Date.now().toString(36)}${++seq}`;

async function insertId(db: Db, table: string, row: Record<string, unknown>): Promise<number> {
  const [r] = await db(table).insert(row).returning('id');
  return r.id as number;
}

/** Rows that exist before any case runs; `fresh` makes throwaway rows for destructive routes. */
export type RouteFixtures = {
  teamA: number;
  teamB: number;
  admin: TestWorker;
  supervisor: TestWorker;
  /** Member of team A only. */
  agent: TestWorker;
  /** Member of team B only. */
  otherAgent: TestWorker;
  customer: TestCustomer;
  otherCustomer: TestCustomer;
  /** Team A, requested by `customer`: visible to every principal that may read tickets. */
  ticketA: number;
  /** Team B, requested by `otherCustomer`: hidden from `agent` and `customer`. */
  ticketB: number;
  noteText: string;
  noteId: number;
  organizationId: number;
  spareWorkerId: number;
  spareCustomerId: number;
  spareTeamId: number;
  statusId: number;
  priorityId: number;
  tagId: number;
  customFieldId: number;
  webhookId: number;
  deliveryId: number;
  apiKeyId: number;
  /** Uploaded by the admin onto ticket A. */
  attachmentId: number;
  calendarId: number;
  slaPolicyId: number;
  responseTemplateId: number;
  fresh: {
    ticket: () => Promise<number>;
    session: () => Promise<number>;
    team: () => Promise<number>;
    worker: () => Promise<number>;
    customer: () => Promise<number>;
    organization: () => Promise<number>;
    status: () => Promise<number>;
    priority: () => Promise<number>;
    tag: () => Promise<number>;
    customField: () => Promise<number>;
    webhook: () => Promise<number>;
    delivery: (webhookId: number) => Promise<number>;
    apiKey: () => Promise<number>;
    calendar: () => Promise<number>;
    slaPolicy: () => Promise<number>;
    responseTemplate: () => Promise<number>;
  };
};

/** Build the fixture world through the API where one exists (tickets, entries) and plain inserts elsewhere. */
export async function createRouteFixtures(app: TestApp): Promise<RouteFixtures> {
  const { db } = app;
  const teamA = await createTeam(db, `Fixture A ${tag()}`);
  const teamB = await createTeam(db, `Fixture B ${tag()}`);
  const admin = await createWorker(db, { role: 'admin' });
  const supervisor = await createWorker(db, { role: 'supervisor' });
  const agent = await createWorker(db, { role: 'agent', teamIds: [teamA] });
  const otherAgent = await createWorker(db, { role: 'agent', teamIds: [teamB] });
  const customer = await createCustomer(db);
  const otherCustomer = await createCustomer(db);

  const post = async (path: string, body: unknown): Promise<{ id: number }> => {
    const res = await app.request('POST', path, { token: admin.token, body });
    if (res.status !== 201) throw new Error(`fixture ${path} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: number };
  };
  const newTicket = async (teamId: number, requesterId: number, subject: string) =>
    (await post('/api/v1/tickets', { subject, requesterId, teamId, message: { bodyText: `${subject}: first message` } })).id;

  const ticketA = await newTicket(teamA, customer.id, 'Fixture ticket in team A');
  const ticketB = await newTicket(teamB, otherCustomer.id, 'Fixture ticket in team B');
  await post(`/api/v1/tickets/${ticketA}/entries`, { kind: 'public_reply', bodyText: 'Fixture public reply' });
  const noteText = `INTERNAL-NOTE-${tag()} customer is on probation`;
  const noteId = (await post(`/api/v1/tickets/${ticketA}/entries`, { kind: 'internal_note', bodyText: noteText })).id;

  const fresh: RouteFixtures['fresh'] = {
    ticket: () => newTicket(teamA, customer.id, `Throwaway ${tag()}`),
    session: async () => insertId(db, 'sessions', {
      token_hash: newSessionToken().hash, principal_type: 'worker', principal_id: admin.id, expires_at: new Date(Date.now() + 3_600_000),
    }),
    team: () => createTeam(db, `Throwaway team ${tag()}`),
    worker: async () => (await createWorker(db, { role: 'agent' })).id,
    customer: async () => insertId(db, 'customers', { name: 'Throwaway customer', email: `throwaway-${tag()}@test.local` }),
    organization: () => insertId(db, 'organizations', { name: `Throwaway org ${tag()}` }),
    status: () => insertId(db, 'statuses', { name: `Throwaway status ${tag()}`, category: 'open', position: 99 }),
    priority: async () => insertId(db, 'priorities', { name: `Throwaway priority ${tag()}`, rank: 1000 + seq++ }),
    tag: () => insertId(db, 'tags', { name: `throwaway-${tag()}` }),
    customField: () => insertId(db, 'custom_field_definitions', { key: `throwaway_${tag()}`, label: 'Throwaway', type: 'text' }),
    webhook: () => insertId(db, 'webhooks', { url: 'https://example.com/hook', event_types: ['ticket.created'], secret: 'whsec_fixture' }),
    delivery: async (webhookId) => {
      const outboxId = await insertId(db, 'outbox', { event_type: 'ticket.created', entity_type: 'ticket', entity_id: String(ticketA), payload: JSON.stringify({ fixture: true }) });
      return insertId(db, 'webhook_deliveries', { webhook_id: webhookId, outbox_id: outboxId, event_type: 'ticket.created', status: 'failed', attempts: 1 });
    },
    apiKey: async () => {
      const k = newApiKey();
      return insertId(db, 'api_keys', { name: `Throwaway key ${tag()}`, prefix: k.prefix, secret_hash: k.secretHash, role: 'plugin', scopes: ['tickets:read'] });
    },
    calendar: () => insertId(db, 'calendars', { name: `Throwaway calendar ${tag()}`, time_zone: 'UTC', weekly_hours: JSON.stringify({ 1: [{ start: '09:00', end: '17:00' }] }) }),
    slaPolicy: () => insertId(db, 'sla_policies', { position: 1000 + seq++, name: `Throwaway SLA ${tag()}`, targets: JSON.stringify({ resolution: 60 }) }),
    responseTemplate: () => insertId(db, 'response_templates', { name: `Throwaway template ${tag()}`, body_html: '<p>Hi {{customer.first_name}}</p>' }),
  };

  const form = new FormData();
  form.append('file', new Blob(['fixture attachment\n'], { type: 'text/plain' }), 'fixture.txt');
  const upload = await fetch(`${app.url}/api/v1/attachments?ticketId=${ticketA}`, { method: 'POST', headers: { authorization: `Bearer ${admin.token}` }, body: form });
  if (upload.status !== 201) throw new Error(`fixture attachment failed: ${upload.status} ${await upload.text()}`);
  const attachmentId = ((await upload.json()) as { id: number }).id;

  const webhookId = await fresh.webhook();
  return {
    teamA, teamB, admin, supervisor, agent, otherAgent, customer, otherCustomer, ticketA, ticketB, noteText, noteId,
    organizationId: await fresh.organization(),
    spareWorkerId: await fresh.worker(),
    spareCustomerId: await fresh.customer(),
    spareTeamId: await fresh.team(),
    statusId: await fresh.status(),
    priorityId: await fresh.priority(),
    tagId: await fresh.tag(),
    customFieldId: await fresh.customField(),
    webhookId,
    deliveryId: await fresh.delivery(webhookId),
    attachmentId,
    apiKeyId: await fresh.apiKey(),
    calendarId: await fresh.calendar(),
    slaPolicyId: await fresh.slaPolicy(),
    responseTemplateId: await fresh.responseTemplate(),
    fresh,
  };
}

const onTicketA = (fx: RouteFixtures) => ({ id: fx.ticketA });
/** The usual five routes of a resource: list, create, get, update, delete (on a throwaway row). */
function crudCases(
  resource: string, read: Permission, write: Permission, existing: (fx: RouteFixtures) => number, fresh: ((fx: RouteFixtures) => Promise<number>) | null,
): Record<string, RouteCase> {
  const one = (fx: RouteFixtures) => ({ id: existing(fx) });
  return {
    [`GET /${resource}`]: { permission: read },
    [`POST /${resource}`]: { permission: write },
    [`GET /${resource}/:id`]: { permission: read, params: one },
    [`PATCH /${resource}/:id`]: { permission: write, params: one },
    ...(fresh && { [`DELETE /${resource}/:id`]: { permission: write, params: async (fx) => ({ id: await fresh(fx) }), destructive: 'row' } satisfies RouteCase }),
  };
}
const settingsCases = (resource: string, existing: (fx: RouteFixtures) => number, fresh: (fx: RouteFixtures) => Promise<number>) =>
  crudCases(resource, 'settings:read', 'settings:write', existing, fresh);

const onWebhook = (fx: RouteFixtures) => ({ id: fx.webhookId });
const onDelivery = (fx: RouteFixtures) => ({ id: fx.webhookId, deliveryId: fx.deliveryId });

/**
 * Every route, keyed `METHOD /path`. Adding a route to `allRoutes` means adding its line here: the permission
 * it must declare (checked against the route table) and real ids for its path params.
 */
export const ROUTE_CASES: Record<string, RouteCase> = {
  // Auth
  'POST /auth/login': { permission: 'public' },
  'POST /auth/customer-login': { permission: 'public' },
  'POST /auth/logout': { permission: 'self', destructive: 'caller' },
  'GET /me': { permission: 'self' },
  'GET /auth/sessions': { permission: 'self' },
  'DELETE /auth/sessions/:id': { permission: 'self', params: async (fx) => ({ id: await fx.fresh.session() }), destructive: 'row' },
  'POST /auth/password': { permission: 'self' },
  'POST /auth/login/2fa': { permission: 'public' },
  // Portal (docs/portal.md)
  'POST /portal/register': { permission: 'public' },
  'POST /portal/verify': { permission: 'public' },
  'POST /portal/password-reset': { permission: 'public' },
  'POST /portal/password-reset/confirm': { permission: 'public' },
  'POST /portal/magic-link': { permission: 'public' },
  'POST /portal/magic-link/confirm': { permission: 'public' },
  'POST /tickets/:id/close': { permission: 'tickets:close_own', params: async (fx) => ({ id: await fx.fresh.ticket() }) },
  'POST /tickets/:id/reopen': { permission: 'tickets:close_own', params: async (fx) => ({ id: await fx.fresh.ticket() }) },
  'POST /tickets/:id/rating': { permission: 'tickets:rate', params: async (fx) => ({ id: await fx.fresh.ticket() }) },
  'GET /tickets/:id/ratings': { permission: 'tickets:read', params: onTicketA },
  'GET /me/2fa': { permission: 'self' },
  'POST /me/2fa/setup': { permission: 'self' },
  'POST /me/2fa/enable': { permission: 'self' },
  'POST /me/2fa/disable': { permission: 'self' },
  'GET /security-settings': { permission: 'settings:read' },
  'PATCH /security-settings': { permission: 'settings:write' },
  'DELETE /workers/:id/2fa': { permission: 'workers:write', params: (fx) => ({ id: fx.spareWorkerId }) },

  // Tickets and conversation
  'GET /tickets': { permission: 'tickets:read' },
  'POST /tickets': { permission: 'tickets:create' },
  'POST /tickets/bulk': { permission: 'tickets:bulk' },
  'GET /tickets/:id': { permission: 'tickets:read', params: onTicketA },
  'PATCH /tickets/:id': { permission: 'tickets:update', params: onTicketA },
  'DELETE /tickets/:id': { permission: 'tickets:delete', params: async (fx) => ({ id: await fx.fresh.ticket() }), destructive: 'row' },
  'GET /tickets/:id/status-history': { permission: 'tickets:read', params: onTicketA },
  'GET /tickets/:id/entries': { permission: 'entries:read', params: onTicketA },
  // The route lets every reader in; the entry kind then needs entries:create_public / _customer / notes:create.
  'POST /tickets/:id/entries': { permission: 'entries:read', params: onTicketA },
  'GET /tickets/:id/links': { permission: 'tickets:read', params: onTicketA },
  'POST /tickets/:id/links': { permission: 'tickets:update', params: onTicketA },
  'DELETE /tickets/:id/links/:linkId': { permission: 'tickets:update', params: () => ({ id: 999_999, linkId: 999_999 }), destructive: 'row' },
  'POST /tickets/:id/merge': { permission: 'tickets:update', params: async (fx) => ({ id: await fx.fresh.ticket() }) },
  'POST /tickets/:id/split': { permission: 'tickets:update', params: onTicketA },

  // Attachments
  'POST /attachments': { permission: 'attachments:create' },
  'GET /attachments/:id': { permission: 'attachments:read', params: (fx) => ({ id: fx.attachmentId }) },
  'GET /attachments/:id/content': { permission: 'attachments:read', params: (fx) => ({ id: fx.attachmentId }) },

  // Webhooks
  'GET /webhooks': { permission: 'webhooks:manage' },
  'POST /webhooks': { permission: 'webhooks:manage' },
  'GET /webhooks/:id': { permission: 'webhooks:manage', params: onWebhook },
  'PATCH /webhooks/:id': { permission: 'webhooks:manage', params: onWebhook },
  'DELETE /webhooks/:id': { permission: 'webhooks:manage', params: async (fx) => ({ id: await fx.fresh.webhook() }), destructive: 'row' },
  'POST /webhooks/:id/rotate-secret': { permission: 'webhooks:manage', params: onWebhook },
  'POST /webhooks/:id/ping': { permission: 'webhooks:manage', params: onWebhook },
  'GET /webhooks/:id/deliveries': { permission: 'webhooks:manage', params: onWebhook },
  'GET /webhooks/:id/deliveries/:deliveryId': { permission: 'webhooks:manage', params: onDelivery },
  'POST /webhooks/:id/deliveries/:deliveryId/replay': { permission: 'webhooks:manage', params: onDelivery },

  // API keys and audit log
  'GET /api-keys': { permission: 'api_keys:manage' },
  'POST /api-keys': { permission: 'api_keys:manage' },
  'GET /api-keys/:id': { permission: 'api_keys:manage', params: (fx) => ({ id: fx.apiKeyId }) },
  'DELETE /api-keys/:id': { permission: 'api_keys:manage', params: async (fx) => ({ id: await fx.fresh.apiKey() }), destructive: 'row' },
  'GET /audit-log': { permission: 'audit:read' },
  'GET /reports/tickets': { permission: 'reports:read' },
  'GET /reports/workers': { permission: 'reports:read' },
  'GET /reports/templates': { permission: 'reports:read' },
  'GET /reports/backlog': { permission: 'reports:read' },
  'GET /me/stats': { permission: 'self' },

  // Settings: statuses, priorities, tags, custom fields, teams
  ...settingsCases('statuses', (fx) => fx.statusId, (fx) => fx.fresh.status()),
  ...settingsCases('priorities', (fx) => fx.priorityId, (fx) => fx.fresh.priority()),
  ...settingsCases('tags', (fx) => fx.tagId, (fx) => fx.fresh.tag()),
  ...settingsCases('custom-fields', (fx) => fx.customFieldId, (fx) => fx.fresh.customField()),
  ...settingsCases('response-templates', (fx) => fx.responseTemplateId, (fx) => fx.fresh.responseTemplate()),
  'POST /response-templates/:id/render': { permission: 'tickets:read', params: (fx) => ({ id: fx.responseTemplateId }) },
  ...settingsCases('teams', (fx) => fx.spareTeamId, (fx) => fx.fresh.team()),
  'PUT /teams/:id/members': { permission: 'team_members:manage', params: (fx) => ({ id: fx.spareTeamId }) },

  // People
  ...crudCases('customers', 'customers:read', 'customers:write', (fx) => fx.spareCustomerId, (fx) => fx.fresh.customer()),
  ...crudCases('organizations', 'customers:read', 'customers:write', (fx) => fx.organizationId, (fx) => fx.fresh.organization()),
  ...crudCases('workers', 'workers:read', 'workers:write', (fx) => fx.spareWorkerId, null),

  // Lifecycle: policies, SLA policies, calendars, ticket lifecycles, notifications, surveys
  'GET /lifecycle-policies': { permission: 'settings:read' },
  'PUT /lifecycle-policies': { permission: 'settings:write' },
  'PATCH /lifecycle-policies': { permission: 'settings:write' },
  'GET /lifecycle-policies/versions': { permission: 'settings:read' },
  'POST /lifecycle-policies/preview': { permission: 'settings:read' },
  'GET /lifecycle-policies/versions/:version': { permission: 'settings:read', params: () => ({ version: 1 }) },
  ...settingsCases('sla-policies', (fx) => fx.slaPolicyId, (fx) => fx.fresh.slaPolicy()),
  'PUT /sla-policies/order': { permission: 'settings:write' },
  ...settingsCases('calendars', (fx) => fx.calendarId, (fx) => fx.fresh.calendar()),
  'GET /tickets/:id/lifecycle': { permission: 'notes:read', params: onTicketA },
  'GET /lifecycles': { permission: 'tickets:read_all' },
  'GET /notifications': { permission: 'self' },
  'POST /notifications/:id/read': { permission: 'self', params: () => ({ id: 1 }) },
  'POST /notifications/read-all': { permission: 'self' },
  'GET /notifications/unread-count': { permission: 'self' },
  // Notice channels, web push and workers' email alerts (docs/notifications.md).
  'GET /me/notification-preferences': { permission: 'self' },
  'PUT /me/notification-preferences': { permission: 'self' },
  'GET /customers/:id/notification-preferences': { permission: 'customers:read', params: (fx) => ({ id: fx.spareCustomerId }) },
  'PUT /customers/:id/notification-preferences': { permission: 'customers:write', params: (fx) => ({ id: fx.spareCustomerId }) },
  'GET /push/public-key': { permission: 'public' },
  'POST /push/subscriptions': { permission: 'self' },
  'DELETE /push/subscriptions/:id': { permission: 'self', params: () => ({ id: 999_999 }), destructive: 'row' },
  'GET /me/alert-settings': { permission: 'self' },
  'PUT /me/alert-settings': { permission: 'self' },
  'GET /surveys/:token': { permission: 'public', params: () => ({ token: 'not-a-survey-token' }) },
  'POST /surveys/:token': { permission: 'public', params: () => ({ token: 'not-a-survey-token' }) },

  // Routing: rules, worker routing profiles, availability, team calendars, ticket routing
  'GET /routing-rules': { permission: 'settings:read' },
  'POST /routing-rules': { permission: 'settings:write' },
  'PUT /routing-rules/order': { permission: 'settings:write' },
  'POST /routing-rules/dry-run': { permission: 'settings:read' },
  'GET /routing-rules/:id': { permission: 'settings:read', params: () => ({ id: 999_999 }) },
  'PATCH /routing-rules/:id': { permission: 'settings:write', params: () => ({ id: 999_999 }) },
  'DELETE /routing-rules/:id': { permission: 'settings:write', params: () => ({ id: 999_999 }), destructive: 'row' },
  'GET /workers/:id/routing-profile': { permission: 'workers:read', params: (fx) => ({ id: fx.spareWorkerId }) },
  'PUT /workers/:id/routing-profile': { permission: 'team_members:manage', params: (fx) => ({ id: fx.spareWorkerId }) },
  'PUT /me/availability': { permission: 'self' },
  'PUT /teams/:id/calendar': { permission: 'settings:write', params: (fx) => ({ id: fx.spareTeamId }) },
  'GET /tickets/:id/routing': { permission: 'notes:read', params: onTicketA },
  'POST /tickets/:id/route': { permission: 'tickets:update', params: onTicketA },

  // Workspace: saved views and macros are staff-only (notes:read: every worker role, no customer); shared rows need settings:write
  'GET /tickets/count': { permission: 'tickets:read' },
  // Search (docs/search.md): scoped like the ticket list; 503 when no engine is wired (the matrix app has none)
  'GET /search/tickets': { permission: 'tickets:read', optionalEngine: 'search' },

  // Knowledge base (docs/knowledge-base.md): ids that do not exist answer 404 after the permission check.
  'GET /kb/categories': { permission: 'kb:read_internal' },
  'POST /kb/categories': { permission: 'kb:write' },
  'PATCH /kb/categories/:id': { permission: 'kb:write', params: () => ({ id: 999_999 }) },
  'DELETE /kb/categories/:id': { permission: 'kb:write', params: () => ({ id: 999_999 }), destructive: 'row' },
  'GET /kb/sections': { permission: 'kb:read_internal' },
  'POST /kb/sections': { permission: 'kb:write' },
  'PATCH /kb/sections/:id': { permission: 'kb:write', params: () => ({ id: 999_999 }) },
  'DELETE /kb/sections/:id': { permission: 'kb:write', params: () => ({ id: 999_999 }), destructive: 'row' },
  'GET /kb/articles': { permission: 'kb:read_internal' },
  'POST /kb/articles': { permission: 'kb:write' },
  'GET /kb/articles/:id': { permission: 'kb:read_internal', params: () => ({ id: 999_999 }) },
  'PATCH /kb/articles/:id': { permission: 'kb:write', params: () => ({ id: 999_999 }) },
  'DELETE /kb/articles/:id': { permission: 'kb:write', params: () => ({ id: 999_999 }), destructive: 'row' },
  'GET /kb/articles/:id/translations/:language': { permission: 'kb:read_internal', params: () => ({ id: 999_999, language: 'en' }) },
  'PUT /kb/articles/:id/translations/:language': { permission: 'kb:write', params: () => ({ id: 999_999, language: 'en' }) },
  'POST /kb/articles/:id/translations/:language/state': { permission: 'kb:write', params: () => ({ id: 999_999, language: 'en' }) },
  'GET /kb/articles/:id/translations/:language/revisions': { permission: 'kb:read_internal', params: () => ({ id: 999_999, language: 'en' }) },
  'GET /kb/articles/:id/translations/:language/revisions/:revision': { permission: 'kb:read_internal', params: () => ({ id: 999_999, language: 'en', revision: 1 }) },
  'GET /kb/articles/:id/translations/:language/revisions/:revision/diff': { permission: 'kb:read_internal', params: () => ({ id: 999_999, language: 'en', revision: 1 }) },
  'POST /kb/articles/:id/translations/:language/revisions/:revision/restore': { permission: 'kb:write', params: () => ({ id: 999_999, language: 'en', revision: 1 }) },
  'GET /kb/articles/:id/feedback': { permission: 'kb:read_internal', params: () => ({ id: 999_999 }) },
  'POST /kb/files': { permission: 'kb:write' },
  'GET /kb/search': { permission: 'kb:read_internal', optionalEngine: 'search' },
  'GET /help-center/:language/categories': { permission: 'public', params: () => ({ language: 'en' }) },
  'GET /help-center/:language/sections/:id': { permission: 'public', params: () => ({ language: 'en', id: 999_999 }) },
  'GET /help-center/:language/articles/:id': { permission: 'public', params: () => ({ language: 'en', id: 999_999 }) },
  'GET /help-center/:language/search': { permission: 'public', params: () => ({ language: 'en' }), optionalEngine: 'search' },
  'POST /help-center/articles/:id/feedback': { permission: 'public', params: () => ({ id: 999_999 }) },
  'GET /help-center/files/:id/:fileName': { permission: 'public', params: () => ({ id: 999_999, fileName: 'none.png' }) },
  'GET /views': { permission: 'notes:read' },
  'GET /views/counts': { permission: 'notes:read' },
  'POST /views': { permission: 'notes:read' },
  'PATCH /views/:id': { permission: 'notes:read', params: () => ({ id: 999_999 }) },
  'DELETE /views/:id': { permission: 'notes:read', params: () => ({ id: 999_999 }), destructive: 'row' },
  'GET /macros': { permission: 'notes:read' },
  'POST /macros': { permission: 'notes:read' },
  'PATCH /macros/:id': { permission: 'notes:read', params: () => ({ id: 999_999 }) },
  'DELETE /macros/:id': { permission: 'notes:read', params: () => ({ id: 999_999 }), destructive: 'row' },
  'POST /tickets/:id/macros/:macroId/apply': { permission: 'tickets:update', params: (fx) => ({ id: fx.ticketA, macroId: 999_999 }) },
  // Email (docs/email.md): support addresses and the quarantine are admin settings; unknown ids answer 404 after the permission check.
  'GET /email/addresses': { permission: 'settings:write' },
  'POST /email/addresses': { permission: 'settings:write' },
  'GET /email/addresses/:id': { permission: 'settings:write', params: () => ({ id: 999_999 }) },
  'PATCH /email/addresses/:id': { permission: 'settings:write', params: () => ({ id: 999_999 }) },
  'DELETE /email/addresses/:id': { permission: 'settings:write', params: () => ({ id: 999_999 }), destructive: 'row' },
  'GET /email/quarantine': { permission: 'settings:write' },
  'GET /email/quarantine/:id': { permission: 'settings:write', params: () => ({ id: 999_999 }) },
  'POST /email/quarantine/:id/release': { permission: 'settings:write', params: () => ({ id: 999_999 }) },
  'DELETE /email/quarantine/:id': { permission: 'settings:write', params: () => ({ id: 999_999 }), destructive: 'row' },
  // Live chat (docs/chat.md): ticketA is no chat, so holders get 404 (or 422 for an empty body) after the permission check.
  'POST /chat/visitor-token': { permission: 'public' },
  'POST /chat/sessions': { permission: 'tickets:create' },
  'GET /chat/:ticketId': { permission: 'tickets:read', params: (fx) => ({ ticketId: fx.ticketA }) },
  'POST /chat/:ticketId/contact': { permission: 'entries:create_customer', params: (fx) => ({ ticketId: fx.ticketA }) },
  'POST /chat/:ticketId/transcript': { permission: 'tickets:read', params: (fx) => ({ ticketId: fx.ticketA }) },

  // Web widget (docs/widget.md): settings for admins; config and identify are public (identify answers 401 without a secret).
  'GET /widget/settings': { permission: 'settings:read' },
  'PUT /widget/settings': { permission: 'settings:write' },
  'GET /widget/config': { permission: 'public' },
  'POST /widget/identity-secret': { permission: 'settings:write' },
  'POST /widget/identify': { permission: 'public' },
  'POST /widget/contact': { permission: 'entries:create_customer' },

  // Presence: every ticket reader passes the permission; the service then answers 400 to non-workers.
  'PUT /tickets/:id/presence': { permission: 'tickets:read', params: onTicketA },
  'DELETE /tickets/:id/presence': { permission: 'tickets:read', params: onTicketA },
  'GET /tickets/:id/presence': { permission: 'tickets:read', params: onTicketA },

  // Chatbot (docs/chatbot.md): conversation 999999 is nobody's, so holders get 404 (or 422/400 for an empty body).
  'POST /bot/conversations': { permission: 'self' },
  'GET /bot/conversations/:id': { permission: 'self', params: () => ({ id: 999_999 }) },
  'POST /bot/conversations/:id/messages': { permission: 'self', params: () => ({ id: 999_999 }), optionalEngine: 'search' },
  'POST /bot/conversations/:id/feedback': { permission: 'self', params: () => ({ id: 999_999 }) },
  'POST /bot/conversations/:id/handover': { permission: 'self', params: () => ({ id: 999_999 }) },
  'GET /bot/intents': { permission: 'bot:manage' },
  'POST /bot/intents': { permission: 'bot:manage' },
  'GET /bot/intents/:id': { permission: 'bot:manage', params: () => ({ id: 999_999 }) },
  'PATCH /bot/intents/:id': { permission: 'bot:manage', params: () => ({ id: 999_999 }) },
  'DELETE /bot/intents/:id': { permission: 'bot:manage', params: () => ({ id: 999_999 }), destructive: 'row' },
  'GET /reports/bot': { permission: 'reports:read' },

  // Plugins (docs/plugins.md): admin only; unknown plugin ids and source/key ids answer 404 after the permission check.
  'GET /plugins/catalog': { permission: 'plugins:manage' },
  'GET /plugins/sources': { permission: 'plugins:manage' },
  'POST /plugins/sources': { permission: 'plugins:manage' },
  'DELETE /plugins/sources/:id': { permission: 'plugins:manage', params: () => ({ id: 999_999 }), destructive: 'row' },
  'GET /plugins/publishers': { permission: 'plugins:manage' },
  'POST /plugins/publishers': { permission: 'plugins:manage' },
  'DELETE /plugins/publishers/:id': { permission: 'plugins:manage', params: () => ({ id: 999_999 }), destructive: 'row' },
  'GET /plugins': { permission: 'plugins:manage' },
  'POST /plugins': { permission: 'plugins:manage' },
  'GET /plugins/:pluginId': { permission: 'plugins:manage', params: () => ({ pluginId: 'no-such-plugin' }) },
  'PUT /plugins/:pluginId/config': { permission: 'plugins:manage', params: () => ({ pluginId: 'no-such-plugin' }) },
  'POST /plugins/:pluginId/upgrade': { permission: 'plugins:manage', params: () => ({ pluginId: 'no-such-plugin' }) },
  'POST /plugins/:pluginId/enable': { permission: 'plugins:manage', params: () => ({ pluginId: 'no-such-plugin' }) },
  'POST /plugins/:pluginId/disable': { permission: 'plugins:manage', params: () => ({ pluginId: 'no-such-plugin' }) },
  'GET /plugins/:pluginId/logs': { permission: 'plugins:manage', params: () => ({ pluginId: 'no-such-plugin' }) },
  'DELETE /plugins/:pluginId': { permission: 'plugins:manage', params: () => ({ pluginId: 'no-such-plugin' }), destructive: 'row' },
  'POST /plugins/:pluginId/purge': { permission: 'plugins:manage', params: () => ({ pluginId: 'no-such-plugin' }), destructive: 'row' },
};
