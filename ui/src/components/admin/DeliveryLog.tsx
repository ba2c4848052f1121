import { Badge, Button, Code, Group, Loader, Paper, Select, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, getJson } from '../../api';
import { useFormat } from '../../format';
import type { DeliveryDetail, DeliveryRow, WebhookRow } from './admin-types';
import { ProblemAlert } from './ProblemAlert';
import { useAdminList } from './use-admin-list';

const COLORS = { pending: 'yellow', succeeded: 'green', failed: 'red' } as const;

/** A webhook's deliveries, newest first: status, attempts, payload and responses; ping and replay. */
export function DeliveryLog({ webhook }: { webhook: WebhookRow }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const client = useQueryClient();
  const [status, setStatus] = useState<string | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  const path = `/webhooks/${webhook.id}/deliveries`;
  const list = useAdminList<DeliveryRow>(path, status ? `status=${status}` : '', 25);
  const refresh = () => client.invalidateQueries({ queryKey: ['admin', path] });
  const ping = useMutation({ mutationFn: () => api(`/webhooks/${webhook.id}/ping`, { method: 'POST' }), onSuccess: refresh });
  const replay = useMutation({ mutationFn: (id: number) => api(`${path}/${id}/replay`, { method: 'POST' }), onSuccess: refresh });
  return (
    <Stack data-testid="delivery-log">
      <Group justify="space-between" align="flex-end">
        <Select label={t('admin.webhooks.status')} clearable w={180} value={status} onChange={setStatus} comboboxProps={{ withinPortal: true }}
          data={(['pending', 'succeeded', 'failed'] as const).map((s) => ({ value: s, label: t(`admin.webhooks.statuses.${s}`) }))} />
        <Group>
          <Button variant="default" onClick={() => void refresh()}>{t('admin.common.refresh')}</Button>
          <Button onClick={() => ping.mutate()} loading={ping.isPending} data-testid="webhook-ping">{t('admin.webhooks.ping')}</Button>
        </Group>
      </Group>
      <ProblemAlert error={ping.error ?? replay.error} />
      {list.isPending ? <Loader aria-label={t('admin.common.loading')} /> : list.rows.length === 0 ? <Text c="gray.7">{t('admin.webhooks.noDeliveries')}</Text> : (
        <Table>
          <Table.Thead><Table.Tr><Table.Th>{t('admin.webhooks.event')}</Table.Th><Table.Th>{t('admin.webhooks.status')}</Table.Th><Table.Th>{t('admin.webhooks.attempts')}</Table.Th><Table.Th>{t('admin.webhooks.when')}</Table.Th><Table.Th /></Table.Tr></Table.Thead>
          <Table.Tbody>
            {list.rows.map((d) => (
              <Table.Tr key={d.id} data-testid="delivery-row">
                <Table.Td>{d.event.type}{d.replayOf && <Text size="xs" c="gray.7">{t('admin.webhooks.replayOf', { id: d.replayOf })}</Text>}</Table.Td>
                <Table.Td><Badge color={COLORS[d.status]} variant="light">{t(`admin.webhooks.statuses.${d.status}`)}</Badge></Table.Td>
                <Table.Td>{d.attemptCount}</Table.Td>
                <Table.Td>{fmt.dateTime(d.createdAt)}</Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Button size="xs" variant="subtle" onClick={() => setOpen(open === d.id ? null : d.id)}>{t('admin.webhooks.details')}</Button>
                    <Button size="xs" variant="light" onClick={() => replay.mutate(d.id)} loading={replay.isPending && replay.variables === d.id}>{t('admin.webhooks.replay')}</Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {open !== null && <DeliveryDetails path={`${path}/${open}`} />}
      {list.hasNextPage && <Button variant="default" onClick={() => list.fetchNextPage()}>{t('admin.common.more')}</Button>}
    </Stack>
  );
}

function DeliveryDetails({ path }: { path: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const d = useQuery({ queryKey: ['admin', path], queryFn: () => getJson<DeliveryDetail>(path) });
  if (d.isPending) return <Loader aria-label={t('admin.common.loading')} />;
  if (d.error) return <ProblemAlert error={d.error} />;
  return (
    <Paper withBorder p="sm" data-testid="delivery-detail">
      <Stack gap="xs">
        {d.data.attempts.map((a) => (
          <Text size="sm" key={a.attempt}>
            {t('admin.webhooks.attemptLine', { n: a.attempt, at: fmt.dateTime(a.attemptedAt), code: a.statusCode ?? '—', ms: a.durationMs })}{a.error ? ` — ${a.error}` : ''}
          </Text>
        ))}
        <Code block style={{ maxHeight: 240, overflow: 'auto' }}>{JSON.stringify(d.data.payload, null, 2)}</Code>
      </Stack>
    </Paper>
  );
}
