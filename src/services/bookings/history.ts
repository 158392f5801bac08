import type { Queryable } from '../../store/database.ts';
import { insertBookingEventRow, type Booking, type BookingStatus } from '../../store/repositories/bookings.ts';

export interface Actor {
  type: 'api_key' | 'user' | 'contact' | 'system';
  id: string | null;
}

export type BookingEventType =
  | 'created'
  | 'updated'
  | 'rescheduled'
  | 'confirmed'
  | 'declined'
  | 'cancelled'
  | 'no_show'
  | 'completed'
  | 'deleted';

/** What a history entry remembers of a booking before and after a change. */
export function snapshot(booking: Pick<Booking, 'start' | 'end' | 'status'> & { hosts: Array<{ userId: string; role: string }> }) {
  return {
    start: new Date(booking.start).toISOString(),
    end: new Date(booking.end).toISOString(),
    status: booking.status,
    hosts: booking.hosts.map((h) => ({ id: h.userId, role: h.role })),
  };
}

export interface EventEntry {
  type: BookingEventType;
  from?: BookingStatus | null;
  to?: BookingStatus | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
  actor: Actor;
  via: string;
  at: number;
}

/** The history row of an entry, for a booking of `locationPk` (its id is added by the writer). */
export function eventRow(locationPk: number, entry: EventEntry) {
  return {
    location_id: locationPk,
    type: entry.type,
    from_status: entry.from ?? null,
    to_status: entry.to ?? null,
    before: entry.before === undefined ? null : JSON.stringify(entry.before),
    after: entry.after === undefined ? null : JSON.stringify(entry.after),
    reason: entry.reason ?? null,
    actor_type: entry.actor.type,
    actor_id: entry.actor.id,
    via: entry.via,
    occurred_at: entry.at,
  };
}

export async function recordEvent(db: Queryable, entry: EventEntry & { booking: { pk: number; locationPk: number } }): Promise<void> {
  await insertBookingEventRow(db, { booking_id: entry.booking.pk, ...eventRow(entry.booking.locationPk, entry) });
}

export interface HistoryEntry {
  type: string;
  fromStatus: string | null;
  toStatus: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  actor: Actor;
  via: string;
  at: number;
}

export async function loadHistory(db: Queryable, bookingPk: number): Promise<HistoryEntry[]> {
  const rows = await db.selectFrom('booking_events').selectAll().where('booking_id', '=', bookingPk).orderBy('occurred_at').orderBy('id').execute();
  return rows.map((r) => ({
    type: r.type,
    fromStatus: r.from_status,
    toStatus: r.to_status,
    before: r.before === null ? null : JSON.parse(r.before),
    after: r.after === null ? null : JSON.parse(r.after),
    reason: r.reason,
    actor: { type: r.actor_type as Actor['type'], id: r.actor_id },
    via: r.via,
    at: r.occurred_at,
  }));
}
