/**
 * Time zones, local dates and wall-clock times.
 *
 * Two flavours of conversion live here:
 * - single-shot helpers (`wallClockToEpochMs`, `epochMsToLocalDate`, `formatInstant`, ...) that go
 *   straight through Temporal — simple and authoritative, for one-off use;
 * - `ZoneOffsets`, a table of a zone's UTC offsets over a range built once from Temporal's own
 *   transition data; after that every conversion (window boundary → instant, instant → local
 *   date, ISO formatting of a slot) is integer arithmetic. The slot generator uses it so that
 *   nothing calls Temporal per slot.
 *
 * Policies (DESIGN.md): a wall time inside a DST gap moves forward by the gap's length
 * (Temporal disambiguation 'compatible'); a wall time inside a DST overlap takes the earlier
 * instant (the earlier offset).
 *
 * Representations: instants are epoch milliseconds; local dates are 'YYYY-MM-DD' strings or
 * "epoch days" (days since 1970-01-01, the integer form used internally); wall-clock times are
 * 'HH:MM' strings or minutes since local midnight (0..1440, '24:00' = 1440 = next midnight).
 */
import { Temporal } from 'temporal-polyfill';
import { CoreValidationError } from './errors.ts';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** ISO weekday: 1 = Monday ... 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

// ---------------------------------------------------------------------------------------------
// Time-zone names

// IANA names only: letters first, then letters/digits/_/+/- with '/' separators. This rejects
// bare UTC offsets such as '+05:00' that Temporal itself would accept as a zone.
const TZ_NAME_RE = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;
const tzCache = new Map<string, string>();

/**
 * Returns the zone's identifier in its canonical letter case (e.g. 'america/new_york' →
 * 'America/New_York'), or null when `name` is not an IANA time-zone name known to the
 * runtime's tz database. Links such as 'US/Eastern' are kept as given (Temporal does not
 * rewrite them).
 */
export function normalizeTimeZone(name: unknown): string | null {
  if (typeof name !== 'string' || name.length === 0 || name.length > 64) return null;
  const cached = tzCache.get(name);
  if (cached !== undefined) return cached;
  if (!TZ_NAME_RE.test(name)) return null;
  let id: string;
  try {
    id = Temporal.ZonedDateTime.from({ year: 2000, month: 1, day: 1, timeZone: name }).timeZoneId;
  } catch {
    return null;
  }
  if (tzCache.size < 4096) tzCache.set(name, id);
  return id;
}

export function isValidTimeZone(name: unknown): name is string {
  return normalizeTimeZone(name) !== null;
}

/** Normalized zone id, or a CoreValidationError on `field`. */
export function assertTimeZone(name: unknown, field = 'timeZone'): string {
  const id = normalizeTimeZone(name);
  if (id === null) throw new CoreValidationError(field, `${field} must be an IANA time-zone name`);
  return id;
}

// ---------------------------------------------------------------------------------------------
// Local dates (proleptic Gregorian, integer "epoch day" arithmetic; H. Hinnant's algorithms)

/** Days since 1970-01-01 for a civil date. */
export function epochDayFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** [year, month, day] of an epoch day. */
export function civilFromEpochDay(epochDay: number): [number, number, number] {
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function pad4(n: number): string {
  return n < 1000 ? String(n).padStart(4, '0') : String(n);
}

/** 'HH:MM:00' of every minute of a day, built on first use (slot starts fall on whole minutes). */
let minuteTexts: string[] | undefined;

/** 'HH:MM:SS' of a second of the day. */
function clockTime(secondOfDay: number): string {
  const minute = Math.floor(secondOfDay / 60);
  const second = secondOfDay % 60;
  if (second === 0) {
    minuteTexts ??= Array.from({ length: 1440 }, (_, m) => `${pad2(Math.floor(m / 60))}:${pad2(m % 60)}:00`);
    return minuteTexts[minute]!;
  }
  return `${pad2(Math.floor(minute / 60))}:${pad2(minute % 60)}:${pad2(second)}`;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Epoch day of a 'YYYY-MM-DD' string; CoreValidationError on `field` when malformed. */
export function parseLocalDate(date: string, field = 'date'): number {
  const m = typeof date === 'string' ? DATE_RE.exec(date) : null;
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    const d = Number(m[3]);
    if (mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo)) return epochDayFromCivil(y, mo, d);
  }
  throw new CoreValidationError(field, `${field} must be a date in YYYY-MM-DD format`);
}

export function isValidLocalDate(date: unknown): date is string {
  if (typeof date !== 'string') return false;
  try {
    parseLocalDate(date);
    return true;
  } catch {
    return false;
  }
}

/** 'YYYY-MM-DD' of an epoch day. */
export function formatEpochDay(epochDay: number): string {
  const [y, m, d] = civilFromEpochDay(epochDay);
  return `${pad4(y)}-${pad2(m)}-${pad2(d)}`;
}

