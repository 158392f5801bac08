import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Schedule, WallInterval } from '../../src/core/availability.ts';
import { CoreValidationError } from '../../src/core/errors.ts';
import type { Interval } from '../../src/core/intervals.ts';
import { computeFreeSlots, findFreeSlot } from '../../src/core/slots.ts';
import type { FreeSlotsInput, SlotHost } from '../../src/core/slots.ts';

/** UTC instant with a 1-based month. */
const utc = (y: number, mo: number, d: number, h = 0, mi = 0): number => Date.UTC(y, mo - 1, d, h, mi);
const M = 60_000;
const H = 60 * M;
const NY = 'America/New_York';

// Monday 2026-03-09 in New York is EDT (UTC-4): local 09:00 = 13:00Z.
const mon = (hhmm: string): string => `2026-03-09T${hhmm}:00-04:00`;
const tue = (hhmm: string): string => `2026-03-10T${hhmm}:00-04:00`;
const wed = (hhmm: string): string => `2026-03-11T${hhmm}:00-04:00`;
/** Monday 2026-03-09 local time in New York as an instant (EDT). */
const monAt = (h: number, mi = 0): number => utc(2026, 3, 9, h + 4, mi);

const weekly = (tz: string, days: Partial<Record<1 | 2 | 3 | 4 | 5 | 6 | 7, [string, string][]>>): Schedule => {
  const out: Partial<Record<1 | 2 | 3 | 4 | 5 | 6 | 7, WallInterval[]>> = {};
  for (const [k, list] of Object.entries(days)) {
    out[Number(k) as 1] = list.map(([start, end]) => ({ start, end }));
  }
  return { timeZone: tz, weekly: out };
};

/** One host, Monday 09:00–12:00 New York, 60-minute slots, range = all of Monday. */
function input(over: Partial<FreeSlotsInput> = {}): FreeSlotsInput {
  return {
    now: utc(2026, 3, 1),
    from: utc(2026, 3, 9, 4),
    to: utc(2026, 3, 10, 4),
    timeZone: NY,
    durationMs: 60 * M,
    schedule: weekly(NY, { 1: [['09:00', '12:00']] }),
    hosts: [{ id: 'h1' }],
    ...over,
  };
}

const starts = (i: FreeSlotsInput): string[] => computeFreeSlots(i).slots.map((s) => s.iso);

function fieldError(field: string) {
  return (e: unknown): boolean => e instanceof CoreValidationError && e.field === field;
}

describe('computeFreeSlots: grid', () => {
  it('lists starts every duration inside the window, grouped by date', () => {
    const r = computeFreeSlots(input());
    assert.deepEqual(r.byDate, { '2026-03-09': [mon('09:00'), mon('10:00'), mon('11:00')] });
    assert.deepEqual(r.slots.map((s) => [s.start, s.end, s.date]), [
      [utc(2026, 3, 9, 13), utc(2026, 3, 9, 14), '2026-03-09'],
      [utc(2026, 3, 9, 14), utc(2026, 3, 9, 15), '2026-03-09'],
      [utc(2026, 3, 9, 15), utc(2026, 3, 9, 16), '2026-03-09'],
    ]);
    assert.deepEqual(r.slots[0]!.hosts, [{ id: 'h1', remainingSeats: 1 }]);
    assert.equal(r.slots[0]!.remainingSeats, 1);
  });

  it('uses an interval different from the duration', () => {
    assert.deepEqual(starts(input({ intervalMs: 30 * M })), [mon('09:00'), mon('09:30'), mon('10:00'), mon('10:30'), mon('11:00')]);
    assert.deepEqual(starts(input({ durationMs: 30 * M, intervalMs: 45 * M })), [mon('09:00'), mon('09:45'), mon('10:30'), mon('11:15')]);
  });

  it('filters on the start with a half-open range and never shifts the grid', () => {
    assert.deepEqual(starts(input({ from: monAt(10), to: monAt(11) })), [mon('10:00')]);
    assert.deepEqual(starts(input({ from: monAt(10, 1), to: monAt(11) })), []);
    assert.deepEqual(starts(input({ from: monAt(10, 1), to: monAt(11, 1) })), [mon('11:00')]);
    // A slot may end after `to`.
    assert.deepEqual(starts(input({ from: monAt(11), to: monAt(11, 30) })), [mon('11:00')]);
  });

  it('applies date rules and closed dates', () => {
    const schedule: Schedule = {
      ...weekly(NY, { 1: [['09:00', '11:00']], 3: [['09:00', '10:00']] }),
      dateRules: { '2026-03-09': [], '2026-03-10': [{ start: '14:00', end: '15:00' }] },
    };
    const r = computeFreeSlots(input({ schedule, to: utc(2026, 3, 12, 4) }));
    assert.deepEqual(r.byDate, { '2026-03-10': [tue('14:00')], '2026-03-11': [wed('09:00')] });
  });

  it('returns nothing for an empty range or when every date is closed', () => {
    assert.deepEqual(computeFreeSlots(input({ from: monAt(10), to: monAt(10) })), { byDate: {}, slots: [] });
    assert.deepEqual(computeFreeSlots(input({ schedule: weekly(NY, {}) })), { byDate: {}, slots: [] });
  });

  it('accepts precomputed windows instead of a schedule', () => {
    const r = computeFreeSlots(input({ schedule: undefined, hosts: [{ id: 'h1', windows: [{ start: monAt(15), end: monAt(17) }] }] }));
    assert.deepEqual(r.byDate, { '2026-03-09': [mon('15:00'), mon('16:00')] });
  });
});

