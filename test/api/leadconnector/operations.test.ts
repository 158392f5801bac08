import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../../src/api/server.ts';
import { openApp, type App } from '../../../src/app.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { SPEC_TESTS, SPECS } from '../../helpers/leadconnector.ts';

/** The contacts and users operations a calendar integration needs (the list). */
const CONTACT_AND_USER_OPS = [
  'create-contact', 'get-contact', 'update-contact', 'delete-contact', 'upsert-contact', 'get-contacts', 'search-contacts-advanced',
  'get-appointments-for-contact', 'get-user-by-location', 'search-users', 'get-user', 'update-user', 'delete-user', 'create-user',
];

interface Operation {
  id: string;
  method: string;
  url: string;
}

async function operations(file: string, only?: string[]): Promise<Operation[]> {
  const spec = JSON.parse(await readFile(path.join(SPECS, file), 'utf8'));
  const ops: Operation[] = [];
  for (const [route, methods] of Object.entries(spec.paths as Record<string, Record<string, { operationId: string }>>)) {
    for (const [method, op] of Object.entries(methods)) {
      if (only && !only.includes(op.operationId)) continue;
      ops.push({ id: op.operationId, method: method.toUpperCase(), url: route.replace(/\{([^}]+)\}/g, ':$1') });
    }
  }
  return ops;
}

describe('LeadConnector dialect: every operation of the specs is served', SPEC_TESTS, () => {
  let database: TestDatabase;
  let app: App;
  let server: FastifyInstance;
  before(async () => {
    database = await createTestDatabase();
    app = await openApp({ database: database.config });
    server = await buildServer({ config: { logLevel: 'silent', publicUrl: 'http://127.0.0.1' }, store: app.store, services: app.services });
    await server.ready();
  });
  after(async () => {
    await server.close();
    await app.store.close();
    await database.drop();
  });

  it('routes every calendars (v2 and v3), contacts and users operation the issue names', async () => {
    const all = [
      ...(await operations('apps/calendars.json')),
      ...(await operations('apps/v3/calendars-v3.json')),
      ...(await operations('apps/contacts.json', CONTACT_AND_USER_OPS)),
      ...(await operations('apps/users.json', CONTACT_AND_USER_OPS)),
    ];
    const unique = new Map(all.map((op) => [`${op.method} ${op.url}`, op]));
    const missing = [...unique.values()].filter((op) => !server.hasRoute({ method: op.method as 'GET', url: op.url }));
    assert.deepEqual(missing.map((op) => `${op.id} (${op.method} ${op.url})`), []);
  });
});
