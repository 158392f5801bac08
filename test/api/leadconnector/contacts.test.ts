import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SPEC_TESTS, startLcServer, type LcServer } from '../../helpers/leadconnector.ts';

describe('LeadConnector dialect: contacts', SPEC_TESTS, () => {
  let t: LcServer;
  let loc: string;
  before(async () => {
    t = await startLcServer();
    loc = t.demo.location.id;
  });
  after(() => t.close());

  it('creates, reads, updates and deletes a contact', async () => {
    const created = await t.checked('POST', '/contacts/', {
      body: { locationId: loc, name: 'Rosa Diaz', email: 'Rosa@Example.com', phone: '+1 555 0101', tags: ['VIP'], timezone: 'America/New_York', gender: 'female' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual(created.problems, []);
    assert.equal(created.body.contact.firstName, 'Rosa');
    assert.equal(created.body.contact.lastName, 'Diaz');
    assert.equal(created.body.contact.email, 'rosa@example.com');
    assert.deepEqual(created.body.contact.tags, ['vip']);
    const id = created.body.contact.id;

    const read = await t.checked('GET', `/contacts/${id}`);
    assert.deepEqual(read.problems, []);
    assert.equal(read.body.contact.name, 'Rosa Diaz');

    const updated = await t.checked('PUT', `/contacts/${id}`, { body: { city: 'Boston', tags: ['vip', 'returning'] } });
    assert.equal(updated.status, 200);
    assert.deepEqual(updated.problems, []);
    assert.equal(updated.body.succeded, true);
    assert.equal(updated.body.contact.city, 'Boston');

    const deleted = await t.checked('DELETE', `/contacts/${id}`);
    assert.deepEqual(deleted.body, { succeded: true });
    assert.deepEqual(deleted.problems, []);
    assert.equal((await t.lc('GET', `/contacts/${id}`)).status, 400);
  });

  it('takes every date-of-birth form the spec lists', async () => {
    const forms = ['1990/09/25', '09/25/1990', '1990-09-25', '09-25-1990', '1990.09.25', '09.25.1990', '1990_09_25', '09_25_1990', '1990-09-25T00:00:00.000Z'];
    for (const [i, dateOfBirth] of forms.entries()) {
      const res = await t.checked('POST', '/contacts/', { body: { locationId: loc, firstName: `Born${i}`, dateOfBirth } });
      assert.equal(res.status, 201, `${dateOfBirth}: ${JSON.stringify(res.body)}`);
      assert.deepEqual(res.problems, []);
      const read = await t.lc('GET', `/contacts/${res.body.contact.id}`);
      assert.match(String(read.body.contact.dateOfBirth), /^1990-09-25/, dateOfBirth);
    }
    const bad = await t.checked('POST', '/contacts/', { body: { locationId: loc, firstName: 'Unborn', dateOfBirth: '25th of September' } });
    assert.equal(bad.status, 422, JSON.stringify(bad.body));
    assert.deepEqual(bad.problems, []);
  });

  it('upserts by e-mail, then by phone', async () => {
    const first = await t.checked('POST', '/contacts/upsert', { body: { locationId: loc, firstName: 'Up', email: 'up@example.com' } });
    assert.equal(first.status, 200);
    assert.deepEqual(first.problems, []);
    assert.equal(first.body.new, true);
    const again = await t.checked('POST', '/contacts/upsert', { body: { locationId: loc, lastName: 'Serted', email: 'UP@example.com' } });
    assert.equal(again.body.new, false);
    assert.equal(again.body.contact.id, first.body.contact.id);
    assert.equal(again.body.contact.lastName, 'Serted');
    const byPhone = await t.lc('POST', '/contacts/upsert', { body: { locationId: loc, firstName: 'Ph', phone: '+44 20 7946 0001' } });
    const samePhone = await t.lc('POST', '/contacts/upsert', { body: { locationId: loc, city: 'London', phone: '+44 20 7946 0001' } });
    assert.equal(samePhone.body.contact.id, byPhone.body.contact.id);
    assert.equal(samePhone.body.new, false);
  });

  it('lists with a cursor and searches with basic filters', async () => {
    for (const n of [1, 2, 3]) await t.lc('POST', '/contacts/', { body: { locationId: loc, firstName: `Page${n}`, email: `page${n}@example.com`, source: 'web' } });
    const first = await t.checked('GET', `/contacts/?locationId=${loc}&limit=2&query=page`);
    assert.equal(first.status, 200);
    assert.deepEqual(first.problems, []);
    assert.deepEqual(first.body.contacts.map((c: { firstName: string }) => c.firstName), ['Page1', 'Page2']);
    const next = await t.lc('GET', `/contacts/?locationId=${loc}&limit=2&query=page&startAfter=${first.body.meta.startAfter}&startAfterId=${first.body.meta.startAfterId}`);
    assert.deepEqual(next.body.contacts.map((c: { firstName: string }) => c.firstName), ['Page3']);
    assert.deepEqual([first.body.meta.total, next.body.meta.total, next.body.count], [3, 3, 3], 'the total counts every match, not what is left');
    const byIdOnly = await t.lc('GET', `/contacts/?locationId=${loc}&limit=2&query=page&startAfterId=${first.body.meta.startAfterId}`);
    assert.deepEqual(byIdOnly.body.contacts.map((c: { firstName: string }) => c.firstName), ['Page3'], 'the id alone is a cursor');
    assert.equal((await t.lc('GET', `/contacts/?locationId=${loc}&startAfterId=AAAAAAAAAAAAAAAAAAAA`)).status, 400, 'an unknown cursor is not page one');

    const search = await t.checked('POST', '/contacts/search', {
      body: { locationId: loc, pageLimit: 10, filters: [{ field: 'email', operator: 'eq', value: 'PAGE2@example.com' }] },
    });
    assert.equal(search.status, 200);
    assert.deepEqual(search.problems, []);
    assert.equal(search.body.total, 1);
    assert.equal(search.body.contacts[0].firstName, 'Page2');
    const bySource = await t.lc('POST', '/contacts/search', { body: { locationId: loc, filters: [{ field: 'source', operator: 'eq', value: 'web' }] } });
    assert.equal(bySource.body.total, 3);
    const byTag = await t.lc('POST', '/contacts/search', { body: { locationId: loc, filters: [{ field: 'tags', operator: 'contains', value: 'demo' }] } });
    assert.deepEqual(byTag.body.contacts.map((c: { id: string }) => c.id), [t.demo.contact.id]);
    const bad = await t.checked('POST', '/contacts/search', { body: { locationId: loc, filters: [{ field: 'shoeSize', operator: 'eq', value: '9' }] } });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.problems, []);
  });

  it('lists a contact’s appointments', async () => {
    const booking = await t.request('POST', '/v1/bookings', { body: { calendarId: t.demo.calendar.id, start: '2026-06-02T09:00:00-04:00', contactId: t.demo.contact.id } });
    assert.equal(booking.status, 201);
    const res = await t.checked('GET', `/contacts/${t.demo.contact.id}/appointments`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.problems, []);
    assert.equal(res.body.events.length, 1);
    assert.equal(res.body.events[0].appointmentStatus, 'confirmed');
    assert.equal(res.body.events[0].assignedUserId, t.demo.host.id);
    assert.equal(res.body.events[0].startTime, '2026-06-02T13:00:00.000Z');
  });

  it('refuses bad bodies in HighLevel’s 422 format, other locations with 403, and writes nothing', async () => {
    const before = (await t.lc('GET', `/contacts/?locationId=${loc}&limit=100`)).body.count;
    const missing = await t.checked('POST', '/contacts/', { body: { firstName: 'No location' } });
    assert.equal(missing.status, 422);
    assert.deepEqual(missing.problems, []);
    assert.deepEqual(missing.body.message, ['locationId should not be empty']);
    const wrong = await t.checked('POST', '/contacts/', { body: { locationId: loc, tags: 'vip' } });
    assert.equal(wrong.status, 422);
    assert.deepEqual(wrong.body.message, ['tags must be an array']);
    const badEmail = await t.checked('POST', '/contacts/', { body: { locationId: loc, email: 'not-an-email' } });
    assert.equal(badEmail.status, 422);
    assert.deepEqual(badEmail.problems, []);
    const other = await t.request('POST', '/v1/locations', { body: { name: 'Elsewhere', timeZone: 'UTC' } });
    assert.equal((await t.lc('POST', '/contacts/', { body: { locationId: other.body.id, firstName: 'X' } })).status, 403);
    const theirs = await t.request('POST', '/v1/contacts', { body: { locationId: other.body.id, firstName: 'Theirs' } });
    for (const [method, path] of [['GET', `/contacts/${theirs.body.id}`], ['PUT', `/contacts/${theirs.body.id}`], ['DELETE', `/contacts/${theirs.body.id}`], ['GET', `/contacts/${theirs.body.id}/appointments`]]) {
      const res = await t.lc(method!, path!, { body: method === 'PUT' ? { city: 'X' } : undefined });
      assert.equal(res.status, 403, `${method} ${path}`);
    }
    assert.equal((await t.lc('GET', `/contacts/?locationId=${loc}&limit=100`)).body.count, before);
  });
});
