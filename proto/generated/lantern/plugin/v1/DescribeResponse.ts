// Original file: proto/lantern/plugin/v1/plugin.proto


export interface DescribeResponse {
  /**
   * must equal the manifest id
   */
  'id'?: (string);
  'name'?: (string);
  /**
   * semver, must equal the manifest version
   */
  'version'?: (string);
  /**
   * "v1"
   */
  'contractVersion'?: (string);
  /**
   * "channel", "automation"
   */
  'kinds'?: (string)[];
  /**
   * channel names this plugin serves, e.g. "sms", "telegram", "messenger"
   */
  'channels'?: (string)[];
  /**
   * e.g. "deliver.text", "deliver.attachments", "webhook", "delivery_receipts"
   */
  'capabilities'?: (string)[];
}

export interface DescribeResponse__Output {
  /**
   * must equal the manifest id
   */
  'id': (string);
  'name': (string);
  /**
   * semver, must equal the manifest version
   */
  'version': (string);
  /**
   * "v1"
   */
  'contractVersion': (string);
  /**
   * "channel", "automation"
   */
  'kinds': (string)[];
  /**
   * channel names this plugin serves, e.g. "sms", "telegram", "messenger"
   */
  'channels': (string)[];
  /**
   * e.g. "deliver.text", "deliver.attachments", "webhook", "delivery_receipts"
   */
  'capabilities': (string)[];
}
