/**
 * Shared pieces of the database benchmarks: an isolated database (a temporary SQLite file, or a
 * fresh PostgreSQL schema when DATABASE_URL is set — dropped at the end), the app and its demo
 * tenant, the real HTTP server on a free port of 127.0.0.1 (in a worker thread, so the load
 * generator does not share its event loop), fast bulk seeding of bookings, timing and output.
 */
import http from 'node:http';
import { Worker } from 'node:worker_threads';
import { openApp, type App } from '../src/app.ts';
import type { DatabaseConfig } from '../src/config.ts';
import { fixedClock } from '../src/services/clock.ts';
import { newPublicId } from '../src/services/ids.ts';
import type { Principal } from '../src/services/principal.ts';
import { seedDemo, type DemoData } from '../src/services/seed.ts';
import type { Queryable } from '../src/store/database.ts';
import type { Calendar } from '../src/store/repositories/calendars.ts';
import { createTestDatabase, type TestDatabase } from '../test/helpers/database.ts';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** The benchmarks' frozen clock: every range below lies after it. */
export const BENCH_NOW = Date.parse('2026-02-20T12:00:00Z');
export const ZONE = 'America/New_York';
const ALL_DAY = [{ start: '00:00', end: '24:00' }];
/** Open every day, all day: the most candidate slots a day can have (as in core-free-slots.ts). */
export const ALWAYS_OPEN = { monday: ALL_DAY, tuesday: ALL_DAY, wednesday: ALL_DAY, thursday: ALL_DAY, friday: ALL_DAY, saturday: ALL_DAY, sunday: ALL_DAY };
const NINE_TO_FIVE = [{ start: '09:00', end: '17:00' }];
export const WORKING_HOURS = { monday: NINE_TO_FIVE, tuesday: NINE_TO_FIVE, wednesday: NINE_TO_FIVE, thursday: NINE_TO_FIVE, friday: NINE_TO_FIVE };

