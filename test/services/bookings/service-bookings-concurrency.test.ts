import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CatalogService } from '../../../src/services/service-catalog.ts';
import type { Calendar } from '../../../src/store/repositories/calendars.ts';
import { assertOnlyConflicts, overlappingBusyPairs } from './helpers.ts';
import { serviceWorld, type ServiceWorld } from './service-world.ts';

const AT = (local: string) => `${local}-04:00`;

/** Every outcome must be a booking or a clean conflict. */
function outcomes(results: PromiseSettledResult<unknown>[]): number {
  assertOnlyConflicts(results);
  return results.filter((r) => r.status === 'fulfilled').length;
}

describe('service bookings under concurrency (run with DATABASE_URL for PostgreSQL)', () => {
  let w: ServiceWorld;
  let cut: CatalogService, color: CatalogService, team: CatalogService;
  let ownB: Calendar;
  before(async () => {
    w = await serviceWorld();
    const [A, B, C, D] = w.hosts as [string, string, string, string];
    cut = await w.t.app.services.serviceCatalog.create(w.lp, { name: 'Cut', slug: 'cut', staffIds: [A], durationMin: 30 });
    color = await w.t.app.services.serviceCatalog.create(w.lp, { name: 'Color', slug: 'color', staffIds: [B], durationMin: 60, postBufferMin: 5 });
    team = await w.t.app.services.serviceCatalog.create(w.lp, { name: 'Shave', slug: 'shave', staffIds: [C, D], durationMin: 30 });
    ownB = await w.t.app.services.calendars.create(w.lp, { name: 'Own B', kind: 'personal', hosts: [{ userId: B }] });
  });
  after(() => w.close());

  const book = (start: string, items: Array<{ id: string }>) =>
    w.t.app.services.serviceBookings.create(w.lp, { contactId: w.contact, start: AT(start), timeZone: 'America/New_York', items });

  it('30 simultaneous two-service bookings, service-only bookings and appointments for one staff member’s hour: exactly one wins', async () => {
    const tasks = Array.from({ length: 30 }, (_, i) => {
      if (i % 3 === 0) return book('2026-06-02T10:00:00', [{ id: cut.calendar.id }, { id: color.calendar.id }]);
      if (i % 3 === 1) return book('2026-06-02T10:30:00', [{ id: color.calendar.id }]);
      return w.bookings.create(w.lp, { calendarId: ownB.id, start: AT('2026-06-02T11:00:00'), contactId: w.contact });
    });
    assert.equal(outcomes(await Promise.allSettled(tasks)), 1);
    assert.equal(await overlappingBusyPairs(w.t), 0);
  });

  it('20 simultaneous bookings of a service with two staff members fill exactly both', async () => {
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => book('2026-06-03T14:00:00', [{ id: team.calendar.id }])));
    assert.equal(outcomes(results), 2);
    const staff = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.items[0]!.staffId] : []));
    assert.equal(new Set(staff).size, 2);
    assert.equal(await overlappingBusyPairs(w.t), 0);
  });

  it('120 random concurrent service bookings across staff and times never double-book anyone', async () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const combos = [[cut], [color], [team], [cut, color], [team, cut], [color, team], [cut, team, color]];
    const dayStart = Date.parse('2026-06-04T13:00:00Z'); // Thursday 09:00 New York
    const tasks = Array.from({ length: 120 }, () => {
      const start = new Date(dayStart + random(24) * 15 * 60_000).toISOString();
      const items = combos[random(combos.length)]!.map((s) => ({ id: s.calendar.id }));
      return () => w.t.app.services.serviceBookings.create(w.lp, { contactId: w.contact, start, timeZone: 'UTC', items });
    });
    const results: PromiseSettledResult<unknown>[] = [];
    for (let i = 0; i < tasks.length; i += 20) results.push(...(await Promise.allSettled(tasks.slice(i, i + 20).map((task) => task()))));
    assert.ok(outcomes(results) > 5);
    assert.equal(await overlappingBusyPairs(w.t), 0);
  });
});
