import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { NotFoundError, ValidationError } from '../../src/services/errors.ts';
import { createKeyForLocation } from '../../src/services/operator.ts';
import type { Principal } from '../../src/services/principal.ts';
import { SCOPES } from '../../src/services/scopes.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

describe('resources: rooms and equipment of a location', () => {
  let t: TestServer;
  let admin: Principal;
  let here: Principal;
  let elsewhere: Principal;
  let otherLocation: string;
  before(async () => {
    t = await startTestServer();
    admin = await t.app.services.apiKeys.authenticate(t.demo.adminKey.secret);
    const keyHere = await createKeyForLocation(t.app.services.ctx, { locationId: t.demo.location.id, name: 'here', scopes: [...SCOPES] });
    here = await t.app.services.apiKeys.authenticate(keyHere.secret);
    otherLocation = (await t.app.services.locations.create(admin, { name: 'Elsewhere', timeZone: 'UTC' })).id;
    const keyThere = await createKeyForLocation(t.app.services.ctx, { locationId: otherLocation, name: 'there', scopes: [...SCOPES] });
    elsewhere = await t.app.services.apiKeys.authenticate(keyThere.secret);
  });
  after(() => t.close());

  it('creates, reads, lists by kind with paging, updates and deletes', async () => {
    const resources = t.app.services.resources;
    const mats = await resources.create(here, 'equipment', { name: ' Yoga mats ', description: 'Blue', quantity: 12, outOfService: 2, calendarIds: [t.demo.calendar.id] });
    assert.equal(mats.name, 'Yoga mats');
    assert.equal(mats.kind, 'equipment');
    assert.equal(mats.active, true);
    assert.deepEqual([mats.quantity, mats.outOfService, mats.capacity], [12, 2, 0]);
    assert.deepEqual(mats.calendarIds, [t.demo.calendar.id]);
    assert.equal(mats.locationId, t.demo.location.id);

    const studio = await resources.create(here, 'room', { name: 'Studio', capacity: 20, calendarIds: [] });
    const hall = await resources.create(here, 'room', { name: 'Hall', capacity: 80 });
    const rooms = await resources.list(here, 'room', {}, { limit: 1, offset: 1 });
    assert.equal(rooms.total, 2);
    assert.deepEqual(rooms.items.map((r) => r.id), [hall.id]);
    assert.deepEqual((await resources.list(here, 'equipment', {}, { limit: 10, offset: 0 })).items.map((r) => r.id), [mats.id]);

    const updated = await resources.update(here, 'room', studio.id, { capacity: 25, active: false, calendarIds: [t.demo.calendar.id], extensions: { leadconnector: { color: 'red' } } });
    assert.deepEqual([updated.capacity, updated.active, updated.name], [25, false, 'Studio']);
    assert.deepEqual(updated.calendarIds, [t.demo.calendar.id]);
    assert.deepEqual((await resources.update(here, 'room', studio.id, { extensions: { other: 1 } })).extensions, { leadconnector: { color: 'red' }, other: 1 });
    assert.deepEqual((await resources.get(here, 'room', studio.id)).calendarIds, [t.demo.calendar.id]);

    await resources.delete(here, 'room', hall.id);
    await assert.rejects(resources.get(here, 'room', hall.id), NotFoundError);
    assert.equal((await resources.list(here, 'room', {}, { limit: 10, offset: 0 })).total, 1);
    await assert.rejects(resources.update(here, 'room', hall.id, { name: 'Back' }), NotFoundError);
  });

  it('a resource is found only under its own kind', async () => {
    const drill = await t.app.services.resources.create(here, 'equipment', { name: 'Drill', quantity: 1 });
    await assert.rejects(t.app.services.resources.get(here, 'room', drill.id), NotFoundError);
  });

  it('refuses counts that make no sense, several calendars for one piece of equipment, unknown calendars — writing nothing', async () => {
    const resources = t.app.services.resources;
    const before = (await resources.list(here, 'equipment', {}, { limit: 100, offset: 0 })).total;
    const field = (name: string) => (e: unknown) => e instanceof ValidationError && e.issues[0]!.field === name;
    await assert.rejects(resources.create(here, 'equipment', { name: 'Saw', quantity: 1, outOfService: 2 }), field('outOfService'));
    await assert.rejects(resources.create(here, 'equipment', { name: 'Saw', quantity: -1 }), field('quantity'));
    await assert.rejects(resources.create(here, 'equipment', { name: 'Saw', quantity: 1.5 }), field('quantity'));
    await assert.rejects(resources.create(here, 'equipment', { name: '  ', quantity: 1 }), field('name'));
    const second = await t.app.services.calendars.create(here, { name: 'Second', kind: 'personal', hosts: [{ userId: t.demo.host.id }] });
    await assert.rejects(resources.create(here, 'equipment', { name: 'Saw', quantity: 1, calendarIds: [t.demo.calendar.id, second.id] }), field('calendarIds'));
    await assert.rejects(resources.create(here, 'equipment', { name: 'Saw', quantity: 1, calendarIds: ['AAAAAAAAAAAAAAAAAAAA'] }), ValidationError);
    assert.equal((await resources.list(here, 'equipment', {}, { limit: 100, offset: 0 })).total, before);

    const saw = await resources.create(here, 'equipment', { name: 'Saw', quantity: 2, outOfService: 1 });
    await assert.rejects(resources.update(here, 'equipment', saw.id, { quantity: 0 }), field('outOfService'));
    await assert.rejects(resources.update(here, 'equipment', saw.id, { name: 'Saw 2', calendarIds: ['AAAAAAAAAAAAAAAAAAAA'] }), ValidationError);
    assert.equal((await resources.get(here, 'equipment', saw.id)).name, 'Saw', 'a failed update changes nothing');
  });

  it('a room serves several calendars; a deleted calendar drops out of calendarIds', async () => {
    const a = await t.app.services.calendars.create(here, { name: 'Room A', kind: 'personal', hosts: [{ userId: t.demo.host.id }] });
    const b = await t.app.services.calendars.create(here, { name: 'Room B', kind: 'personal', hosts: [{ userId: t.demo.host.id }] });
    const room = await t.app.services.resources.create(here, 'room', { name: 'Shared', capacity: 2, calendarIds: [a.id, b.id, a.id] });
    assert.deepEqual(room.calendarIds, [a.id, b.id]);
    await t.app.services.calendars.delete(here, b.id);
    assert.deepEqual((await t.app.services.resources.get(here, 'room', room.id)).calendarIds, [a.id]);
  });

  it('keeps tenants apart: another location neither sees nor maps them', async () => {
    const resources = t.app.services.resources;
    const mine = await resources.create(here, 'room', { name: 'Mine', capacity: 3 });
    await assert.rejects(resources.get(elsewhere, 'room', mine.id), NotFoundError);
    await assert.rejects(resources.update(elsewhere, 'room', mine.id, { name: 'Theirs' }), NotFoundError);
    await assert.rejects(resources.delete(elsewhere, 'room', mine.id), NotFoundError);
    assert.equal((await resources.list(elsewhere, 'room', {}, { limit: 100, offset: 0 })).total, 0);
    await assert.rejects(resources.create(elsewhere, 'room', { name: 'X', capacity: 1, calendarIds: [t.demo.calendar.id] }), ValidationError);
    await assert.rejects(resources.update(here, 'room', mine.id, { calendarIds: [(await t.app.services.calendars.create(elsewhere, { name: 'Far', kind: 'event' })).id] }), ValidationError);
    // An organization-wide key sees every location of its organization, one at a time.
    const theirs = await resources.create(admin, 'room', { locationId: otherLocation, name: 'Theirs', capacity: 1 });
    assert.deepEqual((await resources.list(admin, 'room', { locationId: otherLocation }, { limit: 10, offset: 0 })).items.map((r) => r.id), [theirs.id]);
  });
});
