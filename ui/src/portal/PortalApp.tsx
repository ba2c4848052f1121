import { Center, Loader } from '@mantine/core';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { useLiveTicketEvents } from '../live';
import { PortalShell } from './components/PortalShell';
import { AccountPage } from './pages/AccountPage';
import { ForgotPage } from './pages/ForgotPage';
import { NewTicketPage } from './pages/NewTicketPage';
import { RegisterPage } from './pages/RegisterPage';
import { ResetPage } from './pages/ResetPage';
import { SignInPage } from './pages/SignInPage';
import { TicketPage } from './pages/TicketPage';
import { TicketsPage } from './pages/TicketsPage';
import { TokenPage } from './pages/TokenPage';
import { usePortalMe } from './session';

/** Pages for signed-in customers; anyone else goes to sign in and comes back afterwards. */
function SignedIn({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const me = usePortalMe();
  const location = useLocation();
  // Replies and status changes arrive live (the stream filters what a customer may hear of).
  useLiveTicketEvents(Boolean(me.data));
  if (me.isPending) return <Center h="100vh"><Loader aria-label={t('portal.common.loading')} /></Center>;
  if (!me.data) return <Navigate to={`/signin?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <PortalShell me={me.data}>{children}</PortalShell>;
}

export function PortalApp() {
  const { t, i18n } = useTranslation();
  useEffect(() => { document.title = t('portal.title'); }, [t, i18n.language]);
  return (
    <Routes>
      <Route path="/signin" element={<SignInPage />} />
      <Route path="/register" element={<RegisterPage />} />
      <Route path="/forgot" element={<ForgotPage />} />
      <Route path="/reset" element={<ResetPage />} />
      <Route path="/verify" element={<TokenPage kind="verify" />} />
      <Route path="/magic" element={<TokenPage kind="magic" />} />
      <Route path="/" element={<SignedIn><TicketsPage /></SignedIn>} />
      <Route path="/tickets/:id" element={<SignedIn><TicketPage /></SignedIn>} />
      <Route path="/new" element={<SignedIn><NewTicketPage /></SignedIn>} />
      <Route path="/account" element={<SignedIn><AccountPage /></SignedIn>} />
      <Route path="*" element={<Navigate to="/" replace />} />
    </Routes>
  );
}
