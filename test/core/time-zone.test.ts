import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CoreValidationError } from '../../src/core/errors.ts';
import {
  addDaysToDate,
  addLocalPeriod,
  civilFromEpochDay,
  epochDayFromCivil,
  epochMsToLocalDate,
  formatEpochDay,
  formatInstant,
  isValidLocalDate,
  isValidTimeZone,
  isValidWallTime,
  localDateRange,
  normalizeTimeZone,
  parseLocalDate,
  parseWallTime,
  wallClockToEpochMs,
  weekdayOf,
  ZoneOffsets,
} from '../../src/core/time-zone.ts';

/** UTC instant with a 1-based month. */
const utc = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number => Date.UTC(y, mo - 1, d, h, mi, s);

describe('time-zone names', () => {
  it('accepts IANA names and normalizes letter case', () => {
    for (const tz of ['America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'UTC',
      'America/Argentina/Buenos_Aires', 'Etc/GMT+5', 'America/Port-au-Prince']) {
      assert.equal(isValidTimeZone(tz), true, tz);
    }
    assert.equal(normalizeTimeZone('america/new_york'), 'America/New_York');
    assert.equal(normalizeTimeZone('Asia/Kathmandu'), 'Asia/Kathmandu');
  });

  it('rejects garbage, offsets and non-strings', () => {
    for (const tz of ['Mars/Olympus_Mons', '+05:00', '-03', '', 'America/New York', '../etc/passwd', 'UTC\n',
      'x'.repeat(100), 42, null, undefined, {}]) {
      assert.equal(isValidTimeZone(tz), false, String(tz));
    }
  });
});

