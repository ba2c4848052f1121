// Original file: proto/lantern/plugin/v1/plugin.proto


export interface ConfigureResponse {
}

export interface ConfigureResponse__Output {
}
