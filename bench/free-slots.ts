/**
 * Free slots of one host through the whole stack: 31 days (2026-03-01 … 2026-03-31, America/New_York)
 * at a 15-minute interval (30-minute duration, 5-minute buffers, open all day every day — the
 * scenario of core-free-slots.ts), with 2,000 bookings of the host spread over a year, stored as
 * real rows (bookings + booking_hosts + host_busy + history) that the services read.
 *
 * Measured one request after another: FreeSlotsService.find in-process (and, to see where the
 * time goes, its two halves: loadSlotInput = the queries, computeFreeSlots = the core), then
 * GET /v1/calendars/{id}/slots on the real server. Target: p50 under 5 ms over HTTP.
 *
 * Run: node bench/free-slots.ts               (embedded SQLite, a temporary file)
 *      DATABASE_URL=postgres://… node bench/free-slots.ts   (a fresh schema, dropped at the end)
 * BENCH_RUNS (default 300) timed calls per row, at most BENCH_PHASE_MS (default 60000) per row.
 */
import { computeFreeSlots } from '../src/core/slots.ts';
import { loadSlotInput } from '../src/services/free-slots.ts';
import { wallClockToEpochMs } from '../src/core/time-zone.ts';
import { ALWAYS_OPEN, DAY_MS, HOUR_MS, MINUTE_MS, ZONE, countRows, createHost, envInt, httpGet, measure, report, runBench, seedBookings } from './support.ts';

const BOOKINGS = 2000;
const TARGET_HTTP_P50_MS = 5;
const RANGE = { start: '2026-03-01', end: '2026-03-31' };
const runs = envInt('BENCH_RUNS', 300);
const maxMs = envInt('BENCH_PHASE_MS', 60_000);

await runBench('free-slots', async (world) => {
  const { services } = world.app;
  const host = await createHost(world, 1, ALWAYS_OPEN);
  const calendar = await services.calendars.create(world.principal, {
    locationId: world.demo.location.id,
    name: 'One host',
    kind: 'personal',
    hosts: [{ userId: host.id }],
    durations: [30],
    slotInterval: 15,
    preBuffer: 5,
    postBuffer: 5,
    timeZone: ZONE,
  });

  // 2,000 distinct hours of the year around the range (the spread of core-free-slots.ts): each
  // booking occupies [start − 5 min, start + 35 min), so no two overlap.
  const from = wallClockToEpochMs(RANGE.start, '00:00', ZONE);
  const to = wallClockToEpochMs('2026-04-01', '00:00', ZONE);
  const yearStart = from - 160 * DAY_MS;
  const starts = Array.from({ length: BOOKINGS }, (_, i) => yearStart + ((i * 7919) % (365 * 24)) * HOUR_MS);
  const t0 = performance.now();
  await seedBookings(world, starts.map((start) => ({ calendar, hostPk: host.pk, start, durationMin: 30 })));
  const seedMs = performance.now() - t0;
  const inRange = starts.filter((s) => s + 35 * MINUTE_MS > from && s - 5 * MINUTE_MS < to).length;

  const find = () => services.freeSlots.find(world.principal, calendar.id, RANGE);
  const answer = await find();
  const slots = answer.slots.length;
  const db = world.app.store.db;
  const window = { from, to, outputTimeZone: ZONE, durationMinutes: 30 };
  const now = services.ctx.clock.now();
  const input = await loadSlotInput(db, calendar, window, now);

  const results: object[] = [];
  const row = (name: string, timing: object, more: object = {}) => results.push({ name, slots, ...timing, ...more });
  row('in-process FreeSlotsService.find', await measure(find, { runs, warmup: 30, maxMs }));
  row('  its queries: loadSlotInput', await measure(() => loadSlotInput(db, calendar, window, now), { runs, warmup: 30, maxMs }));
  row('  its computation: computeFreeSlots', await measure(async () => computeFreeSlots(input), { runs, warmup: 30, maxMs }));

  const server = await world.startServer();
  const url = `${server.url}/v1/calendars/${calendar.id}/slots?start=${RANGE.start}&end=${RANGE.end}`;
  const bytes = await httpGet(url, world.key);
  // The stored bookings are the ones the API sees: booking one of their times is refused.
  const taken = starts.find((s) => s >= from && s < to)!;
  const conflict = await fetch(`${server.url}/v1/bookings`, {
    method: 'POST',
    headers: { authorization: `Bearer ${world.key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ calendarId: calendar.id, start: new Date(taken).toISOString(), contactId: world.demo.contact.id }),
  });
  await conflict.arrayBuffer();
  if (conflict.status !== 409) throw new Error(`booking a seeded time answered ${conflict.status}, expected 409`);
  const http = await measure(() => httpGet(url, world.key), { runs, warmup: 30, maxMs });
  row('HTTP GET /v1/calendars/{id}/slots', http, { response_bytes: bytes });

  report('free-slots', world.database.label, results, {
    scenario: { bookings: BOOKINGS, bookings_in_range: inRange, days: 31, interval_min: 15, duration_min: 30, buffers_min: 5, seed_ms: Math.round(seedMs), rows: await countRows(world) },
    target: { http_p50_ms: TARGET_HTTP_P50_MS, met: http.p50_ms < TARGET_HTTP_P50_MS },
  });
});
