import '@mantine/charts/styles.css';
import { BarChart, LineChart } from '@mantine/charts';
import { Alert, Loader, SimpleGrid, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ChartBox } from './ChartBox';
import { StatCard } from './StatCard';
import { useMyStats, type Range } from './stats-data';
import { useStatsFormat } from './useStatsFormat';

/** The signed-in worker's own figures over the range: totals, then counts and medians per period. */
export function MyStatsPanel({ range }: { range: Range }) {
  const { t } = useTranslation();
  const f = useStatsFormat();
  const stats = useMyStats(range);
  if (stats.isPending) return <Loader aria-label={t('stats.loading')} />;
  if (stats.error) return <Alert color="red" role="alert">{t('stats.error', { message: stats.error.message })}</Alert>;
  const { totals, data } = stats.data;
  const rows = data.map((d) => ({
    period: f.period(d.period),
    firstResponses: d.firstResponses,
    solved: d.solved,
    firstResponseHours: f.hours(d.firstResponseMedianMs),
    resolutionHours: f.hours(d.resolutionMedianMs),
  }));
  const empty = rows.length === 0 ? t('stats.noData') : null;
  return (
    <Stack data-testid="my-stats">
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }}>
        <StatCard label={t('stats.firstResponses')} value={f.number(totals.firstResponses)} testId="stat-first-responses" />
        <StatCard label={t('stats.solved')} value={f.number(totals.solved)} testId="stat-solved" />
        <StatCard label={t('stats.firstResponseMedian')} value={f.duration(totals.firstResponseMedianMs)} />
        <StatCard label={t('stats.resolutionMedian')} value={f.duration(totals.resolutionMedianMs)} />
        <StatCard label={t('stats.reopenRate')} value={f.percent(totals.reopenRate)} />
        <StatCard label={t('stats.csat')} value={f.rating(totals.csatAverage)} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <ChartBox title={t('stats.chartWork')} empty={empty}>
          <BarChart h={240} data={rows} dataKey="period" withLegend
            series={[{ name: 'firstResponses', label: t('stats.firstResponses'), color: 'blue.7' }, { name: 'solved', label: t('stats.solved'), color: 'teal.7' }]} />
        </ChartBox>
        <ChartBox title={t('stats.chartTimes')} empty={empty}>
          <LineChart h={240} data={rows} dataKey="period" withLegend connectNulls unit={` ${t('stats.hoursUnit')}`}
            series={[{ name: 'firstResponseHours', label: t('stats.firstResponseMedian'), color: 'blue.7' }, { name: 'resolutionHours', label: t('stats.resolutionMedian'), color: 'grape.7' }]} />
        </ChartBox>
      </SimpleGrid>
    </Stack>
  );
}
