import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConflictError } from '../../src/services/errors.ts';
import type { Principal } from '../../src/services/principal.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const ALL_DAY = [{ start: '00:00', end: '24:00' }];
const EVERY_DAY = { monday: ALL_DAY, tuesday: ALL_DAY, wednesday: ALL_DAY, thursday: ALL_DAY, friday: ALL_DAY, saturday: ALL_DAY, sunday: ALL_DAY };

// What the service loads around a range, checked on days that are not 24 hours long and with
// zones far apart (TEST_NOW is 2026-06-01T12:00Z; every calendar here has an unlimited window).
describe('free slots: what is loaded around the range', () => {
  let t: TestServer;
  let principal: Principal;
  let hostCount = 0;

  /** A host open all day every day in `zone` (date rules optional) and a personal calendar of it in `calendarZone`. */
  async function calendarIn(zone: string, options: { calendarZone?: string; durations?: number[]; dailyLimit?: { max: number; scope: 'host' | 'calendar' }; closedDates?: string[] } = {}) {
    const { services } = t.app;
    hostCount++;
    const user = await services.users.create(principal, {
      locationId: t.demo.location.id,
      firstName: `Zone${hostCount}`,
      lastName: 'Host',
      email: `zone${hostCount}@example.com`,
      timeZone: zone,
    });
    await services.schedules.create(principal, {
      userId: user.id,
      timeZone: zone,
      weeklyHours: EVERY_DAY,
      dateOverrides: (options.closedDates ?? []).map((date) => ({ date, intervals: [] })),
    });
    return services.calendars.create(principal, {
      locationId: t.demo.location.id,
      name: `In ${zone} ${hostCount}`,
      kind: 'personal',
      hosts: [{ userId: user.id }],
      durations: options.durations ?? [30],
      timeZone: options.calendarZone ?? zone,
      ...(options.dailyLimit ? { dailyLimit: options.dailyLimit } : {}),
    });
  }

  const starts = async (calendarId: string, start: string, end: string, timeZone?: string) =>
    Object.values((await t.app.services.freeSlots.find(principal, calendarId, { start, end, timeZone })).byDate).flat();
  const book = (calendarId: string, start: string) => t.app.services.bookings.create(principal, { calendarId, start, contactId: t.demo.contact.id });

  before(async () => {
    t = await startTestServer();
    principal = await t.app.services.apiKeys.authenticate(t.demo.adminKey.secret);
  });
  after(() => t.close());

  it('a daily limit counts the whole 25-hour day when New York falls back (2026-11-01)', async () => {
    const calendar = await calendarIn('America/New_York', { dailyLimit: { max: 1, scope: 'calendar' } });
    await book(calendar.id, '2026-11-01T00:00:00-04:00');
    // 23:30 EST is 24.5 hours after that day's midnight (EDT).
    assert.deepEqual(await starts(calendar.id, '2026-11-01T23:00:00-05:00', '2026-11-02T00:00:00-05:00'), []);
    await assert.rejects(book(calendar.id, '2026-11-01T23:30:00-05:00'), ConflictError);
    assert.deepEqual(await starts(calendar.id, '2026-11-02T00:00:00-05:00', '2026-11-02T01:00:00-05:00'), ['2026-11-02T00:00:00-05:00', '2026-11-02T00:30:00-05:00']);
  });

  it('a daily limit counts the whole 24½-hour day when Lord Howe Island goes back half an hour (2027-04-04)', async () => {
    const calendar = await calendarIn('Australia/Lord_Howe', { durations: [15], dailyLimit: { max: 1, scope: 'host' } });
    await book(calendar.id, '2027-04-04T00:00:00+11:00');
    assert.deepEqual(await starts(calendar.id, '2027-04-04T23:00:00+10:30', '2027-04-05T00:00:00+10:30'), []);
    await assert.rejects(book(calendar.id, '2027-04-04T23:45:00+10:30'), ConflictError);
    assert.equal((await starts(calendar.id, '2027-04-05', '2027-04-05')).length, 96, 'the next day is open again');
  });

  it('a date rule applies on its own zone’s date when the calendar’s zone is a day away (Kiritimati host, Pago Pago calendar)', async () => {
    const calendar = await calendarIn('Pacific/Kiritimati', { calendarZone: 'Pacific/Pago_Pago', durations: [60], closedDates: ['2026-06-13'] });
    // 10:00Z is 2026-06-13 00:00 in Kiritimati (+14) and 2026-06-11 23:00 in Pago Pago (−11).
    assert.deepEqual(await starts(calendar.id, '2026-06-12T08:00:00Z', '2026-06-12T10:30:00Z', 'UTC'), ['2026-06-12T08:00:00+00:00', '2026-06-12T09:00:00+00:00']);
    await assert.rejects(book(calendar.id, '2026-06-12T10:00:00Z'), ConflictError);
    assert.deepEqual(await starts(calendar.id, '2026-06-13T09:00:00Z', '2026-06-13T11:00:00Z', 'UTC'), ['2026-06-13T10:00:00+00:00'], 'open again at 00:00 on the 14th there');
  });

  it('New York’s spring-forward night keeps its real starts, in the calendar’s zone and in Kathmandu’s', async () => {
    const calendar = await calendarIn('America/New_York');
    const night = await starts(calendar.id, '2027-03-14T00:00:00-05:00', '2027-03-14T04:00:00-04:00');
    assert.deepEqual(night, [
      '2027-03-14T00:00:00-05:00', '2027-03-14T00:30:00-05:00', '2027-03-14T01:00:00-05:00', '2027-03-14T01:30:00-05:00',
      '2027-03-14T03:00:00-04:00', '2027-03-14T03:30:00-04:00',
    ]);
    const kathmandu = await starts(calendar.id, '2027-03-14T00:00:00-05:00', '2027-03-14T04:00:00-04:00', 'Asia/Kathmandu');
    assert.deepEqual(kathmandu, [
      '2027-03-14T10:45:00+05:45', '2027-03-14T11:15:00+05:45', '2027-03-14T11:45:00+05:45', '2027-03-14T12:15:00+05:45',
      '2027-03-14T12:45:00+05:45', '2027-03-14T13:15:00+05:45',
    ]);
    const day = await t.app.services.freeSlots.find(principal, calendar.id, { start: '2027-03-14', end: '2027-03-14' });
    assert.equal(day.byDate['2027-03-14']!.length, 46, 'a 23-hour day has 46 half hours');
  });

  it('a Europe/London host’s autumn day has 50 half hours, the repeated hour listed with both offsets', async () => {
    const calendar = await calendarIn('Europe/London');
    const day = (await t.app.services.freeSlots.find(principal, calendar.id, { start: '2026-10-25', end: '2026-10-25' })).byDate['2026-10-25']!;
    assert.equal(day.length, 50);
    assert.deepEqual(day.slice(2, 6), ['2026-10-25T01:00:00+01:00', '2026-10-25T01:30:00+01:00', '2026-10-25T01:00:00+00:00', '2026-10-25T01:30:00+00:00']);
  });
});
