import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateSchedule, windowsFor } from '../../src/core/availability.ts';
import type { Schedule } from '../../src/core/availability.ts';
import { CoreValidationError } from '../../src/core/errors.ts';
import { ZoneOffsets } from '../../src/core/time-zone.ts';

const utc = (y: number, mo: number, d: number, h = 0, mi = 0): number => Date.UTC(y, mo - 1, d, h, mi);
const H = 3_600_000;

function fieldError(field: string) {
  return (e: unknown): boolean => e instanceof CoreValidationError && e.field === field;
}

describe('windowsFor', () => {
  const ny: Schedule = {
    timeZone: 'America/New_York',
    weekly: {
      1: [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '17:00' }],
      2: [{ start: '09:00', end: '17:00' }],
    },
  };

  it('uses the weekday rule for each local date; missing weekdays are closed', () => {
    // Sun 2026-03-08 .. Wed 2026-03-11 (local), all EDT
    const w = windowsFor(ny, utc(2026, 3, 8, 12), utc(2026, 3, 11, 12));
    assert.deepEqual(w, [
      { start: utc(2026, 3, 9, 13), end: utc(2026, 3, 9, 16) },
      { start: utc(2026, 3, 9, 17), end: utc(2026, 3, 9, 21) },
      { start: utc(2026, 3, 10, 13), end: utc(2026, 3, 10, 21) },
    ]);
  });

  it('includes whole windows of every date touching the range, unclipped', () => {
    // 2026-03-09 15:00Z = 11:00 EDT .. 15:30Z: touches Monday only.
    const w = windowsFor(ny, utc(2026, 3, 9, 15), utc(2026, 3, 9, 15, 30));
    assert.deepEqual(w, [
      { start: utc(2026, 3, 9, 13), end: utc(2026, 3, 9, 16) },
      { start: utc(2026, 3, 9, 17), end: utc(2026, 3, 9, 21) },
    ]);
    // The local date is taken in the schedule's zone: 2026-03-10 03:00Z is still Monday 23:00 EDT.
    assert.deepEqual(windowsFor(ny, utc(2026, 3, 10, 3), utc(2026, 3, 10, 3, 59)).length, 2);
    assert.deepEqual(windowsFor(ny, utc(2026, 3, 10, 4), utc(2026, 3, 10, 5)), [
      { start: utc(2026, 3, 10, 13), end: utc(2026, 3, 10, 21) },
    ]);
    assert.deepEqual(windowsFor(ny, utc(2026, 3, 10, 4), utc(2026, 3, 10, 4)), []);
  });

  it('lets date rules replace the weekday rule; an empty rule closes the date', () => {
    const s: Schedule = {
      ...ny,
      dateRules: {
        '2026-03-09': [],
        '2026-03-10': [{ start: '10:00', end: '11:00' }],
        '2026-03-12': [{ start: '08:00', end: '08:30' }], // a Thursday, normally closed
      },
    };
    assert.deepEqual(windowsFor(s, utc(2026, 3, 9, 4), utc(2026, 3, 13, 4)), [
      { start: utc(2026, 3, 10, 14), end: utc(2026, 3, 10, 15) },
      { start: utc(2026, 3, 12, 12), end: utc(2026, 3, 12, 12, 30) },
    ]);
  });

  it('joins back-to-back intervals of one day but not across midnight', () => {
    const s: Schedule = {
      timeZone: 'UTC',
      weekly: {
        1: [{ start: '12:00', end: '17:00' }, { start: '09:00', end: '12:00' }, { start: '22:00', end: '24:00' }],
        2: [{ start: '00:00', end: '02:00' }],
      },
    };
    assert.deepEqual(windowsFor(s, utc(2026, 3, 9), utc(2026, 3, 11)), [
      { start: utc(2026, 3, 9, 9), end: utc(2026, 3, 9, 17) },
      { start: utc(2026, 3, 9, 22), end: utc(2026, 3, 10) },
      { start: utc(2026, 3, 10), end: utc(2026, 3, 10, 2) },
    ]);
  });

  it('handles New York DST days (2026-03-08 spring forward, 2026-11-01 fall back)', () => {
    const s: Schedule = {
      timeZone: 'America/New_York',
      weekly: { 7: [{ start: '00:00', end: '24:00' }] },
      dateRules: {
        '2026-03-15': [{ start: '01:00', end: '05:00' }],
        '2026-03-22': [{ start: '02:00', end: '04:00' }],
        '2026-11-08': [{ start: '01:00', end: '02:00' }],
      },
    };
    const spring = windowsFor(s, utc(2026, 3, 8, 12), utc(2026, 3, 8, 13));
    assert.deepEqual(spring, [{ start: utc(2026, 3, 8, 5), end: utc(2026, 3, 9, 4) }]);
    assert.equal(spring[0]!.end - spring[0]!.start, 23 * H);
    const fall = windowsFor(s, utc(2026, 11, 1, 12), utc(2026, 11, 1, 13));
    assert.deepEqual(fall, [{ start: utc(2026, 11, 1, 4), end: utc(2026, 11, 2, 5) }]);
    assert.equal(fall[0]!.end - fall[0]!.start, 25 * H);
  });

  it('measures windows that contain a transition in absolute time', () => {
    const sched = (rule: { start: string; end: string }): Schedule => ({
      timeZone: 'America/New_York',
      weekly: { 7: [rule] },
    });
    // 01:00 EST – 05:00 EDT: 3 hours.
    assert.deepEqual(windowsFor(sched({ start: '01:00', end: '05:00' }), utc(2026, 3, 8, 12), utc(2026, 3, 8, 13)),
      [{ start: utc(2026, 3, 8, 6), end: utc(2026, 3, 8, 9) }]);
    // 09:00–17:00 lies after the 02:00 jump: still 8 hours.
    assert.deepEqual(windowsFor(sched({ start: '09:00', end: '17:00' }), utc(2026, 3, 8, 12), utc(2026, 3, 8, 13)),
      [{ start: utc(2026, 3, 8, 13), end: utc(2026, 3, 8, 21) }]);
    // A start inside the gap moves forward: 02:00 → 03:00 EDT, so 02:00–04:00 lasts 1 hour.
    assert.deepEqual(windowsFor(sched({ start: '02:00', end: '04:00' }), utc(2026, 3, 8, 12), utc(2026, 3, 8, 13)),
      [{ start: utc(2026, 3, 8, 7), end: utc(2026, 3, 8, 8) }]);
    // Fall back: 01:00 (first, EDT) – 02:00 EST is 2 hours.
    assert.deepEqual(windowsFor(sched({ start: '01:00', end: '02:00' }), utc(2026, 11, 1, 12), utc(2026, 11, 1, 13)),
      [{ start: utc(2026, 11, 1, 5), end: utc(2026, 11, 1, 7) }]);
  });

  it('handles Europe/London (2026-03-29, 2026-10-25)', () => {
    const s: Schedule = { timeZone: 'Europe/London', weekly: { 7: [{ start: '00:00', end: '24:00' }] } };
    assert.deepEqual(windowsFor(s, utc(2026, 3, 29, 12), utc(2026, 3, 29, 13)),
      [{ start: utc(2026, 3, 29, 0), end: utc(2026, 3, 29, 23) }]);
    assert.deepEqual(windowsFor(s, utc(2026, 10, 25, 12), utc(2026, 10, 25, 13)),
      [{ start: utc(2026, 10, 24, 23), end: utc(2026, 10, 26, 0) }]);
  });

  it('handles the 30-minute shifts of Australia/Lord_Howe (2026-04-05, 2026-10-04)', () => {
    const s: Schedule = { timeZone: 'Australia/Lord_Howe', weekly: { 7: [{ start: '00:00', end: '24:00' }] } };
    const back = windowsFor(s, utc(2026, 4, 5, 1), utc(2026, 4, 5, 2));
    assert.deepEqual(back, [{ start: utc(2026, 4, 4, 13), end: utc(2026, 4, 5, 13, 30) }]);
    assert.equal(back[0]!.end - back[0]!.start, 24.5 * H);
    const forward = windowsFor(s, utc(2026, 10, 4, 1), utc(2026, 10, 4, 2));
    assert.deepEqual(forward, [{ start: utc(2026, 10, 3, 13, 30), end: utc(2026, 10, 4, 13) }]);
    assert.equal(forward[0]!.end - forward[0]!.start, 23.5 * H);
  });

  it('handles Asia/Kathmandu (+05:45)', () => {
    const s: Schedule = { timeZone: 'Asia/Kathmandu', weekly: { 4: [{ start: '09:00', end: '17:00' }] } };
    assert.deepEqual(windowsFor(s, utc(2026, 1, 14, 20), utc(2026, 1, 15, 20)),
      [{ start: utc(2026, 1, 15, 3, 15), end: utc(2026, 1, 15, 11, 15) }]);
  });

  it('accepts a shared offset table and refuses one of another zone', () => {
    const zone = new ZoneOffsets('America/New_York', utc(2026, 3, 9), utc(2026, 3, 10));
    assert.equal(windowsFor(ny, utc(2026, 3, 9, 12), utc(2026, 3, 9, 13), zone).length, 2);
    const other = new ZoneOffsets('UTC', utc(2026, 3, 9), utc(2026, 3, 10));
    assert.throws(() => windowsFor(ny, utc(2026, 3, 9, 12), utc(2026, 3, 9, 13), other), CoreValidationError);
  });
});