describe('computeFreeSlots: busy time and buffers', () => {
  it('treats busy time as half-open', () => {
    const busy: Interval[] = [{ start: monAt(10), end: monAt(11) }];
    assert.deepEqual(starts(input({ hosts: [{ id: 'h1', busy }] })), [mon('09:00'), mon('11:00')]);
    assert.deepEqual(starts(input({ intervalMs: 30 * M, hosts: [{ id: 'h1', busy }] })), [mon('09:00'), mon('11:00')]);
  });

  it("pads the candidate with the calendar's buffers", () => {
    const busy: Interval[] = [{ start: monAt(10), end: monAt(11) }];
    const schedule = weekly(NY, { 1: [['09:00', '13:00']] });
    assert.deepEqual(
      starts(input({ schedule, intervalMs: 30 * M, preBufferMs: 15 * M, postBufferMs: 15 * M, hosts: [{ id: 'h1', busy }] })),
      [mon('11:30'), mon('12:00')],
    );
    assert.deepEqual(
      starts(input({ schedule, intervalMs: 30 * M, hosts: [{ id: 'h1', busy }] })),
      [mon('09:00'), mon('11:00'), mon('11:30'), mon('12:00')],
    );
  });

  it("stacks the booking's own buffers (already in busy) with the calendar's", () => {
    // Booking 10:00–11:00 with its own pre-buffer 20 min and post-buffer 30 min → busy 09:40–11:30.
    // Calendar: pre 15, post 10. First free start after it: 11:30 + 15 = 11:45; last before: 09:40 − 10 − 60 = 08:30.
    const busy: Interval[] = [{ start: monAt(9, 40), end: monAt(11, 30) }];
    const r = starts(input({
      schedule: weekly(NY, { 1: [['08:00', '14:00']] }),
      intervalMs: 15 * M,
      preBufferMs: 15 * M,
      postBufferMs: 10 * M,
      hosts: [{ id: 'h1', busy }],
    }));
    assert.deepEqual(r, [
      mon('08:00'), mon('08:15'), mon('08:30'),
      mon('11:45'), mon('12:00'), mon('12:15'), mon('12:30'), mon('12:45'), mon('13:00'),
    ]);
  });

  it('merges unsorted, overlapping busy intervals (bookings, blocked slots, external)', () => {
    const busy: Interval[] = [
      { start: monAt(11, 30), end: monAt(11, 45) }, // external
      { start: monAt(9, 30), end: monAt(10) }, // blocked slot
      { start: monAt(9, 45), end: monAt(10, 15) }, // booking overlapping it
      { start: monAt(12), end: monAt(12) }, // empty: ignored
    ];
    assert.deepEqual(starts(input({ intervalMs: 15 * M, hosts: [{ id: 'h1', busy }] })), [mon('10:15'), mon('10:30')]);
  });
});

