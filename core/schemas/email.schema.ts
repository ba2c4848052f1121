import { z } from 'zod';
import { cursor, limit, nullableId } from './common.schema';

const host = z.string().trim().min(1).max(255).regex(/^[A-Za-z0-9.\-:[\]]+$/, 'must be a host name or IP address');
const portNumber = z.number().int().min(1).max(65535);

/** IMAP mailbox polled for one support address; the password is write-only (stored encrypted). */
export const imapSettingsInput = z.strictObject({
  host, port: portNumber.default(993), secure: z.boolean().default(true),
  user: z.string().min(1).max(320), password: z.string().min(1).max(1000).optional(),
  mailbox: z.string().min(1).max(200).default('INBOX'),
});
/** Outbound SMTP for one support address; null means the global relay (LANTERN_SMTP_RELAY_URL). */
export const smtpSettingsInput = z.strictObject({
  host, port: portNumber.default(587), secure: z.boolean().default(false),
  user: z.string().min(1).max(320).optional(), password: z.string().min(1).max(1000).optional(),
});

const address = z.email().max(254).refine((a) => !a.split('@')[0]!.includes('+'), 'must not contain "+": plus-addresses carry ticket numbers');

export const createEmailAddressInput = z.strictObject({
  address,
  displayName: z.string().trim().max(200).default(''),
  teamId: nullableId.optional(),
  inboundSmtp: z.boolean().default(true),
  imap: imapSettingsInput.nullable().optional(),
  smtp: smtpSettingsInput.nullable().optional(),
  active: z.boolean().default(true),
});
export type CreateEmailAddressInput = z.infer<typeof createEmailAddressInput>;

export const updateEmailAddressInput = z.strictObject({
  displayName: z.string().trim().max(200).optional(),
  teamId: nullableId.optional(),
  inboundSmtp: z.boolean().optional(),
  imap: imapSettingsInput.nullable().optional(),
  smtp: smtpSettingsInput.nullable().optional(),
  active: z.boolean().optional(),
  version: z.number().int().positive(),
}).refine((u) => Object.keys(u).some((k) => k !== 'version'), { message: 'give at least one field to change' });
export type UpdateEmailAddressInput = z.infer<typeof updateEmailAddressInput>;

export const emailAddressResponse = z.object({
  id: z.number(), address: z.string(), displayName: z.string(), teamId: z.number().nullable(), inboundSmtp: z.boolean(),
  imap: z.object({ host: z.string(), port: z.number(), secure: z.boolean(), user: z.string(), mailbox: z.string(), hasPassword: z.boolean() }).nullable(),
  smtp: z.object({ host: z.string(), port: z.number(), secure: z.boolean(), user: z.string().nullable(), hasPassword: z.boolean() }).nullable(),
  active: z.boolean(), createdAt: z.string(), updatedAt: z.string(), version: z.number(),
});
export type EmailAddressView = z.infer<typeof emailAddressResponse>;

export const QUARANTINE_REASONS = ['auto_reply', 'loop', 'rate_limited', 'spam', 'too_large', 'bounce', 'parse_error', 'processing_error'] as const;
export type QuarantineReason = (typeof QUARANTINE_REASONS)[number];

export const listQuarantineQuery = z.strictObject({
  limit, cursor,
  reason: z.enum(QUARANTINE_REASONS).optional(),
  status: z.enum(['held', 'released']).optional(),
});
export type ListQuarantineQuery = z.infer<typeof listQuarantineQuery>;

export const quarantineResponse = z.object({
  id: z.number(), reason: z.enum(QUARANTINE_REASONS), detail: z.string(), source: z.enum(['smtp', 'imap']), addressId: z.number().nullable(),
  mailFrom: z.string(), rcptTo: z.array(z.string()), from: z.string(), subject: z.string(), messageId: z.string().nullable(),
  spamScore: z.number().nullable(), size: z.number(), status: z.enum(['held', 'released']), releasedTicketId: z.number().nullable(),
  createdAt: z.string(), releasedAt: z.string().nullable(),
});
export const quarantineDetailResponse = quarantineResponse.extend({
  headers: z.record(z.string(), z.string()), text: z.string(), attachments: z.array(z.object({ filename: z.string(), contentType: z.string(), size: z.number() })),
});
export type QuarantineView = z.infer<typeof quarantineResponse>;
export type QuarantineDetail = z.infer<typeof quarantineDetailResponse>;
export const releaseQuarantineResponse = z.object({ outcome: z.string(), ticketId: z.number().nullable(), entryId: z.number().nullable() });