/** A positive whole number from the environment, or `fallback`. */
export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number, got "${raw}"`);
  return value;
}

// ---------------------------------------------------------------------------------------------
// Database and app

export type BenchDatabase = TestDatabase;

/** A temporary SQLite file, or a fresh `bench_` schema in the DATABASE_URL database. */
export function createBenchDatabase(): Promise<BenchDatabase> {
  // The server's own defaults (PG_POOL_MAX=10, PG_STATEMENT_TIMEOUT_MS=15000) unless overridden.
  return createTestDatabase({ prefix: 'bench', poolMax: envInt('PG_POOL_MAX', 10), statementTimeoutMs: envInt('PG_STATEMENT_TIMEOUT_MS', 15_000) });
}

export interface BenchWorld {
  database: BenchDatabase;
  app: App;
  demo: DemoData;
  principal: Principal;
  /** The demo organization's all-scopes key, for HTTP requests. */
  key: string;
  /** Everything started by startServer() and the app itself are stopped, then the database dropped. */
  close(): Promise<void>;
  startServer(): Promise<BenchServer>;
}

export interface BenchServer {
  url: string;
  stop(): Promise<void>;
}

/** Opens a fresh database with the demo tenant; `close` undoes everything, also after a failure. */
export async function openWorld(now = BENCH_NOW): Promise<BenchWorld> {
  const database = await createBenchDatabase();
  let app: App;
  try {
    app = await openApp({ database: database.config }, fixedClock(now));
  } catch (error) {
    await database.drop();
    throw error;
  }
  const servers: BenchServer[] = [];
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    for (const server of servers) await server.stop().catch(() => undefined);
    await app.store.close().catch(() => undefined);
    await database.drop();
  };
  try {
    const demo = await seedDemo(app.services.ctx);
    const principal = await app.services.apiKeys.authenticate(demo.adminKey.secret);
    return {
      database,
      app,
      demo,
      principal,
      key: demo.adminKey.secret,
      close,
      async startServer() {
        const server = await startServer(database.config, now);
        servers.push(server);
        return server;
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * The real server (openApp + buildServer, as `slotbase serve` does) in a worker thread, on a
 * free port of 127.0.0.1. It logs at `info` (BENCH_LOG_LEVEL) into a stream that discards
 * the lines, so the cost of logging is counted but not a terminal's.
 */
async function startServer(database: DatabaseConfig, now: number): Promise<BenchServer> {
  const worker = new Worker(new URL('./server-worker.ts', import.meta.url), {
    workerData: { database, now, logLevel: process.env.BENCH_LOG_LEVEL || 'info' },
  });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`server worker exited with code ${code}`)));
    worker.once('message', (message: { port: number }) => resolve(message.port));
  });
  let stopped = false;
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      const done = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage('stop');
      const timeout = setTimeout(() => void worker.terminate(), 10_000);
      await done;
      clearTimeout(timeout);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Fixtures

export interface NewHost {
  id: string;
  pk: number;
}

/** A host in the demo location with a default schedule. */
export async function createHost(world: BenchWorld, n: number, weeklyHours: object = ALWAYS_OPEN): Promise<NewHost> {
  const { services } = world.app;
  const user = await services.users.create(world.principal, {
    locationId: world.demo.location.id,
    firstName: `Host${n}`,
    lastName: 'Bench',
    email: `host${n}@bench.example.com`,
    timeZone: ZONE,
  });
  await services.schedules.create(world.principal, { userId: user.id, weeklyHours: weeklyHours as never });
  return { id: user.id, pk: user.pk };
}

export interface SeedBooking {
  calendar: Calendar;
  hostPk: number;
  start: number;
  durationMin: number;
}

/**
 * Writes bookings directly, in one transaction, with exactly the rows BookingsService writes for
 * a confirmed booking made through the API: `bookings`, its primary `booking_hosts` row, the
 * enforced `host_busy` row padded by the calendar's buffers (so the no-overlap constraint checks
 * them) and the `created` history entry. Returns the number written.
 */
export async function seedBookings(world: BenchWorld, bookings: readonly SeedBooking[], batch = 250): Promise<number> {
  const now = world.app.services.ctx.clock.now();
  const contactPk = world.demo.contact.pk;
  const actorId = world.principal.keyId;
  await world.app.store.transaction(async (trx) => {
    for (let i = 0; i < bookings.length; i += batch) await seedBatch(trx, bookings.slice(i, i + batch), contactPk, actorId, now);
  });
  return bookings.length;
}

async function seedBatch(trx: Queryable, bookings: readonly SeedBooking[], contactPk: number, actorId: string, now: number): Promise<void> {
  const rows = bookings.map((b) => ({
    public_id: newPublicId(),
    location_id: b.calendar.locationPk,
    calendar_id: b.calendar.pk,
    contact_id: contactPk,
    series_id: null,
    series_index: null,
    status: b.calendar.autoConfirm ? 'confirmed' : 'pending',
    title: b.calendar.name,
    description: null,
    start_at: b.start,
    end_at: b.start + b.durationMin * MINUTE_MS,
    pre_buffer_min: b.calendar.preBufferMin,
    post_buffer_min: b.calendar.postBufferMin,
    time_zone: null,
    seats: 1,
    meeting_location_kind: b.calendar.meetingLocation?.kind ?? null,
    meeting_location: b.calendar.meetingLocation?.value ?? null,
    override: 'none',
    created_via: 'native',
    created_by_type: 'api_key',
    created_by_id: actorId,
    created_at: now,
    updated_at: now,
  }));
  const inserted = await trx.insertInto('bookings').values(rows).returning(['id', 'public_id']).execute();
  if (inserted.length !== rows.length) throw new Error('seeding: not every booking was inserted');
  const pkOf = new Map(inserted.map((r) => [r.public_id, r.id]));
  const hostUserId = new Map<number, string>();
  for (const b of bookings) for (const h of b.calendar.hosts) hostUserId.set(h.userPk, h.userId);

  await trx
    .insertInto('booking_hosts')
    .values(bookings.map((b, i) => ({ booking_id: pkOf.get(rows[i]!.public_id)!, user_id: b.hostPk, role: 'primary', calendar_id: b.calendar.pk, start_at: b.start, active: 1, assigned_at: now })))
    .execute();
  await trx
    .insertInto('host_busy')
    .values(
      bookings.map((b, i) => ({
        location_id: b.calendar.locationPk,
        user_id: b.hostPk,
        calendar_id: b.calendar.pk,
        kind: 'booking' as const,
        booking_id: pkOf.get(rows[i]!.public_id)!,
        busy_start: b.start - b.calendar.preBufferMin * MINUTE_MS,
        busy_end: b.start + (b.durationMin + b.calendar.postBufferMin) * MINUTE_MS,
        enforced: 1,
      })),
    )
    .execute();
  await trx
    .insertInto('booking_events')
    .values(
      bookings.map((b, i) => ({
        booking_id: pkOf.get(rows[i]!.public_id)!,
        location_id: b.calendar.locationPk,
        type: 'created',
        from_status: null,
        to_status: rows[i]!.status,
        before: null,
        after: JSON.stringify({
          start: new Date(b.start).toISOString(),
          end: new Date(rows[i]!.end_at).toISOString(),
          status: rows[i]!.status,
          hosts: [{ id: hostUserId.get(b.hostPk), role: 'primary' }],
        }),
        reason: null,
        actor_type: 'api_key',
        actor_id: actorId,
        via: 'native',
        occurred_at: now,
      })),
    )
    .execute();
}

/** Rows of each table the benchmark wrote or the services read, for the report. */
export async function countRows(world: BenchWorld): Promise<{ bookings: number; booking_hosts: number; host_busy: number }> {
  const db = world.app.store.db;
  const count = async (table: 'bookings' | 'booking_hosts' | 'host_busy') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { bookings: await count('bookings'), booking_hosts: await count('booking_hosts'), host_busy: await count('host_busy') };
}

// ---------------------------------------------------------------------------------------------
// Timing

export interface Timing {
  runs: number;
  p50_ms: number;
  p99_ms: number;
  mean_ms: number;
  max_ms: number;
}

export function summarize(times: number[]): Timing {
  const sorted = [...times].sort((a, b) => a - b);
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
  const mean = sorted.reduce((s, t) => s + t, 0) / Math.max(1, sorted.length);
  const round = (v: number) => +v.toFixed(3);
  return { runs: sorted.length, p50_ms: round(pct(0.5)), p99_ms: round(pct(0.99)), mean_ms: round(mean), max_ms: round(sorted.at(-1) ?? NaN) };
}

/**
 * Runs `fn` one call after another: `warmup` calls untimed, then up to `runs` timed calls, but
 * stops taking new ones after `maxMs` (at least 10 timed calls are made).
 */
export async function measure(fn: () => Promise<unknown>, { runs, warmup, maxMs }: { runs: number; warmup: number; maxMs: number }): Promise<Timing> {
  for (let k = 0; k < warmup; k++) await fn();
  const times: number[] = [];
  const deadline = performance.now() + maxMs;
  for (let k = 0; k < runs; k++) {
    if (k >= 10 && performance.now() > deadline) break;
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return summarize(times);
}

/**
 * The benchmarks' HTTP client: node:http over kept-alive connections, reading the body as raw
 * chunks. fetch() costs the client itself much more (about 25 ms more for a 3.5 MB answer on the
 * benchmark machine), which the server's figures should not carry; the machine's two cores are
 * shared by the client, the server and the database.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

export interface HttpAnswer {
  status: number;
  bytes: number;
  text(): string;
}

export function httpRequest(method: string, url: string, headers: Record<string, string>, body?: string): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) }, agent }, (response) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        bytes += chunk.length;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, bytes, text: () => Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** A GET that must answer 200; resolves to the size of the body. */
export async function httpGet(url: string, key: string): Promise<number> {
  const answer = await httpRequest('GET', url, { authorization: `Bearer ${key}` });
  if (answer.status !== 200) throw new Error(`GET ${url}: ${answer.status} ${answer.text().slice(0, 300)}`);
  return answer.bytes;
}

/** Stops the process if a benchmark runs longer than BENCH_TIMEOUT_MS (default 10 minutes). */
export function watchdog(name: string, cleanup: () => Promise<void>): () => void {
  const ms = envInt('BENCH_TIMEOUT_MS', 10 * 60_000);
  const timer = setTimeout(() => {
    console.error(`${name}: still running after ${ms} ms, giving up`);
    void cleanup().finally(() => process.exit(2));
  }, ms);
  timer.unref();
  return () => clearTimeout(timer);
}

/** The table for people, then the one JSON line for machines. */
export function report(bench: string, database: string, results: object[], extra: Record<string, unknown> = {}): void {
  console.table(results);
  console.log(JSON.stringify({ bench, database, node: process.version, ...extra, results }));
}

/** Runs a benchmark body against a fresh world, cleaning up whatever happens. */
export async function runBench(name: string, body: (world: BenchWorld) => Promise<void>): Promise<void> {
  const world = await openWorld();
  const cancel = watchdog(name, world.close);
  // Ctrl-C still removes the temporary database.
  const interrupted = (signal: NodeJS.Signals) => {
    console.error(`${name}: ${signal}, cleaning up`);
    void world.close().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    await body(world);
  } finally {
    cancel();
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await world.close();
  }
}
