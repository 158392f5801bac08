import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SCOPES } from '../../../src/services/scopes.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';

// TEST_NOW is 2026-06-01T12:00Z: Monday 08:00 in New York, where the demo host works
// Monday–Friday 09:00–12:00 and 13:00–17:00 on the 30-minute demo calendar.
const MONDAY_NY = [
  '09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '13:00', '13:30', '14:00', '14:30', '15:00', '15:30', '16:00', '16:30',
].map((t) => `2026-06-01T${t}:00-04:00`);

describe('native API: free slots', () => {
  let t: TestServer;
  let calendar: string;
  before(async () => {
    t = await startTestServer();
    calendar = t.demo.calendar.id;
  });
  after(() => t.close());

  it('lists the free starts of a day in the calendar’s zone', async () => {
    const res = await t.request('GET', `/v1/calendars/${calendar}/slots?start=2026-06-01&end=2026-06-01`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.timeZone, 'America/New_York');
    assert.equal(res.body.duration, 30);
    assert.deepEqual(Object.keys(res.body.dates), ['2026-06-01']);
    assert.deepEqual(res.body.dates['2026-06-01'], MONDAY_NY);
    assert.equal(res.body.slots, undefined, 'a personal calendar lists starts only');
    const detailed = await t.request('GET', `/v1/calendars/${calendar}/slots?start=2026-06-01&end=2026-06-01&details=true`);
    assert.deepEqual(detailed.body.slots['2026-06-01'][0], { start: MONDAY_NY[0], hostIds: [t.demo.host.id], remainingSeats: 1 });
  });

  it('round-robin and seated calendars say which hosts and how many seats are free, unless asked not to', async () => {
    const user = await t.request('POST', '/v1/users', { body: { locationId: t.demo.location.id, firstName: 'Rr', lastName: 'Two', email: 'rr2@example.com' } });
    await t.request('POST', '/v1/schedules', { body: { userId: user.body.id, weeklyHours: { monday: [{ start: '09:00', end: '10:00' }] } } });
    const team = await t.request('POST', '/v1/calendars', {
      body: { locationId: t.demo.location.id, name: 'RR slots', kind: 'round_robin', hosts: [{ userId: t.demo.host.id }, { userId: user.body.id }] },
    });
    const plain = await t.request('GET', `/v1/calendars/${team.body.id}/slots?start=2026-06-01&end=2026-06-01&details=false`);
    assert.equal(plain.body.slots, undefined, 'details=false lists starts only');
    const res = await t.request('GET', `/v1/calendars/${team.body.id}/slots?start=2026-06-01&end=2026-06-01`);
    assert.deepEqual(res.body.dates, plain.body.dates, 'the same starts either way');
    assert.deepEqual(res.body.slots['2026-06-01'][0], { start: MONDAY_NY[0], hostIds: [t.demo.host.id, user.body.id], remainingSeats: 2 });
    assert.deepEqual(res.body.slots['2026-06-01'][2].hostIds, [t.demo.host.id]);
    const yoga = await t.request('POST', '/v1/calendars', {
      body: { locationId: t.demo.location.id, name: 'Seated', kind: 'class', hosts: [{ userId: t.demo.host.id }], seatsPerSlot: 12 },
    });
    const seated = await t.request('GET', `/v1/calendars/${yoga.body.id}/slots?start=2026-06-01&end=2026-06-01`);
    assert.equal(seated.body.slots['2026-06-01'][0].remainingSeats, 12);
  });

  it('an event calendar without hosts has its own schedule, lists no hosts and is taken as a whole', async () => {
    const event = await t.request('POST', '/v1/calendars', {
      body: { locationId: t.demo.location.id, name: 'Open day', kind: 'event', hosts: [], durations: [60], timeZone: 'Europe/London' },
    });
    assert.equal(event.status, 201, JSON.stringify(event.body));
    const schedule = await t.request('POST', '/v1/schedules', {
      body: { calendarId: event.body.id, timeZone: 'Europe/London', weeklyHours: { tuesday: [{ start: '10:00', end: '12:00' }] } },
    });
    assert.equal(schedule.status, 201, JSON.stringify(schedule.body));
    const url = `/v1/calendars/${event.body.id}/slots?start=2026-06-02&end=2026-06-02&details=true`;
    const res = await t.request('GET', url);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.dates, { '2026-06-02': ['2026-06-02T10:00:00+01:00', '2026-06-02T11:00:00+01:00'] });
    assert.deepEqual(res.body.slots['2026-06-02'][0], { start: '2026-06-02T10:00:00+01:00', hostIds: [], remainingSeats: 1 });

    const booking = { calendarId: event.body.id, start: '2026-06-02T10:00:00+01:00', contactId: t.demo.contact.id };
    const first = await t.request('POST', '/v1/bookings', { body: booking });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.deepEqual(first.body.hosts, []);
    assert.equal((await t.request('POST', '/v1/bookings', { body: booking })).status, 409, 'the calendar itself is taken');
    assert.deepEqual((await t.request('GET', url)).body.dates, { '2026-06-02': ['2026-06-02T11:00:00+01:00'] });

    // Given a host later, the calendar stays taken where it was booked as a whole.
    assert.equal((await t.request('PATCH', `/v1/calendars/${event.body.id}`, { body: { hosts: [{ userId: t.demo.host.id }] } })).status, 200);
    await t.request('POST', '/v1/schedules', { body: { userId: t.demo.host.id, name: 'Open day hours', weeklyHours: { tuesday: [{ start: '05:00', end: '07:00' }] }, appliesTo: [event.body.id], isDefault: false } });
    assert.deepEqual((await t.request('GET', url)).body.dates, { '2026-06-02': ['2026-06-02T11:00:00+01:00'] });
    assert.equal((await t.request('POST', '/v1/bookings', { body: booking })).status, 409);
    const hosted = await t.request('POST', '/v1/bookings', { body: { ...booking, start: '2026-06-02T11:00:00+01:00' } });
    assert.equal(hosted.status, 201, JSON.stringify(hosted.body));

    // Without hosts again, every booking of the calendar occupies it, whoever held it.
    assert.equal((await t.request('PATCH', `/v1/calendars/${event.body.id}`, { body: { hosts: [] } })).status, 200);
    assert.deepEqual((await t.request('GET', url)).body.dates, {});
    assert.equal((await t.request('POST', '/v1/bookings', { body: { ...booking, start: '2026-06-02T11:00:00+01:00' } })).status, 409);
  });

  it('a daily limit holds on an event calendar without hosts', async () => {
    const event = await t.request('POST', '/v1/calendars', {
      body: { locationId: t.demo.location.id, name: 'Tastings', kind: 'event', hosts: [], durations: [60], timeZone: 'America/New_York', dailyLimit: { max: 2, scope: 'calendar' } },
    });
    await t.request('POST', '/v1/schedules', { body: { calendarId: event.body.id, weeklyHours: { thursday: [{ start: '10:00', end: '15:00' }] } } });
    const book = (time: string) => t.request('POST', '/v1/bookings', { body: { calendarId: event.body.id, start: `2026-06-11T${time}:00-04:00`, contactId: t.demo.contact.id } });
    assert.equal((await book('10:00')).status, 201);
    assert.equal((await book('12:00')).status, 201);
    assert.equal((await book('14:00')).status, 409, 'the day is full');
    assert.deepEqual((await t.request('GET', `/v1/calendars/${event.body.id}/slots?start=2026-06-11&end=2026-06-11`)).body.dates, {});
  });

  it('a draft calendar offers no starts and takes no bookings until it is active again', async () => {
    const draft = await t.request('POST', '/v1/calendars', {
      body: { locationId: t.demo.location.id, name: 'Not yet', kind: 'personal', hosts: [{ userId: t.demo.host.id }], active: false },
    });
    assert.equal(draft.status, 201, JSON.stringify(draft.body));
    assert.equal(draft.body.active, false);
    const url = `/v1/calendars/${draft.body.id}/slots?start=2026-06-08&end=2026-06-08`;
    assert.deepEqual((await t.request('GET', url)).body.dates, {});
    const booking = { calendarId: draft.body.id, start: '2026-06-08T09:00:00-04:00', contactId: t.demo.contact.id };
    const refused = await t.request('POST', '/v1/bookings', { body: booking });
    assert.equal(refused.status, 422);
    assert.equal(refused.body.error.details[0].field, 'calendarId');
    await t.request('PATCH', `/v1/calendars/${draft.body.id}`, { body: { active: true } });
    assert.equal((await t.request('GET', url)).body.dates['2026-06-08'].length, 14);
  });

  it('keys the answer by the requested zone’s dates', async () => {
    const res = await t.request('GET', `/v1/calendars/${calendar}/slots?start=2026-06-01T00:00:00Z&end=2026-06-02T00:00:00Z&timezone=Asia/Kathmandu`);
    assert.equal(res.status, 200);
    // 09:00 New York = 18:45 Kathmandu; 16:30 New York = 02:15 the next day there.
    assert.equal(res.body.dates['2026-06-01'][0], '2026-06-01T18:45:00+05:45');
    assert.equal(res.body.dates['2026-06-02'].at(-1), '2026-06-02T02:15:00+05:45');
    const lower = await t.request('GET', `/v1/calendars/${calendar}/slots?start=2026-06-01&end=2026-06-01&timezone=utc`);
    assert.equal(lower.body.timeZone, 'UTC', 'the zone is answered in its canonical spelling');
    const all = [...res.body.dates['2026-06-01'], ...res.body.dates['2026-06-02']];
    assert.equal(all.length, 14);
  });

  it('a block on the host removes the slots it touches', async () => {
    const block = await t.request('POST', '/v1/blocked-slots', {
      body: { userId: t.demo.host.id, start: '2026-06-02T10:00:00-04:00', end: '2026-06-02T11:00:00-04:00', title: 'Dentist' },
    });
    assert.equal(block.status, 201, JSON.stringify(block.body));
    const res = await t.request('GET', `/v1/calendars/${calendar}/slots?start=2026-06-02&end=2026-06-02`);
    const starts = res.body.dates['2026-06-02'].map((s: string) => s.slice(11, 16));
    assert.deepEqual(starts, ['09:00', '09:30', '11:00', '11:30', '13:00', '13:30', '14:00', '14:30', '15:00', '15:30', '16:00', '16:30']);
  });

  it('a block on a calendar closes it for its hosts, not their other calendars, and refuses bookings there', async () => {
    const other = await t.request('POST', '/v1/calendars', { body: { locationId: t.demo.location.id, name: 'Blocked one', kind: 'personal', hosts: [{ userId: t.demo.host.id }] } });
    const block = await t.request('POST', '/v1/blocked-slots', { body: { calendarId: other.body.id, start: '2026-06-09T09:00:00-04:00', end: '2026-06-09T12:00:00-04:00' } });
    assert.equal(block.status, 201, JSON.stringify(block.body));
    const day = async (id: string) => (await t.request('GET', `/v1/calendars/${id}/slots?start=2026-06-09&end=2026-06-09`)).body.dates['2026-06-09'].map((s: string) => s.slice(11, 16));
    assert.equal((await day(other.body.id))[0], '13:00', 'the morning is closed on the blocked calendar');
    assert.equal((await day(calendar))[0], '09:00', 'the host’s other calendar is not');
    const refused = await t.request('POST', '/v1/bookings', { body: { calendarId: other.body.id, start: '2026-06-09T10:00:00-04:00', contactId: t.demo.contact.id } });
    assert.equal(refused.status, 409);
  });

  it('a collective calendar offers the starts where every host is free and books them all', async () => {
    const user = await t.request('POST', '/v1/users', { body: { locationId: t.demo.location.id, firstName: 'Co', lastName: 'Host', email: 'co-host@example.com' } });
    await t.request('POST', '/v1/schedules', { body: { userId: user.body.id, weeklyHours: { wednesday: [{ start: '10:00', end: '14:00' }] } } });
    const both = await t.request('POST', '/v1/calendars', {
      body: { locationId: t.demo.location.id, name: 'Both of us', kind: 'collective', durations: [60], hosts: [{ userId: t.demo.host.id }, { userId: user.body.id }] },
    });
    const url = `/v1/calendars/${both.body.id}/slots?start=2026-06-10&end=2026-06-10`;
    // Demo host 09–12 and 13–17, co-host 10–14: together 10–12 and 13–14.
    assert.deepEqual((await t.request('GET', url)).body.dates['2026-06-10'].map((s: string) => s.slice(11, 16)), ['10:00', '11:00', '13:00']);
    const booked = await t.request('POST', '/v1/bookings', { body: { calendarId: both.body.id, start: '2026-06-10T11:00:00-04:00', contactId: t.demo.contact.id } });
    assert.equal(booked.status, 201, JSON.stringify(booked.body));
    assert.deepEqual(new Set(booked.body.hosts.map((h: { userId: string }) => h.userId)), new Set([t.demo.host.id, user.body.id]));
    assert.deepEqual((await t.request('GET', url)).body.dates['2026-06-10'].map((s: string) => s.slice(11, 16)), ['10:00', '13:00']);
    const demoDay = await t.request('GET', `/v1/calendars/${calendar}/slots?start=2026-06-10&end=2026-06-10`);
    assert.ok(!demoDay.body.dates['2026-06-10'].some((s: string) => s.slice(11, 16) === '11:00' || s.slice(11, 16) === '11:30'), 'the demo host is busy then on every calendar');
  });

  it('a service calendar offers its host’s free starts like a personal one', async () => {
    const service = await t.request('POST', '/v1/calendars', {
      body: { locationId: t.demo.location.id, name: 'Haircut', kind: 'service', durations: [45], slotInterval: 15, hosts: [{ userId: t.demo.host.id }] },
    });
    assert.equal(service.status, 201, JSON.stringify(service.body));
    const res = await t.request('GET', `/v1/calendars/${service.body.id}/slots?start=2026-06-11&end=2026-06-11`);
    const starts = res.body.dates['2026-06-11'].map((s: string) => s.slice(11, 16));
    // 45 minutes every 15 inside 09–12 and 13–17.
    assert.deepEqual(starts.slice(0, 4), ['09:00', '09:15', '09:30', '09:45']);
    assert.ok(starts.includes('11:15') && !starts.includes('11:30'), 'the last morning start ends at 12:00');
    assert.equal(starts.at(-1), '16:15');
  });

  it('honours minimum notice from the injected clock', async () => {
    await t.request('PATCH', `/v1/calendars/${calendar}`, { body: { minimumNotice: { amount: 3, unit: 'hours' } } });
    try {
      const res = await t.request('GET', `/v1/calendars/${calendar}/slots?start=2026-06-01&end=2026-06-01`);
      // now = 08:00 New York; 3 hours' notice → the first start is 11:00.
      assert.equal(res.body.dates['2026-06-01'][0], '2026-06-01T11:00:00-04:00');
    } finally {
      await t.request('PATCH', `/v1/calendars/${calendar}`, { body: { minimumNotice: { amount: 0, unit: 'minutes' } } });
    }
  });

  it('uses the requested duration when the calendar allows it', async () => {
    await t.request('PATCH', `/v1/calendars/${calendar}`, { body: { durations: [30, 60] } });
    const res = await t.request('GET', `/v1/calendars/${calendar}/slots?start=2026-06-01&end=2026-06-01&duration=60`);
    assert.equal(res.status, 200);
    assert.equal(res.body.duration, 60);
    assert.deepEqual(res.body.dates['2026-06-01'].map((s: string) => s.slice(11, 16)), ['09:00', '10:00', '11:00', '13:00', '14:00', '15:00', '16:00']);
    const bad = await t.request('GET', `/v1/calendars/${calendar}/slots?start=2026-06-01&end=2026-06-01&duration=45`);
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error.details[0].field, 'duration');
  });

  it('narrows to the given hosts', async () => {
    const none = await t.request('GET', `/v1/calendars/${calendar}/slots?start=2026-06-01&end=2026-06-01&userIds=AAAAAAAAAAAAAAAAAAAA`);
    assert.equal(none.status, 200);
    assert.deepEqual(none.body.dates, {});
    const host = await t.request('GET', `/v1/calendars/${calendar}/slots?start=2026-06-01&end=2026-06-01&userIds=${t.demo.host.id}`);
    assert.equal(host.body.dates['2026-06-01'].length, 14);
  });

  it('rejects bad ranges and parameters naming them', async () => {
    const cases: Array<[string, number, string]> = [
      ['start=2026-06-01&end=2026-07-15', 422, 'end'],
      ['start=2026-06-02&end=2026-06-01T00:00:00Z', 422, 'end'],
      ['start=yesterday-ish&end=2026-06-01', 422, 'start'],
      ['start=2026-06-01&end=2026-06-01&timezone=Mars/Olympus', 422, 'timezone'],
      ['end=2026-06-01', 400, 'start'],
      ['start=2026-06-01&end=2026-06-01&duration=abc', 400, 'duration'],
      ['start=2026-06-01&end=2026-06-01&colour=red', 400, 'colour'],
      ['start=9999-12-30&end=9999-12-31', 422, 'end'],
      ['start=1899-12-31&end=1900-01-01', 422, 'start'],
    ];
    for (const [query, status, field] of cases) {
      const res = await t.request('GET', `/v1/calendars/${calendar}/slots?${query}`);
      assert.equal(res.status, status, `${query} → ${JSON.stringify(res.body)}`);
      assert.ok(res.body.error.details.some((d: { field: string }) => d.field === field), `${query} names ${field}: ${JSON.stringify(res.body)}`);
    }
    const month = await t.request('GET', `/v1/calendars/${calendar}/slots?start=2026-06-01&end=2026-07-01`);
    assert.equal(month.status, 200, '31 whole days are allowed');
    const instants = await t.request('GET', `/v1/calendars/${calendar}/slots?start=2026-06-01T00:00:00Z&end=2026-07-02T00:00:00Z`);
    assert.equal(instants.status, 200, '31 × 24 hours between instants are allowed');
    const longer = await t.request('GET', `/v1/calendars/${calendar}/slots?start=2026-06-01T00:00:00Z&end=2026-07-02T00:59:00Z`);
    assert.equal(longer.status, 422, 'a minute past 31 days is refused');
    assert.equal(longer.body.error.details[0].field, 'end');
    // 31 local days across the autumn change are 31 × 24 + 1 hours, across the spring one 31 × 24 − 1.
    const autumn = await t.request('GET', `/v1/calendars/${calendar}/slots?start=2026-10-20&end=2026-11-19`);
    assert.equal(autumn.status, 200, JSON.stringify(autumn.body));
    const autumnLonger = await t.request('GET', `/v1/calendars/${calendar}/slots?start=2026-10-20&end=2026-11-20`);
    assert.equal(autumnLonger.status, 422);
    const spring = await t.request('GET', `/v1/calendars/${calendar}/slots?start=2026-03-01T00:00:00-05:00&end=2026-04-01T00:00:00-04:00`);
    assert.equal(spring.status, 200, JSON.stringify(spring.body));
    const springLonger = await t.request('GET', `/v1/calendars/${calendar}/slots?start=2026-03-01T00:00:00-05:00&end=2026-04-01T00:30:00-04:00`);
    assert.equal(springLonger.status, 422, 'the spring change does not lend its hour');
  });

  it('answers 404 for another tenant’s calendar and 403 without the scope', async () => {
    const other = await t.request('POST', '/v1/locations', { body: { name: 'Elsewhere', timeZone: 'UTC' } });
    const keyB = (await t.request('POST', '/v1/api-keys', { body: { name: 'B', scopes: [...SCOPES], locationId: other.body.id } })).body.secret;
    assert.equal((await t.request('GET', `/v1/calendars/${calendar}/slots?start=2026-06-01&end=2026-06-01`, { key: keyB })).status, 404);
    const noScope = (await t.request('POST', '/v1/api-keys', { body: { name: 'c', scopes: ['contacts.readonly'], locationId: t.demo.location.id } })).body.secret;
    assert.equal((await t.request('GET', `/v1/calendars/${calendar}/slots?start=2026-06-01&end=2026-06-01`, { key: noScope })).status, 403);
  });
});
