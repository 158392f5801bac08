import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SCOPES } from '../../../src/services/scopes.ts';
import { startTestServer, TEST_NOW, type TestServer } from '../../helpers/server.ts';

// TEST_NOW = 2026-06-01T12:00Z, Monday 08:00 in New York; the demo host works 09–12 and 13–17.
describe('native API: bookings', () => {
  let t: TestServer;
  let calendar: string;
  let contact: string;
  const book = (start: string, extra: Record<string, unknown> = {}, options: { key?: string; headers?: Record<string, string> } = {}) =>
    t.request('POST', '/v1/bookings', { body: { calendarId: calendar, start, contactId: contact, ...extra }, ...options });

  before(async () => {
    t = await startTestServer();
    calendar = t.demo.calendar.id;
    contact = t.demo.contact.id;
  });
  after(() => t.close());

  it('books, reads and lists a booking; the slot disappears', async () => {
    const res = await book('2026-06-02T09:00:00-04:00', { title: 'First chat' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.status, 'confirmed');
    assert.equal(res.body.start, '2026-06-02T13:00:00.000Z');
    assert.equal(res.body.duration, 30);
    assert.deepEqual(res.body.hosts, [{ userId: t.demo.host.id, role: 'primary' }]);
    assert.equal(res.body.createdBy.type, 'api_key');
    assert.deepEqual((await t.request('GET', `/v1/bookings/${res.body.id}`)).body, res.body);

    const list = await t.request('GET', `/v1/bookings?calendarId=${calendar}&from=2026-06-02T00:00:00Z&to=2026-06-03T00:00:00Z`);
    assert.equal(list.body.pagination.total, 1);
    const slots = await t.request('GET', `/v1/calendars/${calendar}/slots?start=2026-06-02&end=2026-06-02`);
    assert.equal(slots.body.dates['2026-06-02'][0], '2026-06-02T09:30:00-04:00');

    const taken = await book('2026-06-02T09:00:00-04:00');
    assert.equal(taken.status, 409);
    assert.equal(taken.body.error.code, 'conflict');
  });

  it('reschedules, keeping the history of earlier times and who moved them', async () => {
    const created = await book('2026-06-03T09:00:00-04:00');
    const moved = await t.request('POST', `/v1/bookings/${created.body.id}/reschedule`, { body: { start: '2026-06-03T14:00:00-04:00', reason: 'Clash' } });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.equal(moved.body.start, '2026-06-03T18:00:00.000Z');
    const history = await t.request('GET', `/v1/bookings/${created.body.id}/history`);
    assert.deepEqual(history.body.data.map((e: { type: string }) => e.type), ['created', 'rescheduled']);
    const entry = history.body.data[1];
    assert.equal(entry.before.start, '2026-06-03T13:00:00.000Z');
    assert.equal(entry.after.start, '2026-06-03T18:00:00.000Z');
    assert.equal(entry.reason, 'Clash');
    assert.equal(entry.actor.type, 'api_key');
    // The old time is free again; the new one is taken.
    assert.equal((await book('2026-06-03T09:00:00-04:00')).status, 201);
    assert.equal((await book('2026-06-03T14:00:00-04:00')).status, 409);
    const off = await t.request('POST', `/v1/bookings/${created.body.id}/reschedule`, { body: { start: '2026-06-03T12:00:00-04:00' } });
    assert.equal(off.status, 409, 'the lunch break is not available');
  });

  it('cancels with a reason; an invitee cannot cancel inside the cancellation window', async () => {
    const created = await book('2026-06-04T09:00:00-04:00');
    await t.request('PATCH', `/v1/calendars/${calendar}`, { body: { cancellationWindow: 7 * 24 * 60 } });
    try {
      const invitee = await t.request('POST', `/v1/bookings/${created.body.id}/cancel`, { body: { reason: 'Ill', by: { type: 'contact', id: contact } } });
      assert.equal(invitee.status, 422);
      assert.equal(invitee.body.error.details[0].field, 'start');
    } finally {
      await t.request('PATCH', `/v1/calendars/${calendar}`, { body: { cancellationWindow: null } });
    }
    const cancelled = await t.request('POST', `/v1/bookings/${created.body.id}/cancel`, { body: { reason: 'Ill' } });
    assert.equal(cancelled.status, 200);
    assert.equal(cancelled.body.status, 'cancelled');
    assert.equal(cancelled.body.cancelReason, 'Ill');
    assert.equal((await t.request('POST', `/v1/bookings/${created.body.id}/cancel`, { body: {} })).status, 409);
    assert.equal((await book('2026-06-04T09:00:00-04:00')).status, 201, 'the time is free again');
  });

  it('pending bookings wait for confirm or decline; no-show and complete follow', async () => {
    await t.request('PATCH', `/v1/calendars/${calendar}`, { body: { autoConfirm: false } });
    try {
      const a = await book('2026-06-05T09:00:00-04:00');
      assert.equal(a.body.status, 'pending');
      const confirmed = await t.request('POST', `/v1/bookings/${a.body.id}/confirm`, { body: {} });
      assert.equal(confirmed.body.status, 'confirmed');
      assert.equal((await t.request('POST', `/v1/bookings/${a.body.id}/confirm`)).status, 409);
      assert.equal((await t.request('POST', `/v1/bookings/${a.body.id}/no-show`)).body.status, 'no_show');
      assert.equal((await t.request('POST', `/v1/bookings/${a.body.id}/complete`)).body.status, 'completed');

      const b = await book('2026-06-05T10:00:00-04:00');
      assert.equal((await t.request('POST', `/v1/bookings/${b.body.id}/decline`, { body: { reason: 'Full' } })).body.status, 'declined');
      assert.equal((await book('2026-06-05T10:00:00-04:00')).status, 201, 'a declined booking frees its time');
    } finally {
      await t.request('PATCH', `/v1/calendars/${calendar}`, { body: { autoConfirm: true } });
    }
  });

  it('updates details, deletes, and keeps notes with pagination', async () => {
    const created = await book('2026-06-08T09:00:00-04:00');
    const patched = await t.request('PATCH', `/v1/bookings/${created.body.id}`, { body: { title: 'Renamed', meetingLocation: { kind: 'phone', value: '+1 555 0100' } } });
    assert.equal(patched.body.title, 'Renamed');
    assert.deepEqual(patched.body.meetingLocation, { kind: 'phone', value: '+1 555 0100' });

    for (const body of ['one', 'two', 'three']) {
      assert.equal((await t.request('POST', `/v1/bookings/${created.body.id}/notes`, { body: { body, userId: t.demo.host.id } })).status, 201);
    }
    const page = await t.request('GET', `/v1/bookings/${created.body.id}/notes?limit=2`);
    assert.equal(page.body.pagination.total, 3);
    assert.equal(page.body.data.length, 2);
    const note = page.body.data[0];
    const edited = await t.request('PATCH', `/v1/bookings/${created.body.id}/notes/${note.id}`, { body: { body: 'edited' } });
    assert.equal(edited.body.body, 'edited');
    assert.equal((await t.request('DELETE', `/v1/bookings/${created.body.id}/notes/${note.id}`)).status, 204);
    assert.equal((await t.request('GET', `/v1/bookings/${created.body.id}/notes`)).body.pagination.total, 2);
    assert.equal((await t.request('POST', `/v1/bookings/${created.body.id}/notes`, { body: { body: '   ' } })).status, 422);

    assert.equal((await t.request('DELETE', `/v1/bookings/${created.body.id}`)).status, 204);
    assert.equal((await t.request('GET', `/v1/bookings/${created.body.id}`)).status, 404);
    assert.equal((await book('2026-06-08T09:00:00-04:00')).status, 201);
  });

  it('replays a create with the same Idempotency-Key', async () => {
    const headers = { 'idempotency-key': 'abc-123' };
    const first = await book('2026-06-09T09:00:00-04:00', {}, { headers });
    const second = await book('2026-06-09T09:00:00-04:00', {}, { headers });
    assert.equal(second.status, 201);
    assert.equal(second.body.id, first.body.id);
    assert.equal(second.headers.get('idempotent-replayed'), 'true');
    const other = await book('2026-06-09T10:00:00-04:00', {}, { headers });
    assert.equal(other.status, 422);

    // The first answer comes back as it was, whatever happened to the bookings since.
    const seriesHeaders = { 'idempotency-key': 'series-1' };
    assert.equal((await book('2026-10-06T09:00:00-04:00')).status, 201);
    const series = await book('2026-10-05T09:00:00-04:00', { recurrence: { rrule: 'FREQ=DAILY;COUNT=3', onConflict: 'skip' } }, { headers: seriesHeaders });
    assert.equal(series.status, 201, JSON.stringify(series.body));
    assert.deepEqual(series.body.skippedOccurrences, ['2026-10-06T13:00:00.000Z']);
    assert.equal((await t.request('POST', `/v1/bookings/${series.body.id}/cancel`, { body: {} })).status, 200);
    const replayed = await book('2026-10-05T09:00:00-04:00', { recurrence: { rrule: 'FREQ=DAILY;COUNT=3', onConflict: 'skip' } }, { headers: seriesHeaders });
    assert.equal(replayed.status, 201);
    assert.equal(replayed.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(replayed.body, series.body, 'the same body: still confirmed there, the same skipped start');
  });

  it('books a weekly series that keeps its wall-clock time across the DST change', async () => {
    const res = await book('2026-10-21T10:00:00-04:00', { recurrence: { rrule: 'FREQ=WEEKLY;COUNT=3' } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.deepEqual(
      res.body.occurrences.map((o: { start: string }) => o.start),
      ['2026-10-21T14:00:00.000Z', '2026-10-28T14:00:00.000Z', '2026-11-04T15:00:00.000Z'],
    );
    assert.ok(res.body.occurrences.every((o: { seriesId: string }) => o.seriesId === res.body.seriesId));
    const clash = await book('2026-10-28T10:00:00-04:00', { recurrence: { rrule: 'FREQ=DAILY;COUNT=2' } });
    assert.equal(clash.status, 409, 'fail is the default when an occurrence is taken');
    const skipped = await book('2026-10-28T10:00:00-04:00', { recurrence: { rrule: 'FREQ=DAILY;COUNT=2', onConflict: 'skip' } });
    assert.equal(skipped.status, 201);
    assert.deepEqual(skipped.body.skippedOccurrences, ['2026-10-28T14:00:00.000Z']);
    assert.deepEqual(skipped.body.occurrences.map((o: { start: string }) => o.start), ['2026-10-29T14:00:00.000Z']);
    const next = await book('2026-10-21T10:00:00-04:00', { recurrence: { rrule: 'FREQ=WEEKLY;COUNT=1', onConflict: 'next' } });
    assert.equal(next.body.start, '2026-10-21T14:30:00.000Z', 'the next free slot after the taken one');

    const cancelAll = await t.request('POST', `/v1/bookings/${res.body.occurrences[1].id}/cancel`, { body: { series: true } });
    assert.equal(cancelAll.status, 200);
    const states = await Promise.all(res.body.occurrences.map((o: { id: string }) => t.request('GET', `/v1/bookings/${o.id}`).then((r) => r.body.status)));
    assert.deepEqual(states, ['confirmed', 'cancelled', 'cancelled']);
    const bad = await book('2026-10-21T10:00:00-04:00', { recurrence: { rrule: 'FREQ=SOMETIMES' } });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error.details[0].field, 'recurrence.rrule');
  });

  it('50 simultaneous HTTP requests for one slot: one 201, 49 clean 409s', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, () => book('2026-06-11T15:00:00-04:00')));
    assert.equal(results.filter((r) => r.status === 201).length, 1);
    for (const r of results.filter((r) => r.status !== 201)) {
      assert.equal(r.status, 409);
      assert.equal(r.body.error.code, 'conflict');
    }
  });

  it('moves a whole series by the same amount', async () => {
    const series = await book('2026-06-15T13:00:00-04:00', { recurrence: { rrule: 'FREQ=WEEKLY;COUNT=3' } });
    const [first, second, third] = series.body.occurrences;
    const moved = await t.request('POST', `/v1/bookings/${second.id}/reschedule`, { body: { start: '2026-06-22T15:00:00-04:00', series: true } });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    const starts = await Promise.all([first, second, third].map((o: { id: string }) => t.request('GET', `/v1/bookings/${o.id}`).then((r) => r.body.start)));
    assert.deepEqual(starts, ['2026-06-15T17:00:00.000Z', '2026-06-22T19:00:00.000Z', '2026-06-29T19:00:00.000Z']);
  });

  it('moves a weekly series by a week: each occurrence lands where the next one was', async () => {
    const series = await book('2026-07-06T13:00:00-04:00', { recurrence: { rrule: 'FREQ=WEEKLY;COUNT=3' } });
    assert.equal(series.status, 201, JSON.stringify(series.body));
    const ids: string[] = series.body.occurrences.map((o: { id: string }) => o.id);
    const moved = await t.request('POST', `/v1/bookings/${ids[0]}/reschedule`, { body: { start: '2026-07-13T13:00:00-04:00', series: true } });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    const after = await Promise.all(ids.map((id) => t.request('GET', `/v1/bookings/${id}`).then((r) => r.body)));
    assert.deepEqual(after.map((b) => b.start), ['2026-07-13T17:00:00.000Z', '2026-07-20T17:00:00.000Z', '2026-07-27T17:00:00.000Z']);
    assert.ok(after.every((b) => b.seriesId === series.body.seriesId && b.status === 'confirmed'));
    assert.equal((await book('2026-07-06T13:00:00-04:00')).status, 201, 'the first week is free again');
    assert.equal((await book('2026-07-27T13:00:00-04:00')).status, 409, 'the new last week is taken');

    assert.equal((await book('2026-07-28T13:00:00-04:00')).status, 201);
    const clash = await t.request('POST', `/v1/bookings/${ids[0]}/reschedule`, { body: { start: '2026-07-14T13:00:00-04:00', series: true } });
    assert.equal(clash.status, 409, 'the last occurrence would land on a taken slot');
    const unchanged = await Promise.all(ids.map((id) => t.request('GET', `/v1/bookings/${id}`).then((r) => r.body.start)));
    assert.deepEqual(unchanged, ['2026-07-13T17:00:00.000Z', '2026-07-20T17:00:00.000Z', '2026-07-27T17:00:00.000Z'], 'all or nothing');
  });

  it('reschedules one occurrence of a series alone; the others stay', async () => {
    const series = await book('2026-07-07T14:00:00-04:00', { recurrence: { rrule: 'FREQ=WEEKLY;COUNT=3' } });
    const ids: string[] = series.body.occurrences.map((o: { id: string }) => o.id);
    const moved = await t.request('POST', `/v1/bookings/${ids[1]}/reschedule`, { body: { start: '2026-07-14T16:00:00-04:00' } });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.equal(moved.body.seriesId, series.body.seriesId, 'still part of its series');
    const starts = await Promise.all(ids.map((id) => t.request('GET', `/v1/bookings/${id}`).then((r) => r.body.start)));
    assert.deepEqual(starts, ['2026-07-07T18:00:00.000Z', '2026-07-14T20:00:00.000Z', '2026-07-21T18:00:00.000Z']);
  });

  it('onConflict force books a taken occurrence anyway, marked as an override; the free ones are ordinary', async () => {
    const taken = await book('2026-07-09T11:00:00-04:00');
    assert.equal(taken.status, 201);
    const series = await book('2026-07-08T11:00:00-04:00', { recurrence: { rrule: 'FREQ=DAILY;COUNT=3', onConflict: 'force' } });
    assert.equal(series.status, 201, JSON.stringify(series.body));
    const occurrences = series.body.occurrences as Array<{ start: string; override: boolean }>;
    assert.deepEqual(occurrences.map((o) => [o.start, o.override]), [
      ['2026-07-08T15:00:00.000Z', false],
      ['2026-07-09T15:00:00.000Z', true],
      ['2026-07-10T15:00:00.000Z', false],
    ]);
    assert.equal((await t.request('GET', `/v1/bookings/${taken.body.id}`)).body.status, 'confirmed', 'the booking already there stays');
  });

  it('round robin: availability mode goes by priority, equal distribution to the least booked free host', async () => {
    const user = await t.request('POST', '/v1/users', { body: { locationId: t.demo.location.id, firstName: 'Rr', lastName: 'Low', email: 'rr-low@example.com' } });
    const workday = [{ start: '09:00', end: '17:00' }];
    await t.request('POST', '/v1/schedules', { body: { userId: user.body.id, weeklyHours: { monday: workday, tuesday: workday, wednesday: workday, thursday: workday, friday: workday } } });
    const hosts = [{ userId: t.demo.host.id, priority: 'high' }, { userId: user.body.id, priority: 'low' }];
    const team = async (roundRobinMode: string) =>
      (await t.request('POST', '/v1/calendars', { body: { locationId: t.demo.location.id, name: `Team ${roundRobinMode}`, kind: 'round_robin', roundRobinMode, hosts } })).body.id as string;
    const hostsBooked = async (calendarId: string, starts: string[]) => {
      const chosen: string[] = [];
      for (const start of starts) {
        const res = await book(start, { calendarId });
        assert.equal(res.status, 201, JSON.stringify(res.body));
        chosen.push(res.body.hosts[0].userId === t.demo.host.id ? 'high' : 'low');
      }
      return chosen;
    };
    const byPriority = await team('availability');
    assert.deepEqual(await hostsBooked(byPriority, ['2026-08-03T09:00:00-04:00', '2026-08-03T10:00:00-04:00', '2026-08-03T11:00:00-04:00']), ['high', 'high', 'high']);
    const fair = await team('equal_distribution');
    assert.deepEqual(
      await hostsBooked(fair, ['2026-08-04T09:00:00-04:00', '2026-08-04T10:00:00-04:00', '2026-08-04T11:00:00-04:00', '2026-08-04T13:00:00-04:00']),
      ['high', 'low', 'high', 'low'],
    );
    // 'low' is the least booked (2 against 3) but busy on another calendar at 10:00: 'high' takes it.
    assert.equal((await book('2026-08-05T09:00:00-04:00', { calendarId: fair, hostId: t.demo.host.id })).status, 201);
    assert.equal((await book('2026-08-05T10:00:00-04:00', { calendarId: byPriority, hostId: user.body.id })).status, 201);
    assert.deepEqual(await hostsBooked(fair, ['2026-08-05T10:00:00-04:00', '2026-08-05T11:00:00-04:00']), ['high', 'low']);

    // A reschedule may name the host; a host of another calendar is refused.
    const given = await book('2026-08-06T09:00:00-04:00', { calendarId: byPriority });
    assert.equal(given.body.hosts[0].userId, t.demo.host.id);
    const moved = await t.request('POST', `/v1/bookings/${given.body.id}/reschedule`, { body: { start: '2026-08-06T10:00:00-04:00', hostId: user.body.id } });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.deepEqual(moved.body.hosts, [{ userId: user.body.id, role: 'primary' }]);
    const stranger = await t.request('POST', `/v1/bookings/${given.body.id}/reschedule`, { body: { start: '2026-08-06T11:00:00-04:00', hostId: 'AAAAAAAAAAAAAAAAAAAA' } });
    assert.equal(stranger.status, 422);
    assert.equal(stranger.body.error.details[0].field, 'hostId');
  });

  it('lists by host, contact, status and time, ordered and paged, and the upcoming ones by the clock', async () => {
    const loc = t.demo.location.id;
    const other = await t.request('POST', '/v1/contacts', { body: { locationId: loc, firstName: 'Lister', email: 'lister@example.com' } });
    const user = await t.request('POST', '/v1/users', { body: { locationId: loc, firstName: 'List', lastName: 'Host', email: 'list-host@example.com' } });
    await t.request('POST', '/v1/schedules', { body: { userId: user.body.id, weeklyHours: { tuesday: [{ start: '09:00', end: '17:00' }] } } });
    const own = await t.request('POST', '/v1/calendars', { body: { locationId: loc, name: 'List host', kind: 'personal', hosts: [{ userId: user.body.id }] } });
    const make = async (start: string, extra: Record<string, unknown> = {}) => {
      const res = await book(start, { contactId: other.body.id, ...extra });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.id as string;
    };
    const past = await make('2026-05-29T10:00:00-04:00', { override: true }); // before the clock's now (2026-06-01T12:00Z)
    const first = await make('2026-09-07T09:00:00-04:00');
    const second = await make('2026-09-07T10:00:00-04:00');
    const third = await make('2026-09-08T09:00:00-04:00', { calendarId: own.body.id });
    assert.equal((await t.request('POST', `/v1/bookings/${second}/cancel`, { body: {} })).status, 200);

    const ids = async (query: string) => {
      const res = await t.request('GET', `/v1/bookings?contactId=${other.body.id}&${query}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return { ids: res.body.data.map((b: { id: string }) => b.id), total: res.body.pagination.total };
    };
    assert.deepEqual(await ids(''), { ids: [past, first, second, third], total: 4 });
    assert.deepEqual(await ids('order=desc'), { ids: [third, second, first, past], total: 4 });
    assert.deepEqual(await ids('limit=2&offset=1'), { ids: [first, second], total: 4 });
    assert.deepEqual(await ids('status=cancelled'), { ids: [second], total: 1 });
    assert.deepEqual(await ids('status=confirmed,cancelled&hostId=' + user.body.id), { ids: [third], total: 1 });
    assert.deepEqual(await ids(`hostId=${t.demo.host.id}`), { ids: [past, first, second], total: 3 });
    assert.deepEqual(await ids('from=2026-09-07T13:30:00Z&to=2026-09-08T00:00:00Z'), { ids: [second], total: 1 }, 'overlapping the range');
    assert.deepEqual(await ids('upcoming=true'), { ids: [first, third], total: 2 }, 'not started, not cancelled');
    assert.deepEqual(await ids('upcoming=true&status=cancelled'), { ids: [second], total: 1 });
    await t.request('PATCH', `/v1/bookings/${third}`, { body: { title: 'Quarterly review' } });
    assert.deepEqual(await ids('q=QUARTERLY'), { ids: [third], total: 1 }, 'q searches titles');
    assert.equal((await t.request('GET', '/v1/bookings?hostId=AAAAAAAAAAAAAAAAAAAA')).status, 404);
    assert.equal((await t.request('GET', '/v1/bookings?contactId=AAAAAAAAAAAAAAAAAAAA')).status, 404);
    assert.equal((await t.request('GET', '/v1/bookings?upcoming=maybe')).status, 400);
  });

  it('records every state change with its time and actor', async () => {
    await t.request('PATCH', `/v1/calendars/${calendar}`, { body: { autoConfirm: false } });
    let pending: string;
    let declined: string;
    try {
      pending = (await book('2026-09-14T09:00:00-04:00')).body.id;
      declined = (await book('2026-09-14T10:00:00-04:00')).body.id;
    } finally {
      await t.request('PATCH', `/v1/calendars/${calendar}`, { body: { autoConfirm: true } });
    }
    const host = { type: 'user', id: t.demo.host.id };
    const invitee = { type: 'contact', id: contact };
    const post = async (id: string, action: string, body: Record<string, unknown>) => {
      const res = await t.request('POST', `/v1/bookings/${id}/${action}`, { body });
      assert.equal(res.status, 200, `${action}: ${JSON.stringify(res.body)}`);
    };
    await post(pending, 'confirm', { by: host });
    assert.equal((await t.request('PATCH', `/v1/bookings/${pending}`, { body: { title: 'Renamed' } })).status, 200);
    await post(pending, 'no-show', { reason: 'Did not come', by: host });
    await post(pending, 'complete', {});
    await post(declined, 'decline', { reason: 'Full', by: host });
    const cancelled = (await book('2026-09-14T11:00:00-04:00')).body.id;
    await post(cancelled, 'cancel', { reason: 'Travel', by: invitee });

    const history = async (id: string) => (await t.request('GET', `/v1/bookings/${id}/history`)).body.data as Array<Record<string, unknown>>;
    const now = new Date(TEST_NOW).toISOString();
    const summary = (entries: Array<Record<string, unknown>>) => entries.map((e) => [e.type, e.fromStatus, e.toStatus, e.reason, e.actor, e.at]);
    const key = (await history(pending))[0]!.actor as { type: string; id: string };
    assert.equal(key.type, 'api_key', 'without `by` the API key acts');
    assert.deepEqual(summary(await history(pending)), [
      ['created', null, 'pending', null, key, now],
      ['confirmed', 'pending', 'confirmed', null, host, now],
      ['updated', null, null, null, key, now],
      ['no_show', 'confirmed', 'no_show', 'Did not come', host, now],
      ['completed', 'no_show', 'completed', null, key, now],
    ]);
    assert.deepEqual(summary(await history(declined)).at(-1), ['declined', 'pending', 'declined', 'Full', host, now]);
    assert.deepEqual(summary(await history(cancelled)).at(-1), ['cancelled', 'confirmed', 'cancelled', 'Travel', invitee, now]);

    assert.equal((await t.request('DELETE', `/v1/bookings/${cancelled}`)).status, 204);
    const rows = await t.app.store.db
      .selectFrom('booking_events')
      .innerJoin('bookings', 'bookings.id', 'booking_events.booking_id')
      .select(['booking_events.type', 'booking_events.actor_type', 'booking_events.occurred_at'])
      .where('bookings.public_id', '=', cancelled)
      .orderBy('booking_events.id')
      .execute();
    assert.deepEqual(rows.map((r) => [r.type, r.actor_type, Number(r.occurred_at)]).at(-1), ['deleted', 'api_key', TEST_NOW], 'a deleted booking keeps its history');
  });

  it('holds invitees to the calendar’s cancel and reschedule rules', async () => {
    const invitee = { type: 'contact', id: contact };
    const own = await t.request('POST', '/v1/calendars', {
      body: { locationId: t.demo.location.id, name: 'Strict', kind: 'personal', hosts: [{ userId: t.demo.host.id }], allowCancel: false, allowReschedule: false },
    });
    const strict = (await book('2026-09-15T09:00:00-04:00', { calendarId: own.body.id })).body.id;
    const noCancel = await t.request('POST', `/v1/bookings/${strict}/cancel`, { body: { by: invitee } });
    assert.equal(noCancel.status, 403);
    const noMove = await t.request('POST', `/v1/bookings/${strict}/reschedule`, { body: { start: '2026-09-15T10:00:00-04:00', by: invitee } });
    assert.equal(noMove.status, 403);
    assert.equal((await t.request('POST', `/v1/bookings/${strict}/reschedule`, { body: { start: '2026-09-15T10:00:00-04:00' } })).status, 200, 'the API key itself may');

    await t.request('PATCH', `/v1/calendars/${own.body.id}`, { body: { allowCancel: true, allowReschedule: true, cancellationWindow: 60 * 24 * 365 } });
    const late = await t.request('POST', `/v1/bookings/${strict}/reschedule`, { body: { start: '2026-09-15T11:00:00-04:00', by: invitee } });
    assert.equal(late.status, 422, 'inside the window');
    assert.equal(late.body.error.details[0].field, 'start');
    await t.request('PATCH', `/v1/calendars/${own.body.id}`, { body: { cancellationWindow: 60 } });
    const moved = await t.request('POST', `/v1/bookings/${strict}/reschedule`, { body: { start: '2026-09-15T11:00:00-04:00', by: invitee } });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    const history = (await t.request('GET', `/v1/bookings/${strict}/history`)).body.data;
    assert.deepEqual(history.at(-1).actor, invitee);
    assert.equal((await t.request('GET', `/v1/bookings/${strict}`)).body.start, '2026-09-15T15:00:00.000Z');
  });

  it('checks answers against the calendar’s questions and returns them', async () => {
    const own = await t.request('POST', '/v1/calendars', {
      body: {
        locationId: t.demo.location.id, name: 'Intake', kind: 'personal', hosts: [{ userId: t.demo.host.id }],
        questions: [{ label: 'Company', type: 'text', required: true }, { label: 'Plan', type: 'select', options: ['Basic', 'Pro'] }],
      },
    });
    const [company, plan] = own.body.questions.map((q: { id: string }) => q.id);
    const ok = await book('2026-09-16T09:00:00-04:00', { calendarId: own.body.id, answers: [{ questionId: company, value: 'Acme' }, { questionId: plan, value: 'Pro' }] });
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    assert.deepEqual(ok.body.answers, [{ questionId: company, label: 'Company', value: 'Acme' }, { questionId: plan, label: 'Plan', value: 'Pro' }]);
    const cases: Array<[unknown[], string]> = [
      [[{ questionId: plan, value: 'Pro' }], 'answers'],
      [[{ questionId: company, value: 'Acme' }, { questionId: plan, value: 'Gold' }], 'answers[1].value'],
      [[{ questionId: 'AAAAAAAAAAAAAAAAAAAA', value: 'x' }], 'answers[0].questionId'],
    ];
    for (const [answers, field] of cases) {
      const res = await book('2026-09-16T10:00:00-04:00', { calendarId: own.body.id, answers });
      assert.equal(res.status, 422, JSON.stringify(res.body));
      assert.equal(res.body.error.details[0].field, field);
    }
    assert.equal((await book('2026-09-16T10:00:00-04:00', { calendarId: own.body.id, answers: [{ questionId: company, value: 'Later' }] })).status, 201, 'nothing was booked by the refused ones');
  });

  it('moving a series leaves its cancelled and completed occurrences where they are', async () => {
    const series = await book('2026-10-12T14:00:00-04:00', { recurrence: { rrule: 'FREQ=WEEKLY;COUNT=4' } });
    const ids: string[] = series.body.occurrences.map((o: { id: string }) => o.id);
    assert.equal((await t.request('POST', `/v1/bookings/${ids[2]}/cancel`, { body: {} })).status, 200);
    assert.equal((await t.request('POST', `/v1/bookings/${ids[3]}/complete`, { body: {} })).status, 200);
    const moved = await t.request('POST', `/v1/bookings/${ids[0]}/reschedule`, { body: { start: '2026-10-12T15:00:00-04:00', series: true } });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    const after = await Promise.all(ids.map((id) => t.request('GET', `/v1/bookings/${id}`).then((r) => [r.body.status, r.body.start])));
    assert.deepEqual(after, [
      ['confirmed', '2026-10-12T19:00:00.000Z'],
      ['confirmed', '2026-10-19T19:00:00.000Z'],
      ['cancelled', '2026-10-26T18:00:00.000Z'],
      ['completed', '2026-11-02T19:00:00.000Z'],
    ]);
    assert.equal((await book('2026-10-26T15:00:00-04:00')).status, 201, 'the cancelled occurrence holds no time, old or new');
    assert.equal((await book('2026-10-26T14:00:00-04:00')).status, 201);
    assert.equal((await book('2026-11-02T14:00:00-05:00')).status, 409, 'the completed one keeps its time');
  });

  it('a series keeps the seconds of its start and stops ten years after it, however far the rule reaches', async () => {
    const exact = await book('2026-10-13T13:00:30Z', { override: true, recurrence: { rrule: 'FREQ=DAILY;COUNT=2' } });
    assert.equal(exact.status, 201, JSON.stringify(exact.body));
    assert.deepEqual(exact.body.occurrences.map((o: { start: string }) => o.start), ['2026-10-13T13:00:30.000Z', '2026-10-14T13:00:30.000Z']);
    const far = await book('2026-10-15T09:00:00-04:00', { recurrence: { rrule: 'FREQ=YEARLY;COUNT=2;INTERVAL=100000', onConflict: 'skip' } });
    assert.equal(far.status, 201, JSON.stringify(far.body));
    assert.deepEqual(far.body.occurrences.map((o: { start: string }) => o.start), ['2026-10-15T13:00:00.000Z']);
    const last = await book('9999-12-28T09:00:00Z', { override: true, recurrence: { rrule: 'FREQ=DAILY;COUNT=5' } });
    assert.equal(last.status, 201, JSON.stringify(last.body));
    assert.deepEqual(last.body.occurrences.map((o: { start: string }) => o.start), ['9999-12-28T09:00:00.000Z', '9999-12-29T09:00:00.000Z'], 'none after 9999-12-30');
  });

  it('a booking moved to another calendar must have a length that calendar allows', async () => {
    const hour = await t.request('POST', '/v1/calendars', { body: { locationId: t.demo.location.id, name: 'Hour', kind: 'personal', hosts: [{ userId: t.demo.host.id }], durations: [60] } });
    const yoga = await t.request('POST', '/v1/calendars', { body: { locationId: t.demo.location.id, name: 'Short class', kind: 'class', hosts: [{ userId: t.demo.host.id }], durations: [45], seatsPerSlot: 5 } });
    const long = await book('2026-10-19T09:00:00-04:00', { calendarId: hour.body.id });
    assert.equal(long.status, 201, JSON.stringify(long.body));
    const refused = await t.request('POST', `/v1/bookings/${long.body.id}/reschedule`, { body: { start: '2026-10-19T13:00:00-04:00', calendarId: yoga.body.id } });
    assert.equal(refused.status, 422, JSON.stringify(refused.body));
    assert.equal(refused.body.error.details[0].field, 'duration');
    const moved = await t.request('POST', `/v1/bookings/${long.body.id}/reschedule`, { body: { start: '2026-10-19T13:00:00-04:00', calendarId: yoga.body.id, duration: 45 } });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.equal(moved.body.end, '2026-10-19T17:45:00.000Z');
  });

  it('checks the invitee’s time zone, the instants, the seats and whom `by` names', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ start: '2026-10-16T09:00:00-04:00', timeZone: 'Mars/Olympus' }, 'timeZone'],
      [{ start: '2026-10-16T09:00:00-04:00', timeZone: '' }, 'timeZone'],
      [{ start: '+275760-09-12T23:45:00Z', override: true }, 'start'],
      [{ start: '1066-10-14T09:00:00Z', override: true }, 'start'],
    ];
    for (const [body, field] of cases) {
      const res = await book(body.start as string, body);
      assert.equal(res.status, 422, `${JSON.stringify(body)} → ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.details[0].field, field);
    }
    const created = await book('2026-10-16T09:00:00-04:00', { timeZone: 'europe/london' });
    assert.equal(created.body.timeZone, 'Europe/London');
    assert.equal((await t.request('PATCH', `/v1/bookings/${created.body.id}`, { body: { timeZone: 'Nowhere/Land' } })).status, 422);
    const far = await t.request('POST', `/v1/bookings/${created.body.id}/reschedule`, { body: { start: '+275760-09-12T23:45:00Z', override: true } });
    assert.equal(far.status, 422);
    assert.equal(far.body.error.details[0].field, 'start');

    const yoga = await t.request('POST', '/v1/calendars', { body: { locationId: t.demo.location.id, name: 'Small class', kind: 'class', hosts: [{ userId: t.demo.host.id }], seatsPerSlot: 5 } });
    const tooMany = await book('2026-10-16T10:00:00-04:00', { calendarId: yoga.body.id, seats: 6 });
    assert.equal(tooMany.status, 422);
    assert.equal(tooMany.body.error.details[0].field, 'seats');

    const other = await t.request('POST', '/v1/contacts', { body: { locationId: t.demo.location.id, firstName: 'Someone', email: 'someone-else@example.com' } });
    for (const by of [{ type: 'contact', id: other.body.id }, { type: 'user', id: 'AAAAAAAAAAAAAAAAAAAA' }]) {
      const res = await t.request('POST', `/v1/bookings/${created.body.id}/cancel`, { body: { by } });
      assert.equal(res.status, 422, JSON.stringify(res.body));
      assert.equal(res.body.error.details[0].field, 'by.id');
    }
    const byHost = await t.request('POST', `/v1/bookings/${created.body.id}/cancel`, { body: { by: { type: 'user', id: t.demo.host.id } } });
    assert.equal(byHost.status, 200, JSON.stringify(byHost.body));
    const history = (await t.request('GET', `/v1/bookings/${created.body.id}/history`)).body.data;
    assert.deepEqual(history.map((e: { type: string }) => e.type), ['created', 'cancelled'], 'the refused ones left nothing');
  });

  it('a per-day limit stops bookings once the day is full', async () => {
    await t.request('PATCH', `/v1/calendars/${calendar}`, { body: { dailyLimit: { max: 2, scope: 'calendar' } } });
    try {
      assert.equal((await book('2026-06-12T09:00:00-04:00')).status, 201);
      assert.equal((await book('2026-06-12T10:00:00-04:00')).status, 201);
      assert.equal((await book('2026-06-12T11:00:00-04:00')).status, 409);
      const slots = await t.request('GET', `/v1/calendars/${calendar}/slots?start=2026-06-12&end=2026-06-12`);
      assert.deepEqual(slots.body.dates, {});
      assert.equal((await book('2026-06-12T11:00:00-04:00', { override: true })).status, 201, 'an admin override ignores limits');
    } finally {
      await t.request('PATCH', `/v1/calendars/${calendar}`, { body: { dailyLimit: null } });
    }
  });

  it('rejects bad input naming the field and writes nothing', async () => {
    const before = (await t.request('GET', '/v1/bookings?limit=100')).body.pagination.total;
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ start: 'tomorrow at nine' }, 422, 'start'],
      [{ start: 'soon' }, 400, 'start'],
      [{ start: '2026-06-10T09:00:00-04:00', duration: 45 }, 422, 'duration'],
      [{ start: '2026-06-10T09:00:00-04:00', contactId: 'AAAAAAAAAAAAAAAAAAAA' }, 422, 'contactId'],
      [{ start: '2026-06-10T09:00:00-04:00', calendarId: 'AAAAAAAAAAAAAAAAAAAA' }, 422, 'calendarId'],
      [{ start: '2026-06-10T09:00:00-04:00', hostId: 'AAAAAAAAAAAAAAAAAAAA' }, 422, 'hostId'],
      [{ start: '2026-06-10T09:00:00-04:00', seats: 2 }, 422, 'seats'],
      [{ start: '2026-06-10T09:00:00-04:00', contactId: undefined, contact: { email: 'nope' } }, 422, 'contact.email'],
      [{ start: '2026-06-10T09:00:00-04:00', seats: 0 }, 400, 'seats'],
      [{ start: '2026-06-10T09:00:00-04:00', colour: 'red' }, 400, 'colour'],
      [{ start: 20260610 }, 400, 'start'],
    ];
    for (const [extra, status, field] of cases) {
      const res = await book(extra.start as string, extra);
      assert.equal(res.status, status, `${JSON.stringify(extra)} → ${JSON.stringify(res.body)}`);
      assert.ok(res.body.error.details.some((d: { field: string }) => d.field === field), `${JSON.stringify(res.body)} names ${field}`);
    }
    assert.equal((await t.request('GET', '/v1/bookings?limit=100')).body.pagination.total, before);
    assert.equal((await t.request('GET', '/v1/bookings?status=lost')).status, 422);
  });

  it('keeps bookings inside their tenant and enforces scopes', async () => {
    const mine = await book('2026-06-10T09:00:00-04:00');
    const other = await t.request('POST', '/v1/locations', { body: { name: 'Other', timeZone: 'UTC' } });
    const keyB = (await t.request('POST', '/v1/api-keys', { body: { name: 'B', scopes: [...SCOPES], locationId: other.body.id } })).body.secret;
    for (const [method, path, body] of [
      ['GET', `/v1/bookings/${mine.body.id}`],
      ['PATCH', `/v1/bookings/${mine.body.id}`, { title: 'x' }],
      ['DELETE', `/v1/bookings/${mine.body.id}`],
      ['POST', `/v1/bookings/${mine.body.id}/cancel`, {}],
      ['POST', `/v1/bookings/${mine.body.id}/reschedule`, { start: '2026-06-10T10:00:00-04:00' }],
      ['GET', `/v1/bookings/${mine.body.id}/history`],
      ['GET', `/v1/bookings/${mine.body.id}/notes`],
      ['POST', `/v1/bookings/${mine.body.id}/notes`, { body: 'x' }],
    ] as Array<[string, string, unknown?]>) {
      assert.equal((await t.request(method, path, { key: keyB, body })).status, 404, `${method} ${path}`);
    }
    const foreign = await book('2026-06-10T11:00:00-04:00', {}, { key: keyB });
    assert.equal(foreign.status, 422, 'another location’s calendar is unknown');
    // A contact of another location of the same organization, named by the organization key.
    const theirContact = await t.request('POST', '/v1/contacts', { body: { locationId: other.body.id, firstName: 'Theirs', email: 'theirs@example.com' } });
    assert.equal(theirContact.status, 201, JSON.stringify(theirContact.body));
    for (const contactId of [theirContact.body.id, 'nosuchcontact0000000']) {
      const refused = await book('2026-06-10T13:00:00-04:00', { contactId });
      assert.equal(refused.status, 422, contactId);
      assert.ok(refused.body.error.details.some((d: { field: string }) => d.field === 'contactId'), JSON.stringify(refused.body));
    }
    const taken = await t.request('GET', `/v1/calendars/${calendar}/slots?start=2026-06-10&end=2026-06-10`);
    assert.ok(taken.body.dates['2026-06-10'].includes('2026-06-10T13:00:00-04:00'), 'nothing was booked');
    assert.equal((await t.request('GET', `/v1/bookings/${mine.body.id}`)).body.status, 'confirmed');
    const readOnly = (await t.request('POST', '/v1/api-keys', { body: { name: 'ro', scopes: ['calendars/events.readonly'], locationId: t.demo.location.id } })).body.secret;
    assert.equal((await t.request('GET', '/v1/bookings', { key: readOnly })).status, 200);
    assert.equal((await book('2026-06-10T12:00:00-04:00', {}, { key: readOnly })).status, 403);
  });
});
