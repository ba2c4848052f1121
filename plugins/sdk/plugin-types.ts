import type {
  DeliverMessageRequest__Output,
  DescribeResponse,
  HandleWebhookRequest__Output,
  PerformActionRequest__Output,
} from '../../proto/load';
import type { DataStore } from './data-store';
import type { HostClient } from './host-client';
import type { PluginEnv } from './plugin-env';
import type { Logger } from 'pino';

/** Settings and secrets from the last Configure, parsed. */
export type PluginConfig = {
  settings: Record<string, unknown>;
  secrets: Record<string, string>;
  /** `{public base}/api/v1/plugin-webhooks/{plugin id}`; empty when the platform has no public URL. */
  publicWebhookUrl: string;
};

export type Health = { status: 'SERVING' | 'NOT_CONFIGURED' | 'DEGRADED'; detail?: string };

export type DeliveryResult = { state: 'QUEUED' | 'SENT'; externalIds: string[] };

export type WebhookRequest = HandleWebhookRequest__Output;
export type WebhookResponse = { status: number; headers?: Record<string, string>; body?: string | Buffer };

/** What a plugin implements. Every handler may throw a PluginError; the SDK turns it into the gRPC status. */
export type PluginDefinition = {
  describe: Required<Omit<DescribeResponse, 'contractVersion'>>;
  configure: (config: PluginConfig) => Promise<void> | void;
  checkHealth: () => Promise<Health> | Health;
  deliverMessage: (req: DeliverMessageRequest__Output) => Promise<DeliveryResult>;
  handleWebhook: (req: WebhookRequest) => Promise<WebhookResponse>;
  performAction?: (req: PerformActionRequest__Output) => Promise<{ resultJson: string }>;
  /** Stop background work (pollers, timers) on SIGTERM. */
  close?: () => Promise<void> | void;
};

/** What the SDK gives a plugin factory. */
export type PluginContext = {
  env: PluginEnv;
  host: HostClient;
  log: Logger;
  /** A durable key-value store in the plugin data dir (kept across restarts and upgrades); ttlMs forgets old entries. */
  store: <V>(name: string, opts?: { ttlMs?: number }) => DataStore<V>;
};
