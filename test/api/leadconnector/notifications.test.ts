import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SPEC_TESTS, startLcServer, type LcServer } from '../../helpers/leadconnector.ts';

describe('LeadConnector dialect: calendar notifications (stored and returned)', SPEC_TESTS, () => {
  let t: LcServer;
  let calendar: string;
  before(async () => {
    t = await startLcServer();
    calendar = t.demo.calendar.id;
  });
  after(() => t.close());

  it('creates several, lists, finds, updates and deletes', async () => {
    const created = await t.checked('POST', `/calendars/${calendar}/notifications`, {
      body: [
        { receiverType: 'contact', channel: 'email', notificationType: 'reminder', subject: 'Soon', body: 'See you', beforeTime: [{ timeOffset: 24, unit: 'hours' }] },
        { receiverType: 'assignedUser', channel: 'email', notificationType: 'booked', isActive: false },
      ],
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.deepEqual(created.problems, []);
    assert.equal(created.body.length, 2);
    const [reminder, booked] = created.body;
    assert.deepEqual(reminder.beforeTime, [{ timeOffset: 24, unit: 'hours' }]);
    assert.equal(booked.isActive, false);

    const list = await t.checked('GET', `/calendars/${calendar}/notifications`);
    assert.deepEqual(list.problems, []);
    assert.equal(list.body.length, 2);
    const active = await t.lc('GET', `/calendars/${calendar}/notifications?isActive=true`);
    assert.deepEqual(active.body.map((n: { _id: string }) => n._id), [reminder._id]);

    const found = await t.checked('GET', `/calendars/${calendar}/notifications/${reminder._id}`);
    assert.deepEqual(found.problems, []);
    assert.equal(found.body.subject, 'Soon');

    const updated = await t.checked('PUT', `/calendars/${calendar}/notifications/${reminder._id}`, { body: { subject: 'Tomorrow', isActive: false } });
    assert.equal(updated.status, 200);
    assert.deepEqual(updated.problems, []);
    const after = (await t.lc('GET', `/calendars/${calendar}/notifications/${reminder._id}`)).body;
    assert.equal(after.subject, 'Tomorrow');
    assert.equal(after.body, 'See you');
    assert.equal(after.isActive, false);

    const deleted = await t.checked('DELETE', `/calendars/${calendar}/notifications/${booked._id}`);
    assert.equal(deleted.status, 200);
    assert.deepEqual(deleted.problems, []);
    assert.equal((await t.lc('GET', `/calendars/${calendar}/notifications`)).body.length, 1);
    assert.equal((await t.lc('GET', `/calendars/${calendar}/notifications?deleted=true`)).body.length, 1);
  });

  it('refuses bad settings with 400, writes nothing, and answers 403 for another location’s calendar', async () => {
    const before = (await t.lc('GET', `/calendars/${calendar}/notifications`)).body.length;
    const bad = await t.checked('POST', `/calendars/${calendar}/notifications`, { body: [{ receiverType: 'contact', channel: 'pigeon', notificationType: 'booked' }] });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.problems, []);
    const mixed = await t.lc('POST', `/calendars/${calendar}/notifications`, { body: [{ receiverType: 'contact', channel: 'email', notificationType: 'booked' }, { channel: 'email' }] });
    assert.equal(mixed.status, 400);
    assert.equal((await t.lc('GET', `/calendars/${calendar}/notifications`)).body.length, before);
    const other = await t.request('POST', '/v1/locations', { body: { name: 'Elsewhere', timeZone: 'UTC' } });
    const theirs = await t.request('POST', '/v1/calendars', { body: { locationId: other.body.id, name: 'Theirs', kind: 'event' } });
    assert.equal((await t.lc('GET', `/calendars/${theirs.body.id}/notifications`)).status, 403);
  });
});
