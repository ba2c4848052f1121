import { Button, Group, Stack } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldSpec, FormValues } from './crud-types';
import { FieldInput } from './FieldInput';
import { fieldErrorsOf, unclaimed } from './problem';
import { ProblemAlert } from './ProblemAlert';

type Props = {
  fields: FieldSpec[];
  initial: FormValues;
  mode: 'create' | 'edit';
  /** Sends the form; throws ApiError on failure (its field errors land next to the fields). */
  submit: (values: FormValues) => Promise<unknown>;
  onDone: (result: unknown) => void;
  onReload?: () => void;
  submitLabel?: string;
  footer?: ReactNode;
  /** Shown under the form with the unsaved values (a live preview). */
  below?: (values: FormValues) => ReactNode;
};

/** Whether a field takes part in this mode. */
export const inMode = (f: FieldSpec, mode: 'create' | 'edit') => !(mode === 'edit' && f.createOnly) && !(mode === 'create' && f.editOnly);

/** A form from field descriptions: validation messages from the API appear next to their fields, the rest above. */
export function CrudForm({ fields, initial, mode, submit, onDone, onReload, submitLabel, footer, below }: Props) {
  const { t } = useTranslation();
  const [values, setValues] = useState<FormValues>(initial);
  const save = useMutation({ mutationFn: () => submit(values), onSuccess: onDone });
  const visible = fields.filter((f) => inMode(f, mode));
  const errors = fieldErrorsOf(save.error);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={onSubmit} noValidate data-testid="crud-form">
      <Stack>
        <ProblemAlert error={save.error} extra={unclaimed(errors, visible.map((f) => f.name))} onReload={onReload} />
        {visible.map((f) => (
          <FieldInput key={f.name} field={f} value={values[f.name]} values={values} errors={errors}
            onChange={(v) => setValues((prev) => ({ ...prev, [f.name]: v }))} />
        ))}
        <Group justify="space-between">
          <Button type="submit" loading={save.isPending} data-testid="crud-save">{submitLabel ?? t('admin.common.save')}</Button>
          {footer}
        </Group>
        {below?.(values)}
      </Stack>
    </form>
  );
}

/** The body to send: on create every filled field, on edit only what changed (plus the version guard). */
export function bodyOf(fields: FieldSpec[], values: FormValues, mode: 'create' | 'edit', initial: FormValues): FormValues {
  const body: FormValues = {};
  for (const f of fields.filter((x) => inMode(x, mode))) {
    const v = values[f.name];
    if (mode === 'create' && (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0 && f.kind !== 'custom'))) continue;
    if (mode === 'edit' && JSON.stringify(v) === JSON.stringify(initial[f.name])) continue;
    body[f.name] = v === '' && mode === 'edit' ? (f.emptyAsNull ? null : f.kind === 'text' || f.kind === 'textarea' ? v : undefined) : v;
  }
  return body;
}
