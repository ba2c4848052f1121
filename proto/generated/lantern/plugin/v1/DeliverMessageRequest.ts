// Original file: proto/lantern/plugin/v1/plugin.proto

import type { Address as _lantern_plugin_v1_Address, Address__Output as _lantern_plugin_v1_Address__Output } from '../../../lantern/plugin/v1/Address';
import type { Attachment as _lantern_plugin_v1_Attachment, Attachment__Output as _lantern_plugin_v1_Attachment__Output } from '../../../lantern/plugin/v1/Attachment';
import type { Long } from '@grpc/proto-loader';

export interface DeliverMessageRequest {
  'idempotencyKey'?: (string);
  /**
   * the host's id for this delivery; quote it in UpdateDeliveryStatus
   */
  'deliveryId'?: (number | string | Long);
  'ticketId'?: (number | string | Long);
  'channel'?: (string);
  'recipient'?: (_lantern_plugin_v1_Address | null);
  /**
   * conversation on the provider side (chat id, phone pair, PSID)
   */
  'threadExternalId'?: (string);
  /**
   * provider id of the customer message being answered, if any
   */
  'replyToExternalId'?: (string);
  /**
   * plain text (always set)
   */
  'bodyText'?: (string);
  /**
   * sanitized HTML, for channels that render it
   */
  'bodyHtml'?: (string);
  'attachments'?: (_lantern_plugin_v1_Attachment)[];
  /**
   * when the customer last wrote on this channel (messaging windows)
   */
  'lastInboundAtMs'?: (number | string | Long);
}

export interface DeliverMessageRequest__Output {
  'idempotencyKey': (string);
  /**
   * the host's id for this delivery; quote it in UpdateDeliveryStatus
   */
  'deliveryId': (number);
  'ticketId': (number);
  'channel': (string);
  'recipient': (_lantern_plugin_v1_Address__Output | null);
  /**
   * conversation on the provider side (chat id, phone pair, PSID)
   */
  'threadExternalId': (string);
  /**
   * provider id of the customer message being answered, if any
   */
  'replyToExternalId': (string);
  /**
   * plain text (always set)
   */
  'bodyText': (string);
  /**
   * sanitized HTML, for channels that render it
   */
  'bodyHtml': (string);
  'attachments': (_lantern_plugin_v1_Attachment__Output)[];
  /**
   * when the customer last wrote on this channel (messaging windows)
   */
  'lastInboundAtMs': (number);
}
