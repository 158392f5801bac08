import { reusableQuery } from '../reusable-query.ts';
import { PostgresAdapter, sql, type Selectable } from 'kysely';
import type { DatabaseKind, Queryable } from '../database.ts';
import type { Insertable, Updateable } from 'kysely';
import type { BookingEventsTable, BookingHostsTable, BookingsTable, HostBusyTable } from '../schema.ts';
import { locationOwned, type RowWithLocation } from './location-owned.ts';
import { containsText, inScope, type Page, type PageRequest, type TenantScope } from './scope.ts';

export type BookingStatus = 'pending' | 'confirmed' | 'cancelled' | 'declined' | 'no_show' | 'completed';
/** Statuses in which a booking occupies its hosts. */
export const OCCUPYING: readonly BookingStatus[] = ['pending', 'confirmed', 'no_show', 'completed'];
/** Statuses a booking can be rescheduled from: it has not taken place. */
export const MOVABLE: readonly BookingStatus[] = ['pending', 'confirmed'];

export interface BookingHost {
  userPk: number;
  userId: string;
  role: 'primary' | 'secondary';
}

export interface BookingAnswer {
  questionId: string | null;
  label: string;
  value: string;
}

export interface BookingRecord {
  pk: number;
  id: string;
  locationPk: number;
  locationId: string;
  calendarPk: number;
  contactPk: number;
  seriesPk: number | null;
  seriesIndex: number | null;
  status: BookingStatus;
  title: string | null;
  description: string | null;
  start: number;
  end: number;
  preBufferMin: number;
  postBufferMin: number;
  timeZone: string | null;
  seats: number;
  seatSlotPk: number | null;
  meetingLocation: { kind: string; value: string | null } | null;
  /** availability: booked outside availability, may overlap; limits: notice, window and daily limit skipped. */
  override: 'none' | 'availability' | 'limits';
  /** False when the booking was made or last changed asking that nobody be notified (no automations). */
  notify: boolean;
  /** Free-form data kept with the booking (JSON object); `notify` lives here. */
  extensions: Record<string, unknown>;
  createdVia: string;
  createdByType: string;
  createdById: string | null;
  cancelReason: string | null;
  cancelledAt: number | null;
  createdAt: number;
  updatedAt: number;
  deletedAt: number | null;
}

export interface Booking extends BookingRecord {
  calendarId: string;
  contactId: string;
  seriesId: string | null;
  hosts: BookingHost[];
  answers: BookingAnswer[];
  /** The rooms and equipment the booking holds (public ids). */
  resourceIds: string[];
}

function toRecord(row: RowWithLocation<'bookings'>): BookingRecord {
  const extensions = JSON.parse(row.extensions) as Record<string, unknown>;
  return {
    pk: row.id,
    id: row.public_id,
    locationPk: row.location_id,
    locationId: row.location_public_id,
    calendarPk: row.calendar_id,
    contactPk: row.contact_id,
    seriesPk: row.series_id,
    seriesIndex: row.series_index,
    status: row.status as BookingStatus,
    title: row.title,
    description: row.description,
    start: row.start_at,
    end: row.end_at,
    preBufferMin: row.pre_buffer_min,
    postBufferMin: row.post_buffer_min,
    timeZone: row.time_zone,
    seats: row.seats,
    seatSlotPk: row.seat_slot_id,
    meetingLocation: row.meeting_location_kind === null ? null : { kind: row.meeting_location_kind, value: row.meeting_location },
    override: row.override as BookingRecord['override'],
    notify: extensions.notify !== false,
    extensions,
    createdVia: row.created_via,
    createdByType: row.created_by_type,
    createdById: row.created_by_id,
    cancelReason: row.cancel_reason,
    cancelledAt: row.cancelled_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  };
}

const bookings = locationOwned('bookings', toRecord);

export interface BookingFilter {
  calendarPk?: number;
  hostPk?: number;
  contactPk?: number;
  statuses?: BookingStatus[];
  /** Bookings overlapping [from, to). */
  from?: number;
  to?: number;
  /** Bookings starting at or after this instant. */
  startsFrom?: number;
  /** Text in the title or description. */
  q?: string;
  seriesPk?: number;
  order?: 'asc' | 'desc';
}

