// Original file: proto/lantern/plugin/v1/plugin.proto


export interface UpdateDeliveryStatusResponse {
}

export interface UpdateDeliveryStatusResponse__Output {
}
