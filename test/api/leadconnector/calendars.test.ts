import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SPEC_TESTS, startLcServer, type LcServer } from '../../helpers/leadconnector.ts';

// TEST_NOW = 2026-06-01T12:00Z (Monday 08:00 New York).
const TUESDAY = { start: Date.parse('2026-06-02T04:00:00Z'), end: Date.parse('2026-06-03T03:59:59.999Z') };

describe('LeadConnector dialect: calendars', SPEC_TESTS, () => {
  let t: LcServer;
  let loc: string;
  let second: string;
  before(async () => {
    t = await startLcServer();
    loc = t.demo.location.id;
    const user = await t.request('POST', '/v1/users', { body: { locationId: loc, firstName: 'Second', lastName: 'Host', email: 'second@example.com' } });
    second = user.body.id;
  });
  after(() => t.close());

  it('creates a round-robin calendar whose settings and opening hours change its free slots', async () => {
    const created = await t.checked('POST', '/calendars/', {
      body: {
        locationId: loc,
        name: 'Team intro',
        calendarType: 'round_robin',
        eventType: 'RoundRobin_OptimizeForEqualDistribution',
        teamMembers: [
          { userId: t.demo.host.id, priority: 1, isPrimary: true },
          { userId: second, priority: 0 },
        ],
        slotDuration: 1,
        slotDurationUnit: 'hours',
        slotInterval: 30,
        slotIntervalUnit: 'mins',
        slotBuffer: 15,
        appoinmentPerSlot: 1,
        appoinmentPerDay: 4,
        allowBookingAfter: 2,
        allowBookingAfterUnit: 'days',
        allowBookingFor: 8,
        allowBookingForUnit: 'weeks',
        openHours: [{ daysOfTheWeek: [2], hours: [{ openHour: 10, openMinute: 0, closeHour: 12, closeMinute: 0 }] }],
        availabilities: [{ date: '2026-06-09T00:00:00.000Z', hours: [] }],
        autoConfirm: false,
        allowCancellation: false,
        widgetType: 'classic',
      },
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.deepEqual(created.problems, []);
    const c = created.body.calendar;
    assert.equal(c.calendarType, 'round_robin');
    assert.equal(c.eventType, 'RoundRobin_OptimizeForEqualDistribution');
    assert.equal(c.slotDuration, 60);
    assert.equal(c.slotInterval, 30);
    assert.equal(c.slotBuffer, 15);
    assert.equal(c.appoinmentPerDay, 4);
    assert.equal(c.allowBookingAfter, 2);
    assert.equal(c.allowBookingAfterUnit, 'days');
    assert.equal(c.allowBookingFor, 8);
    assert.equal(c.allowBookingForUnit, 'weeks');
    assert.deepEqual(c.teamMembers.map((m: { priority: number }) => m.priority), [1, 0]);
    assert.deepEqual(c.openHours, [{ daysOfTheWeek: [2], hours: [{ openHour: 10, openMinute: 0, closeHour: 12, closeMinute: 0 }] }]);
    assert.equal(c.availabilities[0].date, '2026-06-09T00:00:00.000Z');
    assert.equal(c.autoConfirm, false);
    assert.equal(c.allowCancellation, false);
    assert.equal(c.widgetType, 'classic', 'fields Slotbase does not act on are kept');

    // Two days' notice: Tuesday 2 June is too soon; Wednesday is not open; Tuesday 9 June is closed by date.
    const soon = await t.lc('GET', `/calendars/${c.id}/free-slots?startDate=${TUESDAY.start}&endDate=${TUESDAY.end}`);
    assert.deepEqual(Object.keys(soon.body), ['traceId']);
    const week = 7 * 86_400_000;
    const next = await t.lc('GET', `/calendars/${c.id}/free-slots?startDate=${TUESDAY.start + 2 * week}&endDate=${TUESDAY.end + 2 * week}`);
    assert.deepEqual(next.body['2026-06-16'].slots, ['2026-06-16T10:00:00-04:00', '2026-06-16T10:30:00-04:00', '2026-06-16T11:00:00-04:00']);
    const closed = await t.lc('GET', `/calendars/${c.id}/free-slots?startDate=${TUESDAY.start + week}&endDate=${TUESDAY.end + week}`);
    assert.deepEqual(Object.keys(closed.body), ['traceId']);
  });

  it('reads, lists, updates and deletes a calendar', async () => {
    const list = await t.checked('GET', `/calendars/?locationId=${loc}`);
    assert.equal(list.status, 200);
    assert.deepEqual(list.problems, []);
    const team = list.body.calendars.find((c: { name: string }) => c.name === 'Team intro');
    const read = await t.checked('GET', `/calendars/${team.id}`);
    assert.deepEqual(read.problems, []);
    assert.deepEqual(read.body.calendar, team);

    const updated = await t.checked('PUT', `/calendars/${team.id}`, {
      body: { name: 'Team intro v2', slotDuration: 30, openHours: [{ daysOfTheWeek: [1, 3], hours: [{ openHour: 9, openMinute: 0, closeHour: 10, closeMinute: 0 }] }] },
    });
    assert.equal(updated.status, 200, JSON.stringify(updated.body));
    assert.deepEqual(updated.problems, []);
    assert.equal(updated.body.calendar.name, 'Team intro v2');
    assert.equal(updated.body.calendar.slotDuration, 30);
    assert.equal(updated.body.calendar.slotInterval, 30);
    assert.deepEqual(updated.body.calendar.openHours.map((o: { daysOfTheWeek: number[] }) => o.daysOfTheWeek), [[1], [3]]);
    assert.equal(updated.body.calendar.widgetType, 'classic');

    const deleted = await t.checked('DELETE', `/calendars/${team.id}`);
    assert.deepEqual(deleted.body, { success: true });
    assert.deepEqual(deleted.problems, []);
    assert.equal((await t.lc('GET', `/calendars/${team.id}`)).status, 400);
  });

  it('refuses bad bodies with 400 in HighLevel’s format and writes nothing', async () => {
    const before = (await t.lc('GET', `/calendars/?locationId=${loc}`)).body.calendars.length;
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ locationId: loc }, /name should not be empty/],
      [{ locationId: loc, name: 'X', calendarType: 'webinar' }, /calendarType must be one of the following values/],
      [{ locationId: loc, name: 'X', slotDuration: 'long' }, /slotDuration must be a number/],
      [{ locationId: loc, name: 'X', teamMembers: [{ userId: t.demo.host.id, priority: 0.7 }] }, /teamMembers\.0\.priority/],
      [{ locationId: loc, name: 'X', calendarType: 'personal', teamMembers: [] }, /hosts/],
      [{ locationId: loc, name: 'X', teamMembers: [{ userId: 'AAAAAAAAAAAAAAAAAAAA' }] }, /hosts\[0\]\.userId/],
      [{ locationId: loc, name: 'X', openHours: [{ daysOfTheWeek: [1], hours: [{ openHour: 12, openMinute: 0, closeHour: 9, closeMinute: 0 }] }] }, /weeklyHours/],
      [{ locationId: loc, name: 'X', allowBookingFor: 1e15, allowBookingForUnit: 'months' }, /allowBookingFor/],
      [{ locationId: loc, name: 'X', allowBookingAfter: 1e15, allowBookingAfterUnit: 'months' }, /allowBookingAfter/],
      [{ locationId: loc, name: 'X', notifications: [{ receiverType: 'bogus' }] }, /notifications\.0\.shouldSendToContact/],
      [{ locationId: loc, name: 'X', recurring: { freq: 'BOGUS' } }, /recurring\.freq/],
      [{ locationId: loc, name: 'X', lookBusyConfig: { enabled: true } }, /lookBusyConfig\.LookBusyPercentage/],
    ];
    for (const [body, message] of cases) {
      const res = await t.checked('POST', '/calendars/', { body });
      assert.equal(res.status, 400, `${JSON.stringify(body)} → ${JSON.stringify(res.body)}`);
      assert.deepEqual(res.problems, []);
      assert.match(res.body.message, message);
    }
    assert.equal((await t.lc('GET', `/calendars/?locationId=${loc}`)).body.calendars.length, before);
    const other = await t.request('POST', '/v1/locations', { body: { name: 'Elsewhere', timeZone: 'UTC' } });
    assert.equal((await t.lc('POST', '/calendars/', { body: { locationId: other.body.id, name: 'X' } })).status, 403);
    const theirs = await t.request('POST', '/v1/calendars', { body: { locationId: other.body.id, name: 'Theirs', kind: 'event' } });
    for (const method of ['GET', 'PUT', 'DELETE']) {
      assert.equal((await t.lc(method, `/calendars/${theirs.body.id}`, { body: method === 'PUT' ? { name: 'Mine' } : undefined })).status, 403, method);
    }
    // Ids of another location inside a body are "no access" too.
    const theirUser = await t.request('POST', '/v1/users', { body: { locationId: other.body.id, firstName: 'Their', lastName: 'Member', email: 'their-member@example.com' } });
    const theirGroup = await t.request('POST', '/v1/calendar-groups', { body: { locationId: other.body.id, name: 'Their group' } });
    assert.equal((await t.lc('POST', '/calendars/', { body: { locationId: loc, name: 'X', teamMembers: [{ userId: theirUser.body.id }] } })).status, 403);
    assert.equal((await t.lc('POST', '/calendars/', { body: { locationId: loc, name: 'X', groupId: theirGroup.body.id } })).status, 403);
    assert.equal((await t.lc('GET', `/calendars/?locationId=${loc}`)).body.calendars.length, before);
  });
});
