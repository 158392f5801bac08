/**
 * Recurring appointments: expand an RFC 5545 RRULE from a first occurrence given as local
 * wall-clock time in an IANA zone.
 *
 * Decisions:
 * - The wall-clock time stays the same across DST changes (a weekly 09:00 New York meeting is
 *   09:00 EST and 09:00 EDT). The rule is expanded on floating wall-clock times (through
 *   rrule-temporal in UTC, which has no DST) and each occurrence is then placed in the zone
 *   with the project's policy: a time inside a DST gap moves forward, an ambiguous time takes
 *   the earlier offset. (rrule-temporal itself would drop occurrences that fall into a gap.)
 * - The first occurrence is always part of the series and counts toward COUNT, even if it does
 *   not match the rule's BYxxx parts: it is the slot the client booked. An UNTIL before the
 *   first occurrence is a validation error.
 * - Bounds: COUNT, UNTIL, and the server maximums `max` and `maxSpanDays` (the series is
 *   truncated at `max` occurrences and at `maxSpanDays` after the first; a rule with neither
 *   COUNT nor UNTIL yields exactly `max` unless the span ends it first). The span also keeps
 *   rules such as INTERVAL=100000 from reaching far into the future.
 * - UNTIL may be UTC ('20260401T000000Z', the RFC form), a floating date-time (read as local in
 *   the zone) or a date ('20260401', inclusive through the end of that local date).
 * - Appointments are minute-granular: FREQ=SECONDLY/MINUTELY/HOURLY and BYSECOND are rejected,
 *   as are RSCALE/SKIP and unknown parts. Other RFC 5545 constraints are checked too (COUNT with
 *   UNTIL, BYDAY ordinals outside MONTHLY/YEARLY, BYWEEKNO outside YEARLY, ...).
 * - The rule may be given with or without the 'RRULE:' prefix; DTSTART/EXDATE lines are not
 *   accepted here (the first occurrence comes separately).
 */
import { RRuleTemporal } from 'rrule-temporal';
import { Temporal } from 'temporal-polyfill';
import { CoreValidationError } from './errors.ts';
import {
  assertTimeZone,
  civilFromEpochDay,
  DAY_MS,
  HOUR_MS,
  MINUTE_MS,
  parseLocalDate,
  parseWallTime,
  ZoneOffsets,
} from './time-zone.ts';

export type RRuleFreq = 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';

export interface ParsedRRule {
  readonly freq: RRuleFreq;
  readonly interval: number;
  readonly count?: number;
  /** UNTIL as written (upper-cased). */
  readonly until?: string;
  /** Normalized rule text (upper-case, no UNTIL, no prefix) handed to rrule-temporal. */
  readonly ruleWithoutUntil: string;
}

export interface RecurrenceInput {
  /** 'FREQ=WEEKLY;COUNT=10' (optionally prefixed with 'RRULE:'). */
  readonly rrule: string;
  /** Local date of the first occurrence, 'YYYY-MM-DD'. */
  readonly startDate: string;
  /** Local wall-clock time of the first occurrence, 'HH:MM'. */
  readonly startTime: string;
  readonly timeZone: string;
  /** Server maximum number of occurrences (positive integer, e.g. 100). */
  readonly max: number;
  /** Server maximum span: no occurrence later than this many days (of wall-clock time) after the first. */
  readonly maxSpanDays: number;
}

const FIELD = 'rrule';
const WEEKDAY_CODES = new Set(['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU']);
const ALL_FREQS = new Set(['SECONDLY', 'MINUTELY', 'HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY']);
const KNOWN_PARTS = new Set([
  'FREQ', 'UNTIL', 'COUNT', 'INTERVAL', 'BYSECOND', 'BYMINUTE', 'BYHOUR', 'BYDAY', 'BYMONTHDAY',
  'BYYEARDAY', 'BYWEEKNO', 'BYMONTH', 'BYSETPOS', 'WKST',
]);

function fail(message: string): never {
  throw new CoreValidationError(FIELD, `invalid RRULE: ${message}`);
}

function intList(key: string, value: string, min: number, max: number, signed: boolean): void {
  for (const item of value.split(',')) {
    if (!/^[+-]?\d{1,3}$/.test(item)) fail(`${key} must be a comma-separated list of integers`);
    const n = Number(item);
    const abs = Math.abs(n);
    if ((!signed && n < 0) || (signed && n === 0) || abs < min || abs > max) {
      fail(`${key} value ${item} is out of range`);
    }
  }
}

function positive(key: string, value: string): number {
  if (!/^\d{1,6}$/.test(value) || Number(value) < 1) fail(`${key} must be a positive integer`);
  return Number(value);
}

