// Original file: proto/lantern/plugin/v1/plugin.proto

import type { Address as _lantern_plugin_v1_Address, Address__Output as _lantern_plugin_v1_Address__Output } from '../../../lantern/plugin/v1/Address';
import type { Attachment as _lantern_plugin_v1_Attachment, Attachment__Output as _lantern_plugin_v1_Attachment__Output } from '../../../lantern/plugin/v1/Attachment';
import type { Long } from '@grpc/proto-loader';

export interface SubmitInboundMessageRequest {
  /**
   * usually channel + ":" + external_id
   */
  'idempotencyKey'?: (string);
  'channel'?: (string);
  /**
   * provider's message id (dedupe key together with channel)
   */
  'externalId'?: (string);
  'sender'?: (_lantern_plugin_v1_Address | null);
  /**
   * provider conversation id: messages of one thread join one open ticket
   */
  'threadExternalId'?: (string);
  /**
   * optional; the host derives one from the text when empty
   */
  'subject'?: (string);
  'bodyText'?: (string);
  'bodyHtml'?: (string);
  'attachments'?: (_lantern_plugin_v1_Attachment)[];
  'receivedAtMs'?: (number | string | Long);
  /**
   * BCP 47, if the provider knows it
   */
  'language'?: (string);
  /**
   * kept with the entry, shown to agents
   */
  'metadata'?: ({[key: string]: string});
}

export interface SubmitInboundMessageRequest__Output {
  /**
   * usually channel + ":" + external_id
   */
  'idempotencyKey': (string);
  'channel': (string);
  /**
   * provider's message id (dedupe key together with channel)
   */
  'externalId': (string);
  'sender': (_lantern_plugin_v1_Address__Output | null);
  /**
   * provider conversation id: messages of one thread join one open ticket
   */
  'threadExternalId': (string);
  /**
   * optional; the host derives one from the text when empty
   */
  'subject': (string);
  'bodyText': (string);
  'bodyHtml': (string);
  'attachments': (_lantern_plugin_v1_Attachment__Output)[];
  'receivedAtMs': (number);
  /**
   * BCP 47, if the provider knows it
   */
  'language': (string);
  /**
   * kept with the entry, shown to agents
   */
  'metadata': ({[key: string]: string});
}
