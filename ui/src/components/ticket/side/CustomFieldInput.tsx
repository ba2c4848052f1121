import { MultiSelect, Select, Switch, TextInput } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useWorkers } from '../queries';
import type { CustomField } from '../types';

type Props = { field: CustomField; value: unknown; error: string | undefined; disabled: boolean; onSave: (value: unknown) => void };

/** Typed text (text, number, date, ticket reference): saved on blur or Enter; the server judges the value. */
function TextValue({ field, value, error, onSave }: Props) {
  const { t } = useTranslation();
  const shown = value === null || value === undefined ? '' : String(value);
  const [draft, setDraft] = useState(shown);
  // Enter and the blur after it must not send the same value twice (the second would meet a newer version).
  const sent = useRef<string | null>(null);
  useEffect(() => { setDraft(shown); sent.current = null; }, [shown]);
  const commit = () => {
    if (draft === shown || draft === sent.current) return;
    sent.current = draft;
    const raw = draft.trim();
    if (!raw) return onSave(null);
    const numeric = field.type === 'number' || field.type === 'ticket_ref';
    // A number that does not parse goes as typed, so the server's message explains what is wrong.
    onSave(numeric && raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw);
  };
  return (
    <TextInput
      label={field.label}
      withAsterisk={field.required}
      value={draft}
      onChange={(e) => setDraft(e.currentTarget.value)}
      onBlur={commit}
      onKeyDown={(e) => { if (e.key === 'Enter') commit(); }}
      placeholder={field.type === 'date' ? t('ticket.customFields.datePlaceholder') : undefined}
      inputMode={field.type === 'number' || field.type === 'ticket_ref' ? 'decimal' : undefined}
      error={error}
      data-testid={`cf-${field.key}`}
    />
  );
}

/** One custom field, edited in the control its type calls for. */
export function CustomFieldInput(props: Props) {
  const { t } = useTranslation();
  const workers = useWorkers();
  const { field, value, error, disabled, onSave } = props;
  const common = { label: field.label, withAsterisk: field.required, error, disabled, 'data-testid': `cf-${field.key}` };
  switch (field.type) {
    case 'boolean':
      return <Switch {...common} checked={value === true} onChange={(e) => onSave(e.currentTarget.checked)} />;
    case 'single_select':
      return <Select {...common} clearable={!field.required} value={typeof value === 'string' ? value : null} data={field.options} onChange={(v) => onSave(v)} />;
    case 'multi_select':
      return <MultiSelect {...common} value={Array.isArray(value) ? (value as string[]) : []} data={field.options} onChange={(v) => onSave(v.length ? v : null)} />;
    case 'user_ref':
      return (
        <Select {...common} searchable clearable={!field.required} placeholder={t('ticket.customFields.pickWorker')}
          value={typeof value === 'number' ? String(value) : null}
          data={workers.map((w) => ({ value: String(w.id), label: w.name }))}
          onChange={(v) => onSave(v === null ? null : Number(v))} />
      );
    default:
      return <TextValue {...props} />;
  }
}
