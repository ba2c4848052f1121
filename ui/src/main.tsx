import '@mantine/core/styles.css';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { ApiError } from './api';
import { App } from './App';
import { handleApiError } from './components/account/session';
import './i18n';
import { ThemeProvider } from './theme';

// Any 401 while signed in ends the session in the UI too (back to sign-in with a notice).
const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: (err) => handleApiError(queryClient, err) }),
  mutationCache: new MutationCache({ onError: (err) => handleApiError(queryClient, err) }),
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
        <BrowserRouter>
          <App />
        </BrowserRouter>
      </QueryClientProvider>
    </ThemeProvider>
  </StrictMode>,
);
