import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SPEC_TESTS, startLcServer, type LcServer } from '../../helpers/leadconnector.ts';
import { servicesSetup, type ServicesSetup } from '../../helpers/lc-services.ts';

const v3 = { version: 'v3' };
const AT = (local: string) => `${local}-04:00`;

describe('LeadConnector dialect: v3 service bookings', SPEC_TESTS, () => {
  let t: LcServer;
  let s: ServicesSetup;
  let loc: string;
  let contact: string;
  let cut: string, color: string;
  let ownB: string;
  before(async () => {
    t = await startLcServer();
    s = await servicesSetup(t);
    loc = t.demo.location.id;
    contact = t.demo.contact.id;
    const create = async (body: Record<string, unknown>) => (await t.lc('POST', '/calendars/services/catalog', { ...v3, body: { locationId: loc, ...body } })).body.service.id as string;
    cut = await create({ name: 'Cut', slug: 'cut', staff: [{ id: s.staff[0] }], serviceDuration: 30 });
    color = await create({ name: 'Color', slug: 'color', staff: [{ id: s.staff[1] }], serviceDuration: 60 });
    ownB = (await t.app.services.calendars.create(s.admin, { locationId: loc, name: 'Own B', kind: 'personal', hosts: [{ userId: s.staff[1]! }] })).id;
  });
  after(() => t.close());

  const booking = (start: string, services: unknown[], extra: Record<string, unknown> = {}) => ({
    // The end a client computed; Slotbase computes its own from the services (it wins).
    locationId: loc, contactId: contact, startTime: AT(start), endTime: new Date(Date.parse(AT(start)) + 3_600_000).toISOString(), timezone: 'America/New_York', services, ...extra,
  });
  const rows = async () => {
    const db = t.app.store.db;
    const n = async (table: 'bookings' | 'booking_services' | 'host_busy') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    return { bookings: await n('bookings'), items: await n('booking_services'), busy: await n('host_busy') };
  };
  const slotsOfB = async (date: string): Promise<string[]> => {
    const from = Date.parse(`${date}T00:00:00-04:00`);
    const res = await t.lc('GET', `/calendars/${ownB}/free-slots?startDate=${from}&endDate=${from + 86_399_999}&timezone=America/New_York`);
    return res.body[date]?.slots ?? [];
  };

  it('books two services back to back on two staff members, reads, lists, updates and deletes, as the spec says', async () => {
    const created = await t.checked('POST', '/calendars/services/bookings', { ...v3, body: booking('2026-06-02T10:00:00', [{ id: cut }, { id: color }], { title: 'Makeover' }) });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual(created.problems, []);
    const id = created.body.bookingId;
    assert.deepEqual({ ...created.body, bookingId: undefined, dateAdded: undefined, dateUpdated: undefined }, {
      bookingId: undefined, dateAdded: undefined, dateUpdated: undefined,
      locationId: loc, contactId: contact, serviceLocationId: '', title: 'Makeover',
      startTime: '2026-06-02T10:00:00-04:00', endTime: '2026-06-02T11:30:00-04:00',
      services: [
        { id: cut, serviceCategoryId: '', serviceStaffId: s.staff[0], serviceStartTime: '2026-06-02T10:00:00-04:00', serviceEndTime: '2026-06-02T10:30:00-04:00', serviceResources: [], serviceAddOns: [] },
        { id: color, serviceCategoryId: '', serviceStaffId: s.staff[1], serviceStartTime: '2026-06-02T10:30:00-04:00', serviceEndTime: '2026-06-02T11:30:00-04:00', serviceResources: [], serviceAddOns: [] },
      ],
      timezone: 'America/New_York', status: 'confirmed', deleted: false, createdBy: { source: 'third_party' },
    });

    // The staff's time is taken everywhere: free slots go, an overlapping appointment is refused.
    const slots = await slotsOfB('2026-06-02');
    assert.ok(slots.includes('2026-06-02T10:00:00-04:00') && !slots.includes('2026-06-02T10:30:00-04:00') && !slots.includes('2026-06-02T11:00:00-04:00'));
    const clash = await t.lc('POST', '/calendars/events/appointments', { body: { calendarId: ownB, locationId: loc, contactId: contact, startTime: '2026-06-02T11:00:00-04:00' } });
    assert.equal(clash.status, 400);

    const read = await t.checked('GET', `/calendars/services/bookings/${id}`, v3);
    assert.equal(read.status, 200);
    assert.deepEqual(read.problems, []);
    assert.deepEqual(read.body, created.body);

    const from = Date.parse('2026-06-02T00:00:00Z');
    const list = await t.checked('GET', `/calendars/services/bookings?locationId=${loc}&startTime=${from}&endTime=${from + 86_400_000}&timezone=Europe/Berlin`, v3);
    assert.equal(list.status, 200);
    assert.deepEqual(list.problems, []);
    assert.deepEqual(list.body.bookings.map((b: { bookingId: string; startTime: string }) => [b.bookingId, b.startTime]), [[id, '2026-06-02T16:00:00+02:00']]);

    const cancelled = await t.checked('PUT', `/calendars/services/bookings/${id}`, { ...v3, body: { status: 'cancelled' } });
    assert.equal(cancelled.status, 200);
    assert.deepEqual(cancelled.problems, []);
    assert.equal(cancelled.body.status, 'cancelled');
    assert.ok((await slotsOfB('2026-06-02')).includes('2026-06-02T10:30:00-04:00'), 'cancelling frees the time');

    const moved = await t.checked('PUT', `/calendars/services/bookings/${id}`, {
      ...v3,
      body: { status: 'confirmed', startTime: AT('2026-06-02T13:00:00'), endTime: AT('2026-06-02T14:30:00'), services: [{ id: color, staffId: s.staff[1] }, { id: cut }], title: 'Color first' },
    });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.deepEqual(moved.problems, []);
    assert.deepEqual(moved.body.services.map((x: { id: string; serviceStartTime: string }) => [x.id, x.serviceStartTime]), [[color, '2026-06-02T13:00:00-04:00'], [cut, '2026-06-02T14:00:00-04:00']]);
    assert.equal(moved.body.title, 'Color first');
    assert.ok(!(await slotsOfB('2026-06-02')).includes('2026-06-02T13:30:00-04:00'));
    const asAppointment = await t.checked('PUT', `/calendars/events/appointments/${id}`, { body: { startTime: AT('2026-06-02T15:00:00') } });
    assert.equal(asAppointment.status, 400, 'a service booking is not moved as one appointment');
    assert.deepEqual(asAppointment.problems, []);
    assert.equal((await t.lc('GET', `/calendars/services/bookings/${id}`, v3)).body.startTime, '2026-06-02T13:00:00-04:00');

    for (const status of ['showed', 'no_show', 'invalid', 'new']) {
      const res = await t.checked('PUT', `/calendars/services/bookings/${id}`, { ...v3, body: { status } });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(res.problems, []);
      assert.equal(res.body.status, status);
    }

    const deleted = await t.checked('DELETE', `/calendars/services/bookings/${id}`, v3);
    assert.equal(deleted.status, 200);
    assert.deepEqual(deleted.problems, []);
    assert.deepEqual(deleted.body, { success: true, message: 'Service booking deleted successfully' });
    assert.equal((await t.checked('GET', `/calendars/services/bookings/${id}`, v3)).status, 400);
    assert.ok((await slotsOfB('2026-06-02')).includes('2026-06-02T13:30:00-04:00'), 'deleting frees the time');
  });

  it('add-ons lengthen a service; a variation books its own duration and reads back by its id', async () => {
    const styled = (await t.lc('POST', '/calendars/services/catalog', { ...v3, body: { locationId: loc, name: 'Style', slug: 'style', staff: [{ id: s.staff[1] }], variations: [{ name: 'Quick', serviceDuration: 15 }] } })).body.service;
    const res = await t.checked('POST', '/calendars/services/bookings', {
      ...v3,
      body: booking('2026-06-03T09:00:00', [{ id: color, addOns: [{ id: 'gloss', quantity: 2, duration: 15 }] }, { id: styled.variations[0].id }], { status: 'new' }),
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.deepEqual(res.problems, []);
    assert.equal(res.body.status, 'new');
    assert.deepEqual(res.body.services.map((x: { id: string; serviceEndTime: string; serviceAddOns: unknown }) => [x.id, x.serviceEndTime, x.serviceAddOns]), [
      [color, '2026-06-03T10:30:00-04:00', [{ id: 'gloss', quantity: 2 }]],
      [styled.variations[0].id, '2026-06-03T10:45:00-04:00', []],
    ]);
    assert.equal(res.body.endTime, '2026-06-03T10:45:00-04:00', 'the end is computed from the services');
  });

  it('is all or nothing, honours the query flags, and asks for a meeting location where the location asks the booker', async () => {
    await t.lc('POST', '/calendars/events/appointments', { body: { calendarId: ownB, locationId: loc, contactId: contact, startTime: '2026-06-04T10:30:00-04:00' } });
    const before = await rows();
    const refused = await t.checked('POST', '/calendars/services/bookings', { ...v3, body: booking('2026-06-04T10:00:00', [{ id: cut }, { id: color }]) });
    assert.equal(refused.status, 400);
    assert.deepEqual(refused.problems, []);
    assert.match(refused.body.message, /no longer available/);
    assert.deepEqual(await rows(), before);

    const saturday = booking('2026-06-06T10:00:00', [{ id: cut }]);
    assert.equal((await t.lc('POST', '/calendars/services/bookings', { ...v3, body: saturday })).status, 400);
    const forced = await t.checked('POST', '/calendars/services/bookings?overrideAvailability=true', { ...v3, body: saturday });
    assert.equal(forced.status, 201);
    assert.deepEqual(forced.problems, []);
    const soon = booking('2026-06-01T09:00:00', [{ id: cut }]);
    await t.app.services.calendars.update(s.admin, cut, { minimumNotice: { amount: 2, unit: 'hours' } });
    assert.equal((await t.lc('POST', '/calendars/services/bookings', { ...v3, body: soon })).status, 400, 'within the minimum notice');
    assert.equal((await t.lc('POST', '/calendars/services/bookings?skipSchedulingNotice=true', { ...v3, body: soon })).status, 201);

    const home = (await t.lc('POST', '/calendars/services/locations', { ...v3, body: { locationId: loc, name: 'Home visit', slug: 'home', locationType: 'ask_booker' } })).body.id;
    const atHome = booking('2026-06-05T10:00:00', [{ id: cut }], { serviceLocationId: home });
    const missing = await t.checked('POST', '/calendars/services/bookings', { ...v3, body: atHome });
    assert.equal(missing.status, 400);
    assert.deepEqual(missing.problems, []);
    const given = await t.checked('POST', '/calendars/services/bookings', { ...v3, body: { ...atHome, meetingLocation: '5 Elm St' } });
    assert.equal(given.status, 201);
    assert.deepEqual(given.problems, []);
    assert.deepEqual([given.body.serviceLocationId, given.body.meetingLocation], [home, '5 Elm St']);
    const list = await t.checked('GET', `/calendars/services/bookings?locationId=${loc}&startTime=${Date.parse('2026-06-05T00:00:00Z')}&endTime=${Date.parse('2026-06-06T00:00:00Z')}&serviceLocationId=${home}`, v3);
    assert.deepEqual(list.problems, []);
    assert.deepEqual(list.body.bookings.map((b: { bookingId: string }) => b.bookingId), [given.body.bookingId]);
  });

  it('refuses bad input with 400 and writes nothing; another location’s ids answer 403', async () => {
    // The location's default service location (its only one) asks the booker where to meet.
    const ok = booking('2026-06-09T10:00:00', [{ id: cut }], { meetingLocation: 'Front desk' });
    const mine = (await t.lc('POST', '/calendars/services/bookings', { ...v3, body: booking('2026-06-09T14:00:00', [{ id: cut }], { meetingLocation: 'Front desk' }) })).body;
    const before = await rows();
    const bad: Array<[string, Record<string, unknown>]> = [
      ['no services', { ...ok, services: undefined }],
      ['empty services', { ...ok, services: [] }],
      ['service without id', { ...ok, services: [{ staffId: s.staff[0] }] }],
      ['status not for a new booking', { ...ok, status: 'cancelled' }],
      ['unknown time zone', { ...ok, timezone: 'Mars/Olympus' }],
      ['not a time', { ...ok, startTime: 'tomorrow' }],
      ['end before start', { ...ok, endTime: AT('2026-06-09T09:00:00') }],
      ['staff of another service', { ...ok, services: [{ id: cut, staffId: s.staff[1] }] }],
      ['unknown service', { ...ok, services: [{ id: 'AAAAAAAAAAAAAAAAAAAA' }] }],
      ['unknown contact', { ...ok, contactId: 'AAAAAAAAAAAAAAAAAAAA' }],
      ['add-on quantity 0', { ...ok, services: [{ id: cut, addOns: [{ id: 'x', quantity: 0 }] }] }],
      ['add-ons past a day', { ...ok, services: [{ id: cut, addOns: [{ id: 'x', quantity: 1e9, duration: 1e9 }] }] }],
      ['add-ons adding up past a day', { ...ok, services: [{ id: cut, addOns: [{ id: 'x', quantity: 100, duration: 60 }] }] }],
    ];
    for (const [label, body] of bad) {
      const res = await t.checked('POST', '/calendars/services/bookings', { ...v3, body });
      assert.equal(res.status, 400, `${label}: ${JSON.stringify(res.body)}`);
      assert.deepEqual(res.problems, [], label);
    }
    const badUpdate = await t.checked('PUT', `/calendars/services/bookings/${mine.bookingId}`, { ...v3, body: { status: 'gone', title: 'x' } });
    assert.equal(badUpdate.status, 400);
    assert.deepEqual(badUpdate.problems, []);

    const forbidden: Array<[string, string, string, unknown?]> = [
      ['locationId', 'POST', '/calendars/services/bookings', { ...ok, locationId: s.other.locationId }],
      ['contactId', 'POST', '/calendars/services/bookings', { ...ok, contactId: s.other.contactId }],
      ['service id', 'POST', '/calendars/services/bookings', { ...ok, services: [{ id: s.other.serviceId }] }],
      ['staffId', 'POST', '/calendars/services/bookings', { ...ok, services: [{ id: cut, staffId: s.other.userId }] }],
      ['serviceLocationId', 'POST', '/calendars/services/bookings', { ...ok, serviceLocationId: s.other.serviceLocationId }],
      ['serviceLocationId on update', 'PUT', `/calendars/services/bookings/${mine.bookingId}`, { serviceLocationId: s.other.serviceLocationId }],
      ['list locationId', 'GET', `/calendars/services/bookings?locationId=${s.other.locationId}&startTime=0&endTime=1`],
    ];
    for (const [label, method, url, body] of forbidden) {
      const res = await t.lc(method, url, { ...v3, body });
      assert.equal(res.status, 403, `${label}: ${JSON.stringify(res.body)}`);
    }
    assert.deepEqual(await rows(), before);
    assert.deepEqual((await t.lc('GET', `/calendars/services/bookings/${mine.bookingId}`, v3)).body, mine);

    const theirs = await t.app.services.serviceBookings.create(
      s.admin,
      { locationId: s.other.locationId, contactId: s.other.contactId, start: '2026-06-09T14:00:00Z', timeZone: 'UTC', items: [{ id: s.other.serviceId }] },
      { override: true },
    );
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const res = await t.lc(method, `/calendars/services/bookings/${theirs.booking.id}`, { ...v3, body: method === 'PUT' ? { title: 'Mine' } : undefined });
      assert.equal(res.status, 403, method);
    }
    assert.equal((await t.app.services.serviceBookings.get(s.admin, theirs.booking.id)).booking.title, 'Theirs');
  });
});
