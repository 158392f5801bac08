import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../helpers/server.ts';

describe('native API: users', () => {
  let t: TestServer;
  let loc: string;
  before(async () => {
    t = await startTestServer();
    loc = t.demo.location.id;
  });
  after(() => t.close());

  it('creates a user with a normalised e-mail and the location’s time zone by default', async () => {
    const res = await t.request('POST', '/v1/users', {
      body: { locationId: loc, firstName: 'Priya', lastName: 'Shah', email: ' Priya.Shah@Example.com ', phone: '+1 212 555 0100' },
    });
    assert.equal(res.status, 201);
    assert.equal(res.body.email, 'priya.shah@example.com');
    assert.equal(res.body.timeZone, 'America/New_York');
    assert.equal(res.body.role, 'user');
    assert.equal(res.body.active, true);
    assert.equal(res.body.name, 'Priya Shah');
    assert.equal(res.body.locationId, loc);

    const read = await t.request('GET', `/v1/users/${res.body.id}`);
    assert.equal(read.status, 200);
    assert.deepEqual(read.body, res.body);
  });

  it('updates only the fields sent and deletes', async () => {
    const created = await t.request('POST', '/v1/users', {
      body: { locationId: loc, firstName: 'Tom', lastName: 'Lee', email: 'tom@example.com', timeZone: 'Australia/Lord_Howe' },
    });
    const patched = await t.request('PATCH', `/v1/users/${created.body.id}`, { body: { active: false, role: 'admin' } });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.active, false);
    assert.equal(patched.body.role, 'admin');
    assert.equal(patched.body.timeZone, 'Australia/Lord_Howe');
    assert.equal(patched.body.email, 'tom@example.com');

    assert.equal((await t.request('DELETE', `/v1/users/${created.body.id}`)).status, 204);
    assert.equal((await t.request('GET', `/v1/users/${created.body.id}`)).status, 404);
    assert.equal((await t.request('DELETE', `/v1/users/${created.body.id}`)).status, 404);
  });

  it('lists with filters, text search, stable order and pagination', async () => {
    for (const n of [1, 2, 3]) {
      await t.request('POST', '/v1/users', { body: { locationId: loc, firstName: `Page${n}`, lastName: 'Tester', email: `page${n}@example.com` } });
    }
    const all = await t.request('GET', `/v1/users?locationId=${loc}&q=tester&limit=2`);
    assert.equal(all.status, 200);
    assert.equal(all.body.pagination.total, 3);
    assert.deepEqual(all.body.data.map((u: { firstName: string }) => u.firstName), ['Page1', 'Page2']);
    const next = await t.request('GET', `/v1/users?locationId=${loc}&q=tester&limit=2&offset=2`);
    assert.deepEqual(next.body.data.map((u: { firstName: string }) => u.firstName), ['Page3']);

    const admins = await t.request('GET', '/v1/users?role=admin&active=true');
    assert.ok(admins.body.data.every((u: { role: string; active: boolean }) => u.role === 'admin' && u.active));
    assert.ok(admins.body.data.some((u: { id: string }) => u.id === t.demo.host.id));

    const wildcard = await t.request('GET', '/v1/users?q=%25');
    assert.equal(wildcard.body.pagination.total, 0, 'a % in the search text is literal');
  });

  it('refuses to delete the only host of a calendar (409) until the calendar has another', async () => {
    const solo = await t.request('POST', '/v1/users', { body: { locationId: loc, firstName: 'Solo', lastName: 'Host', email: 'solo-host@example.com' } });
    const other = await t.request('POST', '/v1/users', { body: { locationId: loc, firstName: 'Other', lastName: 'Host', email: 'other-host@example.com' } });
    const team = await t.request('POST', '/v1/calendars', { body: { locationId: loc, name: 'Solo team', kind: 'round_robin', hosts: [{ userId: solo.body.id }] } });
    const refused = await t.request('DELETE', `/v1/users/${solo.body.id}`);
    assert.equal(refused.status, 409, JSON.stringify(refused.body));
    assert.match(refused.body.error.message, new RegExp(team.body.id));
    assert.equal((await t.request('GET', `/v1/users/${solo.body.id}`)).status, 200, 'still there');
    await t.request('PATCH', `/v1/calendars/${team.body.id}`, { body: { hosts: [{ userId: solo.body.id }, { userId: other.body.id }] } });
    assert.equal((await t.request('DELETE', `/v1/users/${solo.body.id}`)).status, 204, 'the calendar keeps a host');
    assert.deepEqual((await t.request('GET', `/v1/calendars/${team.body.id}`)).body.hosts.map((h: { userId: string }) => h.userId), [other.body.id]);
  });

  it('answers 409 for a second user with the same e-mail in the location, writing nothing', async () => {
    const res = await t.request('POST', '/v1/users', {
      body: { locationId: loc, firstName: 'Alex', lastName: 'Again', email: 'ALEX.HOST@example.com' },
    });
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, 'conflict');
    assert.equal(res.body.error.details[0].field, 'email');
    const list = await t.request('GET', '/v1/users?q=again');
    assert.equal(list.body.pagination.total, 0);
  });

  it('rejects bad input naming the field, and writes nothing', async () => {
    const before = (await t.request('GET', '/v1/users')).body.pagination.total;
    const cases: Array<[unknown, number, string]> = [
      [{ locationId: loc, firstName: 'A', lastName: 'B', email: 'not-an-email' }, 422, 'email'],
      [{ locationId: loc, firstName: 'A', lastName: 'B', email: 'a@example.com', timeZone: 'Europe/Atlantis' }, 422, 'timeZone'],
      [{ locationId: loc, firstName: 'A', lastName: 'B', email: 'a@example.com', phone: 'call me' }, 422, 'phone'],
      [{ locationId: loc, lastName: 'B', email: 'a@example.com' }, 400, 'firstName'],
      [{ locationId: loc, firstName: 'A', lastName: 'B', email: 'a@example.com', role: 'owner' }, 400, 'role'],
      [{ locationId: loc, firstName: 'A', lastName: 'B', email: 'a@example.com', active: 'yes' }, 400, 'active'],
      [{ locationId: loc, firstName: 'A', lastName: 'B', email: 'a@example.com', nickname: 'ab' }, 400, 'nickname'],
      [{ locationId: loc, firstName: 'A'.repeat(101), lastName: 'B', email: 'a@example.com' }, 400, 'firstName'],
      [{ locationId: loc, firstName: '   ', lastName: 'B', email: 'a@example.com' }, 422, 'firstName'],
    ];
    for (const [body, status, field] of cases) {
      const res = await t.request('POST', '/v1/users', { body });
      assert.equal(res.status, status, JSON.stringify(body));
      assert.ok(
        res.body.error.details.some((d: { field: string }) => d.field === field),
        `${JSON.stringify(res.body)} names ${field}`,
      );
      assert.match(res.body.error.message, new RegExp(field));
    }
    const patch = await t.request('PATCH', `/v1/users/${t.demo.host.id}`, { body: { email: 'broken' } });
    assert.equal(patch.status, 422);
    assert.equal((await t.request('GET', `/v1/users/${t.demo.host.id}`)).body.email, 'alex.host@example.com');
    assert.equal((await t.request('GET', '/v1/users')).body.pagination.total, before);
  });

  it('an organization key must say which location a new user belongs to', async () => {
    const res = await t.request('POST', '/v1/users', { body: { firstName: 'No', lastName: 'Where', email: 'nowhere@example.com' } });
    assert.equal(res.status, 422);
    assert.equal(res.body.error.details[0].field, 'locationId');
  });

  it('rejects bad query parameters with 400', async () => {
    const res = await t.request('GET', '/v1/users?limit=1000');
    assert.equal(res.status, 400);
    assert.equal(res.body.error.details[0].field, 'limit');
    const unknown = await t.request('GET', '/v1/users?sort=name');
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error.details[0].field, 'sort');
  });
});
