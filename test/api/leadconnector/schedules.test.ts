import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SPEC_TESTS, startLcServer, type LcServer } from '../../helpers/leadconnector.ts';

describe('LeadConnector dialect: v3 schedules', SPEC_TESTS, () => {
  let t: LcServer;
  let loc: string;
  let user: string;
  let calendar: string;
  before(async () => {
    t = await startLcServer();
    loc = t.demo.location.id;
    user = (await t.request('POST', '/v1/users', { body: { locationId: loc, firstName: 'Sched', lastName: 'User', email: 'sched@example.com' } })).body.id;
    calendar = (await t.request('POST', '/v1/calendars', { body: { locationId: loc, name: 'Sched cal', kind: 'personal', hosts: [{ userId: user }] } })).body.id;
  });
  after(() => t.close());

  it('creates, searches, reads, updates, associates and deletes a user schedule', async () => {
    const created = await t.checked('POST', '/calendars/schedules', {
      version: 'v3',
      body: {
        locationId: loc,
        userId: user,
        name: 'Mornings',
        timezone: 'Europe/London',
        rules: [
          { type: 'wday', day: 'monday', intervals: [{ from: '09:00', to: '12:00' }] },
          { type: 'date', date: '2026-12-25', intervals: [] },
        ],
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual(created.problems, []);
    const id = created.body.schedule.id;
    assert.deepEqual(created.body.schedule.rules, [
      { type: 'wday', day: 'monday', intervals: [{ from: '09:00', to: '12:00' }] },
      { type: 'date', date: '2026-12-25', intervals: [] },
    ]);

    const search = await t.checked('GET', `/calendars/schedules/search?locationId=${loc}&userId=${user}`, { version: 'v3' });
    assert.equal(search.status, 200);
    assert.deepEqual(search.problems, []);
    assert.deepEqual(search.body.schedules.map((s: { id: string }) => s.id), [id]);

    const added = await t.checked('PUT', `/calendars/schedules/${id}/associations/${calendar}`, { version: 'v3' });
    assert.deepEqual(added.body, { success: true });
    assert.deepEqual(added.problems, []);
    assert.deepEqual((await t.lc('GET', `/calendars/schedules/${id}`, { version: 'v3' })).body.schedule.calendarIds, [calendar]);

    const updated = await t.checked('PUT', `/calendars/schedules/${id}`, { version: 'v3', body: { name: 'All day Tuesday', rules: [{ type: 'wday', day: 'tuesday', intervals: [{ from: '00:00', to: '23:59' }] }] } });
    assert.equal(updated.status, 200);
    assert.deepEqual(updated.problems, []);
    assert.deepEqual(updated.body.schedule.rules, [{ type: 'wday', day: 'tuesday', intervals: [{ from: '00:00', to: '23:59' }] }]);

    const removed = await t.checked('DELETE', `/calendars/schedules/${id}/associations/${calendar}`, { version: 'v3' });
    assert.deepEqual(removed.body, { success: true });
    assert.deepEqual((await t.lc('GET', `/calendars/schedules/${id}`, { version: 'v3' })).body.schedule.calendarIds, []);

    const deleted = await t.checked('DELETE', `/calendars/schedules/${id}`, { version: 'v3' });
    assert.deepEqual(deleted.body, { success: true });
    const gone = await t.checked('GET', `/calendars/schedules/${id}`, { version: 'v3' });
    assert.equal(gone.status, 404);
    assert.deepEqual(gone.problems, []);
  });

  it('creates, reads and updates an event calendar’s own schedule', async () => {
    const event = (await t.request('POST', '/v1/calendars', { body: { locationId: loc, name: 'Open day', kind: 'event' } })).body.id;
    assert.equal((await t.checked('GET', `/calendars/schedules/event-calendar/${event}`, { version: 'v3' })).status, 404);
    const created = await t.checked('POST', `/calendars/schedules/event-calendar/${event}`, {
      version: 'v3',
      body: { timezone: 'America/New_York', rules: [{ type: 'wday', day: 'saturday', intervals: [{ from: '10:00', to: '14:00' }] }] },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual(created.problems, []);
    assert.equal(created.body.schedule.calendarId, event);
    const read = await t.checked('GET', `/calendars/schedules/event-calendar/${event}`, { version: 'v3' });
    assert.deepEqual(read.problems, []);
    assert.equal(read.body.schedule.rules[0].day, 'saturday');
    const updated = await t.checked('PUT', `/calendars/schedules/event-calendar/${event}`, { version: 'v3', body: { rules: [] } });
    assert.equal(updated.status, 200);
    assert.deepEqual(updated.body.schedule.rules, []);
    const again = await t.lc('POST', `/calendars/schedules/event-calendar/${event}`, { version: 'v3', body: { timezone: 'UTC', rules: [] } });
    assert.equal(again.status, 400, 'a calendar has one own schedule');
  });

  it('refuses bad rules with 422 and other locations with 403', async () => {
    const bad = await t.checked('POST', '/calendars/schedules', {
      version: 'v3',
      body: { locationId: loc, userId: user, name: 'Bad', timezone: 'UTC', rules: [{ type: 'wday', day: 'monday', intervals: [{ from: '9am', to: '17:00' }] }] },
    });
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.problems, []);
    const backwards = await t.lc('POST', '/calendars/schedules', {
      version: 'v3',
      body: { locationId: loc, userId: user, name: 'Bad', timezone: 'UTC', rules: [{ type: 'wday', day: 'monday', intervals: [{ from: '17:00', to: '09:00' }] }] },
    });
    assert.equal(backwards.status, 422);
    for (const rule of [{ type: 'wday', intervals: [{ from: '09:00', to: '10:00' }] }, { type: 'date', intervals: [] }]) {
      const incomplete = await t.checked('POST', '/calendars/schedules', { version: 'v3', body: { locationId: loc, userId: user, name: 'Bad', timezone: 'UTC', rules: [rule] } });
      assert.equal(incomplete.status, 422, `${JSON.stringify(rule)} is not dropped`);
      assert.deepEqual(incomplete.problems, []);
    }
    const nobody = await t.checked('POST', '/calendars/schedules', { version: 'v3', body: { locationId: loc, userId: 'AAAAAAAAAAAAAAAAAAAA', name: 'Nobody', timezone: 'UTC', rules: [] } });
    assert.equal(nobody.status, 400, 'creating declares no 404');
    assert.deepEqual(nobody.problems, []);
    const search = await t.checked('GET', `/calendars/schedules/search?locationId=${loc}&userId=AAAAAAAAAAAAAAAAAAAA`, { version: 'v3' });
    assert.equal(search.status, 400, 'searching declares no 404');
    assert.deepEqual(search.problems, []);
    const other = await t.request('POST', '/v1/locations', { body: { name: 'Elsewhere', timeZone: 'UTC' } });
    assert.equal((await t.lc('GET', `/calendars/schedules/search?locationId=${other.body.id}&userId=${user}`, { version: 'v3' })).status, 403);
  });
});
