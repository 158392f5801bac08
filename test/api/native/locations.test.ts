import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../helpers/server.ts';

describe('native API: locations', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  it('lists the organization’s locations with pagination and a total', async () => {
    const res = await t.request('GET', '/v1/locations');
    assert.equal(res.status, 200);
    assert.equal(res.body.pagination.total, 1);
    assert.equal(res.body.data[0].id, t.demo.location.id);
    assert.equal(res.body.data[0].timeZone, 'America/New_York');
  });

  it('creates, reads, updates and deletes a location', async () => {
    const created = await t.request('POST', '/v1/locations', {
      body: { name: '  Second Studio ', timeZone: 'Asia/Kathmandu', email: 'Front.Desk@Example.COM' },
    });
    assert.equal(created.status, 201);
    assert.equal(created.body.name, 'Second Studio');
    assert.equal(created.body.email, 'front.desk@example.com');
    assert.match(created.body.id, /^[A-Za-z0-9_-]{20}$/);

    const read = await t.request('GET', `/v1/locations/${created.body.id}`);
    assert.equal(read.status, 200);
    assert.equal(read.body.timeZone, 'Asia/Kathmandu');

    const patched = await t.request('PATCH', `/v1/locations/${created.body.id}`, { body: { phone: '+44 20 7946 0000', email: null } });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.phone, '+44 20 7946 0000');
    assert.equal(patched.body.email, null);
    assert.equal(patched.body.name, 'Second Studio');

    const searched = await t.request('GET', '/v1/locations?q=second');
    assert.deepEqual(searched.body.data.map((l: { id: string }) => l.id), [created.body.id]);
    const byPhone = await t.request('GET', `/v1/locations?q=${encodeURIComponent('7946 0000')}`);
    assert.deepEqual(byPhone.body.data.map((l: { id: string }) => l.id), [created.body.id], 'q searches the phone too');

    const deleted = await t.request('DELETE', `/v1/locations/${created.body.id}`);
    assert.equal(deleted.status, 204);
    assert.equal((await t.request('GET', `/v1/locations/${created.body.id}`)).status, 404);
  });

  it('deleting a location removes what is in it', async () => {
    const location = await t.request('POST', '/v1/locations', { body: { name: 'Doomed', timeZone: 'UTC' } });
    const user = await t.request('POST', '/v1/users', {
      body: { locationId: location.body.id, firstName: 'Gone', lastName: 'Soon', email: 'gone@example.com' },
    });
    assert.equal(user.status, 201);
    assert.equal((await t.request('DELETE', `/v1/locations/${location.body.id}`)).status, 204);
    assert.equal((await t.request('GET', `/v1/users/${user.body.id}`)).status, 404);
  });

  it('rejects an unknown time zone with 422 naming the field, and writes nothing', async () => {
    const res = await t.request('POST', '/v1/locations', { body: { name: 'Nowhere', timeZone: 'Mars/Olympus_Mons' } });
    assert.equal(res.status, 422);
    assert.equal(res.body.error.code, 'validation_failed');
    assert.equal(res.body.error.details[0].field, 'timeZone');
    const list = await t.request('GET', '/v1/locations?q=nowhere');
    assert.equal(list.body.pagination.total, 0);
    const several = await t.request('POST', '/v1/locations', { body: { name: '   ', timeZone: 'Mars/Base', email: 'nope', phone: 'x' } });
    assert.equal(several.status, 422);
    assert.deepEqual(several.body.error.details.map((d: { field: string }) => d.field), ['name', 'timeZone', 'email', 'phone'], 'every failing field is named');
  });

  it('rejects missing, unknown, mistyped and over-long fields with 400', async () => {
    const missing = await t.request('POST', '/v1/locations', { body: { name: 'No zone' } });
    assert.equal(missing.status, 400);
    assert.deepEqual(missing.body.error.details, [{ field: 'timeZone', message: 'is required' }]);

    const unknown = await t.request('POST', '/v1/locations', { body: { name: 'X', timeZone: 'UTC', colour: 'red' } });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error.details[0].field, 'colour');

    const mistyped = await t.request('POST', '/v1/locations', { body: { name: 42, timeZone: 'UTC' } });
    assert.equal(mistyped.status, 400);
    assert.equal(mistyped.body.error.details[0].field, 'name');

    const long = await t.request('POST', '/v1/locations', { body: { name: 'x'.repeat(201), timeZone: 'UTC' } });
    assert.equal(long.status, 400);
    assert.equal(long.body.error.details[0].field, 'name');

    const notJson = await t.request('POST', '/v1/locations', { body: '{"name":' });
    assert.equal(notJson.status, 400);
    assert.equal(notJson.body.error.code, 'invalid_request');

    assert.equal((await t.request('GET', '/v1/locations')).body.pagination.total, 1);
  });

  it('a location key sees only its own location and may not create or delete locations', async () => {
    const issued = await t.request('POST', '/v1/api-keys', {
      body: { name: 'loc', scopes: ['locations.readonly', 'locations.write'], locationId: t.demo.location.id },
    });
    const key = issued.body.secret;
    const other = await t.request('POST', '/v1/locations', { body: { name: 'Other', timeZone: 'UTC' } });

    const list = await t.request('GET', '/v1/locations', { key });
    assert.deepEqual(list.body.data.map((l: { id: string }) => l.id), [t.demo.location.id]);
    assert.equal((await t.request('GET', `/v1/locations/${other.body.id}`, { key })).status, 404);
    assert.equal((await t.request('PATCH', `/v1/locations/${other.body.id}`, { key, body: { name: 'Mine' } })).status, 404);

    const create = await t.request('POST', '/v1/locations', { key, body: { name: 'Nope', timeZone: 'UTC' } });
    assert.equal(create.status, 403);
    assert.equal(create.body.error.code, 'forbidden');
    assert.equal((await t.request('DELETE', `/v1/locations/${t.demo.location.id}`, { key })).status, 403);

    const own = await t.request('PATCH', `/v1/locations/${t.demo.location.id}`, { key, body: { website: 'https://demo.example.com' } });
    assert.equal(own.status, 200);
    assert.equal(own.body.website, 'https://demo.example.com');
  });
});