describe('validateSchedule', () => {
  const base = { timeZone: 'Europe/London' };

  it('accepts a valid schedule with back-to-back intervals and 24:00', () => {
    validateSchedule({
      ...base,
      weekly: { 1: [{ start: '09:00', end: '12:00' }, { start: '12:00', end: '24:00' }], 7: [] },
      dateRules: { '2026-12-25': [], '2026-12-24': [{ start: '00:00', end: '12:00' }] },
    });
  });

  it('rejects overlapping intervals in one day', () => {
    assert.throws(() => validateSchedule({
      ...base, weekly: { 3: [{ start: '09:00', end: '12:00' }, { start: '11:59', end: '13:00' }] },
    }), fieldError('weekly.3'));
    assert.throws(() => validateSchedule({
      ...base, weekly: {}, dateRules: { '2026-01-02': [{ start: '09:00', end: '17:00' }, { start: '10:00', end: '11:00' }] },
    }), fieldError('dateRules.2026-01-02'));
  });

  it('rejects malformed times, start >= end, 24:00 as a start', () => {
    assert.throws(() => validateSchedule({ ...base, weekly: { 1: [{ start: '9:00', end: '12:00' }] } }), fieldError('weekly.1[0].start'));
    assert.throws(() => validateSchedule({ ...base, weekly: { 1: [{ start: '09:00', end: '24:30' }] } }), fieldError('weekly.1[0].end'));
    assert.throws(() => validateSchedule({ ...base, weekly: { 2: [{ start: '08:00', end: '09:00' }, { start: '12:00', end: '12:00' }] } }), fieldError('weekly.2[1]'));
    assert.throws(() => validateSchedule({ ...base, weekly: { 2: [{ start: '13:00', end: '12:00' }] } }), fieldError('weekly.2[0]'));
    assert.throws(() => validateSchedule({ ...base, weekly: { 2: [{ start: '24:00', end: '24:00' }] } }), fieldError('weekly.2[0].start'));
  });

  it('rejects bad weekday keys, date keys and zones', () => {
    assert.throws(() => validateSchedule({ ...base, weekly: { 8: [] } as Schedule['weekly'] }), fieldError('weekly.8'));
    assert.throws(() => validateSchedule({ ...base, weekly: { 0: [] } as Schedule['weekly'] }), fieldError('weekly.0'));
    assert.throws(() => validateSchedule({ ...base, weekly: {}, dateRules: { '2026-02-30': [] } }), fieldError('dateRules.2026-02-30'));
    assert.throws(() => validateSchedule({ timeZone: 'Moon/Base', weekly: {} }), fieldError('timeZone'));
  });
});
