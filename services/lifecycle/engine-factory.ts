import type { Config } from '../../config/config';
import type { Db } from '../../db/knex';
import { type Clock, type EmbeddedLifecycleEngine, createEmbeddedEngine } from './embedded-engine';
import type { PolicySource } from './engine-port';
import type { TemporalEngine } from './temporal-engine';

export type LifecycleEngineDeps = { db: Db; policies: PolicySource; clock?: Clock };

/** Narrow on `kind` to reach what only one engine has (the embedded engine's tasks, the Temporal connection). */
export type ConfiguredLifecycleEngine = EmbeddedLifecycleEngine | TemporalEngine;

/**
 * The engine for this process, by configuration only: the embedded PostgreSQL engine when TEMPORAL_ADDRESS is
 * unset, the Temporal engine otherwise. The Temporal module is imported lazily, so an embedded install never loads
 * the Temporal client.
 */
export async function createLifecycleEngine(
  config: Pick<Config, 'temporalAddress' | 'temporalNamespace' | 'temporalTaskQueue'>,
  deps: LifecycleEngineDeps,
): Promise<ConfiguredLifecycleEngine> {
  if (!config.temporalAddress) return createEmbeddedEngine(deps);
  const { createTemporalEngine } = await import('./temporal-engine');
  return createTemporalEngine({
    address: config.temporalAddress,
    namespace: config.temporalNamespace,
    taskQueue: config.temporalTaskQueue,
    policies: deps.policies,
  });
}
