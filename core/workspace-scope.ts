import { forbidden } from './errors';
import type { Principal } from './principal';

export type WorkerPrincipal = Extract<Principal, { kind: 'worker' }>;
export type OwnedScope = { scope: 'personal' | 'shared'; owner_id: number | null };

/** Saved views and macros belong to workers: customers and plugin keys have none. */
export function assertWorker(p: Principal, what: string): asserts p is WorkerPrincipal {
  if (p.kind !== 'worker') throw forbidden(`Only workers have ${what}`);
}

/** A personal row is visible to its owner only; a shared row to every worker. */
export const visibleTo = (p: WorkerPrincipal, row: OwnedScope) => row.scope === 'shared' || row.owner_id === p.id;

/** Writing a shared row is workspace configuration (settings:write); a personal row is the owner's own business. */
export function assertMayWrite(p: WorkerPrincipal, scope: OwnedScope['scope'], what: string): void {
  if (scope === 'shared' && !p.permissions.has('settings:write')) throw forbidden(`Changing shared ${what} needs the settings:write permission`);
}
