import { Group, SegmentedControl, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { lastDays, type GroupBy, type Range } from './stats-data';

const PRESETS = [7, 30, 90] as const;
const DAY = 86_400_000;

type Props = { range: Range; onChange: (r: Range) => void; error?: string | undefined };

/** Presets (last 7/30/90 days), a custom from/to (the "to" day included), and day or week grouping. */
export function DateRangeBar({ range, onChange, error }: Props) {
  const { t } = useTranslation();
  const preset = PRESETS.find((d) => { const p = lastDays(d); return p.from === range.from && p.to === range.to; });
  const lastDay = new Date(Date.parse(`${range.to}T00:00:00Z`) - DAY).toISOString().slice(0, 10);
  const setTo = (inclusive: string) => {
    const ms = Date.parse(`${inclusive}T00:00:00Z`);
    if (!Number.isNaN(ms)) onChange({ ...range, to: new Date(ms + DAY).toISOString().slice(0, 10) });
  };
  return (
    <Group gap="sm" align="flex-end" data-testid="stats-range">
      <SegmentedControl
        aria-label={t('stats.range.preset')}
        value={preset ? String(preset) : 'custom'}
        onChange={(v) => { if (v !== 'custom') onChange(lastDays(Number(v), range.groupBy)); }}
        data={[...PRESETS.map((d) => ({ value: String(d), label: t('stats.range.lastDays', { n: d }) })), { value: 'custom', label: t('stats.range.custom') }]}
      />
      <TextInput type="date" label={t('stats.range.from')} value={range.from} max={lastDay} onChange={(e) => e.currentTarget.value && onChange({ ...range, from: e.currentTarget.value })} size="xs" />
      <TextInput type="date" label={t('stats.range.to')} value={lastDay} min={range.from} onChange={(e) => e.currentTarget.value && setTo(e.currentTarget.value)} size="xs" error={error} />
      <SegmentedControl
        aria-label={t('stats.range.groupBy')}
        value={range.groupBy}
        onChange={(v) => onChange({ ...range, groupBy: v as GroupBy })}
        data={[{ value: 'day', label: t('stats.range.day') }, { value: 'week', label: t('stats.range.week') }]}
      />
    </Group>
  );
}
