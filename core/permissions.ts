/**
 * Role-based access: every endpoint declares one permission; roles grant sets of them.
 * Pure data so the role x endpoint matrix can be tested without I/O.
 */
export const PERMISSIONS = [
  'tickets:read', // tickets visible to the caller (team scope for agents, own tickets for customers)
  'tickets:read_all', // every ticket regardless of team
  'tickets:create',
  'tickets:update',
  'tickets:delete',
  'tickets:bulk',
  'entries:read',
  'entries:create_public', // agent public replies
  'entries:create_customer', // customer messages
  'notes:read',
  'notes:create',
  'attachments:read',
  'attachments:create',
  'settings:read', // statuses, priorities, custom fields, tags, teams
  'settings:write',
  'customers:read',
  'customers:write',
  'workers:read',
  'workers:write',
  // Routing profiles and membership of the members of teams the caller leads; the row check is in services
  // (services/settings/team-lead.scope.ts). Admins pass for every team through workers:write / settings:write.
  'team_members:manage',
  'api_keys:manage',
  'webhooks:manage',
  'audit:read',
  'reports:read', // team and worker metrics reports
  'plugins:manage', // marketplace: install, configure, upgrade, remove plugins
  'kb:read_internal', // knowledge base as staff: drafts, internal-only articles, revisions, feedback
  'kb:write', // create, edit, publish, archive knowledge base articles, categories and sections
  'bot:manage', // chatbot intents and settings
  'tickets:close_own', // customers: close or reopen a ticket they requested
  'tickets:rate', // customers: rate a resolution (CSAT) of a ticket they requested
  'self', // any authenticated principal acting on itself (me, logout)
] as const;

export type Permission = (typeof PERMISSIONS)[number];
export type Role = 'admin' | 'supervisor' | 'agent' | 'customer' | 'plugin';
export const WORKER_ROLES = ['admin', 'supervisor', 'agent'] as const;
export type WorkerRole = (typeof WORKER_ROLES)[number];

const agent: Permission[] = [
  'self', 'tickets:read', 'tickets:create', 'tickets:update', 'tickets:bulk', 'entries:read', 'entries:create_public',
  'notes:read', 'notes:create', 'attachments:read', 'attachments:create', 'settings:read', 'customers:read',
  'customers:write', 'workers:read', 'team_members:manage', 'kb:read_internal',
];
const supervisor: Permission[] = [...agent, 'tickets:read_all', 'tickets:delete', 'audit:read', 'reports:read', 'kb:write'];
// Customer-only actions on their own tickets are not staff permissions: staff change status through tickets:update.
const admin: Permission[] = PERMISSIONS.filter((p) => p !== 'tickets:close_own' && p !== 'tickets:rate');
const customer: Permission[] = [
  'self', 'tickets:read', 'tickets:create', 'entries:read', 'entries:create_customer', 'attachments:read',
  'attachments:create', 'tickets:close_own', 'tickets:rate',
];

export const ROLE_PERMISSIONS: Record<Exclude<Role, 'plugin'>, ReadonlySet<Permission>> = {
  admin: new Set(admin),
  supervisor: new Set(supervisor),
  agent: new Set(agent),
  customer: new Set(customer),
};

/** Scopes a plugin key may be granted: plugins act as integrations, never as admins of people or keys. */
export const PLUGIN_GRANTABLE: ReadonlySet<Permission> = new Set<Permission>([
  'self', 'tickets:read', 'tickets:read_all', 'tickets:create', 'tickets:update', 'entries:read', 'entries:create_public',
  'entries:create_customer', 'notes:read', 'notes:create', 'attachments:read', 'attachments:create', 'settings:read',
  'customers:read', 'customers:write', 'workers:read',
]);

/**
 * What a principal may do: its role's permissions, narrowed by API-key scopes when the key has any.
 * Plugin principals have exactly their (grantable) scopes.
 */
export function effectivePermissions(role: Role, scopes: readonly string[] | null): ReadonlySet<Permission> {
  if (role === 'plugin') {
    return new Set((scopes ?? []).filter((s): s is Permission => PLUGIN_GRANTABLE.has(s as Permission)));
  }
  const base = ROLE_PERMISSIONS[role];
  if (!scopes || scopes.length === 0) return base;
  return new Set([...base].filter((p) => scopes.includes(p) || p === 'self'));
}

export const isPermission = (s: string): s is Permission => (PERMISSIONS as readonly string[]).includes(s);
