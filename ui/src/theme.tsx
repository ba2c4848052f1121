import { createTheme, Drawer, MantineProvider, Modal } from '@mantine/core';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Mantine with our defaults. Dialogs' close buttons are icon-only, so they get a label in the UI language (axe:
 * "buttons must have discernible text"); the theme is rebuilt when the language changes.
 */
export function ThemeProvider({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const theme = useMemo(() => {
    const closeButtonProps = { 'aria-label': t('app.close') };
    return createTheme({
      components: {
        Modal: Modal.extend({ defaultProps: { closeButtonProps } }),
        Drawer: Drawer.extend({ defaultProps: { closeButtonProps } }),
      },
    });
    // Rebuilt per language: `t` itself is stable across language changes.
  }, [i18n.language]);
  return <MantineProvider theme={theme} defaultColorScheme="light">{children}</MantineProvider>;
}
