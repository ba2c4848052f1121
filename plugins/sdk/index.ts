/** The Lantern plugin SDK for TypeScript: see docs/plugins.md, "Writing a plugin in TypeScript". */
export { runPlugin, startPlugin, type PluginFactory, type RunningPlugin } from './plugin-server';
export { HostClient, grpcCodeOf } from './host-client';
export { DataStore, IDEMPOTENCY_TTL_MS } from './data-store';
export { PluginError, invalidArgument, failedPrecondition, unavailable, resourceExhausted, type PluginErrorCode } from './plugin-error';
export { readPluginEnv, type PluginEnv } from './plugin-env';
export { providerFetch, readJson } from './provider-http';
export { splitText } from './text-split';
export { safeEqual, textResponse, jsonResponse } from './webhook-util';
export { resolveProtoPath } from './proto-path';
export { parsePluginSettings } from './settings';
export type { PluginConfig, PluginContext, PluginDefinition, Health, DeliveryResult, WebhookRequest, WebhookResponse } from './plugin-types';
