import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CalendarRow, WeeklyHours } from '../../components/admin/admin-types';
import { CrudPage } from '../../components/admin/CrudPage';
import { WeeklyHoursEditor } from '../../components/admin/WeeklyHoursEditor';

const OFFICE_HOURS: WeeklyHours = Object.fromEntries(['1', '2', '3', '4', '5'].map((d) => [d, [{ start: '09:00', end: '17:00' }]]));

/** Business-hours calendars (SLA clocks and team shifts run in them); holidays as dates. Team calendars are set on the team. */
export function CalendarsPage() {
  const { t } = useTranslation();
  const summary = (r: CalendarRow) => Object.entries(r.weeklyHours).filter(([, w]) => w && w.length).map(([d]) => t(`admin.calendars.short.${d}`)).join(' ');
  return (
    <CrudPage<CalendarRow> path="/calendars" title={t('admin.nav.calendars')} intro={t('admin.calendars.intro')} testId="admin-calendars" versioned
      rowName={(r) => r.name} defaults={{ timeZone: 'UTC', weeklyHours: OFFICE_HOURS, holidays: [] }} deletable={(r) => !r.inUse}
      columns={[
        { key: 'name', label: t('admin.fields.name'), render: (r) => <>{r.name} {r.inUse && <Badge variant="light" ml="xs">{t('admin.calendars.inUse')}</Badge>}</> },
        { key: 'tz', label: t('admin.calendars.timeZone'), render: (r) => r.timeZone },
        { key: 'days', label: t('admin.calendars.days.label'), render: summary },
        { key: 'holidays', label: t('admin.calendars.holidays'), render: (r) => r.holidays.length },
      ]}
      fields={[
        { name: 'name', label: t('admin.fields.name'), kind: 'text', required: true },
        { name: 'timeZone', label: t('admin.calendars.timeZone'), kind: 'text', required: true, description: t('admin.calendars.timeZoneHelp') },
        { name: 'weeklyHours', label: t('admin.calendars.weeklyHours'), kind: 'custom', empty: {},
          render: ({ value, onChange, errors }) => <WeeklyHoursEditor value={(value ?? {}) as WeeklyHours} onChange={onChange} errors={errors} /> },
        { name: 'holidays', label: t('admin.calendars.holidays'), kind: 'list', description: t('admin.calendars.holidaysHelp') },
      ]} />
  );
}
