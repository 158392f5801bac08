import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Store } from '../../src/store/database.ts';
import { isBusyOverlap } from '../../src/store/errors.ts';
import { openApp } from '../../src/app.ts';
import { fixedClock } from '../../src/services/clock.ts';
import { seedDemo } from '../../src/services/seed.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

const H = 3_600_000;
const T0 = Date.parse('2026-06-01T09:00:00Z');

describe('host_busy: the database refuses overlapping busy time', () => {
  let database: TestDatabase;
  let store: Store;
  let locationPk: number;
  let hostA: number;
  let hostB: number;
  let calendarPk: number;

  async function busy(row: { user?: number | null; calendar?: number | null; start: number; end: number; enforced?: number }) {
    await store.db
      .insertInto('host_busy')
      .values({
        location_id: locationPk,
        user_id: row.user ?? null,
        calendar_id: row.calendar ?? null,
        kind: 'booking',
        busy_start: row.start,
        busy_end: row.end,
        enforced: row.enforced ?? 1,
      })
      .execute();
  }

  before(async () => {
    database = await createTestDatabase();
    const app = await openApp({ database: database.config }, fixedClock(T0));
    store = app.store;
    const demo = await seedDemo(app.services.ctx);
    locationPk = demo.location.pk;
    hostA = demo.host.pk;
    const second = await app.services.users.create(
      { keyPk: 0, keyId: '', organizationPk: demo.location.organizationPk, organizationId: '', locationPk, locationId: demo.location.id, scopes: new Set() },
      { firstName: 'B', lastName: 'Host', email: 'b.host@example.com' },
    );
    hostB = second.pk;
    const calendar = await store.db
      .insertInto('calendars')
      .values({ public_id: 'calendar-busy-test01', location_id: locationPk, kind: 'event', name: 'Open house', slug: 'open-house', created_at: T0, updated_at: T0 })
      .returning('id')
      .executeTakeFirstOrThrow();
    calendarPk = calendar.id;
  });
  after(async () => {
    await store.close();
    await database.drop();
  });

  it('refuses an overlapping range for the same host, and allows back-to-back ranges', async () => {
    await busy({ user: hostA, start: T0, end: T0 + H });
    await assert.rejects(busy({ user: hostA, start: T0 + H / 2, end: T0 + 2 * H }), isBusyOverlap);
    await assert.rejects(busy({ user: hostA, start: T0 - H, end: T0 + 1 }), isBusyOverlap);
    await assert.rejects(busy({ user: hostA, start: T0 + 10, end: T0 + 20 }), isBusyOverlap);
    await busy({ user: hostA, start: T0 + H, end: T0 + 2 * H });
    await busy({ user: hostA, start: T0 - H, end: T0 });
  });

  it('lets another host, and unenforced rows (overrides, blocks), overlap', async () => {
    await busy({ user: hostB, start: T0, end: T0 + H });
    await busy({ user: hostA, start: T0, end: T0 + H, enforced: 0 });
  });

  it('refuses moving a row onto another one', async () => {
    await busy({ user: hostB, start: T0 + 5 * H, end: T0 + 6 * H });
    await assert.rejects(
      store.db.updateTable('host_busy').set({ busy_start: T0 + H / 2 }).where('user_id', '=', hostB).where('busy_start', '=', T0 + 5 * H).execute(),
      isBusyOverlap,
    );
    await store.db.updateTable('host_busy').set({ busy_end: T0 + 7 * H }).where('user_id', '=', hostB).where('busy_start', '=', T0 + 5 * H).execute();
  });

  it('guards hostless calendars by calendar', async () => {
    await busy({ calendar: calendarPk, start: T0, end: T0 + H });
    await assert.rejects(busy({ calendar: calendarPk, start: T0 + 1, end: T0 + H }), isBusyOverlap);
  });

  it('50 concurrent writers for one range: exactly one wins', async () => {
    const start = T0 + 100 * H;
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => store.transaction((trx) =>
        trx.insertInto('host_busy').values({
          location_id: locationPk,
          user_id: hostA,
          calendar_id: null,
          kind: 'booking',
          busy_start: start + (i % 5) * 60_000,
          busy_end: start + H,
        }).execute(),
      )),
    );
    const won = results.filter((r) => r.status === 'fulfilled').length;
    assert.equal(won, 1);
    for (const r of results) if (r.status === 'rejected') assert.ok(isBusyOverlap(r.reason), String(r.reason));
    const rows = await store.db.selectFrom('host_busy').select('id').where('user_id', '=', hostA).where('busy_start', '>=', start).execute();
    assert.equal(rows.length, 1);
  });
});
