/**
 * Shared resources a calendar's bookings take besides their hosts (rooms, equipment). Pure.
 *
 * A resource has `available` units. Bookings take units over their padded busy ranges; at no
 * instant may the units taken exceed `available`. Usage is a count over overlapping intervals
 * (not pairwise), so the question "can a booking take `needed` more over [start, end)?" is
 * answered with the resource's *full times*: the instants at which `needed` more would not fit.
 *
 * A calendar needs every one of its equipment items (1 unit each) and, when it has rooms, one
 * of them (its seats as places): a room need is met when any mapped room has space.
 */
import { mergeIntervals, overlapsAny, type Interval } from './intervals.ts';

/** Units of a resource taken over [start, end). */
export interface ResourceUse extends Interval {
  readonly units: number;
}

export interface SharedResource<Id> {
  readonly id: Id;
  readonly kind: 'equipment' | 'room';
  /** Usable units: equipment quantity minus those out of service; a room's capacity. */
  readonly available: number;
}

/**
 * Something every booking of a calendar needs besides its host: met when at least one option is
 * not full anywhere in the booking's padded range. Each option lists its full times.
 */
export interface ResourceNeed {
  readonly options: ReadonlyArray<readonly Interval[]>;
}

/** All of time: a resource that can never give what is asked. */
export const ALWAYS: Interval = { start: Number.MIN_SAFE_INTEGER, end: Number.MAX_SAFE_INTEGER };

/**
 * The instants at which `needed` more units do not fit next to `uses` (sorted, merged): a sweep
 * over the uses' starts and ends, half-open like every interval here.
 */
export function fullTimes(uses: readonly ResourceUse[], available: number, needed: number): Interval[] {
  if (needed > available) return [ALWAYS];
  const edges: Array<[number, number]> = [];
  for (const use of uses) {
    if (use.start >= use.end || use.units <= 0) continue;
    edges.push([use.start, use.units], [use.end, -use.units]);
  }
  // At one instant, ends come before starts: back-to-back uses do not add up.
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const full: Interval[] = [];
  let inUse = 0;
  let openedAt: number | null = null;
  for (let i = 0; i < edges.length; i++) {
    const [at, delta] = edges[i]!;
    inUse += delta;
    // Only the state after the last edge at this instant counts.
    if (i + 1 < edges.length && edges[i + 1]![0] === at) continue;
    const isFull = inUse + needed > available;
    if (isFull && openedAt === null) openedAt = at;
    else if (!isFull && openedAt !== null) {
      full.push({ start: openedAt, end: at });
      openedAt = null;
    }
  }
  return mergeIntervals(full);
}

function usesOf<Id>(uses: ReadonlyMap<Id, readonly ResourceUse[]>, id: Id): readonly ResourceUse[] {
  return uses.get(id) ?? [];
}

/** What a calendar's bookings need of its resources, each booking taking `seats` places in a room. */
export function resourceNeeds<Id>(resources: ReadonlyArray<SharedResource<Id>>, uses: ReadonlyMap<Id, readonly ResourceUse[]>, seats: number): ResourceNeed[] {
  const needs: ResourceNeed[] = resources
    .filter((r) => r.kind === 'equipment')
    .map((r) => ({ options: [fullTimes(usesOf(uses, r.id), r.available, 1)] }));
  const rooms = resources.filter((r) => r.kind === 'room');
  if (rooms.length > 0) needs.push({ options: rooms.map((r) => fullTimes(usesOf(uses, r.id), r.available, seats)) });
  return needs;
}

/** A room's places and their use: how many seats it can still give a seated calendar. */
export interface RoomPlaces {
  readonly available: number;
  readonly uses: readonly ResourceUse[];
}

/** The most places any one of `rooms` has free throughout [start, end) (a booking sits in one room). */
export function placesLeft(rooms: readonly RoomPlaces[], start: number, end: number): number {
  let best = 0;
  for (const room of rooms) {
    const edges: Array<[number, number]> = [];
    for (const use of room.uses) {
      if (use.end <= start || use.start >= end || use.units <= 0) continue;
      edges.push([Math.max(use.start, start), use.units], [use.end, -use.units]);
    }
    edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let inUse = 0;
    let peak = 0;
    for (const [, delta] of edges) {
      inUse += delta;
      peak = Math.max(peak, inUse);
    }
    best = Math.max(best, room.available - peak);
  }
  return best;
}

/** Whether every need has an option that is free over [start, end); options must be merged. */
export function needsMet(needs: readonly ResourceNeed[], start: number, end: number): boolean {
  return needs.every((need) => need.options.some((full) => !overlapsAny(full, start, end)));
}

/**
 * The units a booking over `range` takes: 1 of every piece of equipment and `seats` places in the
 * first room with space, in the given order. Null when something is full — unless `force` (an
 * admin override), which takes them anyway (the first room when none has space).
 */
export function chooseResources<Id>(
  resources: ReadonlyArray<SharedResource<Id>>,
  uses: ReadonlyMap<Id, readonly ResourceUse[]>,
  seats: number,
  range: Interval,
  force: boolean,
): Array<{ id: Id; units: number }> | null {
  const fits = (r: SharedResource<Id>, units: number) => !overlapsAny(fullTimes(usesOf(uses, r.id), r.available, units), range.start, range.end);
  const taken: Array<{ id: Id; units: number }> = [];
  for (const equipment of resources.filter((r) => r.kind === 'equipment')) {
    if (!force && !fits(equipment, 1)) return null;
    taken.push({ id: equipment.id, units: 1 });
  }
  const rooms = resources.filter((r) => r.kind === 'room');
  if (rooms.length > 0) {
    const room = rooms.find((r) => fits(r, seats)) ?? (force ? rooms[0] : undefined);
    if (room === undefined) return null;
    taken.push({ id: room.id, units: seats });
  }
  return taken;
}
