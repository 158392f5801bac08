import { computeFreeSlots, type BookingWindow as CoreBookingWindow, type FreeSlot, type FreeSlotsInput, type SlotHost, type SeatBooking } from '../core/slots.ts';
import type { Interval } from '../core/intervals.ts';
import { addLocalPeriod, DAY_MS, isValidLocalDate, MINUTE_MS, wallClockToEpochMs, ZoneOffsets, addDaysToDate } from '../core/time-zone.ts';
import type { Queryable } from '../store/database.ts';
import { loadBookingStarts, loadSeatSlots } from '../store/repositories/busy.ts';
import { loadSchedulesAndBusy } from '../store/repositories/slot-input.ts';
import type { Calendar } from '../store/repositories/calendars.ts';
import { checkDateInRange, parseInstant } from './instants.ts';
import { loadResourceNeeds } from './bookings/resources.ts';
import type { ServiceContext } from './context.ts';
import { ValidationError } from './errors.ts';
import type { Principal } from './principal.ts';
import { chooseSchedules, scheduleFor } from './schedules.ts';
import { checkTimeZone } from './validation.ts';
import type { CalendarsService } from './calendars.ts';

/** The longest range one free-slot request may cover. */
export const MAX_RANGE_DAYS = 31;
/** Seats and resource use are loaded this far around the range. */
const MARGIN_MS = DAY_MS;
/**
 * Date rules are chosen by calendar-local dates this far around the range: a host's schedule may
 * be in a zone up to 26 hours away from the calendar's, and its local dates are the ones that count.
 */
const SCHEDULE_DATES_MARGIN_MS = 2 * DAY_MS;
/**
 * The pseudo host of a calendar without hosts (an `event` calendar): the calendar is occupied as
 * a whole. Never a public id (those have 20 characters); answers list no host for it.
 */
export const HOSTLESS_ID = '(calendar)';

export interface FreeSlotsQuery {
  /** An ISO-8601 instant, or a local date (YYYY-MM-DD) in `timeZone`: its start. */
  start: string;
  /** An ISO-8601 instant (exclusive), or a local date in `timeZone` (inclusive: the whole day). */
  end: string;
  /** Zone of the answer's dates and offsets; defaults to the calendar's. */
  timeZone?: string;
  userIds?: string[];
  /** Minutes; one of the calendar's durations (default: its default). */
  duration?: number;
  /**
   * Whether each slot lists its free hosts and seats (a list per start: costly for big teams);
   * default: for round-robin and seated calendars, where more than one booking fits a start.
   */
  hostDetails?: boolean;
}

export interface FreeSlotsAnswer {
  calendar: Calendar;
  timeZone: string;
  durationMinutes: number;
  /** Whether `slots` lists each start's free hosts and seats. */
  hostDetails: boolean;
  slots: FreeSlot[];
  byDate: Record<string, string[]>;
}

export interface SlotWindow {
  from: number;
  to: number;
  outputTimeZone: string;
  durationMinutes: number;
  hostFilter?: readonly string[];
  /** Leave out minimum notice, booking window and daily limit (an admin booking that ignores them). */
  ignoreLimits?: boolean;
  /** Places the booking takes in a room (its seats); default 1. */
  seats?: number;
}

export function durationOf(calendar: Calendar, requested: number | undefined, field = 'duration'): number {
  const allowed = calendar.durations.map((d) => d.minutes);
  if (requested === undefined) return (calendar.durations.find((d) => d.isDefault) ?? calendar.durations[0])!.minutes;
  if (!allowed.includes(requested)) throw ValidationError.field(field, `must be one of ${allowed.join(', ')} minutes`);
  return requested;
}

function bookingWindowOf(calendar: Calendar, now: number, timeZone: string): CoreBookingWindow {
  const window = calendar.bookingWindow;
  if (window.kind === 'rolling') return { kind: 'rolling', ms: addLocalPeriod(now, window.amount, window.unit, timeZone) - now };
  if (window.kind === 'fixed') return { kind: 'fixed', startDate: window.startDate ?? undefined, endDate: window.endDate ?? undefined };
  return { kind: 'unlimited' };
}

