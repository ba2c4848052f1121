// Original file: proto/lantern/plugin/v1/plugin.proto


export interface HandleWebhookRequest {
  'method'?: (string);
  /**
   * the part after /api/v1/plugin-webhooks/{plugin_id}
   */
  'path'?: (string);
  /**
   * raw query string without '?'
   */
  'query'?: (string);
  /**
   * lower-cased names
   */
  'headers'?: ({[key: string]: string});
  /**
   * raw body bytes, exactly as received (signatures cover them)
   */
  'body'?: (Buffer | Uint8Array | string);
  /**
   * the full public URL the provider called (Twilio signs it)
   */
  'publicUrl'?: (string);
}

export interface HandleWebhookRequest__Output {
  'method': (string);
  /**
   * the part after /api/v1/plugin-webhooks/{plugin_id}
   */
  'path': (string);
  /**
   * raw query string without '?'
   */
  'query': (string);
  /**
   * lower-cased names
   */
  'headers': ({[key: string]: string});
  /**
   * raw body bytes, exactly as received (signatures cover them)
   */
  'body': (Buffer);
  /**
   * the full public URL the provider called (Twilio signs it)
   */
  'publicUrl': (string);
}
