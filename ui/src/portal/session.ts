/** Who is signed in to the portal: GET /me (a 401 means nobody); any later 401 ends the session in the UI too. */
import { useQuery, type QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api';
import { portalApi, type PortalMe } from './portal-api';

export const ME_KEY = ['me'] as const;

let ended = false;

/** The caller when a customer is signed in, null when nobody (or a worker: the portal is for customers). */
async function loadMe(): Promise<PortalMe | null> {
  try {
    const me = await portalApi.me();
    return me.kind === 'customer' ? me : null;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

export function usePortalMe() {
  return useQuery<PortalMe | null>({ queryKey: ME_KEY, queryFn: loadMe, staleTime: 60_000 });
}

/** For the query client's onError: a 401 while signed in means the session ended elsewhere (revoked, expired). */
export function handlePortalError(client: QueryClient, err: unknown): void {
  if (err instanceof ApiError && err.status === 401 && client.getQueryData(ME_KEY)) {
    ended = true;
    client.setQueryData(ME_KEY, null);
  }
}

/** Read (and forget) whether the sign-in screen should say the session ended. */
export function takeSessionEnded(): boolean {
  const was = ended;
  ended = false;
  return was;
}

/** After a successful sign-in: load the caller and drop whatever the previous session cached. */
export async function afterSignIn(client: QueryClient): Promise<void> {
  client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
  await client.fetchQuery({ queryKey: ME_KEY, queryFn: loadMe, staleTime: 0 });
}

/** After signing out: nobody is signed in, and nothing of the previous customer stays cached. */
export function afterSignOut(client: QueryClient): void {
  client.setQueryData(ME_KEY, null);
  client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
}