function groupBy<T>(rows: readonly T[], key: (row: T) => number | null): Map<number | null, T[]> {
  const groups = new Map<number | null, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

function countPerDate(starts: readonly number[], zone: ZoneOffsets): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const start of starts) {
    const date = zone.localDate(start);
    counts[date] = (counts[date] ?? 0) + 1;
  }
  return counts;
}

/**
 * Everything the core needs to compute a calendar's free slots over a window, read from the
 * database: host schedules, busy time on every calendar, blocks, seats, per-day counts and the
 * calendar's rooms and equipment.
 * The booking service calls it too, inside its transaction, to re-check a requested time.
 */
export async function loadSlotInput(db: Queryable, calendar: Calendar, window: SlotWindow, now: number): Promise<FreeSlotsInput> {
  const timeZone = calendar.effectiveTimeZone;
  const seated = calendar.seatsPerSlot > 1;
  const loadFrom = window.from - MARGIN_MS;
  const loadTo = window.to + MARGIN_MS;
  const zone = new ZoneOffsets(timeZone, loadFrom, loadTo);
  const dates = { from: zone.localDate(window.from - SCHEDULE_DATES_MARGIN_MS), to: zone.localDate(window.to + SCHEDULE_DATES_MARGIN_MS) };
  // Per-day counts cover whole calendar-local days, which may last 23 to 25 hours.
  const countFrom = zone.toEpochMs(zone.localDay(window.from), 0);
  const countTo = zone.toEpochMs(zone.localDay(window.to) + 1, 0);
  const hostPks = calendar.hosts.map((h) => h.userPk);
  // Busy time matters only where a candidate's padded span can reach: re-checking one start
  // reads a row or two instead of two days of them.
  const busyFrom = window.from - calendar.preBufferMin * MINUTE_MS;
  const busyTo = window.to + (window.durationMinutes + calendar.postBufferMin) * MINUTE_MS;

  const [{ candidates, busy, calendarBusy }, ownSchedule, seatSlots, bookingStarts, resources] = await Promise.all([
    loadSchedulesAndBusy(db, { calendarPk: calendar.pk, userPks: [...new Set(hostPks)], dates }, { from: busyFrom, to: busyTo, seatedCalendarPk: seated ? calendar.pk : null }),
    hostPks.length === 0 ? scheduleFor(db, calendar.pk, null, dates) : Promise.resolve(null),
    seated ? loadSeatSlots(db, calendar.pk, loadFrom, loadTo) : Promise.resolve([]),
    calendar.dailyLimit ? loadBookingStarts(db, calendar.pk, countFrom, countTo, hostPks.length === 0) : Promise.resolve([]),
    loadResourceNeeds(db, calendar, loadFrom, loadTo, window.seats ?? 1),
  ]);

  const schedules = chooseSchedules(calendar.pk, hostPks, candidates);
  const busyByHost = groupBy(busy, (r) => r.userPk);
  const seatsByHost = groupBy(seatSlots, (r) => r.userPk);
  const startsByHost = groupBy(bookingStarts, (r) => r.userPk);
  const hostEntries: Array<{ pk: number | null; id: string }> =
    hostPks.length === 0 ? [{ pk: null, id: HOSTLESS_ID }] : calendar.hosts.map((h) => ({ pk: h.userPk, id: h.userId }));

  const hosts: SlotHost[] = hostEntries.map(({ pk, id }) => {
    const hostBusy: Interval[] = (busyByHost.get(pk) ?? []).map((r) => ({ start: r.start, end: r.end }));
    hostBusy.push(...calendarBusy);
    const seatBookings: SeatBooking[] = (seatsByHost.get(pk) ?? []).map((s) => ({
      slotStart: s.start,
      seats: s.seatsTaken,
      start: s.busyStart,
      end: s.busyEnd,
    }));
    const schedule = pk === null ? ownSchedule : schedules.get(pk);
    return {
      id,
      // No schedule: the host has no availability on this calendar.
      ...(schedule ? { schedule } : { windows: [] }),
      busy: hostBusy,
      seatBookings,
      bookingsPerDay: countPerDate((startsByHost.get(pk) ?? []).map((b) => b.start), zone),
    };
  });

  const calendarStarts = new Map(bookingStarts.map((b) => [b.bookingPk, b.start]));
  return {
    now,
    from: window.from,
    to: window.to,
    timeZone,
    outputTimeZone: window.outputTimeZone,
    durationMs: window.durationMinutes * MINUTE_MS,
    intervalMs: (calendar.slotIntervalMin ?? window.durationMinutes) * MINUTE_MS,
    preBufferMs: calendar.preBufferMin * MINUTE_MS,
    postBufferMs: calendar.postBufferMin * MINUTE_MS,
    minNoticeMs: window.ignoreLimits ? 0 : addLocalPeriod(now, calendar.minNotice.amount, calendar.minNotice.unit, timeZone) - now,
    bookingWindow: window.ignoreLimits ? { kind: 'unlimited' } : bookingWindowOf(calendar, now, timeZone),
    dailyLimit: window.ignoreLimits ? undefined : (calendar.dailyLimit ?? undefined),
    calendarBookingsPerDay: countPerDate([...calendarStarts.values()], zone),
    seatsPerSlot: calendar.seatsPerSlot,
    teamMode: calendar.kind === 'collective' ? 'collective' : 'round_robin',
    hosts,
    hostFilter: window.hostFilter,
    resourceNeeds: resources.needs,
    roomPlaces: resources.rooms,
  };
}

