import { NumberInput, PasswordInput, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ConfigSchema, JsonSchemaProperty } from './plugin-types';

type Props = {
  schema: ConfigSchema;
  value: Record<string, unknown>;
  onChange: (value: Record<string, unknown>) => void;
  /** Field errors keyed by setting name (from the problem's `config.<name>` paths). */
  errors: Record<string, string>;
  /** Secrets already stored: an empty input keeps them. */
  secretsSet?: string[];
};

/** The initial form values: stored settings, else the schema defaults; secrets always start empty. */
export function initialConfig(schema: ConfigSchema, settings: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, p] of Object.entries(schema.properties)) {
    if (p['x-secret']) continue;
    if (settings[name] !== undefined) out[name] = settings[name];
    else if (p.default !== undefined) out[name] = p.default;
  }
  return out;
}

function Field({ name, prop, required, value, error, onChange, stored }: {
  name: string; prop: JsonSchemaProperty; required: boolean; value: unknown; error?: string; onChange: (v: unknown) => void; stored: boolean;
}) {
  const { t } = useTranslation();
  const label = prop.title ?? name;
  const common = { label, description: prop.description, error, required: required && !stored, 'data-testid': `plugin-config-${name}` };
  if (prop['x-secret']) {
    return <PasswordInput {...common} autoComplete="new-password" placeholder={stored ? t('plugins.config.secretKept') : undefined}
      value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.currentTarget.value)} />;
  }
  if (prop.enum) {
    return <Select {...common} data={prop.enum.map(String)} value={value === undefined ? null : String(value)} onChange={(v) => onChange(v ?? undefined)} clearable={!required} />;
  }
  if (prop.type === 'boolean') {
    return <Switch label={label} description={prop.description} error={error} checked={value === true} onChange={(e) => onChange(e.currentTarget.checked)} data-testid={`plugin-config-${name}`} />;
  }
  if (prop.type === 'integer' || prop.type === 'number') {
    return <NumberInput {...common} value={typeof value === 'number' ? value : ''} allowDecimal={prop.type === 'number'}
      onChange={(v) => onChange(typeof v === 'number' ? v : undefined)} />;
  }
  return <TextInput {...common} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.currentTarget.value || undefined)} />;
}

/** A settings form generated from the plugin's JSON schema: secret fields (`x-secret`) are password inputs. */
export function ConfigForm({ schema, value, onChange, errors, secretsSet = [] }: Props) {
  const { t } = useTranslation();
  const entries = Object.entries(schema.properties);
  if (!entries.length) return <Text size="sm" c="gray.7">{t('plugins.config.none')}</Text>;
  return (
    <Stack gap="sm">
      {entries.map(([name, prop]) => (
        <Field key={name} name={name} prop={prop} required={schema.required?.includes(name) ?? false} value={value[name]} error={errors[name]}
          stored={secretsSet.includes(name)} onChange={(v) => {
            const next = { ...value };
            if (v === undefined) delete next[name];
            else next[name] = v;
            onChange(next);
          }} />
      ))}
    </Stack>
  );
}
