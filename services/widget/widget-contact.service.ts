import { conflict, forbidden } from '../../core/errors';
import type { Actor, Principal } from '../../core/principal';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { publishEvent } from '../outbox.service';

/**
 * An anonymous widget visitor leaves an address with the ticket form, so replies reach them by email. The same rule
 * as a chat visitor's contact (services/chat/chat.service.ts): only into a row without one, never an address that
 * belongs to another customer (that would let anyone write into someone's account).
 */
export async function setVisitorContact(db: Queryable, p: Principal, actor: Actor, input: { email: string; name?: string | undefined }): Promise<{ customerId: number; email: string; name: string }> {
  if (p.kind !== 'customer') throw forbidden('Customers leave their own contact address');
  return db.transaction(async (trx) => {
    const me = await trx('customers').where({ id: p.id }).forUpdate().first<{ id: number; email: string | null; name: string }>('id', 'email', 'name');
    if (me.email !== null) {
      if (me.email.toLowerCase() === input.email.toLowerCase()) return { customerId: p.id, email: me.email, name: me.name };
      throw conflict('Your contact address is already set');
    }
    if (await trx('customers').where('email', input.email).first('id')) {
      throw conflict('This address belongs to an existing account: sign in to continue there');
    }
    const after = { email: input.email, name: input.name ?? me.name };
    await trx('customers').where({ id: p.id }).update({ ...after, updated_at: trx.fn.now(), version: trx.raw('version + 1') });
    await recordAudit(trx, actor, { action: 'customer.update', entityType: 'customer', entityId: p.id, before: { email: null, name: me.name }, after });
    await publishEvent(trx, { type: 'customer.updated', entityType: 'customer', entityId: p.id, payload: { id: p.id, ...after } });
    return { customerId: p.id, ...after };
  });
}
