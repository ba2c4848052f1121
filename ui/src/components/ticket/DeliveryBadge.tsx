import { Badge, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Delivery } from './types';

const COLOR: Record<Delivery['state'], string> = { queued: 'gray.8', sent: 'blue.9', delivered: 'green.9', read: 'green.9', failed: 'red.9' };

/** Where an outbound reply is on its channel (plugin or email): queued, sent, delivered, read or failed (with why). */
export function DeliveryBadge({ delivery }: { delivery: Delivery }) {
  const { t } = useTranslation();
  const badge = (
    <Badge variant="outline" color={COLOR[delivery.state]} c={COLOR[delivery.state]} size="sm" data-testid="entry-delivery" data-state={delivery.state}>
      {t(`ticket.delivery.${delivery.state}`)}
    </Badge>
  );
  if (delivery.state !== 'failed' || !delivery.error) return badge;
  return <Tooltip label={t('ticket.delivery.why', { reason: delivery.error.message ?? delivery.error.code ?? '' })}>{badge}</Tooltip>;
}
