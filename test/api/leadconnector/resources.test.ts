import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GHLValidationError, HighLevel } from '@gohighlevel/api-client';
import { SPEC_TESTS, startLcServer, type LcServer } from '../../helpers/leadconnector.ts';

// TEST_NOW = 2026-06-01T12:00Z (Monday 08:00 New York).
const DAY_START = Date.parse('2026-06-02T04:00:00Z'); // Tuesday 2026-06-02 00:00 New York
const DAY_END = Date.parse('2026-06-03T03:59:59.999Z');
const WORKDAY = [{ start: '09:00', end: '17:00' }];

describe('LeadConnector dialect: calendar resources (equipments, rooms)', SPEC_TESTS, () => {
  let t: LcServer;
  let loc: string;
  let calendar: string;
  const equipment = (extra: Record<string, unknown> = {}) => ({
    locationId: loc, name: 'Massage table', description: 'Foldable', quantity: 3, outOfService: 1, capacity: 0, calendarIds: [calendar], ...extra,
  });
  const counts = async () => {
    const db = t.app.store.db;
    const [resources, mappings] = await Promise.all([
      db.selectFrom('resources').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      db.selectFrom('calendar_resources').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return [Number(resources.n), Number(mappings.n)];
  };

  before(async () => {
    t = await startLcServer();
    loc = t.demo.location.id;
    calendar = t.demo.calendar.id;
  });
  after(() => t.close());

  it('creates (201), reads, lists, updates and deletes, every answer as the spec has it', async () => {
    const created = await t.checked('POST', '/calendars/resources/equipments', { body: equipment() });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual(created.problems, []);
    const id = created.body.id;
    assert.deepEqual(created.body, {
      id, _id: id, locationId: loc, name: 'Massage table', resourceType: 'equipments', isActive: true, description: 'Foldable',
      quantity: 3, outOfService: 1, capacity: 0, calendarIds: [calendar],
    });
    const room = await t.checked('POST', '/calendars/resources/rooms', { body: { locationId: loc, name: 'Studio', description: '', quantity: 0, outOfService: 0, capacity: 12, calendarIds: [] } });
    assert.equal(room.status, 201);
    assert.deepEqual(room.problems, []);
    assert.equal(room.body.resourceType, 'rooms');

    const read = await t.checked('GET', `/calendars/resources/equipments/${id}`);
    assert.equal(read.status, 200);
    assert.deepEqual(read.problems, []);
    assert.deepEqual(read.body, created.body);

    const list = await t.checked('GET', `/calendars/resources/equipments?locationId=${loc}&limit=10&skip=0`);
    assert.equal(list.status, 200);
    assert.deepEqual(list.problems, []);
    assert.deepEqual(list.body.map((r: { id: string }) => r.id), [id]);
    assert.deepEqual((await t.lc('GET', `/calendars/resources/rooms?locationId=${loc}&limit=10&skip=1`)).body, []);

    const updated = await t.checked('PUT', `/calendars/resources/equipments/${id}`, { body: { name: 'Table', outOfService: 0, isActive: false, calendarIds: [] } });
    assert.equal(updated.status, 200, JSON.stringify(updated.body));
    assert.deepEqual(updated.problems, []);
    assert.deepEqual([updated.body.name, updated.body.outOfService, updated.body.isActive, updated.body.quantity, updated.body.calendarIds], ['Table', 0, false, 3, []]);

    const deleted = await t.checked('DELETE', `/calendars/resources/equipments/${id}`);
    assert.equal(deleted.status, 200);
    assert.deepEqual(deleted.problems, []);
    assert.deepEqual(deleted.body, { success: true });
    const gone = await t.checked('GET', `/calendars/resources/equipments/${id}`);
    assert.equal(gone.status, 400);
    assert.deepEqual(gone.problems, []);
    assert.equal((await t.lc('GET', `/calendars/resources/rooms/${id}`)).status, 400, 'an id is found only under its own resourceType');
  });

  it('works through the official SDK', async () => {
    const ghl = new HighLevel({ privateIntegrationToken: t.key, logLevel: 'none' });
    const http = ghl.getHttpClient();
    http.defaults.baseURL = t.url;
    http.defaults.proxy = false; // never route 127.0.0.1 through an environment proxy
    const created = await ghl.calendars.createCalendarResource({ resourceType: 'rooms' }, { locationId: loc, name: 'SDK room', description: 'Upstairs', quantity: 0, outOfService: 0, capacity: 6, calendarIds: [calendar] });
    const id = (created as { id?: string }).id!;
    const listed = await ghl.calendars.fetchCalendarResources({ resourceType: 'rooms', locationId: loc, limit: 100, skip: 0 });
    assert.ok(listed.some((r) => (r as { id?: string }).id === id));
    const updated = await ghl.calendars.updateCalendarResource({ resourceType: 'rooms', id }, { capacity: 8 });
    assert.equal(updated.capacity, 8);
    assert.equal((await ghl.calendars.getCalendarResource({ resourceType: 'rooms', id })).name, 'SDK room');
    assert.deepEqual(await ghl.calendars.deleteCalendarResource({ resourceType: 'rooms', id }), { success: true });
    await assert.rejects(ghl.calendars.getCalendarResource({ resourceType: 'rooms', id }), (e: unknown) => e instanceof GHLValidationError && e.statusCode === 400);
  });

  it('a fully used piece of equipment removes the slot from free slots and refuses the appointment', async () => {
    const admin = await t.app.services.apiKeys.authenticate(t.demo.adminKey.secret);
    const second = await t.app.services.users.create(admin, { locationId: loc, firstName: 'Sam', lastName: 'Second', email: 'sam.second@example.com', timeZone: 'America/New_York' });
    await t.app.services.schedules.create(admin, { userId: second.id, weeklyHours: { tuesday: WORKDAY } });
    const team = await t.lc('POST', '/calendars/', {
      body: { locationId: loc, name: 'Massage', calendarType: 'round_robin', teamMembers: [{ userId: t.demo.host.id }, { userId: second.id }], slotDuration: 60, slotDurationUnit: 'mins' },
    });
    assert.equal(team.status, 200, JSON.stringify(team.body));
    const teamId = team.body.calendar.id;
    const table = await t.lc('POST', '/calendars/resources/equipments', { body: equipment({ quantity: 1, outOfService: 0, calendarIds: [teamId] }) });
    assert.equal(table.status, 201, JSON.stringify(table.body));

    const slots = () => t.lc('GET', `/calendars/${teamId}/free-slots?startDate=${DAY_START}&endDate=${DAY_END}&timezone=America/New_York`).then((r) => r.body['2026-06-02']?.slots ?? []);
    assert.ok((await slots()).includes('2026-06-02T10:00:00-04:00'));
    const book = () =>
      t.checked('POST', '/calendars/events/appointments', { body: { locationId: loc, calendarId: teamId, contactId: t.demo.contact.id, startTime: '2026-06-02T10:00:00-04:00' } });
    const first = await book();
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.ok(!(await slots()).includes('2026-06-02T10:00:00-04:00'), 'both hosts are free, the only table is not');
    const refused = await book();
    assert.equal(refused.status, 400);
    assert.deepEqual(refused.problems, []);
    const event = await t.checked('GET', `/calendars/events/appointments/${first.body.id}`);
    assert.deepEqual(event.problems, []);
    assert.deepEqual(event.body.event.assignedResources, [table.body.id], 'the event names the table it holds');

    // Deleting the appointment gives the table back.
    assert.equal((await t.lc('DELETE', `/calendars/events/${first.body.id}`)).status, 201);
    assert.ok((await slots()).includes('2026-06-02T10:00:00-04:00'));
  });

  it('a class in a room smaller than its seats offers only the places the room has left', async () => {
    const yoga = await t.request('POST', '/v1/calendars', { body: { locationId: loc, name: 'Big class', kind: 'class', hosts: [{ userId: t.demo.host.id }], seatsPerSlot: 10, durations: [60] } });
    const studio = await t.lc('POST', '/calendars/resources/rooms', { body: { locationId: loc, name: 'Small studio', description: '', quantity: 0, outOfService: 0, capacity: 4, calendarIds: [yoga.body.id] } });
    assert.equal(studio.status, 201, JSON.stringify(studio.body));
    const booked = await t.request('POST', '/v1/bookings', { body: { calendarId: yoga.body.id, start: '2026-06-03T09:00:00-04:00', contactId: t.demo.contact.id, seats: 3 } });
    assert.equal(booked.status, 201, JSON.stringify(booked.body));
    const slots = await t.request('GET', `/v1/calendars/${yoga.body.id}/slots?start=2026-06-03&end=2026-06-03`);
    assert.deepEqual(slots.body.slots['2026-06-03'][0], { start: '2026-06-03T09:00:00-04:00', hostIds: [t.demo.host.id], remainingSeats: 1 }, '10 seats, 3 taken, but the room holds 4');
    assert.equal(slots.body.slots['2026-06-03'][1].remainingSeats, 4);
    const two = await t.request('POST', '/v1/bookings', { body: { calendarId: yoga.body.id, start: '2026-06-03T09:00:00-04:00', contactId: t.demo.contact.id, seats: 2 } });
    assert.equal(two.status, 409, 'what the answer said');
  });

  it('refuses bad input with 400 in HighLevel’s format and writes nothing', async () => {
    const before = await counts();
    const missing = await t.checked('POST', '/calendars/resources/equipments', { body: { ...equipment(), name: undefined } });
    assert.equal(missing.status, 400);
    assert.deepEqual(missing.problems, []);
    assert.deepEqual(missing.body, { statusCode: 400, message: 'name should not be empty' });
    const badType = await t.checked('POST', '/calendars/resources/tools', { body: equipment() });
    assert.equal(badType.status, 400);
    assert.deepEqual(badType.body, { statusCode: 400, message: 'resourceType must be one of the following values: equipments, rooms' });
    for (const body of [
      equipment({ quantity: 'three' }),
      equipment({ quantity: -1 }),
      equipment({ outOfService: 5 }),
      equipment({ calendarIds: 'x' }),
      equipment({ calendarIds: [calendar, (await t.app.services.calendars.create(await t.app.services.apiKeys.authenticate(t.key), { name: 'Other', kind: 'event' })).id] }),
      equipment({ calendarIds: ['AAAAAAAAAAAAAAAAAAAA'] }),
    ]) {
      const res = await t.checked('POST', '/calendars/resources/equipments', { body });
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.deepEqual(res.problems, []);
    }
    const list = await t.checked('GET', `/calendars/resources/rooms?locationId=${loc}`);
    assert.equal(list.status, 400, 'limit and skip are required');
    assert.deepEqual(list.problems, []);

    const room = await t.lc('POST', '/calendars/resources/rooms', { body: { ...equipment(), name: 'Kept', calendarIds: [] } });
    const after = await counts();
    for (const body of [{ capacity: 'big' }, { name: '' }, { calendarIds: ['AAAAAAAAAAAAAAAAAAAA'] }, { isActive: 'yes' }]) {
      const res = await t.checked('PUT', `/calendars/resources/rooms/${room.body.id}`, { body });
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.deepEqual(res.problems, []);
    }
    assert.deepEqual(await counts(), after);
    assert.equal((await t.lc('GET', `/calendars/resources/rooms/${room.body.id}`)).body.name, 'Kept');
    assert.deepEqual(after, [before[0]! + 1, before[1]!], 'only the one valid room was written');
  });

  it('answers 403 for another location’s locationId, calendars and resources; 401 without the scope', async () => {
    const other = await t.request('POST', '/v1/locations', { body: { name: 'Elsewhere', timeZone: 'UTC' } });
    const theirCalendar = await t.request('POST', '/v1/calendars', { body: { locationId: other.body.id, name: 'Theirs', kind: 'event' } });
    const forbidden = await t.checked('POST', '/calendars/resources/rooms', { body: equipment({ locationId: other.body.id }) });
    assert.equal(forbidden.status, 403);
    assert.deepEqual(forbidden.body, { statusCode: 403, message: 'The token does not have access to this location', error: 'Forbidden' });
    assert.equal((await t.lc('GET', `/calendars/resources/rooms?locationId=${other.body.id}&limit=10&skip=0`)).status, 403);
    assert.equal((await t.lc('POST', '/calendars/resources/rooms', { body: equipment({ calendarIds: [theirCalendar.body.id] }) })).status, 403);

    const admin = await t.app.services.apiKeys.authenticate(t.demo.adminKey.secret);
    const theirs = await t.app.services.resources.create(admin, 'room', { locationId: other.body.id, name: 'Their room', capacity: 4 });
    for (const [method, body] of [['GET', undefined], ['PUT', { name: 'Mine' }], ['DELETE', undefined]] as const) {
      assert.equal((await t.lc(method, `/calendars/resources/rooms/${theirs.id}`, { body })).status, 403, method);
    }
    const mine = await t.lc('POST', '/calendars/resources/rooms', { body: equipment({ calendarIds: [] }) });
    assert.equal((await t.lc('PUT', `/calendars/resources/rooms/${mine.body.id}`, { body: { calendarIds: [theirCalendar.body.id] } })).status, 403);
    assert.equal((await t.lc('PUT', `/calendars/resources/rooms/${mine.body.id}`, { body: { locationId: other.body.id } })).status, 403);
    assert.equal((await t.app.services.resources.get(admin, 'room', theirs.id)).name, 'Their room');

    const readOnly = await t.request('POST', '/v1/api-keys', { body: { name: 'ro', scopes: ['calendars/resources.readonly'], locationId: loc } });
    const denied = await t.checked('POST', '/calendars/resources/rooms', { key: readOnly.body.secret, body: equipment({ calendarIds: [] }) });
    assert.equal(denied.status, 401);
    assert.deepEqual(denied.problems, []);
    assert.equal((await t.lc('GET', `/calendars/resources/rooms?locationId=${loc}&limit=5&skip=0`, { key: readOnly.body.secret })).status, 200);
  });
});
