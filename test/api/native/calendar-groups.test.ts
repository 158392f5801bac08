import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SCOPES } from '../../../src/services/scopes.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';

type Detail = { field: string; message: string };
const names = (body: { error: { details: Detail[] } }) => body.error.details.map((d) => d.field);

describe('native API: calendar groups', () => {
  let t: TestServer;
  let loc: string;
  let host: string;
  let other: string;
  let otherHost: string;
  /** A key bound to the demo location with every scope. */
  let keyA: string;

  const total = async (query = '') => (await t.request('GET', `/v1/calendar-groups?limit=100${query}`)).body.pagination.total as number;
  const createGroup = async (body: Record<string, unknown>, key?: string) => {
    const res = await t.request('POST', '/v1/calendar-groups', { body: { locationId: loc, ...body }, key });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  };

  before(async () => {
    t = await startTestServer();
    loc = t.demo.location.id;
    host = t.demo.host.id;
    other = (await t.request('POST', '/v1/locations', { body: { name: 'Other', timeZone: 'UTC' } })).body.id;
    otherHost = (await t.request('POST', '/v1/users', { body: { locationId: other, firstName: 'O', lastName: 'U', email: 'o@example.com' } })).body.id;
    keyA = (await t.request('POST', '/v1/api-keys', { body: { name: 'A', scopes: [...SCOPES], locationId: loc } })).body.secret;
  });
  after(() => t.close());

  it('creates a group with defaults and a slug made from its name', async () => {
    const res = await t.request('POST', '/v1/calendar-groups', { body: { locationId: loc, name: '  Sales Team — Zürich ' } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const g = res.body;
    assert.match(g.id, /^[A-Za-z0-9_-]{20}$/);
    assert.deepEqual(
      { ...g, id: undefined, createdAt: undefined, updatedAt: undefined },
      { id: undefined, locationId: loc, name: 'Sales Team — Zürich', description: null, slug: 'sales-team-zurich', active: true, position: 0, createdAt: undefined, updatedAt: undefined },
    );
    assert.equal(g.createdAt, '2026-06-01T12:00:00.000Z');
    assert.equal(g.updatedAt, g.createdAt);
    assert.deepEqual((await t.request('GET', `/v1/calendar-groups/${g.id}`)).body, g);

    assert.equal((await createGroup({ name: 'Sales team zurich' })).slug, 'sales-team-zurich-2');
    assert.equal((await createGroup({ name: 'sales  team  ZURICH' })).slug, 'sales-team-zurich-3');
    assert.equal((await createGroup({ name: '!!!' })).slug, 'group', 'a name without letters or digits still gets a slug');
    const long = await createGroup({ name: 'Ab '.repeat(60) });
    assert.match(long.slug, /^ab(-ab)+$/, 'cut to length without a trailing hyphen');
    assert.equal((await createGroup({ name: 'Ab '.repeat(60) })).slug, `${long.slug}-2`);
  });

  it('concurrent creates with one name all succeed with distinct generated slugs', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () => t.request('POST', '/v1/calendar-groups', { body: { locationId: loc, name: 'Rush Hour' } })),
    );
    assert.deepEqual(results.map((r) => r.status), Array(8).fill(201), JSON.stringify(results.map((r) => r.body)));
    const slugs = results.map((r) => r.body.slug as string).sort();
    assert.deepEqual(slugs, ['rush-hour', ...Array.from({ length: 7 }, (_, i) => `rush-hour-${i + 2}`)].sort());
  });

  it('a location key creates in its own location without naming it; an organization key must name one', async () => {
    const own = await t.request('POST', '/v1/calendar-groups', { key: keyA, body: { name: 'Own' } });
    assert.equal(own.status, 201);
    assert.equal(own.body.locationId, loc);
    const before = await total();
    const orgWide = await t.request('POST', '/v1/calendar-groups', { body: { name: 'Nowhere' } });
    assert.equal(orgWide.status, 422);
    assert.deepEqual(names(orgWide.body), ['locationId']);
    assert.equal(await total(), before);
  });

  it('stores explicit fields and answers 409 naming slug for a slug the location already uses', async () => {
    const g = await createGroup({ name: 'Support', description: 'Help desk', slug: 'support-desk', active: false, position: 7 });
    assert.equal(g.description, 'Help desk');
    assert.equal(g.slug, 'support-desk');
    assert.equal(g.active, false);
    assert.equal(g.position, 7);

    const before = await total();
    const dup = await t.request('POST', '/v1/calendar-groups', { body: { locationId: loc, name: 'Other support', slug: 'support-desk' } });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.error.code, 'conflict');
    assert.deepEqual(names(dup.body), ['slug']);
    assert.equal(await total(), before);

    // Slugs are unique per location: another location may use the same one.
    const elsewhere = await t.request('POST', '/v1/calendar-groups', { body: { locationId: other, name: 'Support', slug: 'support-desk' } });
    assert.equal(elsewhere.status, 201);
    // Group slugs and calendar slugs are separate namespaces.
    const calendar = await t.request('POST', '/v1/calendars', { body: { locationId: loc, name: 'Desk', slug: 'support-desk', kind: 'event' } });
    assert.equal(calendar.status, 201, JSON.stringify(calendar.body));
  });

  it('rejects bad input with 400/422 naming the field, writing nothing', async () => {
    const before = await total();
    const invalid: Array<[Record<string, unknown>, string]> = [
      [{ name: 'Slug', slug: 'Not A Slug' }, 'slug'],
      [{ name: 'Slug', slug: 'double--hyphen' }, 'slug'],
      [{ name: 'Slug', slug: '-leading' }, 'slug'],
      [{ name: 'Slug', slug: 'a'.repeat(101) }, 'slug'],
      [{ name: '   ' }, 'name'],
    ];
    for (const [body, field] of invalid) {
      const res = await t.request('POST', '/v1/calendar-groups', { body: { locationId: loc, ...body } });
      assert.equal(res.status, 422, `${JSON.stringify(body)} → ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.code, 'validation_failed');
      assert.deepEqual(names(res.body), [field]);
    }
    const malformed: Array<[Record<string, unknown>, string]> = [
      [{}, 'name'],
      [{ name: 42 }, 'name'],
      [{ name: 'x'.repeat(201) }, 'name'],
      [{ name: 'Slug', slug: '' }, 'slug'],
      [{ name: 'Active', active: 'yes' }, 'active'],
      [{ name: 'Position', position: -1 }, 'position'],
      [{ name: 'Position', position: 1.5 }, 'position'],
      [{ name: 'Description', description: 5 }, 'description'],
      [{ name: 'Unknown', isActive: true }, 'isActive'],
    ];
    for (const [body, field] of malformed) {
      const res = await t.request('POST', '/v1/calendar-groups', { body: { locationId: loc, ...body } });
      assert.equal(res.status, 400, `${JSON.stringify(body)} → ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.code, 'invalid_request');
      assert.ok(names(res.body).includes(field), `${JSON.stringify(res.body)} names ${field}`);
    }
    const json = await t.request('POST', '/v1/calendar-groups', { body: '{"name": ' });
    assert.equal(json.status, 400);
    assert.equal(await total(), before);
  });

  it('lists with q, active, locationId and pagination in a stable order (position, then creation)', async () => {
    const fresh = (await t.request('POST', '/v1/locations', { body: { name: 'Listing', timeZone: 'UTC' } })).body.id;
    const make = async (body: Record<string, unknown>) =>
      (await t.request('POST', '/v1/calendar-groups', { body: { locationId: fresh, ...body } })).body.id as string;
    const a = await make({ name: 'Alpha', position: 2 });
    const b = await make({ name: 'Bravo 100%', description: 'second' });
    const c = await make({ name: 'Charlie', active: false, position: 1 });
    const d = await make({ name: 'Delta', description: 'Has ALPHA inside' });
    const e = await make({ name: 'Echo', position: 2 });

    const all = await t.request('GET', `/v1/calendar-groups?locationId=${fresh}`);
    assert.equal(all.status, 200);
    assert.deepEqual(all.body.data.map((g: { id: string }) => g.id), [b, d, c, a, e]);
    assert.deepEqual(all.body.pagination, { total: 5, limit: 20, offset: 0 });

    const pages: string[] = [];
    for (let offset = 0; offset < 5; offset += 2) {
      const page = await t.request('GET', `/v1/calendar-groups?locationId=${fresh}&limit=2&offset=${offset}`);
      assert.equal(page.body.pagination.total, 5);
      pages.push(...page.body.data.map((g: { id: string }) => g.id));
    }
    assert.deepEqual(pages, [b, d, c, a, e]);

    const ids = async (query: string) =>
      (await t.request('GET', `/v1/calendar-groups?locationId=${fresh}&${query}`)).body.data.map((g: { id: string }) => g.id);
    assert.deepEqual(await ids('q=alpha'), [d, a], 'q searches name, slug and description case-insensitively');
    assert.deepEqual(await ids('q=100%25'), [b]);
    assert.deepEqual(await ids('q=%25'), [b], '% is taken literally');
    assert.deepEqual(await ids('q=charlie'), [c]);
    assert.deepEqual(await ids('active=false'), [c]);
    assert.deepEqual(await ids('active=true&q=e'), [b, d, e]);

    const spanning = await t.request('GET', '/v1/calendar-groups?limit=100');
    assert.ok(spanning.body.data.some((g: { locationId: string }) => g.locationId === other), 'an organization key lists every location');
    for (const query of ['limit=0', 'limit=101', 'offset=-1', 'active=maybe', 'wibble=1']) {
      const res = await t.request('GET', `/v1/calendar-groups?${query}`);
      assert.equal(res.status, 400, query);
    }
  });

  it('patches only the fields sent: rename keeps the slug, slug changes are checked, active disables and enables', async () => {
    const g = await createGroup({ name: 'Patchable', description: 'before', position: 3 });
    const taken = await createGroup({ name: 'Taken slug', slug: 'taken-slug' });

    const renamed = await t.request('PATCH', `/v1/calendar-groups/${g.id}`, { body: { name: 'Renamed' } });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    assert.deepEqual({ ...renamed.body, name: undefined }, { ...g, name: undefined });
    assert.equal(renamed.body.name, 'Renamed');
    assert.equal(renamed.body.slug, 'patchable');

    const disabled = await t.request('PATCH', `/v1/calendar-groups/${g.id}`, { body: { active: false } });
    assert.equal(disabled.body.active, false);
    assert.equal((await t.request('GET', `/v1/calendar-groups/${g.id}`)).body.active, false);
    const enabled = await t.request('PATCH', `/v1/calendar-groups/${g.id}`, { body: { active: true, description: null, slug: 'patched-slug', position: 0 } });
    assert.equal(enabled.status, 200);
    assert.equal(enabled.body.active, true);
    assert.equal(enabled.body.description, null);
    assert.equal(enabled.body.slug, 'patched-slug');
    assert.equal(enabled.body.position, 0);
    assert.equal((await t.request('PATCH', `/v1/calendar-groups/${g.id}`, { body: { slug: 'patched-slug' } })).status, 200, 'keeping its own slug is fine');

    const failures: Array<[unknown, number, string]> = [
      [{ slug: 'taken-slug' }, 409, 'slug'],
      [{ slug: 'Bad Slug' }, 422, 'slug'],
      [{ name: '' }, 400, 'name'],
      [{ name: '  ' }, 422, 'name'],
      [{ active: null }, 400, 'active'],
      [{ locationId: other }, 400, 'locationId'],
      [{ name: 'Both', slug: 'taken-slug' }, 409, 'slug'],
    ];
    for (const [body, status, field] of failures) {
      const res = await t.request('PATCH', `/v1/calendar-groups/${g.id}`, { body });
      assert.equal(res.status, status, `${JSON.stringify(body)} → ${JSON.stringify(res.body)}`);
      assert.ok(names(res.body).includes(field), `${JSON.stringify(res.body)} names ${field}`);
    }
    const after = (await t.request('GET', `/v1/calendar-groups/${g.id}`)).body;
    assert.equal(after.name, 'Renamed', 'a failed patch changes nothing');
    assert.equal(after.slug, 'patched-slug');
    assert.equal((await t.request('GET', `/v1/calendar-groups/${taken.id}`)).body.slug, 'taken-slug');

    for (const method of ['GET', 'PATCH', 'DELETE']) {
      const res = await t.request(method, '/v1/calendar-groups/AAAAAAAAAAAAAAAAAAAA', { body: method === 'PATCH' ? { name: 'x' } : undefined });
      assert.equal(res.status, 404, method);
      assert.equal(res.body.error.code, 'not_found');
    }
  });

  it('deleting a group keeps its calendars, detached', async () => {
    const g = await createGroup({ name: 'Doomed', slug: 'doomed' });
    const keep = await createGroup({ name: 'Survivor' });
    const inGroup = await t.request('POST', '/v1/calendars', { body: { locationId: loc, name: 'Grouped', kind: 'personal', hosts: [{ userId: host }], groupId: g.id } });
    assert.equal(inGroup.status, 201, JSON.stringify(inGroup.body));
    assert.equal(inGroup.body.groupId, g.id);
    const inOther = await t.request('POST', '/v1/calendars', { body: { locationId: loc, name: 'Kept', kind: 'event', groupId: keep.id } });
    const listed = await t.request('GET', `/v1/calendars?groupId=${g.id}`);
    assert.deepEqual(listed.body.data.map((c: { id: string }) => c.id), [inGroup.body.id]);

    const removed = await t.request('DELETE', `/v1/calendar-groups/${g.id}`);
    assert.equal(removed.status, 204);
    assert.equal(removed.body, null);
    assert.equal((await t.request('GET', `/v1/calendar-groups/${g.id}`)).status, 404);
    assert.equal((await t.request('DELETE', `/v1/calendar-groups/${g.id}`)).status, 404);
    assert.equal((await t.request('GET', `/v1/calendars?groupId=${g.id}`)).status, 404, 'the group is gone');

    const calendar = await t.request('GET', `/v1/calendars/${inGroup.body.id}`);
    assert.equal(calendar.status, 200);
    assert.equal(calendar.body.groupId, null);
    assert.deepEqual({ ...calendar.body, groupId: undefined }, { ...inGroup.body, groupId: undefined }, 'nothing else changes');
    assert.equal((await t.request('GET', `/v1/calendars/${inOther.body.id}`)).body.groupId, keep.id, 'other groups keep their calendars');

    const check = await t.request('POST', '/v1/calendar-groups/validate-slug', { body: { locationId: loc, slug: 'doomed' } });
    assert.deepEqual(check.body, { available: true }, 'the slug is free again');
  });

  it('validate-slug answers whether a slug is free in the location', async () => {
    await createGroup({ name: 'Checked', slug: 'checked' });
    const check = async (body: unknown, key?: string) => t.request('POST', '/v1/calendar-groups/validate-slug', { body, key });

    const cases: Array<[string, boolean]> = [
      ['checked', false],
      ['unchecked', true],
      ['checked-2', true],
      ['Checked', false],
      ['not a slug', false],
      ['a--b', false],
      ['', false],
      ['a'.repeat(101), false],
      ['a'.repeat(100), true],
    ];
    for (const [slug, available] of cases) {
      const res = await check({ locationId: loc, slug });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(res.body, { available }, slug);
    }
    assert.deepEqual((await check({ slug: 'checked' }, keyA)).body, { available: false }, 'a location key checks its own location');
    assert.deepEqual((await check({ locationId: other, slug: 'checked' })).body, { available: true }, 'per location');

    const noLocation = await check({ slug: 'checked' });
    assert.equal(noLocation.status, 422);
    assert.deepEqual(names(noLocation.body), ['locationId']);
    assert.equal((await check({ locationId: other, slug: 'checked' }, keyA)).status, 404, 'another location is not found');
    assert.equal((await check({ locationId: 'AAAAAAAAAAAAAAAAAAAA', slug: 'checked' })).status, 404);
    for (const [body, field] of [[{ locationId: loc }, 'slug'], [{ locationId: loc, slug: 7 }, 'slug'], [{ locationId: loc, slug: 'x', id: 'y' }, 'id']] as const) {
      const res = await check(body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.deepEqual(names(res.body), [field]);
    }
  });

  it('keeps groups inside their tenant', async () => {
    const foreign = (await t.request('POST', '/v1/calendar-groups', { body: { locationId: other, name: 'Theirs' } })).body;
    for (const [method, body] of [['GET'], ['PATCH', { name: 'Mine' }], ['DELETE']] as Array<[string, unknown?]>) {
      const res = await t.request(method, `/v1/calendar-groups/${foreign.id}`, { key: keyA, body });
      assert.equal(res.status, 404, method);
    }
    assert.equal((await t.request('GET', `/v1/calendar-groups?locationId=${other}`, { key: keyA })).status, 404);
    const own = await t.request('GET', '/v1/calendar-groups?limit=100', { key: keyA });
    assert.ok(own.body.data.length > 0);
    assert.ok(own.body.data.every((g: { locationId: string }) => g.locationId === loc));
    const before = await total(`&locationId=${other}`);
    assert.equal((await t.request('POST', '/v1/calendar-groups', { key: keyA, body: { locationId: other, name: 'Intruder' } })).status, 404);
    assert.equal(await total(`&locationId=${other}`), before);
    const unchanged = (await t.request('GET', `/v1/calendar-groups/${foreign.id}`)).body;
    assert.equal(unchanged.name, 'Theirs');

    // A calendar cannot join another location's group: unknown here, so 422 naming groupId.
    const calendarsBefore = (await t.request('GET', '/v1/calendars?limit=100')).body.pagination.total;
    const attach = await t.request('POST', '/v1/calendars', { key: keyA, body: { name: 'Steal', kind: 'event', groupId: foreign.id } });
    assert.equal(attach.status, 422);
    assert.deepEqual(names(attach.body), ['groupId']);
    // Not even with an organization key: the group must be in the calendar's own location.
    const orgAttach = await t.request('POST', '/v1/calendars', { body: { locationId: loc, name: 'Cross', kind: 'event', groupId: foreign.id } });
    assert.equal(orgAttach.status, 422);
    assert.deepEqual(names(orgAttach.body), ['groupId']);
    assert.equal((await t.request('GET', '/v1/calendars?limit=100')).body.pagination.total, calendarsBefore);

    const mine = (await t.request('POST', '/v1/calendars', { key: keyA, body: { name: 'Mine', kind: 'event' } })).body;
    const patch = await t.request('PATCH', `/v1/calendars/${mine.id}`, { key: keyA, body: { groupId: foreign.id } });
    assert.equal(patch.status, 422);
    assert.deepEqual(names(patch.body), ['groupId']);
    assert.equal((await t.request('GET', `/v1/calendars/${mine.id}`)).body.groupId, null);
    assert.equal((await t.request('GET', `/v1/calendars?groupId=${foreign.id}`, { key: keyA })).status, 404);

    // The foreign location's own calendars can join it.
    const theirs = await t.request('POST', '/v1/calendars', {
      body: { locationId: other, name: 'Theirs', kind: 'personal', hosts: [{ userId: otherHost }], groupId: foreign.id },
    });
    assert.equal(theirs.status, 201, JSON.stringify(theirs.body));
    assert.equal(theirs.body.groupId, foreign.id);
  });

  it('enforces the calendars/groups scopes', async () => {
    const g = await createGroup({ name: 'Scoped', slug: 'scoped' });
    const issue = async (scopes: string[]) =>
      (await t.request('POST', '/v1/api-keys', { body: { name: scopes.join(' '), scopes, locationId: loc } })).body.secret as string;
    const readOnly = await issue(['calendars/groups.readonly']);
    const writeOnly = await issue(['calendars/groups.write']);
    const calendarsOnly = await issue(['calendars.readonly', 'calendars.write']);

    const reads: Array<[string, string, unknown?]> = [
      ['GET', '/v1/calendar-groups'],
      ['GET', `/v1/calendar-groups/${g.id}`],
    ];
    const writes: Array<[string, string, unknown?]> = [
      ['POST', '/v1/calendar-groups', { name: 'Scoped write' }],
      ['PATCH', `/v1/calendar-groups/${g.id}`, { description: 'changed' }],
      ['POST', '/v1/calendar-groups/validate-slug', { slug: 'scoped' }],
    ];
    for (const [method, path, body] of reads) {
      assert.equal((await t.request(method, path, { key: readOnly, body })).status, 200, `read-only ${method} ${path}`);
      assert.equal((await t.request(method, path, { key: writeOnly, body })).status, 403, `write-only ${method} ${path}`);
      assert.equal((await t.request(method, path, { key: calendarsOnly, body })).status, 403, `calendars-only ${method} ${path}`);
      assert.equal((await t.request(method, path, { key: null, body })).status, 401, `anonymous ${method} ${path}`);
    }
    const before = await total();
    for (const [method, path, body] of [...writes, ['DELETE', `/v1/calendar-groups/${g.id}`]] as Array<[string, string, unknown?]>) {
      for (const key of [readOnly, calendarsOnly]) {
        const res = await t.request(method, path, { key, body });
        assert.equal(res.status, 403, `${method} ${path}`);
        assert.match(res.body.error.message, /calendars\/groups\.write/);
      }
      assert.equal((await t.request(method, path, { key: null, body })).status, 401);
    }
    assert.equal((await t.request('POST', '/v1/calendar-groups', { key: readOnly, body: { nonsense: true } })).status, 403, 'scope before body');
    assert.equal(await total(), before);
    assert.equal((await t.request('GET', `/v1/calendar-groups/${g.id}`)).body.description, null);

    const created = await t.request('POST', '/v1/calendar-groups', { key: writeOnly, body: { name: 'By writer' } });
    assert.equal(created.status, 201);
    assert.deepEqual((await t.request('POST', '/v1/calendar-groups/validate-slug', { key: writeOnly, body: { slug: 'by-writer' } })).body, { available: false });
    assert.equal((await t.request('DELETE', `/v1/calendar-groups/${created.body.id}`, { key: writeOnly })).status, 204);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await t.request('GET', '/v1/openapi.json', { key: null })).body;
    const paths = Object.keys(doc.paths);
    for (const path of ['/v1/calendar-groups', '/v1/calendar-groups/{id}', '/v1/calendar-groups/validate-slug']) {
      assert.ok(paths.includes(path), `${path} in ${paths.join(', ')}`);
    }
  });
});
