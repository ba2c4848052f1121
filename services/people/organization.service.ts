import { notFound } from '../../core/errors';
import type { Actor } from '../../core/principal';
import type {
  CreateOrganizationInput, ListOrganizationsQuery, OrganizationView, UpdateOrganizationInput,
} from '../../core/schemas/organization.schema';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { rethrowUniqueViolation } from '../db-errors';
import { escapeLike, keysetPage, type Page } from '../keyset';
import { lockRow } from '../row-lock';
import { getCustomer, recordCustomerUpdate } from './customer.service';

type OrganizationRow = { id: number; name: string; domains: string[]; notes: string; shared_tickets: boolean; created_at: Date; updated_at: Date; version: number };

const UNIQUE = { organizations_name_unique: { path: 'name', message: 'another organization has this name' } };
const ENTITY = 'organization';

export function organizationView(r: OrganizationRow): OrganizationView {
  return {
    id: r.id, name: r.name, domains: r.domains, notes: r.notes, sharedTickets: r.shared_tickets,
    createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(), version: r.version,
  };
}

export async function listOrganizations(db: Queryable, query: ListOrganizationsQuery): Promise<Page<OrganizationView>> {
  const q = db('organizations').select('*');
  if (query.q) {
    const text = query.q;
    q.where((w) => w.where('name', 'ilike', `%${escapeLike(text)}%`).orWhereRaw('? = ANY(domains)', [text.toLowerCase()]));
  }
  const page = await keysetPage<OrganizationRow>(q, { column: 'organizations.id', idColumn: 'organizations.id', value: 'id' }, query);
  return { rows: page.rows.map(organizationView), nextCursor: page.nextCursor };
}

export async function getOrganization(db: Queryable, id: number): Promise<OrganizationView> {
  const row = (await db('organizations').where({ id }).first()) as OrganizationRow | undefined;
  if (!row) throw notFound('Organization', id);
  return organizationView(row);
}

export async function createOrganization(db: Queryable, actor: Actor, input: CreateOrganizationInput): Promise<OrganizationView> {
  return db.transaction(async (trx) => {
    const [row] = (await trx('organizations')
      .insert({ name: input.name, domains: input.domains ?? [], notes: input.notes ?? '', shared_tickets: input.sharedTickets ?? false })
      .returning('*')
      .catch((err: unknown) => rethrowUniqueViolation(err, UNIQUE))) as OrganizationRow[];
    const view = organizationView(row!);
    await recordAudit(trx, actor, { action: 'organization.create', entityType: ENTITY, entityId: view.id, after: view });
    return view;
  });
}

export async function updateOrganization(
  db: Queryable, actor: Actor, id: number, input: UpdateOrganizationInput, expectedVersion: number | undefined,
): Promise<OrganizationView> {
  return db.transaction(async (trx) => {
    const before = await lockRow<OrganizationRow>(trx, 'organizations', id, 'Organization', expectedVersion);
    const [after] = (await trx('organizations')
      .where({ id })
      .update({
        name: input.name ?? before.name,
        domains: input.domains ?? before.domains,
        notes: input.notes ?? before.notes,
        shared_tickets: input.sharedTickets ?? before.shared_tickets,
        updated_at: trx.fn.now(),
        version: trx.raw('version + 1'),
      })
      .returning('*')
      .catch((err: unknown) => rethrowUniqueViolation(err, UNIQUE))) as OrganizationRow[];
    const view = organizationView(after!);
    await recordAudit(trx, actor, { action: 'organization.update', entityType: ENTITY, entityId: id, before: organizationView(before), after: view });
    return view;
  });
}

/**
 * Members stay as customers without an organization. They are detached explicitly (not by the foreign key)
 * so each change is versioned, audited and published like any other customer edit.
 */
export async function deleteOrganization(db: Queryable, actor: Actor, id: number): Promise<void> {
  await db.transaction(async (trx) => {
    const before = await lockRow<OrganizationRow>(trx, 'organizations', id, 'Organization');
    const memberIds: number[] = await trx('customers').where({ organization_id: id }).orderBy('id').forUpdate().pluck('id');
    for (const customerId of memberIds) {
      const member = await getCustomer(trx, customerId);
      await trx('customers').where({ id: customerId }).update({ organization_id: null, updated_at: trx.fn.now(), version: trx.raw('version + 1') });
      await recordCustomerUpdate(trx, actor, member, await getCustomer(trx, customerId));
    }
    await trx('organizations').where({ id }).delete();
    await recordAudit(trx, actor, { action: 'organization.delete', entityType: ENTITY, entityId: id, before: { ...organizationView(before), memberIds } });
  });
}
