import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SPEC_TESTS, startLcServer, type LcServer } from '../../helpers/leadconnector.ts';

// TEST_NOW = 2026-06-01T12:00Z; the demo host works Mon–Fri 09–12 and 13–17 New York time.
const DAY_START = Date.parse('2026-06-02T04:00:00Z');
const DAY_END = Date.parse('2026-06-03T03:59:59.999Z');

describe('LeadConnector dialect: blocked slots', SPEC_TESTS, () => {
  let t: LcServer;
  let loc: string;
  let calendar: string;
  const slots = async () => (await t.lc('GET', `/calendars/${calendar}/free-slots?startDate=${DAY_START}&endDate=${DAY_END}`)).body['2026-06-02'].slots as string[];

  before(async () => {
    t = await startLcServer();
    loc = t.demo.location.id;
    calendar = t.demo.calendar.id;
  });
  after(() => t.close());

  it('an edit needs only calendarId and locationId and keeps what it leaves out; the calendar of a user block must be the location’s', async () => {
    const created = await t.checked('POST', '/calendars/events/block-slots', {
      body: { locationId: loc, calendarId: calendar, title: 'Inventory', startTime: '2026-06-04T10:00:00-04:00', endTime: '2026-06-04T11:00:00-04:00' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const renamed = await t.checked('PUT', `/calendars/events/block-slots/${created.body.id}`, { body: { locationId: loc, calendarId: calendar, title: 'Stocktake' } });
    assert.equal(renamed.status, 201, JSON.stringify(renamed.body));
    assert.deepEqual(renamed.problems, []);
    assert.deepEqual([renamed.body.title, renamed.body.startTime, renamed.body.endTime], ['Stocktake', '2026-06-04T14:00:00.000Z', '2026-06-04T15:00:00.000Z']);
    const moved = await t.checked('PUT', `/calendars/events/block-slots/${created.body.id}`, { body: { locationId: loc, calendarId: calendar, startTime: '2026-06-04T12:00:00-04:00', endTime: '2026-06-04T12:30:00-04:00' } });
    assert.deepEqual([moved.body.title, moved.body.startTime], ['Stocktake', '2026-06-04T16:00:00.000Z'], 'the title stays');

    const other = await t.request('POST', '/v1/locations', { body: { name: 'Blocks elsewhere', timeZone: 'UTC' } });
    const theirs = await t.request('POST', '/v1/calendars', { body: { locationId: other.body.id, name: 'Theirs', kind: 'event' } });
    const userBlock = (calendarId: string) =>
      t.lc('POST', '/calendars/events/block-slots', { body: { locationId: loc, calendarId, assignedUserId: t.demo.host.id, startTime: '2026-06-04T13:00:00-04:00', endTime: '2026-06-04T14:00:00-04:00' } });
    assert.equal((await userBlock(theirs.body.id)).status, 403);
    assert.equal((await userBlock('AAAAAAAAAAAAAAAAAAAA')).status, 400);
    assert.equal((await userBlock(calendar)).status, 201);
  });

  it('a calendar block removes the slots it covers; editing moves it', async () => {
    assert.ok((await slots()).includes('2026-06-02T10:00:00-04:00'));
    const created = await t.checked('POST', '/calendars/events/block-slots', {
      body: { locationId: loc, calendarId: calendar, title: 'Staff meeting', startTime: '2026-06-02T10:00:00-04:00', endTime: '2026-06-02T11:00:00-04:00' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual(created.problems, []);
    assert.equal(created.body.calendarId, calendar);
    assert.equal(created.body.startTime, '2026-06-02T14:00:00.000Z');
    const blocked = await slots();
    assert.equal(blocked.includes('2026-06-02T10:00:00-04:00'), false);
    assert.equal(blocked.includes('2026-06-02T10:30:00-04:00'), false);
    assert.ok(blocked.includes('2026-06-02T11:00:00-04:00'));

    const edited = await t.checked('PUT', `/calendars/events/block-slots/${created.body.id}`, {
      body: { locationId: loc, calendarId: calendar, title: 'Moved', startTime: '2026-06-02T15:00:00-04:00', endTime: '2026-06-02T16:00:00-04:00' },
    });
    assert.equal(edited.status, 201);
    assert.deepEqual(edited.problems, []);
    const moved = await slots();
    assert.ok(moved.includes('2026-06-02T10:00:00-04:00'));
    assert.equal(moved.includes('2026-06-02T15:00:00-04:00'), false);
  });

  it('a block with assignedUserId blocks that user, and lists return event-shaped blocks', async () => {
    const user = await t.checked('POST', '/calendars/events/block-slots', {
      body: { locationId: loc, calendarId: calendar, assignedUserId: t.demo.host.id, startTime: '2026-06-02T09:00:00-04:00', endTime: '2026-06-02T09:30:00-04:00' },
    });
    assert.equal(user.status, 201);
    assert.deepEqual(user.problems, []);
    assert.equal(user.body.assignedUserId, t.demo.host.id);
    assert.equal((await slots()).includes('2026-06-02T09:00:00-04:00'), false);

    const list = await t.checked('GET', `/calendars/blocked-slots?locationId=${loc}&startTime=${DAY_START}&endTime=${DAY_END}`);
    assert.equal(list.status, 200);
    assert.deepEqual(list.problems, []);
    assert.equal(list.body.events.length, 2);
    const byUser = await t.lc('GET', `/calendars/blocked-slots?locationId=${loc}&startTime=${DAY_START}&endTime=${DAY_END}&userId=${t.demo.host.id}`);
    assert.deepEqual(byUser.body.events.map((e: { id: string }) => e.id), [user.body.id]);
    const group = await t.request('POST', '/v1/calendar-groups', { body: { locationId: loc, name: 'Empty group' } });
    const byGroup = await t.lc('GET', `/calendars/blocked-slots?locationId=${loc}&startTime=${DAY_START}&endTime=${DAY_END}&groupId=${group.body.id}`);
    assert.deepEqual(byGroup.body.events, []);
  });

  it('refuses bad input with 400 and other locations with 403', async () => {
    const backwards = await t.checked('POST', '/calendars/events/block-slots', {
      body: { locationId: loc, calendarId: calendar, startTime: '2026-06-02T11:00:00-04:00', endTime: '2026-06-02T10:00:00-04:00' },
    });
    assert.equal(backwards.status, 400);
    assert.deepEqual(backwards.problems, []);
    const missing = await t.checked('POST', '/calendars/events/block-slots', { body: { locationId: loc, startTime: 'x', endTime: 'y' } });
    assert.equal(missing.status, 400);
    assert.deepEqual(missing.body, { statusCode: 400, message: 'calendarId should not be empty' });
    const other = await t.request('POST', '/v1/locations', { body: { name: 'Elsewhere', timeZone: 'UTC' } });
    assert.equal((await t.lc('GET', `/calendars/blocked-slots?locationId=${other.body.id}&startTime=${DAY_START}&endTime=${DAY_END}`)).status, 403);
    const theirs = await t.request('POST', '/v1/calendars', { body: { locationId: other.body.id, name: 'Theirs', kind: 'event' } });
    const foreign = await t.lc('POST', '/calendars/events/block-slots', {
      body: { locationId: loc, calendarId: theirs.body.id, startTime: '2026-06-02T10:00:00-04:00', endTime: '2026-06-02T11:00:00-04:00' },
    });
    assert.equal(foreign.status, 403);
  });
});
