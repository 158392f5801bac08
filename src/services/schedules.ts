import { validateSchedule, type Schedule, type WallInterval } from '../core/availability.ts';
import { CoreValidationError } from '../core/errors.ts';
import { parseWallTime, type Weekday } from '../core/time-zone.ts';
import type { Queryable } from '../store/database.ts';
import { findCalendarRecord } from '../store/repositories/calendars.ts';
import { findLocationByPk } from '../store/repositories/locations.ts';
import {
  clearOtherDefaults,
  countUserSchedules,
  deleteSchedule,
  findSchedule,
  findScheduleByPk,
  insertSchedule,
  listScheduleRecords,
  loadScheduleCandidates,
  type ScheduleCandidates,
  loadScheduleParts,
  lockUserRow,
  replaceDateRules,
  replaceScheduleCalendars,
  replaceWeekdayRules,
  updateScheduleRow,
  type DateRuleRow,
  type ScheduleRecord,
  type ScheduleUpdate,
  type StoredSchedule,
  type WeekdayRuleRow,
  type WeekdayNumber,
} from '../store/repositories/schedules.ts';
import type { Page, PageRequest, TenantScope } from '../store/repositories/scope.ts';
import { findUser } from '../store/repositories/users.ts';
import type { ServiceContext } from './context.ts';
import { NotFoundError, ValidationError, type FieldIssue } from './errors.ts';
import { newPublicId } from './ids.ts';
import { tenantScopeOf, type Principal } from './principal.ts';
import { listScope, targetLocation } from './tenancy.ts';
import { uniquely } from './unique.ts';
import { checkLocalDate, checkTimeZone, trimmedName } from './validation.ts';

export const DAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type DayName = (typeof DAY_NAMES)[number];

export interface IntervalInput {
  /** 'HH:MM', 00:00–23:59. */
  start: string;
  /** 'HH:MM', after start; '24:00' = the end of the day. */
  end: string;
}

/** Day name → intervals; a missing (or empty) day is closed. */
export type WeeklyHours = Partial<Record<DayName, IntervalInput[]>>;

export interface DateOverride {
  /** Local date 'YYYY-MM-DD' in the schedule's zone. */
  date: string;
  /** Replace that date's weekday hours; [] = closed all day. */
  intervals: IntervalInput[];
}

export interface ScheduleInput {
  /** Optional: the location the owner must be in (organization keys). */
  locationId?: string;
  /** Exactly one of userId (a user's schedule) and calendarId (the calendar's own schedule). */
  userId?: string | null;
  calendarId?: string | null;
  /** Default "Working hours". */
  name?: string;
  /** IANA zone; defaults to the user's zone, or the calendar's, or its location's. */
  timeZone?: string;
  /** User schedules only; a user's first schedule is its default unless this says otherwise. */
  isDefault?: boolean;
  weeklyHours?: WeeklyHours;
  dateOverrides?: DateOverride[];
  /** User schedules only: the calendars (same location) this schedule applies to. */
  appliesTo?: string[];
}

export type SchedulePatch = Omit<ScheduleInput, 'locationId' | 'userId' | 'calendarId'>;

export interface ScheduleFilter {
  locationId?: string;
  userId?: string;
  calendarId?: string;
  q?: string;
}

export const DEFAULT_SCHEDULE_NAME = 'Working hours';
const CALENDAR_ALREADY_HAS_ONE = 'This calendar already has its own schedule; change that one instead';

// -------------------------------------------------------------------------------------------
// Rules: wire shape ⇄ core Schedule, with core's validation errors named as the wire names them

const WEEKDAY_OF: Record<DayName, WeekdayNumber> = { monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6, sunday: 7 };

interface CheckedRules {
  weekly?: Array<Omit<WeekdayRuleRow, 'publicId'>>;
  dates?: Array<Omit<DateRuleRow, 'publicId'>>;
}

