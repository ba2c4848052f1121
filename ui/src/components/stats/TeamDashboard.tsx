import '@mantine/charts/styles.css';
import { BarChart, LineChart } from '@mantine/charts';
import { Alert, Loader, ScrollArea, SimpleGrid, Stack, Table, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ChartBox } from './ChartBox';
import { useTeamReports, workerTotals, type Range } from './stats-data';
import { useStatsFormat } from './useStatsFormat';

/** Supervisors (reports:read): per-worker totals, tickets created vs solved, and the backlog per team right now. */
export function TeamDashboard({ range }: { range: Range }) {
  const { t } = useTranslation();
  const f = useStatsFormat();
  const { workers, tickets, backlog } = useTeamReports(range, true);
  const error = workers.error ?? tickets.error ?? backlog.error;
  if (error) return <Alert color="red" role="alert">{t('stats.error', { message: error.message })}</Alert>;
  if (!workers.data || !tickets.data || !backlog.data) return <Loader aria-label={t('stats.loading')} />;
  const perWorker = workerTotals(workers.data.data);
  const ticketRows = tickets.data.data.map((r) => ({ period: f.period(r.period), created: r.created, solved: r.solved }));
  const teams = backlog.data.data.map((b) => ({ ...b, teamName: b.teamId === null ? t('stats.noTeam') : b.teamName }));
  return (
    <Stack data-testid="team-dashboard">
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <ChartBox title={t('stats.team.createdSolved')} empty={ticketRows.length ? null : t('stats.noData')}>
          <LineChart h={240} data={ticketRows} dataKey="period" withLegend
            series={[{ name: 'created', label: t('stats.team.created'), color: 'blue.7' }, { name: 'solved', label: t('stats.solved'), color: 'teal.7' }]} />
        </ChartBox>
        <ChartBox title={t('stats.team.backlog')} empty={teams.length ? null : t('stats.noData')}>
          <BarChart h={240} data={teams} dataKey="teamName" withLegend
            series={[
              { name: 'open', label: t('stats.team.open'), color: 'blue.7' },
              { name: 'unassigned', label: t('stats.team.unassigned'), color: 'gray.7' },
              { name: 'dueSoon', label: t('stats.team.dueSoon'), color: 'yellow.7' },
              { name: 'breached', label: t('stats.team.breached'), color: 'red.8' },
            ]} />
        </ChartBox>
      </SimpleGrid>
      <Title order={3} size="h4">{t('stats.team.workers')}</Title>
      <ScrollArea>
        <Table striped miw={640} data-testid="team-workers">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('stats.team.worker')}</Table.Th>
              <Table.Th>{t('stats.firstResponses')}</Table.Th>
              <Table.Th>{t('stats.solved')}</Table.Th>
              <Table.Th>{t('stats.team.firstResponseAvg')}</Table.Th>
              <Table.Th>{t('stats.team.resolutionAvg')}</Table.Th>
              <Table.Th>{t('stats.reopenRate')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {perWorker.length === 0 && <Table.Tr><Table.Td colSpan={6}>{t('stats.noData')}</Table.Td></Table.Tr>}
            {perWorker.map((w) => (
              <Table.Tr key={w.workerId}>
                <Table.Td>{w.workerName}</Table.Td>
                <Table.Td>{f.number(w.firstResponses)}</Table.Td>
                <Table.Td>{f.number(w.solved)}</Table.Td>
                <Table.Td>{f.duration(w.firstResponseMs)}</Table.Td>
                <Table.Td>{f.duration(w.resolutionMs)}</Table.Td>
                <Table.Td>{f.percent(w.reopenRate)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
      <Title order={3} size="h4">{t('stats.team.backlog')}</Title>
      <ScrollArea>
        <Table striped miw={520} data-testid="team-backlog">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('stats.team.team')}</Table.Th>
              <Table.Th>{t('stats.team.open')}</Table.Th>
              <Table.Th>{t('stats.team.unassigned')}</Table.Th>
              <Table.Th>{t('stats.team.dueSoon')}</Table.Th>
              <Table.Th>{t('stats.team.breached')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {teams.map((b) => (
              <Table.Tr key={b.teamId ?? 'none'}>
                <Table.Td>{b.teamName}</Table.Td>
                <Table.Td>{f.number(b.open)}</Table.Td>
                <Table.Td>{f.number(b.unassigned)}</Table.Td>
                <Table.Td>{f.number(b.dueSoon)}</Table.Td>
                <Table.Td>{f.number(b.breached)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
    </Stack>
  );
}
