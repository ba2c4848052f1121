// Original file: proto/lantern/plugin/v1/plugin.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { FindOrCreateCustomerRequest as _lantern_plugin_v1_FindOrCreateCustomerRequest, FindOrCreateCustomerRequest__Output as _lantern_plugin_v1_FindOrCreateCustomerRequest__Output } from '../../../lantern/plugin/v1/FindOrCreateCustomerRequest';
import type { FindOrCreateCustomerResponse as _lantern_plugin_v1_FindOrCreateCustomerResponse, FindOrCreateCustomerResponse__Output as _lantern_plugin_v1_FindOrCreateCustomerResponse__Output } from '../../../lantern/plugin/v1/FindOrCreateCustomerResponse';
import type { GetConfigRequest as _lantern_plugin_v1_GetConfigRequest, GetConfigRequest__Output as _lantern_plugin_v1_GetConfigRequest__Output } from '../../../lantern/plugin/v1/GetConfigRequest';
import type { GetConfigResponse as _lantern_plugin_v1_GetConfigResponse, GetConfigResponse__Output as _lantern_plugin_v1_GetConfigResponse__Output } from '../../../lantern/plugin/v1/GetConfigResponse';
import type { SubmitInboundMessageRequest as _lantern_plugin_v1_SubmitInboundMessageRequest, SubmitInboundMessageRequest__Output as _lantern_plugin_v1_SubmitInboundMessageRequest__Output } from '../../../lantern/plugin/v1/SubmitInboundMessageRequest';
import type { SubmitInboundMessageResponse as _lantern_plugin_v1_SubmitInboundMessageResponse, SubmitInboundMessageResponse__Output as _lantern_plugin_v1_SubmitInboundMessageResponse__Output } from '../../../lantern/plugin/v1/SubmitInboundMessageResponse';
import type { SubscribeTicketEventsRequest as _lantern_plugin_v1_SubscribeTicketEventsRequest, SubscribeTicketEventsRequest__Output as _lantern_plugin_v1_SubscribeTicketEventsRequest__Output } from '../../../lantern/plugin/v1/SubscribeTicketEventsRequest';
import type { TicketEvent as _lantern_plugin_v1_TicketEvent, TicketEvent__Output as _lantern_plugin_v1_TicketEvent__Output } from '../../../lantern/plugin/v1/TicketEvent';
import type { UpdateDeliveryStatusRequest as _lantern_plugin_v1_UpdateDeliveryStatusRequest, UpdateDeliveryStatusRequest__Output as _lantern_plugin_v1_UpdateDeliveryStatusRequest__Output } from '../../../lantern/plugin/v1/UpdateDeliveryStatusRequest';
import type { UpdateDeliveryStatusResponse as _lantern_plugin_v1_UpdateDeliveryStatusResponse, UpdateDeliveryStatusResponse__Output as _lantern_plugin_v1_UpdateDeliveryStatusResponse__Output } from '../../../lantern/plugin/v1/UpdateDeliveryStatusResponse';

/**
 * ---------------------------------------------------------------------------------------------------------
 * Exposed by the Lantern core to plugins (address in LANTERN_HOST_ADDRESS).
 * ---------------------------------------------------------------------------------------------------------
 */