describe('computeFreeSlots: notice and booking window', () => {
  it('enforces minimum notice without moving the grid', () => {
    // now 09:10 local, notice 60 min → start >= 10:10 → 10:30 is the first grid point.
    const r = starts(input({ now: monAt(9, 10), minNoticeMs: 60 * M, durationMs: 30 * M }));
    assert.deepEqual(r, [mon('10:30'), mon('11:00'), mon('11:30')]);
    // Without notice, past starts are still dropped; a start equal to now + notice is kept.
    assert.deepEqual(starts(input({ now: monAt(9, 10) })), [mon('10:00'), mon('11:00')]);
    assert.deepEqual(starts(input({ now: monAt(9), minNoticeMs: 60 * M })), [mon('10:00'), mon('11:00')]);
  });

  const weekdays = weekly(NY, { 1: [['07:00', '09:00']], 2: [['07:00', '09:00']], 3: [['07:00', '09:00']], 4: [['07:00', '09:00']], 5: [['07:00', '09:00']] });
  const week = { schedule: weekdays, from: utc(2026, 3, 9, 4), to: utc(2026, 3, 14, 5) };

  it('enforces a rolling booking window inclusively', () => {
    // now = Monday 08:00 local; window 2 days → start <= Wednesday 08:00.
    const r = starts(input({ ...week, now: monAt(8), bookingWindow: { kind: 'rolling', ms: 2 * 24 * H } }));
    assert.deepEqual(r, [mon('08:00'), tue('07:00'), tue('08:00'), wed('07:00'), wed('08:00')]);
  });

  it('enforces a fixed date range in the calendar zone, both ends inclusive', () => {
    assert.deepEqual(
      starts(input({ ...week, bookingWindow: { kind: 'fixed', startDate: '2026-03-10', endDate: '2026-03-11' } })),
      [tue('07:00'), tue('08:00'), wed('07:00'), wed('08:00')],
    );
    assert.deepEqual(
      starts(input({ ...week, bookingWindow: { kind: 'fixed', startDate: '2026-03-12' } })),
      ['2026-03-12T07:00:00-04:00', '2026-03-12T08:00:00-04:00', '2026-03-13T07:00:00-04:00', '2026-03-13T08:00:00-04:00'],
    );
    // Tuesday 20:00–22:00 New York is already Wednesday in UTC; the calendar's date counts.
    const late = { schedule: weekly(NY, { 2: [['20:00', '22:00']] }), from: utc(2026, 3, 9, 4), to: utc(2026, 3, 12, 4) };
    assert.deepEqual(starts(input({ ...late, bookingWindow: { kind: 'fixed', endDate: '2026-03-10' } })), [tue('20:00'), tue('21:00')]);
    assert.deepEqual(starts(input({ ...late, bookingWindow: { kind: 'fixed', endDate: '2026-03-09' } })), []);
    assert.deepEqual(starts(input({ ...late, bookingWindow: { kind: 'unlimited' } })), [tue('20:00'), tue('21:00')]);
  });
});

describe('computeFreeSlots: per-day limit', () => {
  const threeDays = {
    schedule: weekly(NY, { 1: [['09:00', '11:00']], 2: [['09:00', '11:00']], 3: [['09:00', '11:00']] }),
    from: utc(2026, 3, 9, 4),
    to: utc(2026, 3, 12, 4),
  };

  it('closes a date at the limit for the whole calendar', () => {
    const r = computeFreeSlots(input({
      ...threeDays,
      dailyLimit: { max: 2, scope: 'calendar' },
      calendarBookingsPerDay: { '2026-03-10': 2, '2026-03-11': 1 },
    }));
    assert.deepEqual(r.byDate, { '2026-03-09': [mon('09:00'), mon('10:00')], '2026-03-11': [wed('09:00'), wed('10:00')] });
    // max 0 closes everything
    assert.deepEqual(computeFreeSlots(input({ ...threeDays, dailyLimit: { max: 0, scope: 'calendar' } })).slots, []);
  });

  it('per host: only the host at its limit drops out', () => {
    const r = computeFreeSlots(input({
      ...threeDays,
      dailyLimit: { max: 2, scope: 'host' },
      hosts: [{ id: 'a', bookingsPerDay: { '2026-03-10': 2 } }, { id: 'b', bookingsPerDay: { '2026-03-10': 1 } }],
    }));
    assert.deepEqual(r.slots.map((s) => [s.iso, s.hosts.map((h) => h.id)]), [
      [mon('09:00'), ['a', 'b']], [mon('10:00'), ['a', 'b']],
      [tue('09:00'), ['b']], [tue('10:00'), ['b']],
      [wed('09:00'), ['a', 'b']], [wed('10:00'), ['a', 'b']],
    ]);
  });

  it("counts on the calendar's local date, not the output zone's", () => {
    const late = {
      schedule: weekly(NY, { 2: [['20:00', '22:00']] }),
      from: utc(2026, 3, 9, 4),
      to: utc(2026, 3, 12, 4),
      outputTimeZone: 'UTC',
      dailyLimit: { max: 1, scope: 'calendar' as const },
    };
    assert.deepEqual(computeFreeSlots(input({ ...late, calendarBookingsPerDay: { '2026-03-10': 1 } })).byDate, {});
    assert.deepEqual(computeFreeSlots(input({ ...late, calendarBookingsPerDay: { '2026-03-11': 1 } })).byDate, {
      '2026-03-11': ['2026-03-11T00:00:00+00:00', '2026-03-11T01:00:00+00:00'],
    });
  });
});

