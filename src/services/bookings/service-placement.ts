import { mergeIntervals } from '../../core/intervals.ts';
import { rankRoundRobinHosts } from '../../core/round-robin.ts';
import { findFreeSlot } from '../../core/slots.ts';
import { DAY_MS, MINUTE_MS } from '../../core/time-zone.ts';
import type { DatabaseKind, Queryable } from '../../store/database.ts';
import { isBusyOverlap } from '../../store/errors.ts';
import { insertBusy, recentAssignments } from '../../store/repositories/bookings.ts';
import type { AddOn } from '../../store/repositories/booking-services.ts';
import type { Calendar } from '../../store/repositories/calendars.ts';
import type { ServiceVariation } from '../../store/repositories/service-variations.ts';
import { inSavepoint, lockKeys } from '../../store/savepoint.ts';
import { loadSlotInput } from '../free-slots.ts';
import { prepareResourcesOfCalendars, takeResources } from './resources.ts';

/** Round-robin fairness counts the bookings a staff member was given in this many days (as for appointments). */
const RECENT_MS = 30 * DAY_MS;
/** A choice of staff that loses a race to a concurrent booking is made again this often. */
const ATTEMPTS = 3;

/** One service of a booking, before it has a time and a staff member. */
export interface ItemPlan {
  service: Calendar;
  variation: ServiceVariation | null;
  /** Minutes: the variation's (or service's) duration plus the add-ons. */
  durationMin: number;
  preBufferMin: number;
  postBufferMin: number;
  addOns: AddOn[];
  /** The staff member the client asked for (public id). */
  staffId?: string;
  /** Without a request: the staff member to keep if free (a booking that moves). */
  preferredStaffId?: string;
}

export interface PlacedItem extends ItemPlan {
  start: number;
  end: number;
  staff: { pk: number; id: string };
}

export interface ItemPlacement {
  kind: DatabaseKind;
  bookingPk: number;
  locationPk: number;
  start: number;
  plans: ItemPlan[];
  timeZone: string;
  /** Admin override: no availability check, rows not enforced (may overlap). */
  override: boolean;
  /** Minimum notice, booking window and daily limits are not checked. */
  ignoreLimits: boolean;
  now: number;
}

class NotFree extends Error {
  readonly index: number;

  constructor(index: number) {
    super('not free');
    this.index = index;
  }
}

/** The items back to back from `start`, in order. */
export function timeItems(start: number, plans: ItemPlan[]): Array<{ start: number; end: number }> {
  let at = start;
  return plans.map((plan) => {
    const item = { start: at, end: at + plan.durationMin * MINUTE_MS };
    at = item.end;
    return item;
  });
}

/**
 * Places a service booking's items back to back from its start, each on its requested staff
 * member or on the first free one (priority, then fewest recent bookings), and writes the busy
 * rows that occupy them: per staff member their items merged into one range, padded at the outer
 * ends. The database refuses overlaps, so a choice that loses a race is made again. When an
 * item's time is not free nothing is written and the answer names the item (its index; -1 when
 * a concurrent booking took the time while this one was being written).
 */
export async function placeServiceItems(trx: Queryable, req: ItemPlacement): Promise<PlacedItem[] | { notFree: number }> {
  if (!req.override && !req.ignoreLimits) {
    // Per-day limits are counted, not constrained: writers of one service take turns.
    await lockKeys(trx, req.kind, req.plans.filter((p) => p.service.dailyLimit).map((p) => p.service.pk));
  }
  const times = timeItems(req.start, req.plans);
  await prepareResourcesOfCalendars(trx, req.kind, req.plans.map((p) => p.service), { pk: req.bookingPk, fresh: false });
  for (let attempt = 1; ; attempt++) {
    try {
      return await inSavepoint(trx, async () => {
        const placed: PlacedItem[] = [];
        for (const [i, plan] of req.plans.entries()) {
          const staff = req.override ? anyStaff(plan) : await freeStaff(trx, req, plan, times[i]!.start);
          if (!staff) throw new NotFree(i);
          placed.push({ ...plan, ...times[i]!, staff });
        }
        await insertBusy(trx, busyRows(req, placed));
        for (const [i, item] of placed.entries()) {
          // Each service takes its own rooms and equipment; buffers pad only the booking's ends.
          const start = item.start - (i === 0 ? item.preBufferMin * MINUTE_MS : 0);
          const end = item.end + (i === placed.length - 1 ? item.postBufferMin * MINUTE_MS : 0);
          const use = { pk: req.bookingPk, seats: 1, start, end, force: req.override };
          if (!(await takeResources(trx, item.service.resources, use))) throw new NotFree(i);
        }
        return placed;
      });
    } catch (error) {
      if (error instanceof NotFree) return { notFree: error.index };
      // A concurrent booking took a chosen staff member first: choose again (it is busy now).
      if (isBusyOverlap(error) && attempt < ATTEMPTS && req.plans.some((p) => p.staffId === undefined)) continue;
      if (isBusyOverlap(error)) return { notFree: -1 };
      throw error;
    }
  }
}

