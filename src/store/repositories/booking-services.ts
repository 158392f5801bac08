import { sql } from 'kysely';
import type { Queryable } from '../database.ts';

/** An add-on ordered with a service item; `duration` minutes per unit lengthen the item. */
export interface AddOn {
  id: string;
  quantity: number;
  duration: number;
}

export interface NewServiceItem {
  publicId: string;
  calendarPk: number;
  variantPk: number | null;
  userPk: number;
  staffRequested: boolean;
  start: number;
  end: number;
  preBufferMin: number;
  postBufferMin: number;
  position: number;
  addOns: AddOn[];
}

/** One service of a service booking, with the public ids a dialect shows. */
export interface ServiceItem extends NewServiceItem {
  pk: number;
  id: string;
  serviceId: string;
  /** The service's category (calendar group) public id. */
  categoryId: string | null;
  variantId: string | null;
  staffId: string;
  /** The rooms and equipment this item holds (public ids). */
  resourceIds: string[];
}

/** What a service booking has beyond its bookings row. */
export interface ServiceBookingExtras {
  /** The bookings row's free-form data (JSON object). */
  extensions: Record<string, unknown>;
  serviceLocationPk: number | null;
  serviceLocationId: string | null;
  items: ServiceItem[];
}

export async function insertServiceItems(db: Queryable, bookingPk: number, items: NewServiceItem[], now: number): Promise<void> {
  if (items.length === 0) return;
  await db
    .insertInto('booking_services')
    .values(
      items.map((item) => ({
        public_id: item.publicId,
        booking_id: bookingPk,
        calendar_id: item.calendarPk,
        variant_id: item.variantPk,
        user_id: item.userPk,
        staff_requested: item.staffRequested ? 1 : 0,
        start_at: item.start,
        end_at: item.end,
        pre_buffer_min: item.preBufferMin,
        post_buffer_min: item.postBufferMin,
        position: item.position,
        add_ons: JSON.stringify(item.addOns),
        created_at: now,
      })),
    )
    .execute();
}

/** Removes a service booking's items and hosts, before they are written anew. */
export async function deleteServiceItems(db: Queryable, bookingPk: number): Promise<void> {
  await db.deleteFrom('booking_services').where('booking_id', '=', bookingPk).execute();
  await db.deleteFrom('booking_hosts').where('booking_id', '=', bookingPk).execute();
}

/** Items and service location of several bookings in two queries; bookings without items are absent. */
export async function loadServiceBookingExtras(db: Queryable, bookingPks: number[]): Promise<Map<number, ServiceBookingExtras>> {
  if (bookingPks.length === 0) return new Map();
  const [items, locations, resources] = await Promise.all([
    db
      .selectFrom('booking_services as s')
      .innerJoin('calendars as c', 'c.id', 's.calendar_id')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .leftJoin('calendar_groups as g', 'g.id', 'c.group_id')
      .leftJoin('calendar_variants as v', 'v.id', 's.variant_id')
      .selectAll('s')
      .select(['c.public_id as service_id', 'g.public_id as category_id', 'v.public_id as variant_public_id', 'u.public_id as staff_id'])
      .where('s.booking_id', 'in', bookingPks)
      .orderBy('s.booking_id')
      .orderBy('s.position')
      .execute(),
    db
      .selectFrom('bookings as b')
      .leftJoin('service_locations as l', 'l.id', 'b.service_location_id')
      .select(['b.id', 'b.extensions', 'b.service_location_id', 'l.public_id'])
      .where('b.id', 'in', bookingPks)
      .execute(),
    db
      .selectFrom('booking_resources as br')
      .innerJoin('resources as r', 'r.id', 'br.resource_id')
      .select(['br.booking_id', 'r.public_id', 'br.use_start', 'br.use_end'])
      .where('br.booking_id', 'in', bookingPks)
      .orderBy('br.id')
      .execute(),
  ]);
  const extras = new Map<number, ServiceBookingExtras>();
  for (const location of locations) {
    const own = items.filter((i) => i.booking_id === location.id);
    if (own.length === 0) continue;
    extras.set(location.id, {
      extensions: JSON.parse(location.extensions) as Record<string, unknown>,
      serviceLocationPk: location.service_location_id,
      serviceLocationId: location.public_id,
      items: own.map((i) => ({
        pk: i.id,
        id: i.public_id,
        publicId: i.public_id,
        calendarPk: i.calendar_id,
        serviceId: i.service_id,
        categoryId: i.category_id,
        variantPk: i.variant_id,
        variantId: i.variant_public_id,
        userPk: i.user_id,
        staffId: i.staff_id,
        staffRequested: i.staff_requested === 1,
        start: i.start_at,
        end: i.end_at,
        preBufferMin: i.pre_buffer_min,
        postBufferMin: i.post_buffer_min,
        position: i.position,
        addOns: JSON.parse(i.add_ons) as AddOn[],
        // Each item takes its resources over its own time (padded at the booking's ends).
        resourceIds: resources.filter((r) => r.booking_id === i.booking_id && r.use_start <= i.start_at && r.use_end >= i.end_at).map((r) => r.public_id),
      })),
    });
  }
  return extras;
}

/** Keys of a location's service bookings (not deleted) overlapping [from, to), by start. */
export async function listServiceBookingPks(
  db: Queryable,
  locationPk: number,
  filter: { from: number; to: number; serviceLocationPk?: number },
): Promise<number[]> {
  let query = db
    .selectFrom('bookings')
    .select('bookings.id')
    .where('bookings.location_id', '=', locationPk)
    .where('bookings.deleted_at', 'is', null)
    .where('bookings.end_at', '>', filter.from)
    .where('bookings.start_at', '<', filter.to)
    .where(() => sql<boolean>`exists (select 1 from booking_services s where s.booking_id = bookings.id)`);
  if (filter.serviceLocationPk !== undefined) query = query.where('bookings.service_location_id', '=', filter.serviceLocationPk);
  const rows = await query.orderBy('bookings.start_at').orderBy('bookings.id').execute();
  return rows.map((r) => r.id);
}

/** True when the booking is a service booking (it has items). */
export async function isServiceBooking(db: Queryable, bookingPk: number): Promise<boolean> {
  const row = await db.selectFrom('booking_services').select('id').where('booking_id', '=', bookingPk).limit(1).executeTakeFirst();
  return row !== undefined;
}