describe('computeFreeSlots: seats', () => {
  const seat = (slotH: number, seats: number) => ({ slotStart: monAt(slotH), seats, start: monAt(slotH), end: monAt(slotH + 1) });

  it('keeps a slot while booked seats < capacity and reports remaining seats', () => {
    const r = computeFreeSlots(input({ seatsPerSlot: 3, intervalMs: 30 * M, hosts: [{ id: 'h1', seatBookings: [seat(10, 2)] }] }));
    // 09:30 and 10:30 overlap the 10:00 class; they are different slots, so it is busy time for them.
    assert.deepEqual(r.slots.map((s) => [s.iso, s.remainingSeats]), [[mon('09:00'), 3], [mon('10:00'), 1], [mon('11:00'), 3]]);
  });

  it('drops a full slot and sums several bookings of one slot', () => {
    assert.deepEqual(starts(input({ seatsPerSlot: 3, hosts: [{ id: 'h1', seatBookings: [seat(10, 3)] }] })), [mon('09:00'), mon('11:00')]);
    const r = computeFreeSlots(input({ seatsPerSlot: 3, hosts: [{ id: 'h1', seatBookings: [seat(10, 1), seat(10, 1)] }] }));
    assert.deepEqual(r.slots.map((s) => s.remainingSeats), [3, 1, 3]);
  });

  it('still respects other busy time on a partly booked slot', () => {
    const host: SlotHost = { id: 'h1', seatBookings: [seat(10, 1)], busy: [{ start: monAt(10, 15), end: monAt(10, 45) }] };
    assert.deepEqual(starts(input({ seatsPerSlot: 3, hosts: [host] })), [mon('09:00'), mon('11:00')]);
  });

  it('treats seat bookings of other, overlapping slots as busy even on a partly booked slot', () => {
    // Classes at 10:00 and 10:30 (e.g. booked before the interval changed) block each other.
    const at1030 = { slotStart: monAt(10, 30), seats: 1, start: monAt(10, 30), end: monAt(11, 30) };
    const r = computeFreeSlots(input({ seatsPerSlot: 3, intervalMs: 30 * M, hosts: [{ id: 'h1', seatBookings: [seat(10, 1), at1030] }] }));
    assert.deepEqual(r.slots.map((s) => [s.iso, s.remainingSeats]), [[mon('09:00'), 3]]);
    const alone = computeFreeSlots(input({ seatsPerSlot: 3, intervalMs: 30 * M, hosts: [{ id: 'h1', seatBookings: [at1030] }] }));
    assert.deepEqual(alone.slots.map((s) => [s.iso, s.remainingSeats]), [[mon('09:00'), 3], [mon('09:30'), 3], [mon('10:30'), 2]]);
  });

  it('sums remaining seats over free round-robin hosts, takes the minimum for collective', () => {
    const hosts: SlotHost[] = [{ id: 'a', seatBookings: [seat(9, 1)] }, { id: 'b' }];
    const rr = computeFreeSlots(input({ seatsPerSlot: 2, hosts }));
    assert.deepEqual(rr.slots.map((s) => [s.iso, s.remainingSeats, s.hosts]), [
      [mon('09:00'), 3, [{ id: 'a', remainingSeats: 1 }, { id: 'b', remainingSeats: 2 }]],
      [mon('10:00'), 4, [{ id: 'a', remainingSeats: 2 }, { id: 'b', remainingSeats: 2 }]],
      [mon('11:00'), 4, [{ id: 'a', remainingSeats: 2 }, { id: 'b', remainingSeats: 2 }]],
    ]);
    const col = computeFreeSlots(input({ seatsPerSlot: 2, hosts, teamMode: 'collective' }));
    assert.deepEqual(col.slots.map((s) => s.remainingSeats), [1, 2, 2]);
  });
});

