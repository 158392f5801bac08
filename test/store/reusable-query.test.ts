import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openApp, type App } from '../../src/app.ts';
import { fixedClock } from '../../src/services/clock.ts';
import { seedDemo, type DemoData } from '../../src/services/seed.ts';
import { reusableQuery } from '../../src/store/reusable-query.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { queryCounter } from '../helpers/query-counter.ts';

const T0 = Date.parse('2026-06-01T12:00:00Z');

describe('reusableQuery: built once per shape, bound on every call', () => {
  let database: TestDatabase;
  let app: App;
  let demo: DemoData;
  let builds = 0;

  const users = reusableQuery((db, p: { location: number; emails: string[]; first: string | null | undefined; active: boolean }) => {
    builds++;
    let query = db.selectFrom('users').select(['email', 'first_name']).where('location_id', '=', p.location).where('email', 'in', p.emails);
    if (p.first === null) query = query.where('first_name', 'is', null);
    else if (p.first !== undefined) query = query.where('first_name', '=', p.first);
    return query.where('active', '=', p.active ? 1 : 0).orderBy('email');
  });

  before(async () => {
    database = await createTestDatabase();
    app = await openApp({ database: database.config }, fixedClock(T0));
    demo = await seedDemo(app.services.ctx);
    const principal = await app.services.apiKeys.authenticate(demo.adminKey.secret);
    for (const [first, email] of [['Ann', 'ann@example.com'], ['Bob', 'bob@example.com'], ['Cy', 'cy@example.com']]) {
      await app.services.users.create(principal, { firstName: first!, lastName: 'Test', email: email!, locationId: demo.location.id });
    }
  });
  after(async () => {
    await app?.store.close();
    await database?.drop();
  });

  it('binds each call’s own values to the SQL built for its shape', async () => {
    const db = app.store.db;
    const location = demo.location.pk;
    builds = 0;
    const all = await users(db, { location, emails: ['ann@example.com', 'cy@example.com'], first: undefined, active: true });
    assert.deepEqual(all.map((u) => u.email), ['ann@example.com', 'cy@example.com']);
    const other = await users(db, { location, emails: ['bob@example.com', 'ann@example.com'], first: undefined, active: true });
    assert.deepEqual(other.map((u) => u.email), ['ann@example.com', 'bob@example.com']);
    assert.equal(builds, 1, 'same shape: built once');

    const named = await users(db, { location, emails: ['ann@example.com', 'bob@example.com'], first: 'Bob', active: true });
    assert.deepEqual(named.map((u) => u.first_name), ['Bob']);
    const unnamed = await users(db, { location, emails: ['ann@example.com', 'bob@example.com'], first: null, active: true });
    assert.deepEqual(unnamed, []);
    const three = await users(db, { location, emails: ['ann@example.com', 'bob@example.com', 'cy@example.com'], first: 'Cy', active: false });
    assert.deepEqual(three, [], 'no inactive users');
    assert.equal(builds, 4, 'a string, null, another list length and another boolean are new shapes');
    const otherLocation = await users(db, { location: location + 1000, emails: ['ann@example.com', 'bob@example.com'], first: 'Bob', active: true });
    assert.deepEqual(otherLocation, []);
    assert.equal(builds, 4);
  });

  it('builds every time on a database with plugins', async () => {
    const counter = queryCounter();
    const db = app.store.db.withPlugin(counter);
    const params = { location: demo.location.pk, emails: ['ann@example.com'], first: undefined, active: true };
    await users(db, params);
    await users(db, params);
    assert.equal(counter.count, 2);
  });

  it('works inside a transaction', async () => {
    const rows = await app.store.transaction((trx) => users(trx, { location: demo.location.pk, emails: ['cy@example.com'], first: 'Cy', active: true }));
    assert.deepEqual(rows.map((u) => u.email), ['cy@example.com']);
  });
});
