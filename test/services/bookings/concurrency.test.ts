import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConflictError, ValidationError } from '../../../src/services/errors.ts';
import { assertOnlyConflicts, bookingWorld, concurrently, overlappingBookings, overlappingBusyPairs, type BookingWorld } from './helpers.ts';

describe('bookings under concurrency', () => {
  let w: BookingWorld;
  before(async () => {
    w = await bookingWorld();
  });
  after(() => w.close());

  it('50 simultaneous requests for one slot make exactly one booking; the rest get a clean conflict', async () => {
    const input = { calendarId: w.t.demo.calendar.id, start: '2026-06-02T14:00:00-04:00', contactId: w.contact };
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => w.bookings.create(w.principal, input)));
    const ok = results.filter((r) => r.status === 'fulfilled');
    assert.equal(ok.length, 1);
    assertOnlyConflicts(results);
    const list = await w.bookings.list(w.principal, { calendarId: w.t.demo.calendar.id, from: Date.parse(input.start), to: Date.parse(input.start) + 1 }, { limit: 100, offset: 0 });
    assert.equal(list.total, 1);
  });

  it('50 simultaneous requests for a class with 7 seats fill exactly 7', async () => {
    const yoga = await w.t.app.services.calendars.create(w.principal, {
      locationId: w.t.demo.location.id, name: 'Busy yoga', kind: 'class', hosts: [{ userId: w.hosts[0]! }], seatsPerSlot: 7,
    });
    const input = { calendarId: yoga.id, start: '2026-06-03T15:00:00-04:00', contactId: w.contact };
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => w.bookings.create(w.principal, input)));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 7);
    assertOnlyConflicts(results);
    const seats = await w.t.app.store.db.selectFrom('seat_slots').select('seats_taken').where('calendar_id', '=', yoga.pk).execute();
    assert.deepEqual(seats.map((s) => s.seats_taken), [7]);
  });

  it('50 simultaneous requests on a round-robin calendar of 3 hosts make exactly 3 bookings, one per host', async () => {
    const team = await w.t.app.services.calendars.create(w.principal, {
      locationId: w.t.demo.location.id, name: 'Race team', kind: 'round_robin', hosts: w.hosts.slice(1).map((userId) => ({ userId })),
    });
    const input = { calendarId: team.id, start: '2026-06-04T16:00:00-04:00', contactId: w.contact };
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => w.bookings.create(w.principal, input)));
    const hosts = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.booking.hosts[0]!.userId] : []));
    assert.equal(hosts.length, 3);
    assert.equal(new Set(hosts).size, 3);
    assertOnlyConflicts(results);
  });

  it('50 simultaneous requests on an event calendar without hosts make exactly one booking', async () => {
    const event = await w.t.app.services.calendars.create(w.principal, {
      locationId: w.t.demo.location.id, name: 'Launch party', kind: 'event', hosts: [], timeZone: 'America/New_York',
    });
    await w.t.app.services.schedules.create(w.principal, { calendarId: event.id, weeklyHours: { thursday: [{ start: '18:00', end: '21:00' }] } });
    const input = { calendarId: event.id, start: '2026-06-04T19:00:00-04:00', contactId: w.contact };
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => w.bookings.create(w.principal, input)));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    assertOnlyConflicts(results);
    const busy = await w.t.app.store.db.selectFrom('host_busy').select(['user_id', 'enforced']).where('calendar_id', '=', event.pk).execute();
    assert.deepEqual(busy.map((r) => ({ ...r })), [{ user_id: null, enforced: 1 }], 'one enforced row occupies the calendar itself');
  });

  it('collective calendars sharing hosts in opposite orders: 40 simultaneous requests book each host once, no errors but conflicts', async () => {
    const [a, b, c] = w.hosts.slice(1);
    const forward = await w.t.app.services.calendars.create(w.principal, {
      locationId: w.t.demo.location.id, name: 'All hands forward', kind: 'collective', hosts: [a!, b!, c!].map((userId) => ({ userId })),
    });
    const backward = await w.t.app.services.calendars.create(w.principal, {
      locationId: w.t.demo.location.id, name: 'All hands backward', kind: 'collective', hosts: [c!, b!, a!].map((userId) => ({ userId })),
    });
    const start = '2026-06-05T10:00:00-04:00';
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => w.bookings.create(w.principal, { calendarId: (i % 2 === 0 ? forward : backward).id, start, contactId: w.contact })),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    assert.equal(ok.length, 1, 'the three hosts are taken by exactly one collective booking');
    assertOnlyConflicts(results);
    assert.equal(ok[0]!.status === 'fulfilled' && ok[0]!.value.booking.hosts.length, 3);
    assert.equal(await overlappingBusyPairs(w.t), 0);
  });

  it('300 random concurrent creates and reschedules across 5 hosts leave no two overlapping bookings of a host', async () => {
    const hosts = [w.t.demo.host.id, ...w.hosts];
    const calendars = [];
    for (const [i, host] of hosts.entries()) {
      calendars.push(
        await w.t.app.services.calendars.create(w.principal, {
          locationId: w.t.demo.location.id, name: `Random ${i}`, kind: 'personal', hosts: [{ userId: host }], durations: [30, 60], slotInterval: 15, preBuffer: 5,
        }),
      );
    }
    const team = await w.t.app.services.calendars.create(w.principal, {
      locationId: w.t.demo.location.id, name: 'Random team', kind: 'round_robin', hosts: hosts.map((userId) => ({ userId })), slotInterval: 15,
    });
    const pool = [...calendars, team];
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const dayStart = Date.parse('2026-06-16T13:00:00Z'); // Tuesday 09:00 New York
    const randomStart = () => dayStart + random(28) * 15 * 60_000; // 09:00–15:45
    const made: string[] = [];
    const tasks = Array.from({ length: 300 }, (_, i) => async () => {
      if (i % 3 === 2 && made.length > 0) {
        const id = made[random(made.length)]!;
        return w.bookings.reschedule(w.principal, id, { start: new Date(randomStart()).toISOString() });
      }
      const calendar = pool[random(pool.length)]!;
      const { booking } = await w.bookings.create(w.principal, {
        calendarId: calendar.id, start: new Date(randomStart()).toISOString(), contactId: w.contact, duration: calendar.durations.length > 1 ? [30, 60][random(2)] : undefined,
      });
      made.push(booking.id);
      return booking;
    });
    const results = await concurrently(tasks, 25);
    const failures = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    for (const f of failures) assert.ok(f.reason instanceof ConflictError, String(f.reason));
    assert.ok(made.length > 10, `only ${made.length} bookings were made`);
    assert.equal(await overlappingBookings(w.t), 0, 'no two active bookings of one host overlap');
    assert.equal(await overlappingBusyPairs(w.t), 0);
  });

  it('simultaneous changes to one booking run one after the other: each sees the last, seats and busy time stay true', async () => {
    const db = w.t.app.store.db;
    const yoga = await w.t.app.services.calendars.create(w.principal, {
      locationId: w.t.demo.location.id, name: 'Pair yoga', kind: 'class', hosts: [{ userId: w.hosts[3]! }], seatsPerSlot: 4,
    });
    const at = '2026-06-18T10:00:00-04:00';
    const a = (await w.bookings.create(w.principal, { calendarId: yoga.id, start: at, contactId: w.contact, seats: 2 })).booking;
    const b = (await w.bookings.create(w.principal, { calendarId: yoga.id, start: at, contactId: w.contact, seats: 2 })).booking;
    const cancels = await Promise.allSettled(Array.from({ length: 10 }, () => w.bookings.cancel(w.principal, a.id)));
    assert.equal(cancels.filter((r) => r.status === 'fulfilled').length, 1, 'one cancel; the others find it cancelled');
    assertOnlyConflicts(cancels);
    const slot = await db.selectFrom('seat_slots').select('seats_taken').where('calendar_id', '=', yoga.pk).executeTakeFirstOrThrow();
    assert.equal(slot.seats_taken, 2, 'the seats were given back once');
    assert.notEqual((await w.bookings.get(w.principal, b.id)).seatSlotPk, null, 'the other booking keeps its seats');
    const full = await Promise.allSettled([w.bookings.create(w.principal, { calendarId: yoga.id, start: at, contactId: w.contact, seats: 3 })]);
    assert.equal(full[0]!.status, 'rejected', 'two seats are left, not four');

    const personal = w.t.demo.calendar.id;
    const c = (await w.bookings.create(w.principal, { calendarId: personal, start: '2026-06-18T09:00:00-04:00', contactId: w.contact })).booking;
    const mixed = await Promise.allSettled([
      w.bookings.cancel(w.principal, c.id),
      w.bookings.transition(w.principal, c.id, 'complete'),
      w.bookings.transition(w.principal, c.id, 'no_show'),
      w.bookings.reschedule(w.principal, c.id, { start: '2026-06-18T11:00:00-04:00' }),
      w.bookings.reschedule(w.principal, c.id, { start: '2026-06-18T14:00:00-04:00' }),
    ]);
    assertOnlyConflicts(mixed.filter((r) => r.status === 'rejected' && !(r.reason instanceof ValidationError)));
    const after = await w.bookings.get(w.principal, c.id);
    const busy = await db.selectFrom('host_busy').select(['busy_start']).where('booking_id', '=', c.pk).execute();
    if (after.status === 'cancelled') assert.equal(busy.length, 0, 'a cancelled booking holds no time');
    else assert.deepEqual(busy.map((r) => Number(r.busy_start)), [after.start], 'one busy row, at the booking’s own time');
    const history = await w.bookings.history(w.principal, c.id);
    for (const [i, entry] of history.entries()) {
      if (i > 0 && entry.fromStatus !== null) assert.equal(entry.fromStatus, history.slice(0, i).reverse().find((e) => e.toStatus !== null)?.toStatus, `entry ${i} starts where the one before ended`);
    }
  });

  it('simultaneous bookings with one new inline contact make one contact, not a 500', async () => {
    const email = 'first-timer@example.com';
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        w.bookings.create(w.principal, { calendarId: w.t.demo.calendar.id, start: new Date(Date.parse('2026-06-19T17:00:00Z') + i * 30 * 60_000).toISOString(), contact: { email, firstName: 'First' } }),
      ),
    );
    assert.deepEqual(results.map((r) => r.status), Array(8).fill('fulfilled'), JSON.stringify(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))));
    const contacts = await w.t.app.store.db.selectFrom('contacts').select('id').where('email', '=', email).execute();
    assert.equal(contacts.length, 1);
  });
});
