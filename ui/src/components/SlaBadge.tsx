import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../format';
import { useNow } from '../hooks/useNow';

/** A ticket's SLA state as the API returns it (`ticket.sla`); null when no SLA runs for the ticket. */
export type Sla = { nextDeadlineAt: string | null; breached: boolean };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Amber from here on: the contract's `due_soon` (next deadline within an hour). */
const DUE_SOON_MS = HOUR;

export type SlaState = 'none' | 'ok' | 'due_soon' | 'breached';

export function slaState(sla: Sla | null | undefined, now: number): SlaState {
  if (!sla) return 'none';
  if (sla.breached) return 'breached';
  if (!sla.nextDeadlineAt) return 'none';
  const left = Date.parse(sla.nextDeadlineAt) - now;
  if (left <= 0) return 'breached';
  return left <= DUE_SOON_MS ? 'due_soon' : 'ok';
}

/** "45 min", "3 h 5 min", "2 d" in the UI language. */
function useDuration() {
  const { t } = useTranslation();
  return (ms: number) => {
    const minutes = Math.max(1, Math.round(Math.abs(ms) / MINUTE));
    if (minutes < 60) return t('sla.minutes', { n: minutes });
    const hours = Math.floor(minutes / 60);
    if (hours < 48) return minutes % 60 ? t('sla.hours', { h: hours, m: minutes % 60 }) : t('sla.hoursOnly', { h: hours });
    return t('sla.days', { n: Math.floor(hours / 24) });
  };
}

/**
 * Countdown to the ticket's next SLA deadline: red when breached, amber within the last hour, neutral otherwise.
 * Colors are dark/light enough for WCAG AA text contrast.
 */
export function SlaBadge({ sla, size = 'sm' }: { sla: Sla | null | undefined; size?: 'xs' | 'sm' | 'md' }) {
  const { t } = useTranslation();
  const now = useNow();
  const fmt = useFormat();
  const duration = useDuration();
  const state = slaState(sla, now);
  if (state === 'none' || !sla) return <span data-testid="sla-badge" data-state="none" aria-label={t('sla.none')}>—</span>;
  const due = sla.nextDeadlineAt ? Date.parse(sla.nextDeadlineAt) : null;
  const label = state === 'breached'
    ? (due !== null && due < now ? t('sla.overdueBy', { time: duration(now - due) }) : t('sla.breached'))
    : t('sla.dueIn', { time: duration((due ?? now) - now) });
  const props = state === 'breached'
    ? { color: 'red.9', variant: 'filled' as const }
    : state === 'due_soon'
      ? { color: 'yellow.4', variant: 'filled' as const, c: 'dark.9' }
      : { color: 'gray.8', variant: 'outline' as const, c: 'gray.8' };
  return (
    <Badge
      size={size}
      tt="none"
      data-testid="sla-badge"
      data-state={state}
      title={sla.nextDeadlineAt ? t('sla.deadline', { date: fmt.dateTime(sla.nextDeadlineAt) }) : undefined}
      aria-label={`${t('sla.label')}: ${label}`}
      {...props}
    >
      {label}
    </Badge>
  );
}
