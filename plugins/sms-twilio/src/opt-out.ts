/**
 * Carrier opt-out keywords (CTIA; the set Twilio's Advanced Opt-Out recognises by default). A keyword counts only
 * when it is the whole message, ignoring case, surrounding whitespace and trailing punctuation — "stop the
 * delivery please" is a customer message, not an opt-out.
 */
export const OPT_OUT_KEYWORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT'] as const;
export const OPT_IN_KEYWORDS = ['START', 'UNSTOP'] as const;
export const HELP_KEYWORDS = ['HELP', 'INFO'] as const;

export type Keyword = 'opt_out' | 'opt_in' | 'help';

export function parseKeyword(body: string): Keyword | null {
  const word = body.trim().replace(/[.!?]+$/, '').toUpperCase();
  if ((OPT_OUT_KEYWORDS as readonly string[]).includes(word)) return 'opt_out';
  if ((OPT_IN_KEYWORDS as readonly string[]).includes(word)) return 'opt_in';
  if ((HELP_KEYWORDS as readonly string[]).includes(word)) return 'help';
  return null;
}

/** Phone numbers compared as E.164 digits with the plus: "+1 (415) 555-0100" and "+14155550100" are one number. */
export function normalizePhone(phone: string): string {
  const digits = phone.replace(/[^\d]/g, '');
  return phone.trim().startsWith('+') ? `+${digits}` : digits;
}
