import { Button, Checkbox, Group, Loader, Stack, Switch, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CHANNELS, portalApi, type NotificationPrefs as Prefs } from '../portal-api';
import { problemMessage } from '../problem';
import classes from './portal.module.css';
import { PortalAlert, PortalNotice } from './PortalAlert';
import { PushToggle } from './PushToggle';

const KEY = ['me', 'notification-preferences'] as const;

/** GET/PUT /me/notification-preferences: channels, and which changes to hear about; plus this device's web push. */
export function NotificationPrefs() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const prefs = useQuery({ queryKey: KEY, queryFn: portalApi.notificationPrefs });
  const [draft, setDraft] = useState<Prefs | null>(null);
  useEffect(() => { if (prefs.data) setDraft(prefs.data); }, [prefs.data]);
  const save = useMutation({
    mutationFn: (p: Prefs) => portalApi.saveNotificationPrefs(p),
    onSuccess: (saved) => client.setQueryData(KEY, saved),
  });
  // Turning on push on this device also picks the web_push channel, saved at once.
  const pushOn = () => {
    if (!draft || draft.channels.includes('web_push')) return;
    const next = { ...draft, channels: [...draft.channels, 'web_push' as const] };
    setDraft(next);
    save.mutate(next);
  };
  return (
    <Stack data-testid="notification-prefs">
      <h2 className={classes.h2}>{t('portal.account.notifications.title')}</h2>
      {prefs.isPending ? <Loader aria-label={t('portal.common.loading')} /> : prefs.isError || !draft ? (
        <Text size="sm" c="gray.8">{prefs.isError ? (problemMessage(t, prefs.error) === t('portal.errors.notAvailable') ? t('portal.account.notifications.unavailable') : problemMessage(t, prefs.error)) : ''}</Text>
      ) : (
        <>
          <Checkbox.Group label={t('portal.account.notifications.channels')} value={draft.channels}
            onChange={(v) => { save.reset(); setDraft({ ...draft, channels: v as Prefs['channels'] }); }}>
            <Group mt="xs" gap="md">
              {CHANNELS.map((c) => <Checkbox key={c} value={c} label={t(`portal.account.notifications.${c}`)} data-testid={`channel-${c}`} />)}
            </Group>
          </Checkbox.Group>
          <Switch label={t('portal.account.notifications.statusUpdates')} checked={draft.statusUpdates}
            onChange={(e) => { save.reset(); setDraft({ ...draft, statusUpdates: e.currentTarget.checked }); }} />
          <Switch label={t('portal.account.notifications.replies')} checked={draft.replies}
            onChange={(e) => { save.reset(); setDraft({ ...draft, replies: e.currentTarget.checked }); }} />
          <PortalAlert error={save.error} />
          {save.isSuccess && <PortalNotice testId="prefs-saved">{t('portal.common.saved')}</PortalNotice>}
          <Group><Button onClick={() => save.mutate(draft)} loading={save.isPending} data-testid="prefs-save">{t('portal.common.save')}</Button></Group>
        </>
      )}
      <PushToggle onEnabled={pushOn} />
    </Stack>
  );
}
