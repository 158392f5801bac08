import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GHLAuthenticationError, GHLValidationError, HighLevel } from '@gohighlevel/api-client';
import { startLcServer, type LcServer } from '../../helpers/leadconnector.ts';

/** The official client, pointed at the local server (its base URL is a private constant). */
function sdkFor(url: string, token: string): HighLevel {
  const ghl = new HighLevel({ privateIntegrationToken: token, logLevel: 'none' });
  const http = ghl.getHttpClient();
  http.defaults.baseURL = url;
  http.defaults.proxy = false;
  return ghl;
}

// Loosely typed: the SDK's generated typings are stricter than what HighLevel itself accepts.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

describe('LeadConnector dialect through the official SDK (@gohighlevel/api-client)', () => {
  let t: LcServer;
  let ghl: HighLevel;
  let locationId: string;
  before(async () => {
    t = await startLcServer();
    locationId = t.demo.location.id;
    ghl = sdkFor(t.url, t.key);
  });
  after(() => t.close());

  it('runs a whole booking scenario', async () => {
    const calendars = ghl.calendars as Any;
    const second = (await (ghl.users as Any).createUser({
      companyId: t.principalOrganizationId,
      firstName: 'Sam',
      lastName: 'Second',
      email: 'sam.second@example.com',
      password: 'unused',
      type: 'account',
      role: 'user',
      locationIds: [locationId],
    })) as Any;

    // A round-robin calendar of two team members, open Tuesdays 09:00–12:00 (its own schedule).
    const { calendar } = (await calendars.createCalendar({
      locationId,
      name: 'SDK consults',
      calendarType: 'round_robin',
      teamMembers: [
        { userId: t.demo.host.id, priority: 1 },
        { userId: second.id, priority: 0.5 },
      ],
      slotDuration: 30,
      slotDurationUnit: 'mins',
      openHours: [{ daysOfTheWeek: [2], hours: [{ openHour: 9, openMinute: 0, closeHour: 12, closeMinute: 0 }] }],
    })) as Any;
    assert.equal(calendar.teamMembers.length, 2);

    const from = Date.parse('2026-06-09T04:00:00Z'); // Tuesday 9 June, 00:00 New York
    const to = from + 86_400_000 - 1;
    const slots = (await calendars.getSlots({ calendarId: calendar.id, startDate: from, endDate: to, timezone: 'America/New_York', userIds: [t.demo.host.id, second.id] })) as Any;
    assert.equal(typeof slots.traceId, 'string');
    assert.equal(slots['2026-06-09'].slots[0], '2026-06-09T09:00:00-04:00');
    assert.equal(slots['2026-06-09'].slots.length, 6);

    const { contact } = (await (ghl.contacts as Any).createContact({ locationId, firstName: 'Greta', lastName: 'Guest', email: 'greta@example.com' })) as Any;
    const appointment = (await calendars.createAppointment({
      calendarId: calendar.id,
      locationId,
      contactId: contact.id,
      startTime: '2026-06-09T09:00:00-04:00',
      endTime: '2026-06-09T09:30:00-04:00',
      title: 'First consult',
    })) as Any;
    assert.equal(appointment.assignedUserId, t.demo.host.id, 'the higher priority member first');

    const events = (await calendars.getCalendarEvents({ locationId, calendarId: calendar.id, startTime: String(from), endTime: String(to) })) as Any;
    assert.deepEqual(events.events.map((e: Any) => e.id), [appointment.id]);

    const moved = (await calendars.editAppointment({ eventId: appointment.id }, { startTime: '2026-06-09T10:00:00-04:00', endTime: '2026-06-09T10:30:00-04:00', title: 'Moved consult' })) as Any;
    assert.equal(moved.startTime, '2026-06-09T14:00:00.000Z');
    assert.equal(moved.title, 'Moved consult');

    await calendars.createAppointmentNote({ appointmentId: appointment.id }, { body: 'Bring the contract' });
    const notes = (await calendars.getAppointmentNotes({ appointmentId: appointment.id, limit: 10, offset: 0 })) as Any;
    assert.deepEqual(notes.notes.map((n: Any) => n.body), ['Bring the contract']);
    assert.equal(notes.hasMore, false);

    // Blocking 11:00–12:00 for the whole calendar removes those starts.
    await calendars.createBlockSlot({ locationId, calendarId: calendar.id, title: 'Team meeting', startTime: '2026-06-09T11:00:00-04:00', endTime: '2026-06-09T12:00:00-04:00' });
    const after = (await calendars.getSlots({ calendarId: calendar.id, startDate: from, endDate: to, timezone: 'America/New_York' })) as Any;
    assert.deepEqual(after['2026-06-09'].slots, ['2026-06-09T09:00:00-04:00', '2026-06-09T09:30:00-04:00', '2026-06-09T10:00:00-04:00', '2026-06-09T10:30:00-04:00']);

    const deleted = (await calendars.deleteEvent({ eventId: appointment.id }, {})) as Any;
    assert.deepEqual(deleted, { succeeded: true });
    const none = (await calendars.getCalendarEvents({ locationId, calendarId: calendar.id, startTime: String(from), endTime: String(to) })) as Any;
    assert.deepEqual(none.events, []);
  });

  it('reaches the v3 service routes through the same client (ghl.request)', async () => {
    const v3 = { Version: 'v3' };
    const service = await ghl.request({
      method: 'POST', url: '/calendars/services/catalog', headers: v3,
      data: { locationId, name: 'SDK service', slug: 'sdk-service', staff: [{ id: t.demo.host.id }], serviceDuration: 30 },
    });
    assert.equal(service.status, 201);
    const booked = await ghl.request({
      method: 'POST', url: '/calendars/services/bookings', headers: v3,
      data: { locationId, contactId: t.demo.contact.id, startTime: '2026-06-10T09:00:00-04:00', endTime: '2026-06-10T09:30:00-04:00', timezone: 'America/New_York', services: [{ id: service.data.service.id }] },
    });
    assert.equal(booked.status, 201);
    const read = await ghl.request({ method: 'GET', url: `/calendars/services/bookings/${booked.data.bookingId}`, headers: v3 });
    assert.equal(read.data.services[0].serviceStaffId, t.demo.host.id);
  });

  it('surfaces a bad request and a bad token as the SDK’s own error classes', async () => {
    await assert.rejects(
      (ghl.contacts as Any).createContact({ locationId, email: 42 }),
      (e: unknown) => e instanceof GHLValidationError && e.statusCode === 422,
    );
    await assert.rejects(
      (ghl.calendars as Any).createAppointment({ locationId, calendarId: t.demo.calendar.id, contactId: t.demo.contact.id, startTime: 'not a date' }),
      (e: unknown) => e instanceof GHLValidationError && e.statusCode === 400,
    );
    await assert.rejects(
      (sdkFor(t.url, 'sbk_wrong') as Any).calendars.getCalendars({ locationId }),
      (e: unknown) => e instanceof GHLAuthenticationError && e.statusCode === 401,
    );
  });
});
