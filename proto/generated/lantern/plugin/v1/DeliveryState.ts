// Original file: proto/lantern/plugin/v1/plugin.proto

export const DeliveryState = {
  DELIVERY_STATE_UNSPECIFIED: 'DELIVERY_STATE_UNSPECIFIED',
  QUEUED: 'QUEUED',
  SENT: 'SENT',
  DELIVERED: 'DELIVERED',
  FAILED: 'FAILED',
  READ: 'READ',
} as const;

export type DeliveryState =
  | 'DELIVERY_STATE_UNSPECIFIED'
  | 0
  | 'QUEUED'
  | 1
  | 'SENT'
  | 2
  | 'DELIVERED'
  | 3
  | 'FAILED'
  | 4
  | 'READ'
  | 5

export type DeliveryState__Output = typeof DeliveryState[keyof typeof DeliveryState]
