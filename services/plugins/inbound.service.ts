import { LanternError, notFound, validationError } from '../../core/errors';
import type { CreateTicketInput } from '../../core/schemas/ticket.schema';
import type { Db, Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { publishEvent } from '../outbox.service';
import { addEntryInTransaction } from '../tickets/entries.service';
import { findTicket } from '../tickets/ticket.repository';
import { createTicket } from '../tickets/tickets.service';
import type { InstallationRow } from './installation.repository';
import { inboundPrincipal, pluginActor } from './plugin-principal';

export type ChannelIdentity = { address: string; displayName: string; externalId: string };

export type InboundMessage = {
  idempotencyKey: string;
  channel: string;
  externalId: string;
  sender: ChannelIdentity;
  threadExternalId: string;
  subject: string;
  bodyText: string;
  bodyHtml: string;
  attachments: { filename: string; contentType: string; size: number; url: string; hasContent: boolean }[];
  receivedAtMs: number;
  language: string;
  metadata: Record<string, string>;
};

export type InboundResult = { ticketId: number; entryId: number; customerId: number; createdTicket: boolean; duplicate: boolean };

type CustomerRow = { id: number; name: string; email: string | null; language: string };

const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

function assertServes(row: InstallationRow, channel: string): void {
  if (!row.channels.includes(channel)) {
    throw validationError(`${row.plugin_id} does not serve channel "${channel}"`, [{ path: 'channel', message: `must be one of ${row.channels.join(', ') || '(none)'}` }]);
  }
}

/**
 * The customer behind a channel identity: a known (channel, address) pair, else the customer with the given
 * email (the identity gets linked), else a new customer when `create` — null when not found and not creating.
 */
export async function findOrCreateCustomerInTransaction(
  trx: Queryable, row: InstallationRow, input: { channel: string; identity: ChannelIdentity; email: string; create: boolean },
): Promise<{ customer: CustomerRow; created: boolean } | null> {
  assertServes(row, input.channel);
  const address = input.identity.address.trim();
  if (!address) throw validationError('The identity needs an address', [{ path: 'identity.address', message: 'is required' }]);
  const known = await trx('customer_channel_identities as i').join('customers as c', 'c.id', 'i.customer_id')
    .where({ 'i.channel': input.channel, 'i.address': address }).first<CustomerRow | undefined>('c.id', 'c.name', 'c.email', 'c.language');
  if (known) return { customer: known, created: false };
  const email = input.email.trim();
  if (email && !/^[^\s@]+@[^\s@]+$/.test(email)) throw validationError('Invalid email', [{ path: 'email', message: 'is not an email address' }]);
  let customer = email ? await trx('customers').where('email', email).first<CustomerRow | undefined>('id', 'name', 'email', 'language') : undefined;
  if (!customer && !input.create) return null;
  let created = false;
  const actor = pluginActor(row);
  if (!customer) {
    const [inserted] = await trx('customers').insert({
      name: input.identity.displayName.trim() || address, email: email || null, phone: input.channel === 'sms' ? address : null,
    }).returning<CustomerRow[]>(['id', 'name', 'email', 'language']);
    customer = inserted!;
    created = true;
    await recordAudit(trx, actor, { action: 'customer.create', entityType: 'customer', entityId: customer.id, after: { ...customer, channel: input.channel, address } });
    await publishEvent(trx, { type: 'customer.created', entityType: 'customer', entityId: customer.id, payload: { id: customer.id, email: customer.email, name: customer.name } });
  }
  await trx('customer_channel_identities').insert({
    customer_id: customer.id, channel: input.channel, address, external_id: input.identity.externalId || null, display_name: input.identity.displayName,
  }).onConflict(['channel', 'address']).ignore();
  return { customer, created };
}

export async function findOrCreateCustomer(db: Db, row: InstallationRow, input: { channel: string; identity: ChannelIdentity; email: string; create: boolean }) {
  const result = await db.transaction((trx) => findOrCreateCustomerInTransaction(trx, row, input));
  if (!result) throw notFound('Customer with identity', `${input.channel}:${input.identity.address}`);
  return result;
}

function derivedSubject(m: InboundMessage): string {
  const first = (m.subject.trim() || m.bodyText.trim().split('\n')[0] || '').trim();
  const subject = first || `Message from ${m.sender.displayName || m.sender.address}`;
  return subject.length > 120 ? `${subject.slice(0, 117)}...` : subject;
}

/**
 * A customer's message from a channel plugin, in one transaction: dedupe on (channel, external id), the
 * customer for the sender identity, then the entry on the thread's open ticket or a new ticket (through the
 * ticket services, so history, audit and events are the usual ones). A repeated submit answers the first result.
 */
export async function submitInboundMessage(db: Db, row: InstallationRow, m: InboundMessage): Promise<InboundResult> {
  assertServes(row, m.channel);
  const problems = [
    ...(!m.externalId.trim() ? [{ path: 'external_id', message: 'is required (the dedupe key)' }] : []),
    ...(!m.sender.address.trim() ? [{ path: 'sender.address', message: 'is required' }] : []),
    ...(!m.bodyText.trim() && !m.bodyHtml.trim() && !m.attachments.length ? [{ path: 'body_text', message: 'the message is empty' }] : []),
  ];
  if (problems.length) throw validationError('The inbound message is invalid', problems);
  return db.transaction(async (trx) => {
    // Serialise submits of the same message so concurrent retries cannot both create it.
    await trx.raw('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', [`plugin-inbound:${m.channel}:${m.externalId}`]);
    const seen = await trx('plugin_inbound_messages').where({ channel: m.channel, external_id: m.externalId })
      .first<{ ticket_id: number; entry_id: number; customer_id: number; created_ticket: boolean } | undefined>();
    if (seen) return { ticketId: seen.ticket_id, entryId: seen.entry_id, customerId: seen.customer_id, createdTicket: seen.created_ticket, duplicate: true };

    const who = await findOrCreateCustomerInTransaction(trx, row, { channel: m.channel, identity: m.sender, email: '', create: true });
    const customer = who!.customer;
    const threadId = m.threadExternalId.trim() || m.sender.address.trim();
    const open = await trx('plugin_ticket_threads as th').join('tickets as t', 't.id', 'th.ticket_id')
      .where({ 'th.channel': m.channel, 'th.thread_external_id': threadId })
      .whereNotIn('t.status_category', ['solved', 'closed'])
      .orderBy('th.ticket_id', 'desc').first<{ ticket_id: number } | undefined>('th.ticket_id');
    const principal = inboundPrincipal(row);
    const actor = pluginActor(row);
    const metadata = {
      plugin: row.plugin_id, externalId: m.externalId, threadExternalId: threadId, sender: m.sender,
      ...(Object.keys(m.metadata).length && { provider: m.metadata }),
      ...(m.attachments.length && { attachments: m.attachments.map(({ filename, contentType, size, url }) => ({ filename, contentType, size, url })) }),
    };
    const message = { kind: 'customer_message' as const, ...(m.bodyHtml.trim() ? { bodyHtml: m.bodyHtml } : { bodyText: m.bodyText.trim() || `[${m.attachments.length} attachment(s)]` }) };
    let ticket = open ? await findTicket(trx, open.ticket_id, { forUpdate: true }) : undefined;
    const createdTicket = !ticket;
    if (!ticket) {
      // Plugin channels are free-form names (docs/plugins.md); the ticket column is plain text.
      const input = {
        subject: derivedSubject(m), requesterId: customer.id, channel: m.channel as CreateTicketInput['channel'],
        ...(LANGUAGE.test(m.language) && { language: m.language }),
      } satisfies CreateTicketInput;
      ticket = await createTicket(trx, principal, actor, input);
    }
    const entry = await addEntryInTransaction(trx, principal, actor, ticket, message, { asRequester: true, metadata });
    await trx('plugin_ticket_threads').insert({
      ticket_id: ticket.id, plugin_id: row.plugin_id, channel: m.channel, thread_external_id: threadId, customer_id: customer.id,
      address: m.sender.address.trim(), display_name: m.sender.displayName, last_inbound_external_id: m.externalId,
      last_inbound_at: new Date(m.receivedAtMs > 0 ? m.receivedAtMs : Date.now()),
    }).onConflict('ticket_id').merge(['last_inbound_external_id', 'last_inbound_at', 'address', 'display_name']);
    await trx('plugin_inbound_messages').insert({
      plugin_id: row.plugin_id, channel: m.channel, external_id: m.externalId, thread_external_id: threadId, ticket_id: ticket.id,
      entry_id: entry.id, customer_id: customer.id, created_ticket: createdTicket, metadata: JSON.stringify(metadata),
      received_at: new Date(m.receivedAtMs > 0 ? m.receivedAtMs : Date.now()),
    });
    await recordAudit(trx, actor, {
      action: 'plugin.inbound_message', entityType: 'ticket', entityId: ticket.id,
      after: { plugin: row.plugin_id, channel: m.channel, externalId: m.externalId, entryId: entry.id, createdTicket },
    });
    return { ticketId: ticket.id, entryId: entry.id, customerId: customer.id, createdTicket, duplicate: false };
  });
}

export function assertPermissionOrThrow(ok: boolean, permission: string): void {
  if (!ok) throw new LanternError('forbidden', `The plugin was not granted ${permission}`);
}
