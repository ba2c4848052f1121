// Original file: proto/lantern/plugin/v1/plugin.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CheckHealthRequest as _lantern_plugin_v1_CheckHealthRequest, CheckHealthRequest__Output as _lantern_plugin_v1_CheckHealthRequest__Output } from '../../../lantern/plugin/v1/CheckHealthRequest';
import type { CheckHealthResponse as _lantern_plugin_v1_CheckHealthResponse, CheckHealthResponse__Output as _lantern_plugin_v1_CheckHealthResponse__Output } from '../../../lantern/plugin/v1/CheckHealthResponse';
import type { ConfigureRequest as _lantern_plugin_v1_ConfigureRequest, ConfigureRequest__Output as _lantern_plugin_v1_ConfigureRequest__Output } from '../../../lantern/plugin/v1/ConfigureRequest';
import type { ConfigureResponse as _lantern_plugin_v1_ConfigureResponse, ConfigureResponse__Output as _lantern_plugin_v1_ConfigureResponse__Output } from '../../../lantern/plugin/v1/ConfigureResponse';
import type { DeliverMessageRequest as _lantern_plugin_v1_DeliverMessageRequest, DeliverMessageRequest__Output as _lantern_plugin_v1_DeliverMessageRequest__Output } from '../../../lantern/plugin/v1/DeliverMessageRequest';
import type { DeliverMessageResponse as _lantern_plugin_v1_DeliverMessageResponse, DeliverMessageResponse__Output as _lantern_plugin_v1_DeliverMessageResponse__Output } from '../../../lantern/plugin/v1/DeliverMessageResponse';
import type { DescribeRequest as _lantern_plugin_v1_DescribeRequest, DescribeRequest__Output as _lantern_plugin_v1_DescribeRequest__Output } from '../../../lantern/plugin/v1/DescribeRequest';
import type { DescribeResponse as _lantern_plugin_v1_DescribeResponse, DescribeResponse__Output as _lantern_plugin_v1_DescribeResponse__Output } from '../../../lantern/plugin/v1/DescribeResponse';
import type { HandleWebhookRequest as _lantern_plugin_v1_HandleWebhookRequest, HandleWebhookRequest__Output as _lantern_plugin_v1_HandleWebhookRequest__Output } from '../../../lantern/plugin/v1/HandleWebhookRequest';
import type { HandleWebhookResponse as _lantern_plugin_v1_HandleWebhookResponse, HandleWebhookResponse__Output as _lantern_plugin_v1_HandleWebhookResponse__Output } from '../../../lantern/plugin/v1/HandleWebhookResponse';
import type { PerformActionRequest as _lantern_plugin_v1_PerformActionRequest, PerformActionRequest__Output as _lantern_plugin_v1_PerformActionRequest__Output } from '../../../lantern/plugin/v1/PerformActionRequest';
import type { PerformActionResponse as _lantern_plugin_v1_PerformActionResponse, PerformActionResponse__Output as _lantern_plugin_v1_PerformActionResponse__Output } from '../../../lantern/plugin/v1/PerformActionResponse';

/**
 * ---------------------------------------------------------------------------------------------------------
 * Implemented by every plugin.
 * ---------------------------------------------------------------------------------------------------------
 */
