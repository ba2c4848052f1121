import { ActionIcon, Anchor, Button, Divider, Group, Indicator, Loader, Popover, ScrollArea, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../format';
import { NotificationItem } from './notifications/NotificationItem';
import { useLatestNotifications, useMarkRead, useUnreadCount } from './notifications/notifications-data';

function BellIcon() {
  return (
    <svg width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}

/** Header bell: unread count, the latest notifications in a dropdown, mark read / mark all read. */
export function NotificationBell() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [opened, setOpened] = useState(false);
  const unread = useUnreadCount();
  const latest = useLatestNotifications(opened);
  const { one, all } = useMarkRead();
  const count = unread.data ?? 0;
  const items = latest.data?.data ?? [];

  return (
    <Popover opened={opened} onChange={setOpened} width={360} position="bottom-end" withinPortal shadow="md" trapFocus>
      <Indicator label={count > 99 ? '99+' : fmt.number(count)} size={18} disabled={count === 0} color="red.9" offset={4} data-testid="notification-count">
        <Popover.Target>
          <ActionIcon
            variant="subtle"
            color="gray.8"
            size="lg"
            onClick={() => setOpened((o) => !o)}
            aria-label={t('notifications.bell', { count, n: fmt.number(count) })}
            data-testid="notification-bell"
          >
            <BellIcon />
          </ActionIcon>
        </Popover.Target>
      </Indicator>
      <Popover.Dropdown data-testid="notification-dropdown" maw="calc(100vw - 16px)">
        <Group justify="space-between" mb="xs">
          <Text fw={600}>{t('notifications.title')}</Text>
          <Button size="compact-xs" variant="subtle" color="blue.9" c="blue.9" disabled={count === 0} loading={all.isPending}
            onClick={() => all.mutate(items.filter((n) => n.readAt === null).map((n) => n.id))} data-testid="notifications-read-all">
            {t('notifications.markAllRead')}
          </Button>
        </Group>
        {latest.isPending && <Loader size="sm" aria-label={t('notifications.loading')} />}
        {latest.error && <Text c="red.9" size="sm" role="alert">{t('notifications.error', { message: latest.error.message })}</Text>}
        {latest.isSuccess && items.length === 0 && <Text c="gray.7" size="sm">{t('notifications.empty')}</Text>}
        <ScrollArea.Autosize mah={360}>
          <Stack gap="sm">
            {items.map((n) => (
              <NotificationItem key={n.id} notification={n} onRead={(id) => one.mutate(id)} onOpen={() => setOpened(false)} reading={one.isPending && one.variables === n.id} />
            ))}
          </Stack>
        </ScrollArea.Autosize>
        <Divider my="xs" />
        <Anchor c="blue.9" component={Link} to="/notifications" size="sm" onClick={() => setOpened(false)}>{t('notifications.seeAll')}</Anchor>
      </Popover.Dropdown>
    </Popover>
  );
}
