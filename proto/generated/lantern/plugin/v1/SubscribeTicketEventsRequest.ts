// Original file: proto/lantern/plugin/v1/plugin.proto

import type { Long } from '@grpc/proto-loader';

export interface SubscribeTicketEventsRequest {
  /**
   * empty: all (e.g. "ticket.created", "entry.created", "ticket.updated")
   */
  'eventTypes'?: (string)[];
  /**
   * empty: all channels
   */
  'channels'?: (string)[];
  'afterEventId'?: (number | string | Long);
}

export interface SubscribeTicketEventsRequest__Output {
  /**
   * empty: all (e.g. "ticket.created", "entry.created", "ticket.updated")
   */
  'eventTypes': (string)[];
  /**
   * empty: all channels
   */
  'channels': (string)[];
  'afterEventId': (number);
}
