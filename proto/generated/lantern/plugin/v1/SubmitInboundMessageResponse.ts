// Original file: proto/lantern/plugin/v1/plugin.proto

import type { Long } from '@grpc/proto-loader';

export interface SubmitInboundMessageResponse {
  'ticketId'?: (number | string | Long);
  'entryId'?: (number | string | Long);
  'customerId'?: (number | string | Long);
  'createdTicket'?: (boolean);
  'duplicate'?: (boolean);
}

export interface SubmitInboundMessageResponse__Output {
  'ticketId': (number);
  'entryId': (number);
  'customerId': (number);
  'createdTicket': (boolean);
  'duplicate': (boolean);
}