export interface PluginClient extends grpc.Client {
  /**
   * Liveness and readiness; the host calls it periodically and after every (re)start and upgrade.
   */
  CheckHealth(argument: _lantern_plugin_v1_CheckHealthRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lantern_plugin_v1_CheckHealthResponse__Output>): grpc.ClientUnaryCall;
  CheckHealth(argument: _lantern_plugin_v1_CheckHealthRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lantern_plugin_v1_CheckHealthResponse__Output>): grpc.ClientUnaryCall;
  CheckHealth(argument: _lantern_plugin_v1_CheckHealthRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lantern_plugin_v1_CheckHealthResponse__Output>): grpc.ClientUnaryCall;
  CheckHealth(argument: _lantern_plugin_v1_CheckHealthRequest, callback: grpc.requestCallback<_lantern_plugin_v1_CheckHealthResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Liveness and readiness; the host calls it periodically and after every (re)start and upgrade.
   */
  checkHealth(argument: _lantern_plugin_v1_CheckHealthRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lantern_plugin_v1_CheckHealthResponse__Output>): grpc.ClientUnaryCall;
  checkHealth(argument: _lantern_plugin_v1_CheckHealthRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lantern_plugin_v1_CheckHealthResponse__Output>): grpc.ClientUnaryCall;
  checkHealth(argument: _lantern_plugin_v1_CheckHealthRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lantern_plugin_v1_CheckHealthResponse__Output>): grpc.ClientUnaryCall;
  checkHealth(argument: _lantern_plugin_v1_CheckHealthRequest, callback: grpc.requestCallback<_lantern_plugin_v1_CheckHealthResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * New settings and secrets (after install, on every change, and after each start). Idempotent.
   */
  Configure(argument: _lantern_plugin_v1_ConfigureRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lantern_plugin_v1_ConfigureResponse__Output>): grpc.ClientUnaryCall;
  Configure(argument: _lantern_plugin_v1_ConfigureRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lantern_plugin_v1_ConfigureResponse__Output>): grpc.ClientUnaryCall;
  Configure(argument: _lantern_plugin_v1_ConfigureRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lantern_plugin_v1_ConfigureResponse__Output>): grpc.ClientUnaryCall;
  Configure(argument: _lantern_plugin_v1_ConfigureRequest, callback: grpc.requestCallback<_lantern_plugin_v1_ConfigureResponse__Output>): grpc.ClientUnaryCall;
  /**
   * New settings and secrets (after install, on every change, and after each start). Idempotent.
   */
  configure(argument: _lantern_plugin_v1_ConfigureRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lantern_plugin_v1_ConfigureResponse__Output>): grpc.ClientUnaryCall;
  configure(argument: _lantern_plugin_v1_ConfigureRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lantern_plugin_v1_ConfigureResponse__Output>): grpc.ClientUnaryCall;
  configure(argument: _lantern_plugin_v1_ConfigureRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lantern_plugin_v1_ConfigureResponse__Output>): grpc.ClientUnaryCall;
  configure(argument: _lantern_plugin_v1_ConfigureRequest, callback: grpc.requestCallback<_lantern_plugin_v1_ConfigureResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Send one outbound message (an agent reply or a notification) on the plugin's channel. Idempotent per
   * idempotency_key: a retried call must not send twice.
   */
  DeliverMessage(argument: _lantern_plugin_v1_DeliverMessageRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lantern_plugin_v1_DeliverMessageResponse__Output>): grpc.ClientUnaryCall;
  DeliverMessage(argument: _lantern_plugin_v1_DeliverMessageRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lantern_plugin_v1_DeliverMessageResponse__Output>): grpc.ClientUnaryCall;
  DeliverMessage(argument: _lantern_plugin_v1_DeliverMessageRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lantern_plugin_v1_DeliverMessageResponse__Output>): grpc.ClientUnaryCall;
  DeliverMessage(argument: _lantern_plugin_v1_DeliverMessageRequest, callback: grpc.requestCallback<_lantern_plugin_v1_DeliverMessageResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Send one outbound message (an agent reply or a notification) on the plugin's channel. Idempotent per
   * idempotency_key: a retried call must not send twice.
   */
  deliverMessage(argument: _lantern_plugin_v1_DeliverMessageRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lantern_plugin_v1_DeliverMessageResponse__Output>): grpc.ClientUnaryCall;
  deliverMessage(argument: _lantern_plugin_v1_DeliverMessageRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lantern_plugin_v1_DeliverMessageResponse__Output>): grpc.ClientUnaryCall;
  deliverMessage(argument: _lantern_plugin_v1_DeliverMessageRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lantern_plugin_v1_DeliverMessageResponse__Output>): grpc.ClientUnaryCall;
  deliverMessage(argument: _lantern_plugin_v1_DeliverMessageRequest, callback: grpc.requestCallback<_lantern_plugin_v1_DeliverMessageResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Who the plugin is and what it can do. Must answer without configuration.
   */
  Describe(argument: _lantern_plugin_v1_DescribeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lantern_plugin_v1_DescribeResponse__Output>): grpc.ClientUnaryCall;
  Describe(argument: _lantern_plugin_v1_DescribeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lantern_plugin_v1_DescribeResponse__Output>): grpc.ClientUnaryCall;
  Describe(argument: _lantern_plugin_v1_DescribeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lantern_plugin_v1_DescribeResponse__Output>): grpc.ClientUnaryCall;
  Describe(argument: _lantern_plugin_v1_DescribeRequest, callback: grpc.requestCallback<_lantern_plugin_v1_DescribeResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Who the plugin is and what it can do. Must answer without configuration.
   */
  describe(argument: _lantern_plugin_v1_DescribeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lantern_plugin_v1_DescribeResponse__Output>): grpc.ClientUnaryCall;
  describe(argument: _lantern_plugin_v1_DescribeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lantern_plugin_v1_DescribeResponse__Output>): grpc.ClientUnaryCall;
  describe(argument: _lantern_plugin_v1_DescribeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lantern_plugin_v1_DescribeResponse__Output>): grpc.ClientUnaryCall;
  describe(argument: _lantern_plugin_v1_DescribeRequest, callback: grpc.requestCallback<_lantern_plugin_v1_DescribeResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * An HTTP request a provider sent to the plugin's public webhook URL, forwarded verbatim by the host
   * (POST/GET {public_base_url}/api/v1/plugin-webhooks/{plugin_id}/{path}). The plugin verifies the
   * provider's signature itself and answers what the provider expects.
   */
  HandleWebhook(argument: _lantern_plugin_v1_HandleWebhookRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lantern_plugin_v1_HandleWebhookResponse__Output>): grpc.ClientUnaryCall;
  HandleWebhook(argument: _lantern_plugin_v1_HandleWebhookRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lantern_plugin_v1_HandleWebhookResponse__Output>): grpc.ClientUnaryCall;
  HandleWebhook(argument: _lantern_plugin_v1_HandleWebhookRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lantern_plugin_v1_HandleWebhookResponse__Output>): grpc.ClientUnaryCall;
  HandleWebhook(argument: _lantern_plugin_v1_HandleWebhookRequest, callback: grpc.requestCallback<_lantern_plugin_v1_HandleWebhookResponse__Output>): grpc.ClientUnaryCall;
  /**
   * An HTTP request a provider sent to the plugin's public webhook URL, forwarded verbatim by the host
   * (POST/GET {public_base_url}/api/v1/plugin-webhooks/{plugin_id}/{path}). The plugin verifies the
   * provider's signature itself and answers what the provider expects.
   */
  handleWebhook(argument: _lantern_plugin_v1_HandleWebhookRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lantern_plugin_v1_HandleWebhookResponse__Output>): grpc.ClientUnaryCall;
  handleWebhook(argument: _lantern_plugin_v1_HandleWebhookRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lantern_plugin_v1_HandleWebhookResponse__Output>): grpc.ClientUnaryCall;
  handleWebhook(argument: _lantern_plugin_v1_HandleWebhookRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lantern_plugin_v1_HandleWebhookResponse__Output>): grpc.ClientUnaryCall;
  handleWebhook(argument: _lantern_plugin_v1_HandleWebhookRequest, callback: grpc.requestCallback<_lantern_plugin_v1_HandleWebhookResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * A non-message action (automation plugins), idempotent per idempotency_key.
   */
  PerformAction(argument: _lantern_plugin_v1_PerformActionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lantern_plugin_v1_PerformActionResponse__Output>): grpc.ClientUnaryCall;
  PerformAction(argument: _lantern_plugin_v1_PerformActionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lantern_plugin_v1_PerformActionResponse__Output>): grpc.ClientUnaryCall;
  PerformAction(argument: _lantern_plugin_v1_PerformActionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lantern_plugin_v1_PerformActionResponse__Output>): grpc.ClientUnaryCall;
  PerformAction(argument: _lantern_plugin_v1_PerformActionRequest, callback: grpc.requestCallback<_lantern_plugin_v1_PerformActionResponse__Output>): grpc.ClientUnaryCall;
  /**
   * A non-message action (automation plugins), idempotent per idempotency_key.
   */
  performAction(argument: _lantern_plugin_v1_PerformActionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lantern_plugin_v1_PerformActionResponse__Output>): grpc.ClientUnaryCall;
  performAction(argument: _lantern_plugin_v1_PerformActionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lantern_plugin_v1_PerformActionResponse__Output>): grpc.ClientUnaryCall;
  performAction(argument: _lantern_plugin_v1_PerformActionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lantern_plugin_v1_PerformActionResponse__Output>): grpc.ClientUnaryCall;
  performAction(argument: _lantern_plugin_v1_PerformActionRequest, callback: grpc.requestCallback<_lantern_plugin_v1_PerformActionResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * ---------------------------------------------------------------------------------------------------------
 * Implemented by every plugin.
 * ---------------------------------------------------------------------------------------------------------
 */
export interface PluginHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Liveness and readiness; the host calls it periodically and after every (re)start and upgrade.
   */
  CheckHealth: grpc.handleUnaryCall<_lantern_plugin_v1_CheckHealthRequest__Output, _lantern_plugin_v1_CheckHealthResponse>;
  
  /**
   * New settings and secrets (after install, on every change, and after each start). Idempotent.
   */
  Configure: grpc.handleUnaryCall<_lantern_plugin_v1_ConfigureRequest__Output, _lantern_plugin_v1_ConfigureResponse>;
  
  /**
   * Send one outbound message (an agent reply or a notification) on the plugin's channel. Idempotent per
   * idempotency_key: a retried call must not send twice.
   */
  DeliverMessage: grpc.handleUnaryCall<_lantern_plugin_v1_DeliverMessageRequest__Output, _lantern_plugin_v1_DeliverMessageResponse>;
  
  /**
   * Who the plugin is and what it can do. Must answer without configuration.
   */
  Describe: grpc.handleUnaryCall<_lantern_plugin_v1_DescribeRequest__Output, _lantern_plugin_v1_DescribeResponse>;
  
  /**
   * An HTTP request a provider sent to the plugin's public webhook URL, forwarded verbatim by the host
   * (POST/GET {public_base_url}/api/v1/plugin-webhooks/{plugin_id}/{path}). The plugin verifies the
   * provider's signature itself and answers what the provider expects.
   */
  HandleWebhook: grpc.handleUnaryCall<_lantern_plugin_v1_HandleWebhookRequest__Output, _lantern_plugin_v1_HandleWebhookResponse>;
  
  /**
   * A non-message action (automation plugins), idempotent per idempotency_key.
   */
  PerformAction: grpc.handleUnaryCall<_lantern_plugin_v1_PerformActionRequest__Output, _lantern_plugin_v1_PerformActionResponse>;
  
}

export interface PluginDefinition extends grpc.ServiceDefinition {
  CheckHealth: MethodDefinition<_lantern_plugin_v1_CheckHealthRequest, _lantern_plugin_v1_CheckHealthResponse, _lantern_plugin_v1_CheckHealthRequest__Output, _lantern_plugin_v1_CheckHealthResponse__Output>
  Configure: MethodDefinition<_lantern_plugin_v1_ConfigureRequest, _lantern_plugin_v1_ConfigureResponse, _lantern_plugin_v1_ConfigureRequest__Output, _lantern_plugin_v1_ConfigureResponse__Output>
  DeliverMessage: MethodDefinition<_lantern_plugin_v1_DeliverMessageRequest, _lantern_plugin_v1_DeliverMessageResponse, _lantern_plugin_v1_DeliverMessageRequest__Output, _lantern_plugin_v1_DeliverMessageResponse__Output>
  Describe: MethodDefinition<_lantern_plugin_v1_DescribeRequest, _lantern_plugin_v1_DescribeResponse, _lantern_plugin_v1_DescribeRequest__Output, _lantern_plugin_v1_DescribeResponse__Output>
  HandleWebhook: MethodDefinition<_lantern_plugin_v1_HandleWebhookRequest, _lantern_plugin_v1_HandleWebhookResponse, _lantern_plugin_v1_HandleWebhookRequest__Output, _lantern_plugin_v1_HandleWebhookResponse__Output>
  PerformAction: MethodDefinition<_lantern_plugin_v1_PerformActionRequest, _lantern_plugin_v1_PerformActionResponse, _lantern_plugin_v1_PerformActionRequest__Output, _lantern_plugin_v1_PerformActionResponse__Output>
}
