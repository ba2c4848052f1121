import type { CustomFieldType } from '../../core/custom-fields';
import { LanternError, notFound, validationError } from '../../core/errors';
import type { Actor } from '../../core/principal';
import {
  SELECT_TYPES, type CreateCustomFieldInput, type CustomFieldView, type ListCustomFieldsQuery, type UpdateCustomFieldInput,
} from '../../core/schemas/custom-field.schema';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { rethrowUniqueViolation } from '../db-errors';
import { keysetPage, type Page } from '../keyset';
import { lockRow } from '../row-lock';

type CustomFieldRow = {
  id: number;
  key: string;
  label: string;
  type: CustomFieldType;
  options: string[];
  required: boolean;
  active: boolean;
  position: number;
  created_at: Date;
  updated_at: Date;
  version: number;
};

const UNIQUE = { custom_field_definitions_key_unique: { path: 'key', message: 'another custom field has this key' } };
const ENTITY = 'custom_field';

export function customFieldView(r: CustomFieldRow): CustomFieldView {
  return {
    id: r.id, key: r.key, label: r.label, type: r.type, options: r.options, required: r.required, active: r.active,
    position: r.position, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(), version: r.version,
  };
}

/** Select fields choose from at least one option; other types have none. */
function checkOptions(type: CustomFieldType, options: string[]): void {
  if (SELECT_TYPES.includes(type) && options.length === 0) {
    throw validationError('Select fields need options', [{ path: 'options', message: `a ${type} field needs at least one option` }]);
  }
  if (!SELECT_TYPES.includes(type) && options.length > 0) {
    throw validationError('Only select fields have options', [{ path: 'options', message: `a ${type} field takes no options` }]);
  }
}

/** How many tickets hold `option` in this field (single value or inside a multi-select array). */
async function ticketsUsingOption(db: Queryable, def: CustomFieldRow, option: string): Promise<number> {
  const probe = { [def.key]: def.type === 'multi_select' ? [option] : option };
  const [row] = await db('tickets').whereRaw('custom_fields @> ?::jsonb', [JSON.stringify(probe)]).count({ n: '*' });
  return Number(row?.n ?? 0);
}

export async function listCustomFields(db: Queryable, query: ListCustomFieldsQuery): Promise<Page<CustomFieldView>> {
  const q = db('custom_field_definitions').select('*');
  if (query.active !== undefined) q.where('active', query.active);
  if (query.type) q.where('type', query.type);
  const page = await keysetPage<CustomFieldRow>(q, { column: 'custom_field_definitions.position', idColumn: 'custom_field_definitions.id', value: 'number' }, query);
  return { rows: page.rows.map(customFieldView), nextCursor: page.nextCursor };
}

export async function getCustomField(db: Queryable, id: number): Promise<CustomFieldView> {
  const row = (await db('custom_field_definitions').where({ id }).first()) as CustomFieldRow | undefined;
  if (!row) throw notFound('Custom field', id);
  return customFieldView(row);
}

/** Values live in tickets.custom_fields (JSONB), so a new field is one row, no migration. */
export async function createCustomField(db: Queryable, actor: Actor, input: CreateCustomFieldInput): Promise<CustomFieldView> {
  const options = input.options ?? [];
  checkOptions(input.type, options);
  return db.transaction(async (trx) => {
    const [row] = (await trx('custom_field_definitions')
      .insert({
        key: input.key, label: input.label, type: input.type, options, required: input.required ?? false,
        active: input.active ?? true, position: input.position ?? 0,
      })
      .returning('*')
      .catch((err: unknown) => rethrowUniqueViolation(err, UNIQUE))) as CustomFieldRow[];
    const view = customFieldView(row!);
    await recordAudit(trx, actor, { action: 'custom_field.create', entityType: ENTITY, entityId: view.id, after: view });
    return view;
  });
}

export async function updateCustomField(
  db: Queryable, actor: Actor, id: number, input: UpdateCustomFieldInput, expectedVersion: number | undefined,
): Promise<CustomFieldView> {
  return db.transaction(async (trx) => {
    const before = await lockRow<CustomFieldRow>(trx, 'custom_field_definitions', id, 'Custom field', expectedVersion);
    const options = input.options ?? before.options;
    checkOptions(before.type, options);
    const removed = before.options.filter((o) => !options.includes(o));
    const inUse: string[] = [];
    for (const option of removed) {
      const n = await ticketsUsingOption(trx, before, option);
      if (n > 0) inUse.push(`"${option}" (${n} ticket${n === 1 ? '' : 's'})`);
    }
    if (inUse.length) {
      throw new LanternError('conflict', `Options still used by tickets cannot be removed: ${inUse.join(', ')}. Change those tickets first, or keep the option`, {
        fields: [{ path: 'options', message: `still used: ${inUse.join(', ')}` }],
      });
    }
    const [after] = (await trx('custom_field_definitions')
      .where({ id })
      .update({
        label: input.label ?? before.label,
        options,
        required: input.required ?? before.required,
        active: input.active ?? before.active,
        position: input.position ?? before.position,
        updated_at: trx.fn.now(),
        version: trx.raw('version + 1'),
      })
      .returning('*')) as CustomFieldRow[];
    const view = customFieldView(after!);
    await recordAudit(trx, actor, { action: 'custom_field.update', entityType: ENTITY, entityId: id, before: customFieldView(before), after: view });
    return view;
  });
}

/** A field with values on tickets is deactivated, not deleted, so those values keep their meaning. */
export async function deleteCustomField(db: Queryable, actor: Actor, id: number): Promise<void> {
  await db.transaction(async (trx) => {
    const before = await lockRow<CustomFieldRow>(trx, 'custom_field_definitions', id, 'Custom field');
    const [row] = await trx('tickets').whereRaw('jsonb_exists(custom_fields, ?)', [before.key]).count({ n: '*' });
    const n = Number(row?.n ?? 0);
    if (n > 0) {
      throw new LanternError('conflict', `Custom field "${before.key}" has values on ${n} ticket(s). Deactivate it instead (set active to false)`);
    }
    await trx('custom_field_definitions').where({ id }).delete();
    await recordAudit(trx, actor, { action: 'custom_field.delete', entityType: ENTITY, entityId: id, before: customFieldView(before) });
  });
}