/** Parses one end of a range: an ISO instant, or a local date in `timeZone` (its midnight). */
function rangeEnd(field: string, value: string, timeZone: string, inclusiveDate: boolean): number {
  if (isValidLocalDate(value)) {
    checkDateInRange(field, value);
    return wallClockToEpochMs(inclusiveDate ? addDaysToDate(value, 1) : value, '00:00', timeZone);
  }
  return parseInstant(field, value);
}

export class FreeSlotsService {
  readonly #ctx: ServiceContext;
  readonly #calendars: CalendarsService;

  constructor(ctx: ServiceContext, calendars: CalendarsService) {
    this.#ctx = ctx;
    this.#calendars = calendars;
  }

  async find(principal: Principal, calendarId: string, query: FreeSlotsQuery): Promise<FreeSlotsAnswer> {
    const db = this.#ctx.store.db;
    const calendar = await this.#calendars.load(db, principal, calendarId);
    const timeZone = query.timeZone ? checkTimeZone('timezone', query.timeZone) : calendar.effectiveTimeZone;
    const from = rangeEnd('start', query.start, timeZone, false);
    const to = rangeEnd('end', query.end, timeZone, true);
    if (to <= from) throw ValidationError.field('end', 'must be after start');
    // Counted in local days: across a DST change 31 days are an hour more or less than 31 × 24 h.
    if (to > addLocalPeriod(from, MAX_RANGE_DAYS, 'days', timeZone)) throw ValidationError.field('end', `the range may span at most ${MAX_RANGE_DAYS} days`);
    const durationMinutes = durationOf(calendar, query.duration);
    const hostDetails = query.hostDetails ?? (calendar.kind === 'round_robin' || calendar.seatsPerSlot > 1);
    // A draft calendar takes no bookings, so it offers no starts.
    if (!calendar.active) return { calendar, timeZone, durationMinutes, hostDetails, slots: [], byDate: {} };
    const input = await loadSlotInput(
      db,
      calendar,
      { from, to, outputTimeZone: timeZone, durationMinutes, hostFilter: query.userIds?.length ? query.userIds : undefined },
      this.#ctx.clock.now(),
    );
    const result = computeFreeSlots({ ...input, hostDetails });
    const slots = calendar.hosts.length === 0 ? result.slots.map((slot) => ({ ...slot, hosts: [] })) : result.slots;
    return { calendar, timeZone, durationMinutes, hostDetails, slots, byDate: result.byDate };
  }
}
