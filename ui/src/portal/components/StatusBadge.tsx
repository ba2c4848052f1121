import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { StatusCategory } from '../../api';

const COLORS: Record<StatusCategory, string> = { new: 'blue', open: 'blue', pending: 'orange', on_hold: 'gray', solved: 'green', closed: 'gray' };

/** A ticket's state in the customer's words (the category; the team's own status names are internal jargon). */
export function StatusBadge({ category }: { category: StatusCategory }) {
  const { t } = useTranslation();
  // Dark text on the light badge keeps WCAG AA contrast for every colour.
  return <Badge color={COLORS[category]} variant="light" c="dark.8" data-testid="ticket-status" data-category={category}>{t(`portal.status.${category}`)}</Badge>;
}
