import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadCalendarBlocks } from '../../../src/services/blocked-slots.ts';
import { newPublicId } from '../../../src/services/ids.ts';
import { seedDemo } from '../../../src/services/seed.ts';
import { SCOPES } from '../../../src/services/scopes.ts';
import { startTestServer, TEST_NOW, type TestServer } from '../../helpers/server.ts';

/** Inserts a calendar row directly (the calendars API is not needed for these tests). */
async function calendarIn(t: TestServer, locationId: string, options: { deleted?: boolean } = {}): Promise<{ pk: number; id: string }> {
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
      deleted_at: options.deleted ? TEST_NOW : null,
      created_at: TEST_NOW,
      updated_at: TEST_NOW,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { pk: row.id, id };
}

async function busyRows(t: TestServer, blockId: string) {
  return t.app.store.db
    .selectFrom('host_busy')
    .innerJoin('blocked_slots', 'blocked_slots.id', 'host_busy.blocked_slot_id')
    .innerJoin('users', 'users.id', 'host_busy.user_id')
    .select(['users.public_id as user', 'host_busy.kind', 'host_busy.enforced', 'host_busy.busy_start', 'host_busy.busy_end', 'host_busy.calendar_id', 'host_busy.location_id'])
    .where('blocked_slots.public_id', '=', blockId)
    .execute()
    .then((rows) => rows.map((row) => ({ ...row })));
}

