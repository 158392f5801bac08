import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SCOPES } from '../../../src/services/scopes.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';

// TEST_NOW = 2026-06-01T12:00Z; the demo host works Mon–Fri 09–12 and 13–17 New York time.
describe('native API: rooms and equipment', () => {
  let t: TestServer;
  let loc: string;
  before(async () => {
    t = await startTestServer();
    loc = t.demo.location.id;
  });
  after(() => t.close());

  it('creates, reads, lists, updates and deletes rooms and equipment, each under its own path', async () => {
    const room = await t.request('POST', '/v1/rooms', { body: { locationId: loc, name: 'Studio A', capacity: 6 } });
    assert.equal(room.status, 201, JSON.stringify(room.body));
    assert.equal(room.body.kind, 'room');
    assert.equal(room.body.capacity, 6);
    assert.deepEqual(room.body.calendarIds, []);
    const table = await t.request('POST', '/v1/equipment', { body: { locationId: loc, name: 'Massage table', quantity: 3, outOfService: 1 } });
    assert.equal(table.status, 201, JSON.stringify(table.body));
    assert.deepEqual([table.body.kind, table.body.quantity, table.body.outOfService], ['equipment', 3, 1]);

    assert.deepEqual((await t.request('GET', `/v1/rooms/${room.body.id}`)).body, room.body);
    assert.equal((await t.request('GET', `/v1/equipment/${room.body.id}`)).status, 404, 'a room is not equipment');
    const rooms = await t.request('GET', '/v1/rooms');
    assert.deepEqual(rooms.body.data.map((r: { id: string }) => r.id), [room.body.id]);

    const patched = await t.request('PATCH', `/v1/rooms/${room.body.id}`, { body: { capacity: 8, calendarIds: [t.demo.calendar.id] } });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.deepEqual([patched.body.capacity, patched.body.calendarIds], [8, [t.demo.calendar.id]]);
    assert.equal((await t.request('DELETE', `/v1/equipment/${table.body.id}`)).status, 204);
    assert.equal((await t.request('GET', `/v1/equipment/${table.body.id}`)).status, 404);
    assert.equal((await t.request('DELETE', `/v1/rooms/${room.body.id}`)).status, 204);
  });

  it('refuses bad input naming the field, writing nothing, and keeps tenants apart', async () => {
    const cases: Array<[string, Record<string, unknown>, number, string]> = [
      ['/v1/equipment', { name: 'Broken', quantity: 1, outOfService: 2 }, 422, 'outOfService'],
      ['/v1/rooms', { name: 'Unknown calendar', capacity: 2, calendarIds: ['AAAAAAAAAAAAAAAAAAAA'] }, 422, 'calendarIds'],
      ['/v1/rooms', { name: 'No capacity' }, 400, 'capacity'],
      ['/v1/rooms', { name: 'Negative', capacity: -1 }, 400, 'capacity'],
      ['/v1/equipment', { name: 'Room field', quantity: 1, capacity: 3 }, 400, 'capacity'],
    ];
    for (const [path, body, status, field] of cases) {
      const res = await t.request('POST', path, { body: { locationId: loc, ...body } });
      assert.equal(res.status, status, `${path} ${JSON.stringify(body)} → ${JSON.stringify(res.body)}`);
      assert.ok(res.body.error.details.some((d: { field: string }) => d.field.startsWith(field)), `${JSON.stringify(res.body)} names ${field}`);
    }
    assert.equal((await t.request('GET', '/v1/rooms')).body.pagination.total, 0);
    assert.equal((await t.request('GET', '/v1/equipment')).body.pagination.total, 0);

    const other = await t.request('POST', '/v1/locations', { body: { name: 'Elsewhere', timeZone: 'UTC' } });
    const keyB = (await t.request('POST', '/v1/api-keys', { body: { name: 'B', scopes: [...SCOPES], locationId: other.body.id } })).body.secret;
    const mine = await t.request('POST', '/v1/rooms', { body: { locationId: loc, name: 'Mine', capacity: 2 } });
    assert.equal((await t.request('GET', `/v1/rooms/${mine.body.id}`, { key: keyB })).status, 404);
    assert.equal((await t.request('PATCH', `/v1/rooms/${mine.body.id}`, { key: keyB, body: { capacity: 9 } })).status, 404);
    assert.equal((await t.request('GET', '/v1/rooms', { key: keyB })).body.pagination.total, 0);
    const theirs = await t.request('POST', '/v1/rooms', { key: keyB, body: { name: 'Theirs', capacity: 2, calendarIds: [t.demo.calendar.id] } });
    assert.equal(theirs.status, 422, 'another location’s calendar is not one of its own');
    await t.request('DELETE', `/v1/rooms/${mine.body.id}`);
  });

  it('a booking takes the equipment its calendar needs: the slot closes when none is left, and the booking says what it holds', async () => {
    const table = await t.request('POST', '/v1/equipment', { body: { locationId: loc, name: 'Only table', quantity: 1, calendarIds: [t.demo.calendar.id] } });
    assert.equal(table.status, 201, JSON.stringify(table.body));
    const booked = await t.request('POST', '/v1/bookings', { body: { calendarId: t.demo.calendar.id, start: '2026-06-04T10:00:00-04:00', contactId: t.demo.contact.id } });
    assert.equal(booked.status, 201, JSON.stringify(booked.body));
    assert.deepEqual(booked.body.resourceIds, [table.body.id]);
    const other = await t.request('POST', '/v1/calendars', { body: { locationId: loc, name: 'Same host', kind: 'personal', hosts: [{ userId: t.demo.host.id }] } });
    const slots = await t.request('GET', `/v1/calendars/${t.demo.calendar.id}/slots?start=2026-06-04&end=2026-06-04`);
    assert.ok(!slots.body.dates['2026-06-04'].includes('2026-06-04T10:00:00-04:00'));
    await t.request('POST', `/v1/bookings/${booked.body.id}/cancel`, { body: {} });
    const again = await t.request('GET', `/v1/calendars/${t.demo.calendar.id}/slots?start=2026-06-04&end=2026-06-04`);
    assert.ok(again.body.dates['2026-06-04'].includes('2026-06-04T10:00:00-04:00'), 'a cancelled booking gives the table back');
    await t.request('DELETE', `/v1/calendars/${other.body.id}`);
    await t.request('DELETE', `/v1/equipment/${table.body.id}`);
  });
});
