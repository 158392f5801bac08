import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConflictError } from '../../../src/services/errors.ts';
import { assertOnlyConflicts, bookingWorld, type BookingWorld } from './helpers.ts';

/** The most units of a resource in use at any one instant, from the raw rows (quadratic, independent of the service). */
async function peakUse(w: BookingWorld, resourcePk: number): Promise<number> {
  const uses = await w.t.app.store.db.selectFrom('booking_resources').select(['units', 'use_start', 'use_end']).where('resource_id', '=', resourcePk).execute();
  let peak = 0;
  for (const at of uses) {
    const inUse = uses.filter((u) => u.use_start <= at.use_start && at.use_start < u.use_end).reduce((sum, u) => sum + u.units, 0);
    peak = Math.max(peak, inUse);
  }
  return peak;
}

describe('resources under concurrency', () => {
  let w: BookingWorld;
  let locationId: string;
  before(async () => {
    w = await bookingWorld();
    locationId = w.t.demo.location.id;
  });
  after(() => w.close());

  it('40 simultaneous requests for one slot of 4 free hosts take exactly the 2 usable units of equipment', async () => {
    const team = await w.t.app.services.calendars.create(w.principal, { locationId, name: 'Treatments', kind: 'round_robin', hosts: w.hosts.map((userId) => ({ userId })) });
    const beds = await w.t.app.services.resources.create(w.principal, 'equipment', { locationId, name: 'Beds', quantity: 3, outOfService: 1, calendarIds: [team.id] });
    const input = { calendarId: team.id, start: '2026-06-09T10:00:00-04:00', contactId: w.contact };
    const results = await Promise.allSettled(Array.from({ length: 40 }, () => w.bookings.create(w.principal, input)));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 2);
    assertOnlyConflicts(results);
    assert.equal(await peakUse(w, beds.pk), 2);
  });

  it('40 simultaneous requests on two calendars sharing a room of 3 places fill exactly 3', async () => {
    const left = await w.t.app.services.calendars.create(w.principal, { locationId, name: 'Left', kind: 'round_robin', hosts: w.hosts.slice(0, 2).map((userId) => ({ userId })) });
    const right = await w.t.app.services.calendars.create(w.principal, { locationId, name: 'Right', kind: 'round_robin', hosts: w.hosts.slice(2).map((userId) => ({ userId })) });
    const room = await w.t.app.services.resources.create(w.principal, 'room', { locationId, name: 'Studio', capacity: 3, calendarIds: [left.id, right.id] });
    const start = '2026-06-10T14:00:00-04:00';
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => w.bookings.create(w.principal, { calendarId: (i % 2 === 0 ? left : right).id, start, contactId: w.contact })),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 3);
    assertOnlyConflicts(results);
    assert.equal(await peakUse(w, room.pk), 3);
  });

  it('random concurrent creates, reschedules and cancels never use more than is usable', async () => {
    const team = await w.t.app.services.calendars.create(w.principal, {
      locationId, name: 'Busy team', kind: 'round_robin', hosts: w.hosts.map((userId) => ({ userId })), durations: [30, 60], slotInterval: 30,
    });
    const kit = await w.t.app.services.resources.create(w.principal, 'equipment', { locationId, name: 'Kit', quantity: 2, outOfService: 0, calendarIds: [team.id] });
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const dayStart = Date.parse('2026-06-11T13:00:00Z'); // Thursday 09:00 New York
    const randomStart = () => new Date(dayStart + random(14) * 30 * 60_000).toISOString(); // 09:00–15:30
    const made: string[] = [];
    const tasks = Array.from({ length: 150 }, (_, i) => async () => {
      if (i % 5 === 3 && made.length > 0) return w.bookings.reschedule(w.principal, made[random(made.length)]!, { start: randomStart() });
      if (i % 5 === 4 && made.length > 0) return w.bookings.cancel(w.principal, made[random(made.length)]!);
      const { booking } = await w.bookings.create(w.principal, { calendarId: team.id, start: randomStart(), contactId: w.contact, duration: [30, 60][random(2)] });
      made.push(booking.id);
      return booking;
    });
    const results: PromiseSettledResult<unknown>[] = [];
    for (let i = 0; i < tasks.length; i += 25) results.push(...(await Promise.allSettled(tasks.slice(i, i + 25).map((task) => task()))));
    for (const r of results) {
      if (r.status === 'rejected') assert.ok(r.reason instanceof ConflictError || /already cancelled|cannot be rescheduled/.test(String(r.reason)), String(r.reason));
    }
    assert.ok(made.length > 10, `only ${made.length} bookings were made`);
    assert.ok((await peakUse(w, kit.pk)) <= 2);
  });
});
