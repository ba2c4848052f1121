import { MultiSelect, NumberInput, SimpleGrid, TagsInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { firstUnder, type FieldErrors } from './problem';
import { priorityKey, SLA_METRICS, type SlaConditions, type SlaMetric } from './sla-types';
import { usePriorities, useTeamOptions } from './use-options';

type Editor<T> = { value: T; onChange: (v: T) => void; errors: FieldErrors };

const set = <T extends object>(value: T, key: keyof T, v: unknown): T => {
  const next = { ...value, [key]: v } as Record<string, unknown>;
  if (v === undefined || (Array.isArray(v) && !v.length)) delete next[key as string];
  return next as T;
};

/** When the SLA policy applies: every condition given must hold; an empty set matches every ticket. */
export function SlaConditionsEditor({ value, onChange, errors }: Editor<SlaConditions>) {
  const { t } = useTranslation();
  const priorities = usePriorities();
  const teams = useTeamOptions();
  const err = (k: string) => firstUnder(errors, k);
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} data-testid="sla-conditions">
      <MultiSelect label={t('admin.sla.conditions.priorities')} data={priorities.map((p) => ({ value: priorityKey(p.name), label: p.name }))} value={value.priorities ?? []}
        onChange={(v) => onChange(set(value, 'priorities', v))} error={err('priorities')} comboboxProps={{ withinPortal: true }} data-testid="sla-priorities" />
      <MultiSelect label={t('admin.sla.conditions.teamIds')} data={teams} value={value.teamIds ?? []}
        onChange={(v) => onChange(set(value, 'teamIds', v))} error={err('teamIds')} comboboxProps={{ withinPortal: true }} />
      {(['channels', 'tagsAny', 'tagsAll', 'tagsNone', 'organizationIds'] as const).map((k) => (
        <TagsInput key={k} label={t(`admin.sla.conditions.${k}`)} value={value[k] ?? []} onChange={(v) => onChange(set(value, k, v))} error={err(k)} />
      ))}
    </SimpleGrid>
  );
}

/** Targets in minutes per metric; at least one. */
export function TargetsEditor({ value, onChange, errors }: Editor<Partial<Record<SlaMetric, number>>>) {
  const { t } = useTranslation();
  const hint = (m?: number) => (m ? t('admin.sla.asHours', { hours: Math.round((m / 60) * 100) / 100 }) : t('admin.sla.noTarget'));
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} data-testid="sla-targets">
      {SLA_METRICS.map((m) => (
        <NumberInput key={m} label={t(`admin.sla.metrics.${m}`)} description={hint(value[m])} min={1} suffix={` ${t('admin.sla.minutes')}`}
          value={value[m] ?? ''} error={firstUnder(errors, m)} data-testid={`sla-target-${m}`}
          onChange={(v) => onChange(set(value, m, v === '' ? undefined : Number(v)))} />
      ))}
    </SimpleGrid>
  );
}
