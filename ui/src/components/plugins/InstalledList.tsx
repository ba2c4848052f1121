import { Badge, Button, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, getJson } from '../../api';
import { ProblemAlert } from '../admin/ProblemAlert';
import { ConfigureDialog } from './ConfigureDialog';
import { LogsDrawer } from './LogsDrawer';
import { UpgradeDialog } from './UpgradeDialog';
import type { InstalledPlugin, PluginStatus } from './plugin-types';

const STATUS_COLOR: Record<PluginStatus, string> = {
  running: 'green', starting: 'blue', upgrading: 'blue', stopped: 'gray', unhealthy: 'orange', crash_loop: 'red', failed: 'red', uninstalled: 'gray',
};

/** Installed plugins with status, health and restarts (refreshed every 5 s) and their actions. */
export function InstalledList() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [configuring, setConfiguring] = useState<InstalledPlugin | null>(null);
  const [upgrading, setUpgrading] = useState<InstalledPlugin | null>(null);
  const [logsOf, setLogsOf] = useState<string | null>(null);
  const list = useQuery({ queryKey: ['plugins', 'installed'], queryFn: () => getJson<{ data: InstalledPlugin[] }>('/plugins'), refetchInterval: 5000 });
  const act = useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'enable' | 'disable' | 'uninstall' }) =>
      action === 'uninstall' ? api(`/plugins/${id}`, { method: 'DELETE' }) : api(`/plugins/${id}/${action}`, { method: 'POST' }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['plugins'] }),
  });
  const uninstall = (p: InstalledPlugin) => {
    if (window.confirm(t('plugins.actions.confirmUninstall', { name: p.name }))) act.mutate({ id: p.pluginId, action: 'uninstall' });
  };
  if (list.isLoading) return <Loader size="sm" aria-label={t('plugins.loading')} />;
  const rows = list.data?.data ?? [];
  return (
    <Stack>
      <ProblemAlert error={list.error ?? act.error} />
      {rows.length === 0 && <Text c="gray.7">{t('plugins.installed.empty')}</Text>}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={720}>
          <Table striped data-testid="installed-plugins">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('plugins.installed.plugin')}</Table.Th>
                <Table.Th>{t('plugins.installed.status')}</Table.Th>
                <Table.Th>{t('plugins.installed.health')}</Table.Th>
                <Table.Th>{t('plugins.installed.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((p) => (
                <Table.Tr key={p.pluginId} data-testid={`installed-${p.pluginId}`}>
                  <Table.Td>
                    <Text fw={600} size="sm">{p.name} <Text span c="gray.7" size="xs">{p.version}</Text></Text>
                    <Text size="xs" c="gray.7">{p.channels.join(', ')}{p.mode === 'external' ? ` · ${t('plugins.installed.external')}` : ''}</Text>
                    <Text size="xs" c="gray.7" style={{ wordBreak: 'break-all' }}>{t('plugins.installed.webhook', { url: p.webhookUrl })}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={STATUS_COLOR[p.status]} data-testid="plugin-status">{t(`plugins.status.${p.status}`)}</Badge>
                    {p.restarts > 0 && <Text size="xs">{t('plugins.installed.restarts', { count: p.restarts })}</Text>}
                    {p.lastError && <Text size="xs" c="red.8">{p.lastError}</Text>}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{t(`plugins.health.${p.health}` as 'plugins.health.serving', { defaultValue: p.health })}</Text>
                    {p.healthDetail && <Text size="xs" c="gray.7">{p.healthDetail}</Text>}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      <Button size="xs" variant="default" onClick={() => setConfiguring(p)} aria-label={t('plugins.actions.configureName', { name: p.name })}>{t('plugins.actions.configure')}</Button>
                      <Button size="xs" variant="default" onClick={() => setUpgrading(p)} aria-label={t('plugins.actions.upgradeName', { name: p.name })}>{t('plugins.actions.upgrade')}</Button>
                      <Button size="xs" variant="default" onClick={() => setLogsOf(p.pluginId)} aria-label={t('plugins.actions.logsName', { name: p.name })} data-testid="plugin-logs-open">{t('plugins.actions.logs')}</Button>
                      <Button size="xs" variant="default" onClick={() => act.mutate({ id: p.pluginId, action: p.enabled ? 'disable' : 'enable' })}>
                        {p.enabled ? t('plugins.actions.disable') : t('plugins.actions.enable')}
                      </Button>
                      <Button size="xs" color="red" variant="light" onClick={() => uninstall(p)} aria-label={t('plugins.actions.uninstallName', { name: p.name })}>{t('plugins.actions.uninstall')}</Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ConfigureDialog plugin={configuring} onClose={() => setConfiguring(null)} />
      <UpgradeDialog plugin={upgrading} onClose={() => setUpgrading(null)} />
      <LogsDrawer pluginId={logsOf} onClose={() => setLogsOf(null)} />
    </Stack>
  );
}
