// Original file: proto/lantern/plugin/v1/plugin.proto


export interface CheckHealthRequest {
}

export interface CheckHealthRequest__Output {
}
