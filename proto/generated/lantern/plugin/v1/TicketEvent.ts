// Original file: proto/lantern/plugin/v1/plugin.proto

import type { Long } from '@grpc/proto-loader';

export interface TicketEvent {
  'eventId'?: (number | string | Long);
  'type'?: (string);
  'ticketId'?: (number | string | Long);
  'channel'?: (string);
  /**
   * the same payload webhooks carry (never internal notes' bodies unless
   */
  'payloadJson'?: (string);
  /**
   * the plugin was granted "notes:read")
   */
  'occurredAtMs'?: (number | string | Long);
}

export interface TicketEvent__Output {
  'eventId': (number);
  'type': (string);
  'ticketId': (number);
  'channel': (string);
  /**
   * the same payload webhooks carry (never internal notes' bodies unless
   */
  'payloadJson': (string);
  /**
   * the plugin was granted "notes:read")
   */
  'occurredAtMs': (number);
}
