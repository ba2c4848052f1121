// Original file: proto/lantern/plugin/v1/plugin.proto

import type { Long } from '@grpc/proto-loader';

export interface Attachment {
  'filename'?: (string);
  'contentType'?: (string);
  'size'?: (number | string | Long);
  /**
   * inline content (outbound: always set; inbound: set, or url)
   */
  'content'?: (Buffer | Uint8Array | string);
  /**
   * inbound only: where the host may fetch it (provider media URL)
   */
  'url'?: (string);
}

export interface Attachment__Output {
  'filename': (string);
  'contentType': (string);
  'size': (number);
  /**
   * inline content (outbound: always set; inbound: set, or url)
   */
  'content': (Buffer);
  /**
   * inbound only: where the host may fetch it (provider media URL)
   */
  'url': (string);
}