describe('computeFreeSlots: teams', () => {
  const at = (from: string, to: string) => weekly(NY, { 1: [[from, to]] });

  it('round robin: free if any host is free, with the free hosts listed', () => {
    const r = computeFreeSlots(input({
      schedule: undefined,
      hosts: [
        { id: 'a', schedule: at('09:00', '11:00'), busy: [{ start: monAt(10), end: monAt(11) }] },
        { id: 'b', schedule: at('10:00', '12:00') },
      ],
    }));
    assert.deepEqual(r.slots.map((s) => [s.iso, s.hosts.map((h) => h.id)]), [
      [mon('09:00'), ['a']], [mon('10:00'), ['b']], [mon('11:00'), ['b']],
    ]);
  });

  it('round robin: merges the hosts\' own grids, ascending and de-duplicated', () => {
    const r = computeFreeSlots(input({
      schedule: undefined,
      hosts: [{ id: 'a', schedule: at('09:00', '11:00') }, { id: 'b', schedule: at('09:30', '11:30') }, { id: 'c', schedule: at('09:00', '10:00') }],
    }));
    assert.deepEqual(r.byDate, { '2026-03-09': [mon('09:00'), mon('09:30'), mon('10:00'), mon('10:30')] });
    assert.deepEqual(r.slots.map((s) => s.hosts.map((h) => h.id)), [['a', 'c'], ['b'], ['a'], ['b']]);
  });

  it('round robin: hosts may have schedules in other zones', () => {
    // London is still on GMT on 2026-03-09: 14:00–16:00 London = 10:00–12:00 New York.
    const r = computeFreeSlots(input({
      schedule: undefined,
      hosts: [
        { id: 'ny', schedule: at('09:00', '10:00') },
        { id: 'ldn', schedule: weekly('Europe/London', { 1: [['14:00', '16:00']] }) },
      ],
    }));
    assert.deepEqual(r.slots.map((s) => [s.iso, s.hosts.map((h) => h.id)]), [
      [mon('09:00'), ['ny']], [mon('10:00'), ['ldn']], [mon('11:00'), ['ldn']],
    ]);
  });

  it('collective: free only when all hosts are free, on the shared windows', () => {
    const hosts: SlotHost[] = [{ id: 'a', schedule: at('09:00', '12:00') }, { id: 'b', schedule: at('09:30', '12:00') }];
    assert.deepEqual(starts(input({ schedule: undefined, teamMode: 'collective', hosts })), [mon('09:30'), mon('10:30')]);
    const busyB: SlotHost[] = [hosts[0]!, { ...hosts[1]!, busy: [{ start: monAt(10, 30), end: monAt(11) }] }];
    const r = computeFreeSlots(input({ schedule: undefined, teamMode: 'collective', hosts: busyB }));
    assert.deepEqual(r.slots.map((s) => [s.iso, s.hosts.map((h) => h.id)]), [[mon('09:30'), ['a', 'b']]]);
  });

  it('host filter narrows the host set (userId / userIds)', () => {
    const hosts: SlotHost[] = [
      { id: 'a', schedule: at('09:00', '12:00') },
      { id: 'b', schedule: at('09:30', '12:00'), busy: [{ start: monAt(10, 30), end: monAt(11) }] },
    ];
    const base = { schedule: undefined, hosts };
    assert.deepEqual(starts(input({ ...base, teamMode: 'collective', hostFilter: ['a'] })), [mon('09:00'), mon('10:00'), mon('11:00')]);
    assert.deepEqual(starts(input({ ...base, teamMode: 'collective', hostFilter: [] })), [mon('09:30')]);
    assert.deepEqual(starts(input({ ...base, hostFilter: ['b', 'not-a-host'] })), [mon('09:30')]);
    assert.deepEqual(starts(input({ ...base, hostFilter: ['not-a-host'] })), []);
    const r = computeFreeSlots(input({ ...base, hostFilter: ['b'], intervalMs: 30 * M }));
    assert.deepEqual(r.slots.map((s) => s.hosts.map((h) => h.id)), [['b'], ['b']]);
  });
});

