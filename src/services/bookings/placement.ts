import { rankRoundRobinHosts } from '../../core/round-robin.ts';
import { findFreeSlot } from '../../core/slots.ts';
import { DAY_MS, MINUTE_MS } from '../../core/time-zone.ts';
import type { DatabaseKind, Queryable } from '../../store/database.ts';
import { isBusyOverlap, isUniqueViolation } from '../../store/errors.ts';
import { insertBusy, recentAssignments, seatSlotFor, takeSeats } from '../../store/repositories/bookings.ts';
import type { Calendar } from '../../store/repositories/calendars.ts';
import { inSavepoint, lockKeys } from '../../store/savepoint.ts';
import { HOSTLESS_ID, loadSlotInput } from '../free-slots.ts';
import { prepareResources, takeResources } from './resources.ts';

/** Round-robin fairness counts the bookings a host was given in this many days. */
const RECENT_MS = 30 * DAY_MS;

export interface PlacementRequest {
  kind: DatabaseKind;
  calendar: Calendar;
  timeZone: string;
  bookingPk: number;
  start: number;
  durationMin: number;
  seats: number;
  /** Admin override: outside availability and limits, overlapping allowed (rows not enforced). */
  override: boolean;
  /** Notice, booking window and daily limit are not checked; availability and overlaps are. */
  ignoreLimits?: boolean;
  /** The booking is being created: it holds nothing yet. */
  fresh?: boolean;
  /**
   * Nothing runs in the transaction after a failed placement (the request fails as a whole), so
   * a single attempt needs no savepoint to undo it.
   */
  finalAttempt?: boolean;
  /** Only these hosts (public ids); the first that is free wins, in ranking order. */
  hostIds?: string[];
  now: number;
}

export interface Placement {
  hosts: Array<{ userPk: number; userId: string; role: 'primary' | 'secondary' }>;
  seatSlotPk: number | null;
  /** The booking took rooms or equipment of its calendar. */
  holdsResources: boolean;
}

type HostGroup = Array<{ pk: number | null; id: string }>;

class SlotTaken extends Error {}
/** A room or piece of equipment of the calendar is fully used at that time: no host helps. */
class ResourcesFull extends Error {}

/**
 * Gives a booking its hosts and writes the busy rows that occupy them, and takes the calendar's
 * rooms and equipment (replacing what the booking took before). The database refuses overlaps,
 * so when a row cannot be written the next eligible host is tried; null when the time is not free
 * for anyone or a resource is fully used.
 */
export async function placeBooking(trx: Queryable, req: PlacementRequest): Promise<Placement | null> {
  const { calendar } = req;
  const end = req.start + req.durationMin * MINUTE_MS;
  const busyStart = req.start - calendar.preBufferMin * MINUTE_MS;
  const busyEnd = end + calendar.postBufferMin * MINUTE_MS;
  // Before anything is counted: resource use is counted, not constrained.
  const resources = await prepareResources(trx, req.kind, calendar, { pk: req.bookingPk, fresh: req.fresh ?? false });
  const groups = req.override ? overrideGroups(calendar, req.hostIds) : await freeGroups(trx, req);
  if (groups === null) return null;

  const attempt = <T>(work: () => Promise<T>) => (req.finalAttempt && groups.length === 1 ? work() : inSavepoint(trx, work));
  for (const group of groups) {
    try {
      return await attempt(async () => {
        const enforced = req.override ? 0 : 1;
        let seatSlotPk: number | null = null;
        if (calendar.seatsPerSlot > 1) {
          const host = group[0]!;
          const slot = await seatSlot(trx, req, host.pk, end);
          if (slot.created) {
            await insertBusy(trx, [
              { location_id: calendar.locationPk, user_id: host.pk, calendar_id: calendar.pk, kind: 'seat_slot', seat_slot_id: slot.pk, busy_start: busyStart, busy_end: busyEnd, enforced },
            ]);
          }
          if (!(await takeSeats(trx, slot.pk, req.seats, req.override ? null : calendar.seatsPerSlot, req.now))) throw new SlotTaken();
          seatSlotPk = slot.pk;
        } else {
          await insertBusy(trx, busyRowsOf(req, group).map((row) => ({ ...row, booking_id: req.bookingPk })));
        }
        const use = { pk: req.bookingPk, seats: req.seats, start: busyStart, end: busyEnd, force: req.override };
        if (!(await takeResources(trx, resources, use))) throw new ResourcesFull();
        const hosts = placedHosts(group);
        return { hosts, seatSlotPk, holdsResources: resources.length > 0 };
      });
    } catch (error) {
      if (error instanceof ResourcesFull) return null;
      if (error instanceof SlotTaken || isBusyOverlap(error)) continue;
      throw error;
    }
  }
  return null;
}

/** A host group as the booking's hosts: the first is primary; a hostless calendar has none. */
function placedHosts(group: HostGroup): Placement['hosts'] {
  return group.filter((h) => h.pk !== null).map((h, i) => ({ userPk: h.pk!, userId: h.id, role: i === 0 ? ('primary' as const) : ('secondary' as const) }));
}

