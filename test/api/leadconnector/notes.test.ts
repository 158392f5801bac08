import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SPEC_TESTS, startLcServer, type LcServer } from '../../helpers/leadconnector.ts';

describe('LeadConnector dialect: appointment notes', SPEC_TESTS, () => {
  let t: LcServer;
  let appointment: string;
  before(async () => {
    t = await startLcServer();
    const booking = await t.request('POST', '/v1/bookings', { body: { calendarId: t.demo.calendar.id, start: '2026-06-02T09:00:00-04:00', contactId: t.demo.contact.id } });
    appointment = booking.body.id;
  });
  after(() => t.close());

  it('adds, lists with limit/offset/hasMore, edits and deletes notes', async () => {
    const created = await t.checked('POST', `/calendars/appointments/${appointment}/notes`, { body: { body: 'First', userId: t.demo.host.id } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual(created.problems, []);
    assert.equal(created.body.note.contactId, t.demo.contact.id);
    assert.equal(created.body.note.userId, t.demo.host.id);
    for (const body of ['Second', 'Third']) await t.lc('POST', `/calendars/appointments/${appointment}/notes`, { body: { body } });

    const page = await t.checked('GET', `/calendars/appointments/${appointment}/notes?limit=2&offset=0`);
    assert.equal(page.status, 200);
    assert.deepEqual(page.problems, []);
    assert.deepEqual(page.body.notes.map((n: { body: string }) => n.body), ['Third', 'Second']);
    assert.equal(page.body.hasMore, true);
    const last = await t.lc('GET', `/calendars/appointments/${appointment}/notes?limit=2&offset=2`);
    assert.deepEqual(last.body.notes.map((n: { body: string }) => n.body), ['First']);
    assert.equal(last.body.hasMore, false);

    const edited = await t.checked('PUT', `/calendars/appointments/${appointment}/notes/${created.body.note.id}`, { body: { body: 'Edited' } });
    assert.equal(edited.status, 200);
    assert.deepEqual(edited.problems, []);
    assert.equal(edited.body.note.body, 'Edited');

    const deleted = await t.checked('DELETE', `/calendars/appointments/${appointment}/notes/${created.body.note.id}`);
    assert.deepEqual(deleted.body, { success: true });
    assert.deepEqual(deleted.problems, []);
    assert.equal((await t.lc('GET', `/calendars/appointments/${appointment}/notes?limit=20&offset=0`)).body.notes.length, 2);
  });

  it('refuses bad input with 400 and another location’s appointment with 403', async () => {
    const tooLong = await t.checked('POST', `/calendars/appointments/${appointment}/notes`, { body: { body: 'x'.repeat(5001) } });
    assert.equal(tooLong.status, 400);
    assert.deepEqual(tooLong.problems, []);
    const noLimit = await t.checked('GET', `/calendars/appointments/${appointment}/notes?offset=0`);
    assert.equal(noLimit.status, 400);
    const bigLimit = await t.lc('GET', `/calendars/appointments/${appointment}/notes?limit=50&offset=0`);
    assert.equal(bigLimit.status, 400);
    const unknown = await t.checked('GET', '/calendars/appointments/AAAAAAAAAAAAAAAAAAAA/notes?limit=5&offset=0');
    assert.equal(unknown.status, 400);
    const other = await t.request('POST', '/v1/locations', { body: { name: 'Elsewhere', timeZone: 'UTC' } });
    const key = (await t.request('POST', '/v1/api-keys', { body: { name: 'b', scopes: ['calendars/events.readonly', 'calendars/events.write'], locationId: other.body.id } })).body.secret;
    assert.equal((await t.lc('GET', `/calendars/appointments/${appointment}/notes?limit=5&offset=0`, { key })).status, 403);
    assert.equal((await t.lc('POST', `/calendars/appointments/${appointment}/notes`, { key, body: { body: 'x' } })).status, 403);
    const theirUser = await t.request('POST', '/v1/users', { body: { locationId: other.body.id, firstName: 'Note', lastName: 'Taker', email: 'note-taker@example.com' } });
    assert.equal((await t.lc('POST', `/calendars/appointments/${appointment}/notes`, { body: { body: 'x', userId: theirUser.body.id } })).status, 403, 'another location’s user in the body');
  });
});
