import { Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, getJson } from '../../api';
import { ProblemAlert } from '../admin/ProblemAlert';
import { contrast } from '../admin/contrast';
import type { CatalogEntry, InstalledPlugin } from './plugin-types';

/** Pick another catalog version; the host rolls back by itself if the new one fails its health check. */
export function UpgradeDialog({ plugin, onClose }: { plugin: InstalledPlugin | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal className={contrast} opened={plugin !== null} onClose={onClose} title={plugin ? t('plugins.upgrade.title', { name: plugin.name }) : ''}>
      {plugin && <UpgradeForm key={plugin.pluginId} plugin={plugin} onDone={onClose} />}
    </Modal>
  );
}

function UpgradeForm({ plugin, onDone }: { plugin: InstalledPlugin; onDone: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const versions = useQuery({
    queryKey: ['plugins', 'catalog', plugin.pluginId],
    queryFn: () => getJson<{ data: CatalogEntry[] }>(`/plugins/catalog?q=${encodeURIComponent(plugin.pluginId)}`),
  });
  const options = (versions.data?.data ?? []).filter((e) => e.id === plugin.pluginId && e.version !== plugin.version && e.compatible);
  const [choice, setChoice] = useState<string | null>(null);
  const picked = options.find((e) => `${e.source}|${e.version}` === choice);
  const upgrade = useMutation({
    mutationFn: () => api(`/plugins/${plugin.pluginId}/upgrade`, { method: 'POST', body: { version: picked!.version, source: picked!.source } }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['plugins'] });
      onDone();
    },
  });
  const added = picked ? picked.permissions.filter((p) => !plugin.grantedPermissions.includes(p)) : [];
  return (
    <Stack>
      <Text size="sm">{t('plugins.upgrade.current', { version: plugin.version })}</Text>
      {versions.data && options.length === 0 && <Text size="sm" c="gray.7">{t('plugins.upgrade.none')}</Text>}
      {options.length > 0 && (
        <Select label={t('plugins.upgrade.version')} data={options.map((e) => ({ value: `${e.source}|${e.version}`, label: `${e.version} (${e.sourceName})` }))}
          value={choice} onChange={setChoice} data-testid="plugin-upgrade-version" />
      )}
      {added.length > 0 && <Text size="sm" c="orange.9">{t('plugins.upgrade.newPermissions', { permissions: added.join(', ') })}</Text>}
      <Text size="xs" c="gray.7">{t('plugins.upgrade.rollbackHelp')}</Text>
      <ProblemAlert error={upgrade.error ?? versions.error} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>{t('plugins.actions.cancel')}</Button>
        <Button onClick={() => upgrade.mutate()} disabled={!picked} loading={upgrade.isPending}>{t('plugins.actions.upgrade')}</Button>
      </Group>
    </Stack>
  );
}
