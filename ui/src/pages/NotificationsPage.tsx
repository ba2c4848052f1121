import { Alert, Button, Group, Loader, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NotificationItem } from '../components/notifications/NotificationItem';
import { useMarkRead, useNotificationPages, useUnreadCount } from '../components/notifications/notifications-data';

/** All of the worker's notifications, newest first, a page at a time; optionally unread only. */
export function NotificationsPage() {
  const { t } = useTranslation();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const pages = useNotificationPages(unreadOnly);
  const unread = useUnreadCount();
  const { one, all } = useMarkRead();
  const items = pages.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <Stack maw={860}>
      <Group justify="space-between">
        <Title order={2}>{t('notifications.title')}</Title>
        <Group>
          <Switch label={t('notifications.unreadOnly')} checked={unreadOnly} onChange={(e) => setUnreadOnly(e.currentTarget.checked)} data-testid="notifications-unread-only" />
          <Button variant="default" size="xs" disabled={!unread.data} loading={all.isPending}
            onClick={() => all.mutate(items.filter((n) => n.readAt === null).map((n) => n.id))}>
            {t('notifications.markAllRead')}
          </Button>
        </Group>
      </Group>
      {pages.error && <Alert color="red" role="alert">{t('notifications.error', { message: pages.error.message })}</Alert>}
      {pages.isPending && <Loader aria-label={t('notifications.loading')} />}
      {pages.isSuccess && items.length === 0 && <Text c="gray.7">{t('notifications.empty')}</Text>}
      <Stack gap="xs" data-testid="notifications-list">
        {items.map((n) => (
          <Paper key={n.id} withBorder p="sm">
            <NotificationItem notification={n} onRead={(id) => one.mutate(id)} reading={one.isPending && one.variables === n.id} />
          </Paper>
        ))}
      </Stack>
      {pages.hasNextPage && (
        <Button variant="default" onClick={() => void pages.fetchNextPage()} loading={pages.isFetchingNextPage} data-testid="notifications-more">
          {t('notifications.loadMore')}
        </Button>
      )}
    </Stack>
  );
}
