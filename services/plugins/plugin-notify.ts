import type { Queryable } from '../../db/knex';

/** PostgreSQL channel the supervisor listens on; payload: the plugin id whose desired state changed. */
export const PLUGINS_CHANNEL = 'lantern_plugins';

/** Tell the supervising process (whichever holds the lock) on commit that a plugin's desired state changed. */
export async function notifyPluginChanged(trx: Queryable, pluginId: string): Promise<void> {
  await trx.raw('SELECT pg_notify(?, ?)', [PLUGINS_CHANNEL, pluginId]);
}