/** The busy rows of a booking's host group, without the booking (its id is not known yet). */
function busyRowsOf(req: Omit<PlacementRequest, 'bookingPk'>, group: HostGroup) {
  const { calendar } = req;
  const end = req.start + req.durationMin * MINUTE_MS;
  return group.map((host) => ({
    location_id: calendar.locationPk,
    user_id: host.pk,
    calendar_id: calendar.pk,
    kind: 'booking' as const,
    busy_start: req.start - calendar.preBufferMin * MINUTE_MS,
    busy_end: end + calendar.postBufferMin * MINUTE_MS,
    enforced: req.override ? 0 : 1,
  }));
}

export type PlacedHosts = Placement['hosts'];
export type BusyRows = ReturnType<typeof busyRowsOf>;

/**
 * Places a new booking that needs no seats or resources and writes it with its rows through
 * `insert` in one go: the hosts are chosen first, then the booking, its busy time and the rest
 * are written together. When the database refuses the busy time (another booking took it in the
 * meantime) the next eligible host group is tried; null when none is free.
 */
export async function placeNewBooking<T>(
  trx: Queryable,
  req: Omit<PlacementRequest, 'bookingPk'> & { inTransaction: boolean },
  insert: (busy: BusyRows, hosts: PlacedHosts) => Promise<T>,
): Promise<{ written: T; hosts: PlacedHosts } | null> {
  const groups = req.override ? overrideGroups(req.calendar, req.hostIds) : await freeGroups(trx, req);
  if (groups === null) return null;
  for (const group of groups) {
    const hosts = placedHosts(group);
    const busy = busyRowsOf(req, group);
    try {
      // A failed statement spoils a transaction: a later try then needs the savepoint. Outside
      // one, a failed statement leaves nothing behind.
      const written = await (groups.length === 1 || !req.inTransaction ? insert(busy, hosts) : inSavepoint(trx, () => insert(busy, hosts)));
      return { written, hosts };
    } catch (error) {
      if (isBusyOverlap(error)) continue;
      throw error;
    }
  }
  return null;
}

/** The seat slot to sit in; a concurrent creator of the same slot wins and this one joins it. */
async function seatSlot(trx: Queryable, req: PlacementRequest, userPk: number | null, end: number) {
  const slot = { locationPk: req.calendar.locationPk, calendarPk: req.calendar.pk, userPk, start: req.start, end };
  try {
    return await inSavepoint(trx, () => seatSlotFor(trx, slot, req.now));
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return seatSlotFor(trx, slot, req.now);
  }
}

function hostsOf(calendar: Calendar): HostGroup {
  // A calendar without hosts (an event calendar) is occupied as a whole.
  if (calendar.hosts.length === 0) return [{ pk: null, id: HOSTLESS_ID }];
  const primaryFirst = [...calendar.hosts].sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary));
  return primaryFirst.map((h) => ({ pk: h.userPk, id: h.userId }));
}

function overrideGroups(calendar: Calendar, hostIds: string[] | undefined): HostGroup[] {
  const all = hostsOf(calendar);
  const chosen = hostIds?.length ? all.filter((h) => hostIds.includes(h.id)) : all;
  if (chosen.length === 0) return [];
  return calendar.kind === 'collective' ? [chosen] : [[chosen[0]!]];
}

/** The host groups free at the start, in the order to try them; null when nobody is free. */
async function freeGroups(trx: Queryable, req: Omit<PlacementRequest, 'bookingPk'>): Promise<HostGroup[] | null> {
  const { calendar } = req;
  // Per-day limits are counted, not constrained: writers of one calendar take turns.
  if (calendar.dailyLimit && !req.ignoreLimits) await lockKeys(trx, req.kind, [calendar.pk]);
  const input = await loadSlotInput(
    trx,
    calendar,
    { from: req.start, to: req.start + 1, outputTimeZone: req.timeZone, durationMinutes: req.durationMin, hostFilter: req.hostIds, ignoreLimits: req.ignoreLimits, seats: req.seats },
    req.now,
  );
  const slot = findFreeSlot(input, req.start);
  if (!slot || slot.remainingSeats < req.seats) return null;
  const all = hostsOf(calendar);
  if (calendar.kind === 'collective') return [all.filter((h) => slot.hosts.some((free) => free.id === h.id))];
  const free = slot.hosts.filter((h) => h.remainingSeats >= req.seats).map((h) => h.id);
  if (free.length <= 1 || all[0]!.pk === null) return all.filter((h) => free.includes(h.id)).map((h) => [h]);

  const pkOf = new Map(all.map((h) => [h.id, h.pk!]));
  const recent = await recentAssignments(trx, calendar.pk, free.map((id) => pkOf.get(id)!), req.now - RECENT_MS);
  const priorityOf = new Map(calendar.hosts.map((h) => [h.userId, h.priority]));
  const ranked = rankRoundRobinHosts(
    free.map((id) => ({ id, priority: priorityOf.get(id), recentBookings: recent.get(pkOf.get(id)!) ?? 0 })),
    calendar.roundRobinMode,
  );
  return ranked.map((id) => [{ pk: pkOf.get(id)!, id }]);
}
