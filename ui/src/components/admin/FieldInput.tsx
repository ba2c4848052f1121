import { ColorInput, MultiSelect, NumberInput, PasswordInput, Select, Switch, TagsInput, Textarea, TextInput, Text, Stack } from '@mantine/core';
import type { FieldSpec, FormValues } from './crud-types';
import { errorsUnder, type FieldErrors } from './problem';

type Props = { field: FieldSpec; value: unknown; onChange: (v: unknown) => void; errors: FieldErrors; values: FormValues; disabled?: boolean };

const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/** One form field from its description; the API's message for it is shown right below it. */
export function FieldInput({ field, value, onChange, errors, values, disabled }: Props) {
  const own = errorsUnder(errors, field.name);
  const error = own[''] ?? Object.values(own)[0];
  const common = { label: field.label, description: field.description, required: field.required, error, disabled, 'data-testid': `field-${field.name}` };
  switch (field.kind) {
    case 'text':
    case 'date':
      return <TextInput {...common} type={field.kind === 'date' ? 'date' : 'text'} value={str(value)} onChange={(e) => onChange(e.currentTarget.value)} />;
    case 'password':
      return <PasswordInput {...common} autoComplete="new-password" value={str(value)} onChange={(e) => onChange(e.currentTarget.value)} />;
    case 'textarea':
      return <Textarea {...common} autosize minRows={3} maxRows={12} value={str(value)} onChange={(e) => onChange(e.currentTarget.value)} />;
    case 'color':
      return <ColorInput {...common} format="hex" value={str(value)} onChange={onChange} />;
    case 'number':
      return <NumberInput {...common} min={field.min} max={field.max} value={value === null || value === undefined ? '' : Number(value)} onChange={(v) => onChange(v === '' ? undefined : Number(v))} />;
    case 'switch':
      return <Switch label={field.label} description={field.description} error={error} disabled={disabled} data-testid={`field-${field.name}`} checked={value === true} onChange={(e) => onChange(e.currentTarget.checked)} />;
    case 'select':
      return (
        <Select {...common} data={field.options} clearable={field.clearable} comboboxProps={{ withinPortal: true }}
          value={value === null || value === undefined ? null : String(value)}
          onChange={(v) => onChange(v === null ? null : field.numeric ? Number(v) : v)} />
      );
    case 'multiselect':
      return (
        <MultiSelect {...common} data={field.options} searchable comboboxProps={{ withinPortal: true }}
          value={Array.isArray(value) ? value.map(String) : []}
          onChange={(v) => onChange(field.numeric ? v.map(Number) : v)} />
      );
    case 'list':
      return <TagsInput {...common} value={Array.isArray(value) ? value.map(String) : []} onChange={onChange} />;
    case 'custom':
      return (
        <Stack gap={4} data-testid={`field-${field.name}`}>
          <Text size="sm" fw={500}>{field.label}</Text>
          {field.description && <Text size="xs" c="dimmed">{field.description}</Text>}
          {field.render({ value, onChange, errors: own, values })}
          {own[''] && <Text size="xs" c="red" role="alert">{own['']}</Text>}
        </Stack>
      );
  }
}
