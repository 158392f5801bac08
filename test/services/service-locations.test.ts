import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConflictError, NotFoundError, ValidationError } from '../../src/services/errors.ts';
import { serviceLocationFor } from '../../src/services/service-locations.ts';
import { serviceWorld, type ServiceWorld } from './bookings/service-world.ts';

describe('service locations: where a location gives its services', () => {
  let w: ServiceWorld;
  before(async () => {
    w = await serviceWorld();
  });
  after(() => w.close());

  it('creates, lists, reads, updates and deletes; the oldest active one is the default', async () => {
    const locations = w.t.app.services.serviceLocations;
    const scope = { organizationPk: w.lp.organizationPk, locationPk: w.lp.locationPk };
    assert.equal(await serviceLocationFor(w.t.app.store.db, scope, undefined), null, 'no service location: none');
    const salon = await locations.create(w.lp, { name: 'Salon', slug: 'salon', address: '1 Main St', phone: '+1 555 0100' });
    const home = await locations.create(w.lp, { name: 'At home', slug: 'at-home', type: 'ask_booker', address: 'Your address' });
    assert.deepEqual([salon.type, salon.active, salon.private, salon.phone], ['offline', true, false, '+1 555 0100']);
    assert.deepEqual((await locations.list(w.lp)).map((l) => l.id), [salon.id, home.id]);
    assert.equal((await serviceLocationFor(w.t.app.store.db, scope, undefined))?.id, salon.id);
    const moved = await locations.update(w.lp, salon.id, { address: '2 Main St', coverImage: 'https://example.com/s.png' });
    assert.deepEqual([moved.name, moved.address, moved.coverImage], ['Salon', '2 Main St', 'https://example.com/s.png']);
    await assert.rejects(locations.create(w.lp, { name: 'Dup', slug: 'salon' }), ConflictError);
    await assert.rejects(locations.update(w.lp, home.id, { slug: 'salon' }), ConflictError);
    await assert.rejects(locations.create(w.lp, { name: ' ', slug: 'blank' }), ValidationError);
    await assert.rejects(locations.create(w.lp, { name: 'Bad slug', slug: 'Bad Slug' }), ValidationError);
    await locations.delete(w.lp, salon.id);
    await assert.rejects(locations.get(w.lp, salon.id), NotFoundError);
    assert.deepEqual((await locations.list(w.lp)).map((l) => l.id), [home.id]);
    assert.equal((await serviceLocationFor(w.t.app.store.db, scope, undefined))?.id, home.id);
    // The slug of a deleted one can be used again.
    await locations.create(w.lp, { name: 'Salon', slug: 'salon' });
  });
});
