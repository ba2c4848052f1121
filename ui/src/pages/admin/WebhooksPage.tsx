import { Button, Drawer, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { EVENT_TYPES, type WebhookRow } from '../../components/admin/admin-types';
import { ActiveBadge } from '../../components/admin/cells';
import { CrudPage } from '../../components/admin/CrudPage';
import { DeliveryLog } from '../../components/admin/DeliveryLog';
import { SecretNotice } from '../../components/admin/SecretNotice';
import { contrast } from '../../components/admin/contrast';

/** Webhook subscriptions: create (secret shown once), rotate the secret, ping, and the delivery log with replay. */
export function WebhooksPage() {
  const { t } = useTranslation();
  const narrow = useMediaQuery('(max-width: 48em)');
  const [secret, setSecret] = useState<string | null>(null);
  const [logOf, setLogOf] = useState<WebhookRow | null>(null);
  const rotate = useMutation({
    mutationFn: (id: number) => api<{ secret: string }>(`/webhooks/${id}/rotate-secret`, { method: 'POST' }),
    onSuccess: (r) => setSecret(r.body.secret),
  });
  return (
    <CrudPage<WebhookRow> path="/webhooks" title={t('admin.nav.webhooks')} intro={t('admin.webhooks.intro')} testId="admin-webhooks" versioned
      rowName={(r) => r.url} defaults={{ eventTypes: ['*'] }}
      onCreated={(w) => setSecret((w as WebhookRow & { secret: string }).secret)}
      columns={[
        { key: 'url', label: t('admin.webhooks.url'), render: (r) => <Text size="sm" style={{ wordBreak: 'break-all' }}>{r.url}</Text> },
        { key: 'events', label: t('admin.webhooks.events'), render: (r) => r.eventTypes.map((e) => (e === '*' ? t('admin.webhooks.allEvents') : e)).join(', ') },
        { key: 'active', label: t('admin.fields.active'), render: (r) => <ActiveBadge active={r.active} /> },
      ]}
      fields={[
        { name: 'url', label: t('admin.webhooks.url'), kind: 'text', required: true, description: t('admin.webhooks.urlHelp') },
        { name: 'description', label: t('admin.webhooks.description'), kind: 'text' },
        { name: 'eventTypes', label: t('admin.webhooks.events'), kind: 'multiselect', required: true,
          options: EVENT_TYPES.map((e) => ({ value: e, label: e === '*' ? t('admin.webhooks.allEvents') : e })) },
        { name: 'active', label: t('admin.fields.active'), kind: 'switch', editOnly: true },
      ]}
      rowActions={(r) => (
        <>
          <Button size="xs" variant="default" onClick={() => setLogOf(r)} aria-label={t('admin.webhooks.deliveriesOf', { url: r.url })} data-testid="webhook-deliveries">{t('admin.webhooks.deliveries')}</Button>
          <Button size="xs" variant="default" loading={rotate.isPending && rotate.variables === r.id} onClick={() => rotate.mutate(r.id)} aria-label={t('admin.webhooks.rotateOf', { url: r.url })}>{t('admin.webhooks.rotate')}</Button>
        </>
      )}>
      {rotate.error && <Text c="red.8" role="alert">{rotate.error.message}</Text>}
      <SecretNotice secret={secret} title={t('admin.webhooks.secretTitle')} onClose={() => setSecret(null)} />
      <Drawer className={contrast} opened={logOf !== null} onClose={() => setLogOf(null)} position="right" size={narrow ? '100%' : 'xl'} title={t('admin.webhooks.deliveriesOf', { url: logOf?.url ?? '' })}>
        {logOf && <DeliveryLog webhook={logOf} />}
      </Drawer>
    </CrudPage>
  );
}
