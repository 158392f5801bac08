import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hashToken } from '../../../src/services/api-keys.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';

describe('native API: API keys', () => {
  let t: TestServer;
  let loc: string;
  before(async () => {
    t = await startTestServer();
    loc = t.demo.location.id;
  });
  after(() => t.close());

  it('shows the secret once and stores only its SHA-256 hash', async () => {
    const res = await t.request('POST', '/v1/api-keys', { body: { name: 'Zapier', scopes: ['contacts.readonly'], locationId: loc } });
    assert.equal(res.status, 201);
    const { apiKey, secret } = res.body;
    assert.match(secret, /^sbk_/);
    assert.ok(secret.startsWith(apiKey.prefix));
    assert.equal(apiKey.locationId, loc);
    assert.deepEqual(apiKey.scopes, ['contacts.readonly']);

    const read = await t.request('GET', `/v1/api-keys/${apiKey.id}`);
    assert.equal(read.status, 200);
    assert.equal(read.body.secret, undefined);
    assert.equal(JSON.stringify(read.body).includes(secret), false);

    const row = await t.app.store.db.selectFrom('api_keys').selectAll().where('public_id', '=', apiKey.id).executeTakeFirstOrThrow();
    assert.equal(row.secret_hash, hashToken(secret));
    assert.equal(JSON.stringify(row).includes(secret), false);
  });

  it('records when a key was last used', async () => {
    const issued = await t.request('POST', '/v1/api-keys', { body: { name: 'usage', scopes: ['users.readonly'], locationId: loc } });
    assert.equal(issued.body.apiKey.lastUsedAt, null);
    await t.request('GET', '/v1/users', { key: issued.body.secret });
    const read = await t.request('GET', `/v1/api-keys/${issued.body.apiKey.id}`);
    assert.equal(read.body.lastUsedAt, '2026-06-01T12:00:00.000Z');
  });

  it('revoking a key makes it answer 401 at once', async () => {
    const issued = await t.request('POST', '/v1/api-keys', { body: { name: 'temp', scopes: ['users.readonly'], locationId: loc } });
    const key = issued.body.secret;
    assert.equal((await t.request('GET', '/v1/users', { key })).status, 200);
    assert.equal((await t.request('DELETE', `/v1/api-keys/${issued.body.apiKey.id}`)).status, 204);
    const denied = await t.request('GET', '/v1/users', { key });
    assert.equal(denied.status, 401);
    assert.equal(denied.body.error.code, 'unauthenticated');

    const active = await t.request('GET', '/v1/api-keys');
    assert.ok(!active.body.data.some((k: { id: string }) => k.id === issued.body.apiKey.id));
    const all = await t.request('GET', '/v1/api-keys?includeRevoked=true');
    const revoked = all.body.data.find((k: { id: string }) => k.id === issued.body.apiKey.id);
    assert.equal(revoked.revokedAt, '2026-06-01T12:00:00.000Z');
  });

  it('renames a key and changes its scopes', async () => {
    const issued = await t.request('POST', '/v1/api-keys', { body: { name: 'old', scopes: ['users.readonly'], locationId: loc } });
    const patched = await t.request('PATCH', `/v1/api-keys/${issued.body.apiKey.id}`, { body: { name: 'new', scopes: ['users.write'] } });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.name, 'new');
    assert.deepEqual(patched.body.scopes, ['users.write']);
    assert.equal((await t.request('GET', '/v1/users', { key: issued.body.secret })).status, 403);
    const found = await t.request('GET', '/v1/api-keys?q=NEW');
    assert.deepEqual(found.body.data.map((k: { id: string }) => k.id), [issued.body.apiKey.id], 'q searches key names');
  });

  it('an organization key without locationId creates an organization-wide key', async () => {
    const res = await t.request('POST', '/v1/api-keys', { body: { name: 'org', scopes: ['locations.readonly'] } });
    assert.equal(res.status, 201);
    assert.equal(res.body.apiKey.locationId, null);
  });

  it('a key cannot grant scopes it does not hold', async () => {
    const limited = await t.request('POST', '/v1/api-keys', { body: { name: 'limited', scopes: ['keys.write', 'users.readonly'], locationId: loc } });
    const res = await t.request('POST', '/v1/api-keys', { key: limited.body.secret, body: { name: 'escalate', scopes: ['users.write'] } });
    assert.equal(res.status, 403);
    const ok = await t.request('POST', '/v1/api-keys', { key: limited.body.secret, body: { name: 'same', scopes: ['users.readonly'] } });
    assert.equal(ok.status, 201);
    assert.equal(ok.body.apiKey.locationId, loc, 'a location key creates keys for its own location');
  });

  it('rejects unknown scopes and malformed tokens', async () => {
    const res = await t.request('POST', '/v1/api-keys', { body: { name: 'bad', scopes: ['calendars.everything'], locationId: loc } });
    assert.equal(res.status, 422);
    assert.equal(res.body.error.details[0].field, 'scopes');
    const empty = await t.request('POST', '/v1/api-keys', { body: { name: 'none', scopes: [], locationId: loc } });
    assert.equal(empty.status, 400);
    for (const key of ['nonsense', `sbk_AAAAAAAA_${'A'.repeat(43)}`, '']) {
      const denied = await t.request('GET', '/v1/locations', { key });
      assert.equal(denied.status, 401, key);
    }
    const none = await t.request('GET', '/v1/locations', { key: null });
    assert.equal(none.status, 401);
    assert.match(none.body.error.message, /Authorization: Bearer/);
  });
});
