import { Code, Drawer, Loader, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { getJson } from '../../api';
import { contrast } from '../admin/contrast';
import { ProblemAlert } from '../admin/ProblemAlert';

/** The plugin process's last 200 log lines, refreshed every few seconds while open. */
export function LogsDrawer({ pluginId, onClose }: { pluginId: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const narrow = useMediaQuery('(max-width: 48em)');
  const logs = useQuery({
    queryKey: ['plugins', 'logs', pluginId],
    queryFn: () => getJson<{ lines: string[] }>(`/plugins/${pluginId}/logs`),
    enabled: pluginId !== null,
    refetchInterval: 3000,
  });
  return (
    <Drawer className={contrast} opened={pluginId !== null} onClose={onClose} position="right" size={narrow ? '100%' : 'xl'} title={t('plugins.logs.title', { id: pluginId ?? '' })}>
      {logs.isLoading && <Loader size="sm" aria-label={t('plugins.loading')} />}
      <ProblemAlert error={logs.error} />
      {logs.data && logs.data.lines.length === 0 && <Text c="gray.7">{t('plugins.logs.empty')}</Text>}
      {logs.data && logs.data.lines.length > 0 && (
        <Code block data-testid="plugin-logs" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 12 }}>{logs.data.lines.join('\n')}</Code>
      )}
    </Drawer>
  );
}
