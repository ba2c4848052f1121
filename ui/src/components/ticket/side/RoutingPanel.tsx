import { Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { getJson } from '../../../api';
import { useFormat } from '../../../format';
import { ticketKey, useTeams, useWorkerName } from '../queries';
import type { RoutingDecisionRow } from '../types';

/** Why the ticket went where it went: the latest routing decisions in words. */
export function RoutingPanel({ ticketId }: { ticketId: number }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const workerName = useWorkerName();
  const teams = useTeams();
  const routing = useQuery({
    queryKey: [...ticketKey(ticketId), 'routing'],
    queryFn: () => getJson<{ data: RoutingDecisionRow[] }>(`/tickets/${ticketId}/routing`),
  });
  if (routing.error) return <Text size="sm" c="red.8">{t('ticket.routing.error', { message: routing.error.message })}</Text>;
  const rows = (routing.data?.data ?? []).slice(0, 3);
  if (!rows.length) return <Text size="sm" c="dimmed">{t('ticket.routing.none')}</Text>;
  return (
    <Stack gap="xs" data-testid="routing">
      {rows.map((r) => {
        const team = teams.find((tm) => tm.id === r.teamId)?.name ?? (r.teamId === null ? t('ticket.noTeam') : `#${r.teamId}`);
        const worker = r.chosenWorkerId === null ? null : workerName(r.chosenWorkerId) ?? `#${r.chosenWorkerId}`;
        const eligible = r.decision.candidates.filter((c) => c.eligible).length;
        return (
          <div key={r.id}>
            <Text size="sm">
              {t(`ticket.routing.outcomes.${r.outcome}`, { defaultValue: r.outcome, team, worker })}
            </Text>
            <Text size="xs" c="gray.7">
              {r.decision.rule ? t('ticket.routing.byRule', { rule: r.decision.rule.name }) : t('ticket.routing.noRule')}
              {' · '}{t('ticket.routing.candidates', { eligible, total: r.decision.candidates.length })}
              {' · '}{fmt.dateTime(r.createdAt)}
            </Text>
          </div>
        );
      })}
    </Stack>
  );
}
