/**
 * Availability schedules → availability windows (DESIGN.md free-slot semantics, point 1).
 *
 * A schedule is wall-clock rules in one IANA zone: intervals per ISO weekday plus per-date
 * overrides. For every local date the date rule wins when one exists (an empty list = closed
 * all day), otherwise the weekday's intervals apply (a missing weekday = closed).
 *
 * Decisions:
 * - Intervals are 'HH:MM'–'HH:MM' with start < end; end may be '24:00' (next local midnight).
 *   A rule never crosses midnight: use 22:00–24:00 on one day and 00:00–02:00 on the next.
 * - validateSchedule REJECTS overlapping intervals within one day (almost always a typing
 *   mistake). Back-to-back intervals (09:00–12:00 + 12:00–17:00) are allowed, and windowsFor
 *   joins them into one window, so they behave exactly like 09:00–17:00.
 * - windowsFor itself is lenient (it merges overlaps instead of failing) but throws
 *   CoreValidationError on malformed times.
 * - Windows of different local dates are never joined, even when they touch at midnight:
 *   each window anchors its own slot grid (contract point 2).
 * - Only window boundaries are converted to instants. A 09:00–17:00 window on a spring-forward
 *   day is 7 h long, on a fall-back day 9 h; a 00:00–24:00 window ends at the next local
 *   midnight. Boundaries inside a DST gap move forward, inside an overlap take the earlier offset.
 */
import { CoreValidationError } from './errors.ts';
import { mergeIntervals } from './intervals.ts';
import type { Interval } from './intervals.ts';
import {
  assertTimeZone,
  formatEpochDay,
  parseLocalDate,
  parseWallTime,
  weekdayOfEpochDay,
  ZoneOffsets,
} from './time-zone.ts';
import type { Weekday } from './time-zone.ts';

export interface WallInterval {
  /** 'HH:MM', 00:00..23:59 */
  readonly start: string;
  /** 'HH:MM', 00:01..24:00, after start */
  readonly end: string;
}

export interface Schedule {
  /** IANA zone the wall-clock rules are written in. */
  readonly timeZone: string;
  /** ISO weekday (1 = Monday ... 7 = Sunday) → intervals; a missing or empty day is closed. */
  readonly weekly: Readonly<Partial<Record<Weekday, readonly WallInterval[]>>>;
  /** 'YYYY-MM-DD' → intervals replacing that date's weekday rule; [] = closed all day. */
  readonly dateRules?: Readonly<Record<string, readonly WallInterval[]>>;
}

/** A day rule compiled to [startMinute, endMinute] pairs, sorted and merged. */
type CompiledDay = readonly (readonly [number, number])[];

function compileDay(intervals: readonly WallInterval[] | undefined, field: string, strict: boolean): CompiledDay {
  if (intervals === undefined) return [];
  if (!Array.isArray(intervals)) throw new CoreValidationError(field, `${field} must be a list of intervals`);
  const pairs: [number, number][] = [];
  intervals.forEach((iv: WallInterval, i: number) => {
    const f = `${field}[${i}]`;
    if (iv === null || typeof iv !== 'object') throw new CoreValidationError(f, `${f} must be {start, end}`);
    const s = parseWallTime(iv.start, `${f}.start`, false);
    const e = parseWallTime(iv.end, `${f}.end`, true);
    if (s >= e) throw new CoreValidationError(f, `${f}: start must be before end`);
    pairs.push([s, e]);
  });
  pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const p of pairs) {
    const last = out[out.length - 1];
    if (last !== undefined && p[0] <= last[1]) {
      if (strict && p[0] < last[1]) {
        throw new CoreValidationError(field, `${field}: intervals must not overlap`);
      }
      if (p[1] > last[1]) last[1] = p[1];
    } else {
      out.push([p[0], p[1]]);
    }
  }
  return out;
}

const WEEKDAY_KEYS = new Set(['1', '2', '3', '4', '5', '6', '7']);

