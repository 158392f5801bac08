import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createKeyForLocation } from '../../../src/services/operator.ts';
import { SPEC_TESTS, startLcServer, type LcServer } from '../../helpers/leadconnector.ts';
import { servicesSetup, type ServicesSetup } from '../../helpers/lc-services.ts';

const v3 = { version: 'v3' };

describe('LeadConnector dialect: v3 service catalog', SPEC_TESTS, () => {
  let t: LcServer;
  let s: ServicesSetup;
  let loc: string;
  let category: string;
  before(async () => {
    t = await startLcServer();
    s = await servicesSetup(t);
    loc = t.demo.location.id;
    category = (await t.app.services.calendarGroups.create(s.admin, { locationId: loc, name: 'Hair', slug: 'hair' })).id;
  });
  after(() => t.close());

  const rows = async () => {
    const db = t.app.store.db;
    const n = async (table: 'calendars' | 'calendar_variants' | 'calendar_hosts') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    return { calendars: await n('calendars'), variants: await n('calendar_variants'), hosts: await n('calendar_hosts') };
  };

  it('creates, reads, lists, updates and deletes a service, every answer as the spec says', async () => {
    const created = await t.checked('POST', '/calendars/services/catalog', {
      ...v3,
      body: {
        locationId: loc, name: 'Haircut', slug: 'haircut', description: 'Full styling', staff: [{ id: s.staff[0] }],
        serviceDuration: 1, serviceDurationUnit: 'hours', preBuffer: 5, preBufferUnit: 'mins', postBuffer: 10,
        payment: { amount: 50, deposit: 20, depositType: 'percentage' }, isPrivate: true, eventColor: '#123456', coverImage: 'https://example.com/c.png',
        formId: 'form-1', serviceCategoryId: category, variations: [{ name: 'Short', serviceDuration: 30, payment: { amount: 35 } }],
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual(created.problems, []);
    const service = created.body.service;
    assert.deepEqual(
      { ...service, id: undefined, variations: undefined },
      {
        id: undefined, variations: undefined, locationId: loc, name: 'Haircut', description: 'Full styling', slug: 'haircut', eventColor: '#123456', coverImage: 'https://example.com/c.png',
        serviceCategoryId: category, payment: { amount: 50, deposit: 20, depositType: 'percentage' }, serviceDuration: 60, serviceDurationUnit: 'mins',
        preBuffer: 5, preBufferUnit: 'mins', postBuffer: 10, postBufferUnit: 'mins', isPrivate: true, formId: 'form-1', staff: [{ id: s.staff[0] }],
      },
    );
    const [short] = service.variations;
    assert.deepEqual({ ...short, id: undefined }, { id: undefined, name: 'Short', serviceDuration: 30, serviceDurationUnit: 'mins', payment: { amount: 35 } });

    const read = await t.checked('GET', `/calendars/services/catalog/${service.id}`, v3);
    assert.equal(read.status, 200);
    assert.deepEqual(read.problems, []);
    assert.deepEqual(read.body.service, service);

    // A service is a calendar too (HighLevel's service_booking type).
    const asCalendar = await t.checked('GET', `/calendars/${service.id}`);
    assert.equal(asCalendar.status, 200);
    assert.deepEqual(asCalendar.problems, []);
    assert.equal(asCalendar.body.calendar.calendarType, 'service_booking');

    const list = await t.checked('GET', `/calendars/services/catalog?locationId=${loc}`, v3);
    assert.equal(list.status, 200);
    assert.deepEqual(list.problems, []);
    assert.deepEqual(list.body.services.map((x: { id: string }) => x.id), [service.id]);
    assert.deepEqual((await t.checked('GET', `/calendars/services/catalog?locationId=${loc}&isPrivate=false`, v3)).body.services, []);
    assert.equal((await t.checked('GET', `/calendars/services/catalog?locationId=${loc}&serviceCategoryId=${category}`, v3)).body.services.length, 1);

    const updated = await t.checked('PUT', `/calendars/services/catalog/${service.id}`, {
      ...v3,
      body: { name: 'Cut & style', staff: [{ id: s.staff[0] }, { id: s.staff[1] }], isPrivate: false, serviceCategoryId: '', variations: [{ id: short.id, serviceDuration: 45 }, { name: 'Kids' }] },
    });
    assert.equal(updated.status, 200, JSON.stringify(updated.body));
    assert.deepEqual(updated.problems, []);
    assert.equal(updated.body.service.name, 'Cut & style');
    assert.equal(updated.body.service.serviceCategoryId, undefined);
    assert.equal(updated.body.service.formId, 'form-1');
    assert.deepEqual(updated.body.service.staff, [{ id: s.staff[0] }, { id: s.staff[1] }]);
    assert.deepEqual(updated.body.service.variations.map((v: { id: string; name: string; serviceDuration: number }) => [v.id === short.id, v.name, v.serviceDuration]), [[true, 'Short', 45], [false, 'Kids', 60]]);
    assert.equal((await t.lc('GET', `/calendars/services/catalog?locationId=${loc}&isPrivate=false`, v3)).body.services.length, 1);

    const deleted = await t.checked('DELETE', `/calendars/services/catalog/${service.id}`, v3);
    assert.equal(deleted.status, 200);
    assert.deepEqual(deleted.problems, []);
    assert.equal(deleted.body.success, true);
    const gone = await t.checked('GET', `/calendars/services/catalog/${service.id}`, v3);
    assert.equal(gone.status, 400);
    assert.deepEqual(gone.problems, []);
  });

  it('refuses bad input with 400 and writes nothing; another location’s ids answer 403; scopes are checked', async () => {
    const service = (await t.lc('POST', '/calendars/services/catalog', { ...v3, body: { locationId: loc, name: 'Beard', slug: 'beard', staff: [{ id: s.staff[0] }] } })).body.service;
    const before = await rows();
    const bad: Array<[string, unknown]> = [
      ['no staff', { locationId: loc, name: 'X', slug: 'x' }],
      ['empty staff', { locationId: loc, name: 'X', slug: 'x', staff: [] }],
      ['bad unit', { locationId: loc, name: 'X', slug: 'x', staff: [{ id: s.staff[0] }], serviceDurationUnit: 'days' }],
      ['fraction of a minute', { locationId: loc, name: 'X', slug: 'x', staff: [{ id: s.staff[0] }], serviceDuration: 0.01, serviceDurationUnit: 'hours' }],
      ['taken slug', { locationId: loc, name: 'X', slug: 'beard', staff: [{ id: s.staff[0] }] }],
      ['unknown staff', { locationId: loc, name: 'X', slug: 'x', staff: [{ id: 'AAAAAAAAAAAAAAAAAAAA' }] }],
      ['variation without name', { locationId: loc, name: 'X', slug: 'x', staff: [{ id: s.staff[0] }], variations: [{ serviceDuration: 10 }] }],
      ['negative price', { locationId: loc, name: 'X', slug: 'x', staff: [{ id: s.staff[0] }], payment: { amount: -5 } }],
      ['longer than a day', { locationId: loc, name: 'X', slug: 'x', staff: [{ id: s.staff[0] }], serviceDuration: 1e12 }],
      ['buffer longer than a day', { locationId: loc, name: 'X', slug: 'x', staff: [{ id: s.staff[0] }], preBuffer: 2000 }],
      ['variation longer than a day', { locationId: loc, name: 'X', slug: 'x', staff: [{ id: s.staff[0] }], variations: [{ name: 'Long', serviceDuration: 5000 }] }],
    ];
    for (const [label, body] of bad) {
      const res = await t.checked('POST', '/calendars/services/catalog', { ...v3, body });
      assert.equal(res.status, 400, `${label}: ${JSON.stringify(res.body)}`);
      assert.deepEqual(res.problems, [], label);
    }
    const badUpdate = await t.checked('PUT', `/calendars/services/catalog/${service.id}`, { ...v3, body: { name: 'Renamed', variations: [{ id: 'AAAAAAAAAAAAAAAAAAAA', name: 'x' }] } });
    assert.equal(badUpdate.status, 400);
    assert.deepEqual(badUpdate.problems, []);
    assert.equal((await t.lc('GET', `/calendars/services/catalog/${service.id}`, v3)).body.service.name, 'Beard');

    assert.equal((await t.lc('POST', '/calendars/services/catalog', { ...v3, body: { locationId: s.other.locationId, name: 'X', slug: 'x', staff: [{ id: s.staff[0] }] } })).status, 403);
    assert.equal((await t.lc('POST', '/calendars/services/catalog', { ...v3, body: { locationId: loc, name: 'X', slug: 'x', staff: [{ id: s.other.userId }] } })).status, 403);
    assert.equal((await t.lc('PUT', `/calendars/services/catalog/${service.id}`, { ...v3, body: { staff: [{ id: s.other.userId }] } })).status, 403);
    assert.equal((await t.lc('GET', `/calendars/services/catalog/${s.other.serviceId}`, v3)).status, 403);
    assert.equal((await t.lc('PUT', `/calendars/services/catalog/${s.other.serviceId}`, { ...v3, body: { name: 'Mine' } })).status, 403);
    assert.equal((await t.lc('DELETE', `/calendars/services/catalog/${s.other.serviceId}`, v3)).status, 403);
    assert.equal((await t.lc('GET', `/calendars/services/catalog?locationId=${s.other.locationId}`, v3)).status, 403);
    assert.deepEqual(await rows(), before);

    const readOnly = await createKeyForLocation(t.app.services.ctx, { locationId: loc, name: 'ro', scopes: ['calendars.readonly'] });
    const refused = await t.checked('POST', '/calendars/services/catalog', { ...v3, key: readOnly.secret, body: { locationId: loc, name: 'X', slug: 'x', staff: [{ id: s.staff[0] }] } });
    assert.equal(refused.status, 401);
    assert.deepEqual(refused.problems, []);
    assert.equal((await t.lc('GET', `/calendars/services/catalog?locationId=${loc}`, { ...v3, key: readOnly.secret })).status, 200);
    assert.deepEqual(await rows(), before);
  });
});
