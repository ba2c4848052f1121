import { ActionIcon, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { WeeklyHours } from './admin-types';
import { firstUnder, type FieldErrors } from './problem';

const DAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;

type Props = { value: WeeklyHours; onChange: (v: WeeklyHours) => void; errors: FieldErrors };

/** Business hours per ISO weekday (1 = Monday); each day any number of HH:MM windows, none = closed. */
export function WeeklyHoursEditor({ value, onChange, errors }: Props) {
  const { t } = useTranslation();
  const setDay = (d: (typeof DAYS)[number], windows: Array<{ start: string; end: string }>) => onChange({ ...value, [d]: windows });
  return (
    <Stack gap="xs" data-testid="weekly-hours">
      {DAYS.map((d) => {
        const windows = value[d] ?? [];
        return (
          <Group key={d} align="flex-start" wrap="wrap" gap="xs">
            <Text w={100} size="sm" pt={6}>{t(`admin.calendars.days.${d}`)}</Text>
            <Stack gap={4} style={{ flex: 1 }}>
              {windows.length === 0 && <Text size="sm" c="gray.7" pt={6}>{t('admin.calendars.closed')}</Text>}
              {windows.map((w, i) => (
                <Group key={i} gap="xs" wrap="nowrap">
                  <TextInput aria-label={t('admin.calendars.startOf', { day: t(`admin.calendars.days.${d}`) })} placeholder="09:00" w={90} value={w.start}
                    error={firstUnder(errors, `${d}.${i}.start`)} onChange={(e) => setDay(d, windows.map((x, j) => (j === i ? { ...x, start: e.currentTarget.value } : x)))} />
                  <Text size="sm">–</Text>
                  <TextInput aria-label={t('admin.calendars.endOf', { day: t(`admin.calendars.days.${d}`) })} placeholder="17:00" w={90} value={w.end}
                    error={firstUnder(errors, `${d}.${i}.end`)} onChange={(e) => setDay(d, windows.map((x, j) => (j === i ? { ...x, end: e.currentTarget.value } : x)))} />
                  <ActionIcon variant="subtle" color="red" aria-label={t('admin.calendars.removeWindow')} onClick={() => setDay(d, windows.filter((_, j) => j !== i))}>×</ActionIcon>
                </Group>
              ))}
            </Stack>
            <Button size="xs" variant="subtle" onClick={() => setDay(d, [...windows, { start: '09:00', end: '17:00' }])}
              aria-label={t('admin.calendars.addWindowTo', { day: t(`admin.calendars.days.${d}`) })}>+</Button>
          </Group>
        );
      })}
    </Stack>
  );
}
