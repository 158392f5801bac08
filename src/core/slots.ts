/**
 * Free-slot generator — DESIGN.md "Free-slot semantics", points 1–6.
 *
 * Pure: the service layer loads the calendar, its hosts' schedules and busy time from the
 * database, converts settings into milliseconds, and calls computeFreeSlots with `now`.
 *
 * Decisions (beyond the contract):
 * - The requested range is half-open on the slot START: from <= start < to. The slot may end
 *   after `to`. (An API with an inclusive end passes end + 1.)
 * - The grid stays anchored at each window's start even when `from`, notice or the booking
 *   window cut into the window: limits filter candidates, they never shift them.
 * - Busy time is checked with half-open intervals: a slot whose padded range ends exactly where
 *   a busy interval begins is free (back-to-back bookings are fine).
 * - Seats: with seatsPerSlot > 1 the caller passes this calendar's own bookings of a host as
 *   `seatBookings` (NOT in `busy`). A candidate whose start equals a seat booking's slotStart
 *   stays available while booked seats < capacity; every other seat booking is busy time as
 *   usual. With seatsPerSlot = 1 the calendar's bookings may simply go into `busy`.
 *   remainingSeats of a slot = sum over its free hosts (round robin) or the minimum over all
 *   hosts (collective).
 * - Per-day limit: counts are keyed by the calendar's local date (input.timeZone) of the
 *   booking start; a slot belongs to the calendar-local date of its start. scope 'calendar'
 *   closes the whole date once calendarBookingsPerDay[date] >= max; scope 'host' makes only
 *   that host unavailable on that date (host.bookingsPerDay). No dailyLimit = no limit.
 * - Collective: the candidate grid is anchored on the intersection of all hosts' windows (two
 *   hosts working 09:00–17:00 and 09:30–17:00 share 09:30, 10:30, ... with 60-minute slots).
 *   Round robin: every host contributes its own grid; a start is listed once with all hosts
 *   free at it.
 * - Shared resources (rooms, equipment): a candidate whose padded range [start − pre,
 *   end + post) finds a need without a free option is dropped for every host (core/resources).
 * - Host filter (userId/userIds): narrows the host set for both modes; ids that are not hosts
 *   of the calendar are ignored; an empty list means "no filter"; a filter that matches no
 *   host yields no slots. Collective then requires all of the narrowed hosts.
 */
import { windowsFor } from './availability.ts';
import type { Schedule } from './availability.ts';
import { CoreValidationError } from './errors.ts';
import { firstEndingAfter, intersectIntervals, mergeIntervals, overlapsAny } from './intervals.ts';
import type { Interval } from './intervals.ts';
import { needsMet, placesLeft, type ResourceNeed, type RoomPlaces } from './resources.ts';
import { assertTimeZone, formatEpochDay, parseLocalDate, ZoneOffsets } from './time-zone.ts';

export type TeamMode = 'round_robin' | 'collective';

export type BookingWindow =
  /** No upper limit. */
  | { readonly kind: 'unlimited' }
  /** start <= now + ms ("allowBookingFor"; see addLocalPeriod for days/weeks/months). */
  | { readonly kind: 'rolling'; readonly ms: number }
  /** Fixed range of local dates in the calendar's zone, both inclusive; either end optional. */
  | { readonly kind: 'fixed'; readonly startDate?: string; readonly endDate?: string };

export interface DailyLimit {
  /** Maximum bookings per calendar-local date (non-negative integer; 0 = no slots at all). */
  readonly max: number;
  /** 'host': counted per host (host.bookingsPerDay); 'calendar': for the whole calendar. */
  readonly scope: 'host' | 'calendar';
}

/** Seats already booked on one slot of a seated calendar (e.g. a class), for one host. */
export interface SeatBooking {
  /** Start of the slot the seats belong to; matched exactly against candidate starts. */
  readonly slotStart: number;
  /** Seats taken on that slot. */
  readonly seats: number;
  /** Time the booking occupies the host, already padded by its own buffers. */
  readonly start: number;
  readonly end: number;
}

