/**
 * In-process speed of the pure free-slot generator: 31 days at a 15-minute interval for one
 * host, (a) 2,000 bookings spread over a year, (b) 2,000 bookings inside the range.
 * Prints a table and one JSON line. Run: node bench/core-free-slots.ts
 */
import { computeFreeSlots, type FreeSlotsInput } from '../src/core/slots.ts';
import type { Interval } from '../src/core/intervals.ts';

const M = 60_000;
const H = 60 * M;
const from = Date.parse('2026-03-01T05:00:00Z');
const to = from + 31 * 24 * H;
const allDay = [{ start: '00:00', end: '24:00' }];

function input(busy: Interval[]): FreeSlotsInput {
  return {
    now: from,
    from,
    to,
    timeZone: 'America/New_York',
    durationMs: 30 * M,
    intervalMs: 15 * M,
    preBufferMs: 5 * M,
    postBufferMs: 5 * M,
    schedule: { timeZone: 'America/New_York', weekly: { 1: allDay, 2: allDay, 3: allDay, 4: allDay, 5: allDay, 6: allDay, 7: allDay } },
    hosts: [{ id: 'h1', busy }],
  };
}

function spread(): Interval[] {
  return Array.from({ length: 2000 }, (_, i) => {
    const s = from - 160 * 24 * H + ((i * 7919) % (365 * 24)) * H;
    return { start: s - 10 * M, end: s + 70 * M };
  });
}

function dense(): Interval[] {
  return Array.from({ length: 2000 }, (_, i) => {
    const s = from + ((i * 7919) % (31 * 24 * 4)) * 15 * M;
    return { start: s, end: s + 15 * M };
  });
}

function measure(name: string, busy: Interval[], runs = 300) {
  const data = input(busy);
  for (let k = 0; k < 50; k++) computeFreeSlots(data);
  const times: number[] = [];
  let slots = 0;
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    slots = computeFreeSlots(data).slots.length;
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
  return { name, slots, runs, p50_ms: +pct(0.5).toFixed(3), p99_ms: +pct(0.99).toFixed(3) };
}

const results = [measure('2000 bookings over a year', spread()), measure('2000 bookings inside range', dense())];
console.table(results);
console.log(JSON.stringify({ bench: 'core-free-slots', results }));
