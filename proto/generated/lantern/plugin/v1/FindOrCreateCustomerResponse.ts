// Original file: proto/lantern/plugin/v1/plugin.proto

import type { Long } from '@grpc/proto-loader';

export interface FindOrCreateCustomerResponse {
  'customerId'?: (number | string | Long);
  'name'?: (string);
  'email'?: (string);
  'language'?: (string);
  'created'?: (boolean);
}

export interface FindOrCreateCustomerResponse__Output {
  'customerId': (number);
  'name': (string);
  'email': (string);
  'language': (string);
  'created': (boolean);
}
