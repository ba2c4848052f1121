// Original file: proto/lantern/plugin/v1/plugin.proto


export interface PerformActionResponse {
  'resultJson'?: (string);
}

export interface PerformActionResponse__Output {
  'resultJson': (string);
}
