// Original file: proto/lantern/plugin/v1/plugin.proto


export interface ConfigureRequest {
  /**
   * JSON object validated by the host against the manifest's config schema
   */
  'settingsJson'?: (string);
  /**
   * decrypted secret settings (fields marked secret in the schema)
   */
  'secrets'?: ({[key: string]: string});
  /**
   * where providers must send webhooks for this plugin (may be empty)
   */
  'publicWebhookUrl'?: (string);
}

export interface ConfigureRequest__Output {
  /**
   * JSON object validated by the host against the manifest's config schema
   */
  'settingsJson': (string);
  /**
   * decrypted secret settings (fields marked secret in the schema)
   */
  'secrets': ({[key: string]: string});
  /**
   * where providers must send webhooks for this plugin (may be empty)
   */
  'publicWebhookUrl': (string);
}
