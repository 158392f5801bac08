import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConflictError, NotFoundError, ValidationError } from '../../src/services/errors.ts';
import type { Principal } from '../../src/services/principal.ts';
import type { ServiceCatalogService } from '../../src/services/service-catalog.ts';
import { serviceWorld, type ServiceWorld } from './bookings/service-world.ts';

describe('service catalog: services are calendars of kind service with staff, variations, buffers and a price', () => {
  let w: ServiceWorld;
  let catalog: ServiceCatalogService;
  let p: Principal;
  before(async () => {
    w = await serviceWorld();
    catalog = w.t.app.services.serviceCatalog;
    p = w.lp;
  });
  after(() => w.close());

  const count = async () => Number((await w.t.app.store.db.selectFrom('calendars').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const variantCount = async () => Number((await w.t.app.store.db.selectFrom('calendar_variants').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('creates a service with staff, duration, buffers, price and variations, and reads it back', async () => {
    const category = await w.t.app.services.calendarGroups.create(p, { locationId: w.t.demo.location.id, name: 'Hair', slug: 'hair' });
    const service = await catalog.create(p, {
      locationId: w.t.demo.location.id, name: 'Haircut', slug: 'haircut', description: 'A cut', color: '#AA00BB', staffIds: [w.hosts[0]!, w.hosts[1]!],
      durationMin: 45, preBufferMin: 5, postBufferMin: 10, payment: { amount: 40, deposit: 10, depositType: 'amount' }, categoryId: category.id, secret: true,
      coverImage: 'https://example.com/cut.png',
      variations: [{ name: 'Short', durationMin: 30, payment: { amount: 30 } }, { name: 'Long', durationMin: 60, preBufferMin: 0, postBufferMin: 15 }],
    });
    assert.equal(service.calendar.kind, 'service');
    assert.deepEqual(service.calendar.hosts.map((h) => h.userId), [w.hosts[0], w.hosts[1]]);
    assert.equal(service.defaultDurationMin, 45);
    assert.equal(service.calendar.preBufferMin, 5);
    assert.equal(service.calendar.postBufferMin, 10);
    assert.equal(service.calendar.color, '#aa00bb');
    assert.equal(service.calendar.secret, true);
    assert.equal(service.calendar.groupId, category.id);
    assert.deepEqual(service.payment, { amount: 40, deposit: 10, depositType: 'amount' });
    assert.equal(service.coverImage, 'https://example.com/cut.png');
    assert.deepEqual(service.variations.map((v) => [v.name, v.durationMin, v.preBufferMin, v.postBufferMin, v.payment]), [
      ['Short', 30, null, null, { amount: 30 }],
      ['Long', 60, 0, 15, null],
    ]);
    const again = await catalog.get(p, service.calendar.id);
    assert.deepEqual(again, service);
    // It is a calendar like any other: its free slots are its staff's.
    const slots = await w.t.app.services.freeSlots.find(p, service.calendar.id, { start: '2026-06-02', end: '2026-06-02' });
    assert.equal(slots.byDate['2026-06-02']?.[0], '2026-06-02T09:00:00-04:00');

    const listed = await catalog.list(p, { categoryId: category.id });
    assert.deepEqual(listed.map((s) => s.calendar.id), [service.calendar.id]);
    assert.deepEqual((await catalog.list(p, { secret: false })).filter((s) => s.calendar.id === service.calendar.id), []);
    assert.equal((await catalog.list(p)).every((s) => s.calendar.kind === 'service'), true);
  });

  it('updates in place: variations keep their ids, new ones are added, unlisted ones go', async () => {
    const service = await catalog.create(p, {
      name: 'Massage', slug: 'massage', staffIds: [w.hosts[2]!], variations: [{ name: '30 min', durationMin: 30 }, { name: '90 min', durationMin: 90 }],
    });
    assert.equal(service.defaultDurationMin, 30, 'default duration 30 minutes');
    const [short, long] = service.variations;
    const updated = await catalog.update(p, service.calendar.id, {
      durationMin: 60, staffIds: [w.hosts[2]!, w.hosts[3]!], payment: { amount: 80 },
      variations: [{ id: long!.id, durationMin: 120 }, { name: 'Hot stones', durationMin: 75, preBufferMin: 15 }],
    });
    assert.equal(updated.defaultDurationMin, 60);
    assert.deepEqual(updated.calendar.hosts.map((h) => h.userId), [w.hosts[2], w.hosts[3]]);
    assert.deepEqual(updated.variations.map((v) => [v.name, v.durationMin, v.preBufferMin]), [['90 min', 120, null], ['Hot stones', 75, 15]]);
    assert.equal(updated.variations[0]!.id, long!.id);
    assert.ok(!updated.variations.some((v) => v.id === short!.id));
    assert.deepEqual(updated.payment, { amount: 80 });
    const noVariations = await catalog.update(p, service.calendar.id, { variations: [] });
    assert.deepEqual(noVariations.variations, []);
    assert.equal(noVariations.defaultDurationMin, 60);
  });

  it('refuses bad input and changes nothing', async () => {
    const calendars = await count();
    const variants = await variantCount();
    await assert.rejects(catalog.create(p, { name: 'X', slug: 'x', staffIds: [] }), ValidationError);
    await assert.rejects(catalog.create(p, { name: 'X', slug: 'Not A Slug', staffIds: [w.hosts[0]!] }), ValidationError);
    await assert.rejects(catalog.create(p, { name: 'X', slug: 'x', staffIds: [w.hosts[0]!], durationMin: 0 }), ValidationError);
    await assert.rejects(catalog.create(p, { name: 'X', slug: 'x', staffIds: [w.hosts[0]!], payment: { amount: -1 } }), ValidationError);
    await assert.rejects(catalog.create(p, { name: 'X', slug: 'x', staffIds: [w.hosts[0]!], variations: [{ name: 'ok' }, { name: 'bad', durationMin: 2.5 }] }), ValidationError);
    await assert.rejects(catalog.create(p, { name: 'X', slug: 'x', staffIds: [w.hosts[0]!, w.hosts[0]!] }), ValidationError);
    await assert.rejects(catalog.create(p, { name: 'X', slug: 'x', staffIds: ['AAAAAAAAAAAAAAAAAAAA'] }), (e: unknown) => e instanceof NotFoundError && e.entity === 'User');
    await assert.rejects(catalog.create(p, { name: 'X', slug: 'x', staffIds: [w.hosts[0]!], categoryId: 'AAAAAAAAAAAAAAAAAAAA' }), (e: unknown) => e instanceof NotFoundError && e.entity === 'Calendar group');
    await assert.rejects(catalog.create(p, { name: 'X', slug: 'intro-call', staffIds: [w.hosts[0]!] }), ConflictError, 'calendar slugs are shared');
    const service = await catalog.create(p, { name: 'Nails', slug: 'nails', staffIds: [w.hosts[0]!], variations: [{ name: 'One', durationMin: 20 }] });
    const before = await catalog.get(p, service.calendar.id);
    await assert.rejects(catalog.update(p, service.calendar.id, { name: 'Renamed', variations: [{ id: 'AAAAAAAAAAAAAAAAAAAA', name: 'x' }] }), ValidationError);
    await assert.rejects(catalog.update(p, service.calendar.id, { name: 'Renamed', staffIds: [w.hosts[1]!], variations: [{ durationMin: 10 }] }), ValidationError, 'a new variation needs a name');
    assert.deepEqual(await catalog.get(p, service.calendar.id), before);
    assert.equal(await count(), calendars + 1);
    assert.equal(await variantCount(), variants + 2);
  });

  it('deletes softly; an ordinary calendar is not a service', async () => {
    const service = await catalog.create(p, { name: 'Wax', slug: 'wax', staffIds: [w.hosts[0]!] });
    await catalog.delete(p, service.calendar.id);
    await assert.rejects(catalog.get(p, service.calendar.id), NotFoundError);
    assert.ok(!(await catalog.list(p)).some((s) => s.calendar.id === service.calendar.id));
    await assert.rejects(catalog.get(p, w.t.demo.calendar.id), (e: unknown) => e instanceof NotFoundError && e.entity === 'Service');
    // The slug is free again.
    await catalog.create(p, { name: 'Wax', slug: 'wax', staffIds: [w.hosts[0]!] });
  });
});
