import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CoreValidationError } from '../../src/core/errors.ts';
import { expandRecurrence, parseRRule } from '../../src/core/recurrence.ts';
import type { RecurrenceInput } from '../../src/core/recurrence.ts';

const utc = (y: number, mo: number, d: number, h = 0, mi = 0): number => Date.UTC(y, mo - 1, d, h, mi);
const NY = 'America/New_York';

const expand = (over: Partial<RecurrenceInput>): number[] => expandRecurrence({
  rrule: 'FREQ=WEEKLY;COUNT=4', startDate: '2026-02-23', startTime: '09:00', timeZone: NY, max: 100, maxSpanDays: 3660, ...over,
});

function rruleError(e: unknown): boolean {
  return e instanceof CoreValidationError && e.field === 'rrule';
}

describe('expandRecurrence', () => {
  it('stops at the server’s maximum span, however far the rule reaches', () => {
    const started = performance.now();
    assert.deepEqual(expand({ rrule: 'FREQ=YEARLY;COUNT=2;INTERVAL=100000' }), [utc(2026, 2, 23, 14)]);
    assert.ok(performance.now() - started < 5_000, 'the far occurrence is never placed in the zone');
    assert.deepEqual(expand({ rrule: 'FREQ=MONTHLY', maxSpanDays: 62 }), [utc(2026, 2, 23, 14), utc(2026, 3, 23, 13), utc(2026, 4, 23, 13)]);
    assert.equal(expand({ rrule: 'FREQ=DAILY', maxSpanDays: 3660 }).length, 100, 'the occurrence maximum comes first');
  });

  it('keeps the wall-clock time across the New York spring-forward change', () => {
    assert.deepEqual(expand({}), [utc(2026, 2, 23, 14), utc(2026, 3, 2, 14), utc(2026, 3, 9, 13), utc(2026, 3, 16, 13)]);
  });

  it('keeps the wall-clock time across the London autumn change', () => {
    assert.deepEqual(
      expand({ rrule: 'FREQ=WEEKLY;COUNT=3', startDate: '2026-10-19', startTime: '18:00', timeZone: 'Europe/London' }),
      [utc(2026, 10, 19, 17), utc(2026, 10, 26, 18), utc(2026, 11, 2, 18)],
    );
  });

  it('keeps the wall-clock time across the Lord Howe 30-minute change', () => {
    assert.deepEqual(
      expand({ rrule: 'FREQ=WEEKLY;COUNT=2', startDate: '2026-09-27', startTime: '10:00', timeZone: 'Australia/Lord_Howe' }),
      [utc(2026, 9, 26, 23, 30), utc(2026, 10, 3, 23)],
    );
  });

  it('works at +05:45', () => {
    assert.deepEqual(
      expand({ rrule: 'FREQ=DAILY;COUNT=2', startDate: '2026-01-15', startTime: '09:00', timeZone: 'Asia/Kathmandu' }),
      [utc(2026, 1, 15, 3, 15), utc(2026, 1, 16, 3, 15)],
    );
  });

  it('moves an occurrence inside a DST gap forward and takes the earlier offset in an overlap', () => {
    assert.deepEqual(
      expand({ rrule: 'FREQ=DAILY;COUNT=3', startDate: '2026-03-07', startTime: '02:30' }),
      [utc(2026, 3, 7, 7, 30), utc(2026, 3, 8, 7, 30), utc(2026, 3, 9, 6, 30)],
    );
    assert.deepEqual(
      expand({ rrule: 'FREQ=DAILY;COUNT=3', startDate: '2026-10-31', startTime: '01:30' }),
      [utc(2026, 10, 31, 5, 30), utc(2026, 11, 1, 5, 30), utc(2026, 11, 2, 6, 30)],
    );
  });

  it('expands BYDAY lists and monthly ordinals', () => {
    assert.deepEqual(
      expand({ rrule: 'FREQ=WEEKLY;BYDAY=MO,WE;COUNT=4', startDate: '2026-03-02' }),
      [utc(2026, 3, 2, 14), utc(2026, 3, 4, 14), utc(2026, 3, 9, 13), utc(2026, 3, 11, 13)],
    );
    assert.deepEqual(
      expand({ rrule: 'FREQ=MONTHLY;BYDAY=-1FR;COUNT=4', startDate: '2026-01-30', startTime: '10:00', timeZone: 'Europe/London' }),
      [utc(2026, 1, 30, 10), utc(2026, 2, 27, 10), utc(2026, 3, 27, 10), utc(2026, 4, 24, 9)],
    );
  });

  it('counts the first occurrence even when it does not match BYDAY', () => {
    assert.deepEqual(
      expand({ rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=3', startDate: '2026-03-03' }),
      [utc(2026, 3, 3, 14), utc(2026, 3, 9, 13), utc(2026, 3, 16, 13)],
    );
  });

  it('honours UNTIL inclusively in UTC, floating and date forms', () => {
    assert.equal(expand({ rrule: 'FREQ=WEEKLY;UNTIL=20260316T130000Z' }).length, 4);
    assert.equal(expand({ rrule: 'FREQ=WEEKLY;UNTIL=20260316T125959Z' }).length, 3);
    assert.equal(expand({ rrule: 'FREQ=WEEKLY;UNTIL=20260316T090000' }).length, 4);
    assert.equal(expand({ rrule: 'FREQ=WEEKLY;UNTIL=20260316T085959' }).length, 3);
    assert.deepEqual(expand({ rrule: 'FREQ=WEEKLY;UNTIL=20260316' }), [utc(2026, 2, 23, 14), utc(2026, 3, 2, 14), utc(2026, 3, 9, 13), utc(2026, 3, 16, 13)]);
    assert.equal(expand({ rrule: 'FREQ=WEEKLY;UNTIL=20260315' }).length, 3);
    assert.throws(() => expand({ rrule: 'FREQ=WEEKLY;UNTIL=20260101' }), rruleError);
  });

  it('caps the series at the server maximum', () => {
    assert.equal(expand({ rrule: 'FREQ=DAILY', max: 5 }).length, 5);
    assert.equal(expand({ rrule: 'FREQ=DAILY;COUNT=50', max: 10 }).length, 10);
    assert.equal(expand({ rrule: 'FREQ=DAILY;UNTIL=20300101T000000Z', max: 7 }).length, 7);
    const weekly = expand({ rrule: 'FREQ=WEEKLY;INTERVAL=2', max: 3 });
    assert.deepEqual(weekly, [utc(2026, 2, 23, 14), utc(2026, 3, 9, 13), utc(2026, 3, 23, 13)]);
  });

  it('accepts the RRULE: prefix and lower case', () => {
    assert.deepEqual(expand({ rrule: 'RRULE:freq=weekly;count=4' }), expand({}));
  });

  it('rejects invalid rules with a clear message on field rrule', () => {
    const bad = [
      '', 'garbage', 'FREQ=FOO', 'FREQ=WEEKLY;COUNT=0', 'FREQ=WEEKLY;COUNT=-1', 'FREQ=WEEKLY;COUNT=x',
      'FREQ=WEEKLY;COUNT=2;UNTIL=20260401T000000Z', 'FREQ=WEEKLY;BYDAY=XX', 'FREQ=WEEKLY;BYDAY=1MO', 'FREQ=HOURLY',
      'FREQ=MINUTELY;COUNT=3', 'FREQ=WEEKLY;FOO=1', 'FREQ=MONTHLY;BYMONTHDAY=40', 'FREQ=MONTHLY;BYMONTHDAY=0',
      'FREQ=WEEKLY;INTERVAL=0', 'FREQ=WEEKLY;UNTIL=2026-01-01', 'FREQ=WEEKLY;UNTIL=20260230', 'FREQ=WEEKLY;FREQ=DAILY',
      'FREQ=WEEKLY;BYMONTHDAY=1', 'FREQ=DAILY;BYWEEKNO=3', 'FREQ=YEARLY;BYSETPOS=1', 'FREQ=DAILY;BYSECOND=0',
      'FREQ=WEEKLY;COUNT', 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30', 'DTSTART:20260101T090000Z\nRRULE:FREQ=DAILY', 'FREQ=MONTHLY;BYDAY=6MO', 'FREQ=DAILY;BYHOUR=24',
    ];
    for (const rrule of bad) {
      assert.throws(() => expand({ rrule }), (e: unknown) => rruleError(e) && /invalid RRULE/.test((e as Error).message), rrule);
    }
  });

  it('parses a valid rule', () => {
    assert.deepEqual(parseRRule('FREQ=MONTHLY;INTERVAL=2;BYDAY=1MO,-1FR;UNTIL=20261231T235959Z'), {
      freq: 'MONTHLY', interval: 2, until: '20261231T235959Z', ruleWithoutUntil: 'FREQ=MONTHLY;INTERVAL=2;BYDAY=1MO,-1FR',
    });
  });

  it('rejects bad first occurrences, zones and maxima on their own fields', () => {
    const field = (f: string) => (e: unknown): boolean => e instanceof CoreValidationError && e.field === f;
    assert.throws(() => expand({ startDate: '2026-02-30' }), field('startDate'));
    assert.throws(() => expand({ startTime: '24:00' }), field('startTime'));
    assert.throws(() => expand({ timeZone: 'Nowhere/Land' }), field('timeZone'));
    assert.throws(() => expand({ max: 0 }), field('max'));
  });
});
