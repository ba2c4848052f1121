import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from './api';

/** The query client both pages use; `onError` sees every failed query and mutation (e.g. a 401 ends the session). */
export function createQueryClient(onError: (client: QueryClient, err: unknown) => void): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: (err) => onError(client, err) }),
    mutationCache: new MutationCache({ onError: (err) => onError(client, err) }),
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        // A 4xx will not get better by asking again.
        retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
      },
    },
  });
  return client;
}
