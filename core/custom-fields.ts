import { z } from 'zod';
import { validationError, type FieldError } from './errors';

export const CUSTOM_FIELD_TYPES = [
  'text', 'number', 'date', 'boolean', 'single_select', 'multi_select', 'user_ref', 'ticket_ref',
] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

export type CustomFieldDefinition = {
  key: string;
  type: CustomFieldType;
  required: boolean;
  options: string[];
  active: boolean;
};

export type CustomFieldValues = Record<string, unknown>;
/** References that must exist; checked by the caller against the database. */
export type CustomFieldReferences = { workerIds: number[]; ticketIds: number[] };

const valueSchema = (def: CustomFieldDefinition): z.ZodType => {
  switch (def.type) {
    case 'text':
      return z.string().max(10_000);
    case 'number':
      return z.number().finite();
    case 'date':
      return z.iso.date();
    case 'boolean':
      return z.boolean();
    case 'single_select':
      return z.enum(def.options as [string, ...string[]]);
    case 'multi_select':
      return z.array(z.enum(def.options as [string, ...string[]])).max(def.options.length);
    case 'user_ref':
    case 'ticket_ref':
      return z.number().int().positive();
  }
};

/**
 * Validate a set of custom field values against the active definitions.
 * `partial` (updates) skips the required check for keys not present. `null` clears a value.
 */
export function validateCustomFields(
  definitions: CustomFieldDefinition[],
  values: CustomFieldValues,
  opts: { partial: boolean },
): { values: CustomFieldValues; references: CustomFieldReferences } {
  const byKey = new Map(definitions.filter((d) => d.active).map((d) => [d.key, d]));
  const errors: FieldError[] = [];
  const references: CustomFieldReferences = { workerIds: [], ticketIds: [] };
  for (const [key, value] of Object.entries(values)) {
    const def = byKey.get(key);
    if (!def) {
      errors.push({ path: `customFields.${key}`, message: 'is not a defined custom field' });
      continue;
    }
    if (value === null) {
      if (def.required) errors.push({ path: `customFields.${key}`, message: 'is required and cannot be cleared' });
      continue;
    }
    const result = valueSchema(def).safeParse(value);
    if (!result.success) {
      errors.push({ path: `customFields.${key}`, message: result.error.issues[0]?.message ?? 'is invalid' });
      continue;
    }
    if (def.type === 'user_ref') references.workerIds.push(value as number);
    if (def.type === 'ticket_ref') references.ticketIds.push(value as number);
  }
  if (!opts.partial) {
    for (const def of byKey.values()) {
      if (def.required && (values[def.key] === undefined || values[def.key] === null)) {
        errors.push({ path: `customFields.${def.key}`, message: 'is required' });
      }
    }
  }
  if (errors.length) throw validationError('Custom field values are invalid', errors);
  return { values, references };
}
