// Original file: proto/lantern/plugin/v1/plugin.proto

import type { Address as _lantern_plugin_v1_Address, Address__Output as _lantern_plugin_v1_Address__Output } from '../../../lantern/plugin/v1/Address';

export interface FindOrCreateCustomerRequest {
  'channel'?: (string);
  'identity'?: (_lantern_plugin_v1_Address | null);
  /**
   * optional, links the channel identity to an existing customer
   */
  'email'?: (string);
  /**
   * false: lookup only (NOT_FOUND when unknown)
   */
  'create'?: (boolean);
}

export interface FindOrCreateCustomerRequest__Output {
  'channel': (string);
  'identity': (_lantern_plugin_v1_Address__Output | null);
  /**
   * optional, links the channel identity to an existing customer
   */
  'email': (string);
  /**
   * false: lookup only (NOT_FOUND when unknown)
   */
  'create': (boolean);
}
