import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../helpers/server.ts';

describe('native API: contacts', () => {
  let t: TestServer;
  let loc: string;
  before(async () => {
    t = await startTestServer();
    loc = t.demo.location.id;
  });
  after(() => t.close());

  it('creates a contact with normalised e-mail, tags and locale', async () => {
    const res = await t.request('POST', '/v1/contacts', {
      body: {
        locationId: loc,
        firstName: 'Maya',
        lastName: 'Gurung',
        email: 'MAYA@Example.org',
        timeZone: 'Asia/Kathmandu',
        locale: 'ne-np',
        tags: [' VIP ', 'vip', 'Returning'],
        customFields: [{ id: 'pet', value: 'cat' }],
        dateOfBirth: '1990-02-28',
      },
    });
    assert.equal(res.status, 201);
    assert.equal(res.body.email, 'maya@example.org');
    assert.deepEqual(res.body.tags, ['vip', 'returning']);
    assert.equal(res.body.locale, 'ne-NP');
    assert.equal(res.body.name, 'Maya Gurung');
    assert.deepEqual(res.body.customFields, [{ id: 'pet', value: 'cat' }]);
    const read = await t.request('GET', `/v1/contacts/${res.body.id}`);
    assert.deepEqual(read.body, res.body);
  });

  it('filters by e-mail, tag and text', async () => {
    await t.request('POST', '/v1/contacts', { body: { locationId: loc, firstName: 'Tagged', email: 'tagged@example.com', tags: ['vip2'] } });
    const byTag = await t.request('GET', '/v1/contacts?tag=vip');
    assert.deepEqual(byTag.body.data.map((c: { email: string }) => c.email), ['maya@example.org']);
    const byEmail = await t.request('GET', '/v1/contacts?email=TAGGED@example.com');
    assert.equal(byEmail.body.pagination.total, 1);
    const byText = await t.request('GET', `/v1/contacts?q=gurung&locationId=${loc}`);
    assert.equal(byText.body.pagination.total, 1);
    const several = await t.request('POST', '/v1/contacts', {
      body: { locationId: loc, firstName: 'a', email: 'nope', phone: 'x', timeZone: 'Bad/Zone', locale: '!!', dateOfBirth: 'x' },
    });
    assert.equal(several.status, 422);
    assert.deepEqual(several.body.error.details.map((d: { field: string }) => d.field), ['email', 'phone', 'timeZone', 'locale', 'dateOfBirth'], 'every failing field is named');
    const blank = await t.request('GET', '/v1/contacts?email=%20');
    assert.equal(blank.status, 422, 'a blank e-mail filter is not "no filter"');
    assert.equal(blank.body.error.details[0].field, 'email');

    await t.request('POST', '/v1/contacts', { body: { locationId: loc, firstName: 'Émile', lastName: 'Øverås' } });
    for (const q of ['Émile', 'émile', 'ÉMILE', 'øverås']) {
      assert.equal((await t.request('GET', `/v1/contacts?q=${encodeURIComponent(q)}`)).body.pagination.total, 1, `q=${q} finds it, whatever the case`);
    }
    const nul = await t.request('GET', '/v1/contacts?q=%00');
    assert.equal(nul.status, 400, 'a NUL character is malformed input, not a wildcard');
    assert.equal(nul.body.error.details[0].field, 'q');
    const nulBody = await t.request('POST', '/v1/contacts', { body: { locationId: loc, firstName: 'a\u0000b' } });
    assert.equal(nulBody.status, 400);
    assert.equal(nulBody.body.error.details[0].field, 'firstName');
    const far = await t.request('GET', '/v1/contacts?offset=10000000000000000000');
    assert.equal(far.status, 400);
    assert.equal(far.body.error.details[0].field, 'offset');
  });

  it('updates, clears fields with null and deletes', async () => {
    const created = await t.request('POST', '/v1/contacts', { body: { locationId: loc, firstName: 'Sam', phone: '+44 7700 900123', city: 'Leeds' } });
    const patched = await t.request('PATCH', `/v1/contacts/${created.body.id}`, { body: { city: null, tags: ['new'] } });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.city, null);
    assert.deepEqual(patched.body.tags, ['new']);
    assert.equal(patched.body.phone, '+44 7700 900123');
    assert.equal((await t.request('DELETE', `/v1/contacts/${created.body.id}`)).status, 204);
    assert.equal((await t.request('GET', `/v1/contacts/${created.body.id}`)).status, 404);
  });

  it('refuses a contact with no name, e-mail or phone, and one that would become so', async () => {
    const empty = await t.request('POST', '/v1/contacts', { body: { locationId: loc, city: 'Paris' } });
    assert.equal(empty.status, 422);
    const only = await t.request('POST', '/v1/contacts', { body: { locationId: loc, email: 'only@example.com' } });
    const cleared = await t.request('PATCH', `/v1/contacts/${only.body.id}`, { body: { email: null } });
    assert.equal(cleared.status, 422);
    assert.equal((await t.request('GET', `/v1/contacts/${only.body.id}`)).body.email, 'only@example.com');
  });

  it('answers 409 for a duplicate e-mail in the location', async () => {
    const res = await t.request('POST', '/v1/contacts', { body: { locationId: loc, email: 'Jamie.Doe@example.com' } });
    assert.equal(res.status, 409);
    assert.equal(res.body.error.details[0].field, 'email');
  });

  it('rejects bad input naming the field, and writes nothing', async () => {
    const before = (await t.request('GET', '/v1/contacts')).body.pagination.total;
    const cases: Array<[unknown, number, string]> = [
      [{ locationId: loc, email: 'nope@' }, 422, 'email'],
      [{ locationId: loc, firstName: 'A', timeZone: 'Nowhere/City' }, 422, 'timeZone'],
      [{ locationId: loc, firstName: 'A', locale: 'not a locale!' }, 422, 'locale'],
      [{ locationId: loc, firstName: 'A', dateOfBirth: '2023-02-30' }, 422, 'dateOfBirth'],
      [{ locationId: loc, firstName: 'A', tags: 'vip' }, 400, 'tags'],
      [{ locationId: loc, firstName: 'A', tags: ['ok', 7] }, 400, 'tags[1]'],
      [{ locationId: loc, firstName: 'A', dnd: 1 }, 400, 'dnd'],
      [{ locationId: loc, firstName: 'A', favourite: 'blue' }, 400, 'favourite'],
      [{ locationId: loc, firstName: 'A', postalCode: '1'.repeat(21) }, 400, 'postalCode'],
      [{ locationId: loc, firstName: 'A', customFields: [{ value: 1 }] }, 400, 'customFields[0].id'],
    ];
    for (const [body, status, field] of cases) {
      const res = await t.request('POST', '/v1/contacts', { body });
      assert.equal(res.status, status, JSON.stringify(body));
      assert.ok(res.body.error.details.some((d: { field: string }) => d.field === field), `${JSON.stringify(res.body)} names ${field}`);
    }
    assert.equal((await t.request('GET', '/v1/contacts')).body.pagination.total, before);
  });
});
