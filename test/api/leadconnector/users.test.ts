import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SPEC_TESTS, startLcServer, type LcServer } from '../../helpers/leadconnector.ts';

describe('LeadConnector dialect: users and the shared wire rules', SPEC_TESTS, () => {
  let t: LcServer;
  before(async () => {
    t = await startLcServer();
  });
  after(() => t.close());

  it('GET /users/?locationId= lists the location’s users as the spec says', async () => {
    const res = await t.checked('GET', `/users/?locationId=${t.demo.location.id}`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.problems, []);
    assert.deepEqual(res.body.users.map((u: { id: string }) => u.id), [t.demo.host.id]);
    assert.equal(res.body.users[0].name, 'Alex Host');
    assert.deepEqual(res.body.users[0].roles.locationIds, [t.demo.location.id]);
  });

  it('GET /users/{userId} answers the user', async () => {
    const res = await t.checked('GET', `/users/${t.demo.host.id}`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.problems, []);
    assert.equal(res.body.email, 'alex.host@example.com');
  });

  it('answers a bad or missing token with 401 in HighLevel’s body', async () => {
    for (const key of [null, 'not-a-key']) {
      const res = await t.checked('GET', `/users/${t.demo.host.id}`, { key });
      assert.equal(res.status, 401);
      assert.deepEqual(res.problems, []);
      assert.deepEqual(res.body, { statusCode: 401, message: 'Invalid JWT', error: 'Unauthorized' });
    }
  });

  it('requires a Version header but accepts any value', async () => {
    const missing = await t.checked('GET', `/users/${t.demo.host.id}`, { version: null });
    assert.equal(missing.status, 400);
    assert.deepEqual(missing.body, { statusCode: 400, message: 'version header was not found' });
    assert.deepEqual(missing.problems, []);
    for (const version of ['2021-04-15', '2023-02-21', 'v3', 'anything']) {
      assert.equal((await t.lc('GET', `/users/${t.demo.host.id}`, { version })).status, 200, version);
    }
  });

  it('a key without the operation’s scope gets 401', async () => {
    const issued = await t.request('POST', '/v1/api-keys', { body: { name: 'contacts', scopes: ['contacts.readonly'], locationId: t.demo.location.id } });
    const res = await t.checked('GET', `/users/${t.demo.host.id}`, { key: issued.body.secret });
    assert.equal(res.status, 401);
    assert.equal(res.body.message, 'The token is not authorized for this scope.');
    assert.deepEqual(res.problems, []);
  });

  it('another location’s id or locationId answers 403; an unknown id 400', async () => {
    const other = await t.request('POST', '/v1/locations', { body: { name: 'Other', timeZone: 'UTC' } });
    const user = await t.request('POST', '/v1/users', { body: { locationId: other.body.id, firstName: 'Far', lastName: 'Away', email: 'far@example.com' } });
    const foreign = await t.lc('GET', `/users/${user.body.id}`);
    assert.equal(foreign.status, 403);
    assert.deepEqual(foreign.body, { statusCode: 403, message: 'The token does not have access to this location', error: 'Forbidden' });
    const list = await t.lc('GET', `/users/?locationId=${other.body.id}`);
    assert.equal(list.status, 403);
    const unknown = await t.checked('GET', '/users/AAAAAAAAAAAAAAAAAAAA');
    assert.equal(unknown.status, 400);
    assert.deepEqual(unknown.problems, []);
  });

  it('an organization-wide key is refused; unknown routes answer 404 in HighLevel’s body', async () => {
    const res = await t.lc('GET', `/users/${t.demo.host.id}`, { key: t.demo.adminKey.secret });
    assert.equal(res.status, 403);
    const missing = await t.lc('GET', '/users/a/b/c');
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, { statusCode: 404, message: 'Cannot GET /users/a/b/c', error: 'Not Found' });
  });

  it('a missing query parameter is a 400 naming it, as class-validator words it', async () => {
    const res = await t.checked('GET', '/users/');
    assert.equal(res.status, 400);
    assert.deepEqual(res.body, { statusCode: 400, message: 'locationId should not be empty' });
    assert.deepEqual(res.problems, []);
  });

  it('creates, searches, updates and deletes users', async () => {
    const body = {
      companyId: t.principalOrganizationId,
      firstName: 'Nina',
      lastName: 'Patel',
      email: 'Nina.Patel@example.com',
      password: 'secret-never-stored',
      phone: '+1 212 555 0199',
      type: 'account',
      role: 'user',
      locationIds: [t.demo.location.id],
    };
    const created = await t.checked('POST', '/users/', { body });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual(created.problems, []);
    assert.equal(created.body.email, 'nina.patel@example.com');
    const id = created.body.id;

    const search = await t.checked('GET', `/users/search?companyId=${t.principalOrganizationId}&query=patel`);
    assert.equal(search.status, 200);
    assert.deepEqual(search.problems, []);
    assert.equal(search.body.count, 1);
    assert.equal(search.body.users[0].id, id);
    const byIds = await t.lc('GET', `/users/search?companyId=${t.principalOrganizationId}&ids=${id},${t.demo.host.id}&sort=firstName&sortDirection=desc`);
    assert.deepEqual(byIds.body.users.map((u: { firstName: string }) => u.firstName), ['Nina', 'Alex']);

    const updated = await t.checked('PUT', `/users/${id}`, { body: { lastName: 'Patel-Roy', role: 'admin', email: 'ignored@example.com' } });
    assert.equal(updated.status, 200);
    assert.deepEqual(updated.problems, []);
    assert.equal(updated.body.lastName, 'Patel-Roy');
    assert.equal(updated.body.roles.role, 'admin');
    assert.equal(updated.body.email, 'nina.patel@example.com', 'e-mail changes are ignored, as in HighLevel');

    const deleted = await t.checked('DELETE', `/users/${id}`);
    assert.equal(deleted.status, 200);
    assert.deepEqual(deleted.problems, []);
    assert.equal(deleted.body.succeded, true);
    assert.equal((await t.lc('GET', `/users/${id}`)).status, 400);
  });

  it('refuses bad user bodies in HighLevel’s 422 format and writes nothing', async () => {
    const before = (await t.lc('GET', `/users/?locationId=${t.demo.location.id}`)).body.users.length;
    const base = { companyId: t.principalOrganizationId, firstName: 'A', lastName: 'B', email: 'ab@example.com', password: 'x', type: 'account', role: 'user', locationIds: [t.demo.location.id] };
    const missing = await t.checked('POST', '/users/', { body: { ...base, email: undefined } });
    assert.equal(missing.status, 422);
    assert.deepEqual(missing.problems, []);
    assert.deepEqual(missing.body.message, ['email should not be empty']);
    const wrongType = await t.checked('POST', '/users/', { body: { ...base, firstName: 7 } });
    assert.equal(wrongType.status, 422);
    assert.deepEqual(wrongType.body.message, ['firstName must be a string']);
    const badRole = await t.checked('POST', '/users/', { body: { ...base, role: 'owner' } });
    assert.equal(badRole.status, 422);
    const badEmail = await t.checked('POST', '/users/', { body: { ...base, email: 'nope' } });
    assert.equal(badEmail.status, 422);
    assert.deepEqual(badEmail.problems, []);
    const agency = await t.lc('POST', '/users/', { body: { ...base, type: 'agency' } });
    assert.equal(agency.status, 422);
    const otherCompany = await t.lc('POST', '/users/', { body: { ...base, companyId: 'AAAAAAAAAAAAAAAAAAAA' } });
    assert.equal(otherCompany.status, 403);
    const otherLocation = await t.lc('POST', '/users/', { body: { ...base, locationIds: ['AAAAAAAAAAAAAAAAAAAA'] } });
    assert.equal(otherLocation.status, 403);
    assert.equal((await t.lc('GET', `/users/?locationId=${t.demo.location.id}`)).body.users.length, before);
  });

  it('a user who hosts bookings cannot be deleted (400 here, 409 in the native API)', async () => {
    const booking = await t.request('POST', '/v1/bookings', {
      body: { calendarId: t.demo.calendar.id, start: '2026-06-02T09:00:00-04:00', contactId: t.demo.contact.id },
    });
    assert.equal(booking.status, 201);
    const lc = await t.checked('DELETE', `/users/${t.demo.host.id}`);
    assert.equal(lc.status, 400);
    assert.deepEqual(lc.problems, []);
    const native = await t.request('DELETE', `/v1/users/${t.demo.host.id}`);
    assert.equal(native.status, 409);
    assert.equal((await t.lc('GET', `/users/${t.demo.host.id}`)).status, 200);
  });

  it('leaves the native API and its OpenAPI document alone', async () => {
    const doc = await t.request('GET', '/v1/openapi.json');
    assert.equal(Object.keys(doc.body.paths).some((p: string) => p.startsWith('/users')), false);
    const native = await t.request('GET', '/v1/users');
    assert.equal(native.status, 200);
  });
});
