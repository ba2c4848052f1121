import type { Logger } from 'pino';
import type { Config } from '../../config/config';
import type { Db } from '../../db/knex';
import type { ChannelAdapters } from './channel-delivery';
import { customerDeliveryActivities } from './customer-delivery.activity';
import { escalationOutboundActivities } from './escalation-outbound.activity';
import type { LifecycleActivities } from './lifecycle-activities';
import { notifyWorkerActivities } from './notify-workers.activity';
import { ticketChangeActivities } from './ticket-changes.activity';

export type LifecycleActivityDeps = {
  db: Db;
  config: Config;
  logger: Logger;
  /** Customer channels that deliver `outbound_messages` (none built in yet: messages then stay queued). */
  channels?: ChannelAdapters;
};

/**
 * Every lifecycle activity, built once per process from explicit dependencies (samples
 * `activities-dependency-injection`). The embedded engine runs them as graphile-worker jobs, a Temporal worker
 * registers the same object. Each is idempotent per key (see activity-effect.ts `runOnce`).
 */
export function createLifecycleActivities(deps: LifecycleActivityDeps): LifecycleActivities {
  return {
    ...notifyWorkerActivities(deps.db),
    ...escalationOutboundActivities(deps.db),
    ...ticketChangeActivities(deps.db),
    ...customerDeliveryActivities({ ...deps, channels: deps.channels ?? {} }),
  };
}
