// Original file: proto/lantern/plugin/v1/plugin.proto

import type { DeliveryState as _lantern_plugin_v1_DeliveryState, DeliveryState__Output as _lantern_plugin_v1_DeliveryState__Output } from '../../../lantern/plugin/v1/DeliveryState';
import type { Long } from '@grpc/proto-loader';

export interface UpdateDeliveryStatusRequest {
  'idempotencyKey'?: (string);
  /**
   * the host's id; or 0 and external_id
   */
  'deliveryId'?: (number | string | Long);
  'externalId'?: (string);
  'state'?: (_lantern_plugin_v1_DeliveryState);
  /**
   * provider error code when FAILED
   */
  'errorCode'?: (string);
  'errorMessage'?: (string);
  'occurredAtMs'?: (number | string | Long);
}

export interface UpdateDeliveryStatusRequest__Output {
  'idempotencyKey': (string);
  /**
   * the host's id; or 0 and external_id
   */
  'deliveryId': (number);
  'externalId': (string);
  'state': (_lantern_plugin_v1_DeliveryState__Output);
  /**
   * provider error code when FAILED
   */
  'errorCode': (string);
  'errorMessage': (string);
  'occurredAtMs': (number);
}
