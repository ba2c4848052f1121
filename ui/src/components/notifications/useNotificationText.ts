import { useTranslation } from 'react-i18next';
import type { AppNotification } from './notifications-data';

/** The kinds the UI words; server spellings vary (lifecycle `sla.breach`, `alert.assigned`; contract `sla_breach`). */
const KIND_ALIASES: Record<string, string> = {
  mention: 'mention',
  assignment: 'assignment', 'alert.assigned': 'assignment', assigned: 'assignment',
  sla_warning: 'sla_warning', 'sla.warning': 'sla_warning',
  sla_breach: 'sla_breach', 'sla.breach': 'sla_breach',
  customer_reply: 'customer_reply', 'alert.customer_reply': 'customer_reply',
  reopened: 'reopened', 'alert.reopened': 'reopened',
  low_csat: 'low_csat', 'alert.low_csat': 'low_csat',
  channel: 'escalation',
};
export type NotificationKind = 'mention' | 'assignment' | 'sla_warning' | 'sla_breach' | 'customer_reply' | 'reopened' | 'low_csat' | 'escalation' | 'other';

export const kindOf = (n: AppNotification) => (KIND_ALIASES[n.kind] ?? 'other') as NotificationKind;

const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);

/** Whether the payload names the ticket itself (lifecycle alerts do; mentions carry only the id). */
export const namesTicket = (n: AppNotification) => typeof (n.payload.ticket as { number?: unknown } | undefined)?.number === 'number';

/** A notification as one human sentence in the UI language, from its kind and payload (or the ticket looked up). */
export function useNotificationText() {
  const { t } = useTranslation();
  return (n: AppNotification, known?: { number: number; subject: string }) => {
    const ticket = (n.payload.ticket ?? {}) as Record<string, unknown>;
    const number = str(ticket.number) ?? str(n.payload.ticketNumber) ?? str(known?.number);
    const subject = str(ticket.subject) ?? str(n.payload.ticketSubject) ?? known?.subject;
    const ref = number
      ? subject ? t('notifications.ticketRefFull', { number, subject }) : t('notifications.ticketRef', { number })
      : n.ticketId !== null ? t('notifications.ticketId', { id: n.ticketId }) : t('notifications.aTicket');
    const kind = kindOf(n);
    switch (kind) {
      case 'mention': {
        const by = str(n.payload.byName) ?? t('notifications.someone');
        const excerpt = str(n.payload.excerpt);
        return excerpt ? t('notifications.kinds.mentionExcerpt', { by, ticket: ref, excerpt }) : t('notifications.kinds.mention', { by, ticket: ref });
      }
      case 'low_csat':
        return t('notifications.kinds.low_csat', { ticket: ref, rating: str(n.payload.rating) ?? '?' });
      default:
        return t(`notifications.kinds.${kind}`, { ticket: ref });
    }
  };
}
