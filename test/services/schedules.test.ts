import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openApp, type App } from '../../src/app.ts';
import { windowsFor } from '../../src/core/availability.ts';
import { fixedClock } from '../../src/services/clock.ts';
import { ValidationError } from '../../src/services/errors.ts';
import { newPublicId } from '../../src/services/ids.ts';
import type { Principal } from '../../src/services/principal.ts';
import { checkRules, scheduleFor, schedulesFor } from '../../src/services/schedules.ts';
import { seedDemo, type DemoData } from '../../src/services/seed.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { queryCounter } from '../helpers/query-counter.ts';

const T0 = Date.parse('2026-06-01T12:00:00Z');

describe('schedules service: which schedule applies to a host on a calendar', () => {
  let database: TestDatabase;
  let app: App;
  let demo: DemoData;
  let principal: Principal;

  async function user(): Promise<{ pk: number; id: string }> {
    const created = await app.services.users.create(principal, { firstName: 'U', lastName: 'Ser', email: `${newPublicId().toLowerCase()}@example.com` });
    return { pk: created.pk, id: created.id };
  }

  async function calendar(): Promise<{ pk: number; id: string }> {
    const id = newPublicId();
    const row = await app.store.db
      .insertInto('calendars')
      .values({ public_id: id, location_id: demo.location.pk, kind: 'round_robin', name: id, slug: id.toLowerCase(), created_at: T0, updated_at: T0 })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { pk: row.id, id };
  }

  /** A schedule whose Monday hours identify it: 0h–(n)h. */
  async function schedule(owner: { userId: string } | { calendarId: string }, mondayEnd: string, extra: { isDefault?: boolean; appliesTo?: string[] } = {}) {
    return app.services.schedules.create(principal, { ...owner, ...extra, timeZone: 'Europe/Paris', weeklyHours: { monday: [{ start: '00:00', end: mondayEnd }] } });
  }

  const mondayEnd = (s: { weekly: Partial<Record<number, readonly { end: string }[]>> } | null) => s?.weekly[1]?.[0]?.end ?? null;

  before(async () => {
    database = await createTestDatabase();
    app = await openApp({ database: database.config }, fixedClock(T0));
    demo = await seedDemo(app.services.ctx);
    principal = { keyPk: 0, keyId: '', organizationPk: demo.location.organizationPk, organizationId: '', locationPk: demo.location.pk, locationId: demo.location.id, scopes: new Set() };
  });
  after(async () => {
    await app.store.close();
    await database.drop();
  });

  it('resolves association, then the calendar’s own schedule, then the user’s default, else nothing', async () => {
    const c = await calendar();
    const [u1, u2, u3] = [await user(), await user(), await user()];
    const db = app.store.db;

    assert.equal(await scheduleFor(db, c.pk, u3.pk), null, 'no schedule at all: no availability');
    assert.equal(await scheduleFor(db, c.pk, null), null);

    await schedule({ userId: u1.id }, '01:00'); // u1's default (first schedule)
    await schedule({ userId: u2.id }, '02:00'); // u2's default
    assert.equal(mondayEnd(await scheduleFor(db, c.pk, u1.pk)), '01:00', 'the user’s default');

    const own = await schedule({ calendarId: c.id }, '03:00');
    assert.equal(mondayEnd(await scheduleFor(db, c.pk, u1.pk)), '03:00', 'the calendar’s own schedule beats the default');
    assert.equal(mondayEnd(await scheduleFor(db, c.pk, u2.pk)), '03:00');
    assert.equal(mondayEnd(await scheduleFor(db, c.pk, u3.pk)), '03:00', 'a user without schedules uses the calendar’s');
    assert.equal(mondayEnd(await scheduleFor(db, c.pk, null)), '03:00', 'a hostless calendar uses its own');

    const applied = await schedule({ userId: u1.id }, '04:00', { appliesTo: [c.id] });
    assert.equal(applied.isDefault, false);
    assert.equal(mondayEnd(await scheduleFor(db, c.pk, u1.pk)), '04:00', 'an explicit association beats everything');
    assert.equal(mondayEnd(await scheduleFor(db, c.pk, u2.pk)), '03:00', 'only for its own user');

    const other = await calendar();
    assert.equal(mondayEnd(await scheduleFor(db, other.pk, u1.pk)), '01:00', 'only on the calendar it applies to');
    assert.equal(await scheduleFor(db, other.pk, u3.pk), null);

    await app.services.schedules.delete(principal, own.id);
    assert.equal(mondayEnd(await scheduleFor(db, c.pk, u2.pk)), '02:00', 'deleting the calendar’s schedule falls back to the default');
    assert.equal(await scheduleFor(db, c.pk, null), null);
    await app.services.schedules.delete(principal, applied.id);
    assert.equal(mondayEnd(await scheduleFor(db, c.pk, u1.pk)), '01:00');

    const batch = await schedulesFor(db, c.pk, [u1.pk, u2.pk, u3.pk, u1.pk]);
    assert.deepEqual([...batch.keys()], [u1.pk, u2.pk, u3.pk]);
    assert.deepEqual(
      [...batch.values()].map((s) => mondayEnd(s)),
      ['01:00', '02:00', null],
    );
  });

  it('returns a core Schedule the availability engine computes windows from', async () => {
    const c = await calendar();
    const u = await user();
    await app.services.schedules.create(principal, {
      userId: u.id,
      timeZone: 'Europe/Paris',
      weeklyHours: { monday: [{ start: '13:00', end: '17:00' }, { start: '09:00', end: '12:00' }] },
      dateOverrides: [
        { date: '2026-06-08', intervals: [] },
        { date: '2026-06-09', intervals: [{ start: '10:00', end: '11:00' }] },
        { date: '2027-01-01', intervals: [] },
      ],
    });
    const full = await scheduleFor(app.store.db, c.pk, u.pk);
    assert.deepEqual(full, {
      timeZone: 'Europe/Paris',
      weekly: { 1: [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '17:00' }] },
      dateRules: { '2026-06-08': [], '2026-06-09': [{ start: '10:00', end: '11:00' }], '2027-01-01': [] },
    });
    const windows = windowsFor(full!, Date.parse('2026-06-01T00:00:00Z'), Date.parse('2026-06-10T00:00:00Z'));
    assert.deepEqual(
      windows.map((w) => [new Date(w.start).toISOString(), new Date(w.end).toISOString()]),
      [
        ['2026-06-01T07:00:00.000Z', '2026-06-01T10:00:00.000Z'],
        ['2026-06-01T11:00:00.000Z', '2026-06-01T15:00:00.000Z'],
        ['2026-06-09T08:00:00.000Z', '2026-06-09T09:00:00.000Z'],
      ],
    );

    const narrowed = await scheduleFor(app.store.db, c.pk, u.pk, { from: '2026-06-07', to: '2026-06-08' });
    assert.deepEqual(narrowed?.dateRules, { '2026-06-08': [] }, 'only the date rules in the span are loaded');
    assert.deepEqual(narrowed?.weekly, full!.weekly, 'weekday rules always come along');
  });

  it('resolves many hosts with a fixed number of queries', async () => {
    const counter = queryCounter();
    const db = app.store.db.withPlugin(counter);
    const c = await calendar();
    const hosts: number[] = [];
    for (let i = 0; i < 50; i++) {
      const u = await user();
      hosts.push(u.pk);
      if (i % 3 === 0) await schedule({ userId: u.id }, '05:00');
      if (i % 5 === 0) await schedule({ userId: u.id }, '06:00', { appliesTo: [c.id], isDefault: false });
    }
    counter.count = 0;
    const one = await schedulesFor(db, c.pk, hosts.slice(0, 1));
    const forOne = counter.count;
    counter.count = 0;
    const all = await schedulesFor(db, c.pk, hosts);
    assert.equal(counter.count, forOne, 'the same number of queries for 1 host and for 50');
    assert.ok(counter.count <= 3, `${counter.count} queries`);
    assert.equal(mondayEnd(one.get(hosts[0]!)!), '06:00');
    for (const [i, pk] of hosts.entries()) {
      const expected = i % 5 === 0 ? '06:00' : i % 3 === 0 ? '05:00' : null;
      assert.equal(mondayEnd(all.get(pk)!), expected, `host ${i}`);
    }
  });

  it('names rule errors the way the wire names them', () => {
    const field = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        assert.ok(error instanceof ValidationError);
        return error.issues[0]!.field;
      }
      assert.fail('no error');
    };
    assert.equal(field(() => checkRules({ thursday: [{ start: '09:00', end: '10:00' }, { start: '09:30', end: '09:45' }] }, undefined)), 'weeklyHours.thursday[1].start');
    assert.equal(field(() => checkRules({ sunday: [{ start: '09:00', end: '24:01' }] }, undefined)), 'weeklyHours.sunday[0].end');
    assert.equal(field(() => checkRules(undefined, [{ date: '2026-01-01', intervals: [{ start: 'x', end: '10:00' }] }])), 'dateOverrides[0].intervals[0].start');
    assert.deepEqual(checkRules({ monday: [] }, undefined), { weekly: [] }, 'an empty day is closed: no row');
  });
});
