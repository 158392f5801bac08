import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SCOPES } from '../../../src/services/scopes.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';

describe('native API: scope enforcement', () => {
  let t: TestServer;
  let readOnly: string;
  let loc: string;

  before(async () => {
    t = await startTestServer();
    loc = t.demo.location.id;
    const issued = await t.request('POST', '/v1/api-keys', {
      body: { name: 'read only', scopes: SCOPES.filter((s) => s.endsWith('.readonly')), locationId: loc },
    });
    readOnly = issued.body.secret;
  });
  after(() => t.close());

  it('a read-only key reads everything', async () => {
    for (const path of ['/v1/locations', '/v1/users', '/v1/contacts', '/v1/api-keys', `/v1/users/${t.demo.host.id}`, `/v1/locations/${loc}`]) {
      assert.equal((await t.request('GET', path, { key: readOnly })).status, 200, path);
    }
  });

  it('a read-only key cannot write anything, and nothing is written', async () => {
    const writes: Array<[string, string, unknown?]> = [
      ['POST', '/v1/locations', { name: 'X', timeZone: 'UTC' }],
      ['PATCH', `/v1/locations/${loc}`, { name: 'X' }],
      ['DELETE', `/v1/locations/${loc}`],
      ['POST', '/v1/users', { firstName: 'X', lastName: 'Y', email: 'x@example.com' }],
      ['PATCH', `/v1/users/${t.demo.host.id}`, { firstName: 'X' }],
      ['DELETE', `/v1/users/${t.demo.host.id}`],
      ['POST', '/v1/contacts', { firstName: 'X' }],
      ['PATCH', `/v1/contacts/${t.demo.contact.id}`, { firstName: 'X' }],
      ['DELETE', `/v1/contacts/${t.demo.contact.id}`],
      ['POST', '/v1/api-keys', { name: 'X', scopes: ['users.readonly'] }],
      ['PATCH', `/v1/api-keys/${t.demo.adminKey.apiKey.id}`, { name: 'X' }],
      ['DELETE', `/v1/api-keys/${t.demo.adminKey.apiKey.id}`],
    ];
    for (const [method, path, body] of writes) {
      const res = await t.request(method, path, { key: readOnly, body });
      assert.equal(res.status, 403, `${method} ${path}`);
      assert.equal(res.body.error.code, 'forbidden');
      assert.match(res.body.error.message, /\.write/);
    }
    assert.equal((await t.request('GET', `/v1/locations/${loc}`)).body.name, 'Demo Studio');
    assert.equal((await t.request('GET', `/v1/users/${t.demo.host.id}`)).body.firstName, 'Alex');
    assert.equal((await t.request('GET', `/v1/contacts/${t.demo.contact.id}`)).body.firstName, 'Jamie');
    assert.equal((await t.request('GET', '/v1/api-keys')).body.pagination.total, 2);
    assert.equal((await t.request('GET', '/v1/users', { key: t.demo.adminKey.secret })).status, 200, 'the admin key still works');
  });

  it('a scope check happens before the body is validated', async () => {
    const res = await t.request('POST', '/v1/users', { key: readOnly, body: { nonsense: true } });
    assert.equal(res.status, 403);
  });

  it('a key without a resource’s read scope cannot read it', async () => {
    const issued = await t.request('POST', '/v1/api-keys', { body: { name: 'contacts only', scopes: ['contacts.readonly'], locationId: loc } });
    const key = issued.body.secret;
    assert.equal((await t.request('GET', '/v1/contacts', { key })).status, 200);
    for (const path of ['/v1/users', '/v1/locations', '/v1/api-keys']) {
      assert.equal((await t.request('GET', path, { key })).status, 403, path);
    }
  });
});
