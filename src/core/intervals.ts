/**
 * Half-open time intervals [start, end) in epoch milliseconds.
 * Two intervals overlap when a.start < b.end && b.start < a.end, so back-to-back intervals
 * (one ends exactly when the next starts) do not overlap; empty intervals overlap nothing.
 */
export interface Interval {
  readonly start: number;
  readonly end: number;
}

export function overlaps(a: Interval, b: Interval): boolean {
  return a.start < b.end && b.start < a.end && a.start < a.end && b.start < b.end;
}

/** New array sorted by start, then end. Does not modify the input. */
export function sortIntervals(list: readonly Interval[]): Interval[] {
  return [...list].sort((a, b) => a.start - b.start || a.end - b.end);
}

function isSorted(list: readonly Interval[]): boolean {
  for (let i = 1; i < list.length; i++) {
    const a = list[i - 1]!;
    const b = list[i]!;
    if (a.start > b.start || (a.start === b.start && a.end > b.end)) return false;
  }
  return true;
}

/**
 * Sorted, non-overlapping intervals covering the same time as `list`; empty intervals are
 * dropped. With `joinTouching` (default) back-to-back intervals are joined as well, so the
 * result is strictly separated — the form `overlapsAny` expects for busy time.
 */
export function mergeIntervals(list: readonly Interval[], joinTouching = true): Interval[] {
  const nonEmpty = list.filter((i) => i.start < i.end);
  // Busy time usually arrives ordered from the database: sorting it again is most of the work.
  const sorted = isSorted(nonEmpty) ? nonEmpty : sortIntervals(nonEmpty);
  const out: { start: number; end: number }[] = [];
  for (const cur of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && (cur.start < last.end || (joinTouching && cur.start === last.end))) {
      if (cur.end > last.end) last.end = cur.end;
    } else {
      out.push({ start: cur.start, end: cur.end });
    }
  }
  return out;
}

/**
 * Index of the first interval in `merged` (sorted, non-overlapping) whose end is after `t`,
 * or merged.length. O(log n).
 */
export function firstEndingAfter(merged: readonly Interval[], t: number): number {
  let lo = 0;
  let hi = merged.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (merged[mid]!.end > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Whether [start, end) overlaps any interval of `merged` (sorted, non-overlapping, e.g. the
 * output of mergeIntervals). O(log n) by binary search.
 */
export function overlapsAny(merged: readonly Interval[], start: number, end: number): boolean {
  if (start >= end) return false;
  const i = firstEndingAfter(merged, start);
  return i < merged.length && merged[i]!.start < end;
}

/** Intersection of two sorted, non-overlapping interval lists (two-pointer sweep). */
export function intersectIntervals(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    const start = Math.max(x.start, y.start);
    const end = Math.min(x.end, y.end);
    if (start < end) out.push({ start, end });
    if (x.end < y.end) i++;
    else j++;
  }
  return out;
}
