import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format';

/** Durations, rates and ratings for the stats screens; null reads as "no data". */
export function useStatsFormat() {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const none = t('stats.none');
  return {
    number: fmt.number,
    duration: (ms: number | null) => {
      if (ms === null) return none;
      const minutes = Math.round(ms / 60_000);
      if (minutes < 60) return t('stats.minutes', { n: minutes });
      const hours = ms / 3_600_000;
      if (hours < 48) return t('stats.hours', { n: new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 }).format(hours) });
      return t('stats.days', { n: new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 }).format(hours / 24) });
    },
    percent: (r: number | null) => (r === null ? none : new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 1 }).format(r)),
    rating: (r: number | null) => (r === null ? none : new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 }).format(r)),
    /** Chart axis label of a period (YYYY-MM-DD): short date in the UI language. */
    period: (p: string) => new Intl.DateTimeFormat(i18n.language, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${p}T00:00:00Z`)),
    hours: (ms: number | null) => (ms === null ? null : Math.round((ms / 3_600_000) * 10) / 10),
  };
}
