/** The folder dependency rule from docs/architecture.md, enforced on every `npm test`. */
module.exports = {
  forbidden: [
    { name: 'core-is-pure', severity: 'error', comment: 'core/ holds pure domain rules: no project I/O code',
      from: { path: '^core/' }, to: { path: '^(config|db|services|gateway|activities|workflows|plugins|bin|ui)/' } },
    { name: 'workflows-deterministic', severity: 'error', comment: 'workflows/ import only core/ and @temporalio/workflow',
      from: { path: '^workflows/' }, to: { path: '^(config|db|services|gateway|activities|plugins|bin|ui)/|^node:|node_modules/(?!@temporalio/workflow|luxon|zod)' , dependencyTypesNot: ['type-only'] } },
    { name: 'db-below-services', severity: 'error', comment: 'db/ knows tables, not services or HTTP',
      from: { path: '^db/' }, to: { path: '^(services|gateway|activities|workflows|plugins|bin|ui)/' } },
    { name: 'services-not-http', severity: 'error', comment: 'services/ never import the gateway, activities or process entry points',
      from: { path: '^services/' }, to: { path: '^(gateway|activities|workflows|bin|ui)/' } },
    { name: 'activities-not-gateway', severity: 'error', comment: 'activities/ never import the gateway',
      from: { path: '^activities/' }, to: { path: '^(gateway|bin|ui)/' } },
    { name: 'gateway-not-engine-internals', severity: 'error', comment: 'gateway/ reaches engines only through the engine port',
      from: { path: '^gateway/' }, to: { path: '^(activities|workflows|bin)/|@temporalio/worker' } },
    { name: 'config-standalone', severity: 'error', from: { path: '^config/' }, to: { path: '^(db|services|gateway|activities|workflows|plugins|bin)/' } },
    { name: 'ui-public-api-only', severity: 'error', comment: 'ui/ talks to the server only over the public /api/v1',
      from: { path: '^ui/' }, to: { path: '^(core|config|db|services|gateway|activities|workflows|plugins|bin)/' } },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.json'] },
  },
};
