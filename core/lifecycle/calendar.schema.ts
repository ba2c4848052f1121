import { IANAZone } from 'luxon';
import { z } from 'zod';

/** 'HH:MM' on a 24h clock; '24:00' is allowed as an end meaning "midnight at the end of the day". */
const TIME_OF_DAY = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const ISO_DATE = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/;

export const businessWindowSchema = z
  .object({
    start: z.string().regex(TIME_OF_DAY, { error: 'start must be HH:MM between 00:00 and 23:59' }),
    end: z.string().regex(TIME_OF_DAY, { error: 'end must be HH:MM between 00:00 and 24:00' }),
  })
  .strict()
  .refine((w) => w.start !== '24:00', { error: 'a window cannot start at 24:00', path: ['start'] })
  .refine((w) => w.start !== w.end, {
    error: 'start and end must differ (use 00:00-24:00 for a whole day; an end before the start runs overnight)',
    path: ['end'],
  });

const day = z.array(businessWindowSchema).optional();

/** ISO weekdays: 1 = Monday … 7 = Sunday. A missing or empty day has no business hours. */
export const weeklyHoursSchema = z
  .object({ '1': day, '2': day, '3': day, '4': day, '5': day, '6': day, '7': day })
  .strict();

export const calendarSchema = z
  .object({
    timeZone: z.string().refine((tz) => IANAZone.isValidZone(tz), {
      error: (issue) => `unknown IANA time zone ${JSON.stringify(issue.input)}`,
    }),
    weeklyHours: weeklyHoursSchema,
    holidays: z.array(z.string().regex(ISO_DATE, { error: 'holidays must be YYYY-MM-DD dates' })).default([]),
  })
  .strict()
  .refine((c) => Object.values(c.weeklyHours).some((windows) => (windows?.length ?? 0) > 0), {
    error: 'calendar has no business hours on any weekday',
    path: ['weeklyHours'],
  });

export type BusinessWindow = z.infer<typeof businessWindowSchema>;
export type WeeklyHours = z.infer<typeof weeklyHoursSchema>;
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;
/** A business calendar: weekly hours in `timeZone`, minus holiday dates (local to that zone). */
export type Calendar = z.infer<typeof calendarSchema>;
