import { LanternError, notFound } from '../../core/errors';
import type { Actor } from '../../core/principal';
import type { CreateCustomerInput, CustomerView, ListCustomersQuery, UpdateCustomerInput } from '../../core/schemas/customer.schema';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { rethrowStillReferenced, rethrowUniqueViolation } from '../db-errors';
import { escapeLike, keysetPage, type Page } from '../keyset';
import { publishEvent } from '../outbox.service';
import { assertReferencesExist } from '../reference-check';
import { lockRow } from '../row-lock';

type CustomerRow = {
  id: number;
  name: string;
  email: string | null;
  phone: string | null;
  language: string;
  organization_id: number | null;
  organization_name: string | null;
  created_at: Date;
  updated_at: Date;
  version: number;
};

const UNIQUE = { customers_email_unique: { path: 'email', message: 'another customer has this email' } };
const ENTITY = 'customer';

export function customerView(r: CustomerRow): CustomerView {
  return {
    id: r.id, name: r.name, email: r.email, phone: r.phone, language: r.language,
    organization: r.organization_id === null ? null : { id: r.organization_id, name: r.organization_name ?? '' },
    createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(), version: r.version,
  };
}

/** Customer columns for staff, with the organization name; the password hash is never selected. */
function customersQuery(db: Queryable) {
  return db('customers').leftJoin('organizations', 'organizations.id', 'customers.organization_id').select(
    'customers.id', 'customers.name', 'customers.email', 'customers.phone', 'customers.language', 'customers.organization_id',
    'organizations.name as organization_name', 'customers.created_at', 'customers.updated_at', 'customers.version',
  );
}

export async function getCustomer(db: Queryable, id: number): Promise<CustomerView> {
  const row = (await customersQuery(db).where('customers.id', id).first()) as CustomerRow | undefined;
  if (!row) throw notFound('Customer', id);
  return customerView(row);
}

export async function listCustomers(db: Queryable, query: ListCustomersQuery): Promise<Page<CustomerView>> {
  const q = customersQuery(db);
  if (query.q) {
    const like = `%${escapeLike(query.q)}%`;
    q.where((w) => w.where('customers.name', 'ilike', like).orWhere('customers.email', 'ilike', like));
  }
  if (query.organizationId !== undefined) q.where('customers.organization_id', query.organizationId);
  const page = await keysetPage<CustomerRow>(q, { column: 'customers.id', idColumn: 'customers.id', value: 'id' }, query);
  return { rows: page.rows.map(customerView), nextCursor: page.nextCursor };
}

export async function createCustomer(db: Queryable, actor: Actor, input: CreateCustomerInput): Promise<CustomerView> {
  return db.transaction(async (trx) => {
    if (input.organizationId != null) await assertReferencesExist(trx, [{ path: 'organizationId', table: 'organizations', id: input.organizationId }]);
    const [row] = await trx('customers')
      .insert({
        name: input.name, email: input.email ?? null, phone: input.phone ?? null, language: input.language ?? 'en',
        organization_id: input.organizationId ?? null,
      })
      .returning('id')
      .catch((err: unknown) => rethrowUniqueViolation(err, UNIQUE));
    const view = await getCustomer(trx, row.id as number);
    await recordAudit(trx, actor, { action: 'customer.create', entityType: ENTITY, entityId: view.id, after: view });
    await publishEvent(trx, { type: 'customer.created', entityType: ENTITY, entityId: view.id, payload: view });
    return view;
  });
}

export async function updateCustomer(
  db: Queryable, actor: Actor, id: number, input: UpdateCustomerInput, expectedVersion: number | undefined,
): Promise<CustomerView> {
  return db.transaction(async (trx) => {
    await lockRow(trx, 'customers', id, 'Customer', expectedVersion);
    const before = await getCustomer(trx, id);
    if (input.organizationId != null) await assertReferencesExist(trx, [{ path: 'organizationId', table: 'organizations', id: input.organizationId }]);
    const patch = {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.email !== undefined && { email: input.email }),
      ...(input.phone !== undefined && { phone: input.phone }),
      ...(input.language !== undefined && { language: input.language }),
      ...(input.organizationId !== undefined && { organization_id: input.organizationId }),
    };
    await trx('customers').where({ id })
      .update({ ...patch, updated_at: trx.fn.now(), version: trx.raw('version + 1') })
      .catch((err: unknown) => rethrowUniqueViolation(err, UNIQUE));
    const after = await getCustomer(trx, id);
    await recordCustomerUpdate(trx, actor, before, after);
    return after;
  });
}

/** Audit row and `customer.updated` event for one changed customer, in the caller's transaction. */
export async function recordCustomerUpdate(trx: Queryable, actor: Actor, before: CustomerView, after: CustomerView): Promise<void> {
  await recordAudit(trx, actor, { action: 'customer.update', entityType: ENTITY, entityId: after.id, before, after });
  await publishEvent(trx, { type: 'customer.updated', entityType: ENTITY, entityId: after.id, payload: { customer: after, previous: before } });
}

/** Customers who opened tickets stay: the tickets' history names them. Their sessions end with them. */
export async function deleteCustomer(db: Queryable, actor: Actor, id: number): Promise<void> {
  await db.transaction(async (trx) => {
    await lockRow(trx, 'customers', id, 'Customer');
    const before = await getCustomer(trx, id);
    const [row] = await trx('tickets').where({ requester_id: id }).count({ n: '*' });
    const n = Number(row?.n ?? 0);
    const inUse = `Customer ${id} is the requester of ${n || 'some'} ticket(s) and cannot be deleted`;
    if (n > 0) throw new LanternError('conflict', inUse);
    await trx('sessions').where({ principal_type: 'customer', principal_id: id }).delete();
    await trx('customers').where({ id }).delete().catch((err: unknown) => rethrowStillReferenced(err, inUse));
    await recordAudit(trx, actor, { action: 'customer.delete', entityType: ENTITY, entityId: id, before });
  });
}
