import { Paper, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { priorityKey, resolveForPriority, SLA_METRICS, type SlaPolicyRow } from './sla-types';
import { usePriorities } from './use-options';

/** What a ticket of each priority gets (the first SLA policy admitting it); policies with other conditions are listed as "unless". */
export function TargetsPreview({ policies }: { policies: SlaPolicyRow[] }) {
  const { t } = useTranslation();
  const priorities = usePriorities();
  const fmt = (m?: number) => (m === undefined ? '—' : m % 60 === 0 ? t('admin.sla.hoursShort', { n: m / 60 }) : t('admin.sla.minutesShort', { n: m }));
  return (
    <Paper withBorder p="md" data-testid="sla-preview">
      <Stack gap="xs">
        <Title order={3}>{t('admin.sla.preview.title')}</Title>
        <Text size="sm" c="gray.7">{t('admin.sla.preview.intro')}</Text>
        <ScrollArea type="auto">
          <Table miw={560}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('admin.sla.preview.priority')}</Table.Th>
                <Table.Th>{t('admin.sla.preview.policy')}</Table.Th>
                {SLA_METRICS.map((m) => <Table.Th key={m}>{t(`admin.sla.metrics.${m}`)}</Table.Th>)}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {[...priorities].sort((a, b) => b.rank - a.rank).map((p) => {
                const { policy, conditional } = resolveForPriority(policies, priorityKey(p.name));
                return (
                  <Table.Tr key={p.id} data-testid="sla-preview-row">
                    <Table.Td>{p.name}</Table.Td>
                    <Table.Td>
                      {policy?.name ?? t('admin.sla.preview.none')}
                      {conditional.length > 0 && <Text size="xs" c="gray.7">{t('admin.sla.preview.unless', { names: conditional.map((c) => c.name).join(', ') })}</Text>}
                    </Table.Td>
                    {SLA_METRICS.map((m) => <Table.Td key={m}>{fmt(policy?.targets[m])}</Table.Td>)}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      </Stack>
    </Paper>
  );
}
