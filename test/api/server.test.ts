import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildServer } from '../../src/api/server.ts';
import { openApp, type App } from '../../src/app.ts';
import { fixedClock } from '../../src/services/clock.ts';
import { seedDemo, type DemoData } from '../../src/services/seed.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { TEST_NOW } from '../helpers/server.ts';
import type { FastifyInstance } from 'fastify';

describe('server: operations, OpenAPI and logs', () => {
  let database: TestDatabase;
  let app: App;
  let demo: DemoData;
  let server: FastifyInstance;
  const logs: string[] = [];

  before(async () => {
    database = await createTestDatabase();
    app = await openApp({ database: database.config }, fixedClock(TEST_NOW));
    demo = await seedDemo(app.services.ctx);
    server = await buildServer({
      config: { logLevel: 'info', publicUrl: 'http://127.0.0.1' },
      store: app.store,
      services: app.services,
      logStream: { write: (line) => void logs.push(line) },
    });
    await server.ready();
  });
  after(async () => {
    await server.close();
    await app.store.close();
    await database.drop();
  });

  it('/healthz answers while alive and /readyz checks the database', async () => {
    const health = await server.inject({ method: 'GET', url: '/healthz' });
    assert.equal(health.statusCode, 200);
    const ready = await server.inject({ method: 'GET', url: '/readyz' });
    assert.equal(ready.statusCode, 200);
    assert.equal(ready.json().database, database.label);
  });

  it('/readyz answers 503 when the database is unreachable', async () => {
    const broken = { ...app.store, ping: async () => Promise.reject(new Error('connection refused')) };
    const unready = await buildServer({ config: { logLevel: 'silent', publicUrl: 'http://127.0.0.1' }, store: broken, services: app.services });
    try {
      const res = await unready.inject({ method: 'GET', url: '/readyz' });
      assert.equal(res.statusCode, 503);
      assert.equal(res.json().status, 'unavailable');
      assert.equal((await unready.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
    } finally {
      await unready.close();
    }
  });

  it('serves an OpenAPI 3.1 document built from the route schemas, and a reference page', async () => {
    const res = await server.inject({ method: 'GET', url: '/v1/openapi.json' });
    assert.equal(res.statusCode, 200);
    const doc = res.json();
    assert.equal(doc.openapi, '3.1.0');
    for (const path of ['/v1/locations', '/v1/locations/{id}', '/v1/users', '/v1/users/{id}', '/v1/contacts', '/v1/contacts/{id}', '/v1/api-keys', '/v1/api-keys/{id}']) {
      assert.ok(doc.paths[path], `documents ${path}`);
    }
    const create = doc.paths['/v1/users'].post;
    assert.ok(create.requestBody.content['application/json'].schema.properties.email);
    assert.ok(create.responses['201']);
    assert.ok(create.responses['422']);
    assert.equal(create.requestBody.required, true);
    assert.equal(doc.paths['/v1/bookings/{id}/cancel'].post.requestBody.required, false, 'an action body may be left out');
    assert.equal(doc.paths['/v1/bookings/{id}/confirm'].post.requestBody.required, false);
    assert.equal(JSON.stringify(doc).includes('x-optional-body'), false, 'the marker does not reach the document');
    assert.equal(doc.paths['/healthz'], undefined);

    const docs = await server.inject({ method: 'GET', url: '/docs/' });
    assert.equal(docs.statusCode, 200);
    assert.match(docs.body, /<html/i);
  });

  it('gives every response a request id, keeping a caller’s own', async () => {
    const generated = await server.inject({ method: 'GET', url: '/healthz' });
    assert.match(String(generated.headers['x-request-id']), /^[0-9a-f-]{36}$/);
    const given = await server.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'trace-123' } });
    assert.equal(given.headers['x-request-id'], 'trace-123');
    const hostile = await server.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'bad id\u00e9' } });
    assert.notEqual(hostile.headers['x-request-id'], 'bad id\u00e9');
  });

  it('writes structured logs with the request id and never the API key', async () => {
    logs.length = 0;
    const secret = demo.adminKey.secret;
    const res = await server.inject({
      method: 'GET',
      url: '/v1/users',
      headers: { authorization: `Bearer ${secret}`, 'x-request-id': 'log-check-1' },
    });
    assert.equal(res.statusCode, 200);
    const entries = logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.ok(entries.some((e) => e.reqId === 'log-check-1'), 'log lines carry the request id');
    assert.equal(logs.join('').includes(secret), false, 'the key is never logged');
  });

  it('answers unknown /v1 routes with the native error body', async () => {
    const res = await server.inject({ method: 'GET', url: '/v1/nothing-here' });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().error.code, 'not_found');
  });

  it('answers a malformed URL in the body of the API its path belongs to', async () => {
    const native = await server.inject({ method: 'GET', url: '/v1/users/%E0%A4%A' });
    assert.equal(native.statusCode, 400);
    assert.equal(native.json().error.code, 'invalid_request');
    const lc = await server.inject({ method: 'GET', url: '/calendars/%E0%A4%A' });
    assert.equal(lc.statusCode, 400);
    assert.equal(lc.json().statusCode, 400);
    assert.equal(typeof lc.json().message, 'string');
  });
});
