// Original file: proto/lantern/plugin/v1/plugin.proto

import type { Long } from '@grpc/proto-loader';

export interface PerformActionRequest {
  'idempotencyKey'?: (string);
  'action'?: (string);
  'payloadJson'?: (string);
  'ticketId'?: (number | string | Long);
}

export interface PerformActionRequest__Output {
  'idempotencyKey': (string);
  'action': (string);
  'payloadJson': (string);
  'ticketId': (number);
}
