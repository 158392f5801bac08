import { reusableQuery } from '../reusable-query.ts';
import { sql, type ExpressionBuilder, type Insertable, type Updateable } from 'kysely';
import type { Queryable } from '../database.ts';
import type { Database, SchedulesTable } from '../schema.ts';
import { jsonArrayFor, jsonRows } from './json-array.ts';
import { locationOwned, type RowWithOwners } from './location-owned.ts';
import { containsText, type Page, type PageRequest, type TenantScope } from './scope.ts';

/** 'HH:MM'–'HH:MM' wall-clock interval as stored in `schedule_rules.intervals`. */
export interface StoredInterval {
  start: string;
  end: string;
}

/** ISO weekday: 1 = Monday ... 7 = Sunday. */
export type WeekdayNumber = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface DateRule {
  date: string;
  intervals: StoredInterval[];
}

/** The schedule row itself; `loadScheduleParts` adds its rules and calendar associations. */
export interface ScheduleRecord {
  pk: number;
  id: string;
  locationPk: number;
  locationId: string;
  /** Owner: a user (user schedule) … */
  userPk: number | null;
  userId: string | null;
  /** … or a calendar (the calendar's own schedule). */
  calendarPk: number | null;
  calendarId: string | null;
  name: string;
  timeZone: string;
  isDefault: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface StoredSchedule extends ScheduleRecord {
  /** Weekday → intervals; days without a row are closed. */
  weekly: Partial<Record<WeekdayNumber, StoredInterval[]>>;
  /** Ascending by date; [] = closed that day. */
  dateRules: DateRule[];
  /** Calendars this user schedule is applied to (not deleted ones), by calendar creation order. */
  appliesTo: Array<{ calendarPk: number; calendarId: string }>;
}

export type NewSchedule = Insertable<SchedulesTable>;
export type ScheduleUpdate = Updateable<SchedulesTable>;

function toSchedule(row: RowWithOwners<'schedules'>): ScheduleRecord {
  return {
    pk: row.id,
    id: row.public_id,
    locationPk: row.location_id,
    locationId: row.location_public_id,
    userPk: row.user_id,
    userId: row.user_public_id,
    calendarPk: row.calendar_id,
    calendarId: row.calendar_public_id,
    name: row.name,
    timeZone: row.time_zone,
    isDefault: row.is_default === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const schedules = locationOwned('schedules', (row) => toSchedule(row as RowWithOwners<'schedules'>), { owners: true });

export const findScheduleByPk = (db: Queryable, pk: number) => schedules.findByPk(db, pk);
export const findSchedule = (db: Queryable, scope: TenantScope, publicId: string) => schedules.find(db, scope, publicId);

export interface ScheduleFilter {
  q?: string;
  /** Schedules owned by this user. */
  userPk?: number;
  /** The calendar's own schedule and the user schedules applied to it. */
  calendarPk?: number;
}

export function listScheduleRecords(db: Queryable, scope: TenantScope, filter: ScheduleFilter, page: PageRequest): Promise<Page<ScheduleRecord>> {
  let query = schedules.scoped(db, scope);
  if (filter.q) query = query.where(() => containsText(['schedules.name'], filter.q!));
  if (filter.userPk !== undefined) query = query.where('schedules.user_id', '=', filter.userPk);
  if (filter.calendarPk !== undefined) {
    const calendarPk = filter.calendarPk;
    query = query.where((eb) =>
      eb.or([
        eb('schedules.calendar_id', '=', calendarPk),
        eb('schedules.id', 'in', eb.selectFrom('schedule_calendars').select('schedule_calendars.schedule_id').where('schedule_calendars.calendar_id', '=', calendarPk)),
      ]),
    );
  }
  return schedules.page(query, page);
}

export const insertSchedule = (db: Queryable, values: NewSchedule) => schedules.insert(db, values);
export const deleteSchedule = (db: Queryable, pk: number) => schedules.remove(db, pk);

export async function updateScheduleRow(db: Queryable, pk: number, values: ScheduleUpdate): Promise<void> {
  await db.updateTable('schedules').set(values).where('id', '=', pk).execute();
}

/**
 * Takes the user's row lock for the rest of the transaction (PostgreSQL: a no-op update locks
 * the row; SQLite writers are serialised anyway), so that concurrent changes of one user's
 * default schedule or calendar associations run one after the other.
 */
export async function lockUserRow(db: Queryable, userPk: number): Promise<void> {
  await db.updateTable('users').set({ updated_at: sql<number>`updated_at` }).where('id', '=', userPk).execute();
}

/** Clears the default flag of the user's other schedules. */
export async function clearOtherDefaults(db: Queryable, userPk: number, exceptPk: number, now: number): Promise<void> {
  await db
    .updateTable('schedules')
    .set({ is_default: 0, updated_at: now })
    .where('user_id', '=', userPk)
    .where('id', '<>', exceptPk)
    .where('is_default', '=', 1)
    .execute();
}

export async function countUserSchedules(db: Queryable, userPk: number): Promise<number> {
  const row = await db.selectFrom('schedules').select(sql<number>`count(*)`.as('n')).where('user_id', '=', userPk).executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface WeekdayRuleRow {
  publicId: string;
  weekday: WeekdayNumber;
  intervals: StoredInterval[];
}

export interface DateRuleRow {
  publicId: string;
  date: string;
  intervals: StoredInterval[];
}

/** Replaces one kind of rule of a schedule (weekday or date rules), leaving the other kind alone. */
async function replaceRules(
  db: Queryable,
  schedulePk: number,
  kind: 'weekday' | 'date',
  rules: Array<{ publicId: string; weekday: number | null; date: string | null; intervals: StoredInterval[] }>,
  now: number,
): Promise<void> {
  await db.deleteFrom('schedule_rules').where('schedule_id', '=', schedulePk).where(kind, 'is not', null).execute();
  if (rules.length === 0) return;
  await db
    .insertInto('schedule_rules')
    .values(
      rules.map((r) => ({
        public_id: r.publicId,
        schedule_id: schedulePk,
        weekday: r.weekday,
        date: r.date,
        intervals: JSON.stringify(r.intervals),
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
}

/** Replaces all weekday rules of a schedule. */
export function replaceWeekdayRules(db: Queryable, schedulePk: number, rules: WeekdayRuleRow[], now: number): Promise<void> {
  return replaceRules(db, schedulePk, 'weekday', rules.map((r) => ({ ...r, date: null })), now);
}

/** Replaces all date rules of a schedule. */
export function replaceDateRules(db: Queryable, schedulePk: number, rules: DateRuleRow[], now: number): Promise<void> {
  return replaceRules(db, schedulePk, 'date', rules.map((r) => ({ ...r, weekday: null })), now);
}

/**
 * Makes `calendarPks` the calendars this user schedule applies to. One schedule per (calendar,
 * user): an association of another schedule of the same user with one of these calendars is
 * removed (moved to this schedule).
 */
export async function replaceScheduleCalendars(db: Queryable, schedulePk: number, userPk: number, calendarPks: number[], now: number): Promise<void> {
  await db.deleteFrom('schedule_calendars').where('schedule_id', '=', schedulePk).execute();
  if (calendarPks.length === 0) return;
  await db.deleteFrom('schedule_calendars').where('user_id', '=', userPk).where('calendar_id', 'in', calendarPks).execute();
  await db
    .insertInto('schedule_calendars')
    .values(calendarPks.map((calendarPk) => ({ schedule_id: schedulePk, calendar_id: calendarPk, user_id: userPk, created_at: now })))
    .execute();
}

export interface RuleRow {
  schedulePk: number;
  weekday: WeekdayNumber | null;
  date: string | null;
  intervals: StoredInterval[];
}

/**
 * The rules of several schedules in one query: every weekday rule and the date rules (all of
 * them, or only those between `dates.from` and `dates.to`, both inclusive).
 */
export async function loadRules(db: Queryable, schedulePks: number[], dates?: { from: string; to: string }): Promise<RuleRow[]> {
  if (schedulePks.length === 0) return [];
  let query = db
    .selectFrom('schedule_rules')
    .select(['schedule_id', 'weekday', 'date', 'intervals'])
    .where('schedule_id', 'in', schedulePks);
  if (dates) {
    query = query.where((eb) =>
      eb.or([eb('weekday', 'is not', null), eb.and([eb('date', '>=', dates.from), eb('date', '<=', dates.to)])]),
    );
  }
  const rows = await query.orderBy('schedule_id').orderBy('weekday').orderBy('date').execute();
  return rows.map((r) => ({
    schedulePk: r.schedule_id,
    weekday: r.weekday as WeekdayNumber | null,
    date: r.date,
    intervals: JSON.parse(r.intervals) as StoredInterval[],
  }));
}

/** Rules and calendar associations of several schedules in two queries. */
export async function loadScheduleParts(db: Queryable, records: ScheduleRecord[]): Promise<StoredSchedule[]> {
  if (records.length === 0) return [];
  const pks = records.map((s) => s.pk);
  const [rules, associations] = await Promise.all([
    loadRules(db, pks),
    db
      .selectFrom('schedule_calendars')
      .innerJoin('calendars', 'calendars.id', 'schedule_calendars.calendar_id')
      .select(['schedule_calendars.schedule_id', 'schedule_calendars.calendar_id', 'calendars.public_id'])
      .where('schedule_calendars.schedule_id', 'in', pks)
      .where('calendars.deleted_at', 'is', null)
      .orderBy('calendars.created_at')
      .orderBy('calendars.id')
      .execute(),
  ]);
  return records.map((record) => {
    const weekly: Partial<Record<WeekdayNumber, StoredInterval[]>> = {};
    const dateRules: DateRule[] = [];
    for (const rule of rules) {
      if (rule.schedulePk !== record.pk) continue;
      if (rule.weekday !== null) weekly[rule.weekday] = rule.intervals;
      else dateRules.push({ date: rule.date!, intervals: rule.intervals });
    }
    dateRules.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    return {
      ...record,
      weekly,
      dateRules,
      appliesTo: associations
        .filter((a) => a.schedule_id === record.pk)
        .map((a) => ({ calendarPk: a.calendar_id, calendarId: a.public_id })),
    };
  });
}

export interface ScheduleCandidate {
  pk: number;
  userPk: number | null;
  calendarPk: number | null;
  isDefault: boolean;
  timeZone: string;
  /** Its weekday rules and its date rules within the dates asked for. */
  rules: RuleRow[];
}

export interface ScheduleCandidates {
  /** schedule_calendars rows of (calendar, one of the users). */
  associations: Array<{ userPk: number; schedulePk: number }>;
  /** The associated schedules, the calendar's own schedule and the users' default schedules. */
  schedules: ScheduleCandidate[];
}

export interface ScheduleCandidatesParams {
  calendarPk: number;
  userPks: number[];
  datesFrom: string | undefined;
  datesTo: string | undefined;
}

/** The query of `loadScheduleCandidates`, also read as part of a bigger statement. */
export function scheduleCandidatesQuery(db: Queryable, p: ScheduleCandidatesParams) {
  const jsonArray = jsonArrayFor(db);
  // One round trip: the calendar's own schedule, the users' defaults, and the user schedules
  // applied to the calendar (flagged, so the association needs no query of its own).
  const appliedHere = (eb: ExpressionBuilder<Database, 'schedules'>) =>
    eb.exists(
      eb
        .selectFrom('schedule_calendars')
        .select('schedule_calendars.schedule_id')
        .whereRef('schedule_calendars.schedule_id', '=', 'schedules.id')
        .where('schedule_calendars.calendar_id', '=', p.calendarPk),
    );
  return db
    .selectFrom('schedules')
    .select((eb) => [
      'id', 'user_id', 'calendar_id', 'is_default', 'time_zone', appliedHere(eb).as('applied'),
      // The rules come along (a few of schedules that lose to another), saving a round trip.
      jsonArray(
        eb
          .selectFrom('schedule_rules')
          .select(['schedule_rules.weekday', 'schedule_rules.date', 'schedule_rules.intervals'])
          .whereRef('schedule_rules.schedule_id', '=', 'schedules.id')
          .$if(p.datesFrom !== undefined, (query) =>
            query.where((rule) =>
              rule.or([rule('schedule_rules.weekday', 'is not', null), rule.and([rule('schedule_rules.date', '>=', p.datesFrom!), rule('schedule_rules.date', '<=', p.datesTo!)])]),
            ),
          ),
      ).as('rules'),
    ])
    .where((eb) => {
      const branches = [eb('calendar_id', '=', p.calendarPk)];
      if (p.userPks.length > 0) {
        branches.push(eb.and([eb('user_id', 'in', p.userPks), eb.or([eb('is_default', '=', 1), appliedHere(eb)])]));
      }
      return eb.or(branches);
    });
}

const scheduleCandidates = reusableQuery(scheduleCandidatesQuery);

export type ScheduleCandidateRow = Awaited<ReturnType<typeof scheduleCandidates>>[number];

/**
 * Everything that can decide which schedule applies to the given hosts on one calendar, in two
 * queries whatever the number of hosts (the service picks; see services/schedules.ts).
 */
export async function loadScheduleCandidates(
  db: Queryable,
  calendarPk: number,
  userPks: number[],
  dates?: { from: string; to: string },
): Promise<ScheduleCandidates> {
  const rows = await scheduleCandidates(db, { calendarPk, userPks, datesFrom: dates?.from, datesTo: dates?.to });
  return toScheduleCandidates(rows, userPks);
}

/** The rows of `scheduleCandidatesQuery` as candidates for `userPks`. */
export function toScheduleCandidates(rows: ScheduleCandidateRow[], userPks: number[]): ScheduleCandidates {
  const users = new Set(userPks);
  return {
    associations: rows
      .filter((r) => Boolean(r.applied) && r.user_id !== null && users.has(r.user_id))
      .map((r) => ({ userPk: r.user_id!, schedulePk: r.id })),
    schedules: rows.map((r) => ({
      pk: r.id,
      userPk: r.user_id,
      calendarPk: r.calendar_id,
      isDefault: r.is_default === 1,
      timeZone: r.time_zone,
      rules: jsonRows<{ weekday: number | null; date: string | null; intervals: string }>(r.rules).map((rule) => ({
        schedulePk: r.id,
        weekday: rule.weekday as WeekdayNumber | null,
        date: rule.date,
        intervals: JSON.parse(rule.intervals) as StoredInterval[],
      })),
    })),
  };
}
