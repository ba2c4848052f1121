import type { Policy } from '../../core/lifecycle/policy.schema';
import type { PolicySource } from './engine-port';

/**
 * A policy source with exactly one document. Used where no policy store exists: `npm start` until the lifecycle
 * policies module lands (it then supplies the admin-edited, versioned document), benchmarks and tests.
 */
export function fixedPolicySource(policy: Policy): PolicySource {
  return {
    current: async () => policy,
    byVersion: async (version) => (version === policy.version ? policy : null),
  };
}
