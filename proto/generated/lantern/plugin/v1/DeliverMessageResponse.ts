// Original file: proto/lantern/plugin/v1/plugin.proto

import type { DeliveryState as _lantern_plugin_v1_DeliveryState, DeliveryState__Output as _lantern_plugin_v1_DeliveryState__Output } from '../../../lantern/plugin/v1/DeliveryState';

export interface DeliverMessageResponse {
  /**
   * QUEUED or SENT on success; later changes via UpdateDeliveryStatus
   */
  'state'?: (_lantern_plugin_v1_DeliveryState);
  /**
   * provider ids (several when a long message was split)
   */
  'externalIds'?: (string)[];
}

export interface DeliverMessageResponse__Output {
  /**
   * QUEUED or SENT on success; later changes via UpdateDeliveryStatus
   */
  'state': (_lantern_plugin_v1_DeliveryState__Output);
  /**
   * provider ids (several when a long message was split)
   */
  'externalIds': (string)[];
}
