import { sql } from 'kysely';
import type { Queryable } from '../database.ts';
import { OCCUPYING } from './bookings.ts';

export interface BusyRow {
  userPk: number | null;
  start: number;
  end: number;
}

export interface SeatSlotRow {
  userPk: number | null;
  start: number;
  seatsTaken: number;
  busyStart: number;
  busyEnd: number;
}

export interface HostBusyParams {
  /** Not empty (pass [-1] for none). */
  userPks: number[];
  calendarPk: number;
  from: number;
  to: number;
  seatedCalendarPk: number | null;
  /** The calendar has no hosts: every booking of it occupies it, whoever held it. */
  hostless: boolean;
}

/**
 * Busy time of hosts overlapping [from, to) on every calendar, already padded by each owner's
 * own buffers, and what occupies the calendar as a whole — its blocked time and the bookings it
 * took while it had no hosts (all its bookings when it has none now) — in one statement (read
 * for every free-slot answer and every booking). Seat-slot rows of `seatedCalendarPk` are left
 * out: the caller reads them as seats.
 */
export const hostBusyAndBlocksQuery = (db: Queryable, p: HostBusyParams) =>
  db
    .selectFrom('host_busy')
    .select(['user_id', 'busy_start', 'busy_end'])
    .where('user_id', 'in', p.userPks)
    .where('busy_end', '>', p.from)
    .where('busy_start', '<', p.to)
    .$if(p.seatedCalendarPk !== null, (query) => query.where((eb) => eb.or([eb('seat_slot_id', 'is', null), eb('calendar_id', '!=', p.seatedCalendarPk!)])))
    .unionAll((eb) =>
      eb
        .selectFrom('blocked_slots')
        .select([sql<number | null>`null`.as('user_id'), 'start_at as busy_start', 'end_at as busy_end'])
        .where('calendar_id', '=', p.calendarPk)
        .where('end_at', '>', p.from)
        .where('start_at', '<', p.to),
    )
    .unionAll((eb) =>
      eb
        .selectFrom('host_busy')
        .select([sql<number | null>`null`.as('user_id'), 'busy_start', 'busy_end'])
        .where('calendar_id', '=', p.calendarPk)
        .$if(!p.hostless, (query) => query.where('user_id', 'is', null))
        .where('busy_end', '>', p.from)
        .where('busy_start', '<', p.to)
        .$if(p.seatedCalendarPk !== null, (query) => query.where('seat_slot_id', 'is', null)),
    );

/** Rows of `hostBusyAndBlocksQuery`: hosts' busy time, and what occupies the whole calendar (no user). */
export function splitBusy(rows: Array<{ user_id: number | null; busy_start: number; busy_end: number }>): { busy: BusyRow[]; calendarBusy: Array<{ start: number; end: number }> } {
  const busy: BusyRow[] = [];
  const calendarBusy: Array<{ start: number; end: number }> = [];
  for (const r of rows) {
    if (r.user_id === null) calendarBusy.push({ start: r.busy_start, end: r.busy_end });
    else busy.push({ userPk: r.user_id, start: r.busy_start, end: r.busy_end });
  }
  return { busy, calendarBusy };
}

/** Seat slots of a calendar starting in [from, to), with the busy range they occupy. */
export async function loadSeatSlots(db: Queryable, calendarPk: number, from: number, to: number): Promise<SeatSlotRow[]> {
  const rows = await db
    .selectFrom('seat_slots')
    .innerJoin('host_busy', 'host_busy.seat_slot_id', 'seat_slots.id')
    .select(['seat_slots.user_id', 'seat_slots.start_at', 'seat_slots.seats_taken', 'host_busy.busy_start', 'host_busy.busy_end'])
    .where('seat_slots.calendar_id', '=', calendarPk)
    .where('seat_slots.start_at', '>=', from)
    .where('seat_slots.start_at', '<', to)
    .where('seat_slots.seats_taken', '>', 0)
    .execute();
  return rows.map((r) => ({ userPk: r.user_id, start: r.start_at, seatsTaken: r.seats_taken, busyStart: r.busy_start, busyEnd: r.busy_end }));
}

/** Starts of this calendar's active bookings in [from, to), with their host (for per-day limits). */
export async function loadBookingStarts(db: Queryable, calendarPk: number, from: number, to: number, hostless = false): Promise<Array<{ userPk: number | null; start: number; bookingPk: number }>> {
  if (hostless) {
    // A calendar without hosts counts every booking it holds, whoever held it before.
    const own = await db
      .selectFrom('bookings')
      .select(['id', 'start_at'])
      .where('calendar_id', '=', calendarPk)
      .where('start_at', '>=', from)
      .where('start_at', '<', to)
      .where('status', 'in', OCCUPYING)
      .where('deleted_at', 'is', null)
      .execute();
    return own.map((r) => ({ userPk: null, start: r.start_at, bookingPk: r.id }));
  }
  const rows = await db
    .selectFrom('booking_hosts')
    .select(['user_id', 'start_at', 'booking_id'])
    .where('calendar_id', '=', calendarPk)
    .where('start_at', '>=', from)
    .where('start_at', '<', to)
    .where('active', '=', 1)
    .execute();
  return rows.map((r) => ({ userPk: r.user_id, start: r.start_at, bookingPk: r.booking_id }));
}
