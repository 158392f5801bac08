import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newPublicId } from '../../../src/services/ids.ts';
import { seedDemo } from '../../../src/services/seed.ts';
import { SCOPES } from '../../../src/services/scopes.ts';
import { startTestServer, TEST_NOW, type TestServer } from '../../helpers/server.ts';

const WEEK = {
  monday: [
    { start: '13:00', end: '17:00' },
    { start: '09:00', end: '12:00' },
  ],
  friday: [{ start: '09:00', end: '24:00' }],
};
const CLOSED = { monday: [], tuesday: [], wednesday: [], thursday: [], friday: [], saturday: [], sunday: [] };

/** Inserts a calendar row directly (the calendars API is not needed for these tests). */
async function calendarIn(t: TestServer, locationId: string, options: { timeZone?: string; deleted?: boolean } = {}): Promise<{ pk: number; id: string }> {
  const db = t.app.store.db;
  const location = await db.selectFrom('locations').select('id').where('public_id', '=', locationId).executeTakeFirstOrThrow();
  const id = newPublicId();
  const row = await db
    .insertInto('calendars')
    .values({
      public_id: id,
      location_id: location.id,
      kind: 'personal',
      name: `Calendar ${id}`,
      slug: `cal-${id.toLowerCase()}`,
      time_zone: options.timeZone ?? null,
      deleted_at: options.deleted ? TEST_NOW : null,
      created_at: TEST_NOW,
      updated_at: TEST_NOW,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { pk: row.id, id };
}

async function ruleCount(t: TestServer, scheduleId?: string): Promise<number> {
  let query = t.app.store.db.selectFrom('schedule_rules').innerJoin('schedules', 'schedules.id', 'schedule_rules.schedule_id');
  if (scheduleId) query = query.where('schedules.public_id', '=', scheduleId);
  const row = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('native API: schedules', () => {
  let t: TestServer;
  let loc: string;
  let host: string;
  let calendar: { pk: number; id: string };

  async function newUser(timeZone?: string): Promise<string> {
    const res = await t.request('POST', '/v1/users', {
      body: { locationId: loc, firstName: 'Sched', lastName: 'User', email: `${newPublicId().toLowerCase()}@example.com`, timeZone },
    });
    assert.equal(res.status, 201);
    return res.body.id;
  }

  before(async () => {
    t = await startTestServer();
    loc = t.demo.location.id;
    host = t.demo.host.id;
    calendar = await calendarIn(t, loc);
  });
  after(() => t.close());

  it('creates a user schedule: rules sorted, every day listed, defaults from the user', async () => {
    const user = await newUser('Europe/Paris');
    const res = await t.request('POST', '/v1/schedules', {
      body: {
        userId: user,
        weeklyHours: WEEK,
        dateOverrides: [
          { date: '2026-12-25', intervals: [] },
          { date: '2026-12-24', intervals: [{ start: '09:00', end: '12:00' }] },
        ],
      },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.id.length, 20);
    assert.equal(res.body.locationId, loc);
    assert.equal(res.body.userId, user);
    assert.equal(res.body.calendarId, null);
    assert.equal(res.body.name, 'Working hours');
    assert.equal(res.body.timeZone, 'Europe/Paris', 'the user’s zone by default');
    assert.equal(res.body.isDefault, true, 'a user’s first schedule is its default');
    assert.deepEqual(res.body.weeklyHours, {
      ...CLOSED,
      monday: [
        { start: '09:00', end: '12:00' },
        { start: '13:00', end: '17:00' },
      ],
      friday: [{ start: '09:00', end: '24:00' }],
    });
    assert.deepEqual(res.body.dateOverrides, [
      { date: '2026-12-24', intervals: [{ start: '09:00', end: '12:00' }] },
      { date: '2026-12-25', intervals: [] },
    ]);
    assert.deepEqual(res.body.appliesTo, []);
    assert.equal(res.body.createdAt, new Date(TEST_NOW).toISOString());
    assert.equal(await ruleCount(t, res.body.id), 4, 'two weekday rows and two date rows');

    const read = await t.request('GET', `/v1/schedules/${res.body.id}`);
    assert.equal(read.status, 200);
    assert.deepEqual(read.body, res.body);
  });

  it('keeps at most one default schedule per user', async () => {
    const user = await newUser();
    const first = await t.request('POST', '/v1/schedules', { body: { userId: user, name: 'First' } });
    const second = await t.request('POST', '/v1/schedules', { body: { userId: user, name: 'Second' } });
    assert.equal(first.body.isDefault, true);
    assert.equal(second.body.isDefault, false, 'not the default unless asked when the user has one');
    assert.equal(second.body.timeZone, 'America/New_York');

    const third = await t.request('POST', '/v1/schedules', { body: { userId: user, name: 'Third', isDefault: true } });
    assert.equal(third.body.isDefault, true);
    const defaults = async () =>
      (await t.request('GET', `/v1/schedules?userId=${user}`)).body.data.filter((s: { isDefault: boolean }) => s.isDefault).map((s: { name: string }) => s.name);
    assert.deepEqual(await defaults(), ['Third']);

    const patched = await t.request('PATCH', `/v1/schedules/${first.body.id}`, { body: { isDefault: true } });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.isDefault, true);
    assert.deepEqual(await defaults(), ['First']);

    await t.request('PATCH', `/v1/schedules/${first.body.id}`, { body: { isDefault: false } });
    assert.deepEqual(await defaults(), [], 'clearing the default leaves the user without one');
  });

  it('creates a calendar’s own schedule: at most one, never a default, never applied elsewhere', async () => {
    const zoned = await calendarIn(t, loc, { timeZone: 'Asia/Tokyo' });
    const own = await t.request('POST', '/v1/schedules', { body: { calendarId: zoned.id, weeklyHours: { monday: [{ start: '10:00', end: '11:00' }] } } });
    assert.equal(own.status, 201);
    assert.equal(own.body.calendarId, zoned.id);
    assert.equal(own.body.userId, null);
    assert.equal(own.body.timeZone, 'Asia/Tokyo', 'the calendar’s zone by default');
    assert.equal(own.body.isDefault, false);

    const plain = await calendarIn(t, loc);
    const fallback = await t.request('POST', '/v1/schedules', { body: { calendarId: plain.id } });
    assert.equal(fallback.body.timeZone, 'America/New_York', 'the location’s zone when the calendar has none');

    const again = await t.request('POST', '/v1/schedules', { body: { calendarId: zoned.id, name: 'Another' } });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.details[0].field, 'calendarId');

    const other = await calendarIn(t, loc);
    for (const [body, field] of [
      [{ calendarId: other.id, isDefault: true }, 'isDefault'],
      [{ calendarId: other.id, appliesTo: [calendar.id] }, 'appliesTo'],
    ] as const) {
      const res = await t.request('POST', '/v1/schedules', { body });
      assert.equal(res.status, 422, JSON.stringify(body));
      assert.equal(res.body.error.details[0].field, field);
    }
    for (const [body, field] of [
      [{ isDefault: true }, 'isDefault'],
      [{ appliesTo: [calendar.id] }, 'appliesTo'],
    ] as const) {
      const res = await t.request('PATCH', `/v1/schedules/${own.body.id}`, { body });
      assert.equal(res.status, 422, JSON.stringify(body));
      assert.equal(res.body.error.details[0].field, field);
    }
    assert.equal((await t.request('GET', `/v1/schedules?calendarId=${other.id}`)).body.pagination.total, 0, 'nothing written');

    const deleted = await calendarIn(t, loc, { deleted: true });
    assert.equal((await t.request('POST', '/v1/schedules', { body: { calendarId: deleted.id } })).status, 404, 'a deleted calendar is gone');
  });

  it('PATCH changes only what is sent; rule sets are replaced whole', async () => {
    const user = await newUser();
    const created = await t.request('POST', '/v1/schedules', {
      body: { userId: user, name: 'Office', weeklyHours: WEEK, dateOverrides: [{ date: '2026-07-04', intervals: [] }] },
    });
    const id = created.body.id;

    const renamed = await t.request('PATCH', `/v1/schedules/${id}`, { body: { name: '  Studio  ', timeZone: 'Europe/London' } });
    assert.equal(renamed.status, 200);
    assert.equal(renamed.body.name, 'Studio');
    assert.equal(renamed.body.timeZone, 'Europe/London');
    assert.deepEqual(renamed.body.weeklyHours, created.body.weeklyHours);
    assert.deepEqual(renamed.body.dateOverrides, created.body.dateOverrides);

    const weekly = await t.request('PATCH', `/v1/schedules/${id}`, { body: { weeklyHours: { sunday: [{ start: '00:00', end: '24:00' }] } } });
    assert.deepEqual(weekly.body.weeklyHours, { ...CLOSED, sunday: [{ start: '00:00', end: '24:00' }] }, 'every weekday rule replaced');
    assert.deepEqual(weekly.body.dateOverrides, [{ date: '2026-07-04', intervals: [] }], 'date rules untouched');
    assert.equal(weekly.body.name, 'Studio');

    const dates = await t.request('PATCH', `/v1/schedules/${id}`, {
      body: { dateOverrides: [{ date: '2026-08-01', intervals: [{ start: '08:00', end: '09:00' }] }] },
    });
    assert.deepEqual(dates.body.dateOverrides, [{ date: '2026-08-01', intervals: [{ start: '08:00', end: '09:00' }] }]);
    assert.deepEqual(dates.body.weeklyHours, weekly.body.weeklyHours);
    assert.equal(await ruleCount(t, id), 2);

    const cleared = await t.request('PATCH', `/v1/schedules/${id}`, { body: { weeklyHours: {}, dateOverrides: [] } });
    assert.deepEqual(cleared.body.weeklyHours, CLOSED);
    assert.deepEqual(cleared.body.dateOverrides, []);
    assert.equal(await ruleCount(t, id), 0);
  });

  it('applies a user schedule to calendars; one schedule per calendar and user', async () => {
    const user = await newUser();
    const c1 = await calendarIn(t, loc);
    const c2 = await calendarIn(t, loc);
    const a = await t.request('POST', '/v1/schedules', { body: { userId: user, name: 'A', appliesTo: [c1.id, c2.id, c1.id] } });
    assert.equal(a.status, 201);
    assert.deepEqual(a.body.appliesTo, [c1.id, c2.id], 'duplicates collapse');

    const b = await t.request('POST', '/v1/schedules', { body: { userId: user, name: 'B', appliesTo: [c2.id] } });
    assert.deepEqual(b.body.appliesTo, [c2.id]);
    assert.deepEqual((await t.request('GET', `/v1/schedules/${a.body.id}`)).body.appliesTo, [c1.id], 'c2 moved from A to B');

    // Another user's schedule on the same calendar does not disturb this one.
    const other = await t.request('POST', '/v1/schedules', { body: { userId: await newUser(), appliesTo: [c2.id] } });
    assert.deepEqual(other.body.appliesTo, [c2.id]);
    assert.deepEqual((await t.request('GET', `/v1/schedules/${b.body.id}`)).body.appliesTo, [c2.id]);

    const replaced = await t.request('PATCH', `/v1/schedules/${a.body.id}`, { body: { appliesTo: [c2.id] } });
    assert.deepEqual(replaced.body.appliesTo, [c2.id]);
    assert.deepEqual((await t.request('GET', `/v1/schedules/${b.body.id}`)).body.appliesTo, []);

    const unknown = await t.request('PATCH', `/v1/schedules/${a.body.id}`, { body: { appliesTo: [c1.id, 'no-such-calendar'] } });
    assert.equal(unknown.status, 404);
    assert.deepEqual((await t.request('GET', `/v1/schedules/${a.body.id}`)).body.appliesTo, [c2.id], 'nothing written');

    const none = await t.request('PATCH', `/v1/schedules/${a.body.id}`, { body: { appliesTo: [] } });
    assert.deepEqual(none.body.appliesTo, []);

    const gone = await calendarIn(t, loc, { deleted: true });
    assert.equal((await t.request('PATCH', `/v1/schedules/${a.body.id}`, { body: { appliesTo: [gone.id] } })).status, 404);
  });

  it('lists with owner filters, text search, stable order and pagination', async () => {
    const user = await newUser();
    const cal = await calendarIn(t, loc);
    const names = ['List one', 'List two', 'List three'];
    const ids: string[] = [];
    for (const name of names) ids.push((await t.request('POST', '/v1/schedules', { body: { userId: user, name } })).body.id);
    const own = await t.request('POST', '/v1/schedules', { body: { calendarId: cal.id, name: 'Calendar hours' } });
    await t.request('PATCH', `/v1/schedules/${ids[1]}`, { body: { appliesTo: [cal.id] } });

    const page1 = await t.request('GET', `/v1/schedules?userId=${user}&limit=2`);
    assert.equal(page1.status, 200);
    assert.equal(page1.body.pagination.total, 3);
    assert.deepEqual(page1.body.data.map((s: { name: string }) => s.name), ['List one', 'List two']);
    const page2 = await t.request('GET', `/v1/schedules?userId=${user}&limit=2&offset=2`);
    assert.deepEqual(page2.body.data.map((s: { name: string }) => s.name), ['List three']);

    const byCalendar = await t.request('GET', `/v1/schedules?calendarId=${cal.id}`);
    assert.deepEqual(byCalendar.body.data.map((s: { id: string }) => s.id), [ids[1], own.body.id], 'applied and own schedules');

    const search = await t.request('GET', `/v1/schedules?q=${encodeURIComponent('LIST T')}&locationId=${loc}`);
    assert.deepEqual(search.body.data.map((s: { name: string }) => s.name), ['List two', 'List three']);

    assert.equal((await t.request('GET', '/v1/schedules?userId=nobody')).status, 404);
    assert.equal((await t.request('GET', '/v1/schedules?calendarId=nothing')).status, 404);
    assert.equal((await t.request('GET', '/v1/schedules?isDefault=true')).status, 400);
  });

  it('deletes a schedule with its rules and associations', async () => {
    const user = await newUser();
    const cal = await calendarIn(t, loc);
    const created = await t.request('POST', '/v1/schedules', { body: { userId: user, weeklyHours: WEEK, appliesTo: [cal.id] } });
    assert.equal((await t.request('DELETE', `/v1/schedules/${created.body.id}`)).status, 204);
    assert.equal((await t.request('GET', `/v1/schedules/${created.body.id}`)).status, 404);
    assert.equal((await t.request('PATCH', `/v1/schedules/${created.body.id}`, { body: { name: 'x' } })).status, 404);
    assert.equal((await t.request('DELETE', `/v1/schedules/${created.body.id}`)).status, 404);
    assert.equal(await ruleCount(t, created.body.id), 0);
    const links = await t.app.store.db.selectFrom('schedule_calendars').selectAll().where('calendar_id', '=', cal.pk).execute();
    assert.equal(links.length, 0);
  });

  it('rejects bad input naming the field, and writes nothing', async () => {
    const count = async () => (await t.request('GET', '/v1/schedules?limit=1')).body.pagination.total;
    const before = await count();
    const rulesBefore = await ruleCount(t);
    const base = { userId: host };
    const cases: Array<[unknown, number, string]> = [
      [{ ...base, name: 42 }, 400, 'name'],
      [{ ...base, isDefault: 'yes' }, 400, 'isDefault'],
      [{ ...base, nickname: 'x' }, 400, 'nickname'],
      [{ ...base, weeklyHours: { funday: [] } }, 400, 'weeklyHours.funday'],
      [{ ...base, weeklyHours: { monday: [{ start: '09:00' }] } }, 400, 'weeklyHours.monday[0].end'],
      [{ ...base, weeklyHours: { monday: [{ start: '09:00', end: '10:00', note: 'x' }] } }, 400, 'weeklyHours.monday[0].note'],
      [{ ...base, weeklyHours: { monday: { start: '09:00', end: '10:00' } } }, 400, 'weeklyHours.monday'],
      [{ ...base, weeklyHours: { monday: [{ start: 9, end: '10:00' }] } }, 400, 'weeklyHours.monday[0].start'],
      [{ ...base, appliesTo: 'calendar' }, 400, 'appliesTo'],
      [{ ...base, dateOverrides: [{ date: '2026-12-24' }] }, 400, 'dateOverrides[0].intervals'],
      [{ ...base, weeklyHours: { monday: [{ start: '9:00', end: '10:00' }] } }, 422, 'weeklyHours.monday[0].start'],
      [{ ...base, weeklyHours: { monday: [{ start: '09:00', end: '25:00' }] } }, 422, 'weeklyHours.monday[0].end'],
      [{ ...base, weeklyHours: { monday: [{ start: '24:00', end: '24:00' }] } }, 422, 'weeklyHours.monday[0].start'],
      [{ ...base, weeklyHours: { tuesday: [{ start: '09:00', end: '10:00' }, { start: '12:00', end: '11:00' }] } }, 422, 'weeklyHours.tuesday[1].end'],
      [{ ...base, weeklyHours: { wednesday: [{ start: '09:00', end: '09:00' }] } }, 422, 'weeklyHours.wednesday[0].end'],
      [
        { ...base, weeklyHours: { monday: [{ start: '13:00', end: '17:00' }, { start: '09:00', end: '12:00' }, { start: '11:00', end: '12:30' }] } },
        422,
        'weeklyHours.monday[2].start',
      ],
      [{ ...base, timeZone: 'Mars/Olympus_Mons' }, 422, 'timeZone'],
      [{ ...base, name: '   ' }, 422, 'name'],
      [{ ...base, dateOverrides: [{ date: '2026-02-30', intervals: [] }] }, 422, 'dateOverrides[0].date'],
      [{ ...base, dateOverrides: [{ date: '24.12.2026', intervals: [] }] }, 422, 'dateOverrides[0].date'],
      [
        { ...base, dateOverrides: [{ date: '2026-12-24', intervals: [] }, { date: '2026-12-24', intervals: [] }] },
        422,
        'dateOverrides[1].date',
      ],
      [
        { ...base, dateOverrides: [{ date: '2026-12-23', intervals: [] }, { date: '2026-12-24', intervals: [{ start: '10:00', end: '09:00' }] }] },
        422,
        'dateOverrides[1].intervals[0].end',
      ],
      [
        { ...base, dateOverrides: [{ date: '2026-12-24', intervals: [{ start: '08:00', end: '12:00' }, { start: '10:00', end: '11:00' }] }] },
        422,
        'dateOverrides[0].intervals[1].start',
      ],
      [{ name: 'Nobody' }, 422, 'userId'],
      [{ userId: host, calendarId: calendar.id }, 422, 'calendarId'],
      [{ userId: null, calendarId: null }, 422, 'userId'],
      [{ userId: host, appliesTo: ['unknown-calendar'] }, 404, ''],
      [{ userId: 'unknown-user' }, 404, ''],
    ];
    for (const [body, status, field] of cases) {
      const res = await t.request('POST', '/v1/schedules', { body });
      assert.equal(res.status, status, JSON.stringify(body) + ' ' + JSON.stringify(res.body));
      if (field) {
        assert.ok(
          res.body.error.details.some((d: { field: string }) => d.field === field),
          `${JSON.stringify(body)} names ${field}: ${JSON.stringify(res.body)}`,
        );
        assert.ok(res.body.error.message.includes(field), res.body.error.message);
      }
    }
    assert.equal(await count(), before);
    assert.equal(await ruleCount(t), rulesBefore);

    const target = await t.request('POST', '/v1/schedules', { body: { userId: host, name: 'Keep', weeklyHours: WEEK } });
    const patches: Array<[unknown, number, string]> = [
      [{ weeklyHours: { monday: [{ start: '09:00', end: '08:00' }] } }, 422, 'weeklyHours.monday[0].end'],
      [{ timeZone: 'Nowhere/Land' }, 422, 'timeZone'],
      [{ userId: await newUser() }, 400, 'userId'],
      [{ name: null }, 400, 'name'],
    ];
    for (const [body, status, field] of patches) {
      const res = await t.request('PATCH', `/v1/schedules/${target.body.id}`, { body });
      assert.equal(res.status, status, JSON.stringify(body));
      assert.ok(res.body.error.details.some((d: { field: string }) => d.field === field), JSON.stringify(res.body));
    }
    assert.deepEqual((await t.request('GET', `/v1/schedules/${target.body.id}`)).body, target.body, 'unchanged');
  });

  it('concurrent writes keep one default per user and one schedule per calendar and user', async () => {
    const user = await newUser();
    const cal = await calendarIn(t, loc);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => t.request('POST', '/v1/schedules', { body: { userId: user, name: `Race ${i}`, isDefault: true, appliesTo: [cal.id] } })),
    );
    assert.deepEqual(results.map((r) => r.status), Array(8).fill(201), JSON.stringify(results.map((r) => r.body)));
    const list = (await t.request('GET', `/v1/schedules?userId=${user}`)).body.data;
    assert.equal(list.filter((s: { isDefault: boolean }) => s.isDefault).length, 1);
    assert.equal(list.filter((s: { appliesTo: string[] }) => s.appliesTo.includes(cal.id)).length, 1);
  });

  it('accepts back-to-back intervals and 24:00 as an end', async () => {
    const res = await t.request('POST', '/v1/schedules', {
      body: {
        userId: host,
        weeklyHours: { saturday: [{ start: '12:00', end: '24:00' }, { start: '00:00', end: '12:00' }] },
      },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.deepEqual(res.body.weeklyHours.saturday, [
      { start: '00:00', end: '12:00' },
      { start: '12:00', end: '24:00' },
    ]);
  });
});

describe('native API: schedules — tenant isolation and scopes', () => {
  let t: TestServer;
  let keyA: string;
  let readOnlyA: string;
  let orgKey: string;
  /** Objects of location B (same organization) and of another organization. */
  const foreign: Array<{
    label: string;
    owner: string;
    location: string;
    user: string;
    calendar: string;
    schedule: string;
    calendarSchedule: string;
  }> = [];

  before(async () => {
    t = await startTestServer();
    orgKey = t.demo.adminKey.secret;
    keyA = (await t.request('POST', '/v1/api-keys', { body: { name: 'A', scopes: [...SCOPES], locationId: t.demo.location.id } })).body.secret;
    readOnlyA = (
      await t.request('POST', '/v1/api-keys', {
        body: { name: 'A read', scopes: SCOPES.filter((s) => s.endsWith('.readonly')), locationId: t.demo.location.id },
      })
    ).body.secret;

    const b = await t.request('POST', '/v1/locations', { body: { name: 'Location B', timeZone: 'Europe/London' } });
    const other = await seedDemo(t.app.services.ctx);
    for (const [label, location, key] of [
      ['same organization', b.body.id as string, orgKey],
      ['other organization', other.location.id, other.adminKey.secret],
    ] as const) {
      const user = await t.request('POST', '/v1/users', { key, body: { locationId: location, firstName: 'B', lastName: 'User', email: 'b@example.com' } });
      const calendar = await calendarIn(t, location);
      const schedule = await t.request('POST', '/v1/schedules', { key, body: { userId: user.body.id, appliesTo: [calendar.id] } });
      const calendarSchedule = await t.request('POST', '/v1/schedules', { key, body: { calendarId: calendar.id } });
      assert.equal(schedule.status, 201, JSON.stringify(schedule.body));
      assert.equal(calendarSchedule.status, 201);
      foreign.push({ label, owner: key, location, user: user.body.id, calendar: calendar.id, schedule: schedule.body.id, calendarSchedule: calendarSchedule.body.id });
    }
  });
  after(() => t.close());

  it('a location key gets 404 for other tenants’ schedules, users and calendars, and nothing changes', async () => {
    const own = await t.request('POST', '/v1/schedules', { key: keyA, body: { userId: t.demo.host.id } });
    assert.equal(own.status, 201);
    for (const f of foreign) {
      const snapshot = async () => (await t.request('GET', `/v1/schedules?locationId=${f.location}`, { key: f.owner })).body;
      const before = await snapshot();
      assert.ok(before.data.some((schedule: { id: string }) => schedule.id === f.schedule), 'the owner sees its schedules');
      const requests: Array<[string, string, unknown?]> = [
        ['GET', `/v1/schedules/${f.schedule}`],
        ['GET', `/v1/schedules/${f.calendarSchedule}`],
        ['PATCH', `/v1/schedules/${f.schedule}`, { name: 'Taken' }],
        ['PATCH', `/v1/schedules/${f.calendarSchedule}`, { weeklyHours: {} }],
        ['DELETE', `/v1/schedules/${f.schedule}`],
        ['DELETE', `/v1/schedules/${f.calendarSchedule}`],
        ['GET', `/v1/schedules?locationId=${f.location}`],
        ['GET', `/v1/schedules?userId=${f.user}`],
        ['GET', `/v1/schedules?calendarId=${f.calendar}`],
        ['POST', '/v1/schedules', { userId: f.user }],
        ['POST', '/v1/schedules', { calendarId: f.calendar }],
        ['POST', '/v1/schedules', { locationId: f.location, userId: t.demo.host.id }],
        ['POST', '/v1/schedules', { userId: t.demo.host.id, appliesTo: [f.calendar] }],
        ['PATCH', `/v1/schedules/${own.body.id}`, { appliesTo: [f.calendar] }],
      ];
      for (const [method, path, body] of requests) {
        const res = await t.request(method, path, { key: keyA, body });
        assert.equal(res.status, 404, `${f.label}: ${method} ${path} ${JSON.stringify(body)}`);
        assert.equal(res.body.error.code, 'not_found');
      }
      assert.deepEqual(await snapshot(), before, `${f.label}: nothing changed`);
    }
    assert.deepEqual((await t.request('GET', `/v1/schedules/${own.body.id}`, { key: keyA })).body.appliesTo, []);

    const list = await t.request('GET', '/v1/schedules?limit=100', { key: keyA });
    const text = JSON.stringify(list.body);
    for (const f of foreign) for (const id of [f.schedule, f.calendarSchedule, f.user, f.calendar]) assert.equal(text.includes(id), false);
  });

  it('an organization key cannot reach another organization, nor apply a schedule across its own locations', async () => {
    const [sameOrg, otherOrg] = foreign;
    for (const [method, path, body] of [
      ['GET', `/v1/schedules/${otherOrg!.schedule}`],
      ['PATCH', `/v1/schedules/${otherOrg!.schedule}`, { name: 'x' }],
      ['DELETE', `/v1/schedules/${otherOrg!.schedule}`],
      ['POST', '/v1/schedules', { userId: otherOrg!.user }],
      ['GET', `/v1/schedules?calendarId=${otherOrg!.calendar}`],
    ] as Array<[string, string, unknown?]>) {
      assert.equal((await t.request(method, path, { key: orgKey, body })).status, 404, `${method} ${path}`);
    }
    // The organization key sees location B's calendar, but a schedule of location A cannot apply to it.
    const res = await t.request('POST', '/v1/schedules', { key: orgKey, body: { userId: t.demo.host.id, appliesTo: [sameOrg!.calendar] } });
    assert.equal(res.status, 404);
    const own = await t.request('POST', '/v1/schedules', { key: orgKey, body: { userId: t.demo.host.id, name: 'Org' } });
    const patched = await t.request('PATCH', `/v1/schedules/${own.body.id}`, { key: orgKey, body: { appliesTo: [sameOrg!.calendar] } });
    assert.equal(patched.status, 404);
    assert.deepEqual((await t.request('GET', `/v1/schedules/${own.body.id}`, { key: orgKey })).body.appliesTo, []);
    const wrongLocation = await t.request('POST', '/v1/schedules', { key: orgKey, body: { locationId: sameOrg!.location, userId: t.demo.host.id } });
    assert.equal(wrongLocation.status, 404, 'the owner must be in the location named');
    const visible = await t.request('GET', `/v1/schedules/${sameOrg!.schedule}`, { key: orgKey });
    assert.equal(visible.status, 200);
  });

  it('read-only keys read but cannot write; other scopes cannot read', async () => {
    const own = await t.request('POST', '/v1/schedules', { key: keyA, body: { userId: t.demo.host.id, name: 'Scoped' } });
    assert.equal((await t.request('GET', '/v1/schedules', { key: readOnlyA })).status, 200);
    assert.equal((await t.request('GET', `/v1/schedules/${own.body.id}`, { key: readOnlyA })).status, 200);
    for (const [method, path, body] of [
      ['POST', '/v1/schedules', { userId: t.demo.host.id }],
      ['POST', '/v1/schedules', { nonsense: true }],
      ['PATCH', `/v1/schedules/${own.body.id}`, { name: 'Changed' }],
      ['DELETE', `/v1/schedules/${own.body.id}`],
    ] as Array<[string, string, unknown?]>) {
      const res = await t.request(method, path, { key: readOnlyA, body });
      assert.equal(res.status, 403, `${method} ${path}`);
      assert.match(res.body.error.message, /calendars\.write/);
    }
    assert.equal((await t.request('GET', `/v1/schedules/${own.body.id}`)).body.name, 'Scoped');

    const eventsOnly = (
      await t.request('POST', '/v1/api-keys', {
        body: { name: 'events', scopes: ['calendars/events.readonly', 'calendars/events.write'], locationId: t.demo.location.id },
      })
    ).body.secret;
    assert.equal((await t.request('GET', '/v1/schedules', { key: eventsOnly })).status, 403);
    assert.equal((await t.request('POST', '/v1/schedules', { key: eventsOnly, body: { userId: t.demo.host.id } })).status, 403);
    assert.equal((await t.request('GET', '/v1/schedules', { key: null })).status, 401);
  });
});
