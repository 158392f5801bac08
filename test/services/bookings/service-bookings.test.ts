import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Calendar } from '../../../src/store/repositories/calendars.ts';
import type { CatalogService } from '../../../src/services/service-catalog.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../../src/services/errors.ts';
import type { ServiceBookingsService } from '../../../src/services/bookings/service-bookings.ts';
import { overlappingBusyPairs } from './helpers.ts';
import { serviceWorld, type ServiceWorld } from './service-world.ts';

// TEST_NOW = 2026-06-01T12:00Z (Monday 08:00 New York). Hosts work Mon–Fri 09:00–17:00 there.
const AT = (local: string) => `${local}-04:00`;
const MIN = 60_000;

describe('service bookings: several services in sequence, each on its staff member, occupying staff like any booking', () => {
  let w: ServiceWorld;
  let sb: ServiceBookingsService;
  let A: string, B: string, C: string, D: string;
  let cut: CatalogService, color: CatalogService, team: CatalogService;
  const own: Record<string, Calendar> = {};

  before(async () => {
    w = await serviceWorld();
    sb = w.t.app.services.serviceBookings;
    [A, B, C, D] = w.hosts as [string, string, string, string];
    const catalog = w.t.app.services.serviceCatalog;
    cut = await catalog.create(w.lp, { name: 'Cut', slug: 'cut', staffIds: [A], durationMin: 30 });
    color = await catalog.create(w.lp, { name: 'Color', slug: 'color', staffIds: [B], durationMin: 60 });
    team = await catalog.create(w.lp, { name: 'Shave', slug: 'shave', staffIds: [C, D], durationMin: 30 });
    // Each staff member's own 30-minute calendar: its free slots show their time; its appointments compete for it.
    for (const [name, host] of [['a', A], ['b', B], ['c', C], ['d', D]] as const) {
      own[name] = await w.t.app.services.calendars.create(w.lp, { name: `Own ${name}`, kind: 'personal', hosts: [{ userId: host }] });
    }
  });
  after(() => w.close());

  const slots = async (who: string, date: string) => (await w.t.app.services.freeSlots.find(w.lp, own[who]!.id, { start: date, end: date })).byDate[date] ?? [];
  const counts = async () => {
    const db = w.t.app.store.db;
    const n = async (table: 'bookings' | 'booking_services' | 'host_busy' | 'booking_hosts') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    return { bookings: await n('bookings'), items: await n('booking_services'), busy: await n('host_busy'), hosts: await n('booking_hosts') };
  };
  const base = (start: string) => ({ contactId: w.contact, start: AT(start), timeZone: 'America/New_York' });

  it('places two services back to back on two staff members; their free slots go and an overlapping appointment is refused', async () => {
    const made = await sb.create(w.lp, { ...base('2026-06-02T10:00:00'), items: [{ id: cut.calendar.id }, { id: color.calendar.id }] });
    assert.equal(made.status, 'confirmed');
    assert.equal(made.booking.title, 'Cut, Color');
    assert.deepEqual(made.items.map((i) => [i.serviceId, i.staffId, new Date(i.start).toISOString(), new Date(i.end).toISOString()]), [
      [cut.calendar.id, A, '2026-06-02T14:00:00.000Z', '2026-06-02T14:30:00.000Z'],
      [color.calendar.id, B, '2026-06-02T14:30:00.000Z', '2026-06-02T15:30:00.000Z'],
    ]);
    assert.equal(made.booking.end - made.booking.start, 90 * MIN);
    assert.deepEqual(made.booking.hosts.map((h) => [h.userId, h.role]), [[A, 'primary'], [B, 'secondary']]);

    const a = await slots('a', '2026-06-02');
    const b = await slots('b', '2026-06-02');
    assert.ok(!a.includes(AT('2026-06-02T10:00:00')) && a.includes(AT('2026-06-02T10:30:00')), 'A is busy 10:00–10:30 only');
    assert.ok(b.includes(AT('2026-06-02T10:00:00')) && !b.includes(AT('2026-06-02T10:30:00')) && !b.includes(AT('2026-06-02T11:00:00')) && b.includes(AT('2026-06-02T11:30:00')), 'B is busy 10:30–11:30');
    await assert.rejects(w.bookings.create(w.lp, { calendarId: own.b!.id, start: AT('2026-06-02T11:00:00'), contactId: w.contact }), ConflictError);
    await assert.rejects(w.bookings.create(w.lp, { calendarId: own.a!.id, start: AT('2026-06-02T10:00:00'), contactId: w.contact, override: false }), ConflictError);
    await w.bookings.create(w.lp, { calendarId: own.b!.id, start: AT('2026-06-02T11:30:00'), contactId: w.contact });
    assert.equal(await overlappingBusyPairs(w.t), 0);
    assert.deepEqual(await sb.get(w.lp, made.booking.id), made);
  });

  it('takes the rooms and equipment of each service; a fully used one refuses the next booking until freed', async () => {
    const chair = await w.t.app.services.resources.create(w.lp, 'equipment', { name: 'Shaving chair', quantity: 1, calendarIds: [team.calendar.id] });
    try {
      const first = await sb.create(w.lp, { ...base('2026-06-16T10:00:00'), items: [{ id: cut.calendar.id }, { id: team.calendar.id }] });
      assert.deepEqual(first.booking.resourceIds, [chair.id], 'the shave (10:30–11:00) holds the only chair');
      assert.deepEqual(first.items.map((i) => i.resourceIds), [[], [chair.id]], 'the shave holds it, the cut does not');
      // C and D are both free at 10:30, but the chair is not.
      await assert.rejects(sb.create(w.lp, { ...base('2026-06-16T10:30:00'), items: [{ id: team.calendar.id }] }), ConflictError);
      const later = await sb.create(w.lp, { ...base('2026-06-16T11:00:00'), items: [{ id: team.calendar.id }] });
      assert.deepEqual(later.booking.resourceIds, [chair.id], 'back to back with the first shave');
      await sb.update(w.lp, first.booking.id, { status: 'cancelled' });
      const again = await sb.create(w.lp, { ...base('2026-06-16T10:30:00'), items: [{ id: team.calendar.id }] });
      assert.deepEqual(again.booking.resourceIds, [chair.id], 'a cancelled booking gives the chair back');
    } finally {
      await w.t.app.services.resources.delete(w.lp, 'equipment', chair.id);
    }
  });

  it('add-ons lengthen their service by duration × quantity', async () => {
    const made = await sb.create(w.lp, {
      ...base('2026-06-03T10:00:00'),
      items: [{ id: cut.calendar.id, addOns: [{ id: 'wash', duration: 10, quantity: 2 }, { id: 'style', duration: 5 }, { id: 'gift' }] }],
    });
    const [item] = made.items;
    assert.equal(item!.end - item!.start, 55 * MIN);
    assert.deepEqual(item!.addOns, [{ id: 'wash', quantity: 2, duration: 10 }, { id: 'style', quantity: 1, duration: 5 }, { id: 'gift', quantity: 1, duration: 0 }]);
    const a = await slots('a', '2026-06-03');
    assert.ok(!a.includes(AT('2026-06-03T10:30:00')) && a.includes(AT('2026-06-03T11:00:00')));
    await assert.rejects(sb.create(w.lp, { ...base('2026-06-03T13:00:00'), items: [{ id: cut.calendar.id, addOns: [{ id: 'x', quantity: 0, duration: 5 }] }] }), ValidationError);
  });

  it('is all or nothing: when the second service is not free, nothing is written and the first stays free', async () => {
    await w.bookings.create(w.lp, { calendarId: own.b!.id, start: AT('2026-06-04T10:30:00'), contactId: w.contact });
    const before = await counts();
    await assert.rejects(
      sb.create(w.lp, { ...base('2026-06-04T10:00:00'), items: [{ id: cut.calendar.id }, { id: color.calendar.id }] }),
      (e: unknown) => e instanceof ConflictError && /Color/.test(e.message),
    );
    assert.deepEqual(await counts(), before);
    assert.ok((await slots('a', '2026-06-04')).includes(AT('2026-06-04T10:00:00')));
  });

  it('books a variation with its own duration and buffers; order follows `position`', async () => {
    const blow = await w.t.app.services.serviceCatalog.create(w.lp, {
      name: 'Blow-dry', slug: 'blow-dry', staffIds: [A], durationMin: 30, variations: [{ name: 'Long', durationMin: 60, postBufferMin: 15 }],
    });
    const long = blow.variations[0]!;
    const made = await sb.create(w.lp, { ...base('2026-06-05T09:00:00'), items: [{ id: color.calendar.id, position: 2 }, { id: long.id, position: 1 }] });
    assert.deepEqual(made.items.map((i) => [i.serviceId, i.variantId, i.staffId]), [[blow.calendar.id, long.id, A], [color.calendar.id, null, B]]);
    assert.equal(made.items[0]!.end - made.items[0]!.start, 60 * MIN);
    const a = await slots('a', '2026-06-05');
    assert.ok(!a.includes(AT('2026-06-05T10:00:00')) && a.includes(AT('2026-06-05T10:30:00')), 'the 15-minute buffer after it keeps 10:00 busy');
  });

  it('gives an item without staffId to the first free staff member; a named one must be staff of the service', async () => {
    const first = await sb.create(w.lp, { ...base('2026-06-02T14:00:00'), items: [{ id: team.calendar.id }] });
    const second = await sb.create(w.lp, { ...base('2026-06-02T14:00:00'), items: [{ id: team.calendar.id }] });
    assert.deepEqual(new Set([first.items[0]!.staffId, second.items[0]!.staffId]), new Set([C, D]));
    await assert.rejects(sb.create(w.lp, { ...base('2026-06-02T14:00:00'), items: [{ id: team.calendar.id }] }), ConflictError);
    const named = await sb.create(w.lp, { ...base('2026-06-02T15:00:00'), items: [{ id: team.calendar.id, staffId: D }] });
    assert.equal(named.items[0]!.staffId, D);
    await assert.rejects(sb.create(w.lp, { ...base('2026-06-02T15:00:00'), items: [{ id: team.calendar.id, staffId: D }] }), ConflictError);
    await assert.rejects(sb.create(w.lp, { ...base('2026-06-02T15:30:00'), items: [{ id: team.calendar.id, staffId: A }] }), ValidationError);
    await assert.rejects(sb.create(w.lp, { ...base('2026-06-02T15:30:00'), items: [{ id: team.calendar.id, staffId: 'AAAAAAAAAAAAAAAAAAAA' }] }), (e: unknown) => e instanceof NotFoundError && e.entity === 'User');
    await assert.rejects(sb.create(w.lp, { ...base('2026-06-02T15:30:00'), items: [{ id: w.t.demo.calendar.id }] }), (e: unknown) => e instanceof NotFoundError && e.entity === 'Service');
    await assert.rejects(sb.create(w.lp, { ...base('2026-06-02T15:30:00'), items: [] }), ValidationError);
    await assert.rejects(sb.create(w.lp, { ...base('2026-06-02T15:30:30'), items: [{ id: team.calendar.id }] }), ValidationError, 'whole minutes');
    await assert.rejects(sb.create(w.lp, { ...base('2026-06-02T15:30:00'), timeZone: 'Mars/Base', items: [{ id: team.calendar.id }] }), ValidationError);
    await assert.rejects(sb.create(w.lp, { ...base('2026-06-02T15:30:00'), end: AT('2026-06-02T15:00:00'), items: [{ id: team.calendar.id }] }), ValidationError);
    await assert.rejects(sb.create(w.lp, { ...base('2026-06-02T15:30:00'), contactId: 'AAAAAAAAAAAAAAAAAAAA', items: [{ id: team.calendar.id }] }), NotFoundError);
  });

  it('overrideAvailability books outside hours (not enforced); skipSchedulingNotice skips notice but not availability', async () => {
    await assert.rejects(sb.create(w.lp, { ...base('2026-06-06T10:00:00'), items: [{ id: cut.calendar.id }] }), ConflictError, 'Saturday');
    const forced = await sb.create(w.lp, { ...base('2026-06-06T10:00:00'), items: [{ id: cut.calendar.id }] }, { override: true });
    assert.equal(forced.booking.override, 'availability');
    const rows = await w.t.app.store.db.selectFrom('host_busy').select('enforced').where('booking_id', '=', forced.booking.pk).execute();
    assert.deepEqual(rows.map((r) => r.enforced), [0]);

    const notice = await w.t.app.services.serviceCatalog.create(w.lp, { name: 'Consult', slug: 'consult', staffIds: [D] });
    await w.t.app.services.calendars.update(w.lp, notice.calendar.id, { minimumNotice: { amount: 2, unit: 'days' } });
    await assert.rejects(sb.create(w.lp, { ...base('2026-06-02T09:00:00'), items: [{ id: notice.calendar.id }] }), ConflictError);
    const early = await sb.create(w.lp, { ...base('2026-06-02T09:00:00'), items: [{ id: notice.calendar.id }] }, { ignoreLimits: true });
    assert.equal(early.booking.override, 'limits');
    await assert.rejects(sb.create(w.lp, { ...base('2026-06-02T09:00:00'), items: [{ id: notice.calendar.id }] }, { ignoreLimits: true }), ConflictError, 'availability still applies');
  });

  it('moves, cancels (freeing the time), marks invalid, reopens and replaces services, each as one change', async () => {
    const made = await sb.create(w.lp, { ...base('2026-06-08T10:00:00'), items: [{ id: cut.calendar.id }, { id: color.calendar.id }] });
    const id = made.booking.id;
    const moved = await sb.update(w.lp, id, { start: AT('2026-06-08T13:00:00') });
    assert.deepEqual(moved.items.map((i) => [i.staffId, new Date(i.start).toISOString()]), [[A, '2026-06-08T17:00:00.000Z'], [B, '2026-06-08T17:30:00.000Z']]);
    assert.ok((await slots('a', '2026-06-08')).includes(AT('2026-06-08T10:00:00')));
    assert.ok(!(await slots('b', '2026-06-08')).includes(AT('2026-06-08T14:00:00')));

    // A move onto taken time fails and changes nothing.
    await w.bookings.create(w.lp, { calendarId: own.b!.id, start: AT('2026-06-08T15:30:00'), contactId: w.contact });
    const before = await counts();
    await assert.rejects(sb.update(w.lp, id, { start: AT('2026-06-08T15:00:00'), title: 'Moved' }), ConflictError);
    assert.deepEqual(await counts(), before);
    assert.deepEqual(await sb.get(w.lp, id), moved);

    const cancelled = await sb.update(w.lp, id, { status: 'cancelled' });
    assert.equal(cancelled.status, 'cancelled');
    assert.ok((await slots('b', '2026-06-08')).includes(AT('2026-06-08T14:00:00')), 'cancelling frees the staff');
    assert.equal((await sb.update(w.lp, id, { status: 'invalid' })).status, 'invalid');
    const reopened = await sb.update(w.lp, id, { status: 'confirmed' });
    assert.equal(reopened.status, 'confirmed');
    assert.ok(!(await slots('b', '2026-06-08')).includes(AT('2026-06-08T14:00:00')), 'reopening occupies again');

    const replaced = await sb.update(w.lp, id, { items: [{ id: color.calendar.id, staffId: B }], title: 'Color only' });
    assert.deepEqual(replaced.items.map((i) => [i.serviceId, i.staffId, new Date(i.start).toISOString()]), [[color.calendar.id, B, '2026-06-08T17:00:00.000Z']]);
    assert.equal(replaced.booking.title, 'Color only');
    assert.equal(replaced.booking.calendarId, color.calendar.id);
    assert.ok((await slots('a', '2026-06-08')).includes(AT('2026-06-08T13:00:00')), 'A no longer has a part');
    assert.equal((await sb.update(w.lp, id, { status: 'completed' })).status, 'completed');
    assert.equal(await overlappingBusyPairs(w.t), 0);
  });

  it('lists by range and service location; deleting frees the time and hides it', async () => {
    const salon = await w.t.app.services.serviceLocations.create(w.lp, { name: 'Salon', slug: 'salon', address: '1 Main St' });
    const home = await w.t.app.services.serviceLocations.create(w.lp, { name: 'Home', slug: 'home', type: 'ask_booker', address: 'Where you are' });
    const atSalon = await sb.create(w.lp, { ...base('2026-06-09T10:00:00'), items: [{ id: cut.calendar.id }], meetingLocation: 'ignored' });
    assert.equal(atSalon.serviceLocationId, salon.id, 'the default service location: the oldest');
    assert.equal(atSalon.meetingLocation, null);
    assert.deepEqual(atSalon.booking.meetingLocation, { kind: 'physical', value: '1 Main St' });
    await assert.rejects(sb.create(w.lp, { ...base('2026-06-09T11:00:00'), items: [{ id: cut.calendar.id }], serviceLocationId: home.id }), ValidationError, 'ask_booker needs meetingLocation');
    const atHome = await sb.create(w.lp, { ...base('2026-06-09T11:00:00'), items: [{ id: cut.calendar.id }], serviceLocationId: home.id, meetingLocation: '5 Elm St' });
    assert.equal(atHome.meetingLocation, '5 Elm St');
    await assert.rejects(sb.update(w.lp, atSalon.booking.id, { serviceLocationId: home.id }), ValidationError);
    assert.equal((await sb.update(w.lp, atSalon.booking.id, { serviceLocationId: home.id, meetingLocation: 'Office' })).meetingLocation, 'Office');

    const from = Date.parse(AT('2026-06-09T00:00:00'));
    const to = from + 86_400_000;
    assert.deepEqual((await sb.list(w.lp, { from, to })).map((b) => b.booking.id), [atSalon.booking.id, atHome.booking.id]);
    assert.deepEqual((await sb.list(w.lp, { from, to, serviceLocationId: home.id })).map((b) => b.booking.id), [atSalon.booking.id, atHome.booking.id]);
    assert.deepEqual((await sb.list(w.lp, { from, to, serviceLocationId: salon.id })).map((b) => b.booking.id), []);
    assert.deepEqual((await sb.list(w.lp, { from: to, to: to + 86_400_000 })).map((b) => b.booking.id), []);

    await sb.delete(w.lp, atHome.booking.id);
    await assert.rejects(sb.get(w.lp, atHome.booking.id), NotFoundError);
    assert.ok((await slots('a', '2026-06-09')).includes(AT('2026-06-09T11:00:00')));
    assert.deepEqual((await sb.list(w.lp, { from, to })).map((b) => b.booking.id), [atSalon.booking.id]);
    // An ordinary appointment is not a service booking.
    const plain = await w.bookings.create(w.lp, { calendarId: own.c!.id, start: AT('2026-06-09T09:00:00'), contactId: w.contact });
    await assert.rejects(sb.get(w.lp, plain.booking.id), (e: unknown) => e instanceof NotFoundError && e.entity === 'Service booking');
  });
});
