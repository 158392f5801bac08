import { chooseResources, resourceNeeds, type ResourceNeed, type RoomPlaces, type SharedResource } from '../../core/resources.ts';
import type { DatabaseKind, Queryable } from '../../store/database.ts';
import type { Calendar } from '../../store/repositories/calendars.ts';
import {
  insertBookingResources,
  loadCalendarResourceUse,
  loadResourceUse,
  lockResources,
  releaseBookingResources,
  type CalendarResource,
} from '../../store/repositories/resources.ts';

/**
 * What a booking takes of its calendar's rooms and equipment. Only active, not deleted resources
 * count: an inactive one is neither taken nor limits anything. A booking takes 1 unit of every
 * piece of equipment and its seats in one room, over its padded busy range.
 */

function shared(resources: CalendarResource[]): Array<SharedResource<number>> {
  return resources.map((r) => ({ id: r.pk, kind: r.kind, available: r.usable }));
}

/**
 * The needs a calendar's bookings have of its resources over [from, to), and its rooms' places
 * with their use, for the free-slot rules.
 */
export async function loadResourceNeeds(db: Queryable, calendar: Calendar, from: number, to: number, seats: number): Promise<{ needs: ResourceNeed[]; rooms: RoomPlaces[] }> {
  if (calendar.resources.length === 0) return { needs: [], rooms: [] };
  const uses = await loadCalendarResourceUse(db, calendar.pk, from, to);
  const rooms = calendar.resources.filter((r) => r.kind === 'room').map((r) => ({ available: r.usable, uses: uses.get(r.pk) ?? [] }));
  return { needs: resourceNeeds(shared(calendar.resources), uses, seats), rooms };
}

/**
 * Starts a booking's placement: locks the calendar's resources until the transaction ends, so
 * counting their use and taking it cannot interleave with another booking, and gives back what
 * the booking took before (a moved booking must not count against itself).
 */
export async function prepareResources(trx: Queryable, kind: DatabaseKind, calendar: Calendar, booking: { pk: number; fresh: boolean }): Promise<CalendarResource[]> {
  await prepareResourcesOfCalendars(trx, kind, [calendar], booking);
  return calendar.resources;
}

/**
 * prepareResources for a booking over several calendars (a service booking's services). A fresh
 * booking (being created) holds nothing yet to give back.
 */
export async function prepareResourcesOfCalendars(trx: Queryable, kind: DatabaseKind, calendars: Calendar[], booking: { pk: number; fresh: boolean }): Promise<void> {
  const all = [...new Set(calendars.flatMap((c) => c.resources.map((r) => r.pk)))];
  if (all.length > 0) await lockResources(trx, kind, all);
  if (!booking.fresh) await releaseBookingResources(trx, booking.pk);
}

/**
 * Takes the booking's units over [start, end); false (nothing taken) when a resource is full —
 * unless `force` (an admin override), which takes them anyway.
 */
export async function takeResources(
  trx: Queryable,
  resources: CalendarResource[],
  booking: { pk: number; seats: number; start: number; end: number; force: boolean },
): Promise<boolean> {
  if (resources.length === 0) return true;
  const range = { start: booking.start, end: booking.end };
  const uses = await loadResourceUse(trx, resources.map((r) => r.pk), range.start, range.end);
  const taken = chooseResources(shared(resources), uses, booking.seats, range, booking.force);
  if (taken === null) return false;
  await insertBookingResources(trx, booking.pk, taken, range);
  return true;
}
