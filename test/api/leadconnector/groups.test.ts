import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SPEC_TESTS, startLcServer, type LcServer } from '../../helpers/leadconnector.ts';

describe('LeadConnector dialect: calendar groups', SPEC_TESTS, () => {
  let t: LcServer;
  let loc: string;
  before(async () => {
    t = await startLcServer();
    loc = t.demo.location.id;
  });
  after(() => t.close());

  it('creates, lists, edits, disables and deletes a group', async () => {
    const created = await t.checked('POST', '/calendars/groups', { body: { locationId: loc, name: 'Consults', description: 'All consults', slug: 'consults' } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual(created.problems, []);
    assert.equal(created.body.group.isActive, true);
    const id = created.body.group.id;

    const list = await t.checked('GET', `/calendars/groups?locationId=${loc}`);
    assert.deepEqual(list.problems, []);
    assert.deepEqual(list.body.groups.map((g: { id: string }) => g.id), [id]);

    const edited = await t.checked('PUT', `/calendars/groups/${id}`, { body: { name: 'Consultations', description: '', slug: 'consultations' } });
    assert.equal(edited.status, 200);
    assert.deepEqual(edited.problems, []);
    assert.equal(edited.body.group.slug, 'consultations');

    const disabled = await t.checked('PUT', `/calendars/groups/${id}/status`, { body: { isActive: false } });
    assert.deepEqual(disabled.body, { success: true });
    assert.deepEqual(disabled.problems, []);
    assert.equal((await t.lc('GET', `/calendars/groups?locationId=${loc}`)).body.groups[0].isActive, false);

    const slug = await t.checked('POST', '/calendars/groups/validate-slug', { body: { locationId: loc, slug: 'consultations' } });
    assert.deepEqual(slug.body, { available: false });
    assert.deepEqual(slug.problems, []);
    assert.deepEqual((await t.lc('POST', '/calendars/groups/validate-slug', { body: { locationId: loc, slug: 'fresh-slug' } })).body, { available: true });

    const deleted = await t.checked('DELETE', `/calendars/groups/${id}`);
    assert.deepEqual(deleted.body, { success: true });
    assert.deepEqual(deleted.problems, []);
    assert.deepEqual((await t.lc('GET', `/calendars/groups?locationId=${loc}`)).body.groups, []);
  });

  it('refuses bad bodies with 400 in HighLevel’s format, duplicate slugs, and other locations', async () => {
    const missing = await t.checked('POST', '/calendars/groups', { body: { locationId: loc, name: 'No slug', description: '' } });
    assert.equal(missing.status, 400);
    assert.deepEqual(missing.problems, []);
    assert.deepEqual(missing.body, { statusCode: 400, message: 'slug should not be empty' });
    const badSlug = await t.checked('POST', '/calendars/groups', { body: { locationId: loc, name: 'Bad', description: '', slug: 'Not A Slug' } });
    assert.equal(badSlug.status, 400);
    await t.lc('POST', '/calendars/groups', { body: { locationId: loc, name: 'One', description: '', slug: 'taken' } });
    const duplicate = await t.checked('POST', '/calendars/groups', { body: { locationId: loc, name: 'Two', description: '', slug: 'taken' } });
    assert.equal(duplicate.status, 400);
    assert.deepEqual(duplicate.problems, []);
    const other = await t.request('POST', '/v1/locations', { body: { name: 'Elsewhere', timeZone: 'UTC' } });
    assert.equal((await t.lc('POST', '/calendars/groups', { body: { locationId: other.body.id, name: 'X', description: '', slug: 'x' } })).status, 403);
    assert.equal((await t.lc('GET', `/calendars/groups?locationId=${other.body.id}`)).status, 403);
    const foreign = await t.request('POST', '/v1/calendar-groups', { body: { locationId: other.body.id, name: 'Theirs' } });
    assert.equal((await t.lc('DELETE', `/calendars/groups/${foreign.body.id}`)).status, 403);
    assert.equal((await t.lc('GET', `/calendars/groups?locationId=${loc}`)).body.groups.length, 1);
  });
});