/**
 * Throws CoreValidationError (with a field path such as `weekly.1[0].end` or
 * `dateRules.2026-12-25[1]`) when the schedule is malformed: unknown zone, weekday key other
 * than 1..7, bad date key, bad 'HH:MM', start >= end, or overlapping intervals in one day.
 */
export function validateSchedule(schedule: Schedule): void {
  if (schedule === null || typeof schedule !== 'object') {
    throw new CoreValidationError('schedule', 'schedule must be an object');
  }
  assertTimeZone(schedule.timeZone, 'timeZone');
  if (schedule.weekly === null || typeof schedule.weekly !== 'object') {
    throw new CoreValidationError('weekly', 'weekly must be an object keyed by weekday 1..7');
  }
  for (const [key, list] of Object.entries(schedule.weekly)) {
    if (!WEEKDAY_KEYS.has(key)) {
      throw new CoreValidationError(`weekly.${key}`, 'weekday keys must be 1 (Monday) .. 7 (Sunday)');
    }
    compileDay(list, `weekly.${key}`, true);
  }
  if (schedule.dateRules !== undefined) {
    if (schedule.dateRules === null || typeof schedule.dateRules !== 'object') {
      throw new CoreValidationError('dateRules', 'dateRules must be an object keyed by YYYY-MM-DD');
    }
    for (const [date, list] of Object.entries(schedule.dateRules)) {
      parseLocalDate(date, `dateRules.${date}`);
      compileDay(list, `dateRules.${date}`, true);
    }
  }
}

/**
 * Availability windows (absolute, ms) of every local date in the schedule's zone that touches
 * [fromMs, toMs). Windows are sorted, non-overlapping and NOT clipped to the range, because
 * the slot grid is anchored at the window start. Pass `zone` (a ZoneOffsets of the schedule's
 * zone covering the range) to share the offset table between calls.
 */
export function windowsFor(schedule: Schedule, fromMs: number, toMs: number, zone?: ZoneOffsets): Interval[] {
  if (!(toMs > fromMs)) return [];
  const tz = zone ?? new ZoneOffsets(schedule.timeZone, fromMs, toMs);
  if (zone !== undefined && zone.timeZone !== assertTimeZone(schedule.timeZone)) {
    throw new CoreValidationError('timeZone', 'offset table is for a different time zone than the schedule');
  }
  const weekly = new Map<number, CompiledDay>();
  const dateRules = schedule.dateRules;
  const hasDateRules = dateRules !== undefined && dateRules !== null && Object.keys(dateRules).length > 0;
  const out: Interval[] = [];
  const firstDay = tz.localDay(fromMs);
  const lastDay = tz.localDay(toMs - 1);
  for (let day = firstDay; day <= lastDay; day++) {
    let rule: CompiledDay | undefined;
    if (hasDateRules) {
      const key = formatEpochDay(day);
      if (Object.hasOwn(dateRules, key)) rule = compileDay(dateRules[key], `dateRules.${key}`, false);
    }
    if (rule === undefined) {
      const wd = weekdayOfEpochDay(day);
      rule = weekly.get(wd);
      if (rule === undefined) {
        rule = compileDay(schedule.weekly[wd], `weekly.${wd}`, false);
        weekly.set(wd, rule);
      }
    }
    for (const [s, e] of rule) {
      const start = tz.toEpochMs(day, s);
      const end = tz.toEpochMs(day, e);
      // A window wholly inside a DST gap can collapse (e.g. 02:30–03:00 on a US spring-forward day).
      if (start < end) out.push({ start, end });
    }
  }
  // Wall times inside a DST gap move forward, which can make two windows of one day overlap
  // (01:00–02:30 + 03:00–05:00 on a US spring-forward day); merge them back into one.
  for (let i = 1; i < out.length; i++) {
    if (out[i]!.start < out[i - 1]!.end) return mergeIntervals(out, false);
  }
  return out;
}
