import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { openStore, type Store } from '../../src/store/database.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { insertOrganization } from '../../src/store/repositories/organizations.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

describe('store', () => {
  let database: TestDatabase;
  let store: Store;

  before(async () => {
    database = await createTestDatabase();
    store = openStore(database.config);
  });
  after(async () => {
    await store.close();
    await database.drop();
  });

  it('applies the migrations once; a second run applies nothing', async () => {
    const first = await migrateToLatest(store);
    assert.ok(first.includes('0001-foundation'));
    assert.deepEqual(await migrateToLatest(store), []);
  });

  it('a failed transaction leaves nothing behind', async () => {
    await assert.rejects(
      store.transaction(async (trx) => {
        await insertOrganization(trx, { publicId: 'rollback-org-000001', name: 'Half written', now: 1 });
        throw new Error('boom');
      }),
      /boom/,
    );
    const rows = await store.db.selectFrom('organizations').selectAll().where('name', '=', 'Half written').execute();
    assert.deepEqual(rows, []);
  });

  it('returns epoch-millisecond columns as numbers', async () => {
    const instant = Date.parse('2099-12-31T23:59:59.999Z');
    await insertOrganization(store.db, { publicId: 'number-org-00000001', name: 'Numbers', now: instant });
    const row = await store.db.selectFrom('organizations').select(['id', 'created_at']).where('name', '=', 'Numbers').executeTakeFirstOrThrow();
    assert.equal(row.created_at, instant);
    assert.equal(typeof row.id, 'number');
  });

  it('enforces foreign keys', async () => {
    await assert.rejects(
      store.db.insertInto('locations').values({
        public_id: 'orphan-location-0001',
        organization_id: 999_999,
        name: 'Orphan',
        time_zone: 'UTC',
        email: null,
        phone: null,
        address: null,
        website: null,
        created_at: 1,
        updated_at: 1,
      }).execute(),
    );
  });

  it('runs a transaction again when PostgreSQL breaks a deadlock, but not for other errors', async (t) => {
    if (store.kind !== 'postgres') return t.skip('SQLite serialises writers; no deadlocks');
    let calls = 0;
    const result = await store.transaction(async () => {
      calls++;
      if (calls === 1) throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
      return 'done';
    });
    assert.equal(result, 'done');
    assert.equal(calls, 2);
    let failing = 0;
    await assert.rejects(
      store.transaction(async () => {
        failing++;
        throw Object.assign(new Error('unique'), { code: '23505' });
      }),
    );
    assert.equal(failing, 1);
  });

  it('answers a ping', async () => {
    await store.ping();
  });

  it('runs SQLite in WAL mode with a busy timeout', async (t) => {
    if (store.kind !== 'sqlite') return t.skip('PostgreSQL run');
    const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(store.db);
    assert.equal(mode.rows[0]?.journal_mode, 'wal');
    const timeout = await sql<{ timeout: number }>`pragma busy_timeout`.execute(store.db);
    assert.equal(timeout.rows[0]?.timeout, 5000);
  });

  it('sets a statement timeout on PostgreSQL', async (t) => {
    if (store.kind !== 'postgres') return t.skip('SQLite run');
    const res = await sql<{ statement_timeout: string }>`show statement_timeout`.execute(store.db);
    assert.equal(res.rows[0]?.statement_timeout, '30s');
  });

  it('runs data statements as prepared statements on PostgreSQL, and others as they are', async (t) => {
    if (store.kind !== 'postgres') return t.skip('SQLite run');
    const prepared = await store.transaction(async (trx) => {
      for (let i = 0; i < 2; i++) await trx.selectFrom('organizations').select('name').where('name', '=', `prepared-probe-${i}`).execute();
      await sql`set local work_mem = '8MB'`.execute(trx);
      return sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(trx);
    });
    const probes = prepared.rows.filter((r) => r.statement.startsWith('select "name" from "organizations" where "name" = $1'));
    assert.equal(probes.length, 1, 'one statement, prepared once on the connection, run twice');
    assert.ok(!prepared.rows.some((r) => /^set /i.test(r.statement)), 'a SET is not prepared');

    const unprepared = openStore(database.config, { preparedStatements: false });
    try {
      const rows = await unprepared.transaction(async (trx) => {
        await trx.selectFrom('organizations').select('id').where('name', '=', 'x').execute();
        return sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements`.execute(trx);
      });
      assert.equal(rows.rows[0]?.n, 0, 'a store opened for migrating prepares nothing');
    } finally {
      await unprepared.close();
    }
  });
});
