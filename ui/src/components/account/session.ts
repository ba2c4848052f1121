/**
 * Session end and 2FA enforcement, seen from the UI: any 401 while signed in returns to the sign-in screen with
 * "your session ended"; a worker the workspace requires 2FA of is sent to the account page to set it up.
 */
import { useEffect } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import { skipToken, useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocation, useNavigate } from 'react-router';
import { ApiError, type Me } from '../../api';

export type SessionMe = Me & { twoFactorSetupRequired?: boolean; sessionExpiresAt?: string };

let notice: 'expired' | null = null;

/** The signed-in caller as App loaded it (read from the cache; App's useMe owns the fetching). */
export function useCurrentMe(): SessionMe | null | undefined {
  return useQuery<SessionMe | null>({ queryKey: ['me'], queryFn: skipToken, staleTime: Infinity }).data;
}

/** Read (and forget) why the user is at the sign-in screen. */
export function takeSessionNotice(): 'expired' | null {
  const n = notice;
  notice = null;
  return n;
}

/** Called by the query client for every failed query and mutation. */
export function handleApiError(client: QueryClient, err: unknown): void {
  if (!(err instanceof ApiError)) return;
  if (err.status === 401 && client.getQueryData(['me'])) endSession(client);
  else if (err.status === 403 && (err.problem as { code?: string }).code === 'two_factor_setup_required') void client.invalidateQueries({ queryKey: ['me'] });
}

/** Back to the sign-in screen; nothing of the old session's data stays cached. */
export function endSession(client: QueryClient): void {
  forgetSession(client);
  client.setQueryData(['me'], null);
}

/** GET /me answered 401: if someone was signed in, their session ended (the caller sets `me` to null). */
export function forgetSession(client: QueryClient): void {
  if (!client.getQueryData(['me'])) return;
  notice = 'expired';
  client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
}

/** While signed in: end the session when it expires, and send a worker who must set up 2FA to the account page. */
export function useSessionWatch(me: SessionMe | null | undefined): void {
  const client = useQueryClient();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const expiresAt = me?.sessionExpiresAt;
  useEffect(() => {
    if (!expiresAt) return undefined;
    // Ask the server once the session should be over (a timer beyond ~24 days would overflow; then the next 401 does it).
    const ms = Date.parse(expiresAt) - Date.now() + 1000;
    if (ms > 2_000_000_000) return undefined;
    const timer = setTimeout(() => void client.invalidateQueries({ queryKey: ['me'] }), Math.max(ms, 0));
    return () => clearTimeout(timer);
  }, [expiresAt, client]);
  const mustSetUp = me?.twoFactorSetupRequired === true;
  useEffect(() => {
    if (mustSetUp && pathname !== '/account') void navigate('/account?setup=2fa', { replace: true });
  }, [mustSetUp, pathname, navigate]);
}
