// Original file: proto/lantern/plugin/v1/plugin.proto


export interface HandleWebhookResponse {
  'status'?: (number);
  'headers'?: ({[key: string]: string});
  'body'?: (Buffer | Uint8Array | string);
}

export interface HandleWebhookResponse__Output {
  'status': (number);
  'headers': ({[key: string]: string});
  'body': (Buffer);
}
