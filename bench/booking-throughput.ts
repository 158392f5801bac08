/**
 * Booking throughput over HTTP: 50 concurrent clients send POST /v1/bookings to the real server,
 * each request a distinct free slot — 50 hosts, each with its own calendar (open all day,
 * 30 minutes); request i books calendar i mod 50 at the (i div 50)-th half hour from
 * 2026-03-02 00:00 New York time, so no two requests compete for a host and the 50 requests in
 * flight touch 50 different hosts. Every booking is checked and written by the service as in
 * production (slot re-check, no-overlap constraint, history), one transaction each.
 *
 * A warm-up (BENCH_WARMUP, default 250 bookings) is followed by the measured run: BENCH_BOOKINGS
 * (default 5000) bookings, but no new request after BENCH_PHASE_MS (default 60000). Reports
 * bookings/s and latency; then checks that every request answered 201 and that the database
 * holds exactly that many bookings (and busy rows). Target: at least 1,000 bookings/s on
 * PostgreSQL.
 *
 * Run: node bench/booking-throughput.ts   (DATABASE_URL=postgres://… for PostgreSQL)
 * BENCH_CLIENTS (default 50) concurrent clients.
 */
import { sql } from 'kysely';
import { countRows, createHost, envInt, httpRequest, MINUTE_MS, report, runBench, summarize, ZONE } from './support.ts';

const CALENDARS = 50;
const TARGET_PER_S = 1000;
const clients = envInt('BENCH_CLIENTS', 50);
const warmup = envInt('BENCH_WARMUP', 250);
const total = envInt('BENCH_BOOKINGS', 5000);
const maxMs = envInt('BENCH_PHASE_MS', 60_000);
const BASE = Date.parse('2026-03-02T05:00:00Z'); // Monday 00:00 in New York (before DST on 8 March)

interface Outcome {
  sent: number;
  created: number;
  latencies: number[];
  failures: Array<{ index: number; status: number; body: string }>;
  elapsedMs: number;
}

await runBench('booking-throughput', async (world) => {
  const { services } = world.app;
  const calendarIds: string[] = [];
  for (let n = 1; n <= CALENDARS; n++) {
    const host = await createHost(world, n);
    const calendar = await services.calendars.create(world.principal, {
      locationId: world.demo.location.id,
      name: `Calendar ${n}`,
      kind: 'personal',
      hosts: [{ userId: host.id }],
      durations: [30],
      timeZone: ZONE,
    });
    calendarIds.push(calendar.id);
  }
  const contactId = world.demo.contact.id;
  const server = await world.startServer();
  const endpoint = `${server.url}/v1/bookings`;
  const headers = { authorization: `Bearer ${world.key}`, 'content-type': 'application/json' };

  let next = 0;
  /** `count` bookings from the shared index `next` on, by `clients` loops; none started after `deadlineMs`. */
  async function run(count: number, deadlineMs: number): Promise<Outcome> {
    const outcome: Outcome = { sent: 0, created: 0, latencies: [], failures: [], elapsedMs: 0 };
    const last = next + count;
    const t0 = performance.now();
    const deadline = t0 + deadlineMs;
    const client = async () => {
      while (next < last && performance.now() < deadline) {
        const index = next++;
        const body = JSON.stringify({
          calendarId: calendarIds[index % CALENDARS],
          start: new Date(BASE + Math.floor(index / CALENDARS) * 30 * MINUTE_MS).toISOString(),
          contactId,
        });
        outcome.sent++;
        const started = performance.now();
        const answer = await httpRequest('POST', endpoint, headers, body);
        outcome.latencies.push(performance.now() - started);
        if (answer.status === 201) outcome.created++;
        else outcome.failures.push({ index, status: answer.status, body: answer.text().slice(0, 300) });
      }
    };
    await Promise.all(Array.from({ length: clients }, client));
    outcome.elapsedMs = performance.now() - t0;
    return outcome;
  }

  const warm = await run(warmup, maxMs);
  const measured = await run(total, maxMs);
  await server.stop();

  const rows = await countRows(world);
  const distinctRows = await sql<{ n: number }>`select count(*) as n from (select distinct calendar_id, start_at from bookings) d`.execute(world.app.store.db);
  const distinct = Number(distinctRows.rows[0]!.n);
  const created = warm.created + measured.created;
  const failures = [...warm.failures, ...measured.failures];
  const verified = failures.length === 0 && rows.bookings === created && rows.host_busy === created && rows.booking_hosts === created && distinct === created;
  const timing = summarize(measured.latencies);
  const perSecond = +(measured.created / (measured.elapsedMs / 1000)).toFixed(1);
  report(
    'booking-throughput',
    world.database.label,
    [
      {
        name: 'POST /v1/bookings',
        clients,
        sent: measured.sent,
        created: measured.created,
        failed: measured.failures.length,
        seconds: +(measured.elapsedMs / 1000).toFixed(2),
        bookings_per_s: perSecond,
        p50_ms: timing.p50_ms,
        p99_ms: timing.p99_ms,
        max_ms: timing.max_ms,
      },
    ],
    {
      scenario: { calendars: CALENDARS, hosts: CALENDARS, clients, warmup: warm.created, measured: measured.sent },
      verification: { requests: warm.sent + measured.sent, created, failed: failures.length, db_rows: rows, distinct_slots: distinct, verified },
      target: { bookings_per_s: TARGET_PER_S, met: perSecond >= TARGET_PER_S },
      ...(failures.length ? { first_failures: failures.slice(0, 3) } : {}),
    },
  );
  if (!verified) {
    console.error('booking-throughput: verification failed (see "verification" above)');
    process.exitCode = 1;
  }
});
