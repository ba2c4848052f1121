import { ActionIcon, Button, Group, MultiSelect, NumberInput, Paper, Select, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { firstUnder, type FieldErrors } from './problem';
import { CONDITION_FIELDS, emptyCondition, OPS, type Condition, type ConditionField } from './routing-types';
import { usePriorities, useTeamOptions } from './use-options';

type Props = { value: Condition[]; onChange: (v: Condition[]) => void; errors: FieldErrors };

/** The tests a routing rule makes on a ticket; each field offers only the operators that fit it. */
export function ConditionsEditor({ value, onChange, errors }: Props) {
  const { t } = useTranslation();
  const teams = useTeamOptions();
  const priorities = usePriorities();
  const set = (i: number, c: Condition) => onChange(value.map((x, j) => (j === i ? c : x)));
  const valuesInput = (c: Condition, i: number) => {
    const error = firstUnder(errors, `${i}.values`) ?? firstUnder(errors, `${i}.value`);
    const label = t('admin.routing.values');
    if (c.op === 'none' || c.op === 'exists' || c.op === 'missing') return null;
    if (c.field === 'priority_rank') return <NumberInput label={label} value={c.value ?? 0} onChange={(v) => set(i, { ...c, value: Number(v) || 0 })} error={error} w={120} />;
    if (c.field === 'team') {
      return <MultiSelect label={label} data={teams} value={(c.values ?? []).map(String)} onChange={(v) => set(i, { ...c, values: v.map(Number) })} error={error} comboboxProps={{ withinPortal: true }} style={{ flex: 1 }} />;
    }
    if (c.field === 'priority') {
      return <MultiSelect label={label} data={priorities.map((p) => p.name)} value={(c.values ?? []).map(String)} onChange={(v) => set(i, { ...c, values: v })} error={error} comboboxProps={{ withinPortal: true }} style={{ flex: 1 }} />;
    }
    const numeric = c.field === 'organization';
    return (
      <TagsInput label={label} description={t('admin.routing.valuesHelp')} value={(c.values ?? []).map(String)} error={error} style={{ flex: 1, minWidth: 160 }}
        data-testid={`condition-values-${i}`} onChange={(v) => set(i, { ...c, values: numeric ? v.map(Number) : v })} />
    );
  };
  return (
    <Stack gap="xs">
      {value.length === 0 && <Text size="sm" c="gray.7">{t('admin.routing.noConditions')}</Text>}
      {value.map((c, i) => (
        <Paper key={i} withBorder p="xs" data-testid="condition-row">
          <Group align="flex-start" wrap="wrap" gap="xs">
            <Select label={t('admin.routing.field')} w={150} data={CONDITION_FIELDS.map((f) => ({ value: f, label: t(`admin.routing.fields.${f}`) }))} value={c.field}
              onChange={(f) => f && set(i, emptyCondition(f as ConditionField))} comboboxProps={{ withinPortal: true }} data-testid={`condition-field-${i}`} />
            {c.field === 'custom_field' && (
              <TextInput label={t('admin.routing.key')} w={120} value={c.key ?? ''} onChange={(e) => set(i, { ...c, key: e.currentTarget.value })} error={firstUnder(errors, `${i}.key`)} />
            )}
            <Select label={t('admin.routing.op')} w={140} data={OPS[c.field].map((o) => ({ value: o, label: t(`admin.routing.ops.${o}`) }))} value={c.op}
              onChange={(o) => o && set(i, { ...c, op: o })} comboboxProps={{ withinPortal: true }} error={firstUnder(errors, `${i}.op`)} />
            {valuesInput(c, i)}
            <ActionIcon mt={26} variant="subtle" color="red" aria-label={t('admin.routing.removeCondition')} onClick={() => onChange(value.filter((_, j) => j !== i))}>×</ActionIcon>
          </Group>
          {firstUnder(errors, String(i)) && !firstUnder(errors, `${i}.values`) && !firstUnder(errors, `${i}.key`) && !firstUnder(errors, `${i}.op`) && !firstUnder(errors, `${i}.value`) && (
            <Text size="xs" c="red.8">{firstUnder(errors, String(i))}</Text>
          )}
        </Paper>
      ))}
      <Button size="xs" variant="light" onClick={() => onChange([...value, emptyCondition('tags')])} data-testid="condition-add">{t('admin.routing.addCondition')}</Button>
    </Stack>
  );
}
