import { AppShell, Badge, Button, Center, Group, Loader, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Route, Routes } from 'react-router';
import { api, ApiError, getJson, type Me } from './api';
import { LanguageSwitcher } from './components/LanguageSwitcher';
import { useLiveTicketEvents } from './live';
import { NotificationBell } from './components/NotificationBell';
import { AccountPage } from './pages/AccountPage';
import { AdminPage } from './pages/admin/AdminPage';
import { LoginPage } from './pages/LoginPage';
import { NotificationsPage } from './pages/NotificationsPage';
import { QueuePage } from './pages/QueuePage';
import { StatsPage } from './pages/StatsPage';
import { TicketPage } from './pages/TicketPage';

/** Who is signed in: null when the session is missing or over (401). */
export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        return await getJson<Me>('/me');
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    staleTime: Infinity,
  });
}

export function App() {
  const { t } = useTranslation();
  const me = useMe();
  const client = useQueryClient();
  const signedIn = !!me.data;
  const live = useLiveTicketEvents(signedIn);
  const logout = useMutation({
    mutationFn: () => api('/auth/logout', { method: 'POST' }),
    onSettled: () => {
      client.clear();
      client.setQueryData(['me'], null);
    },
  });

  if (me.isPending) {
    return <Center h="100vh"><Loader /></Center>;
  }
  if (!signedIn) return <LoginPage />;

  return (
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group>
            <Title order={3}>{t('app.name')}</Title>
            <Button component={Link} to="/" variant="subtle">{t('app.queue')}</Button>
            <Button component={Link} to="/stats" variant="subtle">{t('app.stats')}</Button>
            {me.data?.permissions.includes('settings:write') && (
              <Button component={Link} to="/admin" variant="subtle">{t('app.admin')}</Button>
            )}
          </Group>
          <Group>
            <Badge color={live ? 'green' : 'gray'} variant="dot" data-testid="live-indicator">{live ? t('app.live') : t('app.offline')}</Badge>
            <NotificationBell />
            <Button component={Link} to="/account" variant="subtle">{me.data?.name}</Button>
            <LanguageSwitcher />
            <Button variant="default" onClick={() => logout.mutate()} loading={logout.isPending}>{t('app.logout')}</Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        <Routes>
          <Route path="/" element={<QueuePage />} />
          <Route path="/tickets/:id" element={<TicketPage />} />
          <Route path="/stats" element={<StatsPage />} />
          <Route path="/notifications" element={<NotificationsPage />} />
          <Route path="/account" element={<AccountPage />} />
          <Route path="/admin/*" element={<AdminPage />} />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      </AppShell.Main>
    </AppShell>
  );
}
