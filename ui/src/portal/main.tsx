// The customer portal's entry (served at /portal/*): built as its own page so agents' code never loads here.
import '@mantine/core/styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../i18n';
import { ThemeProvider } from '../theme';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ThemeProvider>
      <main>Portal</main>
    </ThemeProvider>
  </StrictMode>,
);