/** Public ids of the calendar, contact and series, hosts and answers of several bookings. */
async function withParts(db: Queryable, records: BookingRecord[]): Promise<Booking[]> {
  if (records.length === 0) return [];
  const pks = records.map((r) => r.pk);
  const [refs, hosts, answers, resources] = await Promise.all([
    db
      .selectFrom('bookings')
      .innerJoin('calendars', 'calendars.id', 'bookings.calendar_id')
      .innerJoin('contacts', 'contacts.id', 'bookings.contact_id')
      .leftJoin('booking_series', 'booking_series.id', 'bookings.series_id')
      .select(['bookings.id', 'calendars.public_id as calendar_id', 'contacts.public_id as contact_id', 'booking_series.public_id as series_id'])
      .where('bookings.id', 'in', pks)
      .execute(),
    db
      .selectFrom('booking_hosts')
      .innerJoin('users', 'users.id', 'booking_hosts.user_id')
      .select(['booking_hosts.booking_id', 'booking_hosts.user_id', 'users.public_id', 'booking_hosts.role'])
      .where('booking_hosts.booking_id', 'in', pks)
      .orderBy('booking_hosts.id')
      .execute(),
    db
      .selectFrom('booking_answers')
      .leftJoin('booking_questions', 'booking_questions.id', 'booking_answers.question_id')
      .select(['booking_answers.booking_id', 'booking_questions.public_id', 'booking_answers.label', 'booking_answers.value'])
      .where('booking_answers.booking_id', 'in', pks)
      .orderBy('booking_answers.id')
      .execute(),
    db
      .selectFrom('booking_resources')
      .innerJoin('resources', 'resources.id', 'booking_resources.resource_id')
      .select(['booking_resources.booking_id', 'resources.public_id'])
      .where('booking_resources.booking_id', 'in', pks)
      .orderBy('booking_resources.id')
      .execute(),
  ]);
  const refOf = new Map(refs.map((r) => [r.id, r]));
  return records.map((record) => {
    const ref = refOf.get(record.pk)!;
    return {
      ...record,
      calendarId: ref.calendar_id,
      contactId: ref.contact_id,
      seriesId: ref.series_id,
      hosts: hosts
        .filter((h) => h.booking_id === record.pk)
        .map((h) => ({ userPk: h.user_id, userId: h.public_id, role: h.role as 'primary' | 'secondary' })),
      answers: answers
        .filter((a) => a.booking_id === record.pk)
        .map((a) => ({ questionId: a.public_id, label: a.label, value: a.value })),
      resourceIds: resources.filter((r) => r.booking_id === record.pk).map((r) => r.public_id),
    };
  });
}

export async function findBooking(db: Queryable, scope: TenantScope, publicId: string): Promise<Booking | undefined> {
  const record = await bookings.find(db, scope, publicId);
  if (!record || record.deletedAt !== null) return undefined;
  return (await withParts(db, [record]))[0];
}

/**
 * Locks a booking's row (with `series`, every booking of its series) until the transaction ends,
 * so that two changes to one booking run one after the other and the second sees the first. Rows
 * are locked in key order: two lockers never wait for each other in a circle. PostgreSQL only:
 * SQLite's writers are serialised already.
 */
export async function lockBookings(db: Queryable, kind: DatabaseKind, scope: TenantScope, publicId: string, series: boolean): Promise<void> {
  if (kind !== 'postgres') return;
  const same = series
    ? sql`(public_id = ${publicId} or series_id = (select series_id from bookings where public_id = ${publicId}))`
    : sql`public_id = ${publicId}`;
  await sql`select id from bookings where ${same} and ${inScope('location_id', scope)} order by id for update`.execute(db);
}

export async function findBookingByPk(db: Queryable, pk: number): Promise<Booking | undefined> {
  const record = await bookings.findByPk(db, pk);
  return record && (await withParts(db, [record]))[0];
}