export interface SlotHost {
  /** Public user id; reported back in FreeSlot.hosts. */
  readonly id: string;
  /** The host's own availability schedule; falls back to FreeSlotsInput.schedule. */
  readonly schedule?: Schedule;
  /** Precomputed availability windows (ms); when given they replace any schedule. */
  readonly windows?: readonly Interval[];
  /**
   * Everything that occupies the host, any order, overlaps allowed: active bookings on any
   * calendar (each padded by ITS OWN pre/post buffers — buffers stack with this calendar's),
   * blocked slots, external busy time.
   */
  readonly busy?: readonly Interval[];
  /** This calendar's bookings of the host when seatsPerSlot > 1 (see file comment). */
  readonly seatBookings?: readonly SeatBooking[];
  /** Bookings of this calendar for this host, per calendar-local date 'YYYY-MM-DD'. */
  readonly bookingsPerDay?: Readonly<Record<string, number>>;
}

export interface FreeSlotsInput {
  /** Current instant (epoch ms); nothing reads the wall clock. */
  readonly now: number;
  /** Slot starts from (inclusive) ... */
  readonly from: number;
  /** ... to (exclusive), epoch ms. The API enforces its own maximum span (31 days). */
  readonly to: number;
  /** The calendar's zone: per-day limit dates, fixed booking-window dates. */
  readonly timeZone: string;
  /** Zone of the output date keys and ISO offsets; defaults to timeZone. */
  readonly outputTimeZone?: string;
  /** Slot length, ms (> 0). */
  readonly durationMs: number;
  /** Distance between candidate starts, ms (> 0); defaults to durationMs. */
  readonly intervalMs?: number;
  /** This calendar's buffer before a slot, ms. */
  readonly preBufferMs?: number;
  /** This calendar's buffer after a slot, ms. */
  readonly postBufferMs?: number;
  /** Minimum notice: start >= now + minNoticeMs. */
  readonly minNoticeMs?: number;
  /** Default: unlimited. */
  readonly bookingWindow?: BookingWindow;
  readonly dailyLimit?: DailyLimit;
  /** This calendar's bookings per calendar-local date (dailyLimit.scope 'calendar'). */
  readonly calendarBookingsPerDay?: Readonly<Record<string, number>>;
  /** Seats (bookings) per slot and host; default 1. Class calendars use their capacity. */
  readonly seatsPerSlot?: number;
  /** Default 'round_robin', which is also right for a single-host calendar. */
  readonly teamMode?: TeamMode;
  /** Default schedule for hosts without their own schedule or windows. */
  readonly schedule?: Schedule;
  readonly hosts: readonly SlotHost[];
  /** userId / userIds: narrows the host set. */
  readonly hostFilter?: readonly string[];
  /** Rooms and equipment every booking of the calendar needs (see core/resources). */
  readonly resourceNeeds?: readonly ResourceNeed[];
  /**
   * The calendar's rooms with their use, for seated calendars: a start's remaining seats are at
   * most the places one room has free over the padded span (the room may be smaller than the
   * calendar's seats per slot, or shared with other calendars).
   */
  readonly roomPlaces?: readonly RoomPlaces[];
  /**
   * Default true. False: only the starts are wanted: slots list no hosts, and a round-robin start
   * stops at its first free host, whose seats are then its remainingSeats.
   */
  readonly hostDetails?: boolean;
}

export interface SlotHostDetail {
  readonly id: string;
  readonly remainingSeats: number;
}

export interface FreeSlot {
  readonly start: number;
  readonly end: number;
  /** Start as ISO-8601 with the output zone's offset, e.g. '2026-03-09T09:00:00-04:00'. */
  readonly iso: string;
  /** Local date of the start in the output zone. */
  readonly date: string;
  /** Hosts free at this slot, in input order (collective: all hosts). */
  readonly hosts: readonly SlotHostDetail[];
  readonly remainingSeats: number;
}

