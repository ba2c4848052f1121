// Original file: proto/lantern/plugin/v1/plugin.proto


export interface Address {
  /**
   * channel address: E.164 phone number, Telegram chat id, Messenger PSID
   */
  'address'?: (string);
  'displayName'?: (string);
  /**
   * provider's user id, when different from address
   */
  'externalId'?: (string);
}

export interface Address__Output {
  /**
   * channel address: E.164 phone number, Telegram chat id, Messenger PSID
   */
  'address': (string);
  'displayName': (string);
  /**
   * provider's user id, when different from address
   */
  'externalId': (string);
}