export async function listBookings(db: Queryable, scope: TenantScope, filter: BookingFilter, page: PageRequest): Promise<Page<Booking>> {
  let query = bookings.scoped(db, scope).where('bookings.deleted_at', 'is', null);
  if (filter.calendarPk !== undefined) query = query.where('bookings.calendar_id', '=', filter.calendarPk);
  if (filter.contactPk !== undefined) query = query.where('bookings.contact_id', '=', filter.contactPk);
  if (filter.seriesPk !== undefined) query = query.where('bookings.series_id', '=', filter.seriesPk);
  if (filter.statuses?.length) query = query.where('bookings.status', 'in', filter.statuses);
  if (filter.from !== undefined) query = query.where('bookings.end_at', '>', filter.from);
  if (filter.to !== undefined) query = query.where('bookings.start_at', '<', filter.to);
  if (filter.startsFrom !== undefined) query = query.where('bookings.start_at', '>=', filter.startsFrom);
  if (filter.q) query = query.where(() => containsText(['bookings.title', 'bookings.description'], filter.q!));
  if (filter.hostPk !== undefined) {
    query = query.where(() => sql<boolean>`exists (select 1 from booking_hosts h where h.booking_id = bookings.id and h.user_id = ${filter.hostPk})`);
  }
  const order = filter.order ?? 'asc';
  const [rows, count] = await Promise.all([
    query
      .selectAll('bookings')
      .select('locations.public_id as location_public_id')
      .orderBy('bookings.start_at', order)
      .orderBy('bookings.id', order)
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    query.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  const records = (rows as RowWithLocation<'bookings'>[]).map(toRecord);
  return { items: await withParts(db, records), total: Number(count.n), ...page };
}

export const insertBooking = (db: Queryable, values: Insertable<BookingsTable>) => bookings.insert(db, values);
/** INSERT … RETURNING * in one statement; the caller knows the location's public id. */
const insertBookingRow = reusableQuery((db, row: Insertable<BookingsTable>) => db.insertInto('bookings').values(row).returningAll());
const insertBookingHostRow = reusableQuery((db, row: Insertable<BookingHostsTable>) => db.insertInto('booking_hosts').values(row));
const insertBusyRow = reusableQuery((db, row: Insertable<HostBusyTable>) => db.insertInto('host_busy').values(row));

/** A history entry's row. */
export const insertBookingEventRow = reusableQuery((db, row: Insertable<BookingEventsTable>) => db.insertInto('booking_events').values(row));

/** A new booking's rows: the booking, its busy time, its hosts and its history entry. */
export interface NewBookingRows {
  booking: Insertable<BookingsTable>;
  busy: Array<Omit<Insertable<HostBusyTable>, 'booking_id'>>;
  hosts: Array<Omit<Insertable<BookingHostsTable>, 'booking_id'>>;
  event: Omit<Insertable<BookingEventsTable>, 'booking_id'>;
}

// PostgreSQL writes them in one statement: each row refers to the booking the first one inserts.
const insertBookingWithRowsStatement = reusableQuery((db, p: NewBookingRows) => {
  const bookingId = sql<number>`(select id from b)`;
  const withBusy = db
    .with('b', (q) => q.insertInto('bookings').values(p.booking).returningAll())
    .with('busy', (q) => q.insertInto('host_busy').values(p.busy.map((row) => ({ ...row, booking_id: bookingId }))));
  // A calendar without hosts has no host rows (and VALUES cannot be empty).
  const withHosts =
    p.hosts.length === 0 ? withBusy : (withBusy.with('h', (q) => q.insertInto('booking_hosts').values(p.hosts.map((row) => ({ ...row, booking_id: bookingId })))) as unknown as typeof withBusy);
  return withHosts
    .with('e', (q) => q.insertInto('booking_events').values({ ...p.event, booking_id: bookingId }))
    .selectFrom('b')
    .selectAll();
});

/**
 * Inserts a new booking with its rows in one statement on PostgreSQL (one after another on
 * SQLite). A busy row that overlaps another fails it as a whole, as the no-overlap rule does for
 * a single row.
 */
export async function insertBookingWithRows(db: Queryable, rows: NewBookingRows, locationPublicId: string): Promise<BookingRecord> {
  let row: Selectable<BookingsTable> | undefined;
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    [row] = (await insertBookingWithRowsStatement(db, rows)) as Array<Selectable<BookingsTable>>;
  } else {
    [row] = await insertBookingRow(db, rows.booking);
    if (row !== undefined) {
      const bookingId = row.id;
      await insertBusy(db, rows.busy.map((busy) => ({ ...busy, booking_id: bookingId })));
      await insertHostRows(db, rows.hosts.map((host) => ({ ...host, booking_id: bookingId })));
      await insertBookingEventRow(db, { ...rows.event, booking_id: bookingId });
    }
  }
  if (row === undefined) throw new Error('insert into bookings returned no row');
  return toRecord({ ...row, location_public_id: locationPublicId } as RowWithLocation<'bookings'>);
}

export async function insertBookingReturning(db: Queryable, values: Insertable<BookingsTable>, locationPublicId: string): Promise<BookingRecord> {
  const [row] = await insertBookingRow(db, values);
  if (row === undefined) throw new Error('insert into bookings returned no row');
  return toRecord({ ...row, location_public_id: locationPublicId } as RowWithLocation<'bookings'>);
}
export const updateBookingRow = (db: Queryable, pk: number, values: Updateable<BookingsTable>) => bookings.update(db, pk, values);

export async function insertBookingHosts(
  db: Queryable,
  booking: { pk: number; calendarPk: number; start: number },
  hosts: Array<{ userPk: number; role: 'primary' | 'secondary' }>,
  now: number,
): Promise<void> {
  await insertHostRows(db, bookingHostRows(booking, hosts, now).map((row) => ({ ...row, booking_id: booking.pk })));
}

/** The rows of a booking's hosts, without the booking (its id may not be known yet). */
export function bookingHostRows(booking: { calendarPk: number; start: number }, hosts: Array<{ userPk: number; role: 'primary' | 'secondary' }>, now: number) {
  return hosts.map((h) => ({ user_id: h.userPk, role: h.role, calendar_id: booking.calendarPk, start_at: booking.start, active: 1, assigned_at: now }));
}

async function insertHostRows(db: Queryable, rows: Array<Insertable<BookingHostsTable>>): Promise<void> {
  if (rows.length === 1) await insertBookingHostRow(db, rows[0]!);
  else if (rows.length > 1) await db.insertInto('booking_hosts').values(rows).execute();
}

export async function setBookingHostsActive(db: Queryable, bookingPk: number, active: boolean, start?: number): Promise<void> {
  await db
    .updateTable('booking_hosts')
    .set(start === undefined ? { active: active ? 1 : 0 } : { active: active ? 1 : 0, start_at: start })
    .where('booking_id', '=', bookingPk)
    .execute();
}

export async function insertBusy(db: Queryable, rows: Array<Insertable<HostBusyTable>>): Promise<void> {
  if (rows.length === 1) await insertBusyRow(db, rows[0]!);
  else if (rows.length > 0) await db.insertInto('host_busy').values(rows).execute();
}

export async function moveBookingBusy(db: Queryable, bookingPk: number, busyStart: number, busyEnd: number): Promise<void> {
  await db.updateTable('host_busy').set({ busy_start: busyStart, busy_end: busyEnd }).where('booking_id', '=', bookingPk).execute();
}

export async function deleteBookingBusy(db: Queryable, bookingPk: number): Promise<void> {
  await db.deleteFrom('host_busy').where('booking_id', '=', bookingPk).execute();
}

export async function insertAnswers(db: Queryable, bookingPk: number, answers: Array<{ questionPk: number | null; label: string; value: string }>, now: number): Promise<void> {
  if (answers.length === 0) return;
  await db
    .insertInto('booking_answers')
    .values(answers.map((a) => ({ booking_id: bookingPk, question_id: a.questionPk, label: a.label, value: a.value, created_at: now })))
    .execute();
}

/** How many bookings each host was given on a calendar since `since` (round-robin fairness). */
export async function recentAssignments(db: Queryable, calendarPk: number, userPks: number[], since: number): Promise<Map<number, number>> {
  if (userPks.length === 0) return new Map();
  const rows = await db
    .selectFrom('booking_hosts')
    .select(['user_id', sql<number>`count(*)`.as('n')])
    .where('calendar_id', '=', calendarPk)
    .where('user_id', 'in', userPks)
    .where('assigned_at', '>=', since)
    .where('active', '=', 1)
    .groupBy('user_id')
    .execute();
  return new Map(rows.map((r) => [r.user_id, Number(r.n)]));
}

/** The seat slot of (calendar, host, start), created empty when missing; `created` tells which. */
export async function seatSlotFor(
  db: Queryable,
  slot: { locationPk: number; calendarPk: number; userPk: number | null; start: number; end: number },
  now: number,
): Promise<{ pk: number; created: boolean }> {
  let existing = db
    .selectFrom('seat_slots')
    .select('id')
    .where('calendar_id', '=', slot.calendarPk)
    .where('start_at', '=', slot.start);
  existing = slot.userPk === null ? existing.where('user_id', 'is', null) : existing.where('user_id', '=', slot.userPk);
  const found = await existing.executeTakeFirst();
  if (found) return { pk: found.id, created: false };
  const inserted = await db
    .insertInto('seat_slots')
    .values({ location_id: slot.locationPk, calendar_id: slot.calendarPk, user_id: slot.userPk, start_at: slot.start, end_at: slot.end, seats_taken: 0, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { pk: inserted.id, created: true };
}

/** Takes `seats` on a seat slot unless that would pass `capacity`; false when it is full. */
export async function takeSeats(db: Queryable, seatSlotPk: number, seats: number, capacity: number | null, now: number): Promise<boolean> {
  let query = db
    .updateTable('seat_slots')
    .set((eb) => ({ seats_taken: eb('seats_taken', '+', seats), updated_at: now }))
    .where('id', '=', seatSlotPk);
  if (capacity !== null) query = query.where(sql<boolean>`seats_taken + ${seats} <= ${capacity}`);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Gives seats back; the slot, and through it its busy row, goes when no seat is left. */
export async function releaseSeats(db: Queryable, seatSlotPk: number, seats: number, now: number): Promise<void> {
  await db
    .updateTable('seat_slots')
    .set((eb) => ({ seats_taken: eb('seats_taken', '-', seats), updated_at: now }))
    .where('id', '=', seatSlotPk)
    .execute();
  await db.deleteFrom('seat_slots').where('id', '=', seatSlotPk).where('seats_taken', '<=', 0).execute();
}
