import { Temporal } from 'temporal-polyfill';
import { ValidationError } from './errors.ts';

/**
 * The dates the API accepts, 1900-01-01 to 9999-12-30, so that anything after an accepted instant
 * (a booking's end, its buffers, the day after a local date) is still an instant ISO-8601 writes
 * with four-digit years.
 */
const FIRST_DATE = '1900-01-01';
const LAST_DATE = '9999-12-30';
const EARLIEST_INSTANT = Date.parse(`${FIRST_DATE}T00:00:00Z`);
const LATEST_INSTANT = Date.parse(`${LAST_DATE}T00:00:00Z`);
const OUT_OF_RANGE = `must lie between ${FIRST_DATE} and ${LAST_DATE}`;

/** An ISO-8601 instant with any offset (or Z) → epoch ms; 422 naming `field` otherwise. */
export function parseInstant(field: string, value: string): number {
  let ms: number;
  try {
    ms = Temporal.Instant.from(value).epochMilliseconds;
  } catch {
    throw ValidationError.field(field, `"${value}" is not an ISO-8601 instant with an offset (e.g. 2026-06-02T09:00:00Z)`);
  }
  return checkInstantRange(field, ms);
}

/** Whether `ms` lies in the range of instants the API accepts. */
export function isAcceptedInstant(ms: number): boolean {
  return ms >= EARLIEST_INSTANT && ms <= LATEST_INSTANT;
}

/** `ms` when it lies in the range the API accepts; 422 naming `field` otherwise. */
export function checkInstantRange(field: string, ms: number): number {
  if (!isAcceptedInstant(ms)) throw ValidationError.field(field, OUT_OF_RANGE);
  return ms;
}

/** A local date (YYYY-MM-DD) in the range the API accepts; 422 naming `field` otherwise. */
export function checkDateInRange(field: string, date: string): string {
  if (date < FIRST_DATE || date > LAST_DATE) throw ValidationError.field(field, OUT_OF_RANGE);
  return date;
}
