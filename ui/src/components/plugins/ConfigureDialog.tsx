import { Button, Group, Modal, Stack } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { ProblemAlert } from '../admin/ProblemAlert';
import { contrast } from '../admin/contrast';
import { ConfigForm, initialConfig } from './ConfigForm';
import { configErrors, withoutEmpty } from './config-errors';
import type { InstalledPlugin } from './plugin-types';

/** Change an installed plugin's settings; stored secrets are never shown, an empty secret input keeps them. */
export function ConfigureDialog({ plugin, onClose }: { plugin: InstalledPlugin | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal className={contrast} opened={plugin !== null} onClose={onClose} size="lg" title={plugin ? t('plugins.configure.title', { name: plugin.name }) : ''}>
      {plugin && <ConfigureForm key={plugin.pluginId} plugin={plugin} onDone={onClose} />}
    </Modal>
  );
}

function ConfigureForm({ plugin, onDone }: { plugin: InstalledPlugin; onDone: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [config, setConfig] = useState<Record<string, unknown>>(() => initialConfig(plugin.configSchema, plugin.settings));
  const save = useMutation({
    mutationFn: () => api(`/plugins/${plugin.pluginId}/config`, { method: 'PUT', body: { config: withoutEmpty(config) } }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['plugins'] });
      onDone();
    },
  });
  const { fields, other } = configErrors(save.error);
  return (
    <Stack>
      <ConfigForm schema={plugin.configSchema} value={config} onChange={setConfig} errors={fields} secretsSet={plugin.secretsSet} />
      <ProblemAlert error={save.error} extra={other} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>{t('plugins.actions.cancel')}</Button>
        <Button onClick={() => save.mutate()} loading={save.isPending} data-testid="plugin-config-save">{t('plugins.actions.save')}</Button>
      </Group>
    </Stack>
  );
}
