/**
 * The one place that loads the plugin contract at runtime, shared by the host (services/plugins) and the plugin
 * SDK (plugins/sdk). The loader options must match the flags the types in proto/generated/ were generated with
 * (see proto/CONTEXT.md), otherwise the generated types lie about the runtime shapes.
 */
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { ProtoGrpcType } from './generated/plugin';

/** Absolute path of the v1 contract in the repository. Bundled plugins pass the copy next to their bundle. */
export const PROTO_PATH = fileURLToPath(new URL('./lantern/plugin/v1/plugin.proto', import.meta.url));

/** Runtime loader options; generator flags: --longs=Number --enums=String --defaults --oneofs. */
export const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
};

export type PluginProtoPackage = ProtoGrpcType['lantern']['plugin']['v1'];

const cache = new Map<string, PluginProtoPackage>();

/** Loads (once per path) the `lantern.plugin.v1` package with its `Plugin` and `Host` service constructors. */
export function loadPluginProto(protoPath: string = PROTO_PATH): PluginProtoPackage {
  const cached = cache.get(protoPath);
  if (cached) return cached;
  const definition = protoLoader.loadSync(protoPath, LOADER_OPTIONS);
  // The generated ProtoGrpcType describes exactly this package definition (same file, same options).
  const root = grpc.loadPackageDefinition(definition) as unknown as ProtoGrpcType;
  const pkg = root.lantern.plugin.v1;
  cache.set(protoPath, pkg);
  return pkg;
}

export type { ProtoGrpcType } from './generated/plugin';
export type { Address, Address__Output } from './generated/lantern/plugin/v1/Address';
export type { Attachment, Attachment__Output } from './generated/lantern/plugin/v1/Attachment';
export type { CheckHealthRequest, CheckHealthRequest__Output } from './generated/lantern/plugin/v1/CheckHealthRequest';
export type { CheckHealthResponse, CheckHealthResponse__Output } from './generated/lantern/plugin/v1/CheckHealthResponse';
export type { ConfigureRequest, ConfigureRequest__Output } from './generated/lantern/plugin/v1/ConfigureRequest';
export type { ConfigureResponse, ConfigureResponse__Output } from './generated/lantern/plugin/v1/ConfigureResponse';
export type { DeliverMessageRequest, DeliverMessageRequest__Output } from './generated/lantern/plugin/v1/DeliverMessageRequest';
export type { DeliverMessageResponse, DeliverMessageResponse__Output } from './generated/lantern/plugin/v1/DeliverMessageResponse';
export type { DeliveryState, DeliveryState__Output } from './generated/lantern/plugin/v1/DeliveryState';
export type { DescribeRequest, DescribeRequest__Output } from './generated/lantern/plugin/v1/DescribeRequest';
export type { DescribeResponse, DescribeResponse__Output } from './generated/lantern/plugin/v1/DescribeResponse';
export type { FindOrCreateCustomerRequest, FindOrCreateCustomerRequest__Output } from './generated/lantern/plugin/v1/FindOrCreateCustomerRequest';
export type { FindOrCreateCustomerResponse, FindOrCreateCustomerResponse__Output } from './generated/lantern/plugin/v1/FindOrCreateCustomerResponse';
export type { GetConfigRequest, GetConfigRequest__Output } from './generated/lantern/plugin/v1/GetConfigRequest';
export type { GetConfigResponse, GetConfigResponse__Output } from './generated/lantern/plugin/v1/GetConfigResponse';
export type { HandleWebhookRequest, HandleWebhookRequest__Output } from './generated/lantern/plugin/v1/HandleWebhookRequest';
export type { HandleWebhookResponse, HandleWebhookResponse__Output } from './generated/lantern/plugin/v1/HandleWebhookResponse';
export type { HostClient, HostHandlers, HostDefinition } from './generated/lantern/plugin/v1/Host';
export type { PerformActionRequest, PerformActionRequest__Output } from './generated/lantern/plugin/v1/PerformActionRequest';
export type { PerformActionResponse, PerformActionResponse__Output } from './generated/lantern/plugin/v1/PerformActionResponse';
export type { PluginClient, PluginHandlers, PluginDefinition } from './generated/lantern/plugin/v1/Plugin';
export type { SubmitInboundMessageRequest, SubmitInboundMessageRequest__Output } from './generated/lantern/plugin/v1/SubmitInboundMessageRequest';
export type { SubmitInboundMessageResponse, SubmitInboundMessageResponse__Output } from './generated/lantern/plugin/v1/SubmitInboundMessageResponse';
export type { SubscribeTicketEventsRequest, SubscribeTicketEventsRequest__Output } from './generated/lantern/plugin/v1/SubscribeTicketEventsRequest';
export type { TicketEvent, TicketEvent__Output } from './generated/lantern/plugin/v1/TicketEvent';
export type { UpdateDeliveryStatusRequest, UpdateDeliveryStatusRequest__Output } from './generated/lantern/plugin/v1/UpdateDeliveryStatusRequest';
export type { UpdateDeliveryStatusResponse, UpdateDeliveryStatusResponse__Output } from './generated/lantern/plugin/v1/UpdateDeliveryStatusResponse';