describe('computeFreeSlots: time zones and DST', () => {
  it('outputs date keys and offsets in the output zone', () => {
    const r = computeFreeSlots(input({ schedule: weekly(NY, { 1: [['13:00', '16:00']] }), outputTimeZone: 'Asia/Kathmandu' }));
    assert.deepEqual(r.byDate, {
      '2026-03-09': ['2026-03-09T22:45:00+05:45', '2026-03-09T23:45:00+05:45'],
      '2026-03-10': ['2026-03-10T00:45:00+05:45'],
    });
    assert.deepEqual(r.slots.map((s) => s.date), ['2026-03-09', '2026-03-09', '2026-03-10']);
  });

  const sunday = (tz: string, from: string, to: string): Schedule => weekly(tz, { 7: [[from, to]] });

  it('America/New_York spring forward (2026-03-08)', () => {
    const i = input({ schedule: sunday(NY, '00:00', '06:00'), from: utc(2026, 3, 8, 5), to: utc(2026, 3, 9, 4) });
    assert.deepEqual(starts(i), [
      '2026-03-08T00:00:00-05:00', '2026-03-08T01:00:00-05:00',
      '2026-03-08T03:00:00-04:00', '2026-03-08T04:00:00-04:00', '2026-03-08T05:00:00-04:00',
    ]);
    // The grid runs in absolute time from the window start.
    assert.deepEqual(starts({ ...i, intervalMs: 90 * M }), [
      '2026-03-08T00:00:00-05:00', '2026-03-08T01:30:00-05:00', '2026-03-08T04:00:00-04:00',
    ]);
  });

  it('America/New_York fall back (2026-11-01): 01:00 occurs twice', () => {
    const i = input({ schedule: sunday(NY, '00:00', '04:00'), from: utc(2026, 11, 1, 4), to: utc(2026, 11, 2, 5) });
    assert.deepEqual(computeFreeSlots(i).byDate, {
      '2026-11-01': [
        '2026-11-01T00:00:00-04:00', '2026-11-01T01:00:00-04:00', '2026-11-01T01:00:00-05:00',
        '2026-11-01T02:00:00-05:00', '2026-11-01T03:00:00-05:00',
      ],
    });
  });

  it('Europe/London (2026-03-29 forward, 2026-10-25 back)', () => {
    const tz = 'Europe/London';
    assert.deepEqual(starts(input({ timeZone: tz, schedule: sunday(tz, '00:00', '04:00'), from: utc(2026, 3, 29), to: utc(2026, 3, 29, 23) })), [
      '2026-03-29T00:00:00+00:00', '2026-03-29T02:00:00+01:00', '2026-03-29T03:00:00+01:00',
    ]);
    assert.deepEqual(starts(input({ timeZone: tz, schedule: sunday(tz, '00:00', '03:00'), from: utc(2026, 10, 24, 23), to: utc(2026, 10, 26) })), [
      '2026-10-25T00:00:00+01:00', '2026-10-25T01:00:00+01:00', '2026-10-25T01:00:00+00:00', '2026-10-25T02:00:00+00:00',
    ]);
  });

  it('Australia/Lord_Howe 30-minute shifts (2026-04-05 back, 2026-10-04 forward)', () => {
    const tz = 'Australia/Lord_Howe';
    const back = input({
      timeZone: tz, durationMs: 30 * M, schedule: sunday(tz, '01:00', '03:00'), from: utc(2026, 4, 4, 13), to: utc(2026, 4, 5, 13, 30),
    });
    assert.deepEqual(starts(back), [
      '2026-04-05T01:00:00+11:00', '2026-04-05T01:30:00+11:00', '2026-04-05T01:30:00+10:30',
      '2026-04-05T02:00:00+10:30', '2026-04-05T02:30:00+10:30',
    ]);
    const forward = input({
      timeZone: tz, durationMs: 30 * M, schedule: sunday(tz, '01:00', '04:00'), from: utc(2026, 10, 3, 13, 30), to: utc(2026, 10, 4, 13),
    });
    assert.deepEqual(starts(forward), [
      '2026-10-04T01:00:00+10:30', '2026-10-04T01:30:00+10:30', '2026-10-04T02:30:00+11:00',
      '2026-10-04T03:00:00+11:00', '2026-10-04T03:30:00+11:00',
    ]);
  });

  it('Asia/Kathmandu (+05:45), also rendered in UTC', () => {
    const tz = 'Asia/Kathmandu';
    const i = input({
      now: utc(2026, 1, 1), timeZone: tz, schedule: weekly(tz, { 4: [['09:00', '11:00']] }), from: utc(2026, 1, 14, 18, 15), to: utc(2026, 1, 15, 18, 15),
    });
    assert.deepEqual(computeFreeSlots(i).byDate, { '2026-01-15': ['2026-01-15T09:00:00+05:45', '2026-01-15T10:00:00+05:45'] });
    assert.deepEqual(computeFreeSlots({ ...i, outputTimeZone: 'UTC' }).byDate, {
      '2026-01-15': ['2026-01-15T03:15:00+00:00', '2026-01-15T04:15:00+00:00'],
    });
  });
});

describe('findFreeSlot', () => {
  it('re-checks one requested start with the same rules', () => {
    const base = input({ hosts: [{ id: 'h1', busy: [{ start: monAt(11), end: monAt(12) }] }] });
    const { from: _f, to: _t, ...rules } = base;
    assert.equal(findFreeSlot(rules, monAt(10))?.iso, mon('10:00'));
    assert.equal(findFreeSlot(rules, monAt(10, 30)), null); // off the grid
    assert.equal(findFreeSlot(rules, monAt(11)), null); // busy
    assert.equal(findFreeSlot(rules, monAt(12)), null); // outside the window
  });
});