/** Parses and validates an RRULE value; throws CoreValidationError (field 'rrule'). */
export function parseRRule(rrule: string): ParsedRRule {
  if (typeof rrule !== 'string') fail('must be a string');
  let text = rrule.trim();
  if (/^RRULE:/i.test(text)) text = text.slice(6);
  if (text === '') fail('empty rule');
  if (/[\r\n]/.test(text)) fail('only the RRULE value is accepted (no DTSTART/EXDATE lines)');
  const parts = new Map<string, string>();
  for (const raw of text.split(';')) {
    const eq = raw.indexOf('=');
    if (eq <= 0 || eq === raw.length - 1) fail(`malformed part "${raw}" (expected KEY=VALUE)`);
    const key = raw.slice(0, eq).toUpperCase();
    const value = raw.slice(eq + 1).toUpperCase();
    if (!KNOWN_PARTS.has(key)) fail(`unsupported part ${key}`);
    if (parts.has(key)) fail(`${key} given more than once`);
    parts.set(key, value);
  }
  const freqText = parts.get('FREQ');
  if (freqText === undefined) fail('FREQ is required');
  if (!ALL_FREQS.has(freqText)) fail(`unknown FREQ ${freqText}`);
  if (freqText === 'SECONDLY' || freqText === 'MINUTELY' || freqText === 'HOURLY') {
    fail(`FREQ=${freqText} is not supported for appointments (use DAILY, WEEKLY, MONTHLY or YEARLY)`);
  }
  const freq = freqText as RRuleFreq;
  const interval = parts.has('INTERVAL') ? positive('INTERVAL', parts.get('INTERVAL')!) : 1;
  const count = parts.has('COUNT') ? positive('COUNT', parts.get('COUNT')!) : undefined;
  const until = parts.get('UNTIL');
  if (count !== undefined && until !== undefined) fail('COUNT and UNTIL must not both be given');
  if (until !== undefined) parseUntil(until); // syntax and calendar check
  if (parts.has('BYSECOND')) fail('BYSECOND is not supported for appointments');
  for (const [key, value] of parts) {
    switch (key) {
      case 'BYMINUTE': intList(key, value, 0, 59, false); break;
      case 'BYHOUR': intList(key, value, 0, 23, false); break;
      case 'BYMONTHDAY':
        if (freq === 'WEEKLY') fail('BYMONTHDAY must not be used with FREQ=WEEKLY');
        intList(key, value, 1, 31, true);
        break;
      case 'BYYEARDAY':
        if (freq !== 'YEARLY') fail('BYYEARDAY is only allowed with FREQ=YEARLY');
        intList(key, value, 1, 366, true);
        break;
      case 'BYWEEKNO':
        if (freq !== 'YEARLY') fail('BYWEEKNO is only allowed with FREQ=YEARLY');
        intList(key, value, 1, 53, true);
        break;
      case 'BYMONTH': intList(key, value, 1, 12, false); break;
      case 'BYSETPOS': intList(key, value, 1, 366, true); break;
      case 'WKST': if (!WEEKDAY_CODES.has(value)) fail(`WKST must be one of MO..SU`); break;
      case 'BYDAY':
        for (const item of value.split(',')) {
          const m = /^([+-]?\d{1,2})?([A-Z]{2})$/.exec(item);
          if (m === null || !WEEKDAY_CODES.has(m[2]!)) fail(`BYDAY value ${item} is invalid`);
          if (m[1] !== undefined) {
            const n = Math.abs(Number(m[1]));
            if (n < 1 || n > 53) fail(`BYDAY ordinal in ${item} is out of range`);
            if (freq !== 'MONTHLY' && freq !== 'YEARLY') fail('BYDAY ordinals need FREQ=MONTHLY or YEARLY');
            if (freq === 'MONTHLY' && n > 5) fail(`BYDAY ordinal in ${item} is out of range for FREQ=MONTHLY`);
            if (freq === 'YEARLY' && parts.has('BYWEEKNO')) fail('BYDAY ordinals must not be used with BYWEEKNO');
          }
        }
        break;
      default: break;
    }
  }
  if (parts.has('BYSETPOS') && ![...parts.keys()].some((k) => k.startsWith('BY') && k !== 'BYSETPOS')) {
    fail('BYSETPOS needs another BYxxx part');
  }
  const ruleWithoutUntil = [...parts].filter(([k]) => k !== 'UNTIL').map(([k, v]) => `${k}=${v}`).join(';');
  return { freq, interval, ruleWithoutUntil, ...(count !== undefined ? { count } : {}), ...(until !== undefined ? { until } : {}) };
}