export interface HostClient extends grpc.Client {
  /**
   * Needs "customers:read" (lookup only) or "customers:write" (create).
   */
  FindOrCreateCustomer(argument: _lantern_plugin_v1_FindOrCreateCustomerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lantern_plugin_v1_FindOrCreateCustomerResponse__Output>): grpc.ClientUnaryCall;
  FindOrCreateCustomer(argument: _lantern_plugin_v1_FindOrCreateCustomerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lantern_plugin_v1_FindOrCreateCustomerResponse__Output>): grpc.ClientUnaryCall;
  FindOrCreateCustomer(argument: _lantern_plugin_v1_FindOrCreateCustomerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lantern_plugin_v1_FindOrCreateCustomerResponse__Output>): grpc.ClientUnaryCall;
  FindOrCreateCustomer(argument: _lantern_plugin_v1_FindOrCreateCustomerRequest, callback: grpc.requestCallback<_lantern_plugin_v1_FindOrCreateCustomerResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Needs "customers:read" (lookup only) or "customers:write" (create).
   */
  findOrCreateCustomer(argument: _lantern_plugin_v1_FindOrCreateCustomerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lantern_plugin_v1_FindOrCreateCustomerResponse__Output>): grpc.ClientUnaryCall;
  findOrCreateCustomer(argument: _lantern_plugin_v1_FindOrCreateCustomerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lantern_plugin_v1_FindOrCreateCustomerResponse__Output>): grpc.ClientUnaryCall;
  findOrCreateCustomer(argument: _lantern_plugin_v1_FindOrCreateCustomerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lantern_plugin_v1_FindOrCreateCustomerResponse__Output>): grpc.ClientUnaryCall;
  findOrCreateCustomer(argument: _lantern_plugin_v1_FindOrCreateCustomerRequest, callback: grpc.requestCallback<_lantern_plugin_v1_FindOrCreateCustomerResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * The plugin's current settings and granted secrets (same content as the last Configure).
   */
  GetConfig(argument: _lantern_plugin_v1_GetConfigRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lantern_plugin_v1_GetConfigResponse__Output>): grpc.ClientUnaryCall;
  GetConfig(argument: _lantern_plugin_v1_GetConfigRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lantern_plugin_v1_GetConfigResponse__Output>): grpc.ClientUnaryCall;
  GetConfig(argument: _lantern_plugin_v1_GetConfigRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lantern_plugin_v1_GetConfigResponse__Output>): grpc.ClientUnaryCall;
  GetConfig(argument: _lantern_plugin_v1_GetConfigRequest, callback: grpc.requestCallback<_lantern_plugin_v1_GetConfigResponse__Output>): grpc.ClientUnaryCall;
  /**
   * The plugin's current settings and granted secrets (same content as the last Configure).
   */
  getConfig(argument: _lantern_plugin_v1_GetConfigRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lantern_plugin_v1_GetConfigResponse__Output>): grpc.ClientUnaryCall;
  getConfig(argument: _lantern_plugin_v1_GetConfigRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lantern_plugin_v1_GetConfigResponse__Output>): grpc.ClientUnaryCall;
  getConfig(argument: _lantern_plugin_v1_GetConfigRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lantern_plugin_v1_GetConfigResponse__Output>): grpc.ClientUnaryCall;
  getConfig(argument: _lantern_plugin_v1_GetConfigRequest, callback: grpc.requestCallback<_lantern_plugin_v1_GetConfigResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * A customer's message from the channel: it becomes a new ticket or joins the open ticket of its thread.
   * Deduplicated by (channel, external_id): a repeated submit answers the first result with duplicate=true.
   * Needs permission "inbound:submit".
   */
  SubmitInboundMessage(argument: _lantern_plugin_v1_SubmitInboundMessageRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lantern_plugin_v1_SubmitInboundMessageResponse__Output>): grpc.ClientUnaryCall;
  SubmitInboundMessage(argument: _lantern_plugin_v1_SubmitInboundMessageRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lantern_plugin_v1_SubmitInboundMessageResponse__Output>): grpc.ClientUnaryCall;
  SubmitInboundMessage(argument: _lantern_plugin_v1_SubmitInboundMessageRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lantern_plugin_v1_SubmitInboundMessageResponse__Output>): grpc.ClientUnaryCall;
  SubmitInboundMessage(argument: _lantern_plugin_v1_SubmitInboundMessageRequest, callback: grpc.requestCallback<_lantern_plugin_v1_SubmitInboundMessageResponse__Output>): grpc.ClientUnaryCall;
  /**
   * A customer's message from the channel: it becomes a new ticket or joins the open ticket of its thread.
   * Deduplicated by (channel, external_id): a repeated submit answers the first result with duplicate=true.
   * Needs permission "inbound:submit".
   */
  submitInboundMessage(argument: _lantern_plugin_v1_SubmitInboundMessageRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lantern_plugin_v1_SubmitInboundMessageResponse__Output>): grpc.ClientUnaryCall;
  submitInboundMessage(argument: _lantern_plugin_v1_SubmitInboundMessageRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lantern_plugin_v1_SubmitInboundMessageResponse__Output>): grpc.ClientUnaryCall;
  submitInboundMessage(argument: _lantern_plugin_v1_SubmitInboundMessageRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lantern_plugin_v1_SubmitInboundMessageResponse__Output>): grpc.ClientUnaryCall;
  submitInboundMessage(argument: _lantern_plugin_v1_SubmitInboundMessageRequest, callback: grpc.requestCallback<_lantern_plugin_v1_SubmitInboundMessageResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Ticket events after after_event_id, then live ones, filtered. Needs "events:subscribe". At-least-once:
   * resume with the last event_id seen.
   */
  SubscribeTicketEvents(argument: _lantern_plugin_v1_SubscribeTicketEventsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_lantern_plugin_v1_TicketEvent__Output>;
  SubscribeTicketEvents(argument: _lantern_plugin_v1_SubscribeTicketEventsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_lantern_plugin_v1_TicketEvent__Output>;
  /**
   * Ticket events after after_event_id, then live ones, filtered. Needs "events:subscribe". At-least-once:
   * resume with the last event_id seen.
   */
  subscribeTicketEvents(argument: _lantern_plugin_v1_SubscribeTicketEventsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_lantern_plugin_v1_TicketEvent__Output>;
  subscribeTicketEvents(argument: _lantern_plugin_v1_SubscribeTicketEventsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_lantern_plugin_v1_TicketEvent__Output>;
  
  /**
   * A provider's delivery receipt for an outbound message. Needs "deliveries:update". Idempotent.
   */
  UpdateDeliveryStatus(argument: _lantern_plugin_v1_UpdateDeliveryStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lantern_plugin_v1_UpdateDeliveryStatusResponse__Output>): grpc.ClientUnaryCall;
  UpdateDeliveryStatus(argument: _lantern_plugin_v1_UpdateDeliveryStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lantern_plugin_v1_UpdateDeliveryStatusResponse__Output>): grpc.ClientUnaryCall;
  UpdateDeliveryStatus(argument: _lantern_plugin_v1_UpdateDeliveryStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lantern_plugin_v1_UpdateDeliveryStatusResponse__Output>): grpc.ClientUnaryCall;
  UpdateDeliveryStatus(argument: _lantern_plugin_v1_UpdateDeliveryStatusRequest, callback: grpc.requestCallback<_lantern_plugin_v1_UpdateDeliveryStatusResponse__Output>): grpc.ClientUnaryCall;
  /**
   * A provider's delivery receipt for an outbound message. Needs "deliveries:update". Idempotent.
   */
  updateDeliveryStatus(argument: _lantern_plugin_v1_UpdateDeliveryStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lantern_plugin_v1_UpdateDeliveryStatusResponse__Output>): grpc.ClientUnaryCall;
  updateDeliveryStatus(argument: _lantern_plugin_v1_UpdateDeliveryStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lantern_plugin_v1_UpdateDeliveryStatusResponse__Output>): grpc.ClientUnaryCall;
  updateDeliveryStatus(argument: _lantern_plugin_v1_UpdateDeliveryStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lantern_plugin_v1_UpdateDeliveryStatusResponse__Output>): grpc.ClientUnaryCall;
  updateDeliveryStatus(argument: _lantern_plugin_v1_UpdateDeliveryStatusRequest, callback: grpc.requestCallback<_lantern_plugin_v1_UpdateDeliveryStatusResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * ---------------------------------------------------------------------------------------------------------
 * Exposed by the Lantern core to plugins (address in LANTERN_HOST_ADDRESS).
 * ---------------------------------------------------------------------------------------------------------
 */
export interface HostHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Needs "customers:read" (lookup only) or "customers:write" (create).
   */
  FindOrCreateCustomer: grpc.handleUnaryCall<_lantern_plugin_v1_FindOrCreateCustomerRequest__Output, _lantern_plugin_v1_FindOrCreateCustomerResponse>;
  
  /**
   * The plugin's current settings and granted secrets (same content as the last Configure).
   */
  GetConfig: grpc.handleUnaryCall<_lantern_plugin_v1_GetConfigRequest__Output, _lantern_plugin_v1_GetConfigResponse>;
  
  /**
   * A customer's message from the channel: it becomes a new ticket or joins the open ticket of its thread.
   * Deduplicated by (channel, external_id): a repeated submit answers the first result with duplicate=true.
   * Needs permission "inbound:submit".
   */
  SubmitInboundMessage: grpc.handleUnaryCall<_lantern_plugin_v1_SubmitInboundMessageRequest__Output, _lantern_plugin_v1_SubmitInboundMessageResponse>;
  
  /**
   * Ticket events after after_event_id, then live ones, filtered. Needs "events:subscribe". At-least-once:
   * resume with the last event_id seen.
   */
  SubscribeTicketEvents: grpc.handleServerStreamingCall<_lantern_plugin_v1_SubscribeTicketEventsRequest__Output, _lantern_plugin_v1_TicketEvent>;
  
  /**
   * A provider's delivery receipt for an outbound message. Needs "deliveries:update". Idempotent.
   */
  UpdateDeliveryStatus: grpc.handleUnaryCall<_lantern_plugin_v1_UpdateDeliveryStatusRequest__Output, _lantern_plugin_v1_UpdateDeliveryStatusResponse>;
  
}

export interface HostDefinition extends grpc.ServiceDefinition {
  FindOrCreateCustomer: MethodDefinition<_lantern_plugin_v1_FindOrCreateCustomerRequest, _lantern_plugin_v1_FindOrCreateCustomerResponse, _lantern_plugin_v1_FindOrCreateCustomerRequest__Output, _lantern_plugin_v1_FindOrCreateCustomerResponse__Output>
  GetConfig: MethodDefinition<_lantern_plugin_v1_GetConfigRequest, _lantern_plugin_v1_GetConfigResponse, _lantern_plugin_v1_GetConfigRequest__Output, _lantern_plugin_v1_GetConfigResponse__Output>
  SubmitInboundMessage: MethodDefinition<_lantern_plugin_v1_SubmitInboundMessageRequest, _lantern_plugin_v1_SubmitInboundMessageResponse, _lantern_plugin_v1_SubmitInboundMessageRequest__Output, _lantern_plugin_v1_SubmitInboundMessageResponse__Output>
  SubscribeTicketEvents: MethodDefinition<_lantern_plugin_v1_SubscribeTicketEventsRequest, _lantern_plugin_v1_TicketEvent, _lantern_plugin_v1_SubscribeTicketEventsRequest__Output, _lantern_plugin_v1_TicketEvent__Output>
  UpdateDeliveryStatus: MethodDefinition<_lantern_plugin_v1_UpdateDeliveryStatusRequest, _lantern_plugin_v1_UpdateDeliveryStatusResponse, _lantern_plugin_v1_UpdateDeliveryStatusRequest__Output, _lantern_plugin_v1_UpdateDeliveryStatusResponse__Output>
}
