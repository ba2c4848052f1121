import { Alert } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../problem';

/** A failed request as one localized sentence (role=alert, so screen readers announce it). */
export function PortalAlert({ error, children }: { error: unknown; children?: ReactNode }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <Alert color="red" role="alert" data-testid="portal-error" variant="light">
      {problemMessage(t, error)}
      {children}
    </Alert>
  );
}

/** A success message that screen readers announce politely. */
export function PortalNotice({ children, testId, warn }: { children: ReactNode; testId?: string; warn?: boolean }) {
  return <Alert color={warn ? 'orange' : 'green'} variant="light" role="status" data-testid={testId ?? 'portal-notice'}>{children}</Alert>;
}
