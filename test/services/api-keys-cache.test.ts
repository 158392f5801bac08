import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openApp, type App } from '../../src/app.ts';
import { fixedClock } from '../../src/services/clock.ts';
import { UnauthenticatedError } from '../../src/services/errors.ts';
import { revokeKey } from '../../src/services/operator.ts';
import { seedDemo, type DemoData } from '../../src/services/seed.ts';
import { announceChange, API_KEYS_CHANNEL } from '../../src/store/change-notices.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

const T0 = Date.parse('2026-06-01T12:00:00Z');
const pg = process.env.DATABASE_URL ? {} : { skip: 'PostgreSQL only (DATABASE_URL): change notices' };

async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const accepted = (app: App, secret: string) =>
  app.services.apiKeys.authenticate(secret).then(
    () => true,
    (error: unknown) => {
      if (error instanceof UnauthenticatedError) return false;
      throw error;
    },
  );

describe('API key cache across servers on one PostgreSQL database', pg, () => {
  let database: TestDatabase;
  let server: App;
  let other: App;
  let demo: DemoData;

  before(async () => {
    database = await createTestDatabase();
    server = await openApp({ database: database.config, authCacheMs: 60_000 }, fixedClock(T0));
    other = await openApp({ database: database.config }, fixedClock(T0));
    demo = await seedDemo(server.services.ctx);
  });
  after(async () => {
    await server?.store.close();
    await other?.store.close();
    await database?.drop();
  });

  it('answers from the cache, and a revocation by another process ends it as it commits', async () => {
    const issued = await server.services.apiKeys.create(await server.services.apiKeys.authenticate(demo.adminKey.secret), {
      name: 'cached',
      scopes: ['users.readonly'],
      locationId: demo.location.id,
    });
    // Wait until the server listens for notices, so its lookups are cached.
    await eventually(async () => {
      await server.services.apiKeys.authenticate(issued.secret);
      await server.store.db.updateTable('api_keys').set({ revoked_at: T0 }).where('id', '=', issued.apiKey.pk).execute();
      const cached = await accepted(server, issued.secret);
      await server.store.db.updateTable('api_keys').set({ revoked_at: null }).where('id', '=', issued.apiKey.pk).execute();
      return cached;
    }, 'a revocation written without a notice goes unseen (the cache answers)');

    await server.store.db.updateTable('api_keys').set({ revoked_at: T0 }).where('id', '=', issued.apiKey.pk).execute();
    assert.equal(await accepted(server, issued.secret), true, 'no notice yet: still cached');
    await announceChange(server.store.db, API_KEYS_CHANNEL);
    await eventually(async () => !(await accepted(server, issued.secret)), 'the notice empties the cache');

    const second = await server.services.apiKeys.create(await server.services.apiKeys.authenticate(demo.adminKey.secret), {
      name: 'second',
      scopes: ['users.readonly'],
      locationId: demo.location.id,
    });
    assert.equal(await accepted(server, second.secret), true);
    await revokeKey(other.services.ctx, second.apiKey.id);
    await eventually(async () => !(await accepted(server, second.secret)), 'the other process’s revocation reaches this one');
  });
});
