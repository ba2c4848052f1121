import { Stack, Tabs, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BotReportPanel } from '../components/bot/BotReportPanel';
import { DateRangeBar } from '../components/stats/DateRangeBar';
import { MyStatsPanel } from '../components/stats/MyStatsPanel';
import { lastDays, type Range } from '../components/stats/stats-data';
import { TeamDashboard } from '../components/stats/TeamDashboard';
import { useCurrentWorker } from '../hooks/useCurrentWorker';

/** The agent's own metrics over a date range, and for supervisors (reports:read) the team dashboard and the chatbot report. */
export function StatsPage() {
  const { t } = useTranslation();
  const { can } = useCurrentWorker();
  const [range, setRange] = useState<Range>(() => lastDays(30));
  const [tab, setTab] = useState<string | null>('me');
  const invalid = range.from >= range.to ? t('stats.range.invalid') : undefined;
  return (
    <Stack data-testid="stats-page">
      <Title order={2}>{t('stats.title')}</Title>
      <DateRangeBar range={range} onChange={setRange} error={invalid} />
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="me">{t('stats.tabs.me')}</Tabs.Tab>
          {can('reports:read') && <Tabs.Tab value="team">{t('stats.tabs.team')}</Tabs.Tab>}
          {can('reports:read') && <Tabs.Tab value="bot" data-testid="stats-tab-bot">{t('bot.report.tab')}</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="me" pt="md">{!invalid && <MyStatsPanel range={range} />}</Tabs.Panel>
        {can('reports:read') && <Tabs.Panel value="team" pt="md">{!invalid && <TeamDashboard range={range} />}</Tabs.Panel>}
        {can('reports:read') && <Tabs.Panel value="bot" pt="md">{!invalid && <BotReportPanel range={range} />}</Tabs.Panel>}
      </Tabs>
    </Stack>
  );
}
