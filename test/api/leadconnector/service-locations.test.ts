import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SPEC_TESTS, startLcServer, type LcServer } from '../../helpers/leadconnector.ts';
import { servicesSetup, type ServicesSetup } from '../../helpers/lc-services.ts';

const v3 = { version: 'v3' };

describe('LeadConnector dialect: v3 service locations', SPEC_TESTS, () => {
  let t: LcServer;
  let s: ServicesSetup;
  let loc: string;
  before(async () => {
    t = await startLcServer();
    s = await servicesSetup(t, 0);
    loc = t.demo.location.id;
  });
  after(() => t.close());

  const count = async () => Number((await t.app.store.db.selectFrom('service_locations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('creates, reads, lists, updates and deletes service locations, every answer as the spec says', async () => {
    const created = await t.checked('POST', '/calendars/services/locations', {
      ...v3,
      body: { locationId: loc, name: 'Downtown', slug: 'downtown', address: '1 Main St, Springfield', phone: '+1 555 0100', coverImage: 'https://example.com/d.png' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual(created.problems, []);
    const id = created.body.id;
    assert.deepEqual(created.body, {
      id, locationId: loc, name: 'Downtown', slug: 'downtown', isActive: true, isPrivate: false, coverImage: 'https://example.com/d.png',
      locationType: 'offline', address: '1 Main St, Springfield', phone: '+1 555 0100',
    });
    const home = await t.checked('POST', '/calendars/services/locations', { ...v3, body: { locationId: loc, name: 'At your place', slug: 'home', locationType: 'ask_booker', address: 'Your address' } });
    assert.equal(home.status, 201);
    assert.equal(home.body.locationType, 'ask_booker');

    const read = await t.checked('GET', `/calendars/services/locations/${id}`, v3);
    assert.equal(read.status, 200);
    assert.deepEqual(read.problems, []);
    assert.deepEqual(read.body, created.body);

    const list = await t.checked('GET', `/calendars/services/locations?locationId=${loc}`, v3);
    assert.equal(list.status, 200);
    assert.deepEqual(list.problems, []);
    assert.deepEqual(list.body.serviceLocations.map((l: { id: string }) => l.id), [id, home.body.id]);

    const updated = await t.checked('PUT', `/calendars/services/locations/${id}`, { ...v3, body: { name: 'Downtown salon', phone: '' } });
    assert.equal(updated.status, 200);
    assert.deepEqual(updated.problems, []);
    assert.equal(updated.body.name, 'Downtown salon');
    assert.equal(updated.body.phone, undefined);
    assert.equal(updated.body.address, '1 Main St, Springfield');

    const deleted = await t.checked('DELETE', `/calendars/services/locations/${id}`, v3);
    assert.equal(deleted.status, 200);
    assert.deepEqual(deleted.problems, []);
    assert.deepEqual(deleted.body, { success: true, message: 'Service location deleted successfully' });
    const gone = await t.checked('GET', `/calendars/services/locations/${id}`, v3);
    assert.equal(gone.status, 400);
    assert.deepEqual(gone.problems, []);
    assert.deepEqual((await t.lc('GET', `/calendars/services/locations?locationId=${loc}`, v3)).body.serviceLocations.map((l: { id: string }) => l.id), [home.body.id]);
  });

  it('refuses bad input with 400 and writes nothing; another location’s ids answer 403', async () => {
    await t.lc('POST', '/calendars/services/locations', { ...v3, body: { locationId: loc, name: 'Taken', slug: 'taken' } });
    const before = await count();
    const bad: Array<[string, unknown]> = [
      ['no slug', { locationId: loc, name: 'X' }],
      ['no name', { locationId: loc, slug: 'x' }],
      ['bad type', { locationId: loc, name: 'X', slug: 'x', locationType: 'online' }],
      ['bad slug', { locationId: loc, name: 'X', slug: 'Not a slug' }],
      ['taken slug', { locationId: loc, name: 'X', slug: 'taken' }],
      ['bad phone', { locationId: loc, name: 'X', slug: 'x', phone: 'call me' }],
      ['name of a wrong type', { locationId: loc, name: 5, slug: 'x' }],
    ];
    for (const [label, body] of bad) {
      const res = await t.checked('POST', '/calendars/services/locations', { ...v3, body });
      assert.equal(res.status, 400, `${label}: ${JSON.stringify(res.body)}`);
      assert.deepEqual(res.problems, [], label);
    }
    assert.equal((await t.lc('POST', '/calendars/services/locations', { ...v3, body: { locationId: s.other.locationId, name: 'X', slug: 'x' } })).status, 403);
    assert.equal((await t.lc('GET', `/calendars/services/locations/${s.other.serviceLocationId}`, v3)).status, 403);
    assert.equal((await t.lc('PUT', `/calendars/services/locations/${s.other.serviceLocationId}`, { ...v3, body: { name: 'Mine' } })).status, 403);
    assert.equal((await t.lc('DELETE', `/calendars/services/locations/${s.other.serviceLocationId}`, v3)).status, 403);
    assert.equal((await t.lc('GET', `/calendars/services/locations?locationId=${s.other.locationId}`, v3)).status, 403);
    assert.equal(await count(), before);
    assert.equal((await t.app.services.serviceLocations.get(s.admin, s.other.serviceLocationId)).name, 'Their place');
  });
});