async function allBusyCount(t: TestServer): Promise<number> {
  const row = await t.app.store.db.selectFrom('host_busy').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

const ms = (iso: string) => Date.parse(iso);

describe('native API: blocked slots', () => {
  let t: TestServer;
  let loc: string;
  let host: string;
  let calendar: { pk: number; id: string };

  before(async () => {
    t = await startTestServer();
    loc = t.demo.location.id;
    host = t.demo.host.id;
    calendar = await calendarIn(t, loc);
  });
  after(() => t.close());

  it('creates a calendar block: any offset in, UTC out, no host busy row', async () => {
    const before = await allBusyCount(t);
    const res = await t.request('POST', '/v1/blocked-slots', {
      body: { calendarId: calendar.id, title: '  Staff meeting ', start: '2026-06-02T11:00:00+02:00', end: '2026-06-02T05:30:00-04:00' },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.id.length, 20);
    assert.deepEqual(
      { ...res.body, id: undefined },
      {
        id: undefined,
        locationId: loc,
        calendarId: calendar.id,
        userId: null,
        title: 'Staff meeting',
        start: '2026-06-02T09:00:00.000Z',
        end: '2026-06-02T09:30:00.000Z',
        createdAt: new Date(TEST_NOW).toISOString(),
        updatedAt: new Date(TEST_NOW).toISOString(),
      },
    );
    assert.equal(await allBusyCount(t), before, 'a calendar block does not occupy any host');
    const read = await t.request('GET', `/v1/blocked-slots/${res.body.id}`);
    assert.equal(read.status, 200);
    assert.deepEqual(read.body, res.body);
  });

  it('a user block writes, moves and removes its host_busy row with the block', async () => {
    const start = '2026-06-03T13:00:00Z';
    // An existing booking of the host in that time: a block may be placed over it.
    await t.app.store.db
      .insertInto('host_busy')
      .values({ location_id: t.demo.location.pk, user_id: t.demo.host.pk, kind: 'booking', busy_start: ms(start), busy_end: ms(start) + 3_600_000, enforced: 1 })
      .execute();

    const created = await t.request('POST', '/v1/blocked-slots', { body: { userId: host, start, end: '2026-06-03T15:00:00Z' } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.userId, host);
    assert.equal(created.body.calendarId, null);
    assert.equal(created.body.title, null);
    const id = created.body.id;
    assert.deepEqual(await busyRows(t, id), [
      { user: host, kind: 'block', enforced: 0, busy_start: ms(start), busy_end: ms('2026-06-03T15:00:00Z'), calendar_id: null, location_id: t.demo.location.pk },
    ]);

    const moved = await t.request('PATCH', `/v1/blocked-slots/${id}`, { body: { end: '2026-06-03T18:00:00+02:00', title: 'Dentist' } });
    assert.equal(moved.status, 200);
    assert.equal(moved.body.start, '2026-06-03T13:00:00.000Z', 'unchanged');
    assert.equal(moved.body.end, '2026-06-03T16:00:00.000Z');
    assert.equal(moved.body.title, 'Dentist');
    const rows = await busyRows(t, id);
    assert.equal(rows.length, 1);
    assert.deepEqual([rows[0]!.busy_start, rows[0]!.busy_end], [ms(start), ms('2026-06-03T16:00:00Z')]);

    const other = await t.request('POST', '/v1/users', { body: { locationId: loc, firstName: 'Other', lastName: 'Host', email: 'other.host@example.com' } });
    await t.request('PATCH', `/v1/blocked-slots/${id}`, { body: { userId: other.body.id } });
    assert.deepEqual((await busyRows(t, id)).map((r) => r.user), [other.body.id], 'the busy row follows the block to its new user');

    const toCalendar = await t.request('PATCH', `/v1/blocked-slots/${id}`, { body: { userId: null, calendarId: calendar.id } });
    assert.equal(toCalendar.status, 200);
    assert.equal(toCalendar.body.calendarId, calendar.id);
    assert.equal(toCalendar.body.userId, null);
    assert.deepEqual(await busyRows(t, id), [], 'a calendar block has no busy row');

    const back = await t.request('PATCH', `/v1/blocked-slots/${id}`, { body: { userId: host, calendarId: null, title: null } });
    assert.equal(back.body.title, null);
    assert.equal((await busyRows(t, id)).length, 1);

    const before = await allBusyCount(t);
    assert.equal((await t.request('DELETE', `/v1/blocked-slots/${id}`)).status, 204);
    assert.equal(await allBusyCount(t), before - 1);
    assert.deepEqual(await busyRows(t, id), []);
    assert.equal((await t.request('GET', `/v1/blocked-slots/${id}`)).status, 404);
    assert.equal((await t.request('PATCH', `/v1/blocked-slots/${id}`, { body: { title: 'x' } })).status, 404);
    assert.equal((await t.request('DELETE', `/v1/blocked-slots/${id}`)).status, 404);
  });

  it('rejects bad input naming the field, and writes nothing', async () => {
    const count = async () => (await t.request('GET', '/v1/blocked-slots?limit=1')).body.pagination.total;
    const before = await count();
    const busyBefore = await allBusyCount(t);
    const range = { start: '2026-06-04T09:00:00Z', end: '2026-06-04T10:00:00Z' };
    const cases: Array<[unknown, number, string]> = [
      [{ userId: host, start: 'tomorrow', end: range.end }, 400, 'start'],
      [{ userId: host, start: '2026-06-04T09:00:00', end: range.end }, 400, 'start'],
      [{ userId: host, start: range.start, end: 1780000000000 }, 400, 'end'],
      [{ userId: host, end: range.end }, 400, 'start'],
      [{ userId: host, ...range, title: 5 }, 400, 'title'],
      [{ userId: host, ...range, title: 'x'.repeat(501) }, 400, 'title'],
      [{ userId: host, ...range, color: 'red' }, 400, 'color'],
      [{ userId: host, start: range.end, end: range.start }, 422, 'end'],
      [{ userId: host, start: range.start, end: range.start }, 422, 'end'],
      [{ userId: host, start: '2026-06-04T11:00:00+02:00', end: '2026-06-04T08:30:00Z' }, 422, 'end'],
      [{ ...range }, 422, 'calendarId'],
      [{ userId: null, calendarId: null, ...range }, 422, 'userId'],
      [{ userId: host, calendarId: calendar.id, ...range }, 422, 'calendarId'],
      [{ userId: 'no-such-user', ...range }, 404, ''],
      [{ calendarId: 'no-such-calendar', ...range }, 404, ''],
      [{ calendarId: (await calendarIn(t, loc, { deleted: true })).id, ...range }, 404, ''],
    ];
    for (const [body, status, field] of cases) {
      const res = await t.request('POST', '/v1/blocked-slots', { body });
      assert.equal(res.status, status, `${JSON.stringify(body)} ${JSON.stringify(res.body)}`);
      if (field) {
        assert.ok(res.body.error.details.some((d: { field: string }) => d.field === field), `${JSON.stringify(body)} names ${field}: ${JSON.stringify(res.body)}`);
        assert.ok(res.body.error.message.includes(field));
      }
    }
    assert.equal(await count(), before);
    assert.equal(await allBusyCount(t), busyBefore);

    const target = await t.request('POST', '/v1/blocked-slots', { body: { userId: host, title: 'Keep', ...range } });
    const targetBusy = await busyRows(t, target.body.id);
    const patches: Array<[unknown, number, string]> = [
      [{ end: '2026-06-04T08:00:00Z' }, 422, 'end'],
      [{ start: '2026-06-04T10:00:00Z' }, 422, 'end'],
      [{ calendarId: calendar.id }, 422, 'calendarId'],
      [{ userId: null }, 422, 'userId'],
      [{ start: 'soon' }, 400, 'start'],
      [{ locationId: loc }, 400, 'locationId'],
      [{ userId: 'nobody' }, 404, ''],
    ];
    for (const [body, status, field] of patches) {
      const res = await t.request('PATCH', `/v1/blocked-slots/${target.body.id}`, { body });
      assert.equal(res.status, status, `${JSON.stringify(body)} ${JSON.stringify(res.body)}`);
      if (field) assert.ok(res.body.error.details.some((d: { field: string }) => d.field === field), JSON.stringify(res.body));
    }
    assert.deepEqual((await t.request('GET', `/v1/blocked-slots/${target.body.id}`)).body, target.body, 'unchanged');
    assert.deepEqual(await busyRows(t, target.body.id), targetBusy, 'busy row unchanged');
  });

  it('lists by owner and by overlapping range, in creation order, with pagination', async () => {
    const cal = await calendarIn(t, loc);
    const user = await t.request('POST', '/v1/users', { body: { locationId: loc, firstName: 'List', lastName: 'Host', email: 'list.host@example.com' } });
    const mk = async (owner: object, start: string, end: string, title: string) =>
      (await t.request('POST', '/v1/blocked-slots', { body: { ...owner, start, end, title } })).body.id as string;
    const a = await mk({ calendarId: cal.id }, '2026-07-01T09:00:00Z', '2026-07-01T10:00:00Z', 'A lunch');
    const b = await mk({ calendarId: cal.id }, '2026-07-01T12:00:00Z', '2026-07-01T13:00:00Z', 'B lunch');
    const c = await mk({ calendarId: cal.id }, '2026-07-02T09:00:00Z', '2026-07-02T10:00:00Z', 'C');
    const u = await mk({ userId: user.body.id }, '2026-07-01T09:30:00Z', '2026-07-01T12:30:00Z', 'U lunch');
    const ids = async (query: string) => {
      const res = await t.request('GET', `/v1/blocked-slots?${query}`);
      assert.equal(res.status, 200, `${query} ${JSON.stringify(res.body)}`);
      return res.body.data.map((s: { id: string }) => s.id);
    };
    assert.deepEqual(await ids(`calendarId=${cal.id}`), [a, b, c]);
    assert.deepEqual(await ids(`userId=${user.body.id}`), [u]);
    assert.deepEqual(await ids(`calendarId=${cal.id}&from=2026-07-01T10:00:00Z&to=2026-07-01T12:00:00Z`), [], 'touching is not overlapping');
    assert.deepEqual(await ids(`calendarId=${cal.id}&from=2026-07-01T09:59:00Z&to=2026-07-01T12:01:00Z`), [a, b]);
    assert.deepEqual(await ids(`from=${encodeURIComponent('2026-07-01T11:30:00+02:00')}&to=2026-07-01T12:00:00Z`), [a, u], 'any offset in filters');
    assert.deepEqual(await ids(`calendarId=${cal.id}&from=2026-07-02T00:00:00Z`), [c]);
    assert.deepEqual(await ids(`calendarId=${cal.id}&to=2026-07-01T11:00:00Z`), [a]);
    assert.deepEqual(await ids(`q=LUNCH&locationId=${loc}&from=2026-07-01T00:00:00Z&to=2026-07-03T00:00:00Z`), [a, b, u]);

    const page = await t.request('GET', `/v1/blocked-slots?calendarId=${cal.id}&limit=2&offset=1`);
    assert.equal(page.body.pagination.total, 3);
    assert.deepEqual(page.body.data.map((s: { id: string }) => s.id), [b, c]);

    const inverted = await t.request('GET', '/v1/blocked-slots?from=2026-07-02T00:00:00Z&to=2026-07-01T00:00:00Z');
    assert.equal(inverted.status, 422);
    assert.equal(inverted.body.error.details[0].field, 'to');
    const malformed = await t.request('GET', '/v1/blocked-slots?from=yesterday');
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.error.details[0].field, 'from');
    assert.equal((await t.request('GET', '/v1/blocked-slots?calendarId=nothing')).status, 404);
    assert.equal((await t.request('GET', '/v1/blocked-slots?userId=nobody')).status, 404);
  });

  it('loads a calendar’s blocks overlapping a range for the free-slot engine', async () => {
    const cal = await calendarIn(t, loc);
    for (const [start, end] of [
      ['2026-08-01T12:00:00Z', '2026-08-01T13:00:00Z'],
      ['2026-08-01T08:00:00Z', '2026-08-01T09:00:00Z'],
      ['2026-08-03T08:00:00Z', '2026-08-03T09:00:00Z'],
    ]) {
      assert.equal((await t.request('POST', '/v1/blocked-slots', { body: { calendarId: cal.id, start, end } })).status, 201);
    }
    // A user block is not a calendar block, even for a host of this calendar.
    await t.request('POST', '/v1/blocked-slots', { body: { userId: host, start: '2026-08-01T10:00:00Z', end: '2026-08-01T11:00:00Z' } });
    const blocks = await loadCalendarBlocks(t.app.store.db, cal.pk, ms('2026-08-01T08:30:00Z'), ms('2026-08-02T00:00:00Z'));
    assert.deepEqual(blocks, [
      { start: ms('2026-08-01T08:00:00Z'), end: ms('2026-08-01T09:00:00Z') },
      { start: ms('2026-08-01T12:00:00Z'), end: ms('2026-08-01T13:00:00Z') },
    ]);
    assert.deepEqual(await loadCalendarBlocks(t.app.store.db, cal.pk, ms('2026-08-01T09:00:00Z'), ms('2026-08-01T12:00:00Z')), [], 'half-open');
  });
});

describe('native API: blocked slots — tenant isolation and scopes', () => {
  let t: TestServer;
  let keyA: string;
  let readOnlyA: string;
  let orgKey: string;
  const foreign: Array<{ label: string; owner: string; location: string; user: string; calendar: string; userBlock: string; calendarBlock: string }> = [];
  const range = { start: '2026-06-05T09:00:00Z', end: '2026-06-05T10:00:00Z' };

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
      const userBlock = await t.request('POST', '/v1/blocked-slots', { key, body: { userId: user.body.id, ...range } });
      const calendarBlock = await t.request('POST', '/v1/blocked-slots', { key, body: { calendarId: calendar.id, ...range } });
      assert.equal(userBlock.status, 201);
      assert.equal(calendarBlock.status, 201);
      foreign.push({ label, owner: key, location, user: user.body.id, calendar: calendar.id, userBlock: userBlock.body.id, calendarBlock: calendarBlock.body.id });
    }
  });
  after(() => t.close());

  it('a location key gets 404 for other tenants’ blocks, users and calendars, and nothing changes', async () => {
    const own = await t.request('POST', '/v1/blocked-slots', { key: keyA, body: { userId: t.demo.host.id, ...range } });
    assert.equal(own.status, 201);
    for (const f of foreign) {
      const snapshot = async () => [
        (await t.request('GET', `/v1/blocked-slots?locationId=${f.location}`, { key: f.owner })).body,
        await allBusyCount(t),
      ];
      const before = await snapshot();
      assert.equal((before[0] as { pagination: { total: number } }).pagination.total, 2);
      const requests: Array<[string, string, unknown?]> = [
        ['GET', `/v1/blocked-slots/${f.userBlock}`],
        ['GET', `/v1/blocked-slots/${f.calendarBlock}`],
        ['PATCH', `/v1/blocked-slots/${f.userBlock}`, { title: 'Taken' }],
        ['PATCH', `/v1/blocked-slots/${f.calendarBlock}`, { end: '2026-06-05T11:00:00Z' }],
        ['DELETE', `/v1/blocked-slots/${f.userBlock}`],
        ['DELETE', `/v1/blocked-slots/${f.calendarBlock}`],
        ['GET', `/v1/blocked-slots?locationId=${f.location}`],
        ['GET', `/v1/blocked-slots?userId=${f.user}`],
        ['GET', `/v1/blocked-slots?calendarId=${f.calendar}`],
        ['POST', '/v1/blocked-slots', { userId: f.user, ...range }],
        ['POST', '/v1/blocked-slots', { calendarId: f.calendar, ...range }],
        ['POST', '/v1/blocked-slots', { locationId: f.location, userId: t.demo.host.id, ...range }],
        ['PATCH', `/v1/blocked-slots/${own.body.id}`, { userId: f.user }],
        ['PATCH', `/v1/blocked-slots/${own.body.id}`, { userId: null, calendarId: f.calendar }],
      ];
      for (const [method, path, body] of requests) {
        const res = await t.request(method, path, { key: keyA, body });
        assert.equal(res.status, 404, `${f.label}: ${method} ${path} ${JSON.stringify(body)}`);
        assert.equal(res.body.error.code, 'not_found');
      }
      assert.deepEqual(await snapshot(), before, `${f.label}: nothing changed`);
    }
    assert.equal((await t.request('GET', `/v1/blocked-slots/${own.body.id}`, { key: keyA })).body.userId, t.demo.host.id);
    const text = JSON.stringify((await t.request('GET', '/v1/blocked-slots?limit=100', { key: keyA })).body);
    for (const f of foreign) for (const id of [f.userBlock, f.calendarBlock, f.user, f.calendar]) assert.equal(text.includes(id), false);
  });

  it('an organization key cannot reach another organization, nor move a block to another location', async () => {
    const [sameOrg, otherOrg] = foreign;
    for (const [method, path, body] of [
      ['GET', `/v1/blocked-slots/${otherOrg!.userBlock}`],
      ['PATCH', `/v1/blocked-slots/${otherOrg!.userBlock}`, { title: 'x' }],
      ['DELETE', `/v1/blocked-slots/${otherOrg!.calendarBlock}`],
      ['POST', '/v1/blocked-slots', { userId: otherOrg!.user, ...range }],
      ['GET', `/v1/blocked-slots?calendarId=${otherOrg!.calendar}`],
    ] as Array<[string, string, unknown?]>) {
      assert.equal((await t.request(method, path, { key: orgKey, body })).status, 404, `${method} ${path}`);
    }
    const own = await t.request('POST', '/v1/blocked-slots', { key: orgKey, body: { userId: t.demo.host.id, ...range } });
    assert.equal(own.status, 201);
    const moved = await t.request('PATCH', `/v1/blocked-slots/${own.body.id}`, { key: orgKey, body: { userId: sameOrg!.user } });
    assert.equal(moved.status, 404, 'a block stays in its location');
    const wrongLocation = await t.request('POST', '/v1/blocked-slots', { key: orgKey, body: { locationId: sameOrg!.location, userId: t.demo.host.id, ...range } });
    assert.equal(wrongLocation.status, 404, 'the owner must be in the location named');
    assert.equal((await t.request('GET', `/v1/blocked-slots/${sameOrg!.userBlock}`, { key: orgKey })).status, 200);
  });

  it('read-only keys read but cannot write; calendars.* scopes do not reach blocks', async () => {
    const own = await t.request('POST', '/v1/blocked-slots', { key: keyA, body: { calendarId: (await calendarIn(t, t.demo.location.id)).id, title: 'Scoped', ...range } });
    assert.equal((await t.request('GET', '/v1/blocked-slots', { key: readOnlyA })).status, 200);
    assert.equal((await t.request('GET', `/v1/blocked-slots/${own.body.id}`, { key: readOnlyA })).status, 200);
    for (const [method, path, body] of [
      ['POST', '/v1/blocked-slots', { userId: t.demo.host.id, ...range }],
      ['POST', '/v1/blocked-slots', { nonsense: true }],
      ['PATCH', `/v1/blocked-slots/${own.body.id}`, { title: 'Changed' }],
      ['DELETE', `/v1/blocked-slots/${own.body.id}`],
    ] as Array<[string, string, unknown?]>) {
      const res = await t.request(method, path, { key: readOnlyA, body });
      assert.equal(res.status, 403, `${method} ${path}`);
      assert.match(res.body.error.message, /calendars\/events\.write/);
    }
    assert.equal((await t.request('GET', `/v1/blocked-slots/${own.body.id}`)).body.title, 'Scoped');

    const calendarsOnly = (
      await t.request('POST', '/v1/api-keys', {
        body: { name: 'calendars', scopes: ['calendars.readonly', 'calendars.write'], locationId: t.demo.location.id },
      })
    ).body.secret;
    assert.equal((await t.request('GET', '/v1/blocked-slots', { key: calendarsOnly })).status, 403);
    assert.equal((await t.request('POST', '/v1/blocked-slots', { key: calendarsOnly, body: { userId: t.demo.host.id, ...range } })).status, 403);
    assert.equal((await t.request('GET', '/v1/blocked-slots', { key: null })).status, 401);
  });
});