export function addDaysToDate(date: string, days: number): string {
  return formatEpochDay(parseLocalDate(date) + days);
}

/** ISO weekday (1 = Monday ... 7 = Sunday) of an epoch day. 1970-01-01 was a Thursday. */
export function weekdayOfEpochDay(epochDay: number): Weekday {
  return ((((epochDay + 3) % 7) + 7) % 7 + 1) as Weekday;
}

/** ISO weekday (1 = Monday ... 7 = Sunday) of a 'YYYY-MM-DD' date. */
export function weekdayOf(date: string): Weekday {
  return weekdayOfEpochDay(parseLocalDate(date));
}

/** Every local date from `from` to `to`, both inclusive; empty when from > to. */
export function localDateRange(from: string, to: string): string[] {
  const a = parseLocalDate(from, 'from');
  const b = parseLocalDate(to, 'to');
  const out: string[] = [];
  for (let d = a; d <= b; d++) out.push(formatEpochDay(d));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Wall-clock times

const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * Minutes since local midnight of an 'HH:MM' string (two-digit hour, 24-hour clock). '24:00'
 * (= 1440, the next local midnight) is accepted only when `allowEndOfDay` is true.
 */
export function parseWallTime(time: string, field = 'time', allowEndOfDay = true): number {
  if (typeof time === 'string') {
    if (time === '24:00' && allowEndOfDay) return 1440;
    const m = TIME_RE.exec(time);
    if (m) return Number(m[1]) * 60 + Number(m[2]);
  }
  const range = allowEndOfDay ? '00:00..24:00' : '00:00..23:59';
  throw new CoreValidationError(field, `${field} must be a time in HH:MM format (${range})`);
}

export function isValidWallTime(time: unknown, allowEndOfDay = true): time is string {
  if (typeof time !== 'string') return false;
  if (time === '24:00') return allowEndOfDay;
  return TIME_RE.test(time);
}

// ---------------------------------------------------------------------------------------------
// Single-shot conversions through Temporal

const FORMAT_OPTIONS = { timeZoneName: 'never', smallestUnit: 'second' } as const;

function temporalWallToEpochMs(epochDay: number, minutes: number, timeZone: string): number {
  const dayShift = Math.floor(minutes / 1440);
  const mins = minutes - dayShift * 1440;
  const [year, month, day] = civilFromEpochDay(epochDay + dayShift);
  return Temporal.PlainDateTime.from({ year, month, day, hour: Math.floor(mins / 60), minute: mins % 60 })
    .toZonedDateTime(timeZone, { disambiguation: 'compatible' }).epochMilliseconds;
}

function zoned(ms: number, timeZone: string): Temporal.ZonedDateTime {
  return Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(timeZone);
}

/**
 * Instant of a local date + wall-clock time in a zone ('24:00' = next local midnight).
 * Gap → moved forward; overlap → earlier instant.
 */
export function wallClockToEpochMs(date: string, time: string, timeZone: string): number {
  return temporalWallToEpochMs(parseLocalDate(date), parseWallTime(time), assertTimeZone(timeZone));
}

/** Local date 'YYYY-MM-DD' of an instant in a zone. */
export function epochMsToLocalDate(ms: number, timeZone: string): string {
  return zoned(ms, assertTimeZone(timeZone)).toPlainDate().toString();
}

/** UTC offset of a zone at an instant, in milliseconds (e.g. -14_400_000 for UTC-04:00). */
export function offsetMsAt(ms: number, timeZone: string): number {
  return zoned(ms, assertTimeZone(timeZone)).offsetNanoseconds / 1e6;
}

/**
 * ISO-8601 with the zone's offset, seconds included, no fractional seconds:
 * '2026-03-08T03:00:00-04:00', '2026-01-15T09:00:00+05:45', UTC as '+00:00'.
 */
export function formatInstant(ms: number, timeZone: string): string {
  return zoned(ms, assertTimeZone(timeZone)).toString(FORMAT_OPTIONS);
}

export type PeriodUnit = 'minutes' | 'hours' | 'days' | 'weeks' | 'months';

/**
 * `ms` plus a period, calendar-aware in the zone for days/weeks/months (now + 1 day across a
 * DST change is the same wall time tomorrow). For turning "allowBookingFor: 2 months" or
 * "notice: 1 day" into instants in the service layer.
 */
export function addLocalPeriod(ms: number, amount: number, unit: PeriodUnit, timeZone: string): number {
  if (!Number.isInteger(amount)) throw new CoreValidationError('amount', 'amount must be an integer');
  return zoned(ms, assertTimeZone(timeZone)).add({ [unit]: amount }).epochMilliseconds;
}

// ---------------------------------------------------------------------------------------------
// Bulk conversions: offset table

/**
 * A zone's UTC offsets over [fromMs − 2 days, toMs + 2 days), built once from Temporal's
 * transitions; conversions inside that span are integer arithmetic, conversions outside it
 * fall back to Temporal (still correct, just slower).
 */
export class ZoneOffsets {
  readonly timeZone: string;
  readonly #lo: number;
  readonly #hi: number;
  /** Segment i covers [starts[i], starts[i+1]) (the last one up to #hi) with offsets[i]. */
  readonly #starts: number[] = [];
  readonly #offsets: number[] = [];
  #cursor = 0;
  #formatDay = Number.NaN;
  #formatOffset = Number.NaN;
  #formatPrefix = '';
  #formatSuffix = '';

  constructor(timeZone: string, fromMs: number, toMs: number) {
    this.timeZone = assertTimeZone(timeZone);
    if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || toMs < fromMs) {
      throw new CoreValidationError('range', 'range must be finite with from <= to');
    }
    this.#lo = fromMs - 2 * DAY_MS;
    this.#hi = toMs + 2 * DAY_MS;
    let z = zoned(this.#lo, this.timeZone);
    this.#starts.push(this.#lo);
    this.#offsets.push(z.offsetNanoseconds / 1e6);
    for (;;) {
      const next = z.getTimeZoneTransition('next');
      if (next === null || next.epochMilliseconds >= this.#hi) break;
      this.#starts.push(next.epochMilliseconds);
      this.#offsets.push(next.offsetNanoseconds / 1e6);
      z = next;
    }
  }

  /** UTC offset in ms at an instant. */
  offsetAt(ms: number): number {
    if (ms < this.#lo || ms >= this.#hi) return zoned(ms, this.timeZone).offsetNanoseconds / 1e6;
    const starts = this.#starts;
    const n = starts.length;
    let i = this.#cursor;
    // Queries come mostly in ascending order: try the cached segment and its successor first.
    if (starts[i]! <= ms && (i + 1 === n || ms < starts[i + 1]!)) return this.#offsets[i]!;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= ms) lo = mid;
      else hi = mid - 1;
    }
    i = lo;
    this.#cursor = i;
    return this.#offsets[i]!;
  }

  /** Local epoch day of an instant. */
  localDay(ms: number): number {
    return Math.floor((ms + this.offsetAt(ms)) / DAY_MS);
  }

  /** Local date 'YYYY-MM-DD' of an instant. */
  localDate(ms: number): string {
    return formatEpochDay(this.localDay(ms));
  }

  /**
   * Instant of a local epoch day + minutes since midnight (1440 = next midnight).
   * Gap → moved forward by the gap; overlap → the earlier instant (Temporal 'compatible').
   */
  toEpochMs(epochDay: number, minutes: number): number {
    const local = epochDay * DAY_MS + minutes * MINUTE_MS;
    const starts = this.#starts;
    const offsets = this.#offsets;
    const n = starts.length;
    let result = Number.NaN;
    for (let i = 0; i < n; i++) {
      const t = local - offsets[i]!;
      const end = i + 1 < n ? starts[i + 1]! : this.#hi;
      if (t >= starts[i]! && t < end) {
        result = t; // segments are scanned in time order: the first match is the earliest
        break;
      }
      // Gap between segment i and i+1: too late for segment i, too early for segment i+1.
      if (i + 1 < n && t >= end && local - offsets[i + 1]! < end) {
        result = t; // the offset before the gap moves the wall time forward
        break;
      }
    }
    // Any other reading of `local` lies within a day of the result; it is exact only when that
    // whole neighbourhood is inside the table.
    if (Number.isNaN(result) || result < this.#lo + DAY_MS || result >= this.#hi - DAY_MS) {
      return temporalWallToEpochMs(epochDay, minutes, this.timeZone);
    }
    return result;
  }

  /** ISO-8601 with offset, e.g. '2026-03-08T03:00:00-04:00' (same output as formatInstant). */
  format(ms: number): string {
    const offset = this.offsetAt(ms);
    const local = ms + offset;
    const day = Math.floor(local / DAY_MS);
    // Slots come in runs of the same day and offset: their date and offset text is reused.
    if (day !== this.#formatDay || offset !== this.#formatOffset) {
      this.#formatDay = day;
      this.#formatOffset = offset;
      this.#formatPrefix = `${formatEpochDay(day)}T`;
      // Offsets are written to the minute, as Temporal does.
      const offMin = Math.round(Math.abs(offset) / MINUTE_MS);
      const sign = offset < 0 && offMin !== 0 ? '-' : '+';
      this.#formatSuffix = `${sign}${pad2(Math.floor(offMin / 60))}:${pad2(offMin % 60)}`;
    }
    return this.#formatPrefix + clockTime(Math.floor((local - day * DAY_MS) / 1000)) + this.#formatSuffix;
  }
}
