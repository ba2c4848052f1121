import { Alert, Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { UpdateFeedback as Feedback } from './useTicketUpdate';

const COLORS = { saved: 'green', conflict: 'orange', error: 'red' } as const;

/** The outcome of a ticket change; a conflict offers Reload. */
export function UpdateFeedback({ feedback, onReload, onClose, testId }: { feedback: Feedback; onReload: () => void; onClose: () => void; testId: string }) {
  const { t } = useTranslation();
  if (!feedback) return null;
  return (
    <Alert color={COLORS[feedback.kind]} data-testid={testId} withCloseButton closeButtonLabel={t('ticket.dismiss')} onClose={onClose} p="xs">
      {feedback.text}
      {feedback.kind === 'conflict' && (
        <Button size="xs" mt="xs" variant="white" color="orange" onClick={onReload} data-testid="reload-ticket" display="block">{t('ticket.reload')}</Button>
      )}
    </Alert>
  );
}