describe('computeFreeSlots: validation', () => {
  it('rejects bad numbers, zones and hosts with a field name', () => {
    assert.throws(() => computeFreeSlots(input({ durationMs: 0 })), fieldError('durationMs'));
    assert.throws(() => computeFreeSlots(input({ intervalMs: -5 })), fieldError('intervalMs'));
    assert.throws(() => computeFreeSlots(input({ preBufferMs: 1.5 })), fieldError('preBufferMs'));
    assert.throws(() => computeFreeSlots(input({ seatsPerSlot: 0 })), fieldError('seatsPerSlot'));
    assert.throws(() => computeFreeSlots(input({ now: Number.NaN })), fieldError('now'));
    assert.throws(() => computeFreeSlots(input({ from: monAt(10), to: monAt(9) })), fieldError('to'));
    assert.throws(() => computeFreeSlots(input({ timeZone: 'Nowhere/Land' })), fieldError('timeZone'));
    assert.throws(() => computeFreeSlots(input({ outputTimeZone: '+05:00' })), fieldError('outputTimeZone'));
    assert.throws(() => computeFreeSlots(input({ schedule: undefined })), fieldError('hosts[0]'));
    assert.throws(() => computeFreeSlots(input({ hosts: [{ id: 'a' }, { id: 'a' }] })), fieldError('hosts[1].id'));
    assert.throws(() => computeFreeSlots(input({ dailyLimit: { max: -1, scope: 'host' } })), fieldError('dailyLimit.max'));
    assert.throws(() => computeFreeSlots(input({ calendarBookingsPerDay: { 'March 9': 1 } })), fieldError('calendarBookingsPerDay.March 9'));
  });
});

// ---------------------------------------------------------------------------------------------
// Reference implementation: a literal reading of the contract, O(candidates × busy).

interface RefHost { id: string; windows: Interval[]; busy: Interval[] }

function reference(p: {
  now: number; from: number; to: number; duration: number; interval: number; pre: number; post: number;
  notice: number; rolling: number; hosts: RefHost[]; collective: boolean;
}): Map<number, string[]> {
  const perHost = new Map<string, Set<number>>();
  for (const h of p.hosts) {
    const free = new Set<number>();
    for (const w of h.windows) {
      for (let s = w.start; s + p.duration <= w.end; s += p.interval) {
        if (s < p.from || s >= p.to || s < p.now + p.notice || s > p.now + p.rolling) continue;
        const a = s - p.pre;
        const b = s + p.duration + p.post;
        if (!h.busy.some((x) => x.start < x.end && x.start < b && a < x.end)) free.add(s);
      }
    }
    perHost.set(h.id, free);
  }
  const out = new Map<number, string[]>();
  const all = [...new Set([...perHost.values()].flatMap((s) => [...s]))].sort((x, y) => x - y);
  for (const s of all) {
    const ids = p.hosts.filter((h) => perHost.get(h.id)!.has(s)).map((h) => h.id);
    if (!p.collective || ids.length === p.hosts.length) out.set(s, ids);
  }
  return out;
}

