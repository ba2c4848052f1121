import { Alert, Loader, Paper, ScrollArea, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { StatCard } from '../stats/StatCard';
import type { Range } from '../stats/stats-data';
import { useStatsFormat } from '../stats/useStatsFormat';
import { useBotReport } from './bot-api';

/** The chatbot report for the Stats page's range (reports:read): outcomes, deflection, top intents, unanswered questions. */
export function BotReportPanel({ range }: { range: Range }) {
  const { t } = useTranslation();
  const f = useStatsFormat();
  const report = useBotReport(range.from, range.to);
  if (report.error) return <Alert color="red" role="alert">{t('bot.report.error', { message: report.error.message })}</Alert>;
  if (!report.data) return <Loader aria-label={t('bot.report.loading')} />;
  const r = report.data;
  return (
    <Stack data-testid="bot-report">
      <Title order={3} size="h4">{t('bot.report.title')}</Title>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }}>
        <StatCard label={t('bot.report.deflectionRate')} value={f.percent(r.deflectionRate)} testId="bot-report-deflection" />
        <StatCard label={t('bot.report.conversations')} value={f.number(r.conversations)} testId="bot-report-conversations" />
        <StatCard label={t('bot.report.resolved')} value={f.number(r.resolved)} testId="bot-report-resolved" />
        <StatCard label={t('bot.report.handedOver')} value={f.number(r.handedOver)} testId="bot-report-handed-over" />
        <StatCard label={t('bot.report.abandoned')} value={f.number(r.abandoned)} testId="bot-report-abandoned" />
        <StatCard label={t('bot.report.active')} value={f.number(r.active)} testId="bot-report-active" />
      </SimpleGrid>
      <Text size="sm" c="gray.7">{t('bot.report.deflectionHelp')}</Text>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Paper withBorder p="sm">
          <Title order={4} size="h5" mb="xs">{t('bot.report.topIntents')}</Title>
          {r.topIntents.length === 0 ? <Text size="sm" c="gray.7">{t('bot.report.noIntents')}</Text> : (
            <Table data-testid="bot-report-intents">
              <Table.Thead><Table.Tr><Table.Th>{t('bot.report.intent')}</Table.Th><Table.Th ta="right">{t('bot.report.count')}</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {r.topIntents.map((i) => <Table.Tr key={i.intentId}><Table.Td>{i.name}</Table.Td><Table.Td ta="right">{f.number(i.count)}</Table.Td></Table.Tr>)}
              </Table.Tbody>
            </Table>
          )}
        </Paper>
        <Paper withBorder p="sm">
          <Title order={4} size="h5">{t('bot.report.unanswered')}</Title>
          <Text size="xs" c="gray.7" mb="xs">{t('bot.report.unansweredHelp')}</Text>
          {r.unanswered.length === 0 ? <Text size="sm" c="gray.7">{t('bot.report.noUnanswered')}</Text> : (
            <ScrollArea>
              <Table data-testid="bot-report-unanswered">
                <Table.Thead><Table.Tr><Table.Th>{t('bot.report.question')}</Table.Th><Table.Th ta="right">{t('bot.report.times')}</Table.Th></Table.Tr></Table.Thead>
                <Table.Tbody>
                  {r.unanswered.map((u) => <Table.Tr key={u.text}><Table.Td style={{ wordBreak: 'break-word' }}>{u.text}</Table.Td><Table.Td ta="right">{f.number(u.count)}</Table.Td></Table.Tr>)}
                </Table.Tbody>
              </Table>
            </ScrollArea>
          )}
        </Paper>
      </SimpleGrid>
    </Stack>
  );
}
