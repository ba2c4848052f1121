import { calendarSchema } from '../../core/lifecycle/calendar.schema';
import { LanternError, notFound, validationError } from '../../core/errors';
import type { Actor } from '../../core/principal';
import type { CalendarView, CreateCalendarInput, UpdateCalendarInput } from '../../core/schemas/lifecycle.schema';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { rethrowStillReferenced, rethrowUniqueViolation } from '../db-errors';
import { keysetPage, type Page } from '../keyset';
import { lockRow } from '../row-lock';
import { commitPolicyChange, lockPolicy } from './policy-versions';

type CalendarRow = {
  id: number;
  name: string;
  time_zone: string;
  weekly_hours: CalendarView['weeklyHours'];
  holidays: string[];
  created_at: Date;
  updated_at: Date;
  version: number;
};

const UNIQUE = { calendars_name_unique: { path: 'name', message: 'another calendar has this name' } };
const ENTITY = 'calendar';

async function calendarInUse(db: Queryable): Promise<number> {
  const row = await db('lifecycle_settings').where({ id: 1 }).first('calendar_id');
  return row?.calendar_id as number;
}

function view(r: CalendarRow, inUseId: number): CalendarView {
  return {
    id: r.id, name: r.name, timeZone: r.time_zone, weeklyHours: r.weekly_hours, holidays: r.holidays, inUse: r.id === inUseId,
    createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(), version: r.version,
  };
}

/** Business hours must make sense as a whole (at least one window); field errors name the request's fields. */
function validCalendar(c: { timeZone: string; weeklyHours: unknown; holidays: unknown }) {
  const result = calendarSchema.safeParse(c);
  if (result.success) return result.data;
  throw validationError('The calendar is invalid', result.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message })));
}

export async function listCalendars(db: Queryable, query: { limit: number; cursor?: string | undefined }): Promise<Page<CalendarView>> {
  const page = await keysetPage<CalendarRow>(db('calendars').select('*'), { column: 'calendars.id', idColumn: 'calendars.id', value: 'id' }, query);
  const inUse = await calendarInUse(db);
  return { rows: page.rows.map((r) => view(r, inUse)), nextCursor: page.nextCursor };
}

export async function getCalendar(db: Queryable, id: number): Promise<CalendarView> {
  const row = (await db('calendars').where({ id }).first()) as CalendarRow | undefined;
  if (!row) throw notFound('Calendar', id);
  return view(row, await calendarInUse(db));
}

export async function createCalendar(db: Queryable, actor: Actor, input: CreateCalendarInput): Promise<CalendarView> {
  return db.transaction(async (trx) => {
    const [row] = (await trx('calendars')
      .insert({ name: input.name, time_zone: input.timeZone, weekly_hours: JSON.stringify(input.weeklyHours), holidays: input.holidays })
      .returning('*')
      .catch((err: unknown) => rethrowUniqueViolation(err, UNIQUE))) as CalendarRow[];
    const after = view(row!, await calendarInUse(trx));
    await recordAudit(trx, actor, { action: 'calendar.create', entityType: ENTITY, entityId: after.id, after });
    return after;
  });
}

/** Editing the calendar in use publishes a new policy version; other calendars are just rows until selected. */
export async function updateCalendar(
  db: Queryable, actor: Actor, id: number, input: UpdateCalendarInput, expectedVersion: number | undefined,
): Promise<CalendarView> {
  return db.transaction(async (trx) => {
    await lockPolicy(trx);
    const before = await lockRow<CalendarRow>(trx, 'calendars', id, 'Calendar', expectedVersion);
    const calendar = validCalendar({
      timeZone: input.timeZone ?? before.time_zone,
      weeklyHours: input.weeklyHours ?? before.weekly_hours,
      holidays: input.holidays ?? before.holidays,
    });
    const [row] = (await trx('calendars').where({ id })
      .update({
        name: input.name ?? before.name, time_zone: calendar.timeZone, weekly_hours: JSON.stringify(calendar.weeklyHours),
        holidays: calendar.holidays, updated_at: trx.fn.now(), version: trx.raw('version + 1'),
      })
      .returning('*')
      .catch((err: unknown) => rethrowUniqueViolation(err, UNIQUE))) as CalendarRow[];
    const inUse = await calendarInUse(trx);
    const after = view(row!, inUse);
    await recordAudit(trx, actor, { action: 'calendar.update', entityType: ENTITY, entityId: id, before: view(before, inUse), after });
    if (after.inUse) await commitPolicyChange(trx, actor, { kind: 'calendar' });
    return after;
  });
}

export async function deleteCalendar(db: Queryable, actor: Actor, id: number): Promise<void> {
  await db.transaction(async (trx) => {
    await lockPolicy(trx);
    const before = await lockRow<CalendarRow>(trx, 'calendars', id, 'Calendar');
    const inUse = await calendarInUse(trx);
    const IN_USE = `Calendar ${id} is the one the lifecycle policy uses; select another calendar in the lifecycle settings first`;
    if (id === inUse) throw new LanternError('conflict', IN_USE);
    await trx('calendars').where({ id }).delete().catch((err: unknown) => rethrowStillReferenced(err, IN_USE));
    await recordAudit(trx, actor, { action: 'calendar.delete', entityType: ENTITY, entityId: id, before: view(before, inUse) });
  });
}
