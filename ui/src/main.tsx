import '@mantine/core/styles.css';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './App';
import { handleApiError } from './components/account/session';
import './i18n';
import { createQueryClient } from './query-client';
import { ThemeProvider } from './theme';

// Any 401 while signed in ends the session in the UI too (back to sign-in with a notice).
const queryClient = createQueryClient(handleApiError);

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
