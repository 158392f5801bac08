import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConflictError } from '../../../src/services/errors.ts';
import { bookingWorld, type BookingWorld } from './helpers.ts';

// TEST_NOW = 2026-06-01T12:00Z (Monday 08:00 New York); hosts work Monday–Friday 09:00–17:00 New York.
const AT = (local: string) => `${local}-04:00`;

describe('bookings take their calendar’s rooms and equipment', () => {
  let w: BookingWorld;
  let locationId: string;
  before(async () => {
    w = await bookingWorld();
    locationId = w.t.demo.location.id;
  });
  after(() => w.close());

  const team = (name: string, hosts: string[], extra: Record<string, unknown> = {}) =>
    w.t.app.services.calendars.create(w.principal, { locationId, name, kind: 'round_robin', hosts: hosts.map((userId) => ({ userId })), durations: [60], ...extra });
  const slotsOn = async (calendarId: string, date: string) =>
    (await w.t.app.services.freeSlots.find(w.principal, calendarId, { start: date, end: date })).byDate[date] ?? [];
  const book = (calendarId: string, local: string, extra: Record<string, unknown> = {}) =>
    w.bookings.create(w.principal, { calendarId, start: AT(local), contactId: w.contact, ...extra }).then((r) => r.booking);
  const usesOf = (bookingPk: number) =>
    w.t.app.store.db.selectFrom('booking_resources').select(['resource_id', 'units', 'use_start', 'use_end']).where('booking_id', '=', bookingPk).execute()
      .then((rows) => rows.map((row) => ({ ...row })));

  it('a booking takes a unit of equipment; when every usable unit is taken the time is neither offered nor bookable', async () => {
    const massage = await team('Massage', [w.hosts[0]!, w.hosts[1]!]);
    const tables = await w.t.app.services.resources.create(w.principal, 'equipment', { locationId, name: 'Tables', quantity: 2, outOfService: 1, calendarIds: [massage.id] });
    const first = await book(massage.id, '2026-06-02T10:00:00');
    assert.deepEqual(await usesOf(first.pk), [{ resource_id: tables.pk, units: 1, use_start: Date.parse(AT('2026-06-02T10:00:00')), use_end: Date.parse(AT('2026-06-02T11:00:00')) }]);
    // The second host is free at 10:00, the only usable table is not.
    await assert.rejects(book(massage.id, '2026-06-02T10:00:00'), ConflictError);
    const slots = await slotsOn(massage.id, '2026-06-02');
    assert.ok(!slots.includes(AT('2026-06-02T10:00:00')));
    assert.ok(slots.includes(AT('2026-06-02T09:00:00')) && slots.includes(AT('2026-06-02T11:00:00')));

    // Repaired: two usable tables.
    await w.t.app.services.resources.update(w.principal, 'equipment', tables.id, { outOfService: 0 });
    assert.ok((await slotsOn(massage.id, '2026-06-02')).includes(AT('2026-06-02T10:00:00')));
    const second = await book(massage.id, '2026-06-02T10:00:00');
    assert.notEqual(second.hosts[0]!.userId, first.hosts[0]!.userId);
  });

  it('equipment that is all out of service closes the calendar; an inactive resource is ignored', async () => {
    const sauna = await team('Sauna', [w.hosts[2]!]);
    const heater = await w.t.app.services.resources.create(w.principal, 'equipment', { locationId, name: 'Heater', quantity: 1, outOfService: 1, calendarIds: [sauna.id] });
    assert.deepEqual(await slotsOn(sauna.id, '2026-06-02'), []);
    await assert.rejects(book(sauna.id, '2026-06-02T10:00:00'), ConflictError);
    await w.t.app.services.resources.update(w.principal, 'equipment', heater.id, { active: false });
    assert.equal((await slotsOn(sauna.id, '2026-06-02')).length, 8);
    const booked = await book(sauna.id, '2026-06-02T10:00:00');
    assert.deepEqual(await usesOf(booked.pk), [], 'an inactive resource is not taken');
    await w.t.app.services.resources.update(w.principal, 'equipment', heater.id, { active: true });
    assert.deepEqual(await slotsOn(sauna.id, '2026-06-02'), []);
    await w.t.app.services.resources.delete(w.principal, 'equipment', heater.id);
    assert.equal((await slotsOn(sauna.id, '2026-06-02')).length, 7, 'a deleted resource limits nothing');
  });

  it('cancelling or deleting a booking gives its units back; rescheduling moves them', async () => {
    const physio = await team('Physio', [w.hosts[0]!, w.hosts[1]!]);
    await w.t.app.services.resources.create(w.principal, 'equipment', { locationId, name: 'Laser', quantity: 1, outOfService: 0, calendarIds: [physio.id] });
    const ten = AT('2026-06-03T10:00:00');
    const eleven = AT('2026-06-03T11:00:00');
    const booking = await book(physio.id, '2026-06-03T10:00:00');
    assert.ok(!(await slotsOn(physio.id, '2026-06-03')).includes(ten));

    await w.bookings.reschedule(w.principal, booking.id, { start: eleven });
    const moved = await usesOf(booking.pk);
    assert.deepEqual(moved.map((u) => u.use_start), [Date.parse(eleven)]);
    let slots = await slotsOn(physio.id, '2026-06-03');
    assert.ok(slots.includes(ten) && !slots.includes(eleven));

    await w.bookings.cancel(w.principal, booking.id);
    assert.deepEqual(await usesOf(booking.pk), []);
    slots = await slotsOn(physio.id, '2026-06-03');
    assert.ok(slots.includes(ten) && slots.includes(eleven));

    const again = await book(physio.id, '2026-06-03T11:00:00');
    await w.bookings.delete(w.principal, again.id);
    assert.deepEqual(await usesOf(again.pk), []);
    assert.ok((await slotsOn(physio.id, '2026-06-03')).includes(eleven));
  });

  it('a reschedule onto a fully used time fails and keeps the booking where it was', async () => {
    const dental = await team('Dental', [w.hosts[2]!, w.hosts[3]!]);
    await w.t.app.services.resources.create(w.principal, 'equipment', { locationId, name: 'Chair', quantity: 1, outOfService: 0, calendarIds: [dental.id] });
    const morning = await book(dental.id, '2026-06-03T09:00:00');
    const later = await book(dental.id, '2026-06-03T13:00:00');
    await assert.rejects(w.bookings.reschedule(w.principal, later.id, { start: AT('2026-06-03T09:00:00') }), ConflictError);
    assert.deepEqual((await usesOf(later.pk)).map((u) => u.use_start), [Date.parse(AT('2026-06-03T13:00:00'))]);
    assert.equal((await usesOf(morning.pk)).length, 1);
  });

  it('the use is the booking’s padded range: buffers keep the equipment taken', async () => {
    const scans = await team('Scans', [w.hosts[0]!, w.hosts[1]!], { durations: [30], postBuffer: 30, slotInterval: 30 });
    await w.t.app.services.resources.create(w.principal, 'equipment', { locationId, name: 'Scanner', quantity: 1, outOfService: 0, calendarIds: [scans.id] });
    await book(scans.id, '2026-06-04T10:00:00');
    const slots = await slotsOn(scans.id, '2026-06-04');
    // 09:30 would run into the booking's use (10:00–11:00); 10:30 starts inside it; 11:00 is free.
    assert.ok(!slots.includes(AT('2026-06-04T09:30:00')) && !slots.includes(AT('2026-06-04T10:30:00')));
    assert.ok(slots.includes(AT('2026-06-04T09:00:00')) && slots.includes(AT('2026-06-04T11:00:00')));
  });

  it('rooms serve several calendars: a booking sits in the first room with space; with none, the time is gone everywhere', async () => {
    const yoga = await team('Yoga', [w.hosts[0]!]);
    const pilates = await team('Pilates', [w.hosts[1]!]);
    const small = await w.t.app.services.resources.create(w.principal, 'room', { locationId, name: 'Small room', capacity: 1, calendarIds: [yoga.id, pilates.id] });
    const two = AT('2026-06-05T14:00:00');
    const first = await book(yoga.id, '2026-06-05T14:00:00');
    assert.deepEqual((await usesOf(first.pk)).map((u) => [u.resource_id, u.units]), [[small.pk, 1]]);
    assert.ok(!(await slotsOn(pilates.id, '2026-06-05')).includes(two));
    await assert.rejects(book(pilates.id, '2026-06-05T14:00:00'), ConflictError);

    const large = await w.t.app.services.resources.create(w.principal, 'room', { locationId, name: 'Large room', capacity: 10, calendarIds: [pilates.id] });
    assert.ok((await slotsOn(pilates.id, '2026-06-05')).includes(two));
    const second = await book(pilates.id, '2026-06-05T14:00:00');
    assert.deepEqual((await usesOf(second.pk)).map((u) => [u.resource_id, u.units]), [[large.pk, 1]]);
  });

  it('seated bookings take their seats as places in the room', async () => {
    const spin = await w.t.app.services.calendars.create(w.principal, { locationId, name: 'Spin', kind: 'class', hosts: [{ userId: w.hosts[2]! }], seatsPerSlot: 5, durations: [60] });
    const room = await w.t.app.services.resources.create(w.principal, 'room', { locationId, name: 'Spin room', capacity: 3, calendarIds: [spin.id] });
    const pair = await book(spin.id, '2026-06-05T09:00:00', { seats: 2 });
    assert.deepEqual((await usesOf(pair.pk)).map((u) => [u.resource_id, u.units]), [[room.pk, 2]]);
    await assert.rejects(book(spin.id, '2026-06-05T09:00:00', { seats: 2 }), ConflictError, 'two more places do not fit');
    await book(spin.id, '2026-06-05T09:00:00');
    assert.ok(!(await slotsOn(spin.id, '2026-06-05')).includes(AT('2026-06-05T09:00:00')), 'the room is full, though the class has seats');
    await assert.rejects(book(spin.id, '2026-06-05T09:00:00'), ConflictError);
  });

  it('an admin override books anyway and takes the equipment too', async () => {
    const repair = await team('Repair', [w.hosts[2]!, w.hosts[3]!]);
    const lift = await w.t.app.services.resources.create(w.principal, 'equipment', { locationId, name: 'Lift', quantity: 1, outOfService: 0, calendarIds: [repair.id] });
    await book(repair.id, '2026-06-08T10:00:00');
    const forced = await book(repair.id, '2026-06-08T10:00:00', { override: true });
    assert.deepEqual((await usesOf(forced.pk)).map((u) => u.resource_id), [lift.pk]);
  });
});
