import { parsePolicy, type Policy } from '../../core/lifecycle/policy.schema';
import type { Queryable } from '../../db/knex';
import type { PolicySource } from './engine-port';

const KEEP_VERSIONS = 8;

/**
 * Engines ask for the policy on every event, so this costs one index-only lookup of the latest version
 * number per call; a document is read and validated once per version. Older versions (replays, audits)
 * stay in a small cache.
 */
export function createPolicySource(db: Queryable): PolicySource {
  const cache = new Map<number, Policy>();

  async function load(version: number): Promise<Policy | null> {
    const hit = cache.get(version);
    if (hit) return hit;
    const row = await db('lifecycle_policy_versions').where({ version }).first<{ document: unknown } | undefined>('document');
    if (!row) return null;
    const policy = parsePolicy(row.document);
    cache.set(version, policy);
    if (cache.size > KEEP_VERSIONS) cache.delete(Math.min(...cache.keys()));
    return policy;
  }

  return {
    async current() {
      const row = await db('lifecycle_policy_versions').max<{ version: number | null }>('version as version').first();
      const version = row?.version ?? null;
      const policy = version === null ? null : await load(version);
      if (!policy) throw new Error('no lifecycle policy version is stored; run the migrations');
      return policy;
    },
    byVersion: load,
  };
}