type Until =
  | { readonly kind: 'utc'; readonly ms: number }
  | { readonly kind: 'floating'; readonly day: number; readonly minutes: number; readonly seconds: number }
  | { readonly kind: 'date'; readonly day: number };

function parseUntil(value: string): Until {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/.exec(value);
  if (m === null) fail('UNTIL must be YYYYMMDD or YYYYMMDDTHHMMSS[Z]');
  let day: number;
  try {
    day = parseLocalDate(`${m[1]}-${m[2]}-${m[3]}`, FIELD);
  } catch {
    fail('UNTIL is not a valid date');
  }
  if (m[4] === undefined) return { kind: 'date', day };
  const h = Number(m[4]);
  const mi = Number(m[5]);
  const s = Number(m[6]);
  if (h > 23 || mi > 59 || s > 59) fail('UNTIL has an invalid time');
  if (m[7] === 'Z') return { kind: 'utc', ms: day * DAY_MS + h * HOUR_MS + mi * MINUTE_MS + s * 1000 };
  return { kind: 'floating', day, minutes: h * 60 + mi, seconds: s };
}

/**
 * Starts (epoch ms, ascending, de-duplicated) of the series: at most `max`, bounded by COUNT
 * or UNTIL. Throws CoreValidationError for an invalid rule, date, time, zone or max.
 */
export function expandRecurrence(input: RecurrenceInput): number[] {
  const rule = parseRRule(input.rrule);
  const timeZone = assertTimeZone(input.timeZone);
  const startDay = parseLocalDate(input.startDate, 'startDate');
  const startMinutes = parseWallTime(input.startTime, 'startTime', false);
  const max = input.max;
  if (!Number.isSafeInteger(max) || max < 1) throw new CoreValidationError('max', 'max must be a positive integer');
  if (!Number.isSafeInteger(input.maxSpanDays) || input.maxSpanDays < 0) throw new CoreValidationError('maxSpanDays', 'maxSpanDays must be a non-negative integer');

  const [year, month, day] = civilFromEpochDay(startDay);
  const dtstart = Temporal.ZonedDateTime.from({
    year, month, day, hour: Math.floor(startMinutes / 60), minute: startMinutes % 60, timeZone: 'UTC',
  });
  const until = rule.until !== undefined ? parseUntil(rule.until) : undefined;
  // Floating wall-clock bound to stop the expansion: no zone is more than 14 h ahead of UTC.
  let wallBound = dtstart.epochMilliseconds + input.maxSpanDays * DAY_MS;
  if (until !== undefined) {
    wallBound = Math.min(wallBound, until.kind === 'utc' ? until.ms + 15 * HOUR_MS
      : until.kind === 'floating' ? until.day * DAY_MS + until.minutes * MINUTE_MS + until.seconds * 1000
      : (until.day + 1) * DAY_MS - 1);
  }

  let walls: number[];
  try {
    const rr = new RRuleTemporal({ rruleString: rule.ruleWithoutUntil, dtstart, includeDtstart: true });
    walls = rr.all((dt, i) => i < max && dt.epochMilliseconds <= wallBound).map((dt) => dt.epochMilliseconds);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // e.g. FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30: the library gives up after its iteration cap.
    if (/maximum iterations/i.test(message)) fail('the rule produces no further occurrences');
    fail(message);
  }
  if (walls.length === 0) fail('UNTIL is before the first occurrence');

  const first = walls[0]!;
  const last = walls[walls.length - 1]!;
  const zone = new ZoneOffsets(timeZone, first - DAY_MS, last + DAY_MS);
  const toInstant = (wall: number): number => {
    const d = Math.floor(wall / DAY_MS);
    return zone.toEpochMs(d, Math.floor((wall - d * DAY_MS) / MINUTE_MS));
  };
  let untilMs = Number.POSITIVE_INFINITY;
  if (until !== undefined) {
    untilMs = until.kind === 'utc' ? until.ms
      : until.kind === 'floating' ? zone.toEpochMs(until.day, until.minutes) + until.seconds * 1000
      : zone.toEpochMs(until.day + 1, 0) - 1;
  }
  const starts = walls.map(toInstant).filter((t) => t <= untilMs).sort((a, b) => a - b);
  if (starts.length === 0) fail('UNTIL is before the first occurrence');
  // Two wall times can land on one instant when one of them is inside a DST gap.
  const out: number[] = [];
  for (const t of starts) if (out[out.length - 1] !== t) out.push(t);
  return out.slice(0, max);
}
