import type { Permission } from '../../core/permissions';
import type { Actor, Principal } from '../../core/principal';
import type { InstallationRow } from './installation.repository';

/** The audit/history actor for writes a plugin makes through the Host service. */
export const pluginActor = (row: Pick<InstallationRow, 'id'>): Actor => ({ type: 'plugin', id: row.id, via: 'system', viaId: null });

/**
 * The principal the ticket services see for a plugin's inbound message: it may open tickets and record the
 * customer's message, nothing else (the Host permission was checked before).
 */
export const inboundPrincipal = (row: Pick<InstallationRow, 'id'>): Principal => ({
  kind: 'plugin', id: row.id, permissions: new Set<Permission>(['tickets:create', 'entries:create_customer']), via: 'api_key', viaId: row.id,
});
