import { Badge, Code, Switch, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format';
import { PERMISSIONS, type ApiKeyRow } from '../../components/admin/admin-types';
import { CrudPage } from '../../components/admin/CrudPage';
import { SecretNotice } from '../../components/admin/SecretNotice';
import { useWorkerOptions } from '../../components/admin/use-options';

/** API keys: create (the key is shown once), scope, revoke. Keys are never edited: revoke and create a new one. */
export function ApiKeysPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const workers = useWorkerOptions();
  const [secret, setSecret] = useState<string | null>(null);
  const [revoked, setRevoked] = useState(false);
  return (
    <CrudPage<ApiKeyRow> path="/api-keys" query={revoked ? 'revoked=true' : ''} title={t('admin.nav.apiKeys')} intro={t('admin.apiKeys.intro')} testId="admin-api-keys"
      rowName={(r) => r.name} editable={false} deletable={(r) => !r.revokedAt} deleteLabel={t('admin.apiKeys.revoke')}
      onCreated={(k) => setSecret((k as ApiKeyRow & { key: string }).key)}
      toolbar={<Switch label={t('admin.apiKeys.showRevoked')} checked={revoked} onChange={(e) => setRevoked(e.currentTarget.checked)} />}
      columns={[
        { key: 'name', label: t('admin.fields.name'), render: (r) => <>{r.name} {r.revokedAt && <Badge color="gray" variant="light" ml="xs">{t('admin.apiKeys.revoked')}</Badge>}</> },
        { key: 'prefix', label: t('admin.apiKeys.prefix'), render: (r) => <Code>{r.prefix}</Code> },
        { key: 'role', label: t('admin.apiKeys.role'), render: (r) => r.role },
        { key: 'scopes', label: t('admin.apiKeys.scopes'), render: (r) => <Text size="sm">{r.scopes.length ? r.scopes.join(', ') : t('admin.apiKeys.allOfRole')}</Text> },
        { key: 'used', label: t('admin.apiKeys.lastUsed'), render: (r) => (r.lastUsedAt ? fmt.dateTime(r.lastUsedAt) : t('admin.apiKeys.never')) },
      ]}
      fields={[
        { name: 'name', label: t('admin.fields.name'), kind: 'text', required: true },
        { name: 'role', label: t('admin.apiKeys.kind'), kind: 'select', clearable: true, description: t('admin.apiKeys.kindHelp'), options: [{ value: 'plugin', label: t('admin.apiKeys.pluginKey') }] },
        { name: 'workerId', label: t('admin.apiKeys.worker'), kind: 'select', numeric: true, clearable: true, options: workers, description: t('admin.apiKeys.workerHelp') },
        { name: 'scopes', label: t('admin.apiKeys.scopes'), kind: 'multiselect', options: PERMISSIONS.map((p) => ({ value: p, label: p })), description: t('admin.apiKeys.scopesHelp') },
      ]}>
      <SecretNotice secret={secret} title={t('admin.apiKeys.keyTitle')} onClose={() => setSecret(null)} />
    </CrudPage>
  );
}
