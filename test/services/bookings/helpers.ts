import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { BookingsService } from '../../../src/services/bookings/service.ts';
import { ConflictError } from '../../../src/services/errors.ts';
import type { Principal } from '../../../src/services/principal.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';

export interface BookingWorld {
  t: TestServer;
  bookings: BookingsService;
  principal: Principal;
  /** Ids of four more hosts, each working Monday–Friday 09:00–17:00 in New York. */
  hosts: string[];
  contact: string;
  close(): Promise<void>;
}

const WORKDAY = [{ start: '09:00', end: '17:00' }];

/** A server with the demo data, four more hosts with working hours, and a bookings service. */
export async function bookingWorld(): Promise<BookingWorld> {
  const t = await startTestServer();
  const principal = await t.app.services.apiKeys.authenticate(t.demo.adminKey.secret);
  const hosts: string[] = [];
  for (const n of [1, 2, 3, 4]) {
    const user = await t.app.services.users.create(principal, {
      locationId: t.demo.location.id,
      firstName: `Host${n}`,
      lastName: 'Test',
      email: `host${n}@example.com`,
      timeZone: 'America/New_York',
    });
    await t.app.services.schedules.create(principal, {
      userId: user.id,
      weeklyHours: { monday: WORKDAY, tuesday: WORKDAY, wednesday: WORKDAY, thursday: WORKDAY, friday: WORKDAY },
    });
    hosts.push(user.id);
  }
  return {
    t,
    bookings: new BookingsService(t.app.services.ctx, t.app.services.calendars),
    principal,
    hosts,
    contact: t.demo.contact.id,
    close: () => t.close(),
  };
}

/** Counts pairs of enforced busy rows of one host that overlap — must always be zero. */
export async function overlappingBusyPairs(t: TestServer): Promise<number> {
  const rows = await t.app.store.db
    .selectFrom('host_busy as a')
    .innerJoin('host_busy as b', (join) => join.onRef('a.user_id', '=', 'b.user_id').onRef('a.id', '<', 'b.id'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('a.enforced', '=', 1)
    .where('b.enforced', '=', 1)
    .whereRef('a.busy_start', '<', 'b.busy_end')
    .whereRef('b.busy_start', '<', 'a.busy_end')
    .executeTakeFirstOrThrow();
  return Number(rows.n);
}

/** Pairs of active bookings that share a host and overlap in time, buffers included. */
export async function overlappingBookings(t: TestServer): Promise<number> {
  const rows = await t.app.store.db
    .selectFrom('booking_hosts as ha')
    .innerJoin('booking_hosts as hb', (join) => join.onRef('ha.user_id', '=', 'hb.user_id').onRef('ha.booking_id', '<', 'hb.booking_id'))
    .innerJoin('bookings as a', 'a.id', 'ha.booking_id')
    .innerJoin('bookings as b', 'b.id', 'hb.booking_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('ha.active', '=', 1)
    .where('hb.active', '=', 1)
    .where('a.override', '=', 'none')
    .where('b.override', '=', 'none')
    .where('a.seat_slot_id', 'is', null)
    .where('b.seat_slot_id', 'is', null)
    // Each booking occupies [start − its pre-buffer, end + its post-buffer).
    .where(sql<boolean>`a.start_at - a.pre_buffer_min * 60000 < b.end_at + b.post_buffer_min * 60000`)
    .where(sql<boolean>`b.start_at - b.pre_buffer_min * 60000 < a.end_at + a.post_buffer_min * 60000`)
    .executeTakeFirstOrThrow();
  return Number(rows.n);
}

/** Every request that failed must have failed with a clean conflict (409), nothing else. */
export function assertOnlyConflicts(results: PromiseSettledResult<unknown>[]): void {
  for (const r of results) if (r.status === 'rejected') assert.ok(r.reason instanceof ConflictError, String(r.reason));
}

/** Runs the tasks with at most `width` in flight. */
export async function concurrently<T>(tasks: Array<() => Promise<T>>, width: number): Promise<PromiseSettledResult<T>[]> {
  const results: PromiseSettledResult<T>[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]!().then(
          (value) => ({ status: 'fulfilled', value }) as const,
          (reason: unknown) => ({ status: 'rejected', reason }) as const,
        );
      }
    }),
  );
  return results;
}
