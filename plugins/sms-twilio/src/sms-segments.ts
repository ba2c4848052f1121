/**
 * SMS encoding and segment counting (3GPP TS 23.038). A body that fits the GSM 03.38 alphabet is sent as GSM-7
 * (160 septets in one segment, 153 per segment when concatenated; extension-table characters take two septets);
 * anything else as UCS-2 (70 UTF-16 units, 67 per segment when concatenated). Carriers bill per segment.
 */
const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENDED = '^{}\\[~]|€\f';
const BASIC = new Set(GSM7_BASIC);
const EXTENDED = new Set(GSM7_EXTENDED);

export type SmsEncoding = 'GSM-7' | 'UCS-2';
export type SegmentCount = { encoding: SmsEncoding; units: number; segments: number };

export function smsEncoding(text: string): SmsEncoding {
  for (const ch of text) if (!BASIC.has(ch) && !EXTENDED.has(ch)) return 'UCS-2';
  return 'GSM-7';
}

export function countSegments(text: string): SegmentCount {
  const encoding = smsEncoding(text);
  if (encoding === 'GSM-7') {
    let units = 0;
    for (const ch of text) units += EXTENDED.has(ch) ? 2 : 1;
    return { encoding, units, segments: units === 0 ? 1 : units <= 160 ? 1 : Math.ceil(units / 153) };
  }
  const units = text.length; // UTF-16 code units: an emoji outside the BMP takes two
  return { encoding, units, segments: units === 0 ? 1 : units <= 70 ? 1 : Math.ceil(units / 67) };
}