/** Per staff member, their items' padded ranges merged (back-to-back items of one person never collide). */
function busyRows(req: ItemPlacement, placed: PlacedItem[]) {
  const byStaff = new Map<number, PlacedItem[]>();
  for (const item of placed) byStaff.set(item.staff.pk, [...(byStaff.get(item.staff.pk) ?? []), item]);
  const rows = [];
  // In key order, so that concurrent bookings of the same people wait for each other instead of deadlocking.
  for (const [userPk, items] of [...byStaff.entries()].sort(([a], [b]) => a - b)) {
    const padded = items.map((item) => ({ start: item.start - item.preBufferMin * MINUTE_MS, end: item.end + item.postBufferMin * MINUTE_MS, item }));
    for (const range of mergeIntervals(padded)) {
      const first = padded.find((p) => p.start >= range.start && p.start < range.end)!;
      rows.push({
        location_id: req.locationPk,
        user_id: userPk,
        calendar_id: first.item.service.pk,
        kind: 'booking' as const,
        booking_id: req.bookingPk,
        busy_start: range.start,
        busy_end: range.end,
        enforced: req.override ? 0 : 1,
      });
    }
  }
  return rows;
}

/** Override: the requested (or kept) staff member, else the first by priority; no check. */
function anyStaff(plan: ItemPlan): { pk: number; id: string } | null {
  const hosts = [...plan.service.hosts].sort((a, b) => b.priority - a.priority);
  const wanted = plan.staffId ?? plan.preferredStaffId;
  const host = (wanted && hosts.find((h) => h.userId === wanted)) || hosts[0];
  return host ? { pk: host.userPk, id: host.userId } : null;
}

/**
 * The staff member for an item at `start`: the requested one when free, else the preferred one
 * when free, else the best-ranked free one. Items need not start on the service's slot grid (the
 * second service starts when the first ends): any whole minute inside the staff member's hours.
 */
async function freeStaff(trx: Queryable, req: ItemPlacement, plan: ItemPlan, start: number): Promise<{ pk: number; id: string } | null> {
  const { service } = plan;
  const input = await loadSlotInput(
    trx,
    service,
    { from: start, to: start + 1, outputTimeZone: req.timeZone, durationMinutes: plan.durationMin, hostFilter: plan.staffId ? [plan.staffId] : undefined, ignoreLimits: req.ignoreLimits },
    req.now,
  );
  const slot = findFreeSlot({ ...input, intervalMs: MINUTE_MS, preBufferMs: plan.preBufferMin * MINUTE_MS, postBufferMs: plan.postBufferMin * MINUTE_MS }, start);
  if (!slot) return null;
  const free = slot.hosts.map((h) => h.id);
  const pkOf = new Map(service.hosts.map((h) => [h.userId, h.userPk]));
  const pick = (id: string) => ({ pk: pkOf.get(id)!, id });
  if (plan.staffId) return free.includes(plan.staffId) ? pick(plan.staffId) : null;
  if (plan.preferredStaffId && free.includes(plan.preferredStaffId)) return pick(plan.preferredStaffId);
  if (free.length === 1) return pick(free[0]!);
  const recent = await recentAssignments(trx, service.pk, free.map((id) => pkOf.get(id)!), req.now - RECENT_MS);
  const priorityOf = new Map(service.hosts.map((h) => [h.userId, h.priority]));
  const ranked = rankRoundRobinHosts(
    free.map((id) => ({ id, priority: priorityOf.get(id), recentBookings: recent.get(pkOf.get(id)!) ?? 0 })),
    service.roundRobinMode,
  );
  return pick(ranked[0]!);
}

/**
 * The items timed and staffed (requested, kept, else first by priority) without checking or
 * occupying anything, for a booking that does not occupy its staff (cancelled); null when a
 * service has no staff.
 */
export function assignItems(start: number, plans: ItemPlan[]): PlacedItem[] | null {
  const times = timeItems(start, plans);
  const placed: PlacedItem[] = [];
  for (const [i, plan] of plans.entries()) {
    const staff = anyStaff(plan);
    if (!staff) return null;
    placed.push({ ...plan, ...times[i]!, staff });
  }
  return placed;
}
