// Original file: proto/lantern/plugin/v1/plugin.proto


export interface GetConfigRequest {
}

export interface GetConfigRequest__Output {
}
