import { Alert, Badge, Button, Checkbox, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api';
import { ProblemAlert } from '../admin/ProblemAlert';
import { contrast } from '../admin/contrast';
import { ConfigForm, initialConfig } from './ConfigForm';
import { configErrors, withoutEmpty } from './config-errors';
import type { CatalogEntry } from './plugin-types';

type Props = { entry: CatalogEntry | null; onClose: () => void };

/** Install from the catalog: the admin approves each requested permission and fills in the settings. */
export function InstallDialog({ entry, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal className={contrast} opened={entry !== null} onClose={onClose} size="lg"
      title={entry ? t('plugins.install.title', { name: entry.name, version: entry.version }) : ''}>
      {entry && <InstallForm key={`${entry.source}:${entry.id}:${entry.version}`} entry={entry} onDone={onClose} />}
    </Modal>
  );
}

function InstallForm({ entry, onDone }: { entry: CatalogEntry; onDone: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [approved, setApproved] = useState<string[]>(entry.permissions);
  const [config, setConfig] = useState<Record<string, unknown>>(() => initialConfig(entry.configSchema));
  const install = useMutation({
    mutationFn: () => api('/plugins', { method: 'POST', body: { pluginId: entry.id, version: entry.version, source: entry.source, approvedPermissions: approved, config: withoutEmpty(config) } }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['plugins'] });
      onDone();
    },
  });
  const { fields, other } = configErrors(install.error);
  const refusal = install.error instanceof ApiError && install.error.problem.code ? install.error.problem.code : null;
  return (
    <Stack>
      <Text size="sm">{entry.description}</Text>
      <Group gap="xs">
        <Badge variant="light">{t('plugins.catalog.publisher', { publisher: entry.publisher })}</Badge>
        {entry.channels.map((c) => <Badge key={c} variant="outline">{c}</Badge>)}
      </Group>
      <Title order={4}>{t('plugins.install.permissions')}</Title>
      <Text size="sm" c="gray.7">{t('plugins.install.permissionsHelp')}</Text>
      {entry.permissions.length === 0 && <Text size="sm">{t('plugins.install.noPermissions')}</Text>}
      {entry.permissions.map((p) => (
        <Checkbox key={p} data-testid={`approve-${p}`} label={`${t(`plugins.permissions.${p.replace(':', '_')}` as 'plugins.permissions.inbound_submit')} (${p})`} checked={approved.includes(p)}
          onChange={(e) => setApproved(e.currentTarget.checked ? [...approved, p] : approved.filter((x) => x !== p))} />
      ))}
      {approved.length < entry.permissions.length && <Alert color="yellow">{t('plugins.install.partial')}</Alert>}
      <Title order={4}>{t('plugins.install.settings')}</Title>
      <ConfigForm schema={entry.configSchema} value={config} onChange={setConfig} errors={fields} />
      {refusal && <Alert color="red" role="alert" title={t('plugins.install.refused')}>{t(`plugins.refusal.${refusal}` as 'plugins.refusal.package_unsigned', { defaultValue: install.error?.message })}</Alert>}
      {!refusal && <ProblemAlert error={install.error} extra={other} />}
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>{t('plugins.actions.cancel')}</Button>
        <Button onClick={() => install.mutate()} loading={install.isPending} disabled={!entry.compatible} data-testid="plugin-install-confirm">{t('plugins.actions.install')}</Button>
      </Group>
    </Stack>
  );
}
