import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Address as _lantern_plugin_v1_Address, Address__Output as _lantern_plugin_v1_Address__Output } from './lantern/plugin/v1/Address';
import type { Attachment as _lantern_plugin_v1_Attachment, Attachment__Output as _lantern_plugin_v1_Attachment__Output } from './lantern/plugin/v1/Attachment';
import type { CheckHealthRequest as _lantern_plugin_v1_CheckHealthRequest, CheckHealthRequest__Output as _lantern_plugin_v1_CheckHealthRequest__Output } from './lantern/plugin/v1/CheckHealthRequest';
import type { CheckHealthResponse as _lantern_plugin_v1_CheckHealthResponse, CheckHealthResponse__Output as _lantern_plugin_v1_CheckHealthResponse__Output } from './lantern/plugin/v1/CheckHealthResponse';
import type { ConfigureRequest as _lantern_plugin_v1_ConfigureRequest, ConfigureRequest__Output as _lantern_plugin_v1_ConfigureRequest__Output } from './lantern/plugin/v1/ConfigureRequest';
import type { ConfigureResponse as _lantern_plugin_v1_ConfigureResponse, ConfigureResponse__Output as _lantern_plugin_v1_ConfigureResponse__Output } from './lantern/plugin/v1/ConfigureResponse';
import type { DeliverMessageRequest as _lantern_plugin_v1_DeliverMessageRequest, DeliverMessageRequest__Output as _lantern_plugin_v1_DeliverMessageRequest__Output } from './lantern/plugin/v1/DeliverMessageRequest';
import type { DeliverMessageResponse as _lantern_plugin_v1_DeliverMessageResponse, DeliverMessageResponse__Output as _lantern_plugin_v1_DeliverMessageResponse__Output } from './lantern/plugin/v1/DeliverMessageResponse';
import type { DescribeRequest as _lantern_plugin_v1_DescribeRequest, DescribeRequest__Output as _lantern_plugin_v1_DescribeRequest__Output } from './lantern/plugin/v1/DescribeRequest';
import type { DescribeResponse as _lantern_plugin_v1_DescribeResponse, DescribeResponse__Output as _lantern_plugin_v1_DescribeResponse__Output } from './lantern/plugin/v1/DescribeResponse';
import type { FindOrCreateCustomerRequest as _lantern_plugin_v1_FindOrCreateCustomerRequest, FindOrCreateCustomerRequest__Output as _lantern_plugin_v1_FindOrCreateCustomerRequest__Output } from './lantern/plugin/v1/FindOrCreateCustomerRequest';
import type { FindOrCreateCustomerResponse as _lantern_plugin_v1_FindOrCreateCustomerResponse, FindOrCreateCustomerResponse__Output as _lantern_plugin_v1_FindOrCreateCustomerResponse__Output } from './lantern/plugin/v1/FindOrCreateCustomerResponse';
import type { GetConfigRequest as _lantern_plugin_v1_GetConfigRequest, GetConfigRequest__Output as _lantern_plugin_v1_GetConfigRequest__Output } from './lantern/plugin/v1/GetConfigRequest';
import type { GetConfigResponse as _lantern_plugin_v1_GetConfigResponse, GetConfigResponse__Output as _lantern_plugin_v1_GetConfigResponse__Output } from './lantern/plugin/v1/GetConfigResponse';
import type { HandleWebhookRequest as _lantern_plugin_v1_HandleWebhookRequest, HandleWebhookRequest__Output as _lantern_plugin_v1_HandleWebhookRequest__Output } from './lantern/plugin/v1/HandleWebhookRequest';
import type { HandleWebhookResponse as _lantern_plugin_v1_HandleWebhookResponse, HandleWebhookResponse__Output as _lantern_plugin_v1_HandleWebhookResponse__Output } from './lantern/plugin/v1/HandleWebhookResponse';
import type { HostClient as _lantern_plugin_v1_HostClient, HostDefinition as _lantern_plugin_v1_HostDefinition } from './lantern/plugin/v1/Host';
import type { PerformActionRequest as _lantern_plugin_v1_PerformActionRequest, PerformActionRequest__Output as _lantern_plugin_v1_PerformActionRequest__Output } from './lantern/plugin/v1/PerformActionRequest';
import type { PerformActionResponse as _lantern_plugin_v1_PerformActionResponse, PerformActionResponse__Output as _lantern_plugin_v1_PerformActionResponse__Output } from './lantern/plugin/v1/PerformActionResponse';
import type { PluginClient as _lantern_plugin_v1_PluginClient, PluginDefinition as _lantern_plugin_v1_PluginDefinition } from './lantern/plugin/v1/Plugin';
import type { SubmitInboundMessageRequest as _lantern_plugin_v1_SubmitInboundMessageRequest, SubmitInboundMessageRequest__Output as _lantern_plugin_v1_SubmitInboundMessageRequest__Output } from './lantern/plugin/v1/SubmitInboundMessageRequest';
import type { SubmitInboundMessageResponse as _lantern_plugin_v1_SubmitInboundMessageResponse, SubmitInboundMessageResponse__Output as _lantern_plugin_v1_SubmitInboundMessageResponse__Output } from './lantern/plugin/v1/SubmitInboundMessageResponse';
import type { SubscribeTicketEventsRequest as _lantern_plugin_v1_SubscribeTicketEventsRequest, SubscribeTicketEventsRequest__Output as _lantern_plugin_v1_SubscribeTicketEventsRequest__Output } from './lantern/plugin/v1/SubscribeTicketEventsRequest';
import type { TicketEvent as _lantern_plugin_v1_TicketEvent, TicketEvent__Output as _lantern_plugin_v1_TicketEvent__Output } from './lantern/plugin/v1/TicketEvent';
import type { UpdateDeliveryStatusRequest as _lantern_plugin_v1_UpdateDeliveryStatusRequest, UpdateDeliveryStatusRequest__Output as _lantern_plugin_v1_UpdateDeliveryStatusRequest__Output } from './lantern/plugin/v1/UpdateDeliveryStatusRequest';
import type { UpdateDeliveryStatusResponse as _lantern_plugin_v1_UpdateDeliveryStatusResponse, UpdateDeliveryStatusResponse__Output as _lantern_plugin_v1_UpdateDeliveryStatusResponse__Output } from './lantern/plugin/v1/UpdateDeliveryStatusResponse';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  lantern: {
    plugin: {
      v1: {
        Address: MessageTypeDefinition<_lantern_plugin_v1_Address, _lantern_plugin_v1_Address__Output>
        Attachment: MessageTypeDefinition<_lantern_plugin_v1_Attachment, _lantern_plugin_v1_Attachment__Output>
        CheckHealthRequest: MessageTypeDefinition<_lantern_plugin_v1_CheckHealthRequest, _lantern_plugin_v1_CheckHealthRequest__Output>
        CheckHealthResponse: MessageTypeDefinition<_lantern_plugin_v1_CheckHealthResponse, _lantern_plugin_v1_CheckHealthResponse__Output>
        ConfigureRequest: MessageTypeDefinition<_lantern_plugin_v1_ConfigureRequest, _lantern_plugin_v1_ConfigureRequest__Output>
        ConfigureResponse: MessageTypeDefinition<_lantern_plugin_v1_ConfigureResponse, _lantern_plugin_v1_ConfigureResponse__Output>
        DeliverMessageRequest: MessageTypeDefinition<_lantern_plugin_v1_DeliverMessageRequest, _lantern_plugin_v1_DeliverMessageRequest__Output>
        DeliverMessageResponse: MessageTypeDefinition<_lantern_plugin_v1_DeliverMessageResponse, _lantern_plugin_v1_DeliverMessageResponse__Output>
        DeliveryState: EnumTypeDefinition
        DescribeRequest: MessageTypeDefinition<_lantern_plugin_v1_DescribeRequest, _lantern_plugin_v1_DescribeRequest__Output>
        DescribeResponse: MessageTypeDefinition<_lantern_plugin_v1_DescribeResponse, _lantern_plugin_v1_DescribeResponse__Output>
        FindOrCreateCustomerRequest: MessageTypeDefinition<_lantern_plugin_v1_FindOrCreateCustomerRequest, _lantern_plugin_v1_FindOrCreateCustomerRequest__Output>
        FindOrCreateCustomerResponse: MessageTypeDefinition<_lantern_plugin_v1_FindOrCreateCustomerResponse, _lantern_plugin_v1_FindOrCreateCustomerResponse__Output>
        GetConfigRequest: MessageTypeDefinition<_lantern_plugin_v1_GetConfigRequest, _lantern_plugin_v1_GetConfigRequest__Output>
        GetConfigResponse: MessageTypeDefinition<_lantern_plugin_v1_GetConfigResponse, _lantern_plugin_v1_GetConfigResponse__Output>
        HandleWebhookRequest: MessageTypeDefinition<_lantern_plugin_v1_HandleWebhookRequest, _lantern_plugin_v1_HandleWebhookRequest__Output>
        HandleWebhookResponse: MessageTypeDefinition<_lantern_plugin_v1_HandleWebhookResponse, _lantern_plugin_v1_HandleWebhookResponse__Output>
        /**
         * ---------------------------------------------------------------------------------------------------------
         * Exposed by the Lantern core to plugins (address in LANTERN_HOST_ADDRESS).
         * ---------------------------------------------------------------------------------------------------------
         */
        Host: SubtypeConstructor<typeof grpc.Client, _lantern_plugin_v1_HostClient> & { service: _lantern_plugin_v1_HostDefinition }
        PerformActionRequest: MessageTypeDefinition<_lantern_plugin_v1_PerformActionRequest, _lantern_plugin_v1_PerformActionRequest__Output>
        PerformActionResponse: MessageTypeDefinition<_lantern_plugin_v1_PerformActionResponse, _lantern_plugin_v1_PerformActionResponse__Output>
        /**
         * ---------------------------------------------------------------------------------------------------------
         * Implemented by every plugin.
         * ---------------------------------------------------------------------------------------------------------
         */
        Plugin: SubtypeConstructor<typeof grpc.Client, _lantern_plugin_v1_PluginClient> & { service: _lantern_plugin_v1_PluginDefinition }
        SubmitInboundMessageRequest: MessageTypeDefinition<_lantern_plugin_v1_SubmitInboundMessageRequest, _lantern_plugin_v1_SubmitInboundMessageRequest__Output>
        SubmitInboundMessageResponse: MessageTypeDefinition<_lantern_plugin_v1_SubmitInboundMessageResponse, _lantern_plugin_v1_SubmitInboundMessageResponse__Output>
        SubscribeTicketEventsRequest: MessageTypeDefinition<_lantern_plugin_v1_SubscribeTicketEventsRequest, _lantern_plugin_v1_SubscribeTicketEventsRequest__Output>
        TicketEvent: MessageTypeDefinition<_lantern_plugin_v1_TicketEvent, _lantern_plugin_v1_TicketEvent__Output>
        UpdateDeliveryStatusRequest: MessageTypeDefinition<_lantern_plugin_v1_UpdateDeliveryStatusRequest, _lantern_plugin_v1_UpdateDeliveryStatusRequest__Output>
        UpdateDeliveryStatusResponse: MessageTypeDefinition<_lantern_plugin_v1_UpdateDeliveryStatusResponse, _lantern_plugin_v1_UpdateDeliveryStatusResponse__Output>
      }
    }
  }
}

