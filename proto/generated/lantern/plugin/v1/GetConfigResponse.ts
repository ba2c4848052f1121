// Original file: proto/lantern/plugin/v1/plugin.proto


export interface GetConfigResponse {
  'settingsJson'?: (string);
  'secrets'?: ({[key: string]: string});
  'grantedPermissions'?: (string)[];
  'publicWebhookUrl'?: (string);
}

export interface GetConfigResponse__Output {
  'settingsJson': (string);
  'secrets': ({[key: string]: string});
  'grantedPermissions': (string)[];
  'publicWebhookUrl': (string);
}
