import { AppShell, Center, Loader } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, Navigate, Route, Routes } from 'react-router';
import { api, ApiError, getJson, type Me } from './api';
import { useLiveTicketEvents } from './live';
import { AppHeader } from './components/shell/AppHeader';
import { forgetSession, useSessionWatch, type SessionMe } from './components/account/session';
import { AccountPage } from './pages/AccountPage';
import { LoginPage } from './pages/LoginPage';
import { NotificationsPage } from './pages/NotificationsPage';
import { QueuePage } from './pages/QueuePage';

// The admin console, the charts and the rich-text editor are big and not needed to show the queue: loaded on first visit.
const AdminPage = lazy(() => import('./pages/admin/AdminPage').then((m) => ({ default: m.AdminPage })));
const TicketPage = lazy(() => import('./pages/TicketPage').then((m) => ({ default: m.TicketPage })));
const StatsPage = lazy(() => import('./pages/StatsPage').then((m) => ({ default: m.StatsPage })));

/** Who is signed in: null when the session is missing or over (401). */
export function useMe() {
  const client = useQueryClient();
  return useQuery({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        return await getJson<Me & SessionMe>('/me');
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) {
          forgetSession(client);
          return null;
        }
        throw err;
      }
    },
    staleTime: Infinity,
  });
}

export function App() {
  const me = useMe();
  const client = useQueryClient();
  const signedIn = !!me.data;
  const live = useLiveTicketEvents(signedIn);
  useSessionWatch(me.data);
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
  if (!me.data) return <LoginPage />;

  return (
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header>
        <AppHeader me={me.data} live={live} onLogout={() => logout.mutate()} loggingOut={logout.isPending} />
      </AppShell.Header>
      <AppShell.Main>
        <Suspense fallback={<Center mih={200}><Loader /></Center>}>
        <Routes>
          <Route path="/" element={<QueuePage />} />
          <Route path="/tickets/:id" element={<TicketPage />} />
          <Route path="/stats" element={<StatsPage />} />
          <Route path="/notifications" element={<NotificationsPage />} />
          <Route path="/account" element={<AccountPage />} />
          <Route path="/admin/*" element={<AdminPage />} />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
