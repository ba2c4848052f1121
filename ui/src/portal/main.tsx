// The customer portal's entry (served at /portal/*): built as its own page so agents' code never loads here.
import '@mantine/core/styles.css';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import '../i18n';
import { createQueryClient } from '../query-client';
import { ThemeProvider } from '../theme';
import { PortalApp } from './PortalApp';
import './portal.css';
import { handlePortalError } from './session';

const queryClient = createQueryClient(handlePortalError);

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
