import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SPEC_TESTS, startLcServer, type LcServer } from '../../helpers/leadconnector.ts';

// TEST_NOW = 2026-06-01T12:00Z (Monday 08:00 New York); the demo host works 09–12 and 13–17.
const RANGE = `startTime=${Date.parse('2026-06-01T00:00:00Z')}&endTime=${Date.parse('2026-06-30T00:00:00Z')}`;

describe('LeadConnector dialect: appointments and events', SPEC_TESTS, () => {
  let t: LcServer;
  let loc: string;
  let calendar: string;
  let contact: string;
  const book = (startTime: string, extra: Record<string, unknown> = {}) =>
    t.checked('POST', '/calendars/events/appointments', { body: { locationId: loc, calendarId: calendar, contactId: contact, startTime, ...extra } });

  before(async () => {
    t = await startLcServer();
    loc = t.demo.location.id;
    calendar = t.demo.calendar.id;
    contact = t.demo.contact.id;
  });
  after(() => t.close());

  it('creates an appointment (200) on a free slot and refuses a taken one', async () => {
    const created = await book('2026-06-02T09:00:00-04:00', { title: 'Intro', address: '1 Main St' });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.deepEqual(created.problems, []);
    assert.equal(created.body.appointmentStatus, 'confirmed');
    assert.equal(created.body.assignedUserId, t.demo.host.id);
    assert.equal(created.body.startTime, '2026-06-02T13:00:00.000Z');
    assert.equal(created.body.endTime, '2026-06-02T13:30:00.000Z');
    const taken = await book('2026-06-02T09:00:00-04:00');
    assert.equal(taken.status, 400);
    assert.deepEqual(taken.problems, []);
    const forced = await book('2026-06-02T09:00:00-04:00', { ignoreFreeSlotValidation: true });
    assert.equal(forced.status, 200, 'ignoreFreeSlotValidation books anyway');
  });

  it('ignoreDateRange skips notice and booking window but not availability', async () => {
    await t.request('PATCH', `/v1/calendars/${calendar}`, { body: { minimumNotice: { amount: 2, unit: 'days' } } });
    try {
      assert.equal((await book('2026-06-01T13:00:00-04:00')).status, 400, 'too soon');
      const ignored = await book('2026-06-01T13:00:00-04:00', { ignoreDateRange: true });
      assert.equal(ignored.status, 200, JSON.stringify(ignored.body));
      assert.equal((await book('2026-06-01T12:00:00-04:00', { ignoreDateRange: true })).status, 400, 'the lunch break is still not available');
    } finally {
      await t.request('PATCH', `/v1/calendars/${calendar}`, { body: { minimumNotice: { amount: 0, unit: 'minutes' } } });
    }
  });

  it('reads an appointment as an event and lists events by calendar and by user', async () => {
    const created = await book('2026-06-03T10:00:00-04:00', { appointmentStatus: 'new' });
    assert.equal(created.body.appointmentStatus, 'new');
    const read = await t.checked('GET', `/calendars/events/appointments/${created.body.id}`);
    assert.equal(read.status, 200);
    assert.deepEqual(read.problems, []);
    assert.equal(read.body.event.contactId, contact);
    const byCalendar = await t.checked('GET', `/calendars/events?locationId=${loc}&calendarId=${calendar}&${RANGE}`);
    assert.equal(byCalendar.status, 200);
    assert.deepEqual(byCalendar.problems, []);
    assert.ok(byCalendar.body.events.some((e: { id: string }) => e.id === created.body.id));
    const byUser = await t.lc('GET', `/calendars/events?locationId=${loc}&userId=${t.demo.host.id}&${RANGE}`);
    assert.equal(byUser.body.events.length, byCalendar.body.events.length);
    assert.equal((await t.lc('GET', `/calendars/events?locationId=${loc}&${RANGE}`)).status, 400);
  });

  it('edits: reschedules, renames and changes the status in one request', async () => {
    const created = await book('2026-06-04T09:00:00-04:00', { appointmentStatus: 'new' });
    const edited = await t.checked('PUT', `/calendars/events/appointments/${created.body.id}`, {
      body: { startTime: '2026-06-04T14:00:00-04:00', endTime: '2026-06-04T14:30:00-04:00', title: 'Moved', appointmentStatus: 'confirmed' },
    });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    assert.deepEqual(edited.problems, []);
    assert.equal(edited.body.startTime, '2026-06-04T18:00:00.000Z');
    assert.equal(edited.body.title, 'Moved');
    assert.equal(edited.body.appointmentStatus, 'confirmed');
    const showed = await t.lc('PUT', `/calendars/events/appointments/${created.body.id}`, { body: { appointmentStatus: 'showed' } });
    assert.equal(showed.body.appointmentStatus, 'showed');
    // A failing part leaves the whole edit undone.
    const other = await book('2026-06-04T15:00:00-04:00');
    const clash = await t.lc('PUT', `/calendars/events/appointments/${other.body.id}`, { body: { title: 'Should not stick', startTime: '2026-06-04T14:00:00-04:00' } });
    assert.equal(clash.status, 400);
    assert.notEqual((await t.lc('GET', `/calendars/events/appointments/${other.body.id}`)).body.event.title, 'Should not stick');
  });

  it('cancels through the status and deletes events (201 {succeeded})', async () => {
    const created = await book('2026-06-05T09:00:00-04:00');
    const cancelled = await t.lc('PUT', `/calendars/events/appointments/${created.body.id}`, { body: { appointmentStatus: 'cancelled' } });
    assert.equal(cancelled.body.appointmentStatus, 'cancelled');
    assert.equal((await book('2026-06-05T09:00:00-04:00')).status, 200, 'the time is free again');
    const deleted = await t.checked('DELETE', `/calendars/events/${created.body.id}`);
    assert.equal(deleted.status, 201);
    assert.deepEqual(deleted.body, { succeeded: true });
    assert.deepEqual(deleted.problems, []);
    const block = await t.lc('POST', '/calendars/events/block-slots', {
      body: { locationId: loc, calendarId: calendar, startTime: '2026-06-05T15:00:00-04:00', endTime: '2026-06-05T16:00:00-04:00' },
    });
    assert.equal((await t.lc('DELETE', `/calendars/events/${block.body.id}`)).status, 201, 'a blocked slot is an event too');
    assert.equal((await t.lc('DELETE', '/calendars/events/AAAAAAAAAAAAAAAAAAAA')).status, 400);
  });

  it('books a recurring series from an RRULE', async () => {
    const created = await book('2026-06-08T11:00:00-04:00', { rrule: 'RRULE:FREQ=WEEKLY;COUNT=3' });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.equal(created.body.isRecurring, true);
    const events = await t.lc('GET', `/calendars/events?locationId=${loc}&calendarId=${calendar}&${RANGE}`);
    const series = events.body.events.filter((e: { startTime: string }) => e.startTime.endsWith('T15:00:00.000Z') && e.startTime >= '2026-06-08');
    assert.deepEqual(series.map((e: { startTime: string }) => e.startTime), ['2026-06-08T15:00:00.000Z', '2026-06-15T15:00:00.000Z', '2026-06-22T15:00:00.000Z']);
  });

  it('refuses bad bodies and other locations', async () => {
    const missing = await t.checked('POST', '/calendars/events/appointments', { body: { locationId: loc, calendarId: calendar, startTime: '2026-06-09T09:00:00-04:00' } });
    assert.equal(missing.status, 400);
    assert.deepEqual(missing.problems, []);
    assert.deepEqual(missing.body, { statusCode: 400, message: 'contactId should not be empty' });
    const badStatus = await book('2026-06-09T09:00:00-04:00', { appointmentStatus: 'maybe' });
    assert.equal(badStatus.status, 400);
    const other = await t.request('POST', '/v1/locations', { body: { name: 'Elsewhere', timeZone: 'UTC' } });
    assert.equal((await t.lc('POST', '/calendars/events/appointments', { body: { locationId: other.body.id, calendarId: calendar, contactId: contact, startTime: '2026-06-09T09:00:00-04:00' } })).status, 403);
    const theirs = await t.request('POST', '/v1/contacts', { body: { locationId: other.body.id, firstName: 'Theirs' } });
    assert.equal((await book('2026-06-09T09:00:00-04:00', { contactId: theirs.body.id })).status, 403, 'another location’s contact, like any id of another location');
    assert.equal((await book('2026-06-09T09:00:00-04:00', { contactId: 'AAAAAAAAAAAAAAAAAAAA' })).status, 400, 'a contact that exists nowhere');
    const theirHost = await t.request('POST', '/v1/users', { body: { locationId: other.body.id, firstName: 'Their', lastName: 'Host', email: 'their-host@example.com' } });
    assert.equal((await book('2026-06-09T09:00:00-04:00', { assignedUserId: theirHost.body.id })).status, 403, 'another location’s user');
    const far = await book('9999-12-31T23:00:00Z', { ignoreFreeSlotValidation: true });
    assert.equal(far.status, 400, JSON.stringify(far.body));
    const huge = await t.lc('GET', `/calendars/events?locationId=${loc}&calendarId=${calendar}&startTime=99999999999999999999&endTime=99999999999999999999`);
    assert.equal(huge.status, 400);

    const single = await book('2026-06-09T10:00:00-04:00');
    assert.equal(single.status, 200, JSON.stringify(single.body));
    const toSeries = await t.checked('PUT', `/calendars/events/appointments/${single.body.id}`, { body: { rrule: 'RRULE:FREQ=DAILY;COUNT=2' } });
    assert.equal(toSeries.status, 400, 'an edit does not make a series');
    assert.deepEqual(toSeries.problems, []);
  });
});