export interface FreeSlotsResult {
  /** Output-zone date → ascending, de-duplicated ISO starts; dates without slots are absent. */
  readonly byDate: Record<string, string[]>;
  /** Same slots with detail, ascending by start. */
  readonly slots: FreeSlot[];
}

// ---------------------------------------------------------------------------------------------

function nonNegativeInt(value: number | undefined, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new CoreValidationError(field, `${field} must be a non-negative integer`);
  }
  return value;
}

function positiveInt(value: number | undefined, field: string, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (value === undefined || !Number.isSafeInteger(value) || value <= 0) {
    throw new CoreValidationError(field, `${field} must be a positive integer`);
  }
  return value;
}

function finiteInstant(value: number, field: string): number {
  if (!Number.isSafeInteger(value)) throw new CoreValidationError(field, `${field} must be epoch milliseconds`);
  return value;
}

/** 'YYYY-MM-DD' → count map re-keyed by epoch day. */
function countsByDay(counts: Readonly<Record<string, number>> | undefined, field: string): Map<number, number> {
  const out = new Map<number, number>();
  if (counts === undefined) return out;
  for (const [date, n] of Object.entries(counts)) {
    out.set(parseLocalDate(date, `${field}.${date}`), n);
  }
  return out;
}

/** A host prepared for fast checks. */
interface PreparedHost {
  readonly id: string;
  readonly windows: Interval[];
  /** busy ∪ all seat bookings, merged. */
  readonly busyAll: Interval[];
  /** busy only, merged (used when the candidate itself has seat bookings). */
  readonly busyOnly: Interval[];
  /** seat bookings sorted by start, with the longest one's length. */
  readonly seatList: SeatBooking[];
  readonly seatMaxLen: number;
  readonly seatsAt: Map<number, number>;
  readonly perDay: Map<number, number>;
  /** The host with every seat free: one shared detail instead of one per slot. */
  readonly whollyFree: SlotHostDetail;
}

/** Remaining seats of host `h` at candidate start `s`, or 0 when it is not available. */
type HostCheck = (h: PreparedHost, s: number) => number;

