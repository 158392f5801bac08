import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SPEC_TESTS, startLcServer, type LcServer } from '../../helpers/leadconnector.ts';

// TEST_NOW = 2026-06-01T12:00Z (Monday 08:00 New York); the demo host works 09–12 and 13–17 New York.
describe('LeadConnector dialect: meeting locations, moves between calendars and toNotify', SPEC_TESTS, () => {
  let t: LcServer;
  let loc: string;
  let contact: string;
  let host: string;
  let second: string;
  let team: string;
  let solo: string;

  const book = (calendarId: string, startTime: string, extra: Record<string, unknown> = {}) =>
    t.checked('POST', '/calendars/events/appointments', { body: { locationId: loc, calendarId, contactId: contact, startTime, ...extra } });
  const edit = (id: string, body: Record<string, unknown>) => t.checked('PUT', `/calendars/events/appointments/${id}`, { body });
  const notifyOf = async (id: string) => (await t.app.services.bookings.get(await t.app.services.apiKeys.authenticate(t.key), id)).notify;

  before(async () => {
    t = await startLcServer();
    loc = t.demo.location.id;
    contact = t.demo.contact.id;
    host = t.demo.host.id;
    second = (await t.request('POST', '/v1/users', { body: { locationId: loc, firstName: 'Second', lastName: 'Host', email: 'second-loc@example.com' } })).body.id;
    const hours = [1, 2, 3, 4, 5].map((d) => ({ daysOfTheWeek: [d], hours: [{ openHour: 9, openMinute: 0, closeHour: 17, closeMinute: 0 }] }));
    const teamCalendar = await t.checked('POST', '/calendars/', {
      body: {
        locationId: loc, name: 'Team', calendarType: 'round_robin', slotDuration: 30, openHours: hours,
        locationConfigurations: [{ kind: 'custom', location: 'https://meet.example.com/team' }, { kind: 'physical', location: '1 Main St' }],
        teamMembers: [
          { userId: host, priority: 1, locationConfigurations: [{ kind: 'physical', location: 'Host office' }] },
          { userId: second, priority: 0 },
        ],
      },
    });
    assert.equal(teamCalendar.status, 200, JSON.stringify(teamCalendar.body));
    assert.deepEqual(teamCalendar.problems, []);
    team = teamCalendar.body.calendar.id;
    const soloCalendar = await t.checked('POST', '/calendars/', {
      body: {
        locationId: loc, name: 'Solo', calendarType: 'event', slotDuration: 30, openHours: hours,
        teamMembers: [{ userId: host, locationConfigurations: [{ kind: 'zoom_conference' }, { kind: 'outbound_call', location: '+14455550132' }, { kind: 'booker' }] }],
      },
    });
    assert.equal(soloCalendar.status, 200, JSON.stringify(soloCalendar.body));
    solo = soloCalendar.body.calendar.id;
  });
  after(() => t.close());

  it('keeps and returns every location configuration, and refuses HighLevel’s forbidden combinations', async () => {
    const read = await t.checked('GET', `/calendars/${team}`);
    assert.deepEqual(read.problems, []);
    assert.deepEqual(read.body.calendar.locationConfigurations, [{ kind: 'custom', location: 'https://meet.example.com/team' }, { kind: 'physical', location: '1 Main St' }]);
    assert.deepEqual(read.body.calendar.teamMembers[0].locationConfigurations, [{ kind: 'physical', location: 'Host office' }]);
    const soloRead = await t.lc('GET', `/calendars/${solo}`);
    assert.deepEqual(soloRead.body.calendar.teamMembers[0].locationConfigurations, [{ kind: 'zoom_conference' }, { kind: 'outbound_call', location: '+14455550132' }, { kind: 'booker' }]);

    const several = await t.lc('POST', '/calendars/', {
      body: { locationId: loc, name: 'Bad', teamMembers: [{ userId: host, locationConfigurations: [{ kind: 'custom' }, { kind: 'physical' }] }, { userId: second }] },
    });
    assert.equal(several.status, 400);
    assert.match(several.body.message, /teamMembers/);
    const collective = await t.lc('POST', '/calendars/', {
      body: { locationId: loc, name: 'Bad', calendarType: 'collective', teamMembers: [{ userId: host, isPrimary: true, locationConfigurations: [{ kind: 'custom' }, { kind: 'physical' }] }] },
    });
    assert.equal(collective.status, 400);
    const before = await t.lc('GET', `/calendars/?locationId=${loc}`);
    assert.ok(!before.body.calendars.some((c: { name: string }) => c.name === 'Bad'), 'nothing was written');
  });

  it('books at the assigned member’s location by default, at a configuration by id, or at the appointment’s own address', async () => {
    const byMember = await book(team, '2026-06-02T09:00:00-04:00', { assignedUserId: host });
    assert.equal(byMember.status, 200, JSON.stringify(byMember.body));
    assert.equal(byMember.body.address, 'Host office');
    assert.equal(byMember.body.meetingLocationType, 'address');
    const calendarDefault = await book(team, '2026-06-02T09:00:00-04:00', { assignedUserId: second });
    assert.equal(calendarDefault.body.address, 'https://meet.example.com/team', 'a member without a location meets at the calendar’s first');
    assert.equal(calendarDefault.body.meetingLocationType, 'custom');

    const byId = await book(team, '2026-06-02T10:00:00-04:00', { meetingLocationId: 'physical_1' });
    assert.equal(byId.status, 200, JSON.stringify(byId.body));
    assert.deepEqual(byId.problems, []);
    assert.equal(byId.body.address, '1 Main St');
    const phone = await book(solo, '2026-06-03T10:00:00-04:00', { meetingLocationId: 'outbound_call_1' });
    assert.equal(phone.body.address, '+14455550132');
    assert.equal(phone.body.meetingLocationType, 'phone');
    const booker = await book(solo, '2026-06-03T11:00:00-04:00', { meetingLocationId: 'booker_2', address: 'My kitchen' });
    assert.equal(booker.body.address, 'My kitchen', 'an ask-the-booker location takes the booker’s address');

    const own = await book(solo, '2026-06-03T13:00:00-04:00', { meetingLocationType: 'zoom', address: 'https://zoom.us/j/1', overrideLocationConfig: true, meetingLocationId: 'zoom_conference_0' });
    assert.equal(own.body.address, 'https://zoom.us/j/1');
    assert.equal(own.body.meetingLocationType, 'zoom');
    const custom = await book(solo, '2026-06-03T14:00:00-04:00', { address: 'Café' });
    assert.equal(custom.body.meetingLocationType, 'custom', 'an address alone is a custom location');

    const unknown = await book(solo, '2026-06-03T15:00:00-04:00', { meetingLocationId: 'physical_9' });
    assert.equal(unknown.status, 400);
    assert.deepEqual(unknown.problems, []);
    assert.match(unknown.body.message, /meetingLocationId/);
    const events = await t.lc('GET', `/calendars/events?locationId=${loc}&calendarId=${solo}&startTime=${Date.parse('2026-06-03T19:00:00Z')}&endTime=${Date.parse('2026-06-03T20:00:00Z')}`);
    assert.deepEqual(events.body.events, [], 'the refused booking wrote nothing');
  });

  it('changes the meeting location on edit and puts the default back with meetingLocationId "default"', async () => {
    const created = await book(team, '2026-06-04T09:00:00-04:00', { assignedUserId: host });
    const moved = await edit(created.body.id, { meetingLocationId: 'custom_0' });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.equal(moved.body.address, 'https://meet.example.com/team');
    const back = await edit(created.body.id, { meetingLocationId: 'default' });
    assert.equal(back.body.address, 'Host office');
    const own = await edit(created.body.id, { address: 'Rooftop', meetingLocationType: 'address' });
    assert.equal(own.body.address, 'Rooftop');
    assert.equal(own.body.meetingLocationType, 'address');
  });

  it('moves an appointment to another calendar of the location, re-checking the time there', async () => {
    const created = await book(team, '2026-06-05T09:00:00-04:00', { assignedUserId: host });
    const moved = await edit(created.body.id, { calendarId: solo });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.deepEqual(moved.problems, []);
    assert.equal(moved.body.calendarId, solo);
    assert.equal(moved.body.startTime, '2026-06-05T13:00:00.000Z');
    assert.equal(moved.body.address, '', 'the solo calendar’s host meets by zoom, which has no address');
    assert.equal(moved.body.meetingLocationType, 'zoom');
    const read = await t.checked('GET', `/calendars/events/appointments/${created.body.id}`);
    assert.equal(read.body.event.calendarId, solo);

    // The team calendar's slot is free again; the solo calendar's is taken.
    const again = await book(team, '2026-06-05T09:00:00-04:00', { assignedUserId: second });
    assert.equal(again.status, 200);
    const taken = await book(solo, '2026-06-05T09:00:00-04:00');
    assert.equal(taken.status, 400);

    // A move to a time that is not free there changes nothing, the title neither.
    const blocker = await book(team, '2026-06-05T10:00:00-04:00', { assignedUserId: second });
    const refused = await edit(blocker.body.id, { calendarId: solo, startTime: '2026-06-05T09:00:00-04:00', title: 'Never' });
    assert.equal(refused.status, 400);
    const unchanged = await t.lc('GET', `/calendars/events/appointments/${blocker.body.id}`);
    assert.equal(unchanged.body.event.calendarId, team);
    assert.notEqual(unchanged.body.event.title, 'Never');

    const other = await t.request('POST', '/v1/locations', { body: { name: 'Elsewhere', timeZone: 'UTC' } });
    const theirs = await t.request('POST', '/v1/calendars', { body: { locationId: other.body.id, name: 'Theirs', kind: 'event' } });
    const foreign = await edit(blocker.body.id, { calendarId: theirs.body.id });
    assert.equal(foreign.status, 403);
    assert.equal(foreign.body.message, 'The token does not have access to this location');
  });

  it('keeps toNotify: false with the appointment, and an edit may turn it back on', async () => {
    const quiet = await book(solo, '2026-06-08T09:00:00-04:00', { toNotify: false });
    assert.equal(quiet.status, 200);
    assert.equal(await notifyOf(quiet.body.id), false);
    const loud = await book(solo, '2026-06-08T10:00:00-04:00');
    assert.equal(await notifyOf(loud.body.id), true);
    await edit(quiet.body.id, { toNotify: true, title: 'Now told' });
    assert.equal(await notifyOf(quiet.body.id), true);
    await edit(loud.body.id, { toNotify: false });
    assert.equal(await notifyOf(loud.body.id), false);
  });
});
