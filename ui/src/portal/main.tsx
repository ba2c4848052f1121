// The customer portal's entry (served at /portal/*): built as its own page so agents' code never loads here.
import '@mantine/core/styles.css';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { ApiError } from '../api';
import '../i18n';
import { ThemeProvider } from '../theme';
import { PortalApp } from './PortalApp';
import './portal.css';
import { handlePortalError } from './session';

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: (err) => handlePortalError(queryClient, err) }),
  mutationCache: new MutationCache({ onError: (err) => handlePortalError(queryClient, err) }),
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      // A 4xx will not get better by asking again.
      retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
    },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ThemeProvider>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter basename="/portal">
          <PortalApp />
        </BrowserRouter>
      </QueryClientProvider>
    </ThemeProvider>
  </StrictMode>,
);