export function computeFreeSlots(input: FreeSlotsInput): FreeSlotsResult {
  const now = finiteInstant(input.now, 'now');
  const from = finiteInstant(input.from, 'from');
  const to = finiteInstant(input.to, 'to');
  if (to < from) throw new CoreValidationError('to', 'to must not be before from');
  const duration = positiveInt(input.durationMs, 'durationMs');
  const interval = positiveInt(input.intervalMs, 'intervalMs', duration);
  const pre = nonNegativeInt(input.preBufferMs, 'preBufferMs', 0);
  const post = nonNegativeInt(input.postBufferMs, 'postBufferMs', 0);
  const notice = nonNegativeInt(input.minNoticeMs, 'minNoticeMs', 0);
  const capacity = positiveInt(input.seatsPerSlot, 'seatsPerSlot', 1);
  const mode: TeamMode = input.teamMode ?? 'round_robin';
  if (mode !== 'round_robin' && mode !== 'collective') {
    throw new CoreValidationError('teamMode', "teamMode must be 'round_robin' or 'collective'");
  }
  const dailyLimit = input.dailyLimit;
  if (dailyLimit !== undefined) {
    nonNegativeInt(dailyLimit.max, 'dailyLimit.max', 0);
    if (dailyLimit.scope !== 'host' && dailyLimit.scope !== 'calendar') {
      throw new CoreValidationError('dailyLimit.scope', "dailyLimit.scope must be 'host' or 'calendar'");
    }
  }

  const calendarZoneName = assertTimeZone(input.timeZone, 'timeZone');
  const outputZoneName = assertTimeZone(input.outputTimeZone ?? calendarZoneName, 'outputTimeZone');

  // --- the span of admissible starts: [lower, upper)
  let lower = Math.max(from, now + notice);
  let upper = to;
  const calZone = new ZoneOffsets(calendarZoneName, from, to);
  const bw = input.bookingWindow ?? { kind: 'unlimited' as const };
  if (bw.kind === 'rolling') {
    upper = Math.min(upper, now + nonNegativeInt(bw.ms, 'bookingWindow.ms', 0) + 1);
  } else if (bw.kind === 'fixed') {
    if (bw.startDate !== undefined) {
      lower = Math.max(lower, calZone.toEpochMs(parseLocalDate(bw.startDate, 'bookingWindow.startDate'), 0));
    }
    if (bw.endDate !== undefined) {
      upper = Math.min(upper, calZone.toEpochMs(parseLocalDate(bw.endDate, 'bookingWindow.endDate') + 1, 0));
    }
  } else if (bw.kind !== 'unlimited') {
    throw new CoreValidationError('bookingWindow.kind', "bookingWindow.kind must be 'unlimited', 'rolling' or 'fixed'");
  }

  // --- hosts
  const ids = new Set<string>();
  for (const [i, h] of input.hosts.entries()) {
    if (typeof h.id !== 'string' || h.id === '') throw new CoreValidationError(`hosts[${i}].id`, 'host id is required');
    if (ids.has(h.id)) throw new CoreValidationError(`hosts[${i}].id`, `duplicate host id ${h.id}`);
    ids.add(h.id);
  }
  const filter = input.hostFilter !== undefined && input.hostFilter.length > 0 ? new Set(input.hostFilter) : null;
  const hosts = filter === null ? input.hosts : input.hosts.filter((h) => filter.has(h.id));
  const empty: FreeSlotsResult = { byDate: {}, slots: [] };
  if (hosts.length === 0 || lower >= upper) return empty;

  const calendarPerDay = countsByDay(input.calendarBookingsPerDay, 'calendarBookingsPerDay');
  const zones = new Map<string, ZoneOffsets>([[calZone.timeZone, calZone]]);
  const zoneFor = (name: string): ZoneOffsets => {
    let z = zones.get(name);
    if (z === undefined) {
      z = new ZoneOffsets(name, from, to);
      zones.set(z.timeZone, z);
      zones.set(name, z);
    }
    return z;
  };

  const prepared: PreparedHost[] = hosts.map((h) => {
    const idx = input.hosts.indexOf(h);
    let windows: Interval[];
    if (h.windows !== undefined) {
      windows = mergeIntervals(h.windows, false);
    } else {
      const schedule = h.schedule ?? input.schedule;
      if (schedule === undefined) {
        throw new CoreValidationError(`hosts[${idx}]`, 'host needs windows or a schedule (or a calendar schedule)');
      }
      const field = h.schedule !== undefined ? `hosts[${idx}].schedule.timeZone` : 'schedule.timeZone';
      windows = windowsFor(schedule, lower, upper, zoneFor(assertTimeZone(schedule.timeZone, field)));
    }
    // Only busy time that a candidate's padded span can touch; the rest need not be merged.
    const busy = (h.busy ?? []).filter((b) => b.end > lower - pre && b.start < upper + duration + post);
    const seatList = [...(h.seatBookings ?? [])].sort((a, b) => a.start - b.start);
    const seatsAt = new Map<number, number>();
    let seatMaxLen = 0;
    for (const sb of seatList) {
      seatsAt.set(sb.slotStart, (seatsAt.get(sb.slotStart) ?? 0) + sb.seats);
      seatMaxLen = Math.max(seatMaxLen, sb.end - sb.start);
    }
    const busyOnly = mergeIntervals(busy);
    const busyAll = seatList.length === 0 ? busyOnly : mergeIntervals([...busy, ...seatList]);
    const perDay = countsByDay(h.bookingsPerDay, `hosts[${idx}].bookingsPerDay`);
    return { id: h.id, windows, busyAll, busyOnly, seatList, seatMaxLen, seatsAt, perDay, whollyFree: { id: h.id, remainingSeats: capacity } };
  });

  // --- per-candidate check for one host: remaining seats, 0 = not available
  const hostLimit = dailyLimit !== undefined && dailyLimit.scope === 'host' ? dailyLimit.max : -1;
  const calendarLimit = dailyLimit !== undefined && dailyLimit.scope === 'calendar' ? dailyLimit.max : -1;
  const needCalDay = hostLimit >= 0 || calendarLimit >= 0;
  let calDayOfCandidate = 0; // set per candidate when needCalDay

  const check: HostCheck = (h, s) => {
    if (hostLimit >= 0 && (h.perDay.get(calDayOfCandidate) ?? 0) >= hostLimit) return 0;
    const ps = s - pre;
    const pe = s + duration + post;
    const booked = h.seatsAt.get(s) ?? 0;
    if (booked === 0) return overlapsAny(h.busyAll, ps, pe) ? 0 : capacity;
    if (booked >= capacity) return 0;
    if (overlapsAny(h.busyOnly, ps, pe)) return 0;
    // Other seat bookings (different slot start) are ordinary busy time.
    const list = h.seatList;
    let lo = 0;
    let hi = list.length;
    const minStart = ps - h.seatMaxLen; // bookings starting at or before this end by ps
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.start <= minStart) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < list.length && list[i]!.start < pe; i++) {
      const sb = list[i]!;
      if (sb.slotStart !== s && sb.end > ps && sb.start < sb.end) return 0;
    }
    return capacity - booked;
  };

  const detailOf = (h: PreparedHost, remaining: number): SlotHostDetail => (remaining === capacity ? h.whollyFree : { id: h.id, remainingSeats: remaining });

  const resourceNeeds = (input.resourceNeeds ?? []).map((need) => ({ options: need.options.map((full) => mergeIntervals(full)) }));

  // Calendar-level gates shared by all hosts; returns false to drop the candidate.
  const calendarGate = (s: number): boolean => {
    if (resourceNeeds.length > 0 && !needsMet(resourceNeeds, s - pre, s + duration + post)) return false;
    if (!needCalDay) return true;
    calDayOfCandidate = calZone.localDay(s);
    return calendarLimit < 0 || (calendarPerDay.get(calDayOfCandidate) ?? 0) < calendarLimit;
  };

  // Calls visit(s) for every grid start of `windows` inside [lower, upper), ascending.
  const eachCandidate = (windows: readonly Interval[], visit: (s: number) => void): void => {
    const first = firstEndingAfter(windows, lower);
    for (let w = first; w < windows.length; w++) {
      const win = windows[w]!;
      if (win.start >= upper) break;
      const k = win.start < lower ? Math.ceil((lower - win.start) / interval) : 0;
      for (let s = win.start + k * interval; s + duration <= win.end && s < upper; s += interval) visit(s);
    }
  };

  // Free starts (ascending) with their hosts. A single host's grid and the collective grid are
  // already ascending; several round-robin grids are merged through a map and sorted.
  let startList: number[] = [];
  let hostLists: SlotHostDetail[][] = [];
  const detailed = input.hostDetails !== false;
  if (mode === 'collective') {
    let common = prepared[0]!.windows;
    for (let i = 1; i < prepared.length; i++) common = intersectIntervals(common, prepared[i]!.windows);
    eachCandidate(common, (s) => {
      if (!calendarGate(s)) return;
      const detail: SlotHostDetail[] = [];
      for (const h of prepared) {
        const remaining = check(h, s);
        if (remaining === 0) return;
        detail.push(detailOf(h, remaining));
      }
      startList.push(s);
      hostLists.push(detail);
    });
  } else if (prepared.length === 1) {
    const h = prepared[0]!;
    eachCandidate(h.windows, (s) => {
      if (!calendarGate(s)) return;
      const remaining = check(h, s);
      if (remaining === 0) return;
      startList.push(s);
      hostLists.push([detailOf(h, remaining)]);
    });
  } else if (!detailed) {
    const found = new Map<number, number>();
    for (const h of prepared) {
      eachCandidate(h.windows, (s) => {
        if (found.has(s) || !calendarGate(s)) return;
        const remaining = check(h, s);
        if (remaining > 0) found.set(s, remaining);
      });
    }
    startList = Array.from(Float64Array.from(found.keys()).sort());
    hostLists = startList.map((s) => [{ id: '', remainingSeats: found.get(s)! }]);
  } else {
    // Each host's free starts come ascending; their union is merged, then every host's details
    // are dealt to its starts in host order — no map keyed by instants.
    const perHost = prepared.map((h) => {
      const starts: number[] = [];
      const details: SlotHostDetail[] = [];
      eachCandidate(h.windows, (s) => {
        if (!calendarGate(s)) return;
        const remaining = check(h, s);
        if (remaining === 0) return;
        starts.push(s);
        details.push(detailOf(h, remaining));
      });
      return { starts, details };
    });
    startList = perHost.reduce<number[]>((all, host) => mergeAscending(all, host.starts), []);
    hostLists = startList.map(() => []);
    for (const { starts, details } of perHost) {
      let i = 0;
      for (let k = 0; k < starts.length; k++) {
        while (startList[i]! < starts[k]!) i++;
        hostLists[i]!.push(details[k]!);
      }
    }
  }

  // --- output
  const rooms = capacity > 1 ? (input.roomPlaces ?? []) : [];
  const outZone = zoneFor(outputZoneName);
  const byDate: Record<string, string[]> = {};
  const slots: FreeSlot[] = new Array(startList.length);
  let dateKey = '';
  let day = Number.NaN;
  let bucket: string[] = [];
  for (let i = 0; i < startList.length; i++) {
    const s = startList[i]!;
    const hostsAt = hostLists[i]!;
    const iso = outZone.format(s);
    const localDay = outZone.localDay(s);
    if (localDay !== day) {
      day = localDay;
      dateKey = formatEpochDay(localDay);
      bucket = byDate[dateKey] ?? (byDate[dateKey] = []);
    }
    bucket.push(iso);
    let remainingSeats = hostsAt[0]!.remainingSeats;
    for (let k = 1; k < hostsAt.length; k++) {
      const r = hostsAt[k]!.remainingSeats;
      remainingSeats = mode === 'collective' ? Math.min(remainingSeats, r) : remainingSeats + r;
    }
    let hostsOut = detailed ? hostsAt : [];
    if (rooms.length > 0) {
      const cap = placesLeft(rooms, s - pre, s + duration + post);
      remainingSeats = Math.min(remainingSeats, cap);
      hostsOut = hostsOut.map((h) => (h.remainingSeats > cap ? { id: h.id, remainingSeats: cap } : h));
    }
    slots[i] = { start: s, end: s + duration, iso, date: dateKey, hosts: hostsOut, remainingSeats };
  }
  return { byDate, slots };
}

/** The ascending union of two ascending lists without repeats. */
function mergeAscending(a: readonly number[], b: readonly number[]): number[] {
  if (a.length === 0) return b.slice();
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x < y) {
      out.push(x);
      i++;
    } else if (y < x) {
      out.push(y);
      j++;
    } else {
      out.push(x);
      i++;
      j++;
    }
  }
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}

/**
 * The free slot starting exactly at `start`, or null — for re-checking a requested booking
 * time with the same rules (same grid, notice, window, limits, buffers, seats).
 */
export function findFreeSlot(input: Omit<FreeSlotsInput, 'from' | 'to'>, start: number): FreeSlot | null {
  const result = computeFreeSlots({ ...input, from: start, to: start + 1 });
  const slot = result.slots[0];
  return slot !== undefined && slot.start === start ? slot : null;
}
