import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { after, before, describe, it } from 'node:test';
import { ServiceError } from '../../../src/services/errors.ts';
import type { Calendar } from '../../../src/store/repositories/calendars.ts';
import { bookingWorld, concurrently, overlappingBusyPairs, type BookingWorld } from './helpers.ts';

/** A small deterministic generator (xorshift), so that a failing run can be repeated. */
function generator(seed: number) {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4_294_967_296;
  };
  return { chance: (p: number) => next() < p, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]! };
}

/**
 * Random creates, moves, cancellations, status changes and deletes, many at once and several on
 * the same booking, across calendars of every kind; afterwards the tables must still tell one
 * consistent story. (DESIGN.md: no double booking, never over capacity, every change recorded.)
 */
describe('bookings: random concurrent changes keep the database consistent', () => {
  let w: BookingWorld;
  const calendars: Calendar[] = [];
  before(async () => {
    w = await bookingWorld();
    const { calendars: service } = w.t.app.services;
    const [a, b, c, d] = w.hosts as [string, string, string, string];
    const loc = w.t.demo.location.id;
    calendars.push(
      await service.create(w.principal, { locationId: loc, name: 'Solo', kind: 'personal', hosts: [{ userId: a }], durations: [30, 60], preBuffer: 10 }),
      await service.create(w.principal, { locationId: loc, name: 'Team', kind: 'round_robin', hosts: [{ userId: a }, { userId: b }, { userId: c }], slotInterval: 15 }),
      await service.create(w.principal, { locationId: loc, name: 'Fair team', kind: 'round_robin', roundRobinMode: 'equal_distribution', hosts: [{ userId: c }, { userId: d }], dailyLimit: { max: 3, scope: 'host' } }),
      await service.create(w.principal, { locationId: loc, name: 'Together', kind: 'collective', hosts: [{ userId: b }, { userId: d }], durations: [60], slotInterval: 30 }),
      await service.create(w.principal, { locationId: loc, name: 'Class', kind: 'class', hosts: [{ userId: d }], durations: [45], seatsPerSlot: 4, slotInterval: 15 }),
      await service.create(w.principal, { locationId: loc, name: 'Approval', kind: 'personal', hosts: [{ userId: b }], autoConfirm: false, postBuffer: 15 }),
    );
  });
  after(() => w.close());

  it('600 random operations, 30 at a time, leave no overlap, no wrong seat count and no stray busy time', async () => {
    const random = generator(20261122);
    const days = ['2026-06-22', '2026-06-23', '2026-06-24'];
    const times = ['09:00', '09:15', '09:30', '10:00', '10:30', '11:00', '13:00', '13:45', '14:30', '15:00', '16:00'];
    const start = () => `${random.pick(days)}T${random.pick(times)}:00-04:00`;
    const made: string[] = [];
    const { bookings } = w;
    const tasks = Array.from({ length: 600 }, () => async () => {
      if (made.length < 20 || random.chance(0.45)) {
        const calendar = random.pick(calendars);
        const created = await bookings.create(w.principal, {
          calendarId: calendar.id,
          start: start(),
          contactId: w.contact,
          ...(calendar.seatsPerSlot > 1 && random.chance(0.5) ? { seats: 2 } : {}),
          ...(random.chance(0.05) ? { override: true } : {}),
          ...(random.chance(0.1) ? { recurrence: { rrule: 'FREQ=DAILY;COUNT=2', onConflict: random.pick(['skip', 'next', 'force'] as const) } } : {}),
        });
        made.push(...created.occurrences.map((b) => b.id));
        return;
      }
      const id = random.pick(made);
      const series = random.chance(0.2);
      switch (random.pick(['move', 'move', 'cancel', 'confirm', 'complete', 'no_show', 'delete'] as const)) {
        case 'move':
          return bookings.reschedule(w.principal, id, { start: start(), series });
        case 'cancel':
          return bookings.cancel(w.principal, id, { series });
        case 'delete':
          return bookings.delete(w.principal, id);
        case 'confirm':
          return bookings.transition(w.principal, id, 'confirm');
        case 'complete':
          return bookings.transition(w.principal, id, 'complete');
        case 'no_show':
          return bookings.transition(w.principal, id, 'no_show');
      }
    });
    const results = await concurrently(tasks, 30);
    for (const r of results) {
      if (r.status === 'rejected') assert.ok(r.reason instanceof ServiceError && r.reason.kind !== 'invalid', `a clean refusal, not ${String(r.reason)}`);
    }
    assert.ok(made.length > 100, `only ${made.length} bookings were made`);

    const db = w.t.app.store.db;
    const count = async (query: ReturnType<typeof sql<{ n: number }>>) => Number((await query.execute(db)).rows[0]!.n);
    assert.equal(await overlappingBusyPairs(w.t), 0, 'no two enforced busy rows of one host overlap');
    assert.equal(
      await count(sql`select count(*) as n from bookings b where b.deleted_at is null and b.status in ('pending', 'confirmed', 'no_show', 'completed')
        and not exists (select 1 from host_busy h where h.booking_id = b.id) and b.seat_slot_id is null`),
      0,
      'every booking that occupies time holds it',
    );
    assert.equal(
      await count(sql`select count(*) as n from bookings b where (b.deleted_at is not null or b.status not in ('pending', 'confirmed', 'no_show', 'completed'))
        and (exists (select 1 from host_busy h where h.booking_id = b.id) or b.seat_slot_id is not null)`),
      0,
      'a cancelled, declined or deleted booking holds nothing',
    );
    assert.equal(
      await count(sql`select count(*) as n from host_busy h join bookings b on b.id = h.booking_id
        where h.busy_start <> b.start_at - b.pre_buffer_min * 60000 or h.busy_end <> b.end_at + b.post_buffer_min * 60000`),
      0,
      'busy time is where its booking is',
    );
    assert.equal(
      await count(sql`select count(*) as n from seat_slots s
        where s.seats_taken <> coalesce((select sum(b.seats) from bookings b where b.seat_slot_id = s.id), 0)`),
      0,
      'a seat slot counts exactly the seats of its bookings',
    );
    assert.equal(
      await count(sql`select count(*) as n from seat_slots s join calendars c on c.id = s.calendar_id
        where s.seats_taken > c.seats_per_slot and not exists (select 1 from bookings b where b.seat_slot_id = s.id and b.override <> 'none')`),
      0,
      'never over capacity without an override',
    );
    assert.equal(
      await count(sql`select count(*) as n from bookings b where not exists (select 1 from booking_events e where e.booking_id = b.id and e.type = 'created')`),
      0,
      'every booking has its creation in its history',
    );
  });
});
