import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConflictError, ValidationError } from '../../../src/services/errors.ts';
import { bookingWorld, overlappingBusyPairs, type BookingWorld } from './helpers.ts';

// TEST_NOW = 2026-06-01T12:00Z (Monday 08:00 New York).
const AT = (local: string) => `${local}-04:00`;

describe('bookings: create', () => {
  let w: BookingWorld;
  before(async () => {
    w = await bookingWorld();
  });
  after(() => w.close());

  it('books a free slot on a personal calendar, which then is no longer free', async () => {
    const { booking } = await w.bookings.create(w.principal, { calendarId: w.t.demo.calendar.id, start: AT('2026-06-02T09:00:00'), contactId: w.contact });
    assert.equal(booking.status, 'confirmed');
    assert.equal(booking.end - booking.start, 30 * 60_000);
    assert.deepEqual(booking.hosts.map((h) => [h.userId, h.role]), [[w.t.demo.host.id, 'primary']]);
    const slots = await w.t.app.services.freeSlots.find(w.principal, w.t.demo.calendar.id, { start: '2026-06-02', end: '2026-06-02' });
    assert.equal(slots.byDate['2026-06-02']![0], '2026-06-02T09:30:00-04:00');
    await assert.rejects(
      w.bookings.create(w.principal, { calendarId: w.t.demo.calendar.id, start: AT('2026-06-02T09:00:00'), contactId: w.contact }),
      ConflictError,
    );
  });

  it('refuses a time outside the host’s working hours, or off the grid', async () => {
    for (const start of [AT('2026-06-02T12:00:00'), AT('2026-06-06T10:00:00'), AT('2026-06-02T10:10:00')]) {
      await assert.rejects(w.bookings.create(w.principal, { calendarId: w.t.demo.calendar.id, start, contactId: w.contact }), ConflictError, start);
    }
  });

  it('an admin override books anyway and is marked', async () => {
    const { booking } = await w.bookings.create(w.principal, { calendarId: w.t.demo.calendar.id, start: AT('2026-06-02T09:00:00'), contactId: w.contact, override: true });
    assert.equal(booking.override, 'availability');
    assert.equal(await overlappingBusyPairs(w.t), 0, 'override rows do not count as enforced');
  });

  it('creates an inline contact, or reuses one with the same e-mail', async () => {
    const first = await w.bookings.create(w.principal, {
      calendarId: w.t.demo.calendar.id, start: AT('2026-06-03T09:00:00'), contact: { firstName: 'New', email: 'New.Person@example.com' },
    });
    const second = await w.bookings.create(w.principal, {
      calendarId: w.t.demo.calendar.id, start: AT('2026-06-03T10:00:00'), contact: { firstName: 'Other name', email: 'new.person@example.com' },
    });
    assert.equal(first.booking.contactId, second.booking.contactId);
    await assert.rejects(
      w.bookings.create(w.principal, { calendarId: w.t.demo.calendar.id, start: AT('2026-06-03T11:00:00'), contact: { email: 'broken' } }),
      (e: unknown) => e instanceof ValidationError && e.issues[0]!.field === 'contact.email',
    );
  });

  it('validates answers against the calendar’s questions', async () => {
    const calendar = await w.t.app.services.calendars.create(w.principal, {
      locationId: w.t.demo.location.id, name: 'Questions', kind: 'personal', hosts: [{ userId: w.hosts[0]! }],
      questions: [
        { label: 'Topic', type: 'text', required: true },
        { label: 'Size', type: 'select', options: ['S', 'M'] },
      ],
    });
    const [topic, size] = calendar.questions;
    const base = { calendarId: calendar.id, contactId: w.contact };
    await assert.rejects(w.bookings.create(w.principal, { ...base, start: AT('2026-06-02T09:00:00') }), (e: unknown) => e instanceof ValidationError && e.issues[0]!.field === 'answers');
    await assert.rejects(
      w.bookings.create(w.principal, { ...base, start: AT('2026-06-02T09:00:00'), answers: [{ questionId: topic!.id, value: 'x' }, { questionId: size!.id, value: 'XL' }] }),
      (e: unknown) => e instanceof ValidationError && e.issues[0]!.field === 'answers[1].value',
    );
    const { booking } = await w.bookings.create(w.principal, { ...base, start: AT('2026-06-02T09:00:00'), answers: [{ questionId: topic!.id, value: 'Roof' }, { questionId: size!.id, value: 'M' }] });
    assert.deepEqual(booking.answers.map((a) => [a.label, a.value]), [['Topic', 'Roof'], ['Size', 'M']]);
  });

  it('round-robin gives simultaneous bookings to different hosts, by priority first', async () => {
    const calendar = await w.t.app.services.calendars.create(w.principal, {
      locationId: w.t.demo.location.id, name: 'Team', kind: 'round_robin',
      hosts: [{ userId: w.hosts[0]!, priority: 'low' }, { userId: w.hosts[1]!, priority: 'high' }],
    });
    const start = AT('2026-06-04T10:00:00');
    const a = await w.bookings.create(w.principal, { calendarId: calendar.id, start, contactId: w.contact });
    const b = await w.bookings.create(w.principal, { calendarId: calendar.id, start, contactId: w.contact });
    assert.equal(a.booking.hosts[0]!.userId, w.hosts[1], 'the high-priority host first');
    assert.equal(b.booking.hosts[0]!.userId, w.hosts[0]);
    await assert.rejects(w.bookings.create(w.principal, { calendarId: calendar.id, start, contactId: w.contact }), ConflictError);
  });

  it('collective books every host or none', async () => {
    const calendar = await w.t.app.services.calendars.create(w.principal, {
      locationId: w.t.demo.location.id, name: 'Panel', kind: 'collective', hosts: [{ userId: w.hosts[2]! }, { userId: w.hosts[3]!, isPrimary: true }],
    });
    const { booking } = await w.bookings.create(w.principal, { calendarId: calendar.id, start: AT('2026-06-05T09:00:00'), contactId: w.contact });
    assert.deepEqual(booking.hosts.map((h) => [h.userId, h.role]), [[w.hosts[3], 'primary'], [w.hosts[2], 'secondary']]);
    const solo = await w.t.app.services.calendars.create(w.principal, { locationId: w.t.demo.location.id, name: 'Solo', kind: 'personal', hosts: [{ userId: w.hosts[2]! }] });
    await w.bookings.create(w.principal, { calendarId: solo.id, start: AT('2026-06-05T10:00:00'), contactId: w.contact });
    await assert.rejects(w.bookings.create(w.principal, { calendarId: calendar.id, start: AT('2026-06-05T10:00:00'), contactId: w.contact }), ConflictError);
  });

  it('buffers stack: a booking’s own buffers and the calendar’s must both fit', async () => {
    const buffered = await w.t.app.services.calendars.create(w.principal, {
      locationId: w.t.demo.location.id, name: 'Buffered', kind: 'personal', hosts: [{ userId: w.hosts[3]! }], postBuffer: 30, durations: [60],
    });
    const plain = await w.t.app.services.calendars.create(w.principal, { locationId: w.t.demo.location.id, name: 'Plain', kind: 'personal', hosts: [{ userId: w.hosts[3]! }] });
    await w.bookings.create(w.principal, { calendarId: buffered.id, start: AT('2026-06-08T09:00:00'), contactId: w.contact });
    // 10:00–10:30 is free in itself but inside the 30-minute post-buffer of the 09:00–10:00 booking.
    await assert.rejects(w.bookings.create(w.principal, { calendarId: plain.id, start: AT('2026-06-08T10:00:00'), contactId: w.contact }), ConflictError);
    await w.bookings.create(w.principal, { calendarId: plain.id, start: AT('2026-06-08T10:30:00'), contactId: w.contact });
  });

  it('a class calendar takes seats up to its capacity', async () => {
    const yoga = await w.t.app.services.calendars.create(w.principal, {
      locationId: w.t.demo.location.id, name: 'Yoga', kind: 'class', hosts: [{ userId: w.hosts[0]! }], seatsPerSlot: 3, durations: [60],
    });
    const start = AT('2026-06-09T09:00:00');
    const first = await w.bookings.create(w.principal, { calendarId: yoga.id, start, contactId: w.contact, seats: 2 });
    assert.equal(first.booking.seats, 2);
    await assert.rejects(w.bookings.create(w.principal, { calendarId: yoga.id, start, contactId: w.contact, seats: 2 }), ConflictError);
    await w.bookings.create(w.principal, { calendarId: yoga.id, start, contactId: w.contact });
    await assert.rejects(w.bookings.create(w.principal, { calendarId: yoga.id, start, contactId: w.contact }), ConflictError);
    const slots = await w.t.app.services.freeSlots.find(w.principal, yoga.id, { start: '2026-06-09', end: '2026-06-09' });
    assert.equal(slots.byDate['2026-06-09']![0], '2026-06-09T10:00:00-04:00');
    await w.bookings.cancel(w.principal, first.booking.id);
    const reopened = await w.t.app.services.freeSlots.find(w.principal, yoga.id, { start: '2026-06-09', end: '2026-06-09' });
    assert.equal(reopened.slots[0]!.remainingSeats, 2);
  });

  it('honours the Idempotency-Key', async () => {
    const input = { calendarId: w.t.demo.calendar.id, start: AT('2026-06-10T09:00:00'), contactId: w.contact };
    const first = await w.bookings.create(w.principal, input, { idempotencyKey: 'retry-1' });
    const again = await w.bookings.create(w.principal, input, { idempotencyKey: 'retry-1' });
    assert.equal(again.booking.id, first.booking.id);
    assert.equal(again.replayed, true);
    await assert.rejects(
      w.bookings.create(w.principal, { ...input, start: AT('2026-06-10T10:00:00') }, { idempotencyKey: 'retry-1' }),
      (e: unknown) => e instanceof ValidationError && e.issues[0]!.field === 'Idempotency-Key',
    );
  });

  it('never leaves two enforced busy rows of one host overlapping', async () => {
    assert.equal(await overlappingBusyPairs(w.t), 0);
  });
});