describe('local dates and wall times', () => {
  it('parses and formats dates through epoch days', () => {
    assert.equal(parseLocalDate('1970-01-01'), 0);
    assert.equal(parseLocalDate('1970-01-02'), 1);
    assert.equal(parseLocalDate('1969-12-31'), -1);
    assert.equal(parseLocalDate('2000-03-01'), 11017);
    assert.equal(formatEpochDay(11017), '2000-03-01');
    assert.equal(formatEpochDay(20521), '2026-03-09');
    assert.deepEqual(civilFromEpochDay(20521), [2026, 3, 9]);
    assert.equal(epochDayFromCivil(2024, 2, 29), 19782);
  });

  it('agrees with Date.UTC over many years', () => {
    for (let day = -800_000; day <= 800_000; day += 997) {
      const d = new Date(day * 86_400_000);
      assert.deepEqual(civilFromEpochDay(day), [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()], String(day));
      assert.equal(epochDayFromCivil(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()), day);
    }
  });

  it('rejects impossible dates', () => {
    for (const s of ['2026-02-29', '2026-02-30', '2026-13-01', '2026-00-10', '26-01-01', '2026-1-01', '2026-04-31', '']) {
      assert.equal(isValidLocalDate(s), false, s);
      assert.throws(() => parseLocalDate(s, 'day'), (e: unknown) => e instanceof CoreValidationError && e.field === 'day');
    }
    assert.equal(isValidLocalDate('2024-02-29'), true);
    assert.equal(isValidLocalDate('2000-02-29'), true);
    assert.equal(isValidLocalDate('1900-02-29'), false);
  });

  it('computes ISO weekdays', () => {
    assert.equal(weekdayOf('1970-01-01'), 4); // Thursday
    assert.equal(weekdayOf('2026-03-08'), 7); // Sunday
    assert.equal(weekdayOf('2026-03-09'), 1); // Monday
    assert.equal(weekdayOf('2024-02-29'), 4); // Thursday
    assert.equal(weekdayOf('1969-12-28'), 7); // Sunday, before the epoch
  });

  it('iterates date ranges inclusively across month ends and leap days', () => {
    assert.deepEqual(localDateRange('2026-02-27', '2026-03-02'), ['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    assert.deepEqual(localDateRange('2028-02-28', '2028-03-01'), ['2028-02-28', '2028-02-29', '2028-03-01']);
    assert.deepEqual(localDateRange('2026-12-31', '2027-01-01'), ['2026-12-31', '2027-01-01']);
    assert.deepEqual(localDateRange('2026-03-02', '2026-03-01'), []);
    assert.equal(addDaysToDate('2026-02-28', 1), '2026-03-01');
    assert.equal(addDaysToDate('2026-01-01', -1), '2025-12-31');
  });

  it('parses HH:MM with 24:00 only as an end', () => {
    assert.equal(parseWallTime('00:00'), 0);
    assert.equal(parseWallTime('09:30'), 570);
    assert.equal(parseWallTime('23:59'), 1439);
    assert.equal(parseWallTime('24:00'), 1440);
    assert.throws(() => parseWallTime('24:00', 'start', false), CoreValidationError);
    for (const s of ['24:01', '9:00', '09:60', '25:00', '0900', '09:00:00', '', ' 09:00']) {
      assert.equal(isValidWallTime(s), false, s);
      assert.throws(() => parseWallTime(s), CoreValidationError, s);
    }
  });
});

describe('single-shot conversions', () => {
  it('converts wall-clock times, moving gap times forward and taking the earlier overlap offset', () => {
    const cases: [string, string, string, number][] = [
      ['2026-03-07', '09:00', 'America/New_York', utc(2026, 3, 7, 14)],
      ['2026-03-08', '02:30', 'America/New_York', utc(2026, 3, 8, 7, 30)], // gap → 03:30 EDT
      ['2026-03-08', '03:00', 'America/New_York', utc(2026, 3, 8, 7)],
      ['2026-11-01', '01:30', 'America/New_York', utc(2026, 11, 1, 5, 30)], // overlap → EDT
      ['2026-11-01', '02:00', 'America/New_York', utc(2026, 11, 1, 7)],
      ['2026-03-07', '24:00', 'America/New_York', utc(2026, 3, 8, 5)], // next local midnight
      ['2026-03-29', '01:30', 'Europe/London', utc(2026, 3, 29, 1, 30)], // gap → 02:30 BST
      ['2026-10-25', '01:30', 'Europe/London', utc(2026, 10, 25, 0, 30)], // overlap → BST
      ['2026-10-04', '02:15', 'Australia/Lord_Howe', utc(2026, 10, 3, 15, 45)], // gap → 02:45 +11
      ['2026-04-05', '01:45', 'Australia/Lord_Howe', utc(2026, 4, 4, 14, 45)], // overlap → +11
      ['2026-01-15', '09:00', 'Asia/Kathmandu', utc(2026, 1, 15, 3, 15)],
      ['2026-01-15', '00:00', 'UTC', utc(2026, 1, 15)],
    ];
    for (const [date, time, tz, expected] of cases) {
      assert.equal(wallClockToEpochMs(date, time, tz), expected, `${date} ${time} ${tz}`);
    }
  });

  it('formats instants with the zone offset, seconds and no fraction', () => {
    assert.equal(formatInstant(utc(2026, 3, 8, 7), 'America/New_York'), '2026-03-08T03:00:00-04:00');
    assert.equal(formatInstant(utc(2026, 3, 8, 6, 59, 59) + 999, 'America/New_York'), '2026-03-08T01:59:59-05:00');
    assert.equal(formatInstant(utc(2026, 1, 15, 3, 15), 'Asia/Kathmandu'), '2026-01-15T09:00:00+05:45');
    assert.equal(formatInstant(utc(2026, 1, 15, 3, 15), 'UTC'), '2026-01-15T03:15:00+00:00');
    assert.equal(formatInstant(utc(2026, 4, 4, 14, 45), 'Australia/Lord_Howe'), '2026-04-05T01:45:00+11:00');
    assert.equal(formatInstant(utc(2026, 4, 4, 15, 15), 'Australia/Lord_Howe'), '2026-04-05T01:45:00+10:30');
    assert.equal(formatInstant(utc(2026, 10, 25, 1), 'Europe/London'), '2026-10-25T01:00:00+00:00');
    assert.equal(formatInstant(utc(2026, 10, 25, 0, 59), 'Europe/London'), '2026-10-25T01:59:00+01:00');
  });

  it('finds local dates', () => {
    assert.equal(epochMsToLocalDate(utc(2026, 3, 8, 4, 59), 'America/New_York'), '2026-03-07');
    assert.equal(epochMsToLocalDate(utc(2026, 3, 8, 5), 'America/New_York'), '2026-03-08');
    assert.equal(epochMsToLocalDate(utc(2026, 1, 14, 18, 15), 'Asia/Kathmandu'), '2026-01-15');
    assert.equal(epochMsToLocalDate(utc(2026, 1, 14, 18, 14), 'Asia/Kathmandu'), '2026-01-14');
  });

  it('adds calendar periods in a zone', () => {
    const sat9 = utc(2026, 3, 7, 14); // Saturday 09:00 EST
    assert.equal(addLocalPeriod(sat9, 1, 'days', 'America/New_York'), utc(2026, 3, 8, 13)); // 09:00 EDT
    assert.equal(addLocalPeriod(sat9, 24, 'hours', 'America/New_York'), utc(2026, 3, 8, 14)); // 10:00 EDT
    assert.equal(addLocalPeriod(utc(2026, 1, 31, 12), 1, 'months', 'UTC'), utc(2026, 2, 28, 12));
  });

  it('throws CoreValidationError on a bad zone', () => {
    assert.throws(() => formatInstant(0, 'Nowhere/Land'), (e: unknown) => e instanceof CoreValidationError && e.field === 'timeZone');
    assert.throws(() => wallClockToEpochMs('2026-01-01', '09:00', '+01:00'), CoreValidationError);
  });
});

describe('ZoneOffsets', () => {
  const dstDays: [string, string][] = [
    ['America/New_York', '2026-03-08'],
    ['America/New_York', '2026-11-01'],
    ['Europe/London', '2026-03-29'],
    ['Europe/London', '2026-10-25'],
    ['Australia/Lord_Howe', '2026-04-05'],
    ['Australia/Lord_Howe', '2026-10-04'],
    ['Asia/Kathmandu', '2026-01-15'],
    ['UTC', '2026-06-01'],
  ];

  it('formats like the hand-written values', () => {
    const ny = new ZoneOffsets('America/New_York', utc(2026, 3, 1), utc(2026, 11, 30));
    assert.equal(ny.format(utc(2026, 3, 8, 6, 59)), '2026-03-08T01:59:00-05:00');
    assert.equal(ny.format(utc(2026, 3, 8, 7)), '2026-03-08T03:00:00-04:00');
    assert.equal(ny.format(utc(2026, 11, 1, 5, 30)), '2026-11-01T01:30:00-04:00');
    assert.equal(ny.format(utc(2026, 11, 1, 6, 30)), '2026-11-01T01:30:00-05:00');
    assert.equal(ny.localDate(utc(2026, 11, 1, 4, 59)), '2026-11-01');
    assert.equal(ny.localDate(utc(2026, 11, 1, 3, 59)), '2026-10-31');
    const ktm = new ZoneOffsets('Asia/Kathmandu', utc(2026, 1, 1), utc(2026, 2, 1));
    assert.equal(ktm.format(utc(2026, 1, 14, 18, 15)), '2026-01-15T00:00:00+05:45');
    assert.equal(ktm.offsetAt(utc(2026, 1, 14)), (5 * 60 + 45) * 60_000);
  });

  it('matches Temporal for every 5 minutes around each transition (instants and wall times)', () => {
    for (const [tz, date] of dstDays) {
      const day = parseLocalDate(date);
      const base = utc(...civilFromEpochDay(day));
      const zone = new ZoneOffsets(tz, base - 86_400_000, base + 2 * 86_400_000);
      for (let ms = base - 86_400_000; ms <= base + 2 * 86_400_000; ms += 5 * 60_000) {
        assert.equal(zone.format(ms), formatInstant(ms, tz), `${tz} ${ms}`);
        assert.equal(zone.localDate(ms), epochMsToLocalDate(ms, tz));
      }
      for (const d of [day - 1, day, day + 1]) {
        for (let min = 0; min <= 1440; min += 5) {
          const time = min === 1440 ? '24:00' : `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;
          assert.equal(zone.toEpochMs(d, min), wallClockToEpochMs(formatEpochDay(d), time, tz), `${tz} ${formatEpochDay(d)} ${time}`);
        }
      }
    }
  });

  it('formats instants between whole minutes and out of order like Temporal', () => {
    const zone = new ZoneOffsets('Australia/Lord_Howe', utc(2026, 4, 1), utc(2026, 4, 10));
    const instants = [utc(2026, 4, 4, 14, 59) + 59_999, utc(2026, 4, 1, 3) + 17_000, utc(2026, 4, 4, 15, 0) + 1_000, utc(2026, 4, 9, 23, 59) + 59_000];
    for (const ms of instants) assert.equal(zone.format(ms), formatInstant(ms, 'Australia/Lord_Howe'), String(ms));
  });

  it('stays correct outside the span it was built for', () => {
    const zone = new ZoneOffsets('America/New_York', utc(2026, 1, 10), utc(2026, 1, 11));
    assert.equal(zone.format(utc(2026, 7, 1, 16)), '2026-07-01T12:00:00-04:00');
    assert.equal(zone.toEpochMs(parseLocalDate('2026-07-01'), 12 * 60), utc(2026, 7, 1, 16));
    assert.equal(zone.toEpochMs(parseLocalDate('2026-03-08'), 150), utc(2026, 3, 8, 7, 30));
  });
});
