import type { Permission, WorkerRole } from './permissions';

/** Who is calling, resolved once per request by the gateway and passed to services. */
export type Principal =
  | {
      kind: 'worker';
      id: number;
      role: WorkerRole;
      allTickets: boolean;
      teamIds: number[];
      permissions: ReadonlySet<Permission>;
      via: 'session' | 'api_key';
      viaId: number;
      /** Session of a worker who must set up 2FA (enforced) and has not: gated in gateway/http/auth.middleware.ts. */
      twoFactorSetupRequired?: boolean;
    }
  | {
      kind: 'customer';
      id: number;
      organizationId: number | null;
      /** The organization shares tickets among its customers (read only; services/tickets/ticket.scope.ts). */
      sharedTickets?: boolean;
      permissions: ReadonlySet<Permission>;
      via: 'session';
      viaId: number;
    }
  | { kind: 'plugin'; id: number; permissions: ReadonlySet<Permission>; via: 'api_key'; viaId: number };

/** Who did something, as written to the audit log and history tables. */
export type Actor = {
  type: 'worker' | 'customer' | 'plugin' | 'system';
  id: number | null;
  via: 'session' | 'api_key' | 'system';
  viaId: number | null;
  requestId?: string;
  ip?: string;
};

export const SYSTEM_ACTOR: Actor = { type: 'system', id: null, via: 'system', viaId: null };

export function actorOf(p: Principal, request?: { requestId?: string; ip?: string }): Actor {
  return { type: p.kind, id: p.id, via: p.via, viaId: p.viaId, ...request };
}

export const can = (p: Principal, permission: Permission) => p.permissions.has(permission);