describe('computeFreeSlots: against a brute-force reference', () => {
  let seed = 12345;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return Math.floor((seed / 2147483648) * n);
  };
  const day0 = utc(2026, 5, 4);

  it('agrees on random round-robin inputs', () => {
    for (let round = 0; round < 300; round++) {
      const hosts: RefHost[] = [];
      for (let h = 0; h < 1 + rnd(3); h++) {
        const windows: Interval[] = [];
        let t = day0 + rnd(6) * H;
        for (let k = 0; k < 1 + rnd(4); k++) {
          const len = (1 + rnd(16)) * 15 * M;
          windows.push({ start: t, end: t + len });
          t += len + (1 + rnd(8)) * 15 * M;
        }
        const busy: Interval[] = [];
        for (let k = 0; k < rnd(12); k++) {
          const s = day0 + rnd(48 * 4) * 5 * M;
          busy.push({ start: s, end: s + rnd(24) * 5 * M });
        }
        hosts.push({ id: `h${h}`, windows, busy });
      }
      const p = {
        now: day0 + rnd(10) * H,
        from: day0 + rnd(8) * H,
        to: day0 + (8 + rnd(20)) * H,
        duration: (1 + rnd(8)) * 15 * M,
        interval: (1 + rnd(8)) * 5 * M,
        pre: rnd(4) * 5 * M,
        post: rnd(4) * 5 * M,
        notice: rnd(3) * 30 * M,
        rolling: (2 + rnd(20)) * H,
        hosts,
        collective: false,
      };
      const expected = reference(p);
      const request = {
        now: p.now, from: p.from, to: p.to, timeZone: 'UTC', durationMs: p.duration, intervalMs: p.interval,
        preBufferMs: p.pre, postBufferMs: p.post, minNoticeMs: p.notice, bookingWindow: { kind: 'rolling' as const, ms: p.rolling },
        hosts: hosts.map((h) => ({ id: h.id, windows: h.windows, busy: h.busy })),
      };
      const actual = computeFreeSlots(request);
      assert.deepEqual(
        actual.slots.map((s) => [s.start, s.hosts.map((x) => x.id)]),
        [...expected].map(([s, ids]) => [s, ids]),
        `round ${round}`,
      );
      const startsOnly = computeFreeSlots({ ...request, hostDetails: false });
      assert.deepEqual(startsOnly.byDate, actual.byDate, `round ${round}: the same starts without host details`);
      assert.ok(startsOnly.slots.every((s) => s.hosts.length === 0 && s.remainingSeats >= 1), `round ${round}: no host lists`);
    }
  });

  it('agrees on random collective inputs whose hosts share one window', () => {
    for (let round = 0; round < 200; round++) {
      const window: Interval = { start: day0 + rnd(4) * H, end: day0 + (5 + rnd(6)) * H };
      const hosts: RefHost[] = [];
      for (let h = 0; h < 2 + rnd(2); h++) {
        const busy: Interval[] = [];
        for (let k = 0; k < rnd(5); k++) {
          const s = day0 + rnd(12 * 12) * 5 * M;
          busy.push({ start: s, end: s + (1 + rnd(12)) * 5 * M });
        }
        hosts.push({ id: `h${h}`, windows: [window], busy });
      }
      const p = {
        now: day0, from: day0, to: day0 + 24 * H, duration: (1 + rnd(4)) * 15 * M, interval: (1 + rnd(6)) * 5 * M,
        pre: rnd(3) * 5 * M, post: rnd(3) * 5 * M, notice: 0, rolling: 48 * H, hosts, collective: true,
      };
      const expected = reference(p);
      const actual = computeFreeSlots({
        now: p.now, from: p.from, to: p.to, timeZone: 'UTC', durationMs: p.duration, intervalMs: p.interval,
        preBufferMs: p.pre, postBufferMs: p.post, teamMode: 'collective',
        hosts: hosts.map((h) => ({ id: h.id, windows: h.windows, busy: h.busy })),
      });
      assert.deepEqual(actual.slots.map((s) => [s.start, s.hosts.map((x) => x.id)]), [...expected], `round ${round}`);
    }
  });
});

describe('computeFreeSlots: large inputs (speed is measured in bench/core-free-slots.ts)', () => {
  const from = utc(2026, 3, 1, 5);
  const to = from + 31 * 24 * H;
  const all = [['00:00', '24:00']] as [string, string][];
  const run = (busy: Interval[]) =>
    computeFreeSlots(
      input({
        now: from, from, to, durationMs: 30 * M, intervalMs: 15 * M, preBufferMs: 5 * M, postBufferMs: 5 * M,
        schedule: weekly(NY, { 1: all, 2: all, 3: all, 4: all, 5: all, 6: all, 7: all }),
        hosts: [{ id: 'h1', busy }],
      }),
    ).slots;
  const touchesBooking = (slots: { start: number; end: number }[], busy: Interval[]) =>
    slots.some((slot) => busy.some((b) => slot.start - 5 * M < b.end && b.start < slot.end + 5 * M));

  it('31 days at a 15-minute interval against 2,000 bookings spread over a year', () => {
    // 2,000 one-hour bookings (padded 10 min each side) over a year around the range, unsorted.
    const busy: Interval[] = [];
    for (let i = 0; i < 2000; i++) {
      const s = from - 160 * 24 * H + ((i * 7919) % (365 * 24)) * H;
      busy.push({ start: s - 10 * M, end: s + 70 * M });
    }
    const slots = run(busy);
    assert.ok(slots.length > 1000 && slots.length < 31 * 96, `unexpected slot count ${slots.length}`);
    assert.equal(touchesBooking(slots, busy), false);
  });

  it('all 2,000 bookings inside the 31 days', () => {
    const busy: Interval[] = [];
    for (let i = 0; i < 2000; i++) {
      const s = from + ((i * 7919) % (31 * 24 * 4)) * 15 * M; // distinct quarter hours, unsorted
      busy.push({ start: s, end: s + 15 * M });
    }
    const slots = run(busy);
    // 2,000 of the 2,976 quarter hours are taken; a 30-minute slot with 5-minute buffers needs
    // four free quarter hours in a row, so only a handful (if any) remain — none may touch a booking.
    assert.ok(slots.length < 200, `unexpected slot count ${slots.length}`);
    assert.equal(touchesBooking(slots, busy), false);
  });
});
