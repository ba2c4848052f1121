import type { Config } from '../../config/config';
import type { Db } from '../../db/knex';
import { type Clock, type EmbeddedLifecycleEngine, createEmbeddedEngine } from './embedded-engine';
import type { LifecycleEngine, PolicySource } from './engine-port';

export type LifecycleEngineDeps = { db: Db; policies: PolicySource; clock?: Clock };

export type TemporalLifecycleEngine = LifecycleEngine & { readonly kind: 'temporal' };
/** Narrow on `kind` to reach what only the embedded engine's background tasks need. */
export type ConfiguredLifecycleEngine = EmbeddedLifecycleEngine | TemporalLifecycleEngine;

// Not a literal import: the Temporal shell is optional at build time and must never load unless configured.
const TEMPORAL_ENGINE_MODULE: string = './temporal-engine';

/**
 * The engine for this process, by configuration only: the embedded PostgreSQL engine when TEMPORAL_ADDRESS is
 * unset, the Temporal engine otherwise (loaded lazily so an embedded install never loads the Temporal client).
 */
export async function createLifecycleEngine(config: Pick<Config, 'temporalAddress'>, deps: LifecycleEngineDeps): Promise<ConfiguredLifecycleEngine> {
  if (!config.temporalAddress) return createEmbeddedEngine(deps);
  let mod: { createTemporalEngine?: unknown };
  try {
    mod = (await import(TEMPORAL_ENGINE_MODULE)) as { createTemporalEngine?: unknown };
  } catch (err) {
    throw new Error(
      `TEMPORAL_ADDRESS is set (${config.temporalAddress}) but the Temporal lifecycle engine (services/lifecycle/temporal-engine.ts) ` +
        'could not be loaded; unset TEMPORAL_ADDRESS to use the embedded engine',
      { cause: err },
    );
  }
  if (typeof mod.createTemporalEngine !== 'function') {
    throw new Error('TEMPORAL_ADDRESS is set but services/lifecycle/temporal-engine.ts exports no createTemporalEngine(options)');
  }
  const create = mod.createTemporalEngine as (options: { address: string } & LifecycleEngineDeps) => Promise<TemporalLifecycleEngine> | TemporalLifecycleEngine;
  return create({ address: config.temporalAddress, ...deps });
}
