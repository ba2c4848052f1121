// Original file: proto/lantern/plugin/v1/plugin.proto


// Original file: proto/lantern/plugin/v1/plugin.proto

export const _lantern_plugin_v1_CheckHealthResponse_Status = {
  STATUS_UNSPECIFIED: 'STATUS_UNSPECIFIED',
  SERVING: 'SERVING',
  /**
   * alive, but needs settings before it can work
   */
  NOT_CONFIGURED: 'NOT_CONFIGURED',
  /**
   * alive, provider unreachable or similar; detail says why
   */
  DEGRADED: 'DEGRADED',
} as const;

export type _lantern_plugin_v1_CheckHealthResponse_Status =
  | 'STATUS_UNSPECIFIED'
  | 0
  | 'SERVING'
  | 1
  /**
   * alive, but needs settings before it can work
   */
  | 'NOT_CONFIGURED'
  | 2
  /**
   * alive, provider unreachable or similar; detail says why
   */
  | 'DEGRADED'
  | 3

export type _lantern_plugin_v1_CheckHealthResponse_Status__Output = typeof _lantern_plugin_v1_CheckHealthResponse_Status[keyof typeof _lantern_plugin_v1_CheckHealthResponse_Status]

export interface CheckHealthResponse {
  'status'?: (_lantern_plugin_v1_CheckHealthResponse_Status);
  'detail'?: (string);
}

export interface CheckHealthResponse__Output {
  'status': (_lantern_plugin_v1_CheckHealthResponse_Status__Output);
  'detail': (string);
}
