/**
 * Free slots of a round-robin calendar with 50 hosts and 10,000 bookings among them (200 per
 * host over a year, inside Monday–Friday 09:00–17:00 New York time), 31 days (2026-03-01 …
 * 2026-03-31) at a 15-minute interval (30-minute duration, 5-minute buffers). The bookings are
 * real rows (bookings + booking_hosts + host_busy + history) that the services read.
 *
 * Two calendars with the same 50 hosts and the same busy time:
 *  - "open all day": the hosts' default schedule is open every day, all day (as free-slots.ts);
 *    every slot lists up to 50 free hosts — the largest answer;
 *  - "working hours": a schedule of each host applied to this calendar, Monday–Friday 09:00–17:00.
 * Measured one request after another, in-process (FreeSlotsService.find, and its queries and
 * computation apart) and over HTTP (GET /v1/calendars/{id}/slots on the real server).
 * Target: p50 under 50 ms over HTTP.
 *
 * Run: node bench/round-robin-slots.ts   (DATABASE_URL=postgres://… for PostgreSQL)
 * BENCH_RUNS (default 200) timed calls per row, at most BENCH_PHASE_MS (default 60000) per row.
 */
import { computeFreeSlots } from '../src/core/slots.ts';
import { addDaysToDate, wallClockToEpochMs } from '../src/core/time-zone.ts';
import { loadSlotInput } from '../src/services/free-slots.ts';
import { ALWAYS_OPEN, DAY_MS, WORKING_HOURS, ZONE, countRows, createHost, envInt, httpGet, measure, report, runBench, seedBookings, type NewHost, type SeedBooking } from './support.ts';

const HOSTS = 50;
const BOOKINGS = 10_000;
const TARGET_HTTP_P50_MS = 50;
const RANGE = { start: '2026-03-01', end: '2026-03-31' };
const runs = envInt('BENCH_RUNS', 200);
const maxMs = envInt('BENCH_PHASE_MS', 60_000);

/** Every working-hour start (Mon–Fri, 09:00 … 16:00 local) of the 365 days from `firstDate`. */
function workingHourStarts(firstDate: string): number[] {
  const starts: number[] = [];
  for (let d = 0; d < 365; d++) {
    const date = addDaysToDate(firstDate, d);
    const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    for (let h = 9; h < 17; h++) starts.push(wallClockToEpochMs(date, `${String(h).padStart(2, '0')}:00`, ZONE));
  }
  return starts;
}

await runBench('round-robin-slots', async (world) => {
  const { services } = world.app;
  const hosts: NewHost[] = [];
  for (let n = 1; n <= HOSTS; n++) hosts.push(await createHost(world, n, ALWAYS_OPEN));
  const common = {
    locationId: world.demo.location.id,
    kind: 'round_robin' as const,
    hosts: hosts.map((h) => ({ userId: h.id })),
    durations: [30],
    slotInterval: 15,
    preBuffer: 5,
    postBuffer: 5,
    timeZone: ZONE,
  };
  const allDay = await services.calendars.create(world.principal, { ...common, name: 'Team, open all day' });
  const office = await services.calendars.create(world.principal, { ...common, name: 'Team, working hours' });
  for (const host of hosts) {
    await services.schedules.create(world.principal, { userId: host.id, name: 'Office', isDefault: false, weeklyHours: WORKING_HOURS, appliesTo: [office.id] });
  }

  // 200 distinct working hours of the year (around the range) per host, a different set each.
  const from = wallClockToEpochMs(RANGE.start, '00:00', ZONE);
  const to = wallClockToEpochMs('2026-04-01', '00:00', ZONE);
  const hours = workingHourStarts(new Date(from - 160 * DAY_MS).toISOString().slice(0, 10));
  const perHost = BOOKINGS / HOSTS;
  const bookings: SeedBooking[] = [];
  for (const [h, host] of hosts.entries()) {
    for (let i = 0; i < perHost; i++) {
      const start = hours[(i * 7919 + h * 101) % hours.length]!;
      bookings.push({ calendar: (h + i) % 2 === 0 ? allDay : office, hostPk: host.pk, start, durationMin: 30 });
    }
  }
  const t0 = performance.now();
  await seedBookings(world, bookings);
  const seedMs = performance.now() - t0;
  const inRange = bookings.filter((b) => b.start < to && b.start + 35 * 60_000 > from).length;

  const db = world.app.store.db;
  const now = services.ctx.clock.now();
  const server = await world.startServer();
  const results: object[] = [];
  const summary: Record<string, unknown> = {};
  for (const [label, calendar] of [['open all day', allDay], ['working hours', office]] as const) {
    const find = () => services.freeSlots.find(world.principal, calendar.id, RANGE);
    const answer = await find();
    const slots = answer.slots.length;
    const hostSlots = answer.slots.reduce((n, s) => n + s.hosts.length, 0);
    const window = { from, to, outputTimeZone: ZONE, durationMinutes: 30 };
    const input = await loadSlotInput(db, calendar, window, now);
    const row = (name: string, timing: object, more: object = {}) => results.push({ calendar: label, name, slots, host_slots: hostSlots, ...timing, ...more });
    row('in-process FreeSlotsService.find', await measure(find, { runs, warmup: 20, maxMs }));
    row('  its queries: loadSlotInput', await measure(() => loadSlotInput(db, calendar, window, now), { runs, warmup: 20, maxMs }));
    row('  its computation: computeFreeSlots', await measure(async () => computeFreeSlots(input), { runs, warmup: 20, maxMs }));
    const url = `${server.url}/v1/calendars/${calendar.id}/slots?start=${RANGE.start}&end=${RANGE.end}`;
    const bytes = await httpGet(url, world.key);
    const http = await measure(() => httpGet(url, world.key), { runs, warmup: 20, maxMs });
    row('HTTP GET /v1/calendars/{id}/slots', http, { response_bytes: bytes });
    // The same starts without the per-slot host lists (what the dialects answer).
    const startsOnly = `${url}&details=false`;
    const startsBytes = await httpGet(startsOnly, world.key);
    row('HTTP … &details=false (starts only)', await measure(() => httpGet(startsOnly, world.key), { runs, warmup: 20, maxMs }), { response_bytes: startsBytes });
    summary[label] = { http_p50_ms: http.p50_ms, met: http.p50_ms < TARGET_HTTP_P50_MS };
  }

  report('round-robin-slots', world.database.label, results, {
    scenario: { hosts: HOSTS, bookings: BOOKINGS, bookings_in_range: inRange, days: 31, interval_min: 15, duration_min: 30, buffers_min: 5, seed_ms: Math.round(seedMs), rows: await countRows(world) },
    target: { http_p50_ms: TARGET_HTTP_P50_MS, ...summary },
  });
});
