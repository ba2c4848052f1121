import { Badge, Button, Group, List, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, getJson, type Page, type Ticket } from '../../api';
import { ProblemAlert } from './ProblemAlert';
import type { RoutingDecision } from './routing-types';
import { useTeams, useWorkers } from './use-options';

/** "Why would this ticket go where?": pick a ticket, see the rules evaluated in order, the match, and the candidates. */
export function DryRunPanel() {
  const { t } = useTranslation();
  const [ticketId, setTicketId] = useState<string | null>(null);
  const tickets = useQuery({
    // The 100 most recently updated tickets; the picker filters them as the admin types.
    queryKey: ['admin', 'dry-run-tickets'],
    queryFn: () => getJson<Page<Ticket>>('/tickets?limit=100&sort=-updatedAt'),
  });
  const run = useMutation({ mutationFn: () => api<RoutingDecision>('/routing-rules/dry-run', { method: 'POST', body: { ticketId: Number(ticketId) } }).then((r) => r.body) });
  const options = (tickets.data?.data ?? []).map((x) => ({ value: String(x.id), label: `#${x.number} ${x.subject}` }));
  return (
    <Paper withBorder p="md" data-testid="dry-run">
      <Stack>
        <Title order={3}>{t('admin.routing.dryRun.title')}</Title>
        <Text size="sm" c="gray.7">{t('admin.routing.dryRun.intro')}</Text>
        <Group align="flex-end">
          <Select label={t('admin.routing.dryRun.ticket')} searchable data={options} value={ticketId} onChange={setTicketId}
            nothingFoundMessage={t('admin.common.empty')} style={{ flex: 1, minWidth: 200 }} comboboxProps={{ withinPortal: true }} data-testid="dry-run-ticket" />
          <Button onClick={() => run.mutate()} disabled={!ticketId} loading={run.isPending} data-testid="dry-run-go">{t('admin.routing.dryRun.run')}</Button>
        </Group>
        <ProblemAlert error={run.error} />
        {run.data && <DryRunResult decision={run.data} />}
      </Stack>
    </Paper>
  );
}

function DryRunResult({ decision }: { decision: RoutingDecision }) {
  const { t } = useTranslation();
  const teams = useTeams();
  const workers = useWorkers();
  const teamName = (id: number | null) => (id === null ? t('admin.routing.dryRun.noTeam') : teams.find((x) => x.id === id)?.name ?? `#${id}`);
  const workerName = (id: number) => workers.find((w) => w.id === id)?.name ?? `#${id}`;
  return (
    <Stack data-testid="dry-run-result">
      <Text fw={600} data-testid="dry-run-match">
        {decision.rule ? t('admin.routing.dryRun.matched', { name: decision.rule.name }) : t('admin.routing.dryRun.noMatch')}
        {' → '}{teamName(decision.requirements.teamId)} ({t(`admin.routing.outcomes.${decision.outcome}`, { defaultValue: decision.outcome })})
      </Text>
      {decision.taggingRules.length > 0 && <Text size="sm">{t('admin.routing.dryRun.tagging', { names: decision.taggingRules.map((r) => r.name).join(', ') })}</Text>}
      <Title order={4}>{t('admin.routing.dryRun.why')}</Title>
      {decision.evaluated.length === 0 && <Text size="sm" c="gray.7">{t('admin.routing.dryRun.noRules')}</Text>}
      {decision.evaluated.map((r) => (
        <Paper key={r.ruleId} withBorder p="xs" data-testid="dry-run-rule">
          <Group gap="xs"><Badge color={r.matched ? 'green' : 'gray'} variant="light">{r.matched ? t('admin.routing.dryRun.yes') : t('admin.routing.dryRun.no')}</Badge><Text size="sm" fw={500}>{r.name}</Text></Group>
          <List size="sm" mt={4}>
            {r.conditions.map((c, i) => (
              <List.Item key={i}>
                {c.matched ? '✓' : '✗'} {t(`admin.routing.fields.${c.condition.field}`)} {t(`admin.routing.ops.${c.condition.op}`)}{' '}
                {JSON.stringify(c.condition.values ?? c.condition.value ?? '')} — {t('admin.routing.dryRun.actual', { value: JSON.stringify(c.actual) })}
              </List.Item>
            ))}
            {r.conditions.length === 0 && <List.Item>{t('admin.routing.always')}</List.Item>}
          </List>
        </Paper>
      ))}
      {decision.candidates.length > 0 && (
        <>
          <Title order={4}>{t('admin.routing.dryRun.candidates')}</Title>
          <Table>
            <Table.Thead><Table.Tr><Table.Th>{t('admin.routing.dryRun.worker')}</Table.Th><Table.Th>{t('admin.routing.dryRun.rank')}</Table.Th><Table.Th>{t('admin.routing.dryRun.score')}</Table.Th><Table.Th>{t('admin.routing.dryRun.reasons')}</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {decision.candidates.map((c) => (
                <Table.Tr key={c.workerId}><Table.Td>{workerName(c.workerId)}</Table.Td><Table.Td>{c.rank ?? '—'}</Table.Td><Table.Td>{Math.round(c.score)}</Table.Td><Table.Td>{c.reasons.join('; ')}</Table.Td></Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Stack>
  );
}
