import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { seedDemo } from '../../../src/services/seed.ts';
import { SCOPES } from '../../../src/services/scopes.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';

interface Objects {
  location: string;
  user: string;
  contact: string;
  key: string;
}

const RESOURCES = ['users', 'contacts', 'api-keys'] as const;
const PATCHES: Record<string, unknown> = {
  locations: { name: 'Taken over' },
  users: { firstName: 'Taken' },
  contacts: { firstName: 'Taken' },
  'api-keys': { name: 'Taken' },
};

/** Every route that names an object or a location, aimed at another tenant's objects. */
function foreignRequests(target: Objects): Array<[string, string, unknown?]> {
  const ids: Record<string, string> = { locations: target.location, users: target.user, contacts: target.contact, 'api-keys': target.key };
  const requests: Array<[string, string, unknown?]> = [];
  for (const [resource, id] of Object.entries(ids)) {
    requests.push(['GET', `/v1/${resource}/${id}`]);
    requests.push(['PATCH', `/v1/${resource}/${id}`, PATCHES[resource]]);
    requests.push(['DELETE', `/v1/${resource}/${id}`]);
  }
  for (const resource of RESOURCES) requests.push(['GET', `/v1/${resource}?locationId=${target.location}`]);
  requests.push(['POST', '/v1/users', { locationId: target.location, firstName: 'In', lastName: 'Truder', email: 'intruder@example.com' }]);
  requests.push(['POST', '/v1/contacts', { locationId: target.location, firstName: 'Intruder' }]);
  requests.push(['POST', '/v1/api-keys', { locationId: target.location, name: 'intruder', scopes: ['users.readonly'] }]);
  return requests;
}

describe('native API: tenant isolation', () => {
  let t: TestServer;
  let keyA: string;
  let orgKey: string;
  let sameOrg: Objects;
  let otherOrg: Objects;

  async function objectsIn(location: string, key: string): Promise<Objects> {
    const user = await t.request('POST', '/v1/users', { key, body: { locationId: location, firstName: 'Own', lastName: 'User', email: 'own@example.com' } });
    const contact = await t.request('POST', '/v1/contacts', { key, body: { locationId: location, firstName: 'Own' } });
    const apiKey = await t.request('POST', '/v1/api-keys', { key, body: { locationId: location, name: 'own', scopes: ['users.readonly'] } });
    assert.equal(user.status, 201);
    assert.equal(contact.status, 201);
    assert.equal(apiKey.status, 201);
    return { location, user: user.body.id, contact: contact.body.id, key: apiKey.body.apiKey.id };
  }

  async function snapshot(objects: Objects, key: string): Promise<unknown[]> {
    return Promise.all([
      t.request('GET', `/v1/locations/${objects.location}`, { key }).then((r) => r.body),
      t.request('GET', `/v1/users?locationId=${objects.location}`, { key }).then((r) => r.body),
      t.request('GET', `/v1/contacts?locationId=${objects.location}`, { key }).then((r) => r.body),
      t.request('GET', `/v1/api-keys?locationId=${objects.location}&includeRevoked=true`, { key }).then((r) => r.body),
    ]);
  }

  before(async () => {
    t = await startTestServer();
    orgKey = t.demo.adminKey.secret;
    const issued = await t.request('POST', '/v1/api-keys', { body: { name: 'A', scopes: [...SCOPES], locationId: t.demo.location.id } });
    keyA = issued.body.secret;

    const b = await t.request('POST', '/v1/locations', { body: { name: 'Location B', timeZone: 'Europe/London' } });
    sameOrg = await objectsIn(b.body.id, orgKey);

    const other = await seedDemo(t.app.services.ctx);
    otherOrg = await objectsIn(other.location.id, other.adminKey.secret);
    otherOrg.user = other.host.id;
    (otherOrg as Objects & { orgKey?: string }).orgKey = other.adminKey.secret;
  });
  after(() => t.close());

  it('a location key gets 404 for every object of another location of its organization', async () => {
    const before = await snapshot(sameOrg, orgKey);
    for (const [method, path, body] of foreignRequests(sameOrg)) {
      const res = await t.request(method, path, { key: keyA, body });
      assert.equal(res.status, 404, `${method} ${path}`);
      assert.equal(res.body.error.code, 'not_found');
    }
    assert.deepEqual(await snapshot(sameOrg, orgKey), before);
  });

  it('a location key gets 404 for every object of another organization', async () => {
    const owner = (otherOrg as Objects & { orgKey: string }).orgKey;
    const before = await snapshot(otherOrg, owner);
    for (const [method, path, body] of foreignRequests(otherOrg)) {
      const res = await t.request(method, path, { key: keyA, body });
      assert.equal(res.status, 404, `${method} ${path}`);
    }
    assert.deepEqual(await snapshot(otherOrg, owner), before);
  });

  it('an organization key gets 404 for every object of another organization', async () => {
    const owner = (otherOrg as Objects & { orgKey: string }).orgKey;
    const before = await snapshot(otherOrg, owner);
    for (const [method, path, body] of foreignRequests(otherOrg)) {
      const res = await t.request(method, path, { key: orgKey, body });
      assert.equal(res.status, 404, `${method} ${path}`);
    }
    assert.deepEqual(await snapshot(otherOrg, owner), before);
  });

  it('lists never show another tenant’s objects', async () => {
    for (const resource of ['locations', ...RESOURCES]) {
      const res = await t.request('GET', `/v1/${resource}?limit=100`, { key: keyA });
      assert.equal(res.status, 200);
      const text = JSON.stringify(res.body);
      for (const id of [...Object.values(sameOrg), ...Object.values(otherOrg)]) {
        assert.equal(text.includes(id), false, `${resource} list leaks ${id}`);
      }
    }
    const orgList = await t.request('GET', '/v1/users?limit=100', { key: orgKey });
    assert.ok(orgList.body.data.some((u: { id: string }) => u.id === sameOrg.user), 'an organization key sees all its locations');
    assert.equal(JSON.stringify(orgList.body).includes(otherOrg.user), false);
  });
});
