import * as grpc from '@grpc/grpc-js';
import type { Config } from '../../config/config';
import {
  loadPluginProto, type CheckHealthRequest, type CheckHealthResponse__Output, type ConfigureRequest, type ConfigureResponse__Output,
  type DeliverMessageRequest, type DeliverMessageResponse__Output, type DescribeRequest, type DescribeResponse__Output,
  type HandleWebhookRequest, type HandleWebhookResponse__Output, type PerformActionRequest, type PerformActionResponse__Output, type PluginClient,
} from '../../proto/load';
import { decryptSecret } from './plugin-secrets';

type Cached = { client: PluginClient; address: string };
const clients = new Map<string, Cached>();

/** A gRPC client for the plugin at `address`, reused while the address stays the same. */
export function pluginClient(pluginId: string, address: string): PluginClient {
  const cached = clients.get(pluginId);
  if (cached && cached.address === address) return cached.client;
  cached?.client.close();
  const { Plugin } = loadPluginProto();
  const client = new Plugin(address, grpc.credentials.createInsecure(), {
    'grpc.max_receive_message_length': 16 * 1_048_576,
    'grpc.max_send_message_length': 32 * 1_048_576,
  });
  clients.set(pluginId, { client, address });
  return client;
}

export function dropPluginClient(pluginId: string): void {
  clients.get(pluginId)?.client.close();
  clients.delete(pluginId);
}

export type PluginCallTarget = { pluginId: string; address: string; token: string };

/** Address and host-call token of a running plugin as the supervisor recorded them (any process may call it). */
export function callTarget(config: Pick<Config, 'secretKey' | 'dataDir'>, row: { plugin_id: string; runtime_address: string | null; host_call_token_encrypted: string | null }): PluginCallTarget | null {
  if (!row.runtime_address || !row.host_call_token_encrypted) return null;
  return { pluginId: row.plugin_id, address: row.runtime_address, token: decryptSecret(config, row.host_call_token_encrypted) };
}

type Methods = {
  describe: [DescribeRequest, DescribeResponse__Output];
  checkHealth: [CheckHealthRequest, CheckHealthResponse__Output];
  configure: [ConfigureRequest, ConfigureResponse__Output];
  deliverMessage: [DeliverMessageRequest, DeliverMessageResponse__Output];
  performAction: [PerformActionRequest, PerformActionResponse__Output];
  handleWebhook: [HandleWebhookRequest, HandleWebhookResponse__Output];
};
type UnaryMethod = keyof Methods;

/** One unary call with the bearer token and a deadline; rejects with the grpc ServiceError. */
export function callPlugin<M extends UnaryMethod>(target: PluginCallTarget, method: M, request: Methods[M][0], deadlineMs: number): Promise<Methods[M][1]> {
  const client = pluginClient(target.pluginId, target.address);
  const metadata = new grpc.Metadata();
  metadata.set('authorization', `Bearer ${target.token}`);
  return new Promise((resolve, reject) => {
    const fn = client[method] as unknown as (
      req: unknown, md: grpc.Metadata, opts: grpc.CallOptions, cb: (err: grpc.ServiceError | null, res?: unknown) => void,
    ) => grpc.ClientUnaryCall;
    fn.call(client, request, metadata, { deadline: Date.now() + deadlineMs }, (err, res) => {
      if (err) reject(err);
      else resolve(res as Methods[M][1]);
    });
  });
}

export const isServiceError = (err: unknown): err is grpc.ServiceError =>
  typeof err === 'object' && err !== null && 'code' in err && typeof (err as { code: unknown }).code === 'number' && 'details' in err;
