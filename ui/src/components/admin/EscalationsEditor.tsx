import { ActionIcon, Button, Group, MultiSelect, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { firstUnder, type FieldErrors } from './problem';
import { ACTION_PARAMS, ACTION_TYPES, priorityKey, SLA_METRICS, type EscalationAction, type EscalationStep, type SlaMetric } from './sla-types';
import { usePriorities, useTeamOptions } from './use-options';

type Props = { value: EscalationStep[]; onChange: (v: EscalationStep[]) => void; errors: FieldErrors };

/** Escalation steps: on warning or breach (of some or all metrics), run actions in order. */
export function EscalationsEditor({ value, onChange, errors }: Props) {
  const { t } = useTranslation();
  const setStep = (i: number, s: EscalationStep) => onChange(value.map((x, j) => (j === i ? s : x)));
  return (
    <Stack gap="xs" data-testid="sla-escalations">
      {value.length === 0 && <Text size="sm" c="gray.7">{t('admin.sla.noEscalations')}</Text>}
      {value.map((step, i) => (
        <Paper key={i} withBorder p="xs" data-testid="escalation-step">
          <Group align="flex-end" wrap="wrap" gap="xs">
            <Select label={t('admin.sla.on')} w={130} value={step.on} data={(['warning', 'breach'] as const).map((o) => ({ value: o, label: t(`admin.sla.ons.${o}`) }))}
              onChange={(v) => v && setStep(i, { ...step, on: v as EscalationStep['on'] })} comboboxProps={{ withinPortal: true }} />
            <MultiSelect label={t('admin.sla.stepMetrics')} placeholder={step.metrics?.length ? undefined : t('admin.sla.allMetrics')} style={{ flex: 1, minWidth: 180 }}
              data={SLA_METRICS.map((m) => ({ value: m, label: t(`admin.sla.metrics.${m}`) }))} value={step.metrics ?? []} error={firstUnder(errors, `${i}.metrics`)}
              onChange={(v) => { const { metrics: _, ...rest } = step; setStep(i, v.length ? { ...rest, metrics: v as SlaMetric[] } : rest); }} comboboxProps={{ withinPortal: true }} />
            <ActionIcon variant="subtle" color="red" mb={4} aria-label={t('admin.sla.removeStep')} onClick={() => onChange(value.filter((_, j) => j !== i))}>×</ActionIcon>
          </Group>
          <ActionsList actions={step.actions} onChange={(actions) => setStep(i, { ...step, actions })} errors={errors} prefix={`${i}.actions`} />
        </Paper>
      ))}
      <Button size="xs" variant="light" onClick={() => onChange([...value, { on: 'breach', actions: [{ type: 'notify_assignee' }] }])} data-testid="escalation-add">{t('admin.sla.addStep')}</Button>
    </Stack>
  );
}

function ActionsList({ actions, onChange, errors, prefix }: { actions: EscalationAction[]; onChange: (a: EscalationAction[]) => void; errors: FieldErrors; prefix: string }) {
  const { t } = useTranslation();
  const teams = useTeamOptions();
  const priorities = usePriorities();
  const setAction = (k: number, a: EscalationAction) => onChange(actions.map((x, j) => (j === k ? a : x)));
  const param = (a: EscalationAction, k: number, p: (typeof ACTION_PARAMS)[EscalationAction['type']][number]) => {
    const error = firstUnder(errors, `${prefix}.${k}.${p}`);
    const label = t(`admin.sla.params.${p}`);
    const change = (v: string | null) => { const next = { ...a, [p]: v || undefined }; if (!v) delete next[p]; setAction(k, next); };
    if (p === 'teamId') return <Select key={p} label={label} data={teams} value={a.teamId ?? null} onChange={change} error={error} comboboxProps={{ withinPortal: true }} />;
    if (p === 'to') {
      return <Select key={p} label={label} clearable placeholder={t('admin.sla.nextUp')} data={priorities.map((x) => ({ value: priorityKey(x.name), label: x.name }))} value={a.to ?? null} onChange={change} error={error} comboboxProps={{ withinPortal: true }} />;
    }
    return <TextInput key={p} label={label} value={a[p] ?? ''} onChange={(e) => change(e.currentTarget.value)} error={error} description={p === 'destination' ? t('admin.sla.destinationHelp') : undefined} />;
  };
  return (
    <Stack gap={4} mt="xs" pl="md">
      {actions.map((a, k) => (
        <Group key={k} align="flex-end" wrap="wrap" gap="xs" data-testid="escalation-action">
          <Select label={t('admin.sla.action')} w={190} value={a.type} data={ACTION_TYPES.map((x) => ({ value: x, label: t(`admin.sla.actions.${x}`) }))}
            onChange={(v) => v && setAction(k, { type: v as EscalationAction['type'] })} comboboxProps={{ withinPortal: true }} error={firstUnder(errors, `${prefix}.${k}.type`)} />
          {ACTION_PARAMS[a.type].map((p) => param(a, k, p))}
          <ActionIcon variant="subtle" color="red" mb={4} aria-label={t('admin.sla.removeAction')} onClick={() => onChange(actions.filter((_, j) => j !== k))}>×</ActionIcon>
        </Group>
      ))}
      {firstUnder(errors, prefix) && !actions.length && <Text size="xs" c="red.8">{firstUnder(errors, prefix)}</Text>}
      <Button size="xs" variant="subtle" onClick={() => onChange([...actions, { type: 'notify_assignee' }])} style={{ alignSelf: 'flex-start' }}>{t('admin.sla.addAction')}</Button>
    </Stack>
  );
}