/** Index (in input order) of the first interval that overlaps one starting earlier. */
function firstOverlapping(intervals: readonly IntervalInput[]): number {
  const order = intervals
    .map((iv, index) => ({ index, start: parseWallTime(iv.start), end: parseWallTime(iv.end) }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  let reach = -1;
  for (const iv of order) {
    if (iv.start < reach) return iv.index;
    reach = Math.max(reach, iv.end);
  }
  return 0;
}

/** Re-words a core error on `weekly.N…` / `dateRules.D…` as a wire path (`weeklyHours.monday[1].end`). */
function wireIssue(error: CoreValidationError, weekly: WeeklyHours, overrides: readonly DateOverride[]): FieldIssue {
  const match = /^(?:weekly\.(\d)|dateRules\.(\d{4}-\d{2}-\d{2}))(.*)$/.exec(error.field);
  if (!match) return { field: error.field === 'schedule' ? 'weeklyHours' : error.field, message: error.message };
  let base: string;
  let intervals: readonly IntervalInput[];
  if (match[1] !== undefined) {
    const day = DAY_NAMES[Number(match[1]) - 1]!;
    base = `weeklyHours.${day}`;
    intervals = weekly[day] ?? [];
  } else {
    const index = overrides.findIndex((o) => o.date === match[2]);
    base = `dateOverrides[${index}].intervals`;
    intervals = overrides[index]?.intervals ?? [];
  }
  const rest = match[3]!;
  if (rest === '') {
    if (/overlap/.test(error.message)) {
      return { field: `${base}[${firstOverlapping(intervals)}].start`, message: 'overlaps another interval of the same day' };
    }
    return { field: base, message: 'must be a list of {start, end} intervals' };
  }
  if (/^\[\d+\]$/.test(rest)) {
    if (/before end/.test(error.message)) return { field: `${base}${rest}.end`, message: 'must be after start' };
    return { field: `${base}${rest}`, message: 'must be {start, end}' };
  }
  if (rest.endsWith('.start')) return { field: `${base}${rest}`, message: 'must be a time HH:MM (00:00–23:59)' };
  if (rest.endsWith('.end')) return { field: `${base}${rest}`, message: 'must be a time HH:MM (00:01–24:00)' };
  return { field: `${base}${rest}`, message: error.message };
}

function invalid(issue: FieldIssue): ValidationError {
  return ValidationError.field(issue.field, issue.message);
}

const sortedIntervals = (intervals: readonly IntervalInput[]): IntervalInput[] =>
  intervals.map((iv) => ({ start: iv.start, end: iv.end })).sort((a, b) => parseWallTime(a.start) - parseWallTime(b.start));

/**
 * Validates weekly hours and date overrides with core's rules (HH:MM, start < end, `24:00` as
 * an end, no overlaps within a day) and turns them into rule rows. Only the parts given.
 */
export function checkRules(weeklyHours: WeeklyHours | undefined, dateOverrides: readonly DateOverride[] | undefined): CheckedRules {
  const weekly: Partial<Record<Weekday, WallInterval[]>> = {};
  const dateRules: Record<string, WallInterval[]> = {};
  if (weeklyHours !== undefined) {
    for (const [day, intervals] of Object.entries(weeklyHours)) {
      if (!Object.hasOwn(WEEKDAY_OF, day)) throw ValidationError.field(`weeklyHours.${day}`, `is not a day name (${DAY_NAMES.join(', ')})`);
      if (intervals !== undefined) weekly[WEEKDAY_OF[day as DayName]] = intervals;
    }
  }
  const overrides = dateOverrides ?? [];
  const seen = new Set<string>();
  overrides.forEach((override, i) => {
    checkLocalDate(`dateOverrides[${i}].date`, override.date);
    if (seen.has(override.date)) throw ValidationError.field(`dateOverrides[${i}].date`, `${override.date} is listed twice`);
    seen.add(override.date);
    dateRules[override.date] = override.intervals;
  });
  try {
    validateSchedule({ timeZone: 'UTC', weekly, dateRules });
  } catch (error) {
    if (error instanceof CoreValidationError) throw invalid(wireIssue(error, weeklyHours ?? {}, overrides));
    throw error;
  }
  const checked: CheckedRules = {};
  if (weeklyHours !== undefined) {
    checked.weekly = DAY_NAMES.filter((day) => (weeklyHours[day]?.length ?? 0) > 0).map((day) => ({
      weekday: WEEKDAY_OF[day],
      intervals: sortedIntervals(weeklyHours[day]!),
    }));
  }
  if (dateOverrides !== undefined) {
    checked.dates = overrides.map((o) => ({ date: o.date, intervals: sortedIntervals(o.intervals) }));
  }
  return checked;
}

async function writeRules(db: Queryable, schedulePk: number, rules: CheckedRules, now: number): Promise<void> {
  if (rules.weekly) await replaceWeekdayRules(db, schedulePk, rules.weekly.map((r) => ({ ...r, publicId: newPublicId() })), now);
  if (rules.dates) await replaceDateRules(db, schedulePk, rules.dates.map((r) => ({ ...r, publicId: newPublicId() })), now);
}

/**
 * Creates or replaces a calendar's own schedule inside the caller's transaction (for dialects
 * that carry opening hours on the calendar itself). Rules not given stay as they are.
 */
export async function writeCalendarSchedule(
  db: Queryable,
  calendar: { pk: number; locationPk: number; timeZone: string },
  hours: { weeklyHours?: WeeklyHours; dateOverrides?: DateOverride[] },
  now: number,
): Promise<void> {
  const rules = checkRules(hours.weeklyHours, hours.dateOverrides);
  const existing = await db.selectFrom('schedules').select('id').where('calendar_id', '=', calendar.pk).executeTakeFirst();
  const schedulePk =
    existing?.id ??
    (
      await insertSchedule(db, {
        public_id: newPublicId(),
        location_id: calendar.locationPk,
        user_id: null,
        calendar_id: calendar.pk,
        name: DEFAULT_SCHEDULE_NAME,
        time_zone: calendar.timeZone,
        is_default: 0,
        created_at: now,
        updated_at: now,
      })
    ).pk;
  await writeRules(db, schedulePk, rules, now);
}

function checkOwner(input: { userId?: string | null; calendarId?: string | null }): void {
  const hasUser = input.userId !== undefined && input.userId !== null;
  const hasCalendar = input.calendarId !== undefined && input.calendarId !== null;
  if (hasUser === hasCalendar) {
    const message = hasUser ? 'give either userId or calendarId, not both' : 'one of userId or calendarId is required';
    throw new ValidationError(`userId/calendarId: ${message}`, [
      { field: 'userId', message },
      { field: 'calendarId', message },
    ]);
  }
}

/** The calendars a user schedule applies to, looked up inside the schedule's own location. */
async function resolveAppliesTo(db: Queryable, scope: TenantScope, ids: readonly string[]): Promise<number[]> {
  const pks: number[] = [];
  for (const id of new Set(ids)) {
    const calendar = await findCalendarRecord(db, scope, id);
    if (!calendar) throw new NotFoundError('Calendar', id);
    pks.push(calendar.pk);
  }
  return pks;
}

const notForCalendarSchedules = (field: 'isDefault' | 'appliesTo') =>
  ValidationError.field(
    field,
    field === 'isDefault' ? 'only a user schedule can be a default schedule' : 'only a user schedule can be applied to calendars',
  );

// -------------------------------------------------------------------------------------------
// Which schedule applies (the free-slot engine's entry points)

/** Local dates (inclusive) whose date rules to load; all of them when absent. */
export interface DateSpan {
  from: string;
  to: string;
}

/**
 * The schedule that applies to each host on one calendar, in three queries whatever the number
 * of hosts (schedule_calendars, schedules, schedule_rules). For every host the first that exists:
 * 1. the user schedule explicitly applied to the calendar for that user (`appliesTo`);
 * 2. the calendar's own schedule;
 * 3. the user's default schedule;
 * 4. none: `null`, the host has no availability on the calendar (never an implicit 9–5).
 * Pass `dates` (e.g. the query's local dates ± 1 day) to load only the date rules needed.
 */
export async function schedulesFor(
  db: Queryable,
  calendarPk: number,
  userPks: readonly number[],
  dates?: DateSpan,
): Promise<Map<number, Schedule | null>> {
  const users = [...new Set(userPks)];
  return chooseSchedules(calendarPk, users, await loadScheduleCandidates(db, calendarPk, users, dates));
}

/** `schedulesFor` on candidates already loaded (with `loadScheduleCandidates` or as part of a bigger read). */
export function chooseSchedules(calendarPk: number, userPks: readonly number[], candidates: ScheduleCandidates): Map<number, Schedule | null> {
  const users = [...new Set(userPks)];
  const schedules = [...candidates.schedules].sort((a, b) => a.pk - b.pk);
  const own = schedules.find((s) => s.calendarPk === calendarPk);
  const associated = new Map(candidates.associations.map((a) => [a.userPk, a.schedulePk]));
  const defaults = new Map<number, number>();
  for (const s of schedules) {
    if (s.isDefault && s.userPk !== null && !defaults.has(s.userPk)) defaults.set(s.userPk, s.pk);
  }
  const chosen = new Map<number, number | null>(users.map((u) => [u, associated.get(u) ?? own?.pk ?? defaults.get(u) ?? null]));
  const pks = [...new Set([...chosen.values()].filter((pk): pk is number => pk !== null))];
  const rules = schedules.filter((s) => pks.includes(s.pk)).flatMap((s) => s.rules);
  const built = new Map<number, Schedule>();
  for (const pk of pks) {
    const weekly: Partial<Record<Weekday, WallInterval[]>> = {};
    const dateRules: Record<string, WallInterval[]> = {};
    for (const rule of rules) {
      if (rule.schedulePk !== pk) continue;
      if (rule.weekday !== null) weekly[rule.weekday] = rule.intervals;
      else dateRules[rule.date!] = rule.intervals;
    }
    built.set(pk, { timeZone: schedules.find((s) => s.pk === pk)!.timeZone, weekly, dateRules });
  }
  return new Map(users.map((u) => [u, chosen.get(u) === null ? null : built.get(chosen.get(u)!)!]));
}

/**
 * The schedule that applies to host `userPk` on calendar `calendarPk` (see `schedulesFor`);
 * `userPk` null (a hostless event calendar): the calendar's own schedule only.
 */
export async function scheduleFor(db: Queryable, calendarPk: number, userPk: number | null, dates?: DateSpan): Promise<Schedule | null> {
  if (userPk !== null) return (await schedulesFor(db, calendarPk, [userPk], dates)).get(userPk) ?? null;
  const candidates = await loadScheduleCandidates(db, calendarPk, [], dates);
  const own = candidates.schedules.find((s) => s.calendarPk === calendarPk);
  if (!own) return null;
  const weekly: Partial<Record<Weekday, WallInterval[]>> = {};
  const dateRules: Record<string, WallInterval[]> = {};
  for (const rule of own.rules) {
    if (rule.weekday !== null) weekly[rule.weekday] = rule.intervals;
    else dateRules[rule.date!] = rule.intervals;
  }
  return { timeZone: own.timeZone, weekly, dateRules };
}

// -------------------------------------------------------------------------------------------

/** Availability schedules: named weekly hours with date overrides, owned by a user or a calendar. */
export class SchedulesService {
  readonly #ctx: ServiceContext;

  constructor(ctx: ServiceContext) {
    this.#ctx = ctx;
  }

  async list(principal: Principal, filter: ScheduleFilter, page: PageRequest): Promise<Page<StoredSchedule>> {
    const db = this.#ctx.store.db;
    const scope = await listScope(db, principal, filter.locationId);
    let userPk: number | undefined;
    let calendarPk: number | undefined;
    if (filter.userId !== undefined) {
      const user = await findUser(db, scope, filter.userId);
      if (!user) throw new NotFoundError('User', filter.userId);
      userPk = user.pk;
    }
    if (filter.calendarId !== undefined) {
      const calendar = await findCalendarRecord(db, scope, filter.calendarId);
      if (!calendar) throw new NotFoundError('Calendar', filter.calendarId);
      calendarPk = calendar.pk;
    }
    const result = await listScheduleRecords(db, scope, { q: filter.q, userPk, calendarPk }, page);
    return { ...result, items: await loadScheduleParts(db, result.items) };
  }

  async get(principal: Principal, id: string): Promise<StoredSchedule> {
    const db = this.#ctx.store.db;
    const schedule = await findSchedule(db, tenantScopeOf(principal), id);
    if (!schedule) throw new NotFoundError('Schedule', id);
    return (await loadScheduleParts(db, [schedule]))[0]!;
  }

  async create(principal: Principal, input: ScheduleInput): Promise<StoredSchedule> {
    checkOwner(input);
    const name = trimmedName('name', input.name ?? DEFAULT_SCHEDULE_NAME);
    const timeZone = input.timeZone === undefined ? undefined : checkTimeZone('timeZone', input.timeZone);
    const rules = checkRules(input.weeklyHours, input.dateOverrides);
    return this.#ctx.store.transaction(async (trx) => {
      const scope: TenantScope =
        input.locationId === undefined
          ? tenantScopeOf(principal)
          : { organizationPk: principal.organizationPk, locationPk: (await targetLocation(trx, principal, input.locationId)).pk };
      const now = this.#ctx.clock.now();
      let record: ScheduleRecord;
      if (input.userId !== undefined && input.userId !== null) {
        const user = await findUser(trx, scope, input.userId);
        if (!user) throw new NotFoundError('User', input.userId);
        await lockUserRow(trx, user.pk);
        const isDefault = input.isDefault ?? (await countUserSchedules(trx, user.pk)) === 0;
        // Cleared first: the database allows one default schedule per user at any moment.
        if (isDefault) await clearOtherDefaults(trx, user.pk, 0, now);
        record = await insertSchedule(trx, {
          public_id: newPublicId(),
          location_id: user.locationPk,
          user_id: user.pk,
          calendar_id: null,
          name,
          time_zone: timeZone ?? user.timeZone,
          is_default: isDefault ? 1 : 0,
          created_at: now,
          updated_at: now,
        });
        if (input.appliesTo !== undefined) {
          const calendars = await resolveAppliesTo(trx, { organizationPk: principal.organizationPk, locationPk: user.locationPk }, input.appliesTo);
          await replaceScheduleCalendars(trx, record.pk, user.pk, calendars, now);
        }
      } else {
        const calendar = await findCalendarRecord(trx, scope, input.calendarId!);
        if (!calendar) throw new NotFoundError('Calendar', input.calendarId!);
        if (input.isDefault) throw notForCalendarSchedules('isDefault');
        if (input.appliesTo !== undefined && input.appliesTo.length > 0) throw notForCalendarSchedules('appliesTo');
        const zone = timeZone ?? calendar.timeZone ?? (await findLocationByPk(trx, calendar.locationPk))!.timeZone;
        record = await uniquely('calendarId', CALENDAR_ALREADY_HAS_ONE, () =>
          insertSchedule(trx, {
            public_id: newPublicId(),
            location_id: calendar.locationPk,
            user_id: null,
            calendar_id: calendar.pk,
            name,
            time_zone: zone,
            is_default: 0,
            created_at: now,
            updated_at: now,
          }),
        );
      }
      await writeRules(trx, record.pk, rules, now);
      return (await loadScheduleParts(trx, [record]))[0]!;
    });
  }

  async update(principal: Principal, id: string, patch: SchedulePatch): Promise<StoredSchedule> {
    const values: ScheduleUpdate = {};
    if (patch.name !== undefined) values.name = trimmedName('name', patch.name);
    if (patch.timeZone !== undefined) values.time_zone = checkTimeZone('timeZone', patch.timeZone);
    const rules = checkRules(patch.weeklyHours, patch.dateOverrides);
    return this.#ctx.store.transaction(async (trx) => {
      const schedule = await findSchedule(trx, tenantScopeOf(principal), id);
      if (!schedule) throw new NotFoundError('Schedule', id);
      const now = this.#ctx.clock.now();
      if (schedule.userPk === null) {
        if (patch.isDefault) throw notForCalendarSchedules('isDefault');
        if (patch.appliesTo !== undefined && patch.appliesTo.length > 0) throw notForCalendarSchedules('appliesTo');
      } else {
        await lockUserRow(trx, schedule.userPk);
        if (patch.isDefault !== undefined) values.is_default = patch.isDefault ? 1 : 0;
        if (patch.isDefault) await clearOtherDefaults(trx, schedule.userPk, schedule.pk, now);
        if (patch.appliesTo !== undefined) {
          const scope = { organizationPk: principal.organizationPk, locationPk: schedule.locationPk };
          await replaceScheduleCalendars(trx, schedule.pk, schedule.userPk, await resolveAppliesTo(trx, scope, patch.appliesTo), now);
        }
      }
      await updateScheduleRow(trx, schedule.pk, { ...values, updated_at: now });
      await writeRules(trx, schedule.pk, rules, now);
      return (await loadScheduleParts(trx, [(await findScheduleByPk(trx, schedule.pk))!]))[0]!;
    });
  }

  /** Hard delete: its rules and calendar associations go with it; dependants fall back (scheduleFor). */
  /** Applies a user schedule to one more calendar, or stops applying it (HighLevel's associations). */
  async setApplied(principal: Principal, id: string, calendarId: string, applied: boolean): Promise<void> {
    await this.#ctx.store.transaction(async (trx) => {
      const schedule = await findSchedule(trx, tenantScopeOf(principal), id);
      if (!schedule) throw new NotFoundError('Schedule', id);
      if (schedule.userPk === null) throw notForCalendarSchedules('appliesTo');
      await lockUserRow(trx, schedule.userPk);
      const [stored] = await loadScheduleParts(trx, [schedule]);
      const ids = new Set(stored!.appliesTo.map((a) => a.calendarId));
      if (applied) ids.add(calendarId);
      else if (!ids.delete(calendarId)) throw new NotFoundError('Calendar', calendarId);
      const scope = { organizationPk: principal.organizationPk, locationPk: schedule.locationPk };
      await replaceScheduleCalendars(trx, schedule.pk, schedule.userPk, await resolveAppliesTo(trx, scope, [...ids]), this.#ctx.clock.now());
    });
  }

  async delete(principal: Principal, id: string): Promise<void> {
    await this.#ctx.store.transaction(async (trx) => {
      const schedule = await findSchedule(trx, tenantScopeOf(principal), id);
      if (!schedule) throw new NotFoundError('Schedule', id);
      await deleteSchedule(trx, schedule.pk);
    });
  }

  /** See the exported `scheduleFor`; runs on the service's database unless given a transaction. */
  scheduleFor(calendarPk: number, userPk: number | null, dates?: DateSpan, db: Queryable = this.#ctx.store.db): Promise<Schedule | null> {
    return scheduleFor(db, calendarPk, userPk, dates);
  }

  /** See the exported `schedulesFor`. */
  schedulesFor(calendarPk: number, userPks: readonly number[], dates?: DateSpan, db: Queryable = this.#ctx.store.db): Promise<Map<number, Schedule | null>> {
    return schedulesFor(db, calendarPk, userPks, dates);
  }
}
