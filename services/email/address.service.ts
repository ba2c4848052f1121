import type { Config } from '../../config/config';
import { LanternError, notFound } from '../../core/errors';
import type { Actor } from '../../core/principal';
import type { CreateEmailAddressInput, EmailAddressView, UpdateEmailAddressInput } from '../../core/schemas/email.schema';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { rethrowUniqueViolation } from '../db-errors';
import { assertReferencesExist } from '../reference-check';
import { openPassword, sealPassword } from './email-secrets';

type ImapJson = { host: string; port: number; secure: boolean; user: string; mailbox: string };
type SmtpJson = { host: string; port: number; secure: boolean; user: string | null };

export type EmailAddressRow = {
  id: number; address: string; display_name: string; team_id: number | null; inbound_smtp: boolean;
  imap: ImapJson | null; imap_password_encrypted: string | null; smtp: SmtpJson | null; smtp_password_encrypted: string | null;
  active: boolean; created_at: Date; updated_at: Date; version: number;
};

/** Connection settings with the password opened, for the IMAP poller and the sender only (never the API). */
export type ImapAccess = ImapJson & { password: string };
export type SmtpAccess = SmtpJson & { password: string | null };

const UNIQUE = { email_addresses_address_unique: { path: 'address', message: 'this support address already exists' } };
const ENTITY = 'email_address';

export function emailAddressView(r: EmailAddressRow): EmailAddressView {
  return {
    id: r.id, address: r.address, displayName: r.display_name, teamId: r.team_id, inboundSmtp: r.inbound_smtp,
    imap: r.imap ? { ...r.imap, hasPassword: r.imap_password_encrypted !== null } : null,
    smtp: r.smtp ? { ...r.smtp, hasPassword: r.smtp_password_encrypted !== null } : null,
    active: r.active, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(), version: r.version,
  };
}

export const imapAccess = (config: Config, r: EmailAddressRow): ImapAccess | null =>
  r.imap && r.imap_password_encrypted ? { ...r.imap, password: openPassword(config, r.imap_password_encrypted) } : null;
export const smtpAccess = (config: Config, r: EmailAddressRow): SmtpAccess | null =>
  r.smtp ? { ...r.smtp, password: r.smtp_password_encrypted ? openPassword(config, r.smtp_password_encrypted) : null } : null;

/** Columns for the settings in an input; a password left out on update keeps the stored one. */
function settingsColumns(config: Config, input: Pick<CreateEmailAddressInput, 'imap' | 'smtp'>, before: EmailAddressRow | null): Record<string, unknown> {
  const cols: Record<string, unknown> = {};
  if (input.imap !== undefined) {
    if (input.imap === null) Object.assign(cols, { imap: null, imap_password_encrypted: null });
    else {
      const { password, ...rest } = input.imap;
      const sealed = password !== undefined ? sealPassword(config, password) : before?.imap_password_encrypted ?? null;
      if (!sealed) throw new LanternError('validation', 'IMAP needs a password', { fields: [{ path: 'imap.password', message: 'is required' }] });
      Object.assign(cols, { imap: JSON.stringify(rest), imap_password_encrypted: sealed });
    }
  }
  if (input.smtp !== undefined) {
    if (input.smtp === null) Object.assign(cols, { smtp: null, smtp_password_encrypted: null });
    else {
      const { password, ...rest } = input.smtp;
      Object.assign(cols, {
        smtp: JSON.stringify({ ...rest, user: rest.user ?? null }),
        smtp_password_encrypted: password !== undefined ? sealPassword(config, password) : before?.smtp_password_encrypted ?? null,
      });
    }
  }
  return cols;
}

export async function listEmailAddresses(db: Queryable): Promise<EmailAddressView[]> {
  // A workspace has a handful of support addresses: one page, by id.
  const rows = await db('email_addresses').orderBy('id').limit(500).select<EmailAddressRow[]>('*');
  return rows.map(emailAddressView);
}

export async function getEmailAddress(db: Queryable, id: number): Promise<EmailAddressView> {
  const row = await db('email_addresses').where({ id }).first<EmailAddressRow | undefined>('*');
  if (!row) throw notFound('Email address', id);
  return emailAddressView(row);
}

export async function createEmailAddress(db: Queryable, config: Config, actor: Actor, input: CreateEmailAddressInput): Promise<EmailAddressView> {
  return db.transaction(async (trx) => {
    if (input.teamId != null) await assertReferencesExist(trx, [{ path: 'teamId', table: 'teams', id: input.teamId }]);
    const [row] = await trx('email_addresses')
      .insert({
        address: input.address.toLowerCase(), display_name: input.displayName, team_id: input.teamId ?? null, inbound_smtp: input.inboundSmtp,
        active: input.active, ...settingsColumns(config, input, null),
      })
      .returning<EmailAddressRow[]>('*')
      .catch((err: unknown) => rethrowUniqueViolation(err, UNIQUE));
    const view = emailAddressView(row!);
    await recordAudit(trx, actor, { action: 'email_address.create', entityType: ENTITY, entityId: view.id, after: view });
    return view;
  });
}

export async function updateEmailAddress(db: Queryable, config: Config, actor: Actor, id: number, input: UpdateEmailAddressInput): Promise<EmailAddressView> {
  return db.transaction(async (trx) => {
    const before = await trx('email_addresses').where({ id }).forUpdate().first<EmailAddressRow | undefined>('*');
    if (!before) throw notFound('Email address', id);
    if (before.version !== input.version) {
      throw new LanternError('conflict', `Email address ${id} was changed by someone else (you have version ${input.version}, current is ${before.version})`);
    }
    if (input.teamId != null) await assertReferencesExist(trx, [{ path: 'teamId', table: 'teams', id: input.teamId }]);
    const patch: Record<string, unknown> = { ...settingsColumns(config, input, before) };
    if (input.displayName !== undefined) patch.display_name = input.displayName;
    if (input.teamId !== undefined) patch.team_id = input.teamId;
    if (input.inboundSmtp !== undefined) patch.inbound_smtp = input.inboundSmtp;
    if (input.active !== undefined) patch.active = input.active;
    const [row] = await trx('email_addresses').where({ id })
      .update({ ...patch, updated_at: trx.fn.now(), version: trx.raw('version + 1') })
      .returning<EmailAddressRow[]>('*');
    const view = emailAddressView(row!);
    await recordAudit(trx, actor, { action: 'email_address.update', entityType: ENTITY, entityId: id, before: emailAddressView(before), after: view });
    return view;
  });
}

export async function deleteEmailAddress(db: Queryable, actor: Actor, id: number): Promise<void> {
  await db.transaction(async (trx) => {
    const before = await trx('email_addresses').where({ id }).forUpdate().first<EmailAddressRow | undefined>('*');
    if (!before) throw notFound('Email address', id);
    // Stored messages keep their history (address_id is set null); the address just stops receiving and sending.
    await trx('email_addresses').where({ id }).delete();
    await recordAudit(trx, actor, { action: 'email_address.delete', entityType: ENTITY, entityId: id, before: emailAddressView(before) });
  });
}

/** Active support addresses, for the inbound side (recipient checks, loop guard). */
export async function activeAddresses(db: Queryable): Promise<EmailAddressRow[]> {
  return db('email_addresses').where({ active: true }).orderBy('id').select<EmailAddressRow[]>('*');
}
